"""`tramas validate` and the CLI's error handling."""

from __future__ import annotations

from typer.testing import CliRunner

from tramas.cli import app

runner = CliRunner()


def _files(tmp_path, ties="source,target\nF1,F2\n"):
    (tmp_path / "a.csv").write_text("id,name\nF1,Uno\nF2,Dos\n")
    (tmp_path / "t.csv").write_text(ties)
    return ["--actors", str(tmp_path / "a.csv"), "--ties", str(tmp_path / "t.csv")]


def test_validate_ok_prints_counts(tmp_path):
    result = runner.invoke(app, ["validate", *_files(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "valid" in result.output


def test_validate_errors_exit_1_with_precise_messages(tmp_path):
    result = runner.invoke(
        app, ["validate", *_files(tmp_path, "source,target,weight\nF1,F3,1\nF2,F2,x\n")]
    )
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "row 2, column 'target': unknown actor id 'F3'" in out
    assert "row 3, column 'target': self-loop" in out
    assert "2 errors" in out


def test_missing_file_is_one_line_not_a_traceback(tmp_path):
    result = runner.invoke(app, ["validate", "--study", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert "study file not found" in result.output
    assert "Traceback" not in result.output


def test_no_input_gives_hint():
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "hint" in result.output


def test_help_explains_options():
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    for opt in ("--study", "--actors", "--ties", "--review", "--all"):
        assert opt in result.output
