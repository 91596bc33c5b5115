"""Ties on a map: one edge per relation, drawn by relation colour, and their legend.

Each selected relation is viewed on its own (:meth:`tramas.graph.Network.view`), so
directed relations keep their arrows and undirected ones are combined by their own
symmetrisation rule; ties of several relations between the same pair become parallel
edges, the second and later ones drawn curved (:func:`parallel_rank`). Ties that carry
interview evidence show its data source and quote in their tooltip
(:func:`edge_evidence`; names replaced by codes on anonymised maps).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.evidence import QuoteRedactor, evidence_ties
from tramas.graph.network import Network
from tramas.locale import format_number, label, t
from tramas.viz.encodings import (
    DEFAULT_PALETTE,
    LegendEntry,
    LegendSection,
    governance_colors,
    relation_colors,
)
from tramas.viz.labels import text

__all__ = [
    "TIE_COLORS",
    "edge_evidence",
    "governance_edges",
    "parallel_rank",
    "relation_edges",
    "relation_styles",
    "tie_legend",
]

#: How ties may be coloured: by relation (default), or the value-chain (trade) ties by
#: their derived governance (:func:`governance_edges`).
TIE_COLORS: tuple[str, ...] = ("relation", "governance")


def relation_edges(
    network: Network,
    rels: list[str],
    wave: str | None,
    ids: pd.Index,
    *,
    by_wave: bool = False,
) -> tuple[pd.DataFrame, list[bool]]:
    """Edges of each relation among ``ids``, each relation with its own direction.

    Parameters
    ----------
    network, rels, ids:
        The network, the relations drawn (in map order) and the actors drawn.
    wave:
        The wave (``None``: the latest; ``"all"``: every wave merged).
    by_wave:
        The ties of **every** wave, for a map's wave slider: the edges of each wave of
        ``network.waves`` in turn (column ``wave_index``: its position), then those of all
        waves merged (``wave_index`` -1; a tie of several waves once, with its largest
        weight). ``wave`` is then unused.

    Returns
    -------
    edges, directed
        ``source``, ``target``, ``weight``, ``relation`` and ``rel`` (index into ``rels``),
        with ``by_wave`` also ``wave_index``, loops dropped; and whether each relation is
        directed.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"]}, index=["a", "b", "c"])
    >>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "b", "c"],
    ...                      "relation": "trade", "wave": ["1", "2", "3"]})
    >>> edges, _ = relation_edges(Network(actors, ties), ["trade"], None, actors.index,
    ...                           by_wave=True)
    >>> edges[["source", "target", "wave_index"]].values.tolist()
    [['a', 'b', 0], ['a', 'b', 1], ['b', 'c', 2], ['a', 'b', -1], ['b', 'c', -1]]
    """
    if by_wave:
        waves = [(str(w), k) for k, w in enumerate(network.waves)] + [("all", -1)]
        parts = []
        directed: list[bool] = []
        for label, index in waves:
            part, directed = relation_edges(network, rels, label, ids)
            part["wave_index"] = index
            parts.append(part)
        return pd.concat(parts, ignore_index=True), directed
    frames = []
    directed = []
    for i, rel in enumerate(rels):
        view = network.view(rel, wave=wave, actors=ids)
        directed.append(view.directed)
        e = view.edges()
        e["rel"] = i
        frames.append(e)
    edges = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({"source": [], "target": [], "weight": [], "relation": [], "rel": []})
    )
    edges = edges[edges["source"] != edges["target"]]
    return edges.reset_index(drop=True), directed


def parallel_rank(a: np.ndarray, b: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """0 for the first tie of a pair, 1, 2, ... for parallel ones (drawn curved).

    ``groups`` (e.g. the wave of each edge on a map with the wave slider) ranks the
    ties of each group on their own: edges never shown together are not curved apart.

    Examples
    --------
    >>> parallel_rank(np.array([0, 1, 0, 0]), np.array([1, 0, 2, 1]))
    array([0, 1, 0, 2])
    >>> parallel_rank(np.array([0, 1]), np.array([1, 0]), groups=np.array([0, 1]))
    array([0, 0])
    """
    if len(a) == 0:
        return np.zeros(0, dtype=int)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    frame = pd.DataFrame({"a": lo, "b": hi, "g": 0 if groups is None else groups})
    return frame.groupby(["g", "a", "b"]).cumcount().to_numpy()


def relation_styles(
    network: Network, rels: list[str], directed: list[bool], *, palette: str = DEFAULT_PALETTE
) -> list[dict[str, Any]]:
    """Key, label, colour (of ``palette``: :func:`tramas.viz.encodings.relation_colors`)
    and direction of each relation, in map order."""
    colours = relation_colors(palette)
    return [
        {
            "key": rel,
            "label": network.relations[rel].label or rel,
            "color": colours[i % len(colours)],
            "directed": bool(directed[i]),
        }
        for i, rel in enumerate(rels)
    ]


def tie_legend(
    relations: list[dict[str, Any]],
    weights: np.ndarray,
    *,
    lang: str,
    dashed: bool,
    weight_key: str,
) -> list[LegendSection]:
    sections = [
        LegendSection(
            title=text(lang, "edge_colour"),
            kind="line",
            entries=tuple(
                LegendEntry(label=r["label"], color=r["color"], arrow=r["directed"])
                for r in relations
            ),
        )
    ]
    style: list[LegendEntry] = []
    if dashed:
        style.append(LegendEntry(label=text(lang, "dashed_external"), color="#555555", dashed=True))
    if any(r["directed"] for r in relations):
        style.append(LegendEntry(label=text(lang, "arrow_directed"), color="#555555", arrow=True))
    if len(weights) and float(np.ptp(weights)) > 0:
        style.append(
            LegendEntry(
                label=text(
                    lang,
                    weight_key,
                    low=format_number(float(weights.min()), lang, "sig3"),
                    high=format_number(float(weights.max()), lang, "sig3"),
                ),
                color="#555555",
                width=4.0,
            )
        )
    if style:
        sections.append(
            LegendSection(title=text(lang, "edge_style"), kind="line", entries=tuple(style))
        )
    return sections


def edge_evidence(
    network: Network,
    edges: pd.DataFrame,
    *,
    wave: str | None,
    lang: str,
    codes: dict[str, str] | None = None,
    waves: tuple[str, str] | None = None,
) -> dict[str, Any] | None:
    """The data source and quote of every drawn edge whose tie carries evidence.

    Parameters
    ----------
    edges:
        The drawn edges in page order (``source``, ``target``, ``relation``), as
        :func:`relation_edges` or :func:`tramas.viz.change_map.change_edges` give them.
    wave:
        The wave drawn (``None``: the latest, ``"all"``), as given to :func:`relation_edges`.
    waves:
        A change map's two waves (then ``wave`` is ignored). On a map with the wave
        slider (``edges`` with ``wave_index``, :func:`relation_edges` ``by_wave``) each
        edge takes the quotes of its own wave.
    codes:
        Anonymous codes: names, aliases and ids inside quotes become ``[code]``, and a
        quote that may still name an actor is withheld.

    Returns
    -------
    dict or None
        ``{"fields": [data source, quote], "edges": {index: [[source, quote], ...]}}``
        (tooltip labels, and per edge index its quotes), or ``None`` when no drawn tie
        carries a quote. Plain text: the page sets it with ``textContent``.
    """
    by_wave = waves is None and "wave_index" in edges  # a map with the wave slider
    if waves is not None:
        ties = pd.concat([evidence_ties(network, wave=w) for w in waves], ignore_index=True)
    elif by_wave:  # each edge's quotes are those of its own wave (-1: every wave)
        labels = [(str(w), k) for k, w in enumerate(network.waves)] + [("all", -1)]
        ties = pd.concat(
            [evidence_ties(network, wave=w).assign(wave_slot=k) for w, k in labels],
            ignore_index=True,
        )
    else:
        ties = evidence_ties(network, wave=wave)
    if ties.empty or edges.empty:
        return None
    if "wave_slot" not in ties:
        ties = ties.assign(wave_slot=0)
    edge_waves = edges["wave_index"] if by_wave else pd.Series(0, index=edges.index)
    directed = {r: bool(rel.directed) for r, rel in network.relations.items()}
    redactor = QuoteRedactor(network.actors, codes) if codes else None
    quotes: dict[tuple[str, str, str, int], list[list[str]]] = {}
    for row in ties.itertuples(index=False):
        src, tgt, rel = str(row.source), str(row.target), str(row.relation)
        if not directed.get(rel, True) and tgt < src:
            src, tgt = tgt, src
        text_ = str(row.evidence)
        if redactor is not None:
            redacted = redactor(text_)
            text_ = redacted.text if redacted.safe else text(lang, "quote_withheld")
        kind = "" if pd.isna(row.data_source) else str(row.data_source)
        shown_kind = label("map.data_source", kind, lang) if kind else ""
        entry = [shown_kind, text_]
        found = quotes.setdefault((src, tgt, rel, int(row.wave_slot)), [])
        if entry not in found:
            found.append(entry)
    out: dict[str, list[list[str]]] = {}
    for i, (src, tgt, rel, w) in enumerate(
        zip(
            edges["source"].astype(str),
            edges["target"].astype(str),
            edges["relation"],
            edge_waves,
            strict=True,
        )
    ):
        if not directed.get(rel, True) and tgt < src:
            src, tgt = tgt, src
        found = quotes.get((src, tgt, rel, int(w)))
        if found:
            out[str(i)] = found
    if not out:
        return None
    return {"fields": [text(lang, "f_data_source"), text(lang, "f_quote")], "edges": out}


def _chain_relation(network: Network) -> str | None:
    """The value-chain relation: the study's ``[governance] relation``, else ``trade``."""
    declared = (getattr(network.study, "governance", None) or {}).get("relation")
    if declared:
        return str(declared) if str(declared) in network.relations else None
    return "trade" if "trade" in network.relations else None


