"""Loading a :class:`~tramas.graph.Network` into Neo4j: batched, parameterised, idempotent.

The load writes, in order: the ``:Study`` node with its ``:Relation`` and ``:Wave`` nodes,
the actors (``MERGE`` on the (study, id) key, in batches), then the ties. Ties go in
batches of ``batch_size`` rows, one write transaction per batch (retried by the driver on
transient errors), each batch sent as columns of primitive values to one ``UNWIND``
statement per relationship type. Values are always parameters; the only text built
from data is the relationship type, taken from the validated whitelist
(:func:`tramas.graph.graph_model.relationship_types`).

A tie is identified by (study, relationship type, source, target, wave). A relationship
type that has no tie of the study yet is loaded with ``CREATE`` (fast); otherwise ties are
``MERGE``d on that identity and their properties replaced, so loading the same data twice
leaves the same nodes, relationships and properties.

If a batch fails for good, :class:`LoadInterrupted` says what was loaded, what was not,
and from which tie to resume (``resume_from``): a resumed load ``MERGE``s, so batches
that did commit are not duplicated.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tramas.exceptions import StoreError
from tramas.graph import graph_model as gm
from tramas.graph.model import TIE_COLUMNS

if TYPE_CHECKING:
    from tramas.graph.neo4j_store import Neo4jStore
    from tramas.graph.network import Network

__all__ = [
    "LoadInterrupted",
    "LoadResult",
    "Progress",
    "load_network",
    "prepare_actors",
    "prepare_ties",
]

#: ``progress(stage, done, total)``: stage is ``"actors"`` or ``"ties"``.
Progress = Callable[[str, int, int], None]

#: Tie properties written by name (constants of the model); other tie columns are
#: attributes, written through a parameter map.
CORE_TIE_PROPERTIES: tuple[str, ...] = (
    "wave",
    "weight",
    "reported_by",
    "data_source",
    "evidence",
    "source_file",
    "source_row",
)
_ACTOR_BATCH = 5_000


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
    ) -> None:
        self.study = study
        self.actors_loaded = actors_loaded
        self.ties_total = ties_total
        self.resume_from = resume_from
        self.reason = reason
        if actors_loaded:
            what = (
                f"loaded: study metadata, all actors and ties 1–{resume_from:,} of "
                f"{ties_total:,}; not loaded: ties {resume_from + 1:,}–{ties_total:,}"
                if resume_from
                else f"loaded: study metadata and all actors; not loaded: the {ties_total:,} ties"
            )
        else:
            what = "loaded: study metadata and part of the actors; not loaded: the ties"
        super().__init__(
            f"loading study {study!r} stopped ({reason}); {what}",
            hint=hint or f"resume with resume_from={resume_from}",
        )


# ---------------------------------------------------------------------------- load
def load_network(
    store: Neo4jStore,
    network: Network,
    *,
    batch_size: int = 20_000,
    replace: bool = False,
    resume_from: int = 0,
    workers: int = 2,
    progress: Progress | None = None,
) -> LoadResult:
    """Load a network into Neo4j as one study (idempotent; see the module notes).

    Parameters
    ----------
    store:
        A connected :class:`~tramas.graph.neo4j_store.Neo4jStore`.
    network:
        The network; ``network.study.key`` names the study in Neo4j.
    batch_size:
        Ties per transaction.
    replace:
        Delete the study first (ties no longer in the data disappear too).
    resume_from:
        Skip the first ties (already loaded by an interrupted load) and ``MERGE`` the rest.
    workers:
        Parallel sessions writing tie batches of an update (``MERGE``); a first load of
        a relationship type (``CREATE``) uses one session.
    progress:
        Called as ``progress(stage, done, total)``.

    Returns
    -------
    LoadResult
    """
    started = time.perf_counter()
    study = gm.check_study_key(network.study.key)
    if batch_size < 1:
        raise StoreError("batch size must be at least 1")
    types = gm.relationship_types(network.relations)
    actors = prepare_actors(network)
    ties = prepare_ties(network, types)
    n_ties = len(ties["src"])
    if not 0 <= resume_from <= n_ties:
        raise StoreError(f"cannot resume from tie {resume_from}: the study has {n_ties} ties")
    store.connect()
    store.ensure_schema()
    if replace:
        store.drop(study)
    old_columns = _old_actor_columns(store, study)
    counters: dict[str, int] = {}
    _add(counters, _write_study(store, network, types))
    # ---- actors
    actor_rows = actors["rows"]
    null_props = dict.fromkeys(old_columns - set(actors["columns"]))
    actors_loaded = False
    try:
        for lo in range(0, len(actor_rows), _ACTOR_BATCH):
            chunk = actor_rows[lo : lo + _ACTOR_BATCH]
            if null_props:
                chunk = [{**row, "p": {**null_props, **row["p"]}} for row in chunk]
            _add(counters, store.write_batch([(_ACTOR_CYPHER, {"study": study, "rows": chunk})]))
            if progress:
                progress("actors", min(lo + _ACTOR_BATCH, len(actor_rows)), len(actor_rows))
        actors_loaded = True
    except StoreError as exc:
        raise LoadInterrupted(
            study=study, actors_loaded=False, ties_total=n_ties, resume_from=0, reason=exc.message
        ) from None
    if progress and not actor_rows:
        progress("actors", 0, 0)
    # ---- ties
    existing = _types_with_ties(store, study, sorted(set(types.values())))
    mode = {
        t: "merge" if (t in existing or resume_from > 0) else "create"
        for t in sorted(set(types.values()))
    }
    tie_started = time.perf_counter()
    bounds = [(lo, min(lo + batch_size, n_ties)) for lo in range(resume_from, n_ties, batch_size)]
    lock = threading.Lock()
    done_rows = [0]

    def run(lo: int, hi: int) -> dict[str, int]:
        result = store.write_batch(_tie_statements(study, ties, lo, hi, mode))
        if progress:
            with lock:
                done_rows[0] += hi - lo
                progress("ties", resume_from + done_rows[0], n_ties)
        return result

    committed: set[int] = set()
    failure: BaseException | None = None
    # Creating a relationship locks both end nodes until commit: parallel CREATE batches
    # over the same actors mostly wait for each other (and deadlock), so a first load
    # writes with one session; MERGE updates of existing ties run in parallel.
    sessions = 1 if "create" in mode.values() else max(1, workers)
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        futures: dict[Future[dict[str, int]], int] = {}
        for i, (lo, hi) in enumerate(bounds):
            futures[pool.submit(run, lo, hi)] = i
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for fut in pending:
            fut.cancel()
        wait(futures)
        for fut, i in futures.items():
            if fut.cancelled():
                continue
            exc = fut.exception()
            if exc is None:
                committed.add(i)
                _add(counters, fut.result())
            elif failure is None:
                failure = exc
    if failure is not None:
        prefix = 0
        while prefix in committed:
            prefix += 1
        resume = bounds[prefix][0] if prefix < len(bounds) else n_ties
        reason = failure.message if isinstance(failure, StoreError) else repr(failure)
        raise LoadInterrupted(
            study=study,
            actors_loaded=actors_loaded,
            ties_total=n_ties,
            resume_from=resume,
            reason=reason,
        )
    tie_seconds = time.perf_counter() - tie_started
    # ---- check and finish
    n_actors, by_type = _count(store, study)
    expected = {t: int((ties["type"] == t).sum()) for t in set(types.values())}
    missing = {t: n for t, n in expected.items() if by_type.get(t, 0) < n}
    if missing:
        raise StoreError(
            f"study {study!r}: Neo4j holds fewer ties than were sent ({missing})",
            hint="run the load again; if it persists, report a bug",
        )
    store.execute(
        "MATCH (s:Study {key: $study}) SET s.status = 'complete', s.actors = $actors, "
        "s.ties = $ties, s.loaded_at = datetime()",
        {"study": study, "actors": n_actors, "ties": sum(by_type.values())},
        write=True,
    )
    return LoadResult(
        study=study,
        actors=n_actors,
        ties=sum(by_type.values()),
        ties_by_type=by_type,
        ties_sent=n_ties - resume_from,
        batches=len(bounds),
        mode=mode,
        seconds=time.perf_counter() - started,
        tie_seconds=tie_seconds,
        counters=counters,
    )


# ---------------------------------------------------------------------------- cypher
_KIND_FOREACH = "\n".join(
    f"FOREACH (_ IN CASE WHEN row.kind = '{kind}' THEN [1] ELSE [] END | SET a:{gm.label(lab)})"
    for kind, lab in gm.KIND_LABELS.items()
)
_ALL_KIND_LABELS = ":".join(gm.label(lab) for lab in gm.KIND_LABELS.values())

_ACTOR_CYPHER = f"""
UNWIND $rows AS row
MERGE (a:{gm.label(gm.ACTOR_LABEL)} {{study: $study, id: row.id}})
SET a += row.p, a.seq = row.seq
REMOVE a:{_ALL_KIND_LABELS}:{gm.label(gm.EXTERNAL_LABEL)}
WITH a, row
{_KIND_FOREACH}
FOREACH (_ IN CASE WHEN row.external THEN [1] ELSE [] END | SET a:{gm.label(gm.EXTERNAL_LABEL)})
"""

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


def _tie_statements(
    study: str, ties: dict[str, Any], lo: int, hi: int, mode: dict[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    types = ties["type"][lo:hi]
    statements = []
    for rel_type in dict.fromkeys(types.tolist()):
        idx = np.flatnonzero(types == rel_type) + lo
        # by source actor: consecutive rows touch the same node (better locality, and
        # concurrent batches take node locks in a consistent order)
        idx = idx[np.argsort(ties["src"][idx], kind="stable")]
        params: dict[str, Any] = {"study": study}
        for key in ("src", "tgt", "seq", *CORE_TIE_PROPERTIES):
            params[key] = ties[key][idx].tolist()
        has_attrs = ties["attrs"] is not None
        if has_attrs:
            params["attrs"] = ties["attrs"][idx].tolist()
        statements.append((_tie_cypher(rel_type, mode[rel_type], has_attrs), params))
    return statements


def _tie_cypher(rel_type: str, mode: str, has_attrs: bool) -> str:
    typ = gm.type_clause(rel_type)
    head = (
        f"UNWIND range(0, size($src) - 1) AS i\n"
        f"MATCH (a:{gm.label(gm.ACTOR_LABEL)} {{study: $study, id: $src[i]}})\n"
        f"MATCH (b:{gm.label(gm.ACTOR_LABEL)} {{study: $study, id: $tgt[i]}})\n"
    )
    props = ", ".join(f"{p}: ${p}[i]" for p in ("seq", *CORE_TIE_PROPERTIES))
    if mode == "create":
        body = f"CREATE (a)-[r:{typ} {{study: $study, {props}}}]->(b)\n"
    else:
        sets = ", ".join(f"r.{p} = ${p}[i]" for p in ("seq", *CORE_TIE_PROPERTIES) if p != "wave")
        body = f"MERGE (a)-[r:{typ} {{wave: $wave[i]}}]->(b)\nSET r.study = $study, {sets}\n"
    return head + body + ("SET r += $attrs[i]\n" if has_attrs else "")


# ---------------------------------------------------------------------------- data
def prepare_actors(network: Network) -> dict[str, Any]:
    """Actor rows for the load: ``id``, ``seq``, ``kind``, ``external`` and a property map.

    Missing values are ``None`` in the map, which removes the property on an update.
    """
    actors = network.actors
    columns = [str(c) for c in actors.columns]
    reserved = sorted(gm.RESERVED_ACTOR_KEYS.intersection(columns))
    if reserved:
        raise StoreError(
            f"actor column(s) {reserved} clash with properties tramas' graph model uses",
            hint="rename these columns in the actors table",
        )
    ids = [str(i) for i in actors.index]
    values = [column_values(actors[c]) for c in actors.columns]
    kind = column_values(actors["kind"]) if "kind" in actors else ["firm"] * len(ids)
    internal = (
        actors["internal"].astype("boolean").fillna(True).tolist()
        if "internal" in actors
        else [True] * len(ids)
    )
    rows = []
    for i, actor_id in enumerate(ids):
        rows.append(
            {
                "id": actor_id,
                "seq": i,
                "kind": kind[i] if kind[i] is not None else "firm",
                "external": not internal[i],
                "p": {col: vals[i] for col, vals in zip(columns, values, strict=True)},
            }
        )
    return {"rows": rows, "columns": columns}


def prepare_ties(network: Network, types: dict[str, str]) -> dict[str, Any]:
    """Tie columns for the load as numpy object arrays of plain Python values."""
    ties = network.ties
    attrs = [c for c in ties.columns if c not in TIE_COLUMNS]
    reserved = sorted(gm.RESERVED_TIE_KEYS.intersection(map(str, attrs)))
    if reserved:
        raise StoreError(
            f"tie column(s) {reserved} clash with properties tramas' graph model uses",
            hint="rename these columns in the ties table",
        )
    known = set(network.actors.index)
    src = ties["source"].astype(str)
    tgt = ties["target"].astype(str)
    unknown = sorted((set(src) | set(tgt)) - known)
    if unknown:
        raise StoreError(
            f"{len(unknown)} tie endpoint(s) are not in the actors table: {unknown[:5]}",
            hint="validate the input first (tramas validate)",
        )
    rel = ties["relation"].astype(str)
    missing = sorted(set(rel) - set(types))
    if missing:
        raise StoreError(f"ties of undeclared relation(s) {missing}")
    wave = ties["wave"].astype("string").fillna("").astype(object).to_numpy()
    dup = pd.DataFrame({"r": rel, "s": src, "t": tgt, "w": wave}).duplicated()
    if dup.any():
        first = ties[dup.to_numpy()].iloc[0]
        raise StoreError(
            f"{int(dup.sum())} duplicate tie(s) (same relation, source, target and wave), "
            f"e.g. {first['source']} -> {first['target']} ({first['relation']})",
            hint="merge duplicate ties before loading (tramas' ingest does this)",
        )
    out: dict[str, Any] = {
        "type": rel.map(types).to_numpy(dtype=object),
        "src": src.to_numpy(dtype=object),
        "tgt": tgt.to_numpy(dtype=object),
        "seq": np.arange(len(ties), dtype=np.int64).astype(object),
        "wave": wave,
    }
    for col in CORE_TIE_PROPERTIES:
        if col == "wave":
            continue
        out[col] = np.asarray(column_values(ties[col]), dtype=object)
    if attrs:
        cols = [column_values(ties[c]) for c in attrs]
        keys = [str(c) for c in attrs]
        maps = np.empty(len(ties), dtype=object)
        maps[:] = [dict(zip(keys, vals, strict=True)) for vals in zip(*cols, strict=True)]
        out["attrs"] = maps
    else:
        out["attrs"] = None
    out["attr_columns"] = [str(c) for c in attrs]
    return out


def column_values(series: pd.Series) -> list[Any]:
    """A column as plain Python values Neo4j can store; missing values become ``None``."""
    mask = series.isna().to_numpy()
    dtype = series.dtype
    if dtype.kind in "iub" and not isinstance(dtype, pd.CategoricalDtype):
        arr = series.to_numpy(dtype=object, na_value=None)
        return [None if m else _plain_scalar(v) for v, m in zip(arr, mask, strict=True)]
    if dtype.kind == "f":
        arr = series.to_numpy(dtype=float, na_value=np.nan).astype(object)
        arr[mask] = None
        return arr.tolist()
    if dtype.kind == "M":
        return [None if m else v.to_pydatetime() for v, m in zip(series, mask, strict=True)]
    arr = series.to_numpy(dtype=object, na_value=None)
    if isinstance(dtype, pd.StringDtype) or str(dtype) == "str":
        arr[mask] = None
        return arr.tolist()
    return [None if m else _plain_scalar(v) for v, m in zip(arr, mask, strict=True)]


def _plain_scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | str | datetime | date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return str(value)


def column_schema(frame: pd.DataFrame) -> str:
    """``[[column, dtype, missing], ...]`` as JSON, to restore types on pull.

    ``missing`` is how an ``object`` column marks missing values: ``none`` when every
    missing value is ``None``, ``na`` when every one is ``pd.NA``, else ``nan``.
    """
    schema = []
    for col in frame.columns:
        series = frame[col]
        missing = "nan"
        if series.dtype == object:
            na = series[series.isna()]
            if len(na) and all(v is None for v in na):
                missing = "none"
            elif len(na) and all(v is pd.NA for v in na):
                missing = "na"
        schema.append([str(col), str(series.dtype), missing])
    return json.dumps(schema)


# ---------------------------------------------------------------------------- helpers
def _write_study(store: Neo4jStore, network: Network, types: dict[str, str]) -> dict[str, int]:
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
    return store.write_batch(
        [
            (
                _STUDY_CYPHER,
                {
                    "study": info.key,
                    "props": props,
                    "names": [r["name"] for r in relations],
                    "relations": relations,
                    "waves": list(info.waves),
                },
            )
        ]
    )


def _old_actor_columns(store: Neo4jStore, study: str) -> set[str]:
    rows = store.execute(
        "MATCH (s:Study {key: $study}) RETURN s.actor_columns AS cols", {"study": study}
    ).rows
    if not rows or not rows[0]["cols"]:
        return set()
    return {entry[0] for entry in json.loads(rows[0]["cols"])}


def _types_with_ties(store: Neo4jStore, study: str, types: list[str]) -> set[str]:
    found = set()
    for rel_type in types:
        rows = store.execute(
            f"MATCH (a:Actor {{study: $study}})-[r:{gm.type_clause(rel_type)}]->() "
            "RETURN 1 AS any LIMIT 1",
            {"study": study},
        ).rows
        if rows:
            found.add(rel_type)
    return found


def _count(store: Neo4jStore, study: str) -> tuple[int, dict[str, int]]:
    n_actors = store.execute(
        "MATCH (a:Actor {study: $study}) RETURN count(a) AS n", {"study": study}
    ).rows[0]["n"]
    rows = store.execute(
        "MATCH (a:Actor {study: $study})-[r]->(:Actor) "
        "RETURN type(r) AS type, count(r) AS n ORDER BY type",
        {"study": study},
    ).rows
    return int(n_actors), {r["type"]: int(r["n"]) for r in rows}


def _add(total: dict[str, int], counters: dict[str, int]) -> None:
    for key, value in counters.items():
        total[key] = total.get(key, 0) + value


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tramas")
    except Exception:  # pragma: no cover - not installed
        return "unknown"
