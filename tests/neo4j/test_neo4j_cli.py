"""`tramas db`, `tramas query` and `tramas cypher` against a real Neo4j server."""

from __future__ import annotations

import csv
import io
import json
import socket
import uuid

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from tramas.cli import app, load_network
from tramas.ingest import load
from tramas.locale import format_number
from tramas.metrics.analysis import analyze
from tramas.neo4j.store import Neo4jStore
from tramas.sample import sample_dir

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def test_load_prints_counts_and_reload_is_idempotent(neo4j_sample, neo4j_env):
    key, toml = neo4j_sample
    result = runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    n_ties = len(load(toml).ties)
    assert f"118 actores, {format_number(n_ties, 'es')} vínculos" in out
    assert "combinación" in out  # MERGE of ties already there


def test_status_shows_counts_per_label_and_type(neo4j_sample, neo4j_env):
    key, _ = neo4j_sample
    result = runner.invoke(app, ["db", "status", "--study", key], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert "KNOWLEDGE" in result.output and "Actor" in result.output and "118" in result.output
    assert neo4j_env["NEO4J_PASSWORD"] not in result.output


def test_pull_writes_study_files_that_load_back_to_the_same_ties(neo4j_sample, neo4j_env, tmp_path):
    key, toml = neo4j_sample
    result = runner.invoke(
        app, ["db", "pull", "--study", key, "--out", str(tmp_path)], env=neo4j_env
    )
    assert result.exit_code == 0, result.output
    again = load(tmp_path / "study.toml")
    original = load(toml)
    cols = ["source", "target", "relation", "wave", "weight", "reported_by", "orientation"]
    key_of = lambda t: sorted(map(tuple, t[cols].astype(str).values.tolist()))  # noqa: E731
    assert key_of(again.ties) == key_of(original.ties)
    assert again.actors["name"].to_dict() == original.actors["name"].to_dict()
    assert again.relations == original.relations


def test_load_network_helper_reads_from_neo4j(neo4j_sample, neo4j_env, monkeypatch):
    key, toml = neo4j_sample
    for name, value in neo4j_env.items():
        monkeypatch.setenv(name, value)
    network = load_network(None, None, None, key, relation=["trade"])
    assert list(network.relations) == ["trade"] and len(network.actors) == 118
    with pytest.raises(Exception, match="cannot be combined"):
        load_network(toml, None, None, key)


def test_named_queries_from_the_cli_in_three_formats(neo4j_sample, neo4j_env):
    key, toml = neo4j_sample
    with Neo4jStore(
        neo4j_env["NEO4J_URI"], user=neo4j_env["NEO4J_USER"], password=neo4j_env["NEO4J_PASSWORD"]
    ) as s:
        result = analyze(s.pull(key), seed=42, consensus_runs=3)
        s.write_back(key, result)
    listing = runner.invoke(app, ["query", "--list"], env=neo4j_env)
    assert listing.exit_code == 0 and "lead_firms" in listing.output
    table = runner.invoke(
        app, ["query", "lead_firms", "--study", key, "-p", "limit=3"], env=neo4j_env
    )
    assert table.exit_code == 0, table.output
    assert "3 rows" in table.output
    js = runner.invoke(
        app, ["query", "lead_firms", "--study", key, "--format", "json"], env=neo4j_env
    )
    assert js.exit_code == 0, js.output
    rows = json.loads(js.stdout)
    expected = result.actors[result.actors["lead_firm_rank"] >= 1].sort_values("lead_firm_rank")
    assert [r["id"] for r in rows] == expected.index[:10].tolist()
    cs = runner.invoke(
        app,
        ["query", "knowledge_sources", "-p", f"study={key}", "-p", "actor=F074", "-f", "csv"],
        env=neo4j_env,
    )
    assert cs.exit_code == 0, cs.output
    parsed = list(csv.DictReader(io.StringIO(cs.stdout)))
    assert parsed and set(parsed[0]) == {
        "id",
        "name",
        "kind",
        "internal",
        "wave",
        "weight",
        "evidence",
    }


def test_query_parameter_errors_are_one_line(neo4j_env):
    result = runner.invoke(app, ["query", "knowledge_sources", "--study", "x"], env=neo4j_env)
    assert result.exit_code == 1
    assert "needs the parameter actor" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["query", "nope", "--study", "x"], env=neo4j_env)
    assert result.exit_code == 1 and "no named query" in result.output


