"""Gould–Fernandez brokerage: statnet reference counts, hand-checked roles, the null model."""

from __future__ import annotations

import importlib
from itertools import product
from math import comb, sqrt
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.metrics import BROKERAGE_ROLES, brokerage

DATA = Path(__file__).parent / "data"
brokerage_module = importlib.import_module("tramas.metrics.brokerage")


def view_with_groups(edges, groups: dict[str, str], directed: bool = True) -> NetworkView:
    actors = pd.DataFrame({"kind": list(groups.values())}, index=pd.Index(list(groups), name="id"))
    return NetworkView.from_edges(edges, directed=directed, actors=actors)


def by_definition(G: nx.DiGraph, group: dict) -> pd.DataFrame:
    """Brokerage counted straight from Gould & Fernandez's definition (slow, obvious)."""
    rows = {}
    for v in G:
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        for a, b in product(G.predecessors(v), G.successors(v)):
            if a == b or G.has_edge(a, b):
                continue
            ga, gv, gb = group[a], group[v], group[b]
            if ga == gv == gb:
                counts["coordinator"] += 1
            elif ga == gb:
                counts["itinerant"] += 1
            elif gv == gb:
                counts["gatekeeper"] += 1
            elif ga == gv:
                counts["representative"] += 1
            else:
                counts["liaison"] += 1
        counts["total"] = sum(counts.values())
        rows[v] = counts
    return pd.DataFrame.from_dict(rows, orient="index")


# ------------------------------------------------------------------ statnet reference
@pytest.mark.parametrize("k", [1, 2, 3])
def test_raw_counts_equal_sna(k):
    actors = pd.read_csv(DATA / f"random{k}_actors.csv", dtype=str).set_index("id")
    ties = pd.read_csv(DATA / f"random{k}_ties.csv", dtype=str)
    ref = pd.read_csv(DATA / f"random{k}_sna.csv", dtype={"id": str}).set_index("id")
    v = NetworkView.from_frames(actors, ties, directed=True, weighted=False)
    b = brokerage(v, "group")
    cols = ["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"]
    got = b.to_sna("raw")
    assert list(got.columns) == cols
    assert (got.to_numpy() == ref[cols].to_numpy()).all()


# ------------------------------------------------------------------ hand-checked roles
@pytest.mark.parametrize(
    ("ga", "gv", "gb", "role"),
    [
        ("x", "x", "x", "coordinator"),
        ("x", "y", "x", "itinerant"),
        ("y", "x", "x", "gatekeeper"),
        ("x", "x", "y", "representative"),
        ("x", "y", "z", "liaison"),
    ],
)
def test_each_role_on_a_two_step_path(ga, gv, gb, role):
    v = view_with_groups([("a", "v"), ("v", "b")], {"a": ga, "v": gv, "b": gb})
    raw = brokerage(v, "kind").raw
    assert raw.loc["v", role] == 1
    assert raw.loc["v", "total"] == 1
    assert raw.drop(index="v").to_numpy().sum() == 0


def test_closed_and_reciprocal_paths_do_not_count():
    groups = {"a": "x", "v": "y", "b": "x"}
    closed = view_with_groups([("a", "v"), ("v", "b"), ("a", "b")], groups)
    assert brokerage(closed, "kind").raw.loc["v", "total"] == 0
    # b -> a does not close a -> v -> b (the path needs a to reach b)
    reverse = view_with_groups([("a", "v"), ("v", "b"), ("b", "a")], groups)
    raw = brokerage(reverse, "kind").raw
    assert raw.loc["v", "itinerant"] == 1
    # a <-> v: the pair (a, a) is not a brokerage
    mutual = view_with_groups([("a", "v"), ("v", "a")], {"a": "x", "v": "y"})
    assert brokerage(mutual, "kind").raw.to_numpy().sum() == 0


