"""A small self-contained SVG map of input–output sector groups.

Sectors are circles (area proportional to their intermediate purchases plus sales),
coloured by group; strong linkages are lines whose width grows with the linkage. The
layout is Kamada–Kawai on the graph of strong linkages started from a circle per group,
so the same table always gives the same picture. Every label is XML-escaped.
"""

from __future__ import annotations

import html
import math
from typing import Any

import igraph as ig
import numpy as np

from tramas.locale import format_number, t
from tramas.viz.encodings import CATEGORICAL, OTHER

__all__ = ["sector_map_svg"]

_WORDS = (
    "title",
    "group",
    "not_grouped",
    "linkage",
    "method",
    "threshold",
    "size_note",
    "purchases",
    "sales",
)


WIDTH, HEIGHT = 1000, 640
_PLOT = (40, 60, 700, 620)  # left, top, right, bottom of the drawing area
_R_MIN, _R_MAX = 5.0, 22.0


def sector_map_svg(result: Any, *, lang: str = "en", title: str | None = None) -> str:
    """The sector groups of ``result`` (an :class:`~tramas.identify.input_output.IOClusters`)
    as a standalone SVG document (a string).

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.identify.input_output import io_clusters
    >>> flows = pd.DataFrame([[0, 5], [4, 0]], index=["a<b", "c"], columns=["a<b", "c"])
    >>> svg = sector_map_svg(io_clusters(flows))
    >>> svg.startswith("<svg") and "a&lt;b" in svg and "a<b" not in svg
    True
    """
    words = {k: t(f"sector.{k}", lang) for k in _WORDS}
    groups = result.groups
    sectors = list(groups["sector"])
    pos_of = {s: i for i, s in enumerate(sectors)}
    strong = result.linkages[result.linkages["strong"]]
    edges = [
        (pos_of[a], pos_of[b]) for a, b in zip(strong["sector_a"], strong["sector_b"], strict=True)
    ]
    xy = _layout(len(sectors), edges, groups["group"].to_numpy())

    colour = {}
    palette = iter(CATEGORICAL)
    for g, size in groups.drop_duplicates("group")[["group", "group_size"]].itertuples(index=False):
        colour[g] = next(palette, OTHER) if size >= 2 else OTHER
    volume = (groups["purchases"] + groups["sales"]).to_numpy(dtype=float)
    top = volume.max() if len(volume) and volume.max() > 0 else 1.0
    radius = _R_MIN + (_R_MAX - _R_MIN) * np.sqrt(volume / top)

    esc = _esc
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" '
        f'role="img" aria-label="{esc(title or words["title"])}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="20" y="32" font-size="18" font-weight="bold">{esc(title or words["title"])}</text>',
        '<g class="linkages" stroke-linecap="round">',
    ]
    max_link = float(strong["linkage"].max()) if len(strong) else 1.0
    for (i, j), link in zip(edges, strong["linkage"], strict=True):
        same = groups["group"].iat[i] == groups["group"].iat[j]
        width = 0.8 + 5.0 * float(link) / max_link
        out.append(
            f'<line x1="{xy[i, 0]:.1f}" y1="{xy[i, 1]:.1f}" x2="{xy[j, 0]:.1f}" '
            f'y2="{xy[j, 1]:.1f}" stroke="{colour[groups["group"].iat[i]] if same else "#999999"}" '
            f'stroke-opacity="0.55" stroke-width="{width:.2f}">'
            f"<title>{esc(sectors[i])} – {esc(sectors[j])}: {words['linkage']} "
            f"{format_number(float(link), lang, 'sig3')}</title></line>"
        )
    out.append("</g>")
    out.append('<g class="sectors">')
    for i, row in enumerate(groups.itertuples(index=False)):
        tip = (
            f"{row.sector} — {words['group']} {row.group}; {words['purchases']} "
            f"{format_number(float(row.purchases), lang, 'sig3')}, {words['sales']} {format_number(float(row.sales), lang, 'sig3')}"
        )
        out.append(
            f'<g class="sector" data-sector="{esc(row.sector)}" data-group="{int(row.group)}">'
            f'<circle cx="{xy[i, 0]:.1f}" cy="{xy[i, 1]:.1f}" r="{radius[i]:.1f}" '
            f'fill="{colour[row.group]}" stroke="#333333" stroke-width="{1.8 if row.anchor else 0.6}">'
            f"<title>{esc(tip)}</title></circle>"
            f'<text x="{xy[i, 0] + radius[i] + 3:.1f}" y="{xy[i, 1] + 4:.1f}" font-size="11">'
            f"{esc(_short(row.sector))}</text></g>"
        )
    out.append("</g>")
    out.extend(_legend(result, colour, words, lang))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _layout(n: int, edges: list[tuple[int, int]], groups: np.ndarray) -> np.ndarray:
    """Kamada–Kawai from one small circle per group (deterministic), scaled to the plot."""
    if n == 0:
        return np.zeros((0, 2))
    labels = list(dict.fromkeys(groups.tolist()))
    centres = {
        g: (
            3.0 * math.cos(2 * math.pi * k / len(labels)),
            3.0 * math.sin(2 * math.pi * k / len(labels)),
        )
        for k, g in enumerate(labels)
    }
    start = []
    count: dict[object, int] = {}
    sizes = {g: int((groups == g).sum()) for g in labels}
    for g in groups.tolist():
        k = count.get(g, 0)
        count[g] = k + 1
        angle = 2 * math.pi * k / sizes[g]
        cx, cy = centres[g]
        start.append((cx + math.cos(angle), cy + math.sin(angle)))
    graph = ig.Graph(n=n, edges=edges)
    coords = (
        np.asarray(graph.layout_kamada_kawai(seed=start).coords) if edges else np.asarray(start)
    )
    left, top, right, bottom = _PLOT
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    unit = (coords - lo) / span
    if n == 1:
        unit = np.full((1, 2), 0.5)
    return np.column_stack(
        [
            left + _R_MAX + unit[:, 0] * (right - left - 2 * _R_MAX),
            top + _R_MAX + unit[:, 1] * (bottom - top - 2 * _R_MAX),
        ]
    )


def _legend(result: Any, colour: dict, words: dict[str, str], lang: str = "en") -> list[str]:
    x, y = 730, 80
    lines = [f'<g class="legend" font-size="12" transform="translate({x},{y})">']
    row = 0
    for g, members in result.clusters.items():
        label = f"{words['group']} {g} ({len(members)})"
        lines.append(
            f'<rect x="0" y="{row * 20}" width="12" height="12" fill="{colour[g]}"/>'
            f'<text x="18" y="{row * 20 + 11}">{_esc(label)}</text>'
        )
        row += 1
        if row >= 20:
            break
    if (~result.groups["in_cluster"]).any():
        lines.append(
            f'<rect x="0" y="{row * 20}" width="12" height="12" fill="{OTHER}"/>'
            f'<text x="18" y="{row * 20 + 11}">{_esc(words["not_grouped"])}</text>'
        )
        row += 1
    notes = [
        f"{words['method']}: {result.method}, {result.grouping}",
        f"{words['threshold']} {format_number(result.min_linkage, lang, 'sig3')}",
        words["size_note"],
    ]
    for k, note in enumerate(notes):
        lines.append(f'<text x="0" y="{row * 20 + 24 + 16 * k}" fill="#555555">{_esc(note)}</text>')
    lines.append("</g>")
    return lines


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)
