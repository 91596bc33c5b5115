"""Loading, pulling, reloading and dropping studies on a real Neo4j server (never mocked)."""

from __future__ import annotations

import socket
import uuid
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from neo4j import GraphDatabase

from neo4j_fixtures import study_fingerprint
from tramas.exceptions import StoreError
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network
from tramas.neo4j.load import LoadInterrupted
from tramas.neo4j.store import Neo4jStore, pull_network

pytestmark = pytest.mark.neo4j


def rekey(network: Network, key: str) -> Network:
    return Network(
        network.actors.copy(),
        network.ties.copy(),
        dict(network.relations),
        replace(network.study, key=key),
    )


@pytest.fixture
def key(store):
    keys: list[str] = []

    def make(tag: str = "t") -> str:
        keys.append(f"test-{tag}-{uuid.uuid4().hex[:10]}")
        return keys[-1]

    yield make
    for k in keys:
        store.drop(k)


# ---------------------------------------------------------------------- schema
def test_constraints_and_indexes_are_created_idempotently(store):
    first = store.ensure_schema()
    second = store.ensure_schema()
    assert first == second
    assert {
        "tramas_actor_key",
        "tramas_study_key",
        "tramas_wave_key",
        "tramas_relation_key",
        "tramas_community_key",
        "tramas_actor_study",
    } <= set(first)
    rows = store.execute(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "WHERE name = 'tramas_actor_key' RETURN type, labelsOrTypes, properties"
    ).rows
    assert rows == [
        {"type": "UNIQUENESS", "labelsOrTypes": ["Actor"], "properties": ["study", "id"]}
    ]


# ---------------------------------------------------------------------- load / pull
def test_load_then_pull_gives_the_network_of_the_in_memory_ingest(store, sample_network, key):
    net = rekey(sample_network, key("sample"))
    result = store.load(net)
    assert result.actors == len(sample_network.actors) == 118
    assert result.ties == len(sample_network.ties)
    assert sum(result.ties_by_type.values()) == len(sample_network.ties)
    pulled = store.pull(net.study.key)
    # every column, every dtype
    pd.testing.assert_frame_equal(pulled.actors, sample_network.actors)
    pd.testing.assert_frame_equal(pulled.ties, sample_network.ties.reset_index(drop=True))
    # directed, direction, symmetrize, label ...
    assert pulled.relations == sample_network.relations
    assert pulled.study == net.study  # title, lang, waves in order, description
    # analyses agree: the same view from both
    a, b = sample_network.view("knowledge", wave="2023"), pulled.view("knowledge", wave="2023")
    assert sorted(a.edges().itertuples(index=False)) == sorted(b.edges().itertuples(index=False))


def test_labels_and_relationship_types_follow_the_schema(store, sample_network, key):
    net = rekey(sample_network, key("model"))
    store.load(net)
    s = net.study.key
    labels = store.status(s).labels
    kinds = sample_network.actors["kind"].value_counts()
    assert labels["Actor"] == 118
    assert labels["Firm"] == kinds["firm"] and labels["Research"] == kinds["research"]
    assert labels["External"] == int((~sample_network.actors["internal"]).sum())
    assert labels["Study"] == 1 and labels["Wave"] == 2 and labels["Relation"] == 3
    types = store.status(s).types
    for rel, count in sample_network.ties["relation"].value_counts().items():
        assert types[rel.upper()] == count
    tie = sample_network.ties.iloc[0]
    row = store.execute(
        f"MATCH (a:Actor {{study: $s, id: $a}})-[r:{tie['relation'].upper()}]->"
        "(b:Actor {study: $s, id: $b}) WHERE r.wave = $w RETURN properties(r) AS p",
        {"s": s, "a": tie["source"], "b": tie["target"], "w": tie["wave"]},
    ).rows[0]["p"]
    assert row["study"] == s and row["weight"] == tie["weight"]
    assert row["reported_by"] == tie["reported_by"] and row["source_row"] == tie["source_row"]
    assert row["source_file"] == tie["source_file"] and row["orientation"] == tie["orientation"]


def test_reloading_the_same_data_leaves_identical_nodes_relationships_and_properties(
    store, sample_network, key
):
    net = rekey(sample_network, key("idem"))
    first = store.load(net)
    before = study_fingerprint(store, net.study.key)
    again = store.load(net, batch_size=300)
    after = study_fingerprint(store, net.study.key)
    assert set(first.mode.values()) == {"create"} and set(again.mode.values()) == {"merge"}
    assert again.counters.get("nodes_created", 0) == 0
    assert again.counters.get("relationships_created", 0) == 0
    assert before == after
    assert len(before["nodes"]) == 118 + 1 + 2 + 3


