"""Cluster roles: cognitive roles, lead firms and isolated SMEs on hand-built networks."""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.graph import Network, NetworkView, Relation
from tramas.locale.reasons import lead_firm_reasons, reason_texts, role_reasons, sme_reasons
from tramas.metrics import (
    CognitiveThresholds,
    LeadFirmWeights,
    cognitive_roles,
    isolated_smes,
    lead_firms,
)
from tramas.metrics.views import wave_views

RELATIONS = {
    "knowledge": Relation("knowledge"),
    "trade": Relation("trade"),
    "cooperation": Relation("cooperation", directed=False),
}


def actors_table() -> pd.DataFrame:
    rows = {
        # id: kind, internal, size, ownership
        "G": ("firm", True, "large", "foreign"),
        "M": ("firm", True, "medium", "local"),
        "S": ("firm", True, "small", "national"),
        "A": ("firm", True, "micro", "local"),
        "E": ("firm", True, "small", "local"),
        "I": ("firm", True, "micro", "local"),
        "F1": ("firm", True, "small", "local"),
        "F2": ("firm", True, None, "local"),
        "U": ("research", True, None, None),
        "X1": ("firm", False, "large", "foreign"),
        "X2": ("firm", False, "large", "foreign"),
    }
    t = pd.DataFrame.from_dict(
        rows, orient="index", columns=["kind", "internal", "size", "ownership"]
    )
    t.index.name = "id"
    t["name"] = "Org " + t.index
    return t


def knowledge_edges() -> list[tuple[str, str]]:
    return [
        ("X1", "G"),
        ("G", "F1"),
        ("G", "F2"),  # gatekeeper: outside in, passes on
        ("M", "F1"),
        ("M", "F2"),
        ("F1", "M"),
        ("F2", "M"),  # mutual exchanger
        ("S", "F1"),
        ("S", "A"),  # source
        ("F1", "A"),  # absorber A receives from S and F1
        ("X2", "E"),
        ("E", "X1"),  # external star
    ]


def network(with_cooperation: bool = True, with_trade: bool = True) -> Network:
    rows = [dict(source=s, target=t, relation="knowledge", wave="1") for s, t in knowledge_edges()]
    if with_trade:
        # everyone sells to M; F1 sells to G
        rows += [
            dict(source=s, target="M", relation="trade", wave="1") for s in ("S", "A", "E", "F2")
        ]
        rows += [dict(source="F1", target="G", relation="trade", wave="1")]
    if with_cooperation:
        rows += [
            dict(source="G", target="F1", relation="cooperation", wave="1", orientation="vertical"),
            dict(source="F1", target="G", relation="cooperation", wave="1", orientation="vertical"),
            dict(source="G", target="F2", relation="cooperation", wave="1", orientation="vertical"),
            dict(
                source="S", target="A", relation="cooperation", wave="1", orientation="horizontal"
            ),
        ]
    rels = {
        k: v
        for k, v in RELATIONS.items()
        if k == "knowledge"
        or (k == "trade" and with_trade)
        or (k == "cooperation" and with_cooperation)
    }
    return Network(actors_table(), pd.DataFrame(rows), relations=dict(rels))


THRESHOLDS = CognitiveThresholds(outdegree=2, indegree=2, openness=1)


def knowledge(net: Network) -> NetworkView | None:
    """The knowledge view that goes with ``net.view()``."""
    return wave_views(net, net.view()).knowledge


def components(net: Network) -> dict:
    """The knowledge, trade and cooperation selections that go with ``net.view()``."""
    views = wave_views(net, net.view())
    return {"knowledge": views.knowledge, "trade": views.trade, "cooperation": views.cooperation}


