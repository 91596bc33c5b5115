"""A geographic map with a basemap in headless Chromium: drawn under the nodes, offline."""

from __future__ import annotations

import json

import pytest

from browser import open_page
from tramas.viz import write_map

pytestmark = pytest.mark.browser

PIXEL = """() => {
  const T = tramasMap, a = T.data.geo.area;
  const p = T.network.canvasToDOM({x: a[0] + 4, y: a[1] + 4});
  const c = document.querySelector('#map canvas');
  const r = window.devicePixelRatio || 1;
  return Array.from(c.getContext('2d').getImageData(p.x * r, p.y * r, 1, 1).data);
}"""


def test_basemap_is_drawn_under_the_nodes_without_requests(toy, tmp_path):
    ring = [[-70.0, -34.5], [-68.0, -34.5], [-68.0, -32.0], [-70.0, -32.0], [-70.0, -34.5]]
    basemap = tmp_path / "limits.geojson"
    basemap.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    pixels = {}
    for name, extra in (("plain", {}), ("basemap", {"basemap": basemap})):
        result = write_map(toy, tmp_path / f"{name}.html", layout="geo", **extra)
        with open_page(result.path) as page:
            page.wait_for("window.tramasReady === true")
            pixels[name] = page.evaluate(PIXEL)
            if name == "basemap":
                assert page.evaluate("tramasMap.data.geo.outlines.length") == 1
                assert page.evaluate("tramasMap.geoOutlines()") == 1
                page.screenshot(tmp_path / "geo.png")
            assert page.console_errors == [] and page.requests == []
    # the light fill of the outline, where the plain map is blank
    r, g, b, alpha = pixels["basemap"]
    assert pixels["plain"][3] == 0 and alpha > 100, pixels
    assert 210 <= b < g <= r < 255, pixels
