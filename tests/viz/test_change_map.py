"""Change maps (two waves on one map): statuses, bridges, rings, legend, CLI.

Checked by hand on a small network, against networkx's edge sets, and against
:func:`tramas.metrics.change.compare_waves` on the bundled sample.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import Network, Relation, StudyInfo
from tramas.metrics.change import STATUSES as METRIC_STATUSES
from tramas.metrics.change import compare_waves
from tramas.viz import build_map, write_map
from tramas.viz.change_map import BRIDGE_HALO, STATUS_STYLES
from tramas.viz.change_map import STATUSES as MAP_STATUSES
from tramas.viz.encodings import NO_DATA, NO_SUBCLUSTER

runner = CliRunner()
STATUSES = ("new", "dissolved", "stable")


def two_groups() -> Network:
    """Two triangles in wave 1 (a1 a2 a3 and b1 b2 b3, plus l1–b3); in wave 2 a1–a3 and
    l1–b3 are gone, a3–b1 (a new bridge between the two groups) and n1–a1 (n1 enters:
    no baseline community, so not a bridge) appear.

    new {a3–b1, a1–n1}, dissolved {a1–a3, b3–l1}, stable 5; n1 entered, l1 left.
    Weights: a1–a2 is 1 in wave 1 and 3 in wave 2.
    """
    ids = ["a1", "a2", "a3", "b1", "b2", "b3", "n1", "l1"]
    actors = pd.DataFrame(
        {"name": [f"Firm {i.upper()}" for i in ids], "kind": "firm"},
        index=pd.Index(ids, name="id"),
    )
    wave1 = [("a1", "a2", 1.0), ("a2", "a3", 1.0), ("a1", "a3", 1.0)]
    wave1 += [("b1", "b2", 1.0), ("b2", "b3", 1.0), ("b1", "b3", 1.0), ("l1", "b3", 1.0)]
    wave2 = [("a1", "a2", 3.0), ("a2", "a3", 1.0)]
    wave2 += [("b1", "b2", 1.0), ("b2", "b3", 1.0), ("b1", "b3", 1.0)]
    wave2 += [("a3", "b1", 2.0), ("n1", "a1", 1.0)]
    rows = [(s, t, "1", w) for s, t, w in wave1] + [(s, t, "2", w) for s, t, w in wave2]
    ties = pd.DataFrame(rows, columns=["source", "target", "wave", "weight"])
    ties["relation"] = "cooperation"
    return Network(
        actors,
        ties,
        relations={"cooperation": Relation("cooperation", directed=False, label="Cooperation")},
        study=StudyInfo(key="groups", title="Two groups", lang="en", waves=("1", "2")),
    )


def page_edges(data: dict) -> pd.DataFrame:
    """Drawn edges as actor ids, relation key and status key."""
    ids = [n["id"] for n in data["nodes"]]
    rels = [r["key"] for r in data["relations"]]
    statuses = [s["key"] for s in data["change"]["statuses"]]
    return pd.DataFrame(
        [
            {
                "source": ids[e[0]],
                "target": ids[e[1]],
                "relation": rels[e[2]],
                "status": statuses[c[0]],
                "weight_a": c[1],
                "weight_b": c[2],
                "bridge": bool(c[3]),
            }
            for e, c in zip(data["edges"], data["change"]["edges"], strict=True)
        ]
    )


def key_set(frame: pd.DataFrame, undirected: set[str]) -> set[tuple]:
    out = set()
    for s, t, r, st in zip(
        frame["source"], frame["target"], frame["relation"], frame["status"], strict=True
    ):
        pair = tuple(sorted((s, t))) if r in undirected else (s, t)
        out.add((*pair, r, st))
    return out


def read_page(path: Path) -> tuple[BeautifulSoup, dict]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup, json.loads(soup.find("script", id="tramas-data").string)


@pytest.fixture(scope="module")
def sample_comparison(sample_network):
    return compare_waves(sample_network, "2023", "2025", permutations=0, seed=42)


# ---------------------------------------------------------------------------- by hand
def test_hand_made_change_map_statuses_weights_bridges_and_rings():
    page = build_map(two_groups(), compare=("1", "2"))
    drawn = page_edges(page.data)
    edges = drawn.set_index(
        drawn[["source", "target"]].apply(lambda r: "-".join(sorted(r)), axis=1)
    )
    weights = {
        key: (c[1], c[2]) for key, c in zip(edges.index, page.data["change"]["edges"], strict=True)
    }
    assert edges["status"].to_dict() == {
        "a1-a2": "stable",
        "a2-a3": "stable",
        "b1-b2": "stable",
        "b2-b3": "stable",
        "b1-b3": "stable",
        "a3-b1": "new",
        "a1-n1": "new",
        "a1-a3": "dissolved",
        "b3-l1": "dissolved",
    }
    assert edges["bridge"][edges["bridge"]].index.tolist() == ["a3-b1"]
    assert weights["a1-a2"] == (1.0, 3.0)
    assert weights["a3-b1"] == (None, 2.0)  # null in the page's JSON, shown as "–"
    assert weights["a1-a3"] == (1.0, None)
    # dissolved ties are dashed (column 5), the others not; width follows the shown weight
    dashed = {
        "-".join(sorted((page.data["nodes"][e[0]]["id"], page.data["nodes"][e[1]]["id"])))
        for e in page.data["edges"]
        if e[5] == 1
    }
    assert dashed == {"a1-a3", "b3-l1"}
    nodes = {n["id"]: n for n in page.data["nodes"]}
    assert {i for i, n in nodes.items() if n.get("ring") == "entered"} == {"n1"}
    assert {i for i, n in nodes.items() if n.get("ring") == "left"} == {"l1"}
    # the two groups are two baseline communities; n1 has none
    assert nodes["a1"]["color"] == nodes["a3"]["color"] != nodes["b1"]["color"]
    assert nodes["b1"]["color"] == nodes["l1"]["color"]
    info = dict(zip(page.data["nodeFields"], nodes["n1"]["info"], strict=True))
    assert info["Change"] == "entered in 2"
    assert (info["Partners 1"], info["Partners 2"], info["Partners (either wave)"]) == (
        "0",
        "1",
        "1",
    )
    a1 = dict(zip(page.data["nodeFields"], nodes["a1"]["info"], strict=True))
    assert (a1["Partners 1"], a1["Partners 2"], a1["Partners (either wave)"]) == ("2", "2", "3")
    assert page.data["wave"] == "1 → 2"
    assert page.messages[0] == (
        "Change 1 → 2: 2 new, 2 dissolved and 5 stable ties; 1 new bridge between 1 "
        "sub-clusters; 1 actor entered, 1 left."
    )


def test_statuses_are_the_networkx_edge_set_differences():
    net = two_groups()
    g1 = {frozenset(e) for e in net.view("cooperation", wave="1").to_networkx().edges()}
    g2 = {frozenset(e) for e in net.view("cooperation", wave="2").to_networkx().edges()}
    drawn = page_edges(build_map(net, compare="1,2").data)
    got = {
        st: {frozenset((s, t)) for s, t in zip(part["source"], part["target"], strict=True)}
        for st, part in drawn.groupby("status")
    }
    assert got == {"new": g2 - g1, "dissolved": g1 - g2, "stable": g1 & g2}


def test_legend_explains_the_three_statuses_bridges_and_rings():
    page = build_map(two_groups(), compare=("1", "2"))
    titles = [s.title for s in page.legend]
    assert titles == [
        "Colour: sub-cluster in 1",
        "Size: partners in either wave",
        "Shape",
        "Tie colour: change 1 → 2",
        "Actors",
        "Ties",
    ]
    ties = page.legend[3].entries
    assert [e.label for e in ties] == [
        "new (only in 2)",
        "dissolved (only in 1)",
        "stable (in both waves)",
        "new bridge between 1 sub-clusters",
    ]
    assert [e.color for e in ties[:3]] == [STATUS_STYLES[s]["color"] for s in STATUSES]
    assert [e.dashed for e in ties[:3]] == [False, True, False]
    assert ties[3].halo == BRIDGE_HALO
    assert [(e.label, e.shape) for e in page.legend[4].entries] == [
        ("entered (ties only in 2)", "ring"),
        ("left (ties only in 1)", "ring-dashed"),
    ]
    assert page.legend[0].entries[-1].label == "no sub-cluster"  # n1: no baseline ties
    assert [e.label for e in page.legend[5].entries] == ["width = weight (1 to 3)"]
    assert [s["key"] for s in page.statuses] == list(STATUSES)


def test_change_map_in_spanish_and_its_html(tmp_path):
    result = write_map(two_groups(), tmp_path / "cambio.html", compare=("1", "2"), lang="es")
    soup, data = read_page(result.path)
    legend = soup.select_one("#legend").get_text(" ", strip=True)
    for label in (
        "nuevo (solo en 2)",
        "disuelto (solo en 1)",
        "estable (en ambas olas)",
        "nuevo puente entre subclusters de 1",
        "entró (vínculos solo en 2)",
    ):
        assert label in legend
    boxes = soup.select("#status-filter input")
    assert [b["value"] for b in boxes] == list(STATUSES)
    assert soup.select_one("#status-filter legend").get_text() == "Cambio"
    assert len(soup.select("#relation-filter input")) == 1
    assert data["change"]["fields"]["weight_a"] == "Peso 1"
    assert soup.find("h1").get_text() == "Two groups — cambio 1 → 2"


def test_ego_change_map_takes_neighbours_of_either_wave():
    page = build_map(two_groups(), compare=("1", "2"), ego="a3")
    # a1 is a neighbour through the dissolved tie, b1 through the new one
    assert sorted(n["id"] for n in page.data["nodes"]) == ["a1", "a2", "a3", "b1"]
    assert page.mode == "ego"


def test_community_change_map_counts_ties_between_communities_by_status():
    page = build_map(two_groups(), compare=("1", "2"), community_threshold=3)
    assert page.mode == "community"
    statuses = [s["key"] for s in page.data["change"]["statuses"]]
    by_status: dict[str, int] = {}
    for e, c in zip(page.data["edges"], page.data["change"]["edges"], strict=True):
        by_status[statuses[c[0]]] = by_status.get(statuses[c[0]], 0) + e[7]
    # between communities: a3–b1 (new bridge) and n1–a1 (n1 is in the "no community" node)
    assert by_status == {"new": 2}
    bridges = [c[3] for c in page.data["change"]["edges"]]
    assert sorted(bridges) == [0, 1]
    assert "2 new, 2 dissolved and 5 stable" in " ".join(page.messages)


def test_survey_text_stays_text_in_a_change_map(toy, tmp_path):
    result = write_map(toy, tmp_path / "xss.html", compare=("2023", "2025"))
    html = result.path.read_text(encoding="utf-8")
    soup, data = read_page(result.path)
    assert "<img src=x" not in html and soup.find("img") is None
    assert "<img src=x onerror=alert(1)>" in [n["label"] for n in data["nodes"]]


def test_anonymised_change_map_shows_codes_only(toy, tmp_path):
    result = write_map(
        toy, tmp_path / "anon.html", compare=("2023", "2025"), anonymize=True, anon_key="k"
    )
    html = result.path.read_text(encoding="utf-8")
    for secret in ("Acme", "F-ACME", "Cooperativa", "Tunuy"):
        assert secret not in html
    _, data = read_page(result.path)
    assert sum(1 for n in data["nodes"] if n.get("ring") == "entered") == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"compare": ("2023", "2025"), "wave": "2025"}, "give the waves to compare or one wave"),
        ({"compare": ("2025",)}, "exactly two waves, got 1"),
        ({"compare": "2023,2031"}, "unknown wave '2031'"),
        ({"compare": ("2025", "2025")}, "compare two different waves"),
    ],
)
def test_bad_comparisons_raise_tramas_errors(toy, kwargs, message):
    with pytest.raises(TramasError, match=message):
        build_map(toy, **kwargs)


def test_a_given_comparison_must_match(toy):
    comparison = compare_waves(toy, "2023", "2025", relations=["trade"], permutations=0)
    with pytest.raises(TramasError, match="not in the comparison: knowledge"):
        build_map(toy, comparison=comparison, relation="knowledge")
    with pytest.raises(TramasError, match="the comparison is of waves 2023 and 2025"):
        build_map(toy, comparison=comparison, compare=("2025", "2023"))
    page = build_map(toy, comparison=comparison)
    assert [r["key"] for r in page.data["relations"]] == ["trade"]
    assert page_edges(page.data)["status"].tolist() == ["new", "stable"]


def test_internal_only_comparison_draws_the_cluster_only(toy):
    comparison = compare_waves(toy, "2023", "2025", internal_only=True, permutations=0)
    page = build_map(toy, comparison=comparison)
    assert "X-BUY" not in {n["id"] for n in page.data["nodes"]}
    assert len(page.data["edges"]) == len(comparison.tie_changes) == 5


def test_map_statuses_are_the_comparison_statuses():
    assert MAP_STATUSES == METRIC_STATUSES


# ---------------------------------------------------------------------------- the sample
def test_sample_change_map_counts_equal_the_comparison(sample_network, sample_comparison, tmp_path):
    """Statuses, bridges and rings of the page are compare_waves' own, tie by tie."""
    changes = sample_comparison.tie_changes
    undirected = {r for r, spec in sample_network.relations.items() if not spec.directed}
    result = write_map(sample_network, tmp_path / "change.html", compare=("2023", "2025"))
    _, data = read_page(result.path)
    drawn = page_edges(data)
    assert drawn["status"].value_counts().to_dict() == changes["status"].value_counts().to_dict()
    assert result.n_edges == len(changes) == 606
    assert key_set(drawn, undirected) == key_set(changes, undirected)
    bridges = drawn[drawn["bridge"]]
    # baseline: the 2023 analysis' own sub-clusters (5, as `tramas analyze --wave 2023`)
    assert len(bridges) == sample_comparison.summary["new_bridges"]["count"] == 11
    assert key_set(bridges, undirected) == key_set(changes[changes["bridge"]], undirected)
    people = sample_comparison.summary["actors"]
    rings = {n["id"]: n.get("ring") for n in data["nodes"]}
    assert {i for i, r in rings.items() if r == "entered"} == {a["id"] for a in people["entering"]}
    assert {i for i, r in rings.items() if r == "left"} == {a["id"] for a in people["leaving"]}
    assert result.parameters["compare"] == ("2023", "2025")
    # node colours are the baseline sub-clusters that define the bridges
    colour = {n["id"]: n["color"] for n in data["nodes"]}
    baseline = {n["id"] for n in data["nodes"] if n["color"] not in (NO_DATA, NO_SUBCLUSTER)}
    for row in drawn[drawn["status"] == "new"].itertuples():
        if row.source in baseline and row.target in baseline:
            assert row.bridge == (colour[row.source] != colour[row.target])
    # drawing the finished comparison gives the same page data
    again = build_map(sample_network, comparison=sample_comparison)
    assert again.data["edges"] == data["edges"] and again.data["change"] == data["change"]


