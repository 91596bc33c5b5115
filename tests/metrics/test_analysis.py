"""analyze(): every column filled, the files it writes, graceful degradation, input errors."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from tramas.exceptions import TramasError
from tramas.graph import Network, NetworkView, Relation
from tramas.metrics import EXTRA_COLUMNS, MEASURE_COLUMNS, analyze


def small_network() -> Network:
    rng = np.random.default_rng(0)
    ids = [f"F{i:02d}" for i in range(24)] + ["U1", "X1"]
    actors = pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(24)] + ['=HYPERLINK("x")', "<b>Buyer</b>"],
            "kind": ["firm"] * 24 + ["research", "firm"],
            "internal": [True] * 25 + [False],
            "size": rng.choice(["micro", "small", "medium", "large"], 26),
            "ownership": rng.choice(["local", "national", "foreign"], 26),
            "sector": rng.choice(["wine", "olive"], 26),
            "municipality": rng.choice(["A", "B"], 26),
            "founded": rng.integers(1950, 2020, 26),
        },
        index=pd.Index(ids, name="id"),
    )
    rows = []
    for rel in ("knowledge", "cooperation", "trade"):
        for wave in ("2023", "2025"):
            for _ in range(40):
                a, b = rng.choice(ids[:-1] if rel == "cooperation" else ids, 2, replace=False)
                rows.append(
                    dict(
                        source=a,
                        target=b,
                        relation=rel,
                        wave=wave,
                        weight=float(rng.integers(1, 4)),
                        orientation=rng.choice(["horizontal", "vertical"])
                        if rel == "cooperation"
                        else None,
                    )
                )
    ties = pd.DataFrame(rows).drop_duplicates(["source", "target", "relation", "wave"])
    rels = {
        "knowledge": Relation("knowledge"),
        "cooperation": Relation("cooperation", directed=False),
        "trade": Relation("trade"),
    }
    return Network(actors, ties, relations=rels)


@pytest.fixture(scope="module")
def result():
    return analyze(small_network(), consensus_runs=5)


def test_actor_table_has_every_column_filled(result):
    a = result.actors
    assert a.index.name == "id"
    assert list(a.columns[:2]) == ["name", "kind"]
    # the attributes in table order (Network adds "respondent"), then the measures
    attrs = ["internal", "size", "ownership", "sector", "municipality", "founded", "respondent"]
    assert list(a.columns[2:9]) == attrs
    assert list(a.columns[9:]) == [*MEASURE_COLUMNS, *EXTRA_COLUMNS]
    measures = a[[*MEASURE_COLUMNS, *EXTRA_COLUMNS]]
    assert not measures.isna().any().any()
    assert len(a) == 26
    assert a["lead_firm_rank"].is_unique
    assert set(a["cognitive_role"]) <= {
        "gatekeeper",
        "mutual_exchanger",
        "source",
        "absorber",
        "external_star",
        "isolated",
        "external",
    }
    assert a.loc["X1", "cognitive_role"] == "external"


def test_measures_agree_with_the_functions_on_the_same_view(result):
    view = result.view
    G = view.to_networkx()
    a = result.actors
    assert result.parameters["wave"] == "2025"  # latest wave by default
    assert view.relations == ("knowledge", "cooperation", "trade")
    bet = nx.betweenness_centrality(G, normalized=False)
    np.testing.assert_allclose(a["betweenness"], pd.Series(bet).reindex(a.index), atol=1e-9)
    pr = nx.pagerank(G, weight="weight", tol=1e-12)
    np.testing.assert_allclose(a["pagerank"], pd.Series(pr).reindex(a.index), atol=1e-7)
    # a cooperation tie (no direction) counts once in the degree and in neither in- nor
    # out-degree, which count the knowledge and trade arcs (issue #12)
    directed = small_network().view(["knowledge", "trade"], wave="2025").to_networkx()
    coop = small_network().view("cooperation", wave="2025").to_networkx()
    assert a["indegree"].to_dict() == dict(directed.in_degree())
    assert a["outdegree"].to_dict() == dict(directed.out_degree())
    partners = pd.Series(dict(coop.degree())).reindex(a.index)
    assert (a["degree"] == a["indegree"] + a["outdegree"] + partners).all()
    assert a["community"].min() == 1
    sizes = a["community"].value_counts()
    assert sizes.loc[1] == sizes.max()
    comm = result.communities.set_index("community")
    assert comm["size"].to_dict() == sizes.to_dict()


def test_figures_are_json_safe_and_summarise_every_part(result):
    f = result.figures
    json.dumps(f)
    for key in (
        "actors",
        "ties",
        "density",
        "reciprocity",
        "transitivity",
        "components",
        "largest_component_share",
        "isolates",
        "avg_path_length",
        "diameter",
        "centralization_degree",
        "centralization_betweenness",
        "degree_assortativity",
        "attribute_assortativity",
        "ei_index",
        "external_tie_share",
        "cooperation",
        "communities",
        "core_periphery",
        "brokerage",
        "lead_firms",
        "cognitive_roles",
        "smes",
        "parameters",
        "approximations",
    ):
        assert key in f, key
    assert set(f["attribute_assortativity"]) == {
        "kind",
        "size",
        "ownership",
        "sector",
        "municipality",
    }
    assert (
        f["cooperation"]["total"] == f["cooperation"]["horizontal"] + f["cooperation"]["vertical"]
    )
    assert f["brokerage"]["totals"]["total"] == int(result.actors["brokerage_total"].sum())
    assert f["approximations"] == []
    assert f["communities"]["agreement"]["sector"]["n"] == 26


def test_write_produces_the_four_files(result, tmp_path):
    paths = result.write(tmp_path / "out")
    assert [p.name for p in paths] == [
        "actors.csv",
        "communities.csv",
        "network.json",
        "tramas-analysis.xlsx",
    ]
    csv = pd.read_csv(paths[0], dtype={"id": str})
    assert list(csv.columns[:3]) == ["id", "name", "kind"]
    # the measures, with each reason in words just before its code
    expected = []
    for col in (*MEASURE_COLUMNS, *EXTRA_COLUMNS):
        if col.endswith("_reason_code"):
            expected.append(col.removesuffix("_code"))
        expected.append(col)
    assert list(csv.columns[-len(expected) :]) == expected
    assert not csv[list(MEASURE_COLUMNS)].isna().any().any()
    assert not csv[["lead_firm_reason", "role_reason", "sme_reason"]].isna().any().any()
    assert csv.loc[csv["id"] == "X1", "name"].item() == "<b>Buyer</b>"
    # a name a spreadsheet would run as a formula gets a leading ' in CSV
    assert csv.loc[csv["id"] == "U1", "name"].item() == """'=HYPERLINK("x")"""
    assert len(pd.read_csv(paths[1])) == result.figures["communities"]["count"]
    assert json.loads(paths[2].read_text(encoding="utf-8"))["actors"] == 26
    wb = load_workbook(paths[3])
    assert wb.sheetnames == ["actors", "communities", "network", "lead_firms", "policy_targets"]
    ws = wb["actors"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "name", "kind"]
    names = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    # survey text that looks like a formula stays text
    assert names["U1"].value == '=HYPERLINK("x")'
    assert names["U1"].data_type == "s" and names["U1"].quotePrefix
    net_rows = {r[0].value: r[1].value for r in wb["network"].iter_rows(min_row=2)}
    assert net_rows["actors"] == 26
    assert net_rows["communities.method"] == "consensus-leiden"


