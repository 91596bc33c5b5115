"""Actor maps: one node per actor, ties drawn per relation (or by change between waves).

:func:`actor_map` assembles the page data of an ``actors`` or ``ego`` map for
:func:`tramas.viz.maps.build_map`: node positions (:mod:`tramas.viz.layout`), colour, size
and shape with their legends (:mod:`tramas.viz.encodings`), tooltips, and the ties — one
edge per relation (:mod:`tramas.viz.ties`) or, in a change map, one edge per tie of either
wave coloured by its status (:mod:`tramas.viz.change_map`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView
from tramas.metrics.communities import subclusters
from tramas.viz.change_map import (
    RELATION_GREY,
    STATUSES,
    ChangeLayer,
    actor_change_fields,
    actor_rings,
    change_edges,
    change_legend,
    change_payload,
    change_summary,
)
from tramas.viz.encodings import (
    DEFAULT_PALETTE,
    NO_DATA,
    LegendEntry,
    LegendSection,
    categorical_colors,
    display_text,
    edge_widths,
    node_colors,
    node_shapes,
    node_sizes,
    shape_legend,
)
from tramas.viz.filters import map_filters, wave_slider
from tramas.viz.labels import kind_label, size_label, text
from tramas.viz.layout import Layout, placement
from tramas.viz.positions import saved_positions
from tramas.viz.ties import (
    edge_evidence,
    governance_edges,
    parallel_rank,
    relation_edges,
    relation_styles,
    tie_legend,
)

__all__ = ["actor_map", "actor_tooltips", "subcluster_name_map"]

#: Measures shown in actor tooltips when present, with their label keys.
_TOOLTIP_MEASURES: tuple[tuple[str, str], ...] = (
    ("community", "f_community"),
    ("degree", "f_degree"),
    ("indegree", "f_in_degree"),
    ("outdegree", "f_out_degree"),
    ("betweenness", "f_betweenness"),
    ("pagerank", "f_pagerank"),
    ("cognitive_role", "f_cognitive_role"),
    ("lead_firm_rank", "f_lead_firm_rank"),
)


def _values(column: str, actors: pd.DataFrame, measures: pd.DataFrame) -> pd.Series:
    if column in measures:
        return measures[column].reindex(actors.index)
    if column in actors:
        return actors[column]
    known = sorted({"community", "kind", *map(str, measures.columns), *map(str, actors.columns)})
    raise TramasError(
        f"nothing called {column!r} to draw",
        hint=f"choose one of: {', '.join(known)}"
        + (
            "; cognitive roles come from the analysis (tramas.metrics)"
            if column == "cognitive_role"
            else ""
        ),
        code="map_unknown_column_role" if column == "cognitive_role" else "map_unknown_column",
        values={"column": column, "known": ", ".join(known)},
    )


def _role_labels(lang: str) -> dict[str, str]:
    """Cognitive role names in ``lang`` (``role.*`` of the catalogue)."""
    from tramas.locale import label
    from tramas.metrics.roles import COGNITIVE_ROLES

    return {role: label("role", role, lang) for role in COGNITIVE_ROLES}


# ---------------------------------------------------------------------------- tooltips
def subcluster_name_map(measures: pd.DataFrame) -> dict[str, str]:
    """Sub-cluster number (as text) → name, from ``community`` and ``subcluster_name``.

    Examples
    --------
    >>> m = pd.DataFrame({"community": pd.array([1, None, 1], dtype="Int64"),
    ...                   "subcluster_name": ["Tunuyán – viñedo", "no sub-cluster", "Tunuyán – viñedo"]})
    >>> subcluster_name_map(m)
    {'1': 'Tunuyán – viñedo'}
    """
    if "community" not in measures or "subcluster_name" not in measures:
        return {}
    pairs = pd.DataFrame({"c": measures["community"], "n": measures["subcluster_name"]}).dropna()
    return {display_text(c): str(n) for c, n in zip(pairs["c"], pairs["n"], strict=True)}


def actor_tooltips(
    actors: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    lang: str,
    codes: dict[str, str] | None,
    change: ChangeLayer | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Tooltip field names and, per actor, the values (blank values are not shown).

    In a change map the community is the baseline's, degree counts partners in either
    wave, other measures are labelled with the later wave, and the actor's change and
    partners in each wave are added.
    """
    fields: list[str] = []
    columns: list[list[str]] = []
    n = len(actors)

    def label(key: str) -> str:
        if change is None or key in ("f_code", "f_kind", "f_size", "f_location", "f_external"):
            return text(lang, key)
        if key == "f_community":
            return text(lang, "f_community_in", wave=change.wave_a)
        if key == "f_degree":
            return text(lang, "f_partners_union")
        return f"{text(lang, key)} ({change.wave_b})"

    def add(key: str, values: list[str]) -> None:
        if any(values):
            fields.append(label(key))
            columns.append(values)

    ids = [str(i) for i in actors.index]
    add("f_code", [codes[i] for i in ids] if codes else ids)
    kinds = actors["kind"] if "kind" in actors else pd.Series([None] * n, index=actors.index)
    add("f_kind", [kind_label(lang, k) if display_text(k) else "" for k in kinds])
    size = (
        [size_label(lang, v) if display_text(v) else "" for v in actors["size"]]
        if "size" in actors
        else [""] * n
    )
    if "employees" in actors:
        emp = actors["employees"].map(display_text).tolist()
        size = [f"{s} ({e})" if s and e else s or e for s, e in zip(size, emp, strict=True)]
    add("f_size", size)
    parts = ["region"] if codes else ["municipality", "region"]
    loc_cols = [actors[c].map(display_text).tolist() for c in parts if c in actors]
    add(
        "f_location",
        [", ".join(p for p in row if p) for row in zip(*loc_cols, strict=True)]
        if loc_cols
        else [""] * n,
    )
    if "internal" in actors:
        internal = actors["internal"].fillna(True).astype(bool)
        add("f_external", [text(lang, "yes") if not v else "" for v in internal])
    for col, key in _TOOLTIP_MEASURES:
        if col in measures:
            vals = measures[col].reindex(actors.index)
            if col == "community" and "subcluster_name" in measures:
                # the sub-cluster's name, as the legend and the report give it ("no
                # sub-cluster" for a community of one actor; none on a change map for an
                # actor without baseline sub-cluster)
                named = measures["subcluster_name"].reindex(actors.index)
                add(
                    key,
                    [
                        display_text(name) if change is None or not pd.isna(v) else ""
                        for v, name in zip(vals, named, strict=True)
                    ],
                )
            elif col == "community" and change is None:
                sub = (
                    measures["subcluster"].reindex(actors.index)
                    if "subcluster" in measures
                    else subclusters(vals)
                )
                add(
                    key,
                    [
                        text(lang, "community_n", n=display_text(v))
                        if not pd.isna(v)
                        else text(lang, "no_subcluster")
                        for v in sub
                    ],
                )
            elif col == "community":
                add(
                    key,
                    [
                        text(lang, "community_n", n=display_text(v)) if display_text(v) else ""
                        for v in vals
                    ],
                )
            elif col == "cognitive_role":
                names = _role_labels(lang)
                add(key, [names.get(str(v), str(v)) if display_text(v) else "" for v in vals])
            else:
                add(key, [display_text(v, lang) for v in vals])
    if change is not None:
        extra_fields, extra_rows = actor_change_fields(change, actors.index, lang=lang)
        for k, name in enumerate(extra_fields):
            values = [row[k] for row in extra_rows]
            if any(values):
                fields.append(name)
                columns.append(values)
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in range(n)]
    return fields, rows


