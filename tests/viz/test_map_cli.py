"""`tramas map`: options reach the map, errors are one line, the sample maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.graph.anonymize import anonymize_ids

runner = CliRunner()


def page_data(path: Path) -> dict:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", id="tramas-data").string)


def test_map_from_files(files, tmp_path):
    actors, ties = files
    out = tmp_path / "out" / "map.html"
    result = runner.invoke(
        app,
        [
            "map",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--out",
            str(out),
            "--relation",
            "trade",
            "--wave",
            "2025",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "map written to" in result.output and "6 nodes, 2 ties" in result.output
    data = page_data(out)
    assert [r["key"] for r in data["relations"]] == ["trade"]
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 2


def test_map_options_ego_anonymize_lang(files, toy, tmp_path):
    actors, ties = files
    out = tmp_path / "ego.html"
    result = runner.invoke(
        app,
        [
            "map",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--out",
            str(out),
            "--ego",
            "R-UNI",
            "--radius",
            "2",
            "--anonymize",
            "--anon-key",
            "secret",
            "--lang",
            "es",
            "--layout",
            "geo",
            "--color-by",
            "kind",
            "--size-by",
            "none",
        ],
    )
    assert result.exit_code == 0, result.output
    # the ego by its code: the same code as everywhere else in the run (#16)
    code = anonymize_ids(toy.actors, key="secret")["R-UNI"]
    assert code == "A-001" and f"Mapa ego de {code}:" in result.output
    html = out.read_text(encoding="utf-8")
    assert "Universidad del Valle" not in html and "R-UNI" not in html
    assert {n["size"] for n in page_data(out)["nodes"]} == {14.0}


def test_community_threshold_option(files, tmp_path):
    actors, ties = files
    out = tmp_path / "c.html"
    result = runner.invoke(
        app,
        [
            "map",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--out",
            str(out),
            "--community-threshold",
            "3",
            "--seed",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "6 actors are more than this map shows at once" in " ".join(result.output.split())
    assert page_data(out)["mode"] == "community"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layout", "circle"], "unknown layout 'circle'"),
        (["--ego", "NOBODY"], "no actor 'NOBODY'"),
        (["--color-by", "height"], "nothing called 'height'"),
    ],
)
def test_map_errors_are_one_red_line(files, tmp_path, args, message):
    actors, ties = files
    result = runner.invoke(
        app,
        [
            "map",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--out",
            str(tmp_path / "m.html"),
            *args,
        ],
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_map_needs_input_and_neo4j_excludes_files(files, tmp_path):
    result = runner.invoke(app, ["map", "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 1 and "no input given" in result.output
    actors, ties = files
    result = runner.invoke(
        app,
        ["map", "--neo4j", "bolt://localhost:7687", "--actors", str(actors), "--ties", str(ties)],
    )
    assert result.exit_code == 1 and "--neo4j cannot be combined" in result.output


def test_map_of_the_sample_uses_the_analysis(sample_study, tmp_path):
    out = tmp_path / "sample.html"
    result = runner.invoke(
        app,
        ["map", "--study", str(sample_study), "--out", str(out), "--color-by", "cognitive_role"],
    )
    assert result.exit_code == 0, result.output
    data = page_data(out)
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert data["lang"] == "es"  # the sample study's language
    assert soup.select_one("#legend h3").get_text() == "Color: rol cognitivo"
    assert "Intermediación" in data["nodeFields"]  # betweenness from the analysis
    assert len(data["nodes"]) > 100
