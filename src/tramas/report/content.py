"""The building blocks of a report and the context every section is written in.

A report is a list of :class:`Section` objects, each a list of blocks — paragraphs,
tables, charts, lists and the map — that the template renders in order. Nothing here
computes a measure: sections read the :class:`~tramas.metrics.AnalysisResult` and the
:class:`~tramas.report.null_models.NullModelComparison` and put their numbers into words
and tables.

Every number shown in a report goes through :meth:`ReportContext.fig` (a figure in a
sentence) or a :class:`Table` cell, which carry the exact value in a ``data-value``
attribute beside the formatted text, so tests and readers' scripts can check the report
against the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from markupsafe import Markup

import tramas.locale as i18n
from tramas.graph.network import Network

__all__ = [
    "ACTOR_ROWS",
    "Block",
    "Chart",
    "Column",
    "Definitions",
    "Items",
    "MapBlock",
    "Paragraph",
    "ReportContext",
    "Section",
    "Table",
    "category_order",
    "raw_value",
]

#: How a number is shown (see :func:`tramas.locale.format_number`); in a table
#: column, ``row`` takes the style from the row's ``style_<column>`` column if there is
#: one, else from its ``style`` column.
#: Rows of actor lists shown in a report (the CSV files have them all).
ACTOR_ROWS = 100

Style = Literal[
    "text",
    "int",
    "dec1",
    "dec2",
    "dec3",
    "pct",
    "pct0",
    "pp",
    "z",
    "p",
    "auto",
    "row",
    "+int",
    "+dec1",
    "+dec2",
    "+dec3",
    "+pp",
]


@dataclass(frozen=True)
class Column:
    """A table column: the frame column ``key``, its header and how numbers are shown."""

    key: str
    label: str
    style: Style = "text"


@dataclass(frozen=True)
class Table:
    """A table of the report, also written as ``<key>.csv`` and a sheet of the workbook.

    ``frame`` holds the exact values (its index is the row key: an actor id, or its
    code in an anonymised report, or a category); ``columns`` say which columns are
    shown and how. ``index_label`` names the index column in the CSV; ``compact``
    tables are narrow and may sit side by side, ``wide`` ones (many columns) are set
    smaller with wrapping headers; ``html_rows`` limits the rows shown in the report (the
    CSV and the workbook keep them all).
    """

    key: str
    title: str
    frame: pd.DataFrame
    columns: tuple[Column, ...]
    index_label: str = "id"
    note: str = ""
    compact: bool = False
    html_rows: int | None = None
    wide: bool = False

    def rows(self) -> list[tuple[str, pd.Series]]:
        """Rows shown in the report: ``(row key, values)``."""
        frame = self.frame if self.html_rows is None else self.frame.head(self.html_rows)
        return [(str(k), row) for k, row in frame.iterrows()]

    @property
    def hidden_rows(self) -> int:
        """Rows left out of the report (they are in the CSV)."""
        return 0 if self.html_rows is None else max(0, len(self.frame) - self.html_rows)


@dataclass(frozen=True)
class Paragraph:
    """Text of the report (already escaped: survey text inside is escaped).

    ``kind``: ``text``, ``note`` (smaller, for caveats) or ``heading`` (a sub-heading).
    """

    html: Markup
    kind: Literal["text", "note", "heading"] = "text"


@dataclass(frozen=True)
class Items:
    """A bullet list (each item escaped markup)."""

    items: tuple[Markup, ...]
    key: str = ""


@dataclass(frozen=True)
class Definitions:
    """Terms and their definitions (markup with formulas), e.g. the methodology."""

    items: tuple[tuple[str, Markup], ...]
    key: str = ""


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart with its caption."""

    key: str
    title: str
    svg: Markup
    caption: str = ""


@dataclass(frozen=True)
class MapBlock:
    """An interactive map (an ``iframe`` whose ``srcdoc`` is the map page) and, for
    print, a static drawing of the network (none when ``static_svg`` is empty) and a note.

    ``key`` names the map (``data-map`` of the frame, ``static_<key>`` of the drawing);
    ``title`` is the frame's title (default: the report's map title); ``howto`` says how
    to use the interactive map, on screen only.
    """

    html: str
    static_svg: Markup
    note: str
    key: str = "network"
    title: str = ""
    howto: str = ""


Block = Paragraph | Items | Definitions | Table | Chart | MapBlock


