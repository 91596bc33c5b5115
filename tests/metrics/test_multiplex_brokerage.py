"""Multiplex semantics of brokerage and degree (issue #12): brokerage runs along the arcs
of the directed relations only, a tie without direction counts once in the degree."""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplex_cases import multiplex_network
from tramas.graph import NetworkView
from tramas.metrics.analysis import analyze
from tramas.metrics.brokerage import brokerage
from tramas.metrics.centrality import degree, degree_table
from tramas.metrics.subsets import brokerage_subset

_network = multiplex_network


KINDS = {"A": "firm", "U": "research", "B": "firm", "C": "firm"}
KNOWLEDGE = [("A", "U"), ("U", "B"), ("B", "C")]


# ----------------------------------------------------------------- brokerage by hand
def test_cooperation_leaves_the_brokerage_of_knowledge_unchanged():
    """Knowledge A → U → B → C: U is itinerant for the firms A and B (A → U → B),
    B gatekeeper of the firms for the research body U (U → B → C). Cooperation A – B,
    U – C and A – C would, read as arcs, close A → U → B and open new paths; it has no
    direction to broker along, so the roles stay."""
    net = _network(
        {"knowledge": KNOWLEDGE, "cooperation": [("A", "B"), ("U", "C"), ("A", "C")]}, KINDS
    )
    alone = brokerage(net.view("knowledge"))
    mixed = brokerage(net.view(["knowledge", "cooperation"]))
    expected = pd.DataFrame(
        {
            "coordinator": [0, 0, 0, 0],
            "itinerant": [0, 1, 0, 0],
            "gatekeeper": [0, 0, 1, 0],
            "representative": [0, 0, 0, 0],
            "liaison": [0, 0, 0, 0],
            "total": [0, 1, 1, 0],
        },
        index=pd.Index(list("AUBC"), name="id"),
    )
    pd.testing.assert_frame_equal(alone.raw, expected, check_names=False, check_dtype=False)
    pd.testing.assert_frame_equal(mixed.raw, alone.raw)
    assert mixed.density == alone.density == pytest.approx(3 / 12)
    assert mixed.parameters["relations"] == ["knowledge"]
    assert mixed.parameters["ties"] == "directed"
    # read as arcs (the view without its undirected relations named), cooperation changes
    # the counts: A → U → B is closed by A → B, C → U → B opens, and C brokers
    # B → C → U (representative) and U → C → A (gatekeeper)
    view = net.view(["knowledge", "cooperation"])
    as_arcs = brokerage(dataclasses.replace(view, undirected_relations=()))
    assert as_arcs.raw.loc["C", ["gatekeeper", "representative", "total"]].tolist() == [1, 1, 2]
    assert not as_arcs.raw.equals(alone.raw)


def test_a_path_may_cross_directed_relations():
    """Knowledge A → U then trade U → B is a flow through U; a trade arc A → B closes it,
    a cooperation tie A – B does not."""
    open_path = _network({"knowledge": [("A", "U")], "trade": [("U", "B")]}, KINDS)
    b = brokerage(open_path.view())
    assert b.raw.loc["U", "itinerant"] == 1 and b.raw["total"].sum() == 1
    assert b.parameters["relations"] == ["knowledge", "trade"]
    closed = _network({"knowledge": [("A", "U")], "trade": [("U", "B"), ("A", "B")]}, KINDS)
    assert brokerage(closed.view()).raw["total"].sum() == 0
    cooperating = _network(
        {"knowledge": [("A", "U")], "trade": [("U", "B")], "cooperation": [("A", "B")]}, KINDS
    )
    b = brokerage(cooperating.view())
    assert b.raw.loc["U", "itinerant"] == 1 and b.raw["total"].sum() == 1
    assert b.parameters["relations"] == ["knowledge", "trade"]


@pytest.mark.parametrize("directed", [None, True, False])
def test_without_a_directed_relation_every_tie_counts_both_ways(directed):
    """Cooperation alone (or any undirected view) keeps the symmetric reading."""
    net = _network({"cooperation": [("A", "U"), ("U", "B"), ("B", "C")]}, KINDS)
    b = brokerage(net.view(directed=directed))
    # A – U – B: U itinerant both ways (A → U → B, B → U → A); U – B – C: B gatekeeper
    # (U → B → C) and representative (C → B → U)
    assert b.raw.loc["U", "itinerant"] == 2
    assert b.raw.loc["B", ["gatekeeper", "representative"]].tolist() == [1, 1]
    assert b.parameters["relations"] == ["cooperation"]
    assert b.parameters["ties"] == "symmetric"
    assert b.density == pytest.approx(6 / 12)


def test_an_undirected_view_of_mixed_relations_stays_symmetric():
    net = _network({"knowledge": KNOWLEDGE, "cooperation": [("A", "C")]}, KINDS)
    b = brokerage(net.view(directed=False))
    assert b.parameters["ties"] == "symmetric"
    assert b.parameters["relations"] == ["knowledge", "cooperation"]
    # the ring A – U – B – C – A: every actor brokers its two neighbours, both ways
    assert b.raw["total"].tolist() == [2, 2, 2, 2]


