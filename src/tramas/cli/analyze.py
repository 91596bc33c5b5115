"""``tramas analyze``: the measures, sub-clusters, figures and roles of a cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    ActorsOpt,
    DatabaseOpt,
    LangOpt,
    Neo4jOpt,
    RawCsvOpt,
    RelationOpt,
    ScaleOpt,
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
    open_store,
    print_written,
    record_input,
    say,
    scale_file,
    scale_rejections,
    step_progress,
    use_lang,
)
from tramas.exceptions import TramasError

__all__ = ["analyze"]


def _print_scale_analysis(result: Any, paths: list[Path]) -> None:
    """Figures, methods and files of a scale-mode analysis."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.ingest.scale import ScaleLoadReport
    from tramas.locale import format_number

    lang = use_lang(getattr(result, "lang", None) or _state["lang"])
    f = result.figures
    load = f.get("load")
    if load:
        for line in ScaleLoadReport.from_dict(load).lines(lang):
            console.print(line, highlight=False, markup=False)

    def num(value: Any, style: str = "dec3") -> str:
        return format_number(value, lang, style)

    table = Table(
        title=say("cli.scale.title"), box=box.SIMPLE_HEAD, show_edge=False, show_header=False
    )
    table.add_column("figure")
    table.add_column("value", justify="right")
    comps = f.get("components", {})
    comm = f.get("communities", {})
    chain = f.get("supply_chain", {})
    from tramas.locale import join, label

    rows = [
        (
            "relations",
            say(
                "cli.fig.relations_value",
                relations=escape(
                    join([label("relation", r, lang) for r in f.get("relations") or []], lang)
                ),
                wave=escape(str(f.get("wave") if f.get("wave") is not None else "–")),
            ),
        ),
        ("actors_ties", f"{num(f['actors'], 'int')} / {num(f['ties'], 'int')}"),
        ("density", num(f.get("density"), "sci2")),
        ("reciprocity", num(f.get("reciprocity"))),
        ("isolates", num(f.get("isolates", 0), "int")),
        (
            "weak_components",
            f"{num(comps.get('weak', 0), 'int')} ({num(comps.get('largest_weak_share'), 'pct')})",
        ),
        (
            "strong_components",
            say(
                "cli.fig.strong_value",
                n=comps.get("strong", 0),
                size=comps.get("largest_strong_size", 0),
            ),
        ),
        ("max_core", num(f.get("max_coreness"), "int")),
        (
            "communities",
            f"{num(comm.get('count', 0), 'int')} ({num(comm.get('modularity'), 'dec2')})",
        ),
        ("incoherence", num(chain.get("incoherence"))),
    ]
    for key, value in rows:
        table.add_row(say(f"cli.fig.{key}"), value)
    console.print(table)
    methods = Table(title=say("cli.scale.methods"), box=box.SIMPLE_HEAD, show_edge=False)
    methods.add_column(say("cli.col.measure"), no_wrap=True)
    methods.add_column(say("cli.col.method"))
    for key, text in f["methods"].items():
        methods.add_row(escape(key), escape(text))
    console.print(methods)
    for why in result.skipped_files().values():
        console.print(say("cli.note", text=escape(why)), highlight=False)
    timings = f.get("timings_s", {})
    times = ", ".join(
        say("cli.scale.seconds", what=escape(k), seconds=num(v, "dec1"))
        for k, v in timings.items()
        if k != "total"
    )
    console.print(say("cli.scale.time", times=times), highlight=False)
    print_written(paths)


