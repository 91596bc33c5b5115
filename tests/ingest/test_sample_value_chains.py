"""The value chains planted in the bundled sample: markets, governance evidence, upgrading.

The checks read the bundled files as text and re-derive governance with the default
Humphrey & Schmitz rules written out here, independently of tramas.metrics.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter

import pandas as pd
import pytest
from scipy.stats import fisher_exact
from typer.testing import CliRunner

from tramas.cli import app
from tramas.ingest import load
from tramas.sample import generate_sample, sample_dir
from tramas.sample.survey import TIE_COLUMNS
from tramas.sample.value_chains import FUNCTIONS, main_chain, plant_value_chains

DATA = sample_dir()
EVIDENCE = ["market", "spec_setter", "buyer_monitors", "buyer_share", "ownership_link",
            "intermediary"]  # fmt: skip
MARKETS = {"domestic", "us", "europe", "latin_america", "other"}
KINDS = ["process", "product", "functional", "intersectoral"]


@pytest.fixture(scope="module")
def ties() -> pd.DataFrame:
    return pd.read_csv(DATA / "ties.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return pd.read_csv(DATA / "actors.csv", dtype=str, keep_default_na=False).set_index("id")


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((DATA / "planted_value_chains.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def upgrading() -> pd.DataFrame:
    return pd.read_csv(DATA / "upgrading.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sales(ties, planted) -> pd.DataFrame:
    """Trade ties with their planted governance and the governance the rules derive."""
    trade = ties[ties["relation"] == "trade"]
    truth = pd.DataFrame(planted["ties"]).rename(
        columns={"governance": "planted", "market": "planted_market"}
    )
    out = trade.merge(truth, on=["source", "target", "wave"], how="outer", validate="1:1")
    out["derived"] = [_hs_rule(r) for r in out.itertuples()]
    return out


def _hs_rule(tie) -> str:
    """Humphrey & Schmitz's default rules, in order (issue #15)."""
    if tie.ownership_link == "true":
        return "hierarchy"
    return {"buyer": "quasi_hierarchy", "joint": "network", "supplier": "market",
            "standard": "market"}.get(tie.spec_setter, "unknown")  # fmt: skip


# ------------------------------------------------------------------ the ties file
def test_trade_ties_carry_valid_evidence_and_other_ties_none(ties):
    assert list(ties.columns) == TIE_COLUMNS + EVIDENCE
    trade = ties["relation"] == "trade"
    assert (ties.loc[~trade, EVIDENCE] == "").all().all()
    t = ties[trade]
    assert set(t["market"]) == MARKETS
    assert set(t["spec_setter"]) == {"buyer", "supplier", "joint", "standard", ""}
    for col in ("buyer_monitors", "ownership_link", "intermediary"):
        assert set(t[col]) == {"true", "false", ""}, col
    share = pd.to_numeric(t["buyer_share"].replace("", None))
    assert share.dropna().between(0.01, 1).all() and 0 < share.isna().mean() < 0.1
    by_seller = share.groupby([t["wave"], t["source"]]).sum()
    assert (by_seller <= 1.0 + 1e-9).all()
    assert set(t["governance"]) == {"", "market", "network", "quasi_hierarchy", "hierarchy"}


def test_market_follows_the_buyer(ties, actors):
    t = ties[ties["relation"] == "trade"]
    country = t["target"].map(actors["region"]).where(t["target"].str[0] == "X", "internal")
    expected = {"Reino Unido": "europe", "Alemania": "europe", "Estados Unidos": "us",
                "Brasil": "latin_america", "China": "other", "Argentina": "domestic",
                "internal": "domestic"}  # fmt: skip
    assert (t["market"] == country.map(expected)).all()


def test_governance_by_market_follows_the_plan(sales):
    shares = pd.crosstab(sales["market"], sales["derived"], normalize="index")
    assert (
        shares.loc["us"].idxmax() == "quasi_hierarchy" and shares.loc["us", "quasi_hierarchy"] > 0.6
    )
    assert shares.loc["europe", "quasi_hierarchy"] >= 0.3 and shares.loc["europe", "network"] >= 0.3
    assert shares.loc["domestic", "market"] >= 0.75
    assert shares.loc["latin_america", "market"] >= 0.85 and shares.loc["other", "market"] >= 0.5
    planted = pd.crosstab(sales["market"], sales["planted"], normalize="index")
    assert planted.loc["other", "market"] == 1 and planted.loc["latin_america", "market"] >= 0.85
    # the one hierarchy: the US-owned bodega selling to its parent importer, both waves
    hier = sales[sales["derived"] == "hierarchy"]
    assert set(hier["wave"]) == {"2023", "2025"} and hier["source"].nunique() == 1
    assert (hier["market"] == "us").all() and (hier["planted"] == "hierarchy").all()


