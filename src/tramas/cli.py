"""The ``tramas`` command line: thin over the Python API.

Each command parses its options, calls one library function and prints with rich.
Errors raised on purpose (:class:`tramas.TramasError`) become one red line plus a hint
and exit status 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from tramas.exceptions import TramasError, ValidationFailed

app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="tramas: network analysis of industrial clusters (surveys of inter-firm ties).",
)
console = Console()
err_console = Console(stderr=True)

_state: dict[str, bool] = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks instead of one-line errors.")
    ] = False,
) -> None:
    _state["debug"] = debug


def handle_errors(func: F) -> F:
    """Turn :class:`TramasError` into one readable line plus a hint and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TramasError as exc:
            if _state["debug"]:
                raise
            if isinstance(exc, ValidationFailed):
                from tramas.ingest.report import print_report

                print_report(exc.report, err_console, limit=20)
            err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
            if exc.hint:
                err_console.print(f"[dim]hint: {exc.hint}[/]", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------- shared input options
StudyOpt = Annotated[
    Path | None,
    typer.Option(
        "--study", help="Study file (study.toml) mapping the survey files onto tramas' model."
    ),
]
ActorsOpt = Annotated[
    Path | None,
    typer.Option(
        "--actors", help="Actors table (CSV, XLSX, SAV, DTA) with at least an `id` column."
    ),
]
TiesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--ties",
        help="Ties edge list (CSV, XLSX, SAV, DTA); repeatable. Columns source/target "
        "(or from/to, origen/destino, ego/alter), optional relation, weight, wave.",
    ),
]


def load_input(
    study: Path | None,
    actors: Path | None,
    ties: list[Path] | None,
    *,
    quiet: bool = False,
    strict: bool = True,
):
    """Load and validate the input of a command, printing the row accounting.

    Exactly one of ``study`` or ``actors`` (+ ``ties``) must be given.
    """
    from tramas.ingest import load
    from tramas.ingest.report import print_report

    if study is None and actors is None:
        raise TramasError(
            "no input given",
            hint="pass --study study.toml, or --actors FILE --ties FILE "
            "(try `tramas sample --out DIR` for an example)",
        )
    if study is not None and (actors is not None or ties):
        raise TramasError(
            "--study cannot be combined with --actors/--ties",
            hint="put the files in the study file, or drop --study",
        )
    with console.status("Reading and validating the input…"):
        network = load(study=study, actors=actors, ties=ties, strict=False)
    if not quiet:
        print_report(network.report, console, limit=10)
    if strict and network.report.errors:
        raise ValidationFailed(network.report)
    return network


# ---------------------------------------------------------------- validate
@app.command()
@handle_errors
def validate(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    review: Annotated[
        Path | None,
        typer.Option(
            "--review",
            help="Write unresolved and ambiguous free-recall names to this CSV for review.",
        ),
    ] = None,
    all_issues: Annotated[
        bool, typer.Option("--all", help="List every problem, not only the first ones.")
    ] = False,
) -> None:
    """Check the input: every problem with its file, row and column; every row accounted for.

    Exits with status 1 when there are errors; warnings (non-respondents, isolates,
    duplicate ties merged, unresolved names) do not fail.
    """
    from tramas.ingest import load
    from tramas.ingest.report import print_report

    if study is None and actors is None:
        raise TramasError("no input given", hint="pass --study FILE or --actors FILE --ties FILE")
    network = load(study=study, actors=actors, ties=ties, strict=False)
    print_report(network.report, console, limit=None if all_issues else 30)
    if review is not None:
        path = network.report.write_review(review)
        console.print(f"names to review written to [bold]{path}[/]")
    if network.report.errors:
        raise typer.Exit(1)
    console.print(f"[green]valid[/]: {network}")


# ---------------------------------------------------------------- sample
@app.command()
@handle_errors
def sample(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the sample survey into.")
    ] = Path("tramas-sample"),
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Generate a new sample with this seed instead of copying the bundled one.",
        ),
    ] = None,
) -> None:
    """Write the bundled sample cluster survey (actors, ties in three shapes, study files)."""
    from tramas.sample import write_sample

    paths = write_sample(out, seed=seed)
    for p in paths:
        console.print(str(p), highlight=False)


