"""Bulk loading (`tramas db load --bulk`) with neo4j-admin import, against real servers.

A bulk load stops the server and replaces its database, so these tests run it against a
private second ``scripts/neo4j-local`` server (its own folder through ``NEO4J_LOCAL_DIR``,
a small heap), never against the shared test server other tests use.
"""

from __future__ import annotations

import csv
import os
import subprocess
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from neo4j_fixtures import NEO4J_LOCAL, keyed_sample, study_fingerprint
from tramas.cli import app
from tramas.exceptions import StoreError
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network
from tramas.ingest import load
from tramas.locale import format_number
from tramas.neo4j.bulk import ARRAY_DELIMITER, bulk_load, write_import_files
from tramas.neo4j.server import LocalServer, find_local_server
from tramas.neo4j.store import Neo4jStore

pytestmark = pytest.mark.neo4j
runner = CliRunner()

EVIL_NAME = 'Bodega "La Coma", S.A.\nsegunda línea ; con punto y coma'
EVIL_EVIDENCE = 'dijo: "nos asesoran", y luego,\r\notra cosa'


@dataclass
class Private:
    uri: str
    server: LocalServer
    env: dict[str, str]


@pytest.fixture(scope="module")
def private(tmp_path_factory, neo4j_auth):
    """A second local Neo4j server in its own folder, stopped at the end of the module."""
    folder = tmp_path_factory.mktemp("neo4j-bulk-server")
    env = {
        "NEO4J_LOCAL_DIR": str(folder),
        "NEO4J_LOCAL_HEAP_INITIAL": "512m",
        "NEO4J_LOCAL_HEAP_MAX": "1g",
        "NEO4J_LOCAL_PAGECACHE": "128m",
        "NEO4J_PASSWORD": neo4j_auth[1],
    }
    server = LocalServer("neo4j-local", NEO4J_LOCAL, env)
    started = subprocess.run(
        [str(NEO4J_LOCAL), "start"],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    uri = next(
        (ln.split("=", 1)[1] for ln in started.stdout.splitlines() if ln.startswith("NEO4J_URI=")),
        None,
    )
    if started.returncode != 0 or uri is None:
        pytest.fail(f"could not start a private Neo4j: {started.stderr[-2000:]}", pytrace=False)
    try:
        yield Private(uri, server, env)
    finally:
        subprocess.run(
            [str(NEO4J_LOCAL), "stop"],
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=300,
            check=False,
        )


@pytest.fixture
def pstore(private, neo4j_auth):
    with Neo4jStore(private.uri, user=neo4j_auth[0], password=neo4j_auth[1]) as store:
        yield store


def property_types(store: Neo4jStore, study: str) -> list:
    """(kind of element, key, Cypher value type) of every property, with counts."""
    return (
        store.execute(
            "MATCH (n:Actor {study: $s}) UNWIND keys(n) AS k "
            "RETURN 'node' AS what, k AS key, valueType(n[k]) AS type, count(*) AS n "
            "UNION ALL MATCH (:Actor {study: $s})-[r]->() UNWIND keys(r) AS k "
            "RETURN type(r) AS what, k AS key, valueType(r[k]) AS type, count(*) AS n",
            {"s": study},
        )
        .to_frame()
        .sort_values(["what", "key", "type"])
        .reset_index(drop=True)
        .values.tolist()
    )


def evil_sample(folder: Path) -> tuple[str, Path]:
    """The sample under a fresh key, plus an actor and a tie with hostile text."""
    key, toml = keyed_sample(folder, "test-bulk")
    with open(folder / "actors.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(
            [
                "F999",
                EVIL_NAME,
                "",
                "firm",
                "false",
                "0.1",
                "micro",
                "foreign",
                "uva",
                "",
                "Valle de Uco",
                "Tupungato",
                "-33.1",
                "-69.1",
                "false",
                "",
                "",
            ]
        )
    with open(folder / "ties.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(
            [
                "F999",
                "F001",
                "trade",
                "2025",
                "0.1",
                "vertical",
                "market",
                "",
                "survey",
                EVIL_EVIDENCE,
            ]
        )
    return key, toml


# ---------------------------------------------------------------------- the main check
def test_bulk_load_writes_the_graph_an_online_load_writes(private, pstore, tmp_path):
    key, toml = evil_sample(tmp_path)
    network = load(toml)
    assert EVIL_NAME in network.actors["name"].tolist()
    pstore.load(network)
    online = study_fingerprint(pstore, key)
    online_types = property_types(pstore, key)
    online_status = pstore.status(key)

    result = runner.invoke(
        app,
        ["db", "load", "--study", str(toml), "--bulk", "--replace"],
        env={**private.env, "NEO4J_URI": private.uri},
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    # the sample study is in Spanish, and so is what its load prints
    ties = format_number(len(network.ties), "es")
    assert f"{len(network.actors)} actores, {ties} vínculos" in out
    assert "cargado en bloque" in out and "importación" in out

    with Neo4jStore(private.uri, password=pstore._secret) as store:
        # the same nodes, labels, relationships and properties, with the same types
        assert study_fingerprint(store, key) == online
        assert property_types(store, key) == online_types
        status = store.status(key)
        assert status.labels == online_status.labels and status.types == online_status.types
        # and it pulls back as the network that was loaded
        pulled = store.pull(key)
        pd.testing.assert_frame_equal(pulled.actors, network.actors)
        pd.testing.assert_frame_equal(pulled.ties, network.ties)
        assert pulled.relations == network.relations and pulled.study == network.study
        assert store.studies().set_index("study").loc[key, "status"] == "complete"
        names = store.execute(
            "SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'tramas_' RETURN name"
        ).rows
        assert {"tramas_actor_key", "tramas_study_key"} <= {r["name"] for r in names}


# ---------------------------------------------------------------------- refusals
def test_bulk_refuses_a_database_with_other_studies_and_the_same_study_without_replace(
    private, pstore, tmp_path
):
    key, toml = keyed_sample(tmp_path, "test-bulk-other")
    network = load(toml)
    pstore.load(network)
    try:
        other = Network(
            network.actors.copy(),
            network.ties.copy(),
            dict(network.relations),
            replace(network.study, key=f"test-bulk-new-{uuid.uuid4().hex[:8]}"),
        )
        with pytest.raises(StoreError, match="holds other studies") as info:
            bulk_load(pstore, other, server=private.server)
        assert key in info.value.message and "without --bulk" in info.value.hint
        if len(pstore.studies()) == 1:  # only this study: refused without --replace
            with pytest.raises(StoreError, match="already in Neo4j") as info:
                bulk_load(pstore, network, server=private.server)
            assert "--replace" in info.value.hint
    finally:
        pstore.drop(key)
    # nothing was stopped: the server still answers and holds what it held
    assert pstore.reconnect().has_study(key) is False


def test_bulk_refuses_a_remote_server_and_a_server_it_does_not_control(
    private, neo4j_uri, neo4j_auth, tmp_path
):
    network = load(keyed_sample(tmp_path, "test-bulk-remote")[1])
    with Neo4jStore("bolt://neo4j.example.org:7687") as remote:
        with pytest.raises(StoreError, match="remote") as info:
            bulk_load(remote, network, server=private.server)
        assert "without --bulk" in info.value.hint
    if neo4j_uri != private.uri:
        shared = Neo4jStore(neo4j_uri, user=neo4j_auth[0], password=neo4j_auth[1])
        with shared, pytest.raises(StoreError, match="is not the server of"):
            bulk_load(shared, network, server=private.server)
    with pytest.raises(StoreError, match="not a Neo4j installation"):
        find_local_server(tmp_path)


def test_community_has_no_second_database(private, neo4j_auth, tmp_path):
    network = load(keyed_sample(tmp_path, "test-bulk-db")[1])
    with Neo4jStore(private.uri, password=neo4j_auth[1], database="tramasbulk") as store:
        with pytest.raises(StoreError, match="does not exist|one user database"):
            bulk_load(store, network, server=private.server)
        rows = (
            Neo4jStore(private.uri, password=neo4j_auth[1])
            .execute("CALL dbms.components() YIELD edition RETURN edition")
            .rows
        )
        if rows[0]["edition"] == "community":
            with pytest.raises(StoreError):
                Neo4jStore(private.uri, password=neo4j_auth[1], database="system").execute(
                    "CREATE DATABASE tramasbulk", write=True
                )


# ---------------------------------------------------------------------- the CSV files
def test_import_files_follow_the_import_tool_header_format(tmp_path):
    actors = pd.DataFrame(
        {
            "name": ["A", 'Quote "q", comma', None, ""],
            "kind": ["firm", "research", None, "government"],
            "internal": [True, True, False, True],
            "employees": [1.5, np.nan, 3.0, 0.1],
            "n": pd.array([1, None, 3, 4], dtype="Int64"),
            "tags": [["x", "y"], None, ["z"], []],
        },
        index=pd.Index(["a", "b", "c", "d"], name="id"),
    )
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "c"],
            "target": ["b", "c", "a"],
            "relation": "trade",
            "wave": ["1", "1", None],
            "weight": [1.0, 2.5, 0.1],
            "source_row": [2, 3, 4],
        }
    )
    net = Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key="k", waves=("1",)))
    files = write_import_files(net, tmp_path)
    lines = files.actors.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["id:ID(Actor)", ":LABEL", "study", "seq:long"]
    assert "employees:double" in header and "n:long" in header and "internal:boolean" in header
    assert "tags:string[]" in header and "name" in header
    assert lines[1].startswith(f'"a","Actor{ARRAY_DELIMITER}Firm","k",0,"A",')
    assert '"Quote ""q"", comma"' in lines[2]
    assert f'"Actor{ARRAY_DELIMITER}Firm{ARRAY_DELIMITER}External"' in lines[3]  # kind missing
    assert ',"",' in lines[4] and ",0.1," in lines[4]  # empty text stays text; 0.1 exact
    rel = files.ties["TRADE"].read_text(encoding="utf-8").splitlines()
    assert rel[0].startswith(":START_ID(Actor),:END_ID(Actor),study,seq:long,wave,weight:double")
    assert rel[3].split(",")[4] == '""'  # a tie without a wave has wave ""
    assert not files.multiline


