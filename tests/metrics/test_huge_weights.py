"""Huge, tiny and infinite tie weights through the measures and ``tramas.analyze`` (#14 case 1).

A weight of ``1e308`` is finite, yet it used to abort the whole process (exit 134:
igraph's LAPACK ``DLASCL`` in the hub/authority step) and to make modularity NaN. The
ratio-based measures now compute on the weights divided by a power of two near their
largest (:mod:`tramas.metrics.weights`), so they give the scores of ``w / max(w)``;
infinite weights are refused with a :class:`TramasError` naming the relation.

Every call that could abort runs in a child process, so a regression fails one test
instead of killing the test session.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.metrics.centrality import eigenvector, hits, pagerank
from tramas.metrics.weights import unit_scale, unit_weights

TESTS = Path(__file__).resolve().parents[1]

EDGES = [
    ("a", "b"),
    ("b", "c"),
    ("c", "a"),
    ("a", "d"),
    ("d", "b"),
    ("c", "e"),
    ("e", "d"),
    ("b", "e"),
]

#: Weight sets: two weights near ``1e308``, ``1e300`` everywhere, tiny next to huge, all
#: tiny (each with one leading hub and authority, so the scores are unique).
CASES = {
    "two_1e308": [1e308, 1.0, 2.0, 6e307, 3.0, 1.0, 2.0, 1.0],
    "all_1e300": [1e300, 3e300, 2e300, 1e300, 5e299, 1e300, 2e300, 4e300],
    "tiny_and_huge": [1e-300, 1e300, 2e300, 1e-10, 5e299, 1.0, 1e300, 3e300],
    "all_1e-300": [1e-300, 3e-300, 2e-300, 1e-300, 5e-301, 1e-300, 2e-300, 4e-300],
}


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=TESTS,
    )


def _child_scores(weights: list[float], directed: bool) -> dict:
    """Eigenvector, HITS and PageRank of the weighted view, computed in a child process."""
    proc = _run(
        f"""
        import json
        import pandas as pd
        from tramas.graph import NetworkView
        from tramas.metrics.centrality import eigenvector, hits, pagerank
        edges = pd.DataFrame({EDGES!r}, columns=["source", "target"])
        edges["weight"] = {weights!r}
        v = NetworkView.from_frames(list("abcde"), edges, directed={directed!r})
        h = hits(v)
        print(json.dumps({{
            "eigenvector": eigenvector(v).to_dict(),
            "eigenvector_in": eigenvector(v, mode="in").to_dict(),
            "hub": h["hub"].to_dict(),
            "authority": h["authority"].to_dict(),
            "pagerank": pagerank(v).to_dict(),
        }}))
        """
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _nx_graph(weights: list[float], directed: bool) -> nx.Graph:
    top = max(weights)
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from("abcde")
    g.add_weighted_edges_from((s, t, w / top) for (s, t), w in zip(EDGES, weights, strict=True))
    return g


def _close(got: dict, want: dict, tol: float = 1e-6) -> None:
    for node in "abcde":
        assert got[node] == pytest.approx(want[node], abs=tol), (node, got, want)


def _unit_max(scores: dict) -> dict:
    top = max(scores.values())
    return {k: v / top for k, v in scores.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hits_and_eigenvector_of_huge_weights_equal_those_of_the_weights_over_their_max(case):
    weights = CASES[case]
    got = _child_scores(weights, directed=True)
    g = _nx_graph(weights, directed=True)
    hubs, auths = nx.hits(g, max_iter=10_000, tol=1e-14)
    _close(got["hub"], _unit_max(hubs))
    _close(got["authority"], _unit_max(auths))
    # eigenvector of the symmetrised matrix A + A^T (the measure's default mode)
    sym = nx.Graph()
    sym.add_nodes_from("abcde")
    for s, t, w in g.edges(data="weight"):
        prev = sym.get_edge_data(s, t, {"weight": 0.0})["weight"]
        sym.add_edge(s, t, weight=prev + w)
    _close(got["eigenvector"], _unit_max(nx.eigenvector_centrality_numpy(sym, weight="weight")))
    if min(weights) / max(weights) > 1e-250:
        # (below, the scaled cycles multiply out to 0: the directed matrix is nilpotent in
        # floating point, its eigenvector undefined, and networkx's PageRank overflows)
        want_in = nx.eigenvector_centrality_numpy(g, weight="weight")
        _close(got["eigenvector_in"], _unit_max(want_in))
        _close(got["pagerank"], nx.pagerank(g, weight="weight", tol=1e-12), tol=1e-5)


@pytest.mark.parametrize("case", ["two_1e308", "tiny_and_huge"])
def test_undirected_huge_weights_give_the_eigenvector_of_the_scaled_weights(case):
    weights = CASES[case]
    got = _child_scores(weights, directed=False)
    want = _unit_max(nx.eigenvector_centrality_numpy(_nx_graph(weights, False), weight="weight"))
    _close(got["eigenvector"], want)
    _close(got["hub"], want)


def test_analyze_with_two_1e308_weights_completes():
    """The reproduction of case 1: ``tramas.analyze`` on a network built in code with two
    ``1e308`` trade weights used to abort with exit status 134."""
    proc = _run(
        """
        import json, math
        import tramas
        from multiplex_cases import multiplex_network
        net = multiplex_network({
            "trade": [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("d", "b")],
            "knowledge": [("a", "c"), ("c", "d"), ("d", "a")],
            "cooperation": [("b", "d")],
        })
        net.ties.loc[net.ties["relation"] == "trade", "weight"] = [1e308, 1e308, 2, 1, 3]
        result = tramas.analyze(net)
        cols = [c for c in ("hub", "authority", "eigenvector", "pagerank") if c in result.actors]
        print(json.dumps({
            "rows": len(result.actors),
            "cols": cols,
            "finite": bool(all(
                math.isfinite(x) for c in cols for x in result.actors[c].dropna()
            )),
        }))
        """
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["rows"] == 4
    assert out["cols"], out
    assert out["finite"]


def test_communities_of_huge_weights_have_a_finite_modularity():
    from tramas.metrics.communities import leiden, louvain

    # two triangles joined by one tie, every weight 1e308: the split is plain to see
    edges = pd.DataFrame(
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")],
        columns=["source", "target"],
    )
    edges["weight"] = 1e308
    v = NetworkView.from_frames(list("abcdef"), edges, directed=False)
    for found in (leiden(v), louvain(v)):
        assert np.isfinite(found.modularity)
        assert found.n_communities == 2


def test_weights_in_the_ordinary_range_are_used_exactly_as_given():
    w = np.array([0.5, 1.0, 3.0, 1000.0])
    assert unit_scale(w) is w
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [2.0, 7.0]})
    v = NetworkView.from_frames(list("abc"), edges)
    assert unit_weights(v) is v


def test_huge_weights_are_divided_exactly_by_a_power_of_two():
    w = np.array([1e308, 3e307, 1.0])
    scaled = unit_scale(w)
    assert 0.5 <= scaled.max() < 1.0
    assert np.all(scaled[:2] / scaled.max() == w[:2] / w.max())


def test_infinite_weights_are_refused_naming_the_relation():
    edges = pd.DataFrame(
        {"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, np.inf], "relation": "trade"}
    )
    v = NetworkView.from_frames(list("abc"), edges, relations=("trade",))
    for measure in (eigenvector, hits, pagerank):
        with pytest.raises(TramasError) as err:
            measure(v)
        assert err.value.code == "weights_not_finite"
        assert "trade" in str(err.value)


def test_two_1e308_weights_merged_on_one_pair_are_refused_not_crashed():
    """Trade and knowledge ties of ``1e308`` between the same pair add up to infinity in
    the merged view: a clear error naming the relations, never an abort."""
    import sys

    sys.path.insert(0, str(TESTS))
    from multiplex_cases import multiplex_network

    net = multiplex_network(
        {"trade": [("a", "b"), ("b", "c")], "knowledge": [("a", "b"), ("c", "a")]}
    )
    net.ties.loc[(net.ties["source"] == "a") & (net.ties["target"] == "b"), "weight"] = 1e308
    view = net.view(["knowledge", "trade"], wave="1")
    with pytest.raises(TramasError) as err:
        hits(view)
    assert err.value.code == "weights_not_finite"
    assert "knowledge" in str(err.value) and "trade" in str(err.value)