def test_cypher_reads_and_refuses_writes_without_write(
    neo4j_sample, neo4j_env, neo4j_uri, neo4j_auth
):
    key, _ = neo4j_sample
    read = runner.invoke(
        app,
        [
            "cypher",
            "MATCH (a:Actor {study: $s}) RETURN count(a) AS n",
            "-p",
            f"s={key}",
            "-f",
            "json",
        ],
        env=neo4j_env,
    )
    assert read.exit_code == 0, read.output
    assert json.loads(read.stdout) == [{"n": 118}]
    tag = f"hack-{uuid.uuid4().hex[:8]}"
    for statement in (
        "CREATE (n:TramasHack {tag: $tag}) RETURN n",
        "MATCH (a:Actor {study: $tag}) DETACH DELETE a",
        "MERGE (n:TramasHack {tag: $tag})",
        "MATCH (a:Actor) WITH a LIMIT 1 SET a.hacked = $tag",
        "CREATE INDEX tramas_hack IF NOT EXISTS FOR (n:TramasHack) ON (n.tag)",
    ):
        refused = runner.invoke(app, ["cypher", statement, "-p", f"tag={tag}"], env=neo4j_env)
        assert refused.exit_code == 1, (statement, refused.output)
        assert "refused" in refused.output and "--write" in refused.output
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE n:TramasHack OR n.hacked = $tag RETURN count(n) AS n", tag=tag
        )
        assert records[0]["n"] == 0
    written = runner.invoke(
        app,
        ["cypher", "CREATE (n:TramasHack {tag: $tag})", "-p", f"tag={tag}", "--write"],
        env=neo4j_env,
    )
    assert written.exit_code == 0, written.output
    assert "nodes created: 1" in written.output
    cleanup = runner.invoke(
        app,
        ["cypher", "MATCH (n:TramasHack {tag: $tag}) DELETE n", "-p", f"tag={tag}", "--write"],
        env=neo4j_env,
    )
    assert cleanup.exit_code == 0, cleanup.output


def test_drop_asks_for_confirmation(neo4j_env):
    key = f"test-drop-{uuid.uuid4().hex[:10]}"
    folder = sample_dir()
    with Neo4jStore(
        neo4j_env["NEO4J_URI"], user=neo4j_env["NEO4J_USER"], password=neo4j_env["NEO4J_PASSWORD"]
    ) as s:
        net = load(folder / "study.toml")
        from dataclasses import replace

        net.study = replace(net.study, key=key)
        s.load(net)
        no = runner.invoke(app, ["db", "drop", "--study", key], input="n\n", env=neo4j_env)
        assert no.exit_code == 1 and s.has_study(key)
        yes = runner.invoke(app, ["db", "drop", "--study", key], input="y\n", env=neo4j_env)
        assert yes.exit_code == 0, yes.output
        assert "deleted" in yes.output and not s.has_study(key)
    missing = runner.invoke(app, ["db", "drop", "--study", key, "--yes"], env=neo4j_env)
    assert missing.exit_code == 1 and "no study" in missing.output


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_wrong_password_gives_one_clear_line_and_exit_1(neo4j_env, neo4j_uri, neo4j_auth):
    wrong = neo4j_env["NEO4J_PASSWORD"] + "-wrong-Q9"
    result = runner.invoke(app, ["db", "status"], env={**neo4j_env, "NEO4J_PASSWORD": wrong})
    assert result.exit_code == 1
    lines = _error_lines(result.output)
    assert lines == [
        f"error: authentication failed for user {neo4j_env['NEO4J_USER']} at {neo4j_uri}"
    ]
    assert wrong not in result.output and "Traceback" not in result.output
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as driver:  # reset the failure count
        driver.verify_connectivity()


def test_server_down_gives_one_clear_line_and_exit_1(neo4j_env):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"bolt://127.0.0.1:{port}"
    for args in (
        ["db", "status"],
        ["query", "study_overview", "--study", "x"],
        ["cypher", "RETURN 1"],
    ):
        result = runner.invoke(app, [*args, "--uri", uri], env=neo4j_env)
        assert result.exit_code == 1, result.output
        assert _error_lines(result.output) == [f"error: cannot reach Neo4j at {uri}"]
        assert "scripts/neo4j-local start" in result.output


