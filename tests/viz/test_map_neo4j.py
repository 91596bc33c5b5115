"""`tramas map --neo4j KEY`: a map of a study read back from a real Neo4j server holds the
same actors and ties as the map made from its files."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from tramas.cli import app

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    match = re.search(
        r'<script type="application/json" id="tramas-data">(.*?)</script>', html, re.S
    )
    assert match, "map data block not found"
    return json.loads(match.group(1))


def test_map_from_neo4j_equals_map_from_files(neo4j_sample, neo4j_env, tmp_path):
    key, toml = neo4j_sample
    a = runner.invoke(
        app, ["map", "--neo4j", key, "--out", str(tmp_path / "db.html")], env=neo4j_env
    )
    assert a.exit_code == 0, a.output
    b = runner.invoke(app, ["map", "--study", str(toml), "--out", str(tmp_path / "files.html")])
    assert b.exit_code == 0, b.output
    from_db, from_files = _data(tmp_path / "db.html"), _data(tmp_path / "files.html")
    assert len(from_db["nodes"]) == len(from_files["nodes"]) == 118
    assert len(from_db["edges"]) == len(from_files["edges"]) > 0
