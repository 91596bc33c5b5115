"""Upgrading by governance (issue #15, item 3): the main-chain choice, the firm table by
wave, the upgrading-by-governance table and Humphrey & Schmitz's expectations tested with
Fisher's exact test, on hand-computed cases (p-values checked against scipy and against
the hypergeometric sum written out)."""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact

from tramas.graph import Network, StudyInfo
from tramas.metrics import (
    expectations,
    firm_upgrading,
    main_chain,
    tie_governance,
    upgrading_by_governance,
)
from tramas.metrics.governance import UNKNOWN
from tramas.metrics.upgrading import UPGRADING_KINDS

EMPTY_TIES = pd.DataFrame({"source": [], "target": [], "relation": []})


def _actors(ids: list[str], **columns: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"kind": "firm", "internal": True}, index=pd.Index(ids, name="id"))
    for column, values in columns.items():
        frame[column] = values
    return frame


def _gov(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "governance", "buyer_share"])


# ------------------------------------------------------------------ the main chain
def test_main_chain_by_hand():
    gov = _gov(
        [
            # a: the largest share decides
            ("a", "market", 0.2),
            ("a", "quasi_hierarchy", 0.6),
            ("a", "network", None),
            # b: no shares: the most frequent known governance
            ("b", "market", None),
            ("b", "network", None),
            ("b", "network", None),
            ("b", UNKNOWN, None),
            ("b", UNKNOWN, None),
            ("b", UNKNOWN, None),
            # c: no shares, a tie in frequency: GOVERNANCE_ORDER (market first)
            ("c", "quasi_hierarchy", None),
            ("c", "market", None),
            # d: equal largest shares: the known governance
            ("d", UNKNOWN, 0.5),
            ("d", "hierarchy", 0.5),
            # e: the largest share is of unknown governance: never guessed
            ("e", UNKNOWN, 0.7),
            ("e", "market", 0.3),
            # f: nothing known
            ("f", UNKNOWN, None),
            # X: an external supplier is left out
            ("X", "market", 1.0),
        ]
    )
    actors = _actors(list("abcdefX"), internal=[True] * 6 + [False])
    net = Network(actors=actors, ties=EMPTY_TIES.copy())
    main = main_chain(gov, net)
    assert main.name == "main_governance"
    assert main.to_dict() == {
        "a": "quasi_hierarchy",
        "b": "network",
        "c": "market",
        "d": "hierarchy",
        "e": UNKNOWN,
        "f": UNKNOWN,
    }


def test_main_chain_without_a_share_column():
    gov = pd.DataFrame(
        {"source": ["a", "a", "a"], "governance": ["hierarchy", "market", "hierarchy"]}
    )
    net = Network(actors=_actors(["a"]), ties=EMPTY_TIES.copy())
    assert main_chain(gov, net).to_dict() == {"a": "hierarchy"}


# ------------------------------------------------------------------ the firm table
def _wave_network() -> Network:
    actors = _actors(["a", "b", "c", "uni"], kind=["firm", "firm", "firm", "research"])
    ties = pd.DataFrame(
        {
            "source": ["a", "a", "b"],
            "target": ["X", "Y", "X"],
            "relation": "trade",
            "wave": "2025",
            "spec_setter": ["buyer", "supplier", "supplier"],
            "buyer_share": [0.7, 0.3, None],
        }
    )
    upgrading = pd.DataFrame(
        {
            "id": ["a", "a", "a", "b", "uni"],
            "wave": ["2023", "2025", "", "2023", ""],
            "upgrading_process": [0.0, 2.0, np.nan, 1.0, 1.0],
            "upgrading_product": [1.0, np.nan, 0.0, np.nan, np.nan],
            "upgrading_functional": [np.nan, 0.0, 1.0, 0.0, np.nan],
            "upgrading_intersectoral": [np.nan] * 5,
            "functions": ["design", "production;own_brand", "", "sales", ""],
        }
    )
    actors.loc["X", ["kind", "internal"]] = ["firm", False]
    actors.loc["Y", ["kind", "internal"]] = ["firm", False]
    return Network(
        actors=actors,
        ties=ties,
        study=StudyInfo(waves=("2023", "2025")),
        upgrading=upgrading,
    )


