"""Maps in headless Chromium, offline: drawn, legend, tooltips, filter, search, no requests."""

from __future__ import annotations

import pytest

from browser import open_page
from tramas.viz import write_map

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"  # an actor of the toy network (conftest.py)
READY = "window.tramasReady === true"


def test_sample_map_works_offline(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "sample.html")
    with open_page(result.path) as page:
        page.wait_for(READY)
        counts = page.evaluate("tramasMap.counts()")
        assert counts == {
            "nodes": result.n_nodes,
            "edges": result.n_edges,
            "allEdges": result.n_edges,
        }
        assert page.evaluate("tramasMap.network.body.data.nodes.length") == result.n_nodes
        assert page.evaluate("document.querySelectorAll('#legend .legend-section').length") >= 5
        assert (
            page.evaluate("getComputedStyle(document.getElementById('legend')).display") != "none"
        )
        assert page.evaluate("document.querySelector('#map canvas') !== null")
        shot = page.screenshot(tmp_path / "sample.png")
        assert shot.stat().st_size > 10_000
        assert page.console_errors == []
        assert page.requests == []


def test_relation_filter_search_tooltip_and_physics(toy, tmp_path):
    result = write_map(toy, tmp_path / "toy.html")
    with open_page(result.path) as page:
        page.wait_for(READY)
        trade = page.page.locator("#relation-filter input[value='trade']")
        trade.uncheck()
        assert page.evaluate("tramasMap.counts().edges") == 4  # the two trade ties hidden
        trade.check()
        assert page.evaluate("tramasMap.counts().edges") == 6
        page.page.fill("#search", "cooperativa")
        page.page.click("#search-form button")
        assert page.evaluate("tramasMap.network.getSelectedNodes()") == ["F-COOP"]
        tooltip = page.evaluate("document.getElementById('tooltip').innerText")
        assert "Cooperativa Uco" in tooltip and "San Carlos, Valle de Uco" in tooltip
        assert page.evaluate("document.getElementById('tooltip').hidden") is False
        page.page.fill("#search", "nobody at all")
        page.page.click("#search-form button")
        assert "No actor matches" in page.evaluate(
            "document.getElementById('search-status').textContent"
        )
        page.page.check("#physics")
        assert page.evaluate("tramasMap.network.physics.options.enabled") is True
        page.page.uncheck("#physics")
        assert page.evaluate("tramasMap.network.physics.options.enabled") is False
        # an edge tooltip: relation, wave, weight
        page.evaluate("tramasMap.showEdge(0, {x: 10, y: 10})")
        edge_tip = page.evaluate("document.getElementById('tooltip').innerText")
        assert "Relation" in edge_tip and "2025" in edge_tip
        assert page.console_errors == [] and page.requests == []


def test_an_actor_named_like_markup_is_shown_as_text(toy, tmp_path):
    result = write_map(toy, tmp_path / "xss.html")
    with open_page(result.path) as page:
        page.wait_for(READY)
        page.page.fill("#search", XSS)
        page.page.click("#search-form button")
        page.page.wait_for_timeout(400)
        assert page.evaluate("tramasMap.network.getSelectedNodes()") == ["F-BAD"]
        heading = page.evaluate("document.querySelector('#tooltip strong').textContent")
        assert heading == XSS
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        page.screenshot(tmp_path / "xss.png")
        assert page.dialogs == []
        assert page.console_errors == [] and page.requests == []


def test_community_map_search_finds_the_actors_community(toy, tmp_path):
    result = write_map(toy, tmp_path / "communities.html", community_threshold=3)
    with open_page(result.path) as page:
        page.wait_for(READY)
        assert page.evaluate("tramasMap.counts().nodes") == result.n_nodes
        assert "than this map shows" in page.evaluate(
            "document.querySelector('#header .message').textContent"
        )
        page.page.fill("#search", "Global Buyer")
        page.page.click("#search-form button")
        status = page.evaluate("document.getElementById('search-status').textContent")
        # its community by the name the node and the legend show (#16)
        names = page.evaluate("tramasMap.data.nodes.map(function (n) { return n.name; })")
        assert status.removeprefix("Global Buyer Ltd is in ").rstrip(".") in names
        assert page.console_errors == [] and page.requests == []


def test_the_helper_sees_and_blocks_requests(tmp_path):
    """A page that reaches out is caught: the offline check is not vacuous."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.org/x.css">'
        '<script src="lib/local.js"></script></head><body>'
        "<script>fetch('https://api.example.org/q').catch(function () {});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    with open_page(page_file) as page:
        page.page.wait_for_timeout(300)
        assert "https://cdn.example.org/x.css" in page.requests
        assert "https://api.example.org/q" in page.requests
        assert any(url.endswith("/lib/local.js") for url in page.requests)
        assert page.console_errors  # the blocked loads are reported
