"""KoboToolbox / ODK exports (XLSX or CSV) into reported ties.

The export of a form made by ``tramas form`` (or any form built the same way) reads with
no mapping: one ``select_multiple`` roster question per relation, named like the
relation (``[[ties]] questions`` renames), exported as one-hot columns
``group/question/CODE`` or as one column of space-separated codes; an ``<question>_other``
text for names not on the list (free recall: one name per line or separated by ``;``);
the repeat group ``<question>_ties`` on its own sheet (joined to its submission by
``_parent_index`` = ``_index``, or ``_submission__uuid`` = ``_uuid``) with the partner
``<question>_partner``, the strength ``<question>_weight`` and, for trade ties, the
value-chain evidence; the respondent's own organisation in ``respondent``; the answers
on upgrading (``upgrading_process``... and ``functions``).

Choice codes, ids and choice labels all map to actor ids
(:class:`~tramas.ingest.survey_common.ActorLookup`). Headers must be the form's XML
names ("XML values and headers" in KoboToolbox's export settings); groups in headers are
ignored. A respondent who submitted the form twice for a wave keeps the latest
submission (``_submission_time``); the ties of the earlier one are rejected, said in the
report.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tramas.graph.model import VALUE_CHAIN_BOOLEANS, VALUE_CHAIN_COLUMNS
from tramas.ingest.actors import UPGRADING_SCORES, parse_functions, parse_upgrading
from tramas.ingest.readers import TableInfo, normalize_header, read_table
from tramas.ingest.report import IngestReport, Words, add_table_notices
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
from tramas.ingest.ties import RecallName, no_wave, value_chain_evidence

__all__ = ["EVIDENCE", "read_kobo"]

#: value-chain evidence a repeat group may hold (the tie attributes of trade ties)
EVIDENCE = (*VALUE_CHAIN_COLUMNS, "governance")
_SELECTED = {"1", "1.0", "true", "yes", "si", "x", "verdadero"}
_RELATION_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _last(col: str) -> str:
    return str(col).split("/")[-1]


def read_kobo(
    src: TiesSource,
    report: IngestReport,
    ctx: SurveyContext,
) -> ToolRead:
    """Read a KoboToolbox/ODK export (see the module's text). ``relations`` are the
    study's relations (none: the roster questions are found by their choices, which must
    be actors); ``wave`` is the wave of a file without a ``wave`` question."""
    actors, relations, wave = ctx.actors, ctx.relations, ctx.wave
    reporters, markets = ctx.reporters, ctx.markets
    raw, info = read_table(src.file, sheet=src.sheet)
    name = info.label
    add_table_notices(report, info, file=name)
    lookup = ActorLookup(actors, threshold=src.threshold)
    cols = list(raw.columns)
    resp_col = _respondent_column(src, cols, name)
    questions = _questions(src, cols, relations, lookup)
    if not questions:
        asked = ", ".join(src.questions.get(r, r) for r in relations) or "—"
        raise no_roster(name, asked)
    wave_col = next((c for c in cols if _last(c) == "wave"), None)
    if wave_col is None and wave is None:
        raise no_wave(name)
    counts = report.counts_for(name, "kobo")
    counts.rows = len(raw)
    index_col = next((c for c in cols if c == "_index"), None)
    uuid_col = next((c for c in cols if c == "_uuid"), None)
    time_col = next((c for c in cols if c == "_submission_time"), None)

    egos: list[str] = []
    waves: list[str] = []
    for _, row in raw.iterrows():
        token = row[resp_col].strip()
        egos.append((lookup(token) or token) if token else "")
        waves.append((row[wave_col].strip() if wave_col else "") or wave or "")
    superseded = _earlier_submissions(raw, egos, waves, time_col, uuid_col, info, name, report)

    records: list[tuple] = []
    ties_at: dict[tuple[str, str, str], int] = {}
    names: list[RecallName] = []
    rejected = 0
    for i, (_, row) in enumerate(raw.iterrows()):
        ego, row_wave, row_number = egos[i], waves[i], info.row(i)
        if ego:
            reporters.add(ego)
        keys = {row[index_col].strip() if index_col else str(i + 1)}
        if uuid_col and row[uuid_col].strip():
            keys.add("uuid:" + row[uuid_col].strip())
        for relation, q in questions.items():
            for token, column in _selected(row, q):
                if i in superseded:
                    rejected += 1
                    continue
                alter = lookup(token) or token
                for key in keys:
                    ties_at[(key, relation, alter)] = len(records)
                records.append(
                    (ego, alter, relation, row_wave, "", name, row_number, resp_col, column, "")
                )
            other = q.other
            if other and row[other].strip():
                texts = split_names(row[other])
                if i in superseded:
                    rejected += len(texts)
                    continue
                names += [
                    RecallName(ego, relation, row_wave, t, "", row_number, resp_col, other)
                    for t in texts
                ]
    found, refused = resolve_recalled(
        names,
        report,
        file=name,
        lookup=lookup,
        ctx=ctx,
        accept_unresolved=src.accept_unresolved,
    )
    records += found
    rejected += refused
    extra: dict[str, list] = {}
    for sheet in info.sheets:
        if sheet == info.sheet:
            continue
        _repeat(src, sheet, questions, lookup, ties_at, records, extra, report, markets)
    rec = record_frame(records, {k: v + [None] * (len(records) - len(v)) for k, v in extra.items()})
    counts.records = len(rec) + rejected
    counts.rejected = rejected
    upgrading = _upgrading(raw, info, egos, waves, superseded, name, report)
    return ToolRead(rec, [counts], upgrading)


class _Question(str):
    """A roster question: its name, its one-hot columns (code, column), its column of
    space-separated codes, and its ``_other`` text column."""

    onehot: list[tuple[str, str]]
    combined: str | None
    other: str | None


def _question(q: str, cols: list[str]) -> _Question | None:
    out = _Question(q)
    out.onehot = [
        (parts[-1], c) for c in cols if len(parts := str(c).split("/")) >= 2 and parts[-2] == q
    ]
    out.combined = next((c for c in cols if _last(c) == q), None)
    out.other = next((c for c in cols if _last(c) == f"{q}_other"), None)
    return out if out.onehot or out.combined or out.other else None


def _questions(
    src: TiesSource, cols: list[str], relations: list[str], lookup: ActorLookup
) -> dict[str, _Question]:
    """The roster question of each relation the export holds. Without declared
    relations: every select_multiple question (one-hot columns) whose choices are
    mostly actors, named like a relation."""
    out = {}
    if relations:
        for relation in relations:
            q = _question(src.questions.get(relation, relation), cols)
            if q is not None:
                out[relation] = q
        return out
    groups: dict[str, list[str]] = {}
    for c in cols:
        parts = str(c).split("/")
        if len(parts) >= 2:
            groups.setdefault(parts[-2], []).append(parts[-1])
    for q, codes in groups.items():
        known = sum(lookup(code) is not None for code in codes)
        if _RELATION_RE.match(q) and known * 2 > len(codes):
            out[q] = _question(q, cols)
    return out


def _respondent_column(src: TiesSource, cols: list[str], name: str) -> str:
    if src.respondent_column:
        if src.respondent_column in cols:
            return src.respondent_column
        found = next((c for c in cols if _last(c) == src.respondent_column), None)
    else:
        lasts = {normalize_header(_last(c)): c for c in reversed(cols) if not c.startswith("_")}
        found = next(
            (lasts[k] for k in ("respondent", "encuestado", "ego", "id") if k in lasts), None
        )
    if found is None:
        column = src.respondent_column or "respondent"
        raise no_respondent(name, column)
    return found


def _selected(row: pd.Series, q: _Question) -> list[tuple[str, str]]:
    """The choices a row selected in question ``q``: (choice, column)."""
    if q.onehot:
        return [
            (code, col)
            for code, col in q.onehot
            if normalize_header(row[col]) in _SELECTED or _positive(row[col])
        ]
    if q.combined:
        return [(token, q.combined) for token in row[q.combined].split()]
    return []


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def _earlier_submissions(
    raw: pd.DataFrame,
    egos: list[str],
    waves: list[str],
    time_col: str | None,
    uuid_col: str | None,
    info: TableInfo,
    name: str,
    report: IngestReport,
) -> set[int]:
    """Rows superseded by a later submission of the same respondent and wave (by
    ``_submission_time``, else the later row): their ties are rejected."""
    latest: dict[tuple[str, str], int] = {}
    out: set[int] = set()
    for i, key in enumerate(zip(egos, waves, strict=True)):
        if not key[0]:
            continue
        j = latest.get(key)
        if j is None:
            latest[key] = i
            continue
        when = raw[time_col] if time_col else None
        newer = i if when is None or str(when.iloc[i]) >= str(when.iloc[j]) else j
        older = j if newer == i else i
        latest[key] = newer
        out.add(older)
        report.add(
            "warning",
            "kobo_earlier_submission",
            file=name,
            row=info.row(older),
            column=uuid_col,
            values={
                "respondent": key[0],
                "wave": key[1],
                "row": str(info.row(newer)),
            },
        )
    return out


def _repeat(
    src: TiesSource,
    sheet: str,
    questions: dict[str, _Question],
    lookup: ActorLookup,
    ties_at: dict[tuple[str, str, str], int],
    records: list[tuple],
    extra: dict[str, list],
    report: IngestReport,
    markets: dict[str, str],
) -> None:
    """One repeat-group sheet: each row gives the strength (and evidence) of one tie of
    its submission; a row whose tie the submission does not hold is rejected."""
    frame, info = read_table(src.file, sheet=sheet)
    cols = list(frame.columns)
    if "_parent_index" not in cols and "_submission__uuid" not in cols:
        return  # not a repeat group
    label = info.label
    counts = report.counts_for(label, "kobo_repeat")
    counts.rows = counts.records = len(frame)
    found = next(
        (
            (relation, c)
            for relation, q in questions.items()
            for c in cols
            if _last(c) == f"{q}_partner"
        ),
        None,
    )
    if found is None:
        counts.rejected = len(frame)
        report.add(
            "warning",
            "kobo_repeat_unknown",
            file=label,
            row=1,
            values={"n": len(frame)},
        )
        return
    relation, partner_col = found
    q = questions[relation]
    weight_col = next((c for c in cols if _last(c) == f"{q}_weight"), None)
    evidence = {_last(c): c for c in cols if _last(c) in EVIDENCE}
    rows = np.asarray(info.rows, dtype=int)
    given = pd.DataFrame({k: frame[c].str.strip() for k, c in evidence.items()}, index=frame.index)
    if "buyer_share" in given:  # the form asks for a percentage
        share = given["buyer_share"]
        given["buyer_share"] = share.where(
            share.isin(["", "n/a"]) | share.str.endswith("%"), share + "%"
        )
    typed = value_chain_evidence(
        given,
        evidence,
        rows,
        label,
        report,
        markets,
    )
    for i in range(len(frame)):
        row = frame.iloc[i]
        parent = row["_parent_index"].strip() if "_parent_index" in cols else ""
        token = row[partner_col].strip()
        alter = lookup(token) or token
        at = ties_at.get((parent, relation, alter))
        if at is None and "_submission__uuid" in cols:
            at = ties_at.get(("uuid:" + row["_submission__uuid"].strip(), relation, alter))
        if at is None:
            counts.rejected += 1
            report.add(
                "warning",
                "kobo_repeat_orphan",
                file=label,
                row=int(rows[i]),
                column=partner_col,
                values={"partner": token, "index": parent},
            )
            continue
        counts.merged += 1
        if weight_col is not None:
            r = records[at]
            records[at] = (*r[:4], row[weight_col].strip(), *r[5:9], weight_col)
        for key in evidence:
            values = extra.setdefault(key, [])
            values += [None] * (at + 1 - len(values))
            value = typed[key].iloc[i]
            values[at] = (
                None if value is None or (isinstance(value, float) and np.isnan(value)) else value
            )
    for key in VALUE_CHAIN_BOOLEANS:
        if key in extra:
            extra[key] = [v if v is None else bool(v) for v in extra[key]]


def _upgrading(
    raw: pd.DataFrame,
    info: TableInfo,
    egos: list[str],
    waves: list[str],
    superseded: set[int],
    name: str,
    report: IngestReport,
) -> pd.DataFrame:
    """The upgrading answers of the submissions (one row per respondent and wave)."""
    cols = list(raw.columns)
    scores = {s: next((c for c in cols if _last(c) == s), None) for s in UPGRADING_SCORES}
    scores = {k: c for k, c in scores.items() if c is not None}
    functions = next((c for c in cols if _last(c) == "functions"), None)
    onehot = [(str(c).split("/")[-1], c) for c in cols if str(c).split("/")[-2:-1] == ["functions"]]
    if not scores and functions is None and not onehot:
        return pd.DataFrame()
    out = []
    for i in range(len(raw)):
        if i in superseded or not egos[i]:
            continue
        row = raw.iloc[i]
        entry: dict[str, object] = {"id": egos[i], "wave": waves[i]}
        for key, col in scores.items():
            text = row[col].strip()
            value = parse_upgrading(text) if text else None
            if text and value is None:
                report.invalid_value(
                    text,
                    key,
                    Words("ingest.expected.non_negative"),
                    file=name,
                    row=info.row(i),
                    column=col,
                )
            entry[key] = np.nan if value is None else value
        if onehot:
            chosen = [code for code, col in onehot if normalize_header(row[col]) in _SELECTED]
            entry["functions"] = parse_functions(";".join(chosen))
        elif functions is not None:
            entry["functions"] = parse_functions(";".join(row[functions].split()))
        answered = [v for k, v in entry.items() if k not in ("id", "wave")]
        if any(
            v not in ("", None) and not (isinstance(v, float) and np.isnan(v)) for v in answered
        ):
            out.append(entry)
    return pd.DataFrame(out)
