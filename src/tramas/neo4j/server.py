"""Control of a Neo4j server on this machine: stop, start, ``neo4j-admin``.

A :class:`LocalServer` is either the ``scripts/neo4j-local`` of a tramas checkout (with its
``start``/``stop``/``status``/``admin`` commands) or a Neo4j installation (``NEO4J_HOME``:
``bin/neo4j start|stop`` and ``bin/neo4j-admin``). :func:`find_local_server` picks one.
Bulk loading (:mod:`tramas.neo4j.bulk`) uses it to take the database offline for
``neo4j-admin database import``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tramas.exceptions import StoreError

__all__ = ["LOCAL_HOSTS", "LocalServer", "find_local_server"]

#: Host names of a Bolt URI that mean "this machine".
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


@dataclass(frozen=True)
class LocalServer:
    """How to stop, start and run ``neo4j-admin`` for a Neo4j server on this machine.

    Attributes
    ----------
    kind:
        ``neo4j-local`` (the ``scripts/neo4j-local`` of a tramas checkout, with its
        ``start``/``stop``/``admin`` commands) or ``home`` (a Neo4j installation:
        ``bin/neo4j start|stop`` and ``bin/neo4j-admin``).
    path:
        The script, or the installation folder (``NEO4J_HOME``).
    env:
        Extra environment for the commands (e.g. ``NEO4J_LOCAL_DIR``).
    """

    kind: str
    path: Path
    env: dict[str, str] = field(default_factory=dict)

    def _run(self, args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **self.env}
        try:
            return subprocess.run(
                [str(a) for a in args],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StoreError(
                f"could not run {args[0]}: {exc}",
                code="bulk_run",
                values={"program": str(args[0]), "detail": str(exc)},
            ) from None

    def _checked(self, what: str, args: Sequence[str], timeout: float) -> str:
        done = self._run(args, timeout)
        if done.returncode != 0:
            tail = "\n".join((done.stderr + done.stdout).strip().splitlines()[-12:])
            raise StoreError(
                f"{what} failed (exit {done.returncode}): {tail}",
                code="bulk_step_failed",
                values={"what": what, "code": done.returncode, "tail": tail},
            )
        return done.stdout

    def stop(self) -> None:
        """Stop the server (waits until it is down)."""
        if self.kind == "neo4j-local":
            self._checked("stopping Neo4j", [self.path, "stop"], timeout=300)
        else:
            self._checked("stopping Neo4j", [self.path / "bin" / "neo4j", "stop"], timeout=300)

    def start(self, port: int | None = None) -> None:
        """Start the server (``neo4j-local`` waits until it answers; ``home`` does not)."""
        if self.kind == "neo4j-local":
            env = {"NEO4J_LOCAL_BOLT_PORT": str(port)} if port else {}
            server = LocalServer(self.kind, self.path, {**self.env, **env})
            server._checked("starting Neo4j", [self.path, "start"], timeout=900)
        else:
            self._checked("starting Neo4j", [self.path / "bin" / "neo4j", "start"], timeout=300)

    def admin(self, args: Sequence[str], timeout: float = 24 * 3600) -> str:
        """Run ``neo4j-admin ARGS`` and return its output."""
        if self.kind == "neo4j-local":
            command = [self.path, "admin", *args]
        else:
            command = [self.path / "bin" / "neo4j-admin", *args]
        done = self._run(command, timeout)
        if done.returncode != 0:
            lines = (done.stderr + done.stdout).strip().splitlines()
            tail = "\n".join([ln for ln in lines if not ln.lstrip().startswith("at ")][-15:])
            raise StoreError(
                f"neo4j-admin {' '.join(args[:3])} failed (exit {done.returncode}): {tail}",
                code="bulk_admin_failed",
                values={
                    "what": " ".join(map(str, args[:3])),
                    "code": done.returncode,
                    "tail": tail,
                },
            )
        return done.stdout + done.stderr

    def uri(self) -> str | None:
        """The Bolt URI of a running ``neo4j-local`` server (None if stopped or unknown)."""
        if self.kind != "neo4j-local":
            return None
        done = self._run([self.path, "status"], timeout=60)
        for line in done.stdout.splitlines():
            if line.startswith("NEO4J_URI="):
                return line.split("=", 1)[1].strip()
        return None


def find_local_server(neo4j_home: str | Path | None = None) -> LocalServer | None:
    """The server control bulk loading can use, if any.

    ``neo4j_home`` (else ``NEO4J_HOME``) names a Neo4j installation; otherwise
    ``TRAMAS_NEO4J_LOCAL`` or the ``scripts/neo4j-local`` of the tramas checkout this
    package runs from (``NEO4J_LOCAL_DIR`` selects its instance).
    """
    home = neo4j_home or os.environ.get("NEO4J_HOME")
    if home:
        path = Path(home)
        if not (path / "bin" / "neo4j-admin").exists():
            raise StoreError(
                f"{path} is not a Neo4j installation (no bin/neo4j-admin)",
                hint="set NEO4J_HOME (or --neo4j-home) to the folder Neo4j is installed in",
                code="bulk_not_neo4j_home",
                values={"path": str(path)},
            )
        return LocalServer("home", path)
    script = os.environ.get("TRAMAS_NEO4J_LOCAL")
    candidates = [Path(script)] if script else []
    candidates.append(Path(__file__).resolve().parents[3] / "scripts" / "neo4j-local")
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return LocalServer("neo4j-local", path)
    return None