# ---------------------------------------------------------------------------- the map
def actor_map(
    network: Network,
    combined: NetworkView,
    ids: pd.Index,
    measures: pd.DataFrame,
    *,
    rels: list[str],
    wave: str | None,
    color_by: str,
    size_by: str | None,
    layout: Layout,
    seed: int,
    lang: str,
    codes: dict[str, str] | None,
    ego: str | None,
    change: ChangeLayer | None = None,
    tie_color: str = "relation",
    palette: str = DEFAULT_PALETTE,
    positions_file: str | Path | None = None,
    basemap: str | Path | None = None,
) -> tuple[dict[str, Any], list[LegendSection], list[dict[str, Any]], list[str], list[str]]:
    """Page data of a map of the actors ``ids``, one node each.

    Parameters
    ----------
    network, combined:
        The network and its undirected view over the selected relations (in a change
        map, over the ties of either wave: :func:`tramas.viz.change_map.union_view`).
    ids:
        Actors to draw (every actor, or an ego's neighbourhood).
    measures:
        Per-actor measures (``degree``, ``community``, ...), indexed by actor id.
    rels, wave:
        Relations and wave to draw (``wave`` unused in a change map).
    color_by, size_by, layout, seed, lang, codes, ego:
        As :func:`tramas.viz.maps.write_map` takes them (``codes``: anonymous codes).
    change:
        Draw every tie of two waves by its status, and ring actors that entered or left.
    tie_color:
        ``relation`` (default) or ``governance``: value-chain ties coloured by their
        derived governance (:func:`tramas.viz.ties.governance_edges`; not in a change
        map, whose colours are the ties' statuses).
    palette, positions_file, basemap:
        As :func:`tramas.viz.maps.write_map` takes them (``positions_file`` is its
        ``positions``).

    Returns
    -------
    data, legend, relations, search_names, messages
        As :func:`tramas.viz.maps.build_map` assembles them: the JSON data (nodes,
        edges, tooltip fields, and the ``change`` block of a change map), the legend
        sections, the relation styles, the names for the search list and messages.
    """
    sub = combined.subview(ids) if len(ids) != combined.n_actors else combined
    actors = sub.actors
    messages: list[str] = []
    place = placement(
        sub, layout, groups=measures.get("community"), seed=seed, basemap=basemap, lang=lang
    )
    positions = place.positions
    if place.n_missing:
        messages.append(text(lang, "no_coordinates", n=place.n_missing))
    if positions_file is not None:
        positions, note = saved_positions(positions, positions_file, codes=codes, lang=lang)
        messages += note
    what = text(lang, color_by) if color_by in ("community", "kind", "cognitive_role") else color_by
    if change is not None and color_by == "community":
        what = text(lang, "community_in", wave=change.wave_a)
    values = _values(color_by, actors, measures)
    if color_by == "cognitive_role":
        from tramas.metrics.roles import COGNITIVE_ROLES

        names = _role_labels(lang)
        colours, colour_legend = categorical_colors(
            values,
            text(lang, "node_colour", what=what),
            lang=lang,
            order=COGNITIVE_ROLES,
            labels={r: names.get(r, r) for r in COGNITIVE_ROLES},
            palette=palette,
        )
    else:
        colours, colour_legend = node_colors(
            values,
            what,
            lang=lang,
            encoding=color_by if color_by in ("community", "kind") else None,
            palette=palette,
            names=subcluster_name_map(measures) if color_by == "community" else None,
        )
    if change is not None and color_by == "community":  # "no data" = no baseline community
        no_community = text(lang, "no_community_in", wave=change.wave_a)
        colour_legend = replace(
            colour_legend,
            entries=tuple(
                replace(e, label=no_community) if e.label == text(lang, "no_data") else e
                for e in colour_legend.entries
            ),
        )
    if size_by:
        size_what = text(lang, "degree") if size_by == "degree" else size_by
        if change is not None and size_by == "degree":
            size_what = text(lang, "partners_union")
        sizes, size_legend = node_sizes(_values(size_by, actors, measures), size_what, lang=lang)
    else:
        sizes, size_legend = pd.Series(14.0, index=actors.index), None
    shapes = node_shapes(actors)
    fields, info = actor_tooltips(
        actors, measures.reindex(actors.index), lang=lang, codes=codes, change=change
    )
    rings = actor_rings(change, actors.index) if change else []
    if codes:
        labels = [codes[str(i)] for i in actors.index]
        page_ids = labels
    else:
        names = actors["name"] if "name" in actors else pd.Series(np.nan, index=actors.index)
        labels = [
            str(n) if display_text(n) else str(i) for i, n in zip(actors.index, names, strict=True)
        ]
        page_ids = [str(i) for i in actors.index]
    external = (
        (~actors["internal"].fillna(True).astype(bool)).to_numpy()
        if "internal" in actors
        else np.zeros(len(actors), dtype=bool)
    )
    # label priority: 0 is labelled first (largest, then most connected, then table order)
    degree = (
        measures["degree"].reindex(actors.index).fillna(0).to_numpy(dtype=float)
        if "degree" in measures
        else np.zeros(len(actors))
    )
    order = np.lexsort((np.arange(len(actors)), -degree, -sizes.to_numpy(dtype=float)))
    rank = np.empty(len(actors), dtype=int)
    rank[order] = np.arange(len(actors))
    nodes = []
    for k, actor_id in enumerate(actors.index):
        node: dict[str, Any] = {
            "id": page_ids[k],
            "label": labels[k],
            "x": float(positions.at[actor_id, "x"]),
            "y": float(positions.at[actor_id, "y"]),
            "color": colours.iat[k],
            "size": round(float(sizes.iat[k]), 1),
            "shape": shapes.iat[k],
            "info": info[k],
            "rank": int(rank[k]),
        }
        if external[k]:  # an external actor keeps its kind's shape, with a dashed border
            node["dashes"] = True
        if ego is not None and actor_id == ego:
            node["ego"] = True
        if rings and rings[k]:
            node["ring"] = rings[k]
        nodes.append(node)
    slider = wave_slider(network, change=change)  # ties of every wave, shown one at a time
    if change is None:
        edges, directed = relation_edges(network, rels, wave, actors.index, by_wave=slider)
    else:
        edges, directed = change_edges(network, change, rels, actors.index)
    pos = pd.Series(np.arange(len(actors)), index=actors.index)
    a = pos.reindex(edges["source"]).to_numpy(dtype=int)
    b = pos.reindex(edges["target"]).to_numpy(dtype=int)
    weights = edges["weight"].to_numpy(dtype=float)
    widths = edge_widths(weights)
    if change is not None:  # dashes mark dissolved ties; external actors keep their shape
        dashed = edges["status"].to_numpy(dtype=int) == STATUSES.index("dissolved")
    else:
        dashed = external[a] | external[b] if len(a) else np.zeros(0, dtype=bool)
    curves = parallel_rank(a, b, edges["wave_index"].to_numpy() if slider else None)
    rel_idx = edges["rel"].to_numpy(dtype=int)
    edge_rows = [
        [
            int(a[i]),
            int(b[i]),
            int(rel_idx[i]),
            round(float(weights[i]), 4),
            float(widths[i]),
            int(dashed[i]),
            int(curves[i]),
        ]
        for i in range(len(a))
    ]
    relations = relation_styles(network, rels, directed, palette=palette)
    legend = [colour_legend]
    if size_legend is not None:
        legend.append(size_legend)
    legend.append(shape_legend(shapes, lang=lang, external=external))
    if ego is not None:
        legend.append(
            LegendSection(
                title="",
                kind="shape",
                entries=(LegendEntry(label=text(lang, "ego_marker"), shape="ego", color=NO_DATA),),
            )
        )
    data = {"nodeFields": fields, "nodes": nodes, "edges": edge_rows, "search": None}
    data |= map_filters(
        network, actors, measures, edges, a, b, wave=wave, lang=lang, codes=codes, change=change
    )
    if place.overlay:
        data["geo"] = place.overlay
    evidence = edge_evidence(
        network,
        edges,
        wave=wave,
        lang=lang,
        codes=codes,
        waves=(change.wave_a, change.wave_b) if change is not None else None,
    )
    if evidence is not None:
        data["evidence"] = evidence
    if change is None:
        colours_by_tie, gov_legend = (
            governance_edges(network, edges, wave=wave, lang=lang, palette=palette)
            if tie_color == "governance"
            else (None, None)
        )
        chain = (getattr(network.study, "governance", None) or {}).get("relation") or "trade"
        coloured = [  # the value-chain ties take their governance's colour, not the relation's
            r for r in relations if colours_by_tie is None or r["key"] != chain
        ]
        sections = tie_legend(
            coloured, weights, lang=lang, dashed=bool(dashed.any()), weight_key="width_weight"
        )
        legend += [sec for sec in sections if sec.entries]
        if tie_color == "governance":
            if colours_by_tie is None:
                messages.append(text(lang, "governance_none"))
            else:
                data["tieColors"] = colours_by_tie
                legend.append(gov_legend)
    else:
        status = edges["status"].to_numpy(dtype=int)
        bridge = edges["bridge"].to_numpy(dtype=bool)
        relations = [{**r, "color": RELATION_GREY} for r in relations]
        legend += change_legend(change, status, bridge, {r for r in rings if r}, lang=lang)
        style = tie_legend(relations, weights, lang=lang, dashed=False, weight_key="width_weight")
        legend += style[1:]  # the tie-style section only: colour tells the status
        data["change"] = change_payload(
            change,
            list(zip(status, edges["weight_a"], edges["weight_b"], bridge, strict=True)),
            lang=lang,
        )
        messages.insert(0, change_summary(change, status, bridge, lang=lang))
    return data, legend, relations, labels, messages