# ---------------------------------------------------------------- demo
@app.command()
@handle_errors
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for everything the demo writes.")
    ] = Path("tramas-demo"),
    lang: Annotated[str, typer.Option("--lang", help="Report language: es or en.")] = "es",
) -> None:
    """Run the main job end to end on the bundled sample, with no database server."""
    from tramas.demo import run_demo

    run_demo(out, console=console, lang=lang)


# ---------------------------------------------------------------- identify
identify_app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="Find candidate clusters in economic data before any survey: location quotients "
    "(region × sector tables) and input–output linkages (sector × sector flows).",
)
app.add_typer(identify_app, name="identify")


@identify_app.command("lq")
@handle_errors
def identify_lq(
    table: Annotated[
        Path,
        typer.Option("--table", help="Region × sector table (CSV or XLSX), one row per region and sector."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="CSV file to write: region, sector, value, lq, share, focus, candidate, rank.")
    ],
    region: Annotated[str, typer.Option("--region", help="Column holding the region.")] = "region",
    sector: Annotated[str, typer.Option("--sector", help="Column holding the sector.")] = "sector",
    value: Annotated[
        str, typer.Option("--value", help="Column holding employment (or establishments, or output).")
    ] = "value",
    min_lq: Annotated[
        float, typer.Option("--min-lq", help="Smallest location quotient for a candidate.")
    ] = 1.25,
    min_value: Annotated[
        float, typer.Option("--min-value", help="Smallest absolute value (e.g. employees) for a candidate.")
    ] = 0.0,
    min_share: Annotated[
        float,
        typer.Option("--min-share", help="Smallest share (0–1) of the sector's national total held by the region."),
    ] = 0.0,
    sum_duplicates: Annotated[
        bool,
        typer.Option(
            "--sum-duplicates",
            help="Add up rows repeating a region and sector (default: reject them as an error).",
        ),
    ] = False,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Sheet to read from an Excel workbook (default: the first).")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many candidates to print.")] = 15,
) -> None:
    """Location quotients LQ = (E_rs / E_r) / (E_s / E) and the ranked candidate region–sector cells."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.identify.location import location_quotients

    result = location_quotients(
        table,
        region=region,
        sector=sector,
        value=value,
        min_lq=min_lq,
        min_value=min_value,
        min_share=min_share,
        duplicates="sum" if sum_duplicates else "error",
        sheet=sheet,
    )
    path = result.write(out)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    cands = result.candidates
    shown = Table(
        title=f"{len(cands)} candidate(s): LQ ≥ {min_lq:g}, {value} ≥ {min_value:g}, share ≥ {min_share:g}"
    )
    for col in ("rank", "region", "sector", value, "lq", "share"):
        shown.add_column(col, justify="right" if col not in ("region", "sector") else "left")
    for row in cands.head(top).itertuples(index=False):
        shown.add_row(
            str(row.rank),
            escape(str(row.region)),
            escape(str(row.sector)),
            f"{row.value:,.0f}",
            f"{row.lq:.2f}",
            f"{row.share:.1%}",
        )
    console.print(shown)
    console.print(f"written [bold]{path}[/]", highlight=False)


@identify_app.command("io")
@handle_errors
def identify_io(
    table: Annotated[
        Path,
        typer.Option(
            "--table",
            help="Input–output table (CSV or XLSX): sector labels in the first column and the header, "
            "cells = flow from the row sector to the column sector.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write sector_groups.csv, linkages.csv and sector_map.svg.")
    ],
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="Linkage: 'direct' (largest of the four normalised flow coefficients) or "
            "'correlation' (Feser & Bergman similarity of purchase/sales patterns).",
        ),
    ] = "direct",
    min_linkage: Annotated[
        float | None,
        typer.Option("--min-linkage", help="Threshold of a strong linkage (default 0.1 direct, 0.5 correlation)."),
    ] = None,
    grouping: Annotated[
        str,
        typer.Option(
            "--grouping",
            help="'leiden' (modularity communities of strong linkages) or 'hierarchical' (average linkage).",
        ),
    ] = "leiden",
    resolution: Annotated[
        float, typer.Option("--resolution", help="Leiden resolution; larger values give smaller groups.")
    ] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Leiden algorithm.")] = 42,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Sheet to read from an Excel workbook (default: the first).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the map: en or es.")] = "en",
) -> None:
    """Groups of strongly interlinked sectors in an input–output table, as tables and a small map."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.identify.input_output import io_clusters

    result = io_clusters(
        table,
        method=method,  # type: ignore[arg-type]
        min_linkage=min_linkage,
        grouping=grouping,  # type: ignore[arg-type]
        resolution=resolution,
        seed=seed,
        sheet=sheet,
    )
    paths = result.write(out, lang=lang)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    shown = Table(
        title=f"{len(result.clusters)} group(s) of sectors ({result.method} linkage ≥ "
        f"{result.min_linkage:g}, {result.grouping})"
    )
    shown.add_column("group", justify="right")
    shown.add_column("sectors")
    for group, members in result.clusters.items():
        shown.add_row(str(group), escape(", ".join(members)))
    console.print(shown)
    for p in paths:
        console.print(f"written [bold]{p}[/]", highlight=False)


