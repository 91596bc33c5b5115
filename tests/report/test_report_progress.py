"""``build_report`` reports its steps, so ``tramas report`` shows progress (issue #12)."""

from __future__ import annotations

import pandas as pd

from tramas.graph import Network
from tramas.report import build_report


def test_report_calls_progress_for_each_step(tmp_path):
    actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": "firm"}, index=["a", "b", "c"])
    ties = pd.DataFrame(
        {"source": ["a", "b"], "target": ["b", "c"], "relation": "trade", "wave": ["1", "2"]}
    )
    calls: list[tuple[str, int, int]] = []
    build_report(
        Network(actors, ties),
        tmp_path / "r.html",
        lang="en",
        null_samples=3,
        progress=lambda step, done, total: calls.append((step, done, total)),
    )
    steps = [c[0] for c in calls]
    assert steps == [
        "analysis",
        "random_networks",
        "comparison",
        "sections",
        "maps",
        "files",
        "done",
    ]
    assert [c[1] for c in calls] == list(range(7)) and {c[2] for c in calls} == {6}


def test_a_report_of_an_analysis_made_in_another_language_says_so(tmp_path):
    from tramas.metrics.analysis import analyze

    actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": "firm"}, index=["a", "b", "c"])
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "trade"})
    net = Network(actors, ties)
    out = tmp_path / "r.html"
    build_report(net, out, analysis=analyze(net, lang="en"), lang="es", null_samples=0)
    assert "provienen de un análisis hecho en otro idioma (en)" in out.read_text(encoding="utf-8")