def test_each_cognitive_role():
    net = network()
    roles = cognitive_roles(net.view(), knowledge=knowledge(net), thresholds=THRESHOLDS)
    got = roles.table["cognitive_role"].to_dict()
    assert got["G"] == "gatekeeper"
    assert got["M"] == "mutual_exchanger"
    assert got["S"] == "source"
    assert got["A"] == "absorber"
    assert got["E"] == "external_star"
    assert got["I"] == "isolated"
    assert got["X1"] == got["X2"] == "external"
    assert got["F1"] == "mutual_exchanger"  # gives to M and A, receives from G, M, S
    t = roles.table
    assert t.loc["G", ["internal_outdegree", "internal_indegree", "openness"]].tolist() == [2, 0, 1]
    assert t.loc["E", "openness"] == 2  # X2 -> E and E -> X1: two external partners
    assert roles.relation == "knowledge"
    assert roles.thresholds == {"outdegree": 2.0, "indegree": 2.0, "openness": 1.0}
    assert t.loc["G", "role_reason_code"] == "classified"
    assert t.loc["X1", "role_reason_code"] == "external"
    words = role_reasons(roles, "en")
    assert "gives knowledge to 2 cluster actors" in words["G"]
    assert words["X1"].startswith("outside the cluster")


def test_default_thresholds_are_the_cluster_means():
    net = network()
    roles = cognitive_roles(net.view(), knowledge=knowledge(net))
    internal = roles.table[roles.table["cognitive_role"] != "external"]
    assert roles.thresholds["outdegree"] == pytest.approx(internal["internal_outdegree"].mean())
    assert roles.thresholds["openness"] == pytest.approx(internal["openness"].mean())
    median = cognitive_roles(
        net.view(),
        knowledge=knowledge(net),
        thresholds=CognitiveThresholds("median", "median", "median"),
    )
    assert median.thresholds["outdegree"] == pytest.approx(internal["internal_outdegree"].median())
    with pytest.raises(ValueError, match="unknown threshold"):
        cognitive_roles(
            net.view(), knowledge=knowledge(net), thresholds=CognitiveThresholds(outdegree="max")
        )


def test_cognitive_roles_fall_back_to_the_analysed_relation_and_speak_spanish():
    v = NetworkView.from_edges(knowledge_edges(), actors=actors_table())
    roles = cognitive_roles(v, thresholds=THRESHOLDS)
    assert roles.table.loc["G", "cognitive_role"] == "gatekeeper"
    assert roles.relation != "knowledge"  # the analysed ties stand in
    words = role_reasons(roles, "es")
    assert words["G"].startswith("guardián tecnológico")
    assert "no hay relación de conocimiento" in words["G"]


def test_lead_firm_components_and_ranking():
    net = network()
    view = net.view()
    leads = lead_firms(view, **components(net), top=2)
    t = leads.table
    # components: knowledge out-degree, trade PageRank, vertical partners, size, ownership
    assert t.loc["G", "knowledge_out"] == 2
    assert t.loc["M", "knowledge_out"] == 2
    assert t.loc["G", "vertical_ties"] == 2  # F1 (reported twice) and F2
    assert t.loc["F1", "vertical_ties"] == 1
    assert t.loc["G", "size"] == 1.0 and t.loc["A", "size"] == 0.0
    assert t.loc["G", "ownership"] == 1.0 and t.loc["S", "ownership"] == 0.5
    assert t.loc["M", "trade_pagerank"] == t["trade_pagerank"].max()
    # eligible: internal firms; the university and external firms are ranked after them
    eligible = t.index[t["eligible"]]
    assert set(eligible) == {"G", "M", "S", "A", "E", "I", "F1", "F2"}
    assert sorted(t.loc[eligible, "lead_firm_rank"]) == list(range(1, 9))
    assert t.loc[["U", "X1", "X2"], "lead_firm_rank"].min() == 9
    assert t.loc["G", "lead_firm_rank"] == 1
    assert list(leads.ranking().index[:2]) == ["G", "M"]
    assert t["lead_firm"].sum() == 2
    # the score is the weighted mean of the max-scaled components
    w = LeadFirmWeights().as_dict()
    manual = sum(w[k] * t.loc["S", f"scaled_{k}"] for k in w) / sum(w.values())
    assert t.loc["S", "lead_firm_score"] == pytest.approx(manual)
    assert t.loc[["G", "U", "X1"], "lead_firm_reason_code"].tolist() == [
        "ranked",
        "kind",
        "external",
    ]
    assert leads.parameters["eligible"] == 8
    words = lead_firm_reasons(leads, view.actors, "en")
    assert "rank 1 of 8 cluster firms" in words["G"]
    assert "not ranked among lead firms (kind research)" in words["U"]
    assert "outside the cluster" in words["X1"]
    assert leads.unavailable == () and leads.substituted == {}


