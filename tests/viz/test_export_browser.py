"""Map export in headless Chromium: PNG, SVG and saved layouts from the page's buttons,
and `tramas map --png/--svg/--positions` end to end."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from browser import open_page
from tramas.cli import app
from tramas.graph import Network, Relation, StudyInfo
from tramas.viz import write_map
from tramas.viz.snapshot import find_chromium, snapshot

pytestmark = pytest.mark.browser

READY = "window.tramasReady === true"
SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()

HOSTILE = ['Tom & Jerry\'s "<b>bodega</b>"', "A < B > C", "<script>alert('x')</script>"]


def page_data(path: Path) -> dict:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", id="tramas-data").string)


def png_size(blob: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (after checking the signature)."""
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert blob[12:16] == b"IHDR"
    return struct.unpack(">II", blob[16:24])


def hostile_network() -> Network:
    """Four actors whose names, relation label and study title are markup and quotes."""
    actors = pd.DataFrame(
        {
            "name": [*HOSTILE, "Plain & simple"],
            "kind": ["firm", "firm", "research", "firm"],
            "internal": [True, True, True, False],
        },
        index=pd.Index(["F-1", "F-2", "R-3", "X-4"], name="id"),
    )
    ties = pd.DataFrame(
        [
            ("F-1", "F-2", "coop", "2025", 2.0),
            ("F-2", "R-3", "coop", "2025", 1.0),
            ("R-3", "F-1", "advice", "2025", 3.0),
            ("F-1", "X-4", "advice", "2025", 1.0),
        ],
        columns=["source", "target", "relation", "wave", "weight"],
    )
    relations = {
        "coop": Relation("coop", directed=False, label='Co-op & "friends" <x>'),
        "advice": Relation("advice", directed=True, label="Advice"),
    }
    study = StudyInfo(key="h", title="Tom & Jerry's <cluster>", lang="en", waves=("2025",))
    return Network(actors, ties, relations=relations, study=study)


def download(page, button: str, out: Path) -> tuple[str, Path]:
    with page.page.expect_download() as info:
        page.page.click(button)
    dl = info.value
    dl.save_as(out)
    return dl.suggested_filename, out


# ------------------------------------------------------------------------ the buttons
def test_png_button_draws_the_view_at_print_resolution_on_white(toy, tmp_path):
    result = write_map(toy, tmp_path / "toy.html")
    with open_page(result.path, viewport=(1200, 800)) as page:
        page.wait_for(READY)
        labels = page.evaluate(
            "[...document.querySelectorAll('#export button')].map(b => b.textContent.trim())"
        )
        assert labels == ["Download PNG", "Download SVG", "Save layout"]
        w, h = page.evaluate("[tramasMap.container.clientWidth, tramasMap.container.clientHeight]")
        svg = ET.fromstring(page.evaluate("tramasMap.exportSVG()").split("?>", 1)[1])
        sw, sh = int(svg.get("width")), int(svg.get("height"))
        assert sw > w and sh >= h  # the view and, beside it, the legend
        swatches = page.evaluate(
            "[...document.querySelectorAll('#legend .swatch')].map(s => getComputedStyle(s)"
            ".backgroundColor)"
        )
        name, path = download(page, "#export-png", tmp_path / "view.png")
        assert name == "toy-cluster.png"
        width, height = png_size(path.read_bytes())
        assert (width, height) == (3 * sw, 3 * sh)
        assert page.console_errors == [] and page.requests == []
    from PIL import Image

    with Image.open(path) as im:
        rgb = im.convert("RGB")
        assert rgb.getpixel((0, 0)) == (255, 255, 255)  # white, not transparent black
        colours = rgb.getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50  # something is drawn
        # the legend is in the picture: every swatch colour of the page's legend
        present = {c for _, c in colours}
        assert swatches
        for css in swatches:
            rgb_swatch = tuple(int(v) for v in css[css.index("(") + 1 : -1].split(",")[:3])
            assert rgb_swatch in present, css


