"""Interactive network maps: one self-contained HTML file per map.

:func:`write_map` draws a :class:`~tramas.graph.Network` as an interactive vis-network
page that opens offline by double click: vis-network (from the copy pyvis ships) and
every script and style are inside the file, positions are computed in Python with igraph
(:mod:`tramas.viz.layout`) and physics is off, so thousands of actors appear at once.

What a map shows
    Actors coloured by community (default), kind, cognitive role or any attribute;
    sized by a measure (default degree); shaped by kind (firm, institution, external
    actor). Ties coloured by relation, dashed when they touch an external actor, as wide
    as their weight, with arrows on directed relations. A legend for each encoding,
    tooltips (actor: name, kind, size, location, key measures; tie: relation, wave,
    weight), a relation filter, a search box and a physics toggle.
Modes
    ``actors`` (every selected actor), ``ego`` (an actor and its neighbourhood up to
    ``radius`` steps) and ``community`` — chosen automatically above
    ``community_threshold`` actors: one node per community sized by its members, ties
    counted between communities.
Anonymised maps
    Names, ids and municipalities are replaced by the stable codes of
    :func:`tramas.graph.anonymize.anonymize_ids`, the same codes the reports use.

Survey text never reaches the page as markup: the data travel as JSON inside a
``<script type="application/json">`` block (``<`` escaped) and the page builds tooltips
with ``textContent``; the page's Content-Security-Policy allows only its own scripts.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.network import Network, NetworkView
from tramas.viz.community_map import community_map
from tramas.viz.encodings import (
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
from tramas.viz.labels import kind_label, size_label, text
from tramas.viz.layout import LAYOUTS, Layout, layout_positions
from tramas.viz.ties import parallel_rank, relation_edges, relation_styles, tie_legend

__all__ = ["DEFAULT_COMMUNITY_THRESHOLD", "MapPage", "MapResult", "build_map", "write_map"]

DEFAULT_COMMUNITY_THRESHOLD = 2000
Mode = Literal["actors", "ego", "community"]

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


@dataclass(frozen=True)
class MapPage:
    """Everything a map page shows, before it becomes HTML (:func:`tramas.viz.page.render_page`).

    ``data`` is the JSON the page's script reads (nodes, edges, relations, tooltip
    fields); ``legend`` and ``relations`` are rendered as HTML by the template.
    """

    title: str
    lang: str
    mode: Mode
    messages: tuple[str, ...]
    data: dict[str, Any]
    legend: tuple[LegendSection, ...]
    relations: tuple[dict[str, Any], ...]
    search_names: tuple[str, ...]
    n_nodes: int
    n_edges: int


@dataclass(frozen=True)
class MapResult:
    """A written map and how it was made.

    Attributes
    ----------
    path:
        The HTML file.
    n_nodes, n_edges:
        Nodes and ties drawn (communities and aggregated ties in a community map).
    mode:
        ``actors``, ``ego`` or ``community``.
    message:
        What the user should know (community map instead of actors, actors without
        coordinates, anonymisation); empty when nothing.
    n_bytes:
        File size.
    parameters:
        The arguments that made the map (relations, wave, encodings, layout, seed...).
    """

    path: Path
    n_nodes: int
    n_edges: int
    mode: Mode
    message: str
    n_bytes: int
    parameters: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------- inputs
def _relations(network: Network, relation: str | Sequence[str] | None) -> list[str]:
    if relation is None:
        return list(network.relation_names)
    rels = [relation] if isinstance(relation, str) else list(relation)
    unknown = [r for r in rels if r not in network.relations]
    if unknown:
        raise TramasError(
            f"unknown relation(s): {', '.join(map(str, unknown))}",
            hint=f"relations of this study: {', '.join(network.relation_names)}",
        )
    return rels


def _wave_label(network: Network, wave: str | None, lang: str) -> str:
    """The wave a map shows (checked), as its tooltips name it."""
    if wave == "all":
        return text(lang, "all_waves")
    if wave is None:
        return network.waves[-1] if network.waves else ""
    if str(wave) not in network.waves:
        raise TramasError(
            f"unknown wave {wave!r}",
            hint=f"waves of this study: {', '.join(network.waves) or 'none'}, or 'all'",
        )
    return str(wave)


def _own_measures(view: NetworkView, *, seed: int, community: bool) -> pd.DataFrame:
    """Degree and (optionally) communities when no analysis is given.

    Degree counts distinct partners over the selected relations (undirected view,
    :func:`tramas.metrics.centrality.degree`); communities are Leiden modularity
    communities numbered 1, 2, ... from the largest (:func:`tramas.metrics.communities.leiden`).
    """
    from tramas.metrics.centrality import degree

    out = pd.DataFrame({"degree": degree(view)})
    if community:
        from tramas.metrics.communities import leiden

        out["community"] = leiden(view, seed=seed).membership
    return out


def _measures(
    combined: NetworkView, given: pd.DataFrame | None, *, seed: int, community: bool
) -> pd.DataFrame:
    if given is None:
        return _own_measures(combined, seed=seed, community=community)
    measures = given.copy()
    measures.index = measures.index.astype(str)
    measures = measures.reindex(combined.ids)
    need_degree = "degree" not in measures
    need_community = community and "community" not in measures
    if need_degree or need_community:
        own = _own_measures(combined, seed=seed, community=need_community)
        for col in own:
            if col not in measures:
                measures[col] = own[col]
    return measures


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
    )


def _resolve_ego(network: Network, ego: str, codes: dict[str, str] | None) -> str:
    actors = network.actors
    if str(ego) in actors.index:
        return str(ego)
    if codes:
        by_code = {c: i for i, c in codes.items()}
        if str(ego) in by_code:
            return by_code[str(ego)]
    if "name" in actors:
        names = actors["name"].astype("string").str.casefold()
        hit = names[names == str(ego).casefold()]
        if len(hit) == 1:
            return str(hit.index[0])
    pool = [str(i) for i in actors.index]
    if "name" in actors and not codes:
        pool += [str(n) for n in actors["name"].dropna()]
    close = difflib.get_close_matches(str(ego), pool, n=3)
    raise TramasError(
        f"no actor {ego!r} for the ego map",
        hint=("did you mean: " + ", ".join(close))
        if close
        else "give an actor id or its exact name",
    )


def _role_labels(lang: str) -> dict[str, str]:
    """Cognitive role names in ``lang`` (the analysis' own catalogue)."""
    from tramas.metrics.roles import LABELS

    return LABELS.get(lang, LABELS["en"])


# ---------------------------------------------------------------------------- tooltips
def _actor_tooltips(
    actors: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    lang: str,
    codes: dict[str, str] | None,
) -> tuple[list[str], list[list[str]]]:
    """Tooltip field names and, per actor, the values (blank values are not shown)."""
    fields: list[str] = []
    columns: list[list[str]] = []
    n = len(actors)

    def add(key: str, values: list[str]) -> None:
        if any(values):
            fields.append(text(lang, key))
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
            if col == "community":
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
                add(key, [display_text(v) for v in vals])
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in range(n)]
    return fields, rows