@dataclass
class Section:
    """One numbered section of the report."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block | None) -> Section:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def category_order(group: str | None, values: Sequence[str]) -> list[str]:
    """Categories present, in their natural order (kinds and sizes as in the model),
    then the others by frequency as given.

    Examples
    --------
    >>> category_order("size", ["small", "?", "micro", "large"])
    ['micro', 'small', 'large', '?']
    """
    from tramas.graph.model import KINDS, OWNERSHIPS, SIZES

    natural = {"kind": KINDS, "size": SIZES, "ownership": OWNERSHIPS}.get(group or "", ())
    present = list(dict.fromkeys(str(v) for v in values))
    return [v for v in natural if v in present] + [v for v in present if v not in natural]


def raw_value(value: Any) -> str | None:
    """The exact value of a number for a ``data-value`` attribute, or ``None``.

    Floats keep every digit (``repr``), so ``float(raw_value(x)) == x``.

    Examples
    --------
    >>> raw_value(0.1 + 0.2), raw_value(np.int64(3)), raw_value(float("nan")), raw_value("a")
    ('0.30000000000000004', '3', None, None)
    """
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else repr(f)
    return None


@dataclass(frozen=True)
class ReportContext:
    """What every section needs: the language, the inputs and how actors are named.

    Attributes
    ----------
    lang:
        Report language.
    network:
        The study's network (for the data-quality section and relation labels).
    analysis:
        The :class:`~tramas.metrics.AnalysisResult` the report renders.
    null:
        The comparison with random networks, or ``None`` when skipped.
    codes:
        Actor id → anonymous code when the report is anonymised, else ``None``.
    top:
        How many actors the "top" tables list.
    comparison:
        The :class:`~tramas.metrics.change.WaveComparison` of two waves shown in the
        "Change between waves" section, or ``None``.
    diagnosis:
        The :class:`~tramas.metrics.diagnosis.DiagnosisResult` of the value-chain and
        cluster-diagnosis sections, or ``None``.
    memo:
        What the sections compute once for the whole report (:meth:`once`).
    """

    lang: str
    network: Network
    analysis: Any
    null: Any = None
    codes: Mapping[str, str] | None = None
    top: int = 10
    comparison: Any = None
    diagnosis: Any = None
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` the first time ``key`` is asked for in this report, then the same value."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    # ------------------------------------------------------------------ words
    def t(self, key: str, **values: Any) -> str:
        """A catalogue text (plain)."""
        return i18n.t(key, self.lang, **values)

    def t_or(self, key: str, fallback: str) -> str:
        """A catalogue text, or ``fallback`` when the catalogue has none (a study's own
        label, such as a market it declares)."""
        return i18n.texts(self.lang).get(key, fallback)

    def tm(self, key: str, **values: Any) -> Markup:
        """A catalogue text as markup; values are escaped unless they are markup."""
        return i18n.tm(key, self.lang, **values)

    def num(self, value: Any, style: Style = "auto") -> str:
        return i18n.format_number(value, self.lang, style)

    def fig(self, key: str, value: Any, style: Style = "auto") -> Markup:
        """A figure inside a sentence: formatted text with its key and exact value."""
        raw = raw_value(value)
        attr = Markup(' data-value="{}"').format(raw) if raw is not None else Markup("")
        return Markup('<span class="fig" data-key="{}"{}>{}</span>').format(
            key, attr, self.num(value, style)
        )

    def category(self, group: str, value: Any) -> str:
        """Label of a category (``kind``/``size``/``role``... value), or the value itself."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return self.t("unknown")
        return i18n.label(group, str(value), self.lang)

    def relation_label(self, name: str, *, inline: bool = False) -> str:
        """The study's label of a relation when the report is in the study's language,
        else the catalogue's; ``inline`` lower-cases a capital initial (not acronyms)."""
        rel = self.network.relations.get(name) if self.network is not None else None
        if rel is not None and rel.label and self.lang == (self.network.study.lang or "en"):
            text = rel.label
        else:
            text = i18n.label("relation", name, self.lang)
        if inline and len(text) > 1 and text[0].isupper() and text[1].islower():
            text = text[0].lower() + text[1:]
        return text

    def join(self, words: Sequence[str]) -> str:
        """``a, b and c`` in the report's language."""
        words = [w for w in words if w]
        if len(words) <= 1:
            return "".join(words)
        return f"{', '.join(words[:-1])} {self.t('and')} {words[-1]}"

    # ------------------------------------------------------------------ actors
    @property
    def anonymized(self) -> bool:
        return self.codes is not None

    def key(self, actor_id: str) -> str:
        """Row key of an actor: its id, or its code in an anonymised report."""
        return self.codes.get(str(actor_id), str(actor_id)) if self.codes else str(actor_id)

    def name(self, actor_id: str) -> str:
        """How an actor is named: its name (else id), or its code when anonymised."""
        actor_id = str(actor_id)
        if self.codes is not None:
            return self.codes.get(actor_id, "?")
        actors = self.network.actors if self.network is not None else self.analysis.actors
        if actor_id in actors.index and "name" in actors.columns:
            value = actors.at[actor_id, "name"]
            if isinstance(value, str) and value.strip():
                return value
        return actor_id

    def actor_frame(self, ids: Sequence[str], columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
        """A table of actors keyed by :meth:`key` with a ``name`` column first."""
        ids = [str(i) for i in ids]
        frame = pd.DataFrame(
            {"name": [self.name(i) for i in ids], **{k: list(v) for k, v in columns.items()}},
            index=pd.Index([self.key(i) for i in ids], name="code" if self.anonymized else "id"),
        )
        return frame