def test_undirected_ties_count_both_ways():
    v = view_with_groups([("a", "v"), ("v", "b")], {"a": "x", "v": "x", "b": "y"}, directed=False)
    raw = brokerage(v, "kind").raw
    # a -> v -> b is representative, b -> v -> a gatekeeper
    assert raw.loc["v"].to_dict() == {
        "coordinator": 0,
        "itinerant": 0,
        "gatekeeper": 1,
        "representative": 1,
        "liaison": 0,
        "total": 2,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_counts_equal_the_definition(seed, monkeypatch):
    G = nx.gnp_random_graph(40, 0.12, seed=seed, directed=True)
    G = nx.relabel_nodes(G, str)
    rng = np.random.default_rng(seed)
    group = {n: str(rng.integers(0, 4)) for n in G}
    v = view_with_groups(list(G.edges), group)
    expected = by_definition(G, group).reindex(v.ids)
    got = brokerage(v, "kind").raw
    assert (got.to_numpy() == expected[got.columns].to_numpy()).all()
    # small blocks (many rounds of the enumeration) give the same counts
    monkeypatch.setattr(brokerage_module, "_BLOCK", 7)
    assert brokerage(v, "kind").raw.equals(got)


def test_groups_from_a_series_missing_values_and_errors():
    v = view_with_groups([("a", "v"), ("v", "b")], {"a": "x", "v": "x", "b": "x"})
    by_series = brokerage(v, pd.Series({"a": "p", "v": "q", "b": "p"}))
    assert by_series.raw.loc["v", "itinerant"] == 1
    # missing values form one group of their own
    actors = pd.DataFrame({"kind": ["x", None, None]}, index=pd.Index(["a", "v", "b"], name="id"))
    miss = NetworkView.from_edges([("a", "v"), ("v", "b")], actors=actors)
    b = brokerage(miss, "kind")
    assert b.groups["v"] == "(missing)"
    assert b.raw.loc["v", "gatekeeper"] == 1
    everyone = brokerage(v, None)
    assert everyone.raw.loc["v", "coordinator"] == 1
    with pytest.raises(TramasError, match="no actor attribute 'sector'"):
        brokerage(v, "sector")


# ------------------------------------------------------------------ null model
def test_expected_values_and_z_scores_follow_sna_formulas():
    # 6 actors: group x = {a, v, b}, group y = {c, d}, group z = {e}
    groups = {"a": "x", "v": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    edges = [("a", "v"), ("v", "b"), ("c", "v"), ("v", "d"), ("e", "c")]
    b = brokerage(view_with_groups(edges, groups), "kind")
    N, m = 6, 5
    d = m / (N * (N - 1))
    q = d * d * (1 - d)
    r = d**3 * (1 - d) ** 3
    n_i, others = 3, [2, 1]
    exp = {
        "coordinator": q * (n_i - 1) * (n_i - 2),
        "itinerant": q * sum(x * (x - 1) for x in others),
        "representative": q * (N - n_i) * (n_i - 1),
        "gatekeeper": q * (N - n_i) * (n_i - 1),
        "liaison": q * (sum(others) ** 2 - sum(x * x for x in others)),
        "total": q * (N - 1) * (N - 2),
    }
    var = {
        "coordinator": exp["coordinator"] * (1 - q) + 2 * (n_i - 1) * (n_i - 2) * (n_i - 3) * r,
        "itinerant": exp["itinerant"] * (1 - q)
        + 2 * sum(x * (x - 1) * (x - 2) for x in others) * r,
        "representative": exp["representative"] * (1 - q)
        + 2 * ((n_i - 1) * comb(N - n_i, 2) + (N - n_i) * comb(n_i - 1, 2)) * r,
        "liaison": exp["liaison"] * (1 - q) + 4 * sum(x * comb(N - x - n_i, 2) for x in others) * r,
        "total": exp["total"] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * r,
    }
    var["gatekeeper"] = var["representative"]
    assert b.density == pytest.approx(d)
    for role, e in exp.items():
        assert b.expected.loc["v", role] == pytest.approx(e)
        assert b.sd.loc["v", role] == pytest.approx(sqrt(var[role]))
        assert b.z.loc["v", role] == pytest.approx((b.raw.loc["v", role] - e) / sqrt(var[role]))
    # a broker alone in its group has no coordinator variance: z undefined (NaN)
    assert np.isnan(b.z.loc["e", "coordinator"])


def test_table_prefixes_columns_for_the_actor_table():
    v = view_with_groups([("a", "v"), ("v", "b")], {"a": "x", "v": "y", "b": "x"})
    t = brokerage(v, "kind").table()
    assert list(t.columns) == [
        "brokerage_coordinator",
        "brokerage_itinerant",
        "brokerage_gatekeeper",
        "brokerage_representative",
        "brokerage_liaison",
        "brokerage_total",
    ]
