"""Writing the ties of a load: windows, blocks of disjoint actor groups, parallel sessions.

Creating a relationship locks its two end nodes until commit, so two transactions that
touch the same actors wait for each other (or deadlock). :func:`plan_windows` splits the
actors into ``G`` groups of consecutive actors and the ties of each *window* of
consecutive ties into blocks by the (unordered) pair of groups of their end nodes;
:class:`TieWriter` runs ``workers`` sessions on batches of blocks whose groups are
disjoint, so they share no end node, and retries at once the rare transaction that still
meets a deadlock. Each batch is one transaction with one ``UNWIND`` statement per
relationship type (:func:`tie_cypher`) that finds both end nodes by internal node id.

The sessions always run in threads of their own, the main thread only waits: a Ctrl-C
there stops the writer from starting batches, lets the batches in flight commit (or
fail) and reports the window as interrupted, so what Neo4j holds is known when the load
says it stopped.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from tramas.exceptions import StoreError
from tramas.neo4j import schema as gm
from tramas.neo4j.prepare import CORE_TIE_PROPERTIES

if TYPE_CHECKING:
    from collections.abc import Callable

    from tramas.neo4j.connection import Connection

__all__ = ["TIE_RETRIES", "BatchFailed", "TieWriter", "group_count", "plan_windows", "tie_cypher"]

#: Retries of a tie batch after a transient error (deadlock), without the driver's
#: one-second back-off; a batch that keeps failing is reported by LoadInterrupted.
TIE_RETRIES = 8


def group_count(n_ties: int, batch_size: int, workers: int) -> int:
    """Actor groups for a load: none (1) for small loads, else 8 (4 per worker beyond 2)."""
    if n_ties < 4 * batch_size:
        return 1
    return min(16, max(8, 4 * workers))


def plan_windows(
    src_pos: np.ndarray,
    tgt_pos: np.ndarray,
    n_actors: int,
    start: int,
    batch_size: int,
    groups: int,
) -> list[tuple[int, list[tuple[frozenset[int], np.ndarray]]]]:
    """Split ties ``start:`` into windows of batches, each batch within one block.

    Parameters
    ----------
    src_pos, tgt_pos:
        Positions of each tie's end nodes in the actors table.
    n_actors:
        Number of actors.
    start:
        First tie to load.
    batch_size:
        Largest batch.
    groups:
        Actor groups ``G`` (consecutive actors). With ``G = 1`` every batch is its own
        window, in tie order.

    Returns
    -------
    list of (window start, batches)
        A batch is (the groups its ties touch, tie positions sorted by source). Batches
        of one window that touch disjoint groups share no end node.
    """
    n = len(src_pos)
    if groups <= 1:
        return [
            (lo, [(frozenset({0}), _by_source(np.arange(lo, min(lo + batch_size, n)), src_pos))])
            for lo in range(start, n, batch_size)
        ]
    group_of = (np.arange(n_actors, dtype=np.int64) * groups) // max(n_actors, 1)
    gs, gt = group_of[src_pos], group_of[tgt_pos]
    block = np.minimum(gs, gt) * groups + np.maximum(gs, gt)
    # about one batch per block: windows of at most batch_size * blocks ties, all of
    # about the same size
    most = batch_size * groups * (groups + 1) // 2
    count = max(1, -(-(n - start) // most))
    window = -(-(n - start) // count)
    out = []
    for lo in range(start, n, window):
        hi = min(lo + window, n)
        idx = np.arange(lo, hi)
        order = idx[np.lexsort((src_pos[lo:hi], block[lo:hi]))]
        blocks = block[order]
        cuts = np.flatnonzero(blocks[1:] != blocks[:-1]) + 1
        batches = []
        for part in np.split(order, cuts):
            b = int(block[part[0]])
            touched = frozenset({b // groups, b % groups})
            for piece in np.array_split(part, -(-len(part) // batch_size)):
                batches.append((touched, piece))
        out.append((lo, batches))
    return out


def _by_source(idx: np.ndarray, src_pos: np.ndarray) -> np.ndarray:
    return idx[np.argsort(src_pos[idx], kind="stable")]


class BatchFailed(Exception):
    """A batch of a window failed for good, or the user interrupted the window.

    Attributes
    ----------
    reason:
        The error's message (``Ctrl-C`` when interrupted).
    cancelled:
        The user pressed Ctrl-C.
    window_done:
        Every batch of the window committed all the same (an interruption that came
        after the window's last batch).
    cause:
        The :class:`~tramas.exceptions.StoreError` behind ``reason``, if any.
    """

    def __init__(
        self,
        reason: str,
        *,
        cancelled: bool = False,
        window_done: bool = False,
        cause: StoreError | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cancelled = cancelled
        self.window_done = window_done
        self.cause = cause


class TieWriter:
    """Writes the batches of a window with ``workers`` sessions on disjoint actor groups."""

    def __init__(
        self,
        connection: Connection,
        study: str,
        ties: dict[str, Any],
        nodes: np.ndarray,
        mode: dict[str, str],
        workers: int,
        progress: Callable[[str, int, int], None] | None,
        total: int,
        resume_from: int,
    ) -> None:
        self.connection = connection
        self.study = study
        self.ties = ties
        self.src = nodes[ties["src_pos"]]
        self.tgt = nodes[ties["tgt_pos"]]
        self.mode = mode
        self.workers = workers
        self.progress = progress
        self.total = total
        self.done = resume_from
        self.counters: dict[str, int] = {}
        self.batches = 0
        self.retries = 0
        self._cond = threading.Condition()

    def run_window(self, batches: list[tuple[frozenset[int], np.ndarray]]) -> None:
        pending = list(batches)
        busy: set[int] = set()
        failures: list[tuple[str, StoreError | None]] = []
        cancelled = [False]
        committed = [0]

        def take() -> tuple[frozenset[int], np.ndarray] | None:
            with self._cond:
                while True:
                    if failures or cancelled[0] or not pending:
                        return None
                    for i, (touched, idx) in enumerate(pending):
                        if not touched & busy:
                            del pending[i]
                            busy.update(touched)
                            return touched, idx
                    self._cond.wait()

        def work() -> None:
            while (job := take()) is not None:
                touched, idx = job
                try:
                    counters = self.connection.write_batch(
                        self.statements(idx), retries=TIE_RETRIES, on_retry=self._retried
                    )
                except Exception as exc:  # noqa: BLE001 - reported as LoadInterrupted
                    cause = exc if isinstance(exc, StoreError) else None
                    reason = exc.message if isinstance(exc, StoreError) else repr(exc)
                    with self._cond:
                        failures.append((reason, cause))
                        busy.difference_update(touched)
                        self._cond.notify_all()
                    return
                with self._cond:
                    busy.difference_update(touched)
                    for key, value in counters.items():
                        self.counters[key] = self.counters.get(key, 0) + value
                    self.batches += 1
                    committed[0] += 1
                    self.done += len(idx)
                    if self.progress:
                        self.progress("ties", self.done, self.total)
                    self._cond.notify_all()

        sessions = max(1, min(self.workers, len(batches)))
        running = [sessions]
        finished = threading.Event()

        def session() -> None:
            try:
                work()
            finally:
                with self._cond:
                    running[0] -= 1
                    if not running[0]:
                        finished.set()

        for _ in range(sessions):
            threading.Thread(target=session, daemon=True).start()
        # waited for with an Event, not Thread.join: a Ctrl-C that interrupts join()
        # marks the thread as stopped while it still runs (CPython 3.11, bpo-45274)
        try:
            while not finished.wait(0.5):
                pass
        except KeyboardInterrupt:
            with self._cond:
                cancelled[0] = True
                self._cond.notify_all()
            while not finished.wait(0.5):  # the batches in flight commit or fail
                pass
            raise BatchFailed(
                "Ctrl-C", cancelled=True, window_done=committed[0] == len(batches)
            ) from None
        if failures:
            raise BatchFailed(failures[0][0], cause=failures[0][1])

    def _retried(self, _exc: Exception) -> None:
        with self._cond:
            self.retries += 1

    def statements(self, idx: np.ndarray) -> list[tuple[str, dict[str, Any]]]:
        """One statement per relationship type for the ties at ``idx``."""
        ties = self.ties
        codes = ties["type"][idx]
        out = []
        for code in np.unique(codes):
            rel_type = ties["types"][code]
            sel = idx[codes == code] if len(ties["types"]) > 1 else idx
            params: dict[str, Any] = {
                "study": self.study,
                "src": self.src[sel].tolist(),
                "tgt": self.tgt[sel].tolist(),
                "seq": ties["seq"][sel].tolist(),
            }
            columns = ["seq"]
            for key in CORE_TIE_PROPERTIES:
                column = ties["props"][key]
                if column.constant:
                    params[key] = column.value
                else:
                    params[key] = column.take(sel)
                    columns.append(key)
            params["attrs_all"] = ties["attrs_constant"]
            if ties["attrs"] is not None:
                names = list(ties["attrs"])
                values = [column.take(sel) for column in ties["attrs"].values()]
                params["attrs"] = [
                    dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)
                ]
            cypher = tie_cypher(
                rel_type,
                self.mode[rel_type],
                tuple(columns),
                ties["attrs"] is not None,
                bool(ties["attrs_constant"]),
            )
            out.append((cypher, params))
        return out


def tie_cypher(
    rel_type: str, mode: str, per_row: tuple[str, ...], row_attrs: bool, constant_attrs: bool
) -> str:
    """The statement of one batch of one relationship type.

    ``per_row`` names the properties sent as one value per tie (``$p[i]``); the others
    are sent once (``$p``).
    """
    typ = gm.type_clause(rel_type)
    head = (
        "UNWIND range(0, size($src) - 1) AS i\n"
        "MATCH (a) WHERE id(a) = $src[i]\n"
        "MATCH (b) WHERE id(b) = $tgt[i]\n"
    )

    def value(p: str) -> str:
        return f"${p}[i]" if p in per_row else f"${p}"

    names = ("seq", *CORE_TIE_PROPERTIES)
    extra = (["r += $attrs_all"] if constant_attrs else []) + (
        ["r += $attrs[i]"] if row_attrs else []
    )
    if mode == "create":
        props = ", ".join(f"{p}: {value(p)}" for p in names)
        body = f"CREATE (a)-[r:{typ} {{study: $study, {props}}}]->(b)\n"
        return head + body + "".join(f"SET {e}\n" for e in extra)
    # update: the tie's identity is (type, a, b, wave, reported_by); reported_by may be
    # missing, which MERGE cannot match, hence OPTIONAL MATCH + create when absent
    sets = ", ".join(["r.study = $study", *(f"r.{p} = {value(p)}" for p in names), *extra])
    rb = value("reported_by")
    return (
        head
        + f"OPTIONAL MATCH (a)-[old:{typ} {{wave: {value('wave')}}}]->(b)\n"
        + f"WHERE coalesce(old.reported_by, '') = coalesce({rb}, '')\n"
        + "WITH a, b, i, collect(old) AS found\n"
        + "FOREACH (x IN found[1..] | DELETE x)\n"
        + f"FOREACH (r IN found[..1] | SET {sets})\n"
        + "FOREACH (_ IN CASE WHEN size(found) = 0 THEN [1] ELSE [] END |\n"
        + f"  CREATE (a)-[r:{typ}]->(b) SET {sets})\n"
    )
