"""Governance of value-chain ties (issue #15, item 2): every default rule of both schemes,
study rules, waves, the summaries and the agreement with a stated governance, on small
networks whose answers are worked out by hand."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import Network, StudyInfo
from tramas.metrics import (
    default_rules,
    governance_by_buyer,
    governance_by_market,
    governance_shares,
    stated_agreement,
    tie_governance,
    trade_ties,
)
from tramas.metrics.governance import EVIDENCE_COLUMNS, UNKNOWN

COLUMNS = [
    "source",
    "target",
    "wave",
    "market",
    "governance",
    "rule",
    "spec_setter",
    "buyer_monitors",
    "buyer_share",
    "ownership_link",
    "intermediary",
    "stated_governance",
]


def _network(
    rows: list[dict[str, Any]],
    *,
    internal: dict[str, bool] | None = None,
    governance: dict[str, Any] | None = None,
    waves: tuple[str, ...] = (),
) -> Network:
    """Trade ties (plus any ``relation`` given) between firms; ``internal`` false for the
    ids given so; the study's ``[governance]`` block."""
    ties = pd.DataFrame([{"relation": "trade", "wave": "1", "weight": 1.0, **row} for row in rows])
    for column in ("buyer_monitors", "ownership_link", "intermediary"):
        if column in ties.columns:
            ties[column] = ties[column].astype("boolean")
    ids = sorted(set(ties["source"]) | set(ties["target"]))
    internal = internal or {}
    actors = pd.DataFrame(
        {"kind": "firm", "internal": [internal.get(i, True) for i in ids]},
        index=pd.Index(ids, name="id"),
    )
    study = StudyInfo(waves=waves, governance=governance or {})
    return Network(actors=actors, ties=ties, study=study)


def _one(evidence: dict[str, Any], **kw: Any) -> tuple[str, str]:
    gov = tie_governance(_network([{"source": "a", "target": "b", **evidence}]), **kw)
    assert len(gov) == 1
    return gov.loc[0, "governance"], gov.loc[0, "rule"]


# ------------------------------------------------------------------ the default rules
@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            {"ownership_link": True, "spec_setter": "buyer"},
            ("hierarchy", "hierarchy_if_ownership_link"),
        ),
        ({"spec_setter": "buyer"}, ("quasi_hierarchy", "quasi_hierarchy_if_buyer_sets_specs")),
        (
            {"ownership_link": False, "spec_setter": "buyer"},
            ("quasi_hierarchy", "quasi_hierarchy_if_buyer_sets_specs"),
        ),
        ({"spec_setter": "joint"}, ("network", "network_if_joint_specs")),
        ({"spec_setter": "supplier"}, ("market", "market_if_supplier_or_standard_specs")),
        ({"spec_setter": "standard"}, ("market", "market_if_supplier_or_standard_specs")),
        ({"ownership_link": False}, (UNKNOWN, "")),
        ({"spec_setter": "", "buyer_monitors": True}, (UNKNOWN, "")),
        ({"market": "us"}, (UNKNOWN, "")),
    ],
)
def test_humphrey_schmitz_rules_in_order(evidence, expected):
    assert _one(evidence) == expected


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            {"ownership_link": True, "spec_setter": "joint"},
            ("hierarchy", "hierarchy_if_ownership_link"),
        ),
        (
            {"spec_setter": "buyer", "buyer_monitors": True, "buyer_share": 0.5},
            ("captive", "captive_if_buyer_specs_monitors_and_dominates"),
        ),
        (
            {"spec_setter": "buyer", "buyer_monitors": True, "buyer_share": 0.4},
            ("captive", "captive_if_buyer_sets_specs"),
        ),
        (
            {"spec_setter": "buyer", "buyer_monitors": None, "buyer_share": 0.9},
            ("captive", "captive_if_buyer_sets_specs"),
        ),
        ({"spec_setter": "joint"}, ("relational", "relational_if_joint_specs")),
        ({"spec_setter": "standard"}, ("modular", "modular_if_standard_specs")),
        ({"spec_setter": "supplier"}, ("market", "market_if_supplier_specs")),
        ({"buyer_monitors": True, "buyer_share": 0.9}, (UNKNOWN, "")),
    ],
)
def test_gereffi_rules_in_order(evidence, expected):
    assert _one(evidence, scheme="gereffi") == expected


