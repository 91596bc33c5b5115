"""Input–output linkages and sector groups: hand-computed coefficients, planted groups,
validation of the flow table, the SVG map and the CLI."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError, TramasError
from tramas.identify import io_clusters, linkage_matrix, read_flow_table

SVG = "{http://www.w3.org/2000/svg}"
SECTORS = [
    "viticulture",
    "wine",
    "bottles",
    "corks",
    "steel",
    "machinery",
    "autoparts",
    "software",
    "banking",
    "trade",
]
BLOCKS = [SECTORS[:4], SECTORS[4:7], SECTORS[7:]]


def _planted(seed: int = 1) -> pd.DataFrame:
    """Three groups of sectors trading heavily inside, lightly across."""
    rng = np.random.default_rng(seed)
    x = rng.gamma(1.0, 2.0, (10, 10))
    for block in ([0, 1, 2, 3], [4, 5, 6], [7, 8, 9]):
        for i in block:
            for j in block:
                x[i, j] += rng.uniform(30, 80)
    return pd.DataFrame(x.round(1), index=SECTORS, columns=SECTORS)


def test_direct_linkages_hand_computed():
    # flows row -> column
    flows = pd.DataFrame(
        [[10, 60, 30], [0, 20, 20], [40, 0, 0]],
        index=["a", "b", "c"],
        columns=["a", "b", "c"],
    )
    link, basis = linkage_matrix(flows)
    # P (column sums) = a 50, b 80, c 50; S (row sums) = a 100, b 40, c 40
    # a-b: x_ab/P_b = 60/80, x_ab/S_a = 60/100, x_ba/P_a = 0, x_ba/S_b = 0 -> 0.75
    assert link.loc["a", "b"] == pytest.approx(0.75)
    assert basis.loc["a", "b"] == "a_supplies_b_share_of_b_purchases"
    # a-c: 30/50, 30/100, x_ca/P_a = 40/50, x_ca/S_c = 40/40 -> 1.0
    assert link.loc["a", "c"] == pytest.approx(1.0)
    assert basis.loc["a", "c"] == "b_supplies_a_share_of_b_sales"
    # b-c: x_bc/P_c = 20/50, x_bc/S_b = 20/40 = 0.5, x_cb = 0 -> 0.5
    assert link.loc["b", "c"] == pytest.approx(0.5)
    np.testing.assert_allclose(link.to_numpy(), link.to_numpy().T)
    assert np.all(np.diag(link.to_numpy()) == 0)


def test_correlation_linkages_match_numpy():
    flows = _planted()
    x = flows.to_numpy()
    A = x / x.sum(axis=0)[None, :]
    B = x / x.sum(axis=1)[:, None]
    link, basis = linkage_matrix(flows, method="correlation")
    a, b = 0, 5
    candidates = [
        np.corrcoef(A[:, a], A[:, b])[0, 1],
        np.corrcoef(B[a], B[b])[0, 1],
        np.corrcoef(A[:, a], B[b])[0, 1],
        np.corrcoef(B[a], A[:, b])[0, 1],
    ]
    assert link.iloc[a, b] == pytest.approx(max(max(candidates), 0))
    assert link.iloc[a, b] == pytest.approx(link.iloc[b, a])


@pytest.mark.parametrize("method", ["direct", "correlation"])
@pytest.mark.parametrize("grouping", ["leiden", "hierarchical"])
def test_planted_groups_are_recovered(method, grouping):
    res = io_clusters(_planted(), method=method, grouping=grouping)
    found = sorted(sorted(members) for members in res.clusters.values())
    assert found == sorted(sorted(b) for b in BLOCKS)
    assert res.groups["group"].tolist() == sorted(res.groups["group"])  # sorted by group
    assert res.groups.loc[res.groups["group"] == 1, "group_size"].iloc[0] == 4  # largest first
    assert res.groups.groupby("group")["anchor"].sum().tolist() == [1, 1, 1]
    strong = res.linkages[res.linkages["strong"]]
    assert strong["same_group"].mean() > 0.9
    assert res.linkages["linkage"].is_monotonic_decreasing


def test_leiden_modularity_matches_networkx_and_is_seeded():
    flows = _planted(3)
    res = io_clusters(flows, seed=7)
    again = io_clusters(flows, seed=7)
    pd.testing.assert_frame_equal(res.groups, again.groups)
    strong = res.linkages[res.linkages["strong"]]
    G = nx.Graph()
    G.add_nodes_from(SECTORS)
    G.add_weighted_edges_from(strong[["sector_a", "sector_b", "linkage"]].itertuples(index=False))
    parts = [set(p[1]) for p in res.groups.groupby("group")["sector"]]
    assert res.modularity == pytest.approx(nx.community.modularity(G, parts, weight="weight"))


def test_hierarchical_cut_uses_average_linkage_threshold():
    # flows giving direct linkages a-b 0.6, a-c 0.3, b-c 0.1 (each sector's sales are
    # its largest normaliser): c's average linkage to {a, b} is 0.2
    flows = pd.DataFrame(
        [[40, 60, 30], [60, 30, 10], [30, 10, 60]], index=list("abc"), columns=list("abc")
    ).astype(float)
    link, _ = linkage_matrix(flows)
    assert link.loc["a", "b"] == pytest.approx(0.6)
    assert link.loc["a", "c"] == pytest.approx(0.3)
    assert link.loc["b", "c"] == pytest.approx(0.1)
    split = io_clusters(flows, grouping="hierarchical", min_linkage=0.25).clusters
    assert split == {1: ["a", "b"]}
    merged = io_clusters(flows, grouping="hierarchical", min_linkage=0.2).clusters
    assert sorted(merged[1]) == ["a", "b", "c"]


def test_isolated_sector_is_not_grouped_and_warned():
    flows = _planted()
    flows["mining"] = 0.0
    flows.loc["mining"] = 0.0
    res = io_clusters(flows)
    row = res.groups.set_index("sector").loc["mining"]
    assert not row["in_cluster"] and row["group_size"] == 1
    assert row["group"] == res.groups["group"].max()
    assert any("mining" in w for w in res.warnings)


# ----------------------------------------------------------------- reading and validation
def test_reads_csv_with_reordered_header_and_blank_cells(tmp_path):
    path = tmp_path / "mip.csv"
    path.write_text("sector;b;a\na;5;\nb;;2,5\n", encoding="utf-8")
    flows = read_flow_table(path)
    assert list(flows.index) == ["a", "b"] and list(flows.columns) == ["a", "b"]
    assert flows.loc["a", "b"] == 5.0 and flows.loc["b", "a"] == 2.5 and flows.loc["a", "a"] == 0.0


def test_reads_xlsx(tmp_path):
    path = tmp_path / "mip.xlsx"
    _planted().rename_axis("sector").to_excel(path, sheet_name="flows")
    res = io_clusters(path, sheet="flows")
    assert len(res.clusters) == 3


@pytest.mark.parametrize(
    ("content", "message", "row", "column"),
    [
        ("s,a,b,final demand\na,1,2,3\nb,1,2,3\n", "not a square", 1, "final demand"),
        ("s,a,b\na,1,2\na,1,2\n", "appears twice", 3, "s"),
        ("s,a,b\na,1,-2\nb,1,2\n", "negative flow", 2, "b"),
        ("s,a,b\na,1,2\nb,x,2\n", "'x' is not a number", 3, "a"),
        ("s,a,b\n,1,2\nb,1,2\n", "empty sector label", 2, "s"),
        ("s,a,b\n\na,1,2\n\nb,x,2\n", "'x' is not a number", 5, "a"),  # blank lines count
    ],
)
def test_flow_table_errors_name_row_and_column(tmp_path, content, message, row, column):
    path = tmp_path / "mip.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        io_clusters(path)
    assert (info.value.file, info.value.row, info.value.column) == (str(path), row, column)


def test_bad_parameters():
    with pytest.raises(TramasError, match="unknown method"):
        io_clusters(_planted(), method="factor")  # type: ignore[arg-type]
    with pytest.raises(TramasError, match="unknown grouping"):
        io_clusters(_planted(), grouping="kmeans")  # type: ignore[arg-type]
    with pytest.raises(TramasError, match="min_linkage"):
        io_clusters(_planted(), min_linkage=1.5)


# ----------------------------------------------------------------- outputs
def test_write_outputs_and_escaped_svg(tmp_path):
    flows = _planted()
    flows = flows.rename(index={"wine": "<b>wine & co</b>"}, columns={"wine": "<b>wine & co</b>"})
    res = io_clusters(flows)
    paths = res.write(tmp_path / "io", lang="es")
    assert [p.name for p in paths] == ["sector_groups.csv", "linkages.csv", "sector_map.svg"]
    groups = pd.read_csv(paths[0])
    assert set(groups.columns) >= {"sector", "group", "group_size", "in_cluster", "anchor"}
    assert len(groups) == 10
    links = pd.read_csv(paths[1])
    assert set(links.columns) >= {
        "sector_a",
        "sector_b",
        "linkage",
        "basis",
        "strong",
        "same_group",
    }
    raw = paths[2].read_text(encoding="utf-8")
    assert "<b>wine" not in raw and "&lt;b&gt;wine &amp; co&lt;/b&gt;" in raw
    root = ET.fromstring(raw)  # well-formed XML
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 10
    assert len(root.findall(f".//{SVG}line")) == int(res.linkages["strong"].sum())
    sectors = {g.get("data-sector") for g in root.findall(f".//{SVG}g[@class='sector']")}
    assert "<b>wine & co</b>" in sectors
    assert "Grupos de sectores" in raw
    # group colours: the members of a group share one fill
    fills = {}
    for g in root.findall(f".//{SVG}g[@class='sector']"):
        fills.setdefault(g.get("data-group"), set()).add(g.find(f"{SVG}circle").get("fill"))
    assert all(len(f) == 1 for f in fills.values())
    assert len({next(iter(f)) for f in fills.values()}) == 3


def test_cli_io(tmp_path):
    table = tmp_path / "mip.csv"
    _planted().rename_axis("sector").to_csv(table)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["identify", "io", "--table", str(table), "--out", str(out), "--grouping", "hierarchical"],
    )
    assert result.exit_code == 0, result.output
    assert "3 groups" in result.output
    groups = pd.read_csv(out / "sector_groups.csv")
    assert sorted(groups.groupby("group")["sector"].apply(sorted).tolist()) == sorted(
        sorted(b) for b in BLOCKS
    )
    assert (out / "sector_map.svg").exists()
    bad = CliRunner().invoke(
        app, ["identify", "io", "--table", str(table), "--out", str(out), "--method", "nope"]
    )
    assert bad.exit_code == 1 and "unknown method" in bad.output
