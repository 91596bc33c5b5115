"""Numbers as users read them: one formatter for reports, maps, reasons and the CLI.

:func:`format_number` writes a number with the separators of a language (decimal comma
in Spanish); :func:`parse_number` reads it back. Every number shown to a user goes
through here, so a Spanish output never shows a decimal point.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from tramas.locale.languages import LANGS, check_lang

__all__ = ["POINTS", "SEPARATORS", "format_number", "is_number", "parse_number"]

#: Decimal and thousands separators, and the text between a number and ``%``.
SEPARATORS: dict[str, tuple[str, str, str]] = {"en": (".", ",", "%"), "es": (",", ".", "\u00a0%")}
#: Unit of a difference between two shares (``pp`` style): percentage points.
POINTS: dict[str, str] = {"en": "\u00a0pp", "es": "\u00a0p.\u00a0p."}


assert tuple(SEPARATORS) == LANGS and tuple(POINTS) == LANGS, "separators for every language"


def _check(lang: str) -> str:
    return check_lang(lang)


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real number (not a bool, not a string)."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: Any, lang: str, style: str = "auto") -> str:
    """A number as users read it.

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
        ``sig3`` (three significant digits, integers and values from 100 on rounded),
        ``sci1``/``sci2`` (scientific notation with one or two decimals),
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
    >>> format_number(0.01234, "es", "sig3"), format_number(2.5, "es", "sig3")
    ('0,0123', '2,5')
    >>> format_number(0.000123, "es", "sci2")
    '1,23e-04'
    """
    dec, thou, pct = SEPARATORS[_check(lang)]
    if value is None or value is pd.NA:
        return "–"
    if style.startswith("+"):
        text = format_number(value, lang, style[1:])
        positive = is_number(value) and value > 0
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
    if style.startswith("sci"):
        return f"{x:.{int(style[3:])}e}".replace(".", dec)
    if style == "sig3":
        if x.is_integer() or abs(x) >= 100:
            style = "int"
        else:
            text = f"{x:.3g}"
            if "e" in text:
                text = f"{x:.6f}".rstrip("0")
            whole, _, frac = text.lstrip("-").partition(".")
            sign = "\u2212" if x < 0 and float(text) != 0 else ""
            return sign + _group(whole, thou) + (dec + frac if frac else "")
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


_NOT_NUMBER = re.compile(r"[^0-9.,\-]")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: object, lang: str | None = None) -> float | None:
    """A number as people write it, or ``None`` when the text is not one.

    Parameters
    ----------
    text:
        The text (or a cell value).
    lang:
        Read back what :func:`format_number` wrote in this language: its thousands and
        decimal separators, the minus sign ``−``, a trailing ``%`` or ``p. p.`` (the
        number as shown: ``"12.3%"`` gives 12.3). ``None`` (default) reads survey and
        spreadsheet exports, guessing the decimal mark: ``"2,5"`` (decimal comma),
        ``"1.234,5"`` and ``"1,234.5"``.

    Returns
    -------
    float or None

    Examples
    --------
    >>> parse_number("1.234,57", "es"), parse_number("−2,3", "es"), parse_number("12.3%", "en")
    (1234.57, -2.3, 12.3)
    >>> parse_number("2,5"), parse_number("1,234.5"), parse_number("1.234,5"), parse_number("n/a")
    (2.5, 1234.5, 1234.5, None)
    """
    s = str(text).strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if lang is not None:
        dec, thou, _ = SEPARATORS[_check(lang)]
        s = _NOT_NUMBER.sub("", s).replace(thou, "").replace(dec, ".")
    elif "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,5
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            s = s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    if not _PLAIN.match(s):
        return None
    try:
        return float(s)
    except ValueError:
        return None
