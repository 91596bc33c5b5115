"""Maps and networks in notebooks: inline HTML, and the same map handed to pyvis."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tramas.graph import Network
from tramas.viz.maps import show_map
from tramas.viz.notebook import to_pyvis

HOSTILE = '<img src=x onerror="alert(1)"> & "Bodega"'


@pytest.fixture
def small() -> Network:
    actors = pd.DataFrame(
        {"name": [HOSTILE, "B", "C", "D"], "kind": ["firm", "firm", "research", "government"]},
        index=["a", "b", "c", "d"],
    )
    ties = pd.DataFrame(
        {
            "source": ["a", "a", "b", "c"],
            "target": ["b", "b", "c", "d"],
            "relation": ["trade", "advice", "trade", "advice"],
            "weight": [1.0, 2.0, 3.0, 1.0],
        }
    )
    return Network(actors, ties)


def test_map_view_shows_the_whole_page_in_a_sandboxed_iframe(small):
    view = show_map(small, lang="en")
    frame = view._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts allow-downloads"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    # the attribute holds the page exactly, escaped: no raw quote or tag can leave it
    assert html.unescape(srcdoc) == view.html
    assert "<" not in srcdoc and '"' not in srcdoc
    # the hostile name is data in the page, never markup
    assert "<img" not in view.html


def test_saved_map_view_is_the_file_write_map_writes(small, tmp_path):
    from tramas.viz import write_map

    view = show_map(small, lang="en", seed=3)
    written = write_map(small, tmp_path / "a.html", lang="en", seed=3)
    assert view.save(tmp_path / "b.html").read_text(encoding="utf-8") == written.path.read_text(
        encoding="utf-8"
    )


def test_to_pyvis_keeps_nodes_positions_colours_and_ties(small):
    view = show_map(small, lang="en")
    net = to_pyvis(view.page)
    nodes = {n["id"]: n for n in net.nodes}
    assert set(nodes) == {n["id"] for n in view.page.data["nodes"]}
    for n in view.page.data["nodes"]:
        got = nodes[n["id"]]
        assert (got["x"], got["y"], got["color"], got["size"], got["shape"], got["label"]) == (
            n["x"],
            n["y"],
            n["color"],
            n["size"],
            n["shape"],
            n["label"],
        )
    # one edge per tie and relation: the parallel trade and advice ties a-b both stay
    pairs = sorted((e["from"], e["to"], e["title"].split(":")[0]) for e in net.edges)
    assert len(net.edges) == len(view.page.data["edges"]) == 4
    assert pairs.count(("a", "b", "Trade")) + pairs.count(("a", "b", "trade")) == 1
    # pyvis renders it
    assert "vis.Network" in net.generate_html()


def test_network_summary_counts_and_escapes(small):
    page = small._repr_html_()
    assert "<img" not in page and "4 actors, 4 ties, 2 relations, 0 waves" in page
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page)
    kinds = small.actors["kind"].value_counts()
    per_relation = small.ties["relation"].value_counts()
    assert rows == [(k, str(n)) for k, n in kinds.items()] + [
        (r, str(per_relation[r])) for r in small.relations
    ]


def test_network_summary_of_the_sample_in_spanish_by_wave(sample_network):
    page = sample_network._repr_html_()
    assert "<th>Relación</th><th>2023</th><th>2025</th>" in page
    ties = sample_network.ties
    for rel, spec in sample_network.relations.items():
        counts = [
            int(((ties["relation"] == rel) & (ties["wave"] == w)).sum()) for w in ("2023", "2025")
        ]
        assert (
            f"<tr><td>{html.escape(spec.label or rel)}</td><td>{counts[0]}</td><td>{counts[1]}</td></tr>"
            in page
        )


def test_a_written_map_shows_inline_and_converts_to_pyvis(small, tmp_path):
    from tramas.viz import write_map

    result = write_map(small, tmp_path / "m.html", lang="en")
    srcdoc = re.search(r'srcdoc="([^"]*)"', result._repr_html_()).group(1)
    assert html.unescape(srcdoc) == result.path.read_text(encoding="utf-8")
    net = result.to_pyvis()
    assert len(net.nodes) == result.n_nodes and len(net.edges) == result.n_edges
