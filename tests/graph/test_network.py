"""The in-memory network and its views: relations, waves, symmetrising, non-respondents."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import Network, NetworkView, Relation
from tramas.locale import t


@pytest.fixture
def net() -> Network:
    actors = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "E"],
            "kind": ["firm", "firm", "firm", "research", "firm"],
            "internal": [True, True, True, True, False],
            "respondent": [True, True, False, True, False],
        },
        index=["a", "b", "c", "d", "e"],
    )
    ties = pd.DataFrame(
        [
            ("a", "b", "coop", "1", 2.0, "a"),
            ("b", "a", "coop", "1", 4.0, "b"),
            ("a", "c", "coop", "1", 1.0, "a"),
            ("d", "a", "know", "1", 1.0, "a"),
            ("a", "e", "know", "1", 3.0, "a"),
            ("b", "c", "know", "1", 1.0, "b"),
            ("b", "c", "know", "2", 2.0, "b"),
            ("d", "b", "know", "2", 1.0, "b"),
        ],
        columns=["source", "target", "relation", "wave", "weight", "reported_by"],
    )
    rels = {"coop": Relation("coop", directed=False), "know": Relation("know")}
    return Network(actors, ties, rels)


def _pairs(view: NetworkView) -> dict[tuple[str, str], float]:
    return {(r.source, r.target): r.weight for r in view.edges().itertuples()}


def test_latest_wave_by_default_and_isolates_kept(net):
    assert net.waves == ("1", "2")
    v = net.view("know")
    assert v.wave == "2" and v.directed
    assert _pairs(v) == {("b", "c"): 2.0, ("d", "b"): 1.0}
    assert list(v.ids) == ["a", "b", "c", "d", "e"]  # every actor is a vertex
    assert set(_pairs(net.view("know", wave="all"))) == {
        ("d", "a"),
        ("a", "e"),
        ("b", "c"),
        ("d", "b"),
    }
    assert _pairs(net.view("know", wave="all"))[("b", "c")] == 2.0  # largest across waves


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("union", {("a", "b"): 3.0, ("a", "c"): 1.0}),
        ("max", {("a", "b"): 4.0, ("a", "c"): 1.0}),
        ("reciprocated", {("a", "b"): 3.0}),
        ("min", {("a", "b"): 2.0}),
    ],
)
def test_symmetrize_rules(net, rule, expected):
    v = net.view("coop", wave="1", symmetrize=rule)
    assert not v.directed
    assert _pairs(v) == expected


def test_directed_view_of_undirected_relation_has_both_arcs(net):
    v = net.view("coop", wave="1", directed=True)
    assert set(_pairs(v)) == {("a", "b"), ("b", "a"), ("a", "c"), ("c", "a")}


def test_reconstruct_nonrespondents(net):
    # c and e did not answer: ties reported about them are mirrored
    v = net.view("know", wave="1", nonrespondents="reconstruct")
    assert set(_pairs(v)) == {("d", "a"), ("a", "e"), ("e", "a"), ("b", "c"), ("c", "b")}


def test_multiplex_view_sums_weights_and_names_relations(net):
    v = net.view(["coop", "know"], wave="1", directed=False)
    e = v.edges().set_index(["source", "target"])
    assert e.loc[("a", "b"), "weight"] == 3.0
    assert e.loc[("a", "d"), "relation"] == "know"
    assert e.loc[("a", "c"), "relation"] == "coop"
    assert v.n_ties == 5


def test_internal_only_and_unweighted(net):
    v = net.view("know", wave="1", internal_only=True, weight=None)
    assert "e" not in v.ids
    assert v.weights is None and set(v.graph.es["weight"]) == {1.0}


def test_networkx_conversion_matches(net):
    v = net.view("know", wave="all")
    G = v.to_networkx()
    assert isinstance(G, nx.DiGraph)
    assert set(G.nodes) == set(v.ids) and G.nodes["d"]["kind"] == "research"
    assert sorted(G.edges) == sorted(_pairs(v))
    assert nx.degree_centrality(G)["b"] == pytest.approx(v.graph.degree(v.vertex("b")) / 4)


def test_unknown_relation_and_wave(net):
    with pytest.raises(TramasError, match="unknown relation") as err:
        net.view("friendship")
    assert err.value.code == "unknown_relation" and "know" in err.value.hint
    with pytest.raises(TramasError, match="unknown wave") as err:
        net.view("know", wave="9")
    assert err.value.code == "unknown_wave"


@pytest.mark.parametrize(
    ("select", "message", "hint", "spanish"),
    [
        (
            lambda n: n.view(["know", "friendship"]),
            "unknown relation(s) friendship",
            "this network has: coop, know",
            "relaciones desconocidas: friendship",
        ),
        (
            lambda n: n.select_ties("friendship"),
            "unknown relation(s) friendship",
            "this network has: coop, know",
            "relaciones desconocidas: friendship",
        ),
        (
            lambda n: n.view("know", wave="9"),
            "unknown wave '9'",
            "this network has waves: 1, 2",
            "ola desconocida: '9'",
        ),
        (
            lambda n: n.select_ties("know", wave="9"),
            "unknown wave '9'",
            "this network has waves: 1, 2",
            "ola desconocida: '9'",
        ),
        (
            lambda n: n.select_wave("all", merged=False),
            "unknown wave 'all'",
            "this network has waves: 1, 2",
            "ola desconocida: 'all'",
        ),
        (
            lambda n: n.view("know").attribute("colour"),
            "no actor attribute 'colour'",
            "actor attributes: internal, kind, name, respondent",
            "los actores no tienen el atributo 'colour'",
        ),
    ],
)
def test_selection_errors_say_what_exists(net, select, message, hint, spanish):
    with pytest.raises(TramasError) as err:
        select(net)
    exc = err.value
    assert exc.message == message and exc.hint == hint
    # worded in the command's language from the catalogue, with the same values
    assert t(f"error.{exc.code}", "en", **exc.values) == message
    assert t(f"hint.{exc.code}", "en", **exc.values) == hint
    assert t(f"error.{exc.code}", "es", **exc.values) == spanish
    # the Spanish hint lists the same names
    assert hint.split(": ", 1)[1] in t(f"hint.{exc.code}", "es", **exc.values)


def test_selection_defaults(net):
    assert net.select_relations() == ["coop", "know"]
    assert net.select_relations("know") == ["know"]
    assert net.select_wave() == "2" and net.select_wave("1") == "1"
    assert net.select_wave("all") is None


def test_view_constructors():
    v = NetworkView.from_edges([("x", "y"), ("y", "z", 2.5)])
    assert v.weighted and list(v.ids) == ["x", "y", "z"]
    assert v.series([1, 2, 3]).to_dict() == {"x": 1, "y": 2, "z": 3}
    sub = v.subview(["y", "z"])
    assert sub.n_actors == 2 and sub.n_ties == 1


def test_merged_relations_are_named_like_a_join_of_the_sorted_distinct_relations():
    """The fast merge of parallel edges gives what a plain per-pair join gives."""
    import numpy as np

    from tramas.graph.network import merge_relations

    rng = np.random.default_rng(0)
    ids = [f"a{i}" for i in range(40)]
    edges = pd.DataFrame(
        {
            "source": rng.choice(ids, 3000),
            "target": rng.choice(ids, 3000),
            "weight": rng.random(3000),
            "relation": rng.choice(["knowledge", "trade", "cooperation"], 3000),
        }
    )
    expected = edges.groupby(["source", "target"], sort=False, as_index=False).agg(
        weight=("weight", "sum"), relation=("relation", lambda s: "+".join(sorted(set(s))))
    )
    pd.testing.assert_frame_equal(merge_relations(edges), expected)