@handle_errors
def analyze(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    neo4j: Neo4jOpt = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for actors.csv, communities.csv, network.json and tramas-analysis.xlsx.",
        ),
    ] = Path("tramas-analysis"),
    relation: RelationOpt = None,
    wave: WaveOpt = None,
    groups: Annotated[
        str,
        typer.Option(
            "--groups",
            help="Actor attribute grouping brokerage roles and the E-I index: kind, size, "
            "ownership, sector, municipality, internal, community or any other attribute.",
        ),
    ] = "kind",
    undirected: Annotated[
        bool,
        typer.Option("--undirected", help="Analyse the network without tie direction."),
    ] = False,
    weight: Annotated[
        str,
        typer.Option("--weight", help="Tie column used as weight, or 'none' for unweighted."),
    ] = "weight",
    seed: SeedOpt = 42,
    resolution: Annotated[
        float,
        typer.Option(
            "--resolution",
            help="Modularity resolution: higher values give more, smaller sub-clusters.",
        ),
    ] = 1.0,
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            help="Leiden runs behind the consensus communities and their stability.",
            min=1,
        ),
    ] = 20,
    lang: LangOpt = None,
    write_back: Annotated[
        bool,
        typer.Option(
            "--write-back",
            help="With --neo4j: store the measures, communities and role labels on the study in Neo4j.",
        ),
    ] = False,
    scale: ScaleOpt = False,
    pivots: Annotated[
        int,
        typer.Option(
            "--pivots",
            help="Random source actors for betweenness on large networks (its standard "
            "error is written with it).",
            min=1,
        ),
    ] = 200,
    subset: Annotated[
        str | None,
        typer.Option(
            "--subset",
            help="Scale mode: actors for exact brokerage and structural holes — a file "
            "(one id per line, or a table with an id column) or ids separated by commas.",
        ),
    ] = None,
    cp_pattern: Annotated[
        str,
        typer.Option(
            "--cp-pattern",
            help="Core–periphery pattern: 'missing' (core–periphery ties ignored, as "
            "Borgatti & Everett and UCINET), 'tied' or 'absent'.",
        ),
    ] = "missing",
    raw_csv: RawCsvOpt = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Compute centralities, structural holes, brokerage, sub-clusters, network figures and
    cluster roles (lead firms, gatekeepers, SMEs without ties), each role with its reason.

    A big tie file (national VAT or e-invoice network) takes [bold]scale mode[/]: the
    measures that stay fast at millions of ties, each approximation stated in network.json.
    Whatever the reader, the analysis takes scale mode (degree, PageRank, k-core,
    components, Leiden, sampled betweenness, downstreamness/upstreamness) above 50,000
    actors or 500,000 ties.
    """
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.metrics.analysis import analyze as run_analysis
    from tramas.metrics.scale import ScaleAnalysisResult

    if write_back and neo4j is None:
        raise TramasError(
            "--write-back needs --neo4j",
            hint="analyse a study read from Neo4j",
            code="write_back_needs_neo4j",
        )
    usage = "tramas analyze --ties ties.parquet [--actors actors.csv]"
    big = scale_file(study, neo4j, ties, scale, usage)
    if big is not None:
        from tramas.metrics.scale import analyze_scale_file

        use_lang(lang)
        with scale_rejections(), step_progress("cli.bar.scale") as scale_progress:
            result = analyze_scale_file(
                big,
                actors=actors,
                directed=not undirected,
                weighted=weight.lower() != "none",
                relations=relation or None,
                wave=wave,
                subset=subset,
                pivots=pivots,
                seed=seed,
                resolution=resolution,
                groups=groups,
                lang=_state["lang"],
                progress=scale_progress,
            )
        record_input(load=result.figures.get("load"))
        _print_scale_analysis(result, result.write(out, safe=not raw_csv))
        return
    network = load_network(
        study, actors, ties, neo4j, uri=uri, user=user, database=database, lang=lang
    )
    with step_progress("cli.bar.analysing") as progress:
        result = run_analysis(
            network,
            relations=relation or None,
            wave=wave,
            groups=groups,
            undirected=undirected,
            weight=None if weight.lower() == "none" else weight,
            seed=seed,
            resolution=resolution,
            consensus_runs=runs,
            lang=_state["lang"],
            progress=progress,
            pivots=pivots,
            core_periphery_pattern=cp_pattern,  # type: ignore[arg-type]
        )
    if isinstance(result, ScaleAnalysisResult):  # chosen by choose_scale_mode
        if write_back:
            raise TramasError(
                "--write-back is not available in scale mode",
                hint="restrict the view below 50,000 actors with --relation/--wave, or read "
                "the scale-mode CSV tables",
                code="write_back_scale_mode",
            )
        _print_scale_analysis(result, result.write(out, safe=not raw_csv))
        return
    lang = _state["lang"]
    paths = result.write(out, safe=not raw_csv, lang=lang)

    f = result.figures
    from tramas.locale import format_number, join, label
    from tramas.locale.reasons import approximation_texts, reason_texts

    def num(value: Any, style: str = "dec3") -> str:
        return format_number(value, lang, style)

    figures = Table(
        title=say("cli.fig_title"), box=box.SIMPLE_HEAD, show_edge=False, show_header=False
    )
    figures.add_column("figure")
    figures.add_column("value", justify="right")
    com = f["communities"]
    rows = [
        (
            "relations",
            say(
                "cli.fig.relations_value",
                relations=escape(join([label("relation", r, lang) for r in f["relations"]], lang)),
                wave=escape(str(f["wave"])),
            ),
        ),
        ("actors_ties", f"{num(f['actors'], 'int')} / {num(f['ties'], 'int')}"),
        ("density", num(f["density"])),
        (
            # directed relations only; each shown when several or when some have no direction
            "reciprocity",
            num(f["reciprocity"])
            + (
                " ("
                + escape(
                    join(
                        [
                            f"{label('relation', r, lang)} {num(v)}"
                            for r, v in f.get("reciprocity_by_relation", {}).items()
                        ],
                        lang,
                    )
                )
                + ")"
                if len(f.get("reciprocity_by_relation") or {}) > 1 or f.get("undirected_relations")
                else ""
            ),
        ),
        ("transitivity", num(f["transitivity"])),
        (
            "components",
            f"{num(f['components'], 'int')} ({num(f['largest_component_share'], 'pct0')})",
        ),
        ("isolates", num(f["isolates"], "int")),
        (
            "paths",
            f"{num(f['avg_path_length'], 'dec2')} / {num(f['diameter'] or None, 'int')}",
        ),
        (
            "centralization",
            f"{num(f['centralization_degree'])} / {num(f['centralization_betweenness'])}",
        ),
        ("external", num(f["external_tie_share"], "pct0")),
        (
            "cooperation",
            f"{num(f['cooperation']['horizontal'], 'int')} / "
            f"{num(f['cooperation']['vertical'], 'int')}",
        ),
        (
            "subclusters",
            say("cli.fig.subclusters_value", n=com["subclusters"], k=com["no_subcluster"]),
        ),
        (
            "modularity",
            f"{num(com['modularity'], 'dec2')} / {num(com['mean_stability'], 'dec2')}",
        ),
        (
            "core",
            f"{num(f['core_periphery']['core_size'], 'int')} "
            f"({num(f['core_periphery']['fit_discrete'], 'dec2')})",
        ),
    ]
    for key, value in rows:
        figures.add_row(say(f"cli.fig.{key}"), value)
    console.print(figures)

    lead_rows = result.lead_firm_table()
    lead_rows = lead_rows[result.actors["lead_firm"].reindex(lead_rows.index).astype(bool)]
    shown = lead_rows.head(10)  # every lead firm of a cluster-sized study; all are in actors.csv
    lead_words = reason_texts(result, lang, ids=shown.index)["lead_firm_reason"]
    leads = Table(
        title=say("cli.leads_all", n=len(lead_rows))
        if len(shown) == len(lead_rows)
        else say("cli.leads_top", shown=len(shown), n=len(lead_rows)),
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    leads.add_column(say("cli.col.rank"), justify="right")
    leads.add_column(say("cli.col.firm"))
    leads.add_column(say("cli.col.why"))
    for actor_id, row in shown.iterrows():
        leads.add_row(
            str(row["lead_firm_rank"]),
            escape(f"{row['name']} ({actor_id})"),
            escape(str(lead_words[actor_id])),
        )
    console.print(leads)

    a = result.actors
    gate = a[a["cognitive_role"] == "gatekeeper"]
    if len(gate):
        roles = Table(title=say("cli.gatekeepers"), box=box.SIMPLE_HEAD, show_edge=False)
        roles.add_column(say("cli.col.actor"))
        roles.add_column(say("cli.col.why"))
        gate = gate.head(10)
        role_words = reason_texts(result, lang, ids=gate.index)["role_reason"]
        for actor_id, row in gate.iterrows():
            roles.add_row(escape(f"{row['name']} ({actor_id})"), escape(str(role_words[actor_id])))
        console.print(roles)
    targets = result.policy_targets()
    counts = f.get("smes", {})
    ids = (": " + escape(", ".join(map(str, targets.index[:12]))) if len(targets) else "") + (
        " …" if len(targets) > 12 else ""
    )
    console.print(
        say("cli.smes", isolated=counts.get("isolated", 0), weak=counts.get("weak", 0), ids=ids),
        highlight=False,
    )
    for note in approximation_texts(f.get("approximations", []), lang):
        console.print(say("cli.note", text=escape(note)), highlight=False)
    if write_back:
        from tramas.neo4j.writeback import write_back as store_analysis

        with open_store(uri, user, database) as store:
            stored = store_analysis(store, neo4j, result)
        console.print(
            say(
                "cli.written_back",
                study=escape(neo4j),
                actors=stored.actors,
                communities=stored.communities,
            ),
            highlight=False,
        )
    print_written(paths)
