"""Node positions for maps, computed in Python so the browser shows them at once.

vis-network can lay a graph out by itself (physics), but on a few thousand actors it
needs minutes to settle and never stops jittering. tramas computes the layout with
igraph and switches physics off; the map's toggle lets the user turn it back on.

Layouts
    ``force``
        Fruchterman & Reingold (1991) force-directed placement on the undirected,
        weighted graph: strongly tied actors sit close together.
    ``geo``
        Equirectangular projection of ``lat``/``lon`` (x = lon · cos(mean lat), y = -lat),
        with actors sharing a point spread on a small sunflower spiral, and actors without
        coordinates set in a row under the map.
    ``community``
        Each community is laid out on its own (force-directed) inside a disc whose area
        grows with its members; the discs are placed by a force-directed layout of the
        community graph and pushed apart until they do not overlap.

All positions are in screen pixels (the canvas fits them on load) and deterministic for a
given ``seed``.
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


def _component_layout(graph: ig.Graph, seed: int, weighted: bool) -> np.ndarray:
    """Force-directed drawing of each connected component, packed side by side.

    One force-directed run over a disconnected graph flings isolates to the rim and
    crushes the main component; drawing components apart keeps every part legible.
    """
    n = graph.vcount()
    coords = np.zeros((n, 2))
    if n == 0:
        return coords
    comps = sorted(graph.connected_components(mode="weak"), key=lambda c: (-len(c), c[0]))
    parts = []
    for k, members in enumerate(comps):
        if len(members) == 1:
            parts.append(np.zeros((1, 2)))
            continue
        sub = graph.induced_subgraph(members, implementation="create_from_scratch")
        parts.append(_fit(_force(sub, seed + k, weighted), _side(len(members))))
    for members, part in zip(comps, _pack(parts, gap=SPACING * 0.6), strict=True):
        coords[members] = part
    return coords - (coords.max(axis=0) + coords.min(axis=0)) / 2


def force_layout(view: NetworkView, *, seed: int = 42) -> pd.DataFrame:
    """Force-directed positions (Fruchterman & Reingold 1991), weighted by tie weight.

    Each connected component is drawn on its own and the drawings are packed in rows,
    largest first (isolates last).

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``y`` in pixels, indexed by actor id.

    References
    ----------
    Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
    placement. *Software: Practice and Experience*, 21(11), 1129–1164.
    """
    return _frame(view, _component_layout(view.graph, seed, view.weighted))


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


def geo_layout(view: NetworkView, *, node_px: float = 24.0) -> tuple[pd.DataFrame, int]:
    """Positions from ``lat``/``lon`` (equirectangular projection).

    Returns
    -------
    positions, n_missing
        Positions in pixels indexed by actor id, and how many actors had no coordinates
        (they are set in a row under the map).

    Raises
    ------
    TramasError
        If no actor has both coordinates.
    """
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
    side = _side(view.n_actors)
    coords = np.zeros((view.n_actors, 2))
    cos_lat = math.cos(math.radians(float(np.mean(lat[ok]))))
    projected = np.column_stack([lon[ok] * cos_lat, -lat[ok]])
    coords[ok] = _spread(_fit(projected, side), node_px)
    n_missing = int((~ok).sum())
    if n_missing:
        bottom = float(coords[ok, 1].max()) if ok.any() else 0.0
        left = float(coords[ok, 0].min())
        per_row = max(int(side // (node_px * 2)), 1)
        k = np.arange(n_missing)
        coords[~ok, 0] = left + (k % per_row) * node_px * 2
        coords[~ok, 1] = bottom + node_px * 4 + (k // per_row) * node_px * 2
    return _frame(view, coords), n_missing


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
    """Positions grouping each community in its own disc.

    Parameters
    ----------
    view:
        The actors and ties to place.
    groups:
        Community label per actor id (missing labels form one group each).
    """
    labels = groups.reindex(view.ids).astype(object)
    labels = labels.where(
        labels.notna(), pd.Series([f"__alone_{i}" for i in range(len(labels))], index=labels.index)
    )
    codes, uniques = pd.factorize(labels.astype(str))
    k = len(uniques)
    n = view.n_actors
    if n == 0:
        return _frame(view, np.zeros((0, 2)))
    coords = np.zeros((n, 2))
    radii = np.zeros(k)
    for c in range(k):
        members = np.flatnonzero(codes == c)
        radius = node_px * math.sqrt(len(members)) * 1.2
        radii[c] = radius
        if len(members) == 1:
            continue
        sub = view.graph.induced_subgraph(members.tolist(), implementation="create_from_scratch")
        local = _force(sub, seed + c, weighted=view.weighted)
        local = local - local.mean(axis=0)
        reach = float(np.sqrt((local**2).sum(axis=1)).max())
        coords[members] = local * (radius / reach) if reach > 0 else local
    # the community graph: one vertex per community, ties counted between them
    cg = view.graph.copy()
    cg.contract_vertices(codes.tolist(), combine_attrs="first")
    cg.es["weight"] = [1.0] * cg.ecount()
    centres = _force(cg, seed, weighted=True)
    area = float((math.pi * radii**2).sum())
    centres = _fit(centres, math.sqrt(area * 3.0)) if k > 1 else centres
    centres = _separate(centres, radii, gap=node_px * 2, seed=seed)
    coords += centres[codes]
    return _frame(view, coords)


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
        return force_layout(view, seed=seed), 0
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
    """Positions of a view's actors by ``method``, with what the page draws under them."""
    positions, n_missing = layout_positions(view, method, groups=groups, seed=seed)
    return Placement(positions, n_missing)
