"""Filters, the wave slider and the keyboard in headless Chromium (filters.js, map.js)."""

from __future__ import annotations

import pandas as pd
import pytest

from browser import open_page
from tramas.viz import write_map
from viz.test_filters import _tie_set, three_waves

pytestmark = pytest.mark.browser

READY = "window.tramasReady === true"
SHOWN_NODES = "tramasMap.nodeView.getIds().slice().sort()"
SHOWN_EDGES = """tramasMap.edgeView.get().map(function (e) {
  var r = tramasMap.data.edges[e.id];
  var rel = tramasMap.data.relations[r[2]];
  var s = tramasMap.data.nodes[r[0]].id, t = tramasMap.data.nodes[r[1]].id;
  if (!rel.directed && t < s) { var x = s; s = t; t = x; }
  return [s, t, rel.key, r[3]];
})"""


def _latest_ties(network, keep) -> set[tuple[str, str, str]]:
    """Ties of the latest wave among the actors ``keep``, as the map draws them."""
    latest = network.waves[-1]
    ties = network.ties[network.ties["wave"].astype(str).eq(latest) | network.ties["wave"].isna()]
    ties = ties[ties["source"].isin(keep) & ties["target"].isin(keep)]
    ties = ties[ties["source"] != ties["target"]]
    out = set()
    for s, t, r in zip(ties["source"], ties["target"], ties["relation"], strict=True):
        if not network.relations[r].directed:
            s, t = sorted((s, t))
        out.add((s, t, r))
    return out


def _status(page) -> str:
    return page.evaluate("document.getElementById('filter-status').textContent")


@pytest.mark.slow
def test_kind_filter_hides_the_other_kinds_and_their_ties(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "kinds.html", lang="en")
    actors = sample_network.actors
    firms = set(actors.index[actors["kind"] == "firm"])
    with open_page(result.path) as page:
        page.wait_for(READY)
        total = page.evaluate("tramasMap.counts()")
        assert _status(page) == (
            f"Showing {total['nodes']} of {len(actors)} actors, "
            f"{total['edges']} of {result.n_edges} ties"
        )
        # tick "firm" in the Kind control, as a reader does
        page.page.click("#actor-filter details[data-filter='kind'] summary")
        page.page.check("#actor-filter input[data-filter-key='kind'][data-code='0']")
        assert set(page.evaluate(SHOWN_NODES)) == firms
        shown = {tuple(e[:3]) for e in page.evaluate(SHOWN_EDGES)}
        assert shown == _latest_ties(sample_network, firms)
        counts = page.evaluate("tramasMap.counts()")
        assert counts["nodes"] == len(firms) and counts["edges"] == len(shown)
        assert _status(page) == (
            f"Showing {len(firms)} of {len(actors)} actors, {len(shown)} of {result.n_edges} ties"
        )
        assert page.evaluate(
            "document.querySelector(\"[data-filter-summary='kind']\").textContent"
        ).startswith("1/")
        # two attributes combine with "and", two values of one with "or"
        page.evaluate("tramasMap.setAttributeFilter('size', ['micro', 'small'])")
        small_firms = set(
            actors.index[(actors["kind"] == "firm") & actors["size"].isin(["micro", "small"])]
        )
        assert set(page.evaluate(SHOWN_NODES)) == small_firms
        # "all" resets one attribute, "Show everything" the rest
        page.page.click("#actor-filter details[data-filter='kind'] button[data-filter-reset]")
        assert set(page.evaluate(SHOWN_NODES)) == set(
            actors.index[actors["size"].isin(["micro", "small"])]
        )
        page.page.click("#filter-reset")
        assert page.evaluate("tramasMap.counts()") == total
        assert page.console_errors == [] and page.requests == []


