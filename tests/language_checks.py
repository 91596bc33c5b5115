"""Checks that a text is in one language, shared by the tests of Spanish output.

:func:`clean` strips from a text what is not wording (study title, actor names and ids,
survey quotes, file paths, code values); :func:`found` lists the words of a list that a
text holds; :func:`decimal_points` the numbers written with a decimal point.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["DECIMAL_POINT", "ENGLISH", "SPANISH", "VERSION", "clean", "decimal_points", "found"]

#: English words and phrases that never belong in Spanish text.
ENGLISH = (
    " the ",
    " of the ",
    " have ",
    " has ",
    " did not ",
    " written ",
    " and ",
    " with ",
    " from ",
    " are ",
    " is ",
    "isolated",
    "threshold",
    " weight",
    " mean ",
    " ties",
    " SMEs",
    " nodes",
    " map ",
    " wave ",
    " score",
    " rank ",
    "(s)",
    "warning",
)
#: Spanish words and phrases that never belong in English text.
SPANISH = (
    " de los ",
    " del ",
    " las ",
    " una ",
    " según ",
    "vínculo",
    " actores",
    " empresas",
    " pyme",
    "umbral",
    " puntaje",
    "(es)",
    " y ",
)
#: A decimal point: digits, a point, and not exactly three digits (a thousands group in
#: Spanish), or a point after a leading zero.
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])|(?<![\d.])0\.\d+(?![\d.])")
VERSION = re.compile(r"\b\d+\.\d+\.\d+\b")


def clean(text: str, network, paths: tuple[str, ...] = ()) -> str:
    """``text`` without what is not wording: the study's title, actor names, ids and
    attribute values, survey quotes, file paths, code values (``snake_case``), version
    numbers and URLs."""
    text = re.sub(r"\s+", " ", text)
    study = network.study
    for value in (*paths, study.title, study.description):
        if value:
            text = text.replace(value, " ")
    actors = network.actors
    values = set(actors.index.astype(str))
    for col in actors.columns:
        if not pd.api.types.is_numeric_dtype(actors[col]) and not pd.api.types.is_bool_dtype(
            actors[col]
        ):
            values |= {str(v) for v in actors[col].dropna()}
    ties = network.ties
    for col in ties.columns:  # survey text (evidence quotes) keeps its language
        if pd.api.types.is_string_dtype(ties[col]) or ties[col].dtype == object:
            quotes = {str(v) for v in ties[col].dropna() if len(str(v)) > 20}
            values |= quotes
    for value in sorted(values, key=len, reverse=True):
        if len(value) > 1:
            text = text.replace(value, " ")
        for k in range(len(value) - 1, 8, -1):  # names shortened to fit a chart: "Centro Tec…"
            text = text.replace(value[:k].rstrip() + "…", " ")
    text = re.sub(r"\S+\.(?:csv|xlsx|toml|html|json|parquet|pdf)\b", " ", text)  # file names
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths and URLs
    text = re.sub(r"\b\w+_\w+\b", " ", text)  # code values
    text = VERSION.sub(" ", text)
    return " " + re.sub(r"\s+", " ", text) + " "


def found(text: str, words: tuple[str, ...]) -> list[str]:
    found = []
    for word in words:
        for m in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            found.append(f"{word!r} in …{text[max(0, m.start() - 60) : m.end() + 40]}…")
    return found


def decimal_points(text: str) -> list[str]:
    return [
        f"…{text[max(0, m.start() - 50) : m.end() + 20]}…" for m in DECIMAL_POINT.finditer(text)
    ]
