"""Reading a study back from Neo4j into an in-memory :class:`~tramas.graph.Network`.

The ``:Study`` node keeps the column names and pandas types of the actors and ties
tables (``actor_columns``, ``tie_columns``), the ``:Relation`` nodes the relation
definitions and the ``:Wave`` nodes the wave order, so a pulled network equals the one
that was loaded: same actors in the same order with every column and type, same ties
(``seq`` keeps their order), same relations and waves. Properties written back by an
analysis are not attributes and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tramas.exceptions import StoreError
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network
from tramas.neo4j import schema as gm
from tramas.output import write_csv

if TYPE_CHECKING:
    from tramas.neo4j.connection import Connection

__all__ = ["pull", "restore_column", "write_study_files"]


def pull(
    connection: Connection,
    study: str,
    *,
    relation: str | Sequence[str] | None = None,
    wave: str | Sequence[str] | None = None,
) -> Network:
    """Read a study (or some of its relations and waves) as a Network.

    Parameters
    ----------
    connection:
        The connection to read from.
    study:
        Study key.
    relation:
        Relation name(s) to read; default all. The network then declares only these.
    wave:
        Wave label(s) to read; default all. The network's waves are then only these.

    Returns
    -------
    Network
        ``report`` is ``None``: the data was validated when it was loaded.
    """
    gm.check_study_key(study)
    meta = connection.execute(
        "MATCH (s:Study {key: $study}) "
        "OPTIONAL MATCH (s)-[:HAS_RELATION]->(r:Relation) "
        "WITH s, r ORDER BY r.order "
        "RETURN s {.*} AS study, [x IN collect(r) | x {.*}] AS relations",
        {"study": study},
    ).rows
    if not meta:
        known = connection.studies()
        names = ", ".join(known["study"].astype(str)) if len(known) else "none"
        raise StoreError(
            f"no study {study!r} in Neo4j at {connection.uri}",
            hint=f"load it first: tramas db load --study study.toml (studies here: {names})",
            code="pull_no_study",
            values={"study": study, "uri": connection.uri, "names": names},
        )
    props, rel_rows = meta[0]["study"], meta[0]["relations"]
    if props.get("status") != "complete":
        raise StoreError(
            f"study {study!r} in Neo4j is incomplete (a load did not finish)",
            hint="finish it with the resume command the load printed, or load it again",
            code="pull_incomplete",
            values={"study": study},
        )
    relations = {
        r["name"]: Relation(
            name=r["name"],
            directed=bool(r["directed"]),
            direction=r["direction"],
            symmetrize=r["symmetrize"],
            label=r.get("label") or "",
            question=r.get("question") or "",
        )
        for r in rel_rows
    }
    waves = tuple(props.get("waves") or ())
    if relation is not None:
        wanted = [relation] if isinstance(relation, str) else list(relation)
        unknown = [r for r in wanted if r not in relations]
        if unknown:
            raise StoreError(
                f"study {study!r} has no relation(s) {unknown}",
                hint=f"its relations: {', '.join(relations)}",
                code="pull_no_relation",
                values={"study": study, "names": str(unknown), "known": ", ".join(relations)},
            )
        relations = {r: relations[r] for r in wanted}
    if wave is not None:
        wanted_waves = [wave] if isinstance(wave, str) else [str(w) for w in wave]
        unknown = [w for w in wanted_waves if w not in waves]
        if unknown:
            raise StoreError(
                f"study {study!r} has no wave(s) {unknown}",
                hint=f"its waves: {', '.join(waves)}",
                code="pull_no_wave",
                values={"study": study, "names": str(unknown), "known": ", ".join(waves)},
            )
        waves = tuple(w for w in waves if w in wanted_waves)
    info = StudyInfo(
        key=study,
        title=props.get("title") or "",
        lang=props.get("lang") or "en",
        waves=waves,
        description=props.get("description") or "",
    )
    actors = _actors(connection, study, json.loads(props["actor_columns"]))
    ties = _ties(
        connection,
        study,
        json.loads(props["tie_columns"]),
        {name: gm.relationship_type(name) for name in relations},
        list(waves) if wave is not None else None,
    )
    return Network(actors=actors, ties=ties, relations=relations, study=info, report=None)


def _actors(connection: Connection, study: str, schema: list[list[str]]) -> pd.DataFrame:
    columns = [entry[0] for entry in schema]
    rows = connection.execute(
        "MATCH (a:Actor {study: $study}) "
        "RETURN a.id AS id, [k IN $columns | a[k]] AS values ORDER BY a.seq",
        {"study": study, "columns": columns},
    ).rows
    ids = [r["id"] for r in rows]
    data = list(zip(*[r["values"] for r in rows], strict=True)) if rows else [()] * len(columns)
    index = pd.Index([str(i) for i in ids], name="id", dtype="str")
    frame = pd.DataFrame(index=index)
    for (col, dtype, *missing), values in zip(schema, data, strict=True):
        frame[col] = restore_column(list(values), dtype, *missing).set_axis(index)
    return frame


def _ties(
    connection: Connection,
    study: str,
    schema: list[list[str]],
    types: dict[str, str],
    waves: list[str] | None,
) -> pd.DataFrame:
    columns = [entry[0] for entry in schema]
    props = [c for c in columns if c not in ("source", "target", "relation")]
    by_type = {t: name for name, t in types.items()}
    records: list[tuple[int, str, str, str, list[Any]]] = []
    for rel_type, name in by_type.items():
        rows = connection.execute(
            f"MATCH (a:Actor {{study: $study}})-[r:{gm.type_clause(rel_type)}]->(b:Actor) "
            "WHERE $waves IS NULL OR r.wave IN $waves "
            "RETURN r.seq AS seq, a.id AS source, b.id AS target, [k IN $props | r[k]] AS values",
            {"study": study, "props": props, "waves": waves},
        ).rows
        records.extend((r["seq"], r["source"], r["target"], name, r["values"]) for r in rows)
    records.sort(key=lambda r: r[0])
    values = list(zip(*[r[4] for r in records], strict=True)) if records else [()] * len(props)
    data: dict[str, list[Any]] = {
        "source": [r[1] for r in records],
        "target": [r[2] for r in records],
        "relation": [r[3] for r in records],
    }
    data.update({p: list(v) for p, v in zip(props, values, strict=True)})
    if "wave" in data:  # a tie without a wave is stored with wave ""
        data["wave"] = [None if w == "" else w for w in data["wave"]]
    dtypes = {entry[0]: entry[1:] for entry in schema}
    frame = pd.DataFrame(index=pd.RangeIndex(len(records)))
    for col in columns:
        frame[col] = restore_column(data[col], *dtypes[col])
    return frame


def restore_column(values: list[Any], dtype: str, missing: str = "nan") -> pd.Series:
    """Values read from Neo4j as a column of the recorded pandas type.

    ``missing`` (``nan``, ``none`` or ``na``) is what marks a missing value in an object column.
    """
    values = [_native(v) for v in values]
    series = pd.Series(values, dtype=object)
    try:
        if dtype.startswith(("float", "Float")):
            return pd.to_numeric(series, errors="coerce").astype(dtype)
        if dtype.startswith(("int", "uint")):
            if series.isna().any():  # cannot happen for a column loaded as int
                return pd.to_numeric(series, errors="coerce")
            return series.astype(dtype)
        if dtype == "bool":
            return series.astype(bool) if not series.isna().any() else series.astype("boolean")
        if dtype.startswith("datetime64"):
            return pd.to_datetime(series).astype(dtype)
        if dtype == "object":
            marker = {"none": None, "na": pd.NA}.get(missing, np.nan)
            return series.where(series.notna(), marker)
        return series.astype(dtype)
    except (TypeError, ValueError):
        return series


def _native(value: Any) -> Any:
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def write_study_files(network: Network, out_dir: str | Path, *, safe: bool = True) -> list[Path]:
    """Write a network as study files that ``tramas.ingest.load`` reads back.

    ``study.toml`` declares the relations and waves, ``actors.csv`` holds every actor
    column, ``ties.csv`` the ties along the flow (``oriented = "flow"``) with
    ``reported_by`` and every attribute. CSV text is formula-guarded
    (:func:`tramas.output.csv_safe`) unless ``safe=False``.

    Returns
    -------
    list of Path
        ``study.toml``, ``actors.csv``, ``ties.csv``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    info = network.study
    lines = [
        "[study]",
        f"key = {_toml(info.key)}",
        f"title = {_toml(info.title)}",
        *([f"lang = {_toml(info.lang)}"] if info.lang else []),
        f"description = {_toml(info.description)}",
        f"waves = [{', '.join(_toml(w) for w in info.waves)}]",
        "",
        "[actors]",
        'file = "actors.csv"',
    ]
    for rel in network.relations.values():
        lines += [
            "",
            "[[relations]]",
            f"name = {_toml(rel.name)}",
            f"label = {_toml(rel.label)}",
            f"question = {_toml(rel.question)}",
            f"directed = {'true' if rel.directed else 'false'}",
            f"direction = {_toml(rel.direction)}",
            f"symmetrize = {_toml(rel.symmetrize)}",
        ]
    lines += ["", "[[ties]]", 'shape = "edgelist"', 'file = "ties.csv"', 'oriented = "flow"', ""]
    paths = [out / "study.toml", out / "actors.csv", out / "ties.csv"]
    paths[0].write_text("\n".join(lines), encoding="utf-8")
    write_csv(network.actors.reset_index(), paths[1], safe=safe)
    ties = network.ties.drop(columns=["source_file", "source_row"], errors="ignore")
    write_csv(ties, paths[2], safe=safe)
    return paths


def _toml(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)
