"""Loading a :class:`~tramas.graph.Network` into Neo4j: batched, parameterised, idempotent.

The load writes, in order: the ``:Study`` node with its ``:Relation`` and ``:Wave`` nodes,
the actors, then the ties. Values are always parameters; the only text built from data
is the relationship type, taken from the validated whitelist
(:func:`tramas.neo4j.schema.relationship_types`).

**Actors.** A study without actors in Neo4j gets them with ``CREATE`` (one statement per
combination of labels); otherwise actors are ``MERGE``\\ d on their (study, id) key. The
load then reads back the internal node id of every actor of the study, once.

**Ties.** Ties go in batches of ``batch_size`` rows, one write transaction per batch,
each batch sent as columns of primitive values to one ``UNWIND`` statement per
relationship type. The statement finds both end nodes by internal node id (a direct
record lookup) instead of through the (study, id) index: this is what makes the online
load fast (see ``docs/scaling-neo4j.md`` for the measurements). A column with one value
in the whole load (often ``data_source`` or ``source_file``) is sent once per statement
instead of once per row.

A tie is identified by (study, relationship type, source, target, wave). A relationship
type that has no tie of the study yet is loaded with ``CREATE``; otherwise ties are
``MERGE``\\ d on that identity and their properties replaced, so loading the same data
twice leaves the same nodes, relationships and properties.

**Parallel sessions.** Creating a relationship locks its two end nodes until commit, so
two transactions that touch the same actors wait for each other (or deadlock). Large
loads therefore split the actors into ``G`` groups of consecutive actors and the ties of
a *window* of consecutive ties into blocks by the (unordered) pair of groups of their end
nodes; ``workers`` sessions write batches of blocks whose groups are disjoint, so they do
not share end nodes. A transaction that still meets a deadlock (two relationships that
head the chains of nodes in different blocks) is retried at once by the loader. The
blocks also keep each transaction's nodes close together, which makes commits cheaper.

A tie is identified by (relationship type, source, target, wave, ``reported_by``): the
same tie reported by both of its actors is two ties in the network, and two
relationships in Neo4j. An update finds a tie by that identity (``OPTIONAL MATCH``, as
``reported_by`` may be missing, which ``MERGE`` cannot match), creates it when absent and
deletes any extra copy.

**Value chains.** Ties of the value-chain relation (``trade`` by default) whose survey
carries value-chain evidence (``spec_setter``, ``ownership_link``, ``market``...) get the
governance derived from it with the study's rules as properties ``derived_governance``
and ``governance_rule`` (:func:`tramas.neo4j.prepare.governance_properties`); the stated
``governance`` column of the survey keeps its name and value.

**One load at a time.** A load holds the study's lock (:mod:`tramas.neo4j.lock`) from
before it decides between ``CREATE`` and ``MERGE`` until it has checked its result: a
second load of the same study waits for it (``lock_timeout``), then finds the ties
there and merges. The check after the load compares the ties per relationship type in
Neo4j with the data, and refuses a shortfall *and* an excess (copies, or ties no longer
in the data: ``replace`` rebuilds the study).

**Interruptions.** If a batch fails for good (the server went away), or the user presses
Ctrl-C (the batches being written are let finish, none is started), :class:`LoadInterrupted`
says how many ties Neo4j holds (counted in the database, or, when it cannot be reached,
from the batches it acknowledged) and from which tie to resume (``resume_from``): every
window before it committed; a resumed load ``MERGE``\\ s, so batches of the failed window
that did commit are not duplicated.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from tramas.exceptions import StoreError, TramasError
from tramas.neo4j import schema as gm
from tramas.neo4j.lock import LockHolder, StudyLock
from tramas.neo4j.prepare import (
    column_schema,
    governance_properties,
    prepare_actors,
    prepare_ties,
)
from tramas.neo4j.ties import BatchFailed, TieWriter, group_count, plan_windows

if TYPE_CHECKING:
    from tramas.graph.network import Network
    from tramas.neo4j.connection import Connection

__all__ = [
    "LoadInterrupted",
    "LoadResult",
    "Progress",
    "count_ties",
    "load_network",
    "study_parameters",
    "write_study",
]

#: ``progress(stage, done, total)``: stage is ``"actors"`` or ``"ties"``.
Progress = Callable[[str, int, int], None]

_ACTOR_BATCH = 10_000


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote.

    Attributes
    ----------
    study:
        Study key.
    actors, ties:
        Actors and ties of the study now in Neo4j (counted after the load).
    ties_by_type:
        Ties per relationship type.
    ties_sent:
        Ties sent by this load (fewer than ``ties`` when resumed).
    batches:
        Tie batches (transactions).
    mode:
        Per relationship type: ``create`` (first load) or ``merge`` (update).
    seconds, tie_seconds:
        Wall time of the whole load and of the tie phase.
    counters:
        Summed Neo4j update counters.
    workers, groups:
        Sessions that wrote ties in parallel, and actor groups the ties were
        partitioned by (1 = no partition).
    retries:
        Tie transactions retried after a transient error (deadlock).
    """

    study: str
    actors: int
    ties: int
    ties_by_type: dict[str, int]
    ties_sent: int
    batches: int
    mode: dict[str, str]
    seconds: float
    tie_seconds: float
    counters: dict[str, int] = field(default_factory=dict)
    workers: int = 1
    groups: int = 1
    retries: int = 0

    @property
    def ties_per_second(self) -> float:
        """Throughput of the tie phase."""
        return self.ties_sent / self.tie_seconds if self.tie_seconds > 0 else float("nan")


