"""``tramas demo``: the main job end to end on the bundled sample, with no database server.

validate -> analyze -> map -> report, into one folder; returns the paths it wrote.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

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
    from tramas.locale import check_lang, format_number, t

    lang = check_lang(lang)
    console = console or Console()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    study = Path(study) if study else sample_dir() / "study.toml"
    console.rule(t("demo.title", lang))
    console.print(t("demo.validate", lang), style="bold")
    network = load(study)
    print_report(network.report, console, limit=8, lang=lang)
    console.print(_valid_line(network, lang), highlight=False)

    console.print(t("demo.analyze", lang), style="bold")
    result = analyze(network, lang=lang, scale=False)
    written = list(result.write(out / "analysis"))

    console.print(t("demo.map", lang), style="bold")
    map_result = write_map(network, out / "map.html", measures=result.actors, lang=lang)
    written.append(Path(map_result.path))

    console.print(t("demo.report", lang), style="bold")
    from tramas.report import build_report

    report = build_report(network, out / "report.html", analysis=result, lang=lang)
    written += [report.html, report.workbook]
    console.print(
        t("demo.tables", lang, n=len(report.tables), folder=escape(str(report.tables[0].parent))),
        highlight=False,
    )

    console.rule(
        t("demo.done", lang, seconds=format_number(time.perf_counter() - start, lang, "dec1"))
    )
    for path in written:
        console.print(t("cli.written", lang, path=escape(str(path))), highlight=False)
    return written


def _valid_line(network, lang: str) -> str:  # noqa: ANN001
    """``valid: study KEY, 118 actors, …`` in ``lang``."""
    from tramas.locale import join, label, t

    return t(
        "cli.valid",
        lang,
        study=escape(network.study.key),
        actors=len(network.actors),
        ties=len(network.ties),
        relations=escape(join([label("relation", r, lang) for r in network.relations], lang))
        or t("cli.none", lang),
        waves=escape(join(network.waves, lang)) or t("cli.none", lang),
    )
