"""One language per command: the CLI speaks the study's ``lang``, ``--lang`` or
``TRAMAS_LANG`` (else English), every word from the catalogue, errors included."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from language_checks import ENGLISH, clean, decimal_points, found
from tramas.cli import _state, _step_text, app
from tramas.ingest import load
from tramas.locale import LANGS, placeholders, texts
from tramas.metrics.scale import SCALE_MEASURES
from tramas.sample import sample_dir

SRC = Path(__file__).resolve().parents[1] / "src" / "tramas"
#: The layers whose errors this test covers (the input's own, ``ingest``, have theirs).
LAYERS = (
    "cli", "demo.py", "report", "viz", "metrics", "identify", "graph", "neo4j", "locale", "export"
)  # fmt: skip
ERRORS = {"TramasError", "InputError", "StoreError", "QueryError"}

runner = CliRunner()


def _sources() -> list[Path]:
    files: list[Path] = []
    for layer in LAYERS:
        path = SRC / layer
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def _codes(node: ast.expr) -> list[str]:
    """The codes an expression may give: a string, or a choice between strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    raise AssertionError(f"code= must be a string or a choice of strings: {ast.unparse(node)}")


def _error_calls():
    """``(file, function, call)`` for every error raised in the covered layers."""

    def visit(node: ast.AST, function: str):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", None))
            if name in ERRORS:
                yield function, node.exc
        for child in ast.iter_child_nodes(node):
            yield from visit(child, function)

    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, call in visit(tree, ""):
            yield path, function, call


def test_every_error_code_has_texts_in_both_languages_with_its_values():
    seen = 0
    for path, _, call in _error_calls():
        kw = {k.arg: k.value for k in call.keywords}
        if "code" not in kw:
            continue
        seen += 1
        given: set[str] = set()
        if "values" in kw:
            assert isinstance(kw["values"], ast.Dict), (path, ast.unparse(call))
            given = {k.value for k in kw["values"].keys if isinstance(k, ast.Constant)}
        assert not given & {"key", "lang"}, (path, "t(key, lang, **values) takes these")
        codes = _codes(kw["code"])
        for code in codes:
            for lang in LANGS:
                cat = texts(lang)
                where = (path.name, code, lang)
                assert f"error.{code}" in cat, where
                assert ("hint" in kw) == (f"hint.{code}" in cat), where
                used = placeholders(cat[f"error.{code}"]) | placeholders(
                    cat.get(f"hint.{code}", "")
                )
                assert used <= given, (where, used - given)
                if len(codes) == 1:  # a choice of codes may use part of the values each
                    assert used == given, (where, given - used)
                en = placeholders(texts("en")[f"error.{code}"])
                assert placeholders(cat[f"error.{code}"]) == en, where
    assert seen > 140


def test_every_error_of_these_layers_has_a_code():
    missing = [
        f"{path.relative_to(SRC)}:{call.lineno}"
        for path, function, call in _error_calls()
        if not any(k.arg == "code" for k in call.keywords)
    ]
    assert missing == []


def test_every_progress_step_has_words():
    from tramas.metrics.analysis import analyze

    steps: list[str] = []
    network = load(sample_dir() / "study.toml")
    analyze(network, consensus_runs=2, progress=lambda step, done, total: steps.append(step))
    steps += ["analysis", "random_networks", "comparison", "sections", "maps", "files", "pdf"]
    steps += [*SCALE_MEASURES, "subset", "figures", "read", "done", "actors", "ties"]
    steps += ["prepare", "write", "stop", "import", "start", "schema", "finish"]
    for lang in LANGS:
        _state["lang"] = lang
        try:
            for step in steps:
                slug = re.sub(r"[^a-z0-9]+", "_", step.lower()).strip("_")
                assert f"cli.progress.{slug}" in texts(lang), step
            assert _step_text("betweenness and closeness") == (
                "intermediación y cercanía" if lang == "es" else "betweenness and closeness"
            )
            assert _step_text("not a step") == "not a step"
        finally:
            _state["lang"] = "en"


