"""Write-back and every named query on the sample, against answers computed in memory."""

from __future__ import annotations

import uuid
from dataclasses import replace

import networkx as nx
import pandas as pd
import pytest

from tramas.graph.network import Network
from tramas.metrics.analysis import analyze
from tramas.neo4j.queries import list_queries
from tramas.neo4j.schema import KIND_LABELS
from tramas.neo4j.writeback import role_members

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def world(store, sample_network):
    """The sample loaded under a fresh key, analysed, and the analysis written back."""
    net = sample_network
    key = f"test-queries-{uuid.uuid4().hex[:10]}"
    net = Network(
        net.actors.copy(), net.ties.copy(), dict(net.relations), replace(net.study, key=key)
    )
    store.load(net)
    result = analyze(store.pull(key), seed=42, consensus_runs=5)
    store.write_back(key, result)
    yield key, net, result
    store.drop(key)


def run(store, key, name, **params):
    return store.run_query(name, {"study": key, **params}).to_frame()


def graph(net: Network) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(net.actors.index)
    g.add_edges_from(zip(net.ties["source"], net.ties["target"], strict=True))
    return g


# ---------------------------------------------------------------------- write-back
def test_write_back_stores_measures_communities_and_roles(store, world):
    key, net, result = world
    rows = (
        store.execute(
            "MATCH (a:Actor {study: $s}) RETURN a.id AS id, a.degree AS degree, "
            "a.betweenness AS betweenness, a.community AS community, a.cognitive_role AS role, "
            "labels(a) AS labels",
            {"s": key},
        )
        .to_frame()
        .set_index("id")
    )
    actors = result.actors
    assert rows["degree"].to_dict() == actors["degree"].to_dict()
    assert rows["betweenness"].to_dict() == pytest.approx(actors["betweenness"].to_dict())
    assert rows["role"].to_dict() == actors["cognitive_role"].to_dict()
    members = (
        store.execute(
            "MATCH (a:Actor {study: $s})-[:MEMBER_OF]->(c:Community {study: $s}) "
            "RETURN a.id AS id, c.community AS community",
            {"s": key},
        )
        .to_frame()
        .set_index("id")["community"]
    )
    assert members.to_dict() == actors["community"].to_dict()
    n_comm = store.execute("MATCH (c:Community {study: $s}) RETURN count(c) AS n", {"s": key}).rows[
        0
    ]["n"]
    assert n_comm == actors["community"].nunique() == len(result.communities)
    expected = role_members(actors)
    for label, ids in expected.items():
        got = {i for i, labs in rows["labels"].items() if label in labs}
        assert got == set(ids), label
    assert set(expected["Gatekeeper"]) == set(
        actors.index[actors["cognitive_role"] == "gatekeeper"]
    )
    assert set(expected["IsolatedSME"]) == set(actors.index[actors["sme_status"] == "isolated"])
    assert set(expected["LeadFirm"]) == set(actors.index[actors["lead_firm"]])


def test_rerunning_write_back_replaces_the_previous_analysis(store, world):
    key, net, result = world
    trade = analyze(store.pull(key, relation="trade"), seed=1, consensus_runs=3)
    try:
        store.write_back(key, trade, lead_firms=3)
        leads = store.execute(
            "MATCH (a:LeadFirm {study: $s}) RETURN a.id AS id ORDER BY a.lead_firm_rank",
            {"s": key},
        ).rows
        assert [r["id"] for r in leads] == list(
            trade.actors.sort_values("lead_firm_rank").query("lead_firm_rank >= 1").index[:3]
        )
        n_comm = store.execute(
            "MATCH (c:Community {study: $s}) RETURN count(c) AS n", {"s": key}
        ).rows[0]["n"]
        assert n_comm == trade.actors["community"].nunique()
        gk = store.execute(
            "MATCH (a:Gatekeeper {study: $s}) RETURN count(a) AS n", {"s": key}
        ).rows[0]["n"]
        assert gk == int((trade.actors["cognitive_role"] == "gatekeeper").sum())
        members = store.execute(
            "MATCH (a:Actor {study: $s})-[m:MEMBER_OF]->() RETURN count(m) AS n", {"s": key}
        ).rows[0]["n"]
        assert members == len(trade.actors)
    finally:
        store.write_back(key, result)  # the other tests use the first analysis


def test_pull_after_write_back_is_still_the_loaded_network(store, world):
    key, net, _ = world
    pd.testing.assert_frame_equal(store.pull(key).actors, net.actors)


