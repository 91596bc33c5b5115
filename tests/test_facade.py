"""The notebook facade: ``import tramas`` gives the main steps and stays light (#13)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tramas


def test_import_tramas_loads_no_analysis_code():
    # a fresh interpreter: what `import tramas` alone pulls in
    code = "import sys, tramas; print(sorted(m for m in sys.modules if m.startswith('tramas')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['tramas', 'tramas._version', 'tramas.exceptions']"


def test_the_main_steps_are_one_import_away(sample_toml, tmp_path):
    net = tramas.load(sample_toml)
    result = tramas.analyze(net, consensus_runs=2)
    page = tramas.write_map(net, tmp_path / "map.html", measures=result.actors)
    report = tramas.build_report(net, tmp_path / "report.html", analysis=result, null_samples=0)
    change = tramas.compare_waves(net, "2023", "2025", permutations=10)
    assert page.path.exists() and report.html.exists()
    assert change.wave_a == "2023" and change.wave_b == "2025"
    assert set(tramas.__all__) >= {"load", "analyze", "write_map", "build_report", "compare_waves"}


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="nothing_here"):
        tramas.nothing_here  # noqa: B018
