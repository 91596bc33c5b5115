"""docs/report.md documents every option of `tramas report`."""

from __future__ import annotations

from pathlib import Path

import typer

from tramas.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "report.md"


def test_every_report_option_is_documented():
    command = typer.main.get_command(app).commands["report"]
    options = [opt for p in command.params for opt in p.opts if opt.startswith("--")]
    assert "--null-samples" in options and "--pdf" in options
    text = DOCS.read_text(encoding="utf-8")
    missing = [opt for opt in options if f"`{opt}" not in text]
    assert missing == []
