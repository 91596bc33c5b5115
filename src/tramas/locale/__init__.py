"""Words and numbers shown to users, in English and Spanish, for every output of tramas.

The bottom layer of the package: the CLI, maps, reports and the wording of reasons all
take their texts from :mod:`tramas.locale.catalogue` and write numbers with
:func:`~tramas.locale.numbers.format_number`, so each output is in one language.
"""

from tramas.locale.catalogue import (
    CATALOGUE,
    LANGS,
    check_lang,
    join,
    label,
    placeholders,
    plural,
    t,
    texts,
    tm,
)
from tramas.locale.numbers import POINTS, SEPARATORS, format_number, parse_number

__all__ = [
    "CATALOGUE",
    "LANGS",
    "POINTS",
    "SEPARATORS",
    "check_lang",
    "format_number",
    "join",
    "label",
    "parse_number",
    "placeholders",
    "plural",
    "t",
    "texts",
    "tm",
]
