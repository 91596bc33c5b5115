"""Interview evidence on the map: a tie's tooltip shows its data source and quote, with codes
instead of names on anonymised maps, and survey text stays text."""

from __future__ import annotations

import html as html_lib
import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from browser import open_page
from tramas.graph import Network
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.evidence import evidence_ties
from tramas.locale import t
from tramas.viz import build_map, write_map

SCRIPT = '<script>alert("quote")</script>'
READY = "window.tramasReady === true"


def read_data(path: Path) -> dict:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", id="tramas-data").string)


def drawn(data: dict, index: str) -> tuple[str, str, str]:
    e = data["edges"][int(index)]
    return data["nodes"][e[0]]["id"], data["nodes"][e[1]]["id"], data["relations"][e[2]]["key"]


def with_quotes(network: Network, quotes: dict[tuple[str, str, str], str]) -> Network:
    ties = network.ties.copy()
    ties["data_source"] = "survey"
    ties["evidence"] = None
    for (src, tgt, rel), quote in quotes.items():
        hit = (ties["source"] == src) & (ties["target"] == tgt) & (ties["relation"] == rel)
        assert hit.any(), (src, tgt, rel)
        ties.loc[hit & (ties["wave"] == "2025"), ["data_source", "evidence"]] = [
            "interview",
            quote,
        ]
    return Network(network.actors, ties, relations=network.relations, study=network.study)


def test_sample_ties_with_evidence_carry_source_and_quote(sample_network):
    page = build_map(sample_network, lang="es")
    evidence = page.data["evidence"]
    assert evidence["fields"] == [t("map.f_data_source", "es"), t("map.f_quote", "es")]
    expected = evidence_ties(sample_network, wave="2025")  # the map's wave: the latest
    assert len(evidence["edges"]) == len(expected) == 8
    said = {(r.source, r.target, r.relation): r.evidence for r in expected.itertuples()}
    for index, quotes in evidence["edges"].items():
        src, tgt, rel = drawn(page.data, index)
        quote = said.get((src, tgt, rel)) or said.get((tgt, src, rel))
        assert quotes == [["entrevista", quote]]


def test_change_map_tooltips_hold_the_quotes_of_both_waves(sample_network):
    page = build_map(sample_network, compare=("2023", "2025"), lang="en")
    quotes = [q for qs in page.data["evidence"]["edges"].values() for q in qs]
    assert len(quotes) == len(evidence_ties(sample_network)) == 12
    assert {q[0] for q in quotes} == {"interview"}


def test_anonymised_map_quotes_use_codes_and_no_real_name(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "anon.html", anonymize=True, lang="es")
    page = result.path.read_text(encoding="utf-8")
    data = read_data(result.path)
    codes = anonymize_ids(sample_network.actors, key=sample_network.study.key)
    ties = evidence_ties(sample_network)
    names = sample_network.actors["name"]
    for quote in ties["evidence"]:
        for name in names:
            if name in quote:
                assert name not in html_lib.unescape(page), name
                assert name not in json.dumps(data, ensure_ascii=False)
    texts = [q[1] for qs in data["evidence"]["edges"].values() for q in qs]
    assert texts and all("[" in q for q in texts)
    assert any(f"[{codes['F061']}]" in q for q in texts)


def test_a_quote_with_markup_stays_text(toy, tmp_path):
    net = with_quotes(toy, {("F-ACME", "F-BAD", "trade"): f"They said {SCRIPT} & left"})
    result = write_map(net, tmp_path / "map.html", lang="en")
    page = result.path.read_text(encoding="utf-8")
    assert SCRIPT not in page  # "<" is escaped in the page's data block
    data = read_data(result.path)
    quotes = [q for qs in data["evidence"]["edges"].values() for q in qs]
    assert quotes == [["interview", f"They said {SCRIPT} & left"]]


@pytest.mark.browser
def test_tooltip_shows_data_source_and_quote_as_text(toy, tmp_path):
    net = with_quotes(
        toy,
        {
            ("F-ACME", "F-BAD", "trade"): f"They said {SCRIPT} & left",
            ("F-BAD", "F-COOP", "cooperation"): "We share a truck.",
        },
    )
    result = write_map(net, tmp_path / "map.html", lang="en")
    with open_page(result.path) as page:
        page.wait_for(READY)
        index = page.evaluate(
            "Object.keys(tramasMap.data.evidence.edges).find("
            "k => tramasMap.data.evidence.edges[k][0][1].indexOf('They said') === 0)"
        )
        page.evaluate(f"tramasMap.showEdge({index}, {{x: 20, y: 20}})")
        tip = page.evaluate("document.getElementById('tooltip').innerText")
        assert t("map.f_data_source", "en") in tip and "interview" in tip
        assert f"They said {SCRIPT} & left" in tip
        # text only: no element but the tooltip's own
        tags = page.evaluate(
            "Array.from(document.querySelectorAll('#tooltip *')).map(e => e.tagName)"
        )
        assert set(tags) <= {"STRONG", "DL", "DT", "DD"}
        # a tie without a quote shows none
        plain = page.evaluate(
            "tramasMap.data.edges.findIndex((e, i) => !(String(i) in tramasMap.data.evidence.edges))"
        )
        page.evaluate(f"tramasMap.showEdge({plain}, {{x: 20, y: 20}})")
        assert t("map.f_quote", "en") not in page.evaluate(
            "document.getElementById('tooltip').innerText"
        )
        assert page.dialogs == [] and page.console_errors == [] and page.requests == []


def test_no_evidence_no_block(toy):
    assert "evidence" not in build_map(toy, lang="en").data
    frame = pd.DataFrame(columns=["source", "target", "relation"])
    from tramas.viz.ties import edge_evidence

    assert edge_evidence(toy, frame, wave=None, lang="en") is None