class LoadInterrupted(StoreError):
    """A load stopped part-way; says what was loaded and where to resume.

    Attributes
    ----------
    study, actors_loaded, ties_total:
        What the load was about.
    resume_from:
        Every tie before this position (in the network's tie order) is in Neo4j; pass it
        as ``resume_from`` (``--resume-from``) to finish the load.
    reason:
        The error that stopped the load.
    committed:
        Ties of the study in Neo4j after the stop (``None``: not counted).
    counted:
        ``database`` (counted there) or ``acknowledged`` (the server could not be reached:
        the ties of the batches it acknowledged).
    cancelled:
        Stopped by the user (Ctrl-C) rather than by an error.
    cause:
        The error that stopped the load, when it was a :class:`TramasError`.
    """

    def __init__(
        self,
        *,
        study: str,
        actors_loaded: bool,
        ties_total: int,
        resume_from: int,
        reason: str,
        hint: str | None = None,
        committed: int | None = None,
        counted: str = "database",
        cancelled: bool = False,
        cause: TramasError | None = None,
    ) -> None:
        self.study = study
        self.actors_loaded = actors_loaded
        self.ties_total = ties_total
        self.resume_from = resume_from
        self.reason = reason
        self.committed = committed
        self.counted = counted
        self.cancelled = cancelled
        self.cause = cause
        if committed is not None:
            how = (
                "counted in the database"
                if counted == "database"
                else "acknowledged by the server; it cannot be reached to count them"
            )
            actors = "all actors" if actors_loaded else "part of the actors"
            what = f"Neo4j holds {committed:,} of the {ties_total:,} ties ({how}) and {actors}"
        elif actors_loaded:
            what = (
                f"loaded: study metadata, all actors and ties 1–{resume_from:,} of "
                f"{ties_total:,}; not loaded: ties {resume_from + 1:,}–{ties_total:,}"
                if resume_from
                else f"loaded: study metadata and all actors; not loaded: the {ties_total:,} ties"
            )
        else:
            what = "loaded: study metadata and part of the actors; not loaded: the ties"
        super().__init__(
            f"loading study {study!r} {'interrupted' if cancelled else 'stopped'} ({reason}); {what}",
            hint=hint or f"resume with resume_from={resume_from}",
            code=("load_cancelled" if cancelled else "load_stopped")
            + (
                "_uncounted"
                if committed is None
                else ""
                if counted == "database"
                else "_acknowledged"
            ),
            values={
                "study": study,
                "reason": reason,
                "committed": committed if committed is not None else 0,
                "total": ties_total,
                "resume_from": resume_from,
            },
        )


