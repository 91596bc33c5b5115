"""Pytest plugin: a real Neo4j server for the tests, never a mock.

Registered from ``tests/conftest.py`` (``pytest_plugins = ["neo4j_fixtures"]``).

* ``neo4j_uri`` (session): ``NEO4J_URI`` from the environment if set (your own Neo4j: Desktop,
  a server, Aura, or one started by ``.ci/run``); otherwise ``scripts/neo4j-local start`` is run
  and the URI is read from its ``NEO4J_URI=...`` line. A server started here is stopped at the end
  of the session; one that was already running is left alone.
* ``neo4j_auth`` (session): ``(NEO4J_USER or "neo4j", NEO4J_PASSWORD or the development default)``.
* ``neo4j_database`` (session): ``NEO4J_DATABASE`` or ``"neo4j"``.
* ``neo4j_driver`` (session): a connected ``neo4j.Driver`` for the above.
* ``neo4j_is_local`` (session): True when the server is the one run by ``scripts/neo4j-local``.
* ``neo4j_env`` (session): the ``NEO4J_*`` environment a CLI invocation needs
  (``CliRunner().invoke(app, [...], env=neo4j_env)``).
* ``store`` (module): a connected :class:`tramas.neo4j.Neo4jStore` on the test server.
* ``neo4j_sample`` (module): the bundled sample under a study key of the test module's own,
  loaded with ``tramas db load``; a ``LoadedSample(key, toml)``. Dropped after the module.

Helpers: :func:`keyed_sample` (the sample's files under a fresh study key) and
:func:`study_fingerprint` (every node and relationship of a study, to compare two loads).

When no server can be had, the tests that need one FAIL (under CI too): a run must never
pass by skipping its graph tests.

Tests that use these fixtures get the ``neo4j`` marker, so ``pytest -m "not neo4j"`` skips them.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

DEV_PASSWORD = "tramas-dev-password"  # the same fixed default as scripts/neo4j-local
REPO_ROOT = Path(__file__).resolve().parents[1]
NEO4J_LOCAL = REPO_ROOT / "scripts" / "neo4j-local"
START_TIMEOUT_S = 900  # a first start downloads Neo4j from Maven Central
_NEO4J_FIXTURES = {"neo4j_uri", "neo4j_driver", "neo4j_is_local", "neo4j_env"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def neo4j_user() -> str:
    return os.environ.get("NEO4J_USER") or "neo4j"


def neo4j_password() -> str:
    return os.environ.get("NEO4J_PASSWORD") or DEV_PASSWORD


def _unavailable(reason: str) -> None:
    """Fail: a graph test never passes by skipping (deselect with ``-m "not neo4j"``)."""
    where = "under CI " if in_ci() else ""
    pytest.fail(f"Neo4j is required {where}but unavailable: {reason}", pytrace=False)


def _run_local(command: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEO4J_LOCAL), command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _uri_from(stdout: str) -> str | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith("NEO4J_URI="):
            return line.split("=", 1)[1].strip()
    return None


def local_server_uri() -> str | None:
    """URI of the server run by scripts/neo4j-local, if it is running."""
    if not NEO4J_LOCAL.exists():
        return None
    try:
        status = _run_local("status", timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return _uri_from(status.stdout) if status.returncode == 0 else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _NEO4J_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        yield uri
        return
    if not NEO4J_LOCAL.exists():
        _unavailable(f"NEO4J_URI is not set and {NEO4J_LOCAL} is missing")
    was_running = local_server_uri() is not None
    try:
        started = _run_local("start", timeout=START_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _unavailable(f"scripts/neo4j-local start did not finish: {exc}")
    uri = _uri_from(started.stdout)
    if started.returncode != 0 or not uri:
        _unavailable(
            f"scripts/neo4j-local start exited with {started.returncode}:\n"
            + "\n".join(started.stderr.splitlines()[-25:])
        )
    try:
        yield uri
    finally:
        if not was_running:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                _run_local("stop", timeout=180)


@pytest.fixture(scope="session")
def neo4j_auth() -> tuple[str, str]:
    return (neo4j_user(), neo4j_password())


@pytest.fixture(scope="session")
def neo4j_database() -> str:
    return os.environ.get("NEO4J_DATABASE") or "neo4j"


@pytest.fixture(scope="session")
def neo4j_is_local(neo4j_uri: str) -> bool:
    return neo4j_uri == local_server_uri()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str, neo4j_auth: tuple[str, str]) -> Iterator[object]:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    driver = GraphDatabase.driver(neo4j_uri, auth=neo4j_auth)
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        pytest.fail(
            f"Neo4j at {neo4j_uri} refused user {neo4j_auth[0]!r}: check NEO4J_USER/NEO4J_PASSWORD "
            f"({exc.__class__.__name__})",
            pytrace=False,
        )
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        _unavailable(f"cannot connect to {neo4j_uri}: {exc}")
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture(scope="session")
def neo4j_env(neo4j_uri: str, neo4j_auth: tuple[str, str], neo4j_database: str) -> dict[str, str]:
    """The environment a CLI invocation needs to reach the test server."""
    user, password = neo4j_auth
    return {
        "NEO4J_URI": neo4j_uri,
        "NEO4J_USER": user,
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": neo4j_database,
    }


def keyed_sample(folder: Path, prefix: str) -> tuple[str, Path]:
    """Write the bundled sample into ``folder`` under a fresh study key; returns (key, study.toml).

    Each test module works in its own study key, so modules never see each other's data.
    """
    import uuid

    from tramas.sample import write_sample

    write_sample(folder)
    key = f"{prefix}-{uuid.uuid4().hex[:10]}"
    toml = folder / "study.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('key = "wine-sample"', f'key = "{key}"'),
        encoding="utf-8",
    )
    return key, toml


class LoadedSample(NamedTuple):
    """The sample loaded into the test server: its study key and its study file."""

    key: str
    toml: Path


@pytest.fixture(scope="module")
def store(neo4j_uri: str, neo4j_auth: tuple[str, str], neo4j_database: str) -> Iterator[object]:
    """A connected ``Neo4jStore`` on the test server, shared by the tests of a module."""
    from tramas.neo4j import Neo4jStore

    user, password = neo4j_auth
    with Neo4jStore(neo4j_uri, user=user, password=password, database=neo4j_database) as s:
        yield s


@pytest.fixture(scope="module")
def neo4j_sample(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    neo4j_env: dict[str, str],
    store: object,
) -> Iterator[LoadedSample]:
    """The sample under a study key of this test module's own (:func:`keyed_sample`), loaded
    with `tramas db load`; dropped after the module's tests."""
    from typer.testing import CliRunner

    from tramas.cli import app

    prefix = "test-" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    key, toml = keyed_sample(tmp_path_factory.mktemp("sample"), prefix.replace("_", "-"))
    try:
        result = CliRunner().invoke(app, ["db", "load", "--study", str(toml)], env=neo4j_env)
        assert result.exit_code == 0, result.output
        yield LoadedSample(key, toml)
    finally:
        store.drop(key)


def study_fingerprint(store, study: str) -> dict:
    """Every node and relationship of a study with labels and properties (sorted; values
    by ``repr`` so that value types count), for comparing two loads of a study."""
    nodes = store.execute(
        "MATCH (n) WHERE n.study = $s OR (n:Study AND n.key = $s) "
        "RETURN labels(n) AS labels, properties(n) AS props",
        {"s": study},
    ).rows
    rels = store.execute(
        "MATCH (n)-[r]->(m) WHERE n.study = $s OR (n:Study AND n.key = $s) "
        "RETURN type(r) AS type, properties(r) AS props, "
        "coalesce(n.id, n.key, n.name) AS a, coalesce(m.id, m.label, m.name, m.community) AS b",
        {"s": study},
    ).rows
    for n in nodes:
        n["labels"] = sorted(n["labels"])
        n["props"].pop("loaded_at", None)
    return {
        "nodes": sorted(json.dumps(n, sort_keys=True, default=repr) for n in nodes),
        "rels": sorted(json.dumps(r, sort_keys=True, default=repr) for r in rels),
    }
