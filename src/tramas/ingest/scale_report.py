"""The accounting of a scale-mode read: rows loaded, merged and rejected by reason.

:class:`ScaleLoadReport` counts every row of a tie file the streaming reader
(:mod:`tramas.ingest.scale`) reads, keeps a few examples (row, column, value) per
reason and words them in English or Spanish; :class:`ScaleRejected` is the error a
command raises when rows were rejected as errors, as the survey path raises
:class:`~tramas.exceptions.ValidationFailed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tramas.exceptions import TramasError
from tramas.locale import t

__all__ = ["EXAMPLES", "WARNING_REASONS", "ScaleLoadReport", "ScaleRejected"]

#: Examples kept per rejection reason.
EXAMPLES = 5
#: Rejection reasons that are warnings, as in the survey path (the row is not loaded but
#: the input is not in error): a weight of 0 means no tie.
WARNING_REASONS = frozenset({"zero_weight"})


def _words(key: str, lang: str, **values: Any) -> str:
    return t(key, lang, **values)


@dataclass
class ScaleLoadReport:
    """Counts per outcome, with up to five examples (row, column, value) per reason.

    ``rejected`` is keyed by reason code (``non_numeric_weight``, ``self_loop``, ... the
    codes of the survey path's ``ingest.tie.*`` reasons, see :data:`WARNING_REASONS` for
    those that are warnings); :meth:`lines` words them in English or Spanish.
    """

    file: str
    rows: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    #: cells of ids, relations and waves normalised to NFC / without zero-width characters
    cleaned: int = 0

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def errors(self) -> dict[str, int]:
        """Rejections that are errors (every reason but :data:`WARNING_REASONS`)."""
        return {k: n for k, n in self.rejected.items() if k not in WARNING_REASONS}

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())

    @property
    def balanced(self) -> bool:
        return self.rows == self.loaded + self.merged + self.n_rejected

    def reject(
        self, reason: str, rows: np.ndarray, column: str, values: Sequence[Any] = ()
    ) -> None:
        """Count the rows of ``rows`` as rejected for ``reason`` (the first values kept
        as examples, with ``column``)."""
        if len(rows) == 0:
            return
        self.rejected[reason] = self.rejected.get(reason, 0) + int(len(rows))
        ex = self.examples.setdefault(reason, [])
        need = EXAMPLES - len(ex)
        if need <= 0:
            return
        vals = list(values[:need]) if len(values) else [""] * need
        for r, v in zip(rows[:need], vals, strict=False):
            ex.append((int(r), column, "" if v is None else str(v)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (``figures["load"]`` of a scale-mode analysis)."""
        return {
            "file": self.file,
            "rows": self.rows,
            "loaded": self.loaded,
            "merged": self.merged,
            "rejected": dict(self.rejected),
            "errors": self.n_errors,
            "cleaned": self.cleaned,
            "examples": {k: [list(e) for e in v] for k, v in self.examples.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScaleLoadReport:
        report = cls(
            file=str(data["file"]),
            rows=int(data["rows"]),
            loaded=int(data["loaded"]),
            merged=int(data["merged"]),
            rejected={str(k): int(v) for k, v in data.get("rejected", {}).items()},
            cleaned=int(data.get("cleaned", 0)),
        )
        report.examples = {
            k: [(int(e[0]), str(e[1]), str(e[2])) for e in v if len(e) == 3]
            for k, v in data.get("examples", {}).items()
        }
        return report

    def lines(self, lang: str = "en") -> list[str]:
        """The accounting and each reason with its examples, in ``lang`` (plain text)."""
        out = [
            _words(
                "cli.scale.load",
                lang,
                file=self.file,
                rows=self.rows,
                loaded=self.loaded,
                merged=self.merged,
                rejected=self.n_rejected,
            )
        ]
        if self.cleaned:  # as the survey path warns (ingest.normalised_text)
            out.append(_words("ingest.normalised_text", lang, n=self.cleaned))
        for reason, n in self.rejected.items():
            out.append(
                _words(
                    "cli.scale.rejected",
                    lang,
                    reason=_words(f"ingest.scale.rule.{reason}", lang),
                    count=n,
                    examples=self.example_text(reason, lang),
                )
                .replace("[yellow]", "")
                .replace("[/]", "")
            )
        return out

    def example_text(self, reason: str, lang: str = "en") -> str:
        """``row 5, column 'peso': 'mucho'; ...`` for the examples of ``reason``."""
        parts = []
        for row, column, value in self.examples.get(reason, []):
            where = _words("ingest.row", lang, row=str(row))
            if column:
                where += ", " + _words("ingest.column", lang, column=column)
            parts.append(f"{where}: {value!r}" if value else where)
        return "; ".join(parts)


class ScaleRejected(TramasError):
    """Rows of a scale-mode tie file were rejected as errors; ``report`` counts them.

    Raised by the scale-mode commands as the survey path raises
    :class:`~tramas.exceptions.ValidationFailed`: the same file fails ``validate``,
    ``analyze`` and ``map`` alike."""

    def __init__(self, report: ScaleLoadReport) -> None:
        self.report = report
        reasons = ", ".join(f"{k} {n:,}" for k, n in report.errors.items())
        super().__init__(
            f"{report.file}: {report.n_errors:,} of {report.rows:,} rows rejected ({reasons})",
            hint="the lines above give examples of each reason (file, row, column); fix or remove those rows",
            code="scale_rejected_rows",
            values={"file": report.file, "n": report.n_errors, "rows": report.rows},
        )
