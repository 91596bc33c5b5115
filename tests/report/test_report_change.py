"""The "Change between waves" section: on the bundled sample (waves 2023 and 2025) in
Spanish and English its numbers are those of ``compare_waves`` (read back from the HTML,
the CSV files and the workbook), the entering actors are listed, the change map is
embedded; a hand-made two-wave network gives hand-computed numbers; a single wave gives
no section; anonymised reports code the names here too."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

import tramas.locale as i18n
from browser import open_page
from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import Network, Relation, StudyInfo
from tramas.graph.anonymize import anonymize_ids
from tramas.ingest import load
from tramas.metrics import analyze
from tramas.metrics.change import compare_waves
from tramas.report import build_report
from tramas.sample import sample_dir

LANGS = ["es", "en"]
ENTERING = ["F035", "F048"]
CHANGE_TABLES = {
    "change_relations",
    "change_figures",
    "change_relation_figures",
    "change_entering_leaving",
    "change_actors",
    "change_bridges",
}


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


class Report:
    """A report of the sample, the HTML parsed, and ``compare_waves`` computed apart."""

    def __init__(self, out: Path, lang: str, expected, **kw: Any) -> None:
        self.lang = lang
        self.network = load(sample_dir() / "study.toml")
        self.result = build_report(self.network, out, lang=lang, null_samples=0, **kw)
        self.expected = expected
        self.html = out.read_text(encoding="utf-8")
        self.soup = BeautifulSoup(self.html, "html.parser")
        self.section = self.soup.select_one('section[data-section="change"]')

    def spans(self) -> dict[str, list[tuple[str | None, str]]]:
        found: dict[str, list[tuple[str | None, str]]] = {}
        for span in self.soup.select('span.fig[data-key^="change."]'):
            found.setdefault(span["data-key"], []).append((span.get("data-value"), span.get_text()))
        return found

    def table(self, key: str) -> dict[str, dict[str, tuple[str | None, str]]]:
        node = self.soup.select_one(f'table[data-table="{key}"]')
        assert node is not None, f"no table {key}"
        return {
            tr["data-row"]: {
                td["data-col"]: (td.get("data-value"), td.get_text()) for td in tr.find_all("td")
            }
            for tr in node.select("tbody tr")
        }


@pytest.fixture(scope="module")
def expected():
    """The comparison the section must show, computed independently (seeded: identical)."""
    network = load(sample_dir() / "study.toml")
    return compare_waves(network, "2023", "2025", seed=42)


@pytest.fixture(scope="module")
def reports(tmp_path_factory, expected) -> dict[str, Report]:
    base = tmp_path_factory.mktemp("change")
    return {lang: Report(base / lang / "report.html", lang, expected) for lang in LANGS}


@pytest.fixture(scope="module")
def anonymized(tmp_path_factory, expected) -> Report:
    out = tmp_path_factory.mktemp("change-anon") / "anon.html"
    return Report(out, "es", expected, anonymize=True)


def _number(text: str, lang: str) -> tuple[float, float]:
    """The number shown and the rounding tolerance of its text."""
    shown = i18n.parse_number(text, lang)
    dec = i18n.SEPARATORS[lang][0]
    core = re.sub(r"[^0-9.,]", "", text.replace(i18n.POINTS[lang], ""))
    decimals = len(core.split(dec)[1]) if dec in core else 0
    scale = 100 if ("%" in text or i18n.POINTS[lang] in text) else 1
    return shown / scale, 0.5 * 10**-decimals / scale + 1e-12


# ------------------------------------------------------------------------------ sample
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_the_section_is_there_in_the_language(reports, lang):
    r = reports[lang]
    sections = [s["data-section"] for s in r.soup.select("section[data-section]")]
    assert sections.index("change") == sections.index("smes") + 1
    # the value-chain and diagnosis sections (#15) sit between the change and the map
    between = sections[sections.index("change") + 1 : sections.index("map")]
    assert between == ["value_chains", "diagnosis"]
    assert "change" in r.result.sections
    assert r.result.comparison is not None and r.result.parameters["compare"] == ("2023", "2025")
    assert r.section.h2.get_text() == i18n.t("sec_change", lang)
    headings = [h.get_text() for h in r.section.select("h3")]
    for key in ("ch_h_headlines", "ch_h_relations", "ch_h_actors", "ch_h_bridges", "ch_h_map"):
        assert i18n.t(key, lang) in headings, key
    text = r.section.get_text(" ")
    for leak in (r"\bch_", r"\bcol_", r"\bfig_", r"\{", r"\}", r"\bnan\b", r"\bNone\b"):
        assert re.search(leak, text) is None, leak
    # the policy reading: horizontal cooperation in both waves, in words
    coop = r.expected.summary["figures"]["all_relations"]["cooperation.horizontal"]
    assert coop["b"] > coop["a"]
    sentence = i18n.tm("ch_coop_h_up", lang, a=coop["a"], b=coop["b"])
    assert BeautifulSoup(str(sentence), "html.parser").get_text() in " ".join(text.split())
    # methodology: Jaccard and QAP defined, with the references
    methods = r.soup.select_one('section[data-section="methods"]').get_text(" ")
    for term in ("m_term_jaccard", "m_term_qap", "m_term_tie_change", "m_term_new_bridges"):
        assert i18n.t(term, lang) in methods
    for ref in ("Krackhardt, D. (1987)", "Krackhardt, D. (1988)", "Dekker, D., Krackhardt, D."):
        assert ref in methods
    params = r.soup.select('ul[data-list="parameters"] li')[-1].get_text(" ")
    assert "2023" in params and "2025" in params and i18n.format_number(1000, lang, "int") in params


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_every_number_in_the_sentences_equals_compare_waves(reports, lang):
    r = reports[lang]
    summary = r.expected.summary
    actors = r.expected.actor_changes
    truth = {f"change.{k}": v for k, v in flatten(summary).items()}
    truth.update(
        {
            "change.actors.n_entering": len(summary["actors"]["entering"]),
            "change.actors.n_leaving": len(summary["actors"]["leaving"]),
            "change.roles.cognitive_changed": int(actors["cognitive_role_changed"].sum()),
            "change.roles.lead_firm_changed": int(actors["lead_firm_changed"].sum()),
        }
    )
    spans = r.spans()
    for key, found in spans.items():
        assert key in truth, f"{key} is not a number of the comparison"
        assert len({raw for raw, _ in found}) == 1, key
        for raw, text in found:
            assert raw is not None and float(raw) == float(truth[key]), key
            shown, tol = _number(text, lang)
            assert abs(shown - float(truth[key])) <= tol, (key, text, truth[key])
    must = [
        "change.all_relations.new",
        "change.all_relations.dissolved",
        "change.all_relations.stable",
        "change.all_relations.jaccard",
        "change.figures.all_relations.cooperation.horizontal.a",
        "change.figures.all_relations.cooperation.horizontal.b",
        "change.new_bridges.count",
        "change.actors.n_entering",
        "change.actors.n_leaving",
    ]
    for rel in summary["relations"]:
        must += [f"change.relations.{rel}.{f}" for f in ("new", "dissolved", "jaccard")]
        must.append(f"change.relations.{rel}.qap.correlation")
    assert set(must) <= set(spans)
    # the key findings restate the change, with the same keys and values
    findings = r.soup.select_one('section[data-section="findings"]')
    restated = {s["data-key"] for s in findings.select('span.fig[data-key^="change."]')}
    assert {"change.all_relations.new", "change.new_bridges.count"} <= restated


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_tables_equal_compare_waves(reports, lang):
    r = reports[lang]
    summary = r.expected.summary
    rels = r.table("change_relations")
    assert list(rels) == [*summary["relations"], "all_relations"]
    for rel, rec in summary["relations"].items():
        cells = rels[rel]
        for col in ("ties_a", "ties_b", "new", "dissolved", "stable", "jaccard"):
            assert float(cells[col][0]) == rec[col], (rel, col)
        for col in ("reporters_a", "reporters_b"):
            assert float(cells[col][0]) == rec[col], (rel, col)
        assert float(cells["qap_r"][0]) == rec["qap"]["correlation"]
        assert float(cells["qap_p"][0]) == rec["qap"]["p_greater"]
        assert rec["ties_a"] == rec["dissolved"] + rec["stable"]
    overall = summary["all_relations"]
    for col in ("new", "dissolved", "stable", "jaccard"):
        assert float(rels["all_relations"][col][0]) == overall[col]
    assert float(rels["all_relations"]["ties_b"][0]) == sum(
        rec["ties_b"] for rec in summary["relations"].values()
    )
    # figures side by side: both waves and their change
    figs = r.table("change_figures")
    assert {"density", "transitivity", "cooperation.horizontal", "isolates"} <= set(figs)
    for key, cells in figs.items():
        rec = summary["figures"]["all_relations"][key]
        for side in ("a", "b", "change"):
            assert float(cells[side][0]) == pytest.approx(rec[side], abs=0), (key, side)
    coop = figs["cooperation.horizontal"]
    assert coop["change"][1] == f"+{int(coop['b'][0]) - int(coop['a'][0])}"
    by_rel = r.table("change_relation_figures")
    for key, cells in by_rel.items():
        rel, fig = key.split(":", 1)
        rec = summary["figures"]["by_relation"][rel][fig]
        assert [float(cells[s][0]) for s in ("a", "b")] == [rec["a"], rec["b"]]
    # actors whose measures or roles changed most: compare_waves' order and values
    movers = r.table("change_actors")
    top = r.expected.actor_changes.head(10)
    assert list(movers) == list(top.index)
    for actor, cells in movers.items():
        for col in ("degree_a", "degree_b", "betweenness_b", "pagerank_a", "change_score"):
            assert float(cells[col][0]) == top.loc[actor, col], (actor, col)
        role = top.loc[actor, "cognitive_role_b"]
        assert cells["role_b"][1] == i18n.label("role", role, lang)
    # new bridges: exactly the comparison's
    bridges = r.table("change_bridges")
    ties = summary["new_bridges"]["ties"]
    assert list(bridges) == [f"{t['relation']}:{t['source']}:{t['target']}" for t in ties]
    assert len(bridges) == summary["new_bridges"]["count"] > 0
    # the baseline sub-clusters by name, as the change map and the baseline's analysis
    # name them (#16)
    baseline = analyze(r.network, wave="2023", relations=list(summary["relations"]), lang=lang)
    named = baseline.communities.dropna(subset=["subcluster"])
    names = dict(zip(named["subcluster"].astype(int), named["name"], strict=True))
    for t in ties:
        cells = bridges[f"{t['relation']}:{t['source']}:{t['target']}"]
        assert cells["community_source"][1] == names[t["community_source"]]
        assert cells["community_target"][1] == names[t["community_target"]]
        assert t["community_source"] != t["community_target"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_entering_actors_are_listed(reports, lang):
    r = reports[lang]
    summary = r.expected.summary
    entering = [a["id"] for a in summary["actors"]["entering"]]
    leaving = [a["id"] for a in summary["actors"]["leaving"]]
    assert entering == ENTERING
    table = r.table("change_entering_leaving")
    assert list(table) == entering + leaving
    names = r.network.actors["name"]
    for actor in ENTERING:
        cells = table[actor]
        assert cells["name"][1] == names[actor]
        assert cells["movement"][1] == i18n.t("ch_entered_label", lang)
        assert float(cells["degree_a"][0]) == 0
        assert float(cells["degree_b"][0]) == r.expected.actor_changes.loc[actor, "degree_b"] > 0
    # and named in the sentences at the top of the section
    headlines = r.section.select_one('ul[data-list="change_headlines"]').get_text(" ")
    assert all(names[a] in headlines for a in ENTERING + leaving)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_csv_and_xlsx_hold_the_change_tables(reports, lang):
    r = reports[lang]
    stems = {p.stem: p for p in r.result.tables}
    assert set(stems) >= CHANGE_TABLES
    wb = openpyxl.load_workbook(r.result.workbook, read_only=True)
    assert set(wb.sheetnames) >= CHANGE_TABLES
    frame = pd.read_csv(stems["change_relations"])
    summary = r.expected.summary
    new = dict(zip(frame["relation_key"], frame[i18n.t("col_new", lang)], strict=True))
    assert new == {
        **{k: v["new"] for k, v in summary["relations"].items()},
        "all_relations": summary["all_relations"]["new"],
    }
    jac = frame.set_index("relation_key")[i18n.t("col_jaccard", lang)]
    assert jac["cooperation"] == summary["relations"]["cooperation"]["jaccard"]  # every digit
    sheet = list(wb["change_entering_leaving"].iter_rows(values_only=True))
    assert [row[0] for row in sheet[1:]] == [
        a["id"] for a in summary["actors"]["entering"] + summary["actors"]["leaving"]
    ]
    movers = pd.read_csv(stems["change_actors"])
    assert len(movers) == 10


@pytest.mark.slow
def test_the_change_map_is_embedded_and_allowed_to_run(reports):
    r = reports["en"]
    frame = r.section.select_one('iframe.map-frame[data-map="change"]')
    assert frame is not None and frame["sandbox"] == [
        "allow-scripts",
        "allow-downloads",
    ]  # a multi-valued attribute
    assert frame["title"] == i18n.t("ch_map_title", "en")
    page = BeautifulSoup(frame["srcdoc"], "html.parser")
    data = json.loads(page.select_one("script#tramas-data").string)
    change = data["change"]
    keys = [s["key"] for s in change["statuses"]]
    counts = {k: 0 for k in keys}
    for edge in change["edges"]:
        counts[keys[edge[0]]] += 1
    overall = r.expected.summary["all_relations"]
    assert counts == {k: overall[k] for k in ("new", "dissolved", "stable")}
    # the report's policy lets the scripts of both maps run, and nothing else
    csp = r.soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    head = str(page.head)
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", head)
    assert hashes and all(h in csp for h in hashes)
    main = BeautifulSoup(r.soup.select_one('iframe[data-map="network"]')["srcdoc"], "html.parser")
    assert all(h in csp for h in re.findall(r"'sha256-[A-Za-z0-9+/=]+'", str(main.head)))
    assert r.soup.find_all("script") == []


@pytest.mark.slow
def test_anonymized_report_codes_the_names_in_the_change_section(anonymized):
    r = anonymized
    codes = anonymize_ids(r.network.actors, key=r.network.study.key)
    names = [n for n in r.network.actors["name"] if isinstance(n, str) and len(n) > 4]
    # no name anywhere, the change map included
    assert [n for n in names if n in r.html] == []
    table = r.table("change_entering_leaving")
    assert [codes[a] for a in ENTERING] == list(table)[:2]
    assert [c["name"][1] for c in table.values()][:2] == [codes[a] for a in ENTERING]
    headlines = r.section.select_one('ul[data-list="change_headlines"]').get_text(" ")
    assert all(codes[a] in headlines for a in ENTERING)
    movers = r.table("change_actors")
    assert list(movers) == [codes[a] for a in r.expected.actor_changes.head(10).index]
    bridges = r.table("change_bridges")
    first = r.expected.summary["new_bridges"]["ties"][0]
    key = f"{first['relation']}:{codes[first['source']]}:{codes[first['target']]}"
    assert bridges[key]["source"][1] == codes[first["source"]]
    assert frozenset(codes) & frozenset(bridges) == frozenset()  # rows keyed by code, not id
    frame = r.section.select_one('iframe[data-map="change"]')
    assert all(a not in frame["srcdoc"] for a in ('"F035"', '"F048"'))


@pytest.mark.slow
def test_report_build_time_with_the_change_section(reports):
    # the demo must stay < 30 s: the whole report of the sample takes a few seconds
    assert reports["en"].result.seconds < 10


# ------------------------------------------------------------------------------ hand-made
def two_wave_network(waves: tuple[str, ...] = ("1", "2")) -> Network:
    """Cooperation (undirected) a–b, b–c in wave 1; a–b, c–d in wave 2 (c–b reported by c).

    Hand-computed: new c–d, dissolved b–c, stable a–b: Jaccard 1/3; d enters, no one leaves.
    Advice (directed) a→b in wave 1; a→b, b→a in wave 2: new b→a, stable a→b, Jaccard 1/2.
    """
    actors = pd.DataFrame(
        {"name": ["Alfa", "Beta", "Gamma", "Delta"], "kind": "firm"},
        index=pd.Index(list("abcd"), name="id"),
    )
    rows = [
        ("a", "b", "cooperation", "1"),
        ("c", "b", "cooperation", "1"),
        ("b", "a", "cooperation", "2"),
        ("c", "d", "cooperation", "2"),
        ("a", "b", "advice", "1"),
        ("a", "b", "advice", "2"),
        ("b", "a", "advice", "2"),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave"])
    ties = ties[ties["wave"].isin(waves)]
    relations = {
        "cooperation": Relation("cooperation", directed=False),
        "advice": Relation("advice", directed=True),
    }
    study = StudyInfo(key="tiny", title="Tiny", lang="en", waves=waves)
    return Network(actors, ties, relations=relations, study=study)


def test_hand_computed_two_wave_network(tmp_path):
    result = build_report(two_wave_network(), tmp_path / "r.html", lang="en", null_samples=0)
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    rows = {
        tr["data-row"]: {td["data-col"]: td.get("data-value") for td in tr.find_all("td")}
        for tr in soup.select('table[data-table="change_relations"] tbody tr')
    }
    coop, advice = rows["cooperation"], rows["advice"]
    assert [float(coop[c]) for c in ("ties_a", "ties_b", "new", "dissolved", "stable")] == [
        2,
        2,
        1,
        1,
        1,
    ]
    assert float(coop["jaccard"]) == pytest.approx(1 / 3)
    assert [float(advice[c]) for c in ("new", "dissolved", "stable")] == [1, 0, 1]
    assert float(advice["jaccard"]) == 0.5
    assert float(rows["all_relations"]["jaccard"]) == pytest.approx(2 / 5)
    moved = [
        tr["data-row"] for tr in soup.select('table[data-table="change_entering_leaving"] tbody tr')
    ]
    assert moved == ["d"]
    text = " ".join(soup.select_one('section[data-section="change"]').get_text(" ").split())
    assert "1 actor has ties in 2 but had none in 1: Delta." in text.replace(" :", ":")
    assert i18n.t("ch_left_none", "en").format(a="1", b="2") in text


def test_single_wave_network_has_no_change_section(tmp_path):
    net = two_wave_network(waves=("1",))
    assert net.waves == ("1",)
    result = build_report(net, tmp_path / "one.html", lang="es", null_samples=0)
    assert "change" not in result.sections and result.comparison is None
    html = result.html.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('section[data-section="change"]') is None
    assert soup.select_one('iframe[data-map="change"]') is None
    assert not [p for p in result.tables if p.stem.startswith("change_")]
    assert i18n.t("m_term_jaccard", "es") not in soup.get_text()
    assert "Krackhardt, D. (1987)" not in html
    with pytest.raises(TramasError, match="unknown wave"):
        build_report(net, tmp_path / "x.html", compare=("1", "2"), null_samples=0)


def test_compare_options(tmp_path):
    net = two_wave_network()
    off = build_report(net, tmp_path / "off.html", compare=False, null_samples=0)
    assert "change" not in off.sections
    given = compare_waves(net, "1", "2", relations=["advice"], permutations=10)
    shown = build_report(net, tmp_path / "given.html", comparison=given, null_samples=0)
    assert shown.comparison is given
    soup = BeautifulSoup(shown.html.read_text(encoding="utf-8"), "html.parser")
    rows = [tr["data-row"] for tr in soup.select('table[data-table="change_relations"] tbody tr')]
    assert rows == ["advice", "all_relations"]
    # another grouping as the baseline partition of new bridges: named in the section
    groups = pd.Series({"a": "north", "b": "south", "c": "north", "d": "south"}, name="region")
    by_region = compare_waves(net, "1", "2", communities=groups, permutations=10)
    shown = build_report(net, tmp_path / "region.html", comparison=by_region, null_samples=0)
    soup = BeautifulSoup(shown.html.read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.select_one('section[data-section="change"]').get_text(" ").split())
    assert i18n.tm("ch_bridges_intro_given", "en", method="region") in text
    bridges = {
        tr["data-row"]: [td.get_text() for td in tr("td")]
        for tr in soup.select('table[data-table="change_bridges"] tbody tr')
    }
    # both new ties join north and south: c–d (cooperation) and b→a (advice)
    assert bridges == {
        "cooperation:c:d": ["cooperation", "Gamma", "north", "Delta", "south"],
        "advice:b:a": ["advice", "Beta", "south", "Alfa", "north"],
    }
    with pytest.raises(TramasError, match="not both"):
        build_report(net, tmp_path / "x.html", compare=("1", "2"), comparison=given)
    with pytest.raises(TramasError, match="exactly two waves, got 3"):
        build_report(net, tmp_path / "x.html", compare="1,2,3", null_samples=0)


@pytest.mark.slow
def test_cli_compare_and_no_compare(tmp_path):
    runner = CliRunner()
    study = str(sample_dir() / "study.toml")
    common = ["--lang", "en", "--null-samples", "0", "--top", "3"]
    out = tmp_path / "with.html"
    result = runner.invoke(
        app,
        ["report", "--study", study, "--out", str(out), "--compare", "2023", "--compare", "2025"]
        + common,
    )
    assert result.exit_code == 0, result.output
    assert "change between waves 2023 → 2025" in result.output
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('section[data-section="change"]') is not None
    assert len(soup.select('table[data-table="change_actors"] tbody tr')) == 3
    out = tmp_path / "without.html"
    result = runner.invoke(
        app, ["report", "--study", study, "--out", str(out), "--no-compare"] + common
    )
    assert result.exit_code == 0, result.output
    assert 'data-section="change"' not in out.read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["report", "--study", study, "--compare", "2023", "--no-compare"] + common
    )
    assert result.exit_code == 1 and "exclude each other" in result.output


@pytest.mark.browser
@pytest.mark.slow
def test_change_map_draws_in_chromium(reports):
    r = reports["en"]
    with open_page(r.result.html, viewport=(1280, 900)) as page:
        page.page.locator('iframe.map-frame[data-map="change"]').scroll_into_view_if_needed()
        frame = page.page.locator('iframe[data-map="change"]').element_handle().content_frame()
        for _ in range(300):
            if frame.evaluate("window.tramasReady === true"):
                break
            page.page.wait_for_timeout(100)
        else:
            raise AssertionError("the change map never became ready")
        overall = r.expected.summary["all_relations"]
        assert frame.evaluate("tramasMap.statusCounts()") == {
            k: overall[k] for k in ("new", "dissolved", "stable")
        }
        assert page.console_errors == []
        assert page.requests == []


def test_relations_without_ties_in_a_wave_are_explained(tmp_path):
    """Trade only in wave 2 (a→c: one new tie, Jaccard 0, no QAP: wave 1 has no variation);
    advice declared but never reported (no Jaccard, no QAP)."""
    actors = pd.DataFrame({"name": ["Alfa", "Beta", "Gamma"]}, index=pd.Index(list("abc")))
    ties = pd.DataFrame(
        [("a", "b", "cooperation", "1"), ("a", "b", "cooperation", "2"), ("a", "c", "trade", "2")],
        columns=["source", "target", "relation", "wave"],
    )
    relations = {
        "cooperation": Relation("cooperation", directed=False),
        "trade": Relation("trade", directed=True),
        "advice": Relation("advice", directed=True),
    }
    net = Network(actors, ties, relations=relations, study=StudyInfo(key="gaps", lang="en"))
    result = build_report(net, tmp_path / "gaps.html", lang="en", null_samples=0)
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    rows = {
        tr["data-row"]: {td["data-col"]: (td.get("data-value"), td.get_text()) for td in tr("td")}
        for tr in soup.select('table[data-table="change_relations"] tbody tr')
    }
    assert float(rows["trade"]["new"][0]) == 1 and float(rows["trade"]["jaccard"][0]) == 0
    assert rows["trade"]["qap_r"] == (None, "–") and rows["advice"]["jaccard"] == (None, "–")
    assert float(rows["cooperation"]["qap_r"][0]) == 1.0  # the same single tie in both waves
    section = " ".join(soup.select_one('section[data-section="change"]').get_text(" ").split())
    assert i18n.t("ch_rel_empty", "en").format(relation="advice") in section
    assert i18n.t("ch_qap_none", "en").format(relations="trade and advice") in section