def test_default_rules_are_the_documented_ones():
    assert [(r.name, r.then) for r in default_rules("humphrey_schmitz")] == [
        ("hierarchy_if_ownership_link", "hierarchy"),
        ("quasi_hierarchy_if_buyer_sets_specs", "quasi_hierarchy"),
        ("network_if_joint_specs", "network"),
        ("market_if_supplier_or_standard_specs", "market"),
    ]
    assert [r.then for r in default_rules("gereffi")] == [
        "hierarchy",
        "captive",
        "relational",
        "modular",
        "captive",
        "market",
    ]


def test_ties_without_evidence_columns_are_unknown_and_keep_the_columns():
    net = _network([{"source": "a", "target": "b"}, {"source": "c", "target": "b"}])
    gov = tie_governance(net)
    assert list(gov.columns) == COLUMNS
    assert gov["governance"].tolist() == [UNKNOWN, UNKNOWN]
    assert gov["rule"].tolist() == ["", ""]
    assert gov["buyer_monitors"].isna().all() and gov["buyer_share"].isna().all()


def test_no_value_chain_relation_gives_empty_frames():
    ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": ["knowledge"]})
    net = Network(actors=pd.DataFrame(index=["a", "b"]), ties=ties)
    assert trade_ties(net).empty
    gov = tie_governance(net)
    assert gov.empty and list(gov.columns) == COLUMNS
    assert governance_shares(gov).empty
    assert governance_by_market(gov).empty
    assert governance_by_buyer(gov, net).empty
    assert stated_agreement(gov)["n"] == 0


def test_the_study_names_the_value_chain_relation():
    net = _network(
        [
            {"source": "a", "target": "b", "relation": "sales", "spec_setter": "buyer"},
            {"source": "c", "target": "b", "relation": "trade", "spec_setter": "buyer"},
        ],
        governance={"relation": "sales"},
    )
    gov = tie_governance(net)
    assert gov[["source", "governance"]].values.tolist() == [["a", "quasi_hierarchy"]]


def test_an_unknown_value_chain_relation_is_an_error():
    net = _network([{"source": "a", "target": "b"}], governance={"relation": "sales"})
    with pytest.raises(TramasError) as err:
        tie_governance(net)
    assert err.value.code == "unknown_relation"


# ------------------------------------------------------------------ study rules
def test_study_rules_replace_the_defaults_in_order():
    rows = [
        # rule_1: US market and the buyer monitors
        {
            "source": "a",
            "target": "X",
            "market": "us",
            "buyer_monitors": True,
            "spec_setter": "buyer",
        },
        # US but the buyer does not monitor, and the buyer sets the specs: no rule
        {
            "source": "b",
            "target": "X",
            "market": "us",
            "buyer_monitors": False,
            "spec_setter": "buyer",
        },
        # missing monitoring never matches a boolean condition
        {
            "source": "c",
            "target": "X",
            "market": "us",
            "buyer_monitors": None,
            "spec_setter": "joint",
        },
        {"source": "d", "target": "X", "market": "domestic", "spec_setter": "supplier"},
    ]
    rules = [
        {"when": {"market": "us", "buyer_monitors": True}, "then": "quasi_hierarchy"},
        {"when": {"spec_setter": ["supplier", "joint"]}, "then": "market"},
    ]
    gov = tie_governance(_network(rows, governance={"rules": rules}))
    assert gov[["source", "governance", "rule"]].values.tolist() == [
        ["a", "quasi_hierarchy", "rule_1"],
        ["b", UNKNOWN, ""],
        ["c", "market", "rule_2"],
        ["d", "market", "rule_2"],
    ]


