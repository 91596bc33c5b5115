"""What a map offers to filter by (tramas.viz.filters), and the ties of the wave slider."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tramas.graph import Network, Relation
from tramas.viz.filters import filter_attributes, map_filters, wave_slider
from tramas.viz.maps import build_map
from tramas.viz.ties import parallel_rank, relation_edges

SAMPLE_FILTERS = [
    "kind",
    "size",
    "ownership",
    "sector",
    "stage",
    "region",
    "municipality",
    "internal",
    "respondent",
    "certification",
]


def three_waves() -> Network:
    """Five actors, two relations, three waves (weights by hand).

    Wave 1: trade a→b (1). Wave 2: trade a→b (2), trade b→c (1).
    Wave 3: cooperation c–d (3), cooperation a–b (1), trade a→e (4). e is external.
    """
    actors = pd.DataFrame(
        {
            "name": ["Ana", "Bodega", "Centro", "Dto", "Export"],
            "kind": ["firm", "firm", "research", "firm", "government"],
            "internal": [True, True, True, True, False],
        },
        index=pd.Index(["a", "b", "c", "d", "e"], name="id"),
    )
    ties = pd.DataFrame(
        [
            ("a", "b", "trade", "1", 1.0),
            ("a", "b", "trade", "2", 2.0),
            ("b", "c", "trade", "2", 1.0),
            ("c", "d", "cooperation", "3", 3.0),
            ("b", "a", "cooperation", "3", 1.0),
            ("a", "e", "trade", "3", 4.0),
        ],
        columns=["source", "target", "relation", "wave", "weight"],
    )
    relations = {
        "trade": Relation("trade", directed=True, label="Trade"),
        "cooperation": Relation("cooperation", directed=False, label="Cooperation"),
    }
    return Network(actors, ties, relations=relations)


# ---------------------------------------------------------------------------- attributes
def test_the_sample_offers_its_categorical_columns_and_codes_match(sample_network):
    actors = sample_network.actors
    offered = filter_attributes(actors, lang="en")
    assert [a["key"] for a in offered] == SAMPLE_FILTERS
    by_key = {a["key"]: a for a in offered}
    # ids, names, aliases, coordinates, employees (65 values) and founding years (56) never
    assert not {"name", "aliases", "lat", "lon", "employees", "founded"} & set(by_key)
    # every actor's code points at its own value; counts are pandas' counts
    sector = by_key["sector"]
    shown = [sector["values"][c] if c >= 0 else None for c in sector["codes"]]
    assert shown == [None if pd.isna(v) else str(v) for v in actors["sector"]]
    counts = actors["sector"].value_counts()
    assert dict(zip(sector["values"], sector["counts"], strict=True)) == counts.to_dict()
    assert sector["missing"] == int(actors["sector"].isna().sum())
    # kinds in the page language, in the fixed order, with the data's own keys
    kind = filter_attributes(actors, lang="es")[0]
    assert kind["values"][0] == "empresa" and kind["keys"][0] == "firm"
    assert sum(kind["counts"]) == len(actors)
    internal = by_key["internal"]
    assert internal["values"] == ["internal actor", "external actor"]
    assert internal["counts"] == [
        int(actors["internal"].sum()),
        int((~actors["internal"]).sum()),
    ]


def test_anonymised_maps_never_offer_the_municipality(sample_network):
    offered = filter_attributes(sample_network.actors, lang="en", anonymized=True)
    assert "municipality" not in [a["key"] for a in offered]
    page = build_map(sample_network, anonymize=True, lang="en")
    keys = [a["key"] for a in page.data["filters"]["attributes"]]
    assert "municipality" not in keys and "region" in keys
    # only the known attributes: a founding year or a certification could single one out
    plain = [a["key"] for a in filter_attributes(sample_network.actors, lang="en")]
    assert "founded" in plain or "certification" in plain
    assert set(keys) <= {
        "kind",
        "size",
        "ownership",
        "sector",
        "stage",
        "region",
        "internal",
        "subcluster",
        "cognitive_role",
    }
    # no survey name reaches the filters of an anonymised map
    names = set(sample_network.actors["name"].astype(str))
    values = {v for a in page.data["filters"]["attributes"] for v in a["values"]}
    assert not names & values


def test_numeric_columns_are_categories_only_with_few_shared_values():
    actors = pd.DataFrame(
        {
            "name": [f"n{i}" for i in range(10)],
            "rating": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1],
            "employees": [5, 8, 13, 21, 34, 55, 89, 144, 233, 377],
            "one": ["x"] * 10,
            "lat": [float(i) for i in range(10)],
        }
    )
    offered = {a["key"]: a for a in filter_attributes(actors, lang="en")}
    assert list(offered) == ["rating"]  # a single value cannot narrow the map
    assert offered["rating"]["values"] == ["1", "2", "3"]
    assert offered["rating"]["counts"] == [4, 3, 3]


def test_subclusters_and_roles_read_as_the_legend_names_them():
    actors = pd.DataFrame({"name": list("abcd")}, index=list("abcd"))
    measures = pd.DataFrame(
        {
            "subcluster": [2, 1, None, 1],
            "subcluster_name": [
                "Uco wine",
                "Mendoza research",
                "no sub-cluster",
                "Mendoza research",
            ],
            "cognitive_role": ["source", "isolated", "isolated", "absorber"],
        },
        index=list("abcd"),
    )
    offered = {a["key"]: a for a in filter_attributes(actors, measures, lang="en")}
    sub = offered["subcluster"]
    assert sub["values"] == ["Mendoza research", "Uco wine", "no sub-cluster"]
    assert sub["codes"] == [1, 0, 2, 0]
    role = offered["cognitive_role"]
    assert role["keys"] == ["source", "absorber", "isolated"] or set(role["keys"]) == {
        "source",
        "absorber",
        "isolated",
    }
    assert all(role["values"][c] for c in role["codes"])
    # without names, "Sub-cluster n" from the numbers, as the legend says
    plain = filter_attributes(
        actors, pd.DataFrame({"community": [2, 1, None, 1]}, index=list("abcd")), lang="es"
    )
    assert plain[0]["values"] == ["Subcluster 1", "Subcluster 2", "sin subcluster"]
    # a change map has no sub-cluster filter (its colours are the baseline's)
    assert filter_attributes(actors, measures, lang="en", subclusters=False)[0]["key"] == (
        "cognitive_role"
    )


def test_weight_range_and_isolates_of_the_toy(toy):
    page = build_map(toy, lang="en")
    block = page.data["filters"]
    assert block["weight"] == {"min": 1.0, "max": 5.0, "step": 1.0}
    assert block["isolates"] == 1  # F-LONE
    assert "waves" not in page.data  # two waves: no slider
    assert "%" not in block["text"]["status"] and "{nodes}" in block["text"]["status"]


# ---------------------------------------------------------------------------- waves
def _tie_set(network: Network, wave: str | None) -> set[tuple[str, str, str]]:
    """The ties of a wave (all: merged), as the map draws them: undirected pairs sorted."""
    ties = network.ties
    if wave is not None:
        ties = ties[ties["wave"].astype(str) == wave]
    out = set()
    for s, t, r in zip(ties["source"], ties["target"], ties["relation"], strict=True):
        if not network.relations[r].directed:
            s, t = sorted((s, t))
        out.add((s, t, r))
    return out


def test_three_waves_give_the_slider_every_wave_and_the_union():
    network = three_waves()
    assert wave_slider(network) and not wave_slider(network, change=object())
    page = build_map(network, lang="en")
    waves = page.data["waves"]
    assert waves["labels"] == ["1", "2", "3"] and waves["initial"] == 2
    ids = [n["id"] for n in page.data["nodes"]]
    rels = [r["key"] for r in page.data["relations"]]
    drawn: dict[int, set[tuple[str, str, str]]] = {}
    for row, w in zip(page.data["edges"], waves["edgeWave"], strict=True):
        s, t, r = ids[row[0]], ids[row[1]], rels[row[2]]
        if not page.data["relations"][row[2]]["directed"]:
            s, t = sorted((s, t))
        drawn.setdefault(w, set()).add((s, t, r))
    for k, label in enumerate(waves["labels"]):
        assert drawn[k] == _tie_set(network, label)
    assert drawn[-1] == _tie_set(network, None)
    # the map counts the ties of the wave it starts on (the latest)
    assert page.n_edges == 3
    # merged ties name their waves in the tooltip
    merged = {
        (ids[page.data["edges"][int(i)][0]], ids[page.data["edges"][int(i)][1]]): v
        for i, v in waves["allWaves"].items()
        if rels[page.data["edges"][int(i)][2]] == "trade"
    }
    assert merged[("a", "b")] == "1, 2" and merged[("a", "e")] == "3"
    assert build_map(network, wave="all", lang="en").data["waves"]["initial"] == -1
    assert build_map(network, wave="1", lang="en").data["waves"]["initial"] == 0


def test_the_slider_keeps_positions_and_the_analysed_wave_sizes():
    network = three_waves()
    # coloured by kind, the layout does not follow the wave's communities: it is the
    # union's, the same whichever wave the map starts on
    first = build_map(network, wave="1", lang="en", color_by="kind")
    last = build_map(network, wave="3", lang="en", color_by="kind")
    xy = [(n["x"], n["y"]) for n in first.data["nodes"]]
    assert xy == [(n["x"], n["y"]) for n in last.data["nodes"]]
    # degree of the analysed wave: in wave 1 only a and b have a partner, in wave 3 all do
    size1 = {n["id"]: n["size"] for n in first.data["nodes"]}
    size3 = {n["id"]: n["size"] for n in last.data["nodes"]}
    assert size1["c"] == size1["d"] == size1["e"] < size1["a"]
    assert size3["a"] > size3["c"] > 0 and size3["d"] == size3["e"]


def test_two_waves_and_change_maps_have_no_slider(toy):
    assert not wave_slider(toy)
    page = build_map(toy, compare=("2023", "2025"), lang="en")
    assert "waves" not in page.data
    assert "subcluster" not in [a["key"] for a in page.data["filters"]["attributes"]]


def test_relation_edges_by_wave_and_parallel_ranks_per_wave():
    network = three_waves()
    edges, directed = relation_edges(
        network, ["trade", "cooperation"], None, network.actors.index, by_wave=True
    )
    assert directed == [True, False]
    assert edges.groupby("wave_index").size().to_dict() == {-1: 5, 0: 1, 1: 2, 2: 3}
    merged = edges[edges["wave_index"] == -1]
    ab = merged[(merged["source"] == "a") & (merged["target"] == "b") & (merged["rel"] == 0)]
    assert ab["weight"].tolist() == [2.0]  # a tie of several waves: its largest weight
    # a-b trade and a-b cooperation in wave 3 and merged curve apart; across waves they do not
    a = np.array([0, 0, 0, 0])
    b = np.array([1, 1, 1, 1])
    assert parallel_rank(a, b, np.array([0, 1, 2, 2])).tolist() == [0, 0, 0, 1]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_map_filters_words_are_in_the_page_language(lang):
    network = three_waves()
    actors = network.actors
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]})
    out = map_filters(
        network, actors, pd.DataFrame(index=actors.index), edges, [0], [1], wave=None, lang=lang
    )
    words = out["filters"]["text"]
    assert words["filters"] == {"en": "Filter actors", "es": "Filtrar actores"}[lang]
    assert words["thousands"] == {"en": ",", "es": "."}[lang]
    assert out["filters"]["isolates"] == 3


def test_a_tie_quote_shows_on_its_own_wave_only():
    network = three_waves()
    ties = network.ties.copy()
    first = (ties["wave"].astype(str) == "1") & (ties["relation"] == "trade")
    ties["evidence"] = None
    ties.loc[first, "evidence"] = "we sell them our grapes"
    ties["data_source"] = None
    ties.loc[first, "data_source"] = "interview"
    network = Network(network.actors, ties, relations=network.relations)
    page = build_map(network, lang="en")
    ids = [n["id"] for n in page.data["nodes"]]
    edge_wave = page.data["waves"]["edgeWave"]
    quoted = sorted(
        (ids[page.data["edges"][int(i)][0]], ids[page.data["edges"][int(i)][1]], edge_wave[int(i)])
        for i in page.data["evidence"]["edges"]
    )
    # a→b trade is drawn in waves 1 and 2 and merged: the quote of wave 1 is on the
    # wave-1 edge and on the merged one, not on wave 2's
    assert quoted == [("a", "b", -1), ("a", "b", 0)]
