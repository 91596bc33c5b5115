"""Small SVG charts for reports, written by hand: no plotting library, nothing to download.

Every chart is a string of inline SVG (:class:`markupsafe.Markup`) that renders the same
in a browser and in WeasyPrint's PDF. Every text drawn — actor names, category labels —
is escaped. Charts carry ``role="img"`` and an ``aria-label`` with their title.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from markupsafe import Markup, escape

from tramas.viz.encodings import CATEGORICAL, OTHER

__all__ = ["bar_chart", "histogram", "network_drawing", "scatter", "stacked_bars"]

FONT = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px"
AXIS = "#555"
GRID = "#e3e3e3"
BAR = "#4e79a7"


def _svg(width: float, height: float, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-label="{escape(title)}" style="{FONT}">'
    )
    return Markup(head + f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int | None = None,
    color: str = "#222",
    bold: bool = False,
    rotate: float | None = None,
) -> str:
    style = []
    if size:
        style.append(f"font-size:{size}px")
    if bold:
        style.append("font-weight:bold")
    attrs = f' style="{";".join(style)}"' if style else ""
    rot = f' transform="rotate({rotate:.0f} {x:.1f} {y:.1f})"' if rotate is not None else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{color}"{attrs}{rot}>'
        f"{escape(text)}</text>"
    )


def _axis(values: Sequence[float], extra: float = 0.0) -> tuple[float, list[float]]:
    """Axis end and ticks: whole-number steps for counts, round steps otherwise.

    Examples
    --------
    >>> _axis([0, 7])
    (8.0, [0.0, 2.0, 4.0, 6.0, 8.0])
    >>> _axis([0.0, 0.037])
    (0.04, [0.0, 0.01, 0.02, 0.03, 0.04])
    """
    vals = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    vmax = max(vals + [float(extra), 0.0])
    if vmax <= 0:
        return 1.0, [0.0, 1.0]
    integral = all(float(v).is_integer() for v in vals)
    exp = 10 ** math.floor(math.log10(vmax / 5)) if vmax / 5 > 0 else 1
    steps = [m * exp for m in (1, 2, 2.5, 5, 10, 20)]
    if integral:
        steps = [s for s in steps if float(s).is_integer() and s >= 1] or [1.0]
        steps = sorted(set(steps) | {1.0, 2.0, 5.0, 10.0})
    step = next(s for s in steps if s * 6 >= vmax)
    count = math.ceil(vmax / step - 1e-9)
    top = step * count
    return float(round(top, 12)), [float(round(step * i, 12)) for i in range(count + 1)]


def _fmt_tick(v: float, fmt) -> str:  # noqa: ANN001
    return fmt(v) if fmt else f"{v:g}"


#: Average width of a character of the charts' 11 px DejaVu Sans, in pixels.
_CHAR_PX = 6.8


def _truncate(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    value_label: str = "",
    fmt=None,  # noqa: ANN001
    tick_fmt=None,  # noqa: ANN001
    color: str = BAR,
    width: int = 720,
) -> Markup:
    """Horizontal bars, one per label, largest first as given.

    ``fmt`` formats the value written at the end of each bar, ``tick_fmt`` the axis.

    Examples
    --------
    >>> svg = bar_chart(["<b>A</b>", "B"], [3, 1], title="Top")
    >>> "&lt;b&gt;A&lt;/b&gt;" in svg and svg.count("<rect") == 2
    True
    """
    n = len(labels)
    row, top_pad, left = 20, 28, 230
    height = top_pad + n * row + 30
    plot_w = width - left - 70
    vmax, ticks = _axis(values)
    body = [_text(0, 14, title, bold=True, size=12)]
    for tick in ticks:
        x = left + plot_w * tick / vmax
        body.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 4}" x2="{x:.1f}" y2="{top_pad + n * row}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                x,
                top_pad + n * row + 14,
                _fmt_tick(tick, tick_fmt),
                anchor="middle",
                color=AXIS,
                size=10,
            )
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top_pad + i * row
        w = plot_w * float(value) / vmax if vmax else 0
        body.append(_text(left - 6, y + 14, _truncate(str(label), 36), anchor="end"))
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{max(w, 0):.1f}" height="{row - 6}" fill="{color}"/>'
        )
        body.append(_text(left + w + 4, y + 14, _fmt_tick(float(value), fmt), color=AXIS, size=10))
    if value_label:
        body.append(
            _text(left + plot_w / 2, height - 2, value_label, anchor="middle", color=AXIS, size=10)
        )
    return _svg(width, height, title, body)


def histogram(
    counts: Mapping[int, int],
    *,
    title: str,
    x_label: str,
    y_label: str,
    width: int = 720,
    height: int = 260,
) -> Markup:
    """Bars of a distribution over small integers (e.g. how many actors have degree k).

    Examples
    --------
    >>> svg = histogram({0: 2, 1: 5, 3: 1}, title="Degree", x_label="k", y_label="actors")
    >>> svg.count("<rect")
    4
    """
    ks = sorted(int(k) for k in counts)
    kmax = max(ks) if ks else 0
    left, right, top, bottom = 44, 12, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    cmax, cticks = _axis(list(counts.values()))
    slots = kmax + 1
    bar_w = plot_w / slots
    body = [_text(0, 14, title, bold=True, size=12)]
    for tick in cticks:
        y = top + plot_h - plot_h * tick / cmax
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, f"{tick:g}", anchor="end", color=AXIS, size=10))
    step = max(1, math.ceil(slots / 15))
    for k in range(slots):
        c = counts.get(k, 0)
        x = left + k * bar_w
        h = plot_h * c / cmax
        body.append(
            f'<rect x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 1, 0.5):.1f}" '
            f'height="{h:.1f}" fill="{BAR}"><title>{k}: {c}</title></rect>'
        )
        if k % step == 0:
            body.append(
                _text(
                    x + bar_w / 2, top + plot_h + 13, str(k), anchor="middle", color=AXIS, size=10
                )
            )
    body.append(_text(left + plot_w / 2, height - 6, x_label, anchor="middle", color=AXIS))
    body.append(_text(12, top + plot_h / 2, y_label, anchor="middle", color=AXIS, rotate=-90))
    return _svg(width, height, title, body)


def stacked_bars(
    rows: Sequence[str],
    series: Sequence[str],
    matrix: np.ndarray,
    *,
    title: str,
    colors: Mapping[str, str] | None = None,
    width: int = 720,
    left: int | None = None,
) -> Markup:
    """One horizontal bar per row, split by series (e.g. communities by actor kind).

    ``matrix[i, j]`` is the count of series ``j`` in row ``i``; ``left`` is the width
    of the row labels in pixels (default: as wide as the longest label needs, 110 to
    260 px; longer labels are cut with "…").

    Examples
    --------
    >>> m = np.array([[2, 1], [0, 3]])
    >>> svg = stacked_bars(["c1", "c2"], ["firm", "research"], m, title="Composition")
    >>> svg.count('class="seg"')
    3
    """
    matrix = np.asarray(matrix, dtype=float)
    n = len(rows)
    row, top_pad = 20, 28
    if left is None:
        longest = max((len(str(r)) for r in rows), default=0)
        left = min(260, max(110, round(_CHAR_PX * longest) + 12))
    label_chars = max(6, int((left - 10) / _CHAR_PX))
    legend_h = 18 * math.ceil(len(series) / 4)
    height = top_pad + n * row + 24 + legend_h
    plot_w = width - left - 40
    vmax, ticks = _axis(matrix.sum(axis=1).tolist() if n else [1.0])
    palette = {
        s: (colors or {}).get(s) or CATEGORICAL[i % len(CATEGORICAL)] for i, s in enumerate(series)
    }
    body = [_text(0, 14, title, bold=True, size=12)]
    for tick in ticks:
        x = left + plot_w * tick / vmax
        body.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 4}" x2="{x:.1f}" y2="{top_pad + n * row}" stroke="{GRID}"/>'
        )
        body.append(
            _text(x, top_pad + n * row + 13, f"{tick:g}", anchor="middle", color=AXIS, size=10)
        )
    for i, label in enumerate(rows):
        y = top_pad + i * row
        body.append(_text(left - 6, y + 14, _truncate(str(label), label_chars), anchor="end"))
        x = float(left)
        for j, s in enumerate(series):
            value = matrix[i, j]
            if value <= 0:
                continue
            w = plot_w * value / vmax
            body.append(
                f'<rect class="seg" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                f'fill="{palette[s]}"><title>{escape(str(label))} · {escape(str(s))}: {value:g}</title></rect>'
            )
            x += w
    ly = top_pad + n * row + 24
    for j, s in enumerate(series):
        lx = left + (j % 4) * (plot_w / 4)
        yy = ly + 18 * (j // 4)
        body.append(f'<rect x="{lx:.1f}" y="{yy:.1f}" width="10" height="10" fill="{palette[s]}"/>')
        body.append(_text(lx + 14, yy + 9, _truncate(str(s), 20), size=10))
    return _svg(width, height, title, body)


def scatter(
    x: Sequence[float],
    y: Sequence[float],
    groups: Sequence[str],
    *,
    title: str,
    x_label: str,
    y_label: str,
    colors: Mapping[str, str],
    labels: Sequence[str] | None = None,
    x_line: float | None = None,
    y_line: float | None = None,
    width: int = 720,
    height: int = 400,
) -> Markup:
    """Points coloured by group, with optional threshold lines and point labels.

    Points at the same position are spread on a small deterministic spiral so that each
    one stays visible. ``labels`` (same length, empty string for none) are written
    beside their points.

    Examples
    --------
    >>> svg = scatter([0, 1, 1], [0, 2, 2], ["a", "b", "b"], title="t", x_label="x",
    ...               y_label="y", colors={"a": "#f00", "b": "#00f"}, labels=["", "<i>", ""])
    >>> svg.count('class="pt"'), "&lt;i&gt;" in svg
    (3, True)
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    left, right, top, bottom = 48, 170, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    xmax, xticks = _axis(xs.tolist(), x_line or 0.0)
    ymax, yticks = _axis(ys.tolist(), y_line or 0.0)
    body = [_text(0, 14, title, bold=True, size=12)]
    for tick in xticks:
        px = left + plot_w * tick / xmax
        body.append(
            f'<line x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + plot_h}" stroke="{GRID}"/>'
        )
        body.append(_text(px, top + plot_h + 13, f"{tick:g}", anchor="middle", color=AXIS, size=10))
    for tick in yticks:
        py = top + plot_h - plot_h * tick / ymax
        body.append(
            f'<line x1="{left}" y1="{py:.1f}" x2="{left + plot_w}" y2="{py:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 4, py + 4, f"{tick:g}", anchor="end", color=AXIS, size=10))
    if x_line is not None:
        px = left + plot_w * x_line / xmax
        body.append(
            f'<line x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + plot_h}" stroke="#999" stroke-dasharray="4 3"/>'
        )
    if y_line is not None:
        py = top + plot_h - plot_h * y_line / ymax
        body.append(
            f'<line x1="{left}" y1="{py:.1f}" x2="{left + plot_w}" y2="{py:.1f}" stroke="#999" stroke-dasharray="4 3"/>'
        )
    seen: dict[tuple[float, float], int] = {}
    placed: list[tuple[float, float, float]] = []  # label boxes: x, y, width
    for i, (xi, yi, g) in enumerate(zip(xs, ys, groups, strict=True)):
        k = seen.get((xi, yi), 0)
        seen[(xi, yi)] = k + 1
        angle, radius = k * 2.4, 3.2 * math.sqrt(k)
        px = left + plot_w * xi / xmax + radius * math.cos(angle)
        py = top + plot_h - plot_h * yi / ymax + radius * math.sin(angle)
        color = colors.get(g, OTHER)
        label = labels[i] if labels is not None else ""
        tip = f"{label} · " if label else ""
        body.append(
            f'<circle class="pt" cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{color}" fill-opacity="0.85" '
            f'stroke="#fff" stroke-width="0.6"><title>{escape(tip)}{escape(str(g))} ({xi:g}, {yi:g})</title></circle>'
        )
        if label:
            text = _truncate(label, 22)
            w = 5.4 * len(text)
            for dy in (-4, 9, -15, 20):
                ly = py + dy
                if all(
                    abs(ly - oy) > 10 or px + 6 + w < ox or ox + ow < px + 6
                    for ox, oy, ow in placed
                ):
                    placed.append((px + 6, ly, w))
                    body.append(_text(px + 6, ly, text, size=9, color="#333"))
                    break
    body.append(_text(left + plot_w / 2, height - 6, x_label, anchor="middle", color=AXIS))
    body.append(_text(12, top + plot_h / 2, y_label, anchor="middle", color=AXIS, rotate=-90))
    present = list(dict.fromkeys(groups))
    for j, g in enumerate([g for g in colors if g in present]):
        ly = top + 4 + 16 * j
        body.append(f'<circle cx="{left + plot_w + 16}" cy="{ly + 4}" r="4" fill="{colors[g]}"/>')
        body.append(_text(left + plot_w + 24, ly + 8, _truncate(str(g), 26), size=10))
    return _svg(width, height, title, body)


def network_drawing(
    positions: np.ndarray,
    edges: Sequence[tuple[int, int]],
    colors: Sequence[str],
    sizes: Sequence[float],
    *,
    title: str,
    legend: Mapping[str, str] | None = None,
    width: int = 640,
    height: int = 480,
) -> Markup:
    """A static drawing of a network (for print, where the interactive map cannot go).

    ``positions`` is an ``(n, 2)`` array of coordinates in any units; ``sizes`` are node
    radii in pixels.

    Examples
    --------
    >>> svg = network_drawing(np.array([[0, 0], [1, 1]]), [(0, 1)], ["#f00", "#00f"],
    ...                       [4, 6], title="net")
    >>> svg.count("<circle"), svg.count("<line")
    (2, 1)
    """
    pos = np.asarray(positions, dtype=float).reshape(-1, 2)
    pad = 14
    # the legend as wide as its longest label needs (10 px text), 150 to 240 px
    longest = max((len(str(k)) for k in legend), default=0) if legend else 0
    legend_w = min(240, max(150, round(_CHAR_PX * 0.95 * longest) + 24)) if legend else 0
    label_chars = max(12, int((legend_w - 24) / (_CHAR_PX * 0.95)))
    body = [_text(0, 14, title, bold=True, size=12)]
    if len(pos):
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        span = np.where(hi - lo > 0, hi - lo, 1.0)
        scale = min((width - legend_w - 2 * pad) / span[0], (height - 24 - 2 * pad) / span[1])
        xy = (pos - lo) * scale + np.array([pad, 24 + pad])
        for a, b in edges:
            body.append(
                f'<line x1="{xy[a, 0]:.1f}" y1="{xy[a, 1]:.1f}" x2="{xy[b, 0]:.1f}" '
                f'y2="{xy[b, 1]:.1f}" stroke="#9aa" stroke-opacity="0.45" stroke-width="0.7"/>'
            )
        for i in np.argsort(-np.asarray(sizes, dtype=float)):
            body.append(
                f'<circle cx="{xy[i, 0]:.1f}" cy="{xy[i, 1]:.1f}" r="{float(sizes[i]):.1f}" '
                f'fill="{colors[i]}" stroke="#fff" stroke-width="0.6"/>'
            )
    if legend:
        lx = width - legend_w + 8
        for j, (label, color) in enumerate(legend.items()):
            ly = 34 + 16 * j
            body.append(f'<circle cx="{lx + 5}" cy="{ly}" r="5" fill="{color}"/>')
            body.append(_text(lx + 14, ly + 4, _truncate(str(label), label_chars), size=10))
    return _svg(width, height, title, body)
