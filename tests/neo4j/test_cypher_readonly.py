"""Ad hoc Cypher that cannot touch the server (issue #14, cases 11, 12, 13, 16; item 6).

The checker's table runs without a server; the CLI cases run against the real one and
check what did NOT happen: no transaction of another client killed, no URL fetched.
"""

from __future__ import annotations

import csv
import http.server
import io
import threading
import time
import uuid

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import QueryError
from tramas.locale import texts
from tramas.locale.errors import error_text, hint_text
from tramas.neo4j.queries import (
    INT_MAX,
    MAX_DEPTH,
    MAX_TEXT_BYTES,
    check_value,
    get_query,
    parse_json_param,
    parse_value,
)
from tramas.neo4j.readonly import check_read_only, decode_unicode_escapes, tokenize

runner = CliRunner()

ALLOWED = [
    "MATCH (n {name:'CREATE'}) RETURN n",
    'MATCH (n {name: "DELETE n"}) RETURN n.name AS `SET`',
    "match (n) return n limit 5",
    "MATCH (n) // CREATE (m)\nRETURN n",
    "MATCH (n) /* DETACH DELETE n */ RETURN n",
    "MATCH (n:`CREATE`) RETURN n.`set` AS `delete`",
    "RETURN $create AS x",
    "CALL { MATCH (n) RETURN n } RETURN n",
    "MATCH (n) CALL (n) { RETURN 1 AS y } RETURN y",
    "OPTIONAL CALL { RETURN 1 AS z } RETURN z",
    "CALL db.labels()",
    "CALL db.labels() YIELD label WHERE label STARTS WITH 'A' RETURN label ORDER BY label DESC",
    "CALL dbms.components()",
    "MATCH (a)-[:KNOWS*1..3]->(b) WHERE a.x IS NOT NULL AND b.y IN [1, 2] "
    "RETURN a, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 2",
    "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN x",
    "RETURN 1 AS a UNION ALL RETURN 2 AS a",
    "RETURN 1 AS a UNION RETURN 2 AS a",
    "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) } RETURN n",
    "RETURN COUNT { MATCH (n) } AS c, COLLECT { MATCH (n) RETURN n.name } AS names",
    "OPTIONAL MATCH (n) RETURN n",
    "RETURN CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END AS x",
    "RETURN [x IN range(1, 5) WHERE x % 2 = 0 | x * 2] AS l",
    "MATCH (n) RETURN n {.name, .id} AS m",
    "MATCH p = shortestPath((a)-[*]-(b)) RETURN length(p)",
    "RETURN date('2024-01-01').year AS y, datetime.truncate('day', datetime()) AS d",
    "RETURN apoc.text.join(['a', 'b'], ',') AS j",
    "MATCH (start) RETURN start",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "MATCH (n) RETURN n;",
    "USE neo4j MATCH (n) RETURN n",
    "CYPHER 5 MATCH (n) RETURN n",
    "EXPLAIN MATCH (n) RETURN n",
    "MATCH (n) USING INDEX n:Actor(id) WHERE n.id = 1 RETURN n",
]

