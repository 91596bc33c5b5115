"""Centrality measures: hand-computed cases, statnet reference values, networkx cross-checks."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.graph import NetworkView
from tramas.metrics import (
    betweenness,
    closeness,
    coreness,
    degree,
    degree_table,
    eigenvector,
    harmonic,
    hits,
    pagerank,
    strength,
)

DATA = Path(__file__).parent / "data"


def random_graph(directed: bool, weighted: bool, n: int = 30, p: float = 0.12, seed: int = 5):
    """A networkx graph with weights 1, 2 or 4 (exact inverse lengths) and its view."""
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda i: f"v{i:02d}")
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        w = float(rng.choice([1, 2, 4])) if weighted else 1.0
        G[u][v]["weight"] = w
        G[u][v]["dist"] = 1.0 / w
    edges = [(u, v, d["weight"]) if weighted else (u, v) for u, v, d in G.edges(data=True)]
    view = NetworkView.from_edges(edges, directed=directed, actors=list(G.nodes))
    return G, view


def assert_matches(series: pd.Series, reference: dict, scale: float = 1.0, tol: float = 1e-9):
    ref = pd.Series(reference).reindex(series.index) * scale
    np.testing.assert_allclose(series.to_numpy(dtype=float), ref.to_numpy(dtype=float), atol=tol)


def sna_case(k: int) -> tuple[NetworkView, pd.DataFrame]:
    actors = pd.read_csv(DATA / f"random{k}_actors.csv", dtype=str).set_index("id")
    ties = pd.read_csv(DATA / f"random{k}_ties.csv", dtype=str)
    ref = pd.read_csv(DATA / f"random{k}_sna.csv", dtype={"id": str}).set_index("id")
    return NetworkView.from_frames(actors, ties, directed=True, weighted=False), ref


# ------------------------------------------------------------------ hand-computed
def test_degree_and_strength_of_a_small_directed_network():
    v = NetworkView.from_edges([("a", "b", 2.0), ("b", "a", 1.0), ("b", "c", 3.0)])
    t = degree_table(v)
    assert t.loc["b"].tolist() == [1, 2, 3, 2.0, 4.0]
    assert t.loc["c", ["indegree", "outdegree", "degree"]].tolist() == [1, 0, 1]
    assert list(t.columns) == ["indegree", "outdegree", "degree", "instrength", "outstrength"]
    assert strength(v, "all")["b"] == 6.0


def test_undirected_degree_counts_neighbours_once():
    v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False)
    assert degree(v, "in").tolist() == degree(v, "all").tolist() == [1, 2, 1]


def test_betweenness_of_a_path_and_a_star():
    path = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], directed=False)
    assert betweenness(path).tolist() == [0.0, 2.0, 2.0, 0.0]
    # normalised by (n-1)(n-2)/2 = 3 pairs
    assert betweenness(path, normalized=True).tolist() == pytest.approx([0, 2 / 3, 2 / 3, 0])
    star = NetworkView.from_edges([("h", x) for x in "abcd"], directed=False)
    assert betweenness(star)["h"] == 6.0  # all C(4,2) pairs
    assert betweenness(star, normalized=True)["h"] == 1.0
    # directed: the hub lies on a -> h -> b only
    d = NetworkView.from_edges([("a", "h"), ("h", "b")])
    assert betweenness(d)["h"] == 1.0
    assert betweenness(d, normalized=True)["h"] == pytest.approx(1 / 2)


def test_closeness_variants_on_a_disconnected_network():
    v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False, actors=list("abcd"))
    # b reaches 2 of 3 others at distance 1: reachable 2/2 = 1, W&F (2/3)*1, sna 0
    assert closeness(v, variant="reachable")["b"] == pytest.approx(1.0)
    assert closeness(v)["b"] == pytest.approx(2 / 3)
    assert closeness(v, variant="sna")["b"] == 0.0
    assert closeness(v)["d"] == 0.0
    with pytest.raises(ValueError, match="variant"):
        closeness(v, variant="nope")  # type: ignore[arg-type]


def test_harmonic_counts_unreachable_as_zero():
    v = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=list("abcd"))
    # a -> b (1), a -> c (2): (1 + 1/2) / 3
    assert harmonic(v)["a"] == pytest.approx(0.5)
    assert harmonic(v, mode="in")["a"] == 0.0


def test_coreness_of_a_triangle_with_a_tail():
    v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")], directed=False)
    assert coreness(v).to_dict() == {"a": 2, "b": 2, "c": 2, "d": 1}


def test_empty_and_edgeless_views_give_zeros():
    v = NetworkView.from_edges([], actors=["a", "b"])
    assert degree(v).tolist() == [0, 0]
    assert eigenvector(v).tolist() == [0.0, 0.0]
    assert hits(v)["hub"].tolist() == [0.0, 0.0]
    assert betweenness(v).tolist() == [0.0, 0.0]
    assert pagerank(v).sum() == pytest.approx(1.0)


# ------------------------------------------------------------------ statnet reference
@pytest.mark.parametrize("k", [1, 2, 3])
def test_degree_betweenness_and_closeness_equal_sna(k):
    v, ref = sna_case(k)
    assert (degree(v, "in").to_numpy() == ref["indegree"].to_numpy()).all()
    assert (degree(v, "out").to_numpy() == ref["outdegree"].to_numpy()).all()
    np.testing.assert_allclose(betweenness(v).to_numpy(), ref["betweenness"].to_numpy(), atol=1e-9)
    np.testing.assert_allclose(
        closeness(v, variant="sna").to_numpy(), ref["closeness_sna"].to_numpy(), atol=1e-9
    )


# ------------------------------------------------------------------ networkx cross-checks
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_betweenness_equals_networkx(directed, weighted):
    G, v = random_graph(directed, weighted)
    w = "dist" if weighted else None
    assert_matches(
        betweenness(v, weighted=weighted),
        nx.betweenness_centrality(G, weight=w, normalized=False),
    )
    assert_matches(
        betweenness(v, weighted=weighted, normalized=True),
        nx.betweenness_centrality(G, weight=w, normalized=True),
    )


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_closeness_and_harmonic_equal_networkx(directed, weighted):
    G, v = random_graph(directed, weighted)
    d = "dist" if weighted else None
    n = G.number_of_nodes()
    # networkx measures distances *to* a node: mode "in"; "out" is the reversed graph
    assert_matches(
        closeness(v, mode="in", weighted=weighted), nx.closeness_centrality(G, distance=d)
    )
    R = G.reverse() if directed else G
    assert_matches(
        closeness(v, mode="out", weighted=weighted), nx.closeness_centrality(R, distance=d)
    )
    assert_matches(
        harmonic(v, mode="in", weighted=weighted),
        nx.harmonic_centrality(G, distance=d),
        scale=1 / (n - 1),
    )
    assert_matches(
        harmonic(v, mode="out", weighted=weighted),
        nx.harmonic_centrality(R, distance=d),
        scale=1 / (n - 1),
    )


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_pagerank_equals_networkx(directed, weighted):
    G, v = random_graph(directed, weighted)
    assert_matches(
        pagerank(v, weighted=weighted),
        nx.pagerank(G, alpha=0.85, weight="weight" if weighted else None, tol=1e-12),
        tol=1e-7,
    )


@pytest.mark.parametrize("weighted", [False, True])
def test_eigenvector_equals_networkx(weighted):
    # a connected undirected graph; tramas scales the maximum to 1
    G, v = random_graph(False, weighted, n=25, p=0.25, seed=2)
    assert nx.is_connected(G)
    ref = nx.eigenvector_centrality_numpy(G, weight="weight" if weighted else None)
    top = max(ref.values())
    assert_matches(eigenvector(v, weighted=weighted), ref, scale=1 / top, tol=1e-6)


def test_directed_eigenvector_in_mode_and_undirected_mode():
    G, v = random_graph(True, True, n=25, p=0.25, seed=2)
    assert nx.is_strongly_connected(G)
    ref = nx.eigenvector_centrality_numpy(G, weight="weight")
    assert_matches(eigenvector(v, mode="in"), ref, scale=1 / max(ref.values()), tol=1e-6)
    # undirected mode: the symmetrised matrix A + A^T
    U = nx.Graph()
    U.add_nodes_from(G)
    for a, b, w in G.edges(data="weight"):
        U.add_edge(a, b, weight=U[a][b]["weight"] + w if U.has_edge(a, b) else w)
    ref = nx.eigenvector_centrality_numpy(U, weight="weight")
    assert_matches(eigenvector(v), ref, scale=1 / max(ref.values()), tol=1e-6)


@pytest.mark.parametrize("weighted", [False, True])
def test_hits_equals_networkx(weighted):
    G, v = random_graph(True, weighted, n=25, p=0.2, seed=3)
    if not weighted:
        for _, _, d in G.edges(data=True):
            d["weight"] = 1.0
    hubs, auths = nx.hits(G, max_iter=10_000, tol=1e-12)
    h = hits(v, weighted=weighted)
    assert_matches(h["hub"], hubs, scale=1 / max(hubs.values()), tol=1e-6)
    assert_matches(h["authority"], auths, scale=1 / max(auths.values()), tol=1e-6)


def test_hits_of_an_undirected_view_is_eigenvector_centrality():
    _, v = random_graph(False, True, n=20, p=0.3, seed=4)
    h = hits(v)
    np.testing.assert_allclose(h["hub"], eigenvector(v), atol=1e-9)
    np.testing.assert_allclose(h["authority"], eigenvector(v), atol=1e-9)


@pytest.mark.parametrize("directed", [True, False])
def test_coreness_equals_networkx(directed):
    G, v = random_graph(directed, False, n=40, p=0.15, seed=9)
    assert_matches(coreness(v), nx.core_number(G))


# ------------------------------------------------------------------ estimates
def test_pivot_estimates_track_exact_values():
    G, v = random_graph(False, False, n=400, p=0.02, seed=1)
    exact = betweenness(v)
    est = betweenness(v, pivots=150, seed=3)
    assert np.corrcoef(exact, est)[0, 1] > 0.9
    # the estimate is unbiased: totals agree within a few percent
    assert est.sum() == pytest.approx(exact.sum(), rel=0.1)
    for fn in (closeness, harmonic):
        e = fn(v)
        s = fn(v, pivots=150, seed=3)
        assert np.corrcoef(e, s)[0, 1] > 0.95
        assert s.mean() == pytest.approx(e.mean(), rel=0.05)


def test_pivots_are_reproducible():
    _, v = random_graph(True, False, n=200, p=0.03, seed=2)
    assert betweenness(v, pivots=20, seed=1).equals(betweenness(v, pivots=20, seed=1))
    assert not betweenness(v, pivots=20, seed=1).equals(betweenness(v, pivots=20, seed=2))


def test_measures_do_not_mutate_the_view():
    _, v = random_graph(True, True, n=20, p=0.2, seed=6)
    before = (v.graph.get_edgelist(), list(v.graph.es["weight"]), v.actors.copy())
    for fn in (
        degree_table,
        betweenness,
        closeness,
        harmonic,
        eigenvector,
        pagerank,
        hits,
        coreness,
    ):
        fn(v)
    assert v.graph.get_edgelist() == before[0]
    assert list(v.graph.es["weight"]) == before[1]
    assert v.graph.es.attributes() == ["weight", "relation"]
    pd.testing.assert_frame_equal(v.actors, before[2])


def test_hits_falls_back_to_scipy_when_arpack_fails(monkeypatch):
    """igraph's ARPACK call starts from a random vector and can fail ("No shifts could be
    applied"); the scores then come from scipy from a fixed start, and are the same."""
    import igraph as ig

    from tramas.graph import NetworkView
    from tramas.metrics.centrality import hits

    g = ig.Graph.Erdos_Renyi(40, 0.1, directed=True)
    g.vs["name"] = [f"a{i}" for i in range(40)]
    view = NetworkView.from_igraph(g)
    expected = hits(view)

    def fail(self, *args, **kwargs):
        raise ig.InternalError("Error at src/linalg/arpack.c: No shifts could be applied")

    monkeypatch.setattr(ig.Graph, "hub_score", fail)
    monkeypatch.setattr(ig.Graph, "authority_score", fail)
    got = hits(view)
    pd.testing.assert_frame_equal(got, expected, atol=1e-9, rtol=0)


@pytest.mark.parametrize("directed", [True, False])
def test_eigenvector_falls_back_to_scipy_when_arpack_fails(monkeypatch, directed):
    """As for HITS: a failed ARPACK start gives way to scipy from a fixed start."""
    import igraph as ig

    from tramas.graph import NetworkView
    from tramas.metrics.centrality import eigenvector

    g = ig.Graph.Ring(12, directed=directed, circular=True)
    g.add_edges([(0, 6), (3, 9), (6, 0), (1, 4)])
    g.vs["name"] = [f"a{i}" for i in range(12)]
    g.es["weight"] = [1.0 + (i % 3) for i in range(g.ecount())]
    view = NetworkView.from_igraph(g)
    expected = eigenvector(view)

    def fail(self, *args, **kwargs):
        raise ig.InternalError("Error at src/linalg/arpack.c: No shifts could be applied")

    monkeypatch.setattr(ig.Graph, "eigenvector_centrality", fail)
    pd.testing.assert_series_equal(eigenvector(view), expected, atol=1e-9, rtol=0)
