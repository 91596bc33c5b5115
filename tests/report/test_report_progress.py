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


def test_a_spanish_report_of_an_english_analysis_gives_spanish_reasons(tmp_path):
    from bs4 import BeautifulSoup

    from tramas.metrics.analysis import analyze

    actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": "firm"}, index=["a", "b", "c"])
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "trade"})
    net = Network(actors, ties)
    out = tmp_path / "r.html"
    build_report(net, out, analysis=analyze(net, lang="en"), lang="es", null_samples=0)
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    leads = soup.select('table[data-table="lead_firms"] tbody tr')
    targets = soup.select('table[data-table="policy_targets"] tbody tr')
    assert leads and targets
    lead_reason = leads[0].find_all("td")[-1].get_text()
    assert lead_reason.startswith("puesto 1 de 3 empresas del cluster"), lead_reason
    for row in targets:
        reason = row.find_all("td")[-1].get_text()
        assert reason.startswith("pyme débilmente conectada"), reason
        assert "(tamaño desconocido)" in reason
    text = soup.get_text()
    for english in ("rank 1 of", "weakly connected SME", "size unknown", "another language"):
        assert english not in text