# ---------------------------------------------------------------------------- load
def load_network(
    connection: Connection,
    network: Network,
    *,
    batch_size: int = 20_000,
    replace: bool = False,
    resume_from: int = 0,
    workers: int = 2,
    progress: Progress | None = None,
    lock_timeout: float = 600.0,
    on_wait: Callable[[LockHolder], None] | None = None,
) -> LoadResult:
    """Load a network into Neo4j as one study (idempotent; see the module notes).

    Parameters
    ----------
    connection:
        A connected :class:`~tramas.neo4j.connection.Connection`.
    network:
        The network; ``network.study.key`` names the study in Neo4j.
    batch_size:
        Ties per transaction.
    replace:
        Delete the study first (ties no longer in the data disappear too).
    resume_from:
        Skip the first ties (already loaded by an interrupted load) and ``MERGE`` the rest.
    workers:
        Parallel sessions writing tie batches (of disjoint actor groups, see the module
        notes). Loads of fewer than ``4 * batch_size`` ties use one.
    progress:
        Called as ``progress(stage, done, total)``.
    lock_timeout:
        Seconds to wait while another load holds the study's lock (``0``: refuse at once,
        :class:`~tramas.neo4j.lock.StudyLocked`).
    on_wait:
        Called with the lock's holder when the load starts waiting for it.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadInterrupted
        A batch failed for good or the user pressed Ctrl-C (``cancelled``); it says how
        many ties Neo4j holds and from where to resume.
    StoreError
        Neo4j holds fewer (``load_ties_missing``) or more (``load_ties_excess``) ties than
        the data after the load.
    """
    started = time.perf_counter()
    study = gm.check_study_key(network.study.key)
    if batch_size < 1:
        raise StoreError("batch size must be at least 1", code="load_batch_size")
    if workers < 1:
        raise StoreError("workers must be at least 1", code="load_workers")
    types = gm.relationship_types(network.relations)
    actors = prepare_actors(network)
    ties = prepare_ties(network, types, extra=governance_properties(network))
    n_ties = len(ties["seq"])
    if not 0 <= resume_from <= n_ties:
        raise StoreError(
            f"cannot resume from tie {resume_from}: the study has {n_ties} ties",
            code="load_resume_range",
            values={"tie": resume_from, "n": n_ties},
        )
    connection.connect()
    connection.ensure_schema()
    lock = StudyLock(connection, study, timeout=lock_timeout, on_wait=on_wait)
    lock.acquire()
    try:
        return _load_locked(
            connection,
            network,
            lock,
            actors=actors,
            ties=ties,
            types=types,
            batch_size=batch_size,
            replace=replace,
            resume_from=resume_from,
            workers=workers,
            progress=progress,
            started=started,
        )
    except KeyboardInterrupt:  # between the phases: nothing is being written
        try:
            committed = sum(count_ties(connection, study, ties["types"]).values())
        except StoreError:
            committed = None
        raise LoadInterrupted(
            study=study,
            actors_loaded=True,
            ties_total=n_ties,
            resume_from=resume_from,
            reason="Ctrl-C",
            committed=committed,
            cancelled=True,
        ) from None
    finally:
        lock.release()


