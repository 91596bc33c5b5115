"""Ties in the three shapes surveys produce — edge list, roster matrix, free recall —
read into one table of *reported* records, then checked and turned into canonical ties.

A record keeps where it came from (``source_file``, ``source_row`` and the column to
point at), so every problem names its file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

from tramas.exceptions import InputError
from tramas.graph.model import VALUE_CHAIN_BOOLEANS, Relation
from tramas.ingest.actors import parse_bool
from tramas.ingest.columns import (
    GOVERNANCE_VALUES,
    MARKET_VALUES,
    SPEC_SETTER_VALUES,
    TIE_SYNONYMS,
    alike_columns,
    market_values,
    rename_columns,
    warn_alike_columns,
)
from tramas.ingest.matching import NameMatcher, normalize_name
from tramas.ingest.readers import (
    MAX_WEIGHT,
    TableInfo,
    normalize_header,
    read_table,
    weight_in_range,
    wrong_table_error,
)
from tramas.ingest.report import FileCounts, IngestReport, Words, add_table_notices
from tramas.ingest.review import ReviewedNames
from tramas.ingest.study import TiesSource
from tramas.locale.numbers import parse_number

__all__ = [
    "GOVERNANCE_VALUES",
    "RecallName",
    "MARKET_VALUES",
    "SPEC_SETTER_VALUES",
    "canonical_ties",
    "market_values",
    "read_ties_source",
    "resolve_names",
    "type_value_chain",
    "value_chain_evidence",
]

#: columns of the reported-records table
RECORD_COLUMNS = (
    "ego",
    "alter",
    "relation",
    "wave",
    "weight",
    "source_file",
    "source_row",
    "ego_col",
    "alter_col",
)
#: the relation of ties read from a file without a relation column, when the study names none
DEFAULT_RELATION = "tie"
_NO_TIE = {"", "0", "0.0", "no", "n", "-", "na", "n/a", "false"}
_YES_TIE = {"x", "si", "yes", "y", "s", "true", "v"}
_RELATION_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
NEW_ACTOR_PREFIX = "NEW-"
_LIMIT = f"{MAX_WEIGHT:.0e}".replace("+", "")  # 1e15
#: text columns of value-chain evidence and their spellings (markets come from the study)
_TEXT_VALUES = {"spec_setter": SPEC_SETTER_VALUES, "governance": GOVERNANCE_VALUES}


def read_ties_source(
    src: TiesSource,
    report: IngestReport,
    *,
    actors: pd.DataFrame,
    default_wave: str | None,
    new_actors: dict[str, str],
    reporters: set[str],
    reviewed: ReviewedNames | None = None,
    wave_assumed: bool = False,
    markets: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, FileCounts]:
    """Read one ties file into reported records (see :data:`RECORD_COLUMNS`, plus attributes).

    ``reporters`` collects the ids of respondents seen (roster rows and recall rows count
    even when they name nobody). ``new_actors`` collects unresolved recall names accepted
    as new external actors (id -> name). ``reviewed`` holds the decisions of a person on
    recall names (see :mod:`tramas.ingest.review`); they come before automatic matching.
    ``wave_assumed`` says that ``default_wave`` is no wave of the study but the one assumed
    when the study names none: a file without a wave column then says so in the report.

    An empty relation or wave cell in a file that has a relation or wave column rejects
    its row (see :func:`canonical_ties`), unless the study's entry of the file gives one.

    Value-chain evidence of an edge list (``market``, ``spec_setter``, ``buyer_monitors``,
    ``buyer_share``, ``ownership_link``, ``intermediary`` and a stated ``governance``) is
    checked here: an invalid value is an error naming its file, row and column, and the
    cell becomes missing (the row stays). ``markets`` maps accepted market spellings to
    labels (:func:`market_values`; the default markets when ``None``).
    """
    raw, info = read_table(src.file, sheet=src.sheet)
    name = f"{info.file} [{info.sheet}]" if src.sheet and info.sheet else info.label
    add_table_notices(report, info, file=name)
    wave = _Wave(default_wave, wave_assumed)
    if src.shape == "edgelist":
        return _edgelist(raw, info, src, name, report, wave, markets or MARKET_VALUES)
    if src.shape == "roster":
        return _roster(raw, info, src, name, report, wave, reporters)
    return _recall(raw, info, src, name, report, wave, actors, new_actors, reporters, reviewed)


class _Wave:
    """The wave of ties in a file without a wave column: the file's, or the study's one
    wave, or the wave assumed when the study names none (said once in the report)."""

    def __init__(self, default: str | None, assumed: bool) -> None:
        self.default = default
        self.assumed = assumed

    def default_for(self, src: TiesSource, name: str, report: IngestReport) -> str:
        wave = _wave_for(src, name, self.default)
        if self.assumed and src.wave is None:
            report.add(
                "warning",
                "default_wave",
                f"the file has no wave column: its ties are in wave {wave!r}",
                file=name,
                values={"wave": wave},
            )
            self.assumed = False
        return wave


def _default_relation(src: TiesSource, name: str, report: IngestReport) -> str:
    """The relation of ties in a file without a relation column (said in the report
    when the study gives none)."""
    if src.relation:
        return src.relation
    report.add(
        "warning",
        "default_relation",
        f"the file has no relation column: its ties are relation {DEFAULT_RELATION!r}",
        file=name,
        values={"relation": DEFAULT_RELATION},
    )
    return DEFAULT_RELATION


def no_wave(file: str) -> InputError:
    """The error of a ties file that says no wave in a study of several waves."""
    return InputError(
        "the file has no wave column and the study has several waves",
        file=file,
        hint='set `wave = "..."` on this [[ties]] entry of the study file',
        code="no_wave",
        values={"file": file},
    )


def _wave_for(src: TiesSource, name: str, default_wave: str | None) -> str:
    wave = src.wave or default_wave
    if wave is None:
        raise no_wave(name)
    return wave


def _edgelist(
    raw: pd.DataFrame,
    info: TableInfo,
    src: TiesSource,
    name: str,
    report: IngestReport,
    waves: _Wave,
    markets: dict[str, str],
) -> tuple[pd.DataFrame, FileCounts]:
    frame, originals = rename_columns(raw, TIE_SYNONYMS, src.columns)
    warn_alike_columns(report, name, alike_columns(raw.columns, TIE_SYNONYMS, src.columns))
    for col in ("source", "target"):
        if col not in frame.columns:
            raise wrong_table_error(info, col) or InputError(
                f"missing required column {col!r}",
                file=name,
                row=1,
                column=col,
                hint="name the columns source and target (or from/to, origen/destino, ego/alter)",
                code="missing_tie_column",
                values={"column": col},
            )
    frame = frame.map(lambda v: str(v).strip())
    frame = value_chain_evidence(
        frame, originals, np.asarray(info.rows, dtype=int), name, report, markets
    )
    counts = report.counts_for(name, "ties (edge list)")
    counts.rows = counts.records = len(frame)
    if "relation" in frame:
        relation = frame["relation"].where(frame["relation"] != "", src.relation or "")
    else:
        relation = _default_relation(src, name, report)
    if "wave" in frame:
        wave = frame["wave"].where(frame["wave"] != "", src.wave or "")
    else:
        wave = waves.default_for(src, name, report)
    rec = pd.DataFrame(
        {
            "ego": frame["source"],
            "alter": frame["target"],
            "relation": relation,
            "wave": wave,
            "weight": frame.get("weight", ""),
        }
    )
    rec["source_file"] = name
    rec["source_row"] = np.asarray(info.rows, dtype=int)
    rec["ego_col"] = originals.get("source", "source")
    rec["alter_col"] = originals.get("target", "target")
    rec["weight_col"] = originals.get("weight", "weight")
    rec["relation_col"] = originals.get("relation", "")
    rec["wave_col"] = originals.get("wave", "")
    rec["oriented"] = src.oriented
    if "reported_by" in frame:
        rec["reported_by"] = frame["reported_by"]
    for col in frame.columns:
        if col not in ("source", "target", "relation", "wave", "weight", "reported_by"):
            rec[col] = frame[col]
    return rec, counts


def value_chain_evidence(
    frame: pd.DataFrame,
    originals: dict[str, str],
    rows: np.ndarray,
    name: str,
    report: IngestReport,
    markets: dict[str, str],
) -> pd.DataFrame:
    """Value-chain evidence of an edge list, typed: labels as their keys (``""`` when
    missing), yes/no as ``True``/``False``/``None``, ``buyer_share`` as a share 0..1
    (``NaN`` when missing). An invalid cell is an error and becomes missing."""

    def bad(col: str, value: str, row: int, words: Words) -> None:
        report.invalid_value(value, col, words, file=name, row=row, column=originals.get(col, col))

    frame = frame.copy()
    for col, table in {"market": markets, **_TEXT_VALUES}.items():
        if col not in frame.columns:
            continue
        allowed = ", ".join(dict.fromkeys(table.values()))
        labels = []
        for v, r in zip(frame[col], rows, strict=True):
            key = table.get(normalize_header(v), "") if v else ""
            if v and not key:
                bad(col, v, r, Words("ingest.expected.one_of", {"allowed": allowed}))
            labels.append(key)
        frame[col] = labels
    for col in VALUE_CHAIN_BOOLEANS:
        if col not in frame.columns:
            continue
        flags = []
        for v, r in zip(frame[col], rows, strict=True):
            flag = parse_bool(v) if v else None
            if v and flag is None:
                bad(col, v, r, Words("ingest.expected.yes_no"))
            flags.append(flag)
        frame[col] = pd.Series(flags, index=frame.index, dtype=object)
    if "buyer_share" in frame.columns:
        frame["buyer_share"] = _buyer_share(frame["buyer_share"], rows, name, report, bad)
    return frame


def _buyer_share(values: pd.Series, rows: np.ndarray, name: str, report: IngestReport, bad):
    """Shares 0..1; a cell written with ``%``, or every cell of a column whose largest
    value is above 1, is a percentage (divided by 100). Beyond 0..100: invalid."""
    numbers = []
    percent = []
    for v, r in zip(values, rows, strict=True):
        if not v:
            numbers.append(np.nan)
            percent.append(False)
            continue
        text = v.rstrip().removesuffix("%")
        x = parse_number(text.strip())
        if x is None or not np.isfinite(x) or x < 0 or x > 100:
            bad("buyer_share", v, r, Words("ingest.expected.share"))
            x = np.nan
        numbers.append(np.nan if x is None else x)
        percent.append(text != v.rstrip())
    share = np.asarray(numbers, dtype=float)
    marked = np.asarray(percent, dtype=bool)
    plain = share[~marked & ~np.isnan(share)]
    if plain.size and plain.max() > 1:
        report.add(
            "warning",
            "buyer_share_percent",
            f"buyer_share read as percentages (its largest value is {plain.max():g})",
            file=name,
            values={"max": f"{plain.max():g}"},
        )
        marked = np.ones_like(marked)
    return pd.Series(np.where(marked, share / 100, share), index=values.index, dtype=float)


def type_value_chain(ties: pd.DataFrame) -> pd.DataFrame:
    """The value-chain columns of canonical ties with their types: ``market``,
    ``spec_setter`` and ``governance`` text (``""`` missing), ``buyer_monitors``,
    ``ownership_link`` and ``intermediary`` pandas ``boolean``, ``buyer_share`` float.
    Columns the ties do not have stay absent (no evidence).

    Examples
    --------
    >>> t = type_value_chain(pd.DataFrame({"buyer_monitors": [True, None], "market": ["us", None]}))
    >>> str(t["buyer_monitors"].dtype), list(t["market"])
    ('boolean', ['us', ''])
    """
    out = ties.copy()
    for col in ("market", "spec_setter", "governance"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: "" if v is None or pd.isna(v) else str(v))
            out[col] = out[col].astype(object)
    for col in VALUE_CHAIN_BOOLEANS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: pd.NA if v is None or pd.isna(v) else bool(v))
            out[col] = out[col].astype("boolean")
    if "buyer_share" in out.columns:
        out["buyer_share"] = pd.to_numeric(out["buyer_share"], errors="coerce").astype(float)
    return out


def _cell_weight(value: str) -> str | None:
    v = str(value).strip()
    norm = normalize_header(v)
    if v in _NO_TIE or norm in _NO_TIE:
        return None
    if norm in _YES_TIE:
        return "1"
    return v


def _roster(
    raw: pd.DataFrame,
    info: TableInfo,
    src: TiesSource,
    name: str,
    report: IngestReport,
    waves: _Wave,
    reporters: set[str],
) -> tuple[pd.DataFrame, FileCounts]:
    resp_col = src.respondent_column or raw.columns[0]
    if resp_col not in raw.columns:
        raise wrong_table_error(info, resp_col) or InputError(
            f"missing respondent column {resp_col!r}",
            file=name,
            row=1,
            column=resp_col,
            code="missing_respondent_column",
            values={"column": resp_col},
        )
    wave = waves.default_for(src, name, report)
    counts = report.counts_for(name, f"ties (roster: {src.relation})")
    counts.rows = len(raw)
    alters = [c for c in raw.columns if c != resp_col]
    records = []
    for i, row in enumerate(raw.itertuples(index=False, name=None)):
        values = dict(zip(raw.columns, row, strict=True))
        ego = str(values[resp_col]).strip()
        if ego:
            reporters.add(ego)
        for alter in alters:
            w = _cell_weight(values[alter])
            if w is None:
                continue
            records.append(
                (ego, str(alter).strip(), src.relation, wave, w, name, info.row(i), resp_col, alter)
            )
    counts.records = len(records)
    rec = pd.DataFrame(records, columns=list(RECORD_COLUMNS))
    rec["weight_col"] = rec["alter_col"]
    rec["relation_col"] = ""
    rec["wave_col"] = ""
    rec["oriented"] = "reported"
    return rec, counts


_NAME_COL = re.compile(r"^(?:name|nombre|alter|org|organizacion)_?(\d+)$")
_WEIGHT_COL = re.compile(r"^(?:weight|peso|frecuencia|strength|intensidad)_?(\d+)$")


def _recall(
    raw: pd.DataFrame,
    info: TableInfo,
    src: TiesSource,
    name: str,
    report: IngestReport,
    waves: _Wave,
    actors: pd.DataFrame,
    new_actors: dict[str, str],
    reporters: set[str],
    reviewed: ReviewedNames | None = None,
) -> tuple[pd.DataFrame, FileCounts]:
    norm_cols = {normalize_header(c): c for c in raw.columns}
    resp_col = src.respondent_column or next(
        (
            norm_cols[c]
            for c in ("respondent", "encuestado", "ego", "id", "source")
            if c in norm_cols
        ),
        None,
    )
    if resp_col is None or resp_col not in raw.columns:
        raise wrong_table_error(info, resp_col or "respondent") or InputError(
            "missing respondent column",
            file=name,
            row=1,
            column=resp_col or "respondent",
            hint="name it `respondent` or set respondent_column in the study file",
            code="recall_no_respondent_column",
            values={"column": resp_col or "respondent"},
        )
    rel_col = next((norm_cols[c] for c in ("relation", "relacion", "tipo") if c in norm_cols), None)
    wave_col = next((norm_cols[c] for c in ("wave", "ola", "ronda") if c in norm_cols), None)
    if src.format == "wide":
        slots: dict[str, tuple[str, str | None]] = {}
        weights = {}
        for norm, col in norm_cols.items():
            if m := _NAME_COL.match(norm):
                slots[m.group(1)] = (col, None)
            elif m := _WEIGHT_COL.match(norm):
                weights[m.group(1)] = col
        if not slots:
            raise InputError(
                "no name columns (name1, name2, ...) in a wide free-recall file",
                file=name,
                row=1,
                hint='use columns name1..nameK (and optional weight1..weightK), or format = "long"',
                code="recall_no_name_columns",
                values={"file": name},
            )
        pairs = [(slots[k][0], weights.get(k)) for k in sorted(slots, key=int)]
    else:
        name_col = next(
            (norm_cols[c] for c in ("name", "nombre", "alter", "organizacion") if c in norm_cols),
            None,
        )
        if name_col is None:
            raise wrong_table_error(info, "name") or InputError(
                "missing name column in a long free-recall file",
                file=name,
                row=1,
                column="name",
                code="recall_no_name_column",
                values={"column": "name"},
            )
        weight_col = next(
            (norm_cols[c] for c in ("weight", "peso", "frecuencia", "strength") if c in norm_cols),
            None,
        )
        pairs = [(name_col, weight_col)]
    counts = report.counts_for(name, "ties (free recall)")
    counts.rows = len(raw)
    matcher = NameMatcher(actors, threshold=src.threshold)
    items = []
    file_relation = None if rel_col else _default_relation(src, name, report)
    file_wave = None if wave_col else waves.default_for(src, name, report)
    for i, row in enumerate(raw.itertuples(index=False, name=None)):
        values = dict(zip(raw.columns, row, strict=True))
        ego = str(values[resp_col]).strip()
        if ego:
            reporters.add(ego)
        # an empty cell of a relation or wave column stays empty: its ties are rejected
        relation = file_relation or str(values[rel_col]).strip() or src.relation or ""
        wave = file_wave or str(values[wave_col]).strip() or src.wave or ""
        row_number = info.row(i)
        for ncol, wcol in pairs:
            text = str(values[ncol]).strip()
            if not text:
                continue
            weight = str(values[wcol]).strip() if wcol else ""
            items.append(
                RecallName(
                    ego, relation, wave, text, weight, row_number, resp_col, ncol, wcol or ""
                )
            )
    records, rejected = resolve_names(
        items,
        report,
        file=name,
        matcher=matcher,
        new_actors=new_actors,
        reviewed=reviewed,
        accept_unresolved=src.accept_unresolved,
    )
    rec = pd.DataFrame(records, columns=[*RECORD_COLUMNS, "weight_col"])
    rec["relation_col"] = rel_col or ""
    rec["wave_col"] = wave_col or ""
    rec["oriented"] = "reported"
    counts.records = len(rec) + rejected
    counts.rejected = rejected
    return rec, counts


class RecallName(NamedTuple):
    """A free-text name a respondent wrote, with where it stands (file row, columns)."""

    ego: str
    relation: str
    wave: str
    text: str
    weight: str
    row: int
    resp_col: str
    column: str
    weight_col: str = ""


def resolve_names(
    items: Iterable[RecallName],
    report: IngestReport,
    *,
    file: str,
    matcher: NameMatcher,
    new_actors: dict[str, str],
    reviewed: ReviewedNames | None = None,
    accept_unresolved: bool = False,
) -> tuple[list[tuple], int]:
    """Resolve free-text names to actors (a person's decisions first, then the matcher).

    Returns the records of the names resolved (the :data:`RECORD_COLUMNS` and
    ``weight_col``) and how many names were rejected; every name not loaded is a warning
    naming its file, row and column (and, when unresolved or ambiguous, a row to review).
    New actors accepted go to ``new_actors`` (id -> name).
    """
    cache: dict[str, object] = {}
    records = []
    rejected = 0
    for item in items:
        text, row_number, ncol = item.text, item.row, item.column
        match = cache.get(text) or (reviewed and reviewed.match(text)) or matcher.resolve(text)
        cache[text] = match
        if match.status in ("resolved", "reviewed"):
            report.resolved_names.append(
                {
                    "name": text,
                    "actor": match.actor_id,
                    "score": f"{match.score:.0f}",
                    "via": match.via,
                }
            )
            alter = match.actor_id
        elif match.status == "reviewed_new":
            alter = NEW_ACTOR_PREFIX + (
                re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "x"
            )
            new_actors.setdefault(alter, text)
        elif match.status == "reviewed_none":
            rejected += 1
            report.add(
                "warning",
                "reviewed_none",
                f"name {text!r} is no organisation of the study "
                f"(decided in {reviewed.where(text)}): tie not loaded",
                file=file,
                row=row_number,
                column=ncol,
                values={"name": text, "where": reviewed.where_words(text)},
            )
            continue
        elif accept_unresolved and match.status == "unresolved":
            alter = NEW_ACTOR_PREFIX + (
                re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "x"
            )
            new_actors.setdefault(alter, text)
            report.add(
                "warning",
                "new_actor",
                f"name {text!r} matched no actor: added as new external actor {alter}",
                file=file,
                row=row_number,
                column=ncol,
                values={"name": text, "actor": alter},
            )
        else:
            rejected += 1
            report.add(
                "warning",
                f"{match.status}_name",
                f"{match.status} name {text!r}"
                + (f" (candidates: {match.candidates_text()})" if match.candidates else "")
                + ": tie not loaded until reviewed (see `tramas validate --review FILE`)",
                file=file,
                row=row_number,
                column=ncol,
                values={
                    "name": text,
                    "candidates": Words(
                        "ingest.candidates", {"candidates": match.candidates_text()}
                    )
                    if match.candidates
                    else "",
                },
            )
            report.review.append(
                {
                    "file": file,
                    "row": str(row_number),
                    "column": ncol,
                    "respondent": item.ego,
                    "relation": item.relation,
                    "wave": item.wave,
                    "name": text,
                    "status": match.status,
                    "candidates": match.candidates_text(),
                }
            )
            continue
        records.append(
            (
                item.ego,
                alter,
                item.relation,
                item.wave,
                item.weight,
                file,
                row_number,
                item.resp_col,
                ncol,
                item.weight_col,
            )
        )
    return records, rejected


def canonical_ties(
    records: pd.DataFrame,
    counts_by_file: dict[str, FileCounts],
    report: IngestReport,
    *,
    actor_ids: pd.Index,
    relations: dict[str, Relation],
    declared_relations: bool,
    waves: tuple[str, ...],
) -> pd.DataFrame:
    """Check reported records and turn them into canonical ties.

    Rejects (errors): empty or unknown endpoint, empty relation or wave cell, self-loop,
    unknown relation, unknown wave, non-numeric or negative weight, weight beyond
    ±:data:`~tramas.ingest.readers.MAX_WEIGHT` (``1e400`` reads as infinity). Zero weights are rejected with a warning (no
    tie). Directed relations asked as ``alter_to_ego`` are reversed to point along the
    flow. Records with the same relation, wave, source, target and reporter are merged
    (largest weight kept; warning).

    ``relations`` is completed in place with relations found in undeclared input.
    """
    if records.empty:
        return pd.DataFrame(
            columns=["source", "target", "relation", "wave", "weight", "reported_by"]
        )
    rec = records.reset_index(drop=True).copy()
    for col in ("ego", "alter", "relation", "wave", "weight"):
        rec[col] = rec[col].fillna("").astype(str).str.strip()
    rec["relation"] = rec["relation"].map(lambda r: normalize_header(r) if r else "")
    for col in ("relation_col", "wave_col"):
        rec[col] = rec[col].fillna("") if col in rec else ""
    reason = pd.Series("", index=rec.index, dtype=object)
    column = pd.Series("", index=rec.index, dtype=object)

    def reject(mask: pd.Series, words_fn, col_series: pd.Series) -> None:
        """Reject the records of ``mask`` not rejected yet, for the reason
        ``words_fn(record)`` (a :class:`Words` of the catalogue key ``ingest.tie.*``)."""
        mask = mask & (reason == "")
        for idx in rec.index[mask]:
            reason[idx] = words_fn(rec.loc[idx])
            column[idx] = col_series[idx]

    def why(key: str, **values: object) -> Words:
        return Words(f"ingest.tie.{key}", values)

    known = set(actor_ids)
    reject(rec["ego"] == "", lambda r: why("empty_source"), rec["ego_col"])
    reject(rec["alter"] == "", lambda r: why("empty_target"), rec["alter_col"])
    reject(~rec["ego"].isin(known), lambda r: why("unknown_actor", id=r["ego"]), rec["ego_col"])
    reject(
        ~rec["alter"].isin(known), lambda r: why("unknown_actor", id=r["alter"]), rec["alter_col"]
    )
    reject(rec["relation"] == "", lambda r: why("empty_relation"), rec["relation_col"])
    reject(rec["wave"] == "", lambda r: why("empty_wave"), rec["wave_col"])
    reject(rec["ego"] == rec["alter"], lambda r: why("self_loop", id=r["ego"]), rec["alter_col"])
    if declared_relations:
        bad_rel = ~rec["relation"].isin(set(relations))
        declared = ", ".join(relations)
        reject(
            bad_rel,
            lambda r: why("unknown_relation", relation=r["relation"], declared=declared),
            rec["relation_col"],
        )
    else:
        bad_name = ~rec["relation"].map(lambda r: bool(_RELATION_RE.match(r)))
        reject(
            bad_name, lambda r: why("invalid_relation", relation=r["relation"]), rec["relation_col"]
        )
    if waves:
        study_waves = ", ".join(waves)
        reject(
            ~rec["wave"].isin(set(waves)),
            lambda r: why("unknown_wave", wave=r["wave"], waves=study_waves),
            rec["wave_col"],
        )
    parsed = rec["weight"].map(lambda w: 1.0 if w == "" else parse_number(w))
    reject(
        parsed.isna(), lambda r: why("non_numeric_weight", weight=r["weight"]), rec["weight_col"]
    )
    written = rec["weight"]
    rec["weight"] = pd.to_numeric(parsed, errors="coerce")
    reject(
        rec["weight"] < -MAX_WEIGHT,
        lambda r: why("weight_too_large", weight=written[r.name], limit=_LIMIT),
        rec["weight_col"],
    )
    reject(
        rec["weight"] < 0, lambda r: why("negative_weight", weight=r["weight"]), rec["weight_col"]
    )
    reject(
        ~rec["weight"].map(weight_in_range).astype(bool),
        lambda r: why("weight_too_large", weight=written[r.name], limit=_LIMIT),
        rec["weight_col"],
    )
    zero = (rec["weight"] == 0) & (reason == "")
    for idx in rec.index[zero]:
        r = rec.loc[idx]
        report.add(
            "warning",
            "zero_weight",
            "weight 0 means no tie: row not loaded",
            file=r["source_file"],
            row=int(r["source_row"]),
            column=rec["weight_col"][idx] or None,
            values={"weight": 0},
        )
    bad = reason != ""
    for idx in rec.index[bad]:
        r = rec.loc[idx]
        report.add(
            "error",
            "bad_tie",
            f"{reason[idx]}: rejected",
            file=r["source_file"],
            row=int(r["source_row"]),
            column=column[idx] or None,
            values={"reason": reason[idx]},
        )
    dropped = bad | zero
    for file, n in rec.loc[dropped, "source_file"].value_counts().items():
        counts_by_file[file].rejected += int(n)
    good = rec[~dropped].copy()
    for rname in good["relation"].unique():
        relations.setdefault(rname, Relation(name=rname))
    # orient along the flow
    reverse = good["relation"].map(
        lambda r: relations[r].directed and relations[r].direction == "alter_to_ego"
    ).astype(bool) & (good["oriented"] == "reported")
    good["source"] = np.where(reverse, good["alter"], good["ego"])
    good["target"] = np.where(reverse, good["ego"], good["alter"])
    reported = good["oriented"] == "reported"
    given = (
        good["reported_by"].fillna("").astype(str)
        if "reported_by" in good
        else pd.Series("", index=good.index)
    )
    good["reported_by"] = np.where(given != "", given, np.where(reported, good["ego"], ""))
    good["reported_by"] = good["reported_by"].replace("", None)
    # merge duplicates
    key = ["relation", "wave", "source", "target", "reported_by"]
    good = good.sort_values(["weight"], ascending=False, kind="stable")
    dup = good.duplicated(key, keep="first")
    dups = good[dup].sort_values(["source_file", "source_row"])
    firsts = good.loc[~dup, [*key, "source_file", "source_row"]].rename(
        columns={"source_file": "first_file", "source_row": "first_row"}
    )
    # one merge finds the kept record of every duplicate (missing reporters match too)
    pairs = dups[[*key, "ego", "alter", "source_file", "source_row"]].merge(
        firsts, on=key, how="left", validate="many_to_one"
    )
    for rel, wave, ego, alter, file, row, first_file, first_row in zip(
        pairs["relation"],
        pairs["wave"],
        pairs["ego"],
        pairs["alter"],
        pairs["source_file"],
        pairs["source_row"],
        pairs["first_file"],
        pairs["first_row"],
        strict=True,
    ):
        report.add(
            "warning",
            "duplicate_tie",
            f"duplicate {rel} tie {ego} -> {alter} in wave {wave} "
            f"merged with {first_file} row {first_row} (largest weight kept)",
            file=file,
            row=int(row),
            values={
                "relation": Words(f"relation.{rel}", default=rel),
                "source": ego,
                "target": alter,
                "wave": wave,
                "first_file": first_file,
                "first_row": str(first_row),
            },
        )
    for file, n in dups["source_file"].value_counts().items():
        counts_by_file[file].merged += int(n)
    loaded = good[~dup].sort_index()
    for file, n in loaded["source_file"].value_counts().items():
        counts_by_file[file].loaded += int(n)
    drop = [
        "ego",
        "alter",
        "ego_col",
        "alter_col",
        "weight_col",
        "relation_col",
        "wave_col",
        "oriented",
    ]
    out = loaded.drop(columns=[c for c in drop if c in loaded.columns]).reset_index(drop=True)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].replace("", None)
    front = ["source", "target", "relation", "wave", "weight", "reported_by"]
    return type_value_chain(out[front + [c for c in out.columns if c not in front]])
