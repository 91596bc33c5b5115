"""The strict study file (issue #14, cases 6-9 and paths): every wrong key, type or value
is one error naming the file, the line, the dotted key and the value, in en and es; paths
stay in the study's folder unless ``allow_outside = true``; the JSON Schema is current."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tramas.ingest.study as study_module
from language_checks import ENGLISH, found
from tramas.cli import app
from tramas.exceptions import InputError
from tramas.ingest import load, read_study
from tramas.ingest.study import StudyFileError, locate_keys
from tramas.ingest.study_schema import study_json_schema, study_json_schema_text
from tramas.locale import placeholders, texts
from tramas.locale.errors import error_text, hint_text
from tramas.sample import sample_dir

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

ACTORS = "id,name,kind\nF1,Uno,firm\nF2,Dos,firm\nF3,Tres,firm\n"
TIES = "source,target,relation,wave\nF1,F2,knowledge,2025\nF2,F3,knowledge,2025\n"
STUDY = """\
[study]
key = "strict"
waves = ["2025"]

[actors]
file = "actors.csv"

[[relations]]
name = "trade"

[[relations]]
name = "knowledge"
direction = "alter_to_ego"

[[ties]]
file = "ties.csv"
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(TIES, encoding="utf-8")
    (tmp_path / "study.toml").write_text(STUDY, encoding="utf-8")
    return tmp_path


def _write(folder: Path, text: str) -> Path:
    path = folder / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> StudyFileError:
    with pytest.raises(StudyFileError) as err:
        read_study(path)
    return err.value


def _spanish(err: InputError) -> str:
    """The Spanish line, checked for English words (the TOML keys and values aside)."""
    text = error_text(err, "es") + " " + (hint_text(err, "es") or "")
    wording = re.sub(r"`[^`]*`|«[^»]*»|\"[^\"]*\"|\[[^\]]*\]|/\S+", " ", text)
    assert not found(wording, ENGLISH), text
    return text


# ---------------------------------------------------------------- the cases 6-9
def test_the_valid_study_loads(folder):
    net = load(folder / "study.toml")
    assert len(net.ties) == 2 and net.study.waves == ("2025",)


def test_directed_as_a_string_is_refused(folder):  # case 7: read as True before
    path = _write(folder, STUDY.replace('name = "trade"\n', 'name = "trade"\ndirected = "no"\n'))
    err = _error(path)
    assert err.code == "study_not_bool" and err.row == 10
    assert err.column == "relations[1].directed"
    assert str(err) == (
        f"{path}, line 10, key 'relations[1].directed': "
        '`directed` must be true or false (without quotes), not "no"'
    )
    assert err.hint == "write `directed = true` or `directed = false`"
    es = _spanish(err)
    assert "línea 10, clave «relations[1].directed»" in es and 'no "no"' in es


def test_waves_as_one_string_is_refused_with_the_list_to_write(folder):  # case 8
    path = _write(folder, STUDY.replace('waves = ["2025"]', 'waves = "2025"'))
    err = _error(path)
    assert (err.code, err.row, err.column) == ("study_not_a_list", 3, "study.waves")
    assert '"2025"' in str(err) and err.hint == 'write `waves = ["2025"]`'
    assert hint_text(err, "es") == 'escriba `waves = ["2025"]`'


def test_waves_may_be_whole_numbers(folder):
    path = _write(folder, STUDY.replace('waves = ["2025"]', "waves = [2023, 2025]"))
    assert read_study(path).info.waves == ("2023", "2025")


def test_a_misspelt_key_is_refused_with_a_suggestion_and_its_line(folder):  # case 9
    path = _write(folder, STUDY.replace('direction = "alter_to_ego"', 'direcion = "alter_to_ego"'))
    err = _error(path)
    assert (err.code, err.row, err.column) == ("study_misspelt_key", 13, "relations[2].direcion")
    assert "did you mean `direction`?" in str(err) and "line 13" in str(err)
    assert "direction" in err.hint and "symmetrize" in err.hint  # the keys of [[relations]]
    es = _spanish(err)
    assert "¿quiso decir `direction`?" in es and "línea 13" in es


def test_an_unknown_key_without_a_close_match(folder):
    path = _write(folder, STUDY.replace('file = "actors.csv"', 'file = "actors.csv"\nweight = 3'))
    err = _error(path)
    assert (err.code, err.row, err.column) == ("study_unknown_key", 7, "actors.weight")
    assert "did you mean" not in str(err) and err.hint == "keys of [actors]: file, sheet, columns"


