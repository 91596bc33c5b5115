"""Map content: nodes, ties, encodings, legend, modes — checked against networkx and by hand."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tramas.exceptions import TramasError
from tramas.graph.anonymize import anonymize_ids
from tramas.viz import build_map, write_map
from tramas.viz.encodings import KIND_COLORS

XSS = "<img src=x onerror=alert(1)>"  # an actor of the toy network (conftest.py)


def read_page(path: Path) -> tuple[BeautifulSoup, dict]:
    html = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    data = json.loads(soup.find("script", id="tramas-data").string)
    return soup, data


def edge_set(data: dict, relation: str) -> set[tuple[str, str]]:
    rel = [r["key"] for r in data["relations"]].index(relation)
    ids = [n["id"] for n in data["nodes"]]
    return {(ids[e[0]], ids[e[1]]) for e in data["edges"] if e[2] == rel}


def nx_edges(network, relation: str, wave: str | None = None) -> set[tuple[str, str]]:
    g = network.view(relation, wave=wave).to_networkx()
    return set(g.edges())


# ---------------------------------------------------------------------------- actor maps
def test_actor_map_holds_every_actor_and_each_relation_as_networkx_sees_it(toy, tmp_path):
    result = write_map(toy, tmp_path / "map.html")
    _, data = read_page(result.path)
    assert result.mode == "actors"
    assert (result.n_nodes, result.n_edges) == (6, 6)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(toy.actors.index)
    for rel in ("knowledge", "cooperation", "trade"):
        mine = edge_set(data, rel)
        theirs = nx_edges(toy, rel)
        if toy.relations[rel].directed:
            assert mine == theirs
        else:
            assert {frozenset(e) for e in mine} == {frozenset(e) for e in theirs}
    assert data["wave"] == "2025"


def test_wave_selects_the_ties_of_that_wave(toy):
    page = build_map(toy, wave="2023")
    ids = [n["id"] for n in page.data["nodes"]]
    edges = [
        (ids[e[0]], ids[e[1]], page.data["relations"][e[2]]["key"], e[3])
        for e in page.data["edges"]
    ]
    assert edges == [("F-ACME", "F-BAD", "trade", 2.0)]
    assert page.data["wave"] == "2023"
    assert build_map(toy, wave="all").data["wave"] == "all"


def test_shapes_dashes_arrows_and_widths_follow_kind_externality_direction_and_weight(toy):
    page = build_map(toy)
    nodes = {n["id"]: n for n in page.data["nodes"]}
    assert nodes["X-BUY"]["shape"] == "dot"  # an external firm keeps the firm's shape
    assert nodes["X-BUY"]["dashes"] is True  # with a dashed border
    assert nodes["R-UNI"]["shape"] == "triangle"  # research
    assert nodes["F-ACME"]["shape"] == "dot"  # firm
    assert not any(n.get("dashes") for i, n in nodes.items() if i != "X-BUY")
    ids = [n["id"] for n in page.data["nodes"]]
    dashed = {(ids[e[0]], ids[e[1]]) for e in page.data["edges"] if e[5] == 1}
    assert dashed == {("F-ACME", "X-BUY")}
    directed = {r["key"]: r["directed"] for r in page.data["relations"]}
    assert directed == {"knowledge": True, "cooperation": False, "trade": True}
    widths = {(ids[e[0]], ids[e[1]], e[2]): e[4] for e in page.data["edges"]}
    trade = [r["key"] for r in page.data["relations"]].index("trade")
    assert widths[("F-ACME", "F-BAD", trade)] == 6.0  # the heaviest tie (weight 5)
    assert widths[("F-ACME", "X-BUY", trade)] == 1.0  # the lightest (weight 1)


def test_parallel_ties_of_two_relations_are_drawn_apart(toy):
    page = build_map(toy)
    ids = [n["id"] for n in page.data["nodes"]]
    pair = sorted(e[6] for e in page.data["edges"] if {ids[e[0]], ids[e[1]]} == {"F-ACME", "F-BAD"})
    assert pair == [0, 1]  # cooperation and trade: one straight, one curved


def test_size_grows_with_degree_as_square_root(toy):
    page = build_map(toy)
    size = {n["id"]: n["size"] for n in page.data["nodes"]}
    # degrees: ACME 4, BAD 2, COOP 2, UNI 1, BUY 1, LONE 0 -> r = 8 + 28 * sqrt(d / 4)
    assert size["F-ACME"] == pytest.approx(36.0)
    assert size["F-LONE"] == pytest.approx(8.0)
    assert size["F-BAD"] == pytest.approx(8 + 28 * (2 / 4) ** 0.5, abs=0.05)
    assert size["R-UNI"] == pytest.approx(8 + 28 * (1 / 4) ** 0.5, abs=0.05)


def test_colour_by_kind_uses_the_fixed_kind_colours(toy):
    page = build_map(toy, color_by="kind")
    colour = {n["id"]: n["color"] for n in page.data["nodes"]}
    assert colour["R-UNI"] == KIND_COLORS["research"]
    assert colour["F-ACME"] == KIND_COLORS["firm"]
    swatches = {e.label: e.color for e in page.legend[0].entries}
    assert swatches == {"firm": KIND_COLORS["firm"], "research": KIND_COLORS["research"]}


def test_colour_by_community_puts_the_two_groups_in_two_colours():
    # two triangles joined by one tie: Leiden finds them (cross-checked with networkx)
    actors = pd.DataFrame(index=pd.Index(list("abcdef"), name="id"))
    ties = pd.DataFrame(
        {"source": list("abcdefc"), "target": list("bcaefdd"), "relation": "cooperation"}
    )
    from tramas.graph import Network, Relation

    net = Network(actors, ties, relations={"cooperation": Relation("cooperation", directed=False)})
    page = build_map(net)
    colour = {n["id"]: n["color"] for n in page.data["nodes"]}
    groups = nx.community.louvain_communities(net.to_networkx(), seed=1)
    assert sorted(map(sorted, groups)) == [["a", "b", "c"], ["d", "e", "f"]]
    assert len({colour[x] for x in "abc"}) == 1 and len({colour[x] for x in "def"}) == 1
    assert colour["a"] != colour["d"]


def test_colour_by_numeric_attribute_is_a_gradient_and_missing_values_are_grey(toy):
    page = build_map(toy, color_by="employees", size_by=None)
    colour = {n["id"]: n["color"] for n in page.data["nodes"]}
    assert len(set(colour.values())) == 6  # five employee values + "no data" for R-UNI
    assert colour["R-UNI"] == "#eeeeee"
    sizes = {n["size"] for n in page.data["nodes"]}
    assert sizes == {14.0}


def test_every_encoding_has_a_legend(toy):
    page = build_map(toy)
    titles = [s.title for s in page.legend]
    assert titles == [
        "Colour: sub-cluster",
        "Size: degree",
        "Shape",
        "Tie colour: relation",
        "Ties",
    ]
    shape_labels = [e.label for e in page.legend[2].entries]
    assert shape_labels == ["firm", "research", "external actor (dashed outline)"]
    ties = [e.label for e in page.legend[4].entries]
    assert ties[0] == "tie to an external actor"
    assert ties[1].startswith("directed relation")
    assert ties[2] == "width = weight (1 to 5)"


def test_tooltips_carry_name_kind_size_location_and_measures(toy):
    page = build_map(toy)
    fields = page.data["nodeFields"]
    acme = next(n for n in page.data["nodes"] if n["id"] == "F-ACME")
    info = dict(zip(fields, acme["info"], strict=True))
    assert acme["label"] == "Acme Vinos"
    assert info["Kind"] == "firm"
    assert info["Size"] == "small (20)"
    assert info["Location"] == "Tunuyán, Valle de Uco"
    assert info["Degree"] == "4"
    # named from its members (#16): Tunuyán, Tupungato, San Carlos: region; sector vino
    assert info["Sub-cluster"] == "Valle de Uco – vino"
    buyer = dict(
        zip(fields, next(n for n in page.data["nodes"] if n["id"] == "X-BUY")["info"], strict=True)
    )
    assert buyer["External actor"] == "yes"
    assert page.data["edgeFields"][:3] == ["Relation", "Wave", "Weight"]


def test_spanish_map(toy):
    page = build_map(toy, lang="es", color_by="kind")
    assert page.legend[0].title == "Color: tipo"
    assert {e.label for e in page.legend[0].entries} == {"empresa", "investigación"}
    acme = next(n for n in page.data["nodes"] if n["id"] == "F-ACME")
    assert dict(zip(page.data["nodeFields"], acme["info"], strict=True))["Tamaño"] == "pequeña (20)"


def test_measures_from_the_analysis_are_used_and_roles_named(toy):
    measures = pd.DataFrame(
        {
            "degree": [9, 1, 1, 1, 1, 0],
            "community": [1, 1, 2, 2, 1, 3],
            "cognitive_role": [
                "gatekeeper",
                "absorber",
                "source",
                "external",
                "absorber",
                "isolated",
            ],
        },
        index=toy.actors.index,
    )
    page = build_map(toy, measures=measures, color_by="cognitive_role", lang="es")
    labels = [e.label for e in page.legend[0].entries]
    assert labels[0] == "guardián tecnológico"
    assert "estrella externa" not in labels  # only roles present
    size = {n["id"]: n["size"] for n in page.data["nodes"]}
    assert size["F-ACME"] == pytest.approx(36.0)  # the given degree, not the computed one


# ---------------------------------------------------------------------------- HTML
def test_page_is_self_contained_and_its_scripts_are_pinned_by_hash(toy, tmp_path):
    result = write_map(toy, tmp_path / "map.html")
    html = result.path.read_text(encoding="utf-8")
    soup, _ = read_page(result.path)
    for tag in soup.find_all(True):
        for attr in ("src", "href", "srcset", "action", "data", "poster"):
            assert not tag.has_attr(attr), (tag.name, attr)
    assert not soup.find_all(["link", "iframe", "object", "embed", "img", "base"])
    assert not re.search(r"@import|url\((?!\"?data:)", html)
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/json"]
    assert len(scripts) == 2  # vis-network and the map's own script
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "vis.js may be distributed under either license" in html  # licence header kept


def test_survey_text_is_escaped_everywhere(toy, tmp_path):
    result = write_map(toy, tmp_path / "map.html")
    html = result.path.read_text(encoding="utf-8")
    assert XSS not in html  # never raw
    soup, data = read_page(result.path)
    assert soup.find("img") is None
    node = next(n for n in data["nodes"] if n["id"] == "F-BAD")
    assert node["label"] == XSS  # the JSON carries the exact text
    options = [o["value"] for o in soup.select("#search-list option")]
    assert XSS in options  # and the search list shows it as text


def test_write_map_refuses_other_file_types(toy, tmp_path):
    with pytest.raises(TramasError, match="must end in .html"):
        write_map(toy, tmp_path / "map.png")


# ---------------------------------------------------------------------------- ego maps
@pytest.mark.parametrize("radius", [1, 2])
def test_ego_map_is_the_networkx_ego_graph(toy, radius):
    page = build_map(toy, ego="R-UNI", radius=radius)
    combined = toy.view(directed=False).to_networkx()
    expected = set(nx.ego_graph(combined, "R-UNI", radius=radius).nodes)
    assert {n["id"] for n in page.data["nodes"]} == expected
    assert page.mode == "ego"
    assert [n["id"] for n in page.data["nodes"] if n.get("ego")] == ["R-UNI"]
    assert page.messages[0].startswith("Ego map of Universidad del Valle")


def test_ego_by_name_and_unknown_ego(toy):
    assert {n["id"] for n in build_map(toy, ego="acme vinos").data["nodes"]} == {
        "F-ACME",
        "F-BAD",
        "R-UNI",
        "X-BUY",
        "F-COOP",
    }
    with pytest.raises(TramasError, match="no actor 'F-ACM'") as err:
        build_map(toy, ego="F-ACM")
    assert "F-ACME" in err.value.hint


# ---------------------------------------------------------------------------- community maps
def test_community_map_aggregates_members_and_ties_between_communities(toy):
    measures = pd.DataFrame(
        {"degree": [4, 2, 1, 1, 2, 0], "community": [1, 1, 2, 2, 1, 3]},
        index=toy.actors.index,
    )
    page = build_map(toy, measures=measures, community_threshold=5)
    assert page.mode == "community"
    assert page.messages[0].startswith("6 actors are more than this map shows at once")
    nodes = page.data["nodes"]
    # community 3 is a single actor: in no sub-cluster, its own grey node
    # named from their members (#16); community 2 = R-UNI (Mendoza, educación) and X-BUY
    # (no municipality, comercio): half are firms, equal shares, alphabetical first
    names = ["Valle de Uco – vino", "Mendoza – comercio", "no sub-cluster"]
    assert [n["name"] for n in nodes] == names
    assert [n["info"][0] for n in nodes] == ["3", "2", "1"]
    assert nodes[0]["info"][2] == f"Acme Vinos, {XSS}, Cooperativa Uco"  # by degree, then name
    rels = [r["key"] for r in page.data["relations"]]
    edges = {(e[0], e[1], rels[e[2]]): e[7] for e in page.data["edges"]}
    # knowledge R-UNI(2) -> F-ACME(1); trade F-ACME(1) -> X-BUY(2); nothing else crosses
    assert edges == {(1, 0, "knowledge"): 1, (0, 1, "trade"): 1}
    search = dict((name, c) for name, c in page.data["search"])
    assert search["Viñedo Solitario"] == 2 and search["Global Buyer Ltd"] == 1


def test_community_map_threshold_is_exclusive(toy):
    assert build_map(toy, community_threshold=6).mode == "actors"
    assert build_map(toy, community_threshold=5).mode == "community"


# ---------------------------------------------------------------------------- anonymised maps
def test_anonymised_map_shows_codes_only(toy, tmp_path):
    result = write_map(toy, tmp_path / "anon.html", anonymize=True)
    html = result.path.read_text(encoding="utf-8")
    for value in [*toy.actors.index, *toy.actors["name"], "Tunuyán", "Tupungato", "San Carlos"]:
        assert value not in html, value
    _, data = read_page(result.path)
    codes = anonymize_ids(toy.actors, key="toy")
    assert sorted(n["id"] for n in data["nodes"]) == sorted(codes.values())
    assert sorted(n["label"] for n in data["nodes"]) == sorted(codes.values())
    assert "Anonymised map" in result.message
    # the ego can be named by its code; the codes are those a report gets
    ego = build_map(toy, ego=codes["R-UNI"], anonymize=True)
    assert {n["id"] for n in ego.data["nodes"]} == {codes["R-UNI"], codes["F-ACME"]}


def test_same_codes_in_every_map_of_the_study(toy):
    whole = {n["label"] for n in build_map(toy, anonymize=True).data["nodes"]}
    ego = {n["label"] for n in build_map(toy, anonymize=True, ego="F-BAD").data["nodes"]}
    assert ego < whole
    codes = anonymize_ids(toy.actors, key="toy")
    assert ego == {codes[i] for i in ("F-BAD", "F-ACME", "F-COOP")}


# ---------------------------------------------------------------------------- layouts
def test_geo_layout_puts_north_up_and_east_right(toy):
    page = build_map(toy, layout="geo")
    pos = {n["id"]: (n["x"], n["y"]) for n in page.data["nodes"]}
    assert pos["R-UNI"][1] < pos["F-ACME"][1]  # Mendoza is north of Tunuyán
    assert pos["R-UNI"][0] > pos["F-BAD"][0]  # and east of Tupungato
    assert pos["F-ACME"] != pos["F-LONE"]  # same coordinates, spread apart
    assert page.messages == (
        "1 actor without coordinates is placed in a row under the geographic map.",
    )
    assert pos["X-BUY"][1] > max(y for k, (_, y) in pos.items() if k != "X-BUY")


# ---------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"relation": "friendship"}, "unknown relation"),
        ({"wave": "1999"}, "unknown wave"),
        ({"layout": "circle"}, "unknown layout"),
        ({"color_by": "colour"}, "nothing called 'colour'"),
        ({"size_by": "height"}, "nothing called 'height'"),
        ({"radius": 3, "ego": "F-ACME"}, "radius must be 1 or 2"),
        ({"lang": "fr"}, "no language 'fr'"),
    ],
)
def test_bad_arguments_raise_tramas_errors(toy, kwargs, message):
    with pytest.raises(TramasError, match=message):
        build_map(toy, **kwargs)


def test_geo_layout_without_coordinates_explains(toy):
    toy.actors["lat"] = None
    with pytest.raises(TramasError, match="no actor has coordinates"):
        build_map(toy, layout="geo")


# ---------------------------------------------------------------------------- the sample
def test_sample_map_draws_every_actor_and_the_latest_wave(sample_network, tmp_path):
    result = write_map(sample_network, tmp_path / "sample.html", layout="community")
    _, data = read_page(result.path)
    assert result.n_nodes == len(sample_network.actors)
    for rel in sample_network.relation_names:
        mine = edge_set(data, rel)
        theirs = nx_edges(sample_network, rel)
        if sample_network.relations[rel].directed:
            assert mine == {e for e in theirs if e[0] != e[1]}
        else:
            assert {frozenset(e) for e in mine} == {frozenset(e) for e in theirs if e[0] != e[1]}
    assert data["wave"] == sample_network.waves[-1]
    assert result.n_bytes < 5_000_000
