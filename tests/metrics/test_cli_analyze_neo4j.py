"""`tramas analyze --neo4j KEY --write-back` against a real Neo4j server (never a mock)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from tramas.cli import app
from tramas.sample import sample_dir

runner = CliRunner()


def test_analyze_a_study_read_from_neo4j_and_write_it_back(
    tmp_path, monkeypatch, neo4j_sample, neo4j_env, neo4j_database, neo4j_driver
):
    key = neo4j_sample.key
    for name, value in neo4j_env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "analysis"
    result = runner.invoke(app, ["analyze", "--neo4j", key, "--write-back", "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # in the study's language
    assert f"written back to Neo4j study {key}" in said or (
        f"escrito de vuelta en el estudio {key} de Neo4j" in said
    )
    truth = json.loads((sample_dir() / "ground_truth.json").read_text(encoding="utf-8"))
    actors = pd.read_csv(out / "actors.csv", dtype={"id": str}).set_index("id")
    assert set(actors.sort_values("lead_firm_rank").index[:4]) == set(truth["lead_firms"])
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Actor {study: $key}) RETURN a.id AS id, a.degree AS degree, "
        "a.cognitive_role AS role, labels(a) AS labels, "
        "a.role_reason_code AS role_code, a.role_reason AS role_reason, "
        "a.lead_firm_reason_code AS lead_code, a.lead_firm_reason AS lead_reason",
        {"key": key},
        database_=neo4j_database,
    )
    stored = {r["id"]: r for r in records}
    assert len(stored) == len(actors)
    for actor_id in truth["gatekeepers"]:
        assert stored[actor_id]["role"] == "gatekeeper"
        assert "Gatekeeper" in stored[actor_id]["labels"]
        # the codes, and the reasons worded in the study's language (Spanish) at write time
        assert stored[actor_id]["role_code"] == "classified"
        assert stored[actor_id]["role_reason"].startswith("guardián tecnológico")
    assert {r["lead_code"] for r in records} <= {"ranked", "kind", "external"}
    assert all(r["lead_reason"] for r in records)
    assert all(stored[i]["degree"] == actors.loc[i, "degree"] for i in actors.index)
