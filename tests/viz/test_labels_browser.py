"""Map labels in headless Chromium: drawn where they fit, on the canvas, never overlapping.

labels.js draws the labels itself, in screen space; ``tramasMap.labelBoxes()`` reports
the boxes drawn. Overlaps are checked here pair by pair, independently of the page's
collision grid.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from browser import open_page
from tramas.graph import Network, Relation
from tramas.viz import write_map

pytestmark = pytest.mark.browser

READY = "window.tramasReady === true"
VIEW = (1400, 1000)


def overlapping_pairs(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of label boxes whose areas intersect (touching edges do not count)."""
    return [
        (p["id"], q["id"])
        for p, q in itertools.combinations(boxes, 2)
        if p["x"] < q["x"] + q["w"]
        and q["x"] < p["x"] + p["w"]
        and p["y"] < q["y"] + q["h"]
        and q["y"] < p["y"] + p["h"]
    ]


def test_overlap_check_itself():
    a = {"id": "a", "x": 0, "y": 0, "w": 10, "h": 5}
    b = {"id": "b", "x": 9, "y": 4, "w": 5, "h": 5}  # one pixel into a's corner
    c = {"id": "c", "x": 10, "y": 0, "w": 5, "h": 4}  # touches a's right edge only
    assert overlapping_pairs([a, b, c]) == [("a", "b")]


def top_ranked(page) -> str:
    return page.evaluate(
        "tramasMap.data.nodes.reduce((best, n) => n.rank < best.rank ? n : best).id"
    )


def on_screen(page) -> set[str]:
    """Ids of the shown actors whose centre is inside the map's canvas."""
    return set(
        page.evaluate(
            """() => {
              const T = tramasMap, net = T.network, c = net.canvas.frame.canvas;
              const pos = net.getPositions();
              return Object.keys(pos).filter((id) => {
                const d = net.canvasToDOM(pos[id]);
                return d.x >= 0 && d.y >= 0 && d.x <= c.clientWidth && d.y <= c.clientHeight;
              });
            }"""
        )
    )


def zoom_in(page) -> None:
    """Zoom in three times, centred on the top-ranked actor (a crowded part of the map)."""
    page.evaluate(
        """(id) => {
          const net = tramasMap.network;
          net.moveTo({position: net.getPosition(id), scale: net.getScale() * 3, animation: false});
        }""",
        top_ranked(page),
    )


