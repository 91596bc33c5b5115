"""``tramas demo``: the main job end to end on the bundled sample, with no database server.

validate -> analyze -> map -> report, into one folder; returns the paths it wrote.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from tramas.ingest import load, print_report
from tramas.metrics.analysis import analyze
from tramas.sample import sample_dir
from tramas.viz.maps import write_map

__all__ = ["run_demo"]


def run_demo(
    out: str | Path,
    *,
    console: Console | None = None,
    lang: str = "es",
    study: str | Path | None = None,
) -> list[Path]:
    """Run the whole job on the bundled sample (or ``study``) into ``out``.

    Writes the analysis tables (``analysis/``), the interactive map (``map.html``)
    and the report (``report.html`` with its tables), and returns their paths.
    """
    console = console or Console()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    study = Path(study) if study else sample_dir() / "study.toml"
    console.rule("[bold]tramas demo[/]: bundled sample cluster survey")
    console.print("1/4 validate", style="bold")
    network = load(study)
    print_report(network.report, console, limit=8)
    console.print(f"[green]valid[/]: {network}", highlight=False)

    console.print("2/4 analyze", style="bold")
    result = analyze(network, lang=lang, scale=False)
    written = list(result.write(out / "analysis"))

    console.print("3/4 map", style="bold")
    map_result = write_map(network, out / "map.html", measures=result.actors, lang=lang)
    written.append(Path(map_result.path))

    console.print("4/4 report", style="bold")
    from tramas.report import build_report

    report = build_report(network, out / "report.html", analysis=result, lang=lang)
    written += [report.html, report.workbook]
    console.print(f"   {len(report.tables)} report tables as CSV in {report.tables[0].parent}")

    console.rule(f"done in {time.perf_counter() - start:.1f} s")
    for path in written:
        console.print(f"wrote [bold]{path}[/]", highlight=False)
    return written