def _load_locked(
    connection: Connection,
    network: Network,
    lock: StudyLock,
    *,
    actors: dict[str, Any],
    ties: dict[str, Any],
    types: dict[str, str],
    batch_size: int,
    replace: bool,
    resume_from: int,
    workers: int,
    progress: Progress | None,
    started: float,
) -> LoadResult:
    """The load itself, with the study's lock held."""
    study = network.study.key
    n_ties = len(ties["seq"])
    type_names = ties["types"]

    def stopped(
        resume: int, reason: str, *, actors_loaded: bool, cancelled: bool, done: int, cause=None
    ) -> LoadInterrupted:
        try:
            committed = sum(count_ties(connection, study, type_names).values())
            counted = "database"
        except StoreError:
            committed, counted = done, "acknowledged"
        return LoadInterrupted(
            study=study,
            actors_loaded=actors_loaded,
            ties_total=n_ties,
            resume_from=resume,
            reason=reason,
            committed=committed,
            counted=counted,
            cancelled=cancelled,
            cause=cause,
        )

    try:
        if replace:
            connection.drop(study)
        old_columns = _old_actor_columns(connection, study)
    except KeyboardInterrupt:
        raise stopped(
            resume_from, "Ctrl-C", actors_loaded=False, cancelled=True, done=resume_from
        ) from None
    counters: dict[str, int] = {}
    _add(counters, write_study(connection, network, types))
    # ---- actors
    try:
        nodes, actor_counters = _write_actors(
            connection, study, actors, old_columns, workers, progress
        )
        _add(counters, actor_counters)
    except StoreError as exc:
        raise stopped(
            0, exc.message, actors_loaded=False, cancelled=False, done=0, cause=exc
        ) from None
    except KeyboardInterrupt:
        raise stopped(0, "Ctrl-C", actors_loaded=False, cancelled=True, done=0) from None
    # ---- ties
    existing = _types_with_ties(connection, study, type_names)
    mode = {
        t: "merge" if (t in existing or resume_from > 0) else "create" for t in sorted(type_names)
    }
    groups = group_count(n_ties - resume_from, batch_size, workers)
    windows = plan_windows(
        ties["src_pos"], ties["tgt_pos"], len(nodes), resume_from, batch_size, groups
    )
    tie_started = time.perf_counter()
    writer = TieWriter(connection, study, ties, nodes, mode, workers, progress, n_ties, resume_from)
    starts = [start for start, _ in windows] + [n_ties]
    for w, (start, batches) in enumerate(windows):
        try:
            lock.check()
            writer.run_window(batches)
        except BatchFailed as failed:
            raise stopped(
                starts[w + 1] if failed.window_done else start,
                "Ctrl-C" if failed.cancelled else failed.reason,
                actors_loaded=True,
                cancelled=failed.cancelled,
                done=writer.done,
                cause=failed.cause,
            ) from None
        except StoreError as exc:  # the lock was taken over
            raise stopped(
                start, exc.message, actors_loaded=True, cancelled=False, done=writer.done, cause=exc
            ) from None
    tie_seconds = time.perf_counter() - tie_started
    _add(counters, writer.counters)
    # ---- check and finish
    expected = {
        t: int(n)
        for t, n in zip(
            type_names, np.bincount(ties["type"], minlength=len(type_names)), strict=True
        )
    }
    by_type = count_ties(connection, study, type_names)
    missing = {t: n for t, n in expected.items() if by_type.get(t, 0) < n}
    excess = {t: n for t, n in expected.items() if by_type.get(t, 0) > n}
    if excess:
        counts = ", ".join(f"{t} {by_type[t]} / {n}" for t, n in excess.items())
        raise StoreError(
            f"study {study!r}: Neo4j holds more ties than the data has (in Neo4j / in the "
            f"data: {counts}): copies, or ties no longer in the data",
            hint="rebuild the study from the data: run the same load with --replace",
            code="load_ties_excess",
            values={"study": study, "counts": counts},
        )
    if missing:
        raise StoreError(
            f"study {study!r}: Neo4j holds fewer ties than were sent ({missing})",
            hint="run the load again; if it persists, report a bug",
            code="load_ties_missing",
            values={"study": study, "missing": str(missing)},
        )
    by_type = {t: n for t, n in sorted(by_type.items()) if n}
    connection.execute(
        "MATCH (s:Study {key: $study}) SET s.status = 'complete', s.actors = $actors, "
        "s.ties = $ties, s.loaded_at = datetime()",
        {"study": study, "actors": len(nodes), "ties": sum(by_type.values())},
        write=True,
    )
    return LoadResult(
        study=study,
        actors=len(nodes),
        ties=sum(by_type.values()),
        ties_by_type=by_type,
        ties_sent=n_ties - resume_from,
        batches=writer.batches,
        mode=mode,
        seconds=time.perf_counter() - started,
        tie_seconds=tie_seconds,
        counters=counters,
        workers=workers if groups > 1 else 1,
        groups=groups,
        retries=writer.retries,
    )


