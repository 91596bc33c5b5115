"""Errors worded for a reader: :class:`~tramas.exceptions.TramasError` in any language.

An error carries its English ``message`` and ``hint`` and, when a user of the CLI can
meet it, a ``code`` and the ``values`` behind it. The catalogue texts ``error.<code>``
and ``hint.<code>`` word it in another language; without them the English text stands.
Input errors keep their file, row and column in front of the words.
"""

from __future__ import annotations

from typing import Any

from tramas.exceptions import InputError, TramasError, ValidationFailed
from tramas.locale.catalogue import t, texts

__all__ = ["error_text", "hint_text"]


def _worded(key: str, values: dict[str, Any], lang: str) -> str | None:
    if key not in texts(lang):
        return None
    try:
        return t(key, lang, **values)
    except (KeyError, IndexError):
        return None


def _where(exc: InputError, lang: str, detail: str) -> str:
    parts = [str(exc.file)] if exc.file else []
    # a study file names a line and a key (tramas.ingest.study.StudyFileError)
    row_text, column_text = getattr(exc, "where_texts", ("ingest.row", "ingest.column"))
    if exc.row is not None:
        parts.append(t(row_text, lang, row=str(exc.row)))
    if exc.column:
        parts.append(t(column_text, lang, column=exc.column))
    return f"{', '.join(parts)}: {detail}" if parts else detail


def error_text(exc: TramasError, lang: str = "en") -> str:
    """The error in ``lang``: its catalogue text, or the English message.

    Examples
    --------
    >>> err = InputError("bad weight", file="t.csv", row=5, column="weight", code="no_such_text")
    >>> print(error_text(err, "es"))  # no catalogue text: the English message stands
    t.csv, row 5, column 'weight': bad weight
    >>> err = TramasError("no input given", code="no_input")
    >>> error_text(err, "en") == "no input given"
    True
    """
    if isinstance(exc, ValidationFailed) and exc.code:
        errors = exc.report.errors
        if errors:
            first = errors[0].describe(lang)
            return _worded("error.validation_failed", {"n": len(errors), "first": first}, lang) or (
                exc.message
            )
    worded = _worded(f"error.{exc.code}", exc.values, lang) if exc.code else None
    if isinstance(exc, InputError):
        return _where(exc, lang, worded) if worded else exc.message
    return worded or exc.message


def hint_text(exc: TramasError, lang: str = "en") -> str | None:
    """The error's hint in ``lang``: its catalogue text, or the English hint."""
    worded = _worded(f"hint.{exc.code}", exc.values, lang) if exc.code else None
    return worded or exc.hint