# ---------------------------------------------------------------------------- maps
def _actor_map(
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
) -> tuple[dict[str, Any], list[LegendSection], list[dict[str, Any]], list[str], list[str]]:
    sub = combined.subview(ids) if len(ids) != combined.n_actors else combined
    actors = sub.actors
    messages: list[str] = []
    positions, n_missing = layout_positions(
        sub, layout, groups=measures.get("community"), seed=seed
    )
    if n_missing:
        messages.append(text(lang, "no_coordinates", n=n_missing))
    what = text(lang, color_by) if color_by in ("community", "kind", "cognitive_role") else color_by
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
        )
    else:
        colours, colour_legend = node_colors(
            values,
            what,
            lang=lang,
            encoding=color_by if color_by in ("community", "kind") else None,
        )
    if size_by:
        size_what = text(lang, "degree") if size_by == "degree" else size_by
        sizes, size_legend = node_sizes(_values(size_by, actors, measures), size_what, lang=lang)
    else:
        sizes, size_legend = pd.Series(14.0, index=actors.index), None
    shapes = node_shapes(actors)
    fields, info = _actor_tooltips(actors, measures.reindex(actors.index), lang=lang, codes=codes)
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
        }
        if ego is not None and actor_id == ego:
            node["ego"] = True
        nodes.append(node)
    edges, directed = relation_edges(network, rels, wave, actors.index)
    pos = pd.Series(np.arange(len(actors)), index=actors.index)
    a = pos.reindex(edges["source"]).to_numpy(dtype=int)
    b = pos.reindex(edges["target"]).to_numpy(dtype=int)
    weights = edges["weight"].to_numpy(dtype=float)
    widths = edge_widths(weights)
    dashed = external[a] | external[b] if len(a) else np.zeros(0, dtype=bool)
    curves = parallel_rank(a, b)
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
    relations = relation_styles(network, rels, directed)
    legend = [colour_legend]
    if size_legend is not None:
        legend.append(size_legend)
    legend.append(shape_legend(shapes, lang=lang))
    if ego is not None:
        legend.append(
            LegendSection(
                title="",
                kind="shape",
                entries=(LegendEntry(label=text(lang, "ego_marker"), shape="ego", color=NO_DATA),),
            )
        )
    legend += tie_legend(
        relations, weights, lang=lang, dashed=bool(dashed.any()), weight_key="width_weight"
    )
    data = {"nodeFields": fields, "nodes": nodes, "edges": edge_rows, "search": None}
    return data, legend, relations, labels, messages