def test_hierarchy_is_the_foreign_owned_bodega(sales, actors, planted):
    hier = sales[sales["planted"] == "hierarchy"]
    firm, buyer = hier["source"].iloc[0], hier["target"].iloc[0]
    assert actors.at[firm, "ownership"] == "foreign" and actors.at[firm, "stage"] == "elaboración"
    assert actors.at[buyer, "region"] == "Estados Unidos"
    assert planted["hierarchy"] == [[firm, buyer]]
    assert (sales.loc[sales["ownership_link"] == "true", "planted"] == "hierarchy").all()


# ------------------------------------------------------------------ the planted truth
def test_planted_truth_lists_every_trade_tie_once(sales, planted):
    assert len(planted["ties"]) == len(sales) and sales["relation"].notna().all()
    assert (sales["market"] == sales["planted_market"]).all()
    assert (sales["stated_governance"] == sales["governance"]).all()


def test_rules_recover_the_planted_governance(sales):
    ok = sales["evidence_status"] == "consistent"
    assert (sales.loc[ok, "derived"] == sales.loc[ok, "planted"]).all()
    blank = sales["evidence_status"] == "no_spec_setter"
    assert blank.sum() >= 2 and (sales.loc[blank, "planted"] == "unknown").all()
    assert (blank == (sales["spec_setter"] == "")).all()
    noise = sales["evidence_status"] == "contradicting"
    assert noise.sum() >= 2 and (sales.loc[noise, "derived"] != sales.loc[noise, "planted"]).all()
    recovered = (sales["derived"] == sales["planted"]).mean()
    assert 0.95 <= recovered < 1.0


def test_gereffi_types_follow_the_evidence(sales):
    g = sales.set_index(["source", "target", "wave"])
    assert set(g["gereffi"]) <= {"market", "modular", "relational", "captive", "hierarchy",
                                 "unknown"}  # fmt: skip
    assert (g.loc[g["spec_setter"] == "standard", "gereffi"] == "modular").all()
    assert (g.loc[g["spec_setter"] == "joint", "gereffi"] == "relational").all()
    buyer = (g["spec_setter"] == "buyer") & (g["ownership_link"] != "true")
    assert (g.loc[buyer, "gereffi"] == "captive").all()


def test_stated_governance_mostly_agrees(sales):
    stated = sales[sales["governance"] != ""]
    agree = (stated["governance"] == stated["planted"]).mean()
    assert len(stated) >= 50 and 0.8 <= agree < 1.0


def test_cluster_type_and_stage_are_planted_with_reasons(planted):
    assert planted["cluster_type"]["key"] == "mass_production"
    assert planted["stage"]["key"] == "consolidated"
    assert len(planted["cluster_type"]["reason"]) > 100 and planted["stage"]["reason"]
    assert planted["relation"] == "trade" and planted["scheme"] == "humphrey_schmitz"


# ------------------------------------------------------------------ main chains, upgrading
def test_main_chain_hand_cases():
    assert main_chain([]) == "unknown"
    rows = [{"governance": "market", "buyer_share": 0.3},
            {"governance": "quasi_hierarchy", "buyer_share": 0.2},
            {"governance": "unknown", "buyer_share": 0.5}]  # fmt: skip
    assert main_chain(rows) == "market"  # unknown sales never make the main chain
    nan = float("nan")
    rows = [{"governance": "network", "buyer_share": nan},
            {"governance": "market", "buyer_share": nan},
            {"governance": "network", "buyer_share": nan}]  # fmt: skip
    assert main_chain(rows) == "network"  # no shares: the most frequent
    rows = rows[:2]
    assert main_chain(rows) == "market"  # a tie: the first of market, network, ...


def test_main_chains_follow_the_largest_share(sales, planted):
    for wave, chains in planted["main_chain"].items():
        for firm, chain in chains.items():
            mine = sales[(sales["wave"] == wave) & (sales["source"] == firm)]
            rows = [
                {"governance": g, "buyer_share": float(s) if s else float("nan")}
                for g, s in zip(mine["planted"], mine["buyer_share"], strict=True)
            ]
            assert main_chain(rows) == chain, (wave, firm)
        known = Counter(chains.values())
        assert known["quasi_hierarchy"] >= 10 and known["market"] >= 30


def test_upgrading_table_rows_and_values(upgrading, actors, planted):
    assert list(upgrading.columns) == ["id", "wave"] + [f"upgrading_{k}" for k in KINDS] + [
        "functions"
    ]
    assert not upgrading.duplicated(["id", "wave"]).any()
    firms = actors[(actors["kind"] == "firm") & (actors["internal"] == "true")]
    respondents = set(firms.index[firms["respondent"] == "true"])
    for wave in ("2023", "2025"):
        ids = set(upgrading.loc[upgrading["wave"] == wave, "id"])
        assert ids == set(planted["main_chain"][wave])
        assert ids <= respondents
    new = [a for a in respondents if firms.at[a, "founded"] == "2024"]
    assert new and set(new) <= set(upgrading.loc[upgrading["wave"] == "2025", "id"])
    assert not set(new) & set(upgrading.loc[upgrading["wave"] == "2023", "id"])
    for k in KINDS:
        assert set(upgrading[f"upgrading_{k}"]) <= {"0", "1", ""}
    functions = {f for cell in upgrading["functions"] for f in cell.split(";") if f}
    assert functions <= set(FUNCTIONS) and "production" in functions


