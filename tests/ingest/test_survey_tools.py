"""Survey-tool exports (KoboToolbox/ODK, Qualtrics, Network Canvas) and `tramas form`.

The fixtures under ``fixtures/<tool>/`` are shaped like each tool's documented export;
``fixtures/kobo/export.xlsx`` is the KoboToolbox export of the form ``tramas form`` makes
from ``fixtures/kobo/study.toml`` (``make_export.py`` writes it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.ingest import load
from tramas.ingest.form import form_sheets, write_form
from tramas.ingest.study import read_study
from tramas.ingest.survey_tools import detect_tool

pyxform = pytest.importorskip("pyxform")
from pyxform.xls2xform import convert  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
KOBO = FIXTURES / "kobo"


def _ties(network) -> set[tuple]:
    t = network.ties
    return {
        (s, d, r, w, float(x), b)
        for s, d, r, w, x, b in zip(
            t["source"],
            t["target"],
            t["relation"],
            t["wave"],
            t["weight"],
            t["reported_by"],
            strict=True,
        )
    }


def _balanced(network) -> None:
    for counts in network.report.files:
        assert counts.records == counts.loaded + counts.merged + counts.rejected, counts


# ---------------------------------------------------------------- KoboToolbox / ODK
KOBO_TIES = {
    ("U001", "F001", "knowledge", "2025", 3.0, "F001"),
    ("F002", "F001", "knowledge", "2025", 2.0, "F001"),
    ("U001", "F002", "knowledge", "2025", 1.0, "F002"),
    ("U001", "F003", "knowledge", "2025", 2.0, "F003"),
    ("F001", "F 004", "cooperation", "2025", 2.0, "F001"),
    ("F002", "F001", "cooperation", "2025", 3.0, "F002"),
    ("F001", "B001", "trade", "2025", 3.0, "F001"),
    ("F001", "F003", "trade", "2025", 1.0, "F001"),
    ("F002", "B001", "trade", "2025", 2.0, "F002"),
}


def test_the_kobo_export_of_the_generated_form_loads_with_no_mapping():
    network = load(KOBO / "study.toml", strict=False)
    assert network.report.ok, [i.describe() for i in network.report.errors]
    assert _ties(network) == KOBO_TIES
    _balanced(network)
    main = next(c for c in network.report.files if c.what == "kobo")
    # 4 submissions; 11 choices ticked + 2 names written; the earlier submission of F003
    # (2 ties) and the unresolved name rejected; the name repeating a ticked choice merged
    assert (main.rows, main.records, main.loaded, main.merged, main.rejected) == (4, 13, 9, 1, 3)
    repeats = {c.file.rsplit("[", 1)[-1].rstrip("]"): c for c in network.report.files}
    assert (repeats["knowledge_ties"].merged, repeats["knowledge_ties"].rejected) == (4, 1)
    assert (repeats["trade_ties"].merged, repeats["trade_ties"].rejected) == (3, 1)
    codes = {i.code for i in network.report.issues}
    assert {"kobo_earlier_submission", "kobo_repeat_orphan", "unresolved_name"} <= codes
    earlier = next(i for i in network.report.issues if i.code == "kobo_earlier_submission")
    assert earlier.row == 5 and earlier.values["row"] == "4"
    orphan = [i for i in network.report.issues if i.code == "kobo_repeat_orphan"]
    assert any(i.values["partner"] == "F009" and "trade_ties" in i.file for i in orphan)


def test_kobo_trade_evidence_and_upgrading_come_back_typed():
    network = load(KOBO / "study.toml", strict=False)
    t = network.ties.set_index(["source", "target", "relation"])
    buyer = t.loc[("F001", "B001", "trade")]
    assert buyer["market"] == "us" and buyer["spec_setter"] == "buyer"
    assert bool(buyer["buyer_monitors"]) is True and buyer["buyer_share"] == pytest.approx(0.4)
    assert bool(t.loc[("F002", "B001", "trade")]["intermediary"]) is True
    assert t.loc[("F001", "F003", "trade")]["buyer_share"] == pytest.approx(0.1)
    assert pd.isna(t.loc[("U001", "F001", "knowledge")]["buyer_share"])
    up = network.upgrading.set_index("id")
    assert set(up.index) == {"F001", "F003"}  # F002 answered none; F003's later submission
    assert up.loc["F001", "upgrading_process"] == 1.0
    assert up.loc["F001", "upgrading_product"] == 0.0
    assert set(up.loc["F001", "functions"].split(";")) == {"design", "production"}
    assert up.loc["F003", "upgrading_functional"] == 1.0


def test_the_kobo_csv_export_holds_the_submissions_without_repeat_groups(tmp_path):
    for f in ("actors.csv", "export.csv"):
        shutil.copy(KOBO / f, tmp_path / f)
    study = (KOBO / "study.toml").read_text(encoding="utf-8").replace("export.xlsx", "export.csv")
    (tmp_path / "study.toml").write_text(study, encoding="utf-8")
    network = load(tmp_path / "study.toml", strict=False)
    _balanced(network)
    assert {(s, d, r, x) for s, d, r, _, x, _ in _ties(network)} == {
        (s, d, r, 1.0) for s, d, r, *_ in KOBO_TIES
    }
    assert "market" not in network.ties.columns


def test_a_kobo_export_without_a_shape_is_detected_and_said(tmp_path):
    for f in ("actors.csv", "export.xlsx"):
        shutil.copy(KOBO / f, tmp_path / f)
    study = (KOBO / "study.toml").read_text(encoding="utf-8").replace('shape = "kobo"\n', "")
    (tmp_path / "study.toml").write_text(study, encoding="utf-8")
    assert detect_tool(tmp_path / "export.xlsx") == "kobo"
    network = load(tmp_path / "study.toml", strict=False)
    assert _ties(network) == KOBO_TIES
    detected = [i for i in network.report.issues if i.code == "survey_tool_detected"]
    assert len(detected) == 1 and detected[0].values["shape"] == "kobo"
    assert "KoboToolbox" in detected[0].text("es") and "detectado" in detected[0].text("es")


def test_a_kobo_export_without_the_relations_questions_is_an_error_naming_the_file(tmp_path):
    for f in ("actors.csv",):
        shutil.copy(KOBO / f, tmp_path / f)
    pd.DataFrame({"respondent": ["F001"], "_uuid": ["u1"], "_index": ["1"]}).to_csv(
        tmp_path / "export.csv", index=False
    )
    study = (KOBO / "study.toml").read_text(encoding="utf-8").replace("export.xlsx", "export.csv")
    (tmp_path / "study.toml").write_text(study, encoding="utf-8")
    network = load(tmp_path / "study.toml", strict=False)
    error = network.report.errors[0]
    assert error.code == "file" and error.file.endswith("export.csv")
    assert "knowledge, cooperation, trade" in error.describe("en")
    assert "no tiene ninguna pregunta" in error.describe("es")


# ---------------------------------------------------------------- tramas form
def _xform(path: Path) -> str:
    return convert(xlsform=str(path), validate=False).xform


def test_the_form_of_the_study_converts_with_pyxform(tmp_path):
    written = write_form(KOBO / "study.toml", tmp_path / "form.xlsx", lang="en")
    assert written.actors == 6
    survey = pd.read_excel(written.path, sheet_name="survey", dtype=str).fillna("")
    names = list(survey["name"])
    assert names.index("respondent") < names.index("knowledge")  # identity first
    assert survey.loc[survey["name"] == "respondent", "type"].item() == "select_one actors"
    for rel in ("knowledge", "cooperation", "trade"):
        assert survey.loc[survey["name"] == rel, "type"].item() == "select_multiple actors"
        assert {f"{rel}_other", f"{rel}_ties", f"{rel}_partner", f"{rel}_weight"} <= set(names)
    label = survey.loc[survey["name"] == "knowledge", "label"].item()
    assert label == "From which organisations did you receive technical advice?"
    assert "cooperation" in survey.loc[survey["name"] == "cooperation", "label"].item()
    # the value-chain questions on trade ties only; upgrading (the actors table has it)
    trade_end = names.index("trade_weight")
    assert names.index("market") == trade_end + 1 and "buyer_share" in names
    assert {"upgrading_process", "functions"} <= set(names)
    choices = pd.read_excel(written.path, sheet_name="choices", dtype=str).fillna("")
    actors = choices[choices["list_name"] == "actors"]
    assert dict(zip(actors["name"], actors["label"], strict=True))["F_004"] == (
        "Cooperativa Alto Valle (F 004)"
    )
    xml = _xform(written.path)
    assert "<h:title>Kobo fixture</h:title>" in xml
    assert "selected-at( /data/knowledge_group/knowledge" in xml
    assert "count-selected( /data/trade_group/trade )" in xml


def test_every_column_of_the_kobo_fixture_is_a_field_of_the_generated_form(tmp_path):
    """The fixture is shaped like the export of this very form: each header (groups
    with "/", one-hot choices, repeat-group fields) is a node of the XForm."""
    written = write_form(KOBO / "study.toml", tmp_path / "form.xlsx")
    nodes = set(re.findall(r'nodeset="/data/([^"]+)"', _xform(written.path)))
    book = pd.ExcelFile(KOBO / "export.xlsx")
    codes = set(pd.read_excel(written.path, sheet_name="choices", dtype=str)["name"])
    for sheet in book.sheet_names:
        for col in pd.read_excel(book, sheet_name=sheet, nrows=0).columns:
            if col.startswith("_") or col == "meta/instanceID":
                continue  # KoboToolbox's own columns
            parts = col.split("/")
            assert col in nodes or ("/".join(parts[:-1]) in nodes and parts[-1] in codes), col


def test_the_form_speaks_spanish(tmp_path):
    spec = read_study(KOBO / "study.toml")
    from tramas.ingest.actors import read_actors
    from tramas.ingest.report import IngestReport

    actors = read_actors(spec.actors, IngestReport(), sizes=spec.sizes)
    survey = form_sheets(spec, actors, lang="es")["survey"].set_index("name")
    assert survey.loc["respondent", "label"] == "¿Por qué organización responde?"
    assert survey.loc["cooperation", "label"].startswith("¿Con qué organizaciones")
    assert "${trade_partner_name}" in survey.loc["buyer_monitors", "label"]


def test_tramas_form_command(tmp_path):
    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(
        app, ["form", "--study", str(KOBO / "study.toml"), "--out", str(out), "--lang", "es"]
    )
    assert result.exit_code == 0, result.output
    assert "XLSForm escrito" in result.output and "6 organizaciones" in result.output
    assert _xform(out)
    bad = CliRunner().invoke(
        app, ["form", "--study", str(KOBO / "study.toml"), "--out", str(tmp_path / "f.csv")]
    )
    assert bad.exit_code == 1 and ".xlsx" in bad.output


def test_the_sample_study_form_converts(tmp_path):
    import tramas.sample

    sample = Path(tramas.sample.__file__).parent / "data" / "study.toml"
    written = write_form(sample, tmp_path / "form.xlsx")
    assert written.actors > 50 and "trade_ties" in _xform(written.path)


# ---------------------------------------------------------------- Qualtrics
def test_the_qualtrics_export_loads_every_row_accounted_for():
    network = load(FIXTURES / "qualtrics" / "study.toml", strict=False)
    assert network.report.ok
    _balanced(network)
    assert _ties(network) == {
        ("U001", "F001", "knowledge", "2025", 3.0, "F001"),
        ("F002", "F001", "knowledge", "2025", 1.0, "F001"),
        ("U001", "F002", "knowledge", "2025", 2.0, "F002"),
        ("F001", "F002", "knowledge", "2025", 1.0, "F002"),
        ("F001", "B001", "trade", "2025", 1.0, "F001"),
        ("F001", "F002", "trade", "2025", 1.0, "F001"),  # written in the "other" box
        ("F002", "B001", "trade", "2025", 1.0, "F002"),
    }
    counts = next(c for c in network.report.files if c.what == "qualtrics")
    # the header, question-text and ImportId rows are no responses; the preview is left out
    assert (counts.rows, counts.records, counts.loaded, counts.rejected) == (4, 8, 7, 1)
    preview = next(i for i in network.report.issues if i.code == "qualtrics_preview")
    assert preview.row == 6 and preview.column == "Status"
    unresolved = next(i for i in network.report.issues if i.code == "unresolved_name")
    assert (unresolved.row, unresolved.column) == (7, "trade_3_TEXT")
    assert network.actors.loc["F003", "respondent"]  # answered, named nobody on the list
    assert detect_tool(FIXTURES / "qualtrics" / "responses.csv") == "qualtrics"


# ---------------------------------------------------------------- Network Canvas
def test_the_network_canvas_export_loads_every_row_accounted_for():
    network = load(FIXTURES / "network_canvas" / "study.toml", strict=False)
    assert network.report.ok
    _balanced(network)
    assert _ties(network) == {
        ("U001", "F001", "knowledge", "2025", 1.0, "F001"),
        ("F002", "F001", "knowledge", "2025", 1.0, "F001"),  # by name: Viñedo Sur
        ("U001", "F002", "knowledge", "2025", 1.0, "F002"),
        ("F001", "B001", "trade", "2025", 3.0, "F001"),
        ("F002", "F001", "trade", "2025", 1.0, "F002"),  # by name: Bodega los Andes S.A.
        ("F001", "F 004", "cooperation", "2025", 1.0, "F001"),  # node type Partner
        ("F002", "F003", "cooperation", "2025", 1.0, "F002"),
        ("F002", "B001", "trade", "2025", 2.0, "F001"),  # an edge between two alters
    }
    by_what = {}
    for c in network.report.files:
        by_what.setdefault(c.what, []).append(c)
    assert by_what["network_canvas_ego"][0].rows == 2
    assert sum(c.rows for c in by_what["network_canvas_nodes"]) == 8
    knows = next(c for c in by_what["network_canvas_edges"] if "knows" in c.file)
    assert knows.rejected == 1
    codes = {i.code: i for i in network.report.issues}
    assert codes["nc_edge_type"].values["type"] == "knows"
    assert codes["nc_node_no_relation"].values["name"] == "Some Unknown Winery"
    assert detect_tool(FIXTURES / "network_canvas" / "export") == "network_canvas"
