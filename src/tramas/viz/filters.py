"""Filters of a map page: actors by attribute, ties by weight, isolates; the wave slider.

An actor or ego map lets its reader narrow what it shows without redrawing it: the page
(``static/filters.js``) hides the actors whose attributes were not chosen (values of one
attribute combine with *or*, attributes with *and*), the ties lighter than a minimum
weight, and on request the actors left without a visible tie. Hidden actors take their
ties along. Studies of three waves or more also get a **wave slider**: the page holds the
ties of every wave (laid out over their union, so actors stay put) and shows one wave at
a time, or all of them merged.

This module decides what the page may offer (:func:`filter_attributes`,
:func:`wave_slider`) and writes the two JSON blocks the page reads,
``data.filters`` and ``data.waves`` (:func:`map_filters`). Every word comes from the
``map.*`` catalogue in the page's language; survey values travel as JSON and reach the
page through the template's escaping or ``textContent``.

References
----------
Shneiderman, B. (1994). Dynamic queries for visual information seeking. *IEEE Software*
11(6), 70–77.
W3C (2023). *Web Content Accessibility Guidelines (WCAG) 2.2*: 2.1.1 Keyboard, 2.4.7 Focus
Visible, 4.1.3 Status Messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.network import Network
from tramas.locale import format_number
from tramas.locale.catalogue import texts
from tramas.viz.encodings import display_text
from tramas.viz.labels import kind_label, size_label, text

__all__ = [
    "HIDDEN_WHEN_ANONYMIZED",
    "MAX_VALUES",
    "MIN_SLIDER_WAVES",
    "filter_attributes",
    "map_filters",
    "wave_payload",
    "wave_slider",
]

#: An attribute with more distinct values than this is not offered as a filter.
MAX_VALUES = 30
#: A numeric column is a category only with at most this many distinct values (else it
#: is a measurement: employees, founding year, coordinates).
MAX_NUMERIC_VALUES = 10
#: Studies with at least this many waves get the wave slider (two waves keep the change map).
MIN_SLIDER_WAVES = 3
#: Columns an anonymised map never offers (the anonymisation hides them).
HIDDEN_WHEN_ANONYMIZED: frozenset[str] = frozenset({"municipality"})
#: Columns that identify or place an actor: never a filter.
_NOT_CATEGORIES: frozenset[str] = frozenset(
    {"id", "name", "aliases", "alias", "lat", "lon", "latitude", "longitude", "x", "y", "label"}
)
#: Known attributes first, in this order; other columns follow in table order.
_FIRST: tuple[str, ...] = (
    "kind",
    "size",
    "ownership",
    "sector",
    "stage",
    "region",
    "municipality",
    "internal",
)
_TITLES = {"kind": "f_kind", "size": "f_size", "subcluster": "f_community"}


def _title(column: str, lang: str) -> str:
    key = _TITLES.get(column, f"attr_{column}")
    return text(lang, key) if f"map.{key}" in texts(lang) else column


def _is_bool(values: pd.Series) -> bool:
    kept = values.dropna()
    return pd.api.types.is_bool_dtype(values) or (
        len(kept) > 0 and kept.map(lambda v: isinstance(v, bool | np.bool_)).all()
    )


def _attribute(
    key: str,
    label: str,
    shown: pd.Series,
    order: Sequence[str] | None = None,
    keys: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """One attribute: its values (in ``order``, else most frequent first) and each actor's code.

    ``shown`` holds each actor's value as the page shows it ("" = missing); ``keys``
    maps a shown value to the data's own (``empresa`` -> ``firm``), which the page's
    ``setAttributeFilter`` accepts too. ``None`` when the attribute cannot narrow the map
    (fewer than two choices) or has too many values.
    """
    present = shown[shown != ""]
    counts = present.value_counts()
    if order is not None:
        values = [v for v in order if v in counts.index]
        values += sorted(v for v in counts.index if v not in set(values))
    else:
        values = sorted(counts.index, key=lambda v: (-int(counts[v]), v))
    n_missing = int((shown == "").sum())
    if len(values) > MAX_VALUES or len(values) + (n_missing > 0) < 2:
        return None
    position = {v: k for k, v in enumerate(values)}
    return {
        "key": key,
        "label": label,
        "values": values,
        "codes": [position.get(v, -1) for v in shown],
        "counts": [int(counts[v]) for v in values],
        "missing": n_missing,
        "keys": [(keys or {}).get(v, v) for v in values],
    }


def filter_attributes(
    actors: pd.DataFrame,
    measures: pd.DataFrame | None = None,
    *,
    lang: str,
    anonymized: bool = False,
    subclusters: bool = True,
) -> list[dict[str, Any]]:
    """The categorical attributes a map can filter its actors by, with each actor's value.

    Offered: kind, size, ownership, sector, stage, region, municipality, internal or
    external, the sub-cluster (by the names the legend uses: ``subcluster_name`` of the
    analysis, else "Sub-cluster n" of ``community``; actors in none are "no sub-cluster"),
    the cognitive role (in words), and any other actor column with 2 to
    :data:`MAX_VALUES` distinct values — never ids, names, aliases or coordinates, never
    numeric columns with more than :data:`MAX_NUMERIC_VALUES` values, and in anonymised
    maps never a column the anonymisation hides (:data:`HIDDEN_WHEN_ANONYMIZED`) nor a
    column outside the known attributes (it could single an actor out).

    Parameters
    ----------
    actors:
        The drawn actors (rows in page order).
    measures:
        Their measures (``subcluster_name``, ``community``, ``cognitive_role``).
    lang:
        Language of the labels.
    anonymized:
        The map shows codes instead of names.
    subclusters:
        Offer the sub-cluster (not in a change map, whose colours are the baseline's).

    Returns
    -------
    list of dict
        ``{"key", "label", "values", "codes", "counts", "missing", "keys"}``: the values
        as shown, per actor the position of its value in ``values`` (``codes``; -1 when
        missing), the actors of each value (``counts``), those without one
        (``missing``), and each value as the data write it (``keys``: ``firm`` for
        ``empresa``).

    Examples
    --------
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": ["firm", "research", "firm"],
    ...                        "municipality": ["Tunuyán", "Mendoza", None]})
    >>> [(a["key"], a["values"], a["codes"]) for a in filter_attributes(actors, lang="en")]
    [('kind', ['firm', 'research'], [0, 1, 0]), ('municipality', ['Mendoza', 'Tunuyán'], [1, 0, -1])]
    >>> [a["key"] for a in filter_attributes(actors, lang="en", anonymized=True)]
    ['kind']
    """
    from tramas.graph.model import KINDS, SIZES

    measures = pd.DataFrame(index=actors.index) if measures is None else measures
    measures = measures.reindex(actors.index)
    out: list[dict[str, Any]] = []

    def add(item: dict[str, Any] | None) -> None:
        if item is not None:
            out.append(item)

    def plain(col: str) -> pd.Series:
        return actors[col].map(lambda v: display_text(v, lang))

    # an anonymised map offers only the known attributes: any other column (a founding
    # year, a certification) can single an actor out
    rest = [] if anonymized else [str(c) for c in actors.columns if str(c) not in _FIRST]
    for col in [c for c in _FIRST if c in actors] + rest:
        if col.lower() in _NOT_CATEGORIES or (anonymized and col in HIDDEN_WHEN_ANONYMIZED):
            continue
        values = actors[col]
        if col == "kind":
            shown = values.map(lambda v: kind_label(lang, v) if display_text(v) else "")
            raw = {kind_label(lang, k): str(k) for k in values.dropna().unique()}
            add(
                _attribute(col, _title(col, lang), shown, [kind_label(lang, k) for k in KINDS], raw)
            )
        elif col == "size":
            shown = values.map(lambda v: size_label(lang, v) if display_text(v) else "")
            raw = {size_label(lang, k): str(k) for k in values.dropna().unique()}
            add(
                _attribute(col, _title(col, lang), shown, [size_label(lang, s) for s in SIZES], raw)
            )
        elif col == "internal":
            inside = values.map(lambda v: True if pd.isna(v) else bool(v))
            sides = {True: text(lang, "value_internal"), False: text(lang, "value_external")}
            raw = {sides[True]: "internal", sides[False]: "external"}
            add(_attribute(col, _title(col, lang), inside.map(sides), list(sides.values()), raw))
        elif _is_bool(values):
            yes_no = {True: text(lang, "yes"), False: text(lang, "no")}
            shown = values.map(lambda v, w=yes_no: "" if pd.isna(v) else w[bool(v)])
            raw = {yes_no[True]: "true", yes_no[False]: "false"}
            add(_attribute(col, _title(col, lang), shown, list(yes_no.values()), raw))
        elif pd.api.types.is_numeric_dtype(values):
            # a category only with few values, each shared by two actors on average
            if values.nunique() > min(MAX_NUMERIC_VALUES, len(values) / 2):
                continue
            order = [display_text(v, lang) for v in sorted(values.dropna().unique())]
            add(_attribute(col, _title(col, lang), plain(col), order))
        else:
            add(_attribute(col, _title(col, lang), plain(col)))
    if subclusters and ("subcluster_name" in measures or "community" in measures):
        none = text(lang, "no_subcluster")
        if "subcluster_name" in measures:
            names = measures["subcluster_name"].map(lambda v: display_text(v) or none)
            number = measures.get("subcluster", measures.get("community"))
        else:
            number = measures["community"]
            names = number.map(
                lambda v: text(lang, "community_n", n=display_text(v)) if display_text(v) else none
            )
        # sub-clusters in their number's order, "no sub-cluster" last
        key = pd.to_numeric(number, errors="coerce") if number is not None else None
        order = (
            list(dict.fromkeys(names[key.sort_values(na_position="last").index]))
            if key is not None
            else None
        )
        if order is not None and none in order:
            order = [v for v in order if v != none] + [none]
        add(_attribute("subcluster", _title("subcluster", lang), names, order))
    if "cognitive_role" in measures:
        from tramas.locale import label
        from tramas.metrics.roles import COGNITIVE_ROLES

        roles = measures["cognitive_role"].map(
            lambda v: label("role", v, lang) if display_text(v) else ""
        )
        add(
            _attribute(
                "cognitive_role",
                text(lang, "f_cognitive_role"),
                roles,
                [label("role", r, lang) for r in COGNITIVE_ROLES],
                {label("role", r, lang): r for r in COGNITIVE_ROLES},
            )
        )
    return out


# ---------------------------------------------------------------------------- waves
def wave_slider(network: Network, *, change: object | None = None) -> bool:
    """Whether an actor or ego map gets the wave slider: three waves or more, no change map.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B"]}, index=["a", "b"])
    >>> ties = pd.DataFrame({"source": ["a"] * 3, "target": ["b"] * 3,
    ...                      "relation": "trade", "wave": ["1", "2", "3"]})
    >>> wave_slider(Network(actors, ties)), wave_slider(Network(actors, ties.head(2)))
    (True, False)
    """
    return change is None and len(network.waves) >= MIN_SLIDER_WAVES


def wave_payload(
    network: Network, edges: pd.DataFrame, wave: str | None, *, lang: str
) -> dict[str, Any]:
    """The ``data.waves`` block of a map drawn with the wave slider.

    Parameters
    ----------
    edges:
        The drawn edges with column ``wave_index`` (position in ``network.waves``, -1
        for the ties of all waves merged), as
        :func:`tramas.viz.ties.relation_edges` gives them with ``by_wave=True``.
    wave:
        The map's wave (``None``: the latest; ``"all"``).

    Returns
    -------
    dict
        ``{"labels", "edgeWave", "initial", "allWaves", "text"}``: the wave labels, each
        edge's wave index, the slider's starting index (-1: all waves), for each merged
        edge the waves it appears in (for its tooltip), and the control's words.
    """
    labels = [str(w) for w in network.waves]
    chosen = network.select_wave(wave)
    initial = -1 if wave == "all" or chosen not in labels else labels.index(chosen)
    index = edges["wave_index"].to_numpy(dtype=int)
    keys = list(
        zip(edges["source"].astype(str), edges["target"].astype(str), edges["rel"], strict=True)
    )
    found: dict[tuple[str, str, int], list[str]] = {}
    for k, w in zip(keys, index, strict=True):
        if w >= 0:
            found.setdefault(k, []).append(labels[w])
    merged = {
        str(i): ", ".join(found.get(k, []))
        for i, (k, w) in enumerate(zip(keys, index, strict=True))
        if w < 0
    }
    return {
        "labels": labels,
        "edgeWave": [int(w) for w in index],
        "initial": initial,
        "allWaves": merged,
        "text": {
            "label": text(lang, "wave_slider"),
            "all": text(lang, "wave_all"),
            "note": text(lang, "wave_note_all")
            if wave == "all"
            else text(lang, "wave_note", wave=chosen or ""),
        },
    }


# ---------------------------------------------------------------------------- the blocks
def _weight_range(weights: np.ndarray) -> dict[str, float]:
    """Lowest and highest tie weight, and the step of the minimum-weight control: 1 for
    whole weights, else a hundredth of the range.

    Examples
    --------
    >>> _weight_range(np.array([1.0, 3.0, 2.0]))
    {'min': 1.0, 'max': 3.0, 'step': 1.0}
    >>> _weight_range(np.array([0.5, 0.75]))
    {'min': 0.5, 'max': 0.75, 'step': 0.0025}
    """
    if len(weights) == 0:
        return {"min": 0.0, "max": 0.0, "step": 1.0}
    low, high = float(weights.min()), float(weights.max())
    whole = bool(np.all(weights == np.round(weights))) and high - low >= 1
    step = 1.0 if whole or high == low else float(f"{(high - low) / 100:.3g}")
    return {"min": low, "max": high, "step": step}


def map_filters(
    network: Network,
    actors: pd.DataFrame,
    measures: pd.DataFrame,
    edges: pd.DataFrame,
    a: np.ndarray,
    b: np.ndarray,
    *,
    wave: str | None,
    lang: str,
    codes: dict[str, str] | None = None,
    change: object | None = None,
) -> dict[str, Any]:
    """The ``filters`` block of an actor or ego map, and ``waves`` when it has the slider.

    Parameters
    ----------
    network, actors, measures:
        The network, the drawn actors (page order) and their measures.
    edges, a, b:
        The drawn edges (``weight``; ``wave_index`` with the slider) and the page
        positions of their ends.
    wave, lang, codes, change:
        The map's wave and language, its anonymous codes (an anonymised map) and its
        change layer, if any.

    Returns
    -------
    dict
        ``{"filters": {"attributes", "weight": {"min", "max"}, "isolates", "text"}}``
        plus ``"waves"`` (:func:`wave_payload`). ``isolates`` counts the actors without
        a tie in the map's wave.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": ["firm", "firm", "research"]},
    ...                       index=["a", "b", "c"])
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade",
    ...                      "weight": [2.0]})
    >>> net = Network(actors, ties)
    >>> out = map_filters(net, actors, pd.DataFrame(index=actors.index), ties,
    ...                   np.array([0]), np.array([1]), wave=None, lang="en")
    >>> out["filters"]["weight"], out["filters"]["isolates"], "waves" in out
    ({'min': 2.0, 'max': 2.0, 'step': 1.0}, 1, False)
    """
    weights = edges["weight"].to_numpy(dtype=float) if len(edges) else np.zeros(0)
    out: dict[str, Any] = {}
    initial = np.ones(len(edges), dtype=bool)
    if "wave_index" in edges:
        out["waves"] = wave_payload(network, edges, wave, lang=lang)
        start = out["waves"]["initial"]
        initial = edges["wave_index"].to_numpy(dtype=int) == start
    linked = np.zeros(len(actors), dtype=bool)
    linked[np.asarray(a, dtype=int)[initial]] = True
    linked[np.asarray(b, dtype=int)[initial]] = True
    words = {
        k: text(lang, k)
        for k in ("filters", "filter_help", "filter_any", "filter_reset", "filter_weight")
    }
    words |= {
        "isolates": text(lang, "filter_isolates"),
        "missing": text(lang, "no_data"),
        "status": texts(lang)["map.filter_status"],  # filled by the page (plural choices)
        "thousands": format_number(1000, lang, "int")[1],
        "decimal": format_number(0.5, lang, "dec1")[1],
        "keys": text(lang, "filter_keys"),
        "map": text(lang, "map_keys"),
    }
    out["filters"] = {
        "attributes": filter_attributes(
            actors, measures, lang=lang, anonymized=bool(codes), subclusters=change is None
        ),
        "weight": _weight_range(weights),
        "isolates": int((~linked).sum()),
        "text": words,
    }
    return out
