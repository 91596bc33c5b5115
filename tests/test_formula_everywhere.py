"""Formula-safe CSV from every command that writes CSV (#14 case 11, item 5).

Actor ids and names such as ``=cmd|' /C calc'!A0``, ``+SUM(1,2)``, ``@SUM(1)`` or ``-x``
were written raw into ``actors.csv`` and the report's CSV tables, where a spreadsheet runs
them as formulas. The bundled sample, with a few actors renamed to such names in
actors.csv and ties.csv alike, goes through validate, analyze, report, map, compare and
identify; every CSV written is then read back cell by cell: no cell starts with a
formula character unprotected (``tramas.output.is_formula``), and with ``--raw-csv``
the text is there exactly as given.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.output import is_formula

#: Actor ids (used in ties.csv too) and names a spreadsheet would run as formulas.
HOSTILE_IDS = {
    "F001": "=cmd|' /C calc'!A0",
    "F002": "+SUM(1,2)",
    "F003": "@SUM(1)",
    "F004": "-x",
}
HOSTILE_NAMES = {
    "F005": '=HYPERLINK("http://evil.example","click")',
    "F006": "+1+1 Vinos",
    "F007": "@Bodega",
    "F008": "-2+3 Cooperativa",
}
HOSTILE = set(HOSTILE_IDS.values()) | set(HOSTILE_NAMES.values())

runner = CliRunner()


def _invoke(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.output, repr(result.exception))


@pytest.fixture(scope="module")
def hostile_study(tmp_path_factory) -> Path:
    """The bundled sample with hostile actor ids and names (actors.csv and ties.csv)."""
    folder = tmp_path_factory.mktemp("hostile") / "sample"
    _invoke(["sample", "--out", str(folder)])
    read = {"dtype": str, "keep_default_na": False}
    actors = pd.read_csv(folder / "actors.csv", **read)
    ties = pd.read_csv(folder / "ties.csv", **read)
    assert set(HOSTILE_IDS) <= set(actors["id"]), "the sample changed: pick other actors"
    actors["name"] = (
        actors["id"]
        .map(HOSTILE_NAMES)
        .where(actors["id"].isin(HOSTILE_NAMES.keys()), actors["name"])
    )
    actors["id"] = actors["id"].replace(HOSTILE_IDS)
    actors.loc[actors.index[:3], "municipality"] = "=1+1"
    for col in ("source", "target"):
        ties[col] = ties[col].replace(HOSTILE_IDS)
    actors.to_csv(folder / "actors.csv", index=False)
    ties.to_csv(folder / "ties.csv", index=False)
    for extra in sorted(folder.glob("*.csv")):  # other tables keyed by actor id (upgrading)
        if extra.name in ("actors.csv", "ties.csv"):
            continue
        table = pd.read_csv(extra, **read)
        if "id" in table:
            table["id"] = table["id"].replace(HOSTILE_IDS)
            table.to_csv(extra, index=False)
    return folder / "study.toml"


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _csv_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.csv"))


def _unprotected(folder: Path) -> dict[str, list[str]]:
    found = {}
    for path in _csv_files(folder):
        bad = [c for c in _cells(path) if is_formula(c)]
        if bad:
            found[str(path.relative_to(folder))] = bad[:5]
    return found


def _raw_found(folder: Path) -> set[str]:
    return {c for path in _csv_files(folder) for c in _cells(path)} & HOSTILE


@pytest.fixture(scope="module")
def outputs(hostile_study: Path, tmp_path_factory) -> dict[str, Path]:
    """Every command run on the hostile study, once guarded and once with --raw-csv."""
    base = tmp_path_factory.mktemp("outputs")
    study = str(hostile_study)
    _invoke(["validate", "--study", study])
    runs: dict[str, Path] = {}
    for raw in (False, True):
        flag = ["--raw-csv"] if raw else []
        tag = "raw" if raw else "safe"
        for name, args in {
            "analyze": ["analyze", "--study", study, "--out", "{dir}"],
            "report": ["report", "--study", study, "--out", "{dir}/report.html"],
            "compare": ["compare", "--study", study, "--out", "{dir}"],
            "diagnose": ["diagnose", "--study", study, "--out", "{dir}"],
        }.items():
            folder = base / f"{name}-{tag}"
            folder.mkdir()
            _invoke([a.replace("{dir}", str(folder)) for a in args] + flag)
            runs[f"{name}-{tag}"] = folder
        if not raw:
            folder = base / "map"
            folder.mkdir()
            _invoke(["map", "--study", study, "--out", str(folder / "map.html")])
            runs["map"] = folder
    return runs


@pytest.mark.parametrize("command", ["analyze", "report", "compare", "diagnose"])
def test_every_csv_written_is_formula_safe(outputs, command):
    folder = outputs[f"{command}-safe"]
    assert _csv_files(folder), f"{command} wrote no CSV"
    assert _unprotected(folder) == {}
    assert not _raw_found(folder)


def test_the_hostile_names_are_kept_behind_a_quote(outputs):
    cells = set(_cells(outputs["analyze-safe"] / "actors.csv"))
    for text in HOSTILE:
        assert "'" + text in cells, text
    assert "'=1+1" in cells
    # numbers stay numbers: negative coordinates are not quoted
    assert any(c.startswith("-33.") for c in cells)
    assert not any(c.startswith("'-33.") for c in cells)


@pytest.mark.parametrize("command", ["analyze", "report", "compare", "diagnose"])
def test_raw_csv_writes_the_text_exactly(outputs, command):
    folder = outputs[f"{command}-raw"]
    found = _raw_found(folder)
    assert found, f"{command} --raw-csv wrote none of the names as given"
    assert _unprotected(folder), "--raw-csv should leave the text as it is"


def test_map_writes_no_unprotected_csv(outputs):
    folder = outputs["map"]
    assert (folder / "map.html").is_file()
    assert _unprotected(folder) == {}


def test_identify_lq_guards_region_and_sector_names(tmp_path):
    table = tmp_path / "table.csv"
    table.write_text(
        "region,sector,value\n"
        "=cmd|' /C calc'!A0,wine,500\n"
        "=cmd|' /C calc'!A0,olive,20\n"
        "North,wine,50\n"
        "North,olive,400\n"
        "@South,wine,300\n"
        "@South,olive,300\n",
        encoding="utf-8",
    )
    safe, raw = tmp_path / "lq.csv", tmp_path / "raw" / "lq.csv"
    raw.parent.mkdir()
    _invoke(["identify", "lq", "--table", str(table), "--out", str(safe)])
    _invoke(["identify", "lq", "--table", str(table), "--out", str(raw), "--raw-csv"])
    assert not [c for c in _cells(safe) if is_formula(c)]
    assert "'=cmd|' /C calc'!A0" in _cells(safe)
    assert "=cmd|' /C calc'!A0" in _cells(raw)


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=cmd|' /C calc'!A0", True),
        ("+SUM(1,2)", True),
        ("@SUM(1)", True),
        ("-x", True),
        ("\tTab", True),
        ("\rReturn", True),
        ("-3.5", False),
        ("-12", False),
        ("Acme", False),
    ],
)
def test_the_rule_of_the_guard(tmp_path, text, guarded):
    from tramas.output import write_csv

    path = write_csv(pd.DataFrame({"name": [text], "n": [-3.5]}), tmp_path / "t.csv")
    name, number = _cells(path)[2:]
    assert name == ("'" + text if guarded else text)
    assert number == "-3.5"
