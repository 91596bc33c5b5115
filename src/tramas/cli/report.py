"""``tramas report``: the network report, one self-contained HTML file (and PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tramas.cli.common import (
    ActorsOpt,
    AnonKeyOpt,
    AnonymizeOpt,
    CompareOpt,
    DatabaseOpt,
    LangOpt,
    Neo4jOpt,
    RawCsvOpt,
    RelationOpt,
    SeedOpt,
    StudyOpt,
    TiesOpt,
    UriOpt,
    UserOpt,
    WaveOpt,
    _state,
    console,
    handle_errors,
    load_network,
    record_written,
    say,
    step_progress,
)
from tramas.exceptions import TramasError

__all__ = ["report"]


@handle_errors
def report(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    neo4j: Neo4jOpt = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="HTML file to write; its tables go to <name>-tables/*.csv and <name>-tables.xlsx "
            "beside it, the PDF (--pdf) to <name>.pdf.",
        ),
    ] = Path("report.html"),
    lang: LangOpt = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF (needs WeasyPrint and Pango).")
    ] = False,
    anonymize: AnonymizeOpt = False,
    anon_key: AnonKeyOpt = None,
    relation: RelationOpt = None,
    wave: WaveOpt = None,
    null_samples: Annotated[
        int,
        typer.Option(
            "--null-samples",
            min=0,
            help="Random networks with the same degrees for the z-scores (0 skips the comparison).",
        ),
    ] = 100,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many actors the 'most central' tables list.")
    ] = 10,
    title: Annotated[
        str | None, typer.Option("--title", help="Report title (default: the study title).")
    ] = None,
    seed: SeedOpt = 42,
    compare: CompareOpt = None,
    no_compare: Annotated[
        bool, typer.Option("--no-compare", help="Leave out the 'Change between waves' section.")
    ] = False,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Write the network report: one self-contained HTML file (optionally a PDF) in Spanish or English, with its tables as CSV and XLSX.

    Sections: key findings, data and response quality, cluster overview (figures against random networks), key actors, sub-clusters, cooperation and linkages, SMEs without ties or weakly connected, change between waves (when the study has several), the interactive map and the methodology.
    """
    from rich.markup import escape

    from tramas.report import build_report

    if compare and no_compare:
        raise TramasError(
            "--compare and --no-compare exclude each other",
            hint="give the two waves to compare, or --no-compare",
            code="compare_no_compare",
        )
    network = load_network(
        study, actors, ties, neo4j, uri=uri, user=user, database=database, lang=lang
    )
    with step_progress("cli.bar.report") as update:
        result = build_report(
            network,
            out,
            safe_csv=not raw_csv,
            relations=relation or None,
            wave=wave,
            lang=lang,
            anonymize=anonymize,
            anon_key=anon_key,
            pdf=pdf,
            seed=seed,
            null_samples=null_samples,
            top=top,
            title=title,
            compare=False if no_compare else (compare or None),
            progress=update,
        )
    console.print(say("cli.report_written", path=escape(str(result.html))), highlight=False)
    record_written([result.html, result.workbook, result.pdf, *result.tables])
    if result.comparison is not None:
        changed = result.comparison.summary["all_relations"]
        console.print(
            say(
                "cli.report_change",
                a=escape(result.comparison.wave_a),
                b=escape(result.comparison.wave_b),
                new=changed["new"],
                dissolved=changed["dissolved"],
                stable=changed["stable"],
            ),
            highlight=False,
        )
    if result.pdf is not None:
        console.print(say("cli.pdf_written", path=escape(str(result.pdf))), highlight=False)
    from tramas.locale import format_number

    console.print(
        say(
            "cli.report_tables",
            n=len(result.tables),
            folder=escape(str(result.tables[0].parent)),
            workbook=escape(str(result.workbook)),
            seconds=format_number(result.seconds, _state["lang"], "dec1"),
        ),
        highlight=False,
    )