# ---------------------------------------------------------------------------- actors
_KIND_FOREACH = "\n".join(
    f"FOREACH (_ IN CASE WHEN row.kind = '{kind}' THEN [1] ELSE [] END | SET a:{gm.label(lab)})"
    for kind, lab in gm.KIND_LABELS.items()
)
_ALL_KIND_LABELS = ":".join(gm.label(lab) for lab in gm.KIND_LABELS.values())

#: The internal node ids of a batch of actors, as two lists (one record per batch).
_RETURN_NODES = "RETURN collect(row.seq) AS seq, collect(id(a)) AS node"

_ACTOR_MERGE = f"""
UNWIND $rows AS row
MERGE (a:{gm.label(gm.ACTOR_LABEL)} {{study: $study, id: row.id}})
SET a += row.p, a.seq = row.seq
REMOVE a:{_ALL_KIND_LABELS}:{gm.label(gm.EXTERNAL_LABEL)}
WITH a, row
{_KIND_FOREACH}
FOREACH (_ IN CASE WHEN row.external THEN [1] ELSE [] END | SET a:{gm.label(gm.EXTERNAL_LABEL)})
{_RETURN_NODES}
"""


def _actor_labels(kind: str, external: bool) -> str:
    labels = [gm.label(gm.ACTOR_LABEL)]
    if kind in gm.KIND_LABELS:
        labels.append(gm.label(gm.KIND_LABELS[kind]))
    if external:
        labels.append(gm.label(gm.EXTERNAL_LABEL))
    return ":".join(labels)


def _write_actors(
    connection: Connection,
    study: str,
    actors: dict[str, Any],
    old_columns: set[str],
    workers: int,
    progress: Progress | None,
) -> tuple[np.ndarray, dict[str, int]]:
    """CREATE the actors of a study that has none in Neo4j yet, else MERGE them.

    Returns the internal node id of every actor (in table order) and the counters.
    Batches of distinct actors run in ``workers`` sessions (they share no node).
    """
    rows = actors["rows"]
    fresh = not connection.execute(
        f"MATCH (a:{gm.label(gm.ACTOR_LABEL)} {{study: $study}}) RETURN a.id AS id LIMIT 1",
        {"study": study},
    ).rows
    jobs: list[tuple[str, list[dict[str, Any]]]] = []
    if fresh:
        by_labels: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_labels.setdefault(_actor_labels(row["kind"], row["external"]), []).append(row)
        for labels, group in by_labels.items():
            cypher = (
                f"UNWIND $rows AS row CREATE (a:{labels} {{study: $study, id: row.id, "
                "seq: row.seq}) SET a += row.p " + _RETURN_NODES
            )
            jobs += [
                (cypher, group[lo : lo + _ACTOR_BATCH]) for lo in range(0, len(group), _ACTOR_BATCH)
            ]
    else:
        null_props = dict.fromkeys(old_columns - set(actors["columns"]))
        for lo in range(0, len(rows), _ACTOR_BATCH):
            chunk = rows[lo : lo + _ACTOR_BATCH]
            if null_props:
                chunk = [{**row, "p": {**null_props, **row["p"]}} for row in chunk]
            jobs.append((_ACTOR_MERGE, chunk))
    nodes = np.full(len(rows), -1, dtype=np.int64)
    counters: dict[str, int] = {}
    lock = threading.Lock()
    done = [0]

    def run(job: tuple[str, list[dict[str, Any]]]) -> None:
        cypher, chunk = job
        found, counts = connection.write_rows(cypher, {"study": study, "rows": chunk})
        with lock:
            for seqs, ids in found:
                nodes[np.asarray(seqs, dtype=np.int64)] = ids
            _add(counters, counts)
            done[0] += len(chunk)
            if progress:
                progress("actors", done[0], len(rows))

    if workers > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, jobs))
    else:
        for job in jobs:
            run(job)
    if (nodes < 0).any():
        lost = [rows[i]["id"] for i in np.flatnonzero(nodes < 0)[:5]]
        raise StoreError(
            f"actors missing from Neo4j after they were written: {lost}",
            code="load_actors_missing",
            values={"ids": str(lost)},
        )
    if progress and not rows:
        progress("actors", 0, 0)
    return nodes, counters


