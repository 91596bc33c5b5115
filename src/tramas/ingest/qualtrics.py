"""Qualtrics CSV exports into reported ties.

A Qualtrics export has three header rows: the export tags (``Q3_2``), the question
texts (``¿A quién vende? - Bodega Sur``) and the ``{"ImportId": ...}`` row; older exports
lack the third. Data start below them (spreadsheet row 4). A roster question is a matrix
or a multiple-choice question exported with "split multi-value fields into columns":
one column ``<tag>_<n>`` per organisation, the organisation named by the question text
after its last `` - `` (an id or an actor's name), the cell a strength (a number) or the
choice selected (its text or ``1``). A text-entry column (``<tag>_<n>_TEXT``, the "other,
please specify" box, or a question ``<tag>_other``) holds free-recall names, one per line
or separated by ``;``. The roster question of a relation is the one tagged like the
relation (``[[ties]] questions`` renames); the respondent is the column ``respondent``
(an embedded-data field; ``respondent_column`` renames). Preview responses
(``Status`` = ``Survey Preview``) are left out, said in the report.
"""

from __future__ import annotations

import re

from tramas.ingest.readers import normalize_header, read_table
from tramas.ingest.report import IngestReport, add_table_notices
from tramas.ingest.study import TiesSource
from tramas.ingest.survey_common import (
    ActorLookup,
    SurveyContext,
    ToolRead,
    no_respondent,
    no_roster,
    record_frame,
    resolve_recalled,
    split_names,
)
from tramas.ingest.ties import RecallName, no_wave

__all__ = ["read_qualtrics"]

_NO = {"", "0", "no", "n", "false", "-", "na", "n/a"}


def read_qualtrics(
    src: TiesSource,
    report: IngestReport,
    ctx: SurveyContext,
) -> ToolRead:
    """Read a Qualtrics CSV export (see the module's text)."""
    actors, relations, wave = ctx.actors, ctx.relations, ctx.wave
    reporters = ctx.reporters
    raw, info = read_table(src.file, sheet=src.sheet)
    name = info.label
    add_table_notices(report, info, file=name)
    cols = list(raw.columns)
    first = [str(v) for v in raw.iloc[0]] if len(raw) else []
    second = [str(v) for v in raw.iloc[1]] if len(raw) > 1 else []
    skip = 2 if any(v.startswith('{"ImportId"') for v in second) else 1
    texts = dict(zip(cols, first, strict=True)) if first else {}
    lookup = ActorLookup(actors, threshold=src.threshold)
    norm = {normalize_header(c): c for c in cols}
    resp_col = src.respondent_column or norm.get("respondent") or norm.get("encuestado")
    if resp_col is None or resp_col not in cols:
        column = src.respondent_column or "respondent"
        raise no_respondent(name, column)
    wave_col = norm.get("wave") or norm.get("ola")
    if wave_col is None and wave is None:
        raise no_wave(name)
    asked = {r: _columns(src.questions.get(r, r), cols) for r in relations}
    asked = {r: q for r, q in asked.items() if q[0] or q[1]}
    if not asked:
        looked = ", ".join(src.questions.get(r, r) for r in relations) or "—"
        raise no_roster(name, looked)
    counts = report.counts_for(name, "qualtrics")
    counts.rows = len(raw) - skip
    status = norm.get("status")
    records: list[tuple] = []
    names: list[RecallName] = []
    for i in range(skip, len(raw)):
        row = raw.iloc[i]
        row_number = info.row(i)
        if status and normalize_header(row[status]) in ("surveypreview", "1"):
            report.add("warning", "qualtrics_preview", file=name, row=row_number, column=status)
            continue
        token = row[resp_col].strip()
        ego = (lookup(token) or token) if token else ""
        if ego:
            reporters.add(ego)
        row_wave = (row[wave_col].strip() if wave_col else "") or wave or ""
        for relation, (choices, free) in asked.items():
            for col in choices:
                cell = row[col].strip()
                if normalize_header(cell) in _NO:
                    continue
                weight = cell if _number(cell) else ""
                label = texts.get(col, "").rsplit(" - ", 1)[-1].strip() or col
                alter = lookup(label) or label
                records.append(
                    (ego, alter, relation, row_wave, weight, name, row_number, resp_col, col, col)
                )
            for col in free:
                names += [
                    RecallName(ego, relation, row_wave, t, "", row_number, resp_col, col)
                    for t in split_names(row[col])
                ]
    found, rejected = resolve_recalled(
        names,
        report,
        file=name,
        lookup=lookup,
        ctx=ctx,
        accept_unresolved=src.accept_unresolved,
    )
    records += found
    counts.records = len(records) + rejected
    counts.rejected = rejected
    return ToolRead(record_frame(records), [counts])


def _columns(tag: str, cols: list[str]) -> tuple[list[str], list[str]]:
    """The choice columns and the text-entry columns of the question tagged ``tag`` (a
    choice with a text box is the "other" choice: its text counts, not its tick)."""
    choice = re.compile(rf"^{re.escape(tag)}_(\d+)$")
    text = re.compile(rf"^{re.escape(tag)}(?:_\d+)?_TEXT$|^{re.escape(tag)}_other$")
    free = [c for c in cols if text.match(c)]
    boxed = {c.removesuffix("_TEXT") for c in free}
    return [c for c in cols if choice.match(c) and c not in boxed], free


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
