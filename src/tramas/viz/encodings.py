"""Visual encodings of a map: colour, size, shape and line style, each with its legend.

Every function takes actor (or tie) values and returns the visual value per item *and* the
legend section that explains it, so a map never uses an encoding without a legend.

Colour scales
    Categorical values (community, kind, cognitive role, sector, ...) take one of twelve
    distinguishable colours in order of frequency (or in a given order); rarer values share
    grey "other". Numeric attributes with many distinct values take a sequential
    (viridis-like) gradient. Missing values are very light grey.
Sub-clusters
    Colour ``community`` shows sub-clusters (communities of two or more actors,
    :func:`tramas.metrics.communities.subclusters`), numbered as the analysis numbers
    them; every actor in no sub-cluster shares one grey legend entry, "no sub-cluster".
Size
    Area-true: the radius grows with the square root of the value, so an actor with four
    times the degree covers four times the area (Tufte's "lie factor" kept near 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from tramas.locale import format_number, t
from tramas.viz.labels import kind_label, text

__all__ = [
    "CATEGORICAL",
    "DEFAULT_PALETTE",
    "PALETTES",
    "EXTERNAL_SHAPE",
    "INSTITUTION_SHAPE",
    "FIRM_SHAPE",
    "GOVERNANCE_COLORS",
    "KIND_COLORS",
    "NO_DATA",
    "NO_SUBCLUSTER",
    "OTHER",
    "RELATION_COLORS",
    "LegendEntry",
    "LegendSection",
    "categorical_colors",
    "continuous_colors",
    "display_text",
    "edge_widths",
    "governance_colors",
    "node_colors",
    "node_shapes",
    "node_sizes",
    "shape_legend",
]

#: Twelve distinguishable colours (Tableau 10 plus two), used in order.
CATEGORICAL: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#1b9e77",
    "#7570b3",
    "#66a61e",
)
OTHER = "#bab0ac"
NO_DATA = "#eeeeee"
#: Actors in no sub-cluster (alone in their community): one neutral grey.
NO_SUBCLUSTER = "#c7c7c7"

#: Fixed colours of the actor kinds, so every map of every study reads the same.
KIND_COLORS: dict[str, str] = {
    "firm": "#4e79a7",
    "government": "#e15759",
    "research": "#59a14f",
    "finance": "#edc948",
    "association": "#b07aa1",
    "other": "#9c755f",
}

#: Tie colours by relation, in the study's order of relations.
RELATION_COLORS: tuple[str, ...] = (
    "#2b6cb0",
    "#c05621",
    "#2f855a",
    "#9b2c2c",
    "#6b46c1",
    "#975a16",
    "#b83280",
    "#2c7a7b",
)

#: Tie colours by governance of the value chain (both schemes: Humphrey & Schmitz's four
#: types and Gereffi, Humphrey & Sturgeon's five), from arm's length (green) to
#: hierarchy (dark red); ``unknown`` (no evidence) a mid grey that still shows on white.
GOVERNANCE_COLORS: dict[str, str] = {
    "market": "#2ca02c",
    "modular": "#17becf",
    "network": "#1f77b4",
    "relational": "#1f77b4",
    "quasi_hierarchy": "#ff7f0e",
    "captive": "#ff7f0e",
    "hierarchy": "#b2182b",
    "unknown": "#9e9e9e",
}

#: Viridis, five stops, for numeric colour scales.
_SEQUENTIAL: tuple[str, ...] = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")

FIRM_SHAPE = "dot"
INSTITUTION_SHAPE = "square"
EXTERNAL_SHAPE = "triangle"

#: Colour palettes of categorical encodings, by name (``--palette``).
PALETTES: dict[str, tuple[str, ...]] = {"tableau": CATEGORICAL}
DEFAULT_PALETTE = "tableau"

MIN_NODE_PX = 8.0
MAX_NODE_PX = 36.0


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: a label and how it looks (colour, shape, size, line, halo)."""

    label: str
    color: str | None = None
    shape: str | None = None
    size: float | None = None
    dashed: bool = False
    arrow: bool = False
    width: float | None = None
    halo: str | None = None


