"""The review loop of free-recall names: the file tramas writes, a person fills, tramas reads.

``tramas validate --review FILE`` writes every name that did not resolve to exactly one
actor, one row per occurrence, with its candidates and an empty ``decision`` column. A
person writes in ``decision`` an actor id, ``new`` (a new external actor) or ``none``
(not an organisation of the study), and the study file points at the filled file::

    [recall]
    reviewed = "nombres-revisados.csv"

On the next run every command resolves those names as decided. A decision holds for
every occurrence of the name (compared after :func:`~tramas.ingest.matching.normalize_name`),
so one filled row per name is enough.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError
from tramas.ingest.matching import Match, normalize_name
from tramas.ingest.readers import normalize_header, read_table
from tramas.ingest.report import FileCounts, IngestReport, Words, add_table_notices
from tramas.locale import t
from tramas.output import write_csv

__all__ = [
    "DECISION_NEW",
    "DECISION_NONE",
    "REVIEW_COLUMNS",
    "ReviewedNames",
    "read_reviewed",
    "review_message",
    "write_review",
]

#: columns of the review file, as written and as read back (``name`` and ``decision``
#: are the ones read; the others say where the name was found)
REVIEW_COLUMNS = (
    "file",
    "row",
    "column",
    "respondent",
    "relation",
    "wave",
    "name",
    "status",
    "candidates",
    "decision",
)
#: decisions that make a name a new external actor
DECISION_NEW = frozenset({"new", "nuevo", "nueva", "new external actor", "nuevo actor externo"})
#: decisions that make a name no organisation of the study (its tie is not loaded)
DECISION_NONE = frozenset({"none", "ninguno", "ninguna", "ignore", "ignorar", "descartar"})
_NAME_HEADERS = ("name", "nombre")
_DECISION_HEADERS = ("decision", "actor_id", "actor", "id", "decision_actor")


@dataclass
class _Decision:
    value: str  # an actor id, "new" or "none"
    name: str
    file: str
    row: int
    column: str
    rows: list[int] = field(default_factory=list)  # every row giving this decision


@dataclass
class ReviewedNames:
    """Decisions read from reviewed files, and which of them the input used."""

    decisions: dict[str, _Decision] = field(default_factory=dict)
    counts: dict[str, FileCounts] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    #: rows per file and name key, to account for them once the input is read
    _rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def match(self, name: str) -> Match | None:
        """The decision for ``name`` as a :class:`Match`, or ``None`` if undecided."""
        key = normalize_name(name)
        decision = self.decisions.get(key)
        if decision is None:
            return None
        self.used.add(key)
        if decision.value == "new":
            return Match(name, "reviewed_new", None, 100.0, via="review")
        if decision.value == "none":
            return Match(name, "reviewed_none", None, 100.0, via="review")
        return Match(name, "reviewed", decision.value, 100.0, via="review")

    def where(self, name: str) -> str:
        """``'FILE row N'``: where the decision for ``name`` was taken."""
        d = self.decisions[normalize_name(name)]
        return f"{d.file} row {d.row}"

    def where_words(self, name: str) -> Words:
        """:meth:`where` in the language of the text showing it."""
        d = self.decisions[normalize_name(name)]
        return Words("ingest.file_row", {"file": d.file, "row": str(d.row)})

    def finish(self, report: IngestReport) -> None:
        """Account for every reviewed row once all free-recall files are read.

        Rows whose decision was used are loaded (the first) or merged (the same name
        again); decisions for names no longer in the input are warnings.
        """
        for file, by_key in self._rows.items():
            counts = self.counts[file]
            for key, rows in by_key.items():
                decision = self.decisions.get(key)
                if decision is None or decision.file != file:
                    continue  # already counted as rejected when read
                if key in self.used:
                    counts.loaded += 1
                    counts.merged += len(rows) - 1
                    continue
                counts.rejected += len(rows)
                report.add(
                    "warning",
                    "review_unused",
                    f"decision {decision.value!r} for {decision.name!r}, a name no "
                    "free-recall file holds any more: not used",
                    file=file,
                    row=decision.row,
                    column=decision.column,
                    values={"decision": decision.value, "name": decision.name},
                )


def read_reviewed(
    paths: tuple[Path, ...] | list[Path], report: IngestReport, *, actor_ids: pd.Index
) -> ReviewedNames:
    """Read filled review files; problems go to ``report`` with file, row and column.

    A decision naming an unknown actor id, or two different decisions for one name, are
    errors (the name stays undecided). Rows without a decision stay to be reviewed.
    """
    reviewed = ReviewedNames()
    ids = {str(i) for i in actor_ids}
    for path in paths:
        try:
            raw, info = read_table(path)
        except InputError as exc:
            report.add_input_error(exc)
            continue
        file = info.label
        add_table_notices(report, info)
        cols = {normalize_header(c): c for c in raw.columns}
        name_col = next((cols[h] for h in _NAME_HEADERS if h in cols), None)
        dec_col = next((cols[h] for h in _DECISION_HEADERS if h in cols), None)
        if name_col is None or dec_col is None:
            missing = "name" if name_col is None else "decision"
            report.add(
                "error",
                "file",
                f"missing column {missing!r} in a reviewed names file "
                "(write it with `tramas validate --review FILE`)",
                file=file,
                row=1,
                column=missing,
                values={"error": Words("error.review_missing_column", {"column": missing})},
            )
            continue
        counts = reviewed.counts[file] = FileCounts(file=file, what="reviewed names")
        report.files.append(counts)
        counts.rows = counts.records = len(raw)
        by_key = reviewed._rows.setdefault(file, {})
        pending = []
        for i, (text, value) in enumerate(zip(raw[name_col], raw[dec_col], strict=True)):
            row = info.row(i)
            text, value = str(text).strip(), str(value).strip()
            key = normalize_name(text) if text else ""
            if not key:
                counts.rejected += 1
                if value:
                    report.add(
                        "error",
                        "review_no_name",
                        f"decision {value!r} without a name: row not used",
                        file=file,
                        row=row,
                        column=name_col,
                        values={"decision": value},
                    )
                continue
            if not value:
                pending.append((key, row))
                continue
            word = value.lower()
            decided = "new" if word in DECISION_NEW else "none" if word in DECISION_NONE else value
            if decided not in ("new", "none") and decided not in ids:
                counts.rejected += 1
                report.add(
                    "error",
                    "review_unknown_actor",
                    f"decision {value!r} for {text!r} is no actor id "
                    f"(write an id of the actors table, 'new' or 'none')",
                    file=file,
                    row=row,
                    column=dec_col,
                    values={"decision": value, "name": text},
                )
                continue
            earlier = reviewed.decisions.get(key)
            if earlier is not None and earlier.value != decided:
                counts.rejected += 1
                report.add(
                    "error",
                    "review_conflict",
                    f"decision {value!r} for {text!r} contradicts {earlier.value!r} "
                    f"({earlier.file} row {earlier.row}): the name stays undecided",
                    file=file,
                    row=row,
                    column=dec_col,
                    values={
                        "decision": value,
                        "name": text,
                        "earlier": earlier.value,
                        "where": Words(
                            "ingest.file_row", {"file": earlier.file, "row": str(earlier.row)}
                        ),
                    },
                )
                earlier.value = ""  # neither decision holds
                continue
            if earlier is not None and earlier.file == file:
                by_key[key].append(row)
                continue
            if earlier is not None:  # the same decision again, in another reviewed file
                counts.merged += 1
                continue
            reviewed.decisions[key] = _Decision(decided, text, file, row, dec_col)
            by_key[key] = [row]
        undecided = []
        for key, row in pending:
            if key in by_key:
                by_key[key].append(row)  # decided in another row of this file
            elif key in reviewed.decisions:
                counts.merged += 1  # decided in another reviewed file
            else:
                counts.rejected += 1
                undecided.append(row)
        if undecided:
            shown = ", ".join(map(str, undecided[:12])) + (" …" if len(undecided) > 12 else "")
            report.add(
                "warning",
                "review_pending",
                f"{len(undecided)} name(s) without a decision yet (rows {shown}): "
                "they stay unresolved",
                file=file,
                column=dec_col,
                values={"n": len(undecided), "rows": shown},
            )
    for key in [k for k, d in reviewed.decisions.items() if not d.value]:  # contradicted
        del reviewed.decisions[key]
        for file, by_key in reviewed._rows.items():
            reviewed.counts[file].rejected += len(by_key.pop(key, []))
    return reviewed


def write_review(report: IngestReport, path: str | Path) -> Path:
    """Write the names to review (with candidates and an empty ``decision`` column).

    Refuses to overwrite a file that already holds decisions, so a second run never
    erases what a person decided.
    """
    path = Path(path)
    if path.exists() and path.suffix.lower() in (".csv", ".txt", ""):
        try:
            existing, _ = read_table(path)
        except InputError:
            existing = None
        if existing is not None:
            cols = {normalize_header(c): c for c in existing.columns}
            dec = next((cols[h] for h in _DECISION_HEADERS if h in cols), None)
            if dec is not None and (existing[dec].astype(str).str.strip() != "").any():
                raise InputError(
                    "holds decisions already: not overwritten",
                    file=str(path),
                    column=dec,
                    hint="write the review to another file: names decided in this one are "
                    "not listed again while the study file's `reviewed` key points at it",
                    code="review_has_decisions",
                    values={"file": str(path)},
                )
    rows = [{**r, "decision": r.get("decision", "")} for r in report.review]
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    return write_csv(frame.fillna(""), path)  # formula-guarded; read_table reads it back


def review_message(
    report: IngestReport, path: Path | None, *, study: Path | None = None, lang: str = "en"
) -> str:
    """What to tell a person about names to review, true whether a file was written or not,
    in ``lang``.

    ``path`` is the review file written (``None``: none was asked for); ``study`` the
    study file, so the ``[recall] reviewed`` line names the file relative to it.
    """
    n = len(report.review)
    if path is None:
        return t("ingest.review.needed", lang, n=n) if n else ""
    if not n:
        return t("ingest.review.none", lang, path=str(path))
    shown = Path(os.path.relpath(path.resolve(), study.resolve().parent)) if study else path
    return t("ingest.review.written", lang, n=n, path=str(path), reviewed=shown.as_posix())
