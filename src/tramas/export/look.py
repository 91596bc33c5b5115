"""How a map draws the actors, for formats that carry it (GEXF's ``viz:`` attributes).

The positions, colours and sizes of the default map (:mod:`tramas.viz`): a
force-directed layout of the undirected view of the selected relations and wave
(:func:`tramas.viz.layout.layout_positions`), actors coloured by sub-cluster and sized
by degree (:func:`tramas.viz.encodings.node_colors`, :func:`~tramas.viz.encodings.node_sizes`),
with the same seed giving the same drawing as ``tramas map``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tramas.graph.network import Network

__all__ = ["Look", "map_look"]


@dataclass(frozen=True)
class Look:
    """Per actor id: ``x``, ``y`` (map pixels, y pointing down), ``color`` (``#rrggbb``)
    and ``size`` (radius in pixels)."""

    table: pd.DataFrame


def map_look(
    network: Network,
    *,
    relation: str | Sequence[str] | None = None,
    wave: str | None = "all",
    measures: pd.DataFrame | None = None,
    seed: int = 42,
    lang: str = "en",
) -> Look:
    """The default map's drawing of every actor (see the module notes); ``measures``
    (an analysis's) supply ``degree`` and ``subcluster`` when they hold them."""
    from tramas.metrics.centrality import degree
    from tramas.metrics.communities import leiden, subclusters
    from tramas.viz.encodings import node_colors, node_sizes
    from tramas.viz.layout import layout_positions

    rels = network.select_relations(relation)
    view = network.view(rels, wave=wave, directed=False)
    given = measures.reindex(view.ids) if measures is not None else pd.DataFrame(index=view.ids)
    degrees = given["degree"] if "degree" in given else degree(view)
    if "subcluster" in given:
        groups = given["subcluster"].astype("Int64")
    elif "community" in given:
        groups = subclusters(given["community"])
    else:
        groups = subclusters(leiden(view, seed=seed).membership)
    positions, _ = layout_positions(view, "force", groups=groups, seed=seed)
    colours, _ = node_colors(groups, "community", lang=lang, encoding="community")
    sizes, _ = node_sizes(degrees, "degree", lang=lang)
    table = pd.DataFrame(
        {
            "x": positions["x"].astype(float),
            "y": positions["y"].astype(float),
            "color": colours.reindex(view.ids),
            "size": sizes.reindex(view.ids).astype(float).round(1),
        },
        index=view.ids,
    )
    return Look(table)