@dataclass(frozen=True)
class LegendSection:
    """A legend block explaining one encoding.

    ``kind`` tells the page how to draw the entries: ``swatch`` (colour squares),
    ``gradient`` (first and last entry are the ends of a colour ramp), ``size`` (circles),
    ``shape`` (node shapes) or ``line`` (tie styles).
    """

    title: str
    kind: Literal["swatch", "gradient", "size", "shape", "line"]
    entries: tuple[LegendEntry, ...] = field(default_factory=tuple)


def display_text(value: object, lang: str = "en") -> str:
    """A value as shown on a map: blank for missing, ``true``/``false``, numbers to three
    significant digits (:func:`tramas.locale.format_number`, style ``sig3``).

    Examples
    --------
    >>> display_text(12.0), display_text(0.012345), display_text(1234.5, "es")
    ('12', '0.0123', '1.234')
    >>> display_text(None), display_text(True), display_text("Acme")
    ('', 'true', 'Acme')
    """
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return (
        format_number(value, lang, "sig3")
        if isinstance(value, (int, float, np.number))
        else str(value)
    )


def _missing(values: pd.Series) -> np.ndarray:
    return (
        values.isna().to_numpy()
        | (values.astype("string").str.strip() == "").fillna(True).to_numpy()
    )


def categorical_colors(
    values: pd.Series,
    title: str,
    *,
    lang: str = "en",
    order: Sequence[object] | None = None,
    fixed: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    max_colors: int = len(CATEGORICAL),
    other_label: str | None = None,
    missing_label: str | None = None,
    missing_color: str = NO_DATA,
) -> tuple[pd.Series, LegendSection]:
    """Colour each item by a categorical value.

    Parameters
    ----------
    values:
        One value per item (index kept).
    title:
        Legend title.
    order:
        Values in legend order; default most frequent first (ties by value).
    fixed:
        Colours for given values (e.g. :data:`KIND_COLORS`), used before the palette.
    labels:
        Display label per value (default the value itself).
    max_colors:
        Values beyond this many share the grey "other" colour.
    other_label:
        Legend label of those values (default "other (n values)").
    missing_label, missing_color:
        Legend label and colour of missing values (default "no data", very light grey).

    Returns
    -------
    colours, legend
        Hex colours indexed like ``values`` and the legend section.
    """
    missing = _missing(values)
    present = values[~missing].astype(str)
    counts = present.value_counts()
    if order is None:
        ranked = sorted(counts.index, key=lambda v: (-counts[v], v))
    else:
        wanted = [str(v) for v in order]
        ranked = [v for v in wanted if v in counts.index]
        ranked += sorted(
            (v for v in counts.index if v not in wanted), key=lambda v: (-counts[v], v)
        )
    shown = ranked[:max_colors]
    rest = ranked[max_colors:]
    palette = iter(CATEGORICAL)
    mapping: dict[str, str] = {}
    for v in shown:
        mapping[v] = (fixed or {}).get(v) or next(palette, OTHER)
    colours = pd.Series(missing_color, index=values.index, dtype=object)
    colours[~missing] = [mapping.get(v, OTHER) for v in present]
    entries = [LegendEntry(label=(labels or {}).get(v, v), color=mapping[v]) for v in shown]
    if rest:
        label = other_label or text(lang, "other_values", n=len(rest))
        entries.append(LegendEntry(label=label, color=OTHER))
    if missing.any():
        entries.append(
            LegendEntry(label=missing_label or text(lang, "no_data"), color=missing_color)
        )
    return colours, LegendSection(title=title, kind="swatch", entries=tuple(entries))


def _interpolate(stops: Sequence[str], t: np.ndarray) -> list[str]:
    rgb = np.array([[int(s[i : i + 2], 16) for i in (1, 3, 5)] for s in stops], dtype=float)
    pos = np.clip(t, 0.0, 1.0) * (len(stops) - 1)
    lo = np.minimum(np.floor(pos).astype(int), len(stops) - 2)
    frac = (pos - lo)[:, None]
    mixed = rgb[lo] * (1 - frac) + rgb[lo + 1] * frac
    return ["#{:02x}{:02x}{:02x}".format(*map(int, np.rint(row))) for row in mixed]