def test_sample_change_map_of_one_relation(sample_network, sample_comparison):
    page = build_map(sample_network, compare=("2023", "2025"), relation="cooperation")
    expected = sample_comparison.tie_changes
    expected = expected[expected["relation"] == "cooperation"]["status"].value_counts()
    assert page_edges(page.data)["status"].value_counts().to_dict() == expected.to_dict()


# ---------------------------------------------------------------------------- CLI
@pytest.fixture
def group_files(tmp_path) -> tuple[Path, Path]:
    net = two_groups()
    actors = tmp_path / "actors.csv"
    ties = tmp_path / "ties.csv"
    net.actors.reset_index().to_csv(actors, index=False)
    net.ties[["source", "target", "relation", "wave", "weight"]].to_csv(ties, index=False)
    return actors, ties


@pytest.mark.parametrize("compare", [["--compare", "1", "--compare", "2"], ["--compare", "1,2"]])
def test_cli_map_compare(group_files, tmp_path, compare):
    actors, ties = group_files
    out = tmp_path / "change.html"
    args = ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(out), *compare]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "2 new, 2 dissolved and 5 stable ties" in text and "9 ties" in text
    _, data = read_page(out)
    assert page_edges(data)["status"].value_counts().to_dict() == {
        "stable": 5,
        "new": 2,
        "dissolved": 2,
    }


