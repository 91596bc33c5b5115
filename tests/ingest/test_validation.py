"""Every validation problem names its file, row and column; every row is accounted for."""

from __future__ import annotations

import pytest

from tramas.exceptions import ValidationFailed
from tramas.ingest import load

ACTORS = "id,name,kind,internal,employees\nF1,Uno,firm,yes,10\nF2,Dos,firm,yes,3\nF3,Tres,firm,yes,400\nX1,Buyer,firm,no,\n"


def _load(tmp_path, ties: str, actors: str = ACTORS, **kw):
    a = tmp_path / "actors.csv"
    t = tmp_path / "ties.csv"
    a.write_text(actors)
    t.write_text(ties)
    return load(actors=a, ties=[t], strict=False, **kw)


def _only(report, code):
    found = [i for i in report.issues if i.code == code]
    assert found, f"no {code} in {[i.describe() for i in report.issues]}"
    return found


@pytest.mark.parametrize(
    ("ties", "row", "column", "match"),
    [
        ("source,target\nF1,F9\n", 2, "target", "unknown actor id 'F9'"),
        ("source,target\nF9,F1\n", 2, "source", "unknown actor id 'F9'"),
        ("from,to\nF1,F2\nF2,F2\n", 3, "to", "self-loop"),
        ("source,target,weight\nF1,F2,mucho\n", 2, "weight", "non-numeric weight 'mucho'"),
        ("source,target,peso\nF1,F2,-1\n", 2, "peso", "negative weight"),
        ("source,target\nF1,\n", 2, "target", "empty target"),
    ],
)
def test_tie_errors_point_at_file_row_column(tmp_path, ties, row, column, match):
    net = _load(tmp_path, ties)
    [err] = net.report.errors
    assert err.file == str(tmp_path / "ties.csv")
    assert err.row == row and err.column == column
    assert match in err.message
    counts = net.report.files[1]
    assert counts.rejected == 1 and counts.balanced


def test_actor_errors(tmp_path):
    actors = "id,name,kind,employees\nF1,A,firm,2\nF1,B,firm,3\n,C,firm,1\nF2,D,fabrica,x\n"
    net = _load(tmp_path, "source,target\nF1,F2\n", actors=actors)
    msgs = {(i.row, i.column, i.code) for i in net.report.errors}
    assert (3, "id", "duplicate_actor") in msgs
    assert (4, "id", "empty_id") in msgs
    assert (5, "kind", "invalid_value") in msgs
    assert (5, "employees", "invalid_value") in msgs
    assert net.report.files[0].rejected == 2 and net.report.files[0].loaded == 2


def test_missing_required_column_and_empty_file(tmp_path):
    net = _load(tmp_path, "origin,destination\nF1,F2\n")
    [err] = net.report.errors
    assert "missing required column 'source'" in err.message and err.row == 1
    empty = _load(tmp_path, "")
    assert "empty" in empty.report.errors[0].message


def test_unknown_relation_and_wave_from_study(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS)
    (tmp_path / "ties.csv").write_text(
        "source,target,relation,wave\nF1,F2,knowledge,2023\nF1,F3,friendship,2023\nF2,F3,knowledge,1999\n"
    )
    (tmp_path / "study.toml").write_text(
        '[study]\nkey="t"\nwaves=["2023"]\n[actors]\nfile="actors.csv"\n'
        '[[relations]]\nname="knowledge"\n[[ties]]\nfile="ties.csv"\n'
    )
    net = load(tmp_path / "study.toml", strict=False)
    errs = {(e.row, e.column): e.message for e in net.report.errors}
    assert "unknown relation 'friendship'" in errs[(3, "relation")]
    assert "unknown wave '1999'" in errs[(4, "wave")]
    with pytest.raises(ValidationFailed, match="2 error"):
        load(tmp_path / "study.toml")


def test_warnings_do_not_fail(tmp_path):
    net = _load(tmp_path, "source,target,weight\nF1,F2,1\nF1,F2,3\nF2,X1,0\n")
    assert not net.report.errors
    codes = {i.code for i in net.report.warnings}
    assert {"duplicate_tie", "zero_weight", "isolates"} <= codes
    assert net.ties["weight"].tolist() == [3.0]  # largest weight kept
    [dup] = [i for i in net.report.warnings if i.code == "duplicate_tie"]
    # row 2 (weight 1) is merged into row 3, the record kept for its larger weight
    assert dup.row == 2 and "tie F1 -> F2 in wave 1 merged with" in dup.message
    assert dup.message.endswith("row 3 (largest weight kept)")
    counts = net.report.files[1]
    assert (counts.loaded, counts.merged, counts.rejected) == (1, 1, 1)


def test_alter_to_ego_relations_point_along_the_flow(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS)
    (tmp_path / "ties.csv").write_text("source,target,relation\nF2,F3,knowledge\nF2,F3,trade\n")
    (tmp_path / "study.toml").write_text(
        '[study]\nkey="t"\n[actors]\nfile="actors.csv"\n'
        '[[relations]]\nname="knowledge"\ndirection="alter_to_ego"\n'
        '[[relations]]\nname="trade"\n[[ties]]\nfile="ties.csv"\nwave="1"\n'
    )
    net = load(tmp_path / "study.toml")
    k = net.ties[net.ties.relation == "knowledge"].iloc[0]
    t = net.ties[net.ties.relation == "trade"].iloc[0]
    assert (k.source, k.target, k.reported_by) == ("F3", "F2", "F2")  # advice F3 -> F2
    assert (t.source, t.target, t.reported_by) == ("F2", "F3", "F2")
    assert bool(net.actors.loc["F2", "respondent"]) and not bool(net.actors.loc["F3", "respondent"])
