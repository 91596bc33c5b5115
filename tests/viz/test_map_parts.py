"""Layouts, encodings, anonymous codes and page assembly, on hand-made cases."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest

from tramas.graph import NetworkView
from tramas.graph.anonymize import anonymize_ids
from tramas.viz.encodings import (
    CATEGORICAL,
    NO_DATA,
    OTHER,
    categorical_colors,
    colour_scheme,
    continuous_colors,
    display_text,
    edge_widths,
    node_shapes,
    node_sizes,
)
from tramas.viz.layout import community_layout, force_layout, separate
from tramas.viz.page import script_json, vis_network_assets


def two_cliques() -> NetworkView:
    """Two 5-cliques (a*, b*) joined by one tie, plus two isolates."""
    a = [f"a{i}" for i in range(5)]
    b = [f"b{i}" for i in range(5)]
    edges = list(itertools.combinations(a, 2)) + list(itertools.combinations(b, 2))
    edges.append(("a0", "b0"))
    return NetworkView.from_edges(edges, directed=False, actors=[*a, *b, "z1", "z2"])


def dist(pos: pd.DataFrame, u: str, v: str) -> float:
    return float(np.hypot(*(pos.loc[u] - pos.loc[v])))


# ---------------------------------------------------------------------------- layouts
def test_force_layout_is_deterministic_for_a_seed():
    view = two_cliques()
    first, again, other = (
        force_layout(view, seed=3),
        force_layout(view, seed=3),
        force_layout(view, seed=4),
    )
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_force_layout_keeps_tied_actors_close_and_isolates_apart():
    view = two_cliques()
    pos = force_layout(view)
    inside = np.mean([dist(pos, u, v) for u, v in itertools.combinations(["a1", "a2", "a3"], 2)])
    across = np.mean([dist(pos, f"a{i}", f"b{j}") for i in range(1, 5) for j in range(1, 5)])
    assert inside < across / 2
    assert dist(pos, "z1", "z2") > 10  # isolates get their own place
    # every actor has a distinct position
    assert len({tuple(r) for r in pos.to_numpy()}) == len(pos)


def test_community_layout_keeps_each_community_in_its_own_disc():
    view = two_cliques()
    groups = pd.Series(
        {**{f"a{i}": 1 for i in range(5)}, **{f"b{i}": 2 for i in range(5)}, "z1": 3, "z2": 4}
    )
    pos = community_layout(view, groups)
    centre = pos.groupby(groups).mean()
    # the isolates z1, z2 go to a band under the drawing (#16), the cliques keep their discs
    assert min(pos.at["z1", "y"], pos.at["z2", "y"]) > pos.drop(["z1", "z2"])["y"].max()
    centre = centre.loc[[1, 2]]
    for actor, g in groups.drop(["z1", "z2"]).items():
        own = float(np.hypot(*(pos.loc[actor] - centre.loc[g])))
        others = [
            float(np.hypot(*(pos.loc[actor] - centre.loc[h]))) for h in centre.index if h != g
        ]
        assert own < min(others)


def test_separate_removes_every_overlap():
    pos = pd.DataFrame({"x": [0.0, 1.0, 2.0, 0.0], "y": [0.0, 0.0, 1.0, 0.0]}, index=list("abcd"))
    radii = pd.Series([10.0, 20.0, 5.0, 10.0], index=list("abcd"))
    out = separate(pos, radii, gap=2.0)
    for u, v in itertools.combinations("abcd", 2):
        assert dist(out, u, v) >= radii[u] + radii[v] + 2.0 - 0.5


# ---------------------------------------------------------------------------- encodings
def test_node_sizes_are_area_true():
    sizes, legend = node_sizes(pd.Series([0.0, 1.0, 4.0, None]), "degree", min_px=10, max_px=30)
    assert sizes.tolist() == pytest.approx([10.0, 20.0, 30.0, 10.0])
    assert [e.label for e in legend.entries] == ["0", "2", "4"]
    assert legend.entries[1].size == pytest.approx(10 + 20 * math.sqrt(0.5))


def test_categorical_colours_rank_by_frequency_and_group_the_rest():
    values = pd.Series(["x"] * 3 + ["y"] * 2 + [f"v{i}" for i in range(13)] + [None])
    colours, legend = categorical_colors(values, "t")  # eight colours (Okabe–Ito)
    assert colours.iloc[0] == CATEGORICAL[0] and colours.iloc[3] == CATEGORICAL[1]
    assert colours.iloc[-1] == NO_DATA
    labels = [e.label for e in legend.entries]
    assert labels[:2] == ["x", "y"]
    assert labels[-2:] == ["other (7 values)", "no data"]
    assert (colours == colour_scheme().other).sum() == 7
    colours, legend = categorical_colors(values, "t", palette="tableau")  # twelve colours
    assert [e.label for e in legend.entries][-2:] == ["other (3 values)", "no data"]
    assert (colours == OTHER).sum() == 3


def test_continuous_colours_run_from_dark_to_light():
    colours, legend = continuous_colors(pd.Series([1.0, 2.0, 3.0, np.nan]), "t")
    assert colours.tolist() == ["#440154", "#21918c", "#fde725", NO_DATA]
    assert [e.label for e in legend.entries] == ["1", "3", "no data"]


def test_shapes_and_widths():
    actors = pd.DataFrame(
        {"kind": ["firm", "research", "firm", None], "internal": [True, True, False, True]}
    )
    # one shape per kind; an external firm keeps the firm's circle (its border is dashed)
    assert node_shapes(actors).tolist() == ["dot", "triangle", "dot", "dot"]
    assert edge_widths(np.array([1.0, 2.0, 3.0])).tolist() == [1.0, 3.5, 6.0]
    assert edge_widths(np.array([2.0, 2.0])).tolist() == [1.5, 1.5]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3, "3"),
        (3.0, "3"),
        (0.01234, "0.0123"),
        (1234.56, "1,235"),
        (float("nan"), ""),
        (True, "true"),
        ("x", "x"),
    ],
)
def test_display_text(value, shown):
    assert display_text(value) == shown


# ---------------------------------------------------------------------------- anonymous codes
def test_codes_are_unique_stable_and_keyed():
    actors = pd.DataFrame(
        {
            "kind": ["firm"] * 12 + ["research", "government", "firm"],
            "internal": [True] * 14 + [False],
        },
        index=[f"id{i:02d}" for i in range(15)],
    )
    codes = anonymize_ids(actors, key="study-1")
    assert len(set(codes.values())) == 15
    # one sequence for every kind (the kind is in the shape and the tables, not the code)
    assert sorted(codes.values()) == [f"A-{i:03d}" for i in range(1, 16)]
    assert anonymize_ids(actors.sample(frac=1, random_state=1), key="study-1") == codes
    assert anonymize_ids(actors, key="other key") != codes
    # the numbering does not follow the order of the ids
    firm_codes = [codes[f"id{i:02d}"] for i in range(12)]
    assert firm_codes != sorted(firm_codes)


# ---------------------------------------------------------------------------- page parts
def test_script_json_cannot_close_its_script_block():
    raw = script_json({"name": "</script><script>alert(1)</script>", "amp": "a & b"})
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw) == {"name": "</script><script>alert(1)</script>", "amp": "a & b"}


def test_vis_network_comes_from_pyvis():
    js, css, version = vis_network_assets()
    assert version.split(".")[0] == "9"
    assert "vis-network" in js[:200] and ".vis-network" in css
