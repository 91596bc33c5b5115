"""The Neo4j server the tests use is real: it answers, checks passwords, stores and returns data."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from neo4j_fixtures import NEO4J_LOCAL

pytestmark = pytest.mark.neo4j


def test_server_answers_return_1(neo4j_driver, neo4j_database):
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one", database_=neo4j_database)
    assert [r["one"] for r in records] == [1]


def test_wrong_password_is_refused(neo4j_driver, neo4j_uri, neo4j_auth):
    # neo4j_driver first: the server is up and accepts the right password.
    user, password = neo4j_auth
    wrong = (user, password + "-but-wrong")
    with GraphDatabase.driver(neo4j_uri, auth=wrong) as driver, pytest.raises(AuthError):
        driver.verify_connectivity()


def test_right_password_is_accepted(neo4j_driver, neo4j_uri, neo4j_auth):
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as driver:
        driver.verify_connectivity()


def test_version_is_5_26(neo4j_driver, neo4j_is_local):
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    )
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    version = kernel["versions"][0]
    if neo4j_is_local:
        assert re.fullmatch(r"5\.26\.\d+", version), version
        assert kernel["edition"] == "community"
    else:  # your own server (NEO4J_URI): tramas needs Neo4j 5.x or a later calendar version
        major = int(version.split(".")[0])
        assert major == 5 or major >= 2025, version


def test_write_read_round_trip(neo4j_driver, neo4j_database):
    tag = f"tramas-test-{uuid.uuid4().hex}"
    try:
        neo4j_driver.execute_query(
            "CREATE (a:TramasServerTest {tag: $tag, name: 'Firm A'})"
            "-[:SUPPLIES {weight: 2.5, since: date('2019-04-01')}]->"
            "(b:TramasServerTest {tag: $tag, name: 'Firm B', employees: 42})",
            parameters_={"tag": tag},
            database_=neo4j_database,
        )
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (a:TramasServerTest {tag: $tag})-[r:SUPPLIES]->(b:TramasServerTest {tag: $tag}) "
            "RETURN a.name AS a, b.name AS b, b.employees AS employees, r.weight AS weight, "
            "toString(r.since) AS since",
            parameters_={"tag": tag},
            database_=neo4j_database,
        )
        assert [r.data() for r in records] == [
            {"a": "Firm A", "b": "Firm B", "employees": 42, "weight": 2.5, "since": "2019-04-01"}
        ]
    finally:
        neo4j_driver.execute_query(
            "MATCH (n:TramasServerTest {tag: $tag}) DETACH DELETE n",
            parameters_={"tag": tag},
            database_=neo4j_database,
        )
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:TramasServerTest {tag: $tag}) RETURN count(n) AS n",
        parameters_={"tag": tag},
        database_=neo4j_database,
    )
    assert records[0]["n"] == 0


def test_local_start_is_idempotent(neo4j_uri, neo4j_is_local):
    if not neo4j_is_local:  # a graph test never passes by skipping (see neo4j_fixtures)
        pytest.fail(
            "this test needs the server of scripts/neo4j-local, but NEO4J_URI points at "
            "another one (deselect it with -k 'not local_start')",
            pytrace=False,
        )
    again = subprocess.run(
        [str(NEO4J_LOCAL), "start"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == f"NEO4J_URI={neo4j_uri}"
    status = subprocess.run(
        [str(NEO4J_LOCAL), "status"], capture_output=True, text=True, timeout=60, check=False
    )
    assert status.returncode == 0
    assert f"NEO4J_URI={neo4j_uri}" in status.stdout.splitlines()