def test_an_update_replaces_changed_values_and_removes_missing_ones(store, sample_network, key):
    net = rekey(sample_network, key("upd"))
    store.load(net)
    changed = rekey(sample_network, net.study.key)
    changed.actors.loc["F001", "name"] = "Renamed"
    changed.actors.loc["F001", "sector"] = None
    changed.ties.loc[0, "weight"] = 99.0
    store.load(changed)
    pulled = store.pull(net.study.key)
    assert pulled.actors.loc["F001", "name"] == "Renamed"
    assert pd.isna(pulled.actors.loc["F001", "sector"])
    assert pulled.ties.loc[0, "weight"] == 99.0


def test_hostile_values_are_stored_as_plain_data(store, key):
    s = key("hostile")
    evil = [
        "x'}) MATCH (n) DETACH DELETE n //",
        'quote " and `backtick` and } brace',
        "$study ${study} {{study}}",
        "MATCH (n) DETACH DELETE n",
        "back\\slash\nnew line\ttab — ñandú 漢字",
    ]
    ids = ["a`b", "c}d", "e'f", 'g"h', "$i"]
    actors = pd.DataFrame(
        {"name": evil, "weird `key`}": evil[::-1], "kind": "firm", "internal": True},
        index=pd.Index(ids, name="id"),
    )
    ties = pd.DataFrame(
        {
            "source": ids[:4],
            "target": ids[1:],
            "relation": "trade",
            "wave": ["w`1", "w`1", "2}", "2}"],
            "weight": 1.0,
            "reported_by": ids[:4],
            "evidence": evil[:4],
            "note `}": evil[1:],
        }
    )
    net = Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key=s, title=evil[0]))
    total_before = store.execute("MATCH (n) RETURN count(n) AS n").rows[0]["n"]
    store.load(net)
    store.load(net)
    total_after = store.execute("MATCH (n) RETURN count(n) AS n").rows[0]["n"]
    assert (
        total_after == total_before + 5 + 1 + len(net.waves) + 1
    )  # actors, study, waves, relation
    pulled = store.pull(s)
    pd.testing.assert_frame_equal(pulled.actors, net.actors)
    pd.testing.assert_frame_equal(pulled.ties, net.ties)
    assert pulled.study.title == evil[0]
    found = store.execute(
        "MATCH (a:Actor {study: $s}) WHERE a.name = $n RETURN a.id AS id", {"s": s, "n": evil[0]}
    ).rows
    assert found == [{"id": "a`b"}]


def test_relation_names_outside_the_whitelist_are_refused_before_anything_is_written(store, key):
    s = key("badrel")
    actors = pd.DataFrame({"name": ["A", "B"]}, index=pd.Index(["a", "b"], name="id"))
    bad = "trade]->() DETACH DELETE x //"
    ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": [bad], "wave": "1"})
    net = Network(actors, ties, {bad: Relation(bad)}, StudyInfo(key=s))
    with pytest.raises(StoreError, match="cannot be a Neo4j relationship type"):
        store.load(net)
    assert not store.has_study(s)


def test_studies_with_the_same_actor_ids_do_not_mix_and_drop_removes_only_one(store, key):
    s1, s2 = key("iso1"), key("iso2")
    for s, name in ((s1, "first"), (s2, "second")):
        actors = pd.DataFrame(
            {"name": [f"{name} A", f"{name} B"], "kind": ["firm", "research"]},
            index=pd.Index(["a", "b"], name="id"),
        )
        ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade", "wave": "1"})
        store.load(Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key=s)))
    assert store.pull(s1).actors["name"].tolist() == ["first A", "first B"]
    assert store.pull(s2).actors["name"].tolist() == ["second A", "second B"]
    counts = store.drop(s1)
    assert counts["nodes_deleted"] == 2 + 1 + 1 + 1 and counts["relationships_deleted"] >= 1
    assert not store.has_study(s1)
    assert store.pull(s2).ties[["source", "target"]].values.tolist() == [["a", "b"]]
    with pytest.raises(StoreError, match="no study"):
        store.pull(s1)


