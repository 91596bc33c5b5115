"""Geography of maps: the projection of ``lat``/``lon``, far actors on a rim, basemaps.

A cluster is local, but its actors' partners may sit on other continents: projected to
scale, one buyer in London squeezes every firm of the valley into a single pixel. The
geographic layout (:func:`tramas.viz.layout.geo_layout`) therefore finds the cluster's
own *area* from its internal actors — the median point and the 90 % quantile of their
distances to it — and projects to scale only the actors within :data:`FAR` times that
radius; actors further away go to a *rim* around the area, in their direction, grouped
by place, each group labelled ("Buenos Aires →").

An optional offline *basemap* (a GeoJSON file of polygons: municipalities, departments)
is projected with the same :class:`Projection` as the actors and drawn under them by
the page's ``geo.js``. Nothing is fetched from a tile server.

References
----------
Snyder, J. P. (1987). *Map projections: a working manual*. U.S. Geological Survey
Professional Paper 1395 (the equirectangular projection, pp. 90–91).

Butler, H. et al. (2016). *The GeoJSON format*. RFC 7946, IETF.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tramas.exceptions import TramasError
from tramas.locale import t

__all__ = [
    "FAR",
    "Outline",
    "Projection",
    "area_of",
    "bearing_word",
    "clip_ring",
    "outlines_overlay",
    "read_basemap",
]

#: actors further than FAR × the area's radius from its centre go to the rim (the 90 % radius
#: of a compact cloud holds nearly all of it: only outliers lie beyond twice it)
FAR = 2.0
#: property names that may hold a feature's name, in order of preference
NAME_KEYS = ("name", "nombre", "nom", "label", "departamento", "municipio", "name_es", "name_en")


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled to pixels: ``x`` east, ``y`` south (north up).

    ``x = (lon · cos φ0 − cx) · scale``, ``y = (−lat − cy) · scale`` with φ0 the
    reference latitude (Snyder 1987).

    Examples
    --------
    >>> p = Projection(ref_lat=0.0, cx=0.0, cy=0.0, scale=10.0)
    >>> p.xy([1.0], [2.0]).tolist()
    [[10.0, -20.0]]
    """

    ref_lat: float
    cx: float
    cy: float
    scale: float

    def plane(
        self, lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        """Unscaled plane coordinates (degrees of longitude shrunk by ``cos φ0``)."""
        c = math.cos(math.radians(self.ref_lat))
        return np.column_stack([np.asarray(lon, float) * c, -np.asarray(lat, float)])

    def xy(
        self, lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        """Pixel coordinates of the points ``(lon, lat)``."""
        return (self.plane(lon, lat) - [self.cx, self.cy]) * self.scale


def area_of(points: np.ndarray, *, quantile: float = 0.9) -> tuple[np.ndarray, float]:
    """Robust centre and radius of a cloud of plane points.

    The centre is the coordinate-wise median, the radius the ``quantile`` of the
    distances to it (a few far points move neither). A cloud of one point, or of
    points all at one place, has radius 0.

    Examples
    --------
    >>> import numpy as np
    >>> centre, r = area_of(np.array([[0, 0], [1, 0], [0, 1], [100, 100]]), quantile=0.5)
    >>> centre.tolist(), round(r, 3)
    ([0.5, 0.5], 0.707)
    """
    centre = np.median(points, axis=0)
    dist = np.sqrt(((points - centre) ** 2).sum(axis=1))
    return centre, float(np.quantile(dist, quantile)) if len(dist) else 0.0


_BEARINGS = ("e", "ne", "n", "nw", "w", "sw", "s", "se")


def bearing_word(dx: float, dy: float, lang: str) -> str:
    """The direction ``(dx, dy)`` (x east, y south) in words: north, north-east, ...

    Examples
    --------
    >>> bearing_word(1.0, -1.0, "en"), bearing_word(-1.0, 0.0, "es")
    ('north-east', 'oeste')
    """
    angle = math.degrees(math.atan2(-dy, dx)) % 360
    return t(f"map.dir_{_BEARINGS[int((angle + 22.5) // 45) % 8]}", lang)


# ------------------------------------------------------------------------ basemap
@dataclass(frozen=True)
class Outline:
    """A basemap feature: its name and its rings of ``(lon, lat)`` points."""

    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


def _fail(code: str, **values: Any) -> TramasError:
    hint = f"hint.{code}"
    return TramasError(
        t(f"error.{code}", "en", **values),
        hint=t(hint, "en", **values),
        code=code,
        values=values,
    )


def _ring(raw: Any, file: str, number: int) -> tuple[tuple[float, float], ...]:
    ok = isinstance(raw, list) and len(raw) >= 3
    points = []
    for p in raw if ok else ():
        if not (
            isinstance(p, list)
            and len(p) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p[:2])
            and math.isfinite(p[0])
            and math.isfinite(p[1])
            and -180 <= p[0] <= 180
            and -90 <= p[1] <= 90
        ):
            ok = False
            break
        points.append((float(p[0]), float(p[1])))
    if not ok:
        raise _fail("basemap_coordinates", file=file, feature=number)
    return tuple(points)


def _polygons(geometry: Any, file: str, number: int) -> list[Any]:
    if not isinstance(geometry, dict) or "coordinates" not in geometry:
        raise _fail("basemap_geometry", file=file, feature=number)
    kind = geometry.get("type")
    coords = geometry["coordinates"]
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list):
        polygons = coords
    else:
        raise _fail("basemap_geometry", file=file, feature=number)
    if not all(isinstance(p, list) and p for p in polygons):
        raise _fail("basemap_coordinates", file=file, feature=number)
    return polygons


