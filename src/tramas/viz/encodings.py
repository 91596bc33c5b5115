"""Visual encodings of a map: colour, size, shape and line style, each with its legend.

Every function takes actor (or tie) values and returns the visual value per item *and* the
legend section that explains it, so a map never uses an encoding without a legend.

Palettes
    Categorical values (community, kind, cognitive role, sector, ...) take the colours of
    one palette (:data:`PALETTES`) in order of frequency (or in a given order); rarer
    values share the palette's "other". The default, ``okabe-ito`` (Okabe & Ito 2008), is
    safe for colour-blind readers: under simulated deuteranopia and protanopia (Machado,
    Oliveira & Fernandes 2009, severity 1) its node, kind and relation colours stay at
    least 10 CIEDE2000 apart (tests/viz/test_palette.py). ``tableau`` is the look before
    #16 (not safe), ``print`` five viridis stops that stay apart in grey print. Numeric
    attributes with many distinct values take a sequential (viridis) gradient. Missing
    values are very light grey.
Sub-clusters
    Colour ``community`` shows sub-clusters (communities of two or more actors,
    :func:`tramas.metrics.communities.subclusters`), numbered as the analysis numbers
    them; every actor in no sub-cluster shares one grey legend entry, "no sub-cluster".
Shapes
    One vis-network shape per actor kind (:data:`KIND_SHAPES`); external actors keep
    their kind's shape with a dashed border, so colour is never the only cue to a kind.
Size
    Area-true: the radius grows with the square root of the value, so an actor with four
    times the degree covers four times the area (Tufte's "lie factor" kept near 1).

References
----------
Okabe, M. & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*.
Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A physiologically-based
model for simulation of color vision deficiency. *IEEE Transactions on Visualization and
Computer Graphics* 15(6), 1291-1298.
Sharma, G., Wu, W. & Dalal, E. N. (2005). The CIEDE2000 color-difference formula.
*Color Research & Application* 30(1), 21-30.
van der Walt, S. & Smith, N. (2015). *A better default colormap for Matplotlib* (viridis).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.locale import format_number, t
from tramas.viz.labels import kind_label, text

__all__ = [
    "CATEGORICAL",
    "DEFAULT_PALETTE",
    "FIRM_SHAPE",
    "GOVERNANCE_COLORS",
    "KIND_COLORS",
    "KIND_SHAPES",
    "NO_DATA",
    "NO_SUBCLUSTER",
    "OKABE_ITO",
    "OTHER",
    "PALETTES",
    "PRINT",
    "RELATION_COLORS",
    "TABLEAU",
    "UNKNOWN_KIND_SHAPE",
    "ColourScheme",
    "LegendEntry",
    "LegendSection",
    "categorical_colors",
    "colour_scheme",
    "continuous_colors",
    "display_text",
    "external_actors",
    "edge_widths",
    "governance_colors",
    "node_colors",
    "node_shapes",
    "node_sizes",
    "relation_colors",
    "shape_legend",
]

#: Okabe & Ito's colour-blind-safe palette (2008), in the order tramas uses it: every
#: pair stays at least 11 CIEDE2000 apart under simulated deuteranopia and protanopia
#: (Machado et al. 2009), and at least 12 from the greys of "no sub-cluster" and "other".
OKABE_ITO: tuple[str, ...] = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#d55e00",  # vermillion
    "#f0e442",  # yellow
    "#000000",  # black
)
#: Tableau 10 plus two: the colours of tramas' maps before #16. Not safe for colour-blind
#: readers: green and red (``#59a14f``, ``#e15759``) are 0.7 CIEDE2000 apart under
#: simulated deuteranopia.
TABLEAU: tuple[str, ...] = (
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
#: For black-and-white print: five stops of viridis (van der Walt & Smith 2015), each at
#: least 18 CIE L* from the next, so they stay apart in grey; "other" is black.
PRINT: tuple[str, ...] = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")

#: Colour palettes of categorical encodings, by name (``--palette``).
PALETTES: dict[str, tuple[str, ...]] = {"okabe-ito": OKABE_ITO, "tableau": TABLEAU, "print": PRINT}
#: The default palette: the colour-blind-safe one.
DEFAULT_PALETTE = "okabe-ito"
#: The default palette's colours (sub-clusters and other categories, in order).
CATEGORICAL: tuple[str, ...] = PALETTES[DEFAULT_PALETTE]

#: Values beyond the palette's colours share this light grey in charts (report); on maps
#: the palette's own "other" colour (:func:`colour_scheme`).
OTHER = "#bab0ac"
NO_DATA = "#eeeeee"
#: Actors in no sub-cluster (alone in their community): one neutral grey.
NO_SUBCLUSTER = "#c7c7c7"


@dataclass(frozen=True)
class ColourScheme:
    """Every categorical colour of one palette.

    ``colors`` are given in order to sub-clusters and other categories, ``other`` to the
    values beyond them; ``kinds``, ``relations`` and ``governance`` are the fixed colours
    of actor kinds, relations (in the study's order) and value-chain governance types.
    ``safe`` tells whether the palette passes tramas' colour-blind test (docs/maps.md).
    """

    colors: tuple[str, ...]
    other: str
    kinds: dict[str, str]
    relations: tuple[str, ...]
    governance: dict[str, str]
    safe: bool


_SCHEMES: dict[str, ColourScheme] = {
    "okabe-ito": ColourScheme(
        colors=OKABE_ITO,
        # a dark grey: every light grey comes within 10 ΔE00 of reddish purple under CVD
        other="#505050",
        kinds={
            "firm": "#0072b2",
            "government": "#d55e00",
            "research": "#009e73",
            "finance": "#f0e442",
            "association": "#cc79a7",
            "other": "#56b4e9",
        },
        # darker than the node colours: ties are drawn at 60 % opacity on white
        relations=("#0072b2", "#d55e00", "#009e73", "#000000", "#882255", "#56b4e9"),
        governance={
            "market": "#009e73",
            "modular": "#56b4e9",
            "network": "#0072b2",
            "relational": "#0072b2",
            "quasi_hierarchy": "#e69f00",
            "captive": "#e69f00",
            "hierarchy": "#d55e00",
            "unknown": "#b0b0b0",
        },
        safe=True,
    ),
    "tableau": ColourScheme(
        colors=TABLEAU,
        other="#bab0ac",
        kinds={
            "firm": "#4e79a7",
            "government": "#e15759",
            "research": "#59a14f",
            "finance": "#edc948",
            "association": "#b07aa1",
            "other": "#9c755f",
        },
        relations=(
            "#2b6cb0",
            "#c05621",
            "#2f855a",
            "#9b2c2c",
            "#6b46c1",
            "#975a16",
            "#b83280",
            "#2c7a7b",
        ),
        governance={
            "market": "#2ca02c",
            "modular": "#17becf",
            "network": "#1f77b4",
            "relational": "#1f77b4",
            "quasi_hierarchy": "#ff7f0e",
            "captive": "#ff7f0e",
            "hierarchy": "#b2182b",
            "unknown": "#9e9e9e",
        },
        safe=False,
    ),
    "print": ColourScheme(
        colors=PRINT,
        other="#000000",
        kinds={
            "firm": "#440154",
            "government": "#3b528b",
            "research": "#21918c",
            "finance": "#5ec962",
            "association": "#fde725",
            "other": "#000000",
        },
        relations=("#000000", "#3b528b", "#21918c", "#440154", "#5ec962"),
        # arm's length light to hierarchy dark, so the order survives grey print
        governance={
            "market": "#5ec962",
            "modular": "#21918c",
            "network": "#3b528b",
            "relational": "#3b528b",
            "quasi_hierarchy": "#440154",
            "captive": "#440154",
            "hierarchy": "#000000",
            "unknown": "#c7c7c7",
        },
        safe=False,
    ),
}

#: Fixed colours of the actor kinds in the default palette, so every map reads the same.
KIND_COLORS: dict[str, str] = _SCHEMES[DEFAULT_PALETTE].kinds
#: Tie colours by relation in the default palette, in the study's order of relations.
RELATION_COLORS: tuple[str, ...] = _SCHEMES[DEFAULT_PALETTE].relations
#: Tie colours by governance of the value chain in the default palette (both schemes:
#: Humphrey & Schmitz's four types and Gereffi, Humphrey & Sturgeon's five), from arm's
#: length (bluish green) to hierarchy (vermillion); ``unknown`` (no evidence) a mid grey
#: that still shows on white.
GOVERNANCE_COLORS: dict[str, str] = _SCHEMES[DEFAULT_PALETTE].governance

#: Viridis, five stops, for numeric colour scales.
_SEQUENTIAL: tuple[str, ...] = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")

#: vis-network shape of each actor kind, all different; an external actor keeps its
#: kind's shape and gets a dashed border.
KIND_SHAPES: dict[str, str] = {
    "firm": "dot",
    "government": "square",
    "research": "triangle",
    "finance": "diamond",
    "association": "triangleDown",
    "other": "hexagon",
}
FIRM_SHAPE = KIND_SHAPES["firm"]
#: Shape of an actor whose kind is not one of :data:`tramas.graph.model.KINDS`.
UNKNOWN_KIND_SHAPE = "star"


def colour_scheme(palette: str = DEFAULT_PALETTE) -> ColourScheme:
    """The colours of the palette called ``palette`` (:data:`PALETTES`).

    Raises
    ------
    TramasError
        Code ``map_palette`` for an unknown name, listing the known ones.

    Examples
    --------
    >>> colour_scheme("okabe-ito").colors[:2]
    ('#0072b2', '#e69f00')
    >>> colour_scheme("tableau").kinds["firm"]
    '#4e79a7'
    """
    scheme = _SCHEMES.get(palette) if isinstance(palette, str) else None
    if scheme is None:
        known = ", ".join(PALETTES)
        raise TramasError(
            f"unknown palette {palette!r}",
            hint=f"use one of {known}",
            code="map_palette",
            values={"palette": str(palette), "known": known},
        )
    return scheme


def relation_colors(palette: str = DEFAULT_PALETTE) -> tuple[str, ...]:
    """Tie colours by relation in ``palette``, in the study's order of relations (a
    study with more relations reuses them from the first).

    Examples
    --------
    >>> relation_colors()[:3]
    ('#0072b2', '#d55e00', '#009e73')
    """
    return colour_scheme(palette).relations


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
    max_colors: int | None = None,
    other_label: str | None = None,
    missing_label: str | None = None,
    missing_color: str = NO_DATA,
    palette: str = DEFAULT_PALETTE,
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
        Values beyond this many share the grey "other" colour (default: as many as
        the palette has colours).
    other_label:
        Legend label of those values (default "other (n values)").
    missing_label, missing_color:
        Legend label and colour of missing values (default "no data", very light grey).
    palette:
        Name of the palette (:data:`PALETTES`); its colours are given in order.

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
    scheme = colour_scheme(palette)
    limit = len(scheme.colors) if max_colors is None else max_colors
    free = iter(scheme.colors)
    other = scheme.other
    mapping: dict[str, str] = {}
    shown: list[str] = []
    rest: list[str] = []
    for v in ranked:  # a value takes its fixed colour or the next free one, while any is left
        colour = (fixed or {}).get(v) or (next(free, None) if len(shown) < limit else None)
        if colour is None or len(shown) >= limit:
            rest.append(v)
        else:
            mapping[v] = colour
            shown.append(v)
    colours = pd.Series(missing_color, index=values.index, dtype=object)
    colours[~missing] = [mapping.get(v, other) for v in present]
    entries = [LegendEntry(label=(labels or {}).get(v, v), color=mapping[v]) for v in shown]
    if rest:
        label = other_label or text(lang, "other_values", n=len(rest))
        entries.append(LegendEntry(label=label, color=other))
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

    ``encoding`` ``"kind"`` uses the palette's fixed kind colours; ``"community"`` takes
    sub-cluster numbers (missing = in no sub-cluster, one grey "no sub-cluster" entry)
    and orders them by number, labelled by ``names`` (sub-cluster number as text →
    name) where given; numeric values with more distinct values than the palette has
    colours get a gradient, anything else the categorical palette ``palette`` (:data:`PALETTES`).

    Examples
    --------
    >>> colours, legend = node_colors(pd.Series([2, 1, None]), "sub-cluster",
    ...                               encoding="community")
    >>> colours.tolist()
    ['#e69f00', '#0072b2', '#c7c7c7']
    >>> node_colors(pd.Series(["a"]), "x", palette="tableau")[0].tolist()
    ['#4e79a7']
    """
    title = text(lang, "node_colour", what=what)
    scheme = colour_scheme(palette)
    if encoding == "kind":
        from tramas.graph.model import KINDS

        return categorical_colors(
            values,
            title,
            lang=lang,
            order=KINDS,
            fixed=scheme.kinds,
            labels={k: kind_label(lang, k) for k in KINDS},
            palette=palette,
        )
    if encoding == "community":
        present = values.dropna().unique()
        order = sorted(present, key=lambda v: (len(str(v)), str(v)))
        rest = max(0, len(order) - len(scheme.colors))
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
            palette=palette,
        )
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if numeric and values.nunique(dropna=True) > len(scheme.colors):
        return continuous_colors(values, title, lang=lang)
    return categorical_colors(values, title, lang=lang, palette=palette)


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
    """vis-network shape per actor, one per kind (:data:`KIND_SHAPES`).

    Firm ``dot``, government ``square``, research ``triangle``, finance ``diamond``,
    association ``triangleDown``, other ``hexagon``; a missing kind is a firm (the data
    format's default) and a kind outside the model a ``star``. External actors keep
    their kind's shape: :func:`external_actors` marks them for a dashed border.

    Examples
    --------
    >>> node_shapes(pd.DataFrame({"kind": ["firm", "research", None]})).tolist()
    ['dot', 'triangle', 'dot']
    """
    kind = (
        actors["kind"].astype(object).where(actors["kind"].notna(), "firm").astype(str)
        if "kind" in actors
        else pd.Series("firm", index=actors.index)
    )
    return kind.map(lambda k: KIND_SHAPES.get(k, UNKNOWN_KIND_SHAPE)).astype(object)