def test_png_button_works_from_the_keyboard_in_spanish(toy, tmp_path):
    result = write_map(toy, tmp_path / "es.html", lang="es")
    with open_page(result.path) as page:
        page.wait_for(READY)
        assert page.evaluate("document.getElementById('export-png').textContent") == (
            "Descargar PNG"
        )
        assert page.evaluate("document.getElementById('export-layout').textContent") == (
            "Guardar posiciones"
        )
        page.page.focus("#export-png")
        with page.page.expect_download() as info:
            page.page.keyboard.press("Enter")
        assert info.value.suggested_filename.endswith(".png")


def test_svg_has_one_shape_per_visible_actor_and_escapes_every_text(tmp_path):
    result = write_map(hostile_network(), tmp_path / "hostile.html")
    with open_page(result.path) as page:
        page.wait_for(READY)
        name, path = download(page, "#export-svg", tmp_path / "view.svg")
        assert name == "tom-jerry-s-cluster.svg"
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)  # parses: every text is escaped
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == "Tom & Jerry's <cluster>"
        nodes = [e for e in root.iter() if e.get("class") == "node"]
        assert sorted(e.get("data-id") for e in nodes) == ["F-1", "F-2", "R-3", "X-4"]
        edges = [e for e in root.iter() if e.get("class") == "edge"]
        assert len(edges) == 4
        legend = " ".join(
            t.text or "" for g in root.iter() if g.get("class") == "legend" for t in g.iter()
        )
        assert 'Co-op & "friends" <x>' in legend
        assert "<script>" not in text and "<b>" not in text
        if page.evaluate("typeof tramasMap.labelBoxes === 'function'"):
            boxes = page.evaluate("tramasMap.labelBoxes().map(b => b.text)")
            labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
            assert sorted(labels) == sorted(boxes)
            assert boxes  # a map of four actors shows their names
        # hide two actors: the SVG follows the view
        page.evaluate(
            "tramasMap.nodeFilters.push(n => n.id !== 'F-2' && n.id !== 'X-4');tramasMap.refresh()"
        )
        again = ET.fromstring(page.evaluate("tramasMap.exportSVG()"))
        shown = sorted(e.get("data-id") for e in again.iter() if e.get("class") == "node")
        assert shown == ["F-1", "R-3"]
        assert len([e for e in again.iter() if e.get("class") == "edge"]) == 1  # R-3 → F-1
        assert page.console_errors == [] and page.requests == []


# The view drawn twice in the page: the SVG export rasterised as an image, and
# vis-network's own canvas at one pixel per CSS pixel; returns the overlap (intersection
# over union) of their pure red pixels.
OVERLAP_JS = """async () => {
  const T = window.tramasMap;
  const w = T.container.clientWidth, h = T.container.clientHeight;
  function load(url) {
    return new Promise((ok, no) => { const im = new Image(); im.onload = () => ok(im); im.onerror = no; im.src = url; });
  }
  function red(im, fit) {
    const c = document.createElement("canvas"); c.width = w; c.height = h;
    const ctx = c.getContext("2d"); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    if (fit) { ctx.drawImage(im, 0, 0, w, h); } else { ctx.drawImage(im, 0, 0); }
    const px = ctx.getImageData(0, 0, w, h).data, mask = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) {
      mask[i] = px[4 * i] > 200 && px[4 * i + 1] < 60 && px[4 * i + 2] < 60 ? 1 : 0;
    }
    return mask;
  }
  const svg = await load("data:image/svg+xml;charset=utf-8," + encodeURIComponent(T.exportSVG()));
  const a = red(svg, false), b = red(T.network.canvas.frame.canvas, true);
  let both = 0, either = 0, na = 0;
  for (let i = 0; i < a.length; i++) { both += a[i] & b[i]; either += a[i] | b[i]; na += a[i]; }
  return [both / Math.max(either, 1), na];
}"""


@pytest.mark.parametrize(
    "shape", ["dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star"]
)
def test_svg_draws_each_vis_network_shape_as_the_canvas_does(toy, tmp_path, shape):
    result = write_map(toy, tmp_path / "shapes.html")
    with open_page(result.path) as page:
        page.wait_for(READY)
        page.evaluate(
            """(shape) => {
              const T = window.tramasMap;
              T.edgeFilters.push(() => false);
              T.nodes.update(T.nodes.getIds().map((id) => ({
                id: id, shape: shape, size: 30, label: "", borderWidth: 1,
                color: {background: "#ff0000", border: "#ff0000"}})));
              T.refresh();
              T.network.fit();
            }""",
            shape,
        )
        page.page.wait_for_timeout(100)
        overlap, red_pixels = page.evaluate(OVERLAP_JS)
        assert red_pixels > 6 * 500  # six actors drawn, each a sizeable shape
        assert overlap > 0.98, overlap  # a wrong shape overlaps about half
        assert page.console_errors == []