def synthetic_network(n: int, *, long_names: bool = False, seed: int = 3) -> Network:
    """``n`` actors in groups of about 40, four ties per actor, mostly inside the group."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"A{i:05d}" for i in range(n)])
    group = rng.integers(0, max(1, n // 40), size=n)
    if long_names:
        names = [
            f"Cooperativa Vitivinícola y Frutihortícola del Valle de Uco número {i}"
            for i in range(n)
        ]
    else:
        names = [f"Organisation {i}" for i in range(n)]
    actors = pd.DataFrame(
        {"name": names, "kind": "firm", "employees": rng.integers(1, 300, size=n)},
        index=pd.Index(ids, name="id"),
    )
    m = 4 * n
    src = rng.integers(0, n, size=m)
    by_group = {g: np.flatnonzero(group == g) for g in np.unique(group)}
    tgt = np.array(
        [rng.choice(by_group[group[s]]) if rng.random() < 0.85 else rng.integers(0, n) for s in src]
    )
    ties = pd.DataFrame(
        {
            "source": ids[src],
            "target": ids[tgt],
            "relation": "cooperation",
            "weight": rng.integers(1, 4, size=m).astype(float),
        }
    )
    ties = ties[ties["source"] != ties["target"]].drop_duplicates(["source", "target"])
    relations = {"cooperation": Relation("cooperation", directed=False, label="Cooperation")}
    return Network(actors, ties.reset_index(drop=True), relations=relations)


def test_sample_map_labels_fit_grow_with_zoom_and_follow_the_pointer(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "sample.html")
    with open_page(result.path, viewport=VIEW) as page:
        page.wait_for(READY)
        boxes = page.evaluate("tramasMap.labelBoxes()")
        n_nodes = page.evaluate("tramasMap.counts().nodes")
        assert 10 <= len(boxes) < n_nodes  # some labels, not all of them: culled
        assert overlapping_pairs(boxes) == []
        assert top_ranked(page) in {b["id"] for b in boxes}
        assert page.evaluate("tramasMap.labelFont").startswith("12px")
        width, height = page.evaluate(
            "[tramasMap.container.clientWidth, tramasMap.container.clientHeight]"
        )
        assert all(
            b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= width and b["y"] + b["h"] <= height
            for b in boxes
        )
        # every label shows its actor's name, cut to 28 characters with an ellipsis
        names = page.evaluate("Object.fromEntries(tramasMap.data.nodes.map(n => [n.id, n.label]))")
        for b in boxes:
            name = names[b["id"]]
            assert b["text"] == name or (
                len(name) > 28 and len(b["text"]) <= 28 and b["text"].endswith("…")
            )
            assert name.startswith(b["text"].rstrip("…"))

        # zooming in makes room: of the actors still on screen, more carry a label
        before = {b["id"] for b in boxes}
        zoom_in(page)
        page.page.wait_for_timeout(200)
        zoomed = page.evaluate("tramasMap.labelBoxes()")
        visible = on_screen(page)
        assert overlapping_pairs(zoomed) == []
        assert len({b["id"] for b in zoomed}) > len(before & visible)
        page.evaluate("tramasMap.network.fit({animation: false})")
        page.page.wait_for_timeout(200)

        # hovering an unlabelled actor draws its label, on top of the others
        target = page.evaluate(
            """(labelled) => {
              const net = tramasMap.network, box = tramasMap.container.getBoundingClientRect();
              for (const n of tramasMap.data.nodes) {
                if (labelled.includes(n.id)) continue;
                const d = net.canvasToDOM(net.getPosition(n.id));
                if (net.getNodeAt(d) === n.id && d.x > 20 && d.y > 20) {
                  return {id: n.id, x: box.left + d.x, y: box.top + d.y};
                }
              }
              return null;
            }""",
            sorted(before),
        )
        assert target is not None
        page.page.mouse.move(target["x"], target["y"])
        page.wait_for("!document.getElementById('tooltip').hidden")
        page.page.wait_for_timeout(100)
        hovered = page.evaluate("tramasMap.labelBoxes()")
        assert hovered[-1]["id"] == target["id"]  # drawn last: on top
        # its ties are drawn at full strength, the others stay faint; heavier ties darker
        ties = page.evaluate(
            """(id) => {
              const body = tramasMap.network.body, mine = new Set(tramasMap.network.getConnectedEdges(id));
              const out = {mine: [], others: [], byWidth: []};
              Object.keys(body.edges).forEach((e) => {
                const edge = body.edges[e], v = edge.getFormattingValues();
                (mine.has(edge.id) ? out.mine : out.others).push(v.opacity);
                if (!mine.has(edge.id)) out.byWidth.push([tramasMap.data.edges[edge.id][4], v.opacity]);
              });
              return out;
            }""",
            target["id"],
        )
        assert ties["mine"] and set(ties["mine"]) == {1}
        assert max(ties["others"]) < 0.9
        by_width = sorted(ties["byWidth"])
        assert all(a[1] <= b[1] for a, b in itertools.pairwise(by_width))
        assert by_width[0][1] < by_width[-1][1]
        assert overlapping_pairs(hovered) == []
        corner = page.evaluate(
            "(() => { const b = tramasMap.container.getBoundingClientRect();"
            " return [b.left + 3, b.top + 3]; })()"
        )
        page.page.mouse.move(*corner)  # an empty corner of the map
        page.page.wait_for_timeout(100)
        assert target["id"] not in {b["id"] for b in page.evaluate("tramasMap.labelBoxes()")}
        assert page.console_errors == [] and page.requests == []


def test_labels_are_canvas_pixels(sample_network, tmp_path):
    """Switching the labels off changes canvas pixels, and only inside the label boxes."""
    result = write_map(sample_network, tmp_path / "sample.html")
    with open_page(result.path, viewport=VIEW) as page:
        page.wait_for(READY)
        changed = page.evaluate(
            """() => {
              const T = tramasMap, c = T.network.canvas.frame.canvas;
              const ratio = T.network.canvas.pixelRatio || 1;
              const pixels = () => c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              const on = pixels(), boxes = T.labelBoxes();
              T.setLabels(false);
              const off = pixels();
              T.setLabels(true);
              let inside = 0, outside = 0;
              for (let k = 0; k < on.length; k += 4) {
                if (on[k] === off[k] && on[k + 1] === off[k + 1] && on[k + 2] === off[k + 2]) continue;
                const x = (k / 4) % c.width / ratio, y = Math.floor(k / 4 / c.width) / ratio;
                const hit = boxes.some(b => x >= b.x - 2 && x <= b.x + b.w + 2 &&
                                            y >= b.y - 2 && y <= b.y + b.h + 2);
                if (hit) inside++; else outside++;
              }
              return {inside, outside, again: T.labelBoxes().length === boxes.length};
            }"""
        )
        assert changed["inside"] > 2000
        assert changed["outside"] == 0
        assert changed["again"]
        assert page.console_errors == []


def test_ego_and_community_maps_label_their_nodes(sample_network, toy, tmp_path):
    ego = write_map(sample_network, tmp_path / "ego.html", ego="F001", radius=2)
    with open_page(ego.path, viewport=VIEW) as page:
        page.wait_for(READY)
        boxes = page.evaluate("tramasMap.labelBoxes()")
        assert "F001" in {b["id"] for b in boxes}
        assert overlapping_pairs(boxes) == []
        assert page.console_errors == []
    communities = write_map(toy, tmp_path / "communities.html", community_threshold=3)
    with open_page(communities.path, viewport=VIEW) as page:
        page.wait_for(READY)
        boxes = page.evaluate("tramasMap.labelBoxes()")
        n = page.evaluate("tramasMap.counts().nodes")
        assert len(boxes) == n  # a few communities: every one fits
        assert overlapping_pairs(boxes) == []
        assert page.console_errors == []


def test_long_names_are_cut_and_never_overlap(tmp_path):
    network = synthetic_network(60, long_names=True)
    result = write_map(network, tmp_path / "long.html")
    with open_page(result.path, viewport=VIEW) as page:
        page.wait_for(READY)
        boxes = page.evaluate("tramasMap.labelBoxes()")
        assert len(boxes) >= 5
        assert overlapping_pairs(boxes) == []
        assert all(len(b["text"]) <= 28 and b["text"].endswith("…") for b in boxes)
        assert all(b["w"] < 260 for b in boxes)  # 28 characters of 12-14 px text
        assert top_ranked(page) in {b["id"] for b in boxes}
        # the tooltip keeps the full name
        page.evaluate(f"tramasMap.showNode({boxes[0]['id']!r})")
        full = page.evaluate("document.querySelector('#tooltip strong').textContent")
        assert full.startswith("Cooperativa Vitivinícola y Frutihortícola del Valle de Uco")
        assert page.console_errors == []


@pytest.mark.slow
def test_two_thousand_actors_labels_fit_and_grow_with_zoom(tmp_path):
    network = synthetic_network(2000)
    result = write_map(network, tmp_path / "big.html")
    assert result.mode == "actors"
    with open_page(result.path, viewport=VIEW, timeout_s=120) as page:
        page.wait_for(READY, timeout_s=120)
        boxes = page.evaluate("tramasMap.labelBoxes()")
        assert 20 <= len(boxes) <= 300
        assert overlapping_pairs(boxes) == []
        assert top_ranked(page) in {b["id"] for b in boxes}
        # (the cost of a redraw is measured by benchmarks/map_bench.py: redraw_ms_2000)
        zoom_in(page)
        page.page.wait_for_timeout(200)
        zoomed = page.evaluate("tramasMap.labelBoxes()")
        assert overlapping_pairs(zoomed) == []
        assert len({b["id"] for b in zoomed}) > len({b["id"] for b in boxes} & on_screen(page))
        assert page.console_errors == []


def test_print_and_a4_window_show_the_map_large_with_its_legend(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "sample.html")
    with open_page(result.path, viewport=(794, 1123)) as page:
        page.wait_for(READY)
        layout = page.evaluate(
            """() => {
              const r = (id) => document.getElementById(id).getBoundingClientRect();
              return {map: r('map'), legend: r('legend'), controls: r('controls')};
            }"""
        )
        assert layout["map"]["width"] >= 780 and layout["map"]["height"] >= 0.55 * 1123
        assert layout["legend"]["top"] >= layout["map"]["bottom"] - 1  # under the map
        assert layout["legend"]["left"] > layout["controls"]["left"]  # beside the controls
        assert overlapping_pairs(page.evaluate("tramasMap.labelBoxes()")) == []

        page.page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        printed = page.evaluate(
            """() => ({
              controls: getComputedStyle(document.getElementById('controls')).display,
              legend: getComputedStyle(document.getElementById('legend')).display,
              columns: getComputedStyle(document.getElementById('legend')).columnCount,
              map: document.getElementById('map').clientWidth,
              canvas: [tramasMap.network.canvas.frame.canvas.clientWidth,
                       tramasMap.network.canvas.frame.canvas.clientHeight],
              labels: tramasMap.labelBoxes().length
            })"""
        )
        assert printed["controls"] == "none" and printed["legend"] != "none"
        assert printed["columns"] == "3"
        assert printed["map"] == 718  # 190 mm inside its border
        assert printed["canvas"] == [718, 661]
        assert printed["labels"] >= 10
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.page.emulate_media(media="screen")
        assert page.evaluate("tramasMap.network.canvas.frame.canvas.clientWidth") >= 780
        pdf = page.page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
        assert page.console_errors == []