def test_analysis_states_the_brokerage_relations():
    net = _network({"knowledge": KNOWLEDGE, "cooperation": [("A", "B"), ("U", "C")]}, KINDS)
    result = analyze(net, relations=["knowledge", "cooperation"], consensus_runs=2)
    assert result.parameters["brokerage_relations"] == ["knowledge"]
    assert result.figures["parameters"]["brokerage_relations"] == ["knowledge"]
    assert result.figures["brokerage"]["relations"] == ["knowledge"]
    assert result.figures["brokerage"]["ties"] == "directed"
    assert result.actors["brokerage_itinerant"].to_dict() == {"A": 0, "U": 1, "B": 0, "C": 0}
    assert result.actors.loc["B", "brokerage_gatekeeper"] == 1
    # degree: A has knowledge A → U and cooperation A – B: two ties
    assert result.actors.loc["A", ["indegree", "outdegree", "degree"]].tolist() == [0, 1, 2]


# ----------------------------------------------------------------- degree
def test_degree_counts_an_undirected_tie_once():
    """Knowledge A → B, cooperation A – B and C – D."""
    net = _network(
        {"knowledge": [("A", "B")], "cooperation": [("A", "B"), ("C", "D")]},
        {k: "firm" for k in "ABCD"},
    )
    view = net.view()
    # the view holds A → B (cooperation+knowledge), B → A, C → D, D → C
    assert view.graph.degree() == [2, 2, 2, 2]
    table = degree_table(view)
    assert table["degree"].to_dict() == {"A": 2, "B": 2, "C": 1, "D": 1}
    assert table["indegree"].to_dict() == {"A": 0, "B": 1, "C": 0, "D": 0}
    assert table["outdegree"].to_dict() == {"A": 1, "B": 0, "C": 0, "D": 0}
    assert table["degree"].sum() == 2 * view.tie_count == 6
    # cooperation alone, directed or not: one tie, one partner
    for directed in (None, True, False):
        coop = net.view("cooperation", directed=directed)
        assert degree(coop).to_dict() == {"A": 1, "B": 1, "C": 1, "D": 1}


def test_a_pair_tied_in_two_directed_relations_is_one_arc_of_the_merged_view():
    """Knowledge and trade A → B: the merged view has one arc (its degree 1), ``ties``
    counts relation by relation (2) — the documented exception to Σ degree = 2 ties."""
    net = _network(
        {"knowledge": [("A", "B")], "trade": [("A", "B")], "cooperation": [("B", "C")]},
        {k: "firm" for k in "ABC"},
    )
    view = net.view()
    assert degree(view).to_dict() == {"A": 1, "B": 2, "C": 1}
    assert view.tie_count == 3
    assert degree(view).sum() == 4


def test_single_relation_degree_is_unchanged():
    v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "c")])
    assert degree(v).to_dict() == {"a": 2, "b": 3, "c": 1}
    net = _network({"knowledge": KNOWLEDGE + [("U", "A")]}, KINDS)
    view = net.view()
    G = view.to_networkx()
    assert degree(view).to_dict() == dict(G.degree())
    assert degree(view, "in").to_dict() == dict(G.in_degree())


# ----------------------------------------------------------------- properties
NAMES = "abcdefg"
_pairs = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6)).filter(lambda p: p[0] != p[1]),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    knowledge=_pairs,
    trade=_pairs,
    cooperation=_pairs,
    groups=st.lists(st.sampled_from(["firm", "research", "agency"]), min_size=7, max_size=7),
)
@pytest.mark.slow
def test_adding_an_undirected_relation_never_changes_brokerage(
    knowledge, trade, cooperation, groups
):
    kinds = dict(zip(NAMES, groups, strict=True))
    directed = {
        "knowledge": [(NAMES[s], NAMES[t]) for s, t in knowledge],
        "trade": [(NAMES[s], NAMES[t]) for s, t in trade],
    }
    coop = [(NAMES[s], NAMES[t]) for s, t in cooperation]
    without = _network(directed, kinds)
    net = _network({**directed, "cooperation": coop}, kinds)
    rels = [r for r in ("knowledge", "trade") if directed[r]]
    if not rels:
        return
    alone, mixed = without.view(rels), net.view([*rels, "cooperation"])
    b_alone, b_mixed = brokerage(alone), brokerage(mixed)
    pd.testing.assert_frame_equal(b_mixed.raw, b_alone.raw)
    pd.testing.assert_frame_equal(b_mixed.z, b_alone.z)
    assert b_mixed.parameters["relations"] == rels
    # the subset count of large networks reads the view the same way
    subset = brokerage_subset(mixed, list(NAMES))
    assert (subset.to_numpy() == b_mixed.table().to_numpy()).all()
    # degree: the directed part as without cooperation, plus each cooperation partner once
    coop_partners = degree(net.view("cooperation")) if coop else pd.Series(0, index=list(NAMES))
    pd.testing.assert_series_equal(degree(mixed, "in"), degree(alone, "in"))
    pd.testing.assert_series_equal(degree(mixed, "out"), degree(alone, "out"))
    np.testing.assert_array_equal(
        degree(mixed).to_numpy(), degree(alone).to_numpy() + coop_partners.to_numpy()
    )
    # cross-check with networkx: union of directed arcs, and the cooperation graph
    D = nx.DiGraph(list(set(directed["knowledge"]) | set(directed["trade"])))
    U = nx.Graph(coop)
    for actor in NAMES:
        d_in = D.in_degree(actor) if actor in D else 0
        d_out = D.out_degree(actor) if actor in D else 0
        u = U.degree(actor) if actor in U else 0
        assert degree(mixed)[actor] == d_in + d_out + u
