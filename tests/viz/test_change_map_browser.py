"""A change map in headless Chromium, offline: drawn, filtered by status and relation."""

from __future__ import annotations

import pytest

from browser import open_page
from tramas.metrics.change import compare_waves
from tramas.viz import write_map

pytestmark = pytest.mark.browser

READY = "window.tramasReady === true"


def test_sample_change_map_works_offline(sample_network, tmp_path):
    comparison = compare_waves(sample_network, "2023", "2025", permutations=0, seed=42)
    changes = comparison.tie_changes
    expected = {s: int(n) for s, n in changes["status"].value_counts().items()}
    result = write_map(sample_network, tmp_path / "change.html", compare=("2023", "2025"))
    with open_page(result.path) as page:
        page.wait_for(READY)
        counts = page.evaluate("tramasMap.counts()")
        assert counts == {"nodes": 118, "edges": len(changes), "allEdges": len(changes)}
        assert page.evaluate("tramasMap.network.body.data.edges.length") == len(changes)
        assert page.evaluate("tramasMap.statusCounts()") == expected
        # drawn in the status colours; dissolved dashed; bridges haloed; rings on movers
        styles = page.evaluate(
            """() => tramasMap.edges.get().map(e => [e.status, e.color.color, !!e.dashes,
                                                     !!(e.background && e.background.enabled)])"""
        )
        colours = {s["key"]: s["color"] for s in page.evaluate("tramasMap.data.change.statuses")}
        keys = list(colours)
        assert all(c == colours[keys[s]] for s, c, _, _ in styles)
        assert all(d == (keys[s] == "dissolved") for s, _, d, _ in styles)
        assert sum(b for *_, b in styles) == int(changes["bridge"].sum())
        ringed = page.evaluate(
            "tramasMap.nodes.get().filter(n => n.borderWidth === 4).map(n => n.id).sort()"
        )
        people = comparison.summary["actors"]
        assert ringed == sorted(a["id"] for a in people["entering"] + people["leaving"])
        # the status filter hides a status, the relation filter still works on top of it
        stable = page.page.locator("#status-filter input[value='stable']")
        stable.uncheck()
        assert page.evaluate("tramasMap.counts().edges") == expected["new"] + expected["dissolved"]
        page.page.locator("#relation-filter input[value='cooperation']").uncheck()
        coop = changes[(changes["relation"] == "cooperation") & (changes["status"] != "stable")]
        assert page.evaluate("tramasMap.counts().edges") == (
            expected["new"] + expected["dissolved"] - len(coop)
        )
        stable.check()
        page.page.locator("#relation-filter input[value='cooperation']").check()
        assert page.evaluate("tramasMap.counts().edges") == len(changes)
        # a tie's tooltip: relation, status, weight in each wave, bridge
        bridge = page.evaluate("tramasMap.data.change.edges.findIndex(c => c[3] > 0)")
        page.evaluate(f"tramasMap.showEdge({bridge}, {{x: 20, y: 20}})")
        tip = page.evaluate("document.getElementById('tooltip').innerText")
        for field in ("Relación", "Cambio", "nuevo", "Peso 2023", "Peso 2025", "Puente nuevo"):
            assert field in tip
        legend = page.evaluate("document.getElementById('legend').innerText")
        for label in ("nuevo (solo en 2025)", "disuelto (solo en 2023)", "estable (en ambas olas)"):
            assert label in legend
        page.screenshot(tmp_path / "change.png")
        assert page.console_errors == []
        assert page.requests == []
