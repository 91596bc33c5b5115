"""Report sections "Value chains, governance and upgrading" and "Cluster diagnosis" (#15)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import tramas.metrics.diagnosis as diagnosis_module
from language_checks import ENGLISH, SPANISH, clean, found
from tramas.graph import Network
from tramas.graph.model import StudyInfo
from tramas.locale import t
from tramas.metrics.diagnosis import diagnose
from tramas.report.build import build_report


def section(html_path, key: str) -> BeautifulSoup:
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    found_ = soup.find(attrs={"data-section": key})
    assert found_ is not None, key
    return found_


def figure(sec: BeautifulSoup, key: str) -> float:
    return float(sec.find(attrs={"data-key": key})["data-value"])


def words(sec: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", sec.get_text(" "))


def small_chain() -> Network:
    """Five suppliers selling to two external buyers, with hand-set evidence.

    us: s1->X buyer specs (quasi-hierarchy), s2->X buyer specs (quasi-hierarchy),
    s3->X supplier specs (market); domestic: s4->Y joint (network), s5->Y standard (market).
    The buyer X is named with markup, which the report must escape.
    """
    actors = pd.DataFrame(
        {
            "name": ["S1", "S2", "S3", "S4", "S5", "<script>alert(1)</script> Ltd", "Y Co"],
            "kind": "firm",
            "size": ["small", "small", "medium", "micro", "small", "large", "large"],
            "internal": [True] * 5 + [False, False],
        },
        index=["s1", "s2", "s3", "s4", "s5", "X", "Y"],
    )
    ties = pd.DataFrame(
        {
            "source": ["s1", "s2", "s3", "s4", "s5", "s1"],
            "target": ["X", "X", "X", "Y", "Y", "s2"],
            "relation": ["trade"] * 5 + ["cooperation"],
            "market": ["us", "us", "us", "domestic", "domestic", ""],
            "spec_setter": ["buyer", "buyer", "supplier", "joint", "standard", ""],
        }
    )
    return Network(actors, ties, study=StudyInfo(key="small-chain", title="Small chain"))


@pytest.fixture(scope="module")
def sample_reports(sample_network, tmp_path_factory):
    out = tmp_path_factory.mktemp("vc")
    d = diagnose(sample_network, seed=42)
    reports = {
        lang: build_report(
            sample_network,
            out / lang / "report.html",
            lang=lang,
            null_samples=0,
            interactive_map=False,
            seed=42,
            diagnosis=d,
        )
        for lang in ("es", "en")
    }
    return d, reports


def test_sections_follow_the_diagnosis_in_both_languages(sample_reports):
    d, reports = sample_reports
    for lang, result in reports.items():
        assert result.diagnosis is d
        i = result.sections.index("value_chains")
        assert result.sections[i + 1] == "diagnosis"
        vc = section(result.html, "value_chains")
        assert vc.find("h2").get_text() == t("sec_value_chains", lang)
        assert figure(vc, "value_chains.ties") == len(d.governance)
        known = int((d.governance["governance"] != "unknown").sum())
        assert figure(vc, "value_chains.known") == known
        # every expectation is worded with its own numbers
        for i, test in enumerate(d.expectations):
            (a, a_no), (b, b_no) = test["table"]
            if test["p_value"] is None:
                assert figure(vc, f"tests.{i}.n") == test["n"]
                continue
            assert figure(vc, f"tests.{i}.group_yes") == a
            assert figure(vc, f"tests.{i}.group_n") == a + a_no
            assert figure(vc, f"tests.{i}.compared_yes") == b
            assert figure(vc, f"tests.{i}.compared_n") == b + b_no
            assert figure(vc, f"tests.{i}.p") == pytest.approx(test["p_value"])
            assert t(f"vc_verdict.{test['verdict']}", lang) in words(vc)
        dg = section(result.html, "diagnosis")
        assert dg.find("h2").get_text() == t("sec_diagnosis", lang)
        assert t(f"diagnosis.type.{d.cluster_type['key']}", lang) in words(dg)
        assert t(f"diagnosis.stage.{d.stage['key']}", lang) in words(dg)
        for option in d.policy:
            assert t(f"diagnosis.policy.{option['key']}", lang).rstrip(".") in words(dg)


def test_tables_equal_the_diagnosis(sample_reports):
    d, reports = sample_reports
    folder = reports["en"].html.with_name("report-tables")
    market = pd.read_csv(folder / "governance_by_market.csv", keep_default_na=False)
    assert market["Ties"].tolist() == d.by_market["ties"].tolist()
    assert market["Share of the market's ties"].to_numpy() == pytest.approx(
        d.by_market["share"].to_numpy()
    )
    shares = pd.read_csv(folder / "governance_shares.csv")
    assert shares["Ties"].sum() == len(d.governance)
    assert shares["governance"].tolist() == d.shares["governance"].tolist()
    upgrading = pd.read_csv(folder / "upgrading_by_governance.csv")
    assert upgrading["Firms that answered"].tolist() == d.upgrading["known"].tolist()
    indicators = pd.read_csv(folder / "diagnosis_indicators.csv")
    assert indicators["indicator"].tolist() == list(d.indicators)


def test_spanish_sections_have_no_english_and_english_none_spanish(sample_reports, sample_network):
    _, reports = sample_reports
    for key in ("value_chains", "diagnosis"):
        es = clean(words(section(reports["es"].html, key)), sample_network)
        assert found(es, ENGLISH) == []
        en = clean(words(section(reports["en"].html, key)), sample_network)
        assert found(en, SPANISH) == []


def test_small_chain_hand_computed(tmp_path):
    net = small_chain()
    result = build_report(
        net, tmp_path / "r.html", lang="en", null_samples=0, interactive_map=False
    )
    vc = section(result.html, "value_chains")
    assert figure(vc, "value_chains.ties") == 5
    assert figure(vc, "value_chains.known") == 5
    folder = tmp_path / "r-tables"
    market = pd.read_csv(folder / "governance_by_market.csv", keep_default_na=False)
    rows = {
        (m, g): (n, s)
        for m, g, n, s in zip(
            market["Destination market"],
            market["Governance"],
            market["Ties"],
            market["Share of the market's ties"],
            strict=True,
        )
    }
    assert rows == {
        ("domestic market", "network"): (1, 0.5),
        ("domestic market", "market"): (1, 0.5),
        ("United States", "market"): (1, pytest.approx(1 / 3)),
        ("United States", "quasi-hierarchy"): (2, pytest.approx(2 / 3)),
    }
    shares = pd.read_csv(folder / "governance_shares.csv").set_index("governance")
    assert shares["Ties"].to_dict() == {"market": 2, "network": 1, "quasi_hierarchy": 2}
    buyers = pd.read_csv(folder / "governance_by_buyer.csv")
    # X has three ties and comes first
    assert buyers["Buyer"].iloc[0] == "<script>alert(1)</script> Ltd"
    assert buyers["Ties"].tolist()[:2] == [2, 1]
    # survey text is escaped in the HTML
    html = result.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ltd" in html
    # no upgrading data: one line says so, and no test is run
    assert t("vc_upgrading_none", "en") in words(vc)
    assert vc.find(attrs={"data-key": "tests.0.p"}) is None


def test_a_study_without_value_chain_data_says_what_is_missing(tmp_path):
    actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": "firm"}, index=["a", "b", "c"])
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "knowledge"})
    for lang in ("en", "es"):
        result = build_report(
            Network(actors, ties),
            tmp_path / lang / "r.html",
            lang=lang,
            null_samples=0,
            interactive_map=False,
        )
        assert "value_chains" in result.sections and "diagnosis" in result.sections
        vc = words(section(result.html, "value_chains"))
        assert t("diagnosis.missing.trade_relation", lang) in vc
        assert t("diagnosis.missing.upgrading", lang) in vc
        assert "trade_relation" in result.diagnosis.missing
        dg = words(section(result.html, "diagnosis"))
        assert t("diagnosis.missing.trade_relation", lang) in dg


def test_diagnosis_is_computed_once_per_report(monkeypatch, tmp_path):
    calls = []
    real = diagnosis_module.diagnose

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(diagnosis_module, "diagnose", counting)
    net = small_chain()
    result = build_report(
        net, tmp_path / "r.html", lang="en", null_samples=0, interactive_map=False
    )
    assert len(calls) == 1
    given = build_report(
        net,
        tmp_path / "s.html",
        lang="en",
        null_samples=0,
        interactive_map=False,
        analysis=result.analysis,
        diagnosis=result.diagnosis,
    )
    assert len(calls) == 1 and given.diagnosis is result.diagnosis
