"""The community-aware force layout: groups apart, isolates in a band, room for labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import pdist

from tramas.graph.network import NetworkView
from tramas.viz.layout import NODE_GAP, community_layout, force_layout, layout_positions


def _view(ids, pairs):
    ties = pd.DataFrame(pairs, columns=["source", "target"]).assign(weight=1.0)
    return NetworkView.from_frames(list(ids), ties, directed=False)


def _three_groups():
    """Three cliques of eight (g0, g1, g2) in a chain by one tie each, two isolates."""
    ids, pairs, groups = [], [], {}
    for g in range(3):
        members = [f"g{g}_{k}" for k in range(8)]
        ids += members
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        groups.update(dict.fromkeys(members, g))
    pairs += [("g0_0", "g1_0"), ("g1_1", "g2_1")]
    ids += ["z_iso", "a_iso"]
    groups.update({"z_iso": 0, "a_iso": np.nan})
    return _view(ids, pairs), pd.Series(groups, dtype=float)


def _distances(pos, groups, ids):
    xy = pos.loc[ids, ["x", "y"]].to_numpy()
    g = groups.reindex(ids).to_numpy()
    same = np.equal.outer(g, g)[np.triu_indices(len(ids), 1)]
    d = pdist(xy)
    return d[same].mean(), d[~same].mean()


def test_groups_are_drawn_apart():
    view, groups = _three_groups()
    pos = force_layout(view, seed=3, groups=groups)
    tied = [i for i in view.ids if not i.endswith("iso")]
    intra, inter = _distances(pos, groups, tied)
    assert intra < inter / 2, (intra, inter)


def test_isolates_sit_in_one_band_below_sorted_by_group_then_id():
    view, groups = _three_groups()
    pos = force_layout(view, seed=3, groups=groups)
    tied_bottom = pos.drop(["z_iso", "a_iso"])["y"].max()
    assert pos.at["z_iso", "y"] == pos.at["a_iso", "y"] > tied_bottom
    # z_iso belongs to group 0, a_iso to none: the group comes first
    assert pos.at["z_iso", "x"] < pos.at["a_iso", "x"]


def test_same_seed_same_positions_other_seed_other_positions():
    view, groups = _three_groups()
    a = force_layout(view, seed=5, groups=groups)
    pd.testing.assert_frame_equal(a, force_layout(view, seed=5, groups=groups))
    assert not a.equals(force_layout(view, seed=6, groups=groups))


def test_actors_keep_room_for_labels():
    view, groups = _three_groups()
    pos = force_layout(view, seed=3, groups=groups)
    assert pdist(pos[["x", "y"]].to_numpy()).min() >= NODE_GAP * 0.95


def test_without_groups_communities_of_the_ties_are_found():
    # two cliques of six joined by one tie: Louvain finds them and draws them apart
    left = [f"l{k}" for k in range(6)]
    right = [f"r{k}" for k in range(6)]
    pairs = [(a, b) for side in (left, right) for i, a in enumerate(side) for b in side[i + 1 :]]
    view = _view(left + right, [*pairs, ("l0", "r0")])
    pos = force_layout(view, seed=1)
    truth = pd.Series([0] * 6 + [1] * 6, index=left + right)
    intra, inter = _distances(pos, truth, left + right)
    assert intra < inter / 2, (intra, inter)


def test_an_actor_in_no_group_sits_between_its_partners():
    view, groups = _three_groups()
    ids = list(view.ids)
    ties = pd.DataFrame(view.graph.get_edgelist(), columns=["a", "b"])
    pairs = [(ids[a], ids[b]) for a, b in zip(ties["a"], ties["b"], strict=True)]
    pairs += [("loose", "g0_3"), ("loose", "g1_3")]
    view = _view([*ids, "loose"], pairs)
    pos = force_layout(view, seed=3, groups=groups)
    centre = {g: pos.loc[[f"g{g}_{k}" for k in range(8)], ["x", "y"]].mean() for g in range(3)}
    here = pos.loc["loose", ["x", "y"]]
    to = {g: float(np.hypot(*(here - centre[g]))) for g in range(3)}
    assert max(to[0], to[1]) < float(np.hypot(*(centre[0] - centre[2])))
    assert to[2] > min(to[0], to[1])


def test_community_layout_is_the_grouped_force_layout():
    view, groups = _three_groups()
    pd.testing.assert_frame_equal(
        community_layout(view, groups, seed=2), force_layout(view, seed=2, groups=groups)
    )
    assert layout_positions(view, "community", groups=groups, seed=2)[0].equals(
        force_layout(view, seed=2, groups=groups)
    )


def test_two_thousand_actors_in_forty_groups_are_drawn_apart():
    rng = np.random.default_rng(0)
    n, k = 2000, 40
    group = rng.integers(0, k, size=n)
    a = rng.integers(0, n, size=10_000)
    # four ties in five stay in the group
    inside = rng.random(10_000) < 0.8
    b = np.where(
        inside,
        [rng.choice(np.flatnonzero(group == group[x])) for x in a],
        rng.integers(0, n, size=10_000),
    )
    ids = [f"a{i}" for i in range(n)]
    view = _view(ids, [(ids[x], ids[y]) for x, y in zip(a, b, strict=True) if x != y])
    groups = pd.Series(group, index=ids)
    # its speed is measured by benchmarks/map_bench.py (write_s_2000), not here
    pos = force_layout(view, seed=1, groups=groups)
    assert pos.notna().all().all()
    sample = rng.choice(n, size=400, replace=False)
    intra, inter = _distances(pos, groups, [ids[i] for i in sample])
    assert intra < inter / 2, (intra, inter)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_views(n):
    ids = [f"a{i}" for i in range(n)]
    pos = force_layout(_view(ids, []), seed=1)
    assert list(pos.index) == ids and pos.notna().all().all()