# ---------------------------------------------------------------------- named queries
def test_every_named_query_runs_on_the_sample(store, world):
    key, net, _ = world
    args = {"actor": "F074", "source": "F001", "target": "F074", "community": 1}
    for q in list_queries():
        params = {p.name: args[p.name] for p in q.params if p.required and p.name != "study"}
        frame = run(store, key, q.name, **params)
        assert len(frame) > 0, q.name


def test_lead_firms(store, world):
    key, _, result = world
    got = run(store, key, "lead_firms", limit=10)
    ranked = result.actors[result.actors["lead_firm_rank"] >= 1].sort_values("lead_firm_rank")
    expected = ranked.head(10)
    assert got["id"].tolist() == expected.index.tolist()
    assert got["rank"].tolist() == expected["lead_firm_rank"].tolist()
    assert got["score"].tolist() == pytest.approx(expected["lead_firm_score"].tolist())
    assert got["lead_firm"].tolist() == expected["lead_firm"].tolist()


def test_gatekeepers(store, world):
    key, net, result = world
    got = run(store, key, "gatekeepers")
    internal = net.actors["internal"]
    know = net.ties[net.ties["relation"] == "knowledge"]
    rows = []
    for g in result.actors.index[result.actors["cognitive_role"] == "gatekeeper"]:
        ext = know[(know["target"] == g) & ~know["source"].map(internal)]["source"].nunique()
        loc = know[(know["source"] == g) & know["target"].map(internal)]["target"].nunique()
        rows.append((g, ext, loc))
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    assert (
        list(got[["id", "external_sources", "local_recipients"]].itertuples(index=False, name=None))
        == rows
    )
    one_wave = run(store, key, "gatekeepers", wave="2023")
    assert set(one_wave["id"]) == {r[0] for r in rows}


def test_knowledge_sources(store, world):
    key, net, _ = world
    for actor, wave in (("F074", None), ("F074", "2025"), ("Bodega Tello Estate S.A.", None)):
        got = run(store, key, "knowledge_sources", actor=actor, wave=wave)
        t = net.ties[(net.ties["relation"] == "knowledge") & (net.ties["target"] == "F074")]
        if wave:
            t = t[t["wave"] == wave]
        expected = sorted(zip(t["source"], t["wave"], t["weight"], strict=True))
        assert sorted(zip(got["id"], got["wave"], got["weight"], strict=True)) == expected
        assert got["internal"].tolist() == net.actors.loc[got["id"], "internal"].tolist()
        assert len(got) > 0


def test_shortest_paths(store, world):
    key, net, _ = world
    g = graph(net)
    for a, b in (("F001", "F074"), ("X001", "F010")):
        got = run(store, key, "shortest_paths", source=a, target=b)
        expected = {tuple(p) for p in nx.all_shortest_paths(g, a, b)}
        assert {tuple(ids) for ids in got["ids"]} == expected
        assert set(got["steps"]) == {nx.shortest_path_length(g, a, b)}
    trade = net.ties[net.ties["relation"] == "trade"]
    gt = nx.Graph(list(zip(trade["source"], trade["target"], strict=True)))
    got = run(store, key, "shortest_paths", source="F001", target="F074", relation="trade")
    if nx.has_path(gt, "F001", "F074"):
        assert {tuple(i) for i in got["ids"]} == {
            tuple(p) for p in nx.all_shortest_paths(gt, "F001", "F074")
        }
        assert all(set(r) == {"trade"} for r in got["relations"])


def test_isolated_smes(store, world):
    key, net, result = world
    got = run(store, key, "isolated_smes")
    iso = sorted(result.actors.index[result.actors["sme_status"] == "isolated"])
    assert got["id"].tolist() == iso
    touching = pd.concat([net.ties["source"], net.ties["target"]]).value_counts()
    assert got["ties"].tolist() == [int(touching.get(i, 0)) for i in iso]


def test_external_linkages(store, world):
    key, net, _ = world
    got = run(store, key, "external_linkages")
    internal = net.actors["internal"]
    t = net.ties.copy()
    t["si"], t["ti"] = t["source"].map(internal), t["target"].map(internal)
    t = t[t["si"] != t["ti"]]
    t["inside"] = t["source"].where(t["si"], t["target"])
    t["outside"] = t["target"].where(t["si"], t["source"])
    t["kind"] = t["outside"].map(net.actors["kind"])
    exp = (
        t.groupby(["kind", "relation"])
        .agg(
            ties=("inside", "size"),
            cluster_actors=("inside", "nunique"),
            external_actors=("outside", "nunique"),
        )
        .reset_index()
    )
    assert list(got.itertuples(index=False, name=None)) == list(
        exp.itertuples(index=False, name=None)
    )


