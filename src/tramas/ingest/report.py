"""The ingest report: every problem with file, row and column, and every row accounted for."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

__all__ = ["FileCounts", "IngestIssue", "IngestReport", "print_report"]

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class IngestIssue:
    """One problem found in the input."""

    level: Level
    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        where = ", ".join(
            p
            for p in (
                self.file or "",
                f"row {self.row}" if self.row is not None else "",
                f"column {self.column!r}" if self.column else "",
            )
            if p
        )
        return f"{where}: {self.message}" if where else self.message


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
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.issues.append(IngestIssue(level, code, message, file, row, column))

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
        """Write unresolved/ambiguous names (with candidates) to a CSV for a person to review."""
        path = Path(path)
        fields = [
            "file",
            "row",
            "column",
            "respondent",
            "relation",
            "wave",
            "name",
            "status",
            "candidates",
        ]
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(self.review)
        return path


def print_report(report: IngestReport, console: Console, *, limit: int | None = 30) -> None:
    """Print the row accounting per file and the problems (errors first)."""
    table = Table(title="Input accounted for", show_lines=False, title_justify="left")
    for col in ("file", "content", "rows", "records", "loaded", "merged", "rejected"):
        table.add_column(col, justify="right" if col not in ("file", "content") else "left")
    for fc in report.files:
        table.add_row(
            escape(fc.file),
            fc.what,
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
            f"[{style}]{issue.level}[/]: {escape(issue.describe())}",
            highlight=False,
            markup=True,
            soft_wrap=True,
        )
    if limit is not None and len(issues) > limit:
        console.print(f"… and {len(issues) - limit} more (use --all to list every problem)")
    console.print(
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
        style="red" if report.errors else "green",
    )