def external_actors(actors: pd.DataFrame) -> np.ndarray:
    """Whether each actor is external (its ``internal`` flag false; missing = internal).

    Examples
    --------
    >>> external_actors(pd.DataFrame({"internal": [True, False, None]})).tolist()
    [False, True, False]
    """
    if "internal" not in actors:
        return np.zeros(len(actors), dtype=bool)
    flag = actors["internal"].astype(object).where(actors["internal"].notna(), True)
    return ~flag.astype(bool).to_numpy()


def shape_legend(
    shapes: pd.Series, *, lang: str = "en", external: Sequence[bool] | None = None
) -> LegendSection:
    """Legend of the node shapes actually used: each kind present with its shape, in
    the model's order of kinds, and a dashed outline for external actors if any.

    Examples
    --------
    >>> legend = shape_legend(pd.Series(["square", "dot"]), external=[False, True])
    >>> [(e.label, e.shape, e.dashed) for e in legend.entries]
    [('firm', 'dot', False), ('government', 'square', False), ('external actor (dashed outline)', 'dot', True)]
    """
    from tramas.graph.model import KINDS

    used = set(shapes)
    entries = [
        LegendEntry(label=kind_label(lang, k), shape=KIND_SHAPES[k], color="#666666")
        for k in KINDS
        if KIND_SHAPES[k] in used
    ]
    if UNKNOWN_KIND_SHAPE in used:
        entries.append(
            LegendEntry(
                label=text(lang, "shape_other_kind"), shape=UNKNOWN_KIND_SHAPE, color="#666666"
            )
        )
    if external is not None and bool(np.any(external)):
        entries.append(
            LegendEntry(
                label=text(lang, "shape_external_dashed"), shape="dot", color="#ffffff", dashed=True
            )
        )
    return LegendSection(title=text(lang, "node_shape"), kind="shape", entries=tuple(entries))


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
    values: pd.Series, types: Sequence[str], *, lang: str = "en", palette: str = DEFAULT_PALETTE
) -> tuple[pd.Series, LegendSection]:
    """Colour value-chain ties by their governance, with a legend of every type.

    Each governance type of the scheme (``types``, e.g. ``market``, ``network``,
    ``quasi_hierarchy``, ``hierarchy`` for Humphrey & Schmitz 2002) keeps the same colour
    on every map of a palette (:data:`GOVERNANCE_COLORS` in the default one); a tie whose governance the evidence does
    not determine (``unknown``, or missing) is grey. The legend lists every type of the
    scheme and ``unknown``, so a type absent from the map is seen to be absent.

    Parameters
    ----------
    values:
        Governance key per tie (index kept).
    types:
        The scheme's types, in legend order.
    palette:
        Name of the palette (:data:`PALETTES`) whose governance colours are used.

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
    ['#009e73', '#b0b0b0', '#b0b0b0']
    >>> [e.label for e in legend.entries]
    ['market', 'hierarchy', 'unknown']
    """
    keys = values.astype(object).where(values.notna(), "unknown").astype(str)
    keys = keys.where(keys.isin(list(types)), "unknown")
    scheme = colour_scheme(palette).governance
    colours = keys.map(lambda k: scheme.get(k, OTHER)).astype(object)
    entries = tuple(
        LegendEntry(label=t(f"governance.{k}", lang), color=scheme.get(k, OTHER))
        for k in (*[t for t in types if t != "unknown"], "unknown")
    )
    return colours, LegendSection(
        title=text(lang, "edge_colour_governance"), kind="line", entries=entries
    )