def test_relations_wave_groups_and_undirected_options():
    net = small_network()
    r = analyze(
        net,
        relations="knowledge",
        wave="2023",
        groups="sector",
        undirected=True,
        weight=None,
        consensus_runs=3,
    )
    assert r.view.relations == ("knowledge",)
    assert r.view.wave == "2023"
    assert not r.view.directed and not r.view.weighted
    assert r.figures["brokerage"]["groups"] == "sector"
    assert (r.actors["indegree"] == r.actors["degree"]).all()
    assert (r.actors["instrength"] == r.actors["degree"]).all()
    c = analyze(net, groups="community", consensus_runs=3)
    assert c.brokerage_result.attribute == "community"
    all_waves = analyze(net, wave="all", consensus_runs=3)
    assert all_waves.figures["ties"] >= analyze(net, wave="2025", consensus_runs=3).figures["ties"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"relations": ["advice"]}, "unknown relation"),
        ({"wave": "1999"}, "unknown wave"),
        ({"weight": "strength"}, "no tie column 'strength'"),
        ({"groups": "color"}, "no actor attribute 'color'"),
    ],
)
def test_input_errors_are_tramas_errors(kwargs, message):
    with pytest.raises(TramasError, match=message):
        analyze(small_network(), consensus_runs=2, **kwargs)


def test_a_bare_view_without_attributes_is_analysed():
    G = nx.gnp_random_graph(30, 0.1, seed=1, directed=True)
    v = NetworkView.from_edges([(str(a), str(b)) for a, b in G.edges], actors=[str(i) for i in G])
    r = analyze(v, consensus_runs=3)
    a = r.actors
    assert a["name"].tolist() == a.index.tolist()  # names default to ids
    assert set(a["kind"]) == {"firm"}
    assert not a[list(MEASURE_COLUMNS)].isna().any().any()
    assert set(r.lead_firm_result.substituted) == {"knowledge_out", "trade_pagerank"}
    assert "vertical_ties" in r.lead_firm_result.unavailable


def test_large_networks_use_documented_estimates():
    G = nx.gnp_random_graph(300, 0.02, seed=2, directed=True)
    v = NetworkView.from_edges([(str(a), str(b)) for a, b in G.edges], actors=[str(i) for i in G])
    r = analyze(v, exact_limit=100, pivots=120, consensus_runs=8)
    assert r.parameters["pivots"] == 120
    assert r.parameters["consensus_runs"] == 5
    assert r.figures["paths_estimated"] is True
    assert len(r.figures["approximations"]) == 3
    assert not r.actors[list(MEASURE_COLUMNS)].isna().any().any()
    exact = analyze(v, consensus_runs=3)
    assert np.corrcoef(exact.actors["betweenness"], r.actors["betweenness"])[0, 1] > 0.8


def test_progress_is_reported_step_by_step():
    calls = []
    analyze(small_network(), consensus_runs=2, progress=lambda s, d, t: calls.append((s, d, t)))
    assert calls[0] == ("degree", 0, 9)
    assert calls[-1] == ("done", 9, 9)
    assert [d for _, d, _ in calls] == list(range(10))


def test_an_attribute_named_like_a_measure_is_kept_under_another_name():
    actors = pd.DataFrame({"degree": ["PhD", "MSc", "BSc"]}, index=pd.Index(list("abc"), name="id"))
    v = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=actors)
    a = analyze(v, consensus_runs=2).actors
    assert a["degree_attribute"].tolist() == ["PhD", "MSc", "BSc"]
    assert a["degree"].tolist() == [1, 2, 1]