REFUSED = [
    ("CREATE (n)", "cypher_not_reading", "CREATE"),
    ("MATCH (n) DETACH DELETE n", "cypher_not_reading", "DETACH DELETE"),
    ("merge (n:X)", "cypher_not_reading", "MERGE"),
    ("MATCH (n) SET n.x = 1", "cypher_not_reading", "SET"),
    ("MATCH (n) REMOVE n.x", "cypher_not_reading", "REMOVE"),
    ("FOREACH (x IN [1] | CREATE (n))", "cypher_not_reading", "FOREACH"),
    ("INSERT (n:X)", "cypher_not_reading", "INSERT"),
    ("CALL { CREATE (n) }", "cypher_not_reading", "CREATE"),
    ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n", "cypher_not_reading", "IN TRANS"),
    ("USING PERIODIC COMMIT LOAD CSV FROM 'x' AS r CREATE (n)", "cypher_not_reading", "PERIODIC"),
    ("CREATE INDEX x FOR (n:X) ON (n.y)", "cypher_not_reading", "CREATE"),
    ("MATCH (n) RETURN n FOO", "cypher_not_reading", "FOO"),
    ("LOAD CSV FROM 'http://127.0.0.1/x' AS row RETURN row", "cypher_load_csv", "LOAD CSV"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "cypher_terminate", "TERMINATE"),
    ("WITH 'x' AS id TERMINATE TRANSACTIONS id", "cypher_terminate", "TERMINATE"),
    ("SHOW TRANSACTIONS", "cypher_show", "SHOW TRANSACTIONS"),
    ("SHOW SETTINGS", "cypher_show", "SHOW SETTINGS"),
    ("CALL dbms.killQuery('x')", "cypher_procedure", "dbms.killQuery"),
    ("CALL dbms.listConfig()", "cypher_procedure", "dbms.listConfig"),
    ("CALL apoc.load.json('http://x')", "cypher_procedure", "apoc.load.json"),
    ("CALL `apoc`.`load`.`json`('x')", "cypher_procedure", "apoc.load.json"),
    ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "cypher_procedure", "apoc.cypher"),
    ("RETURN apoc.load.json('x')", "cypher_function", "apoc.load.json()"),
    ("RETURN file()", "cypher_function", "file()"),
    ("RETURN `file`()", "cypher_function", "file()"),
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "cypher_statements", "2 statements"),
    ("MATCH (n) RETURN n ; DROP DATABASE x", "cypher_statements", "2 statements"),
    ("USE system SHOW USERS", "cypher_use", "USE system"),
    ("DROP DATABASE neo4j", "cypher_admin", "DROP"),
    ("GRANT ROLE admin TO bob", "cypher_admin", "GRANT"),
    ("START DATABASE x", "cypher_admin", "START"),
    # the server decodes \\u escapes before it reads the query, comments included
    (r"WITH 1 AS x \u0043REATE (n)", "cypher_not_reading", "CREATE"),
    (r"WITH 1 AS x // \u000a CREATE (n)", "cypher_not_reading", "CREATE"),
    (r"WITH 1 AS x /* \u002a/ CREATE (n) /* */", "cypher_not_reading", "CREATE"),
    ("RETURN 'a", "cypher_unterminated", "line 1, column 8"),
    ("MATCH (n) /* x", "cypher_unterminated", "/*"),
    ("RETURN 1\u200bAS a", "cypher_character", "U+200B"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_reading_queries_pass_the_check(query):
    check_read_only(query, database="neo4j")


@pytest.mark.parametrize(("query", "code", "named"), REFUSED)
def test_other_queries_are_refused_naming_what_was_found(query, code, named):
    with pytest.raises(QueryError) as caught:
        check_read_only(query, database="neo4j")
    assert caught.value.code == code
    assert named in caught.value.message
    for lang in ("en", "es"):  # one line in either language, with its hint
        assert "\n" not in error_text(caught.value, lang)
        assert f"error.{code}" in texts(lang)


def test_the_reader_sees_what_the_server_sees():
    assert decode_unicode_escapes(r"\u0043REATE")[0] == "CREATE"
    assert decode_unicode_escapes(r"'\\u0041'")[0] == r"'\\u0041'"  # an escaped backslash
    words = [t.text for t in tokenize("MATCH (n {name: 'CREATE'}) /* SET */ RETURN n")]
    assert words == ["MATCH", "(", "n", "{", "name", ":", "'CREATE'", "}", ")", "RETURN", "n"]


def test_refusal_hints_say_what_load_csv_and_terminate_would_do():
    for query, word in (
        ("LOAD CSV FROM 'x' AS r RETURN r", "URL"),
        ("TERMINATE TRANSACTION 'x'", ""),
    ):
        with pytest.raises(QueryError) as caught:
            check_read_only(query)
        assert "--write" in hint_text(caught.value, "en")
        assert word in hint_text(caught.value, "en")
        assert "--write" in hint_text(caught.value, "es")


# ---------------------------------------------------------------------- parameters
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("99999999999999999999", "param_out_of_range"),
        ("-9223372036854775809", "param_out_of_range"),
        ("9" * 6000, "param_out_of_range"),
        ("[1, 99999999999999999999]", "param_out_of_range"),
        ("1e400", "param_not_finite"),
        ("NaN", "param_not_finite"),
        ("-Infinity", "param_not_finite"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "param_too_deep"),
        ("[" * 100_000 + "]" * 100_000, "param_too_deep"),
        ("x" * (MAX_TEXT_BYTES + 1), "param_too_long"),
    ],
)
def test_cypher_parameters_out_of_range_are_one_clear_error(text, code):
    with pytest.raises(QueryError) as caught:
        parse_json_param("limit", text)
    assert caught.value.code == code
    assert "limit" in error_text(caught.value, "en") and "limit" in error_text(caught.value, "es")


