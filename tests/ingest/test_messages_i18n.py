"""Every problem the input checks find, and every error they raise, is worded in the
study's language from the catalogue, still naming its file, row and column."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import tramas.ingest
from language_checks import ENGLISH, clean, found
from tramas.cli import app
from tramas.exceptions import InputError
from tramas.ingest import IngestReport, load, print_report, read_table
from tramas.ingest.report import Words
from tramas.ingest.review import review_message
from tramas.locale import placeholders, texts
from tramas.locale.errors import error_text, hint_text

INGEST = Path(tramas.ingest.__file__).parent
#: statuses of a free-recall name that is not loaded until reviewed (code ``<status>_name``)
UNREVIEWED = ("unresolved", "ambiguous")
#: English words of the input checks that never belong in their Spanish wording
INGEST_ENGLISH = (
    "unknown",
    "row ",
    "rows ",
    "column ",
    "not loaded",
    "need review",
    "rejected",
    "duplicate",
    "merged",
    "empty",
    "missing",
    "self-loop",
    "candidates",
    "invalid",
    "file is",
)


# ---------------------------------------------------------------- every code has its texts
def _strings(node: ast.AST) -> list[str]:
    """The codes an expression may give: a constant, either branch of ``a if c else b``,
    the values of ``{...}.get(x)``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.Call) and isinstance(getattr(node.func, "value", None), ast.Dict):
        return [s for v in node.func.value.values for s in _strings(v)]
    if isinstance(node, ast.JoinedStr):  # f"{match.status}_name"
        text = ast.unparse(node)
        assert "{match.status}_name" in text, text
        return [f"{status}_name" for status in UNREVIEWED]
    raise AssertionError(f"cannot read the code of {ast.unparse(node)}")


def _dict_keys(node: ast.AST | None) -> set[str] | None:
    """The keys of a literal ``values={...}`` (``None`` when not a literal)."""
    if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
        return {k.value for k in node.keys}  # type: ignore[union-attr]
    return None


