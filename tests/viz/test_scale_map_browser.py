"""The scale-mode community map in headless Chromium, offline: drawn, every firm found."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from browser import open_page
from tramas.graph import NetworkView
from tramas.viz.scale_map import write_scale_map

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
READY = "window.tramasReady === true"


def test_scale_community_map_finds_every_firm(tmp_path):
    rng = np.random.default_rng(5)
    n, m = 3000, 9000
    ids = np.array([f"V{i:05d}" for i in range(n)])
    src, tgt = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = src != tgt
    edges = pd.DataFrame({"source": ids[src[keep]], "target": ids[tgt[keep]]}).drop_duplicates()
    names = [f"Firm {i}" for i in range(n)]
    names[7] = XSS
    actors = pd.DataFrame({"name": names}, index=pd.Index(ids, name="id"))
    view = NetworkView.from_frames(actors, edges, relations=("trade",))
    result = write_scale_map(view, tmp_path / "communities.html", max_links=200)
    assert result.mode == "community"
    with open_page(result.path) as page:
        page.wait_for(READY)
        assert page.evaluate("tramasMap.counts().nodes") == result.n_nodes
        assert page.evaluate("tramasMap.counts().edges") == result.n_edges
        page.page.fill("#search", "Firm 2999")
        page.page.click("#search-form button")
        status = page.evaluate("document.getElementById('search-status').textContent")
        assert status.startswith("Firm 2999 is in Sub-cluster ")
        page.page.fill("#search", XSS)
        page.page.click("#search-form button")
        status = page.evaluate("document.getElementById('search-status').textContent")
        assert status.startswith(XSS + " is in Sub-cluster ")
        assert page.console_errors == [] and page.requests == [] and page.dialogs == []
