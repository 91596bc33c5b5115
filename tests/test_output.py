"""tramas.output: hostile text neutralised in every CSV and XLSX tramas writes, numbers kept."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tramas.cli import app
from tramas.graph import Network, Relation
from tramas.output import (
    csv_safe,
    csv_text,
    figure_rows,
    flatten_figures,
    is_formula,
    json_safe,
    write_csv,
    write_xlsx,
)

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1)", "@SUM(1)", "-2+3", "\tx", "\r=1"]
HARMLESS = ["-12.5", "-3,2", "Acme S.A.", "12", "", "a=b"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gets_a_leading_quote(text):
    assert is_formula(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", [*HARMLESS, -12.5, 3, None, np.float64(-2.0)])
def test_numbers_and_plain_text_are_untouched(value):
    assert not is_formula(value)
    assert csv_safe(value) is value


def test_csv_guard_can_be_turned_off():
    frame = pd.DataFrame({"name": ["+SUM(1)", "-12.5"], "x": [-12.5, 1.0]})
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows[1:] == [["'+SUM(1)", "-12.5"], ["-12.5", "1.0"]]
    raw = list(csv.reader(io.StringIO(csv_text(frame, safe=False))))
    assert raw[1] == ["+SUM(1)", "-12.5"]


def test_write_csv_guards_labels_and_index(tmp_path):
    frame = pd.DataFrame({"=x": ["@a"]}, index=pd.Index(["-b+c"], name="id"))
    text = write_csv(frame, tmp_path / "t.csv", index=True).read_text(encoding="utf-8")
    assert text.splitlines() == ["id,'=x", "'-b+c,'@a"]


def test_write_xlsx_stores_hostile_text_as_quoted_text_and_numbers_as_numbers(tmp_path):
    frame = pd.DataFrame({"name": [*HOSTILE[:4], "-12.5"], "value": [1.5, np.nan, -2, 3, -12.5]})
    ws = load_workbook(write_xlsx(tmp_path / "t.xlsx", {"t": frame}))["t"]
    cells = list(ws.iter_rows(min_row=2))
    for (name, _), text in zip(cells[:4], HOSTILE[:4], strict=True):
        assert name.value == text and name.data_type == "s" and name.quotePrefix
    assert cells[4][0].value == "-12.5" and not cells[4][0].quotePrefix
    assert [r[1].value for r in cells] == [1.5, None, -2, 3, -12.5]


def test_json_safe_and_flattening():
    value = {"a": np.int64(2), "b": [np.nan, np.inf, 1.5], "c": {"d": pd.NA, "e": (1, 2)}}
    assert json_safe(value) == {"a": 2, "b": [None, None, 1.5], "c": {"d": None, "e": [1, 2]}}
    json.dumps(json_safe(value), allow_nan=False)
    assert flatten_figures(value) == {
        "a": value["a"],
        "b": "nan, inf, 1.5",
        "c.d": pd.NA,
        "c.e": "1, 2",
    }
    assert flatten_figures(value, skip={"c"}, numbers_only=True) == {"a": 2}
    assert figure_rows({"x": {"y": "z"}}).to_dict("records") == [{"figure": "x.y", "value": "z"}]


def hostile_network() -> Network:
    names = ["Acme", *HOSTILE[:4], "-12.5"]
    ids = [f"A{i}" for i in range(len(names))]
    actors = pd.DataFrame(
        {"name": names, "kind": "firm", "sector": ["wine", "=1+1", "olive"] * 2},
        index=pd.Index(ids, name="id"),
    )
    pairs = [(ids[i], ids[(i + 1) % len(ids)]) for i in range(len(ids))]
    pairs += [(ids[0], ids[3]), (ids[2], ids[5])]
    ties = pd.DataFrame(
        {
            "source": [a for a, _ in pairs],
            "target": [b for _, b in pairs],
            "relation": "trade",
            "wave": "2024",
            "weight": 1.0,
        }
    )
    return Network(actors, ties, relations={"trade": Relation("trade")})


def _names(path, column="name"):
    with path.open(encoding="utf-8") as fh:
        return [row[column] for row in csv.DictReader(fh)]


def test_analysis_files_neutralise_hostile_names(tmp_path):
    from tramas.metrics import analyze

    paths = analyze(hostile_network(), consensus_runs=2).write(tmp_path)
    names = _names(paths[0])
    assert names == ["Acme", *("'" + h for h in HOSTILE[:4]), "-12.5"]
    ws = load_workbook(paths[3])["actors"]
    col = [c.value for c in ws[1]].index("name")
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["Acme", *HOSTILE[:4], "-12.5"]
    assert [bool(c.quotePrefix) for c in cells] == [False, True, True, True, True, False]


def test_scale_analysis_csv_neutralises_hostile_names(tmp_path):
    from tramas.metrics import analyze_scale

    paths = analyze_scale(hostile_network(), pivots=None).write(tmp_path)
    text = (tmp_path / "actors.csv").read_text(encoding="utf-8")
    assert "\"'=cmd|' /C calc'!A0\"" in text and '"\'-2+3"' in text and '"-12.5"' in text
    assert tmp_path / "tramas-analysis.xlsx" in paths


def test_report_tables_neutralise_hostile_names(tmp_path):
    from tramas.report import build_report

    result = build_report(hostile_network(), tmp_path / "r.html", null_samples=0)
    text = "\n".join(p.read_text(encoding="utf-8") for p in result.tables)
    for hostile in HOSTILE[:4]:
        assert "'" + hostile in text or "'" + hostile.replace('"', '""') in text
    assert "'-12.5" not in text
    raw = build_report(hostile_network(), tmp_path / "raw.html", null_samples=0, safe_csv=False)
    raw_text = "\n".join(p.read_text(encoding="utf-8") for p in raw.tables)
    assert "'+SUM(1)" not in raw_text and "+SUM(1)" in raw_text


def test_cli_analyze_raw_csv(tmp_path):
    net = hostile_network()
    actors, ties = tmp_path / "actors.csv", tmp_path / "ties.csv"
    net.actors.reset_index().to_csv(actors, index=False)
    net.ties[["source", "target", "relation", "wave", "weight"]].to_csv(ties, index=False)
    for flag, expected in (([], "'+SUM(1)"), (["--raw-csv"], "+SUM(1)")):
        out = tmp_path / f"out{len(flag)}"
        result = CliRunner().invoke(
            app,
            ["analyze", "--actors", str(actors), "--ties", str(ties), "--out", str(out), *flag],
        )
        assert result.exit_code == 0, result.output
        assert expected in _names(out / "actors.csv")


def test_query_result_csv_is_guarded():
    from tramas.neo4j.connection import QueryResult

    result = QueryResult(columns=("name", "n"), rows=[{"name": "=cmd|' /C calc'!A0", "n": -12.5}])
    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows == [["name", "n"], ["'=cmd|' /C calc'!A0", "-12.5"]]
    assert list(csv.reader(io.StringIO(result.to_csv(safe=False))))[1][0] == "=cmd|' /C calc'!A0"
