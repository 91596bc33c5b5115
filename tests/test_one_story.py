"""One story across CLI, files, map and report (issue #12): the same sub-clusters, the
same actors in no sub-cluster and the same lead firms, wherever they are shown.

A sub-cluster is a community of two actors or more
(:func:`tramas.metrics.communities.subclusters`); an actor alone in its community is in
no sub-cluster. The counts are read back from what a user sees: the ``tramas analyze``
tables and its files, the map legend and the JSON its page embeds, and the report's
figures (``data-key``/``data-value``) and tables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.graph import Network, NetworkView
from tramas.metrics import analyze
from tramas.metrics.communities import (
    MIN_SUBCLUSTER_SIZE,
    Communities,
    analysis_communities,
    community_table,
    subcluster_counts,
    subclusters,
)
from tramas.sample import sample_dir
from tramas.viz.encodings import NO_SUBCLUSTER
from tramas.viz.maps import build_map

runner = CliRunner()

NO_SUBCLUSTER_LABELS = {"no sub-cluster", "sin subcluster"}


# ---------------------------------------------------------------------------- by hand
def _toy_edges() -> list[tuple[str, str]]:
    # a triangle, a pair, and f alone (no ties)
    return [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")]


def _toy_view() -> NetworkView:
    actors = pd.DataFrame({"name": list("ABCDEF")}, index=list("abcdef"))
    edges = pd.DataFrame(_toy_edges(), columns=["source", "target"])
    return NetworkView.from_frames(actors, edges, directed=False)


def test_a_subcluster_is_a_community_of_two_actors_or_more():
    membership = pd.Series([1, 1, 1, 2, 2, 3], index=list("abcdef"))
    sub = subclusters(membership)
    assert sub.dtype == "Int64" and sub.name == "subcluster"
    assert sub.iloc[:5].tolist() == [1, 1, 1, 2, 2] and pd.isna(sub["f"])
    assert subcluster_counts(membership) == {
        "subclusters": 2,
        "no_subcluster": 1,
        "communities": 3,
    }
    assert MIN_SUBCLUSTER_SIZE == 2


def test_subclusters_are_numbered_by_size_then_by_community_label():
    # labels 7 and 3 both have two members: 3 comes first; 9 (three members) is largest
    membership = pd.Series([7, 7, 3, 3, 9, 9, 9, 5, None], index=list("abcdefghi"))
    sub = subclusters(membership)
    assert sub.dropna().to_dict() == {"a": 3, "b": 3, "c": 2, "d": 2, "e": 1, "f": 1, "g": 1}
    assert sub[["h", "i"]].isna().all()  # alone, and without any community
    assert subclusters(membership, min_size=3).dropna().to_dict() == {"e": 1, "f": 1, "g": 1}


def test_hand_made_network_subclusters_in_communities_tables_and_analysis():
    view = _toy_view()
    found = analysis_communities(view, runs=5)
    assert found.membership.tolist() == [1, 1, 1, 2, 2, 3]
    assert found.subcluster.iloc[:5].tolist() == [1, 1, 1, 2, 2]
    assert pd.isna(found.subcluster["f"])
    assert (found.n_subclusters, found.n_unassigned, found.n_communities) == (2, 1, 3)
    table = community_table(view, found)
    assert table["community"].tolist() == [1, 2, 3]
    assert table["subcluster"].iloc[:2].tolist() == [1, 2] and pd.isna(table["subcluster"][2])
    result = analyze(view, scale=False)
    assert result.figures["communities"]["subclusters"] == 2
    assert result.figures["communities"]["no_subcluster"] == 1
    assert result.figures["communities"]["count"] == 3  # every community, singletons too
    assert result.actors["subcluster"].dropna().astype(int).to_dict() == {
        "a": 1,
        "b": 1,
        "c": 1,
        "d": 2,
        "e": 2,
    }


def test_hand_made_network_map_legend_groups_actors_in_no_subcluster():
    actors = pd.DataFrame({"name": list("ABCDEF")}, index=list("abcdef"))
    ties = pd.DataFrame(_toy_edges(), columns=["source", "target"]).assign(relation="trade")
    page = build_map(Network(actors, ties), lang="en")
    swatches = page.legend[0]
    assert swatches.title == "Colour: sub-cluster"
    assert [e.label for e in swatches.entries] == [
        "Sub-cluster 1",
        "Sub-cluster 2",
        "no sub-cluster",
    ]
    assert swatches.entries[-1].color == NO_SUBCLUSTER
    colour = {n["id"]: n["color"] for n in page.data["nodes"]}
    assert colour["f"] == NO_SUBCLUSTER
    assert colour["a"] == colour["b"] == colour["c"] != colour["d"] == colour["e"]
    # the tooltip names the same sub-cluster as the legend entry of the actor's colour
    field = page.data["nodeFields"].index("Sub-cluster")
    tip = {n["id"]: n["info"][field] for n in page.data["nodes"]}
    legend = {e.color: e.label for e in swatches.entries}
    assert tip == {a: legend[colour[a]] for a in "abcdef"}
    assert tip["f"] == "no sub-cluster"


def test_communities_given_by_hand_keep_their_numbers():
    view = _toy_view()
    given = Communities(pd.Series([2, 2, 2, 1, 1, 3], index=view.ids), "given")
    # sizes decide: the triangle is sub-cluster 1 whatever its community label
    assert given.subcluster.dropna().astype(int).tolist() == [1, 1, 1, 2, 2]


# ---------------------------------------------------------------------------- the sample
def _invoke(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def _legend(soup: BeautifulSoup) -> dict[str, str]:
    """Label -> swatch colour of the map legend's colour section."""
    section = soup.select_one("#legend .legend-swatch")
    out = {}
    for li in section.find_all("li"):
        swatch = li.find("span", class_="swatch")
        colour = re.search(r"#[0-9a-fA-F]{6}", swatch["style"]).group(0)
        out[li.get_text(" ", strip=True)] = colour.lower()
    return out


