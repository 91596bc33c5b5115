"""Maps of national production networks: the community map and ego maps at a million firms.

:func:`tramas.viz.maps.write_map` draws a survey :class:`~tramas.graph.Network`; building
one from ten million ties would cost gigabytes of Python objects. For a scale-mode
:class:`~tramas.graph.NetworkView` (read by :func:`tramas.ingest.scale.read_scale_ties`)
:func:`write_scale_map` draws the same two kinds of map, working on integer arrays:

Community map (no ``ego``)
    One node per Leiden community (:func:`tramas.metrics.scale_measures.scale_leiden`) sized by
    its members, the ties between communities counted per ordered pair. Only the
    ``max_links`` pairs with most ties are drawn (plus the strongest link of every
    community, so none floats alone); the page says how many were left out. The search
    box finds every actor (by id, name or code) and focuses its community.
Ego map (``ego`` given)
    The actor's neighbourhood (``radius`` 1 or 2 steps, either direction) is cut out
    with igraph and drawn by :func:`~tramas.viz.maps.write_map` as a small network, node
    size = degree in the *whole* network; above ``community_threshold`` actors the
    neighbourhood itself becomes a community map.

Anonymised maps use :func:`tramas.graph.anonymize.anonymize_ids` on the whole actors
table, so codes agree with every other output made with the same key.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network, NetworkView
from tramas.locale import check_lang, format_number, t
from tramas.viz.encodings import (
    RELATION_COLORS,
    display_text,
    edge_widths,
    node_colors,
    node_sizes,
)
from tramas.viz.labels import kind_label, text
from tramas.viz.layout import force_layout, separate
from tramas.viz.maps import DEFAULT_COMMUNITY_THRESHOLD, MapPage, MapResult, write_map
from tramas.viz.ties import parallel_rank, tie_legend

__all__ = ["MAX_EGO_ACTORS", "MAX_LINKS", "map_scale_file", "write_scale_map"]

#: Links between communities drawn at most (the strongest).
MAX_LINKS = 3000
#: An ego neighbourhood larger than this is refused (ask for radius 1).
MAX_EGO_ACTORS = 200_000


def _say(lang: str, key: str, **values: object) -> str:
    return t(f"map.scale.{key}", check_lang(lang), **values)


def _edge_arrays(view: NetworkView) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    g = view.graph
    if g.ecount() == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    e = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    return e[:, 0], e[:, 1], np.asarray(g.es["weight"], dtype=float)


def _names(view: NetworkView, codes: dict[str, str] | None) -> np.ndarray:
    """What the map calls each actor: its code, else its name, else its id."""
    ids = view.ids
    if codes is not None:
        return np.asarray([codes[i] for i in ids], dtype=object)
    if "name" in view.actors.columns:
        names = view.actors["name"].astype(object)
        names = names.where(names.map(lambda v: bool(display_text(v))), pd.Series(ids, index=ids))
        return names.astype(str).to_numpy(dtype=object)
    return np.asarray(ids, dtype=object)


# --------------------------------------------------------------------------- community map
def _community_page(
    view: NetworkView,
    membership: pd.Series,
    degree: np.ndarray,
    *,
    codes: dict[str, str] | None,
    threshold: int,
    max_links: int,
    seed: int,
    lang: str,
    title: str,
) -> MapPage:
    n = view.n_actors
    labels = membership.reindex(view.ids).to_numpy()
    order, member = np.unique(labels, return_inverse=True)  # community labels 1..k
    k = len(order)
    members = np.bincount(member, minlength=k)
    src, dst, w = _edge_arrays(view)
    ca, cb = member[src], member[dst]
    between = ca != cb
    ca, cb, w = ca[between], cb[between], w[between]
    if not view.directed:
        ca, cb = np.minimum(ca, cb), np.maximum(ca, cb)
    key = ca * k + cb
    pairs, inverse = np.unique(key, return_inverse=True)
    ties = np.bincount(inverse, minlength=len(pairs))
    weight = np.bincount(inverse, weights=w, minlength=len(pairs))
    pa, pb = pairs // k, pairs % k
    keep = np.zeros(len(pairs), dtype=bool)
    keep[np.argsort(-ties, kind="stable")[:max_links]] = True
    for ends in (pa, pb):  # every community keeps its strongest link
        best = pd.Series(ties).groupby(ends).idxmax().to_numpy()
        keep[best] = True
    hidden = int((~keep).sum())
    pa, pb, ties, weight = pa[keep], pb[keep], ties[keep], weight[keep]
    node_ids = [f"c{c}" for c in range(k)]
    cview = NetworkView.from_frames(
        node_ids,
        pd.DataFrame(
            {
                "source": [node_ids[a] for a in pa],
                "target": [node_ids[b] for b in pb],
                "weight": ties.astype(float),
            }
        ),
        directed=False,
    )
    sizes, size_legend = node_sizes(
        pd.Series(members, index=cview.ids), text(lang, "members"), lang=lang, min_px=10, max_px=60
    )
    positions = separate(force_layout(cview, seed=seed), sizes, gap=40.0, seed=seed)
    colours, colour_legend = node_colors(
        pd.Series(order, index=cview.ids), text(lang, "community"), lang=lang, encoding="community"
    )
    names = _names(view, codes)
    kinds = (
        view.actors["kind"].fillna("firm").astype(str).to_numpy()
        if "kind" in view.actors.columns
        else np.full(n, "firm", dtype=object)
    )
    ranked = np.lexsort((-degree, member))  # by community, highest degree first
    starts = np.searchsorted(member[ranked], np.arange(k))
    kind_counts = pd.Series(kinds).groupby(member).value_counts()
    nodes = []
    for c in range(k):
        top = ranked[starts[c] : starts[c] + min(5, members[c])]
        label = text(lang, "community_n", n=order[c])
        nodes.append(
            {
                "id": node_ids[c],
                "label": f"{label} ({format_number(int(members[c]), lang, 'sig3')})",
                "x": float(positions.at[node_ids[c], "x"]),
                "y": float(positions.at[node_ids[c], "y"]),
                "color": colours.iat[c],
                "size": round(float(sizes.iat[c]), 1),
                "shape": "dot",
                "name": label,
                "info": [
                    format_number(int(members[c]), lang, "sig3"),
                    ", ".join(
                        f"{kind_label(lang, kd)} {format_number(m, lang, 'sig3')}"
                        for kd, m in kind_counts.loc[c].items()
                    ),
                    ", ".join(str(names[i]) for i in top),
                ],
            }
        )
    widths = edge_widths(ties.astype(float), max_px=10.0)
    curves = parallel_rank(pa, pb)
    edges = [
        [int(a), int(b), 0, round(float(wt), 4), float(wd), 0, int(cv), int(t)]
        for a, b, wt, wd, cv, t in zip(pa, pb, weight, widths, curves, ties, strict=True)
    ]
    rel = "+".join(view.relations) or "tie"
    relations = [{"key": rel, "label": rel, "color": RELATION_COLORS[0], "directed": view.directed}]
    legend = [colour_legend, size_legend]
    legend += tie_legend(
        relations, ties.astype(float), lang=lang, dashed=False, weight_key="width_ties"
    )
    messages = [text(lang, "community_map", n_actors=n, threshold=threshold, n_communities=k)]
    if hidden:
        messages.append(
            _say(
                lang,
                "links_left_out",
                shown=len(pa),
                hidden=hidden,
                ties=int(between.sum() - ties.sum()),
            )
        )
    if codes is not None:
        messages.append(text(lang, "anonymized"))
    data = {
        "nodeFields": [text(lang, "f_members"), text(lang, "f_kinds"), text(lang, "f_top_members")],
        "nodes": nodes,
        "edges": edges,
        "search": [[str(nm), int(c)] for nm, c in zip(names, member, strict=True)],
        "mode": "community",
        "lang": lang,
        "wave": view.wave or "",
        "relations": relations,
        "edgeFields": [text(lang, key) for key in ("f_relation", "f_wave", "f_weight", "f_ties")],
        "text": {key: text(lang, key) for key in ("not_found", "found_in_community")},
    }
    return MapPage(
        title=title,
        lang=lang,
        mode="community",
        messages=tuple(messages),
        data=data,
        legend=tuple(s for s in legend if s is not None),
        relations=tuple(relations),
        search_names=(),
        n_nodes=len(nodes),
        n_edges=len(edges),
    )


# --------------------------------------------------------------------------- ego map
def _resolve(view: NetworkView, ego: str, codes: dict[str, str] | None, lang: str) -> int:
    ego = str(ego)
    pos = view.ids.get_indexer([ego])[0]
    if pos >= 0:
        return int(pos)
    if codes is not None:
        by_code = {c: i for i, c in codes.items()}
        if ego in by_code:
            return int(view.ids.get_indexer([by_code[ego]])[0])
    if "name" in view.actors.columns:
        hit = np.flatnonzero(
            view.actors["name"].astype("string").str.casefold().to_numpy() == ego.casefold()
        )
        if len(hit) == 1:
            return int(hit[0])
    prefix = view.ids[view.ids.str.startswith(ego[: max(1, len(ego) - 2)])][:200].tolist()
    close = difflib.get_close_matches(ego, prefix, n=3) if codes is None else []
    raise TramasError(
        _say(lang, "no_actor", ego=ego),
        hint=("did you mean: " + ", ".join(close)) if close else "give an actor id",
        code="scale_map_no_actor" if close else "scale_map_no_actor_id",
        values={"ego": ego, "close": ", ".join(close)},
    )


def _ego_map(
    view: NetworkView,
    out: Path,
    ego: int,
    *,
    radius: int,
    codes: dict[str, str] | None,
    threshold: int,
    seed: int,
    lang: str,
    title: str,
) -> MapResult:
    g = view.graph
    hood = sorted(g.neighborhood(ego, order=radius, mode="all"))
    if len(hood) > MAX_EGO_ACTORS:
        raise TramasError(
            _say(lang, "ego_too_big", ego=view.ids[ego], n=len(hood), limit=MAX_EGO_ACTORS),
            hint="use --radius 1, or the community map (no --ego)",
            code="scale_map_ego_too_big",
            values={"ego": view.ids[ego], "n": len(hood), "limit": MAX_EGO_ACTORS},
        )
    sub = g.induced_subgraph(hood, implementation="create_from_scratch")
    ids = view.ids[hood]
    actors = view.actors.iloc[hood].copy()
    degree = pd.Series(g.degree(hood, mode="all"), index=ids, name="degree")
    if codes is not None:  # the whole network's codes; nothing identifying reaches the page
        new = pd.Index([codes[i] for i in ids], name="id")
        keep = [c for c in ("kind", "internal", "size", "sector") if c in actors.columns]
        actors = actors[keep].set_axis(new)
        actors["name"] = new
        degree.index = new
        ids = new
    e = np.asarray(sub.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    rel = "+".join(view.relations) or "tie"
    ties = pd.DataFrame(
        {
            "source": ids[e[:, 0]] if len(e) else [],
            "target": ids[e[:, 1]] if len(e) else [],
            "relation": rel,
            "weight": sub.es["weight"] if len(e) else [],
        }
    )
    small = Network(
        actors,
        ties,
        relations={rel: Relation(name=rel, directed=view.directed)},
        study=StudyInfo(key="scale", title=title),
    )
    result = write_map(
        small,
        out,
        measures=degree.to_frame(),
        ego=str(ids[hood.index(ego)]),
        radius=radius,
        community_threshold=threshold,
        lang=lang,
        seed=seed,
        title=title,
    )
    note = _say(lang, "whole_degree", n=view.n_actors)
    if codes is not None:
        note += " " + text(lang, "anonymized")
    message = f"{result.message} {note}".strip()
    return MapResult(
        path=result.path,
        n_nodes=result.n_nodes,
        n_edges=result.n_edges,
        mode=result.mode,
        message=message,
        n_bytes=result.n_bytes,
        parameters={**result.parameters, "ego": view.ids[ego], "anonymize": codes is not None},
    )


# --------------------------------------------------------------------------- public
def write_scale_map(
    view: NetworkView,
    out: str | Path,
    *,
    communities: pd.Series | None = None,
    ego: str | None = None,
    radius: int = 1,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    max_links: int = MAX_LINKS,
    anonymize: bool = False,
    anon_key: str = "",
    seed: int = 42,
    lang: str = "en",
    title: str | None = None,
) -> MapResult:
    """Write the community map, or an ego map, of a very large network.

    Parameters
    ----------
    view:
        The whole network (e.g. from :func:`tramas.ingest.scale.read_scale_ties`).
    out:
        HTML file to write.
    communities:
        Community of each actor (e.g. ``ScaleAnalysisResult.actors["community"]``);
        default Leiden (:func:`tramas.metrics.scale_measures.scale_leiden`, ``seed``).
    ego, radius:
        Draw the neighbourhood of this actor (id, exact name or code) instead.
    community_threshold:
        Networks (or ego neighbourhoods) above this many actors are drawn as communities.
    max_links:
        Links between communities drawn at most (the ones with most ties).
    anonymize, anon_key:
        Replace names and ids by the stable codes of
        :func:`tramas.graph.anonymize.anonymize_ids` (HMAC key ``anon_key``).
    seed, lang, title:
        Layout and community seed, page language (``en``/``es``), heading.

    Returns
    -------
    MapResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"),
    ...                             ("d", "e"), ("e", "f"), ("f", "d")])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> r = write_scale_map(v, out, community_threshold=3)
    >>> r.mode, r.n_nodes, r.n_edges
    ('community', 2, 1)
    """
    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm"):
        raise TramasError(
            f"the map file must end in .html: {path}",
            hint="e.g. --out map.html",
            code="map_suffix",
            values={"path": str(path)},
        )
    if radius not in (1, 2):
        raise TramasError(
            f"ego radius must be 1 or 2, not {radius!r}",
            code="ego_radius",
            values={"radius": repr(radius)},
        )
    text(lang, "legend")  # validates the language
    title = title or text(lang, "page_title")
    codes = anonymize_ids(view.actors, key=anon_key) if anonymize else None
    if ego is not None:
        return _ego_map(
            view,
            path,
            _resolve(view, ego, codes, lang),
            radius=radius,
            codes=codes,
            threshold=community_threshold,
            seed=seed,
            lang=lang,
            title=title,
        )
    if communities is None:
        from tramas.metrics.scale_measures import scale_leiden

        communities = scale_leiden(view, seed=seed).membership
    degree = np.asarray(view.graph.degree(mode="all"), dtype=float)
    page = _community_page(
        view,
        communities,
        degree,
        codes=codes,
        threshold=community_threshold,
        max_links=max_links,
        seed=seed,
        lang=lang,
        title=title,
    )
    from tramas.viz.page import render_page

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(page), encoding="utf-8")
    return MapResult(
        path=path,
        n_nodes=page.n_nodes,
        n_edges=page.n_edges,
        mode="community",
        message=" ".join(page.messages),
        n_bytes=path.stat().st_size,
        parameters={
            "relations": tuple(r["key"] for r in page.relations),
            "max_links": max_links,
            "community_threshold": community_threshold,
            "anonymize": anonymize,
            "lang": lang,
            "seed": seed,
        },
    )


def map_scale_file(
    path: str | Path,
    out: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    anon_key: str | None = None,
    relations: str | list[str] | None = None,
    wave: str | None = None,
    strict: bool = True,
    **options: object,
) -> MapResult:
    """Read one big tie file with the streaming reader and map it.

    What ``tramas map --ties BIG`` runs: :func:`tramas.ingest.scale.read_scale_file`
    (the survey path's rules; a file without a relation column holds ``trade``), the
    view the survey path would draw (:meth:`tramas.ingest.scale.ScaleTies.view`: the
    latest wave and every relation merged unless ``wave``/``relations`` say otherwise),
    then :func:`write_scale_map` (a community map, or an ego map with ``ego=``).

    Parameters
    ----------
    path:
        CSV or Parquet edge list.
    out:
        HTML file to write.
    actors:
        Optional actors table (file or DataFrame indexed by id).
    anon_key:
        Key of the anonymous codes (default none: an empty key).
    relations, wave:
        The selection drawn.
    strict:
        Raise :class:`tramas.ingest.scale.ScaleRejected` when rows were rejected as
        errors, as the survey path refuses an input with errors.
    **options:
        Passed to :func:`write_scale_map` (``ego``, ``radius``, ``community_threshold``,
        ``anonymize``, ``seed``, ``lang``, ...).
    """
    from tramas.ingest.scale import ScaleRejected, read_scale_file

    ties, report = read_scale_file(path, actors=actors, relation="trade")
    if strict and report.n_errors:
        raise ScaleRejected(report)
    view = ties.view(relations, wave=wave)
    result = write_scale_map(view, out, anon_key=anon_key or "", **options)  # type: ignore[arg-type]
    result.parameters["load"] = report.to_dict()  # the row accounting of the read
    return result
