"""Node positions for maps, computed in Python so the browser shows them at once.

vis-network can lay a graph out by itself (physics), but on a few thousand actors it
needs minutes to settle and never stops jittering. tramas computes the layout with
igraph and switches physics off; the map's toggle lets the user turn it back on.

Layouts
    ``force``
        Community-aware force-directed placement. The sub-clusters (the ``groups``
        given; without them, Louvain communities of the drawn ties) are first laid out
        as one vertex each (Fruchterman & Reingold 1991 on the graph of ties between
        them), each gets a disc whose area grows with its members, and each is laid out
        inside its disc (seeded); discs are pushed apart until they do not overlap, and
        a last pass moves apart any two actors closer than :data:`MIN_GAP` pixels, so
        labels have room. Actors in no sub-cluster but tied to others are vertices of
        their own in the first step, so they sit between their partners. Isolated
        actors (no tie) are set in a tidy band under the drawing, sorted by sub-cluster
        then id. Parts of the network with no tie between them are drawn apart and set
        side by side.
    ``geo``
        Equirectangular projection of ``lat``/``lon`` around the cluster's own area;
        far actors on a rim in their direction (:mod:`tramas.viz.geo`). Actors sharing a
        point are spread on a small sunflower spiral, actors without coordinates set in
        a row under the map.
    ``community``
        The same drawing as ``force``, required to have a sub-cluster per actor.

All positions are in screen pixels (the canvas fits them on load) and deterministic for a
given ``seed``.

References
----------
Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
placement. *Software: Practice and Experience*, 21(11), 1129–1164.

Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
communities in large networks. *Journal of Statistical Mechanics*, P10008.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.viz.encodings import display_text
from tramas.viz.geo import FAR, Projection, area_of, bearing_word, outlines_overlay, read_basemap

__all__ = [
    "LAYOUTS",
    "Layout",
    "community_layout",
    "force_layout",
    "geo_layout",
    "layout_positions",
    "Placement",
    "placement",
    "separate",
]

Layout = Literal["force", "geo", "community"]
LAYOUTS: tuple[str, ...] = ("force", "geo", "community")

#: A group of n actors spans about SPACING·√n pixels (nodes are 8–36 px across).
SPACING = 110.0
#: least distance between two actors' centres (nodes are 16–72 px across; labels need room)
NODE_GAP = 46.0
#: spacing of isolated actors in their band: columns and rows
ISOLATE_STEP = 90.0
ROW_STEP = 56.0


def _side(n: int) -> float:
    return SPACING * math.sqrt(max(n, 1))


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Run igraph with its own seeded random generator, leaving Python's untouched."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _fit(coords: np.ndarray, side: float) -> np.ndarray:
    """Centre ``coords`` and scale the larger extent to ``side`` pixels."""
    if len(coords) == 0:
        return coords.reshape(0, 2)
    coords = coords - (coords.max(axis=0) + coords.min(axis=0)) / 2
    extent = float(np.ptp(coords, axis=0).max())
    return coords * (side / extent) if extent > 0 else coords


def _frame(view: NetworkView, coords: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(np.round(coords, 1), index=view.ids.copy(), columns=["x", "y"])


def _layout_graph(graph: ig.Graph) -> tuple[ig.Graph, list[float]]:
    """Undirected simple graph with summed positive weights, for force-directed layouts."""
    g = graph.copy()
    if g.is_directed():
        g.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    weights = [max(float(w), 1e-3) for w in g.es["weight"]] if g.ecount() else []
    return g, weights


def _force(graph: ig.Graph, seed: int, weighted: bool = True) -> np.ndarray:
    n = graph.vcount()
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    g, weights = _layout_graph(graph)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
    with _seeded(seed):
        coords = g.layout_fruchterman_reingold(
            weights=weights if weighted and weights else None,
            niter=500,
            seed=start.tolist(),
            grid="auto",
        )
    return np.asarray(coords.coords, dtype=float)


def _pack(parts: list[np.ndarray], gap: float) -> list[np.ndarray]:
    """Shelf-pack drawings (largest first) in rows about as wide as the largest one."""
    boxes = [np.ptp(p, axis=0) if len(p) > 1 else np.zeros(2) for p in parts]
    total = sum(float((b[0] + gap) * (b[1] + gap)) for b in boxes)
    width = max(float(boxes[0][0]) if boxes else 0.0, math.sqrt(total) * 1.2)
    placed = []
    x = y = row_h = 0.0
    for part, box in zip(parts, boxes, strict=True):
        if x > 0 and x + box[0] > width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        origin = np.array([x, y]) - (part.min(axis=0) if len(part) else 0.0)
        placed.append(part + origin)
        x += float(box[0]) + gap
        row_h = max(row_h, float(box[1]))
    return placed


def _group_codes(groups: pd.Series | None, view: NetworkView) -> np.ndarray | None:
    """Group number per vertex (0, 1, ... in sorted order of the labels; -1 = none)."""
    if groups is None:
        return None
    labels = groups.reindex(view.ids)
    codes = np.full(view.n_actors, -1, dtype=int)
    known = labels.notna().to_numpy()
    if known.any():
        values = labels[known].astype(str)
        numeric = pd.to_numeric(labels[known], errors="coerce")
        order = (
            sorted(values.unique(), key=lambda v: float(v))
            if numeric.notna().all()
            else sorted(values.unique())
        )
        codes[known] = values.map({v: k for k, v in enumerate(order)}).to_numpy(dtype=int)
    return codes


def _louvain(g: ig.Graph, weights: list[float], seed: int) -> np.ndarray:
    """Louvain communities (Blondel et al. 2008) of two or more actors; -1 for the rest."""
    with _seeded(seed):
        membership = np.asarray(
            g.community_multilevel(weights=weights or None).membership, dtype=int
        )
    sizes = np.bincount(membership) if len(membership) else np.zeros(0, int)
    return np.where(sizes[membership] >= 2, membership, -1) if len(membership) else membership


def _declutter(pos: np.ndarray, gap: float, iterations: int = 40) -> np.ndarray:
    """Move apart every two points closer than ``gap`` (each half the missing distance)."""
    from scipy.spatial import cKDTree

    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    golden = math.pi * (3 - math.sqrt(5))
    for _ in range(iterations):
        pairs = cKDTree(pos).query_pairs(gap * 0.999, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        dist = np.sqrt((delta**2).sum(axis=1))
        same = dist < 1e-6
        if same.any():  # points at one place part along a fixed, index-given direction
            angle = (i[same] + 1) * golden
            delta[same] = np.column_stack([np.cos(angle), np.sin(angle)])
            dist[same] = 1.0
        push = delta / dist[:, None] * ((gap - np.where(same, 0.0, dist)) / 2)[:, None]
        move = np.zeros_like(pos)
        np.add.at(move, i, push)
        np.add.at(move, j, -push)
        pos += move
    return pos


def _in_disc(local: np.ndarray, radius: float) -> np.ndarray:
    local = local - local.mean(axis=0)
    reach = float(np.sqrt((local**2).sum(axis=1)).max()) if len(local) else 0.0
    return local * (radius / reach) if reach > 0 else local


def _grouped_layout(
    graph: ig.Graph, codes: np.ndarray | None, seed: int, weighted: bool
) -> np.ndarray:
    """Positions of the community-aware force layout (see the module notes)."""
    n = graph.vcount()
    coords = np.zeros((n, 2))
    if n == 0:
        return coords
    g, weights = _layout_graph(graph)
    if codes is None:
        codes = _louvain(g, weights if weighted else [], seed)
    degree = np.asarray(g.degree(), dtype=int)
    tied = np.flatnonzero(degree > 0)
    alone = np.flatnonzero(degree == 0)
    if len(tied):
        # units: a group's tied members together; a tied actor in no group alone
        unit_key = np.where(codes[tied] >= 0, codes[tied], -1 - tied)
        _, unit = np.unique(unit_key, return_inverse=True)
        n_units = int(unit.max()) + 1
        sizes = np.bincount(unit, minlength=n_units)
        radii = np.where(sizes > 1, SPACING / 2 * np.sqrt(sizes) * 1.5, NODE_GAP / 2)
        local = np.zeros((len(tied), 2))
        for u in np.flatnonzero(sizes > 1):
            members = np.flatnonzero(unit == u)
            sub = g.induced_subgraph(tied[members].tolist(), implementation="create_from_scratch")
            local[members] = _in_disc(_force(sub, seed + int(u), weighted), float(radii[u]))
        # the graph of units: ties between them counted
        where = np.full(n, -1, dtype=int)
        where[tied] = unit
        ends = np.asarray(g.get_edgelist(), dtype=int).reshape(-1, 2)
        ua, ub = where[ends[:, 0]], where[ends[:, 1]]
        keep = ua != ub
        ug = ig.Graph(n=n_units, edges=np.column_stack([ua[keep], ub[keep]]).tolist())
        ug.es["weight"] = [1.0] * ug.ecount()
        ug.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
        parts: list[np.ndarray] = []
        members_of: list[np.ndarray] = []
        comps = sorted(ug.connected_components(), key=lambda c: (-int(sizes[c].sum()), c[0]))
        for k, units in enumerate(comps):
            units_arr = np.asarray(units, dtype=int)
            r = radii[units_arr]
            if len(units) == 1:
                centres = np.zeros((1, 2))
            else:
                cg = ug.induced_subgraph(units, implementation="create_from_scratch")
                cg.es["weight"] = [math.log1p(w) + 1.0 for w in cg.es["weight"]]
                area = float((math.pi * r**2).sum())
                centres = _fit(_force(cg, seed + k, True), math.sqrt(area * 1.2))
                centres = _separate(
                    centres,
                    r,
                    gap=SPACING * 0.45,
                    seed=seed,
                    iterations=200 if len(units) <= 400 else 40,
                )
            at = np.searchsorted(units_arr, unit)  # position of each tied actor's unit
            mine = np.flatnonzero(np.isin(unit, units_arr))
            members_of.append(tied[mine])
            parts.append(centres[at[mine]] + local[mine])
        for members, part in zip(members_of, _pack(parts, gap=SPACING * 0.6), strict=True):
            coords[members] = part
        coords[tied] = _declutter(coords[tied], NODE_GAP)
    if len(alone):
        coords[alone] = _band(coords[tied] if len(tied) else np.zeros((0, 2)), alone, codes)
    return coords - (coords.max(axis=0) + coords.min(axis=0)) / 2


def _band(drawing: np.ndarray, alone: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Isolated actors in rows under ``drawing``, by group (none last), then table order."""
    step = ISOLATE_STEP
    if len(drawing):
        left = float(drawing[:, 0].min())
        width = float(np.ptp(drawing[:, 0]))
        top = float(drawing[:, 1].max()) + SPACING
    else:
        left, width, top = 0.0, 0.0, 0.0
    per_row = max(int(width // step) + 1, int(math.ceil(math.sqrt(len(alone) * 3))), 1)
    group = codes[alone]
    order = np.lexsort((alone, np.where(group >= 0, group, np.iinfo(int).max)))
    k = np.empty(len(alone), dtype=int)
    k[order] = np.arange(len(alone))
    return np.column_stack([left + (k % per_row) * step, top + (k // per_row) * ROW_STEP])


def force_layout(
    view: NetworkView, *, seed: int = 42, groups: pd.Series | None = None
) -> pd.DataFrame:
    """Community-aware force-directed positions (see the module notes).

    Parameters
    ----------
    view:
        The actors and ties to place (tie weights pull harder when ``view.weighted``).
    seed:
        Seed of every random step: the same seed gives the same positions.
    groups:
        Sub-cluster per actor id (missing = none); ``None``: Louvain communities of
        ``view`` (Blondel et al. 2008), seeded.

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``y`` in pixels, indexed by actor id.

    References
    ----------
    Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
    placement. *Software: Practice and Experience*, 21(11), 1129–1164.

    Examples
    --------
    >>> from tramas.graph.network import NetworkView
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": 1.0})
    >>> view = NetworkView.from_frames(["a", "b", "c", "d"], ties, directed=False)
    >>> pos = force_layout(view, seed=1)
    >>> bool(pos.at["d", "y"] > pos.loc[["a", "b", "c"], "y"].max())  # the isolate, below
    True
    """
    codes = _group_codes(groups, view)
    return _frame(view, _grouped_layout(view.graph, codes, seed, view.weighted))


def separate(
    positions: pd.DataFrame, radii: pd.Series, *, gap: float = 20.0, seed: int = 42
) -> pd.DataFrame:
    """Move discs (centres ``positions``, radius ``radii`` in px) apart until none overlap.

    Used for community maps, whose nodes are large.
    """
    centres = positions[["x", "y"]].to_numpy(dtype=float)
    r = radii.reindex(positions.index).to_numpy(dtype=float)
    moved = _separate(centres, r, gap=gap, seed=seed)
    return pd.DataFrame(np.round(moved, 1), index=positions.index.copy(), columns=["x", "y"])


def _separate(
    centres: np.ndarray, radii: np.ndarray, *, gap: float, seed: int, iterations: int = 200
) -> np.ndarray:
    """Push discs apart until no two overlap (or ``iterations`` run out)."""
    pos = centres.astype(float).copy()
    k = len(pos)
    if k < 2:
        return pos
    rng = np.random.default_rng(seed)
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        overlap = np.clip(need - dist, 0.0, None)
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= 1e-6:
            break
        same = (dist < 1e-9) & (overlap > 0)
        if same.any():
            pos += rng.normal(scale=1e-3 * (radii.mean() + 1), size=pos.shape)
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            unit = np.where(dist[..., None] > 0, delta / dist[..., None], 0.0)
        pos += (unit * (overlap / 2)[..., None]).sum(axis=1) * 0.5
    return pos


def community_layout(
    view: NetworkView, groups: pd.Series, *, seed: int = 42, node_px: float = 20.0
) -> pd.DataFrame:
    """Positions grouping each sub-cluster in its own disc: :func:`force_layout` with
    ``groups`` (missing labels: in no sub-cluster). ``node_px`` is kept for callers."""
    return force_layout(view, seed=seed, groups=groups)


# ------------------------------------------------------------------------ geographic
def _spread(points: np.ndarray, step: float) -> np.ndarray:
    """Spread points that share a location on a sunflower spiral around it."""
    out = points.copy()
    keys = pd.Series([f"{x:.6f},{y:.6f}" for x, y in points])
    golden = math.pi * (3 - math.sqrt(5))
    for _, idx in keys.groupby(keys).groups.items():
        if len(idx) < 2:
            continue
        k = np.arange(len(idx))
        r = step * np.sqrt(k)
        out[np.asarray(idx)] += np.column_stack([r * np.cos(k * golden), r * np.sin(k * golden)])
    return out


_ARROWS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")


def _place_names(actors: pd.DataFrame) -> pd.Series:
    """Each actor's place: ``municipality``, else ``region``, else ``country`` ("" if none)."""
    place = pd.Series("", index=actors.index, dtype=object)
    for column in ("country", "region", "municipality"):
        if column in actors:
            values = actors[column].map(display_text)
            place = values.where(values != "", place)
    return place


def _rim(
    unit: np.ndarray, place: list[str], box: np.ndarray, node_px: float, lang: str
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Positions of far actors on a rim around ``box``, grouped by place, and the labels.

    ``unit`` holds each far actor's direction from the area's centre (x east, y south).
    """
    keys = [
        p or bearing_word(float(u[0]), float(u[1]), lang) for u, p in zip(unit, place, strict=True)
    ]
    names = sorted(set(keys), key=keys.index)
    group = np.array([names.index(k) for k in keys], dtype=int)
    m = len(names)
    direction = np.array([unit[group == g].sum(axis=0) for g in range(m)])
    angle = np.arctan2(direction[:, 1], direction[:, 0])
    # part groups pointing (almost) the same way: at least `least` radians apart
    least = min(2 * math.pi / max(m, 1), math.radians(24))
    order = np.argsort(angle, kind="stable")
    a = angle[order].copy()
    for _ in range(200 if m > 1 else 0):
        moved = False
        for i in range(m):
            j = (i + 1) % m
            gap = (a[j] - a[i]) % (2 * math.pi) if m > 1 else 2 * math.pi
            if gap < least - 1e-9:
                a[i] -= (least - gap) / 2
                a[j] += (least - gap) / 2
                moved = True
        if not moved:
            break
    angle[order] = a
    centre = (box[:2] + box[2:]) / 2
    half = np.maximum((box[2:] - box[:2]) / 2, node_px)
    coords = np.zeros((len(unit), 2))
    rim = []
    golden = math.pi * (3 - math.sqrt(5))
    for g in range(m):
        u = np.array([math.cos(angle[g]), math.sin(angle[g])])
        with np.errstate(divide="ignore"):
            edge = float(np.min(np.where(np.abs(u) > 1e-9, half / np.abs(u), np.inf)))
        members = np.flatnonzero(group == g)
        spread = node_px * 1.3 * math.sqrt(len(members))
        hub = centre + u * (edge + SPACING * 0.8 + spread)
        k = np.arange(len(members))
        r = node_px * 1.3 * np.sqrt(k)
        coords[members] = hub + np.column_stack([r * np.cos(k * golden), r * np.sin(k * golden)])
        label_at = hub + u * (spread + node_px * 1.2)
        octant = int(((math.degrees(math.atan2(-u[1], u[0])) % 360) + 22.5) // 45) % 8
        arrow = _ARROWS[octant]
        text = names[g] if len(members) == 1 else f"{names[g]} ({len(members)})"
        if abs(u[0]) >= abs(u[1]):
            anchor = "left" if u[0] > 0 else "right"
        else:
            anchor = "top" if u[1] > 0 else "bottom"
        label = f"{text} {arrow}" if u[0] > 0.2 else f"{arrow} {text}"
        start = centre + u * edge
        end = hub - u * (spread + node_px * 0.5)
        rim.append(
            {
                "label": label,
                "x": round(float(label_at[0]), 1),
                "y": round(float(label_at[1]), 1),
                "anchor": anchor,
                "line": [round(float(v), 1) for v in (*start, *end)],
            }
        )
    return coords, rim


def _geo(
    view: NetworkView,
    *,
    node_px: float = 24.0,
    basemap: str | Path | None = None,
    lang: str = "en",
) -> Placement:
    """The geographic layout with its overlay (area, rim labels, basemap outlines)."""
    actors = view.actors
    if "lat" not in actors or "lon" not in actors:
        raise TramasError(
            "the geographic layout needs `lat` and `lon` actor columns",
            hint="add coordinates to the actors table, or use --layout force",
            code="geo_no_columns",
        )
    lat = pd.to_numeric(actors["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(actors["lon"], errors="coerce").to_numpy(dtype=float)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if not ok.any():
        raise TramasError(
            "no actor has coordinates (`lat`, `lon`) for the geographic layout",
            hint="fill lat/lon in the actors table, or use --layout force",
            code="geo_no_coordinates",
        )
    internal = (
        actors["internal"].fillna(True).astype(bool).to_numpy()
        if "internal" in actors
        else np.ones(len(actors), dtype=bool)
    )
    ref = ok & internal if (ok & internal).any() else ok
    ref_lat = float(np.median(lat[ref]))
    plane = Projection(ref_lat, 0.0, 0.0, 1.0).plane(lon, lat)
    centre, radius = area_of(plane[ref])
    radius = max(radius, 0.01)  # about a kilometre: a cluster at one point is no area
    dist = np.sqrt(((plane - centre) ** 2).sum(axis=1))
    far = ok & (dist > FAR * radius)
    near = ok & ~far
    side = _side(int(near.sum()))
    lo, hi = plane[near].min(axis=0), plane[near].max(axis=0)
    extent = float((hi - lo).max())
    scale = side / extent if extent > 0 else 1.0
    mid = (lo + hi) / 2
    projection = Projection(ref_lat, float(mid[0]), float(mid[1]), scale)
    coords = np.zeros((view.n_actors, 2))
    coords[near] = _spread(projection.xy(lon[near], lat[near]), node_px)
    pad = node_px * 2
    box = np.concatenate([coords[near].min(axis=0) - pad, coords[near].max(axis=0) + pad])
    overlay: dict[str, Any] = {"area": [round(float(v), 1) for v in box]}
    if far.any():
        unit = (plane[far] - centre) / dist[far][:, None]
        place = _place_names(actors).to_numpy()[far].tolist()
        coords[far], overlay["rim"] = _rim(unit, place, box, node_px, lang)
    if basemap is not None:
        size = box[2:] - box[:2]
        clip = np.concatenate([box[:2] - size * 0.15, box[2:] + size * 0.15])
        outlines = outlines_overlay(read_basemap(basemap), projection, clip)
        if outlines:
            overlay["outlines"] = outlines
    n_missing = int((~ok).sum())
    if n_missing:
        bottom = float(coords[ok, 1].max())
        left = float(coords[ok, 0].min())
        per_row = max(int(side // (node_px * 2)), 1)
        k = np.arange(n_missing)
        coords[~ok, 0] = left + (k % per_row) * node_px * 2
        coords[~ok, 1] = bottom + node_px * 4 + (k // per_row) * node_px * 2
    return Placement(_frame(view, coords), n_missing, overlay)


def geo_layout(view: NetworkView, *, node_px: float = 24.0) -> tuple[pd.DataFrame, int]:
    """Positions from ``lat``/``lon`` around the cluster's area (see :mod:`tramas.viz.geo`).

    Actors within :data:`tramas.viz.geo.FAR` times the area's radius are projected to
    scale (equirectangular, north up); actors further away sit on a rim around the
    area in their direction, grouped by place.

    Returns
    -------
    positions, n_missing
        Positions in pixels indexed by actor id, and how many actors had no coordinates
        (they are set in a row under the map).

    Raises
    ------
    TramasError
        If the actors have no ``lat``/``lon`` columns, or no actor has both.
    """
    place = _geo(view, node_px=node_px)
    return place.positions, place.n_missing


def layout_positions(
    view: NetworkView,
    method: Layout = "force",
    *,
    groups: pd.Series | None = None,
    seed: int = 42,
) -> tuple[pd.DataFrame, int]:
    """Positions of a view's actors by ``method`` (see the module notes).

    Returns
    -------
    positions, n_missing
        ``x``/``y`` indexed by actor id; ``n_missing`` counts actors without coordinates
        in the geographic layout (0 otherwise).
    """
    if method == "force":
        return force_layout(view, seed=seed, groups=groups), 0
    if method == "geo":
        return geo_layout(view)
    if method == "community":
        if groups is None:
            raise TramasError(
                "the community layout needs a community per actor", code="community_layout"
            )
        return community_layout(view, groups, seed=seed), 0
    raise TramasError(
        f"unknown layout {method!r}",
        hint=f"use one of {', '.join(LAYOUTS)}",
        code="map_layout",
        values={"layout": method, "known": ", ".join(LAYOUTS)},
    )


@dataclass(frozen=True)
class Placement:
    """Where a map's actors go, and what is drawn under them.

    Attributes
    ----------
    positions:
        ``x``/``y`` in pixels, indexed by actor id.
    n_missing:
        Actors without coordinates in a geographic layout (0 otherwise).
    overlay:
        JSON for the page's ``geo`` block (basemap outlines, rim labels); empty when
        nothing is drawn under the nodes.
    """

    positions: pd.DataFrame
    n_missing: int = 0
    overlay: dict[str, Any] = field(default_factory=dict)


def placement(
    view: NetworkView,
    method: Layout = "force",
    *,
    groups: pd.Series | None = None,
    seed: int = 42,
    basemap: str | Path | None = None,
    lang: str = "en",
) -> Placement:
    """Positions of a view's actors by ``method``, with what the page draws under them.

    Parameters
    ----------
    view, method, groups, seed:
        As :func:`layout_positions` takes them (``groups``: the sub-cluster per actor).
    basemap:
        A GeoJSON file of polygons drawn under a ``geo`` layout (ignored otherwise).
    lang:
        Language of the rim labels' directions.

    Returns
    -------
    Placement
        Positions, actors without coordinates, and the page's ``geo`` block (empty but
        for a geographic layout).

    Examples
    --------
    >>> from tramas.graph.network import NetworkView
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": 1.0})
    >>> placement(NetworkView.from_frames(["a", "b"], ties, directed=False)).overlay
    {}
    """
    if method == "geo":
        return _geo(view, basemap=basemap, lang=lang)
    positions, n_missing = layout_positions(view, method, groups=groups, seed=seed)
    return Placement(positions, n_missing)