def build_map(
    network: Network,
    *,
    measures: pd.DataFrame | None = None,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    color_by: str = "community",
    size_by: str | None = "degree",
    layout: Layout = "force",
    ego: str | None = None,
    radius: int = 1,
    anonymize: bool = False,
    anon_key: str | None = None,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    lang: str | None = None,
    seed: int = 42,
    title: str | None = None,
) -> MapPage:
    """Everything a map shows, ready to render (see :func:`write_map` for the parameters)."""
    lang = lang or network.study.lang or "en"
    text(lang, "legend")  # validates the language
    if layout not in LAYOUTS:
        raise TramasError(f"unknown layout {layout!r}", hint=f"use one of {', '.join(LAYOUTS)}")
    if radius not in (1, 2):
        raise TramasError(f"ego radius must be 1 or 2, not {radius!r}")
    if community_threshold < 1:
        raise TramasError("the community-map threshold must be a positive number of actors")
    rels = _relations(network, relation)
    wave_label = _wave_label(network, wave, lang)
    combined = network.view(rels, wave=wave, directed=False)
    codes = (
        anonymize_ids(network.actors, key=network.study.key if anon_key is None else anon_key)
        if anonymize
        else None
    )
    mode: Mode = "actors"
    messages: list[str] = []
    ids = combined.ids
    ego_id = None
    if ego is not None:
        ego_id = _resolve_ego(network, ego, codes)
        v = combined.vertex(ego_id)
        hood = combined.graph.neighborhood(v, order=radius, mode="all")
        ids = combined.ids[sorted(hood)]
        mode = "ego"
    big = len(ids) > community_threshold
    need_community = big or color_by == "community" or layout == "community"
    measures = _measures(combined, measures, seed=seed, community=need_community)
    if ego_id is not None:
        ego_name = (
            codes[ego_id]
            if codes
            else display_text(
                network.actors.at[ego_id, "name"] if "name" in network.actors else ego_id
            )
            or ego_id
        )
        messages.append(text(lang, "ego_map", name=ego_name, radius=radius, n=len(ids)))
    common = {
        "rels": rels,
        "wave": wave,
        "layout": layout,
        "seed": seed,
        "lang": lang,
        "codes": codes,
    }
    if big:
        mode = "community"
        data, legend, relations, names, extra = community_map(
            network, combined, ids, measures, **common
        )
        n_comm = len(data["nodes"])
        messages.insert(
            0,
            text(
                lang,
                "community_map",
                n_actors=len(ids),
                threshold=community_threshold,
                n_communities=n_comm,
            ),
        )
    else:
        data, legend, relations, names, extra = _actor_map(
            network,
            combined,
            ids,
            measures,
            color_by=color_by,
            size_by=size_by,
            ego=ego_id,
            **common,
        )
    messages += extra
    if anonymize:
        messages.append(text(lang, "anonymized"))
    data.update(
        {
            "mode": mode,
            "lang": lang,
            "wave": wave_label,
            "relations": relations,
            "edgeFields": [text(lang, k) for k in ("f_relation", "f_wave", "f_weight", "f_ties")],
            "text": {k: text(lang, k) for k in ("not_found", "found_in_community")},
        }
    )
    heading = title or network.study.title or text(lang, "page_title")
    return MapPage(
        title=heading,
        lang=lang,
        mode=mode,
        messages=tuple(messages),
        data=data,
        legend=tuple(s for s in legend if s is not None),
        relations=tuple(relations),
        search_names=tuple(dict.fromkeys(names)),
        n_nodes=len(data["nodes"]),
        n_edges=len(data["edges"]),
    )