# ---------------------------------------------------------------- compare
@app.command()
@handle_errors
def compare(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write tie_changes.csv, actor_changes.csv and summary.json."),
    ],
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    wave: Annotated[
        list[str] | None,
        typer.Option(
            "--wave",
            help="A wave to compare; give it twice (baseline first). Default: the first and last waves.",
        ),
    ] = None,
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="Relation to compare; repeatable (default: every relation)."),
    ] = None,
    internal_only: Annotated[
        bool, typer.Option("--internal-only", help="Only the cluster's own actors (drop external ones).")
    ] = False,
    permutations: Annotated[
        int, typer.Option("--permutations", help="QAP permutations for the correlation between the waves.")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed for QAP and community detection.")] = 42,
) -> None:
    """Compare two survey waves: new, dissolved and stable ties, new bridges, actors that changed."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.metrics.change import compare_waves

    network = load_input(study, actors, ties)
    waves = list(wave or [])
    if not waves and len(network.waves) >= 2:
        waves = [network.waves[0], network.waves[-1]]
    if len(waves) != 2:
        raise TramasError(
            f"compare needs exactly two waves, got {len(waves)}",
            hint=f"give --wave A --wave B (this study has: {', '.join(network.waves) or 'no waves'})",
        )
    result = compare_waves(
        network,
        waves[0],
        waves[1],
        relations=relation or None,
        internal_only=internal_only,
        permutations=permutations,
        seed=seed,
    )
    paths = result.write(out)
    summary = result.summary
    shown = Table(
        title=f"Ties, wave {escape(result.wave_a)} → {escape(result.wave_b)}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    shown.add_column("relation", no_wrap=True)
    for col in (result.wave_a, result.wave_b, "new", "dissolved", "stable", "Jaccard", "QAP r", "p"):
        shown.add_column(col, justify="right", no_wrap=True, min_width=6 if col == "p" else None)
    for rel, rec in summary["relations"].items():
        qap = rec["qap"]
        r_text, p_text = "–", "–"
        if qap.get("correlation") is not None:
            r_text = f"{qap['correlation']:.2f}"
            floor = 1 / max(qap["permutations"], 1)
            p_text = f"<{floor:.3g}" if qap["p_two_sided"] < floor else f"{qap['p_two_sided']:.3f}"
        jac = f"{rec['jaccard']:.2f}" if rec["jaccard"] is not None else "–"
        shown.add_row(
            escape(rel), str(rec["ties_a"]), str(rec["ties_b"]), str(rec["new"]),
            str(rec["dissolved"]), str(rec["stable"]), jac, r_text, p_text,
        )
    console.print(shown)
    people = summary["actors"]
    console.print(
        f"actors entering: {len(people['entering'])}, leaving: {len(people['leaving'])}; "
        f"new bridges between baseline communities: {summary['new_bridges']['count']}",
        highlight=False,
    )
    for p in paths:
        console.print(f"written [bold]{escape(str(p))}[/]", highlight=False)


# ---------------------------------------------------------------- map
def _map_network_from_neo4j(uri: str, study_key: str | None):
    """Hook for ``tramas map --neo4j``: pull a study's network from Neo4j.

    Wired to :mod:`tramas.graph.neo4j_store` once it offers a pull function; until then
    it says so instead of failing obscurely.
    """
    try:
        from tramas.graph.neo4j_store import pull_network  # type: ignore[attr-defined]
    except ImportError:
        raise TramasError(
            "reading the network from Neo4j is not available in this version",
            hint="map from files instead: --study study.toml, or --actors FILE --ties FILE",
        ) from None
    return pull_network(uri, study=study_key)


@app.command("map")
@handle_errors
def map_(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    neo4j: Annotated[
        str | None,
        typer.Option("--neo4j", help="Read the network from this Neo4j server (bolt:// URI) instead of files."),
    ] = None,
    study_key: Annotated[
        str | None, typer.Option("--study-key", help="Study key to read from Neo4j (with --neo4j).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write the map to.")] = Path("map.html"),
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="Relation to draw; repeatable (default: every relation)."),
    ] = None,
    wave: Annotated[
        str | None, typer.Option("--wave", help="Survey wave to draw, or 'all' (default: the latest).")
    ] = None,
    color_by: Annotated[
        str,
        typer.Option(
            "--color-by",
            help="Node colour: community, kind, cognitive_role, or any actor attribute or measure.",
        ),
    ] = "community",
    size_by: Annotated[
        str,
        typer.Option("--size-by", help="Node size: degree, a numeric measure or attribute, or 'none'."),
    ] = "degree",
    layout: Annotated[
        str,
        typer.Option("--layout", help="Node positions: force (default), geo (from lat/lon) or community."),
    ] = "force",
    ego: Annotated[
        str | None,
        typer.Option("--ego", help="Draw only this actor (id, exact name or code) and its neighbourhood."),
    ] = None,
    radius: Annotated[
        int, typer.Option("--radius", help="Ego map radius: 1 or 2 steps.", min=1, max=2)
    ] = 1,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help="Replace names by stable codes (same codes as the reports)."),
    ] = False,
    anon_key: Annotated[
        str | None,
        typer.Option(
            "--anon-key",
            envvar="TRAMAS_ANON_KEY",
            help="Secret key of the anonymous codes (default: the study key).",
        ),
    ] = None,
    community_threshold: Annotated[
        int,
        typer.Option(
            "--community-threshold",
            help="Above this many actors, draw one node per community instead of actors.",
        ),
    ] = 2000,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the map: en or es (default: the study's).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the layout and communities.")] = 42,
) -> None:
    """Write an interactive network map: one HTML file that works offline.

    Colour, size and shape encode communities, kinds and measures; the page has a legend,
    tooltips, a relation filter, a search box and a physics toggle.
    """
    from rich.markup import escape

    from tramas.viz.maps import write_map

    if neo4j is not None:
        if study is not None or actors is not None or ties:
            raise TramasError(
                "--neo4j cannot be combined with --study/--actors/--ties",
                hint="read either from Neo4j or from files",
            )
        network = _map_network_from_neo4j(neo4j, study_key)
    else:
        network = load_input(study, actors, ties, quiet=True)
    measures = None
    if len(network.actors) <= community_threshold:
        try:
            from tramas.metrics.analysis import analyze
        except ImportError:
            analyze = None
        if analyze is not None:
            with console.status("Analysing the network…"):
                measures = analyze(network).actors
    with console.status("Drawing the map…"):
        result = write_map(
            network,
            out,
            measures=measures,
            relation=relation or None,
            wave=wave,
            color_by=color_by,
            size_by=None if size_by.lower() == "none" else size_by,
            layout=layout,  # type: ignore[arg-type]
            ego=ego,
            radius=radius,
            anonymize=anonymize,
            anon_key=anon_key,
            community_threshold=community_threshold,
            lang=lang,
            seed=seed,
        )
    if result.message:
        console.print(f"[yellow]{escape(result.message)}[/]", highlight=False)
    console.print(
        f"map written to [bold]{escape(str(result.path))}[/]: {result.n_nodes} nodes, "
        f"{result.n_edges} ties ({result.mode} map, {result.n_bytes / 1e6:.1f} MB)",
        highlight=False,
    )


if __name__ == "__main__":  # pragma: no cover
    app()