def test_cypher_parameters_in_range_are_read_as_json_or_text():
    assert parse_json_param("n", str(INT_MAX)) == INT_MAX
    assert parse_json_param("x", "[1, 2.5, true, null]") == [1, 2.5, True, None]
    assert parse_json_param("s", "F001") == "F001"
    assert parse_json_param("s", '"012"') == "012"
    check_value("deep", [[[1]]])


def test_named_query_parameters_are_checked_for_range():
    lead = get_query("lead_firms")
    assert lead.bind({"study": "x", "limit": "5"})["limit"] == 5
    for bad in ("99999999999999999999", "0", "-3", "9" * 5000, 10**30):
        with pytest.raises(QueryError) as caught:
            lead.bind({"study": "x", "limit": bad})
        assert caught.value.code == "query_parameter_range", bad
        assert "lead_firms.limit must be between 1 and 10000" in caught.value.message
    for raw in ("1e400", "nan", float("inf")):
        with pytest.raises(QueryError) as caught:
            parse_value(raw, "float", name="q.x")
        assert caught.value.code == "param_not_finite"
    with pytest.raises(QueryError) as caught:
        parse_value("x" * (MAX_TEXT_BYTES + 1), "string", name="q.actor")
    assert caught.value.code == "param_too_long"


# ---------------------------------------------------------------------- the CLI, on the server
def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("lang", "words"), [("en", "outside the range"), ("es", "fuera del rango")]
)
def test_overflowing_parameter_is_one_line_and_exit_1(neo4j_env, lang, words):
    for args in (
        ["cypher", "RETURN $limit AS n", "-p", "limit=99999999999999999999"],
        ["query", "lead_firms", "--study", "x", "-p", "limit=99999999999999999999"],
    ):
        result = runner.invoke(app, args, env={**neo4j_env, "TRAMAS_LANG": lang})
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "OverflowError" not in result.output
        lines = _error_lines(result.output)
        assert len(lines) == 1 and "limit" in lines[0], result.output
        if args[0] == "cypher":
            assert words in lines[0] and "99999999999999999999" in lines[0]
        else:
            assert "10000" in lines[0].replace(".", "").replace(",", "")