def _as_lists(table: pd.DataFrame) -> dict[str, list]:
    return {c: table[c].astype(object).where(table[c].notna(), None).tolist() for c in table}


def test_firm_upgrading_of_the_latest_wave_with_any_wave_rows_filling_in():
    net = _wave_network()
    firms = firm_upgrading(net, tie_governance(net))
    # internal firms (not the research centre, not the external buyers) plus 'uni',
    # which reported upgrading
    assert firms.index.tolist() == ["a", "b", "c", "uni"]
    assert _as_lists(firms) == {
        "main_governance": ["quasi_hierarchy", "market", UNKNOWN, UNKNOWN],
        "chain_ties": [2, 1, 0, 0],
        # a: 2025 score 2 → yes; b: nothing in 2025 nor any-wave
        "upgrading_process": [True, None, None, True],
        # a: 2025 missing, the any-wave row says 0
        "upgrading_product": [False, None, None, None],
        # a: the 2025 row (0) wins over the any-wave row (1)
        "upgrading_functional": [False, None, None, None],
        "upgrading_intersectoral": [None, None, None, None],
        "functions": ["production;own_brand", "", "", ""],
    }


def test_firm_upgrading_of_a_chosen_wave_and_of_all_waves():
    net = _wave_network()
    gov = tie_governance(net)
    old = firm_upgrading(net, gov, wave="2023")
    assert _as_lists(old.loc[["a", "b"]])["upgrading_process"] == [False, True]
    assert _as_lists(old.loc[["a", "b"]])["upgrading_functional"] == [True, False]
    assert old.loc["a", "functions"] == "design"
    every = firm_upgrading(net, gov, wave="all")
    # the highest score over the waves; the functions of every wave
    assert _as_lists(every.loc[["a", "b"]])["upgrading_process"] == [True, True]
    assert _as_lists(every.loc[["a", "b"]])["upgrading_product"] == [True, None]
    assert _as_lists(every.loc[["a", "b"]])["upgrading_functional"] == [True, False]
    assert every.loc["a", "functions"] == "design;production;own_brand"


def test_firm_upgrading_without_upgrading_data():
    net = Network(
        actors=_actors(["a", "b"]),
        ties=pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"}),
    )
    firms = firm_upgrading(net, tie_governance(net))
    assert firms.index.tolist() == ["a", "b"]
    assert firms["main_governance"].tolist() == [UNKNOWN, UNKNOWN]
    for kind in UPGRADING_KINDS:
        assert firms[f"upgrading_{kind}"].isna().all()


# ------------------------------------------------------------------ upgrading by governance
def _firms(groups: dict[str, dict[str, list[Any]]]) -> pd.DataFrame:
    """Firms by main governance: ``{governance: {kind: [True/False/None, ...]}}``."""
    frames = []
    for governance, kinds in groups.items():
        n = len(next(iter(kinds.values())))
        frame = pd.DataFrame({"main_governance": [governance] * n})
        for kind in UPGRADING_KINDS:
            frame[f"upgrading_{kind}"] = pd.array(kinds.get(kind, [None] * n), dtype="boolean")
        frames.append(frame)
    firms = pd.concat(frames, ignore_index=True)
    firms.index = [f"f{i}" for i in range(len(firms))]
    return firms


