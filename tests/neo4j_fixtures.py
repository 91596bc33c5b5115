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

When no server can be had, the tests that need one FAIL (under CI too): a run must never
pass by skipping its graph tests.

Tests that use these fixtures get the ``neo4j`` marker, so ``pytest -m "not neo4j"`` skips them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

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


def sample_study(folder: Path, prefix: str) -> tuple[str, Path]:
    """Copy the bundled sample into ``folder`` under a fresh study key; returns (key, study.toml).

    Each test module works in its own study key, so modules never see each other's data.
    """
    import uuid

    from tramas.sample import sample_dir

    for f in sample_dir().iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    key = f"{prefix}-{uuid.uuid4().hex[:10]}"
    toml = folder / "study.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('key = "wine-sample"', f'key = "{key}"'),
        encoding="utf-8",
    )
    return key, toml


@contextlib.contextmanager
def loaded_sample(
    folder: Path, prefix: str, env: dict[str, str]
) -> Iterator[tuple[str, Path, str]]:
    """The sample under a fresh study key (:func:`sample_study`), loaded with
    `tramas db load`; yields (key, study.toml, the command's output) and drops the study
    afterwards."""
    from typer.testing import CliRunner

    from tramas.cli import app
    from tramas.graph.neo4j_store import Neo4jStore

    key, toml = sample_study(folder, prefix)
    try:
        result = CliRunner().invoke(app, ["db", "load", "--study", str(toml)], env=env)
        assert result.exit_code == 0, result.output
        yield key, toml, result.output
    finally:
        with Neo4jStore(
            env["NEO4J_URI"], user=env["NEO4J_USER"], password=env["NEO4J_PASSWORD"]
        ) as store:
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
