"""The report's view of the catalogue: a re-export of :mod:`tramas.locale`.

Every word and number shown to users comes from :mod:`tramas.locale` (texts in
:mod:`tramas.locale.catalogue`, numbers in :mod:`tramas.locale.numbers`); this module
keeps the old import path working.
"""

from tramas.locale import (
    CATALOGUE,
    LANGS,
    POINTS,
    SEPARATORS,
    check_lang,
    format_number,
    label,
    parse_number,
    t,
    tm,
)

__all__ = [
    "CATALOGUE",
    "LANGS",
    "POINTS",
    "SEPARATORS",
    "check_lang",
    "format_number",
    "label",
    "parse_number",
    "t",
    "tm",
]
