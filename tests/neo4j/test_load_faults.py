"""Exact Neo4j loads under concurrency and interruption (issue #14: cases 14, 15 and the
weaker spots of `db load`), on the real test server (never mocked; a lost server is
simulated in the loader, the shared server is never stopped)."""

from __future__ import annotations

import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import StoreError
from tramas.ingest import load
from tramas.neo4j.connection import Connection, mask_uri
from tramas.neo4j.load import LoadInterrupted
from tramas.neo4j.lock import StudyLock

pytestmark = pytest.mark.neo4j

runner = CliRunner()
TRAMAS = str(Path(sys.executable).with_name("tramas"))


# ---------------------------------------------------------------------- helpers
def write_study(
    folder: Path, key: str, n_actors: int, n_ties: int, *, seed: int = 1, lang: str = "en"
) -> Path:
    """A study of ``n_ties`` distinct ties (two relations, two waves) among ``n_actors``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    ids = [f"A{i:05d}" for i in range(n_actors)]
    pd.DataFrame({"id": ids, "name": [f"Org {i}" for i in range(n_actors)], "kind": "firm"}).to_csv(
        folder / "actors.csv", index=False
    )
    picked: set[tuple[int, int, int]] = set()
    rows = []
    while len(rows) < n_ties:
        s, t, combo = (int(x) for x in rng.integers(0, [n_actors, n_actors, 4]))
        if s == t or (s, t, combo) in picked:
            continue
        picked.add((s, t, combo))
        rows.append(
            (ids[s], ids[t], ("knowledge", "trade")[combo % 2], ("1", "2")[combo // 2], 1 + s % 3)
        )
    pd.DataFrame(rows, columns=["source", "target", "relation", "wave", "weight"]).to_csv(
        folder / "ties.csv", index=False
    )
    toml = folder / "study.toml"
    toml.write_text(
        f'[study]\nkey = "{key}"\ntitle = "faults"\nlang = "{lang}"\nwaves = ["1", "2"]\n\n'
        '[actors]\nfile = "actors.csv"\n\n'
        '[[relations]]\nname = "knowledge"\ndirected = true\ndirection = "ego_to_alter"\n\n'
        '[[relations]]\nname = "trade"\ndirected = true\ndirection = "ego_to_alter"\n\n'
        '[[ties]]\nshape = "edgelist"\nfile = "ties.csv"\n',
        encoding="utf-8",
    )
    return toml


def is_ties(statements) -> bool:
    """Whether a write transaction is a batch of ties (not the study node's)."""
    return "UNWIND range(0, size($src) - 1)" in statements[0][0]


def expected_counts(toml: Path) -> dict[str, int]:
    ties = load(toml, strict=False).ties
    return {rel.upper(): int(n) for rel, n in ties["relation"].value_counts().items()}


def db_counts(store, key: str) -> dict[str, int]:
    rows = store.execute(
        "MATCH (a:Actor {study: $s})-[r]->() RETURN type(r) AS t, count(r) AS n", {"s": key}
    ).rows
    return {r["t"]: r["n"] for r in rows}


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [TRAMAS, *args],
        env={**os.environ, **env, "COLUMNS": "300"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def key(store):
    keys: list[str] = []

    def make(tag: str) -> str:
        keys.append(f"test-faults-{tag}-{uuid.uuid4().hex[:8]}")
        return keys[-1]

    yield make
    for k in keys:
        store.execute("MATCH (l:TramasLock {study: $s}) DELETE l", {"s": k}, write=True)
        store.drop(k)


# ---------------------------------------------------------------------- case 15
def test_a_tie_reported_by_both_sides_loads_and_pulls_back_as_the_network_holds_it(
    tmp_path, store, key, neo4j_env
):
    k = key("both")
    toml = write_study(tmp_path, k, 6, 0)
    (tmp_path / "ties.csv").write_text(
        "source,target,relation,wave,weight,reported_by\n"
        "A00000,A00001,knowledge,1,2,A00000\n"
        "A00000,A00001,knowledge,1,3,A00001\n"  # the same tie, told by the other side
        "A00002,A00003,trade,1,1,\n"
        "A00002,A00003,trade,2,1,\n",
        encoding="utf-8",
    )
    network = load(toml, strict=False)
    assert len(network.ties) == 4  # the ingest keeps both reports
    valid = runner.invoke(app, ["validate", "--study", str(toml)])
    assert valid.exit_code == 0, valid.output
    first = runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
    assert first.exit_code == 0, first.output
    assert db_counts(store, k) == {"KNOWLEDGE": 2, "TRADE": 2}
    pulled = store.pull(k)
    pd.testing.assert_frame_equal(pulled.ties, network.ties.reset_index(drop=True))
    # again (an update: merged on type, ends, wave and reporter) and resumed
    again = runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
    assert again.exit_code == 0, again.output
    resumed = runner.invoke(
        app, ["db", "load", "--study", str(toml), "--resume-from", "1"], env=neo4j_env
    )
    assert resumed.exit_code == 0, resumed.output
    assert db_counts(store, k) == {"KNOWLEDGE": 2, "TRADE": 2}
    pd.testing.assert_frame_equal(store.pull(k).ties, network.ties.reset_index(drop=True))


# ---------------------------------------------------------------------- case 14 / lock
def test_two_fresh_loads_at_once_end_with_one_copy_of_every_tie(tmp_path, store, key, neo4j_env):
    k = key("fresh")
    toml = write_study(tmp_path, k, 400, 4000)
    expected = expected_counts(toml)
    procs = [cli("db", "load", "--study", str(toml), "--batch-size", "200", env=neo4j_env)]
    procs.append(cli("db", "load", "--study", str(toml), "--batch-size", "200", env=neo4j_env))
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, out + err
        assert "4,000 ties" in one_line(out), out
    assert db_counts(store, k) == expected
    status = store.execute("MATCH (s:Study {key: $s}) RETURN s.status AS st", {"s": k}).rows
    assert status == [{"st": "complete"}]
    assert not store.execute("MATCH (l:TramasLock {study: $s}) RETURN l", {"s": k}).rows


def test_two_loads_at_once_after_a_failed_first_load_end_exact(
    tmp_path, store, key, neo4j_env, monkeypatch
):
    k = key("failed")
    toml = write_study(tmp_path, k, 400, 4000, seed=2)
    network = load(toml, strict=False)
    expected = expected_counts(toml)
    # a first load that fails part-way: the study stays 'loading' with some ties
    calls = {"n": 0}
    real = Connection.write_batch

    def flaky(self, statements, **kw):
        calls["n"] += is_ties(statements)
        if calls["n"] == 4:
            raise StoreError("cannot reach Neo4j", code="neo4j_unreachable")
        return real(self, statements, **kw)

    monkeypatch.setattr(Connection, "write_batch", flaky)
    with pytest.raises(LoadInterrupted) as info:
        store.load(network, batch_size=500, workers=1)
    monkeypatch.undo()
    partial = sum(db_counts(store, k).values())
    assert 0 < partial < len(network.ties) and info.value.committed == partial
    # two loads at once, kept waiting together on a lock held by the test
    held = StudyLock(store, k, timeout=0).acquire()
    try:
        procs = [cli("db", "load", "--study", str(toml), env=neo4j_env) for _ in range(2)]
        time.sleep(8)  # both read their input and wait for the lock
        assert all(p.poll() is None for p in procs)
        rows = store.execute("MATCH (l:TramasLock {study: $s}) RETURN l.token AS t", {"s": k}).rows
        assert rows == [{"t": held.token}]
    finally:
        held.release()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, out + err
        assert "waiting for the load of study" in one_line(out), out
    assert db_counts(store, k) == expected
    pd.testing.assert_frame_equal(store.pull(k).ties, network.ties.reset_index(drop=True))


def test_a_held_lock_makes_a_second_load_refuse_by_name_and_a_stale_one_is_taken_over(
    tmp_path, store, key, neo4j_env
):
    k = key("lock")
    toml = write_study(tmp_path, k, 30, 60)
    with StudyLock(store, k, timeout=0):
        refused = runner.invoke(
            app, ["db", "load", "--study", str(toml), "--lock-timeout", "0"], env=neo4j_env
        )
    assert refused.exit_code == 1
    text = one_line(refused.output)
    assert f"study '{k}' is being loaded by" in text and f"/{os.getpid()}" in text, text
    assert "--lock-timeout" in text and "Traceback" not in text
    assert not db_counts(store, k)
    # a lock whose holder was killed (no heartbeat for minutes) is taken over
    store.execute(
        "CREATE (:TramasLock {study: $s, token: 'dead', host: 'gone', pid: 99999, "
        "kind: 'load', started_at: datetime() - duration('PT10M'), "
        "heartbeat: datetime() - duration('PT5M')})",
        {"s": k},
        write=True,
    )
    taken = runner.invoke(
        app, ["db", "load", "--study", str(toml), "--lock-timeout", "0"], env=neo4j_env
    )
    assert taken.exit_code == 0, taken.output
    assert db_counts(store, k) == expected_counts(toml)
    assert not store.execute("MATCH (l:TramasLock {study: $s}) RETURN l", {"s": k}).rows


# ---------------------------------------------------------------------- post-load check
def test_copies_are_repaired_and_ties_no_longer_in_the_data_are_an_error_with_the_fix(
    tmp_path, store, key, neo4j_env
):
    k = key("excess")
    toml = write_study(tmp_path, k, 50, 300)
    expected = expected_counts(toml)
    assert runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env).exit_code == 0
    # copies of 40 ties, as two concurrent CREATE loads used to leave
    store.execute(
        "MATCH (a:Actor {study: $s})-[r:TRADE]->(b) WITH a, r, b LIMIT 40 "
        "CREATE (a)-[c:TRADE]->(b) SET c = properties(r)",
        {"s": k},
        write=True,
    )
    assert db_counts(store, k)["TRADE"] == expected["TRADE"] + 40
    repaired = runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
    assert repaired.exit_code == 0, repaired.output
    assert db_counts(store, k) == expected
    # ties dropped from the data stay in Neo4j without --replace: refused, with the fix
    ties = pd.read_csv(tmp_path / "ties.csv")
    ties.iloc[:-25].to_csv(tmp_path / "ties.csv", index=False)
    fewer = expected_counts(toml)
    result = runner.invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
    assert result.exit_code == 1
    text = one_line(result.output)
    assert "Neo4j holds more ties than the data has" in text, text
    over = {t: n for t, n in fewer.items() if n != expected[t]}
    for t, n in over.items():
        assert f"{t} {expected[t]} / {n}" in text
    fix = text.split("rebuild the study from the data: ", 1)[1].strip()
    assert fix.startswith("tramas db load") and fix.endswith("--replace")
    done = runner.invoke(app, shlex.split(fix)[1:], env=neo4j_env)
    assert done.exit_code == 0, done.output
    assert db_counts(store, k) == fewer


# ---------------------------------------------------------------------- interruption
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_says_what_neo4j_holds_and_the_resume_command_finishes_exactly(
    tmp_path, store, key, neo4j_env, workers
):
    k = key("sigint")
    # big enough that a warm local server (50,000 ties/s) is still loading when the
    # signal comes: it is sent as soon as the first batches are in
    toml = write_study(tmp_path, k, 3000, 240_000, seed=3)
    expected = expected_counts(toml)
    proc = cli(
        "db",
        "load",
        "--study",
        str(toml),
        "--batch-size",
        "1000",
        "--workers",
        workers,
        env=neo4j_env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(db_counts(store, k).values()) > 2000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    text = one_line(err)
    assert "Traceback" not in err
    held = sum(db_counts(store, k).values())
    assert 2000 < held < sum(expected.values())
    assert "interrupted (Ctrl-C)" in text
    assert f"Neo4j holds {held:,} of the {sum(expected.values()):,} ties" in text, text
    command = text.split("resume with: ", 1)[1].strip()
    assert command.startswith("tramas db load") and "--resume-from" in command
    resume = shlex.split(command)
    resumed = subprocess.run(
        [TRAMAS, *resume[1:]],
        env={**os.environ, **neo4j_env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert db_counts(store, k) == expected
    assert not store.execute("MATCH (l:TramasLock {study: $s}) RETURN l", {"s": k}).rows


@pytest.mark.parametrize("reachable", [True, False])
def test_a_lost_server_says_what_was_committed_and_how_to_resume(
    tmp_path, store, key, neo4j_env, monkeypatch, reachable
):
    k = key("lost")
    toml = write_study(tmp_path, k, 200, 1500, seed=4)
    expected = expected_counts(toml)
    calls = {"n": 0}
    real_write = Connection.write_batch
    real_execute = Connection.execute
    down = threading.Event()

    def write_batch(self, statements, **kw):
        calls["n"] += is_ties(statements)
        if calls["n"] >= 3:  # the server was killed after two batches of ties
            down.set()
            logging.getLogger("neo4j.io").error("Failed to read from defunct connection")
            raise StoreError(f"cannot reach Neo4j at {self.uri}", code="neo4j_unreachable")
        return real_write(self, statements, **kw)

    def execute(self, cypher, parameters=None, **kw):
        if down.is_set() and not reachable and "TramasLock" not in cypher:
            raise StoreError(f"cannot reach Neo4j at {self.uri}", code="neo4j_unreachable")
        return real_execute(self, cypher, parameters, **kw)

    monkeypatch.setattr(Connection, "write_batch", write_batch)
    monkeypatch.setattr(Connection, "execute", execute)
    result = runner.invoke(
        app,
        ["db", "load", "--study", str(toml), "--batch-size", "400", "--workers", "1"],
        env=neo4j_env,
    )
    monkeypatch.undo()
    assert result.exit_code == 1
    text = one_line(result.output)
    assert "Failed to read from defunct connection" not in result.output
    assert "Traceback" not in result.output
    held = sum(db_counts(store, k).values())
    assert held == 800
    how = "counted in the database" if reachable else "acknowledged by the server"
    assert f"Neo4j holds 800 of the {sum(expected.values()):,} ties ({how}" in text, text
    assert "cannot reach Neo4j" in text
    command = text.split("resume with: ", 1)[1].strip()
    assert "--resume-from 800" in command
    done = runner.invoke(app, shlex.split(command)[1:], env=neo4j_env)
    assert done.exit_code == 0, done.output
    assert db_counts(store, k) == expected


# ---------------------------------------------------------------------- URIs and chatter
def test_an_http_uri_is_refused_before_connecting_with_a_bolt_hint():
    result = runner.invoke(app, ["db", "status", "--uri", "http://localhost:7474"])
    assert result.exit_code == 1
    text = one_line(result.output)
    assert "tramas connects with the Bolt protocol only" in text and "not http" in text
    assert "use bolt://HOST:7687" in text
    assert "aiohttp" not in text and "Traceback" not in text
    for uri in ("https://db.example.org", "ftp://x", "localhost:7687"):
        result = runner.invoke(app, ["db", "status", "--uri", uri])
        assert result.exit_code == 1 and "Bolt protocol only" in one_line(result.output)


def test_credentials_in_a_uri_are_never_echoed(neo4j_uri):
    secret = "pa55-" + uuid.uuid4().hex[:6]
    uri = neo4j_uri.replace("bolt://", f"bolt://neo4j:{secret}@")
    for args in (["db", "status", "--uri", uri], ["db", "pull", "--study", "x", "--uri", uri]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert secret not in result.output
        text = one_line(result.output)
        assert "bolt://***@" in text and "NEO4J_USER and NEO4J_PASSWORD" in text
    env_result = runner.invoke(app, ["db", "status"], env={"NEO4J_URI": uri})
    assert env_result.exit_code == 1 and secret not in env_result.output
    assert mask_uri(f"neo4j+s://u:{secret}@h:7687/db") == "neo4j+s://***@h:7687/db"


def test_bolt_s_against_a_plain_server_says_it_does_not_speak_tls(neo4j_uri, neo4j_env):
    uri = neo4j_uri.replace("bolt://", "bolt+s://")
    result = runner.invoke(app, ["db", "status", "--uri", uri], env=neo4j_env)
    assert result.exit_code == 1
    text = one_line(result.output)
    assert "does not speak TLS: try bolt:// instead of bolt+s://" in text, text
    assert f"use {neo4j_uri}" in text
    spanish = runner.invoke(
        app, ["db", "status", "--uri", uri], env={**neo4j_env, "TRAMAS_LANG": "es"}
    )
    assert "no usa TLS" in one_line(spanish.output)


def test_driver_log_records_stay_off_stderr_unless_debug(neo4j_env, monkeypatch, capfd):
    from tramas.neo4j.store import Neo4jStore

    def status(self, study=None):
        logging.getLogger("neo4j.io").error("Failed to read from defunct connection XYZ")
        logging.getLogger("neo4j.pool").warning("Transaction failed and will be retried XYZ")
        raise StoreError(f"cannot reach Neo4j at {self.uri}", code="neo4j_unreachable")

    monkeypatch.setattr(Neo4jStore, "status", status)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [logging.StreamHandler(sys.stderr)])
    quiet = runner.invoke(app, ["db", "status"], env=neo4j_env)
    assert quiet.exit_code == 1
    assert "XYZ" not in quiet.output and "XYZ" not in capfd.readouterr().err
    assert "cannot reach Neo4j" in quiet.output
    loud = runner.invoke(app, ["--debug", "db", "status"], env=neo4j_env)
    assert "Failed to read from defunct connection XYZ" in capfd.readouterr().err + loud.output
    runner.invoke(app, ["db", "status", "--uri", "http://x"])  # back to quiet
    assert re.search("XYZ", capfd.readouterr().err) is None


def test_lock_and_interruption_messages_read_in_spanish(tmp_path, store, key, neo4j_env):
    k = key("es")
    toml = write_study(tmp_path, k, 30, 60, lang="es")
    with StudyLock(store, k, timeout=0):
        refused = runner.invoke(
            app, ["db", "load", "--study", str(toml), "--lock-timeout", "0"], env=neo4j_env
        )
    assert refused.exit_code == 1
    text = one_line(refused.output)
    assert f"otra carga del estudio '{k}' está en curso en" in text, text
    assert "espere a que termine esa carga" in text
    assert "being loaded" not in text and "wait for" not in text


@pytest.mark.parametrize(
    ("uri", "en", "es"),
    [
        ("bolt://localhost:port", "the port is not a number", "el puerto no es un número"),
        ("bolt://:7687", "it names no server", "no indica ningún servidor"),
    ],
)
def test_a_malformed_uri_is_worded_in_each_language(uri, en, es, monkeypatch):
    result = runner.invoke(app, ["db", "status", "--uri", uri])
    assert result.exit_code == 1 and en in one_line(result.output)
    monkeypatch.setenv("TRAMAS_LANG", "es")
    result = runner.invoke(app, ["db", "status", "--uri", uri])
    assert result.exit_code == 1 and es in one_line(result.output)
    assert "Traceback" not in result.output
