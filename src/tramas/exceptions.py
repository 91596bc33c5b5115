"""Errors raised by tramas. Library code raises them; only the CLI turns them into exit codes."""

from __future__ import annotations

from typing import Any

__all__ = ["TramasError", "InputError", "ValidationFailed", "StoreError", "QueryError"]


class TramasError(Exception):
    """Base class of every error tramas raises on purpose.

    ``message`` is the problem in English (what ``str()`` and tracebacks show) and
    ``hint`` a short suggestion shown by the CLI under it. An error that a user of the
    CLI can meet also carries a ``code`` and the ``values`` behind it: the CLI words it
    in the command's language from the catalogue texts ``error.<code>`` and
    ``hint.<code>`` (:func:`tramas.locale.errors.error_text`, ``hint_text``), falling
    back to the English ``message`` and ``hint`` when the catalogue has no such text.
    Errors are data here; wording them is the catalogue's job.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        code: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
        self.values = dict(values or {})

    def __str__(self) -> str:
        return self.message


class InputError(TramasError):
    """A problem with an input file, pointing at its file, row and column where known.

    Rows are numbered as a spreadsheet shows them: the header is row 1, the first
    data row is row 2.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
        code: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        self.detail = message
        self.file = file
        self.row = row
        self.column = column
        where = ", ".join(
            part
            for part in (
                str(file) if file else "",
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(
            f"{where}: {message}" if where else message, hint=hint, code=code, values=values
        )


class ValidationFailed(TramasError):
    """The input has errors; ``report`` is the :class:`tramas.ingest.IngestReport` listing them."""

    def __init__(self, report, *, hint: str | None = None) -> None:  # noqa: ANN001
        self.report = report
        errors = report.errors
        first = errors[0].describe() if errors else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            f"{len(errors)} error(s) in the input: {first}{more}",
            hint=hint or "run `tramas validate` with the same inputs to list every problem",
            code=None if hint else "validation_failed",
        )


class StoreError(TramasError):
    """A problem talking to the graph database (connection, authentication, query)."""


class QueryError(TramasError):
    """A named or ad hoc query is unknown, malformed, or not allowed."""
