"""The languages tramas speaks, checked in one place.

Each has a catalogue of texts (:mod:`tramas.locale.catalogue`) and number separators
(:mod:`tramas.locale.numbers`); both check that they cover exactly :data:`LANGS`.
"""

from __future__ import annotations

from tramas.exceptions import TramasError

__all__ = ["LANGS", "check_lang"]

#: Languages of every output.
LANGS: tuple[str, ...] = ("en", "es")


def check_lang(lang: str | None) -> str:
    """The language code, or :class:`~tramas.exceptions.TramasError` if tramas lacks it.

    >>> check_lang("es")
    'es'
    """
    if lang not in LANGS:
        raise TramasError(
            f"no language {lang!r} in the catalogue",
            hint=f"use one of: {', '.join(LANGS)}",
            code="unknown_language",
            values={"language": str(lang), "langs": ", ".join(LANGS)},
        )
    return lang
