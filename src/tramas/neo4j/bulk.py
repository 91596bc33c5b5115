"""Bulk loading with ``neo4j-admin database import``: a first load of a large study, offline.

``neo4j-admin database import full`` writes Neo4j's store files directly from CSV files,
without transactions -- far faster than any online load, but only into a database that
is offline and replaced as a whole. :func:`bulk_load` therefore

1. checks that the server runs on this machine and can be stopped and started
   (:class:`~tramas.neo4j.server.LocalServer`: ``scripts/neo4j-local`` or a Neo4j
   installation in ``NEO4J_HOME``), and that the database holds nothing but (an earlier version of) this
   study -- a database with other studies or other data is refused, with a hint to use
   the online loader;
2. writes the actors and ties as CSV files in the import tool's format (headers such as
   ``id:ID(Actor)``, ``:LABEL``, ``:START_ID(Actor)``, ``weight:double``; one
   relationship file per type), with the same properties and value types as
   :func:`tramas.neo4j.load.load_network` writes;
3. stops the server, runs ``neo4j-admin database import full --overwrite-destination``,
   starts the server again;
4. creates tramas' constraints and indexes, writes the ``:Study``, ``:Relation`` and
   ``:Wave`` nodes, counts what Neo4j holds and marks the study complete -- as the
   online load does.

The result is the same graph as an online load: the same nodes, labels, relationships
and properties (tested property by property on the sample).

Neo4j Community has one user database (``neo4j``) and no ``CREATE DATABASE``, so the
bulk load always replaces that database; a server of another edition is treated the
same way (into the database given, which must exist).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tramas.exceptions import StoreError
from tramas.graph.model import TIE_COLUMNS
from tramas.neo4j import schema as gm
from tramas.neo4j.load import count_ties, write_study
from tramas.neo4j.lock import LockHolder, StudyLock
from tramas.neo4j.prepare import (
    CORE_TIE_PROPERTIES,
    governance_properties,
    plain_value,
    prepare_ties,
)
from tramas.neo4j.server import LOCAL_HOSTS, LocalServer, find_local_server

if TYPE_CHECKING:
    from tramas.graph.network import Network
    from tramas.neo4j.connection import Connection

__all__ = ["BulkResult", "bulk_load", "write_import_files"]

#: ``progress(stage)``: called when a stage of the bulk load begins.
BulkProgress = Callable[[str], None]

#: Separates labels and array elements in the CSV files (the ASCII unit separator, which
#: survey text does not contain; a value that does is refused).
ARRAY_DELIMITER = "\x1f"
_ROWS_PER_CHUNK = 500_000


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class BulkResult:
    """What a bulk load wrote, and how long each stage took.

    Attributes
    ----------
    study:
        Study key.
    actors, ties:
        Actors and ties of the study in Neo4j after the load (counted).
    ties_by_type:
        Ties per relationship type.
    seconds:
        Wall time of the whole bulk load (preparing the files to marking the study
        complete, server stop and start included).
    stages:
        Seconds per stage: ``prepare``, ``write``, ``stop``, ``import``, ``start``,
        ``schema``, ``finish``.
    csv_bytes:
        Size of the CSV files written.
    server:
        How the server was controlled (``neo4j-local`` or ``home``).
    """

    study: str
    actors: int
    ties: int
    ties_by_type: dict[str, int]
    seconds: float
    stages: dict[str, float]
    csv_bytes: int
    server: str

    @property
    def ties_per_second(self) -> float:
        """Ties over the wall time of the whole bulk load."""
        return self.ties / self.seconds if self.seconds > 0 else float("nan")


# ---------------------------------------------------------------------------- load
def bulk_load(
    connection: Connection,
    network: Network,
    *,
    server: LocalServer | None = None,
    replace: bool = False,
    workdir: str | Path | None = None,
    memory: str = "2g",
    progress: BulkProgress | None = None,
    lock_timeout: float = 600.0,
    on_wait: Callable[[LockHolder], None] | None = None,
) -> BulkResult:
    """Load a study with ``neo4j-admin database import`` (offline; see the module notes).

    Parameters
    ----------
    connection:
        A connection to the local server (its URI must be on this machine).
    network:
        The network; ``network.study.key`` names the study.
    server:
        How to stop and start the server; default :func:`find_local_server`.
    replace:
        Allow replacing the database when it already holds this study.
    workdir:
        Folder for the CSV files (default: a temporary folder, deleted afterwards).
    memory:
        ``--max-off-heap-memory`` of the import tool.
    progress:
        Called with the name of each stage as it begins.
    lock_timeout, on_wait:
        As for :func:`tramas.neo4j.load.load_network`: the bulk load holds the study's
        lock (:mod:`tramas.neo4j.lock`) until the server is stopped (the import replaces
        the database, lock included) and again from the restart to the end.

    Returns
    -------
    BulkResult

    Raises
    ------
    StoreError
        When bulk loading cannot be used (remote server, no server control, a database
        with other data, this study without ``replace``) -- the hint names the online
        loader -- or when a step fails.
    """
    started = time.perf_counter()
    study = gm.check_study_key(network.study.key)
    server = server or find_local_server()
    _check_target(connection, server, study, replace)
    assert server is not None  # _check_target refuses otherwise
    connection.ensure_schema()
    lock = StudyLock(connection, study, timeout=lock_timeout, on_wait=on_wait, kind="bulk")
    lock.acquire()
    try:
        if lock.waited is not None:  # the other load may have written the study meanwhile
            _check_target(connection, server, study, replace)
        return _bulk_locked(
            connection, network, server, lock, study, started, workdir, memory, progress
        )
    finally:
        lock.release()


def _bulk_locked(
    connection: Connection,
    network: Network,
    server: LocalServer,
    lock: StudyLock,
    study: str,
    started: float,
    workdir: str | Path | None,
    memory: str,
    progress: BulkProgress | None,
) -> BulkResult:
    """The bulk load itself, with the study's lock held."""
    stages: dict[str, float] = {}

    def stage(name: str) -> None:
        now = time.perf_counter()
        if stages:
            last = next(reversed(stages))
            stages[last] = now - stages[last]
        stages[name] = now
        if progress and name != "done":
            progress(name)

    stage("prepare")
    types = gm.relationship_types(network.relations)
    ties = prepare_ties(network, types, columns=False)  # the online load's checks
    own_dir = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="tramas-bulk-")) if own_dir else Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        stage("write")
        files = write_import_files(network, folder, types=types, ties=ties)
        port = urlsplit(connection.uri).port
        stage("stop")
        connection.close()
        server.stop()
        stage("import")
        try:
            server.admin(_import_args(files, connection.database, memory, folder))
        finally:
            stage("start")
            server.start(port if server.kind == "neo4j-local" else None)
            connection.reconnect(wait=120.0)
        stage("schema")
        connection.ensure_schema()
        lock.release()  # the import replaced the database and the lock with it
        lock.acquire()
        stage("finish")
        write_study(connection, network, types)
        n_actors = int(
            connection.execute(
                "MATCH (a:Actor {study: $study}) RETURN count(a) AS n", {"study": study}
            ).rows[0]["n"]
        )
        by_type = count_ties(connection, study, ties["types"])
        expected = dict(
            zip(
                ties["types"],
                np.bincount(ties["type"], minlength=len(ties["types"])).tolist(),
                strict=True,
            )
        )
        if n_actors != len(network.actors) or any(by_type[t] != expected[t] for t in expected):
            raise StoreError(
                f"study {study!r}: the import holds {n_actors} actors and {by_type} ties, "
                f"expected {len(network.actors)} and {expected}",
                hint="see the import report in the server's logs; load online instead",
                code="bulk_import_mismatch",
                values={
                    "study": study,
                    "actors": n_actors,
                    "ties": str(by_type),
                    "expected_actors": len(network.actors),
                    "expected_ties": str(expected),
                },
            )
        by_type = {t: n for t, n in by_type.items() if n}
        connection.execute(
            "MATCH (s:Study {key: $study}) SET s.status = 'complete', s.actors = $actors, "
            "s.ties = $ties, s.loaded_at = datetime()",
            {"study": study, "actors": n_actors, "ties": sum(by_type.values())},
            write=True,
        )
        stage("done")
        stages.pop("done")
        csv_bytes = sum(p.stat().st_size for p in files.all())
    finally:
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return BulkResult(
        study=study,
        actors=n_actors,
        ties=sum(by_type.values()),
        ties_by_type=by_type,
        seconds=time.perf_counter() - started,
        stages={k: round(v, 3) for k, v in stages.items()},
        csv_bytes=csv_bytes,
        server=server.kind,
    )


