"""Interview evidence in the report: the sample's quotes beside the actors and ties they
concern, anonymised with the rest of the report, and escaped."""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import tramas.locale as i18n
from tramas.graph import Network, Relation, StudyInfo
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.evidence import QuoteRedactor, evidence_ties
from tramas.report import build_report

SCRIPT = '<script>alert("quote")</script>'


@pytest.fixture(scope="module")
def plain(sample_network, tmp_path_factory) -> BeautifulSoup:
    out = tmp_path_factory.mktemp("evidence") / "informe.html"
    build_report(sample_network, out, null_samples=0, interactive_map=False)
    return BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def anonymous(sample_network, tmp_path_factory) -> tuple[str, BeautifulSoup]:
    out = tmp_path_factory.mktemp("evidence-anon") / "anon.html"
    build_report(sample_network, out, null_samples=0, anonymize=True)
    text = out.read_text(encoding="utf-8")
    return text, BeautifulSoup(text, "html.parser")


def _quotes(soup: BeautifulSoup, block: str) -> list[dict[str, str]]:
    aside = soup.select_one(f'aside[data-evidence="{block}"]')
    assert aside is not None, f"no quotes block {block}"
    return [
        {
            "text": fig.blockquote.get_text(),
            "caption": fig.figcaption.get_text(),
            "source": fig["data-source"],
            "target": fig["data-target"],
            "relation": fig["data-relation"],
            "wave": fig["data-wave"],
            "data_source": fig["data-data-source"],
        }
        for fig in aside.select("figure.quote")
    ]


def test_the_samples_twelve_quotes_are_found(sample_network):
    ties = evidence_ties(sample_network)
    assert len(ties) == 12
    assert set(ties["data_source"]) == {"interview"}
    assert len(evidence_ties(sample_network, wave="2025")) == 8


@pytest.mark.slow
def test_lead_firm_quotes_sit_after_the_lead_firms_with_their_tie(sample_network, plain):
    aside = plain.select_one('aside[data-evidence="evidence_leads"]')
    assert aside.find_parent("section")["data-section"] == "actors"
    # right after the lead-firm table
    assert aside.find_previous_sibling("figure")["id"] == "table-lead_firms"
    quotes = _quotes(plain, "evidence_leads")
    leads = {r["data-row"] for r in plain.select('table[data-table="lead_firms"] tbody tr')}
    expected = evidence_ties(sample_network, wave="2025")
    expected = expected[expected["source"].isin(leads) | expected["target"].isin(leads)]
    assert len(quotes) == len(expected) > 0
    names = sample_network.actors["name"]
    for q in quotes:
        assert q["source"] in leads or q["target"] in leads
        row = expected[
            (expected["source"] == q["source"])
            & (expected["target"] == q["target"])
            & (expected["relation"] == q["relation"])
        ]
        assert len(row) == 1
        assert q["text"] == row["evidence"].iat[0]  # the quote as said, unescaped text
        assert q["wave"] == "2025" and q["data_source"] == "interview"
        # the caption names the tie's ends, its relation, wave and data source
        assert names[q["source"]] in q["caption"] and names[q["target"]] in q["caption"]
        assert "2025" in q["caption"] and i18n.t("data_source.interview", "es") in q["caption"]
        assert sample_network.relations[q["relation"]].label.lower() in q["caption"].lower()


@pytest.mark.slow
def test_gatekeepers_subclusters_and_change_have_their_quotes(sample_network, plain):
    keepers = plain.select_one('[data-evidence="evidence_gatekeepers"]')
    assert keepers is not None
    assert keepers.find_previous_sibling("figure")["id"] == "table-cognitive_actors"
    # every gatekeeper quote was shown under the lead firms: a note says so
    gatekeeper = i18n.label("role", "gatekeeper", "es")
    keeper_ids = {
        tr["data-row"]
        for tr in plain.select('table[data-table="cognitive_actors"] tbody tr')
        if tr.select_one('td[data-col="role"]').get_text() == gatekeeper
    }
    above = [
        q
        for q in _quotes(plain, "evidence_leads")
        if q["source"] in keeper_ids or q["target"] in keeper_ids
    ]
    assert keepers.name == "p" and above
    assert keepers.get_text() == i18n.t("ev_shown_above", "es", n=len(above))

    sub = plain.select_one('aside[data-evidence="evidence_subclusters"]')
    assert sub.find_parent("section")["data-section"] == "communities"
    quotes = _quotes(plain, "evidence_subclusters")
    # the captions name the sub-clusters as the sub-cluster table does (#16)
    names = {
        td.get_text(strip=True)
        for td in plain.select('table[data-table="communities"] tbody td[data-col="community"]')
    }
    assert quotes
    for q in quotes:
        quoted = re.findall(r"subclusters? «([^»]+)»(?: y «([^»]+)»)?", q["caption"])
        assert quoted and {n for pair in quoted for n in pair if n} <= names, q["caption"]

    change = plain.select_one('aside[data-evidence="evidence_change"]')
    assert change.find_parent("section")["data-section"] == "change"
    waves = {q["wave"] for q in _quotes(plain, "evidence_change")}
    assert waves == {"2023", "2025"}  # the baseline's quotes too


@pytest.mark.slow
def test_a_quote_appears_next_to_the_actor_it_names(sample_network, plain):
    """Domaine Chañar Andes S.A. (F061) is a lead firm: its quotes follow its table."""
    quotes = _quotes(plain, "evidence_leads")
    chanar = [q for q in quotes if "F061" in (q["source"], q["target"])]
    assert {q["text"] for q in chanar} >= {
        "Con Domaine Chañar Andes S.A. nos asesoramos desde hace años.",
        "Con Domaine Chañar Andes S.A. tenemos un contrato anual de provisión.",
    }


