"""Random networks keep each relation's nature (issue #12): rewired relation by relation,
a tie without direction stays one tie without direction; the p-value floor is shown; the
headline uses only figures valid for the view."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from bs4 import BeautifulSoup

from multiplex_cases import multiplex_network
from tramas.graph import Network
from tramas.metrics.figures import network_figures
from tramas.report import build_report
from tramas.report.findings import _valid_for_view
from tramas.report.null_models import (
    _merged_view,
    _p_values,
    _random_parts,
    _relation_parts,
    _seeded,
    compare_with_random,
)


def _network(n=20, knowledge=45, cooperation=25, mutual=False, seed=3) -> Network:
    rng = np.random.default_rng(seed)
    ids = [f"a{i:02d}" for i in range(n)]
    know: set[tuple[str, str]] = set()
    while len(know) < knowledge:
        s, t = rng.choice(n, 2, replace=False)
        know.add((ids[s], ids[t]))
        if mutual:
            know.add((ids[t], ids[s]))
    coop: set[tuple[str, str]] = set()
    while len(coop) < cooperation:
        s, t = sorted(rng.choice(n, 2, replace=False))
        coop.add((ids[s], ids[t]))
    return multiplex_network(
        {"knowledge": sorted(know), "cooperation": sorted(coop)},
        ids,
        relations=("knowledge", "cooperation"),
    )


def _degrees(edges, n, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    if directed:
        return dict(G.in_degree()), dict(G.out_degree())
    return dict(G.degree())


def test_each_relation_is_rewired_on_its_own_and_keeps_its_nature():
    view = _network().view()
    n = view.n_actors
    parts = _relation_parts(view)
    assert [(rel, directed, len(ties)) for rel, directed, ties in parts] == [
        ("knowledge", True, 45),
        ("cooperation", False, 25),
    ]
    observed = network_figures(_merged_view(view, parts))
    assert observed["reciprocity"] == pytest.approx(network_figures(view)["reciprocity"])
    with _seeded(4):
        draws = [_random_parts(view, parts, 10) for _ in range(6)]
    for random_parts in draws:
        for (rel, directed, ties), (rrel, rdirected, rties) in zip(
            parts, random_parts, strict=True
        ):
            assert (rrel, rdirected) == (rel, directed)
            assert _degrees(rties, n, directed) == _degrees(ties, n, directed)
        rv = _merged_view(view, random_parts)
        arcs = rv.edges()
        coop = arcs[arcs["relation"].str.contains("cooperation")]
        pairs = set(zip(coop["source"], coop["target"], strict=True))
        # every cooperation arc comes with its reverse: the tie stayed without direction
        assert all((t, s) in pairs for s, t in pairs)
        figs = network_figures(rv)
        assert figs["ties_by_relation"] == {"knowledge": 45, "cooperation": 25}
        assert set(figs["reciprocity_by_relation"]) == {"knowledge"}
    assert any(sorted(d[1][2]) != sorted(parts[1][2]) for d in draws)  # cooperation was rewired


def test_random_reciprocity_never_counts_undirected_ties():
    net = _network()
    merged = compare_with_random(net.view(), samples=20, seed=2).table
    alone = compare_with_random(net.view("knowledge"), samples=20, seed=2).table
    assert merged.loc["reciprocity", "observed"] == alone.loc["reciprocity", "observed"]
    # with both arcs of 25 cooperation ties counted, about 50 of 140 arcs would be mutual
    assert merged.loc["reciprocity", "mean"] < 0.15
    assert merged.loc["reciprocity", "mean"] == pytest.approx(
        alone.loc["reciprocity", "mean"], abs=0.05
    )


def test_p_floor_when_no_random_network_is_as_extreme():
    # every knowledge tie returned: no degree-preserving random network comes close
    view = _network(knowledge=40, cooperation=0, mutual=True).view("knowledge")
    cmp = compare_with_random(view, samples=30, seed=1)
    row = cmp.row("reciprocity")
    assert row["observed"] == 1.0 and row["z"] > 5
    assert bool(row["p_floor"]) and row["p"] == pytest.approx(1 / 31) == cmp.p_floor
    # two-sided p: share of random networks at least as far from their mean, +1 corrected
    col = cmp.table.loc["transitivity"]
    assert 1 / 31 <= col["p"] <= 1
    assert not cmp.table.loc[cmp.table["fixed"], "p_floor"].any()


def test_fixed_figures_are_fixed_only_when_every_random_network_shares_them():
    single = compare_with_random(_network().view("knowledge"), samples=10, seed=1).table
    assert bool(single.loc["density", "fixed"]) and bool(single.loc["isolates", "fixed"])
    merged = compare_with_random(_network().view(), samples=10, seed=1).table
    # the overlap of knowledge and cooperation changes from one random network to another
    assert not bool(merged.loc["density", "fixed"])
    assert bool(merged.loc["isolates", "fixed"])


def test_report_shows_the_p_floor_and_explains_it(tmp_path):
    net = _network(knowledge=40, cooperation=0, mutual=True)
    result = build_report(
        net,
        tmp_path / "r.html",
        lang="en",
        relations=["knowledge"],
        null_samples=30,
        interactive_map=False,
    )
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one('table[data-table="network_figures"]')
    row = table.select_one('tr[data-row="reciprocity"]')
    assert row.select_one('td[data-col="p"]').get_text(strip=True) == "≤ 1/31"
    assert "30 networks" in table.parent.get_text(" ")
    assert "1/31" in soup.select_one('section[data-section="methods"]').get_text(" ")
    # a view of directed relations only: reciprocity may make the headline
    assert _valid_for_view("reciprocity", result.analysis.figures)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sample_headline_makes_no_two_way_claim(tmp_path, lang):
    from tramas.ingest import load
    from tramas.sample import sample_dir

    net = load(sample_dir() / "study.toml")
    result = build_report(
        net, tmp_path / "r.html", lang=lang, null_samples=30, interactive_map=False
    )
    f = result.analysis.figures
    assert f["undirected_relations"] == ["cooperation"]
    assert max(f["reciprocity_by_relation"].values()) < 0.5
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    findings = soup.select_one('section[data-section="findings"]')
    overview = soup.select_one('section[data-section="overview"]')
    two_way = {"es": "ida y vuelta", "en": "two-way"}[lang]
    assert two_way not in findings.get_text(" ")
    assert two_way not in overview.get_text(" ")
    # the headline never picks reciprocity for a view that holds cooperation
    assert not findings.select('span.fig[data-key^="null.reciprocity"]')
    # reciprocity is given relation by relation, cooperation left out
    keys = {s["data-key"] for s in overview.select("span.fig[data-key]")}
    assert {"reciprocity_by_relation.knowledge", "reciprocity_by_relation.trade"} <= keys
    words = {"es": "no tienen dirección", "en": "have no direction"}[lang]
    assert words in overview.get_text(" ")
    # the tie count is the sum over relations and says so
    assert f["ties"] == sum(f["ties_by_relation"].values()) == 541
    intro = {"es": "relación por relación", "en": "relation by relation"}[lang]
    assert intro in overview.get_text(" ")


def test_two_sided_p_counts_random_networks_as_far_from_their_mean():
    draws = np.array([0.0, 1.0, 2.0, 3.0, 4.0])  # mean 2
    p = _p_values(4.0, draws)
    assert p["p"] == pytest.approx((1 + 2) / 6) and not p["p_floor"]  # 0 and 4 as far
    p = _p_values(10.0, draws)
    assert p["p"] == pytest.approx(1 / 6) and p["p_floor"]
    assert p["p_greater"] == pytest.approx(1 / 6) and p["p_less"] == pytest.approx(1.0)
