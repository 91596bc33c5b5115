"""Sub-clusters: planted partitions, reproducible seeds, consensus stability, modularity, agreement."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.graph import NetworkView
from tramas.metrics import (
    Communities,
    agreement,
    community_table,
    consensus,
    infomap,
    leiden,
    louvain,
    modularity,
    walktrap,
)


def planted(
    groups: int = 4,
    size: int = 15,
    p_in: float = 0.5,
    p_out: float = 0.02,
    seed: int = 1,
    directed: bool = False,
):
    G = nx.planted_partition_graph(groups, size, p_in, p_out, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda i: f"a{i:03d}")
    truth = pd.Series({f"a{i:03d}": i // size for i in range(groups * size)})
    return G, NetworkView.from_edges(list(G.edges), directed=directed, actors=list(G.nodes)), truth


@pytest.mark.parametrize("method", [leiden, louvain, infomap, walktrap])
def test_methods_recover_a_planted_partition(method):
    _, v, truth = planted()
    c = method(v)
    assert agreement(c.membership, truth)["ari"] == 1.0
    assert c.n_communities == 4
    assert sorted(c.sizes().tolist()) == [15, 15, 15, 15]


def test_labels_are_ordered_by_size():
    # one big clique and one small one joined by a tie
    big = [(f"b{i}", f"b{j}") for i in range(6) for j in range(i + 1, 6)]
    small = [("s0", "s1"), ("s1", "s2"), ("s0", "s2")]
    v = NetworkView.from_edges([*small, *big, ("s0", "b0")], directed=False)
    c = leiden(v)
    assert set(c.members(1)) == {f"b{i}" for i in range(6)}
    assert set(c.members(2)) == {"s0", "s1", "s2"}


def test_seeds_make_runs_reproducible_and_leave_global_random_alone():
    import random

    _, v, _ = planted(p_in=0.3, p_out=0.08, seed=4)
    random.seed(123)
    before = random.random()
    random.seed(123)
    a = leiden(v, seed=7)
    assert random.random() == before  # igraph's RNG state was restored
    b = leiden(v, seed=7)
    assert a.membership.equals(b.membership)
    assert a.parameters == {
        "objective": "modularity",
        "resolution": 1.0,
        "seed": 7,
        "weighted": True,
        "n_iterations": -1,
    }


def test_bounded_iterations_stop_when_stable():
    _, v, truth = planted()
    c = leiden(v, n_iterations=10)
    assert agreement(c.membership, truth)["ari"] == 1.0


def test_resolution_changes_the_number_of_communities():
    _, v, _ = planted(groups=6, size=10, p_in=0.6, p_out=0.05, seed=2)
    assert leiden(v, resolution=0.2).n_communities < leiden(v, resolution=3.0).n_communities


@pytest.mark.parametrize("weighted", [False, True])
def test_modularity_equals_networkx(weighted):
    G, v, truth = planted(p_in=0.3, p_out=0.05, seed=3)
    rng = np.random.default_rng(0)
    for a, b in G.edges:
        G[a][b]["weight"] = float(rng.integers(1, 4)) if weighted else 1.0
    v = (
        NetworkView.from_edges(
            [(a, b, d["weight"]) for a, b, d in G.edges(data=True)], directed=False, actors=list(G)
        )
        if weighted
        else v
    )
    c = leiden(v, weighted=weighted)
    parts = [set(c.members(k)) for k in c.sizes().index]
    ref = nx.community.modularity(G, parts, weight="weight" if weighted else None)
    assert c.modularity == pytest.approx(ref)
    assert modularity(v, c.membership, weighted=weighted) == pytest.approx(ref)
    assert modularity(v, truth) == pytest.approx(
        nx.community.modularity(
            G,
            [set(truth.index[truth == k]) for k in range(4)],
            weight="weight" if weighted else None,
        )
    )


def test_directed_views_collapse_to_undirected_sums():
    v = NetworkView.from_edges([("a", "b", 1.0), ("b", "a", 2.0), ("c", "d", 3.0)])
    c = leiden(v)
    assert c.membership["a"] == c.membership["b"] != c.membership["c"]
    assert c.modularity == pytest.approx(0.5)


def test_consensus_is_stable_on_clear_structure():
    _, v, truth = planted()
    c = consensus(v, runs=8)
    assert agreement(c.membership, truth)["ari"] == 1.0
    assert c.stability.min() == 1.0
    assert c.parameters["converged"] is True
    assert c.method == "consensus-leiden"


def test_consensus_stability_flags_ambiguous_actors():
    # weak structure: single Leiden runs disagree (9 different partitions in 10 seeds)
    _, v, truth = planted(p_in=0.25, p_out=0.08, seed=4)
    c = consensus(v, runs=20)
    assert ((c.stability >= 0) & (c.stability <= 1)).all()
    assert c.stability.min() < 0.5 < c.stability.max() == 1.0
    # the clear structure is more stable than the ambiguous one
    _, clear, _ = planted()
    assert consensus(clear, runs=20).stability.mean() > c.stability.mean()
    # stability is the share of runs an actor sat with its community's majority: a
    # multiple of 1/runs
    assert np.allclose(c.stability * 20, np.round(c.stability * 20))


def test_consensus_of_a_network_without_ties():
    v = NetworkView.from_edges([], actors=["a", "b", "c"])
    c = consensus(v, runs=3)
    assert c.n_communities == 3
    assert c.stability.tolist() == [1.0, 1.0, 1.0]
    assert np.isnan(c.modularity)


def test_agreement_values():
    m = pd.Series([1, 1, 2, 2], index=list("abcd"))
    assert agreement(m, pd.Series(list("xxyy"), index=list("abcd"))) == {
        "nmi": 1.0,
        "ari": 1.0,
        "n": 4,
    }
    # missing attribute values are left out
    part = agreement(m, pd.Series(["x", None, "y", "y"], index=list("abcd")))
    assert part["n"] == 3
    a = pd.Series([1, 1, 1, 2, 2, 2], index=list("abcdef"))
    b = pd.Series(list("xxyyzz"), index=list("abcdef"))
    assert agreement(a, b)["ari"] == pytest.approx(
        ig.compare_communities([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2], method="adjusted_rand")
    )


def test_community_table_counts_ties_and_composition():
    actors = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D"],
            "sector": ["wine", "wine", "olive", None],
            "internal": [True, True, True, False],
        },
        index=pd.Index(list("abcd"), name="id"),
    )
    v = NetworkView.from_edges([("a", "b"), ("c", "d"), ("b", "c")], directed=False, actors=actors)
    c = Communities(
        pd.Series([1, 1, 2, 2], index=v.ids),
        "given",
        stability=pd.Series([1.0, 0.5, 1.0, 1.0], index=v.ids),
    )
    t = community_table(v, c).set_index("community")
    assert t.loc[1, ["size", "ties_within", "ties_between", "internal"]].tolist() == [2, 1, 1, 2]
    assert t.loc[2, "internal"] == 1
    assert t.loc[1, "density"] == 1.0
    assert t.loc[1, "stability"] == 0.75
    assert t.loc[1, "top_sector"] == "wine"
    assert t.loc[2, "top_sector_share"] == 0.5
    assert t.loc[1, "central_actor_name"] in {"A", "B"}
