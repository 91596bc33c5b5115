"""Trade ties coloured by value-chain governance (``--tie-color governance``, issue #15)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import Network
from tramas.graph.model import StudyInfo
from tramas.locale import t
from tramas.metrics.governance import tie_governance
from tramas.viz.encodings import GOVERNANCE_COLORS, governance_colors
from tramas.viz.maps import write_map

runner = CliRunner()


def page(path: Path) -> tuple[BeautifulSoup, dict]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup, json.loads(soup.find("script", id="tramas-data").string)


def chain(study: StudyInfo | None = None) -> Network:
    """Four suppliers -> buyers with hand-set evidence, and one cooperation tie.

    By Humphrey & Schmitz's rules, in order: a->x buyer sets the specs: quasi-hierarchy;
    b->x joint specs: network; c->y same group: hierarchy (even though the buyer sets
    the specs: the ownership rule comes first); a->b supplier specs: market; d->y no
    evidence: unknown.
    """
    actors = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "X", "Y"],
            "kind": "firm",
            "internal": [True, True, True, True, False, False],
        },
        index=["a", "b", "c", "d", "x", "y"],
    )
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "c", "a", "d", "b"],
            "target": ["x", "x", "y", "b", "y", "c"],
            "relation": ["trade"] * 5 + ["cooperation"],
            "spec_setter": ["buyer", "joint", "buyer", "supplier", "", ""],
            "ownership_link": pd.array([False, False, True, False, pd.NA, pd.NA], "boolean"),
        }
    )
    return Network(actors, ties, study=study or StudyInfo(key="chain"))


EXPECTED = {
    ("a", "x"): "quasi_hierarchy",
    ("b", "x"): "network",
    ("c", "y"): "hierarchy",
    ("a", "b"): "market",
    ("d", "y"): "unknown",
}


def drawn(data: dict) -> dict[tuple[str, str, str], int]:
    """Edge index of each drawn (source, target, relation)."""
    ids = [n["id"] for n in data["nodes"]]
    rels = [r["key"] for r in data["relations"]]
    return {(ids[e[0]], ids[e[1]], rels[e[2]]): i for i, e in enumerate(data["edges"])}


def test_trade_ties_take_the_colour_of_their_derived_governance(tmp_path):
    net = chain()
    out = tmp_path / "map.html"
    write_map(net, out, tie_color="governance", lang="en")
    soup, data = page(out)
    edges = drawn(data)
    colours = data["tieColors"]["edges"]
    # the hand-derived governance is the metric's too
    gov = tie_governance(net)
    assert (
        dict(zip(zip(gov["source"], gov["target"], strict=True), gov["governance"], strict=True))
        == EXPECTED
    )
    for (src, tgt), governance in EXPECTED.items():
        colour, label = colours[str(edges[(src, tgt, "trade")])]
        assert colour == GOVERNANCE_COLORS[governance]
        assert label == t(f"governance.{governance}", "en")
    # the cooperation tie keeps its relation colour: no governance entry
    assert str(edges[("b", "c", "cooperation")]) not in colours
    assert len(colours) == 5
    assert data["tieColors"]["field"] == "Governance"
    # legend: every type of the scheme and "unknown", in order
    legend = soup.get_text(" ")
    assert t("map.edge_colour_governance", "en") in legend
    positions = [
        legend.index(t(f"governance.{k}", "en"))
        for k in ("market", "network", "quasi_hierarchy", "hierarchy", "unknown")
    ]
    assert positions == sorted(positions)


def test_the_default_colours_ties_by_relation_only(tmp_path):
    out = tmp_path / "map.html"
    write_map(chain(), out)
    _, data = page(out)
    assert "tieColors" not in data


def test_gereffi_scheme_and_spanish_labels(tmp_path):
    # Gereffi et al.: buyer specs, monitoring and a share of at least half -> captive;
    # joint specs -> relational; the same group -> hierarchy; supplier specs -> market
    net = chain(StudyInfo(key="g", governance={"scheme": "gereffi"}))
    out = tmp_path / "map.html"
    write_map(net, out, tie_color="governance", lang="es")
    soup, data = page(out)
    edges = drawn(data)
    colours = data["tieColors"]["edges"]
    expected = {
        ("a", "x"): "captive",
        ("b", "x"): "relational",
        ("c", "y"): "hierarchy",
        ("a", "b"): "market",
        ("d", "y"): "unknown",
    }
    for (src, tgt), governance in expected.items():
        colour, label = colours[str(edges[(src, tgt, "trade")])]
        assert colour == GOVERNANCE_COLORS[governance]
        assert label == t(f"governance.{governance}", "es")
    assert data["tieColors"]["field"] == "Gobernanza"
    text = soup.get_text(" ")
    assert "cautiva" in text and "relacional" in text and "modular" in text
    assert "cuasi-jerarquía" not in text  # not a type of this scheme


def test_no_trade_ties_drawn_says_so(tmp_path):
    out = tmp_path / "map.html"
    result = write_map(chain(), out, relation="cooperation", tie_color="governance", lang="en")
    _, data = page(out)
    assert "tieColors" not in data
    assert t("map.governance_none", "en") in result.message


def test_unknown_tie_colour_is_refused(tmp_path):
    with pytest.raises(TramasError) as err:
        write_map(chain(), tmp_path / "map.html", tie_color="market")
    assert err.value.code == "map_tie_color"
    assert err.value.values["known"] == "relation, governance"


def test_governance_colors_legend_lists_every_type():
    colours, legend = governance_colors(
        pd.Series(["hierarchy", None, "odd"], index=[4, 5, 6]),
        ("market", "network", "quasi_hierarchy", "hierarchy"),
    )
    assert colours.to_dict() == {
        4: GOVERNANCE_COLORS["hierarchy"],
        5: GOVERNANCE_COLORS["unknown"],
        6: GOVERNANCE_COLORS["unknown"],
    }
    assert [e.color for e in legend.entries] == [
        GOVERNANCE_COLORS[k] for k in ("market", "network", "quasi_hierarchy", "hierarchy")
    ] + [GOVERNANCE_COLORS["unknown"]]
    assert legend.kind == "line"


def test_cli_map_of_the_sample_colours_its_trade_ties(sample_toml, sample_network, tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(
        app,
        ["map", "--study", str(sample_toml), "--out", str(out), "--tie-color", "governance"],
    )
    assert result.exit_code == 0, result.output
    _, data = page(out)
    edges = drawn(data)
    colours = data["tieColors"]["edges"]
    gov = tie_governance(sample_network)  # the latest wave, as the map draws it
    expected = dict(
        zip(zip(gov["source"], gov["target"], strict=True), gov["governance"], strict=True)
    )
    trade = {k: i for k, i in edges.items() if k[2] == "trade"}
    assert trade and len(colours) == len(trade)
    for (src, tgt, _), i in trade.items():
        assert colours[str(i)][0] == GOVERNANCE_COLORS[expected[(src, tgt)]]
    # the sample plants several governance types: the map shows more than one colour
    assert len({c for c, _ in colours.values()}) >= 3


def _legend(path: Path) -> dict[str, str]:
    """Each legend section's text by its title (the section's first line)."""
    out = {}
    for sec in page(path)[0].select(".legend-section"):
        lines = [x for x in sec.stripped_strings]
        out[lines[0]] = " ".join(lines[1:])
    return out


def test_the_relation_legend_no_longer_claims_the_governance_coloured_ties(tmp_path):
    """Coloured by governance, trade ties leave the relation-colour legend: it lists the
    other relations only, and disappears when trade is the only relation drawn."""
    net = chain()
    out = tmp_path / "map.html"
    write_map(net, out, tie_color="governance", lang="en")
    sections = _legend(out)
    relation_title = t("map.edge_colour", "en")
    assert t("map.edge_colour_governance", "en") in sections
    assert sections[relation_title] == (net.relations["cooperation"].label or "cooperation")
    only_trade = tmp_path / "trade.html"
    write_map(net, only_trade, relation="trade", tie_color="governance", lang="en")
    sections = _legend(only_trade)
    assert relation_title not in sections
    assert t("map.edge_colour_governance", "en") in sections
