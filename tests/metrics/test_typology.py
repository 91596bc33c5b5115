"""Collective efficiency, cluster type and stage, policy options (#15, items 4 and 5).

A seven-actor cluster with every figure worked out by hand, then the classification and
the policy options on indicator values chosen to hit each rule."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import Network, Relation
from tramas.metrics import analyze
from tramas.metrics.collective import (
    collective_efficiency,
    institution_reach,
    joint_action,
    knowledge_sources,
)
from tramas.metrics.typology import (
    DEFAULT_THRESHOLDS,
    POLICY_SOURCES,
    STAGE_INDICATORS,
    TYPE_CRITERIA,
    classify,
    fit_of,
    indicators,
    policy_options,
    resolve_thresholds,
)


def cluster() -> Network:
    """L1 (large, foreign) and L2 (medium) lead firms, S1-S3 small/micro firms, an
    association A and a foreign buyer X. Wave 2: cooperation S1-S2 (horizontal), S1-L1
    (vertical), S3-A; trade S1->L1, S2->L1, L1->X; knowledge X->L1, L1->S1, S2->S1.
    Wave 1: cooperation S1-S2 and trade S1->L1 only."""
    ids = ["L1", "L2", "S1", "S2", "S3", "A", "X"]
    actors = pd.DataFrame(
        {
            "kind": ["firm"] * 5 + ["association", "firm"],
            "internal": [True] * 6 + [False],
            "size": ["large", "medium", "small", "micro", "small", None, "large"],
            "ownership": ["foreign", "local", "local", "local", "local", None, "foreign"],
        },
        index=pd.Index(ids, name="id"),
    )
    rows = [
        ("S1", "S2", "cooperation", "2", "horizontal"),
        ("S1", "L1", "cooperation", "2", "vertical"),
        ("S3", "A", "cooperation", "2", None),
        ("S1", "L1", "trade", "2", None),
        ("S2", "L1", "trade", "2", None),
        ("L1", "X", "trade", "2", None),
        ("X", "L1", "knowledge", "2", None),
        ("L1", "S1", "knowledge", "2", None),
        ("S2", "S1", "knowledge", "2", None),
        ("S1", "S2", "cooperation", "1", "horizontal"),
        ("S1", "L1", "trade", "1", None),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave", "orientation"])
    relations = {
        "cooperation": Relation("cooperation", directed=False),
        "trade": Relation("trade"),
        "knowledge": Relation("knowledge"),
    }
    return Network(actors=actors, ties=ties, relations=relations)


@pytest.fixture(scope="module")
def net() -> Network:
    return cluster()


@pytest.fixture(scope="module")
def analysis(net):
    result = analyze(net, consensus_runs=2)
    actors = result.actors.assign(lead_firm=result.actors.index.isin(["L1", "L2"]))
    return dataclasses.replace(result, actors=actors)


# ---------------------------------------------------------------- collective efficiency
def test_collective_efficiency_by_hand(net, analysis):
    ce = collective_efficiency(net, analysis)
    coop = ce["cooperation"]
    assert (coop["horizontal"], coop["vertical"], coop["total"]) == (1, 1, 3)
    assert coop["horizontal_share"] == pytest.approx(0.5)
    assert coop["per_firm"] == pytest.approx(3 / 5)
    assert coop["horizontal_density"] == pytest.approx(1 / 10)  # 5 firms: 10 pairs
    j = ce["joint_action"]
    assert (j["bilateral"], j["multilateral"], j["firms_multilateral"]) == (2, 1, 1)
    assert j["multilateral_share"] == pytest.approx(1 / 3)
    inst = ce["institutions"]
    assert (inst["institutions"], inst["firms"], inst["smes"]) == (1, 5, 4)
    assert inst["firm_reach"] == pytest.approx(1 / 5)
    assert inst["sme_reach"] == pytest.approx(1 / 4)
    assert inst["institutions_per_10_firms"] == pytest.approx(2.0)
    k = ce["knowledge"]
    assert (k["received"], k["from_inside"], k["from_outside"]) == (3, 2, 1)
    assert ce["linked_firm_share"] == pytest.approx(4 / 5)  # L2 has no tie in wave 2


def test_joint_action_counts_a_pair_once_and_ignores_institutions_among_themselves():
    a = pd.DataFrame(
        {"kind": ["firm", "firm", "association", "research"]},
        index=pd.Index(["f", "g", "ch", "u"], name="id"),
    )
    coop = pd.DataFrame(
        {"source": ["f", "g", "ch", "f", "ch"], "target": ["g", "f", "f", "ch", "u"]}
    )
    j = joint_action(coop, a)
    assert (j["bilateral"], j["multilateral"], j["firms_multilateral"]) == (1, 1, 1)
    assert j["firms_multilateral_share"] == pytest.approx(0.5)
    assert joint_action(None, a)["multilateral_share"] is None


def test_institution_reach_and_knowledge_without_data():
    from tramas.graph import NetworkView

    v = NetworkView.from_edges([("a", "b")])
    reach = institution_reach(v)  # no kind: every actor is a firm, no institution
    assert reach["institutions"] == 0 and reach["firm_reach"] == 0.0
    assert knowledge_sources(None)["outside_share"] is None


# ---------------------------------------------------------------- thresholds
def test_thresholds_from_the_study_then_the_call():
    th = resolve_thresholds(
        {"thresholds": {"export_share": 0.3, "lead_firms": 2}}, {"export_share": 0.4}
    )
    assert th["export_share"] == 0.4 and th["lead_firms"] == 2.0
    assert th["micro_small_share"] == DEFAULT_THRESHOLDS["micro_small_share"]


def test_an_unknown_threshold_suggests_the_closest_name():
    with pytest.raises(TramasError, match="export_shar") as err:
        resolve_thresholds({"thresholds": {"export_shar": 0.3}})
    assert err.value.code == "unknown_threshold"
    assert err.value.values["suggestion"] == "export_share"
    with pytest.raises(TramasError) as err:
        resolve_thresholds(None, {"export_share": "high"})
    assert err.value.code == "threshold_not_number"


def test_every_criterion_and_stage_indicator_has_thresholds():
    for criteria in TYPE_CRITERIA.values():
        assert set(criteria) <= set(DEFAULT_THRESHOLDS)
    for name in STAGE_INDICATORS:
        assert DEFAULT_THRESHOLDS[f"{name}_low"] < DEFAULT_THRESHOLDS[f"{name}_high"]


# ---------------------------------------------------------------- indicators
def test_indicators_by_hand(net, analysis):
    gov = pd.DataFrame({"market": ["us", "domestic", "europe", ""]})
    ind = indicators(net, analysis, gov, None)
    value = {k: v["value"] for k, v in ind.items()}
    assert value["micro_small_share"] == pytest.approx(3 / 5)
    assert value["medium_large_share"] == pytest.approx(2 / 5)
    assert value["export_share"] == pytest.approx(2 / 3)
    assert ind["export_share"]["n"] == 3
    assert value["lead_firms"] == 2
    assert value["foreign_lead_share"] == pytest.approx(1 / 2)
    assert value["foreign_firm_share"] == pytest.approx(1 / 5)
    assert value["lead_local_share"] == pytest.approx(2 / 3)  # L1: S1, S2 inside, X outside
    assert value["cooperation_per_firm"] == pytest.approx(3 / 5)
    assert value["horizontal_per_firm"] == pytest.approx(1 / 5)
    assert value["linked_firm_share"] == pytest.approx(4 / 5)
    assert value["firm_reach"] == pytest.approx(1 / 5)
    assert value["firms_multilateral_share"] == pytest.approx(1 / 5)
    assert value["institutions_per_10_firms"] == pytest.approx(2.0)
    assert value["tie_growth"] == pytest.approx((9 - 2) / 2)
    assert ind["tie_growth"]["direction"] == "down"
    assert ind["firm_reach"]["threshold"] == [0.25, 0.6]
    assert all(v["source"] for v in ind.values())


def test_indicators_say_what_they_lack(net, analysis):
    ind = indicators(net, analysis, None, None)
    assert ind["export_share"]["value"] is None and ind["export_share"]["n"] == 0
    one_wave = Network(actors=net.actors.copy(), ties=net.ties[net.ties["wave"] == "2"].copy())
    assert indicators(one_wave, analysis, None, None)["tie_growth"]["value"] is None


# ---------------------------------------------------------------- classification
def _values(**values):
    return {k: {"value": v} for k, v in values.items()}


@pytest.mark.parametrize(
    ("agree", "with_data", "fit"),
    [(4, 4, "strong"), (3, 4, "strong"), (2, 2, "weak"), (2, 3, "weak"), (1, 3, "mixed"),
     (0, 0, "mixed")],
)  # fmt: skip
def test_fit(agree, with_data, fit):
    assert fit_of(agree, with_data) == fit


def test_survival_cluster_strong():
    c = classify(
        _values(
            micro_small_share=0.95,
            medium_large_share=0.05,
            export_share=0.05,
            cooperation_per_firm=0.3,
            lead_firms=0,
        )
    )
    t = c["type"]
    assert (t["key"], t["fit"], t["agree"], t["with_data"]) == ("survival", "strong", 4, 4)
    assert t["against"] == [] and t["missing"] == []


def test_mass_production_weak_with_evidence_against():
    # 2 of 4 agree for mass production; survival 1 of 4; transnational 1 of 2 (weak too,
    # fewer agreeing indicators)
    c = classify(
        _values(
            micro_small_share=0.8,
            medium_large_share=0.2,
            export_share=0.05,
            lead_firms=0,
            foreign_lead_share=0.2,
            cooperation_per_firm=1.5,
        )
    )
    t = c["type"]
    assert t["key"] == "mass_production" and t["fit"] == "weak"
    assert t["for"] == ["medium_large_share", "foreign_lead_share"]
    assert t["against"] == ["export_share", "lead_firms"]


def test_transnational_and_mixed():
    c = classify(
        _values(
            foreign_lead_share=0.8,
            foreign_firm_share=0.4,
            lead_local_share=0.3,
            medium_large_share=0.3,
        )
    )
    assert c["type"]["key"] == "transnational" and c["type"]["fit"] == "strong"
    # every type has 1 of 4 indicators agreeing: mixed (the first type in order is named)
    c = classify(
        _values(
            micro_small_share=0.5,
            medium_large_share=0.05,
            export_share=0.5,
            cooperation_per_firm=2.0,
            lead_firms=0,
            foreign_lead_share=0.9,
            foreign_firm_share=0.0,
            lead_local_share=0.9,
        )
    )
    assert [t["agree"] for t in c["types"]] == [1, 1, 1]
    assert (c["type"]["key"], c["type"]["fit"]) == ("survival", "mixed")


def test_never_strong_with_fewer_than_three_indicators():
    c = classify(_values(foreign_lead_share=0.9, foreign_firm_share=0.9))
    t = c["type"]
    assert (t["key"], t["agree"], t["with_data"], t["fit"]) == ("transnational", 2, 2, "weak")
    assert set(t["missing"]) == {"lead_local_share", "medium_large_share"}


def test_nothing_known_is_undetermined():
    c = classify({})
    assert c["type"]["key"] == "undetermined" and c["stage"]["key"] == "undetermined"
    assert c["type"]["fit"] == "mixed" and "export_share" in c["type"]["missing"]


def test_stage_votes():
    stage = classify(
        _values(
            linked_firm_share=0.3,  # embryonic (< 0.5)
            horizontal_per_firm=0.2,  # embryonic (< 0.5)
            firm_reach=0.4,  # consolidated
            tie_growth=0.4,  # growing fast: embryonic (>= 0.25, direction down)
        )
    )["stage"]
    assert (stage["key"], stage["fit"], stage["agree"]) == ("embryonic", "strong", 3)
    assert stage["against"] == ["firm_reach"]
    mature = classify(_values(linked_firm_share=0.95, firm_reach=0.7, tie_growth=0.01))
    assert mature["stage"]["key"] == "mature" and mature["stage"]["fit"] == "strong"
    # a tie between embryonic and mature goes to the earlier stage, one with consolidated to it
    tied = classify(_values(linked_firm_share=0.95, horizontal_per_firm=0.1))["stage"]
    assert tied["key"] == "embryonic" and tied["fit"] == "weak"
    middle = classify(_values(linked_firm_share=0.95, firm_reach=0.4))["stage"]
    assert middle["key"] == "consolidated"


def test_thresholds_change_the_classification():
    values = _values(micro_small_share=0.85, medium_large_share=0.05, export_share=0.05)
    assert classify(values)["type"]["agree"] == 2  # 0.85 < 0.9: not "mostly micro and small"
    th = resolve_thresholds(None, {"micro_small_share": 0.8})
    assert classify(values, th)["type"]["agree"] == 3


# ---------------------------------------------------------------- policy options
def test_policy_options_by_type_stage_and_situation():
    options = policy_options(
        "mass_production",
        "consolidated",
        {
            "governance_shares": {"quasi_hierarchy": 0.4, "market": 0.6},
            "smes": {"isolated": 3, "weak": 2, "connected": 40, "not_sme": 10},
            "collective": {
                "institutions": {"firm_reach": 0.1},
                "knowledge": {"outside_share": 0.05},
            },
        },
    )
    keys = [o["key"] for o in options]
    assert keys == [
        "mass_production_suppliers",
        "consolidated_joint_action",
        "quasi_hierarchy_functional",
        "market_chains_standards",
        "sme_linkages",  # 5 of 45 SMEs: 11 % >= 5 %
        "strengthen_institutions",
        "knowledge_gatekeepers",
    ]
    assert {o["source"] for o in options} <= set(POLICY_SOURCES.values())
    assert options[2]["source"] == "humphrey_schmitz_2002"
    assert options[2]["trigger"] == "quasi_hierarchy_share"


def test_no_situational_option_without_its_evidence():
    options = policy_options(
        "undetermined",
        "mature",
        {
            "governance_shares": {"quasi_hierarchy": 0.2, "market": 0.3, "unknown": 0.5},
            "smes": {"connected": 40, "not_sme": 10},
            "collective": {"institutions": {"firm_reach": None}, "knowledge": {}},
        },
    )
    assert [o["key"] for o in options] == ["mature_renewal"]


def test_policy_texts_are_options_in_both_languages():
    from tramas.locale import texts

    for key in POLICY_SOURCES:
        assert "one option is" in texts("en")[f"diagnosis.policy.{key}"].lower()
        assert "una opción es" in texts("es")[f"diagnosis.policy.{key}"].lower()


def test_one_indicator_names_no_type_or_stage():
    """A headline must be valid for its data: one indicator with data is no evidence of a
    type or a stage, so both stay `undetermined` (with what is missing)."""
    from tramas.metrics.typology import MIN_INDICATORS, classify

    assert MIN_INDICATORS == 2
    one = {"lead_firms": {"value": 1}, "firm_reach": {"value": 0.9}}
    c = classify(one)
    assert c["type"]["key"] == "undetermined" and c["type"]["missing"]
    assert c["type"]["with_data"] == 1 and "lead_firms" not in c["type"]["missing"]
    assert c["stage"]["key"] == "undetermined" and c["stage"]["with_data"] == 1
    two = {"lead_firms": {"value": 3}, "medium_large_share": {"value": 0.3}}
    assert classify(two)["type"]["key"] != "undetermined"