def test_arguments_win_over_the_study():
    rows = [{"source": "a", "target": "X", "spec_setter": "joint", "buyer_share": 0.7}]
    study = {"scheme": "gereffi", "rules": [{"when": {"spec_setter": "joint"}, "then": "captive"}]}
    net = _network(rows, governance=study)
    assert tie_governance(net)["governance"].tolist() == ["captive"]
    assert tie_governance(net, scheme="humphrey_schmitz", rules=[])["governance"].tolist() == [
        "network"
    ]
    by_share = [{"when": {"buyer_share": {">": 0.6}}, "then": "hierarchy", "name": "big"}]
    gov = tie_governance(net, rules=by_share)
    assert gov[["governance", "rule"]].values.tolist() == [["hierarchy", "big"]]


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"scheme": "porter"}, "governance_scheme"),
        (
            {"rules": [{"when": {"spec_setter": "buyer"}, "then": "captive"}]},
            "governance_rule_label",
        ),
        ({"rules": [{"when": {"colour": "red"}, "then": "market"}]}, "governance_rule_column"),
        (
            {"rules": [{"when": {"buyer_share": {"~": 1}}, "then": "market"}]},
            "governance_rule_operator",
        ),
    ],
)
def test_bad_schemes_and_rules_are_errors_with_codes(kw, code):
    with pytest.raises(TramasError) as err:
        tie_governance(_network([{"source": "a", "target": "b"}]), **kw)
    assert err.value.code == code


# ------------------------------------------------------------------ waves
def _two_waves() -> Network:
    rows = [
        {"source": "a", "target": "X", "wave": "2023", "spec_setter": "buyer", "market": "us"},
        {"source": "a", "target": "X", "wave": "2025", "market": "us"},
        {"source": "b", "target": "X", "wave": "2023", "spec_setter": "supplier"},
        {"source": "b", "target": "X", "wave": "2025", "spec_setter": "joint"},
        {"source": "c", "target": "X", "wave": "2023", "spec_setter": "joint"},
    ]
    return _network(rows, waves=("2023", "2025"))


def test_the_latest_wave_by_default():
    gov = tie_governance(_two_waves())
    assert gov[["source", "wave", "governance"]].values.tolist() == [
        ["a", "2025", UNKNOWN],
        ["b", "2025", "network"],
    ]
    old = tie_governance(_two_waves(), wave="2023")
    assert old["governance"].tolist() == ["quasi_hierarchy", "market", "network"]


def test_all_waves_keep_the_tie_with_most_evidence_then_the_latest():
    gov = tie_governance(_two_waves(), wave="all")
    assert gov[["source", "wave", "governance"]].values.tolist() == [
        ["a", "2023", "quasi_hierarchy"],  # two pieces of evidence against one
        ["b", "2025", "network"],  # as much evidence: the later wave
        ["c", "2023", "network"],
    ]


# ------------------------------------------------------------------ summaries
def _summary_network() -> Network:
    spec = [
        ("a", "US1", "us", "buyer"),
        ("b", "US1", "us", "buyer"),
        ("c", "US2", "us", "supplier"),
        ("a", "d", "domestic", "supplier"),
        ("b", "d", "domestic", "standard"),
        ("c", "d", "domestic", None),
        ("d", "EU", "", "joint"),
    ]
    rows = [{"source": s, "target": t, "market": m, "spec_setter": p} for s, t, m, p in spec]
    return _network(rows, internal={"US1": False, "US2": False, "EU": False})


def test_governance_by_market_by_hand():
    table = governance_by_market(tie_governance(_summary_network()))
    assert table.columns.tolist() == ["market", "governance", "ties", "share"]
    assert table.values.tolist() == [
        ["domestic", "market", 2, pytest.approx(2 / 3)],
        ["domestic", UNKNOWN, 1, pytest.approx(1 / 3)],
        ["us", "market", 1, pytest.approx(1 / 3)],
        ["us", "quasi_hierarchy", 2, pytest.approx(2 / 3)],
        ["", "network", 1, 1.0],
    ]


def test_governance_by_external_buyer_by_hand():
    net = _summary_network()
    table = governance_by_buyer(tie_governance(net), net)
    assert table.values.tolist() == [
        ["EU", "network", 1, 1.0],
        ["US1", "quasi_hierarchy", 2, 1.0],
        ["US2", "market", 1, 1.0],
    ]


