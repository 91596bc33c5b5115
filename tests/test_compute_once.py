"""Compute once, pass it on (#13.1): a report of the two-wave sample analyses each wave
once, finds the communities of each wave once, takes each network-level figure once and
embeds its maps without writing them to disk."""

from __future__ import annotations

import tempfile
from collections import Counter

import pytest
from typer.testing import CliRunner

import tramas.metrics.analysis as analysis_module
import tramas.metrics.communities as communities_module
import tramas.metrics.figures as figures_module
from tramas.cli import app
from tramas.ingest import load
from tramas.report import build_report
from tramas.sample import sample_dir

STUDY = sample_dir() / "study.toml"


@pytest.fixture(scope="module")
def sample():
    return load(STUDY)


@pytest.fixture
def calls(monkeypatch):
    """Count the expensive steps where they are looked up, by the wave they work on."""
    seen = {"analyze": Counter(), "communities": Counter(), "leiden": 0, "figures": Counter()}
    analyze = analysis_module.analyze
    communities = communities_module.analysis_communities
    leiden = communities_module.leiden
    figures = figures_module.network_figures
    inside = []

    def counted_analyze(*args, **kwargs):
        result = analyze(*args, **kwargs)
        seen["analyze"][result.parameters["wave"]] += 1
        return result

    def counted_communities(view, *args, **kwargs):
        seen["communities"][view.wave] += 1
        inside.append(True)
        try:
            return communities(view, *args, **kwargs)
        finally:
            inside.pop()

    def counted_leiden(*args, **kwargs):
        if not inside:  # a Leiden run of its own, outside the analysis' consensus
            seen["leiden"] += 1
        return leiden(*args, **kwargs)

    def counted_figures(view, *args, **kwargs):
        seen["figures"][(tuple(sorted(view.relations)), view.wave)] += 1
        return figures(view, *args, **kwargs)

    monkeypatch.setattr(analysis_module, "analyze", counted_analyze)
    monkeypatch.setattr(analysis_module, "analysis_communities", counted_communities)
    monkeypatch.setattr(communities_module, "analysis_communities", counted_communities)
    monkeypatch.setattr(communities_module, "leiden", counted_leiden)
    monkeypatch.setattr(analysis_module, "network_figures", counted_figures)
    monkeypatch.setattr(figures_module, "network_figures", counted_figures)

    def no_disk(*args, **kwargs):
        raise AssertionError("the report made a temporary directory")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_disk)
    return seen


def _each_once(seen, sample) -> None:
    waves = Counter({w: 1 for w in sample.waves})
    assert seen["analyze"] == waves
    assert seen["communities"] == waves
    assert seen["leiden"] == 0
    # the analysis of each wave, and each compared relation in each wave: once each
    assert max(seen["figures"].values()) == 1
    everything = tuple(sorted(sample.relations))
    assert {key for key in seen["figures"] if key[0] == everything} == {
        (everything, w) for w in sample.waves
    }
    assert len(seen["figures"]) == len(sample.waves) * (1 + len(sample.relations))


def test_a_report_analyses_each_wave_once(sample, calls, tmp_path):
    assert sample.waves == ("2023", "2025")
    result = build_report(sample, tmp_path / "report.html", null_samples=0, lang="en")
    assert "change" in result.sections and result.comparison is not None
    _each_once(calls, sample)
    # the comparison holds the analyses it used: the report's own for the later wave
    assert result.comparison.analyses["2025"] is result.analysis
    assert set(result.comparison.partition.index) <= set(sample.actors.index)
    assert len(result.comparison.bridges) == result.comparison.summary["new_bridges"]["count"]


def test_a_given_analysis_is_not_made_again(sample, calls, tmp_path):
    given = analysis_module.analyze(sample, seed=42, scale=False, lang="en")
    calls["analyze"].clear()
    calls["communities"].clear()
    calls["figures"].clear()
    build_report(sample, tmp_path / "report.html", analysis=given, null_samples=0, lang="en")
    assert calls["analyze"] == Counter({"2023": 1})
    assert calls["communities"] == Counter({"2023": 1})


def test_an_analysis_made_otherwise_is_not_taken_for_the_comparison(sample, calls, tmp_path):
    # an undirected analysis is not the one the comparison makes: it analyses 2025 itself
    given = analysis_module.analyze(sample, undirected=True, seed=42, scale=False)
    calls["analyze"].clear()
    result = build_report(sample, tmp_path / "report.html", analysis=given, null_samples=0)
    assert calls["analyze"] == Counter({"2023": 1, "2025": 1})
    assert result.comparison.analyses["2025"] is not given


def test_tramas_report_analyses_each_wave_once(sample, calls, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", "--study", str(STUDY), "--out", str(out), "--null-samples", "0"]
    )
    assert result.exit_code == 0, result.output
    assert out.exists()
    _each_once(calls, sample)
