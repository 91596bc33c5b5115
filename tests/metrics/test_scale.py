"""Scale mode: each measure against networkx or the full-analysis function, the automatic
switch, the files written, and ``tramas analyze --ties BIG`` end to end (small files)."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.ingest.scale import read_scale_ties, read_subset
from tramas.metrics import (
    SCALE_ACTORS,
    ScaleAnalysisResult,
    analyze,
    analyze_scale,
    betweenness,
    brokerage,
    brokerage_subset,
    choose_scale_mode,
    components,
    degree_table,
    sampled_betweenness,
    scale_leiden,
    structural_holes,
    structural_holes_subset,
)
from tramas.metrics.scale import SCALE_MEASURES


def supply_network(n: int = 400, m: int = 2400, seed: int = 1, weighted: bool = True):
    """Random supplier -> buyer network: four tiers, ties mostly one tier down the chain."""
    rng = np.random.default_rng(seed)
    tier = rng.integers(0, 4, n)
    src = rng.integers(0, n, 3 * m)
    tgt = rng.integers(0, n, 3 * m)
    keep = (tier[tgt] == np.minimum(tier[src] + 1, 3)) | (rng.random(3 * m) < 0.05)
    keep &= src != tgt
    frame = pd.DataFrame({"source": src[keep], "target": tgt[keep]}).drop_duplicates().head(m)
    frame["weight"] = rng.lognormal(3, 1, len(frame)).round(2)
    ids = [f"F{i:04d}" for i in range(n)]
    frame["source"] = [ids[i] for i in frame["source"]]
    frame["target"] = [ids[i] for i in frame["target"]]
    actors = pd.DataFrame(
        {"sector": [f"S{t}" for t in tier], "kind": "firm"}, index=pd.Index(ids, name="id")
    )
    return NetworkView.from_frames(actors, frame, directed=True, weighted=weighted), frame


@pytest.fixture(scope="module")
def net():
    return supply_network()


# ------------------------------------------------------------------ measures
@pytest.mark.parametrize("directed", [True, False])
def test_components_match_networkx(directed):
    v = NetworkView.from_edges(
        [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f"), ("f", "e")],
        directed=directed,
        actors=["a", "b", "c", "d", "e", "f", "g"],
    )
    G = v.to_networkx()
    weak = components(v)
    truth = nx.weakly_connected_components(G) if directed else nx.connected_components(G)
    assert {frozenset(weak.index[weak == c]) for c in weak.unique()} == {
        frozenset(s) for s in truth
    }
    assert weak.value_counts().is_monotonic_decreasing  # 1 = largest
    strong = components(v, "strong")
    truth = nx.strongly_connected_components(G) if directed else nx.connected_components(G)
    assert {frozenset(strong.index[strong == c]) for c in strong.unique()} == {
        frozenset(s) for s in truth
    }


@pytest.mark.parametrize("directed", [True, False])
def test_exact_betweenness_matches_networkx(directed):
    v, frame = supply_network(120, 500, seed=4)
    if not directed:  # one edge per unordered pair, as in networkx's Graph
        pairs = pd.DataFrame(np.sort(frame[["source", "target"]].to_numpy(), axis=1))
        pairs = pairs.drop_duplicates().set_axis(["source", "target"], axis=1)
        v = NetworkView.from_frames(v.actors, pairs, directed=False)
    ours = sampled_betweenness(v, pivots=None)
    theirs = nx.betweenness_centrality(v.to_networkx(), normalized=False)
    np.testing.assert_allclose(ours["betweenness"], [theirs[i] for i in v.ids], atol=1e-9)
    assert (ours["betweenness_se"] == 0).all()


def test_sampled_betweenness_uses_the_pivots_of_the_full_analysis(net):
    v, _ = net
    ours = sampled_betweenness(v, pivots=40, batches=8, seed=7)
    full = betweenness(v, pivots=40, seed=7)
    np.testing.assert_allclose(ours["betweenness"], full, rtol=1e-12)


def test_sampled_betweenness_standard_error_covers_the_truth():
    v, _ = supply_network(1000, 5000, seed=9)
    exact = sampled_betweenness(v, pivots=None)["betweenness"]
    est = sampled_betweenness(v, pivots=200, batches=10, seed=3)
    top = exact.nlargest(100).index
    err = (est.loc[top, "betweenness"] - exact[top]).abs()
    covered = (err <= 3 * est.loc[top, "betweenness_se"]).mean()
    assert covered >= 0.85
    # and the estimate ranks the top brokers as the exact values do
    assert est.loc[top, "betweenness"].corr(exact[top], method="spearman") > 0.7


def test_leiden_counts_each_tie_like_the_collapsed_network():
    # reciprocated ties with weights: modularity on the undirected multigraph equals
    # networkx's modularity on the collapsed graph with summed weights
    edges = [
        ("a", "b", 2.0),
        ("b", "a", 1.0),
        ("b", "c", 1.0),
        ("c", "a", 3.0),
        ("d", "e", 2.0),
        ("e", "f", 1.0),
        ("f", "d", 1.0),
        ("f", "e", 4.0),
        ("c", "d", 0.5),
    ]
    v = NetworkView.from_edges(edges)
    comm = scale_leiden(v, seed=1)
    assert comm.membership.to_dict() == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2}
    collapsed = nx.Graph()
    for s, t, w in edges:
        old = collapsed.get_edge_data(s, t, {"weight": 0.0})["weight"]
        collapsed.add_edge(s, t, weight=old + w)
    q = nx.community.modularity(collapsed, [{"a", "b", "c"}, {"d", "e", "f"}], weight="weight")
    assert comm.modularity == pytest.approx(q)
    assert comm.parameters["n_iterations"] == 2 and comm.parameters["objective"] == "modularity"


# ------------------------------------------------------------------ subsets
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [True, False])
def test_subset_measures_equal_the_full_ones(directed, weighted):
    v, frame = supply_network(150, 700, seed=2, weighted=weighted)
    if not directed:
        canon = np.sort(frame[["source", "target"]].to_numpy(), axis=1)
        frame = frame.assign(source=canon[:, 0], target=canon[:, 1])
        frame = frame.drop_duplicates(["source", "target"])
        v = NetworkView.from_frames(v.actors, frame, directed=False, weighted=weighted)
    ids = list(v.ids[::7]) + ["F0003"]
    full = structural_holes(v).loc[ids]
    part = structural_holes_subset(v, ids)
    np.testing.assert_allclose(part.to_numpy(), full.to_numpy(), rtol=1e-10)
    raw = brokerage(v, "sector").table().loc[ids]
    ours = brokerage_subset(v, ids, "sector")
    pd.testing.assert_frame_equal(ours[raw.columns], raw, check_dtype=False)


def test_subset_unknown_id():
    v = NetworkView.from_edges([("a", "b")])
    with pytest.raises(TramasError, match="not in the network: 'zz'"):
        structural_holes_subset(v, ["a", "zz"])


def test_read_subset_file_and_list(tmp_path):
    (tmp_path / "ids.txt").write_text("id\nF1\nF2\n\n")
    assert read_subset(tmp_path / "ids.txt") == ["F1", "F2"]
    (tmp_path / "ids.csv").write_text("id,name\nF3,Three\nF4,Four\n")
    assert read_subset(str(tmp_path / "ids.csv")) == ["F3", "F4"]
    assert read_subset("F5,F6") == ["F5", "F6"]


# ------------------------------------------------------------------ analyze_scale
def test_analyze_scale_columns_equal_the_measures(net):
    v, _ = net
    r = analyze_scale(v, pivots=50, subset=v.ids[:10], groups="sector")
    assert isinstance(r, ScaleAnalysisResult)
    a = r.actors
    pd.testing.assert_frame_equal(a[degree_table(v).columns], degree_table(v), check_dtype=False)
    G = v.to_networkx()
    pr = nx.pagerank(G, weight="weight", tol=1e-12)
    np.testing.assert_allclose(a["pagerank"], [pr[i] for i in v.ids], atol=1e-6)
    core = nx.core_number(G)  # a directed graph's cores count in- plus out-ties
    assert a["coreness"].to_dict() == core
    assert a["downstreamness"].min() == pytest.approx(0.0)
    assert a.loc[v.ids[:10], "constraint"].notna().all()
    assert a.loc[v.ids[10:], "constraint"].isna().all()
    assert a["brokerage_total"].dtype == "Int64"
    assert set(SCALE_MEASURES) <= set(r.methods) and "subset" in r.methods
    assert "from 50 random source actors" in r.methods["betweenness"]
    assert "n/k = 8;" in r.methods["betweenness"]
    assert r.figures["mode"] == "scale"
    assert r.figures["communities"]["count"] == a["community"].nunique()
    assert r.communities["size"].sum() == len(a)
    assert r.communities["size"].is_monotonic_decreasing


def test_analyze_scale_states_what_is_not_computed_in_spanish(net):
    v, _ = net
    r = analyze_scale(v, measures=["degree"], lang="es")
    assert r.methods["degree"].startswith("exacto")
    assert "--subset" in r.methods["brokerage"]
    assert "closeness" in r.methods["not_computed"]
    assert list(r.actors.columns[:2]) == ["sector", "kind"]
    with pytest.raises(TramasError, match="unknown measure"):
        analyze_scale(v, measures=["closeness"])


def test_analyze_switches_to_scale_mode_above_the_limit():
    ids = [f"A{i}" for i in range(SCALE_ACTORS + 1)]
    v = NetworkView.from_frames(ids, pd.DataFrame({"source": ["A1"], "target": ["A2"]}))
    assert choose_scale_mode(v)
    r = analyze(v)
    assert isinstance(r, ScaleAnalysisResult)
    assert "above the limits of the full analysis" in r.methods["mode"]
    assert r.actors["degree"].sum() == 2


def test_analyze_can_force_scale_mode(net):
    v, _ = net
    assert not choose_scale_mode(v) and choose_scale_mode(v, scale=True)
    r = analyze(v, scale=True, pivots=30)
    assert r.figures["mode"] == "scale" and "requested" in r.methods["mode"]
    assert not isinstance(analyze(v, scale=False, consensus_runs=2), ScaleAnalysisResult)


def test_write_files_and_skip_the_workbook(tmp_path, net):
    v, _ = net
    r = analyze_scale(v, pivots=20)
    paths = r.write(tmp_path / "all")
    assert [p.name for p in paths] == [
        "actors.parquet",
        "actors.csv",
        "communities.csv",
        "network.json",
        "tramas-analysis.xlsx",
    ]
    back = pq.read_table(paths[0]).to_pandas().set_index("id")
    pd.testing.assert_frame_equal(back, r.actors, check_dtype=False)
    csv = pd.read_csv(paths[1], index_col="id")
    np.testing.assert_allclose(csv["pagerank"], r.actors["pagerank"])
    paths = r.write(tmp_path / "big", xlsx_limit=100)
    assert "tramas-analysis.xlsx" not in [p.name for p in paths]
    figures = json.loads((tmp_path / "big" / "network.json").read_text())
    assert "Excel" in figures["files"]["skipped"]["tramas-analysis.xlsx"]
    assert figures["methods"]["betweenness"] == r.methods["betweenness"]


# ------------------------------------------------------------------ files and CLI
def write_ties(tmp_path, frame: pd.DataFrame, name: str = "ties.parquet"):
    path = tmp_path / name
    out = frame.rename(columns={"source": "proveedor", "target": "destino", "weight": "valor"})
    out = out.rename(columns={"proveedor": "origen"})
    if name.endswith(".parquet"):
        out.to_parquet(path, index=False)
    else:
        out.to_csv(path, index=False)
    return path


def test_ingest_fast_weight_parsing_and_duplicates(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text('source,target,weight\na,b,"2,5"\na,b,1\nb,c,\nc,d,7\nd,a,x\n')
    view, report = read_scale_ties(p)
    w = view.edges().set_index(["source", "target"])["weight"].to_dict()
    assert w == {("a", "b"): 2.5, ("b", "c"): 1.0, ("c", "d"): 7.0}
    assert (report.merged, report.n_rejected, report.loaded) == (1, 1, 3)


def test_cli_analyze_scale_file(tmp_path, net):
    _, frame = net
    path = write_ties(tmp_path, frame)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            "--ties",
            str(path),
            "--out",
            str(out),
            "--pivots",
            "25",
            "--subset",
            "F0001,F0002",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "scale mode" in result.output and "How each figure was made" in result.output
    figures = json.loads((out / "network.json").read_text())
    assert figures["mode"] == "scale"
    assert figures["load"]["loaded"] == len(frame)
    assert figures["betweenness"]["pivots"] == 25
    actors = pd.read_parquet(out / "actors.parquet").set_index("id")
    assert actors.loc["F0001", "constraint"] == pytest.approx(
        structural_holes(net[0]).loc["F0001", "constraint"]
    )
    assert int(actors["outdegree"].sum()) == len(frame)


def test_cli_analyze_scale_csv_forced_with_actors_and_errors(tmp_path, net):
    v, frame = net
    path = write_ties(tmp_path, frame.head(300), "ties.csv")
    actors = v.actors.reset_index()
    actors.to_csv(tmp_path / "actors.csv", index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "analyze", "--ties", str(path), "--actors", str(tmp_path / "actors.csv"),
            "--scale", "--out", str(out), "--lang", "es", "--subset", "F0001",
            "--groups", "sector",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads((out / "network.json").read_text())
    assert figures["actors"] == len(v.ids)  # every actor of the table, isolates included
    assert (
        figures["methods"]["subset"].startswith("exacto")
        and "'sector'" in figures["methods"]["subset"]
    )
    # --large: the deprecated alias of --scale; --wave selects as in the survey path
    bad = CliRunner().invoke(app, ["analyze", "--ties", str(path), "--large", "--wave", "2024"])
    assert bad.exit_code == 1 and "unknown wave '2024'" in bad.output
