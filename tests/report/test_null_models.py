"""Random networks with the same degree sequence: degrees kept, figures from the figures
module, z-scores and p-values as documented."""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.metrics.figures import network_figures
from tramas.report.null_models import FIXED_FIGURES, _random_graph, compare_with_random


def _two_triangles(directed: bool = False) -> NetworkView:
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")]
    return NetworkView.from_edges(edges, directed=directed)


def test_observed_figures_are_the_figures_module_and_networkx():
    v = _two_triangles()
    cmp = compare_with_random(v, samples=10, seed=3)
    figs = network_figures(v)
    G = v.to_networkx()
    assert cmp.table.loc["transitivity", "observed"] == pytest.approx(nx.transitivity(G))
    assert cmp.table.loc["transitivity", "observed"] == pytest.approx(figs["transitivity"])
    assert cmp.table.loc["avg_path_length", "observed"] == pytest.approx(
        nx.average_shortest_path_length(G)
    )
    assert cmp.table.loc["density", "observed"] == pytest.approx(nx.density(G))
    # undirected: no reciprocity row
    assert "reciprocity" not in cmp.table.index


@pytest.mark.parametrize("directed", [False, True])
def test_rewiring_keeps_every_degree_and_makes_no_loop_or_multiple_tie(directed):
    g = ig.Graph.Erdos_Renyi(n=40, m=120, directed=directed)
    g.vs["name"] = [str(i) for i in range(40)]
    rng_graphs = [_random_graph(g, swaps=10 * g.ecount()) for _ in range(5)]
    for h in rng_graphs:
        assert h.is_simple()
        if directed:
            assert h.indegree() == g.indegree() and h.outdegree() == g.outdegree()
        else:
            assert h.degree() == g.degree()
    assert any(sorted(h.get_edgelist()) != sorted(g.get_edgelist()) for h in rng_graphs)


def test_a_degree_sequence_with_one_realisation_gives_no_z():
    # a complete graph is the only simple graph with its degrees
    v = NetworkView.from_edges([(a, b) for a in "abcde" for b in "abcde" if a < b], directed=False)
    t = compare_with_random(v, samples=8, seed=1).table
    assert t.loc["transitivity", "observed"] == 1.0
    assert t.loc["transitivity", "mean"] == 1.0 and t.loc["transitivity", "sd"] == 0.0
    assert math.isnan(t.loc["transitivity", "z"])
    assert t.loc["transitivity", "p"] == 1.0


def test_fixed_figures_are_marked_and_equal_the_observed_value():
    t = compare_with_random(_two_triangles(True), samples=5, seed=1).table
    fixed = t[t["fixed"]]
    assert set(fixed.index) <= set(FIXED_FIGURES)
    assert {"density", "centralization_degree", "isolates"} <= set(fixed.index)
    assert (fixed["mean"] == fixed["observed"]).all()
    assert fixed["z"].isna().all()


def test_z_and_p_follow_their_formulas():
    v = _two_triangles(directed=True)
    cmp = compare_with_random(v, samples=30, seed=7)
    row = cmp.table.loc["reciprocity"]
    assert row["observed"] == 0.0  # no tie is returned
    # recompute from the draws' summary: z = (x - mean) / sd
    assert row["z"] == pytest.approx((row["observed"] - row["mean"]) / row["sd"])
    assert 1 / 31 <= row["p_less"] <= 1 and 1 / 31 <= row["p_greater"] <= 1
    # two-sided p: (1 + random networks at least as far from their mean) / (samples + 1)
    assert 1 / 31 <= row["p"] <= 1
    assert bool(row["p_floor"]) == (row["p"] == pytest.approx(1 / 31))
    assert row["valid"] == 30


def test_same_seed_same_numbers_other_seed_other_numbers():
    g = ig.Graph.Erdos_Renyi(n=30, m=80, directed=True)
    v = NetworkView.from_igraph(g)
    a = compare_with_random(v, samples=15, seed=5).table
    b = compare_with_random(v, samples=15, seed=5).table
    c = compare_with_random(v, samples=15, seed=6).table
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["mean"].to_numpy(), c["mean"].to_numpy(), equal_nan=True)


def test_igraph_random_generator_is_restored():
    import random

    compare_with_random(_two_triangles(), samples=3, seed=1)
    random.seed(11)
    first = ig.Graph.Erdos_Renyi(n=20, m=30).get_edgelist()
    random.seed(11)
    assert ig.Graph.Erdos_Renyi(n=20, m=30).get_edgelist() == first


def test_ei_index_against_random_uses_the_actor_groups():
    actors = pd.DataFrame(
        {"kind": ["firm"] * 3 + ["research"] * 3, "municipality": list("xxxyyy")},
        index=pd.Index(list("abcdef"), name="id"),
    )
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")]
    v = NetworkView.from_edges(edges, directed=False, actors=actors)
    t = compare_with_random(v, samples=20, seed=2).table
    # 6 ties inside kinds, 1 across: E-I = (1 - 6) / 7
    assert t.loc["ei_index.kind", "observed"] == pytest.approx(-5 / 7)
    assert t.loc["ei_index.location", "observed"] == pytest.approx(-5 / 7)
    assert t.loc["ei_index.kind", "mean"] > -5 / 7


def test_too_few_samples_is_an_error():
    with pytest.raises(TramasError, match="at least 2 random networks"):
        compare_with_random(_two_triangles(), samples=1)
    with pytest.raises(TramasError, match="unknown random-network method"):
        compare_with_random(_two_triangles(), samples=3, method="vl")  # type: ignore[arg-type]