def continuous_colors(
    values: pd.Series, title: str, *, lang: str = "en"
) -> tuple[pd.Series, LegendSection]:
    """Colour each item on a sequential gradient from the smallest to the largest value."""
    num = pd.to_numeric(values, errors="coerce").astype(float)
    ok = num.notna().to_numpy()
    colours = pd.Series(NO_DATA, index=values.index, dtype=object)
    entries: list[LegendEntry] = []
    if ok.any():
        lo, hi = float(num[ok].min()), float(num[ok].max())
        span = hi - lo
        t = (num[ok].to_numpy() - lo) / span if span > 0 else np.full(int(ok.sum()), 0.5)
        colours[ok] = _interpolate(_SEQUENTIAL, t)
        entries = [
            LegendEntry(label=format_number(lo, lang, "sig3"), color=_SEQUENTIAL[0]),
            LegendEntry(label=format_number(hi, lang, "sig3"), color=_SEQUENTIAL[-1]),
        ]
    if not ok.all():
        entries.append(LegendEntry(label=text(lang, "no_data"), color=NO_DATA))
    return colours, LegendSection(title=title, kind="gradient", entries=tuple(entries))


def node_colors(
    values: pd.Series,
    what: str,
    *,
    lang: str = "en",
    encoding: str | None = None,
    palette: str = DEFAULT_PALETTE,
    names: dict[str, str] | None = None,
) -> tuple[pd.Series, LegendSection]:
    """Colour actors by ``values``, choosing the scale from the encoding and the data.

    ``encoding`` ``"kind"`` uses the fixed kind colours; ``"community"`` takes sub-cluster
    numbers (missing = in no sub-cluster, one grey "no sub-cluster" entry) and orders
    them by number, labelled by ``names`` (sub-cluster number as text → name) where
    given; numeric values with more than twelve distinct values get a gradient,
    anything else the categorical palette.
    """
    title = text(lang, "node_colour", what=what)
    if encoding == "kind":
        from tramas.graph.model import KINDS

        return categorical_colors(
            values,
            title,
            lang=lang,
            order=KINDS,
            fixed=KIND_COLORS,
            labels={k: kind_label(lang, k) for k in KINDS},
        )
    if encoding == "community":
        present = values.dropna().unique()
        order = sorted(present, key=lambda v: (len(str(v)), str(v)))
        rest = max(0, len(order) - len(CATEGORICAL))
        return categorical_colors(
            values,
            title,
            lang=lang,
            order=order,
            labels={
                str(v): (names or {}).get(str(v)) or text(lang, "community_n", n=v) for v in order
            },
            other_label=text(lang, "other_communities", n=rest),
            missing_label=text(lang, "no_subcluster"),
            missing_color=NO_SUBCLUSTER,
        )
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if numeric and values.nunique(dropna=True) > len(CATEGORICAL):
        return continuous_colors(values, title, lang=lang)
    return categorical_colors(values, title, lang=lang)


