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
    ``hint.<code>`` (:meth:`text`, :meth:`hint_text`), falling back to the English
    ``message`` and ``hint`` when the catalogue has no such text.
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

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (the English ``message`` without a catalogue text)."""
        return _worded("error", self.code, self.values, lang) or self.message

    def hint_text(self, lang: str = "en") -> str | None:
        """The hint in ``lang`` (the English ``hint`` without a catalogue text)."""
        return _worded("hint", self.code, self.values, lang) or self.hint


def _worded(kind: str, code: str | None, values: dict[str, Any], lang: str) -> str | None:
    if code is None:
        return None
    from tramas.locale import t, texts  # the catalogue itself raises TramasError

    key = f"{kind}.{code}"
    try:
        return t(key, lang, **values) if key in texts(lang) else None
    except (KeyError, IndexError, TramasError):
        return None


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
        super().__init__(self._where("en", message), hint=hint, code=code, values=values)

    def _where(self, lang: str, detail: str) -> str:
        if lang == "en":
            parts = (
                f"row {self.row}" if self.row is not None else "",
                f"column {self.column!r}" if self.column else "",
            )
        else:
            parts = tuple(
                _worded("ingest", key, {key: str(value)}, lang) or ""
                for key, value in (("row", self.row), ("column", self.column))
                if value is not None and value != ""
            )
        where = ", ".join(p for p in (str(self.file) if self.file else "", *parts) if p)
        return f"{where}: {detail}" if where else detail

    def text(self, lang: str = "en") -> str:
        """File, row, column and the problem, in ``lang``."""
        detail = _worded("error", self.code, self.values, lang)
        return self._where(lang, detail) if detail else self._where("en", self.detail)


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

    def text(self, lang: str = "en") -> str:
        """How many errors and the first one, in ``lang``."""
        errors = self.report.errors
        if lang == "en" or not errors:
            return self.message
        return (
            _worded(
                "error",
                "validation_failed",
                {"n": len(errors), "first": errors[0].describe(lang)},
                lang,
            )
            or self.message
        )


class StoreError(TramasError):
    """A problem talking to the graph database (connection, authentication, query)."""


class QueryError(TramasError):
    """A named or ad hoc query is unknown, malformed, or not allowed."""
