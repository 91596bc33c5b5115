"""Network Canvas CSV exports (Interviewer, Fresco) into reported ties.

A CSV export is a folder of files per interview (or merged): ``…_ego.csv`` (one row per
ego: ``networkCanvasEgoUUID``, ``networkCanvasCaseID`` and the ego's attributes),
``…_attributeList_<NodeType>.csv`` (one row per alter: ``networkCanvasEgoUUID``,
``networkCanvasUUID``, ``nodeID`` and the node's attributes) and
``…_edgeList_<EdgeType>.csv`` (one row per edge between two alters: ``from``/``to``,
``networkCanvasSourceUUID``/``networkCanvasTargetUUID`` and the edge's attributes). The
study's ``[[ties]] file`` is the folder or any file in it; every export file in the
folder is read.

The ego is the respondent: its ``respondent`` attribute (``respondent_column``
renames), else ``actor_id``/``id``, else the case id the interviewer typed. An alter is
an actor by its ``actor_id``/``id`` attribute (a roster name generator), else by its
``name`` (free recall, resolved like every free-recall name). An alter is tied to the
ego in a relation when its node type is named like the relation, or when its attribute
named like the relation is true (or a number: the strength); ``[[ties]] questions``
renames. An edge of the type named like a relation is a tie between two alters, as the
ego reports it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError
from tramas.ingest.readers import normalize_header, read_table
from tramas.ingest.report import FileCounts, IngestReport, add_table_notices
from tramas.ingest.study import TiesSource
from tramas.ingest.survey_common import (
    ActorLookup,
    SurveyContext,
    ToolRead,
    no_respondent,
    record_frame,
    resolve_recalled,
)
from tramas.ingest.ties import RecallName, no_wave

__all__ = ["read_network_canvas"]

_TRUE = {"true", "1", "yes", "si", "x"}
_ID_ATTRS = ("actor_id", "actorid", "id", "codigo")


def read_network_canvas(
    src: TiesSource,
    report: IngestReport,
    ctx: SurveyContext,
) -> ToolRead:
    """Read a Network Canvas CSV export folder (see the module's text)."""
    actors, relations, wave = ctx.actors, ctx.relations, ctx.wave
    reporters = ctx.reporters
    folder = Path(src.file) if Path(src.file).is_dir() else Path(src.file).parent
    files = sorted(folder.glob("*.csv"))
    egos = [f for f in files if f.stem.endswith("_ego") or f.stem == "ego"]
    nodes = [f for f in files if "attributeList" in f.name]
    edges = [f for f in files if "edgeList" in f.name]
    if not egos or not (nodes or edges):
        raise InputError(
            "no Network Canvas CSV export (…_ego.csv with …_attributeList_… or …_edgeList_… "
            "files) in the folder",
            file=str(folder),
            hint="export the interviews as CSV from Interviewer or Fresco and point the "
            "[[ties]] entry at the folder of the files",
            code="nc_no_export",
            values={"folder": str(folder)},
        )
    if wave is None:
        raise no_wave(str(folder))
    lookup = ActorLookup(actors, threshold=src.threshold)
    counts: list[FileCounts] = []
    respondent: dict[str, str] = {}
    for path in egos:
        frame, info = read_table(path)
        add_table_notices(report, info)
        c = report.counts_for(info.label, "network_canvas_ego")
        c.rows = len(frame)
        counts.append(c)
        col = _ego_column(src, list(frame.columns), info.label)
        for i in range(len(frame)):
            token = frame[col].iloc[i].strip()
            ego = (lookup(token) or token) if token else ""
            respondent[frame["networkCanvasEgoUUID"].iloc[i].strip()] = ego
            if ego:
                reporters.add(ego)
    questions = {src.questions.get(r, r): r for r in relations}
    frames = []
    node_actor: dict[tuple[str, str], str] = {}
    for path in nodes:
        rec, c = _nodes(path, src, questions, respondent, lookup, node_actor, wave, report)
        rec, c = _resolve(rec, c, lookup, ctx, src, report)
        frames.append(rec)
        counts.append(c)
    for path in edges:
        rec, c = _edges(path, src, questions, respondent, node_actor, wave, report)
        frames.append(rec)
        counts.append(c)
    frames = [f for f in frames if len(f)]
    records = pd.concat(frames, ignore_index=True) if frames else record_frame([])
    return ToolRead(records, counts)


def _ego_column(src: TiesSource, cols: list[str], file: str) -> str:
    if src.respondent_column:
        if src.respondent_column not in cols:
            raise no_respondent(file, src.respondent_column)
        return src.respondent_column
    norm = {normalize_header(c): c for c in cols}
    for key in ("respondent", "encuestado", *_ID_ATTRS, "networkcanvascaseid"):
        if key in norm:
            return norm[key]
    raise no_respondent(file, "respondent")


def _type_of(path: Path, marker: str) -> str:
    return re.sub(r"\.csv$", "", path.name).split(f"{marker}_", 1)[-1]


def _nodes(
    path: Path,
    src: TiesSource,
    questions: dict[str, str],
    respondent: dict[str, str],
    lookup: ActorLookup,
    node_actor: dict[tuple[str, str], str],
    wave: str,
    report: IngestReport,
) -> tuple[list, FileCounts]:
    """Ties ego -> alter of one node file: (records with an actor, names to resolve)."""
    frame, info = read_table(path)
    name = info.label
    add_table_notices(report, info)
    counts = report.counts_for(name, "network_canvas_nodes")
    counts.rows = len(frame)
    cols = list(frame.columns)
    norm = {normalize_header(c): c for c in cols}
    id_col = next((norm[k] for k in _ID_ATTRS if k in norm), None)
    name_col = norm.get("name") or norm.get("nombre")
    node_type = _type_of(path, "attributeList")
    flagged = {q: r for q, r in questions.items() if q in cols}
    whole = questions.get(node_type)
    records: list[tuple] = []
    names: list[RecallName] = []
    for i in range(len(frame)):
        row = frame.iloc[i]
        ego = respondent.get(row.get("networkCanvasEgoUUID", "").strip(), "")
        row_number = info.row(i)
        token = row[id_col].strip() if id_col else ""
        text = row[name_col].strip() if name_col else ""
        alter = (lookup(token) or token) if token else (lookup(text) if text else None)
        if alter:
            node_actor[(row.get("networkCanvasEgoUUID", ""), row.get("networkCanvasUUID", ""))] = (
                alter
            )
        ties = [(whole, "", "")] if whole else []
        for q, relation in flagged.items():
            cell = row[q].strip()
            if normalize_header(cell) in _TRUE:
                ties.append((relation, "", q))
            elif _positive(cell):
                ties.append((relation, cell, q))
        if not ties:
            report.add(
                "warning",
                "nc_node_no_relation",
                file=name,
                row=row_number,
                values={"name": text or token, "type": node_type},
            )
        for relation, weight, column in ties:
            if token or not text:
                records.append(
                    (
                        ego,
                        alter or token,
                        relation,
                        wave,
                        weight,
                        name,
                        row_number,
                        "networkCanvasEgoUUID",
                        id_col or name_col or column or "networkCanvasUUID",
                        column,
                    )
                )
            else:
                names.append(
                    RecallName(
                        ego,
                        relation,
                        wave,
                        text,
                        weight,
                        row_number,
                        "networkCanvasEgoUUID",
                        name_col,
                        column,
                    )
                )
    return [records, names], counts


def _resolve(
    parts: list,
    counts: FileCounts,
    lookup: ActorLookup,
    ctx: SurveyContext,
    src: TiesSource,
    report: IngestReport,
) -> tuple[pd.DataFrame, FileCounts]:
    records, names = parts
    found, rejected = resolve_recalled(
        names,
        report,
        file=counts.file,
        lookup=lookup,
        ctx=ctx,
        accept_unresolved=src.accept_unresolved,
    )
    counts.records = len(records) + len(found) + rejected
    counts.rejected = rejected
    return record_frame(records + found), counts


def _edges(
    path: Path,
    src: TiesSource,
    questions: dict[str, str],
    respondent: dict[str, str],
    node_actor: dict[tuple[str, str], str],
    wave: str,
    report: IngestReport,
) -> tuple[pd.DataFrame, FileCounts]:
    """Ties between two alters of one edge file, as their ego reports them."""
    frame, info = read_table(path)
    name = info.label
    add_table_notices(report, info)
    counts = report.counts_for(name, "network_canvas_edges")
    counts.rows = counts.records = len(frame)
    edge_type = _type_of(path, "edgeList")
    relation = questions.get(edge_type)
    if relation is None:
        counts.rejected = len(frame)
        report.add(
            "warning",
            "nc_edge_type",
            file=name,
            row=1,
            values={"type": edge_type, "n": len(frame)},
        )
        return record_frame([]), counts
    cols = list(frame.columns)
    norm = {normalize_header(c): c for c in cols}
    weight_col = norm.get("weight") or norm.get("strength") or norm.get("peso")
    records, reporters = [], []
    for i in range(len(frame)):
        row = frame.iloc[i]
        ego_uuid = row.get("networkCanvasEgoUUID", "")
        ends = [
            node_actor.get((ego_uuid, row.get(c, "")), "")
            for c in ("networkCanvasSourceUUID", "networkCanvasTargetUUID")
        ]
        records.append(
            (
                ends[0],
                ends[1],
                relation,
                wave,
                row[weight_col].strip() if weight_col else "",
                name,
                info.row(i),
                "networkCanvasSourceUUID",
                "networkCanvasTargetUUID",
                weight_col or "",
            )
        )
        reporters.append(respondent.get(ego_uuid.strip(), "") or None)
    rec = record_frame(records, {"oriented": ["flow"] * len(records), "reported_by": reporters})
    return rec, counts


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False
