"""The translation catalogue of reports: every word a report prints, in English and Spanish.

:data:`CATALOGUE` maps a language to a dictionary of texts (one module per language in
:mod:`tramas.report.catalogue`); :func:`t` looks a text up
and fills its ``{placeholders}``; :func:`tm` does the same as markup, escaping every
value that is not already markup (actor names, survey text). Category labels (actor
kinds, sizes, roles...) are entries named ``<group>.<value>`` read by :func:`label`.
Numbers are written by :func:`format_number` with the language's separators.

Adding a language means adding one module of texts with the same keys (a test checks
that every language has every key and the same placeholders) and its separators to
:data:`SEPARATORS`.

Catalogue texts are trusted markup: they may contain ``<em>``, ``<sub>`` and similar
tags, which :func:`tm` keeps.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from tramas.exceptions import TramasError
from tramas.report.catalogue import en, es

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

#: Decimal and thousands separators, and the text between a number and ``%``.
SEPARATORS: dict[str, tuple[str, str, str]] = {"en": (".", ",", "%"), "es": (",", ".", "\u00a0%")}
#: Unit of a difference between two shares (``pp`` style): percentage points.
POINTS: dict[str, str] = {"en": "\u00a0pp", "es": "\u00a0p.\u00a0p."}

#: Every report text by language.
CATALOGUE: dict[str, dict[str, str]] = {"en": en.TEXTS, "es": es.TEXTS}
#: Languages a report can be written in.
LANGS: tuple[str, ...] = tuple(CATALOGUE)


def check_lang(lang: str | None) -> str:
    """The language code, or :class:`~tramas.exceptions.TramasError` if there is no catalogue."""
    if lang not in CATALOGUE:
        raise TramasError(f"no report language {lang!r}", hint=f"use one of: {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str, **values: Any) -> str:
    """A text of the catalogue, with its placeholders filled.

    Examples
    --------
    >>> t("community_n", "es", n=3)
    'Subcluster 3'
    """
    text = CATALOGUE[check_lang(lang)][key]
    return text.format(**values) if values else text


def tm(key: str, lang: str, **values: Any) -> Markup:
    """A catalogue text as markup: its own tags are kept, every value not already
    :class:`~markupsafe.Markup` is escaped.

    Examples
    --------
    >>> str(tm("f_leads", "en", n=2, names="<b>A&B</b>"))
    '2 lead firms stand out: &lt;b&gt;A&amp;B&lt;/b&gt;.'
    """
    text = Markup(CATALOGUE[check_lang(lang)][key])
    return text.format(**values) if values else text


def label(group: str, value: str, lang: str) -> str:
    """Label of a category value (``label("kind", "firm", "es") == "empresa"``), or the
    value itself when the catalogue has none (sectors, municipalities, custom groups)."""
    return CATALOGUE[check_lang(lang)].get(f"{group}.{value}", value)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: Any, lang: str, style: str = "auto") -> str:
    """A number as the report shows it.

    Parameters
    ----------
    value:
        The number; ``None`` and NaN give an en dash.
    lang:
        Language (decimal and thousands separators).
    style:
        ``int`` (rounded, thousands grouped), ``dec1``/``dec2``/``dec3`` (fixed
        decimals), ``pct`` (a share shown as a percentage with one decimal; ``pct0``
        without decimals), ``z``
        (signed, one decimal), ``p`` (two decimals, ``< 0.01`` below), ``auto``
        (integers as ``int``, else 3 decimals below 1, 2 below 100, 1 above),
        ``pp`` (a difference between two shares, in percentage points with one
        decimal) or ``text``. A leading ``+`` (``+int``, ``+dec3``, ``+pp``...) writes
        the sign of positive values too, for changes.

    Examples
    --------
    >>> format_number(1234.5678, "es", "dec2"), format_number(0.1234, "en", "pct")
    ('1.234,57', '12.3%')
    >>> format_number(-2.345, "es", "z"), format_number(0.004, "en", "p")
    ('−2,3', '< 0.01')
    >>> format_number(24, "en", "+int"), format_number(0.0424, "es", "+pp")
    ('+24', '+4,2\xa0p.\xa0p.')
    """
    dec, thou, pct = SEPARATORS[check_lang(lang)]
    if value is None or value is pd.NA:
        return "–"
    if style.startswith("+"):
        text = format_number(value, lang, style[1:])
        positive = isinstance(value, int | float | np.integer | np.floating) and value > 0
        return "+" + text if positive and any(c in "123456789" for c in text) else text
    if style == "text" or isinstance(value, str):
        return str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x) or math.isinf(x):
        return "–"
    if style == "auto":
        if x.is_integer() and abs(x) < 1e15:
            style = "int"
        else:
            style = "dec3" if abs(x) < 1 else ("dec2" if abs(x) < 100 else "dec1")
    if style == "p" and x < 0.01:
        return f"< 0{dec}01"
    sign = ""
    if style in ("pct", "pct0"):
        x, places, suffix = x * 100, 1 if style == "pct" else 0, pct
    elif style == "pp":
        x, places, suffix = x * 100, 1, POINTS[lang]
    elif style == "int":
        x, places, suffix = float(round(x)), 0, ""
    elif style == "z":
        places, suffix = 1, ""
        sign = "+" if round(x, 1) > 0 else ""
    elif style == "p":
        places, suffix = 2, ""
    else:
        places, suffix = int(style[-1]), ""
    text = f"{abs(x):.{places}f}"
    whole, _, frac = text.partition(".")
    out = _group(whole, thou) + (dec + frac if frac else "")
    if x < 0 and float(text) != 0:
        sign = "\u2212"
    return sign + out + suffix


_NUMBER = re.compile(r"[^0-9.,\-]")


def parse_number(text: str, lang: str) -> float:
    """Read back a number written by :func:`format_number` (percentages as shown, i.e.
    ``"12.3%"`` gives 12.3).

    Examples
    --------
    >>> parse_number("1.234,57", "es"), parse_number("−2,3", "es"), parse_number("12.3%", "en")
    (1234.57, -2.3, 12.3)
    """
    dec, thou, _ = SEPARATORS[check_lang(lang)]
    clean = text.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    clean = _NUMBER.sub("", clean).replace(thou, "")
    return float(clean.replace(dec, "."))