def test_an_unknown_table(folder):
    path = _write(folder, STUDY + '\n[relation]\nname = "x"\n')
    err = _error(path)
    assert (err.code, err.row, err.column) == ("study_misspelt_table", 18, "relation")
    assert "did you mean `relations`?" in str(err) and "[[ties]]" in err.hint
    err = _error(_write(folder, STUDY + "\n[extras]\nx = 1\n"))
    assert err.code == "study_unknown_table" and "`extras`" in str(err)


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "key", "shown"),
    [  # case 6: a string where a table is expected, a list where a number is...
        (
            STUDY[:41],
            'study = "strict"\n',
            "study_not_a_table",
            1,
            "study",
            '"strict"',
        ),
        (
            'file = "actors.csv"',
            'file = "actors.csv"\ncolumns = "id"',
            "study_not_a_table",
            7,
            "actors.columns",
            '"id"',
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nshape = "recall"\nthreshold = [90]',
            "study_not_a_number",
            18,
            "ties[1].threshold",
            "[90]",
        ),
        (
            'waves = ["2025"]',
            'waves = ["2025"]\n[sizes]\nmicro = "10"',
            "study_not_a_number",
            5,
            "sizes.micro",
            '"10"',
        ),
        ('key = "strict"', "key = 2025", "study_not_text", 2, "study.key", "2025"),
        (
            'name = "trade"',
            'name = "trade"\nlabel = ["a", "b"]',
            "study_not_text",
            10,
            "relations[1].label",
            '["a", "b"]',
        ),
        ("[[ties]]", "[ties]", "study_not_array_of_tables", 15, "ties", ""),
        (
            'waves = ["2025"]',
            'waves = ["2025"]\n[[sizes]]\nmicro = 1',
            "study_not_a_table",
            4,
            "sizes",
            "[{ micro = 1 }]",
        ),
        (
            'waves = ["2025"]',
            'waves = [["2025"]]',
            "study_item_not_text",
            3,
            "study.waves[1]",
            '["2025"]',
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nsheet = true',
            "study_not_sheet",
            17,
            "ties[1].sheet",
            "true",
        ),
        ('file = "ties.csv"', 'file = ""', "study_empty_value", 16, "ties[1].file", ""),
        ('key = "strict"', 'key = "strict"\nlang = "fr"', "study_lang", 3, "study.lang", '"fr"'),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nshape = "matrix"',
            "study_shape",
            17,
            "ties[1].shape",
            '"matrix"',
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nshape = "recall"\nthreshold = 150',
            "study_threshold",
            18,
            "ties[1].threshold",
            "150",
        ),
        (
            'waves = ["2025"]',
            'waves = ["2025"]\n[sizes]\nmicro = nan',
            "study_size_value",
            5,
            "sizes.micro",
            "nan",
        ),
        (
            'waves = ["2025"]',
            'waves = ["2025"]\n[sizes]\nmicro = 100',
            "study_sizes_order",
            4,
            "sizes",
            "micro = 100",
        ),
        (
            'waves = ["2025"]',
            'waves = ["2025"]\n[sizes]\nhuge = 100',
            "size_class",
            5,
            "sizes.huge",
            "huge",
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nthreshold = 90',
            "study_key_for_shape",
            17,
            "ties[1].threshold",
            "recall",
        ),
        (
            'name = "trade"',
            'name = "knowledge"',
            "relation_repeated",
            12,
            "relations[2].name",
            "knowledge",
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nrelation = "advice"',
            "relation_undeclared",
            17,
            "ties[1].relation",
            "advice",
        ),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\nshape = "roster"',
            "roster_needs_relation",
            15,
            "ties[1]",
            "roster",
        ),
        ('file = "ties.csv"', 'sheet = "a"', "ties_needs_file", 15, "ties[1].file", ""),
        ('name = "trade"', 'name = "Trade"', "relation_name", 9, "relations[1].name", "Trade"),
        (
            'name = "trade"',
            'name = "trade"\nsymmetrize = "mean"',
            "study_symmetrize",
            10,
            "relations[1].symmetrize",
            '"mean"',
        ),
    ],
)
def test_wrong_types_and_values_are_one_clear_error(folder, old, new, code, line, key, shown):
    assert old in STUDY
    err = _error(_write(folder, STUDY.replace(old, new, 1)))
    assert (err.code, err.row, err.column) == (code, line, key), str(err)
    assert shown in str(err)
    assert error_text(err, "en") == str(err)
    es = _spanish(err)
    assert f"línea {line}, clave «{key}»" in es and shown in es
    assert "Input should" not in str(err) + es and "pydantic" not in str(err) + es


def test_the_first_problem_by_line_is_reported(folder):
    text = STUDY.replace('name = "knowledge"', 'name = "knowledge"\ndirected = 1')
    text = text.replace('waves = ["2025"]', 'waves = "2025"')
    assert _error(_write(folder, text)).row == 3