@pytest.mark.slow
def test_the_anonymised_report_quotes_with_codes_and_no_real_name(sample_network, anonymous):
    text, soup = anonymous
    codes = anonymize_ids(sample_network.actors, key=sample_network.study.key)
    ties = evidence_ties(sample_network)
    named = set(ties["source"]) | set(ties["target"])
    # every actor named in a quote (and every end of a quoted tie)
    for quote in ties["evidence"]:
        for actor_id, name in sample_network.actors["name"].items():
            if name in quote:
                named.add(actor_id)
    plain_text = html_lib.unescape(text)
    for actor_id in named:
        name = sample_network.actors.at[actor_id, "name"]
        assert name not in plain_text, name
    quotes = _quotes(soup, "evidence_leads")
    assert quotes
    for q in quotes:
        assert q["source"] in codes.values() and q["target"] in codes.values()
        assert re.search(r"\[A-\d{3}\]", q["text"]), q["text"]
    assert (
        i18n.t("ev_anonymized", "es")
        in soup.select_one('aside[data-evidence="evidence_leads"]').get_text()
    )


def _evidence_network(quotes: list[str]) -> Network:
    actors = pd.DataFrame(
        {
            "name": ["Bodega Andina S.A.", "Finca del Sol", "Viñedos Quiroga S.R.L.", "Agro Uno"],
            "aliases": [None, None, "Quiroga", None],
            "kind": "firm",
            "size": ["large", "small", "medium", "micro"],
        },
        index=pd.Index(["A", "B", "C", "D"], name="id"),
    )
    ties = pd.DataFrame(
        {
            "source": ["A", "A", "C", "D"][: len(quotes)] + ["B", "C"],
            "target": ["B", "C", "B", "A"][: len(quotes)] + ["C", "D"],
            "relation": "knowledge",
            "wave": "2025",
            "data_source": ["interview"] * len(quotes) + ["survey", "survey"],
            "evidence": quotes + [None, None],
        }
    )
    relations = {"knowledge": Relation("knowledge", directed=True, label="Technical advice")}
    study = StudyInfo(key="ev", title="Evidence", lang="en", waves=("2025",))
    return Network(actors, ties, relations=relations, study=study)


def test_quotes_are_escaped(tmp_path):
    net = _evidence_network([f"Bodega Andina S.A. told us {SCRIPT} & more", "Plain <b>bold</b>"])
    out = tmp_path / "report.html"
    build_report(net, out, lang="en", null_samples=0, compare=False)
    text = out.read_text(encoding="utf-8")
    assert SCRIPT not in text and "<b>bold</b>" not in text
    soup = BeautifulSoup(text, "html.parser")
    said = [q.get_text() for q in soup.select("aside.evidence blockquote")]
    assert f"Bodega Andina S.A. told us {SCRIPT} & more" in said
    # and in the embedded map page
    frame = soup.select_one("iframe[data-map]")["srcdoc"]
    assert SCRIPT not in frame and "alert(" in frame


def test_anonymised_quotes_replace_names_aliases_and_ids_or_are_left_out(tmp_path):
    net = _evidence_network(
        [
            "Bodega Andina, S.A. and FINCA DEL SOL share a truck.",
            "Quiroga calls Agro Uno every week.",
            "The people at Andina helped us.",  # a part of a name: cannot be replaced safely
        ]
    )
    codes = anonymize_ids(net.actors, key="ev")
    out = tmp_path / "anon.html"
    build_report(net, out, lang="en", null_samples=0, anonymize=True, compare=False)
    text = html_lib.unescape(out.read_text(encoding="utf-8"))
    for name in ("Bodega Andina", "Andina", "Finca del Sol", "FINCA DEL SOL", "Quiroga"):
        assert name not in text, name
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    said = {q.get_text() for q in soup.select("aside.evidence blockquote")}
    assert f"[{codes['A']}] and [{codes['B']}] share a truck." in said
    assert f"[{codes['C']}] calls [{codes['D']}] every week." in said
    notes = " ".join(p.get_text() for p in soup.select("aside.evidence p.note, p.evidence-note"))
    assert i18n.t("ev_omitted", "en", n=1) in notes


def test_redactor_keeps_sentences_readable():
    actors = pd.DataFrame(
        {"name": ["Cooperativa Membrillo Ltda.", "Domaine Chañar Andes S.A."]}, index=["a", "b"]
    )
    redact = QuoteRedactor(actors, {"a": "F01", "b": "F02"})
    assert redact("Llamamos a Cooperativa Membrillo Ltda.; responden.").text == (
        "Llamamos a [F01]; responden."
    )
    assert redact("Trabajamos con Domaine Chanar Andes S.A. Luego vino otro.").text == (
        "Trabajamos con [F02]. Luego vino otro."
    )
    assert redact("Con domaine chañar andes nos va bien.").text == "Con [F02] nos va bien."
    assert redact("Nada que ver con nadie.") == redact("Nada que ver con nadie.")
    assert redact("Nada que ver con nadie.").replaced == 0


def test_no_evidence_no_block(tmp_path):
    net = _evidence_network([])
    out = tmp_path / "report.html"
    build_report(net, out, lang="en", null_samples=0, compare=False)
    assert (
        BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser").select("[data-evidence]")
        == []
    )