def _read_map(page: Path | str) -> tuple[BeautifulSoup, dict]:
    html = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    soup = BeautifulSoup(html, "html.parser")
    return soup, json.loads(soup.find("script", id="tramas-data").string)


def _check_map_against(page: Path | str, actors: pd.DataFrame) -> tuple[int, int]:
    """The map's colours are the actors' sub-clusters, numbered and named alike; returns
    its counts.

    ``page`` is a map file or the HTML of a map embedded in a report; the legend labels
    each sub-cluster by the name of ``actors.csv``'s ``subcluster_name`` (#16).
    """
    soup, data = _read_map(page)
    legend = _legend(soup)
    named = actors.dropna(subset=["subcluster"])
    number = dict(zip(named["subcluster_name"], named["subcluster"].astype(int), strict=True))
    assert len(number) == named["subcluster"].nunique()  # one name per sub-cluster
    numbered = {number[k]: c for k, c in legend.items() if k in number}
    none = [c for k, c in legend.items() if k.lower() in NO_SUBCLUSTER_LABELS]
    assert len(none) <= 1
    sub = actors["subcluster"]
    assert sorted(numbered) == sorted(int(s) for s in sub.dropna().unique())
    nodes = {n["id"]: n["color"].lower() for n in data["nodes"]}
    for actor, colour in nodes.items():
        s = sub.get(actor)
        if pd.isna(s):
            assert none and colour == none[0], actor
        else:
            assert colour == numbered[int(s)], actor
    n_none = sum(1 for a in nodes if pd.isna(sub.get(a)))
    return len(numbered), n_none


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("story")
    study = str(sample_dir() / "study.toml")
    out = {
        "analyze": _invoke(["analyze", "--study", study, "--out", str(tmp / "analysis")]),
        "dir": tmp,
    }
    _invoke(["map", "--study", study, "--out", str(tmp / "map.html")])
    _invoke(["report", "--study", study, "--out", str(tmp / "report.html"), "--null-samples", "0"])
    return out


