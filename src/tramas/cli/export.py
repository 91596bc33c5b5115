"""``tramas export``: the network in the formats of Gephi, UCINET, Pajek, R, Kumu and d3."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tramas.cli.common import (
    ActorsOpt,
    AnonKeyOpt,
    AnonymizeOpt,
    LangOpt,
    RawCsvOpt,
    RelationOpt,
    SeedOpt,
    StudyOpt,
    TiesOpt,
    _state,
    console,
    handle_errors,
    load_network,
    print_written,
    say,
    use_lang,
)
from tramas.exceptions import TramasError

__all__ = ["export"]


@handle_errors
def export(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="graphml, gexf (Gephi, with the map's layout and colours), pajek (.net), "
            "dl (UCINET), csv (Gephi's nodes.csv and edges.csv in the --out folder), kumu "
            "(XLSX) or json (node-link, networkx and d3).",
        ),
    ] = "graphml",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File to write (for csv: the folder of nodes.csv and edges.csv; default "
            "network.<format's suffix>, or the folder network-csv).",
        ),
    ] = None,
    relation: RelationOpt = None,
    wave: Annotated[
        str | None,
        typer.Option(
            "--wave",
            help="Survey wave to export, or 'all' (default: every wave, each tie with its wave).",
        ),
    ] = "all",
    analysis: Annotated[
        Path | None,
        typer.Option(
            "--analysis",
            help="Folder written by `tramas analyze --out DIR`: its measures and roles become "
            "actor attributes.",
        ),
    ] = None,
    analyze_: Annotated[
        bool,
        typer.Option("--analyze", help="Analyse the network first and add its measures and roles."),
    ] = False,
    anonymize: AnonymizeOpt = False,
    anon_key: AnonKeyOpt = None,
    partition: Annotated[
        str | None,
        typer.Option(
            "--partition",
            help="With --format pajek: also write a .clu partition by this actor attribute "
            "or measure.",
        ),
    ] = None,
    raw_csv: RawCsvOpt = False,
    lang: LangOpt = None,
    seed: SeedOpt = 42,
) -> None:
    """Export the network for Gephi, UCINET, Pajek, R/igraph, Kumu or d3.

    Every actor and tie attribute is kept where the format can hold it, with each tie's
    relation and wave; ties of different relations between the same pair stay apart.
    With --analysis DIR or --analyze the measures and roles are actor attributes.
    """
    from tramas.export import (
        FORMATS,
        analysis_measures,
        check_format,
        export_network,
        read_measures,
    )

    use_lang(lang)  # errors of the options read in the command's language
    fmt = check_format(fmt)
    if out is None:
        out = Path("network-csv" if fmt == "csv" else "network" + FORMATS[fmt])
    if analysis is not None and analyze_:
        raise TramasError(
            "--analysis and --analyze exclude each other",
            hint="read the measures of an analysis folder, or analyse now: not both",
            code="export_analysis_twice",
        )
    network = load_network(study, actors, ties, lang=lang)
    measures = None
    if analysis is not None:
        measures = read_measures(analysis)
    elif analyze_:
        with console.status(say("cli.status.analysing")):
            measures = analysis_measures(network, relation=relation or None, wave=wave, seed=seed)
    with console.status(say("cli.export.status", format=fmt)):
        result = export_network(
            network,
            fmt,
            out,
            measures=measures,
            relation=relation or None,
            wave=wave,
            anonymize=anonymize,
            anon_key=anon_key,
            partition=partition,
            seed=seed,
            safe=not raw_csv,
            lang=_state["lang"],
        )
    console.print(
        say(
            "cli.export.done",
            format=result.format,
            actors=result.n_actors,
            ties=result.n_ties,
        ),
        highlight=False,
    )
    print_written(result.paths)