def _check_target(
    connection: Connection, server: LocalServer | None, study: str, replace: bool
) -> None:
    """Refuse bulk loading where it cannot or must not be used."""
    online = "load online instead: tramas db load without --bulk"
    host = (urlsplit(connection.uri).hostname or "").lower()
    if host not in LOCAL_HOSTS:
        raise StoreError(
            f"bulk loading needs Neo4j on this machine; {connection.uri} is remote",
            hint=f"neo4j-admin import must run where the database files are; {online}",
            code="bulk_remote",
            values={"uri": connection.uri},
        )
    if server is None:
        raise StoreError(
            "bulk loading needs to stop and start the server, and no Neo4j installation was found",
            hint=f"set NEO4J_HOME (or --neo4j-home), or use scripts/neo4j-local; or {online}",
            code="bulk_no_server",
        )
    if server.kind == "neo4j-local":
        running = server.uri()
        if running is None or urlsplit(running).port != urlsplit(connection.uri).port:
            raise StoreError(
                f"{connection.uri} is not the server of {server.path} (it reports {running or 'stopped'})",
                hint=f"point --uri/NEO4J_URI at that server, or {online}",
                code="bulk_other_server",
                values={
                    "uri": connection.uri,
                    "path": str(server.path),
                    "running": running or "stopped",
                },
            )
    connection.connect()
    edition = connection.execute(
        "CALL dbms.components() YIELD edition RETURN edition LIMIT 1"
    ).rows[0]["edition"]
    if edition == "community" and connection.database != "neo4j":
        raise StoreError(
            f"Neo4j Community has one user database, 'neo4j'; it cannot hold {connection.database!r}",
            hint="bulk-load into the database neo4j (Community has no CREATE DATABASE)",
            code="bulk_community_database",
            values={"database": connection.database},
        )
    other = connection.execute(
        "MATCH (n) WHERE NOT (coalesce(n.study = $study, false) OR (n:Study AND n.key = $study)) "
        "RETURN labels(n) AS labels, n.study AS study, n.key AS key LIMIT 1",
        {"study": study},
    ).rows
    if other:
        studies = [
            r["study"]
            for r in connection.execute(
                "MATCH (s:Study) WHERE s.key <> $study RETURN s.key AS study ORDER BY study LIMIT 5",
                {"study": study},
            ).rows
        ]
        what = f"other studies ({', '.join(studies)})" if studies else "other data"
        raise StoreError(
            f"the database {connection.database!r} at {connection.uri} holds {what}; a bulk load "
            "replaces the whole database",
            hint=f"{online} (it adds the study next to the others)",
            code="bulk_db_not_empty_studies" if studies else "bulk_db_not_empty_data",
            values={
                "database": connection.database,
                "uri": connection.uri,
                "studies": ", ".join(studies),
            },
        )
    if connection.has_study(study) and not replace:
        raise StoreError(
            f"study {study!r} is already in Neo4j at {connection.uri}",
            hint="add --replace to rebuild it with a bulk load, or update it online "
            "(tramas db load without --bulk)",
            code="bulk_study_exists",
            values={"study": study, "uri": connection.uri},
        )
    foreign = [
        r["name"]
        for r in connection.execute(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' AND NOT name STARTS WITH "
            "'tramas_' RETURN name"
        ).rows
    ]
    if foreign:
        raise StoreError(
            f"the database has indexes or constraints tramas did not create ({foreign[:5]}); "
            "a bulk load would drop them",
            hint=online,
            code="bulk_foreign_schema",
            values={"items": str(foreign[:5])},
        )


