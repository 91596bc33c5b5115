"""Community maps: one node per community, for networks too large to draw actor by actor.

Above a threshold of actors (default 2,000) a map of every actor is slow to draw and
unreadable; :func:`community_map` draws each sub-cluster (community of two or more
actors, :func:`tramas.metrics.communities.subclusters`) as one node sized by its members
— the actors in no sub-cluster together as one grey node — and the ties between them,
per relation, as edges as wide as the number of ties (ties inside a node are not drawn). The search box still finds every
actor: it focuses the actor's community.

In a change map (:mod:`tramas.viz.change_map`) the ties between two communities are
counted per relation *and* status (new, dissolved, stable), each count drawn as one edge
in its status colour; edges holding new bridges are haloed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.network import Network, NetworkView
from tramas.locale import format_number
from tramas.viz.actor_map import subcluster_name_map
from tramas.viz.change_map import (
    RELATION_GREY,
    ChangeLayer,
    change_edges,
    change_legend,
    change_payload,
    change_summary,
)
from tramas.viz.encodings import (
    DEFAULT_PALETTE,
    LegendSection,
    display_text,
    edge_widths,
    node_colors,
    node_sizes,
)
from tramas.viz.labels import kind_label, text
from tramas.viz.layout import Layout, force_layout, geo_layout, separate
from tramas.viz.ties import parallel_rank, relation_edges, relation_styles, tie_legend

__all__ = ["community_map"]

#: Group of the actors in no sub-cluster (no community number, or alone in theirs).
_NONE = "–"


def community_map(
    network: Network,
    combined: NetworkView,
    ids: pd.Index,
    measures: pd.DataFrame,
    *,
    rels: list[str],
    wave: str | None,
    layout: Layout,
    seed: int,
    lang: str,
    codes: dict[str, str] | None,
    change: ChangeLayer | None = None,
    palette: str = DEFAULT_PALETTE,
) -> tuple[dict[str, Any], list[LegendSection], list[dict[str, Any]], list[str], list[str]]:
    """Page data of a community map of the actors ``ids``.

    Parameters
    ----------
    network, combined:
        The network and its undirected view over the selected relations.
    ids:
        Actors to include.
    measures:
        Per-actor measures with ``community`` and ``degree``.
    change:
        Draw the ties of two waves by status (a change map).
    palette:
        Colour palette (:data:`tramas.viz.encodings.PALETTES`).

    Returns
    -------
    data, legend, relations, search_names, messages
        As :func:`tramas.viz.maps.build_map` assembles them: the JSON data (nodes,
        edges, tooltip fields, actor → community search index), the legend sections,
        relation styles, names for the search list (empty above 2,000) and messages.
    """
    actors = combined.actors.loc[ids]
    comm = measures["community"].reindex(ids)
    comm = comm.astype(object).where(comm.notna(), _NONE).astype(str)
    sizes_by_comm = comm.value_counts()
    order = sorted(sizes_by_comm.index, key=lambda c: (-sizes_by_comm[c], len(c), c))
    index = {c: k for k, c in enumerate(order)}
    member_comm = comm.map(index).to_numpy(dtype=int)
    # community graph over all relations, for the layout
    if change is None:
        edges, directed = relation_edges(network, rels, wave, ids)
    else:
        edges, directed = change_edges(network, change, rels, ids)
    pos = pd.Series(np.arange(len(ids)), index=ids)
    ca = (
        member_comm[pos.reindex(edges["source"]).to_numpy(dtype=int)]
        if len(edges)
        else np.zeros(0, int)
    )
    cb = (
        member_comm[pos.reindex(edges["target"]).to_numpy(dtype=int)]
        if len(edges)
        else np.zeros(0, int)
    )
    # actors in no sub-cluster form one grey node, "no sub-cluster"
    # each sub-cluster by its name (tramas.metrics.communities.subcluster_names)
    sub_names = subcluster_name_map(measures)
    labels = [
        text(lang, "no_subcluster")
        if c == _NONE
        else sub_names.get(c) or text(lang, "community_n", n=c)
        for c in order
    ]
    cview = NetworkView.from_frames(
        [f"c{k}" for k in range(len(order))],
        pd.DataFrame(
            {"source": [f"c{x}" for x in ca], "target": [f"c{x}" for x in cb], "weight": 1.0}
        )[ca != cb]
        if len(ca)
        else pd.DataFrame({"source": [], "target": [], "weight": []}),
        directed=False,
    )
    if layout == "geo":
        geo, _ = geo_layout(combined.subview(ids))
        xy = geo.reindex(ids).groupby(member_comm).mean()
        positions = pd.DataFrame(xy.to_numpy(), index=cview.ids, columns=["x", "y"])
    else:
        positions = force_layout(cview, seed=seed)
    members = pd.Series([sizes_by_comm[c] for c in order], index=cview.ids)
    sizes, size_legend = node_sizes(members, text(lang, "members"), lang=lang, min_px=10, max_px=60)
    positions = separate(positions, sizes, gap=40.0, seed=seed)
    what = text(lang, "community_in", wave=change.wave_a) if change else text(lang, "community")
    colours, colour_legend = node_colors(
        pd.Series([None if c == _NONE else c for c in order], index=cview.ids, dtype=object),
        what,
        lang=lang,
        encoding="community",
        palette=palette,
        names=sub_names,
    )
    # tooltips: members, kinds, main members by degree
    names = (
        [codes[str(i)] for i in ids]
        if codes
        else [
            str(n) if display_text(n) else str(i)
            for i, n in zip(
                ids, actors["name"] if "name" in actors else [None] * len(ids), strict=True
            )
        ]
    )
    degree = measures["degree"].reindex(ids).fillna(0).to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "c": member_comm,
            "name": names,
            "degree": degree,
            "kind": actors["kind"].fillna("firm").astype(str).to_numpy()
            if "kind" in actors
            else "firm",
        }
    )
    nodes = []
    for k, (node_id, label) in enumerate(zip(cview.ids, labels, strict=True)):
        group = frame[frame["c"] == k]
        kinds = group["kind"].value_counts()
        top = group.sort_values(["degree", "name"], ascending=[False, True])["name"].head(5)
        nodes.append(
            {
                "id": node_id,
                "label": f"{label} ({format_number(int(members.iat[k]), lang, 'sig3')})",
                "x": float(positions.at[node_id, "x"]),
                "y": float(positions.at[node_id, "y"]),
                "color": colours.iat[k],
                "size": round(float(sizes.iat[k]), 1),
                "shape": "dot",
                "name": label,
                "info": [
                    format_number(int(members.iat[k]), lang, "sig3"),
                    ", ".join(
                        f"{kind_label(lang, kd)} {format_number(n, lang, 'sig3')}"
                        for kd, n in kinds.items()
                    ),
                    ", ".join(top),
                ],
            }
        )
    # ties between communities, per relation
    rows = []
    keep = ca != cb
    agg = pd.DataFrame(
        {
            "a": ca[keep],
            "b": cb[keep],
            "rel": edges["rel"].to_numpy()[keep],
            "w": edges["weight"].to_numpy()[keep],
        }
    )
    if change is not None:
        agg["s"] = edges["status"].to_numpy()[keep]
        agg["wa"] = edges["weight_a"].to_numpy()[keep]
        agg["wb"] = edges["weight_b"].to_numpy()[keep]
        agg["br"] = edges["bridge"].to_numpy(dtype=int)[keep]
    else:
        agg["s"] = 0
    undirected = (
        ~np.array([directed[r] for r in agg["rel"]], dtype=bool) if len(agg) else np.zeros(0, bool)
    )
    lo, hi = np.minimum(agg["a"], agg["b"]), np.maximum(agg["a"], agg["b"])
    agg.loc[undirected, "a"], agg.loc[undirected, "b"] = lo[undirected], hi[undirected]
    sums = {"ties": ("w", "size"), "w": ("w", "sum")}
    if change is not None:  # min_count: no baseline weight on new ties, none later on dissolved
        sums.update(
            {
                "wa": ("wa", lambda x: x.sum(min_count=1)),
                "wb": ("wb", lambda x: x.sum(min_count=1)),
                "br": ("br", "sum"),
            }
        )
    grouped = agg.groupby(["a", "b", "rel", "s"], as_index=False).agg(**sums)
    counts = grouped["ties"].to_numpy(dtype=float)
    widths = edge_widths(counts, max_px=10.0)
    curves = parallel_rank(grouped["a"].to_numpy(), grouped["b"].to_numpy())
    for i, r in enumerate(grouped.itertuples(index=False)):
        rows.append(
            [
                int(r.a),
                int(r.b),
                int(r.rel),
                round(float(r.w), 4),
                float(widths[i]),
                0,
                int(curves[i]),
                int(r.ties),
            ]
        )
    relations = relation_styles(network, rels, directed, palette=palette)
    legend = [colour_legend, size_legend]
    messages: list[str] = []
    search = [[nm, int(c)] for nm, c in zip(names, member_comm, strict=True)]
    data = {
        "nodeFields": [text(lang, "f_members"), text(lang, "f_kinds"), text(lang, "f_top_members")],
        "nodes": nodes,
        "edges": rows,
        "search": search,
    }
    if change is None:
        legend += tie_legend(relations, counts, lang=lang, dashed=False, weight_key="width_ties")
    else:
        relations = [{**r, "color": RELATION_GREY} for r in relations]
        status = grouped["s"].to_numpy(dtype=int)
        bridges = grouped["br"].to_numpy(dtype=int)
        legend += change_legend(change, status, bridges, set(), lang=lang)
        style = tie_legend(relations, counts, lang=lang, dashed=False, weight_key="width_ties")
        legend += style[1:]  # the tie-style section only: colour tells the status
        data["change"] = change_payload(
            change,
            list(zip(status, grouped["wa"], grouped["wb"], bridges, strict=True)),
            lang=lang,
        )
        # every tie of either wave, inside communities too
        messages.append(
            change_summary(
                change, edges["status"].to_numpy(dtype=int), edges["bridge"].to_numpy(), lang=lang
            )
        )
    return data, legend, relations, names if len(names) <= 2000 else [], messages
