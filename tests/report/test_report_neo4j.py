"""`tramas report --neo4j KEY`: the report of a study read back from a real Neo4j server
shows the same figures as the report made from its files."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _figures(path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {s["data-key"]: s.get("data-value") for s in soup.select("span.fig[data-key]")}


def test_report_from_neo4j_equals_report_from_files(neo4j_sample, neo4j_env, tmp_path):
    key, toml = neo4j_sample
    common = ["--lang", "en", "--null-samples", "5"]
    from_db = runner.invoke(
        app, ["report", "--neo4j", key, "--out", str(tmp_path / "db.html"), *common], env=neo4j_env
    )
    assert from_db.exit_code == 0, from_db.output
    from_files = runner.invoke(
        app, ["report", "--study", str(toml), "--out", str(tmp_path / "files.html"), *common]
    )
    assert from_files.exit_code == 0, from_files.output
    db, files = _figures(tmp_path / "db.html"), _figures(tmp_path / "files.html")
    for name in (
        "actors",
        "ties",
        "density",
        "reciprocity",
        "transitivity",
        "components",
        "communities.modularity",
        "cooperation.horizontal",
        "cooperation.vertical",
        "response_rate",
        "lead_firms.count",
        "smes.isolated",
    ):
        assert db[name] == files[name], name
    # the change between the two waves, too: Neo4j keeps every tie's wave
    change = sorted(k for k in files if k.startswith("change."))
    assert "change.relations.cooperation.new" in change
    assert {k: db.get(k) for k in change} == {k: files[k] for k in change}