def test_pull_of_a_relation_and_wave_subset(store, sample_network, key):
    net = rekey(sample_network, key("subset"))
    store.load(net)
    part = store.pull(net.study.key, relation="knowledge", wave="2023")
    expected = sample_network.ties[
        (sample_network.ties["relation"] == "knowledge") & (sample_network.ties["wave"] == "2023")
    ]
    assert list(part.relations) == ["knowledge"] and part.waves == ("2023",)
    pd.testing.assert_frame_equal(part.ties, expected.reset_index(drop=True))
    assert len(part.actors) == 118
    with pytest.raises(StoreError, match="no wave"):
        store.pull(net.study.key, wave="1999")


def test_a_failed_batch_reports_what_was_loaded_and_resuming_finishes_the_load(store, key):
    s = key("resume")
    rel = f"probe_{uuid.uuid4().hex[:8]}"
    ids = [f"n{i:02d}" for i in range(31)]
    actors = pd.DataFrame({"name": ids}, index=pd.Index(ids, name="id"))
    ties = pd.DataFrame(
        {
            "source": ids[:30],
            "target": ids[1:],
            "relation": rel,
            "wave": "1",
            "source_row": list(range(30)),
        }
    )
    ties.loc[25, "source_row"] = 5  # breaks the constraint below, in the third batch
    net = Network(actors, ties, {rel: Relation(rel)}, StudyInfo(key=s))
    constraint = f"tmp_{rel}"
    store.execute(
        f"CREATE CONSTRAINT {constraint} FOR ()-[r:{rel.upper()}]-() REQUIRE r.source_row IS UNIQUE",
        write=True,
    )
    try:
        with pytest.raises(LoadInterrupted) as info:
            store.load(net, batch_size=10, workers=1)
        exc = info.value
        assert exc.resume_from == 20 and exc.actors_loaded
        assert "Neo4j holds 20 of the 30 ties (counted in the database)" in exc.message
        assert exc.committed == 20 and not exc.cancelled
        n = store.execute(
            f"MATCH (:Actor {{study: $s}})-[r:{rel.upper()}]->() RETURN count(r) AS n", {"s": s}
        ).rows[0]["n"]
        assert n == 20
        with pytest.raises(StoreError, match="incomplete"):
            store.pull(s)
    finally:
        store.execute(f"DROP CONSTRAINT {constraint} IF EXISTS", write=True)
    result = store.load(net, batch_size=10, workers=1, resume_from=20)
    assert result.ties == 30 and result.ties_sent == 10
    pd.testing.assert_frame_equal(store.pull(s).ties, net.ties)


# ---------------------------------------------------------------------- errors
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_wrong_password_is_one_clear_store_error_without_the_password(store, neo4j_uri, neo4j_auth):
    user, password = neo4j_auth
    wrong = password + "-nope-XYZ"
    with pytest.raises(StoreError) as info, Neo4jStore(neo4j_uri, user=user, password=wrong) as s:
        s.connect()
    assert str(info.value) == f"authentication failed for user {user} at {neo4j_uri}"
    assert "NEO4J_PASSWORD" in info.value.hint and wrong not in str(info.value)
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth) as driver:  # reset the failure count
        driver.verify_connectivity()


def test_a_server_that_is_down_is_one_clear_store_error():
    uri = f"bolt://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError) as info:
        pull_network(uri, "anything")
    assert str(info.value) == f"cannot reach Neo4j at {uri}"
    assert "scripts/neo4j-local start" in info.value.hint


def test_an_invalid_uri_is_a_store_error():
    with pytest.raises(StoreError, match="Bolt protocol only") as info:
        Neo4jStore("ftp://example.invalid:7474")
    assert info.value.code == "neo4j_uri_scheme"
    with pytest.raises(StoreError, match="invalid Neo4j URI") as info:
        Neo4jStore("bolt://example.invalid:notaport")
    assert info.value.code == "neo4j_uri_port"


def test_the_store_talks_through_the_official_driver_not_a_tramas_or_test_folder(store):
    # tramas.neo4j and tests/neo4j share the driver's name; `import neo4j` must still be it.
    import neo4j

    package = Path(neo4j.__file__).resolve().parent
    assert package.name == "neo4j"
    assert (package / "_sync" / "driver.py").is_file()
    repo = Path(__file__).resolve().parents[2]
    assert not package.is_relative_to(repo / "src")
    assert not package.is_relative_to(repo / "tests")
    assert isinstance(store._driver, neo4j.Driver)
    assert store.execute("RETURN 1 AS one").rows == [{"one": 1}]