def _import_args(files: ImportFiles, database: str, memory: str, folder: Path) -> list[str]:
    # the database name goes first: --nodes/--relationships take several files each
    args = [
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        "--id-type=string",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--bad-tolerance=0",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        "--normalize-types=false",
        f"--max-off-heap-memory={memory}",
        f"--report-file={folder / 'import.report'}",
        f"--multiline-fields={'true' if files.multiline else 'false'}",
        f"--nodes={files.actors}",
    ]
    args += [f"--relationships={t}={p}" for t, p in files.ties.items()]
    return args


# ---------------------------------------------------------------------------- files
@dataclass(frozen=True)
class ImportFiles:
    """The CSV files of one bulk load."""

    actors: Path
    ties: dict[str, Path]
    multiline: bool

    def all(self) -> list[Path]:
        """Every file."""
        return [self.actors, *self.ties.values()]


def write_import_files(
    network: Network,
    folder: str | Path,
    *,
    types: dict[str, str] | None = None,
    ties: dict[str, Any] | None = None,
) -> ImportFiles:
    """Write a network as CSV files for ``neo4j-admin database import``.

    ``actors.csv`` has ``id:ID(Actor)``, ``:LABEL`` (``Actor`` plus kind and ``External``
    labels), ``study``, ``seq:long`` and every actor column with its type;
    ``ties-TYPE.csv`` has ``:START_ID(Actor)``, ``:END_ID(Actor)``, ``study``,
    ``seq:long`` and every tie property with its type. A missing value is an empty field
    (no property); text is always quoted, so an empty text stays an empty text.

    Returns
    -------
    ImportFiles
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    types = types or gm.relationship_types(network.relations)
    ties = ties if ties is not None else prepare_ties(network, types, columns=False)
    study = gm.check_study_key(network.study.key)
    multiline = False
    # ---- actors
    actors = network.actors
    columns: list[tuple[str, pa.Array, str | None]] = []
    ids = pa.array([str(i) for i in actors.index], type=pa.string())
    columns.append(("id:ID(Actor)", ids, "string"))
    columns.append((":LABEL", pa.array(_actor_label_values(actors), type=pa.string()), "label"))
    columns.append(("study", pa.repeat(pa.scalar(study, pa.string()), len(actors)), "string"))
    columns.append(("seq:long", pa.array(np.arange(len(actors), dtype=np.int64)), "long"))
    for col in actors.columns:
        name = _property_name(col, "actor")
        if name in gm.RESERVED_ACTOR_KEYS:
            raise StoreError(
                f"actor column {name!r} clashes with the graph model",
                code="bulk_reserved_column",
                values={"name": name},
            )
        array, kind = _arrow_column(actors[col], name)
        columns.append((_header(name, kind), array, kind))
    actor_path = out / "actors.csv"
    multiline |= _write_csv(actor_path, columns, len(actors))
    # ---- ties, one file per relationship type
    frame = network.ties
    attrs = [c for c in frame.columns if c not in TIE_COLUMNS]
    tie_columns: list[tuple[str, pa.Array, str | None]] = [
        (
            ":START_ID(Actor)",
            pa.array(frame["source"].astype(str).to_numpy(dtype=object), type=pa.string()),
            "string",
        ),
        (
            ":END_ID(Actor)",
            pa.array(frame["target"].astype(str).to_numpy(dtype=object), type=pa.string()),
            "string",
        ),
        ("study", pa.repeat(pa.scalar(study, pa.string()), len(frame)), "string"),
        ("seq:long", pa.array(ties["seq"]), "long"),
    ]
    for col in CORE_TIE_PROPERTIES:
        series = frame["wave"].astype("string").fillna("") if col == "wave" else frame[col]
        array, kind = _arrow_column(series, col)
        tie_columns.append((_header(col, kind), array, kind))
    for col in attrs:
        name = _property_name(col, "tie")
        array, kind = _arrow_column(frame[col], name)
        tie_columns.append((_header(name, kind), array, kind))
    # the derived governance of value-chain ties, as an online load writes it
    for name, series in (governance_properties(network) or {}).items():
        array, kind = _arrow_column(series.set_axis(frame.index), name)
        tie_columns.append((_header(name, kind), array, kind))
    tie_paths: dict[str, Path] = {}
    for code, rel_type in enumerate(ties["types"]):
        rows = np.flatnonzero(ties["type"] == code)
        if not len(rows):
            continue
        path = out / f"ties-{rel_type}.csv"
        take = pa.array(rows)
        subset = [(h, a.take(take), k) for h, a, k in tie_columns]
        multiline |= _write_csv(path, subset, len(rows))
        tie_paths[rel_type] = path
    return ImportFiles(actor_path, tie_paths, multiline)


def _actor_label_values(actors: pd.DataFrame) -> list[str]:
    kinds = (
        actors["kind"].astype(object).where(actors["kind"].notna(), "firm")
        if "kind" in actors
        else pd.Series("firm", index=actors.index)
    )
    internal = (
        actors["internal"].astype("boolean").fillna(True)
        if "internal" in actors
        else pd.Series(True, index=actors.index)
    )
    out = []
    for kind, inside in zip(kinds.tolist(), internal.tolist(), strict=True):
        labels = [gm.ACTOR_LABEL]
        if kind in gm.KIND_LABELS:
            labels.append(gm.KIND_LABELS[kind])
        if not inside:
            labels.append(gm.EXTERNAL_LABEL)
        out.append(ARRAY_DELIMITER.join(labels))
    return out


_BAD_NAME = re.compile(r"[:,\"\n\r\x1f]|^\s|\s$")


def _property_name(col: Any, what: str) -> str:
    name = str(col)
    if not name or _BAD_NAME.search(name):
        raise StoreError(
            f"{what} column {name!r} cannot be a column of the import tool's CSV header",
            hint="rename it (no ':', ',', quotes or line breaks), or load online",
            code="bulk_bad_column_name" if what == "actor" else "bulk_bad_tie_column_name",
            values={"name": name},
        )
    return name


def _header(name: str, kind: str | None) -> str:
    if kind in (None, "string"):
        return name
    return f"{name}:{kind}"


def _arrow_column(series: pd.Series, name: str) -> tuple[pa.Array, str | None]:
    """A column as an Arrow array and its import type (None: every value missing).

    The types are those the online loader stores (see
    :func:`tramas.neo4j.load.column_values`).
    """
    dtype = series.dtype
    mask = series.isna().to_numpy()
    if mask.all():
        return pa.nulls(len(series), type=pa.string()), None
    if isinstance(dtype, pd.StringDtype):
        return _arrow(series, pa.string()), "string"
    if isinstance(dtype, pd.CategoricalDtype) or dtype.kind == "O":
        return _object_column(series, mask, name)
    if dtype.kind == "b":
        return _arrow(series, pa.bool_()), "boolean"
    if dtype.kind in "iu":
        return _arrow(series, pa.int64()), "long"
    if dtype.kind == "f":
        values = series.to_numpy(dtype=float, na_value=np.nan)
        if np.isinf(values).any():
            raise StoreError(
                f"column {name!r} has infinite values, which the import tool cannot read",
                hint="load online (tramas db load without --bulk)",
                code="bulk_infinite",
                values={"name": name},
            )
        return pa.array(values, mask=mask, type=pa.float64()), "double"
    if dtype.kind == "M":
        values = [None if m else v.to_pydatetime() for v, m in zip(series, mask, strict=True)]
        return _temporal(values)
    return _object_column(series, mask, name)


def _arrow(series: pd.Series, typ: pa.DataType) -> pa.Array:
    array = pa.array(series, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(typ)


def _object_column(series: pd.Series, mask: np.ndarray, name: str) -> tuple[pa.Array, str | None]:
    values = [
        None if m else plain_value(v)
        for v, m in zip(series.to_numpy(dtype=object, na_value=None), mask, strict=True)
    ]
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {str}:
        return pa.array(values, type=pa.string()), "string"
    if kinds == {bool}:
        return pa.array(values, type=pa.bool_()), "boolean"
    if kinds == {int}:
        return pa.array(values, type=pa.int64()), "long"
    if kinds == {float}:
        if any(v is not None and (v != v or v in (float("inf"), float("-inf"))) for v in values):
            raise StoreError(
                f"column {name!r} has values the import tool cannot read",
                code="bulk_unreadable",
                values={"name": name},
            )
        return pa.array(values, type=pa.float64()), "double"
    if kinds == {list}:
        flat = [x for v in values if v for x in v]
        if any(ARRAY_DELIMITER in x for x in flat):
            raise StoreError(
                f"column {name!r} has text with the unit-separator character",
                code="bulk_unit_separator",
                values={"name": name},
            )
        return pa.array(
            [None if v is None else ARRAY_DELIMITER.join(v) for v in values], type=pa.string()
        ), "string[]"
    if kinds <= {datetime, date} and len(kinds) == 1:
        return _temporal(values)
    raise StoreError(
        f"column {name!r} mixes value types ({', '.join(sorted(k.__name__ for k in kinds))}), "
        "which a CSV column of the import tool cannot hold",
        hint="give the column one type, or load online (tramas db load without --bulk)",
        code="bulk_mixed_types",
        values={"name": name, "types": ", ".join(sorted(k.__name__ for k in kinds))},
    )


def _temporal(values: list[Any]) -> tuple[pa.Array, str]:
    sample = next(v for v in values if v is not None)
    if isinstance(sample, datetime):
        kind = "localdatetime" if sample.tzinfo is None else "datetime"
    else:
        kind = "date"
    text = [None if v is None else v.isoformat() for v in values]
    return pa.array(text, type=pa.string()), kind


def _write_csv(path: Path, columns: list[tuple[str, pa.Array, str | None]], n: int) -> bool:
    """Write a CSV file in chunks of rows; returns whether a value spans several lines."""
    multiline = False
    header = ",".join(h for h, _, _ in columns) + "\n"
    with open(path, "wb") as fh:
        fh.write(header.encode("utf-8"))
        for lo in range(0, n, _ROWS_PER_CHUNK):
            fields = []
            for _, array, kind in columns:
                text, lines = _fields(array.slice(lo, min(_ROWS_PER_CHUNK, n - lo)), kind)
                multiline |= lines
                fields.append(text)
            line = pc.binary_join_element_wise(*fields, ",") if len(fields) > 1 else fields[0]
            # "field,field,...\n" per row: the value buffer between the first and last
            # offsets is the chunk's text, written as is
            line = pc.binary_join_element_wise(line, pa.scalar(""), "\n")
            if isinstance(line, pa.ChunkedArray):
                line = line.combine_chunks()
            fh.write(_text_bytes(line))
    return multiline


def _text_bytes(array: pa.Array) -> memoryview:
    """The characters of a string array, all values back to back."""
    wide = pa.types.is_large_string(array.type)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64 if wide else np.int32)
    start, end = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    return memoryview(array.buffers()[2])[start:end]


def _fields(array: pa.Array, kind: str | None) -> tuple[pa.Array, bool]:
    """CSV fields of a column: text quoted (quotes doubled), others as Arrow writes them.

    Arrow writes a double as the shortest text that reads back as the same double.
    """
    if kind is None:
        return pa.repeat(pa.scalar("", pa.string()), len(array)), False
    if kind in ("string", "string[]", "label"):
        text = array.cast(pa.string())
        lines = bool(pc.any(pc.match_substring_regex(text, "[\r\n]")).as_py() or False)
        quoted = pc.binary_join_element_wise(
            pa.scalar('"'), pc.replace_substring(text, '"', '""'), pa.scalar('"'), ""
        )
        return pc.fill_null(quoted, ""), lines
    if kind in ("localdatetime", "datetime", "date"):
        return pc.fill_null(array.cast(pa.string()), ""), False
    return pc.fill_null(array.cast(pa.string()), ""), False