# ---------------------------------------------------------------------------- helpers
def write_study(connection: Connection, network: Network, types: dict[str, str]) -> dict[str, int]:
    """Write (or update) the ``:Study`` node with its ``:Relation`` and ``:Wave`` nodes.

    The study is marked ``loading`` until the load that follows marks it ``complete``.
    """
    return connection.write_batch([(_STUDY_CYPHER, study_parameters(network, types))])


def study_parameters(network: Network, types: dict[str, str]) -> dict[str, Any]:
    """Parameters of the statement that writes the ``:Study``, ``:Relation`` and ``:Wave`` nodes."""
    info = network.study
    props = {
        "title": info.title,
        "lang": info.lang,
        "description": info.description,
        "waves": list(info.waves),
        "actor_columns": column_schema(network.actors),
        "tie_columns": column_schema(network.ties),
        "tramas_version": _version(),
    }
    relations = [
        {
            "name": rel.name,
            "type": types[name],
            "directed": bool(rel.directed),
            "direction": rel.direction,
            "symmetrize": rel.symmetrize,
            "label": rel.label,
            "question": rel.question,
            "order": i,
        }
        for i, (name, rel) in enumerate(network.relations.items())
    ]
    return {
        "study": info.key,
        "props": props,
        "names": [r["name"] for r in relations],
        "relations": relations,
        "waves": list(info.waves),
    }


_STUDY_CYPHER = f"""
MERGE (s:{gm.label(gm.STUDY_LABEL)} {{key: $study}})
SET s += $props, s.status = 'loading'
WITH s
OPTIONAL MATCH (old:{gm.label(gm.RELATION_LABEL)} {{study: $study}}) WHERE NOT old.name IN $names
DETACH DELETE old
WITH DISTINCT s
OPTIONAL MATCH (oldw:{gm.label(gm.WAVE_LABEL)} {{study: $study}}) WHERE NOT oldw.label IN $waves
DETACH DELETE oldw
WITH DISTINCT s
UNWIND $relations AS rel
MERGE (r:{gm.label(gm.RELATION_LABEL)} {{study: $study, name: rel.name}})
SET r += rel
MERGE (s)-[hr:HAS_RELATION]->(r)
SET hr.study = $study
WITH DISTINCT s
UNWIND range(0, size($waves) - 1) AS i
MERGE (w:{gm.label(gm.WAVE_LABEL)} {{study: $study, label: $waves[i]}})
SET w.order = i
MERGE (s)-[hw:HAS_WAVE]->(w)
SET hw.study = $study
"""


def _old_actor_columns(connection: Connection, study: str) -> set[str]:
    rows = connection.execute(
        "MATCH (s:Study {key: $study}) RETURN s.actor_columns AS cols", {"study": study}
    ).rows
    if not rows or not rows[0]["cols"]:
        return set()
    return {entry[0] for entry in json.loads(rows[0]["cols"])}


def _types_with_ties(connection: Connection, study: str, types: list[str]) -> set[str]:
    found = set()
    for rel_type in types:
        rows = connection.execute(
            f"MATCH (a:Actor {{study: $study}})-[r:{gm.type_clause(rel_type)}]->() "
            "RETURN 1 AS any LIMIT 1",
            {"study": study},
        ).rows
        if rows:
            found.add(rel_type)
    return found


def count_ties(connection: Connection, study: str, types: list[str]) -> dict[str, int]:
    """Ties per relationship type between actors of the study (from node degrees)."""
    if not types:
        return {}
    counts = ", ".join(
        f"sum(COUNT {{ (a)-[:{gm.type_clause(t)}]->() }}) AS n{i}" for i, t in enumerate(types)
    )
    row = connection.execute(
        f"MATCH (a:Actor {{study: $study}}) RETURN {counts}", {"study": study}
    ).rows[0]
    return {t: int(row[f"n{i}"] or 0) for i, t in enumerate(types)}


def _add(total: dict[str, int], counters: dict[str, int]) -> None:
    for key, value in counters.items():
        total[key] = total.get(key, 0) + value


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tramas")
    except Exception:  # pragma: no cover - not installed
        return "unknown"
