"""``manifest.json`` in every output folder (#14 item 9).

A result can be reproduced and audited only if the folder says what produced it: the
command line (passwords masked), the versions, the input files with size and SHA-256,
the row accounting of each input file, the seed and every parameter, and each file
written with its size and SHA-256. The bundled sample goes through analyze, report, map,
compare and sample, and each manifest is checked against the files on disk.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.ingest import load
from tramas.manifest import MANIFEST, mask_secrets, write_manifest

runner = CliRunner()

SECRET = "s3cr3t-Pa55"


def _invoke(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.output, repr(result.exception))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    assert path.is_file(), f"no manifest in {folder}: {sorted(p.name for p in folder.iterdir())}"
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text
    return json.loads(text)


def _check_outputs(folder: Path, manifest: dict) -> set[str]:
    """Every listed output exists with the size and hash recorded; returns their paths."""
    listed = set()
    for entry in manifest["outputs"]:
        path = folder / entry["path"]
        assert path.is_file(), entry
        assert entry["bytes"] == path.stat().st_size, entry
        assert entry["sha256"] == _sha(path), entry
        listed.add(entry["path"])
    assert MANIFEST not in listed
    return listed


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("manifest") / "sample"
    _invoke(["sample", "--out", str(folder)])
    return folder / "study.toml"


@pytest.fixture(scope="module")
def analysis(study: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("analysis") / "out"
    _invoke(
        [
            "analyze",
            "--study",
            str(study),
            "--out",
            str(out),
            "--seed",
            "7",
            "--uri",
            f"bolt://neo4j:{SECRET}@db.example:7687",
        ]
    )
    return out


def test_analyze_writes_a_manifest_matching_its_files(analysis):
    manifest = _manifest(analysis)
    listed = _check_outputs(analysis, manifest)
    written = {p.name for p in analysis.iterdir() if p.name != MANIFEST}
    assert written == listed
    assert manifest["command"] == "analyze"
    assert manifest["argv"][:2] == ["tramas", "analyze"]
    assert "bolt://neo4j:***@db.example:7687" in manifest["argv"]
    assert manifest["parameters"]["uri"] == "bolt://neo4j:***@db.example:7687"


def test_the_seed_and_parameters_are_recorded(analysis):
    manifest = _manifest(analysis)
    assert manifest["seed"] == 7
    assert manifest["parameters"]["seed"] == 7
    assert manifest["parameters"]["resolution"] == 1.0  # defaults too


def test_versions_are_recorded(analysis):
    import tramas

    manifest = _manifest(analysis)
    assert manifest["tramas"] == tramas.__version__
    assert manifest["python"]
    for name in ("pandas", "numpy", "scipy", "networkx", "igraph", "pyarrow", "openpyxl"):
        assert manifest["packages"][name], name


def test_inputs_have_their_size_and_hash(analysis, study):
    manifest = _manifest(analysis)
    inputs = {Path(e["path"]).name: e for e in manifest["inputs"]}
    for name in ("study.toml", "actors.csv", "ties.csv"):
        path = study.parent / name
        assert inputs[name]["sha256"] == _sha(path)
        assert inputs[name]["bytes"] == path.stat().st_size


def test_row_accounting_equals_what_validate_counts(analysis, study):
    report = load(study).report
    manifest = _manifest(analysis)
    accounting = manifest["accounting"]
    got = {Path(f["file"]).name: f for f in accounting["files"]}
    assert len(got) == len(report.files)
    for counts in report.files:
        entry = got[Path(counts.file).name]
        for key in ("records", "loaded", "merged", "rejected"):
            assert entry[key] == getattr(counts, key), (counts.file, key)
    assert accounting["errors"] == len(report.errors)
    assert accounting["warnings"] == len(report.warnings)


def test_report_and_map_write_manifests(study, tmp_path):
    report_dir = tmp_path / "report"
    report_dir.mkdir()
    _invoke(["report", "--study", str(study), "--out", str(report_dir / "report.html")])
    listed = _check_outputs(report_dir, _manifest(report_dir))
    assert "report.html" in listed
    assert any(p.startswith("report-tables/") and p.endswith(".csv") for p in listed)
    # a map written into the same folder adds its record, the report's is kept
    _invoke(["map", "--study", str(study), "--out", str(report_dir / "map.html")])
    manifest = _manifest(report_dir)
    assert manifest["command"] == "map"
    assert {e["path"] for e in manifest["outputs"]} == {"map.html"}
    assert [run["command"] for run in manifest["earlier"]] == ["report"]
    assert "report.html" in {e["path"] for e in manifest["earlier"][0]["outputs"]}


def test_compare_and_sample_write_manifests(study, tmp_path):
    out = tmp_path / "compare"
    _invoke(["compare", "--study", str(study), "--out", str(out), "--seed", "3"])
    manifest = _manifest(out)
    assert _check_outputs(out, manifest) >= {"tie_changes.csv", "actor_changes.csv"}
    assert manifest["seed"] == 3
    sample = _manifest(study.parent)
    assert _check_outputs(study.parent, sample) >= {"actors.csv", "ties.csv", "study.toml"}


def test_a_failed_command_writes_no_manifest(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", "--out", str(out)])  # no input
    assert result.exit_code == 1
    assert not (out / MANIFEST).exists()


def test_write_manifest_for_notebooks(tmp_path, study):
    network = load(study)
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "scores.csv").write_text("id,x\nA,1\n", encoding="utf-8")
    path = write_manifest(
        folder,
        network=network,
        inputs=[study],
        command="notebook",
        argv=["jupyter", "--uri", f"neo4j://u:{SECRET}@h"],
        parameters={"seed": 11, "password": SECRET, "anon_key": SECRET},
    )
    manifest = _manifest(folder)
    assert path == folder / MANIFEST
    assert _check_outputs(folder, manifest) == {"scores.csv"}
    assert manifest["seed"] == 11
    assert manifest["parameters"]["password"] == "***"
    assert manifest["parameters"]["anon_key"] == "***"
    assert sum(f["loaded"] for f in manifest["accounting"]["files"]) > 0


@pytest.mark.parametrize(
    ("argv", "masked"),
    [
        (["--uri", "bolt://u:secret@host"], ["--uri", "bolt://u:***@host"]),
        (["--uri=neo4j+s://u:secret@host:7687"], ["--uri=neo4j+s://u:***@host:7687"]),
        (["--anon-key", "secret"], ["--anon-key", "***"]),
        (["--param", "password=secret"], ["--param", "password=***"]),
        (["--uri", "bolt://host:7687"], ["--uri", "bolt://host:7687"]),
    ],
)
def test_secrets_are_masked_in_the_command_line(tmp_path, argv, masked):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    manifest = json.loads(write_manifest(tmp_path, argv=["tramas", *argv]).read_text())
    assert manifest["argv"] == ["tramas", *masked]
    assert mask_secrets("x://u:p@h") == "x://u:***@h"


def test_scale_mode_records_the_accounting_of_its_reader(tmp_path):
    """`analyze --scale` and `map --scale` have no ingest report: the manifest takes the
    streaming reader's counts (loaded + merged + rejected = rows)."""
    ties = tmp_path / "vat.csv"
    rows = ["S1,B1,10", "S1,B2,5", "S2,B1,7", "S1,B1,12", "S2,B2,1", "S3,B1,2"]
    ties.write_text("supplier,buyer,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for command, out in (("analyze", "analysis"), ("map", "map/vat.html")):
        _invoke([command, "--ties", str(ties), "--scale", "--out", str(tmp_path / out)])
        acc = _manifest(tmp_path / out.split("/")[0])["accounting"]
        [counts] = acc["files"]
        assert counts["file"] == str(ties) and counts["rows"] == 6
        assert (counts["loaded"], counts["merged"], counts["rejected"]) == (5, 1, 0)
        assert acc["errors"] == 0
