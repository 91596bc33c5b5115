"""Docs test in the spirit of datasette's: every CLI option of every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from tramas.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
)


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, object]] = []

    def walk(cmd, path: str) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            out.append((path, cmd))

    walk(root, "")
    return out


COMMANDS = _commands()


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_option_is_documented(path, command):
    assert f"tramas {path}" in DOCS, f"`tramas {path}` appears in no doc"
    missing = [
        opt
        for param in command.params
        if _is_option(param)
        for opt in param.opts
        if opt.startswith("--")
        and opt != "--help"
        and f"`{opt}" not in DOCS
        and f"{opt} " not in DOCS
    ]
    assert not missing, f"tramas {path}: options not in README.md or docs/: {missing}"


def test_every_command_has_help_text():
    for path, command in COMMANDS:
        assert (command.help or "").strip(), f"tramas {path} has no help text"
        for param in command.params:
            if _is_option(param) and param.name != "help":
                assert (param.help or "").strip(), f"tramas {path} {param.opts[0]} has no help"


def _is_option(param) -> bool:
    return any(o.startswith("-") for o in getattr(param, "opts", ()))
