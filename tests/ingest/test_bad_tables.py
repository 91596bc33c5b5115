"""Bad tables (issue #14): nothing read silently wrong, every problem named by file, row
(as a spreadsheet numbers it), column and value, at the command line in English and Spanish."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError
from tramas.ingest import load, read_table
from tramas.ingest.readers import (
    MAX_WEIGHT,
    check_header,
    clean_text,
    decode_text,
    duplicate_header,
    weight_in_range,
)
from tramas.locale.errors import error_text

runner = CliRunner()
ACTORS = "id,name\nF1,Uno\nF2,Dos\nF3,Tres\n"


def _files(tmp_path, ties: str | bytes, actors: str | bytes = ACTORS, suffix: str = ".csv"):
    a = tmp_path / "actors.csv"
    t = tmp_path / f"ties{suffix}"
    a.write_bytes(actors.encode() if isinstance(actors, str) else actors)
    t.write_bytes(ties.encode() if isinstance(ties, str) else ties)
    return a, t


def _run(*args: str, lang: str | None = None):
    """``validate`` (English) or ``analyze --lang es`` (the report is printed the same)."""
    if lang is None:
        result = runner.invoke(app, ["validate", *args])
    else:
        out = args[-1]
        result = runner.invoke(app, ["analyze", *args[:-1], "--out", out, "--lang", lang])
    text = " ".join(result.output.split())
    assert "Traceback" not in text, result.output
    return result.exit_code, text


def _cli(tmp_path, ties, actors=ACTORS, lang=None):
    a, t = _files(tmp_path, ties, actors)
    out = [str(tmp_path / "out")] if lang else []
    return _run("--actors", str(a), "--ties", str(t), *out, lang=lang)


# ---------------------------------------------------------------- case 1: huge weights
@pytest.mark.parametrize("weight", ["1e400", "-1e400", "1e308", "2e15"])
def test_case1_huge_weight_is_rejected_naming_file_row_column_value(tmp_path, weight):
    code, out = _cli(tmp_path, f"source,target,weight\nF1,F2,1\nF2,F3,{weight}\n")
    assert code == 1
    assert f"ties.csv, row 3, column 'weight': weight {weight} too large (at most 1e15)" in out


def test_case1_two_huge_weights_merged_never_reach_the_metrics(tmp_path):
    ties = "source,target,weight\nF1,F2,1e308\nF1,F2,1e308\nF2,F3,1\n"
    a, t = _files(tmp_path, ties)
    code, out = _run("--actors", str(a), "--ties", str(t), str(tmp_path / "out"), lang="es")
    assert code == 1
    assert "fila 2, columna «weight»: peso 1e308 demasiado grande (como máximo 1e15)" in out
    net = load(actors=a, ties=[t], strict=False)
    assert net.report.files[1].rejected == 2 and net.report.files[1].balanced
    assert net.ties["weight"].tolist() == [1.0]


def test_case1_the_largest_weight_allowed_loads(tmp_path):
    a, t = _files(tmp_path, f"source,target,weight\nF1,F2,{MAX_WEIGHT:.0f}\n")
    net = load(actors=a, ties=[t])
    assert net.ties["weight"].tolist() == [MAX_WEIGHT]
    assert weight_in_range(MAX_WEIGHT) and not weight_in_range(float("inf"))


# ---------------------------------------------------------------- case 2: encodings
MIXED = "id,name\nF1,Viñedo Ñandú\nF2,Dos\nF3,Tr".encode() + b"\xe9s\n"


def test_case2_utf8_file_with_one_cp1252_byte_is_refused_naming_row_and_column(tmp_path):
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=MIXED)
    assert code == 1
    assert "actors.csv, row 4, column 'name': the file is UTF-8 but 1 row holds bytes" in out
    assert "byte 0xe9" in out and "ViÃ" not in out
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=MIXED, lang="es")
    assert code == 1
    assert "fila 4, columna «name»: el archivo está en UTF-8 pero 1 fila contiene bytes" in out


def test_case2_the_rows_with_bad_bytes_are_counted(tmp_path):
    raw = b"id,name\nF1,Vi\xc3\xb1a\nF2,A\xf1o\nF3,B\xe9\n"
    (tmp_path / "a.csv").write_bytes(raw)
    with pytest.raises(InputError) as err:
        read_table(tmp_path / "a.csv")
    assert err.value.code == "mixed_encoding"
    assert (err.value.row, err.value.column) == (3, "name")
    assert err.value.values == {"n": 2, "byte": "0xf1"}


def test_case2_a_clean_cp1252_file_is_read_and_the_choice_is_printed(tmp_path):
    actors = "id,name\nF1,Viñedo Ñandú\nF2,Dos\nF3,Tres\n".encode("cp1252")
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=actors)
    assert code == 0, out
    assert "actors.csv: not UTF-8: read as Windows-1252" in out
    a, t = _files(tmp_path, "source,target\nF1,F2\n", actors)
    assert load(actors=a, ties=[t]).actors.loc["F1", "name"] == "Viñedo Ñandú"
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=actors, lang="es")
    assert "no está en UTF-8: se leyó como Windows-1252" in out


def test_case2_utf8_with_a_bom_and_a_bad_byte_is_an_error_not_a_traceback(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"\xef\xbb\xbfid,name\nF1,Caf\xe9\n")
    with pytest.raises(InputError) as err:
        read_table(p)
    assert err.value.code == "mixed_encoding" and err.value.row == 2
    assert decode_text("x,ñ\n".encode(), "f")[1] == "utf-8"


# ---------------------------------------------------------------- case 3: duplicate columns
@pytest.mark.parametrize(
    ("header", "first", "second"),
    [
        ("source,target,source", "source", "source"),
        ("source,Source,target", "source", "Source"),
        ("source,target,Razón,razon", "Razón", "razon"),
    ],
)
def test_case3_duplicate_tie_columns_are_refused(tmp_path, header, first, second):
    width = header.count(",") + 1
    row = ",".join(["F1", "F2", "x", "y"][:width])
    code, out = _cli(tmp_path, f"{header}\n{row}\n")
    assert code == 1
    assert f"ties.csv, row 1, column '{second}': two columns named alike: '{first}' and " in out
    assert "source.1" not in out and "ValueError" not in out


def test_case3_id_and_Id_in_the_actors_table_are_refused_in_both_languages(tmp_path):
    actors = "ID,Id,name\nF1,F2,Uno\nF2,F3,Dos\n"
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=actors)
    assert code == 1
    assert "actors.csv, row 1, column 'Id': two columns named alike: 'ID' and 'Id'" in out
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", actors=actors, lang="es")
    assert code == 1
    assert "fila 1, columna «Id»: dos columnas con el mismo nombre: «ID» y «Id»" in out


def test_case3_duplicate_columns_of_a_workbook_are_refused(tmp_path):
    p = tmp_path / "t.xlsx"
    pd.DataFrame([["source", "target", "Source"], ["F1", "F2", "F3"]]).to_excel(
        p, header=False, index=False
    )
    with pytest.raises(InputError) as err:
        read_table(p)
    assert err.value.code == "duplicate_columns" and err.value.row == 1
    assert duplicate_header(["a", "b", "A "]) == ("a", "A")
    assert duplicate_header(["", "", "x"]) is None  # empty header cells are no names
    with pytest.raises(InputError):
        check_header(["ego", "EGO"], "f.csv")


# ---------------------------------------------------------------- case 4: blank lines
def test_case4_blank_lines_count_in_the_row_numbers(tmp_path):
    code, out = _cli(tmp_path, "source,target,weight\n\nF1,F2,1\n\nF2,F3,abc\n")
    assert code == 1
    assert "ties.csv, row 5, column 'weight': non-numeric weight 'abc'" in out
    code, out = _cli(tmp_path, "source,target,weight\n\nF1,F2,1\n\nF2,F3,abc\n", lang="es")
    assert "fila 5, columna «weight»: peso no numérico «abc»" in out


def test_case4_multiline_cells_and_blank_lines_before_the_header(tmp_path):
    ties = '\nsource,target,note,weight\nF1,F2,"two\nlines",1\n\r\nF2,F3,x,-2\n'
    a, t = _files(tmp_path, ties)
    net = load(actors=a, ties=[t], strict=False)
    [err] = net.report.errors
    # a spreadsheet shows: 1 blank, 2 header, 3 the two-line cell, 4 blank, 5 the bad row
    assert (err.row, err.column) == (5, "weight") and "negative weight" in err.message
    assert net.ties["source_row"].tolist() == [3]
    _, info = read_table(t)
    assert info.header_row == 2 and info.rows == (3, 5)


def test_case4_actor_rows_count_blank_lines(tmp_path):
    actors = "id,name,employees\n\nF1,Uno,3\n\n\nF1,Otra,x\n"
    a, t = _files(tmp_path, "source,target\nF1,F1\n", actors)
    net = load(actors=a, ties=[t], strict=False)
    assert ("duplicate_actor", 6) in {(i.code, i.row) for i in net.report.errors}


def test_case4_unclosed_quote_and_extra_cells_are_named(tmp_path):
    code, out = _cli(tmp_path, 'source,target\nF1,F2\nF2,"F3\nF1,F3\n')
    assert code == 1 and "ties.csv, row 3: a quote opened at row 3 is never closed" in out
    code, out = _cli(tmp_path, "source,target\nF1,F2\n\nF2,F3,9\n")
    assert code == 1 and "ties.csv, row 4: the row has 3 cells but the header has 2" in out


# ---------------------------------------------------------------- case 5: empty relation, wave
def test_case5_empty_relation_or_wave_cell_rejects_the_row(tmp_path):
    ties = "source,target,relation,wave\nF1,F2,,2024\nF2,F3,trade,\nF1,F3,trade,2024\n"
    code, out = _cli(tmp_path, ties)
    assert code == 1
    assert (
        "ties.csv, row 2, column 'relation': empty relation cell (the file has a relation "
        "column): rejected" in out
    )
    assert "ties.csv, row 3, column 'wave': empty wave cell (the file has a wave column)" in out
    a, t = _files(tmp_path, ties)
    net = load(actors=a, ties=[t], strict=False)
    assert list(net.relations) == ["trade"] and net.study.waves == ("2024",)
    assert net.report.files[1].rejected == 2 and net.report.files[1].balanced
    code, out = _cli(tmp_path, ties, lang="es")
    assert "fila 2, columna «relation»: celda de relación vacía" in out
    assert "fila 3, columna «wave»: celda de ola vacía" in out


def test_case5_without_the_columns_the_defaults_are_said(tmp_path):
    code, out = _cli(tmp_path, "source,target\nF1,F2\n")
    assert code == 0, out
    assert "ties.csv: the file has no relation column: its ties are relation 'tie'" in out
    assert "ties.csv: the file has no wave column: its ties are in wave '1'" in out
    code, out = _cli(tmp_path, "source,target\nF1,F2\n", lang="es")
    assert "el archivo no tiene columna de relación" in out
    assert "el archivo no tiene columna de ola" in out


# ---------------------------------------------------------------- item 4: NFC, zero-width
def test_item4_nfd_and_zero_width_ids_match_the_actors_table(tmp_path):
    actors = "id,name\nÑandú,Bodega Ñandú\nF2,Dos\nF3,Tres\n"
    nfd = unicodedata.normalize("NFD", "Ñandú")
    ties = f"source,target\n{nfd},F2\nF2\u200b,F3\n\ufeffF3,{nfd}\u2060\n"
    a, t = _files(tmp_path, ties, actors)
    net = load(actors=a, ties=[t])
    assert sorted(net.ties["source"]) == ["F2", "F3", "Ñandú"]
    assert set(net.ties["target"]) == {"F2", "F3", "Ñandú"}
    code, out = _cli(tmp_path, ties, actors=actors)
    assert code == 0, out
    assert "ties.csv: 4 cells written with decomposed accents or zero-width characters" in out
    code, out = _cli(tmp_path, ties, actors=actors, lang="es")
    assert "4 celdas escritas con acentos descompuestos" in out
    assert clean_text("a\u200bb\u200c\u200d\u2060\ufeff") == "ab"


# ---------------------------------------------------------------- weaker spots
def test_multi_sheet_workbook_errors_name_the_sheet_read(tmp_path):
    book = tmp_path / "ties.xlsx"
    with pd.ExcelWriter(book) as xw:
        pd.DataFrame({"notas": ["x"]}).to_excel(xw, sheet_name="Portada", index=False)
        pd.DataFrame({"source": ["F1"], "target": ["F2"]}).to_excel(
            xw, sheet_name="Vinculos", index=False
        )
    a, _ = _files(tmp_path, "")
    code, out = _run("--actors", str(a), "--ties", str(book))
    assert code == 1
    assert (
        "ties.xlsx [Portada], row 1, column 'source': missing required column 'source' in the "
        "sheet 'Portada' (sheets of the workbook: Portada, Vinculos)" in out
    )
    code, out = _run("--actors", str(a), "--ties", str(book), str(tmp_path / "o"), lang="es")
    assert "falta la columna obligatoria «source» en la hoja «Portada»" in out


def test_workbook_rows_count_blank_rows(tmp_path):
    book = tmp_path / "ties.xlsx"
    pd.DataFrame(
        [["source", "target", "weight"], ["F1", "F2", "1"], ["", "", ""], ["F2", "F3", "x"]]
    ).to_excel(book, header=False, index=False, sheet_name="ties")
    a, _ = _files(tmp_path, "")
    net = load(actors=a, ties=[book], strict=False)
    [err] = net.report.errors
    assert (err.file, err.row, err.column) == (str(book), 4, "weight")


@pytest.mark.parametrize(
    ("ties", "delimiter", "header"),
    [
        ('"source;target"\n"F1;F2"\n', "';'", "'source;target'"),
        ("source target\nF1 F2\n", "','", "'source target'"),
        ("source\ttarget,weight\nF1\tF2,1\n", "','", "'source\\ttarget,weight'"),
        ("a\tb\tsource;target\n1\t2\t3;4\n", "'\\t'", "'a\\tb\\tsource;target'"),
    ],
)
def test_wrong_delimiter_is_named_with_the_header_read(tmp_path, ties, delimiter, header):
    code, out = _cli(tmp_path, ties)
    assert code == 1
    assert "ties.csv, row 1, column 'source': missing required column 'source'" in out
    assert f"read with the delimiter {delimiter}, the header is {header}" in out
    code, out = _cli(tmp_path, ties, lang="es")
    assert f"leído con el separador {delimiter}" in out


# ---------------------------------------------------------------- columns that could be one
def test_two_columns_that_could_be_the_weight_are_said_and_the_study_chooses(tmp_path):
    """`peso` and `frecuencia` are both synonyms of `weight`: the first is used and a
    warning names both, instead of the second silently becoming an attribute; a study
    file's `columns` chooses and silences it."""
    ties = "ego,alter,peso,frecuencia\nF1,F2,1,3\n"
    code, out = _cli(tmp_path, ties)
    assert code == 0
    assert (
        "ties.csv, row 1, column 'peso': columns 'peso' and 'frecuencia' could all be 'weight'"
    ) in out
    code, out = _cli(tmp_path, ties, lang="es")
    assert "las columnas «peso» y «frecuencia» podrían ser todas «weight»" in out
    net = load(actors=tmp_path / "actors.csv", ties=[tmp_path / "ties.csv"])
    assert net.ties["weight"].tolist() == [1.0]
    (tmp_path / "study.toml").write_text(
        '[study]\nkey = "w"\n[actors]\nfile = "actors.csv"\n'
        '[[ties]]\nfile = "ties.csv"\ncolumns = { weight = "frecuencia" }\n',
        encoding="utf-8",
    )
    net = load(tmp_path / "study.toml", strict=False)
    assert net.ties["weight"].tolist() == [3.0]
    assert not [i for i in net.report.issues if i.code == "alike_columns"]


