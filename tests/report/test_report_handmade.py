"""Reports of small hand-made networks: hand-computed sections, survey text with HTML in it
escaped everywhere, odd inputs, errors, the CLI and headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

import tramas.locale as i18n
from browser import open_page
from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import Network, NetworkView, Relation, StudyInfo
from tramas.report import build_report
from tramas.report.content import ReportContext
from tramas.report.linkages import institution_reach, tie_types
from tramas.report.quality import response_figures
from tramas.sample import sample_dir

XSS = [
    "<script>alert(1)</script> Vinos",
    "<img src=x onerror=alert(2)>",
    'Bodega & Hijos "Sur"',
]


def nasty_network() -> Network:
    """Six actors; names, sector, municipality, title and a relation label carry HTML.

    Merged view (directed): U→F1, F1→F2, X→F1, F1↔F2 (cooperation), F2↔F3 (cooperation),
    F3→X, F1→F3: six tied pairs, four inside the cluster, two with the external buyer X.
    F4 has no tie. Respondents: F1, F2, U (3 of the 5 cluster actors).
    """
    actors = pd.DataFrame(
        {
            "name": [*XSS, "Lone Micro", "Universidad", "Buyer Ltd"],
            "kind": ["firm", "firm", "firm", "firm", "research", "firm"],
            "internal": [True, True, True, True, True, False],
            "respondent": [True, True, False, False, True, False],
            "size": ["small", "micro", "medium", "micro", None, "large"],
            "sector": ["<b>vino</b>", "uva", "vino", "uva", "educación", "comercio"],
            "municipality": [
                "Tunuyán</td>",
                "Tupungato",
                "Tunuyán</td>",
                "Tupungato",
                "Mendoza",
                None,
            ],
        },
        index=pd.Index(["F1", "F2", "F3", "F4", "U", "X"], name="id"),
    )
    rows = [
        ("U", "F1", "knowledge", None),
        ("F1", "F2", "knowledge", None),
        ("X", "F1", "knowledge", None),
        ("F1", "F2", "cooperation", "horizontal"),
        ("F2", "F3", "cooperation", "vertical"),
        ("F3", "X", "trade", None),
        ("F1", "F3", "trade", None),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "orientation"])
    relations = {
        "knowledge": Relation("knowledge", directed=True, label="Advice <i>técnico</i>"),
        "cooperation": Relation("cooperation", directed=False, label="Cooperation"),
        "trade": Relation("trade", directed=True, label="Trade"),
    }
    study = StudyInfo(key="nasty", title="</title><script>alert(3)</script>", lang="en")
    return Network(actors, ties, relations=relations, study=study)


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    out = tmp_path_factory.mktemp("nasty") / "report.html"
    network = nasty_network()
    result = build_report(network, out, lang="en", null_samples=10)
    return network, result


def _map_frame(page, key="network"):
    """The frame of an embedded map (``network``, or ``change`` for the change map), once
    its script has drawn the map.

    The map draws on the first animation frame, which Chromium does not run for a
    cross-origin (sandboxed) frame out of view: scroll to it first. (Polled with
    ``evaluate``: ``wait_for_function`` compiles its predicate in the page, which the
    map's Content-Security-Policy forbids.)
    """
    element = page.page.locator(f'iframe.map-frame[data-map="{key}"]')
    element.scroll_into_view_if_needed()
    frame = element.element_handle().content_frame()
    for _ in range(300):
        if frame.evaluate("window.tramasReady === true"):
            return frame
        page.page.wait_for_timeout(100)
    raise AssertionError("the embedded map never became ready")


def test_hand_computed_sections(nasty):
    network, result = nasty
    view = result.analysis.view
    assert tie_types(view) == {"internal": 4, "mixed": 2, "external": 0}
    reach = institution_reach(view)
    assert list(reach.index) == ["U"] and reach.loc["U", "firm_ids"] == ["F1"]
    assert reach.loc["U", "smes"] == 1
    fig = response_figures(ReportContext("en", network, result.analysis))
    assert fig == {
        "cluster_actors": 5,
        "respondents": 3,
        "response_rate": 0.6,
        "non_respondents": 2,
        "external_actors": 1,
        "external_respondents": 0,
    }
    assert result.analysis.figures["cooperation"] == {
        "horizontal": 1,
        "vertical": 1,
        "unspecified": 0,
        "total": 2,
    }
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    spans = {s["data-key"]: s for s in soup.select("span.fig[data-key]")}
    assert float(spans["response_rate"]["data-value"]) == 0.6
    assert spans["response_rate"].get_text() == "60.0%"
    assert spans["tie_types.internal"].get_text() == "4"
    assert spans["cooperation.vertical"].get_text() == "1"
    targets = soup.select('table[data-table="policy_targets"] tbody tr')
    assert [tr["data-row"] for tr in targets] == ["F4"]
    nonresp = soup.select('table[data-table="non_respondents"] tbody tr')
    assert [tr["data-row"] for tr in nonresp] == ["F3", "F4"]


def test_survey_text_with_html_is_escaped_everywhere(nasty):
    network, result = nasty
    html = result.html.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # the report has no script of its own; the map's scripts live inside the iframe's srcdoc
    assert soup.find_all("script") == []
    assert soup.find_all("img") == [] and soup.find_all("b") == []
    for raw in ("<script>alert", "<img src=x", "</title><script>", "Tunuyán</td>", "<b>vino"):
        assert raw not in html, raw
    text = soup.get_text(" ")
    for name in XSS:
        assert name in text  # shown as text, exactly as written
    assert soup.title.get_text().startswith("</title><script>alert(3)</script>")
    assert "Advice <i>técnico</i>" in text
    cells = [td.get_text() for td in soup.select("td")]
    assert "<b>vino</b>" in cells
    # the tables written beside it keep the text as is
    frame = pd.read_csv(result.html.with_name("report-tables") / "top_degree.csv")
    assert XSS[0] in set(frame[i18n.t("col_actor", "en")])


@pytest.mark.browser
def test_nasty_report_runs_no_injected_script_in_chromium(nasty):
    _, result = nasty
    with open_page(result.html) as page:
        _map_frame(page)
        page.page.wait_for_timeout(300)
        assert page.dialogs == []
        assert page.console_errors == []
        assert page.requests == []
        assert page.evaluate("document.scripts.length") == 0
        cells = page.evaluate(
            "Array.from(document.querySelectorAll('table[data-table=top_degree] td[data-col=name]'))"
            ".map(td => td.textContent)"
        )
        assert XSS[0] in cells and XSS[1] in cells


@pytest.mark.browser
def test_sample_report_renders_offline_with_its_map(tmp_path):
    from tramas.ingest import load

    result = build_report(
        load(sample_dir() / "study.toml"), tmp_path / "r.html", lang="es", null_samples=10
    )
    with open_page(result.html, viewport=(1280, 900)) as page:
        frame = _map_frame(page)
        nodes = frame.evaluate("tramasMap.counts().nodes")
        assert nodes == result.analysis.figures["actors"]
        # the map's export buttons work inside the report (its frame allows downloads)
        with page.page.expect_download() as info:
            frame.click("#export-svg")
        assert info.value.suggested_filename.endswith(".svg")
        svg = Path(info.value.path()).read_text(encoding="utf-8")
        assert svg.count('class="node"') == nodes
        # how to use the map is said on screen, next to it, and not in print
        howto = i18n.t("map_howto", "es")
        assert (
            page.evaluate(
                "[...document.querySelectorAll('.screen-only p')].map(p => p.textContent)"
            ).count(howto)
            == 1
        )
        # eleven sections, and "Change between waves": the sample has two waves
        assert page.evaluate("document.querySelectorAll('section[data-section]').length") == 12
        assert page.evaluate("document.querySelectorAll('figure.chart svg').length") >= 6
        # the static drawing is for print only
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.print-only')).display")
            == "none"
        )
        assert page.console_errors == []
        assert page.requests == []
        assert page.screenshot(tmp_path / "report.png", full_page=False).stat().st_size > 20_000


@pytest.mark.parametrize("directed", [False, True])
def test_bare_network_without_attributes_builds(tmp_path, directed):
    actors = pd.DataFrame(index=pd.Index(list("abcdef"), name="id"))
    ties = pd.DataFrame({"source": list("abcde"), "target": list("bcdea"), "relation": "trade"})
    net = Network(actors, ties, relations={"trade": Relation("trade", directed=directed)})
    result = build_report(
        net, tmp_path / "bare.html", lang="es", null_samples=0, interactive_map=False
    )
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    assert result.null is None
    assert i18n.t("o_no_null", "es") in soup.get_text()
    assert soup.select_one("iframe") is None
    assert soup.select_one('[data-chart="static_network"] svg') is not None
    figs = {
        td.find_parent("tr")["data-row"]
        for td in soup.select('table[data-table="network_figures"] td')
    }
    assert "density" in figs and ("reciprocity" in figs) == directed


def test_errors_are_explained(tmp_path):
    net = nasty_network()
    with pytest.raises(TramasError, match="must end in .html"):
        build_report(net, tmp_path / "report.pdf")
    with pytest.raises(TramasError, match="no language 'pt'"):
        build_report(net, tmp_path / "r.html", lang="pt")
    with pytest.raises(TramasError, match="cannot be negative"):
        build_report(net, tmp_path / "r.html", null_samples=-1)
    from tramas.metrics import analyze

    scaled = analyze(net, scale=True, pivots=3)
    with pytest.raises(TramasError, match="not a scale-mode one"):
        build_report(net, tmp_path / "r.html", analysis=scaled)


def test_cli_report_writes_html_and_tables(tmp_path):
    out = tmp_path / "out" / "informe.html"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "report",
            "--study",
            str(sample_dir() / "study.toml"),
            "--out",
            str(out),
            "--null-samples",
            "5",
            "--top",
            "5",
            "--relation",
            "knowledge",
            "--wave",
            "2023",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_name("informe-tables.xlsx").exists()
    assert "informe escrito en" in result.output  # the study's language
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "es"  # the study's language
    assert len(soup.select('table[data-table="top_degree"] tbody tr')) == 5
    scope = soup.select_one("header.cover").get_text()
    assert "2023" in scope and "Comercio" not in scope


def test_cli_report_errors(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(
        app,
        [
            "report",
            "--study",
            str(sample_dir() / "study.toml"),
            "--out",
            str(tmp_path / "r.html"),
            "--lang",
            "pt",
        ],
    )
    assert bad.exit_code == 1
    assert "no language 'pt'" in bad.output
    none = runner.invoke(app, ["report", "--out", str(tmp_path / "r.html")])
    assert none.exit_code == 1 and "no input given" in none.output


def test_bare_view_helpers_on_a_view():
    a = pd.DataFrame({"internal": [True, False]}, index=pd.Index(["a", "x"], name="id"))
    v = NetworkView.from_edges([("a", "x")], directed=False, actors=a)
    assert tie_types(v) == {"internal": 0, "mixed": 1, "external": 0}


def test_long_actor_lists_are_cut_in_the_html_and_whole_in_the_csv(tmp_path):
    n = 260
    ids = [f"F{i:03d}" for i in range(n)]
    actors = pd.DataFrame(
        {"kind": "firm", "size": "micro", "respondent": [i % 10 == 0 for i in range(n)]},
        index=pd.Index(ids, name="id"),
    )
    ties = pd.DataFrame({"source": ids, "target": ids[1:] + ids[:1], "relation": "trade"})
    net = Network(actors, ties, relations={"trade": Relation("trade", directed=True)})
    result = build_report(
        net, tmp_path / "long.html", lang="en", null_samples=0, interactive_map=False
    )
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select('table[data-table="non_respondents"] tbody tr')
    assert len(rows) == 100
    hidden = soup.select_one('table[data-table="non_respondents"] ~ p[data-hidden-rows]')
    assert hidden["data-hidden-rows"] == str(n - n // 10 - 100)
    assert "non_respondents.csv" in hidden.get_text()
    frame = pd.read_csv(result.html.with_name("long-tables") / "non_respondents.csv")
    assert len(frame) == n - n // 10


@pytest.mark.slow
def test_all_waves_merged(tmp_path):
    from tramas.ingest import load

    net = load(sample_dir() / "study.toml")
    result = build_report(net, tmp_path / "all.html", lang="en", wave="all", null_samples=0)
    assert result.analysis.parameters["wave"] is None
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    assert "Survey wave: all waves" in soup.select_one("header.cover").get_text()
    assert (
        result.analysis.figures["ties"]
        > build_report(
            net, tmp_path / "latest.html", lang="en", null_samples=0, interactive_map=False
        ).analysis.figures["ties"]
    )
