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
from tramas.locale import format_number, label
from tramas.viz.encodings import RELATION_COLORS, LegendEntry, LegendSection
from tramas.viz.labels import text

__all__ = ["edge_evidence", "parallel_rank", "relation_edges", "relation_styles", "tie_legend"]


def relation_edges(
    network: Network, rels: list[str], wave: str | None, ids: pd.Index
) -> tuple[pd.DataFrame, list[bool]]:
    """Edges of each relation among ``ids``, each relation with its own direction.

    Returns
    -------
    edges, directed
        ``source``, ``target``, ``weight``, ``relation`` and ``rel`` (index into ``rels``),
        loops dropped; and whether each relation is directed.
    """
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


def parallel_rank(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0 for the first tie of a pair, 1, 2, ... for parallel ones (drawn curved)."""
    if len(a) == 0:
        return np.zeros(0, dtype=int)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return pd.DataFrame({"a": lo, "b": hi}).groupby(["a", "b"]).cumcount().to_numpy()


def relation_styles(
    network: Network, rels: list[str], directed: list[bool]
) -> list[dict[str, Any]]:
    """Key, label, colour and direction of each relation, in map order."""
    return [
        {
            "key": rel,
            "label": network.relations[rel].label or rel,
            "color": RELATION_COLORS[i % len(RELATION_COLORS)],
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
        A change map's two waves (then ``wave`` is ignored).
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
    if waves is not None:
        ties = pd.concat([evidence_ties(network, wave=w) for w in waves], ignore_index=True)
    else:
        ties = evidence_ties(network, wave=wave)
    if ties.empty or edges.empty:
        return None
    directed = {r: bool(rel.directed) for r, rel in network.relations.items()}
    redactor = QuoteRedactor(network.actors, codes) if codes else None
    quotes: dict[tuple[str, str, str], list[list[str]]] = {}
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
        found = quotes.setdefault((src, tgt, rel), [])
        if entry not in found:
            found.append(entry)
    out: dict[str, list[list[str]]] = {}
    for i, (src, tgt, rel) in enumerate(
        zip(
            edges["source"].astype(str), edges["target"].astype(str), edges["relation"], strict=True
        )
    ):
        if not directed.get(rel, True) and tgt < src:
            src, tgt = tgt, src
        found = quotes.get((src, tgt, rel))
        if found:
            out[str(i)] = found
    if not out:
        return None
    return {"fields": [text(lang, "f_data_source"), text(lang, "f_quote")], "edges": out}
