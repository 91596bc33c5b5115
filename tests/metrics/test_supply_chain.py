"""Downstreamness and upstreamness (improved trophic levels): hand-computed chains and trees,
a dense solve of the trophic Laplacian, networkx's classical levels on layered networks."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.metrics.supply_chain import (
    DIRECT_LIMIT,
    downstreamness,
    supply_chain_position,
    trophic_incoherence,
    upstreamness,
)


def dense_levels(view: NetworkView, weighted: bool = True) -> np.ndarray:
    """MacKay et al. (2020) solved densely, lowest level 0 per component."""
    n = view.n_actors
    w = np.zeros((n, n))
    for (s, t), wt in zip(view.graph.get_edgelist(), view.graph.es["weight"], strict=True):
        if s != t:
            w[s, t] += wt if weighted else 1.0
    s_in, s_out = w.sum(axis=0), w.sum(axis=1)
    lap = np.diag(s_in + s_out) - w - w.T
    comp = np.asarray(view.graph.connected_components(mode="weak").membership)
    if n <= 500:  # minimum-norm solution of the singular system
        h = np.linalg.pinv(lap) @ (s_in - s_out)
    else:  # larger: dense LU with the first actor of each component fixed at 0
        free = np.ones(n, dtype=bool)
        free[np.unique(comp, return_index=True)[1]] = False
        h = np.zeros(n)
        h[free] = np.linalg.solve(lap[np.ix_(free, free)], (s_in - s_out)[free])
    for c in np.unique(comp):
        h[comp == c] -= h[comp == c].min()
    return h


def random_view(n: int, m: int, seed: int, weighted: bool) -> NetworkView:
    rng = np.random.default_rng(seed)
    edges = rng.integers(0, n, size=(m, 2))
    edges = edges[edges[:, 0] != edges[:, 1]]
    frame = pd.DataFrame({"source": edges[:, 0].astype(str), "target": edges[:, 1].astype(str)})
    frame = frame.drop_duplicates().assign(weight=rng.lognormal(0, 1, len(frame.drop_duplicates())))
    ids = [str(i) for i in range(n)]
    return NetworkView.from_frames(ids, frame, directed=True, weighted=weighted)


def test_chain_counts_steps():
    v = NetworkView.from_edges([("ore", "steel"), ("steel", "parts"), ("parts", "car")])
    pos = supply_chain_position(v)
    assert pos.downstreamness.tolist() == pytest.approx([0, 1, 2, 3])
    assert pos.upstreamness.tolist() == pytest.approx([3, 2, 1, 0])
    assert pos.incoherence == pytest.approx(0.0, abs=1e-12)


def test_tree_is_layered():
    # a supplies b and c; b supplies d: levels 0, 1, 1, 2 (every tie goes up one step)
    v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "d")])
    assert downstreamness(v).to_dict() == pytest.approx({"a": 0, "b": 1, "c": 1, "d": 2})
    assert upstreamness(v).to_dict() == pytest.approx({"a": 2, "b": 1, "c": 1, "d": 0})
    assert trophic_incoherence(v) == pytest.approx(0.0, abs=1e-12)


def test_feed_forward_triangle_by_hand():
    # Lambda = [[2,-1,-1],[-1,2,-1],[-1,-1,2]], v = (-2, 0, 2): h = (0, 2/3, 4/3);
    # F0 = ((2/3-1)^2 + (2/3-1)^2 + (4/3-1)^2) / 3 = 1/9
    v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c")])
    pos = supply_chain_position(v)
    assert pos.downstreamness.tolist() == pytest.approx([0, 2 / 3, 4 / 3])
    assert pos.incoherence == pytest.approx(1 / 9)


def test_weighted_triangle_by_hand():
    # a->b (2), b->c (1), a->c (1): s_in = (0, 2, 2), s_out = (3, 1, 0), v = (-3, 1, 2);
    # with h_a = 0: 3 h_b - h_c = 1 and -h_b + 2 h_c = 2  ->  h_b = 4/5, h_c = 7/5
    v = NetworkView.from_edges([("a", "b", 2.0), ("b", "c", 1.0), ("a", "c", 1.0)])
    assert downstreamness(v).tolist() == pytest.approx([0, 0.8, 1.4])
    assert downstreamness(v, weighted=False).tolist() == pytest.approx([0, 2 / 3, 4 / 3])


def test_cycle_has_no_direction():
    v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")])
    pos = supply_chain_position(v)
    assert pos.downstreamness.tolist() == pytest.approx([0, 0, 0], abs=1e-12)
    assert pos.incoherence == pytest.approx(1.0)


def test_components_and_isolates_start_at_zero():
    v = NetworkView.from_edges(
        [("a", "b"), ("b", "c"), ("x", "y")], actors=["a", "b", "c", "x", "y", "lone"]
    )
    pos = supply_chain_position(v)
    assert pos.downstreamness.to_dict() == pytest.approx(
        {"a": 0, "b": 1, "c": 2, "x": 0, "y": 1, "lone": 0}
    )
    assert pos.upstreamness.to_dict() == pytest.approx(
        {"a": 2, "b": 1, "c": 0, "x": 1, "y": 0, "lone": 0}
    )
    assert pos.parameters["components"] == 3


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("seed", [1, 2])
def test_matches_dense_solution(weighted, seed):
    v = random_view(80, 200, seed, weighted=True)
    pos = supply_chain_position(v, weighted=weighted)
    assert pos.parameters["solver"] == "lu"
    np.testing.assert_allclose(pos.downstreamness.to_numpy(), dense_levels(v, weighted), atol=1e-8)


def test_iterative_solver_matches_dense_solution():
    n = DIRECT_LIMIT + 200
    v = random_view(n, 4 * n, seed=7, weighted=True)
    pos = supply_chain_position(v, tol=1e-12)
    assert pos.parameters["solver"] == "cg"
    assert pos.parameters["relative_residual"] <= 1e-12
    np.testing.assert_allclose(pos.downstreamness.to_numpy(), dense_levels(v), atol=1e-6)


def test_upstreamness_is_the_level_of_the_reversed_network():
    v = random_view(60, 150, seed=3, weighted=True)
    e = v.edges()
    reversed_view = NetworkView.from_frames(
        list(v.ids),
        e.rename(columns={"source": "target", "target": "source"}),
        directed=True,
    )
    np.testing.assert_allclose(
        upstreamness(v).to_numpy(), downstreamness(reversed_view).to_numpy(), atol=1e-9
    )


def test_weight_scale_does_not_matter():
    v = random_view(50, 120, seed=5, weighted=True)
    e = v.edges().assign(weight=lambda d: d["weight"] * 1000.0)
    scaled = NetworkView.from_frames(list(v.ids), e, directed=True)
    np.testing.assert_allclose(downstreamness(v).to_numpy(), downstreamness(scaled).to_numpy())


def test_equals_classical_levels_on_layered_networks():
    # where every path from the basal actors to an actor has the same length, the
    # improved levels equal Levine's classical levels (networkx: basal = 1) minus one
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("f", "c")]
    v = NetworkView.from_edges(edges)
    classical = nx.trophic_levels(nx.DiGraph(edges))
    ours = downstreamness(v)
    assert ours.to_dict() == pytest.approx({k: val - 1 for k, val in classical.items()})


def test_undirected_view_is_refused():
    v = NetworkView.from_edges([("a", "b")], directed=False)
    with pytest.raises(TramasError, match="directed network"):
        supply_chain_position(v)


def test_negative_weights_are_refused():
    v = NetworkView.from_edges([("a", "b", -1.0), ("b", "c", 1.0)])
    with pytest.raises(TramasError, match="non-negative"):
        supply_chain_position(v)