def _calls():
    """``(file, line, kind, code, values, hint)`` of every ``report.add(...)``,
    ``InputError(...)``/``TramasError(...)`` and ``Words("...")`` of the ingest package."""
    for path in sorted(INGEST.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            kw = {k.arg: k.value for k in node.keywords}
            where = f"{path.name}:{node.lineno}"
            if name == "add" and ast.unparse(func) == "report.add" and len(node.args) >= 2:
                for code in _strings(node.args[1]):
                    yield where, "ingest", code, kw.get("values"), None
            elif name in ("InputError", "TramasError"):
                assert "code" in kw, f"{where}: {name} without a code"
                for code in _strings(kw["code"]):
                    yield where, "error", code, kw.get("values"), kw.get("hint")
            elif name == "Words" and node.args and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
                kind, _, code = key.partition(".")
                yield where, kind, code, node.args[1] if len(node.args) > 1 else None, None
            elif name == "why" and node.args:  # reasons of rejected ties
                yield where, "ingest", f"tie.{node.args[0].value}", None, None


def test_the_scan_finds_the_input_checks():
    codes = {(kind, code) for _, kind, code, _, _ in _calls()}
    assert {("ingest", "bad_tie"), ("ingest", "unresolved_name"), ("error", "no_wave")} <= codes
    assert ("ingest", "tie.self_loop") in codes and ("error", "not_a_number_hinted") in codes
    assert len(codes) > 80


def test_every_code_of_the_input_checks_has_a_text_in_every_language():
    en, es = texts("en"), texts("es")
    for where, kind, code, values, hint in _calls():
        key = f"{kind}.{code}"
        assert key in en and key in es, f"{where}: no text {key}"
        assert placeholders(en[key]) == placeholders(es[key]), (where, key)
        keys = _dict_keys(values)
        if keys is not None:
            assert placeholders(en[key]) <= keys, f"{where}: {key} needs {placeholders(en[key])}"
        if isinstance(hint, ast.Constant) and isinstance(hint.value, str):
            assert en.get(f"hint.{code}") == hint.value, f"{where}: hint.{code}"
            assert f"hint.{code}" in es, where
        if kind == "error" and hint is None:
            assert f"hint.{code}" not in en, f"{where}: hint.{code} without a hint"


def test_every_text_an_issue_may_nest_exists():
    for key in ("ingest.expected." + k for k in ("one_of", "yes_no", "number", "degrees")):
        assert key in texts("en") and key in texts("es")
    assert "ingest.expected.non_negative" in texts("es")
    for key in ("ingest.review.needed", "ingest.review.none", "ingest.review.written"):
        assert placeholders(texts("en")[key]) == placeholders(texts("es")[key])


# ---------------------------------------------------------------- hostile input in Spanish
STUDY_TOML = """\
[study]
key = "hostil"
title = "Prueba hostil"
lang = "es"
waves = ["2023"]

[actors]
file = "actors.csv"

[[relations]]
name = "knowledge"

[[ties]]
file = "ties.csv"

[[ties]]
file = "empty.csv"

[[ties]]
file = "missing.csv"

[[ties]]
shape = "recall"
file = "recall.csv"
relation = "knowledge"
"""
ACTORS = (
    "id,name,kind,internal,employees\n"
    "F1,Bodega Uno,firm,yes,10\n"
    "F2,Bodega Dos,firm,yes,20\n"
    "F3,Vivero Tres,firm,yes,5\n"
    "F2,Bodega Repetida,firm,yes,8\n"  # row 5: duplicate id
    "F4,Cuatro,fabrica,maybe,-3\n"  # row 6: bad kind, internal, employees
)
TIES = (
    "source,target,relation,weight\n"
    "F1,F2,knowledge,mucho\n"  # row 2: bad weight
    "F1,F9,knowledge,1\n"  # row 3: unknown actor
    "F3,F3,knowledge,1\n"  # row 4: self-loop
    "F1,F3,amistad,1\n"  # row 5: unknown relation
    "F2,F3,knowledge,1\n"  # row 6
    "F2,F3,knowledge,2\n"  # row 7: duplicate of row 6
    "F3,F1,knowledge,0\n"  # row 8: zero weight
    "F2,F1,knowledge,-2\n"  # row 9: negative weight
)
RECALL = "respondent,name1\nF1,Bodega Dos\nF3,Consultora Inexistente\n"


@pytest.fixture
def hostile(tmp_path):
    (tmp_path / "study.toml").write_text(STUDY_TOML, encoding="utf-8")
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(TIES, encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "missing.csv").write_text("origen,hasta\nF1,F2\n", encoding="utf-8")
    (tmp_path / "recall.csv").write_text(RECALL, encoding="utf-8")
    return tmp_path / "study.toml"


@pytest.fixture
def spanish_validate(hostile):
    result = CliRunner().invoke(app, ["validate", "--study", str(hostile), "--all"])
    assert result.exit_code == 1, result.output
    return hostile.parent, " ".join(result.output.split())


def test_hostile_input_is_reported_in_spanish(spanish_validate):
    folder, out = spanish_validate
    ties, actors = folder / "ties.csv", folder / "actors.csv"
    expected = [
        f"{actors}, fila 5, columna «id»: id de actor «F2» repetido (aparece antes en la fila 3)",
        f"{actors}, fila 6, columna «kind»: «fabrica» no es un valor válido de kind (uno de estos:",
        f"{actors}, fila 6, columna «internal»: «maybe» no es un valor válido de internal "
        "(sí/no, verdadero/falso, 1/0)",
        f"{actors}, fila 6, columna «employees»: «-3» no es un valor válido de employees "
        "(un número mayor o igual a 0)",
        f"{ties}, fila 2, columna «weight»: peso no numérico «mucho»: vínculo rechazado",
        f"{ties}, fila 3, columna «target»: id de actor desconocido «F9»: vínculo rechazado",
        f"{ties}, fila 4, columna «target»: autovínculo: «F3» se nombra a sí mismo",
        f"{ties}, fila 5, columna «relation»: relación desconocida «amistad» (declaradas: knowledge)",
        f"{ties}, fila 6: vínculo repetido de asesoramiento técnico F2 → F3 en la ola 2023: se fusionó con "
        f"{ties}, fila 7 (se conserva el peso mayor)",
        f"{ties}, fila 8, columna «weight»: un peso 0 significa que no hay vínculo",
        f"{ties}, fila 9, columna «weight»: peso negativo −2: vínculo rechazado",
        f"{folder / 'empty.csv'}: el archivo está vacío",
        f"{folder / 'missing.csv'}, fila 1, columna «target»: falta la columna obligatoria «target»",
        f"{folder / 'recall.csv'}, fila 3, columna «name1»: nombre sin resolver "
        "«Consultora Inexistente»",
        "1 nombre de recuerdo libre necesita revisión (sus vínculos no se cargan)",
        "Registro de la entrada",
    ]
    missing = [e for e in expected if e not in out]
    assert missing == [], out


def test_hostile_input_in_spanish_has_no_english(spanish_validate, hostile):
    folder, out = spanish_validate
    network = load(hostile, strict=False)
    text = clean(out, network, (str(folder),))
    assert found(text, ENGLISH + INGEST_ENGLISH) == []


def test_the_same_input_without_a_language_stays_english(hostile):
    hostile.write_text(STUDY_TOML.replace('lang = "es"\n', ""), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--study", str(hostile), "--all"])
    out = " ".join(result.output.split())
    assert "row 3, column 'target': unknown actor id 'F9': rejected" in out
    assert "the file is empty" in out and "missing required column 'target'" in out
    assert "1 free-recall name needs review" in out


# ---------------------------------------------------------------- errors and their hints
def test_errors_of_a_file_are_worded_in_spanish(tmp_path):
    with pytest.raises(InputError) as missing:
        read_table(tmp_path / "nada.csv")
    assert error_text(missing.value, "es") == f"{tmp_path / 'nada.csv'}: no se encontró el archivo"
    assert hint_text(missing.value, "es") == "revise la ruta (relativa al archivo del estudio)"
    assert str(missing.value).endswith("file not found")  # English stays the default
    (tmp_path / "rota.csv").write_bytes(b"id,name\nF1,Caf\xe9\x81\n")
    with pytest.raises(InputError) as broken:
        read_table(tmp_path / "rota.csv")
    # é (0xe9) is Windows-1252 text; 0x81 is neither UTF-8 nor Windows-1252
    assert "codificación ilegible: el byte 0x81 de la línea 2" in error_text(broken.value, "es")
    assert "fila 2" in error_text(broken.value, "es")


def test_study_errors_are_worded_in_spanish(tmp_path):
    bad = tmp_path / "study.toml"
    bad.write_text(
        '[study]\nkey = "x"\n[actors]\nfile = "a.csv"\n[[ties]]\nshape = "matrix"\nfile = "t.csv"\n'
    )
    with pytest.raises(InputError) as err:
        tramas.ingest.read_study(bad)
    assert err.value.code == "study_shape"
    assert (
        "línea 6, clave «ties[1].shape»: shape debe ser uno de estos valores: edgelist"
        in error_text(err.value, "es")
    )


def test_nested_words_and_fallbacks():
    report = IngestReport()
    report.add(
        "error",
        "bad_tie",
        "unknown actor id 'X': rejected",
        file="t.csv",
        row=3,
        column="target",
        values={"reason": Words("ingest.tie.unknown_actor", {"id": "X"})},
    )
    report.add("warning", "no_such_code", "plain English", file="t.csv")
    [bad, plain] = report.issues
    assert (
        bad.describe("es")
        == "t.csv, fila 3, columna «target»: id de actor desconocido «X»: vínculo rechazado"
    )
    assert bad.describe("en") == "t.csv, row 3, column 'target': unknown actor id 'X': rejected"
    assert plain.describe("es") == "t.csv: plain English"  # no text: the English message
    assert str(Words("relation.no-such", default="amistad")) == "amistad"


def test_review_message_in_both_languages(tmp_path):
    report = IngestReport(review=[{"name": "A"}, {"name": "B"}])
    assert review_message(report, None).startswith("2 free-recall names need review")
    es = review_message(report, None, lang="es")
    assert es.startswith("2 nombres de recuerdo libre necesitan revisión")
    written = review_message(report, tmp_path / "r.csv", study=tmp_path / "s.toml", lang="es")
    assert '`[recall] reviewed = "r.csv"`' in written and "escritos en" in written
    assert review_message(IngestReport(), None, lang="es") == ""
    none = review_message(IngestReport(), tmp_path / "r.csv", lang="es")
    assert none.startswith("no hay nombres de recuerdo libre para revisar")


# ---------------------------------------------------------------- the accounting table
def test_the_table_shows_whole_file_names(tmp_path, monkeypatch):
    long_name = "encuesta_vinculos_tecnicos_valle_de_uco_segunda_ola_definitiva_revisada.csv"
    report = IngestReport()
    inside = report.counts_for(str(tmp_path / long_name), "ties (edge list)")
    inside.rows = inside.records = inside.loaded = 3
    outside = report.counts_for("/elsewhere/" + long_name, "actors")
    outside.rows = outside.records = outside.loaded = 2
    monkeypatch.chdir(tmp_path)
    console = Console(width=80, record=True, color_system=None)
    print_report(report, console, lang="es")
    out = console.export_text()
    assert "…" not in out
    assert str(tmp_path) not in out  # shown relative to the current folder
    first_column = "".join(
        line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")
    )
    assert first_column.startswith(long_name + "/elsewhere/" + long_name), out
    assert "Registro de la entrada" in out and "archivo" in out and "contenido" in out
