"""The report of the bundled sample, in Spanish and English: complete, and every number in it
equal to the analysis (read back from the HTML's ``data-value`` attributes and from the
formatted text), to the CSV/XLSX tables and to the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import tramas.locale as i18n
from tramas.graph.anonymize import anonymize_ids
from tramas.ingest import load
from tramas.locale.reasons import reason_texts
from tramas.metrics import analyze, community_table
from tramas.report import build_report
from tramas.report.subclusters import between_communities
from tramas.sample import sample_dir

pytestmark = pytest.mark.slow  # every test here uses a report built for the module

SECTIONS = [
    "findings",
    "quality",
    "overview",
    "actors",
    "communities",
    "linkages",
    "smes",
    "change",
    "value_chains",
    "diagnosis",
    "map",
    "methods",
]


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


class Built:
    """A report written for the tests, its network, an independent analysis and the HTML."""

    def __init__(self, study: Path, out: Path, lang: str, **kw: Any) -> None:
        self.lang = lang
        self.network = load(study)
        self.result = build_report(self.network, out, lang=lang, **kw)
        self.analysis = self.result.analysis
        # computed again, independently: the same numbers (the analysis is seeded)
        self.again = analyze(self.network, seed=42, lang=lang)
        self.figures = flatten(self.analysis.figures)
        self.html = out.read_text(encoding="utf-8")
        self.soup = BeautifulSoup(self.html, "html.parser")

    def spans(self) -> dict[str, list[tuple[str | None, str]]]:
        found: dict[str, list[tuple[str | None, str]]] = {}
        for span in self.soup.select("span.fig[data-key]"):
            found.setdefault(span["data-key"], []).append((span.get("data-value"), span.get_text()))
        return found

    def table(self, key: str) -> dict[str, dict[str, tuple[str | None, str]]]:
        node = self.soup.select_one(f'table[data-table="{key}"]')
        assert node is not None, f"no table {key}"
        rows: dict[str, dict[str, tuple[str | None, str]]] = {}
        for tr in node.select("tbody tr"):
            rows[tr["data-row"]] = {
                td["data-col"]: (td.get("data-value"), td.get_text()) for td in tr.find_all("td")
            }
        return rows

    def column(self, key: str, col: str) -> pd.Series:
        t = self.table(key)
        return pd.Series({r: float(c[col][0]) for r, c in t.items()})


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Built]:
    base = tmp_path_factory.mktemp("reports")
    return {
        # free-recall input: the names section has matched and unresolved names
        "es": Built(
            sample_dir() / "study-recall.toml", base / "es" / "informe.html", "es", pdf=True
        ),
        "en": Built(
            sample_dir() / "study.toml", base / "en" / "report.html", "en", null_samples=50
        ),
    }


@pytest.fixture(scope="module")
def anonymized(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("anon") / "anon.html"
    return Built(sample_dir() / "study.toml", out, "es", anonymize=True, null_samples=10)


LANGS = ["es", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_in_order_with_titles_in_the_language(reports, lang):
    b = reports[lang]
    assert b.soup.html["lang"] == lang
    assert [s["data-section"] for s in b.soup.select("section[data-section]")] == SECTIONS
    assert list(b.result.sections) == SECTIONS
    titles = [s.h2.get_text() for s in b.soup.select("section[data-section]")]
    keys = [
        "findings",
        "quality",
        "overview",
        "actors",
        "communities",
        "linkages",
        "smes",
        "change",
        "value_chains",
        "diagnosis",
        "map",
        "methods",
    ]
    assert titles == [i18n.t(f"sec_{k}", lang) for k in keys]
    text = b.soup.get_text(" ")
    # no catalogue key leaks, no Python placeholder is left
    for leak in (r"\bcol_", r"\bm_def_", r"\bsec_", r"\{", r"\}", r"\bnan\b", r"\bNone\b"):
        assert re.search(leak, text) is None, leak
    for measure in ("degree", "betweenness", "pagerank"):
        assert i18n.t(f"measure_{measure}", lang) in text
    assert i18n.t("m_term_null_model", lang) in text and "Giuliani" in text and "Burt" in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_in_the_text_equals_the_analysis(reports, lang):
    b = reports[lang]
    a = b.analysis.actors
    status = a["sme_status"]
    net = b.network
    internal = net.actors["internal"].astype(bool)
    respondent = net.actors["respondent"].astype(bool)
    expected = dict(b.figures)
    expected.update(
        {
            "cluster_actors": int(internal.sum()),
            "respondents": int((internal & respondent).sum()),
            "response_rate": (internal & respondent).sum() / internal.sum(),
            "non_respondents": int((internal & ~respondent).sum()),
            "external_actors": int((~internal).sum()),
            "lead_firms.count": int(a["lead_firm"].sum()),
            "smes.total": int((status != "not_sme").sum()),
            "smes.target_share": status.isin(["isolated", "weak"]).sum()
            / (status != "not_sme").sum(),
            "communities.shown": int((b.analysis.communities["size"] >= 2).sum()),
            "communities.singletons": int((b.analysis.communities["size"] < 2).sum()),
            "records_merged": sum(f.merged for f in net.report.files),
            "records_rejected": sum(f.rejected for f in net.report.files),
            "names_resolved": len(net.report.resolved_names),
            "names_unresolved": len(net.report.review),
        }
    )
    for key in ("isolated", "weak"):
        expected[f"smes.{key}"] = int((status == key).sum())
    for role in ("gatekeeper", "external_star"):
        expected[f"cognitive_roles.counts.{role}"] = int((a["cognitive_role"] == role).sum())
    null = b.result.null.table
    checked = 0
    for key, found in b.spans().items():
        raws = {raw for raw, _ in found}
        assert len(raws) == 1, f"{key} shown with different values: {raws}"
        raw, text = found[0]
        if key.startswith("null."):
            fig, stat = key[len("null.") :].rsplit(".", 1)
            value = null.loc[fig, stat]
        elif key in expected:
            value = expected[key]
        else:
            continue
        assert raw is not None and float(raw) == pytest.approx(float(value), rel=0, abs=0), key
        shown = i18n.parse_number(text, lang)
        if "%" in text:
            shown /= 100
        decimals = (
            len(text.replace("\u00a0%", "").replace("%", "").split(i18n.SEPARATORS[lang][0])[1])
            if i18n.SEPARATORS[lang][0] in text
            else 0
        )
        tol = 0.5 * 10 ** -(decimals + (2 if "%" in text else 0)) + 1e-12
        assert abs(shown - float(value)) <= tol, (key, text, value)
        checked += 1
    assert checked >= 40
    for key in ("density", "reciprocity", "transitivity", "components", "modularity"):
        assert any(k.endswith(key) for k in b.spans()), key


@pytest.mark.parametrize("lang", LANGS)
def test_tables_equal_the_analysis(reports, lang):
    b = reports[lang]
    a = b.analysis.actors
    # network figures: observed values and the random-network comparison
    figs = b.table("network_figures")
    for key, cells in figs.items():
        assert float(cells["value"][0]) == b.figures[key]
        assert float(cells["random_mean"][0]) == b.result.null.table.loc[key, "mean"]
    assert {
        "density",
        "reciprocity",
        "transitivity",
        "centralization_degree",
        "centralization_betweenness",
        "components",
    } <= set(figs)
    # most central actors: the analysis' values, in decreasing order
    for measure in ("degree", "indegree", "betweenness", "closeness", "eigenvector", "pagerank"):
        col = b.column(f"top_{measure}", measure)
        assert len(col) == 10
        assert (col == a.loc[col.index, measure]).all(), measure
        assert list(col) == sorted(a[measure], reverse=True)[:10]
    # lead firms in rank order with their scores and reasons
    leads = a[a["lead_firm"]].sort_values("lead_firm_rank")
    table = b.table("lead_firms")
    assert list(table) == list(leads.index)
    assert [float(c["lead_firm_score"][0]) for c in table.values()] == list(
        leads["lead_firm_score"]
    )
    # the reasons worded in the report's language from the analysis' codes
    words = reason_texts(b.analysis, b.lang).loc[leads.index, "lead_firm_reason"]
    assert [c["lead_firm_reason"][1] for c in table.values()] == list(words)
    # cognitive roles and policy targets
    counts = b.column("cognitive_roles", "count")
    for role, n in counts.items():
        assert n == (a["cognitive_role"] == role).sum()
    assert set(b.table("policy_targets")) == set(b.analysis.policy_targets().index)
    # brokers: the counts of the analysis
    for key, cells in b.table("brokers").items():
        role, actor = key.split(":")
        assert float(cells["count"][0]) == a.loc[actor, f"brokerage_{role}"]
    # E-I index by grouping
    for attr, cells in b.table("ei_index").items():
        assert float(cells["ei"][0]) == b.figures[f"ei_index.{attr}"]
    # sub-clusters: sizes, and ties between them agree with the metrics' community table
    comm = b.analysis.communities.set_index("community")
    sizes = b.column("communities", "size")
    assert all(sizes[str(c)] == comm.loc[c, "size"] for c in comm.index if comm.loc[c, "size"] >= 2)
    between = b.table("between_communities")
    for c, cells in between.items():
        assert float(cells[f"to_{c}"][0]) == comm.loc[int(c), "ties_within"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_analysis_is_the_default_analysis(reports, lang):
    b = reports[lang]
    assert b.analysis.parameters == b.again.parameters
    assert flatten(b.again.figures) == b.figures
    numeric = b.again.actors.select_dtypes("number").columns
    pd.testing.assert_frame_equal(
        b.analysis.actors[numeric],
        b.again.actors[numeric],
        check_exact=False,
        rtol=1e-12,
        atol=1e-12,
    )
    pd.testing.assert_frame_equal(b.analysis.communities, b.again.communities)


def test_ties_between_communities_cross_checked_with_networkx(reports):
    b = reports["en"]
    view = b.analysis.view
    membership = b.analysis.actors["community"]
    counts = between_communities(view, membership)
    G = view.to_networkx().to_undirected()
    for c1 in counts.index:
        for c2 in counts.columns:
            n = sum(
                1
                for u, v in G.edges()
                if u != v
                and {membership[u], membership[v]} == {c1, c2}
                and (c1 != c2 or membership[u] == c1)
            )
            assert counts.loc[c1, c2] == n
    table = community_table(view, b.analysis.community_result)
    assert list(np.diag(counts.to_numpy())) == list(table["ties_within"])


@pytest.mark.parametrize("lang", LANGS)
def test_csv_and_xlsx_hold_the_tables_of_the_html(reports, lang):
    b = reports[lang]
    r = b.result
    html_tables = [t["data-table"] for t in b.soup.select("table[data-table]")]
    assert sorted(p.stem for p in r.tables) == sorted(html_tables)
    assert all(p.parent == r.html.with_name(f"{r.html.stem}-tables") for p in r.tables)
    wb = openpyxl.load_workbook(r.workbook, read_only=True)
    assert wb.sheetnames == html_tables
    for path in r.tables:
        frame = pd.read_csv(path, keep_default_na=False)
        rows = b.table(path.stem)
        assert len(frame) == len(rows), path.stem
        assert [str(x) for x in frame.iloc[:, 0]] == list(rows)
        sheet = list(wb[path.stem].iter_rows(values_only=True))
        assert len(sheet) == len(frame) + 1
        assert list(sheet[0]) == list(frame.columns)
    figs = pd.read_csv(r.tables[[p.stem for p in r.tables].index("network_figures")])
    value_col = i18n.t("col_value", lang)
    for key, value in zip(figs["figure"], figs[value_col], strict=True):
        assert value == b.figures[key]  # every digit kept


def test_anonymized_report_shows_codes_not_names(anonymized):
    b = anonymized
    codes = anonymize_ids(b.network.actors, key=b.network.study.key)
    names = [n for n in b.network.actors["name"] if isinstance(n, str) and len(n) > 4]
    # the whole file, the embedded map included
    leaked = [n for n in names if n in b.html]
    assert leaked == []
    top = b.table("top_degree")
    assert set(top) <= set(codes.values())
    inverse = {v: k for k, v in codes.items()}
    for code, cells in top.items():
        assert cells["name"][1] == code
        assert float(cells["degree"][0]) == b.analysis.actors.loc[inverse[code], "degree"]
    assert i18n.t("anonymized_note", "es") in b.soup.get_text()
    assert b.soup.select_one('table[data-table="names_matched"]') is None


def test_pdf_has_a_page_per_section_in_order(reports):
    b = reports["es"]
    pdf = b.result.pdf
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    if not pages[-1].strip():
        pages = pages[:-1]
    assert 12 <= len(pages) <= 60
    starts = []
    for key in SECTIONS[1:]:
        title = i18n.t(f"sec_{key}", "es")
        hits = [i for i, p in enumerate(pages) if p.lstrip().startswith(title)]
        assert hits, f"no page starts with {title!r}"
        starts.append(hits[0])
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert i18n.t("sec_findings", "es") in pages[0]
    assert i18n.t("print_map_note", "es")[:40] in " ".join(pages[starts[-2]].split())
    # page numbers "n / N" in the footer
    assert f"1 / {len(pages)}" in pages[0]
    # numbers in the PDF are the report's
    density = i18n.format_number(b.analysis.figures["density"], "es", "dec3")
    assert density in pages[0]


def test_report_builds_fast_enough(reports):
    # the demo must finish in < 30 s: the report takes a few seconds on the sample
    assert reports["en"].result.seconds < 10
    assert reports["es"].result.seconds < 20  # with the PDF
