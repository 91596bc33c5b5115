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

from tramas.locale import label, t, texts

__all__ = ["FileCounts", "IngestIssue", "IngestReport", "print_report"]

Level = Literal["error", "warning"]


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
        """The problem in ``lang`` (in English when it has no text in the catalogue)."""
        key = f"ingest.{self.code}"
        if self.values and key in texts(lang):
            return t(key, lang, **self.values)
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
            message = t(f"ingest.{code}", "en", **values)
        self.issues.append(IngestIssue(level, code, message, file, row, column, values))

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

    def write_review(self, path: str | Path) -> Path:
        """Write unresolved/ambiguous names (with candidates and an empty ``decision``
        column) to a CSV for a person to fill (see :func:`tramas.ingest.review.write_review`).
        """
        from tramas.ingest.review import write_review

        return write_review(self, path)


def print_report(
    report: IngestReport, console: Console, *, limit: int | None = 30, lang: str = "en"
) -> None:
    """Print the row accounting per file and the problems (errors first), in ``lang``."""
    table = Table(title=t("ingest.accounted", lang), show_lines=False, title_justify="left")
    for col in ("file", "content", "rows", "records", "loaded", "merged", "rejected"):
        table.add_column(
            t(f"ingest.col.{col}", lang),
            justify="right" if col not in ("file", "content") else "left",
        )
    for fc in report.files:
        table.add_row(
            escape(fc.file),
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
