"""Wave comparison: tie identity, Jaccard, entering/leaving actors, bridges, outputs, CLI."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import Network, Relation
from tramas.metrics.change import compare_waves, tie_changes

# wave 1 -> 2
#   advice (directed): stable a>b, c>a; dissolved b>c, d>e, h>a; new b>a, e>f
#   coop (undirected): a-b reported by a in 1 and by b in 2 (stable); b-c dissolved;
#                      d-e stable; c-d new; a-g new
TIES = [
    ("a", "b", "advice", "1"),
    ("b", "c", "advice", "1"),
    ("c", "a", "advice", "1"),
    ("d", "e", "advice", "1"),
    ("h", "a", "advice", "1"),
    ("a", "b", "advice", "2"),
    ("c", "a", "advice", "2"),
    ("b", "a", "advice", "2"),
    ("e", "f", "advice", "2"),
    ("a", "b", "coop", "1"),
    ("c", "b", "coop", "1"),
    ("d", "e", "coop", "1"),
    ("b", "a", "coop", "2"),
    ("e", "d", "coop", "2"),
    ("c", "d", "coop", "2"),
    ("g", "a", "coop", "2"),
]
COMMUNITIES = pd.Series(
    {"a": 1, "b": 1, "c": 1, "h": 1, "d": 2, "e": 2, "f": 2, "g": 3}, name="planted"
)


def _network(trade: bool = False) -> Network:
    rows = list(TIES)
    if trade:  # a stable trade clique a, b, c, h in both waves
        pairs = [("a", "c"), ("b", "h"), ("c", "h"), ("a", "h"), ("c", "b")]
        rows += [(s, t, "trade", w) for s, t in pairs for w in ("1", "2")]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave"])
    ties["reported_by"] = ties["source"]
    actors = pd.DataFrame(
        {"name": [f"Firm {c.upper()}" for c in "abcdefgh"]}, index=list("abcdefgh")
    )
    return Network(
        actors=actors,
        ties=ties,
        relations={
            "advice": Relation("advice", directed=True),
            "coop": Relation("coop", directed=False, symmetrize="union"),
            **({"trade": Relation("trade", directed=True)} if trade else {}),
        },
    )


@pytest.fixture(scope="module")
def comparison():
    """The default comparison of the hand-made network, with the planted partition."""
    return compare_waves(_network(), "1", "2", communities=COMMUNITIES, permutations=200)


def _status(changes: pd.DataFrame, relation: str, status: str) -> set[tuple[str, str]]:
    part = changes[(changes["relation"] == relation) & (changes["status"] == status)]
    return set(zip(part["source"], part["target"], strict=True))


def test_tie_changes_by_relation_and_identity():
    changes = tie_changes(_network(), "1", "2")
    assert list(changes.columns[:4]) == ["source", "target", "relation", "status"]
    assert _status(changes, "advice", "stable") == {("a", "b"), ("c", "a")}
    assert _status(changes, "advice", "dissolved") == {("b", "c"), ("d", "e"), ("h", "a")}
    assert _status(changes, "advice", "new") == {("b", "a"), ("e", "f")}  # reverse arc is new
    # undirected: one row per unordered pair, source < target, whoever reported it
    assert _status(changes, "coop", "stable") == {("a", "b"), ("d", "e")}
    assert _status(changes, "coop", "dissolved") == {("b", "c")}
    assert _status(changes, "coop", "new") == {("c", "d"), ("a", "g")}
    assert changes["status"].isin(["new", "dissolved", "stable"]).all()
    new = changes[changes["status"] == "new"]
    assert new["weight_a"].isna().all() and new["weight_b"].notna().all()


def test_summary_counts_jaccard_and_actors(comparison):
    res = comparison
    advice = res.summary["relations"]["advice"]
    assert (advice["new"], advice["dissolved"], advice["stable"]) == (2, 3, 2)
    assert (advice["ties_a"], advice["ties_b"]) == (5, 4)
    assert advice["jaccard"] == pytest.approx(2 / 7)
    coop = res.summary["relations"]["coop"]
    assert coop["jaccard"] == pytest.approx(2 / 5)
    assert coop["directed"] is False
    assert res.summary["all_relations"]["jaccard"] == pytest.approx(4 / 12)
    actors = res.summary["actors"]
    assert [a["id"] for a in actors["entering"]] == ["f", "g"]
    assert [a["id"] for a in actors["leaving"]] == ["h"]
    assert actors["entering"][0]["name"] == "Firm F"
    assert (actors["active_a"], actors["active_b"]) == (6, 7)
    assert advice["reporters_a"] == 5 and advice["reporters_b"] == 4


def test_qap_between_waves_matches_numpy():
    net = _network()
    res = compare_waves(net, "1", "2", permutations=300, seed=3)
    ids = list(net.actors.index)
    mats = []
    for wave in ("1", "2"):
        g = net.view("advice", wave=wave).to_networkx()
        mats.append(nx.to_numpy_array(g, nodelist=ids, weight=None))
    mask = ~np.eye(len(ids), dtype=bool)
    expected = np.corrcoef(mats[0][mask], mats[1][mask])[0, 1]
    qap = res.summary["relations"]["advice"]["qap"]
    assert qap["correlation"] == pytest.approx(expected)
    assert qap["permutations"] == 300 and qap["seed"] == 3
    assert 0 <= qap["p_two_sided"] <= 1


def test_new_bridges_with_given_and_detected_partitions(comparison):
    given = comparison
    bridges = given.tie_changes[given.tie_changes["bridge"]]
    assert set(zip(bridges["source"], bridges["target"], strict=True)) == {("c", "d"), ("a", "g")}
    assert given.summary["new_bridges"]["partition"]["method"] == "given"
    assert given.summary["new_bridges"]["partition"]["name"] == "planted"
    rows = {(t["source"], t["target"]): t for t in given.summary["new_bridges"]["ties"]}
    assert rows[("c", "d")]["community_source"] == 1 and rows[("c", "d")]["community_target"] == 2
    # detected: the analysis of wave 1 (all relations merged, consensus Leiden) finds the
    # clique {a,b,c,h} and the pair {d,e}; g has no baseline tie, so a-g is not a bridge
    detected = compare_waves(_network(trade=True), "1", "2", permutations=0)
    bridges = detected.tie_changes[detected.tie_changes["bridge"]]
    assert set(zip(bridges["source"], bridges["target"], strict=True)) == {("c", "d")}
    part = detected.summary["new_bridges"]["partition"]
    assert part["method"] == "consensus-leiden" and part["wave"] == "1"
    assert part["communities"] == 2  # sub-clusters: communities of two or more actors
    assert part["relations"] == ["advice", "coop", "trade"]


def test_actor_changes_match_networkx_degrees(comparison):
    net = _network()
    res = comparison
    table = res.actor_changes
    for wave, tag in (("1", "a"), ("2", "b")):
        # advice arcs, plus each coop partner once (a tie without direction, issue #12)
        D = net.view("advice", wave=wave).to_networkx()
        U = net.view("coop", wave=wave).to_networkx()
        for actor in table.index:
            assert table.loc[actor, f"degree_{tag}"] == D.degree(actor) + U.degree(actor)
    assert table["degree_change"].equals(table["degree_b"] - table["degree_a"])
    assert table["change_score"].is_monotonic_decreasing
    # score = each measure's |change| over its largest |change|, plus 1 per changed role
    expected = (
        sum(
            table[f"{m}_change"].abs() / table[f"{m}_change"].abs().max()
            for m in ("degree", "betweenness", "pagerank")
        )
        + table["cognitive_role_changed"].astype(float)
        + table["lead_firm_changed"].astype(float)
    )
    pd.testing.assert_series_equal(table["change_score"], expected, check_names=False)
    # roles are those of the analysis of each wave
    from tramas.metrics.analysis import analyze

    for wave, tag in (("1", "a"), ("2", "b")):
        roles = analyze(net, relations=["advice", "coop"], wave=wave).actors
        assert (
            table[f"cognitive_role_{tag}"].tolist()
            == roles.loc[table.index, "cognitive_role"].tolist()
        )
        assert table[f"lead_firm_{tag}"].tolist() == roles.loc[table.index, "lead_firm"].tolist()
    assert table.loc["h", "left"] and table.loc["g", "entered"] and not table.loc["a", "entered"]
    assert set(table.index) == set("abcdefgh")
    assert res.summary["actor_changes"][0]["id"] == table.index[0]


def test_figures_side_by_side_use_metrics_figures(comparison):
    res = comparison
    density = res.summary["figures"]["by_relation"]["advice"]["density"]
    assert density["a"] == pytest.approx(5 / (8 * 7))
    assert density["b"] == pytest.approx(4 / (8 * 7))
    assert density["change"] == pytest.approx(-1 / 56)
    assert res.summary["figures"]["by_relation"]["coop"]["ties"] == {"a": 3, "b": 4, "change": 1.0}
    merged = res.summary["figures"]["all_relations"]
    assert merged["actors"] == {"a": 8, "b": 8, "change": 0.0}
    assert not any(k.startswith("parameters") for k in merged)


def test_restricting_relations_and_errors():
    net = _network()
    res = compare_waves(net, "1", "2", relations="coop", permutations=0)
    assert list(res.summary["relations"]) == ["coop"]
    assert set(res.tie_changes["relation"]) == {"coop"}
    with pytest.raises(TramasError, match="unknown wave '3'"):
        compare_waves(net, "1", "3")
    with pytest.raises(TramasError, match="two different waves"):
        compare_waves(net, "2", "2")
    with pytest.raises(TramasError, match="unknown relation"):
        compare_waves(net, "1", "2", relations=["trade"])


def test_write_outputs(tmp_path, comparison):
    res = comparison
    paths = res.write(tmp_path / "cmp")
    assert [p.name for p in paths] == ["tie_changes.csv", "actor_changes.csv", "summary.json"]
    written = pd.read_csv(paths[0], dtype={"source": str, "target": str})
    assert list(written.columns[:4]) == ["source", "target", "relation", "status"]
    assert len(written) == len(res.tie_changes) == 12
    summary = json.loads(paths[2].read_text(encoding="utf-8"))
    assert summary["wave_a"] == "1" and summary["wave_b"] == "2"
    assert summary["relations"]["advice"]["new"] == 2
    actors = pd.read_csv(paths[1], index_col="id")
    assert "change_score" in actors.columns


def test_cli_compare(tmp_path):
    actors = tmp_path / "actors.csv"
    ties = tmp_path / "ties.csv"
    pd.DataFrame({"id": list("abcdefgh"), "name": [f"Firm {c}" for c in "abcdefgh"]}).to_csv(
        actors, index=False
    )
    pd.DataFrame(TIES, columns=["source", "target", "relation", "wave"]).to_csv(ties, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
            "--wave",
            "1",
            "--wave",
            "2",
            "--out",
            str(out),
            "--permutations",
            "100",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "entering: 2, leaving: 1" in result.output
    changes = pd.read_csv(out / "tie_changes.csv", dtype=str)
    # without a study file every relation is directed: coop b>a in wave 2 is a new arc
    coop_new = changes[(changes["relation"] == "coop") & (changes["status"] == "new")]
    assert {("b", "a"), ("c", "d"), ("g", "a"), ("e", "d")} == set(
        zip(coop_new["source"], coop_new["target"], strict=True)
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["parameters"]["permutations"] == 100
    bad = CliRunner().invoke(
        app,
        ["compare", "--actors", str(actors), "--ties", str(ties), "--wave", "1", "--out", str(out)],
    )
    assert bad.exit_code == 1 and "exactly two waves" in bad.output


# ----------------------------------------------------------------- bundled sample
@pytest.fixture(scope="module")
def sample():
    from tramas.ingest import load
    from tramas.sample import sample_dir

    folder = sample_dir()
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    return load(study=folder / "study.toml"), truth


def test_sample_entering_actors_and_planted_bridge(sample):
    net, truth = sample
    res = compare_waves(net, "2023", "2025", permutations=200)
    entering = [a["id"] for a in res.summary["actors"]["entering"]]
    assert entering == sorted(truth["new_actors"])
    # the new firms gained the most: they lead the ranking of changed actors
    assert set(res.actor_changes.index[:2]) == set(truth["new_actors"])
    bridge = truth["new_bridge"]
    a, b = sorted(bridge["actors"])
    changes = res.tie_changes
    row = changes[
        (changes["relation"] == bridge["relation"])
        & (changes["source"] == a)
        & (changes["target"] == b)
    ]
    assert row["status"].tolist() == ["new"]
    assert bool(row["bridge"].iloc[0])
    for rel, rec in res.summary["relations"].items():
        assert rec["ties_a"] == net.view(rel, wave="2023").n_ties
        assert rec["ties_b"] == net.view(rel, wave="2025").n_ties
        assert 0 < rec["jaccard"] < 1
        assert rec["qap"]["p_greater"] < 0.01  # ties persist: waves strongly correlated


def test_sample_planted_partition_has_one_cooperation_bridge_between_1_and_2(sample):
    net, truth = sample
    planted = pd.Series(truth["communities"], name="planted")
    res = compare_waves(
        net, "2023", "2025", relations="cooperation", communities=planted, permutations=0
    )
    between = [
        (t["source"], t["target"])
        for t in res.summary["new_bridges"]["ties"]
        if {t["community_source"], t["community_target"]} == {1, 2}
    ]
    assert between == [tuple(sorted(truth["new_bridge"]["actors"]))]


def test_relation_missing_in_one_wave_and_internal_only(tmp_path):
    rows = [*TIES, ("a", "x", "trade", "2"), ("b", "x", "trade", "2")]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave"])
    actors = pd.DataFrame({"internal": [True] * 8 + [False]}, index=list("abcdefghx"))
    net = Network(actors=actors, ties=ties)
    res = compare_waves(net, "1", "2", permutations=50)
    trade = res.summary["relations"]["trade"]
    assert (trade["new"], trade["dissolved"], trade["stable"], trade["jaccard"]) == (2, 0, 0, 0.0)
    assert trade["qap"]["correlation"] is None and "undefined" in trade["qap"]["note"]
    assert "x" in [a["id"] for a in res.summary["actors"]["entering"]]
    internal = compare_waves(net, "1", "2", permutations=50, internal_only=True)
    assert internal.summary["relations"]["trade"]["jaccard"] is None  # no internal trade tie
    assert "x" not in internal.actor_changes.index
    assert internal.summary["parameters"]["internal_only"] is True
    path = internal.write(tmp_path)[2]
    assert json.loads(path.read_text(encoding="utf-8"))["relations"]["trade"]["new"] == 0
