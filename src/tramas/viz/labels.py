"""User-facing words of the maps: the ``map.*`` texts of :mod:`tramas.locale`.

Every string a map shows (legend titles, tooltip fields, controls, messages) comes from
the catalogue, so a map is entirely in one language, the same as the report's.
"""

from __future__ import annotations

from tramas.locale import LANGS, check_lang, label, t

__all__ = ["LANGS", "kind_label", "size_label", "text"]


def text(lang: str, key: str, **values: object) -> str:
    """The map text ``key`` (``map.<key>`` in the catalogue) in ``lang``, filled with ``values``.

    Examples
    --------
    >>> text("es", "community_n", n=3)
    'Subcluster 3'
    """
    return t(f"map.{key}", check_lang(lang), **values)


def kind_label(lang: str, kind: object) -> str:
    """An actor kind in ``lang`` (unknown kinds are returned as written)."""
    return label("kind", kind, check_lang(lang))


def size_label(lang: str, size: object) -> str:
    """A size class (micro, small, medium, large) in ``lang``."""
    return label("size", size, check_lang(lang))