def test_columns_the_import_tool_cannot_hold_are_refused(tmp_path):
    actors = pd.DataFrame({"mixed": [1, "x"]}, index=pd.Index(["a", "b"], name="id"))
    ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade", "wave": "1"})
    net = Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key="k", waves=("1",)))
    with pytest.raises(StoreError, match="mixes value types"):
        write_import_files(net, tmp_path)
    actors = pd.DataFrame({"a:b": [1, 2]}, index=pd.Index(["a", "b"], name="id"))
    net = Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key="k", waves=("1",)))
    with pytest.raises(StoreError, match="header"):
        write_import_files(net, tmp_path)


def test_bulk_waits_for_or_refuses_a_study_another_load_holds(private, pstore, tmp_path):
    """Issue #14: a bulk load takes the study's lock before it stops the server."""
    from tramas.neo4j.lock import StudyLock, StudyLocked

    key, toml = keyed_sample(tmp_path, "test-bulk-lock")
    network = load(toml)
    for other in pstore.studies()["study"]:  # the module's earlier tests leave theirs
        pstore.drop(other)
    pstore.ensure_schema()
    waited = []
    try:
        with StudyLock(pstore, key, timeout=0), pytest.raises(StudyLocked) as info:
            bulk_load(
                pstore, network, server=private.server, lock_timeout=1.5, on_wait=waited.append
            )
        assert f"study '{key}' is being loaded by" in info.value.message
        assert [h.study for h in waited] == [key] and waited[0].pid == os.getpid()
    finally:
        pstore.execute("MATCH (l:TramasLock {study: $s}) DELETE l", {"s": key}, write=True)
    # nothing was stopped: the server still answers
    assert pstore.reconnect().has_study(key) is False
