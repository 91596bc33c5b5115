"""Every export format read back by the tools' own readers and compared with the Network."""

from __future__ import annotations

import json
from collections import Counter

import igraph as ig
import networkx as nx
import pandas as pd
import pytest

from export_cases import (
    HOSTILE_IDS,
    HOSTILE_NAMES,
    expected_ties,
    hostile_network,
    one_line,
    read_dl,
    tie_multiset,
    view_edges,
)
from tramas.export import FORMATS, analysis_measures, export_network, read_measures
from tramas.export.tables import export_tables
from tramas.ingest import load
from tramas.sample import sample_dir

OUT = {"graphml": "n.graphml", "gexf": "n.gexf", "pajek": "n.net", "dl": "n.dl"}
OUT |= {"csv": "csv", "kumu": "n.xlsx", "json": "n.json"}


@pytest.fixture(scope="module")
def sample():
    return load(sample_dir() / "study.toml")


@pytest.fixture(scope="module")
def hostile():
    return hostile_network()


def _nx_ties(graph: nx.MultiDiGraph) -> Counter:
    return Counter(
        (str(s), str(t), str(d["relation"]), str(d["wave"]), float(d["weight"]))
        for s, t, d in graph.edges(data=True)
    )


def _edge_rows(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# ---------------------------------------------------------------- GraphML
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_graphml_round_trips_with_networkx_and_igraph(which, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    path = export_network(network, "graphml", tmp_path / "n.graphml").paths[0]
    g = nx.read_graphml(path)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == set(network.actors.index)
    assert _nx_ties(g) == expected_ties(network)
    actors = network.actors
    for actor in actors.index:
        node = g.nodes[actor]
        assert node["label"] == actors.at[actor, "name"]
        assert node["kind"] == actors.at[actor, "kind"]
        assert node["internal"] is bool(actors.at[actor, "internal"])
        employees = actors.at[actor, "employees"]
        assert node.get("employees") == (None if pd.isna(employees) else employees)
    # parallel ties of different relations between one pair are kept
    pair = Counter((s, t) for s, t in g.edges())
    assert max(pair.values()) > 1
    # every tie attribute, typed; ties without direction say so
    first = network.select_ties(None, "all").iloc[0]
    data = next(iter(g.get_edge_data(first["source"], first["target"]).values()))
    assert data["reported_by"] == first["reported_by"]
    directed = {r: spec.directed for r, spec in network.relations.items()}
    assert all(d["directed"] is directed[d["relation"]] for _, _, d in g.edges(data=True))
    # igraph reads the same file
    h = ig.Graph.Read_GraphML(str(path))
    assert h.vcount() == len(actors) and h.ecount() == len(network.select_ties(None, "all"))
    assert sorted(h.vs["label"]) == sorted(actors["name"])
    assert Counter(h.es["relation"]) == Counter(network.select_ties(None, "all")["relation"])


# ---------------------------------------------------------------- GEXF
def test_gexf_round_trips_with_spells_and_the_maps_look(sample, tmp_path):
    path = export_network(sample, "gexf", tmp_path / "n.gexf", seed=7).paths[0]
    text = path.read_text(encoding="utf-8")
    assert 'version="1.3"' in text and 'xmlns="http://gexf.net/1.3"' in text
    g = nx.read_gexf(path)
    assert set(g.nodes) == set(sample.actors.index)
    assert _nx_ties(g) == expected_ties(sample)
    for _, _, d in g.edges(data=True):
        assert d["spells"] == [(int(d["wave"]), int(d["wave"]))]
    assert g.nodes["F001"]["label"] == sample.actors.at["F001", "name"]
    assert g.nodes["F001"]["internal"] is True

    # viz: the map drawn with the same seed, relations and wave (y up in Gephi)
    from tramas.viz.maps import build_map

    page = build_map(sample, wave="all", seed=7)
    drawn = {n["id"]: n for n in page.data["nodes"]}
    assert len(drawn) == len(sample.actors)
    for actor, node in g.nodes(data=True):
        viz = node["viz"]
        assert viz["position"]["x"] == pytest.approx(drawn[actor]["x"])
        assert -viz["position"]["y"] == pytest.approx(drawn[actor]["y"])
        assert viz["size"] == pytest.approx(drawn[actor]["size"])
        colour = "#{:02x}{:02x}{:02x}".format(*(viz["color"][c] for c in "rgb"))
        assert colour == str(drawn[actor]["color"]).lower()


def test_gexf_of_one_wave_has_no_spells_and_keeps_hostile_text(hostile, tmp_path):
    path = export_network(hostile, "gexf", tmp_path / "h.gexf", wave="w1").paths[0]
    g = nx.read_gexf(path)
    assert _nx_ties(g) == expected_ties(hostile, "w1")
    assert all("spells" not in d for _, _, d in g.edges(data=True))
    assert {g.nodes[i]["label"] for i in HOSTILE_IDS} == set(HOSTILE_NAMES)
    notes = {i: g.nodes[i].get("note") for i in HOSTILE_IDS}
    assert notes["h<1>"] == "<b>&amp;</b>" and notes["h5"] == "línea\nnueva"
    comments = {d["comment"] for _, _, d in g.edges(data=True) if "comment" in d}
    assert {'"quoted"', "<x>", "&"} <= comments


# ---------------------------------------------------------------- Pajek
def test_pajek_one_block_reads_in_networkx_and_igraph(sample, tmp_path):
    path = export_network(sample, "pajek", tmp_path / "t.net", relation="trade", wave="2025").paths[
        0
    ]
    labels = dict(zip(sample.actors["name"], sample.actors.index, strict=True))
    expected = view_edges(sample, "trade", "2025")
    g = nx.read_pajek(path)
    got = Counter((labels[s], labels[t], float(d["weight"])) for s, t, d in g.edges(data=True))
    assert got == expected
    h = ig.Graph.Read_Pajek(str(path))
    ids = list(sample.actors.index)
    assert h.vcount() == len(ids) and h.is_directed()
    got = Counter((ids[e.source], ids[e.target], float(e["weight"])) for e in h.es)
    assert got == expected


def _pajek_blocks(path):
    """Header and lines of each block of a Pajek file, and the vertices block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [k for k, line in enumerate(lines) if line.startswith("*")]
    blocks = [
        (lines[a], lines[a + 1 : b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    return blocks[0], blocks[1:]


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_pajek_has_one_block_per_relation_and_wave(which, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    path = export_network(network, "pajek", tmp_path / "n.net", partition="kind").paths[0]
    (vert_head, vertices), blocks = _pajek_blocks(path)
    ids = list(network.actors.index)
    assert vert_head == f"*Vertices {len(ids)}"
    names = [one_line(n) for n in network.actors["name"]]
    assert vertices == [f'{k} "{n}"' for k, n in enumerate(names, start=1)]
    seen = set()
    for head, lines in blocks:
        kind, number, name = head.split(" ", 2)
        relation, wave = name.strip('"').split(" ")
        seen.add((relation, wave))
        assert kind == ("*Arcs" if network.relations[relation].directed else "*Edges")
        # each block alone is a Pajek file igraph reads
        single = tmp_path / f"{relation}-{wave}.net"
        single.write_text("\n".join([vert_head, *vertices, kind, *lines]) + "\n", "utf-8")
        h = ig.Graph.Read_Pajek(str(single))
        got: Counter = Counter()
        for e in h.es:
            s, t = ids[e.source], ids[e.target]
            got[(s, t, float(e["weight"]))] += 1
            if not h.is_directed() and s != t:
                got[(t, s, float(e["weight"]))] += 1
        assert got == view_edges(network, relation, wave), (relation, wave)
    assert seen == {(r, w) for r in network.relations for w in network.waves}
    clu = (tmp_path / "n.clu").read_text(encoding="utf-8").splitlines()
    numbering = {
        line.split(" = ")[1]: int(line.split(": ")[1].split(" = ")[0])
        for line in clu
        if line.startswith("%")
    }
    classes = [int(x) for x in clu[clu.index(f"*Vertices {len(ids)}") + 1 :]]
    assert classes == [numbering[k] for k in network.actors["kind"]]


# ---------------------------------------------------------------- UCINET DL
@pytest.mark.parametrize("fullmatrix", [True, False])
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_dl_matrices_equal_the_relation_views(which, fullmatrix, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    path = export_network(network, "dl", tmp_path / "n.dl", fullmatrix=fullmatrix).paths[0]
    assert path.read_text(encoding="utf-8").startswith(
        f"dl n={len(network.actors)} nm=6 format={'fullmatrix' if fullmatrix else 'edgelist1'}"
    )
    names, matrices, cells = read_dl(path)
    assert names == [one_line(n) for n in network.actors["name"]]
    by_name = dict(zip(names, network.actors.index, strict=True))
    assert len(by_name) == len(names)
    for matrix, found in zip(matrices, cells, strict=True):
        relation, wave = matrix.split(" ")
        got = Counter({(by_name[s], by_name[t], w): c for (s, t, w), c in found.items()})
        assert got == view_edges(network, relation, wave), matrix


# ---------------------------------------------------------------- Gephi CSV
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_gephi_csv_round_trips(which, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    nodes_path, edges_path = export_network(network, "csv", tmp_path / "csv", safe=False).paths
    nodes = pd.read_csv(nodes_path, dtype=str, keep_default_na=False)
    assert list(nodes.columns[:2]) == ["Id", "Label"]
    assert nodes["Id"].tolist() == list(network.actors.index)
    assert nodes["Label"].tolist() == list(network.actors["name"])
    edges = _edge_rows(edges_path)
    assert list(edges.columns[:7]) == [
        "Source", "Target", "Type", "Id", "Weight", "relation", "wave",
    ]  # fmt: skip
    got = tie_multiset(
        edges.rename(columns=str.lower).assign(weight=lambda d: d["weight"].astype(float))
    )
    assert got == expected_ties(network)
    directed = {r: spec.directed for r, spec in network.relations.items()}
    assert all(
        t == ("Directed" if directed[r] else "Undirected")
        for t, r in zip(edges["Type"], edges["relation"], strict=True)
    )


def test_gephi_csv_is_formula_guarded_unless_raw(hostile, tmp_path):
    safe = export_network(hostile, "csv", tmp_path / "safe").paths[0]
    raw = export_network(hostile, "csv", tmp_path / "raw", safe=False).paths[0]
    assert "'=cmd|' /C calc'!A0" in safe.read_text(encoding="utf-8")
    labels = pd.read_csv(raw, dtype=str)["Label"].tolist()
    assert "=cmd|' /C calc'!A0" in labels


# ---------------------------------------------------------------- Kumu
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_kumu_workbook_round_trips(which, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    path = export_network(network, "kumu", tmp_path / "n.xlsx").paths[0]
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["Elements", "Connections"]
    elements, connections = sheets["Elements"], sheets["Connections"]
    assert list(elements.columns[:3]) == ["ID", "Label", "Type"]
    assert elements["ID"].tolist() == list(network.actors.index)
    expected_labels = [n.replace("\r\n", "\n") for n in network.actors["name"]]
    assert [x.replace("\r\n", "\n") for x in elements["Label"]] == expected_labels
    assert elements["Type"].tolist() == list(network.actors["kind"])
    assert list(connections.columns[:6]) == [
        "From", "To", "Type", "Direction", "Strength", "Wave",
    ]  # fmt: skip
    got = Counter(
        (f, t, r, w, float(s))
        for f, t, r, w, s in zip(
            connections["From"], connections["To"], connections["Type"],
            connections["Wave"], connections["Strength"], strict=True,
        )
    )  # fmt: skip
    assert got == expected_ties(network)


# ---------------------------------------------------------------- node-link JSON
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_node_link_json_reads_in_networkx(which, sample, hostile, tmp_path):
    network = sample if which == "sample" else hostile
    path = export_network(network, "json", tmp_path / "n.json").paths[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    g = nx.node_link_graph(data)
    assert isinstance(g, nx.MultiDiGraph)
    assert list(g.nodes) == list(network.actors.index)
    assert [g.nodes[i]["label"] for i in g.nodes] == list(network.actors["name"])
    assert _nx_ties(g) == expected_ties(network)
    # d3: every link names nodes by id
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])


# ---------------------------------------------------------------- hostile names everywhere
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hostile_names_survive_every_format(fmt, hostile, tmp_path):
    # networkx and igraph read one Pajek relation per file
    one = {"relation": "knowledge", "wave": "w1"} if fmt == "pajek" else {}
    paths = export_network(hostile, fmt, tmp_path / OUT[fmt], safe=False, **one).paths
    if fmt in ("graphml", "gexf"):
        g = nx.read_graphml(paths[0]) if fmt == "graphml" else nx.read_gexf(paths[0])
        labels = [g.nodes[i]["label"] for i in HOSTILE_IDS]
    elif fmt == "json":
        g = nx.node_link_graph(json.loads(paths[0].read_text(encoding="utf-8")))
        labels = [g.nodes[i]["label"] for i in HOSTILE_IDS]
    elif fmt == "csv":
        labels = pd.read_csv(paths[0], dtype=str)["Label"].tolist()
    elif fmt == "kumu":
        labels = pd.read_excel(paths[0], sheet_name="Elements", dtype=str)["Label"].tolist()
        labels = [x.replace("\r\n", "\n") for x in labels]
    elif fmt == "dl":
        labels = read_dl(paths[0])[0]
    else:
        labels = list(nx.read_pajek(paths[0]).nodes)
    expected = list(HOSTILE_NAMES)
    if fmt in ("pajek", "dl"):  # line formats: breaks as spaces, " as '
        expected = [one_line(n) for n in expected]
    if fmt == "kumu":
        expected = [n.replace("\r\n", "\n") for n in expected]
    assert labels == expected


# ---------------------------------------------------------------- anonymised
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_anonymized_exports_hold_no_name_or_id(fmt, sample, tmp_path):
    paths = export_network(sample, fmt, tmp_path / OUT[fmt], anonymize=True).paths
    tables = export_tables(sample, anonymize=True)
    codes = set(tables.codes.values())
    assert codes.isdisjoint(sample.actors.index)
    regions = " ".join(sample.actors["region"].dropna())  # "Gran Mendoza" holds "Mendoza"
    places = {m for m in sample.actors["municipality"].dropna() if m not in regions}
    names = set(sample.actors["name"]) | places
    for path in paths:
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None, dtype=str)
            text = "\n".join(s.to_csv() for s in sheets.values())
        else:
            text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text]
        assert "F001" not in text
    assert "ties.csv" not in "".join(
        p.read_text(encoding="utf-8") for p in paths if p.suffix != ".xlsx"
    )


# ---------------------------------------------------------------- measures
@pytest.fixture(scope="module")
def measures(sample):
    return analysis_measures(sample, seed=3)


def test_analysis_measures_become_actor_attributes(sample, measures, tmp_path):
    path = export_network(sample, "graphml", tmp_path / "m.graphml", measures=measures).paths[0]
    g = nx.read_graphml(path)
    for actor in ("F001", "F002"):
        node = g.nodes[actor]
        assert node["degree"] == measures.at[actor, "degree"]
        assert node["betweenness"] == pytest.approx(measures.at[actor, "betweenness"])
        assert node["cognitive_role"] == measures.at[actor, "cognitive_role"]
        assert node["label"] == sample.actors.at[actor, "name"]


def test_measures_read_from_an_analyze_folder(sample, measures, tmp_path):
    from tramas.metrics.analysis import analyze

    analyze(sample, seed=3).write(tmp_path / "analysis")
    read = read_measures(tmp_path / "analysis")
    assert set(read.index) == set(sample.actors.index)
    assert read.loc["F001", "cognitive_role"] == measures.at["F001", "cognitive_role"]
    assert "name" not in read.columns and "kind" not in read.columns
    path = export_network(sample, "json", tmp_path / "m.json", measures=read).paths[0]
    nodes = {n["id"]: n for n in json.loads(path.read_text(encoding="utf-8"))["nodes"]}
    assert nodes["F001"]["degree"] == int(measures.at["F001", "degree"])
    assert nodes["F001"]["role_reason"]  # the worded reason travels too