def test_saved_layout_round_trips_through_tramas_map_positions(files, tmp_path):
    actors, ties = files
    first = tmp_path / "first.html"
    args = ["map", "--actors", str(actors), "--ties", str(ties)]
    assert runner.invoke(app, [*args, "--out", str(first)]).exit_code == 0
    with open_page(first) as page:
        page.wait_for(READY)
        page.evaluate("tramasMap.network.moveNode('F-COOP', 512.5, -300.25)")
        name, path = download(page, "#export-layout", tmp_path / "saved.json")
    assert name.endswith(".layout.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["tramas_layout"] == 1 and doc["anonymized"] is False
    assert set(doc["positions"]) == {n["id"] for n in page_data(first)["nodes"]}
    assert doc["positions"]["F-COOP"] == [512.5, -300.25]
    second = tmp_path / "second.html"
    result = runner.invoke(app, [*args, "--out", str(second), "--positions", str(path)])
    assert result.exit_code == 0, result.output
    assert "6 actors placed as saved, 0 not in the file" in result.output
    nodes = {n["id"]: (n["x"], n["y"]) for n in page_data(second)["nodes"]}
    assert nodes["F-COOP"] == (512.5, -300.25)
    assert nodes == {k: tuple(v) for k, v in doc["positions"].items()}


# ------------------------------------------------------------------------ the command line
@pytest.mark.slow
def test_cli_png_and_svg_through_headless_chromium(files, tmp_path):
    actors, ties = files
    out = tmp_path / "out" / "map.html"
    png = tmp_path / "pics" / "map.png"
    svg = tmp_path / "pics" / "map.svg"
    result = runner.invoke(
        app,
        [
            "map",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--out",
            str(out),
            "--png",
            str(png),
            "--svg",
            str(svg),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "picture of the map written to" in result.output
    assert str(png) in result.output.replace("\n", "") or png.name in result.output
    width, height = png_size(png.read_bytes())
    assert width >= 3 * 800 and height >= 3 * 400  # the map's part of a 1400×1000 window, ×3
    root = ET.fromstring(svg.read_bytes())
    assert len([e for e in root.iter() if e.get("class") == "node"]) == 6
    manifest = json.loads((out.parent / "manifest.json").read_text(encoding="utf-8"))
    written = json.dumps(manifest)
    assert "map.png" in written and "map.svg" in written


def test_no_chromium_is_a_clear_error_after_the_html(files, tmp_path, monkeypatch):
    actors, ties = files
    monkeypatch.setenv("TRAMAS_CHROMIUM", str(tmp_path / "no-such-browser"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = tmp_path / "map.html"
    args = ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(out)]
    result = runner.invoke(app, [*args, "--png", str(tmp_path / "m.png")])
    assert result.exit_code != 0
    assert "no Chromium to draw the picture with" in result.output
    assert "TRAMAS_CHROMIUM" in result.output and "Traceback" not in result.output
    assert out.exists() and not (tmp_path / "m.png").exists()
    result = runner.invoke(app, [*args, "--svg", str(tmp_path / "m.svg"), "--lang", "es"])
    assert "no hay Chromium para dibujar la imagen" in result.output


def test_snapshot_of_a_page_that_gives_no_picture_fails_clearly(tmp_path):
    from tramas.exceptions import TramasError

    page = tmp_path / "empty.html"
    page.write_text("<!DOCTYPE html><title>x</title><p>no map here</p>", encoding="utf-8")
    assert find_chromium()
    with pytest.raises(TramasError) as info:
        snapshot(page, tmp_path / "x.svg", "svg", timeout=60)
    assert info.value.code == "map_picture_failed"
    assert not (tmp_path / "x.svg").exists()
