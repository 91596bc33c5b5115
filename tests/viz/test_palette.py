"""Palettes and shapes of the maps (#16): colour-blind-safe colours, one shape per kind.

Colour differences are CIEDE2000 (Sharma, Wu & Dalal 2005) between sRGB colours seen
through Machado, Oliveira & Fernandes' (2009) simulation of deuteranopia and protanopia
(severity 1, applied to linear RGB), implemented here and checked against published
values before it judges the palettes.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tramas.viz
from tramas.exceptions import TramasError
from tramas.graph.model import KINDS
from tramas.viz import build_map, write_map
from tramas.viz.encodings import (
    DEFAULT_PALETTE,
    KIND_SHAPES,
    NO_DATA,
    NO_SUBCLUSTER,
    PALETTES,
    colour_scheme,
    node_colors,
    node_shapes,
    relation_colors,
    shape_legend,
)
from tramas.viz.labels import kind_label

#: The smallest CIEDE2000 difference the safe palette keeps between two of its colours
#: under either simulation (docs/maps.md, "Colours and shapes").
MIN_DELTA_E = 10.0
#: ... and between a node colour and the white page.
MIN_DELTA_E_WHITE = 20.0
#: Ties are drawn at 60 % opacity, governance ties at 85 %, on a white page.
TIE_OPACITY = 0.6
GOVERNANCE_OPACITY = 0.85
#: The print palette's colours differ by at least this much in CIE L* (grey print).
MIN_DELTA_L_PRINT = 14.0

# ------------------------------------------------------------------- colour science
MACHADO = {  # Machado et al. (2009), severity 1.0, on linear RGB
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
VISIONS = (None, "protanopia", "deuteranopia")


def _linear(hex_colour: str, opacity: float = 1.0) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255
    srgb = opacity * srgb + (1 - opacity)  # over white
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab_of_linear(rgb: np.ndarray) -> np.ndarray:
    m = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = m @ rgb / np.array([0.95047, 1.0, 1.08883])  # D65 white
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab(hex_colour: str, vision: str | None = None, opacity: float = 1.0) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour, as seen with ``vision`` (None: normal)."""
    rgb = _linear(hex_colour, opacity)
    if vision is not None:
        rgb = np.clip(MACHADO[vision] @ rgb, 0.0, 1.0)
    return _lab_of_linear(rgb)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma et al. (2005)."""
    L1, a1, b1 = map(float, lab1)
    L2, a2, b2 = map(float, lab2)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    d_l, d_c = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_bar**7 / (cp_bar**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(
        np.sqrt(
            (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
        )
    )


def closest_pair(
    colours: list[str], extra: tuple[str, ...] = (), *, opacity: float = 1.0
) -> tuple[float, str | None, str, str]:
    """The smallest CIEDE2000 difference between two ``colours`` or a colour and an
    ``extra`` one, over normal vision and both simulations: (ΔE, vision, a, b)."""
    found = []
    for vision in VISIONS:
        seen = {c: lab(c, vision, opacity) for c in colours}
        seen.update({c: lab(c, vision) for c in extra})
        pairs = list(itertools.combinations(colours, 2)) + [(c, e) for c in colours for e in extra]
        found += [(ciede2000(seen[a], seen[b]), vision, a, b) for a, b in pairs]
    return min(found, key=lambda f: f[0])


# Sharma, Wu & Dalal (2005), table 1: pairs 1-4, 7, 9, 17, 25, 34 and 33.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_gives_the_published_differences(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_srgb_to_lab_and_the_simulation_give_hand_checked_values():
    # pure sRGB red is L* 53.24, a* 80.09, b* 67.20; white is L* 100, a* = b* = 0
    assert lab("#ff0000") == pytest.approx([53.24, 80.09, 67.20], abs=0.01)
    assert lab("#ffffff") == pytest.approx([100, 0, 0], abs=0.01)
    # a dichromat sees red as the first column of the matrix (linear RGB), clipped at 0
    assert _linear("#ff0000") == pytest.approx([1, 0, 0])
    seen = np.clip(MACHADO["deuteranopia"] @ _linear("#ff0000"), 0, 1)
    assert seen == pytest.approx([0.367322, 0.280085, 0.0])
    # greys stay grey (each row sums to 1), so grey legend entries are seen as they are
    for vision in MACHADO:
        assert lab("#c7c7c7", vision) == pytest.approx(lab("#c7c7c7"), abs=0.05)
    # the classic confusion: Tableau's green and red are one colour to a deuteranope
    assert ciede2000(lab("#59a14f"), lab("#e15759")) > 50
    assert ciede2000(lab("#59a14f", "deuteranopia"), lab("#e15759", "deuteranopia")) < 2


# -------------------------------------------------------------------------- palettes
def test_the_default_palette_is_the_safe_one_and_tableau_is_not():
    assert DEFAULT_PALETTE == "okabe-ito" and colour_scheme().safe
    assert set(PALETTES) == {"okabe-ito", "tableau", "print"}
    assert not colour_scheme("tableau").safe
    assert closest_pair(list(PALETTES["tableau"]))[0] < 2  # green and red, as said


def test_default_node_colours_stay_apart_under_deuteranopia_and_protanopia():
    scheme = colour_scheme()
    # every colour the legend gives before "other", the "other" grey itself and the
    # greys of "no sub-cluster" and "no data"
    colours = [*scheme.colors, scheme.other]
    gap, vision, a, b = closest_pair(colours, (NO_SUBCLUSTER, NO_DATA))
    assert gap >= MIN_DELTA_E, (vision, a, b)
    for colour in scheme.colors:  # and each is well apart from the white page
        for vision in VISIONS:
            gap = ciede2000(lab(colour, vision), lab("#ffffff", vision))
            assert gap >= MIN_DELTA_E_WHITE, (colour, vision)


def test_default_kind_relation_and_governance_colours_stay_apart():
    scheme = colour_scheme()
    assert list(scheme.kinds) == list(KINDS)
    gap, vision, a, b = closest_pair(list(scheme.kinds.values()), (NO_DATA, "#ffffff"))
    assert gap >= MIN_DELTA_E, (vision, a, b)
    # ties as drawn: translucent on white, and each still apart from the page
    rels = list(relation_colors())
    assert len(rels) >= 6
    gap, vision, a, b = closest_pair(rels + ["#ffffff"], opacity=TIE_OPACITY)
    assert gap >= MIN_DELTA_E, (vision, a, b)
    governance = sorted(set(scheme.governance.values()))
    gap, vision, a, b = closest_pair(governance + ["#ffffff"], opacity=GOVERNANCE_OPACITY)
    assert gap >= MIN_DELTA_E, (vision, a, b)


def test_the_print_palette_stays_apart_in_grey():
    scheme = colour_scheme("print")
    lightness = sorted(lab(c)[0] for c in [*scheme.colors, scheme.other])
    assert min(np.diff(lightness)) >= MIN_DELTA_L_PRINT
    assert closest_pair(list(scheme.colors))[0] >= MIN_DELTA_E


def test_an_unknown_palette_is_an_error_naming_the_known_ones(toy):
    with pytest.raises(TramasError) as caught:
        build_map(toy, palette="rainbow")
    err = caught.value
    assert err.code == "map_palette"
    assert err.values == {"palette": "rainbow", "known": "okabe-ito, tableau, print"}
    with pytest.raises(TramasError, match="rainbow"):
        node_colors(pd.Series(["a"]), "x", palette="rainbow")


def test_the_palette_colours_sub_clusters_kinds_and_relations(sample_network):
    safe = build_map(sample_network)
    tableau = build_map(sample_network, palette="tableau")
    in_safe = {n["color"] for n in safe.data["nodes"]} - {NO_SUBCLUSTER}
    in_tableau = {n["color"] for n in tableau.data["nodes"]} - {NO_SUBCLUSTER}
    assert in_safe <= set(PALETTES["okabe-ito"]) and in_tableau <= set(PALETTES["tableau"])
    assert len(in_safe) == len(in_tableau) >= 3
    # the same actors share a colour in both: only the colours change, not the grouping
    pairs = {
        (a["color"], b["color"])
        for a, b in zip(safe.data["nodes"], tableau.data["nodes"], strict=True)
    }
    assert len(pairs) == len({a for a, _ in pairs})
    assert [r["color"] for r in tableau.relations] == list(
        relation_colors("tableau")[: len(tableau.relations)]
    )
    assert [r["color"] for r in safe.relations] == list(relation_colors()[: len(safe.relations)])
    kinds = build_map(sample_network, color_by="kind", palette="print")
    kind_colour = colour_scheme("print").kinds
    actors = sample_network.actors
    for node in kinds.data["nodes"]:
        assert node["color"] == kind_colour[actors.at[node["id"], "kind"]]


def _swatches(html: str, title: str) -> list[tuple[str, str]]:
    section = html[html.index(title) :]
    section = section[: section.index("</ul>")]
    return re.findall(r'class="swatch" style="background: (#[0-9a-f]{6})"></span>([^<]*)', section)


def test_the_sample_map_legend_colours_are_safe_and_every_sub_cluster_has_its_own(
    sample_network, sample_analysis, tmp_path
):
    result = write_map(
        sample_network, tmp_path / "map.html", measures=sample_analysis.actors, lang="en"
    )
    html = Path(result.path).read_text(encoding="utf-8")
    swatches = _swatches(html, "Colour: sub-cluster")
    colours = [c for c, _ in swatches]
    n_sub = int(sample_analysis.actors["subcluster"].nunique())
    assert n_sub >= 4
    # each sub-cluster its own palette colour, none grouped as "other"; then "no sub-cluster"
    assert colours[:n_sub] == list(PALETTES[DEFAULT_PALETTE][:n_sub])
    assert colours[n_sub:] == [NO_SUBCLUSTER]
    assert not any(label.startswith("other") for _, label in swatches)
    gap, vision, a, b = closest_pair(colours)
    assert gap >= MIN_DELTA_E, (vision, a, b)


@pytest.fixture(scope="module")
def sample_analysis(sample_network):
    from tramas.metrics.analysis import analyze

    return analyze(sample_network)


# ---------------------------------------------------------------------------- shapes
VIS_SHAPES = {"dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star"}


def test_every_kind_has_its_own_shape_and_external_actors_keep_it():
    assert list(KIND_SHAPES) == list(KINDS)
    assert len(set(KIND_SHAPES.values())) == len(KINDS)
    assert set(KIND_SHAPES.values()) <= VIS_SHAPES
    actors = pd.DataFrame({"kind": [*KINDS, "research"], "internal": [True] * len(KINDS) + [False]})
    shapes = node_shapes(actors).tolist()
    assert shapes == [KIND_SHAPES[k] for k in KINDS] + ["triangle"]
    legend = shape_legend(node_shapes(actors), external=[False] * len(KINDS) + [True])
    assert [(e.label, e.shape) for e in legend.entries[:-1]] == [
        ("firm", "dot"),
        ("government", "square"),
        ("research", "triangle"),
        ("finance", "diamond"),
        ("association", "triangleDown"),
        ("other", "hexagon"),
    ]
    assert legend.entries[-1].dashed and legend.entries[-1].label.startswith("external actor")


def _vis_polygon(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    """Corners of a vis-network 9.1 shape of size ``r`` at (x, y), as its shapes.js
    draws them (triangle, triangleDown, diamond, hexagon, star)."""
    if shape in ("triangle", "triangleDown"):
        n = 1.15 * r
        d = 1 if shape == "triangle" else -1
        y += d * 0.275 * n
        s, h = np.sqrt(3) / 6 * 2 * n, np.sqrt(3) * n
        return [(x, y - d * (h - s)), (x + n, y + d * s), (x - n, y + d * s)]
    if shape == "diamond":
        return [(x, y + r), (x + r, y), (x, y - r), (x - r, y)]
    if shape == "hexagon":
        a = 2 * np.pi / 6
        return [(x + r * np.cos(a * i), y + r * np.sin(a * i)) for i in range(6)]
    if shape == "star":
        n = 0.82 * r
        y += 0.1 * n
        rad = [1.3 * n if i % 2 == 0 else 0.5 * n for i in range(10)]
        return [
            (x + rad[i] * np.sin(2 * i * np.pi / 10), y - rad[i] * np.cos(2 * i * np.pi / 10))
            for i in range(10)
        ]
    raise ValueError(shape)


@pytest.mark.parametrize("shape", ["triangle", "triangleDown", "diamond", "hexagon", "star"])
def test_legend_icons_have_vis_network_geometry(shape):
    from tramas.viz.page import _environment

    source = (Path(tramas.viz.__file__).parent / "static" / "map.html.j2").read_text("utf-8")
    start = source.index("{% macro shape_icon")
    macro = source[start : source.index("{%- endmacro %}", start) + len("{%- endmacro %}")]
    call = '{{ shape_icon(shape, "#123456", 14, dashed=True) }}'
    svg = _environment().from_string(macro + call).render(shape=shape)
    points = re.search(r'<polygon points="([^"]+)"', svg).group(1)
    got = [tuple(map(float, p.split(","))) for p in points.split()]
    assert np.allclose(got, _vis_polygon(shape, 9.0, 9.0, 7.0), atol=0.006)
    assert 'fill="#123456"' in svg and 'stroke-dasharray="3,2"' in svg
    assert "&#34;" not in svg


def test_the_map_draws_each_kind_with_its_shape_and_dashes_external_actors(sample_network):
    page = build_map(sample_network, lang="en")
    actors = sample_network.actors
    external = ~actors["internal"].astype(object).where(actors["internal"].notna(), True).astype(
        bool
    )
    for node in page.data["nodes"]:
        assert node["shape"] == KIND_SHAPES[actors.at[node["id"], "kind"]]
        assert node.get("dashes", False) == bool(external[node["id"]])
    shapes = next(s for s in page.legend if s.title == "Shape")
    present = [k for k in KINDS if k in set(actors["kind"])]
    assert [(e.label, e.shape) for e in shapes.entries if not e.dashed] == [
        (kind_label("en", k), KIND_SHAPES[k]) for k in present
    ]
    assert len(present) >= 4  # the sample has firms and three kinds of institution at least
    assert [e.dashed for e in shapes.entries].count(True) == int(external.any())


def test_community_maps_keep_plain_circles(sample_network):
    page = build_map(sample_network, community_threshold=10)
    assert page.mode == "community"
    assert {n["shape"] for n in page.data["nodes"]} == {"dot"}
    assert not any(n.get("dashes") for n in page.data["nodes"])


# ------------------------------------------------------------------------- the report
@pytest.mark.slow
def test_the_report_network_figure_uses_the_map_sub_cluster_colours(
    sample_network, sample_analysis, tmp_path
):
    from tramas.report import build_report

    out = tmp_path / "report.html"
    build_report(sample_network, out, lang="en", null_samples=0, analysis=sample_analysis)
    html = out.read_text(encoding="utf-8")
    start = html.index('data-chart="static_')
    figure = html[start : html.index("</figure>", start)]
    legend = re.findall(r'r="5" fill="(#[0-9a-f]{6})"/><text[^>]*>([^<]*)<', figure)
    fills = re.findall(
        r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="(#[0-9a-f]{6})" stroke', figure
    )
    page = build_map(sample_network, measures=sample_analysis.actors, lang="en")
    swatches = next(s for s in page.legend if s.kind == "swatch").entries
    # the same colours for the same sub-clusters, in the same order, with the same names
    assert [c for c, _ in legend] == [e.color for e in swatches]
    for (_, short), entry in zip(legend, swatches, strict=True):
        assert entry.label.startswith(short.rstrip("…"))
    # and each actor the colour of its sub-cluster: as many actors of each colour
    drawn = pd.Series(fills).value_counts().sort_index()
    on_map = pd.Series([n["color"] for n in page.data["nodes"]]).value_counts().sort_index()
    assert drawn.to_dict() == on_map.to_dict()


@pytest.mark.browser
def test_the_page_draws_kind_shapes_and_dashed_borders_of_screen_size(sample_network, tmp_path):
    from browser import open_page

    result = write_map(sample_network, tmp_path / "map.html", lang="en")
    with open_page(result.path) as page:
        page.wait_for("window.tramasReady === true")
        drawn = page.evaluate(
            """() => { const T = window.tramasMap, s = T.network.getScale();
                 return T.data.nodes.map(n => { const it = T.nodes.get(n.id);
                   return [n.id, it.shape, it.shapeProperties ? it.shapeProperties.borderDashes
                           : null, s]; }); }"""
        )
        actors = sample_network.actors
        for actor, shape, dashes, scale in drawn:
            assert shape == KIND_SHAPES[actors.at[actor, "kind"]]
            if actors.at[actor, "internal"] is False or actors.at[actor, "internal"] == 0:
                # dashes of 4 and 3 screen pixels whatever the zoom
                assert dashes == pytest.approx([4 / scale, 3 / scale], rel=0.2)
            else:
                assert not dashes
        page.evaluate("tramasMap.network.moveTo({scale: 3, animation: false})")
        page.page.wait_for_timeout(100)
        dashes = page.evaluate(
            "tramasMap.nodes.get(tramasMap.data.nodes.find(n => n.dashes).id)"
            ".shapeProperties.borderDashes"
        )
        assert dashes == pytest.approx([4 / 3, 1.0], rel=0.01)
        legend = page.evaluate(
            "[...document.querySelectorAll('#legend li svg.icon')].map(s => s.innerHTML)"
        )
        assert any("stroke-dasharray" in svg and "circle" in svg for svg in legend)
        assert page.console_errors == [] and page.requests == []
