"""Network-level figures: hand cases and networkx cross-checks."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.graph import Network, NetworkView, Relation
from tramas.metrics import (
    attribute_assortativity,
    centralization,
    cooperation_counts,
    density,
    ei_index,
    external_tie_share,
    network_figures,
    path_figures,
)


def random_view(directed: bool, n: int = 40, p: float = 0.08, seed: int = 3):
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda i: f"v{i:02d}")
    rng = np.random.default_rng(seed)
    kinds = dict(zip(G, rng.choice(["firm", "research", "government"], n), strict=True))
    nx.set_node_attributes(G, kinds, "kind")
    actors = pd.DataFrame({"kind": pd.Series(kinds)}).rename_axis("id")
    return G, NetworkView.from_edges(list(G.edges), directed=directed, actors=actors)


@pytest.mark.parametrize("directed", [True, False])
def test_figures_equal_networkx(directed):
    G, v = random_view(directed)
    f = network_figures(v)
    assert f["actors"] == G.number_of_nodes()
    assert f["ties"] == G.number_of_edges()
    assert f["density"] == pytest.approx(nx.density(G))
    assert f["transitivity"] == pytest.approx(nx.transitivity(nx.Graph(G)))
    weak = list(nx.weakly_connected_components(G) if directed else nx.connected_components(G))
    assert f["components"] == len(weak)
    giant = max(weak, key=len)
    assert f["largest_component_size"] == len(giant)
    assert f["largest_component_share"] == pytest.approx(len(giant) / G.number_of_nodes())
    assert f["isolates"] == nx.number_of_isolates(G)
    assert f["degree_assortativity"] == pytest.approx(
        nx.degree_assortativity_coefficient(G, x="out", y="in")
        if directed
        else nx.degree_assortativity_coefficient(G)
    )
    assert f["attribute_assortativity"]["kind"] == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "kind")
    )
    if directed:
        assert f["reciprocity"] == pytest.approx(nx.overall_reciprocity(G))
        assert f["strong_components"] == nx.number_strongly_connected_components(G)
    else:
        assert f["reciprocity"] is None
    sub = G.subgraph(giant)
    if not directed:
        assert f["avg_path_length"] == pytest.approx(nx.average_shortest_path_length(sub))
        assert f["diameter"] == nx.diameter(sub)
    json.dumps(f)  # JSON-safe


def test_directed_path_figures_average_over_connected_pairs():
    v = NetworkView.from_edges([("a", "b"), ("b", "c")])
    # pairs joined by a directed path: a-b 1, b-c 1, a-c 2
    assert path_figures(v) == {
        "avg_path_length": pytest.approx(4 / 3),
        "diameter": 2,
        "paths_estimated": False,
    }
    est = path_figures(random_view(False, n=200, p=0.03)[1], pivots=50)
    assert est["paths_estimated"] is True


def test_density_centralization_and_star():
    star = NetworkView.from_edges([("h", x) for x in "abcd"], directed=False)
    f = network_figures(star)
    assert density(star) == pytest.approx(4 / 10)
    assert f["centralization_degree"] == pytest.approx(1.0)
    assert f["centralization_betweenness"] == pytest.approx(1.0)
    ring = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")], directed=False)
    assert network_figures(ring)["centralization_degree"] == 0.0
    assert centralization([2, 2, 2], max_sum=2) == 0.0
    # directed out-star: out-degree centralisation 1 over (n-1)^2
    out = NetworkView.from_edges([("h", x) for x in "abcd"])
    assert network_figures(out)["centralization_outdegree"] == pytest.approx(1.0)


def test_ei_index_assortativity_and_external_share():
    actors = pd.DataFrame(
        {"kind": ["firm", "firm", "research", None], "internal": [True, True, True, False]},
        index=pd.Index(list("abcd"), name="id"),
    )
    v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")], actors=actors)
    # known-kind ties: a-b internal, b-c and a-c external -> (2 - 1) / 3
    assert ei_index(v, "kind") == pytest.approx(1 / 3)
    assert ei_index(v, "internal") == pytest.approx((1 - 3) / 4)
    assert external_tie_share(v) == pytest.approx(1 / 4)
    assert ei_index(v, "sector") is None
    assert attribute_assortativity(v, "sector") is None
    only_within = NetworkView.from_edges([("a", "b")], actors=actors)
    assert ei_index(only_within, "kind") == -1.0


def test_cooperation_counts_by_orientation():
    actors = pd.DataFrame(index=pd.Index(list("abcd"), name="id"))
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "a", "c", "b", "a"],
            "target": ["b", "a", "c", "d", "d", "d"],
            "relation": ["cooperation"] * 5 + ["trade"],
            "wave": ["1"] * 6,
            "orientation": ["vertical", "vertical", "horizontal", None, "horizontal", "vertical"],
        }
    )
    net = Network(
        actors,
        ties,
        relations={
            "cooperation": Relation("cooperation", directed=False),
            "trade": Relation("trade"),
        },
    )
    # a-b reported twice counts once
    cooperation = net.select_ties("cooperation")
    assert cooperation_counts(cooperation) == {
        "horizontal": 2,
        "vertical": 1,
        "unspecified": 1,
        "total": 4,
    }
    assert cooperation_counts(None)["total"] == 0
    f = network_figures(net.view(), cooperation=cooperation)
    assert f["cooperation"]["vertical"] == 1


def test_location_attribute_is_added_and_reported():
    actors = pd.DataFrame(
        {"kind": ["firm"] * 4, "municipality": ["x", "x", "y", "y"]},
        index=pd.Index(list("abcd"), name="id"),
    )
    v = NetworkView.from_edges([("a", "b"), ("c", "d")], actors=actors)
    f = network_figures(v)
    assert f["location_attribute"] == "municipality"
    assert f["ei_index"]["municipality"] == -1.0
    assert f["attribute_assortativity"]["municipality"] == pytest.approx(1.0)
    assert f["attribute_assortativity"]["kind"] is None  # one category only