def _name(properties: Any) -> str:
    if not isinstance(properties, dict):
        return ""
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for key in NAME_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for key, value in lowered.items():
        if ("name" in key or "nombre" in key) and isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def read_basemap(path: str | Path) -> list[Outline]:
    """The polygons of a GeoJSON file (RFC 7946), with their names.

    Accepts a ``FeatureCollection``, a ``Feature`` or a bare ``Polygon`` /
    ``MultiPolygon`` geometry; features of other geometries (points, lines) are skipped.
    A feature's name is its first property among :data:`NAME_KEYS` (any case), else
    any property whose name holds "name" or "nombre".

    Raises
    ------
    TramasError
        ``basemap_missing`` (no such file), ``basemap_json`` (not JSON, with the line),
        ``basemap_geojson`` (JSON but not GeoJSON), ``basemap_geometry`` or
        ``basemap_coordinates`` (the feature number, from 1), ``basemap_empty`` (no
        polygon at all).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> square = {"type": "Feature", "properties": {"NAME": "Uco"}, "geometry":
    ...     {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "b.geojson"
    >>> _ = f.write_text(json.dumps(square))
    >>> [(o.name, len(o.rings[0])) for o in read_basemap(f)]
    [('Uco', 4)]
    """
    path = Path(path)
    file = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise _fail("basemap_missing", file=file) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail("basemap_json", file=file, line=exc.lineno) from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    elif kind == "Feature":
        features = [data]
    elif kind in ("Polygon", "MultiPolygon"):
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise _fail("basemap_geojson", file=file)
    outlines = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise _fail("basemap_geometry", file=file, feature=number)
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue  # points and lines are not outlines
        rings = [
            _ring(ring, file, number)
            for polygon in _polygons(geometry, file, number)
            for ring in polygon
        ]
        outlines.append(Outline(_name(feature.get("properties")), tuple(rings)))
    if not outlines:
        raise _fail("basemap_empty", file=file)
    return outlines


def clip_ring(ring: np.ndarray, box: Sequence[float]) -> np.ndarray:
    """Clip a closed polygon ring to the rectangle ``box = (x0, y0, x1, y1)``.

    Sutherland & Hodgman (1974) re-entrant polygon clipping, one edge of the box at a
    time. Returns the clipped ring (possibly empty).

    References
    ----------
    Sutherland, I. E. & Hodgman, G. W. (1974). Reentrant polygon clipping.
    *Communications of the ACM* 17(1), 32–42.

    Examples
    --------
    >>> import numpy as np
    >>> clip_ring(np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]), (0, 0, 2, 2)).tolist()
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    """
    x0, y0, x1, y1 = (float(v) for v in box)
    points = [tuple(map(float, p)) for p in ring]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    edges = (
        (lambda p: p[0] >= x0, lambda p, q: _cut_x(p, q, x0)),
        (lambda p: p[0] <= x1, lambda p, q: _cut_x(p, q, x1)),
        (lambda p: p[1] >= y0, lambda p, q: _cut_y(p, q, y0)),
        (lambda p: p[1] <= y1, lambda p, q: _cut_y(p, q, y1)),
    )
    for inside, cut in edges:
        if not points:
            break
        out = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        points = out
    return np.array(points, dtype=float).reshape(-1, 2)


def _cut_x(p: tuple[float, float], q: tuple[float, float], x: float) -> tuple[float, float]:
    s = (x - p[0]) / (q[0] - p[0])
    return (x, p[1] + s * (q[1] - p[1]))


def _cut_y(p: tuple[float, float], q: tuple[float, float], y: float) -> tuple[float, float]:
    s = (y - p[1]) / (q[1] - p[1])
    return (p[0] + s * (q[0] - p[0]), y)


def _thin(ring: np.ndarray, step: float) -> np.ndarray:
    """Drop points closer than ``step`` pixels to the last kept one (keeps the shape)."""
    if len(ring) <= 4:
        return ring
    kept = [ring[0]]
    for p in ring[1:]:
        if abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) >= step:
            kept.append(p)
    return np.array(kept) if len(kept) >= 3 else ring


def outlines_overlay(
    outlines: Iterable[Outline], projection: Projection, box: Sequence[float]
) -> list[dict[str, Any]]:
    """The page's ``geo.outlines``: each outline projected and clipped to ``box``.

    Rings left with fewer than three points (outside the box) are dropped, and so are
    outlines with no ring left; points closer than one pixel are merged.

    Examples
    --------
    >>> o = Outline("a", (((0.0, 0.0), (1.0, 0.0), (1.0, -1.0), (0.0, 0.0)),))
    >>> outlines_overlay([o], Projection(0.0, 0.0, 0.0, 10.0), (0, 0, 100, 100))
    [{'name': 'a', 'rings': [[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]]]}]
    """
    out = []
    for outline in outlines:
        rings = []
        for ring in outline.rings:
            lon, lat = zip(*ring, strict=True)
            clipped = _thin(clip_ring(projection.xy(lon, lat), box), 1.0)
            if len(clipped) >= 3:
                rings.append((np.round(clipped, 1) + 0.0).tolist())  # no -0.0
        if rings:
            out.append({"name": outline.name, "rings": rings})
    return out