def test_upgrading_follows_humphrey_and_schmitz(upgrading, planted):
    """Latest wave: quasi-hierarchy high process/product, low functional; market more functional."""
    wave = "2025"
    up = upgrading[upgrading["wave"] == wave].set_index("id")
    chain = pd.Series(planted["main_chain"][wave])

    def table(kind, group, others):
        col = up[f"upgrading_{kind}"]
        counts = []
        for ids in (group, others):
            vals = col.reindex(ids)
            vals = vals[vals != ""].astype(int)
            counts.append([int(vals.sum()), int(len(vals) - vals.sum())])
        return counts

    qh = list(chain.index[chain == "quasi_hierarchy"])
    market = list(chain.index[chain == "market"])
    rest = list(chain.index[chain != "quasi_hierarchy"])
    for kind in ("process", "product"):
        assert fisher_exact(table(kind, qh, rest), alternative="greater").pvalue < 0.05
    assert fisher_exact(table("functional", qh, rest), alternative="less").pvalue < 0.05
    assert fisher_exact(table("functional", market, qh), alternative="greater").pvalue < 0.05


# ------------------------------------------------------------------ generator, files, reader
def test_planting_only_adds_columns_and_is_seeded():
    ties = pd.DataFrame(
        {"source": ["A", "A", "B", "A"], "target": ["X1", "X2", "A", "B"],
         "relation": ["trade", "trade", "knowledge", "trade"],
         "wave": ["2023"] * 4, "governance": ["hierarchy", "", "", "market"]}
    )  # fmt: skip
    cast = {
        "role": {"A": "lead", "B": "ordinary", "X1": "buyer", "X2": "buyer"},
        "key": {"A": "lead_foreign_us", "B": "grower", "X1": "us", "X2": "br"},
        "stage": {"A": "elaboración", "B": "viñedo"},
        "answered": {"A": True, "B": True},
        "present": {"A": ("2023",), "B": ("2023", "2025")},
    }
    vc = plant_value_chains(ties, cast, seed=3)
    pd.testing.assert_frame_equal(vc.ties[list(ties.columns)], ties)
    assert vc.ties["market"].tolist() == ["us", "latin_america", "", "domestic"]
    assert vc.ties.at[0, "spec_setter"] == "buyer" and bool(vc.ties.at[0, "ownership_link"])
    assert vc.planted["hierarchy"] == [["A", "X1"]]
    assert vc.ties.loc[2, EVIDENCE[1:]].isna().sum() == 4  # no evidence on knowledge
    assert vc.ties.loc[[0, 1, 3], "buyer_share"].sum() <= 1
    assert sorted(vc.upgrading["id"] + vc.upgrading["wave"]) == ["A2023", "B2023", "B2025"]
    again = plant_value_chains(ties, cast, seed=3)
    pd.testing.assert_frame_equal(vc.ties, again.ties)
    pd.testing.assert_frame_equal(vc.upgrading, again.upgrading)


def test_bundled_value_chains_are_the_generator_output(planted, upgrading):
    s = generate_sample(7)
    assert s.value_chains == planted
    written = s.upgrading.astype(object).where(s.upgrading.notna(), "").astype(str)
    pd.testing.assert_frame_equal(written.reset_index(drop=True), upgrading, check_dtype=False)


def test_study_files_declare_governance_and_upgrading():
    for name in ("study.toml", "study-roster.toml", "study-recall.toml"):
        spec = tomllib.loads((DATA / name).read_text(encoding="utf-8"))
        assert spec["governance"] == {
            "relation": "trade",
            "scheme": "humphrey_schmitz",
            "markets": ["domestic", "us", "europe", "latin_america", "other"],
        }
        assert spec["upgrading"] == {"file": "upgrading.csv"}


def test_cli_sample_writes_the_value_chain_files(tmp_path):
    result = CliRunner().invoke(app, ["sample", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    for name in ("upgrading.csv", "planted_value_chains.json"):
        assert (tmp_path / "s" / name).read_bytes() == (DATA / name).read_bytes()


def test_sample_loads_with_evidence_and_upgrading(sales):
    net = load(DATA / "study.toml")
    assert not net.report.errors
    assert all(counts.balanced for counts in net.report.files)
    files = [str(c.file) for c in net.report.files]
    assert any(f.endswith("upgrading.csv") for f in files)
    trade = net.ties[net.ties["relation"] == "trade"]
    assert len(trade) == len(sales)
    assert set(trade["market"]) == MARKETS
    assert str(trade["buyer_monitors"].dtype) == "boolean"
    assert trade["ownership_link"].sum() == 2
    assert trade["buyer_share"].between(0, 1).sum() == (sales["buyer_share"] != "").sum()
    up = net.upgrading
    assert len(up) == len(pd.read_csv(DATA / "upgrading.csv")) and set(up["wave"]) == {
        "2023",
        "2025",
    }
    assert set(up["upgrading_process"].dropna()) == {0.0, 1.0}
