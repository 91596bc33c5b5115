"""``tramas diagnose`` (#15): the four files, a summary in the command's language, and
a study without value-chain data that still gets its diagnosis with what is missing."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from language_checks import ENGLISH, clean, decimal_points, found
from tramas.cli import app
from tramas.metrics.diagnosis import DIAGNOSIS_FILES, GOVERNANCE_CSV_COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diag") / "sample"
    result = runner.invoke(app, ["sample", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.slow
def test_diagnose_in_english(sample_copy, tmp_path):
    out = tmp_path / "out"
    args = ["-q", "diagnose", "--study", str(sample_copy / "study.toml"), "--out", str(out)]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Cluster type: cluster of advanced and differentiated mass producers (fit: strong" in (
        text
    )
    assert "Stage: consolidated" in text
    assert "Governance of 131 trade ties: market" in text
    assert "quasi-hierarchy" in text and "One option is" in text
    assert "No evidence is missing." in text
    for name in DIAGNOSIS_FILES:
        assert (out / name).is_file()
        assert f"written {out / name}" in text
    gov = pd.read_csv(out / "governance.csv", keep_default_na=False)
    assert list(gov.columns) == list(GOVERNANCE_CSV_COLUMNS) and len(gov) == 131
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["type"]["key"] == "mass_production" and data["missing"] == []
    assert (out / "manifest.json").is_file()


@pytest.mark.slow
def test_diagnose_in_spanish_prints_no_english(sample_copy, tmp_path, sample_network):
    args = ["-q", "diagnose", "--study", str(sample_copy / "study.toml")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "es"), "--scheme", "gereffi"])
    assert result.exit_code == 0, result.output  # the sample's study is in Spanish
    text = result.output
    assert "Tipo de cluster: cluster de productores en masa avanzados y diferenciados" in text
    assert "Etapa: consolidada" in text
    assert "Gobernanza de 131 vínculos comerciales" in text and "cautiva" in text
    assert "Una opción es" in text and "escrito" in text
    shown = clean(text, sample_network, (str(tmp_path),))
    assert found(shown, ENGLISH) == []
    assert decimal_points(shown) == []


def test_a_study_without_value_chain_data(sample_copy, tmp_path):
    ties = pd.read_csv(sample_copy / "ties.csv", dtype=str, keep_default_na=False)
    evidence = ["market", "spec_setter", "buyer_monitors", "buyer_share", "ownership_link"]
    ties = ties.drop(columns=[c for c in [*evidence, "intermediary"] if c in ties.columns])
    ties.to_csv(tmp_path / "ties.csv", index=False)
    out = tmp_path / "out"
    args = ["-q", "diagnose", "--actors", str(sample_copy / "actors.csv")]
    args += ["--ties", str(tmp_path / "ties.csv"), "--out", str(out)]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Governance of 131 trade ties: unknown 100%" in result.output
    assert (
        "Missing evidence: no destination market on the trade ties, no record of who sets "
        "the product specifications, no buyer share of sales and no upgrading reported by "
        "the firms." in result.output
    )
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["missing"] == ["market", "spec_setter", "buyer_share", "upgrading"]
    result = runner.invoke(app, [*args, "--lang", "es"])
    assert "Evidencia que falta: los vínculos comerciales no indican el mercado" in result.output


def test_an_unknown_scheme_is_an_error_in_the_language(sample_copy, tmp_path):
    args = ["diagnose", "--study", str(sample_copy / "study.toml"), "--out", str(tmp_path)]
    result = runner.invoke(app, [*args, "--scheme", "nope", "--lang", "es"])
    assert result.exit_code == 1
    assert "error:" in result.output and "nope" in result.output