def test_analyze_with_write_back_then_every_named_query_from_the_cli(
    neo4j_sample, neo4j_env, tmp_path
):
    """The user journey: load the sample, analyse it from Neo4j with write-back, ask."""
    from tramas.neo4j.queries import list_queries

    key, _ = neo4j_sample
    result = runner.invoke(
        app,
        ["analyze", "--neo4j", key, "--write-back", "--runs", "3", "--out", str(tmp_path / "a")],
        env=neo4j_env,
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # in the study's language
    assert f"written back to Neo4j study {key}" in said or (
        f"escrito de vuelta en el estudio {key} de Neo4j" in said
    )
    args = {"actor": "F074", "source": "F001", "target": "F074", "community": "1"}
    for q in list_queries():
        params = [f"{p.name}={args[p.name]}" for p in q.params if p.required and p.name != "study"]
        out = runner.invoke(
            app,
            [
                "query",
                q.name,
                "--study",
                key,
                *[x for p in params for x in ("-p", p)],
                "-f",
                "json",
            ],
            env=neo4j_env,
        )
        assert out.exit_code == 0, (q.name, out.output)
        assert len(json.loads(out.stdout)) > 0, q.name


def test_load_a_scale_tie_file_with_the_streaming_reader(tmp_path, neo4j_env):
    """`db load --scale`: one supplier -> buyer file. Rows rejected as errors refuse the load
    (exit 1, each reason with a named example) as they fail `validate` and `analyze`; the
    clean file loads and the graph pulled back equals its distinct ties (largest amount of a
    duplicate kept)."""
    key = f"vat-{uuid.uuid4().hex[:8]}"
    path = tmp_path / f"{key}.csv"
    rows = [("S1", "B1", "10"), ("S1", "B2", "5,5"), ("S2", "B1", "7"), ("S1", "B1", "12")]
    bad = [("S3", "", "1"), ("S3", "B9", "n/a"), ("S4", "S4", "2")]

    def write(lines):
        path.write_text(
            "proveedor;comprador;monto\n" + "".join(";".join(r) + "\n" for r in lines),
            encoding="utf-8",
        )

    write(rows + bad)
    result = runner.invoke(app, ["db", "load", "--ties", str(path), "--scale"], env=neo4j_env)
    out = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "7 rows: 3 loaded, 1 merged as duplicates, 3 rejected" in out
    assert "self-loop: 1 (e.g. row 8, column 'comprador': 'S4')" in out
    assert "empty target actor id: 1 (e.g. row 6, column 'comprador')" in out
    assert "non-numeric weight: 1 (e.g. row 7, column 'monto': 'n/a')" in out
    assert "3 of 7 rows rejected" in out and "Traceback" not in out
    validate = runner.invoke(app, ["validate", "--ties", str(path), "--scale"], env=neo4j_env)
    assert validate.exit_code == result.exit_code
    write(rows)
    result = runner.invoke(app, ["db", "load", "--ties", str(path), "--scale"], env=neo4j_env)
    try:
        assert result.exit_code == 0, result.output
        out = " ".join(result.output.split())
        assert "4 rows: 3 loaded, 1 merged as duplicates, 0 rejected" in out
        assert "4 actors, 3 ties (TRADE 3)" in out
        with Neo4jStore(
            neo4j_env["NEO4J_URI"],
            user=neo4j_env["NEO4J_USER"],
            password=neo4j_env["NEO4J_PASSWORD"],
        ) as s:
            net = s.pull(key)
        got = {(r.source, r.target): r.weight for r in net.ties.itertuples(index=False)}
        assert got == {("S1", "B1"): 12.0, ("S1", "B2"): 5.5, ("S2", "B1"): 7.0}
        assert set(net.actors["kind"]) == {"firm"}
        assert set(net.ties["source_file"]) == {path.name}
    finally:
        with Neo4jStore(
            neo4j_env["NEO4J_URI"],
            user=neo4j_env["NEO4J_USER"],
            password=neo4j_env["NEO4J_PASSWORD"],
        ) as s:
            s.drop(key)
    refused = runner.invoke(  # --large: the deprecated alias of --scale
        app, ["db", "load", "--ties", str(path), "--ties", str(path), "--large"], env=neo4j_env
    )
    assert refused.exit_code == 1 and "--scale needs exactly one --ties file" in refused.output


def test_cypher_csv_neutralises_formulas_unless_raw(neo4j_env):
    statement = "UNWIND $names AS name RETURN name, -12.5 AS amount"
    names = ["=cmd|' /C calc'!A0", "+SUM(1)", "@SUM(1)", "-2+3", "-12.5"]
    args = ["cypher", statement, "-p", f"names={json.dumps(names)}", "-f", "csv"]
    safe = runner.invoke(app, args, env=neo4j_env)
    assert safe.exit_code == 0, safe.output
    rows = list(csv.reader(io.StringIO(safe.stdout)))
    assert rows[0] == ["name", "amount"]
    assert [r[0] for r in rows[1:]] == [*("'" + n for n in names[:4]), "-12.5"]
    assert {r[1] for r in rows[1:]} == {"-12.5"}
    raw = runner.invoke(app, [*args, "--raw-csv"], env=neo4j_env)
    assert raw.exit_code == 0, raw.output
    assert [r[0] for r in csv.reader(io.StringIO(raw.stdout))][1:] == names
