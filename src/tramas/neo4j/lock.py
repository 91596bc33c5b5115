"""One load of a study at a time: a lock node in Neo4j, ``(:TramasLock {study})``.

A load (online or bulk) first takes the study's lock: a ``:TramasLock`` node with the
study key, unique by the constraint ``tramas_lock_study``, created with ``MERGE`` (so two
loads that start at the same moment cannot both create it) and deleted when the load
ends. The node says who holds it (host, process id, start time) and carries a
``heartbeat`` the holder refreshes every few seconds from a background thread.

A second load of the same study waits for the lock (up to a timeout, telling the user
whose load it waits for) or, with a zero timeout, refuses at once. A lock whose
heartbeat is older than ``stale`` seconds belongs to a load that was killed (or whose
machine lost the server): it is deleted -- only if it is still that holder's, matched
by its random token -- and taken over. Every statement takes its values as parameters.
Times are the server's (``datetime()``), so clocks of different machines do not matter.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from tramas.exceptions import StoreError
from tramas.neo4j import schema as gm

if TYPE_CHECKING:
    from tramas.neo4j.connection import Connection

__all__ = ["HEARTBEAT", "STALE", "LockHolder", "StudyLock", "StudyLocked"]

#: Seconds between two heartbeats of the holder.
HEARTBEAT = 5.0
#: Seconds without a heartbeat after which a lock is taken over.
STALE = 30.0

_LABEL = gm.label(gm.LOCK_LABEL)

_ACQUIRE = f"""
MERGE (l:{_LABEL} {{study: $study}})
ON CREATE SET l.token = $token, l.host = $host, l.pid = $pid, l.kind = $kind,
              l.started_at = datetime(), l.heartbeat = datetime()
RETURN l.token AS token, l.host AS host, l.pid AS pid, l.kind AS kind,
       toString(l.started_at) AS started_at,
       duration.inSeconds(l.heartbeat, datetime()).seconds AS age
"""
_TAKE_OVER = f"""
MATCH (l:{_LABEL} {{study: $study, token: $old}})
WHERE l.heartbeat < datetime() - duration({{seconds: $stale}})
DELETE l
"""
_BEAT = f"""
MATCH (l:{_LABEL} {{study: $study, token: $token}})
SET l.heartbeat = datetime()
RETURN count(l) AS n
"""
_RELEASE = f"MATCH (l:{_LABEL} {{study: $study, token: $token}}) DELETE l"


@dataclass(frozen=True)
class LockHolder:
    """Who holds a study's lock: host, process id, start time (server time, ISO) and
    seconds since its last heartbeat."""

    study: str
    host: str
    pid: int
    started_at: str
    age: int
    kind: str = "load"
    token: str = ""

    @property
    def who(self) -> str:
        """``host/pid``."""
        return f"{self.host}/{self.pid}"

    @property
    def started(self) -> str:
        """The start time to the second, without the time zone's noise."""
        text = self.started_at.replace("T", " ")
        return text[:19] + (" UTC" if text.endswith("Z") else "")


class StudyLocked(StoreError):
    """The study's lock is held by another load and was not released in time."""

    def __init__(self, holder: LockHolder, timeout: float) -> None:
        self.holder = holder
        super().__init__(
            f"study {holder.study!r} is being loaded by {holder.who} (started at "
            f"{holder.started}); waited {timeout:g} s",
            hint=f"wait for that load to finish and run the command again (--lock-timeout "
            f"SECONDS waits longer); if that process is gone, its lock is taken over "
            f"{STALE:g} s after its last heartbeat",
            code="load_locked",
            values={
                "study": holder.study,
                "who": holder.who,
                "started": holder.started,
                "timeout": f"{timeout:g}",
                "stale": f"{STALE:g}",
            },
        )


class StudyLock:
    """The lock of one study for the time of a load (a context manager).

    Parameters
    ----------
    connection:
        The connection the load uses.
    study:
        The study key.
    timeout:
        Seconds to wait for another load's lock; ``0`` refuses at once.
    on_wait:
        Called once per holder waited for, with its :class:`LockHolder`.
    kind:
        ``load`` or ``bulk``, shown to whoever waits.
    stale, heartbeat:
        Seconds without heartbeat before a lock is taken over; seconds between heartbeats.
    """

    def __init__(
        self,
        connection: Connection,
        study: str,
        *,
        timeout: float = 600.0,
        on_wait: Callable[[LockHolder], None] | None = None,
        kind: str = "load",
        stale: float = STALE,
        heartbeat: float = HEARTBEAT,
    ) -> None:
        self.connection = connection
        self.study = gm.check_study_key(study)
        self.timeout = max(0.0, float(timeout))
        self.on_wait = on_wait
        self.kind = kind
        self.stale = stale
        self.heartbeat = heartbeat
        self.token = uuid.uuid4().hex
        self.held = False
        self.lost = False
        self.waited: LockHolder | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ acquire
    def acquire(self) -> Self:
        """Take the lock, waiting for (or taking over from) another holder."""
        deadline = time.monotonic() + self.timeout
        announced = ""
        params = {
            "study": self.study,
            "token": self.token,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "kind": self.kind,
        }
        while True:
            row = self.connection.execute(_ACQUIRE, params, write=True).rows[0]
            if row["token"] == self.token:
                break
            holder = LockHolder(
                study=self.study,
                host=str(row["host"]),
                pid=int(row["pid"] or 0),
                started_at=str(row["started_at"]),
                age=int(row["age"] or 0),
                kind=str(row["kind"] or "load"),
                token=str(row["token"]),
            )
            if holder.age > self.stale:
                self.connection.execute(
                    _TAKE_OVER,
                    {"study": self.study, "old": holder.token, "stale": self.stale},
                    write=True,
                )
                continue
            if time.monotonic() >= deadline:
                raise StudyLocked(holder, self.timeout)
            if holder.token != announced:
                announced = holder.token
                self.waited = holder
                if self.on_wait is not None:
                    self.on_wait(holder)
            time.sleep(max(0.05, min(1.0, deadline - time.monotonic())))
        self.held = True
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="tramas-lock", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat):
            try:
                row = self.connection.execute(
                    _BEAT, {"study": self.study, "token": self.token}, write=True
                ).rows[0]
            except StoreError:
                continue  # the server is away; the load itself will say so
            if not row["n"]:
                self.lost = True
                return

    def check(self) -> None:
        """Raise if the lock was taken over (this load stalled longer than ``stale``)."""
        if self.lost:
            raise StoreError(
                f"the lock of study {self.study!r} was taken over by another load",
                hint="this load stalled; run it again once the other one has finished",
                code="load_lock_lost",
                values={"study": self.study},
            )

    # ------------------------------------------------------------------ release
    def release(self) -> None:
        """Stop the heartbeat and delete the lock (if the server can still be reached)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if not self.held:
            return
        self.held = False
        # unreachable: the lock goes stale and is taken over later
        with contextlib.suppress(StoreError):
            self.connection.execute(
                _RELEASE, {"study": self.study, "token": self.token}, write=True
            )

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
