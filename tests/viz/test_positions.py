"""Saved layouts: reading the file, moving the actors it names, `tramas map --positions`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError
from tramas.graph.anonymize import anonymize_ids
from tramas.locale.errors import error_text
from tramas.viz import write_map
from tramas.viz.positions import layout_document, read_layout, saved_positions

runner = CliRunner()


def page_data(path: Path) -> dict:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", id="tramas-data").string)


def write(tmp_path: Path, content: str, name: str = "layout.json") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


POS = pd.DataFrame({"x": [0.0, 10.0, 20.0], "y": [0.0, -5.0, 7.5]}, index=["a", "b", "c"])


# ------------------------------------------------------------------------ the file
def test_a_saved_layout_reads_back_as_written(tmp_path):
    doc = layout_document({"a": (1.5, -2), "ñandú & <co>": (3, 4)}, anonymized=True)
    path = write(tmp_path, json.dumps(doc))
    assert read_layout(path) == {"a": (1.5, -2.0), "ñandú & <co>": (3.0, 4.0)}
    assert doc["tramas_layout"] == 1 and doc["anonymized"] is True


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{not json", "map_positions_json"),
        ("[1, 2]", "map_positions_shape"),
        ('{"positions": {"a": [1, 2]}}', "map_positions_shape"),
        ('{"tramas_layout": 2, "positions": {"a": [1, 2]}}', "map_positions_shape"),
        ('{"tramas_layout": 1, "positions": [[1, 2]]}', "map_positions_shape"),
        ('{"tramas_layout": 1, "positions": {"a": [1, 2, 3]}}', "map_positions_shape"),
        ('{"tramas_layout": 1, "positions": {"a": ["1", 2]}}', "map_positions_shape"),
        ('{"tramas_layout": 1, "positions": {"a": [true, 2]}}', "map_positions_shape"),
        ('{"tramas_layout": 1, "positions": {"a": [NaN, 2]}}', "map_positions_number"),
        ('{"tramas_layout": 1, "positions": {"a": [1, Infinity]}}', "map_positions_number"),
        ('{"tramas_layout": 1, "positions": {"a": [1e999, 0]}}', "map_positions_number"),
    ],
)
def test_a_bad_layout_file_is_a_clear_error_naming_it(tmp_path, content, code):
    path = write(tmp_path, content, "mine.json")
    with pytest.raises(InputError) as info:
        read_layout(path)
    err = info.value
    assert err.code == code
    for lang in ("en", "es"):
        assert "mine.json" in error_text(err, lang)
    if code == "map_positions_number":
        assert err.values["id"] == "a"


def test_a_missing_layout_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError) as info:
        read_layout(tmp_path / "nowhere.json")
    assert info.value.code == "map_positions_read"
    assert "nowhere.json" in error_text(info.value, "es")


# ------------------------------------------------------------------------ moving actors
def test_actors_in_the_file_move_the_others_stay_and_the_message_counts(tmp_path):
    path = write(
        tmp_path,
        json.dumps(
            {"tramas_layout": 1, "positions": {"a": [100, 200], "zz": [1, 1], "yy": [2, 2]}}
        ),
    )
    moved, notes = saved_positions(POS, path, codes=None, lang="en")
    assert moved.loc["a"].tolist() == [100.0, 200.0]
    assert moved.loc[["b", "c"]].equals(POS.loc[["b", "c"]])
    assert POS.loc["a"].tolist() == [0.0, 0.0]  # the input is not changed
    assert notes == [
        "Layout from layout.json: 1 actor placed as saved, 2 not in the file (left where "
        "the layout put them), 2 ids in the file not on this map."
    ]
    _, notes_es = saved_positions(POS, path, codes=None, lang="es")
    assert notes_es[0].startswith("Posiciones de layout.json: 1 actor ubicado como se guardó, 2 ")
    assert "2 identificadores del archivo que no están en este mapa" in notes_es[0]


def test_an_anonymised_layout_maps_codes_back_to_actors(tmp_path):
    codes = {"a": "A-001", "b": "A-002", "c": "A-003"}
    path = write(
        tmp_path,
        json.dumps(
            {"tramas_layout": 1, "anonymized": True, "positions": {"A-002": [5, 6], "b": [9, 9]}}
        ),
    )
    moved, notes = saved_positions(POS, path, codes=codes, lang="en")
    assert moved.loc["b"].tolist() == [5.0, 6.0]  # by its code, never by its real id
    assert moved.loc[["a", "c"]].equals(POS.loc[["a", "c"]])
    assert "1 actor placed as saved, 2 not in the file" in notes[0]
    assert "1 id in the file not on this map" in notes[0]


def test_write_map_puts_actors_where_the_layout_file_says(toy, tmp_path):
    plain = page_data(write_map(toy, tmp_path / "plain.html").path)
    path = write(
        tmp_path, json.dumps({"tramas_layout": 1, "positions": {"F-COOP": [-1234.5, 678.25]}})
    )
    result = write_map(toy, tmp_path / "placed.html", positions=path)
    data = page_data(result.path)
    by_id = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    before = {n["id"]: (n["x"], n["y"]) for n in plain["nodes"]}
    assert by_id["F-COOP"] == (-1234.5, 678.25)
    assert {k: v for k, v in by_id.items() if k != "F-COOP"} == {
        k: v for k, v in before.items() if k != "F-COOP"
    }
    assert "1 actor placed as saved, 5 not in the file" in result.message


def test_an_anonymised_map_reads_its_own_codes(toy, tmp_path):
    codes = anonymize_ids(toy.actors, key=toy.study.key)
    path = write(
        tmp_path, json.dumps({"tramas_layout": 1, "positions": {codes["F-ACME"]: [42.0, -42.0]}})
    )
    data = page_data(write_map(toy, tmp_path / "anon.html", anonymize=True, positions=path).path)
    assert data["anonymized"] is True
    node = next(n for n in data["nodes"] if n["id"] == codes["F-ACME"])
    assert (node["x"], node["y"]) == (42.0, -42.0)


# ------------------------------------------------------------------------ the command line
def test_cli_positions_option(files, tmp_path):
    actors, ties = files
    path = write(tmp_path, json.dumps({"tramas_layout": 1, "positions": {"F-BAD": [7, 8]}}))
    out = tmp_path / "m.html"
    args = ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(out)]
    result = runner.invoke(app, [*args, "--positions", str(path)])
    assert result.exit_code == 0, result.output
    assert "Layout from layout.json: 1 actor placed as saved" in result.output
    node = next(n for n in page_data(out)["nodes"] if n["id"] == "F-BAD")
    assert (node["x"], node["y"]) == (7.0, 8.0)
    bad = write(tmp_path, "{oops", "bad.json")
    result = runner.invoke(app, [*args, "--positions", str(bad), "--lang", "es"])
    assert result.exit_code != 0
    assert "bad.json no es JSON" in result.output and "Traceback" not in result.output


def test_cli_unknown_palette_lists_the_known_ones(files, tmp_path):
    from tramas.viz.encodings import PALETTES

    actors, ties = files
    out = tmp_path / "p.html"
    args = ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(out)]
    result = runner.invoke(app, [*args, "--palette", "rainbow"])
    assert result.exit_code != 0
    assert "unknown palette 'rainbow'" in result.output
    assert all(name in result.output for name in PALETTES)
    assert not out.exists()
    name = next(iter(PALETTES))
    result = runner.invoke(app, [*args, "--palette", name])
    assert result.exit_code == 0, result.output
