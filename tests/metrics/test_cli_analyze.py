"""`tramas analyze`: the files it writes, its options, and one-line errors."""

from __future__ import annotations

import json

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from tramas.cli import app
from tramas.metrics import EXTRA_COLUMNS, MEASURE_COLUMNS
from tramas.sample import sample_dir

runner = CliRunner()


def plain_files(tmp_path):
    """An actors file and a bare edge list (no relation, wave or weight column)."""
    actors = tmp_path / "actors.csv"
    ties = tmp_path / "ties.csv"
    actors.write_text(
        "id,name,kind,size\n"
        "F1,[bold]Bodega Uno[/bold],firm,large\n"
        "F2,Bodega Dos,firm,small\n"
        "F3,Bodega Tres,firm,micro\n"
        "F4,Bodega Cuatro,firm,small\n"
        "U1,Universidad,research,\n"
        "F5,Bodega Sola,firm,micro\n",
        encoding="utf-8",
    )
    ties.write_text(
        "source,target\nF1,F2\nF1,F3\nF1,F4\nF2,F3\nU1,F1\nF4,U1\nF3,F1\n", encoding="utf-8"
    )
    return ["--actors", str(actors), "--ties", str(ties)]


def test_analyze_the_sample_study(tmp_path):
    out = tmp_path / "analysis"
    result = runner.invoke(
        app, ["analyze", "--study", str(sample_dir() / "study.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("actors.csv", "communities.csv", "network.json", "tramas-analysis.xlsx"):
        assert (out / name).exists(), name
        assert name in "".join(result.output.split())  # paths may wrap
    actors = pd.read_csv(out / "actors.csv", dtype={"id": str})
    assert list(actors.columns[:3]) == ["id", "name", "kind"]
    complete = [c for c in (*MEASURE_COLUMNS, *EXTRA_COLUMNS) if c != "subcluster"]
    assert not actors[complete].isna().any().any()  # subcluster: empty = in none
    truth = json.loads((sample_dir() / "ground_truth.json").read_text(encoding="utf-8"))
    top = actors.sort_values("lead_firm_rank")["id"].head(4)
    assert set(top) == set(truth["lead_firms"])
    assert "Empresas líderes" in result.output  # the sample study is in Spanish
    assert "Guardianes tecnológicos" in result.output
    figures = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert figures["relations"] == ["knowledge", "cooperation", "trade"]
    assert figures["wave"] == "2025"
    assert figures["parameters"]["groups"] == "kind"
    wb = load_workbook(out / "tramas-analysis.xlsx", read_only=True)
    assert {"actors", "communities", "network"} <= set(wb.sheetnames)


def test_a_bare_edge_list_is_one_directed_relation(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", *plain_files(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # survey text is shown literally, never as rich markup
    assert "[bold]Bodega Uno[/bold]" in " ".join(result.output.split())
    figures = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert figures["directed"] is True
    assert len(figures["relations"]) == 1
    actors = pd.read_csv(out / "actors.csv", dtype={"id": str}).set_index("id")
    complete = [c for c in (*MEASURE_COLUMNS, *EXTRA_COLUMNS) if c != "subcluster"]
    assert not actors[complete].isna().any().any()  # subcluster: empty = in none
    assert actors.loc["F1", "outdegree"] == 3
    assert actors.loc["F1", "lead_firm_rank"] == 1
    assert actors.loc["F5", "sme_status"] == "isolated"
    assert actors.loc["U1", "cognitive_role"] in {
        "source",
        "absorber",
        "isolated",
        "mutual_exchanger",
    }
    # without knowledge/trade/cooperation relations the reasons say what was used
    assert "taken from the" in actors.loc["F1", "lead_firm_reason"]


def test_options_reach_the_analysis(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "analyze",
            "--study",
            str(sample_dir() / "study.toml"),
            "--out",
            str(out),
            "--relation",
            "knowledge",
            "--relation",
            "trade",
            "--wave",
            "2023",
            "--groups",
            "municipality",
            "--undirected",
            "--weight",
            "none",
            "--seed",
            "3",
            "--resolution",
            "1.5",
            "--runs",
            "4",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    f = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert f["relations"] == ["knowledge", "trade"]
    assert f["wave"] == "2023"
    assert f["directed"] is False and f["weighted"] is False
    p = f["parameters"]
    assert (p["groups"], p["seed"], p["resolution"], p["consensus_runs"], p["lang"]) == (
        "municipality",
        3,
        1.5,
        4,
        "en",
    )
    assert f["brokerage"]["groups"] == "municipality"
    actors = pd.read_csv(out / "actors.csv")
    assert actors["role_reason"].str.contains("cluster").all()


def test_errors_are_one_line_with_a_hint(tmp_path):
    study = str(sample_dir() / "study.toml")
    bad = runner.invoke(
        app,
        ["analyze", "--study", study, "--lang", "en", "--relation", "advice"]
        + ["--out", str(tmp_path / "x")],
    )
    assert bad.exit_code == 1
    assert "unknown relation(s) advice" in bad.output
    assert "knowledge, cooperation, trade" in bad.output
    assert "Traceback" not in bad.output
    wave = runner.invoke(
        app,
        [
            "analyze",
            "--study",
            study,
            "--lang",
            "en",
            "--wave",
            "1999",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert wave.exit_code == 1 and "unknown wave" in wave.output
    groups = runner.invoke(
        app,
        ["analyze", "--study", study, "--lang", "en", "--groups", "colour"]
        + ["--out", str(tmp_path / "x")],
    )
    assert groups.exit_code == 1 and "no actor attribute 'colour'" in groups.output
    nothing = runner.invoke(app, ["analyze", "--out", str(tmp_path / "x")])
    assert nothing.exit_code == 1 and "no input given" in nothing.output
    wb = runner.invoke(app, ["analyze", "--study", study, "--lang", "en", "--write-back"])
    assert wb.exit_code == 1 and "--write-back needs --neo4j" in " ".join(wb.output.split())


def test_every_option_is_documented():
    from pathlib import Path

    import typer.main

    docs = (Path(__file__).parents[2] / "docs" / "metrics.md").read_text(encoding="utf-8")
    command = typer.main.get_command(app).commands["analyze"]
    options = [opt for p in command.params for opt in p.opts if opt.startswith("--")]
    assert "--groups" in options
    missing = [opt for opt in options if f"`{opt}" not in docs]
    assert missing == []
