"""``tramas export`` end to end: every format from the command line, with its manifest."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.sample import sample_dir

runner = CliRunner()
STUDY = str(sample_dir() / "study.toml")

CASES = {
    "graphml": ("n.graphml", ["n.graphml"]),
    "gexf": ("n.gexf", ["n.gexf"]),
    "pajek": ("n.net", ["n.net", "n.clu"]),
    "dl": ("n.dl", ["n.dl"]),
    "csv": ("csv", ["csv/nodes.csv", "csv/edges.csv"]),
    "kumu": ("n.xlsx", ["n.xlsx"]),
    "json": ("n.json", ["n.json"]),
}


@pytest.mark.parametrize("fmt", list(CASES))
def test_export_writes_every_format_with_a_manifest(fmt, tmp_path):
    out, files = CASES[fmt]
    args = ["export", "--study", STUDY, "--format", fmt, "--out", str(tmp_path / out)]
    if fmt == "pajek":
        args += ["--partition", "kind"]
    result = runner.invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"exported as {fmt}: 118 actors" in result.output
    for name in files:
        path = tmp_path / name
        assert path.is_file() and path.stat().st_size > 0, name
        assert f"written {path}" in result.output
    folder = (tmp_path / files[0]).parent
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    recorded = {o["path"] for o in manifest["outputs"]}
    assert {p.split("/")[-1] for p in files} <= {r.split("/")[-1] for r in recorded}


def test_export_one_relation_and_wave_anonymized_with_analysis(tmp_path):
    out = tmp_path / "a.json"
    args = ["export", "--study", STUDY, "-f", "json", "--out", str(out), "--relation", "trade"]
    args += ["--wave", "2025", "--anonymize", "--analyze", "--seed", "3"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    g = nx.node_link_graph(data)
    assert {d["relation"] for _, _, d in g.edges(data=True)} == {"trade"}
    assert {d["wave"] for _, _, d in g.edges(data=True)} == {"2025"}
    node = data["nodes"][0]
    assert "degree" in node and "cognitive_role" in node and "name" not in node
    assert not any(n["id"].startswith(("F0", "I0")) for n in data["nodes"])


def test_export_reads_an_analyze_folder(tmp_path):
    folder = tmp_path / "analysis"
    result = runner.invoke(app, ["analyze", "--study", STUDY, "--out", str(folder)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "csv"
    args = ["export", "--study", STUDY, "-f", "csv", "--out", str(out), "--analysis", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    nodes = pd.read_csv(out / "nodes.csv", dtype={"Id": str})
    analysed = pd.read_csv(folder / "actors.csv", dtype={"id": str}).set_index("id")
    got = nodes.set_index("Id")["pagerank"]
    assert got.to_dict() == pytest.approx(analysed["pagerank"].reindex(got.index).to_dict())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-f", "svg"], "unknown export format 'svg'"),
        (["-f", "gexf", "--partition", "kind"], "it needs --format pajek"),
        (["-f", "pajek", "--partition", "nope"], "no actor attribute or measure 'nope'"),
        (["--relation", "nope"], "nope"),
        (["--wave", "1999"], "1999"),
        (["--analysis", "/nonexistent", "--analyze"], "exclude each other"),
        (["--analysis", "/nonexistent"], "no actors.csv in /nonexistent"),
    ],
)
def test_export_errors_read_as_one_line_with_a_hint(extra, message, tmp_path):
    args = ["export", "--study", STUDY, "--out", str(tmp_path / "x.out"), "--lang", "en"]
    result = runner.invoke(app, [*args, *extra], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert message in result.output
    assert "error:" in result.output


def test_export_speaks_spanish(tmp_path):
    args = ["export", "--study", STUDY, "-f", "svg", "--out", str(tmp_path / "x")]
    result = runner.invoke(app, [*args, "--lang", "es"])
    assert result.exit_code == 1
    assert "formato de exportación desconocido: 'svg'" in result.output
    assert "sugerencia: use uno de estos: graphml, gexf" in result.output