@pytest.mark.slow
def test_sample_counts_are_the_same_in_cli_files_map_and_report(story):
    tmp = story["dir"]
    actors = pd.read_csv(tmp / "analysis" / "actors.csv", dtype={"id": str}).set_index("id")
    communities = pd.read_csv(tmp / "analysis" / "communities.csv")
    figures = json.loads((tmp / "analysis" / "network.json").read_text(encoding="utf-8"))

    # actors.csv
    n_sub = int(actors["subcluster"].nunique())
    n_none = int(actors["subcluster"].isna().sum())
    leads = actors[actors["lead_firm"].astype(bool)].sort_values("lead_firm_rank")
    n_leads = len(leads)
    assert (n_sub, n_none, n_leads) == (5, 7, 9)  # the sample's story
    # communities.csv and network.json
    assert communities["subcluster"].notna().sum() == n_sub
    assert communities.loc[communities["subcluster"].isna(), "size"].sum() == n_none
    assert (communities.loc[communities["subcluster"].notna(), "size"] >= 2).all()
    assert figures["communities"]["subclusters"] == n_sub
    assert figures["communities"]["no_subcluster"] == n_none
    # the CLI output of analyze
    text = " ".join(story["analyze"].split())
    m = re.search(r"sub-?clusters? (\d+) \((?:plus|más) (\d+)", text, re.IGNORECASE)
    assert m, text
    assert (int(m.group(1)), int(m.group(2))) == (n_sub, n_none)
    # "Lead firms: 9" (all shown) — never five of them without saying so
    m = re.search(r"(?:Lead firms|Empresas líderes): (\d+)\b", text)
    assert m and int(m.group(1)) == n_leads, text
    for actor in leads.index:  # every lead firm is in the CLI table
        assert f"({actor})" in text, actor

    # the map: legend, colours and the JSON the page embeds
    assert _check_map_against(tmp / "map.html", actors) == (n_sub, n_none)

    # the report
    soup = BeautifulSoup((tmp / "report.html").read_text(encoding="utf-8"), "html.parser")

    def values(key: str) -> set[int]:
        found = {int(float(e["data-value"])) for e in soup.select(f'[data-key="{key}"]')}
        assert found, key
        return found

    assert values("communities.shown") == {n_sub}
    assert values("communities.singletons") == {n_none}
    assert values("lead_firms.count") == {n_leads}
    assert len(soup.select('table[data-table="communities"] tbody tr')) == n_sub
    rows = soup.select('table[data-table="lead_firms"] tbody tr')
    assert [r["data-row"] for r in rows] == leads.index.tolist()
    # the key finding on lead firms names every one of them
    sentence = soup.select_one('#sec-findings [data-key="lead_firms.count"]').parent
    said = sentence.get_text(" ", strip=True)
    for name in leads["name"]:
        assert name in said, name
    # the map embedded in the report tells the same story (the other iframe is the
    # change map, coloured by the 2023 sub-clusters: see the next test)
    maps = [f["srcdoc"] for f in soup.find_all("iframe") if f.get("srcdoc")]
    actor_maps = [m for m in maps if "change" not in _read_map(m)[1]]
    assert len(actor_maps) == 1 and len(maps) == 2
    assert _check_map_against(actor_maps[0], actors) == (n_sub, n_none)


@pytest.mark.slow
def test_sample_change_map_numbers_subclusters_as_the_analysis_of_its_baseline(story):
    tmp = story["dir"]
    study = str(sample_dir() / "study.toml")
    _invoke(["analyze", "--study", study, "--wave", "2023", "--out", str(tmp / "a2023")])
    _invoke(
        [
            "map",
            *("--study", study, "--compare", "2023", "--compare", "2025"),
            *("--out", str(tmp / "change.html")),
        ]
    )
    base = pd.read_csv(tmp / "a2023" / "actors.csv", dtype={"id": str}).set_index("id")
    n_sub, _ = _check_map_against(tmp / "change.html", base)
    assert n_sub == base["subcluster"].nunique() == 5
    # and so does the change map of the report
    soup = BeautifulSoup((tmp / "report.html").read_text(encoding="utf-8"), "html.parser")
    maps = [f["srcdoc"] for f in soup.find_all("iframe") if f.get("srcdoc")]
    change_maps = [m for m in maps if "change" in _read_map(m)[1]]
    assert len(change_maps) == 1
    assert _check_map_against(change_maps[0], base)[0] == n_sub