@pytest.mark.neo4j
def test_terminate_without_write_is_refused_and_kills_nothing(neo4j_env, neo4j_uri, neo4j_auth):
    key = f"test-terminate-{uuid.uuid4().hex[:8]}"
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as other:
        session = other.session()
        tx = session.begin_transaction(metadata={"tramas_test": key})
        try:
            tx.run("CREATE ({tramas_test: $key})", key=key).consume()
            with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as admin:
                records, _, _ = admin.execute_query(
                    "SHOW TRANSACTIONS YIELD transactionId, metaData "
                    "WHERE metaData.tramas_test = $key RETURN transactionId",
                    key=key,
                )
            ids = [r["transactionId"] for r in records]
            assert len(ids) == 1
            for tid in ids:
                result = runner.invoke(
                    app, ["cypher", f"TERMINATE TRANSACTIONS '{tid}'"], env=neo4j_env
                )
                assert result.exit_code == 1, result.output
                assert _error_lines(result.output) == [
                    "error: refused: TERMINATE is not a reading clause"
                ]
                assert "--write" in result.output and "Traceback" not in result.output
            tx.commit()  # the other client's transaction is alive and commits
        finally:
            tx.close()
            session.close()
        records, _, _ = other.execute_query(
            "MATCH (n {tramas_test: $key}) WITH n, count(*) AS c DELETE n RETURN c", key=key
        )
        assert [r["c"] for r in records] == [1]


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        type(self).hits.append(self.path)
        body = b"a,b\n1,2\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


@pytest.mark.neo4j
def test_load_csv_without_write_is_refused_and_fetches_nothing(neo4j_env, web):
    base, hits = web
    for statement in (
        f"LOAD CSV FROM '{base}/a.csv' AS row RETURN row",
        f"load csv with headers from '{base}/b.csv' AS row RETURN row.a, linenumber()",
        f"CALL {{ LOAD CSV FROM '{base}/c.csv' AS row RETURN row }} RETURN row",
    ):
        result = runner.invoke(app, ["cypher", statement], env=neo4j_env)
        assert result.exit_code == 1, result.output
        assert _error_lines(result.output) == ["error: refused: LOAD CSV is not a reading clause"]
        assert "fetch files or URLs" in result.output
        es = runner.invoke(app, ["cypher", statement], env={**neo4j_env, "TRAMAS_LANG": "es"})
        assert es.exit_code == 1 and "no es una cláusula de lectura" in es.output
    time.sleep(0.2)
    assert hits == []
    # the same query with --write does make the server fetch (so the probe above is real)
    fetched = runner.invoke(
        app, ["cypher", f"LOAD CSV FROM '{base}/a.csv' AS row RETURN row", "--write"], env=neo4j_env
    )
    if fetched.exit_code == 0:
        assert hits == ["/a.csv"]


@pytest.mark.neo4j
def test_read_only_procedures_and_show_indexes_run(neo4j_env):
    result = runner.invoke(app, ["cypher", "CALL dbms.components()", "-f", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert '"Neo4j Kernel"' in result.stdout
    shown = runner.invoke(app, ["cypher", "SHOW INDEXES YIELD name RETURN name"], env=neo4j_env)
    assert shown.exit_code == 0, shown.output
    refused = runner.invoke(app, ["cypher", "SHOW TRANSACTIONS"], env=neo4j_env)
    assert refused.exit_code == 1
    assert _error_lines(refused.output) == [
        "error: refused: SHOW TRANSACTIONS is not a reading clause"
    ]


@pytest.mark.neo4j
def test_cypher_csv_of_a_stored_formula_name_is_neutralised(neo4j_env, neo4j_uri, neo4j_auth):
    key = f"test-csv-{uuid.uuid4().hex[:8]}"
    name = "=cmd|' /C calc'!A0"
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as driver:
        driver.execute_query("CREATE ({tramas_test: $key, name: $name})", key=key, name=name)
        try:
            args = ["cypher", "MATCH (n {tramas_test: $k}) RETURN n.name AS name", "-p", f"k={key}"]
            safe = runner.invoke(app, [*args, "-f", "csv"], env=neo4j_env)
            assert safe.exit_code == 0, safe.output
            assert list(csv.reader(io.StringIO(safe.stdout))) == [["name"], ["'" + name]]
            raw = runner.invoke(app, [*args, "-f", "csv", "--raw-csv"], env=neo4j_env)
            assert raw.exit_code == 0, raw.output
            assert list(csv.reader(io.StringIO(raw.stdout))) == [["name"], [name]]
        finally:
            driver.execute_query("MATCH (n {tramas_test: $key}) DELETE n", key=key)
