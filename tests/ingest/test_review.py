"""The review loop of free-recall names: validate writes, a person fills, every run reads."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError
from tramas.ingest import load

runner = CliRunner()

ACTORS = (
    "id,name,aliases,kind,internal\n"
    "F1,Bodega Los Andes S.A.,,firm,yes\n"
    "F2,Viñedos del Sol S.R.L.,,firm,yes\n"
    "F3,Tonelería Cuyo,,firm,yes\n"
    "I1,Instituto Nacional de Tecnología Agropecuaria,,research,yes\n"
    "I2,Instituto Nacional de Tecnología Alimentaria,INTA,research,no\n"
)
RECALL = (
    "respondent,name\n"
    "F1,INTA Mendoza\n"  # row 2: a shared acronym -> ambiguous
    "F1,Consultora Pérez\n"  # row 3: unresolved
    "F2,Consultora Perez\n"  # row 4: the same name, written differently
    "F2,Feria de Vinos\n"  # row 5: unresolved
    "F3,Instituto Nacional de Tecnología Agropecuaria (INTA)\n"  # row 6: settled by the name
    "F3,bodega los andes\n"  # row 7: resolved
)
STUDY = (
    '[study]\nkey = "review"\nwaves = ["2023"]\n'
    '[actors]\nfile = "actors.csv"\n'
    '[[relations]]\nname = "knowledge"\ndirection = "alter_to_ego"\n'
    '[[ties]]\nshape = "recall"\nformat = "long"\nfile = "recall.csv"\nrelation = "knowledge"\n'
)


@pytest.fixture
def study(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "recall.csv").write_text(RECALL, encoding="utf-8")
    (tmp_path / "study.toml").write_text(STUDY, encoding="utf-8")
    return tmp_path / "study.toml"


def _point_at(study, *files):
    listed = ", ".join(f'"{f}"' for f in files)
    study.write_text(study.read_text() + f"[recall]\nreviewed = [{listed}]\n")


def _fill(path, decisions):
    """Fill the decision column the way a person would: ``{name: decision}``, first row only."""
    review = pd.read_csv(path, dtype=str, keep_default_na=False)
    seen = set()
    for i, name in review["name"].items():
        if name in decisions and name not in seen:
            review.loc[i, "decision"] = decisions[name]
            seen.add(name)
    review.to_csv(path, index=False)
    return review


def _out(result):
    return " ".join(result.output.split())


def test_validate_without_review_says_how_to_get_the_file(study):
    result = runner.invoke(app, ["validate", "--study", str(study)])
    assert result.exit_code == 0, result.output
    out = _out(result)
    assert "written" not in out.replace("written to a CSV", "")
    assert "4 free-recall names need review" in out
    assert "--review" in out and "[recall] reviewed" in out
    assert not list(study.parent.glob("*review*"))


def test_round_trip_write_fill_rerun(study):
    review = study.parent / "nombres-revisados.csv"
    result = runner.invoke(app, ["validate", "--study", str(study), "--review", str(review)])
    assert result.exit_code == 0, result.output
    out = _out(result)
    assert f"4 free-recall names to review written to {review}" in out
    assert '[recall] reviewed = "nombres-revisados.csv"' in out  # relative to the study
    written = pd.read_csv(review, dtype=str, keep_default_na=False)
    assert list(written.columns)[-1] == "decision" and set(written["decision"]) == {""}
    assert list(written["row"]) == ["2", "3", "4", "5"]
    assert dict(zip(written["name"], written["status"], strict=True))["INTA Mendoza"] == (
        "ambiguous"
    )
    assert "I1" in written.loc[0, "candidates"] and "I2" in written.loc[0, "candidates"]

    _fill(review, {"INTA Mendoza": "I1", "Consultora Pérez": "new", "Feria de Vinos": "none"})
    _point_at(study, "nombres-revisados.csv")
    result = runner.invoke(app, ["validate", "--study", str(study)])
    assert result.exit_code == 0, result.output
    out = _out(result)
    assert "need review" not in out and "error:" not in out
    assert "'Feria de Vinos' is no organisation of the study" in out

    net = load(study)
    ties = set(zip(net.ties["source"], net.ties["target"], strict=True))
    assert ("I1", "F1") in ties  # INTA Mendoza, as decided
    assert ("NEW-consultora-perez", "F1") in ties and ("NEW-consultora-perez", "F2") in ties
    assert ("I1", "F3") in ties and ("F1", "F3") in ties
    assert not net.report.review
    new = net.actors.loc["NEW-consultora-perez"]
    assert (new["name"], bool(new["internal"])) == ("Consultora Pérez", False)
    # every reviewed row accounted for: 3 decisions used, 1 row repeating a name
    [counts] = [fc for fc in net.report.files if fc.what == "reviewed names"]
    assert (counts.rows, counts.loaded, counts.merged, counts.rejected) == (4, 3, 1, 0)
    [recall] = [fc for fc in net.report.files if fc.what == "ties (free recall)"]
    assert (recall.records, recall.loaded, recall.rejected) == (6, 5, 1)


def test_review_refuses_to_overwrite_decisions(study):
    review = study.parent / "r.csv"
    runner.invoke(app, ["validate", "--study", str(study), "--review", str(review)])
    _fill(review, {"Feria de Vinos": "none"})
    _point_at(study, "r.csv")
    result = runner.invoke(app, ["validate", "--study", str(study), "--review", str(review)])
    assert result.exit_code == 1
    assert "holds decisions already" in _out(result) and "Traceback" not in result.output
    assert "none" in set(pd.read_csv(review, dtype=str, keep_default_na=False)["decision"])
    # a second file gets the names still open, and both are read
    second = study.parent / "r2.csv"
    result = runner.invoke(app, ["validate", "--study", str(study), "--review", str(second)])
    assert result.exit_code == 0, result.output
    assert "Feria de Vinos" not in set(pd.read_csv(second, dtype=str)["name"])


def test_unknown_actor_id_is_an_error_with_file_row_column(study):
    review = study.parent / "r.csv"
    runner.invoke(app, ["validate", "--study", str(study), "--review", str(review)])
    _fill(review, {"Feria de Vinos": "F99"})
    _point_at(study, "r.csv")
    result = runner.invoke(app, ["validate", "--study", str(study)])
    assert result.exit_code == 1
    assert "decision 'F99' for 'Feria de Vinos' is no actor id" in _out(result)
    net = load(study, strict=False)
    [error] = net.report.errors
    assert (error.code, error.file, error.row, error.column) == (
        "review_unknown_actor",
        str(review),
        5,
        "decision",
    )
    assert "Feria de Vinos" in {r["name"] for r in net.report.review}  # still to review


def test_stale_conflicting_and_pending_rows_are_accounted_for(study):
    (study.parent / "r.csv").write_text(
        "name,decision\n"
        "Consultora Pérez,new\n"  # row 2: used
        "Consultora Perez,new\n"  # row 3: the same decision again
        "Vivero Viejo,F1\n"  # row 4: no longer in the input
        "Feria de Vinos,F2\n"  # row 5
        "Feria de vinos,F3\n"  # row 6: contradicts row 5
        "INTA Mendoza,\n"  # row 7: not decided yet
        ",F1\n",  # row 8: no name
        encoding="utf-8",
    )
    _point_at(study, "r.csv")
    net = load(study, strict=False)
    issues = {(i.code, i.row, i.column) for i in net.report.issues}
    assert ("review_unused", 4, "decision") in issues
    assert ("review_conflict", 6, "decision") in issues
    assert ("review_no_name", 8, "name") in issues
    assert any(i.code == "review_pending" and "rows 7" in i.message for i in net.report.issues)
    assert {r["name"] for r in net.report.review} == {"INTA Mendoza", "Feria de Vinos"}
    [counts] = [fc for fc in net.report.files if fc.what == "reviewed names"]
    assert counts.balanced and counts.records == 7
    assert (counts.loaded, counts.merged, counts.rejected) == (1, 1, 5)


def test_decision_overrides_an_automatic_match(study, tmp_path):
    (tmp_path / "r.csv").write_text("name,decision\nbodega los andes,F2\n", encoding="utf-8")
    net = load(study, strict=False, reviewed=tmp_path / "r.csv")
    ties = set(zip(net.ties["source"], net.ties["target"], strict=True))
    assert ("F2", "F3") in ties and ("F1", "F3") not in ties


def test_reviewed_must_name_files(study):
    study.write_text(study.read_text() + "[recall]\nreviewed = 3\n")
    with pytest.raises(InputError, match="reviewed must be a file name"):
        load(study)


def test_a_formula_name_is_guarded_in_the_review_file_and_its_decision_still_applies(study):
    """A free-recall answer such as ``=HYPERLINK(...)`` is written with the formula guard's
    ``'`` (a spreadsheet shows it as text) and read back as the answer it was, so the
    person's decision applies to it."""
    hostile = '=HYPERLINK("http://x","Consultora")'
    recall = study.parent / "recall.csv"
    recall.write_text(recall.read_text() + f'F3,"{hostile.replace(chr(34), chr(34) * 2)}"\n')
    review = study.parent / "r.csv"
    result = runner.invoke(app, ["validate", "--study", str(study), "--review", str(review)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(review, dtype=str, keep_default_na=False)
    assert "'" + hostile in set(written["name"])
    assert not any(n.startswith(("=", "+", "@")) for n in written["name"])
    written.loc[written["name"] == "'" + hostile, "decision"] = "none"
    written.to_csv(review, index=False)
    _point_at(study, "r.csv")
    net = load(study)
    assert hostile not in {r["name"] for r in net.report.review}
    assert all("HYPERLINK" not in str(t) for t in net.ties["target"])
