"""Maps of very large networks: the community map counts the ties between communities as
numpy does by hand, ego maps match igraph's neighbourhood, survey text stays escaped,
codes replace ids, and ``tramas map --ties BIG`` takes this path."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.graph.anonymize import anonymize_ids
from tramas.viz.scale_map import write_scale_map

XSS = "<img src=x onerror=alert(1)>"


def read_page(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup, json.loads(soup.find("script", id="tramas-data").string)


@pytest.fixture(scope="module")
def big():
    """Six planted groups of 100 firms, 85 % of 4,000 ties inside a group."""
    rng = np.random.default_rng(11)
    n, m = 600, 4000
    group = np.repeat(np.arange(6), 100)
    src = rng.integers(0, n, m)
    inside = rng.random(m) < 0.85
    tgt = np.where(inside, group[src] * 100 + rng.integers(0, 100, m), rng.integers(0, n, m))
    keep = src != tgt
    ids = np.array([f"T{i:04d}" for i in range(n)])
    frame = pd.DataFrame({"source": ids[src[keep]], "target": ids[tgt[keep]], "weight": 1.0})
    frame = frame.drop_duplicates(["source", "target"])
    names = [f"Firm {i}" for i in range(n)]
    names[5] = XSS
    actors = pd.DataFrame({"name": names, "kind": "firm"}, index=pd.Index(ids, name="id"))
    return NetworkView.from_frames(actors, frame, directed=True, relations=("trade",)), frame


def test_community_map_counts_ties_between_communities(big, tmp_path):
    view, frame = big
    membership = pd.Series(
        [int(i[1:]) // 100 + 1 for i in view.ids], index=view.ids, name="community"
    )
    result = write_scale_map(
        view, tmp_path / "m.html", communities=membership, community_threshold=100
    )
    soup, data = read_page(result.path)
    assert result.mode == "community" and result.n_nodes == 6
    # by hand: directed ties between planted groups
    a = frame["source"].map(membership).to_numpy()
    b = frame["target"].map(membership).to_numpy()
    expected = (
        pd.Series(1, index=pd.MultiIndex.from_arrays([a[a != b], b[a != b]]))
        .groupby(level=[0, 1])
        .sum()
    )
    labels = [int(n["name"].split()[-1]) for n in data["nodes"]]
    drawn = {(labels[e[0]], labels[e[1]]): e[7] for e in data["edges"]}
    assert drawn == expected.to_dict()
    assert (
        sum(int(n["label"].split("(")[1].rstrip(")").replace(",", "")) for n in data["nodes"])
        == 600
    )
    assert len(data["search"]) == 600  # every firm can be found
    # survey text only as data, never as markup
    assert XSS in [s[0] for s in data["search"]]
    assert not soup.find("img")


def test_community_map_draws_only_the_strongest_links(big, tmp_path):
    view, _ = big
    result = write_scale_map(view, tmp_path / "m.html", community_threshold=100, max_links=3)
    _, data = read_page(result.path)
    assert result.n_edges < 30
    assert "weaker links" in result.message
    # every community keeps at least one link
    touched = {e[0] for e in data["edges"]} | {e[1] for e in data["edges"]}
    assert touched == set(range(result.n_nodes))


def test_ego_map_is_the_igraph_neighbourhood(big, tmp_path):
    view, _ = big
    ego = "T0007"
    hood = view.graph.neighborhood(view.vertex(ego), order=1, mode="all")
    result = write_scale_map(view, tmp_path / "ego.html", ego=ego)
    _, data = read_page(result.path)
    assert result.mode == "ego"
    assert {n["id"] for n in data["nodes"]} == set(view.ids[hood])
    assert "whole network (600 actors)" in result.message


def test_anonymised_maps_show_codes_only(big, tmp_path):
    view, _ = big
    codes = anonymize_ids(view.actors, key="secret")
    result = write_scale_map(
        view, tmp_path / "ego.html", ego=codes["T0005"], anonymize=True, anon_key="secret"
    )
    html = result.path.read_text(encoding="utf-8")
    _, data = read_page(result.path)
    assert {n["id"] for n in data["nodes"]} <= set(codes.values())
    assert "T0005" not in html and "Firm 1" not in html and XSS not in html
    result = write_scale_map(
        view, tmp_path / "c.html", anonymize=True, anon_key="secret", community_threshold=100
    )
    html = result.path.read_text(encoding="utf-8")
    assert "T00" not in html and "Firm" not in html


def test_unknown_ego(big, tmp_path):
    view, _ = big
    with pytest.raises(TramasError, match="no actor 'T9999'"):
        write_scale_map(view, tmp_path / "x.html", ego="T9999")


def test_cli_map_takes_the_scale_path(big, tmp_path):
    _, frame = big
    path = tmp_path / "ties.parquet"
    frame.to_parquet(path, index=False)
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        app,
        ["map", "--ties", str(path), "--out", str(out), "--community-threshold", "100"],
    )
    assert result.exit_code == 0, result.output
    _, data = read_page(out)
    assert data["mode"] == "community" and "community map" in result.output
    result = CliRunner().invoke(
        app, ["map", "--ties", str(path), "--out", str(out), "--ego", "T0001", "--lang", "es"]
    )
    assert result.exit_code == 0, result.output
    _, data = read_page(out)
    assert data["mode"] == "ego" and data["lang"] == "es"
    bad = CliRunner().invoke(
        app, ["map", "--ties", str(path), "--out", str(out), "--compare", "2023,2025"]
    )
    assert bad.exit_code == 1 and "do not apply" in bad.output