def test_community_ties(store, world):
    key, net, result = world
    got = run(store, key, "community_ties")
    comm = result.actors["community"]
    t = net.ties.assign(a=net.ties["source"].map(comm), b=net.ties["target"].map(comm))
    t = t[t["a"] != t["b"]]
    exp = t.groupby(["a", "b", "relation"]).size()
    assert {
        (r.from_community, r.to_community, r.relation): r.ties for r in got.itertuples()
    } == exp.to_dict()
    knowledge_2025 = run(store, key, "community_ties", relation="knowledge", wave="2025")
    k = t[(t["relation"] == "knowledge") & (t["wave"] == "2025")]
    assert knowledge_2025["ties"].sum() == len(k)


def test_cooperation_orientation(store, world):
    key, net, _ = world
    got = run(store, key, "cooperation_orientation")
    c = net.ties[net.ties["relation"] == "cooperation"].copy()
    c["orientation"] = c["orientation"].fillna("unspecified")
    c["pair"] = [tuple(sorted(p)) for p in zip(c["source"], c["target"], strict=True)]
    exp = c.groupby(["wave", "orientation"]).agg(
        reports=("pair", "size"), pairs=("pair", "nunique")
    )
    assert list(got.itertuples(index=False, name=None)) == list(
        exp.reset_index().itertuples(index=False, name=None)
    )
    assert {"horizontal", "vertical"} <= set(got["orientation"])


def test_actor_ties_by_wave(store, world):
    key, net, _ = world
    got = run(store, key, "actor_ties_by_wave", actor="F053")
    t = net.ties[(net.ties["source"] == "F053") | (net.ties["target"] == "F053")]
    exp = sorted(
        (
            w,
            r,
            "out" if s == "F053" else "in",
            d if s == "F053" else s,
            wt,
        )
        for w, r, s, d, wt in zip(
            t["wave"], t["relation"], t["source"], t["target"], t["weight"], strict=True
        )
    )
    assert (
        list(
            got[["wave", "relation", "direction", "partner", "weight"]].itertuples(
                index=False, name=None
            )
        )
        == exp
    )


def test_community_members(store, world):
    key, _, result = world
    got = run(store, key, "community_members", community=1)
    m = result.actors[result.actors["community"] == 1].reset_index()
    m = m.sort_values(["degree", "id"], ascending=[False, True])
    assert got["id"].tolist() == m["id"].tolist()
    assert got["stability"].tolist() == pytest.approx(m["community_stability"].tolist())


def test_institutions_by_reach(store, world):
    key, net, _ = world
    got = run(store, key, "institutions_by_reach")
    g = graph(net)
    firms = set(net.actors.index[net.actors["kind"] == "firm"])
    kinds = set(KIND_LABELS) - {"firm"}
    rows = []
    for i in net.actors.index[net.actors["kind"].isin(kinds)]:
        direct = set(g[i])
        reach = set(nx.single_source_shortest_path_length(g, i, cutoff=2)) - {i}
        rows.append((i, len(direct), len(reach), len(direct & firms), len(reach & firms)))
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    cols = ["id", "direct", "reach", "firms_direct", "firms_reach"]
    assert list(got[cols].itertuples(index=False, name=None)) == rows[:20]


def test_study_overview(store, world):
    key, net, _ = world
    got = run(store, key, "study_overview")
    exp = []
    for (rel, wave), part in net.ties.groupby(["relation", "wave"]):
        exp.append((rel, wave, len(part), len(set(part["source"]) | set(part["target"]))))
    assert list(got.itertuples(index=False, name=None)) == exp


def test_named_query_parameters_out_of_range_fail_before_the_server(store, world):
    from tramas.exceptions import QueryError

    key, _, _ = world
    for limit, code in (
        ("99999999999999999999", "query_parameter_range"),
        (0, "query_parameter_range"),
    ):
        with pytest.raises(QueryError) as caught:
            store.run_query("lead_firms", {"study": key, "limit": limit})
        assert caught.value.code == code
    with pytest.raises(QueryError) as caught:  # ad hoc Cypher: the 64-bit range, no OverflowError
        store.run_cypher("RETURN $n AS n", {"n": 2**64})
    assert caught.value.code == "param_out_of_range"
    assert (
        run(store, key, "lead_firms", limit=10000)["id"].tolist()
        == run(store, key, "lead_firms", limit=500)["id"].tolist()
    )