def test_min_weight_keeps_exactly_the_heavier_ties_and_isolates_hide(toy, tmp_path):
    result = write_map(toy, tmp_path / "toy.html", lang="en")
    with open_page(result.path) as page:
        page.wait_for(READY)
        everything = page.evaluate(SHOWN_EDGES)
        assert len(everything) == 6
        for w in (1, 2, 3, 5):
            page.evaluate(f"tramasMap.setMinWeight({w})")
            kept = page.evaluate(SHOWN_EDGES)
            assert sorted(map(tuple, kept)) == sorted(tuple(e) for e in everything if e[3] >= w)
        # the range input does the same
        page.page.fill("#filter-weight", "2")
        assert page.evaluate("document.getElementById('filter-weight-value').textContent") == "2"
        heavy = {tuple(e[:3]) for e in page.evaluate(SHOWN_EDGES)}
        assert heavy == {
            ("F-BAD", "F-COOP", "cooperation"),
            ("R-UNI", "F-ACME", "knowledge"),
            ("F-COOP", "F-ACME", "knowledge"),
            ("F-ACME", "F-BAD", "trade"),
        }
        page.evaluate("tramasMap.setMinWeight(null)")
        # hide isolates: F-LONE has no tie at all
        page.page.check("#filter-isolates")
        assert "F-LONE" not in page.evaluate(SHOWN_NODES)
        assert page.evaluate("tramasMap.counts().nodes") == 5
        # without trade, X-BUY (only a trade tie) is left alone too
        page.page.uncheck("#relation-filter input[value='trade']")
        assert page.evaluate(SHOWN_NODES) == sorted(["F-ACME", "F-BAD", "F-COOP", "R-UNI"])
        # firms only: R-UNI goes, and with it the advice tie to Acme
        page.evaluate("tramasMap.setAttributeFilter('kind', ['firm'])")
        assert page.evaluate(SHOWN_NODES) == ["F-ACME", "F-BAD", "F-COOP"]
        assert _status(page) == "Showing 3 of 6 actors, 3 of 6 ties"
        page.page.uncheck("#filter-isolates")
        assert page.evaluate("tramasMap.counts().nodes") == 5
        assert page.console_errors == [] and page.requests == []


def test_wave_slider_shows_exactly_the_ties_of_each_wave(tmp_path):
    network = three_waves()
    result = write_map(network, tmp_path / "waves.html", lang="es")
    with open_page(result.path) as page:
        page.wait_for(READY)
        assert page.evaluate("document.getElementById('wave-slider').value") == "2"
        assert page.evaluate("document.getElementById('wave-value').textContent") == "3"
        for k, label in enumerate(["1", "2", "3"]):
            page.evaluate(f"tramasMap.setWave({k})")
            shown = {tuple(e[:3]) for e in page.evaluate(SHOWN_EDGES)}
            assert shown == _tie_set(network, label), label
            counts = page.evaluate("tramasMap.counts()")
            n = len(shown)
            assert _status(page) == (
                f"Se muestran 5 de 5 actores y {n} de {n} {'vínculo' if n == 1 else 'vínculos'}"
            )
            assert counts["edges"] == n
            # the tooltip of a tie names its wave
            first = page.evaluate("tramasMap.edgeView.getIds()[0]")
            page.evaluate(f"tramasMap.showEdge({first}, {{x: 10, y: 10}})")
            assert f"Ola{label}" in page.evaluate(
                "document.getElementById('tooltip').innerText"
            ).replace("\n", "").replace("\t", "")
        page.evaluate("tramasMap.setWave(null)")
        merged = {tuple(e[:3]) for e in page.evaluate(SHOWN_EDGES)}
        assert merged == _tie_set(network, None)
        assert page.evaluate("document.getElementById('wave-value').textContent") == (
            "todas las olas"
        )
        # positions stay put across waves
        xy = page.evaluate("JSON.stringify(tramasMap.network.getPositions())")
        page.evaluate("tramasMap.setWave(0)")
        assert page.evaluate("JSON.stringify(tramasMap.network.getPositions())") == xy
        # the slider itself, by keyboard: from wave 1, one step right is wave 2
        page.page.focus("#wave-slider")
        page.page.keyboard.press("ArrowRight")
        assert page.evaluate("document.getElementById('wave-value').textContent") == "2"
        shown = {tuple(e[:3]) for e in page.evaluate(SHOWN_EDGES)}
        assert shown == _tie_set(network, "2")
        # hide isolates follows the wave: in wave 2, d and e have no tie
        page.evaluate("tramasMap.setHideIsolates(true)")
        assert page.evaluate(SHOWN_NODES) == ["a", "b", "c"]
        page.screenshot(tmp_path / "waves.png")
        assert page.console_errors == [] and page.requests == []


