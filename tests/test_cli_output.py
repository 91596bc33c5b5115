"""What the CLI prints when stdout is not a terminal (a pipe, a file, CI): machine-readable
lines (paths, counts) are never wrapped, whatever ``COLUMNS`` says, and ``--help`` reads
naturally (issue #12: the README's test command failed on a fresh machine because rich
wrapped ``6 nodes, 2 ties`` at 80 columns)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def sample_files(folder: Path) -> tuple[Path, Path]:
    """A six-actor study with two relations: actors.csv and ties.csv."""
    actors = folder / "actors.csv"
    ties = folder / "ties.csv"
    actors.write_text(
        "id,name,kind\nA,Alfa,firm\nB,Beta,firm\nC,Gamma,firm\nD,Delta,firm\n"
        "E,Epsilon,university\nF,Zeta,firm\n",
        encoding="utf-8",
    )
    ties.write_text(
        "source,target,relation,wave\nA,B,knowledge,2025\nB,C,knowledge,2025\n"
        "C,D,trade,2025\nE,A,knowledge,2025\n",
        encoding="utf-8",
    )
    return actors, ties


def _run(args: list[str], cwd: Path, columns: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, "-m", "tramas", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.mark.parametrize("columns", [None, "40"])
def test_paths_and_counts_stay_on_one_line(tmp_path, columns):
    actors, ties = sample_files(tmp_path)
    deep = tmp_path / ("a-folder-name-long-enough-to-push-any-line-past-eighty-columns-" * 2)
    out = deep / "map.html"
    done = _run(
        ["map", "--actors", str(actors), "--ties", str(ties), "--out", str(out)],
        tmp_path,
        columns,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(str(out) in line for line in lines), done.stdout
    assert any(" nodes, " in line and " ties" in line for line in lines), done.stdout
    assert out.exists()


def test_quiet_drops_the_accounting(tmp_path):
    actors, ties = sample_files(tmp_path)
    args = ["analyze", "--actors", str(actors), "--ties", str(ties), "--out"]
    plain = _run([*args, str(tmp_path / "a")], tmp_path)
    quiet = _run(["--quiet", *args, str(tmp_path / "b")], tmp_path)
    assert plain.returncode == 0 and quiet.returncode == 0, plain.stderr + quiet.stderr
    assert "Input accounted for" in plain.stdout  # the row accounting of every input file
    assert "Input accounted for" not in quiet.stdout
    assert str(tmp_path / "b") in quiet.stdout  # written paths are still printed


def test_help_has_natural_metavars():
    done = _run(["analyze", "--help"], ROOT)
    assert done.returncode == 0, done.stderr
    for typename in ("<bool>", "<list[", "<path>", "<str>", "<int"):
        assert typename not in done.stdout, typename
    assert "--ties" in done.stdout and "FILE" in done.stdout


def test_readme_and_help_give_the_same_scale_thresholds():
    """The thresholds of scale mode as the code has them, in README and `analyze --help`."""
    from tramas.metrics.scale import SCALE_ACTORS, SCALE_FILE_BYTES, SCALE_TIES

    actors, ties = f"{SCALE_ACTORS:,} actors", f"{SCALE_TIES:,} ties"
    size = f"{SCALE_FILE_BYTES // 2**20} MB"
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    done = _run(["analyze", "--help"], ROOT)
    shown = " ".join(done.stdout.replace("│", " ").split())
    for text in (actors, ties, size):
        assert text in readme, text
        assert text in shown, text


@pytest.mark.parametrize("command", ["analyze", "diagnose"])
def test_an_input_with_errors_is_listed_once(tmp_path, command):
    """The accounting (with its errors) is printed once: not again on stderr by the error
    handler; with --quiet, the error handler lists the problems instead."""
    actors, ties = sample_files(tmp_path)
    ties.write_text(ties.read_text() + "A,ZZ,knowledge,2025\n", encoding="utf-8")
    args = [command, "--actors", str(actors), "--ties", str(ties), "--out", str(tmp_path / "o")]
    done = _run(args, tmp_path)
    assert done.returncode == 1
    both = done.stdout + done.stderr
    assert both.count("Input accounted for") == 1, both
    assert "unknown" in both and "ZZ" in both and "Traceback" not in both
    quiet = _run(["--quiet", *args], tmp_path)
    assert quiet.returncode == 1 and "ZZ" in quiet.stderr