def test_upgrading_by_governance_by_hand():
    firms = _firms(
        {
            UNKNOWN: {"process": [True]},
            "quasi_hierarchy": {
                "process": [True, True, False],
                "functional": [False, False, None],
            },
            "market": {"process": [None, False], "functional": [True, False]},
        }
    )
    table = upgrading_by_governance(firms)
    assert table.columns.tolist() == ["governance", "kind", "firms", "known", "reporting", "share"]
    assert len(table) == 3 * len(UPGRADING_KINDS)
    rows = {(r.governance, r.kind): r for r in table.itertuples()}
    assert table["governance"].unique().tolist() == ["market", "quasi_hierarchy", UNKNOWN]
    qp = rows[("quasi_hierarchy", "process")]
    assert (qp.firms, qp.known, qp.reporting, qp.share) == (3, 3, 2, pytest.approx(2 / 3))
    qf = rows[("quasi_hierarchy", "functional")]
    assert (qf.firms, qf.known, qf.reporting, qf.share) == (3, 2, 0, 0.0)
    mp = rows[("market", "process")]
    assert (mp.firms, mp.known, mp.reporting, mp.share) == (2, 1, 0, 0.0)
    mf = rows[("market", "functional")]
    assert (mf.known, mf.reporting, mf.share) == (2, 1, 0.5)
    mi = rows[("market", "intersectoral")]
    assert (mi.known, mi.reporting) == (0, 0) and np.isnan(mi.share)


# ------------------------------------------------------------------ the expectations
def _greater(a: int, b: int, c: int, d: int) -> float:
    """One-sided Fisher p (odds ratio > 1) written out: P(X >= a), X hypergeometric."""
    n, row, col = a + b + c + d, a + b, a + c
    top = min(row, col)
    return sum(comb(col, k) * comb(n - col, row - k) for k in range(a, top + 1)) / comb(n, row)


def _less(a: int, b: int, c: int, d: int) -> float:
    n, row, col = a + b + c + d, a + b, a + c
    low = max(0, row - (n - col))
    return sum(comb(col, k) * comb(n - col, row - k) for k in range(low, a + 1)) / comb(n, row)


def _by_key(results: list[dict]) -> dict[str, dict]:
    return {r["key"]: r for r in results}


def test_consistent_expectations_with_hand_computed_p_values():
    firms = _firms(
        {
            "quasi_hierarchy": {
                "process": [True] * 6,
                "product": [True] * 4 + [False] * 2,
                "functional": [False] * 6,
            },
            "market": {
                "process": [True] + [False] * 5,
                "product": [True] * 3 + [False] * 3,
                "functional": [True] * 4 + [False] * 2,
            },
            UNKNOWN: {"process": [False] * 3, "product": [False] * 3, "functional": [True] * 3},
        }
    )
    results = _by_key(expectations(firms))
    assert list(results) == [
        "quasi_hierarchy_process",
        "quasi_hierarchy_product",
        "quasi_hierarchy_functional",
        "market_functional",
    ]

    process = results["quasi_hierarchy_process"]
    # unknown firms are not "other" firms
    assert process["table"] == [[6, 0], [1, 5]]
    assert (process["n"], process["n_group"], process["n_compared"]) == (12, 6, 6)
    # P(X >= 6), X ~ hypergeometric(12 firms, 7 upgrading, 6 drawn) = C(7,6)·C(5,0)/C(12,6)
    assert process["p_value"] == pytest.approx(7 / 924)
    assert process["p_value"] == pytest.approx(_greater(6, 0, 1, 5))
    assert process["p_value"] == pytest.approx(
        fisher_exact([[6, 0], [1, 5]], alternative="greater").pvalue
    )
    assert process["verdict"] == "consistent" and process["test"] == "fisher"
    assert process["expected"] == "high" and process["compared_with"] == "other"

    product = results["quasi_hierarchy_product"]
    assert product["table"] == [[4, 2], [3, 3]]
    # (C(7,4)C(5,2) + C(7,5)C(5,1) + C(7,6)C(5,0)) / C(12,6) = (350 + 105 + 7) / 924
    assert product["p_value"] == pytest.approx(462 / 924)
    assert product["verdict"] == "not_consistent"

    functional = results["quasi_hierarchy_functional"]
    assert functional["table"] == [[0, 6], [4, 2]]
    assert functional["alternative"] == "less" and functional["expected"] == "low"
    # P(X <= 0) = C(4,0)·C(8,6)/C(12,6) = 28/924
    assert functional["p_value"] == pytest.approx(28 / 924)
    assert functional["p_value"] == pytest.approx(_less(0, 6, 4, 2))
    assert functional["verdict"] == "consistent"

    market = results["market_functional"]
    assert market["governance"] == "market" and market["compared_with"] == "quasi_hierarchy"
    assert market["table"] == [[4, 2], [0, 6]]
    assert market["p_value"] == pytest.approx(
        fisher_exact([[4, 2], [0, 6]], alternative="greater").pvalue
    )
    assert market["p_value"] == pytest.approx(_greater(4, 2, 0, 6))
    assert market["verdict"] == "consistent"