def test_lead_firm_weights_are_configurable():
    net = network()
    only_trade = LeadFirmWeights(
        knowledge_out=0, trade_pagerank=1, betweenness=0, vertical_ties=0, size=0, ownership=0
    )
    leads = lead_firms(net.view(), **components(net), weights=only_trade)
    t = leads.table
    assert t.loc["M", "lead_firm_rank"] == 1
    assert t.loc["M", "lead_firm_score"] == pytest.approx(1.0)
    assert t.loc["M", "lead_firm_drivers"] == "trade_pagerank"
    assert "trade PageRank" in lead_firm_reasons(leads, net.view().actors, "en")["M"]


def test_lead_firms_degrade_gracefully_and_say_so():
    actors = actors_table().drop(columns=["ownership"])
    v = NetworkView.from_edges(knowledge_edges(), actors=actors)
    leads = lead_firms(v)
    assert set(leads.unavailable) == {"vertical_ties", "ownership"}
    assert set(leads.substituted) == {"knowledge_out", "trade_pagerank"}
    reason = lead_firm_reasons(leads, actors, "en")["G"]
    assert "not available: vertical cooperation ties, ownership" in reason
    assert "knowledge out-degree taken from the analysed ties" in reason
    assert not leads.table["lead_firm_score"].isna().any()
    # a network without a cooperation relation: vertical ties unavailable too
    net = network(with_cooperation=False)
    assert "vertical_ties" in lead_firms(net.view(), **components(net)).unavailable


def test_isolated_and_weakly_connected_smes():
    net = network()
    smes = isolated_smes(net.view())
    status = smes["sme_status"].to_dict()
    assert status["I"] == "isolated"
    assert status["G"] == "not_sme"  # large
    assert status["U"] == "not_sme"  # not a firm
    assert status["X1"] == "not_sme"  # outside the cluster
    assert status["S"] == "connected"
    assert smes.loc["I", "contacts"] == 0
    assert not smes.loc["F2", "size_known"]
    assert "size unknown" in sme_reasons(smes, net.view().actors, "en")["F2"]
    # a firm with one contact is weakly connected
    v = NetworkView.from_edges([("A", "S"), ("S", "M"), ("M", "F1")], actors=actors_table())
    s = isolated_smes(v)
    assert s.loc["A", "sme_status"] == "weak"
    assert s.loc["S", "sme_status"] == "connected"
    # outside the largest component: weak whatever the contacts
    v2 = NetworkView.from_edges(
        [("S", "M"), ("M", "F1"), ("F1", "S"), ("S", "F2"), ("A", "E"), ("E", "I"), ("I", "A")],
        actors=actors_table(),
    )
    s2 = isolated_smes(v2)
    assert s2.loc["E", "sme_status"] == "weak"
    assert s2.loc["E", "sme_reason_code"] == "weak_outside"
    assert "fuera del componente principal" in sme_reasons(s2, actors_table(), "es")["E"]


def test_spanish_reasons_use_spanish_category_values():
    from tramas.ingest import load
    from tramas.metrics.analysis import analyze
    from tramas.sample import sample_dir

    words = reason_texts(analyze(load(sample_dir() / "study.toml")), "es")
    text = " ".join(words["lead_firm_reason"].astype(str)) + " ".join(
        words["sme_reason"].astype(str)
    )
    assert "tamaño: grande" in text or "tamaño: mediana" in text
    assert "tamaño mediana" not in text  # a category is named after a colon
    for english in ("tamaño: large", "tamaño: medium", "propiedad: foreign", "tipo research"):
        assert english not in text
