"""One language per output: the sample's Spanish report and CLI output hold no English
sentences and no decimal points; its English report holds no Spanish words."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from language_checks import ENGLISH, SPANISH
from language_checks import clean as _clean
from language_checks import decimal_points as _decimal_points
from language_checks import found as _found
from tramas.cli import app
from tramas.locale import CATALOGUE, LANGS, format_number, placeholders, plural, t, texts
from tramas.report import build_report
from tramas.sample import sample_dir

STUDY = sample_dir() / "study.toml"  # lang = "es"


def _report_text(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    for tag in soup.select("ul.references"):  # titles of cited works keep their language
        tag.decompose()
    return soup.get_text(" ")


@pytest.fixture(scope="module")
def spanish_cli(tmp_path_factory):
    """The output of validate, analyze, map, compare and report on the sample, in Spanish."""
    out = tmp_path_factory.mktemp("es")
    runner = CliRunner()
    commands = {
        "validate": ["validate", "--study", str(STUDY)],
        "analyze": ["analyze", "--study", str(STUDY), "--out", str(out / "analysis")],
        "map": ["map", "--study", str(STUDY), "--out", str(out / "map.html")],
        "map_ego": ["map", "--study", str(STUDY), "--out", str(out / "ego.html"), "--ego", "F062"],
        "compare": ["compare", "--study", str(STUDY), "--out", str(out / "compare")],
        "report": [
            "report",
            "--study",
            str(STUDY),
            "--out",
            str(out / "report.html"),
            "--null-samples",
            "20",
        ],
    }
    outputs = {}
    for name, args in commands.items():
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        outputs[name] = result.output
    return out, outputs


@pytest.mark.parametrize("command", ["validate", "analyze", "map", "map_ego", "compare", "report"])
@pytest.mark.slow
def test_spanish_cli_output_has_no_english(spanish_cli, sample_network, command):
    out, outputs = spanish_cli
    text = _clean(outputs[command], sample_network, (str(out),))
    assert _found(text, ENGLISH) == []
    assert _decimal_points(text) == []


@pytest.mark.slow
def test_spanish_cli_words_come_from_the_catalogue(spanish_cli):
    _, outputs = spanish_cli
    assert "advertencia" in outputs["validate"] and "válido" in outputs["validate"]
    assert "Registro de la entrada" in outputs["analyze"]
    assert "Empresas líderes" in outputs["analyze"] and "escrito" in outputs["analyze"]
    assert "mapa escrito en" in outputs["map"]
    assert "informe escrito en" in outputs["report"]


@pytest.mark.slow
def test_spanish_report_has_no_english_and_no_decimal_points(spanish_cli, sample_network):
    out, _ = spanish_cli
    text = _clean(_report_text(out / "report.html"), sample_network, (str(out),))
    assert _found(text, ENGLISH) == []
    assert _decimal_points(text) == []


@pytest.mark.slow
def test_spanish_report_warnings_are_spanish_with_proper_plurals(spanish_cli):
    out, _ = spanish_cli
    text = re.sub(r"\s+", " ", _report_text(out / "report.html"))
    assert "6 actores no tienen vínculos en ninguna relación ni ola" in text
    assert "Ltda.." not in text


def test_english_report_has_no_spanish(sample_network, tmp_path):
    result = build_report(
        sample_network, tmp_path / "report.html", lang="en", null_samples=20, interactive_map=False
    )
    text = _clean(_report_text(result.html), sample_network, (str(tmp_path),))
    assert _found(text, SPANISH) == []


def test_every_text_exists_in_every_language_with_the_same_placeholders():
    reference = texts("en")
    for lang in LANGS:
        cat = texts(lang)
        assert set(cat) == set(reference), (lang, set(cat) ^ set(reference))
        for key, text in cat.items():
            assert placeholders(text) == placeholders(reference[key]), (lang, key)
    assert set(CATALOGUE) == set(LANGS)


def test_plurals_full_stops_and_numbers():
    assert plural(1, "actor", "actores") == "actor" and plural(0, "actor", "actores") == "actores"
    assert t("map.no_coordinates", "es", n=1).startswith("1 actor sin coordenadas se ubica ")
    assert t("map.no_coordinates", "en", n=3).startswith("3 actors without coordinates are ")
    assert t("f_leads", "es", n=1, names="Cooperativa Cabrera Ltda.").endswith("Ltda.")
    assert t("reason.sme_weak", "es", k=1, outside="") == "pyme débilmente conectada: 1 contacto"
    assert t("reason.lead_rank", "es", rank=1, n=9, score=0.8712, drivers="–") == (
        "puesto 1 de 9 empresas del cluster (puntaje 0,871): –"
    )
    assert format_number(2.0333, "es", "sig3") == "2,03"
    assert format_number(2.0333, "en", "sig3") == "2.03"