# ---------------------------------------------------------------- Spanish output
@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    """Outputs of commands run in Spanish: TRAMAS_LANG, --lang and a study with lang es."""
    out = tmp_path_factory.mktemp("es")
    env = {"TRAMAS_LANG": "es"}
    outputs = {}

    def run(name, args, code=0, **kw):
        result = runner.invoke(app, args, **kw)
        assert result.exit_code == code, (name, result.output)
        outputs[name] = result.output

    run("sample", ["sample", "--out", str(out / "sample")], env=env)
    study = out / "sample" / "study.toml"
    run("demo", ["demo", "--out", str(out / "demo")])  # Spanish by default
    table = out / "lq.csv"
    table.write_text(
        "region,sector,value\nNorte,vino,120\nNorte,uva,30\nSur,vino,10\nSur,uva,90\nSur,uva,5\n",
        encoding="utf-8",
    )
    lq = ["identify", "lq", "--table", str(table), "--out", str(out / "lq_out.csv")]
    run("identify lq", [*lq, "--sum-duplicates"], env=env)
    run("identify lq (error)", lq, code=1, env=env)
    run(
        "map (error)",
        ["map", "--study", str(study), "--relation", "nope", "--out", str(out / "m.html")],
        code=1,
    )
    run("report (error)", ["report", "--study", str(study), "--out", str(out / "r.pdf")], code=1)
    run("analyze (error)", ["analyze", "--study", str(study), "--wave", "1999"], code=1)
    run(
        "analyze --lang (error)",
        ["analyze", "--lang", "es", "--wave", "x"]
        + [
            "--actors",
            str(out / "sample" / "actors.csv"),
            "--ties",
            str(out / "sample" / "ties.csv"),
        ],
        code=1,
    )
    return out, outputs


@pytest.mark.parametrize(
    "command",
    [
        "sample",
        "demo",
        "identify lq",
        "identify lq (error)",
        "map (error)",
        "report (error)",
        "analyze (error)",
        "analyze --lang (error)",
    ],
)
@pytest.mark.slow
def test_spanish_commands_print_no_english(spanish, command):
    out, outputs = spanish
    network = load(sample_dir() / "study.toml")
    text = clean(outputs[command], network, (str(out),))
    assert found(text, ENGLISH) == []
    assert decimal_points(text) == []
    assert "Traceback" not in outputs[command]


@pytest.mark.slow
def test_spanish_errors_and_words_come_from_the_catalogue(spanish):
    _, outputs = spanish
    assert "encuesta de muestra del clúster escrita en" in outputs["sample"]
    assert "demostración de tramas" in outputs["demo"] and "1/4 validación" in outputs["demo"]
    assert "válido" in outputs["demo"] and "listo en" in outputs["demo"]
    lq = outputs["identify lq"]
    assert "advertencia: 1 par región-sector aparece en varias filas y se sumó" in lq
    assert "2 candidatos: CL ≥ 1,25" in lq and "participación" in lq
    assert (
        "la región 'Sur' y el sector 'uva' aparecen en las filas 5, 6"
        in outputs["identify lq (error)"]
    )
    assert "sugerencia: quite las filas de totales" in outputs["identify lq (error)"]
    assert "error: relaciones desconocidas: nope" in outputs["map (error)"]
    assert "error: el archivo del informe debe terminar en .html" in outputs["report (error)"]
    assert "error: ola desconocida: '1999'" in outputs["analyze (error)"]
    assert "sugerencia: olas de esta red: 2023, 2025" in outputs["analyze (error)"]
    assert "error: ola desconocida: 'x'" in outputs["analyze --lang (error)"]


def test_english_stays_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("TRAMAS_LANG", raising=False)
    table = tmp_path / "lq.csv"
    table.write_text("region,sector,value\nN,a,1\nN,a,2\n", encoding="utf-8")
    args = ["identify", "lq", "--table", str(table), "--out", str(tmp_path / "o.csv")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "error:" in result.output and "region 'N' and sector 'a' appear in rows 2, 3" in (
        result.output
    )
    assert "hint: remove total or repeated rows" in result.output
    # an unknown TRAMAS_LANG is ignored, not an error
    result = runner.invoke(app, ["sample", "--out", str(tmp_path / "s")], env={"TRAMAS_LANG": "xx"})
    assert result.exit_code == 0 and "sample cluster survey written to" in result.output
