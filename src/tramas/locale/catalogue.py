"""The catalogue: every word tramas shows a user, in English and Spanish.

:data:`CATALOGUE` maps a language to a dictionary of texts: the report's texts, the
maps' words (keys ``map.*``), the CLI's lines (``cli.*``), the reasons given for
roles (``reason.*``), the problems found in the input (``ingest.*``) and the words of
scale-mode measures (``scale.*``) and sector maps (``sector.*``). Category labels
(actor kinds, sizes, roles...) are entries named ``<group>.<value>`` read by
:func:`label`.

:func:`t` looks a text up and fills its ``{placeholders}``; :func:`tm` does the same as
markup, escaping every value that is not already markup (actor names, survey text).
Filling a text:

* numbers are written by :func:`~tramas.locale.numbers.format_number` in the text's
  language (decimal comma in Spanish), so no caller formats a number itself;
* ``{n?singular|plural}`` chooses a word by the count ``n`` (``"{n} {n?actor|actors}"``);
* a value ending with a full stop (``Cabrera Ltda.``) swallows the full stop that
  follows its placeholder, so no sentence ends with two.

Adding a language means adding the same keys in one more module (a test checks that
every language has every key and the same placeholders) and its separators to
:data:`~tramas.locale.numbers.SEPARATORS`. Texts are trusted markup: they may contain
``<em>``, ``<sub>`` and similar tags, which :func:`tm` keeps.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from tramas.exceptions import TramasError
from tramas.locale import en, es, report_en, report_es
from tramas.locale.languages import LANGS, check_lang
from tramas.locale.numbers import format_number, is_number, parse_number

__all__ = [
    "CATALOGUE",
    "LANGS",
    "check_lang",
    "join",
    "label",
    "placeholders",
    "plural",
    "t",
    "texts",
    "tm",
]


def _merge(*parts: dict[str, str]) -> dict[str, str]:
    """One language's texts from its modules; a key defined twice is an error."""
    merged: dict[str, str] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise TramasError(
                f"catalogue keys defined twice: {sorted(clash)[:5]}",
                code="catalogue_duplicates",
                values={"keys": str(sorted(clash)[:5])},
            )
        merged.update(part)
    return merged


#: Every text by language: the report's texts and those of maps, CLI, reasons...
CATALOGUE: dict[str, dict[str, str]] = {
    "en": _merge(report_en.TEXTS, en.TEXTS),
    "es": _merge(report_es.TEXTS, es.TEXTS),
}
assert tuple(CATALOGUE) == LANGS, "every language of tramas.locale.languages needs its texts"

_PLURAL = re.compile(r"\{(\w+)\?([^{}|]*)\|([^{}]*)\}")
_STOP = re.compile(r"\{(\w+)\}\.(?!\.)")
_TAG = re.compile(r"<[^>]*>")


def texts(lang: str) -> dict[str, str]:
    """Every text of one language."""
    return CATALOGUE[check_lang(lang)]


def plural(n: Any, one: str, other: str) -> str:
    """``one`` when ``n`` is 1 (or −1), else ``other`` (English and Spanish rules)."""
    try:
        return one if abs(float(n)) == 1 else other
    except (TypeError, ValueError):
        return other


def placeholders(text: str) -> set[str]:
    """The names of the placeholders of a text (plural choices count as their number)."""
    text = _PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text) if f}


def _visible(value: Any) -> str:
    return _TAG.sub("", str(value)) if isinstance(value, Markup) else str(value)


def _count(value: Any, lang: str) -> Any:
    """The number a plural choice counts: a number, or the number shown in a value that is
    already markup (a report figure wrapped in its ``data-key`` span)."""
    if is_number(value) or not isinstance(value, Markup | str):
        return value
    return parse_number(_visible(value).strip(), lang)


def _prepare(template: str, values: dict[str, Any], lang: str) -> tuple[str, dict[str, Any]]:
    """Resolve plural choices and doubled full stops; write numbers in ``lang``."""
    template = _PLURAL.sub(
        lambda m: plural(_count(values.get(m.group(1)), lang), m.group(2), m.group(3)), template
    )
    template = _STOP.sub(
        lambda m: (
            m.group(0)[:-1]
            if m.group(1) in values and _visible(values[m.group(1)]).rstrip().endswith(".")
            else m.group(0)
        ),
        template,
    )
    shown = {k: format_number(v, lang) if is_number(v) else v for k, v in values.items()}
    return template, shown


def t(key: str, lang: str, **values: Any) -> str:
    """A text of the catalogue, with its placeholders filled.

    Examples
    --------
    >>> t("community_n", "es", n=3)
    'Subcluster 3'
    >>> t("map.no_coordinates", "es", n=1)
    '1 actor sin coordenadas se ubica en una fila bajo el mapa geográfico.'
    """
    text = texts(lang)[key]
    if not values:
        return _PLURAL.sub(lambda m: m.group(3), text) if "?" in text else text
    template, shown = _prepare(text, values, lang)
    return template.format(**shown)


def tm(key: str, lang: str, **values: Any) -> Markup:
    """A catalogue text as markup: its own tags are kept, every value not already
    :class:`~markupsafe.Markup` is escaped.

    Examples
    --------
    >>> str(tm("f_leads", "en", n=2, names="<b>A&B</b>"))
    '2 lead firms stand out: &lt;b&gt;A&amp;B&lt;/b&gt;.'
    """
    text = texts(lang)[key]
    if not values:
        return Markup(text)
    template, shown = _prepare(text, values, lang)
    return Markup(template).format(**shown)


def label(group: str, value: Any, lang: str) -> str:
    """Label of a category value (``label("kind", "firm", "es") == "empresa"``), or the
    value itself when the catalogue has none (sectors, municipalities, custom groups)."""
    return texts(lang).get(f"{group}.{value}", str(value))


def join(items: Iterable[Any], lang: str) -> str:
    """Items as a list in words: ``a, b and c`` / ``a, b y c``.

    Examples
    --------
    >>> join(["a", "b", "c"], "es"), join(["a"], "en")
    ('a, b y c', 'a')
    """
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('and', lang)} {items[-1]}"