def test_a_study_without_lang_speaks_the_language_of_the_environment(tmp_path, monkeypatch):
    """`TRAMAS_LANG=es` applies when the input states no language (plain files, or a study
    without `lang`); a study's own `lang` still wins over it."""
    a, t = _files(tmp_path, "source,target\nF1,F2\n")
    monkeypatch.setenv("TRAMAS_LANG", "es")
    result = runner.invoke(app, ["validate", "--actors", str(a), "--ties", str(t)])
    assert result.exit_code == 0 and "válido: estudio" in result.output
    (tmp_path / "study.toml").write_text(
        '[study]\nkey = "w"\nlang = "en"\n[actors]\nfile = "actors.csv"\n'
        '[[ties]]\nfile = "ties.csv"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", "--study", str(tmp_path / "study.toml")])
    assert result.exit_code == 0 and "valid: study w" in result.output


# ---------------------------------------------------------------- paths that are no table
def test_a_folder_or_an_unreadable_file_is_one_line(tmp_path, monkeypatch):
    a, _ = _files(tmp_path, "source,target\nF1,F2\n")
    folder = tmp_path / "ties.csv.d"
    folder.mkdir()
    code, out = _run("--actors", str(a), "--ties", str(folder))
    assert code == 1 and f"{folder}: is a folder, not a table" in out
    with pytest.raises(InputError, match="is a folder") as err:
        read_table(folder)
    assert "una carpeta" in error_text(err.value, "es")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(a), "read_bytes", refuse)
    with pytest.raises(InputError, match=r"cannot be read \(Permission denied\)") as err:
        read_table(a)
    assert err.value.file == str(a)
