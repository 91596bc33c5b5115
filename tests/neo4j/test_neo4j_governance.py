"""Governance of trade relationships in Neo4j and the two value-chain queries (#15)."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pandas as pd
import pytest

from tramas.graph import Network
from tramas.graph.model import StudyInfo
from tramas.metrics.governance import tie_governance
from tramas.neo4j.prepare import governance_properties, prepare_ties


def expected_ties(net: Network) -> pd.DataFrame:
    """Every trade tie of the network with the governance derived for its wave."""
    trade = net.ties[net.ties["relation"] == "trade"].copy()
    trade["wave"] = trade["wave"].astype("string").fillna("")
    frames = []
    for wave in sorted(set(trade["wave"])):
        gov = tie_governance(net, wave=wave or None)
        frames.append(gov[["source", "target", "governance", "rule"]].assign(wave=wave))
    gov = pd.concat(frames, ignore_index=True)
    merged = trade.merge(gov, on=["source", "target", "wave"], how="left", suffixes=("_stated", ""))
    assert merged["governance"].notna().all()
    return merged


# ------------------------------------------------------------------ without a server
def two_waves() -> Network:
    actors = pd.DataFrame(index=["a", "b", "x"])
    ties = pd.DataFrame(
        {
            "source": ["a", "a", "b", "a"],
            "target": ["x", "x", "x", "b"],
            "relation": ["trade", "trade", "trade", "cooperation"],
            "wave": ["2023", "2025", "2025", "2025"],
            "spec_setter": ["buyer", "joint", "", ""],
            "ownership_link": pd.array([pd.NA, pd.NA, True, pd.NA], dtype="boolean"),
        }
    )
    return Network(actors, ties, study=StudyInfo(key="two", waves=("2023", "2025")))


def test_governance_properties_follow_each_tie_and_its_wave():
    props = governance_properties(two_waves())
    # a->x was quasi-hierarchical in 2023 (buyer specs) and a network in 2025 (joint
    # specs); b->x is in the same group: hierarchy; the cooperation tie has none
    assert props["derived_governance"].tolist() == [
        "quasi_hierarchy",
        "network",
        "hierarchy",
        pd.NA,
    ]
    rules = props["governance_rule"]
    assert rules.iloc[2] == "hierarchy_if_ownership_link"
    assert rules.isna().tolist() == [False, False, False, True]


def test_no_value_chain_evidence_no_properties():
    actors = pd.DataFrame(index=["a", "b"])
    trade_only = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"})
    assert governance_properties(Network(actors, trade_only)) is None
    knowledge = trade_only.assign(relation="knowledge", spec_setter="buyer")
    assert governance_properties(Network(actors, knowledge)) is None


def test_extra_properties_are_sent_but_are_not_study_columns():
    net = two_waves()
    ties = prepare_ties(
        net, {"trade": "TRADE", "cooperation": "COOPERATION"}, extra=governance_properties(net)
    )
    assert {"derived_governance", "governance_rule"} <= set(ties["attr_columns"])
    assert "derived_governance" not in net.ties.columns  # the network is left alone


# ------------------------------------------------------------------ on the server


@pytest.fixture(scope="module")
def loaded(store, sample_network):
    """The sample loaded under a fresh key."""
    key = f"test-governance-{uuid.uuid4().hex[:10]}"
    net = sample_network
    net = Network(
        net.actors.copy(), net.ties.copy(), dict(net.relations), replace(net.study, key=key)
    )
    store.load(net)
    yield key, net
    store.drop(key)


def trade_relationships(store, key: str) -> pd.DataFrame:
    return store.execute(
        "MATCH (a:Actor {study: $study})-[r:TRADE]->(b:Actor) "
        "RETURN a.id AS source, b.id AS target, coalesce(r.wave, '') AS wave, "
        "r.derived_governance AS governance, r.governance_rule AS rule, "
        "r.governance AS stated",
        {"study": key},
    ).to_frame()


@pytest.mark.neo4j
def test_every_trade_relationship_carries_its_derived_governance(store, loaded):
    key, net = loaded
    got = trade_relationships(store, key)
    want = expected_ties(net)
    assert len(got) == len(want) > 0
    key_cols = ["source", "target", "wave", "governance", "rule"]
    got_rows = sorted(map(tuple, got[key_cols].fillna("").astype(str).to_numpy()))
    want_rows = sorted(map(tuple, want[key_cols].fillna("").astype(str).to_numpy()))
    assert got_rows == want_rows
    # the survey's stated governance keeps its property and its values
    stated = want["governance_stated"].astype("string").fillna("")
    assert sorted(got["stated"].fillna("").astype(str)) == sorted(stated.astype(str))
    # other relations carry no derived governance
    others = store.execute(
        "MATCH (a:Actor {study: $study})-[r]->() WHERE type(r) <> 'TRADE' "
        "AND r.derived_governance IS NOT NULL RETURN count(r) AS n",
        {"study": key},
    ).to_frame()
    assert int(others["n"].iloc[0]) == 0


@pytest.mark.neo4j
def test_pull_gives_back_the_loaded_ties(store, loaded):
    key, net = loaded
    pulled = store.pull(key)
    assert list(pulled.ties.columns) == list(net.ties.columns)
    assert "derived_governance" not in pulled.ties.columns
    pd.testing.assert_series_equal(
        pulled.ties["governance"].reset_index(drop=True),
        net.ties["governance"].reset_index(drop=True),
        check_names=False,
    )


@pytest.mark.neo4j
def test_governance_by_market_query(store, loaded):
    key, net = loaded
    want = expected_ties(net)
    market = want["market"].astype("string").fillna("").replace("", "unspecified")
    counts = (
        pd.DataFrame({"market": market, "governance": want["governance"]})
        .value_counts()
        .rename("ties")
        .reset_index()
    )
    counts["share"] = counts["ties"] / counts.groupby("market")["ties"].transform("sum")
    got = store.run_query("governance_by_market", {"study": key}).to_frame()
    got_rows = {(m, g): (n, s) for m, g, n, s in got.itertuples(index=False)}
    want_rows = {
        (m, g): (n, pytest.approx(s))
        for m, g, n, s in counts[["market", "governance", "ties", "share"]].itertuples(index=False)
    }
    assert got_rows == want_rows
    # one wave only
    latest = net.waves[-1]
    got_wave = store.run_query("governance_by_market", {"study": key, "wave": latest}).to_frame()
    assert int(got_wave["ties"].sum()) == int((want["wave"] == latest).sum())


@pytest.mark.neo4j
def test_buyer_suppliers_query(store, loaded):
    key, net = loaded
    want = expected_ties(net)
    external = net.actors.index[~net.actors["internal"].fillna(True).astype(bool)]
    buyer = want.loc[want["target"].isin(external), "target"].value_counts().index[0]
    got = store.run_query("buyer_suppliers", {"study": key, "buyer": buyer}).to_frame()
    mine = want[want["target"] == buyer]
    assert set(got["buyer"]) == {buyer}
    assert sorted(zip(got["supplier"], got["wave"], got["governance"], strict=True)) == sorted(
        zip(mine["source"], mine["wave"], mine["governance"], strict=True)
    )
    # by name too, and every external buyer by default
    name = net.actors.at[buyer, "name"]
    by_name = store.run_query("buyer_suppliers", {"study": key, "buyer": name}).to_frame()
    assert len(by_name) == len(got)
    everyone = store.run_query("buyer_suppliers", {"study": key}).to_frame()
    assert len(everyone) == int(want["target"].isin(external).sum())
