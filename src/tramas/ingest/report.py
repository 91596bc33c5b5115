"""The ingest report: every problem with file, row and column, and every row accounted for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tramas.exceptions import InputError
from tramas.ingest.readers import TableInfo
from tramas.locale import label, placeholders, t, texts

__all__ = [
    "FileCounts",
    "IngestIssue",
    "IngestReport",
    "Words",
    "add_table_notices",
    "print_report",
]

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Words:
    """A catalogue text standing as the value of another text (the reason of a rejected
    tie, what a cell should hold...), worded in the language of the text holding it.

    ``default`` is shown when the catalogue has no text ``key`` (a caller's own word).
    ``str()`` gives the English text.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    default: str | None = None

    def text(self, lang: str = "en") -> str:
        if self.key not in texts(lang):
            if self.default is None:
                raise KeyError(self.key)
            return self.default
        return t(self.key, lang, **worded(self.values, lang))

    def __str__(self) -> str:
        return self.text("en")


def worded(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``values`` with every :class:`Words` among them worded in ``lang``."""
    return {k: v.text(lang) if isinstance(v, Words) else v for k, v in values.items()}


@dataclass(frozen=True)
class IngestIssue:
    """One problem found in the input.

    ``message`` is the problem in English; ``values`` are the facts behind it, from
    which :meth:`text` words it in another language when the catalogue has a text
    ``ingest.<code>``.
    """

    level: Level
    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text(self, lang: str = "en") -> str:
        """The problem in ``lang`` (the English ``message`` when the catalogue cannot word
        it: no text ``ingest.<code>``, or not all the values it needs)."""
        key = f"ingest.{self.code}"
        if lang == "en" or key not in texts(lang):
            return self.message
        if not placeholders(texts(lang)[key]) <= self.values.keys():
            return self.message
        try:
            return t(key, lang, **worded(self.values, lang))
        except (KeyError, IndexError, ValueError):
            return self.message

    def describe(self, lang: str = "en") -> str:
        """Where the problem is (file, row, column) and what it is, in ``lang``."""
        where = ", ".join(
            p
            for p in (
                self.file or "",
                t("ingest.row", lang, row=str(self.row)) if self.row is not None else "",
                t("ingest.column", lang, column=self.column) if self.column else "",
            )
            if p
        )
        message = self.text(lang)
        return f"{where}: {message}" if where else message


@dataclass
class FileCounts:
    """What became of the records of one input file.

    A *record* is one row of an actors table or edge list, one non-empty cell of a
    roster matrix, or one named organisation in a free-recall list. Every record is
    loaded, merged (a duplicate of a record already loaded) or rejected:
    ``records == loaded + merged + rejected``.
    """

    file: str
    what: str
    rows: int = 0
    records: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: int = 0

    @property
    def balanced(self) -> bool:
        return self.records == self.loaded + self.merged + self.rejected

    def content(self, lang: str = "en") -> str:
        """What the file holds (``what``), in ``lang``."""
        if self.what.startswith("ties (roster: "):
            relation = self.what.removeprefix("ties (roster: ").removesuffix(")")
            return t("ingest.what.roster", lang, relation=label("relation", relation, lang))
        return texts(lang).get(f"ingest.what.{self.what}", self.what)


@dataclass
class IngestReport:
    """Problems and row accounting of one load."""

    issues: list[IngestIssue] = field(default_factory=list)
    files: list[FileCounts] = field(default_factory=list)
    #: free-recall names that did not resolve to exactly one actor
    review: list[dict[str, str]] = field(default_factory=list)
    #: names that resolved, with the actor they resolved to and the score
    resolved_names: list[dict[str, str]] = field(default_factory=list)

    def add(
        self,
        level: Level,
        code: str,
        message: str | None = None,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a problem: an English ``message``, or ``values`` for the catalogue's
        text ``ingest.<code>`` (which then gives the English message too)."""
        values = dict(values or {})
        if message is None:
            message = t(f"ingest.{code}", "en", **worded(values, "en"))
        self.issues.append(IngestIssue(level, code, message, file, row, column, values))

    def invalid_value(
        self, value: str, field_name: str, expected: Words, *, file: str, row: int, column: str
    ) -> None:
        """Record a cell whose value ``field_name`` cannot take (an error: the cell is read
        as missing and its row stays); ``expected`` words what it may hold."""
        self.add(
            "error",
            "invalid_value",
            f"{value!r} is not a valid {field_name} ({expected})",
            file=file,
            row=int(row),
            column=column,
            values={"value": value, "field": field_name, "expected": expected},
        )

    def add_input_error(self, exc: InputError, *, file: str | None = None) -> None:
        """Record an :class:`~tramas.exceptions.InputError` that stopped reading a file
        (code ``file``), worded in any language by the error's own text ``error.<code>``."""
        self.add(
            "error",
            "file",
            exc.detail,
            file=exc.file or file,
            row=exc.row,
            column=exc.column,
            values={"error": Words(f"error.{exc.code}", exc.values)} if exc.code else None,
        )

    def counts_for(self, file: str, what: str) -> FileCounts:
        counts = FileCounts(file=file, what=what)
        self.files.append(counts)
        return counts

    @property
    def errors(self) -> list[IngestIssue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[IngestIssue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, int]:
        return dict(Counter(f"{i.level}:{i.code}" for i in self.issues))


def add_table_notices(report: IngestReport, info: TableInfo, *, file: str | None = None) -> None:
    """Say how a table was read when a reader should know: read in a legacy encoding
    (not UTF-8), or text cells changed by :func:`~tramas.ingest.readers.clean_text`.
    ``file`` names the table (its label by default)."""
    file = file or info.label
    if info.legacy_encoding:
        report.add(
            "warning",
            "legacy_encoding",
            file=file,
            values={"encoding": info.legacy_encoding},
        )
    if info.cleaned:
        report.add(
            "warning",
            "normalised_text",
            file=file,
            values={"n": info.cleaned},
        )


def _shown_path(file: str) -> str:
    """A file as the table shows it: relative to the current folder when inside it."""
    try:
        return str(Path(file).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return file


def print_report(
    report: IngestReport, console: Console, *, limit: int | None = 30, lang: str = "en"
) -> None:
    """Print the row accounting per file and the problems (errors first), in ``lang``."""
    table = Table(title=t("ingest.accounted", lang), show_lines=False, title_justify="left")
    for col in ("file", "content", "rows", "records", "loaded", "merged", "rejected"):
        table.add_column(
            t(f"ingest.col.{col}", lang),
            justify="right" if col not in ("file", "content") else "left",
            overflow="fold",  # a file name is shown whole, folded over lines if need be
        )
    for fc in report.files:
        table.add_row(
            escape(_shown_path(fc.file)),
            escape(fc.content(lang)),
            str(fc.rows),
            str(fc.records),
            str(fc.loaded),
            str(fc.merged),
            f"[red]{fc.rejected}[/]" if fc.rejected else "0",
        )
    console.print(table)
    issues = report.errors + report.warnings
    shown = issues if limit is None else issues[:limit]
    for issue in shown:
        style = "red" if issue.level == "error" else "yellow"
        console.print(
            f"[{style}]{t(f'ingest.level.{issue.level}', lang)}[/]: {escape(issue.describe(lang))}",
            highlight=False,
            markup=True,
            soft_wrap=True,
        )
    if limit is not None and len(issues) > limit:
        console.print(t("ingest.more", lang, n=len(issues) - limit), highlight=False)
    console.print(
        t("ingest.totals", lang, errors=len(report.errors), warnings=len(report.warnings)),
        style="red" if report.errors else "green",
    )
