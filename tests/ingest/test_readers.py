"""Reading survey exports: encodings, delimiters, decimal commas, Excel, SPSS and Stata."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from tramas.exceptions import InputError
from tramas.ingest import load, read_table
from tramas.locale import parse_number

ACTORS_ES = "código;razón social;tipo;empleados;lat\nF1;Bodega Ñandú S.A.;empresa;12;-33,45\nF2;Viñedos Peña;empresa;3;-33,5\n"
TIES_ES = "origen;destino;tipo;peso;ola\nF1;F2;cooperación;2,5;1\nF2;F1;cooperación;1;1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_spanish_locale_csv_loads(tmp_path, encoding):
    a = tmp_path / "actores.csv"
    t = tmp_path / "vinculos.csv"
    a.write_bytes(ACTORS_ES.encode(encoding))
    t.write_bytes(TIES_ES.encode(encoding))
    net = load(actors=a, ties=[t])
    assert net.actors.loc["F1", "name"] == "Bodega Ñandú S.A."
    assert net.actors.loc["F2", "name"] == "Viñedos Peña"
    assert net.actors.loc["F1", "lat"] == pytest.approx(-33.45)
    assert net.actors.loc["F1", "size"] == "small"  # 12 employees
    assert net.actors.loc["F2", "size"] == "micro"
    assert list(net.relations) == ["cooperacion"]
    w = net.ties.set_index(["source", "target"])["weight"]
    assert w[("F1", "F2")] == pytest.approx(2.5)


def test_read_table_reports_encoding_and_delimiter(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes("a;b\n1;é\n".encode("cp1252"))
    frame, info = read_table(p)
    assert info.encoding == "cp1252" and info.delimiter == ";"
    assert frame.loc[0, "b"] == "é"


def test_ids_keep_leading_zeros(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("id,name\n012,A\n12,B\n")
    frame, _ = read_table(p)
    assert list(frame["id"]) == ["012", "12"]


def test_binary_file_is_a_clear_error(tmp_path):
    p = tmp_path / "broken.csv"
    p.write_bytes(b"id,name\n\x00\x01\x02")
    with pytest.raises(InputError, match="unreadable encoding") as info:
        read_table(p)
    assert info.value.file == str(p)


def test_undecodable_bytes_name_the_line(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"id,name\nF1,ok\nF2,\x81\x8d\n")
    with pytest.raises(InputError, match="unreadable encoding") as info:
        read_table(p)
    assert info.value.row == 3


def test_empty_and_header_only_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        read_table(empty)
    header = tmp_path / "header.csv"
    header.write_text("id,name\n")
    with pytest.raises(InputError, match="no rows"):
        read_table(header)


def test_xlsx_sheets(tmp_path):
    p = tmp_path / "book.xlsx"
    with pd.ExcelWriter(p) as xw:
        pd.DataFrame({"id": ["F1", "F2"], "name": ["A", "B"]}).to_excel(
            xw, sheet_name="actores", index=False
        )
        pd.DataFrame({"x": [1]}).to_excel(xw, sheet_name="otra", index=False)
    frame, info = read_table(p, sheet="actores")
    assert info.sheet == "actores" and list(frame["id"]) == ["F1", "F2"]
    with pytest.raises(InputError, match="no sheet named 'nope'"):
        read_table(p, sheet="nope")


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_spss_and_stata_with_value_labels(tmp_path, suffix):
    actors = pd.DataFrame(
        {"id": ["F1", "F2", "U1"], "kind": [1.0, 1.0, 2.0], "employees": [5.0, 60.0, 300.0]}
    )
    ties = pd.DataFrame({"source": ["F1", "F2"], "target": ["U1", "U1"], "weight": [1.0, 3.0]})
    a = tmp_path / f"actors{suffix}"
    t = tmp_path / f"ties{suffix}"
    writer = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
    labels = (
        {"kind": {1.0: "empresa", 2.0: "universidad"}}
        if suffix == ".sav"
        else {"kind": {1: "empresa", 2: "universidad"}}
    )
    writer(actors, str(a), variable_value_labels=labels)
    writer(ties, str(t))
    net = load(actors=a, ties=[t])
    assert net.actors["kind"].to_dict() == {"F1": "firm", "F2": "firm", "U1": "research"}
    assert net.actors["size"].to_dict() == {"F1": "micro", "F2": "medium", "U1": "large"}
    assert sorted(net.ties["weight"]) == [1.0, 3.0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3.0),
        ("2,5", 2.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-0,5", -0.5),
        (" 7 ", 7.0),
        ("1e3", 1000.0),
        ("abc", None),
        ("1,2,3", None),
        ("", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value