def test_governance_shares_by_hand():
    table = governance_shares(tie_governance(_summary_network()))
    assert table.values.tolist() == [
        ["market", 3, pytest.approx(3 / 7)],
        ["network", 1, pytest.approx(1 / 7)],
        ["quasi_hierarchy", 2, pytest.approx(2 / 7)],
        [UNKNOWN, 1, pytest.approx(1 / 7)],
    ]
    assert table["share"].sum() == pytest.approx(1.0)


# ------------------------------------------------------------------ stated governance
def _kappa(stated: list[str], derived: list[str]) -> float:
    """Cohen's kappa written out from its definition."""
    n = len(stated)
    labels = set(stated) | set(derived)
    p_o = sum(s == d for s, d in zip(stated, derived, strict=True)) / n
    p_e = sum((stated.count(k) / n) * (derived.count(k) / n) for k in labels)
    return (p_o - p_e) / (1 - p_e)


def test_stated_agreement_and_kappa_by_hand():
    pairs = (
        [("market", "market")] * 4
        + [("quasi_hierarchy", "quasi_hierarchy")] * 3
        + [("market", "quasi_hierarchy"), ("quasi_hierarchy", "market")]
        + [("hierarchy", "hierarchy")]
        # not compared: no stated governance, or derived unknown
        + [("", "market"), ("market", UNKNOWN), ("unknown", "market")]
    )
    gov = pd.DataFrame(pairs, columns=["stated_governance", "governance"])
    result = stated_agreement(gov)
    # p_o = 8/10; margins 5/4/1 on both sides: p_e = .25 + .16 + .01 = .42
    assert result["n"] == 10 and result["agreeing"] == 8
    assert result["share"] == pytest.approx(0.8)
    assert result["kappa"] == pytest.approx(0.38 / 0.58)
    compared = pairs[:10]
    assert result["kappa"] == pytest.approx(_kappa(*map(list, zip(*compared, strict=True))))
    assert result["confusion"] == {
        "market": {"market": 4, "quasi_hierarchy": 1},
        "quasi_hierarchy": {"market": 1, "quasi_hierarchy": 3},
        "hierarchy": {"hierarchy": 1},
    }


def test_stated_governance_is_read_from_the_ties_and_normalised():
    rows = [
        {"source": "a", "target": "X", "spec_setter": "buyer", "governance": "Quasi-hierarchy"},
        {"source": "b", "target": "X", "spec_setter": "supplier", "governance": "quasi_hierarchy"},
        {"source": "c", "target": "X", "spec_setter": "supplier", "governance": "market"},
        {"source": "d", "target": "X", "spec_setter": "joint"},
    ]
    gov = tie_governance(_network(rows))
    assert gov["stated_governance"].tolist() == [
        "quasi_hierarchy",
        "quasi_hierarchy",
        "market",
        "",
    ]
    result = stated_agreement(gov)
    assert (result["n"], result["agreeing"]) == (3, 2)
    # stated q,q,m against derived q,m,m: p_o = 2/3, p_e = 2/3·1/3 + 1/3·2/3 = 4/9
    assert result["kappa"] == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))


def test_kappa_is_undefined_when_both_sides_use_one_label():
    gov = pd.DataFrame({"stated_governance": ["market"] * 3, "governance": ["market"] * 3})
    result = stated_agreement(gov)
    assert result["share"] == 1.0 and result["kappa"] is None


def test_trade_ties_normalise_evidence_values():
    rows = [
        {
            "source": "a",
            "target": "X",
            "market": " US ",
            "spec_setter": "Buyer",
            "buyer_share": "0.25",
        }
    ]
    ties = trade_ties(_network(rows))
    assert ties.loc[0, ["market", "spec_setter", "buyer_share"]].tolist() == ["us", "buyer", 0.25]
    assert set(EVIDENCE_COLUMNS) <= set(ties.columns)
    assert str(ties["ownership_link"].dtype) == "boolean"
