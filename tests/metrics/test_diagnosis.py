"""The cluster diagnosis (#15): one result, four files, missing evidence said, the sample's
planted governance and type recovered."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import Network, StudyInfo
from tramas.metrics import DiagnosisResult, analyze, diagnose
from tramas.metrics.diagnosis import GOVERNANCE_CSV_COLUMNS, missing_evidence

from .test_typology import cluster


def with_value_chain(net: Network) -> Network:
    """The seven-actor cluster with evidence on its three wave-2 sales: S1->L1 domestic,
    supplier sets the specs (market); S2->L1 domestic, buyer sets them and takes 60 % of
    S2's sales (quasi-hierarchy); L1->X to the US, same group (hierarchy). Upgrading:
    S2 process and product, S1 functional."""
    ties = net.ties.copy()
    trade = (ties["relation"] == "trade") & (ties["wave"] == "2")
    evidence = {
        ("S1", "L1"): ("domestic", "supplier", False, 0.3, False, "market"),
        ("S2", "L1"): ("domestic", "buyer", True, 0.6, False, "quasi_hierarchy"),
        ("L1", "X"): ("us", "buyer", True, 0.9, True, "market"),
    }
    cols = ["market", "spec_setter", "buyer_monitors", "buyer_share", "ownership_link"]
    for col in [*cols, "governance"]:
        ties[col] = pd.Series([None] * len(ties), dtype=object)
    for i in ties.index[trade]:
        row = evidence[(ties.at[i, "source"], ties.at[i, "target"])]
        for col, value in zip([*cols, "governance"], row, strict=True):
            ties.at[i, col] = value
    for col in ("buyer_monitors", "ownership_link"):
        ties[col] = ties[col].astype("boolean")
    ties["buyer_share"] = ties["buyer_share"].astype(float)
    upgrading = pd.DataFrame(
        {
            "id": ["S1", "S2"],
            "wave": ["", ""],
            "upgrading_process": [0.0, 1.0],
            "upgrading_product": [0.0, 1.0],
            "upgrading_functional": [1.0, 0.0],
            "upgrading_intersectoral": [0.0, 0.0],
            "functions": ["design;production", "production"],
        }
    )
    out = Network(actors=net.actors.copy(), ties=ties, relations=dict(net.relations))
    return dataclasses.replace(out, upgrading=upgrading)


@pytest.fixture(scope="module")
def chain_net() -> Network:
    return with_value_chain(cluster())


@pytest.fixture(scope="module")
def result(chain_net) -> DiagnosisResult:
    return diagnose(chain_net, analyze(chain_net, consensus_runs=2))


def test_governance_of_each_sale(result):
    gov = result.governance.set_index(["source", "target"])
    assert gov.loc[("S1", "L1"), "governance"] == "market"
    assert gov.loc[("S2", "L1"), "governance"] == "quasi_hierarchy"
    assert gov.loc[("L1", "X"), "governance"] == "hierarchy"
    assert gov.loc[("L1", "X"), "stated_governance"] == "market"
    assert result.governance_shares() == pytest.approx(
        {"market": 1 / 3, "quasi_hierarchy": 1 / 3, "hierarchy": 1 / 3}
    )
    assert result.agreement["n"] == 3 and result.agreement["agreeing"] == 2
    assert result.scheme == "humphrey_schmitz" and result.has_value_chain


def test_the_indicators_read_the_value_chain(result):
    assert result.indicators["export_share"]["value"] == pytest.approx(1 / 3)
    assert result.cluster_type["key"] in {"survival", "mass_production", "transnational"}
    assert result.cluster_type["fit"] in {"strong", "weak", "mixed"}
    assert set(result.candidates) == {"types", "stages"}
    # 1/3 of the sales quasi-hierarchical: at the threshold, the option comes up
    assert "quasi_hierarchy_functional" in [p["key"] for p in result.policy]


def test_nothing_is_missing_but_what_is(result):
    assert result.missing == []


def test_the_four_files(result, tmp_path):
    paths = result.write(tmp_path)
    assert [p.name for p in paths] == [
        "governance.csv",
        "governance_by_market.csv",
        "upgrading.csv",
        "diagnosis.json",
    ]
    gov = pd.read_csv(tmp_path / "governance.csv", keep_default_na=False)
    assert list(gov.columns) == list(GOVERNANCE_CSV_COLUMNS)
    assert list(gov.columns[:5]) == ["source", "target", "market", "governance", "rule"]
    assert len(gov) == 3
    row = gov.set_index("source").loc["S2"]
    assert row["governance"] == "quasi_hierarchy" and row["rule"] != ""
    market = pd.read_csv(tmp_path / "governance_by_market.csv")
    assert list(market.columns) == ["market", "governance", "ties", "share"]
    domestic = market[market["market"] == "domestic"].set_index("governance")
    assert domestic["ties"].to_dict() == {"market": 1, "quasi_hierarchy": 1}
    assert domestic["share"].tolist() == [0.5, 0.5]
    up = pd.read_csv(tmp_path / "upgrading.csv", keep_default_na=False)
    assert up.columns[0] == "id" and "main_governance" in up.columns
    assert up.set_index("id").loc["S2", "main_governance"] == "quasi_hierarchy"
    data = json.loads((tmp_path / "diagnosis.json").read_text(encoding="utf-8"))
    for key in ("type", "stage", "fit", "indicators", "tests", "policy", "missing"):
        assert key in data
    assert data["fit"]["type"] == result.cluster_type["fit"]
    assert data["indicators"]["export_share"]["value"] == pytest.approx(1 / 3)


def test_cells_are_formula_guarded(chain_net, tmp_path):
    actors = chain_net.actors.rename(index={"S1": "=cmd()"})
    ties = chain_net.ties.replace({"S1": "=cmd()"})
    net = Network(actors=actors, ties=ties, relations=dict(chain_net.relations))
    d = diagnose(net, analyze(net, consensus_runs=2))
    d.write(tmp_path / "safe")
    d.write(tmp_path / "raw", safe=False)
    assert "'=cmd()" in (tmp_path / "safe" / "governance.csv").read_text(encoding="utf-8")
    assert "\n=cmd()" in (tmp_path / "raw" / "governance.csv").read_text(encoding="utf-8")


def test_a_study_without_value_chain_data_says_what_is_missing(tmp_path):
    net = cluster()
    net = Network(
        actors=net.actors.copy(),
        ties=net.ties[net.ties["relation"] != "trade"].copy(),
        relations={k: v for k, v in net.relations.items() if k != "trade"},
    )
    d = diagnose(net, analyze(net, consensus_runs=2))
    assert d.missing[:2] == ["trade_relation", "upgrading"]
    assert d.governance.empty and not d.has_value_chain
    assert d.indicators["export_share"]["value"] is None
    assert d.cluster_type["key"] != "undetermined"  # sizes and ownership still speak
    paths = d.write(tmp_path)
    gov = pd.read_csv(paths[0])
    assert list(gov.columns) == list(GOVERNANCE_CSV_COLUMNS) and gov.empty


def test_missing_evidence_keys():
    net = cluster()  # trade ties without evidence, no upgrading
    gov = pd.DataFrame({"market": ["", None], "spec_setter": ["", ""], "buyer_share": [None] * 2})
    assert missing_evidence(net, gov, None) == ["market", "spec_setter", "buyer_share", "upgrading"]


def test_study_thresholds_and_unknown_names(chain_net):
    analysis = analyze(chain_net, consensus_runs=2)
    study = dataclasses.replace(chain_net.study, diagnosis={"thresholds": {"export_share": 0.5}})
    net = dataclasses.replace(chain_net, study=study)
    d = diagnose(net, analysis)
    assert d.indicators["export_share"]["threshold"] == 0.5
    assert d.parameters["thresholds"]["export_share"] == 0.5
    assert (
        diagnose(net, analysis, thresholds={"export_share": 0.1}).indicators["export_share"][
            "threshold"
        ]
        == 0.1
    )
    bad = dataclasses.replace(net, study=StudyInfo(diagnosis={"thresholds": {"exports": 1}}))
    with pytest.raises(TramasError) as err:
        diagnose(bad, analysis)
    assert err.value.code == "unknown_threshold"


def test_the_gereffi_scheme(chain_net):
    d = diagnose(chain_net, analyze(chain_net, consensus_runs=2), scheme="gereffi")
    gov = d.governance.set_index(["source", "target"])["governance"]
    assert d.scheme == "gereffi"
    # S2->L1: the buyer sets the specs, monitors and takes 60 %: captive
    assert gov[("S2", "L1")] == "captive" and gov[("L1", "X")] == "hierarchy"


# ---------------------------------------------------------------- the sample (done when)
@pytest.fixture(scope="module")
def sample_diagnosis(sample_network):
    return diagnose(sample_network)


def _planted():
    from tramas.sample import sample_dir

    path = sample_dir() / "planted_value_chains.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_the_sample_recovers_the_planted_type_and_stage(sample_diagnosis):
    planted = _planted()
    assert sample_diagnosis.cluster_type["key"] == planted["cluster_type"]["key"]
    assert sample_diagnosis.stage["key"] == planted["stage"]["key"]
    assert sample_diagnosis.cluster_type["fit"] == "strong"
    assert sample_diagnosis.missing == []


@pytest.mark.slow
def test_the_sample_recovers_95_percent_of_the_planted_governance(sample_diagnosis):
    planted = _planted()["ties"]
    truth = {(t["source"], t["target"], str(t["wave"])): t["governance"] for t in planted}
    gov = sample_diagnosis.governance
    keys = list(zip(gov["source"], gov["target"], gov["wave"].astype(str), strict=True))
    known = [k for k in keys if k in truth]
    assert len(known) == len(gov) > 100
    hits = sum(truth[k] == g for k, g in zip(keys, gov["governance"], strict=True))
    assert hits / len(gov) >= 0.95
