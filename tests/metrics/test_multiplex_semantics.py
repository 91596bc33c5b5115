"""Multiplex semantics: a tie without direction is never a mutual pair, counts once, and
figures that depend on direction use the directed relations only, relation by relation
(issue #12)."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from multiplex_cases import multiplex_network
from tramas.cli import app
from tramas.graph import Network, NetworkView
from tramas.metrics.analysis import analyze
from tramas.metrics.figures import (
    centralization,
    network_figures,
    reciprocity,
    reciprocity_by_relation,
)

runner = CliRunner()


def _network(knowledge, cooperation, actors="ABCD") -> Network:
    return multiplex_network(
        {"knowledge": knowledge, "cooperation": cooperation},
        list(actors),
        relations=("knowledge", "cooperation"),
    )


def four_actors() -> Network:
    """Knowledge A→B, B→C, C→D (no tie returned) and cooperation A–B, C–D."""
    return _network([("A", "B"), ("B", "C"), ("C", "D")], [("A", "B"), ("C", "D")])


# ----------------------------------------------------------------- the four-actor case
def test_four_actors_reciprocity_is_zero_through_the_api():
    net = four_actors()
    view = net.view()
    assert view.directed and view.undirected_relations == ("cooperation",)
    # the merged graph holds both arcs of each cooperation tie: 4 of its 5 arcs are mutual
    assert view.graph.reciprocity() == pytest.approx(0.8)
    # ...but those arcs are mutual by construction, never a returned tie
    assert reciprocity(view) == 0.0
    assert reciprocity_by_relation(view) == {"knowledge": 0.0}
    f = network_figures(view)
    assert f["reciprocity"] == 0.0
    assert f["reciprocity_by_relation"] == {"knowledge": 0.0}
    assert f["undirected_relations"] == ["cooperation"]
    # the directed relation alone, cross-checked with networkx
    alone = net.view("knowledge")
    assert reciprocity(alone) == nx.overall_reciprocity(alone.to_networkx()) == 0.0
    assert analyze(net, consensus_runs=2).figures["reciprocity"] == 0.0


def test_four_actors_tie_counts_count_an_undirected_tie_once():
    net = four_actors()
    f = network_figures(net.view())
    assert f["ties_by_relation"] == {"knowledge": 3, "cooperation": 2}
    assert f["ties"] == 5
    # arcs of the graph: A→B (both relations), B→A, B→C, C→D (both), D→C
    assert sorted(map(tuple, net.view().edges()[["source", "target"]].to_numpy())) == [
        ("A", "B"), ("B", "A"), ("B", "C"), ("C", "D"), ("D", "C")
    ]  # fmt: skip
    assert network_figures(net.view("cooperation"))["ties"] == 2
    undirected = net.view(directed=False)
    assert network_figures(undirected)["ties_by_relation"] == {"knowledge": 3, "cooperation": 2}
    assert network_figures(undirected)["reciprocity"] is None


def test_in_and_out_centralisation_use_the_directed_relations_only():
    net = four_actors()
    merged = network_figures(net.view())
    alone = network_figures(net.view("knowledge"))
    for key in ("centralization_indegree", "centralization_outdegree"):
        assert merged[key] == pytest.approx(alone[key])
    # by hand: knowledge in-degrees (A..D) 0, 1, 1, 1; max sum (n-1)^2 = 9
    assert merged["centralization_indegree"] == pytest.approx(centralization([0, 1, 1, 1], 9))
    # a directed view of an undirected relation only: no direction to speak of
    coop = network_figures(net.view("cooperation", directed=True))
    assert coop["reciprocity"] is None and coop["reciprocity_by_relation"] == {}
    assert "centralization_indegree" not in coop


def test_degree_centralisation_counts_an_undirected_tie_once():
    # knowledge A→B and cooperation C–D (two arcs in the merged graph, whose degrees are
    # 1, 1, 2, 2): each actor has one tie
    net = _network([("A", "B")], [("C", "D")])
    assert net.view().graph.degree() == [1, 1, 2, 2]
    f = network_figures(net.view())
    assert f["centralization_degree"] == pytest.approx(centralization([1, 1, 1, 1], 3 * 4))
    assert f["centralization_degree"] == 0.0
    assert f["isolates"] == 0


def test_a_tie_returned_in_another_relation_is_not_returned():
    # knowledge A→B and trade B→A: an exchange, but no relation is returned
    net = Network(
        actors=pd.DataFrame(index=pd.Index(["A", "B"], name="id")),
        ties=pd.DataFrame(
            {"source": ["A", "B"], "target": ["B", "A"], "relation": ["knowledge", "trade"]}
        ),
    )
    assert reciprocity(net.view()) == 0.0
    assert reciprocity_by_relation(net.view()) == {"knowledge": 0.0, "trade": 0.0}


def _write_four_actor_files(tmp_path):
    (tmp_path / "actors.csv").write_text(
        "id,name,kind\nA,Alfa,firm\nB,Beta,firm\nC,Gama,firm\nD,Delta,firm\n", encoding="utf-8"
    )
    (tmp_path / "ties.csv").write_text(
        "source,target,relation\n"
        "A,B,knowledge\nB,C,knowledge\nC,D,knowledge\nA,B,cooperation\nC,D,cooperation\n",
        encoding="utf-8",
    )


def test_four_actors_network_json_from_a_study_file(tmp_path):
    # plain --actors/--ties input makes every relation directed; a study file says that
    # cooperation has no direction
    _write_four_actor_files(tmp_path)
    (tmp_path / "study.toml").write_text(
        '[study]\nkey = "four"\ntitle = "Four actors"\n\n[actors]\nfile = "actors.csv"\n\n'
        '[[relations]]\nname = "knowledge"\ndirected = true\n\n'
        '[[relations]]\nname = "cooperation"\ndirected = false\n\n'
        '[[ties]]\nshape = "edgelist"\nfile = "ties.csv"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["analyze", "--study", str(tmp_path / "study.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert figures["reciprocity"] == 0.0
    assert figures["reciprocity_by_relation"] == {"knowledge": 0.0}
    assert figures["ties"] == 5
    assert figures["ties_by_relation"] == {"knowledge": 3, "cooperation": 2}
    assert figures["undirected_relations"] == ["cooperation"]


def test_four_actors_network_json_from_actors_and_ties_files(tmp_path):
    _write_four_actor_files(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "analyze",
            "--actors",
            str(tmp_path / "actors.csv"),
            "--ties",
            str(tmp_path / "ties.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads((out / "network.json").read_text(encoding="utf-8"))
    # both relations directed here: A→B is in both, yet no tie is returned in its relation
    assert figures["reciprocity"] == 0.0
    assert figures["reciprocity_by_relation"] == {"knowledge": 0.0, "cooperation": 0.0}
    assert figures["ties"] == 5


# ----------------------------------------------------------------- the bundled sample
@pytest.mark.parametrize("wave", ["2023", "2025"])
def test_sample_reciprocity_relation_by_relation(sample_network, wave):
    f = network_figures(
        sample_network.view(wave=wave), cooperation=sample_network.select_ties("cooperation", wave)
    )
    assert set(f["reciprocity_by_relation"]) == {"knowledge", "trade"}
    arcs, mutual = 0, 0.0
    for rel in ("knowledge", "trade"):
        G = sample_network.view(rel, wave=wave).to_networkx()
        expected = nx.overall_reciprocity(G)
        assert f["reciprocity_by_relation"][rel] == pytest.approx(expected)
        arcs += G.number_of_edges()
        mutual += expected * G.number_of_edges()
    assert f["reciprocity"] == pytest.approx(mutual / arcs)
    # no relation is mostly two-way
    assert max(f["reciprocity_by_relation"].values()) < 0.5
    # every tie counted once, relation by relation: the merged view agrees with the relations
    per_relation = {
        rel: network_figures(sample_network.view(rel, wave=wave))["ties"]
        for rel in sample_network.relations
    }
    assert f["ties_by_relation"] == per_relation
    assert f["ties"] == sum(per_relation.values())
    undirected = sample_network.view("cooperation", wave=wave).to_networkx()
    assert per_relation["cooperation"] == undirected.number_of_edges()


def test_sample_latest_wave_figures(sample_network):
    f = network_figures(sample_network.view())
    assert f["reciprocity_by_relation"]["knowledge"] == pytest.approx(0.08)
    assert f["reciprocity_by_relation"]["trade"] == 0.0
    assert f["ties"] == 541


# ----------------------------------------------------------------- property
_pairs = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda p: p[0] != p[1]),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(knowledge=_pairs, cooperation=_pairs)
def test_adding_an_undirected_relation_never_changes_directed_reciprocity(knowledge, cooperation):
    names = "abcdefgh"
    net = _network(
        [(names[s], names[t]) for s, t in knowledge],
        [(names[s], names[t]) for s, t in cooperation],
        actors=names,
    )
    alone = net.view("knowledge")
    merged = net.view()
    G = alone.to_networkx()
    expected = nx.overall_reciprocity(G) if G.number_of_edges() else None
    assert reciprocity(alone) == pytest.approx(expected)
    assert reciprocity(merged) == pytest.approx(expected)
    f_alone, f_merged = network_figures(alone), network_figures(merged)
    for key in ("centralization_indegree", "centralization_outdegree"):
        assert f_merged[key] == pytest.approx(f_alone[key])
    coop = net.view("cooperation").to_networkx()
    assert f_merged["ties"] == G.number_of_edges() + coop.number_of_edges()


def test_views_not_made_by_a_network_keep_their_meaning():
    v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "c")])
    assert reciprocity(v) == pytest.approx(nx.overall_reciprocity(v.to_networkx()))
    assert v.tie_count == v.n_ties == 3