@pytest.mark.slow
def test_knowledge_role_and_sme_status_have_distinct_words(story):
    soup = BeautifulSoup((story["dir"] / "report.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one('table[data-table="policy_targets"]')
    status = {td.get_text(strip=True) for td in table.select('td[data-col="sme_status"]')}
    roles = {td.get_text(strip=True) for td in table.select('td[data-col="cognitive_role"]')}
    assert status and roles and not status & roles
    words = {w for label in status for w in label.lower().split()}
    assert not {"isolated", "aislado", "aislada"} & words  # the status never says "isolated"


# ---------------------------------------------------------------------------- names and codes
@pytest.mark.slow
def test_sample_subcluster_names_are_the_same_in_files_map_and_report(story):
    """#16: one name per sub-cluster in analysis/communities.csv, actors.csv, the map
    legend and tooltips, the report's table, its CSV and the map embedded in it."""
    tmp = story["dir"]
    communities = pd.read_csv(tmp / "analysis" / "communities.csv")
    subs = communities.dropna(subset=["subcluster"]).sort_values("subcluster")
    names = subs["name"].tolist()
    # the sample (a Spanish study): places and value-chain stages, institutions apart
    assert names == [
        "Tupungato – elaboración",
        "San Carlos – viñedo",
        "Tunuyán – elaboración",
        "Tunuyán – insumos",
        "Valle de Uco – instituciones",
    ]
    assert set(communities.loc[communities["subcluster"].isna(), "name"]) == {"sin subcluster"}
    actors = pd.read_csv(tmp / "analysis" / "actors.csv", dtype={"id": str}).set_index("id")
    by_number = dict(zip(subs["subcluster"].astype(int), names, strict=True))
    for actor, row in actors.iterrows():
        expected = "sin subcluster" if pd.isna(row["subcluster"]) else by_number[row["subcluster"]]
        assert row["subcluster_name"] == expected, actor
    # the map: legend and tooltips
    soup, data = _read_map(tmp / "map.html")
    legend = _legend(soup)
    assert [k for k in legend if k in names or k in NO_SUBCLUSTER_LABELS] == [
        *names,
        "sin subcluster",
    ]
    field = data["nodeFields"].index("Subcluster")
    tips = {n["id"]: n["info"][field] for n in data["nodes"]}
    assert tips == actors["subcluster_name"].reindex(list(tips)).to_dict()
    # the report: its table, its CSV, and the map embedded in it
    report = BeautifulSoup((tmp / "report.html").read_text(encoding="utf-8"), "html.parser")
    cells = report.select('table[data-table="communities"] tbody td[data-col="community"]')
    assert [c.get_text(strip=True) for c in cells] == names
    csv = pd.read_csv(tmp / "report-tables" / "communities.csv")
    assert csv.iloc[:, 1].tolist() == names
    embedded = [f["srcdoc"] for f in report.find_all("iframe") if f.get("srcdoc")]
    actor_map = next(m for m in embedded if "change" not in _read_map(m)[1])
    assert [k for k in _legend(_read_map(actor_map)[0]) if k in names] == names


@pytest.fixture(scope="module")
def anonymised(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("anonymised")
    study = str(sample_dir() / "study.toml")
    _invoke(["map", "--study", study, "--out", str(tmp / "map.html"), "--anonymize"])
    _invoke(
        [
            *("report", "--study", study, "--out", str(tmp / "report.html")),
            *("--null-samples", "0", "--anonymize"),
        ]
    )
    return {"dir": tmp}


@pytest.mark.slow
def test_anonymised_map_and_report_give_each_actor_one_code_and_leak_nothing(anonymised):
    from tramas.graph.anonymize import anonymize_ids
    from tramas.ingest import load

    tmp = anonymised["dir"]
    network = load(study=sample_dir() / "study.toml")
    actors = network.actors
    codes = anonymize_ids(actors, key=network.study.key)
    analysis = analyze(network)
    map_html = (tmp / "map.html").read_text(encoding="utf-8")
    report_html = (tmp / "report.html").read_text(encoding="utf-8")
    _, data = _read_map(map_html)
    report = BeautifulSoup(report_html, "html.parser")
    # the map: one node per actor, named by its code
    degree_field = data["nodeFields"].index("Grado")
    by_code = {n["id"]: n for n in data["nodes"]}
    assert set(by_code) == set(codes.values())
    for actor, code in codes.items():
        node = by_code[code]
        assert node["label"] == code and node["info"][0] == code
        assert float(node["info"][degree_field]) == analysis.actors.loc[actor, "degree"]
    # the report's tables name the same actors by the same codes
    seen = 0
    for row in report.select('table[data-table="top_degree"] tbody tr'):
        code = row.select_one('td[data-col="name"]').get_text(strip=True)
        degree = float(row.select_one('td[data-col="degree"]')["data-value"])
        actor = {c: a for a, c in codes.items()}[code]
        assert degree == analysis.actors.loc[actor, "degree"]
        assert by_code[code]["info"][degree_field] == row.select_one(
            'td[data-col="degree"]'
        ).get_text(strip=True)
        seen += 1
    assert seen >= 5
    # codes look like nothing in the actors table; no id, name or municipality leaks
    assert all(re.fullmatch(r"A-\d{3}", c) for c in codes.values())
    tables = "\n".join(p.read_text(encoding="utf-8") for p in (tmp / "report-tables").glob("*.csv"))
    for text in (map_html, report_html, tables):
        found = set(re.findall(r"\b[A-Z]{1,2}\d{3}\b", text))
        assert not found & set(actors.index), sorted(found & set(actors.index))[:5]
        names = [n for n in actors["name"] if isinstance(n, str) and len(n) > 4]
        assert [n for n in names if n in text] == []
    # the anonymised sub-cluster names: the same in the map and the report, without places
    report_names = pd.read_csv(tmp / "report-tables" / "communities.csv").iloc[:, 1].tolist()
    assert len(set(report_names)) == len(report_names) == 5
    assert [k for k in _legend(_read_map(map_html)[0]) if k in report_names] == report_names
    places = set(actors["municipality"].dropna()) | set(actors["region"].dropna())
    assert not [n for n in report_names if any(p in n for p in places)]
