"""The report's docstring examples run, and docs/report.md documents every CLI option."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest
import typer

from tramas.cli import app

MODULES = [
    "tramas.report.build",
    "tramas.report.change_headlines",
    "tramas.report.charts",
    "tramas.report.content",
    "tramas.locale.catalogue",
    "tramas.locale.numbers",
    "tramas.report.linkages",
    "tramas.report.null_models",
    "tramas.report.overview",
    "tramas.report.quality",
    "tramas.report.subclusters",
]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "report.md"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_report_option_is_documented():
    command = typer.main.get_command(app).commands["report"]
    options = [opt for p in command.params for opt in p.opts if opt.startswith("--")]
    assert "--null-samples" in options and "--pdf" in options
    text = DOCS.read_text(encoding="utf-8")
    missing = [opt for opt in options if f"`{opt}" not in text]
    assert missing == []