def write_map(
    network: Network,
    out: str | Path,
    *,
    measures: pd.DataFrame | None = None,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    color_by: str = "community",
    size_by: str | None = "degree",
    layout: Layout = "force",
    ego: str | None = None,
    radius: int = 1,
    anonymize: bool = False,
    anon_key: str | None = None,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    lang: str | None = None,
    seed: int = 42,
    title: str | None = None,
) -> MapResult:
    """Write an interactive, self-contained HTML map of a network.

    Parameters
    ----------
    network:
        The study's network.
    out:
        The HTML file to write (folders are created).
    measures:
        Actor measures indexed by actor id, e.g. ``AnalysisResult.actors`` from
        :mod:`tramas.metrics` (columns ``community``, ``cognitive_role``, ``degree``,
        ``betweenness``, ``pagerank``, ...). Missing ``degree`` and, when needed,
        ``community`` are computed (degree over the selected relations; Leiden modularity
        communities with ``seed``).
    relation:
        Relation(s) to draw; default all. The page can hide each one.
    wave:
        Survey wave, ``"all"``, or ``None`` for the latest.
    color_by:
        ``community`` (default), ``kind``, ``cognitive_role``, or any measure or actor
        attribute (numeric attributes with many values get a gradient).
    size_by:
        A numeric measure or attribute (default ``degree``); ``None`` for equal sizes.
    layout:
        ``force`` (default), ``geo`` (from ``lat``/``lon``) or ``community``.
    ego, radius:
        Draw only this actor (id, exact name, or code in anonymised maps) and the actors
        up to ``radius`` (1 or 2) steps away, over the selected relations.
    anonymize:
        Replace names, ids and municipalities by stable codes
        (:func:`tramas.graph.anonymize.anonymize_ids`).
    anon_key:
        Key of the codes; default the study key. Use the same key as the reports.
    community_threshold:
        Above this many actors the map shows communities instead of actors.
    lang:
        ``en`` or ``es``; default the study's language.
    seed:
        Seed of the layout and of the communities computed here.
    title:
        Page heading; default the study title.

    Returns
    -------
    MapResult
        Where the map is, what it holds, and the message to show the user.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"]}, index=["a", "b", "c"])
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "trade"})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> result = write_map(Network(actors, ties), out)
    >>> result.n_nodes, result.n_edges, result.mode
    (3, 2, 'actors')
    """
    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm"):
        raise TramasError(f"the map file must end in .html: {path}", hint="e.g. --out map.html")
    page = build_map(
        network,
        measures=measures,
        relation=relation,
        wave=wave,
        color_by=color_by,
        size_by=size_by,
        layout=layout,
        ego=ego,
        radius=radius,
        anonymize=anonymize,
        anon_key=anon_key,
        community_threshold=community_threshold,
        lang=lang,
        seed=seed,
        title=title,
    )
    from tramas.viz.page import render_page

    html = render_page(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return MapResult(
        path=path,
        n_nodes=page.n_nodes,
        n_edges=page.n_edges,
        mode=page.mode,
        message=" ".join(page.messages),
        n_bytes=path.stat().st_size,
        parameters={
            "relations": tuple(r["key"] for r in page.relations),
            "wave": page.data["wave"],
            "color_by": color_by,
            "size_by": size_by,
            "layout": layout,
            "ego": ego,
            "radius": radius,
            "anonymize": anonymize,
            "community_threshold": community_threshold,
            "lang": page.lang,
            "seed": seed,
        },
    )