def test_not_enough_data_for_small_groups_and_zero_margins():
    firms = _firms(
        {
            # only four quasi-hierarchical firms answered on process
            "quasi_hierarchy": {
                "process": [True] * 4 + [None] * 2,
                "product": [True] * 6,
                "functional": [False] * 6,
            },
            "market": {
                "process": [False] * 6,
                "product": [True] * 6,  # everybody upgrades products: a zero margin
                "functional": [False] * 6,  # nobody upgrades functions: a zero margin
            },
        }
    )
    results = _by_key(expectations(firms))
    assert results["quasi_hierarchy_process"]["table"] == [[4, 0], [0, 6]]
    for key in results:
        assert results[key]["verdict"] == "not_enough_data", key
        assert results[key]["p_value"] is None
    assert results["quasi_hierarchy_product"]["table"] == [[6, 0], [6, 0]]


def test_the_verdict_rule_sits_on_its_thresholds():
    # five firms in each group: enough; p just under and over alpha
    firms = _firms(
        {
            "quasi_hierarchy": {"process": [True] * 4 + [False]},
            "market": {"process": [True] + [False] * 4},
        }
    )
    result = _by_key(expectations(firms))["quasi_hierarchy_process"]
    p = _greater(4, 1, 1, 4)  # (C(5,4)C(5,1) + C(5,5)C(5,0)) / C(10,5) = 26/252
    assert result["p_value"] == pytest.approx(p) == pytest.approx(26 / 252)
    assert result["verdict"] == "not_consistent"  # 0.103 is not below 0.10
    looser = _by_key(expectations(firms, alpha=0.11))["quasi_hierarchy_process"]
    assert looser["verdict"] == "consistent"
    stricter = _by_key(expectations(firms, min_group=6))["quasi_hierarchy_process"]
    assert stricter["verdict"] == "not_enough_data"


def test_gereffi_firms_test_captive_chains():
    firms = _firms(
        {
            "captive": {"process": [True] * 6},
            "market": {"process": [False] * 5 + [True]},
            "modular": {"process": [False] * 2},
        }
    )
    result = _by_key(expectations(firms))["quasi_hierarchy_process"]
    assert result["governance"] == "captive"
    assert result["table"] == [[6, 0], [1, 7]]
    assert result["p_value"] == pytest.approx(_greater(6, 0, 1, 7))


def test_from_survey_ties_to_a_verdict():
    """tie_governance → firm_upgrading → expectations on one network."""
    n = 6
    qh = [f"q{i}" for i in range(n)]
    mk = [f"m{i}" for i in range(n)]
    ties = pd.DataFrame(
        {
            "source": qh + mk,
            "target": "X",
            "relation": "trade",
            "spec_setter": ["buyer"] * n + ["supplier"] * n,
        }
    )
    upgrading = pd.DataFrame(
        {
            "id": qh + mk,
            "wave": "",
            "upgrading_process": [1.0] * n + [1.0] + [0.0] * (n - 1),
            "upgrading_functional": [0.0] * n + [3.0] * 4 + [0.0] * 2,
        }
    )
    actors = _actors([*qh, *mk, "X"], internal=[True] * (2 * n) + [False])
    net = Network(actors=actors, ties=ties, upgrading=upgrading)
    firms = firm_upgrading(net, tie_governance(net))
    table = upgrading_by_governance(firms)
    process = table[(table.governance == "quasi_hierarchy") & (table.kind == "process")]
    assert process[["firms", "reporting"]].values.tolist() == [[6, 6]]
    results = _by_key(expectations(firms))
    assert results["quasi_hierarchy_process"]["table"] == [[6, 0], [1, 5]]
    assert results["market_functional"]["table"] == [[4, 2], [0, 6]]
    assert results["market_functional"]["verdict"] == "consistent"
