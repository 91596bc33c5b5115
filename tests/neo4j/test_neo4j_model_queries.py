"""The graph model's whitelist, the named-query headers and the docs, without a server."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import QueryError, StoreError
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network
from tramas.neo4j import schema as gm
from tramas.neo4j.load import LoadInterrupted
from tramas.neo4j.prepare import column_values, prepare_ties
from tramas.neo4j.queries import get_query, list_queries, parse_query, parse_value

DOCS = Path(__file__).resolve().parents[2] / "docs"
REQUIRED_QUERIES = {
    "lead_firms",
    "gatekeepers",
    "knowledge_sources",
    "shortest_paths",
    "isolated_smes",
    "external_linkages",
    "community_ties",
    "cooperation_orientation",
    "actor_ties_by_wave",
    "community_members",
    "institutions_by_reach",
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("knowledge", "KNOWLEDGE"),
        ("cooperation", "COOPERATION"),
        ("joint_export2", "JOINT_EXPORT2"),
    ],
)
def test_relationship_types_are_upper_case_relation_names(name, expected):
    assert gm.relationship_type(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "trade`]->(x) DETACH DELETE x //",
        "a b",
        "1trade",
        "",
        "x" * 41,
        "member_of",  # the model's own type
        "has_wave",
        "comercialización",
    ],
)
def test_relationship_types_outside_the_whitelist_are_refused(name):
    with pytest.raises(StoreError):
        gm.relationship_type(name)


def test_relations_differing_only_in_case_are_refused():
    with pytest.raises(StoreError, match="both map to type TRADE"):
        gm.relationship_types(["trade", "TRADE"])


def test_labels_come_only_from_the_model():
    assert gm.label("Firm") == "`Firm`"
    assert set(gm.KIND_LABELS.values()) == {
        "Firm",
        "Government",
        "Research",
        "Finance",
        "Association",
    }
    for bad in ("Person", "Firm`) DETACH DELETE n //", "firm"):
        with pytest.raises(StoreError):
            gm.label(bad)


@pytest.mark.parametrize("key", ["wine sample", "a:b", "x'}) //", "", "k" * 65])
def test_study_keys_are_validated(key):
    with pytest.raises(StoreError):
        gm.check_study_key(key)


def test_every_constraint_is_idempotent_and_includes_the_study():
    for statement in gm.SCHEMA:
        assert "IF NOT EXISTS" in statement
    actor = next(s for s in gm.SCHEMA if "tramas_actor_key" in s)
    assert "(a.study, a.id) IS UNIQUE" in actor


# ------------------------------------------------------------------ named queries
def test_the_library_has_every_required_query_with_a_header():
    names = {q.name for q in list_queries()}
    assert names >= REQUIRED_QUERIES
    for q in list_queries():
        assert q.title and q.description, q.name
        assert q.params[0].name == "study" and q.params[0].required, q.name
        used = set(re.findall(r"\$([A-Za-z_]\w*)", q.cypher))
        assert used == {p.name for p in q.params}, q.name


def test_binding_converts_text_by_declared_type_and_fills_defaults():
    q = get_query("gatekeepers")
    assert q.bind({"study": "s1"}) == {"study": "s1", "relation": "knowledge", "wave": None}
    assert get_query("lead_firms").bind({"study": "s", "limit": "3"}) == {"study": "s", "limit": 3}
    assert get_query("community_members").bind({"study": "s", "community": 2})["community"] == 2


def test_unknown_missing_and_mistyped_parameters_are_query_errors():
    with pytest.raises(QueryError, match="no parameter 'lmit'"):
        get_query("lead_firms").bind({"study": "s", "lmit": "3"})
    with pytest.raises(QueryError, match="needs the parameter"):
        get_query("knowledge_sources").bind({"study": "s"})
    with pytest.raises(QueryError, match="must be int"):
        get_query("lead_firms").bind({"study": "s", "limit": "ten"})
    with pytest.raises(QueryError, match="no named query"):
        get_query("drop_everything")


def test_values_parse_by_type():
    assert parse_value("2.5", "float") == 2.5
    assert parse_value("no", "bool") is False
    assert parse_value("null", "int") is None
    assert parse_value("F001", "string") == "F001"
    with pytest.raises(QueryError):
        parse_value("maybe", "bool")


def test_malformed_headers_are_refused():
    with pytest.raises(QueryError, match="no description"):
        parse_query("x", "// title: X\n// param: study: string (required)\nRETURN $study")
    with pytest.raises(QueryError, match="bad parameter"):
        parse_query("x", "// title: X\n// description: d\n// param: n: integer = 1\nRETURN $n")
    with pytest.raises(QueryError, match="undeclared"):
        parse_query("x", "// title: X\n// description: d\nRETURN $study")


# ------------------------------------------------------------------ docs
def test_docs_name_every_query_and_every_store_cli_option():
    queries_doc = (DOCS / "queries.md").read_text(encoding="utf-8")
    for q in list_queries():
        assert f"`{q.name}`" in queries_doc, q.name
        for p in q.params:
            assert f"`{p.name}`" in queries_doc, (q.name, p.name)
    graph_doc = (DOCS / "graph-model.md").read_text(encoding="utf-8")
    for word in (
        "Actor",
        "External",
        "Study",
        "Wave",
        "Community",
        "MEMBER_OF",
        "LeadFirm",
        "Gatekeeper",
        "IsolatedSME",
        "study",
    ):
        assert word in graph_doc, word
    import typer.main

    from tramas.cli import app

    group = typer.main.get_command(app)
    for path in (
        ("db", "load"),
        ("db", "pull"),
        ("db", "status"),
        ("db", "drop"),
        ("query",),
        ("cypher",),
    ):
        cmd = group
        for part in path:
            cmd = cmd.commands[part]  # type: ignore[attr-defined]
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in graph_doc + queries_doc, (path, opt)


# ------------------------------------------------------------------ data preparation
def _net(ties: pd.DataFrame, key: str = "t") -> Network:
    actors = pd.DataFrame({"name": ["A", "B", "C"]}, index=pd.Index(["a", "b", "c"], name="id"))
    return Network(actors, ties, {"trade": Relation("trade")}, StudyInfo(key=key, waves=("1",)))


def test_values_become_plain_python_and_missing_values_none():
    s = pd.Series([1.5, np.nan, 3.0])
    assert column_values(s) == [1.5, None, 3.0]
    assert column_values(pd.Series([1, 2], dtype="int64")) == [1, 2]
    assert column_values(pd.Series([1, None], dtype="Int64")) == [1, None]
    assert column_values(pd.Series(["x", None], dtype="str")) == ["x", None]
    assert column_values(pd.Series([True, False])) == [True, False]
    assert all(type(v) in (int, float, bool, str, type(None)) for v in column_values(s))


def test_duplicate_ties_and_unknown_endpoints_are_refused_before_loading():
    dup = pd.DataFrame(
        {"source": ["a", "a"], "target": ["b", "b"], "relation": "trade", "wave": "1"}
    )
    with pytest.raises(StoreError, match="duplicate tie"):
        prepare_ties(_net(dup), {"trade": "TRADE"})
    bad = pd.DataFrame({"source": ["a"], "target": ["zz"], "relation": "trade", "wave": "1"})
    with pytest.raises(StoreError, match="not in the actors table"):
        prepare_ties(_net(bad), {"trade": "TRADE"})
    reserved = pd.DataFrame(
        {"source": ["a"], "target": ["b"], "relation": "trade", "wave": "1", "seq": [9]}
    )
    with pytest.raises(StoreError, match="clash"):
        prepare_ties(_net(reserved), {"trade": "TRADE"})


def test_an_interrupted_load_says_what_was_and_was_not_loaded():
    exc = LoadInterrupted(
        study="s", actors_loaded=True, ties_total=1000, resume_from=400, reason="boom"
    )
    assert "ties 1–400 of 1,000" in exc.message and "not loaded: ties 401–1,000" in exc.message
    assert exc.resume_from == 400