def test_missing_tables_and_keys(folder):
    err = _error(_write(folder, STUDY.replace('[actors]\nfile = "actors.csv"\n', "")))
    assert err.code == "missing_table" and err.column == "actors"
    err = _error(_write(folder, STUDY.split("[[ties]]")[0]))
    assert err.code == "no_ties_entries"
    err = _error(_write(folder, STUDY.replace('name = "trade"', 'label = "Comercio"')))
    assert (err.code, err.row, err.column) == ("study_missing_key", 8, "relations[1].name")
    assert str(err).endswith("[[relations]] needs `name`")


# ---------------------------------------------------------------- where a key is written
def test_lines_are_found_through_multiline_strings_arrays_and_subtables():
    text = (
        '[study]\nkey = "x"\ndescription = """\n[[ties]]\nfile = 1\n"""\n'
        'waves = [\n  "a",\n  ["b"],\n]\n'
        '[[ties]]\nfile = "a"\n[ties.columns]\nsource = "de"\n'
        "[[ties]]\n'file' = \"b\"\nrelations.x = 1\n"
    )
    lines = locate_keys(text)
    assert lines[("study", "waves")] == 7 and lines[("ties", 0)] == 11
    assert lines[("ties", 0, "columns", "source")] == 14
    assert lines[("ties", 1, "file")] == 16 and lines[("ties", 1, "relations", "x")] == 17
    assert ("ties", 1, "columns") not in lines and len(
        [k for k in lines if k[:1] == ("ties",)]
    ) == 8


def test_invalid_toml_names_its_line(folder):
    err = _error(_write(folder, STUDY + "x = \n"))
    assert err.code == "study_toml_value" and err.row == 17 and "line 17" in str(err)


@pytest.mark.parametrize(
    ("extra", "code", "es"),
    [
        ("title2 = Viñedos\n", "study_toml_value", "falta un valor o no es válido"),
        ('note = "abierta\n', "study_toml_string", "falta una comilla"),
        ("clave sin igual\n", "study_toml_equals", "se esperaba «=»"),
        ("[tabla\n", "study_toml_bracket", "falta «]»"),
    ],
)
def test_toml_syntax_errors_are_worded_in_each_language(folder, extra, code, es):
    """The parser's English never reaches a Spanish reader: each common TOML mistake has
    its words in the catalogue, with the line."""
    path = _write(folder, STUDY + extra)
    err = _error(path)
    assert err.code == code and err.row == 17
    text = error_text(err, "es")
    assert es in text and "línea 17" in text
    assert not found(text.split(":", 1)[1], ENGLISH)


# ---------------------------------------------------------------- paths stay in the folder
@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('file = "ties.csv"', 'file = "../../etc/passwd"', "ties[1].file"),
        ('file = "actors.csv"', 'file = "/proc/self/environ"', "actors.file"),
        ('file = "ties.csv"', 'file = "data/../../ties.csv"', "ties[1].file"),
        (
            'file = "ties.csv"',
            'file = "ties.csv"\n[recall]\nreviewed = ["ok.csv", "../r.csv"]',
            "recall.reviewed[2]",
        ),
    ],
)
def test_paths_out_of_the_study_folder_are_refused(folder, old, new, key):
    err = _error(_write(folder, STUDY.replace(old, new)))
    assert err.code == "study_path_outside" and err.column == key
    assert str(folder.resolve()) in str(err) and "allow_outside = true" in err.hint
    assert "allow_outside = true" in _spanish(err)


