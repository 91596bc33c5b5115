"""Burt's constraint, effective size and efficiency: hand cases and networkx cross-checks."""

from __future__ import annotations

import importlib

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.graph import NetworkView
from tramas.metrics import constraint, effective_size, efficiency, structural_holes

# the function of the same name shadows the module on the package
sh_module = importlib.import_module("tramas.metrics.structural_holes")


def random_graph(directed: bool, weighted: bool, n: int = 30, p: float = 0.12, seed: int = 5):
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda i: f"v{i:02d}")
    G.add_node("isolate")
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.integers(1, 4)) if weighted else 1.0
    edges = [(u, v, d["weight"]) if weighted else (u, v) for u, v, d in G.edges(data=True)]
    return G, NetworkView.from_edges(edges, directed=directed, actors=list(G.nodes))


def compare(series: pd.Series, reference: dict):
    ref = pd.Series(reference).reindex(series.index).astype(float)
    has = ref.notna()
    np.testing.assert_allclose(series[has].to_numpy(float), ref[has].to_numpy(float), atol=1e-9)
    return has


def test_hand_computed_triad_and_star():
    # star: ego with 3 unconnected contacts -> p = 1/3 each, constraint 3 * (1/3)^2
    star = NetworkView.from_edges([("e", x) for x in "abc"], directed=False)
    assert constraint(star)["e"] == pytest.approx(1 / 3)
    assert effective_size(star)["e"] == pytest.approx(3.0)
    assert efficiency(star)["e"] == pytest.approx(1.0)
    assert constraint(star)["a"] == pytest.approx(1.0)  # a single contact
    # closed triad: p = 1/2, indirect 1/2 * 1/2 -> (3/4)^2 * 2 = 1.125
    tri = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c")], directed=False)
    assert constraint(tri).tolist() == pytest.approx([1.125] * 3)
    # Borgatti: n - 2t/n = 2 - 2*1/2 = 1
    assert effective_size(tri).tolist() == pytest.approx([1.0] * 3)
    assert efficiency(tri).tolist() == pytest.approx([0.5] * 3)


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size_equal_networkx(directed, weighted):
    G, v = random_graph(directed, weighted)
    w = "weight" if weighted else None
    has = compare(constraint(v, weighted=weighted), nx.constraint(G, weight=w))
    # networkx's per-node formula (nodes=...) follows Burt; see docs/metrics.md on its
    # all-nodes shortcut in networkx 3.6
    compare(effective_size(v, weighted=weighted), nx.effective_size(G, nodes=list(G), weight=w))
    deg = pd.Series(dict(nx.Graph(G).degree()))
    eff = efficiency(v, weighted=weighted)
    ref = pd.Series(nx.effective_size(G, nodes=list(G), weight=w)) / deg
    np.testing.assert_allclose(
        eff[has].to_numpy(), ref.reindex(eff.index)[has].to_numpy(), atol=1e-9
    )
    assert (~has).sum() > 0  # the random graph has isolates: filled, not NaN


def test_isolates_are_filled_with_documented_values_or_nan():
    v = NetworkView.from_edges([("a", "b")], directed=False, actors=["a", "b", "z"])
    t = structural_holes(v)
    assert t.loc["z"].tolist() == [1.0, 0.0, 0.0]
    assert not t.isna().any().any()
    raw = structural_holes(v, fill_isolates=False)
    assert raw.loc["z"].isna().all()
    assert np.isnan(constraint(v, fill_isolates=False)["z"])
    assert np.isnan(effective_size(v, fill_isolates=False)["z"])
    assert np.isnan(efficiency(v, fill_isolates=False)["z"])


def test_blocked_computation_equals_one_block(monkeypatch):
    _, v = random_graph(True, True, n=200, p=0.05, seed=3)
    whole = effective_size(v)
    monkeypatch.setattr(sh_module, "_CHUNK_NNZ", 50)
    blocked = effective_size(v)
    np.testing.assert_allclose(blocked.to_numpy(), whole.to_numpy(), atol=1e-12)


def test_reciprocated_ties_count_as_one_stronger_contact():
    # a <-> b and a -> c: z_ab = 2, z_ac = 1 -> p_ab = 2/3, p_ac = 1/3
    v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("a", "c")])
    assert constraint(v, weighted=False)["a"] == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)