def _nice(value: float) -> float:
    """Round a legend value to two significant digits (2.5 -> 2.5, 1234 -> 1200)."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def node_sizes(
    values: pd.Series,
    what: str,
    *,
    lang: str = "en",
    min_px: float = MIN_NODE_PX,
    max_px: float = MAX_NODE_PX,
) -> tuple[pd.Series, LegendSection]:
    """Node radius in pixels from a non-negative measure, area-true (square-root scale).

    Notes
    -----
    .. math:: r_i = r_{min} + (r_{max} - r_{min}) \\sqrt{(v_i - v_{min}) / (v_{max} - v_{min})}

    Missing values get the smallest size.

    Examples
    --------
    >>> sizes, _ = node_sizes(pd.Series([0.0, 1.0, 4.0]), "degree", min_px=0, max_px=20)
    >>> sizes.tolist()
    [0.0, 10.0, 20.0]
    """
    num = pd.to_numeric(values, errors="coerce").astype(float)
    ok = num.notna()
    sizes = pd.Series(min_px, index=values.index, dtype=float)
    if not ok.any():
        return sizes, LegendSection(title=text(lang, "node_size", what=what), kind="size")
    lo, hi = float(num[ok].min()), float(num[ok].max())
    span = hi - lo
    frac = ((num[ok] - lo) / span).clip(0, 1) if span > 0 else pd.Series(0.5, index=num[ok].index)
    sizes[ok] = min_px + (max_px - min_px) * np.sqrt(frac.to_numpy())
    samples = [lo, _nice((lo + hi) / 2), hi] if span > 0 else [lo]
    samples = sorted(set(samples))
    entries = tuple(
        LegendEntry(
            label=format_number(v, lang, "sig3"),
            size=float(
                min_px + (max_px - min_px) * math.sqrt((v - lo) / span if span > 0 else 0.5)
            ),
        )
        for v in samples
    )
    return sizes, LegendSection(
        title=text(lang, "node_size", what=what), kind="size", entries=entries
    )


def node_shapes(actors: pd.DataFrame) -> pd.Series:
    """vis-network shape per actor: firm ``dot``, institution ``square``, external ``triangle``.

    An actor is external when its ``internal`` flag is false; institutions are every
    internal actor whose ``kind`` is not ``firm``.
    """
    internal = (
        actors["internal"].fillna(True).astype(bool)
        if "internal" in actors
        else pd.Series(True, index=actors.index)
    )
    kind = (
        actors["kind"].fillna("firm").astype(str)
        if "kind" in actors
        else pd.Series("firm", index=actors.index)
    )
    shapes = np.where(
        ~internal.to_numpy(),
        EXTERNAL_SHAPE,
        np.where(kind.to_numpy() == "firm", FIRM_SHAPE, INSTITUTION_SHAPE),
    )
    return pd.Series(shapes, index=actors.index, dtype=object)


def shape_legend(shapes: pd.Series, *, lang: str = "en") -> LegendSection:
    """Legend of the node shapes actually used, in a fixed order."""
    used = set(shapes)
    entries = tuple(
        LegendEntry(label=text(lang, key), shape=shape, color="#666666")
        for shape, key in (
            (FIRM_SHAPE, "shape_firm"),
            (INSTITUTION_SHAPE, "shape_institution"),
            (EXTERNAL_SHAPE, "shape_external"),
        )
        if shape in used
    )
    return LegendSection(title=text(lang, "node_shape"), kind="shape", entries=entries)


def edge_widths(weights: np.ndarray, *, min_px: float = 1.0, max_px: float = 6.0) -> np.ndarray:
    """Tie width in pixels, linear in the weight between its smallest and largest value.

    Examples
    --------
    >>> edge_widths(np.array([1.0, 2.0, 3.0])).tolist()
    [1.0, 3.5, 6.0]
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        return w
    lo, hi = float(np.nanmin(w)), float(np.nanmax(w))
    if hi - lo <= 0:
        return np.full(w.shape, min_px + 0.5)
    return np.round(min_px + (max_px - min_px) * (np.nan_to_num(w, nan=lo) - lo) / (hi - lo), 2)


def governance_colors(
    values: pd.Series, types: Sequence[str], *, lang: str = "en"
) -> tuple[pd.Series, LegendSection]:
    """Colour value-chain ties by their governance, with a legend of every type.

    Each governance type of the scheme (``types``, e.g. ``market``, ``network``,
    ``quasi_hierarchy``, ``hierarchy`` for Humphrey & Schmitz 2002) keeps the same colour
    on every map (:data:`GOVERNANCE_COLORS`); a tie whose governance the evidence does
    not determine (``unknown``, or missing) is grey. The legend lists every type of the
    scheme and ``unknown``, so a type absent from the map is seen to be absent.

    Parameters
    ----------
    values:
        Governance key per tie (index kept).
    types:
        The scheme's types, in legend order.

    Returns
    -------
    colours, legend
        Hex colours indexed like ``values``, and a ``line`` legend section.

    References
    ----------
    Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
    upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
    Gereffi, G., Humphrey, J. & Sturgeon, T. (2005). The governance of global value
    chains. *Review of International Political Economy* 12(1), 78-104.

    Examples
    --------
    >>> colours, legend = governance_colors(
    ...     pd.Series(["market", "unknown", None]), ("market", "hierarchy")
    ... )
    >>> colours.tolist()
    ['#2ca02c', '#9e9e9e', '#9e9e9e']
    >>> [e.label for e in legend.entries]
    ['market', 'hierarchy', 'unknown']
    """
    keys = values.astype(object).where(values.notna(), "unknown").astype(str)
    keys = keys.where(keys.isin(list(types)), "unknown")
    colours = keys.map(lambda k: GOVERNANCE_COLORS.get(k, OTHER)).astype(object)
    entries = tuple(
        LegendEntry(label=t(f"governance.{k}", lang), color=GOVERNANCE_COLORS.get(k, OTHER))
        for k in (*[t for t in types if t != "unknown"], "unknown")
    )
    return colours, LegendSection(
        title=text(lang, "edge_colour_governance"), kind="line", entries=entries
    )