def governance_edges(
    network: Network,
    edges: pd.DataFrame,
    *,
    wave: str | None,
    lang: str,
    palette: str = DEFAULT_PALETTE,
) -> tuple[dict[str, Any] | None, LegendSection | None]:
    """Colour of every drawn value-chain tie by its derived governance.

    The governance of each supplier -> buyer tie is
    :func:`tramas.metrics.governance.tie_governance` of the study (its scheme and rules,
    the drawn wave); a pair with several ties (waves, reporters) takes a known governance
    over ``unknown``. Ties of other relations keep their relation colour.

    Parameters
    ----------
    edges:
        The drawn edges in page order (``source``, ``target``, ``relation``), as
        :func:`relation_edges` gives them.
    wave:
        The wave drawn (``None``: the latest, ``"all"``).
    palette:
        Palette whose governance colours are used (:data:`tramas.viz.encodings.PALETTES`).

    Returns
    -------
    dict or None, LegendSection or None
        ``{"field": tooltip label, "edges": {index: [colour, governance label]}}`` and
        the legend of the types (every type of the scheme and ``unknown``); ``None``,
        ``None`` when no value-chain tie is drawn.
    """
    from tramas.metrics.governance import GOVERNANCE_TYPES, UNKNOWN, scheme_rules, tie_governance

    relation = _chain_relation(network)
    if relation is None or edges.empty or not (edges["relation"] == relation).any():
        return None, None
    scheme, _ = scheme_rules(network)
    types = GOVERNANCE_TYPES[scheme]
    gov = tie_governance(network, wave=wave)
    found: dict[tuple[str, str], str] = {}
    if not gov.empty:
        for src, tgt, g in zip(
            gov["source"].astype(str), gov["target"].astype(str), gov["governance"], strict=True
        ):
            g = UNKNOWN if pd.isna(g) or not str(g) else str(g)
            if found.get((src, tgt), UNKNOWN) == UNKNOWN:
                found[(src, tgt)] = g
    directed = bool(network.relations[relation].directed)
    chosen: dict[int, str] = {}
    for i, (src, tgt, rel) in enumerate(
        zip(
            edges["source"].astype(str), edges["target"].astype(str), edges["relation"], strict=True
        )
    ):
        if rel != relation:
            continue
        g = found.get((src, tgt))
        if g is None and not directed:
            g = found.get((tgt, src))
        chosen[i] = g or UNKNOWN
    keys = pd.Series(chosen, dtype=object)
    colours, legend = governance_colors(keys, types, lang=lang, palette=palette)
    names = {k: t(f"governance.{k}", lang) for k in (*types, UNKNOWN)}
    shown = {
        str(i): [colours[i], names.get(k, names[UNKNOWN]) if k in types else names[UNKNOWN]]
        for i, k in chosen.items()
    }
    return {"field": text(lang, "f_governance"), "edges": shown}, legend