def test_cli_map_compare_errors_are_one_line(group_files, tmp_path):
    actors, ties = group_files
    base = ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(tmp_path / "m.html")]
    result = runner.invoke(app, [*base, "--compare", "1", "--compare", "2", "--wave", "2"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "drop --wave when using --compare" in result.output
    result = runner.invoke(app, [*base, "--compare", "1,9"])
    assert result.exit_code == 1 and "unknown wave '9'" in result.output


def test_cli_compare_writes_the_change_map(sample_study, tmp_path):
    out = tmp_path / "compare"
    result = runner.invoke(
        app, ["compare", "--study", str(sample_study), "--out", str(out), "--permutations", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "change_map.html" in result.output.replace("\n", "")
    changes = pd.read_csv(out / "tie_changes.csv")
    _, data = read_page(out / "change_map.html")
    drawn = page_edges(data)
    assert drawn["status"].value_counts().to_dict() == changes["status"].value_counts().to_dict()
    assert int(drawn["bridge"].sum()) == int(changes["bridge"].sum())


def test_cli_compare_no_map(group_files, tmp_path):
    actors, ties = group_files
    out = tmp_path / "compare"
    args = ["compare", "--actors", str(actors), "--ties", str(ties), "--out", str(out)]
    result = runner.invoke(app, [*args, "--permutations", "0", "--no-map"])
    assert result.exit_code == 0, result.output
    assert (out / "tie_changes.csv").exists() and not (out / "change_map.html").exists()