def test_a_symlink_out_of_the_folder_is_refused(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "ties.csv"
    outside.write_text(TIES, encoding="utf-8")
    (folder / "link.csv").symlink_to(outside)
    err = _error(_write(folder, STUDY.replace('file = "ties.csv"', 'file = "link.csv"')))
    assert err.code == "study_path_outside" and err.row == 16


def test_paths_out_of_the_folder_load_with_allow_outside(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("shared")
    (elsewhere / "ties.csv").write_text(TIES, encoding="utf-8")
    text = STUDY.replace('waves = ["2025"]', 'waves = ["2025"]\nallow_outside = true')
    text = text.replace('file = "ties.csv"', f'file = "{elsewhere / "ties.csv"}"')
    net = load(_write(folder, text))
    assert len(net.ties) == 2
    relative = text.replace(str(elsewhere / "ties.csv"), f"../{elsewhere.name}/ties.csv")
    assert (
        read_study(_write(folder, relative)).ties[0].file.resolve()
        == (elsewhere / "ties.csv").resolve()
    )


def test_paths_inside_the_folder_are_relative_to_the_study_file(folder, monkeypatch, tmp_path):
    (folder / "data").mkdir()
    (folder / "data" / "ties.csv").write_text(TIES, encoding="utf-8")
    path = _write(folder, STUDY.replace('file = "ties.csv"', 'file = "data/ties.csv"'))
    monkeypatch.chdir(tmp_path.parent)
    assert read_study(path).ties[0].file == folder / "data" / "ties.csv"


# ---------------------------------------------------------------- through the CLI
@pytest.mark.parametrize(
    ("old", "new", "en", "es"),
    [
        (
            'name = "trade"',
            'name = "trade"\ndirected = "no"',
            "line 10, key 'relations[1].directed'",
            "línea 10, clave «relations[1].directed»",
        ),
        ('waves = ["2025"]', 'waves = "2025"', 'waves = ["2025"]', 'waves = ["2025"]'),
        (
            'direction = "alter_to_ego"',
            'direcion = "alter_to_ego"',
            "did you mean `direction`?",
            "¿quiso decir `direction`?",
        ),
        (
            'file = "ties.csv"',
            'file = "../../etc/passwd"',
            "leads out of the study file's folder",
            "sale de la carpeta del archivo del estudio",
        ),
        (
            'file = "actors.csv"',
            'file = "/proc/self/environ"',
            "allow_outside = true",
            "allow_outside = true",
        ),
        (
            STUDY[:41],
            'study = "strict"\n',
            "must be a table",
            "debe ser una tabla",
        ),
    ],
)
def test_validate_refuses_in_one_line_in_both_languages(folder, old, new, en, es):
    path = _write(folder, STUDY.replace(old, new))
    for lang, words in (("en", en), ("es", es)):
        result = runner.invoke(app, ["validate", "--study", str(path)], env={"TRAMAS_LANG": lang})
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and words in result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) <= 2, result.output  # the error, and its hint


def test_validate_accepts_the_valid_study(folder):
    result = runner.invoke(app, ["validate", "--study", str(folder / "study.toml")])
    assert result.exit_code == 0, result.output


def test_a_folder_given_as_the_study_file(folder):
    result = runner.invoke(app, ["validate", "--study", str(folder)], env={"TRAMAS_LANG": "es"})
    assert result.exit_code == 1 and "es una carpeta" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- every study file still reads
def test_every_bundled_and_documented_study_file_validates(tmp_path):
    for path in sorted(sample_dir().glob("*.toml")):
        read_study(path)
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Study file (`study.toml`)") :]
    snippet = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    assert read_study(_write(tmp_path, snippet)).info.key == "wine-sample"
    for block in re.findall(r"```toml\n(.*?)```", docs, re.S):
        _write(tmp_path, STUDY.split("[[ties]]")[0] + '[[ties]]\nfile = "t.csv"\n' + block)
        if "[study]" not in block:
            read_study(tmp_path / "study.toml")


# ---------------------------------------------------------------- texts and the JSON Schema
def _codes_of_the_module() -> set[str]:
    """Every code the study module may raise: ``fail("...")``, ``StudyFileError("...")``,
    ``code="..."``, the first item of returned ``(code, values, place)`` and the code tables."""
    tree = ast.parse(Path(study_module.__file__).read_text(encoding="utf-8"))
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("fail", "StudyFileError") and isinstance(node.args[0], ast.Constant):
                codes.add(node.args[0].value)
            codes |= {
                k.value.value
                for k in node.keywords
                if k.arg == "code" and isinstance(k.value, ast.Constant)
            }
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            first = node.value.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(first.value)
    codes |= set(study_module._CHOICE_CODES.values()) | set(study_module._TYPE_CODES.values())
    return codes


def test_every_code_of_the_study_file_has_its_texts():
    codes = _codes_of_the_module()
    assert {"study_misspelt_key", "study_not_bool", "study_path_outside", "size_class"} <= codes
    en, es = texts("en"), texts("es")
    for code in codes:
        for kind in ("error", "hint"):
            key = f"{kind}.{code}"
            assert (key in en) == (key in es), key
            if key in en:
                assert placeholders(en[key]) == placeholders(es[key]), key
                assert not placeholders(en[key]) & {"key", "lang"}, key  # t(key, lang, ...)
        assert f"error.{code}" in en, code
    assert "ingest.line" in es and "ingest.key" in es


def test_the_published_json_schema_is_current():
    committed = (ROOT / "docs" / "study.schema.json").read_text(encoding="utf-8")
    assert committed == study_json_schema_text(), (
        "docs/study.schema.json is out of date: "
        "python -m tramas.ingest.study_schema > docs/study.schema.json"
    )
    schema = study_json_schema()
    relation = schema["definitions"]["RelationEntry"]
    assert relation["additionalProperties"] is False
    assert relation["properties"]["directed"]["type"] == "boolean"
    assert set(relation["properties"]["direction"]["enum"]) == {"ego_to_alter", "alter_to_ego"}
    assert schema["properties"]["study"]["$ref"].endswith("StudyTable")
    assert json.loads(committed)["required"] == ["actors", "ties"]


def test_a_schema_directive_on_the_first_line_is_a_comment(folder):
    path = _write(folder, "#:schema ./study.schema.json\n" + STUDY)
    assert read_study(path).info.key == "strict"