def test_keyboard_reaches_the_filters_and_slash_focuses_search(toy, tmp_path):
    result = write_map(toy, tmp_path / "keys.html", lang="en")
    with open_page(result.path) as page:
        page.wait_for(READY)
        seen = []
        for _ in range(60):
            page.page.keyboard.press("Tab")
            seen.append(
                page.evaluate(
                    "(function (el) { return el.id || el.getAttribute('data-filter-key') ||"
                    " (el.closest('details') ? 'summary:' +"
                    " el.closest('details').getAttribute('data-filter') : el.tagName); })"
                    "(document.activeElement)"
                )
            )
        # relations, then search, physics and fit, then the filters, then the map itself
        assert seen.index("search") < seen.index("physics") < seen.index("summary:kind")
        assert seen.index("summary:kind") < seen.index("filter-weight")
        assert seen.index("filter-weight") < seen.index("filter-isolates")
        assert "DIV" in seen  # vis-network's frame, tabindex 0
        # a visible focus ring on a focused control
        page.page.focus("body")
        page.evaluate("document.activeElement.blur()")
        page.page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "search"
        page.page.keyboard.type("acme")
        page.page.keyboard.press("Enter")
        assert page.evaluate("tramasMap.network.getSelectedNodes()") == ["F-ACME"]
        assert page.evaluate("document.getElementById('tooltip').hidden") is False
        page.page.keyboard.press("Escape")
        assert page.evaluate("document.getElementById('search').value") == ""
        assert page.evaluate("document.getElementById('tooltip').hidden") is True
        # Tab to the isolates box: its focus ring is drawn (:focus-visible, 3 px)
        page.page.focus("#filter-weight")
        page.page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-isolates"
        assert page.evaluate("getComputedStyle(document.activeElement).outlineWidth") == "3px"
        # "/" typed inside the search box stays text
        page.page.focus("#search")
        page.page.keyboard.type("a/b")
        assert page.evaluate("document.getElementById('search').value") == "a/b"
        # the map pans with the arrows only while it has the focus
        page.page.wait_for_timeout(500)  # the search's zoom animation is over
        before = page.evaluate("tramasMap.network.getViewPosition()")
        page.page.focus("#filter-isolates")
        page.page.keyboard.press("ArrowRight")
        assert page.evaluate("tramasMap.network.getViewPosition()") == before
        page.evaluate("tramasMap.network.canvas.frame.focus()")
        page.page.keyboard.down("ArrowRight")
        page.page.wait_for_timeout(300)
        page.page.keyboard.up("ArrowRight")
        after = page.evaluate("tramasMap.network.getViewPosition()")
        assert after["x"] != before["x"]
        assert page.evaluate("tramasMap.network.canvas.frame.getAttribute('aria-label')") == (
            "Network map: arrow keys move it, + and − zoom"
        )
        assert page.console_errors == [] and page.requests == []


def test_anonymised_page_offers_no_municipality(toy, tmp_path):
    result = write_map(toy, tmp_path / "anon.html", lang="en", anonymize=True)
    with open_page(result.path) as page:
        page.wait_for(READY)
        keys = page.evaluate(
            "Array.from(document.querySelectorAll('#actor-filter details'))"
            ".map(function (d) { return d.getAttribute('data-filter'); })"
        )
        assert "municipality" not in keys and "kind" in keys
        text = page.evaluate("document.getElementById('actor-filter').textContent")
        municipalities = pd.Series(["Tunuyán", "Tupungato", "San Carlos"])
        assert not any(m in text for m in municipalities)
        assert page.console_errors == [] and page.requests == []
