"""The ``tramas`` command line: thin over the Python API.

Each command parses its options, calls one library function and prints with rich.
Errors raised on purpose (:class:`tramas.TramasError`) become one red line plus a hint
and exit status 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

from tramas.exceptions import TramasError, ValidationFailed


class _Group(TyperGroup):
    """The command group of tramas: every option gets a metavar a reader understands
    (``--ties FILE``, ``--seed N``) instead of typer's type names (``<list[Path]>``), and
    on/off flags (``--help`` included) get none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _natural_metavars(self)


def _natural_metavars(command: Any) -> None:
    """Wrap ``command.get_params`` (and its sub-commands') so that every option it
    returns, the ``--help`` flag added late by click included, has a natural metavar."""
    plain = command.get_params

    def get_params(ctx: Any) -> list[Any]:
        params = plain(ctx)
        for param in params:
            if getattr(param, "param_type_name", "") == "option" and param.metavar is None:
                param.metavar = _metavar(param)
        return params

    command.get_params = get_params
    for sub in getattr(command, "commands", {}).values():
        _natural_metavars(sub)


def _metavar(option: Any) -> str:
    """``FILE``/``DIR``/``N``/``NUMBER``/``TEXT`` from the option's click type (read by
    its name: typer may ship its own copy of click)."""
    if option.is_flag:
        return ""
    if hasattr(option, "type"):  # click's parameter types
        kind = str(getattr(option.type, "name", ""))
    else:  # typer >= 0.20 describes the annotation instead
        desc = option.type_descriptor
        bare = option.bare_type().lower()
        kind = "path" if desc.is_path or "path" in bare else "integer" if "int" in bare else bare
    if kind == "path":
        return "PATH" if option.name in {"out", "out_dir"} else "FILE"
    if kind.startswith("integer"):
        return "N"
    if kind.startswith("float"):
        return "NUMBER"
    return {"param": "NAME=VALUE", "wave": "WAVE", "relation": "RELATION", "lang": "es|en"}.get(
        option.name or "", "TEXT"
    )


app = typer.Typer(
    cls=_Group,
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="tramas: network analysis of industrial clusters (surveys of inter-firm ties).",
)
console = Console()
err_console = Console(stderr=True)

_state: dict[str, Any] = {"debug": False, "quiet": False, "verbose": False, "lang": "en"}

F = TypeVar("F", bound=Callable[..., Any])


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks instead of one-line errors.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Do not print the input accounting (rows loaded, merged, rejected) of "
            "commands that read data; errors are still printed.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Print every problem of the input accounting, not only the first ten.",
        ),
    ] = False,
) -> None:
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose exclude each other")
    _state.update(debug=debug, quiet=quiet, verbose=verbose, lang=_env_lang())
    _unwrapped_when_piped(console)
    _unwrapped_when_piped(err_console)


#: Width of tables printed to a file or a pipe when ``COLUMNS`` does not say otherwise.
PIPED_WIDTH = 160


def _unwrapped_when_piped(con: Console) -> None:
    """Lines printed to a file or a pipe are never wrapped: a path or a count stays on one
    line whatever ``COLUMNS`` says (rich would wrap at 80 columns). On a terminal, text
    wraps at the terminal's width as usual."""
    con.soft_wrap = not con.is_terminal
    if not con.is_terminal and not os.environ.get("COLUMNS"):
        con.width = PIPED_WIDTH  # tables too: a file has no screen to fit


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

                print_report(exc.report, err_console, limit=20, lang=_state["lang"])
            from rich.markup import escape

            from tramas.locale.errors import error_text, hint_text

            lang = _state["lang"]
            err_console.print(
                say("cli.error", text=escape(error_text(exc, lang))), highlight=False, markup=True
            )
            hint = hint_text(exc, lang)
            if hint:
                err_console.print(say("cli.hint", text=escape(hint)), highlight=False)
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
    strict: bool = True,
    lang: str | None = None,
):
    """Load and validate the input of a command, printing the row accounting (every
    command that reads data prints it the same way; ``tramas --quiet`` drops it and
    ``tramas --verbose`` lists every problem) in ``lang`` or the study's language.

    Exactly one of ``study`` or ``actors`` (+ ``ties``) must be given.
    """
    from tramas.ingest import load
    from tramas.ingest.report import print_report

    use_lang(lang)  # problems reading the input are worded in --lang too
    if study is None and actors is None:
        raise TramasError(
            "no input given",
            hint="pass --study study.toml, or --actors FILE --ties FILE "
            "(try `tramas sample --out DIR` for an example)",
            code="no_input",
        )
    if study is not None and (actors is not None or ties):
        raise TramasError(
            "--study cannot be combined with --actors/--ties",
            hint="put the files in the study file, or drop --study",
            code="study_with_files",
        )
    with console.status(say("cli.status.reading")):
        network = load(study=study, actors=actors, ties=ties, strict=False)
    if not _state["quiet"]:
        print_report(
            network.report,
            console,
            limit=None if _state["verbose"] else 10,
            lang=use_lang(lang, network),
        )
    use_lang(lang, network)
    if strict and network.report.errors:
        raise ValidationFailed(network.report)
    return network


def scale_file(
    study: Path | None, neo4j: str | None, ties: list[Path] | None, scale: bool, hint: str
) -> bool:
    """Whether a command's input is one tie file for scale mode (streaming reader):
    ``--scale``, or what :func:`tramas.metrics.scale.choose_scale_mode` decides for it."""
    from tramas.metrics.scale import choose_scale_mode

    one_file = study is None and neo4j is None and len(ties or []) == 1
    if scale and not one_file:
        raise TramasError(
            "--scale needs exactly one --ties file (and no --study or --neo4j)",
            hint=hint,
            code="scale_needs_one_file",
            values={"command": hint},
        )
    return one_file and choose_scale_mode(ties[0], scale=scale or None)


@contextlib.contextmanager
def step_progress(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A transient progress bar labelled by the catalogue text ``label``; yields
    ``update(step, done, total)`` for the API's ``progress=`` callbacks, each step worded
    in the command's language (:func:`_step_text`)."""
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(f"[bold]{escape(say(label))}[/] {{task.description}}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=1)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=escape(_step_text(step)), completed=done, total=total)

        yield update


def _step_text(step: str) -> str:
    """A step of a ``progress=`` callback (``"betweenness and closeness"``, ``"maps"``) in
    the command's language: the catalogue text ``cli.progress.<step>`` (spaces and
    punctuation as ``_``), or the step itself when the catalogue has none."""
    import re

    from tramas.locale import texts

    key = "cli.progress." + re.sub(r"[^a-z0-9]+", "_", str(step).lower()).strip("_")
    return say(key) if key in texts(_state["lang"]) else str(step)


# ---------------------------------------------------------------- shared Neo4j options
Neo4jOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j",
        help="Read the network from Neo4j: the study key given to `tramas db load` "
        "(connection from --uri/--user/--database or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).",
    ),
]
UriOpt = Annotated[
    str | None,
    typer.Option(
        "--uri",
        envvar="NEO4J_URI",
        show_envvar=True,
        help="Neo4j server, e.g. bolt://localhost:7687 or neo4j+s://ID.databases.neo4j.io "
        "(default bolt://localhost:7687). The password comes only from NEO4J_PASSWORD.",
    ),
]
UserOpt = Annotated[
    str | None,
    typer.Option(
        "--user", envvar="NEO4J_USER", show_envvar=True, help="Neo4j user (default neo4j)."
    ),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="NEO4J_DATABASE",
        show_envvar=True,
        help="Neo4j database (default neo4j; Community has only that one).",
    ),
]


AnonymizeOpt = Annotated[
    bool,
    typer.Option(
        "--anonymize",
        help="Replace actor names by stable codes (the same codes in maps, reports and tables).",
    ),
]
AnonKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--anon-key",
        envvar="TRAMAS_ANON_KEY",
        help="Secret key of the anonymous codes (default: the study key).",
    ),
]
RawCsvOpt = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="Write CSV text exactly, without the leading ' that keeps spreadsheets from "
        "running cells such as =cmd(...) as formulas (for programs reading the files).",
    ),
]


def _env_lang() -> str:
    """The language of the environment variable ``TRAMAS_LANG`` (``es`` or ``en``), else
    English; an unknown value is ignored."""
    import os

    from tramas.locale import LANGS

    lang = os.environ.get("TRAMAS_LANG", "").strip().lower()
    return lang if lang in LANGS else "en"


def use_lang(lang: str | None, network: Any = None) -> str:
    """Set the language every line of the command is printed in: ``--lang``, else the
    study's, else the environment variable ``TRAMAS_LANG``, else English; return it."""
    from tramas.locale import check_lang

    study = getattr(network, "study", None)
    _state["lang"] = check_lang(lang or getattr(study, "lang", None) or _env_lang())
    return _state["lang"]


def say(key: str, **values: Any) -> str:
    """A line of the catalogue in the command's language (see :func:`use_lang`)."""
    from tramas.locale import t

    return t(key, _state["lang"], **values)


def print_written(paths: Iterable[Path | str]) -> None:
    """One ``written PATH`` line per file a command wrote."""
    from rich.markup import escape

    for path in paths:
        console.print(say("cli.written", path=escape(str(path))), highlight=False)


def load_network(
    study: Path | None,
    actors: Path | None,
    ties: list[Path] | None,
    neo4j: str | None = None,
    *,
    uri: str | None = None,
    user: str | None = None,
    database: str | None = None,
    relation: list[str] | None = None,
    wave: list[str] | None = None,
    strict: bool = True,
    lang: str | None = None,
):
    """The network of a command: from files (like :func:`load_input`) or, with ``neo4j``
    (a study key), pulled from Neo4j. ``relation``/``wave`` restrict what is pulled;
    ``lang`` is the language of what the command prints (default: the study's).
    """
    if neo4j is None:
        return load_input(study, actors, ties, strict=strict, lang=lang)
    use_lang(lang)
    if study is not None or actors is not None or ties:
        raise TramasError(
            "--neo4j cannot be combined with --study/--actors/--ties",
            hint="read the network either from Neo4j or from files",
            code="neo4j_with_files",
        )
    from tramas.neo4j.store import pull_network

    with console.status(say("cli.status.neo4j", study=neo4j)):
        network = pull_network(
            uri, neo4j, relation=relation or None, wave=wave or None, user=user, database=database
        )
    use_lang(lang, network)
    if not _state["quiet"]:
        console.print(_network_line("cli.read_neo4j", network), highlight=False, markup=False)
    return network


def _network_line(key: str, network: Any) -> str:
    """A one-line description of a network (study, actors, ties, relations, waves)."""
    from tramas.locale import join, label

    lang = _state["lang"]
    return say(
        key,
        study=network.study.key,
        actors=len(network.actors),
        ties=len(network.ties),
        relations=join([label("relation", r, lang) for r in network.relations], lang)
        or say("cli.none"),
        waves=join(network.waves, lang) or say("cli.none"),
    )


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
            help="Write unresolved and ambiguous free-recall names to this CSV, with a "
            "`decision` column to fill; point the study file at it with "
            "`\\[recall] reviewed = FILE`.",
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
    lang = use_lang(None, network)
    if not _state["quiet"] or network.report.errors:
        print_report(
            network.report,
            console,
            limit=None if all_issues or _state["verbose"] else 30,
            lang=lang,
        )
    from tramas.ingest.review import review_message

    written = network.report.write_review(review) if review is not None else None
    message = review_message(network.report, written, study=study, lang=lang)
    if message and (written is not None or not _state["quiet"]):
        console.print(message, highlight=False, markup=False, soft_wrap=True)
    if network.report.errors:
        raise typer.Exit(1)
    console.print(_network_line("cli.valid", network), highlight=False)


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
    from rich.markup import escape

    from tramas.sample import write_sample

    use_lang(None)
    paths = write_sample(out, seed=seed)
    err_console.print(
        say("cli.sample_written", folder=escape(str(out)), n=len(paths)), highlight=False
    )
    for p in paths:
        console.print(str(p), highlight=False, markup=False)


# ---------------------------------------------------------------- demo
@app.command()
@handle_errors
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for everything the demo writes.")
    ] = Path("tramas-demo"),
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the demo's output, map and report: es or en.")
    ] = "es",
) -> None:
    """Run the main job end to end on the bundled sample, with no database server."""
    from tramas.demo import run_demo

    run_demo(out, console=console, lang=use_lang(lang))


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
        typer.Option(
            "--table", help="Region × sector table (CSV or XLSX), one row per region and sector."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="CSV file to write: region, sector, value, lq, share, focus, candidate, rank.",
        ),
    ],
    region: Annotated[str, typer.Option("--region", help="Column holding the region.")] = "region",
    sector: Annotated[str, typer.Option("--sector", help="Column holding the sector.")] = "sector",
    value: Annotated[
        str,
        typer.Option("--value", help="Column holding employment (or establishments, or output)."),
    ] = "value",
    min_lq: Annotated[
        float, typer.Option("--min-lq", help="Smallest location quotient for a candidate.")
    ] = 1.25,
    min_value: Annotated[
        float,
        typer.Option(
            "--min-value", help="Smallest absolute value (e.g. employees) for a candidate."
        ),
    ] = 0.0,
    min_share: Annotated[
        float,
        typer.Option(
            "--min-share",
            help="Smallest share (0–1) of the sector's national total held by the region.",
        ),
    ] = 0.0,
    sum_duplicates: Annotated[
        bool,
        typer.Option(
            "--sum-duplicates",
            help="Add up rows repeating a region and sector (default: reject them as an error).",
        ),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Sheet to read from an Excel workbook (default: the first)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many candidates to print.")] = 15,
) -> None:
    """Location quotients LQ = (E_rs / E_r) / (E_s / E) and the ranked candidate region–sector cells."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.identify.location import location_quotients
    from tramas.locale import format_number

    lang = use_lang(None)
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
    _print_warnings(result.warnings)
    cands = result.candidates
    shown = Table(
        title=escape(
            say(
                "cli.lq.title",
                n=len(cands),
                min_lq=f"{min_lq:g}".replace(".", "," if lang == "es" else "."),
                value=value,
                min_value=f"{min_value:g}".replace(".", "," if lang == "es" else "."),
                min_share=f"{min_share:g}".replace(".", "," if lang == "es" else "."),
            )
        )
    )
    for key in ("rank", "region", "sector", None, "lq", "share"):
        shown.add_column(
            escape(value) if key is None else say(f"cli.col.{key}"),
            justify="left" if key in ("region", "sector") else "right",
        )
    for row in cands.head(top).itertuples(index=False):
        shown.add_row(
            str(row.rank),
            escape(str(row.region)),
            escape(str(row.sector)),
            format_number(row.value, lang, "int"),
            format_number(row.lq, lang, "dec2"),
            format_number(row.share, lang, "pct"),
        )
    console.print(shown)
    print_written([path])


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
        Path,
        typer.Option(
            "--out", help="Folder to write sector_groups.csv, linkages.csv and sector_map.svg."
        ),
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
        typer.Option(
            "--min-linkage",
            help="Threshold of a strong linkage (default 0.1 direct, 0.5 correlation).",
        ),
    ] = None,
    grouping: Annotated[
        str,
        typer.Option(
            "--grouping",
            help="'leiden' (modularity communities of strong linkages) or 'hierarchical' (average linkage).",
        ),
    ] = "leiden",
    resolution: Annotated[
        float,
        typer.Option("--resolution", help="Leiden resolution; larger values give smaller groups."),
    ] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Leiden algorithm.")] = 42,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Sheet to read from an Excel workbook (default: the first)."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the output and the map: en or es (default: TRAMAS_LANG or en).",
        ),
    ] = None,
) -> None:
    """Groups of strongly interlinked sectors in an input–output table, as tables and a small map."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.identify.input_output import io_clusters

    lang = use_lang(lang)
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
    _print_warnings(result.warnings)
    shown = Table(
        title=escape(
            say(
                "cli.io.title",
                n=len(result.clusters),
                method=result.method,
                min_linkage=f"{result.min_linkage:g}".replace(".", "," if lang == "es" else "."),
                grouping=result.grouping,
            )
        )
    )
    shown.add_column(say("cli.col.group"), justify="right")
    shown.add_column(say("cli.col.sectors"))
    for group, members in result.clusters.items():
        shown.add_row(str(group), escape(", ".join(members)))
    console.print(shown)
    print_written(paths)


def _print_warnings(warnings: Iterable[Any]) -> None:
    """Warnings of a library result, each in the command's language when it carries a
    catalogue key (``key`` and ``values`` attributes), else as written."""
    from rich.markup import escape

    for warning in warnings:
        key = getattr(warning, "key", None)
        text = say(key, **warning.values) if key else str(warning)
        console.print(say("cli.warning", text=escape(text)), highlight=False)


# ---------------------------------------------------------------- compare
@app.command()
@handle_errors
def compare(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Folder to write tie_changes.csv, actor_changes.csv and summary.json."
        ),
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
        typer.Option(
            "--relation", help="Relation to compare; repeatable (default: every relation)."
        ),
    ] = None,
    internal_only: Annotated[
        bool,
        typer.Option("--internal-only", help="Only the cluster's own actors (drop external ones)."),
    ] = False,
    permutations: Annotated[
        int,
        typer.Option(
            "--permutations", help="QAP permutations for the correlation between the waves."
        ),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed for QAP and community detection.")] = 42,
    change_map: Annotated[
        bool,
        typer.Option(
            "--map/--no-map",
            help="Also write OUT/change_map.html: the ties of both waves coloured new, "
            "dissolved and stable (see docs/maps.md).",
        ),
    ] = True,
) -> None:
    """Compare two survey waves: new, dissolved and stable ties, new bridges, actors that changed."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.metrics.change import compare_waves, compared_waves

    network = load_input(study, actors, ties)
    lang = _state["lang"]
    from tramas.locale import format_number, label

    waves = compared_waves(network, wave or None)
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
        title=say("cli.compare.title", a=escape(result.wave_a), b=escape(result.wave_b)),
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    shown.add_column(say("cli.col.relation"), no_wrap=True)
    for col in (
        result.wave_a,
        result.wave_b,
        say("cli.col.new"),
        say("cli.col.dissolved"),
        say("cli.col.stable"),
        "Jaccard",
        "QAP r",
        "p",
    ):
        shown.add_column(col, justify="right", no_wrap=True, min_width=6 if col == "p" else None)
    for rel, rec in summary["relations"].items():
        qap = rec["qap"]
        r_text, p_text = "–", "–"
        if qap.get("correlation") is not None:
            r_text = format_number(qap["correlation"], lang, "dec2")
            floor = 1 / max(qap["permutations"], 1)
            if qap.get("p_two_sided") is None:  # --permutations 0: no test
                p_text = "–"
            else:
                p_text = (
                    f"<{format_number(floor, lang, 'sig3')}"
                    if qap["p_two_sided"] < floor
                    else format_number(qap["p_two_sided"], lang, "dec3")
                )
        jac = format_number(rec["jaccard"], lang, "dec2")
        shown.add_row(
            escape(label("relation", rel, lang)),
            str(rec["ties_a"]),
            str(rec["ties_b"]),
            str(rec["new"]),
            str(rec["dissolved"]),
            str(rec["stable"]),
            jac,
            r_text,
            p_text,
        )
    console.print(shown)
    people = summary["actors"]
    console.print(
        say(
            "cli.compare.actors",
            entering=len(people["entering"]),
            leaving=len(people["leaving"]),
            bridges=summary["new_bridges"]["count"],
        ),
        highlight=False,
    )
    if change_map:
        from tramas.viz.maps import write_map

        with console.status(say("cli.status.change_map")):
            drawn = write_map(network, Path(out) / "change_map.html", comparison=result, seed=seed)
        paths.append(drawn.path)
    print_written(paths)


# ---------------------------------------------------------------- map
@app.command("map")
@handle_errors
def map_(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    neo4j: Neo4jOpt = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write the map to.")] = Path(
        "map.html"
    ),
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="Relation to draw; repeatable (default: every relation)."),
    ] = None,
    wave: Annotated[
        str | None,
        typer.Option("--wave", help="Survey wave to draw, or 'all' (default: the latest)."),
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            help="Change map of two waves: give it twice, baseline first (--compare 2023 "
            "--compare 2025, or --compare 2023,2025). Ties are coloured new, dissolved and "
            "stable; new bridges and entering/leaving actors are marked. Excludes --wave.",
        ),
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
        typer.Option(
            "--size-by", help="Node size: degree, a numeric measure or attribute, or 'none'."
        ),
    ] = "degree",
    layout: Annotated[
        str,
        typer.Option(
            "--layout", help="Node positions: force (default), geo (from lat/lon) or community."
        ),
    ] = "force",
    ego: Annotated[
        str | None,
        typer.Option(
            "--ego", help="Draw only this actor (id, exact name or code) and its neighbourhood."
        ),
    ] = None,
    radius: Annotated[
        int, typer.Option("--radius", help="Ego map radius: 1 or 2 steps.", min=1, max=2)
    ] = 1,
    anonymize: AnonymizeOpt = False,
    anon_key: AnonKeyOpt = None,
    community_threshold: Annotated[
        int,
        typer.Option(
            "--community-threshold",
            help="Above this many actors, draw one node per community instead of actors.",
        ),
    ] = 2000,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the map: en or es (default: the study's)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the layout and communities.")] = 42,
    scale: Annotated[
        bool,
        typer.Option(
            "--scale",
            "--large",
            help="Map one big --ties file (CSV/Parquet) as a community map, or with --ego as "
            "an ego map, without the survey model. Automatic for Parquet and CSV files "
            "above 40 MB.",
        ),
    ] = False,
) -> None:
    """Write an interactive network map: one HTML file that works offline.

    Colour, size and shape encode communities, kinds and measures; the page has a legend,
    tooltips, a relation filter, a search box and a physics toggle. With --compare A
    --compare B it is a change map: ties of both waves coloured new, dissolved, stable.
    """
    from rich.markup import escape

    from tramas.metrics.change import compared_waves
    from tramas.viz.maps import write_map

    waves = [w.strip() for item in compare or [] for w in item.split(",") if w.strip()]
    if scale_file(study, neo4j, ties, scale, "tramas map --ties ties.parquet [--ego ID]"):
        from tramas.ingest.scale import read_scale_ties
        from tramas.viz.scale_map import write_scale_map

        if waves or relation or wave or layout != "force":
            raise TramasError(
                "--compare, --relation, --wave and --layout do not apply to a large ties file",
                hint="a large file holds one relation and one period",
                code="scale_map_options",
            )
        use_lang(lang)
        with console.status(say("cli.status.scale_map")):
            view, _ = read_scale_ties(ties[0], actors=actors, relation="trade")
            result = write_scale_map(
                view,
                out,
                ego=ego,
                radius=radius,
                community_threshold=community_threshold,
                anonymize=anonymize,
                anon_key=anon_key or "",
                seed=seed,
                lang=_state["lang"],
            )
        if result.message:
            console.print(f"[yellow]{escape(result.message)}[/]", highlight=False)
        console.print(_map_line("cli.map_written_scale", result), highlight=False)
        return

    network = load_network(
        study, actors, ties, neo4j, uri=uri, user=user, database=database, lang=lang
    )
    measures = None
    # a change map's measures are the later wave's (bad --compare values stop here)
    compared = compared_waves(network, waves) if waves else None
    analysis_wave = compared[1] if compared else wave
    if len(network.actors) <= community_threshold and not (compared and wave is not None):
        try:
            from tramas.metrics.analysis import analyze
        except ImportError:
            analyze = None
        if analyze is not None:
            with console.status(say("cli.status.analysing")):
                measures = analyze(
                    network, relations=relation or None, wave=analysis_wave, lang=lang, seed=seed
                ).actors
    with console.status(say("cli.status.drawing")):
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
            compare=waves or None,
        )
    if result.message:
        console.print(f"[yellow]{escape(result.message)}[/]", highlight=False)
    console.print(_map_line("cli.map_written", result), highlight=False)


def _map_line(key: str, result: Any) -> str:
    """The ``map written`` line: file, nodes, ties or links, kind of map and size."""
    from rich.markup import escape

    from tramas.locale import format_number, texts

    lang = _state["lang"]
    mode = texts(lang).get(f"cli.map_mode.{result.mode}", result.mode)
    return say(
        key,
        path=escape(str(result.path)),
        nodes=result.n_nodes,
        edges=result.n_edges,
        mode=mode,
        mb=format_number(result.n_bytes / 1e6, lang, "dec1"),
    )


# ---------------------------------------------------------------- db
db_app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="Neo4j: load a study into a graph teams share, read it back, count what it holds, "
    "drop a study. Connection: --uri/--user/--database or NEO4J_URI, NEO4J_USER, "
    "NEO4J_PASSWORD, NEO4J_DATABASE (the password is never printed).",
)
app.add_typer(db_app, name="db")


def _store(uri: str | None, user: str | None, database: str | None):
    from tramas.neo4j.store import Neo4jStore

    return Neo4jStore(uri, user=user, database=database)


def _resume_command(
    study: Path | None,
    actors: Path | None,
    ties: list[Path] | None,
    uri: str | None,
    user: str | None,
    database: str | None,
    batch_size: int,
    resume_from: int,
    scale: bool = False,
) -> str:
    import shlex

    parts = ["tramas", "db", "load"]
    if scale:
        parts.append("--scale")
    if study is not None:
        parts += ["--study", str(study)]
    if actors is not None:
        parts += ["--actors", str(actors)]
    for t in ties or []:
        parts += ["--ties", str(t)]
    for flag, value in (("--uri", uri), ("--user", user), ("--database", database)):
        if value:
            parts += [flag, value]
    parts += ["--batch-size", str(batch_size), "--resume-from", str(resume_from)]
    return shlex.join(parts)


@db_app.command("load")
@handle_errors
def db_load(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Ties per transaction.", min=1)
    ] = 20_000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Parallel sessions writing tie batches (on disjoint groups of actors).",
            min=1,
            max=16,
        ),
    ] = 2,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Delete the study from Neo4j first (ties no longer in the data go too).",
        ),
    ] = False,
    resume_from: Annotated[
        int,
        typer.Option(
            "--resume-from",
            help="Finish an interrupted load: skip the ties it reported as loaded.",
            min=0,
        ),
    ] = 0,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First load of a large study with neo4j-admin database import: the local "
            "server is stopped, its database replaced by this study, and started again. "
            "The database must be empty (or hold only this study, with --replace).",
        ),
    ] = False,
    scale: Annotated[
        bool,
        typer.Option(
            "--scale",
            "--large",
            help="Read one big --ties file (CSV/Parquet, supplier -> buyer) with the streaming "
            "reader, problems counted, as relation 'trade'. Automatic for Parquet and CSV "
            "files above 40 MB.",
        ),
    ] = False,
    neo4j_home: Annotated[
        Path | None,
        typer.Option(
            "--neo4j-home",
            envvar="NEO4J_HOME",
            show_envvar=True,
            help="Neo4j installation whose server --bulk stops and starts (default: "
            "scripts/neo4j-local of a tramas checkout).",
        ),
    ] = None,
) -> None:
    """Load a study into Neo4j (idempotent: loading the same data again changes nothing).

    Actors become [bold]:Actor[/] nodes labelled by kind, ties one relationship per tie
    (type = relation in upper case); see docs/graph-model.md.
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tramas.neo4j.load import LoadInterrupted

    use_lang(None)
    if bulk and resume_from:
        raise TramasError(
            "--bulk loads a study whole; it cannot resume",
            hint="drop --resume-from (or drop --bulk to finish an online load)",
            code="bulk_no_resume",
        )
    network = _db_input(study, actors, ties, scale)
    if bulk:
        _db_bulk_load(network, uri, user, database, replace, neo4j_home)
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(escape(_step_text(stage)), total=total)
        progress.update(tasks[stage], completed=done, total=total)

    with _store(uri, user, database) as store, progress:
        try:
            result = store.load(
                network,
                batch_size=batch_size,
                replace=replace,
                resume_from=resume_from,
                workers=workers,
                progress=report,
            )
        except LoadInterrupted as exc:
            command = _resume_command(
                study, actors, ties, uri, user, database, batch_size, exc.resume_from, scale
            )
            raise TramasError(
                exc.message,
                hint=f"resume with: {command}",
                code="load_interrupted",
                values={"detail": exc.message, "command": command},
            ) from None
    from tramas.locale import format_number, texts

    lang = _state["lang"]
    console.print(
        say(
            "cli.db.loaded",
            study=escape(result.study),
            uri=escape(store.uri),
            actors=result.actors,
            ties=result.ties,
            types=escape(_type_counts(result.ties_by_type)),
        ),
        highlight=False,
    )
    console.print(
        say(
            "cli.db.sent",
            ties=result.ties_sent,
            batches=result.batches,
            modes=escape(
                ", ".join(
                    f"{t}: {texts(lang).get(f'cli.db.mode.{m}', m)}" for t, m in result.mode.items()
                )
            ),
            seconds=format_number(result.seconds, lang, "dec1"),
            rate=format_number(round(result.ties_per_second), lang, "int"),
        ),
        highlight=False,
    )


def _type_counts(counts: dict[str, int]) -> str:
    """``KNOWLEDGE 1,234, TRADE 56``: ties per relationship type, numbers in the
    command's language."""
    from tramas.locale import format_number

    return ", ".join(f"{t} {format_number(n, _state['lang'], 'int')}" for t, n in counts.items())


def _db_input(study: Path | None, actors: Path | None, ties: list[Path] | None, scale: bool):
    """The network `db load` writes: the survey ingest, or the streaming reader for one
    big tie file (``--scale``, or automatic by size and format)."""
    from rich.markup import escape

    from tramas.ingest.scale import scale_network

    # one tie file without an actors table can only be read by the streaming reader
    hint = "tramas db load --ties ties.parquet [--actors firms.csv] --bulk"
    single = study is None and actors is None and len(ties or []) == 1
    if not scale_file(study, None, ties, scale or single, hint):
        return load_input(study, actors, ties)
    with console.status(say("cli.status.streaming")):
        network, report = scale_network(ties[0], actors=actors)
    for line in report.lines():
        console.print(escape(line), highlight=False)
    return network


def _db_bulk_load(
    network: Any,
    uri: str | None,
    user: str | None,
    database: str | None,
    replace: bool,
    neo4j_home: Path | None,
) -> None:
    from rich.markup import escape

    from tramas.neo4j.server import find_local_server

    server = find_local_server(neo4j_home) if neo4j_home else None
    with _store(uri, user, database) as store, console.status(say("cli.status.bulk")) as status:
        result = store.bulk_load(
            network,
            server=server,
            replace=replace,
            progress=lambda stage: status.update(
                say("cli.status.bulk_stage", stage=_step_text(stage))
            ),
        )
    from tramas.locale import format_number

    lang = _state["lang"]
    console.print(
        say(
            "cli.db.bulk_loaded",
            study=escape(result.study),
            uri=escape(store.uri),
            actors=result.actors,
            ties=result.ties,
            types=escape(_type_counts(result.ties_by_type)),
        ),
        highlight=False,
    )
    console.print(
        say(
            "cli.db.bulk_time",
            seconds=format_number(result.seconds, lang, "dec1"),
            rate=format_number(round(result.ties_per_second), lang, "int"),
            stages=escape(
                ", ".join(
                    f"{_step_text(k)} {format_number(v, lang, 'dec1')} s"
                    for k, v in result.stages.items()
                )
            ),
        ),
        highlight=False,
    )


@db_app.command("pull")
@handle_errors
def db_pull(
    study: Annotated[str, typer.Option("--study", help="Study key in Neo4j.")],
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
    relation: Annotated[
        list[str] | None,
        typer.Option(
            "--relation", help="Only this relation; repeatable (default: every relation)."
        ),
    ] = None,
    wave: Annotated[
        list[str] | None,
        typer.Option("--wave", help="Only this wave; repeatable (default: every wave)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the network as study files (study.toml, actors.csv, ties.csv) "
            "into this folder.",
        ),
    ] = None,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Read a study (or some relations and waves) back from Neo4j and summarise it."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.locale import format_number, label
    from tramas.neo4j.pull import write_study_files

    lang = use_lang(None)
    with _store(uri, user, database) as store:
        network = store.pull(study, relation=relation or None, wave=wave or None)
    table = Table(title=f"{escape(network.study.title or study)} ({escape(study)})")
    table.add_column(say("cli.col.relation"))
    for w in network.waves:
        table.add_column(escape(str(w)), justify="right")
    for name in network.relations:
        counts = network.ties[network.ties["relation"] == name]["wave"].value_counts()
        table.add_row(
            escape(label("relation", name, lang)),
            *[format_number(int(counts.get(w, 0)), lang, "int") for w in network.waves],
        )
    console.print(table)
    console.print(
        say("cli.db.counts", actors=len(network.actors), ties=len(network.ties)), highlight=False
    )
    if out is not None:
        print_written(write_study_files(network, out, safe=not raw_csv))


@db_app.command("status")
@handle_errors
def db_status(
    study: Annotated[
        str | None,
        typer.Option("--study", help="Count only this study (default: the whole database)."),
    ] = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Show the server, the studies it holds and the counts per label and relationship type."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.locale import format_number, texts

    lang = use_lang(None)
    with _store(uri, user, database) as store:
        status = store.status(study)
    console.print(
        say(
            "cli.db.server",
            server=escape(status.server),
            uri=escape(status.uri),
            database=escape(status.database),
        ),
        highlight=False,
    )
    studies = Table(title=say("cli.db.studies"))
    for col in status.studies.columns:
        studies.add_column(
            texts(lang).get(f"cli.col.{col}", escape(str(col))),
            justify="right" if col in ("actors", "ties") else "left",
        )
    for row in status.studies.itertuples(index=False):
        studies.add_row(
            *[
                format_number(v, lang, "int")
                if isinstance(v, int)
                else escape("" if _missing(v) else str(v))
                for v in row
            ]
        )
    console.print(studies)
    for title, counts, head in (
        ("cli.db.labels", status.labels, "cli.col.label"),
        ("cli.db.types", status.types, "cli.col.type"),
    ):
        heading = say(title)
        table = Table(
            title=say("cli.db.of_study", title=heading, study=escape(study)) if study else heading
        )
        table.add_column(say(head))
        table.add_column(say("cli.col.count"), justify="right")
        for key, n in counts.items():
            table.add_row(escape(key), format_number(n, lang, "int"))
        console.print(table)


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


@db_app.command("drop")
@handle_errors
def db_drop(
    study: Annotated[str, typer.Option("--study", help="Key of the study to delete.")],
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one study (its nodes and relationships) from Neo4j; other studies stay."""
    from rich.markup import escape

    use_lang(None)
    with _store(uri, user, database) as store:
        if not store.has_study(study):
            raise TramasError(
                f"no study {study!r} in Neo4j at {store.uri}",
                hint="`tramas db status` lists the studies",
                code="db_drop_no_study",
                values={"study": study, "uri": store.uri},
            )
        if not yes and not typer.confirm(
            say("cli.db.confirm_drop", study=study, uri=store.uri, database=store.database)
        ):
            console.print(say("cli.db.nothing_deleted"), highlight=False)
            raise typer.Exit(1)
        counts = store.drop(study)
    console.print(
        say(
            "cli.db.dropped",
            study=escape(study),
            nodes=counts["nodes_deleted"],
            relationships=counts["relationships_deleted"],
        ),
        highlight=False,
    )


# ---------------------------------------------------------------- query
def _print_result(result: Any, fmt: str, out: Path | None, *, safe: bool = True) -> None:
    from rich.markup import escape
    from rich.table import Table

    fmt = fmt.lower()
    if fmt not in ("table", "csv", "json"):
        raise TramasError(
            f"unknown format {fmt!r}",
            hint="use --format table, csv or json",
            code="unknown_format",
            values={"format": fmt},
        )
    if fmt == "table":
        if out is not None:
            raise TramasError("--out needs --format csv or json", code="out_needs_format")
        table = Table(show_lines=False)
        for col in result.columns:
            table.add_column(escape(col))
        for row in result.rows:
            table.add_row(*[escape(_cell(row.get(c))) for c in result.columns])
        console.print(table)
        console.print(say("cli.rows", n=len(result.rows)), highlight=False)
        if result.counters:
            from tramas.locale import texts

            words = texts(_state["lang"])
            console.print(
                ", ".join(
                    say("cli.counter", name=words.get(f"cli.counter.{k}", k.replace("_", " ")), n=v)
                    for k, v in result.counters.items()
                ),
                highlight=False,
            )
        return
    text = result.to_csv(safe=safe) if fmt == "csv" else result.to_json() + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
        err_console.print(
            say("cli.rows_written", n=len(result.rows), path=escape(str(out))), highlight=False
        )
    else:
        typer.echo(text, nl=False)


def _cell(value: Any) -> str:
    import json

    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _params(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise TramasError(
                f"bad --param {pair!r}",
                hint="write --param key=value",
                code="bad_param",
                values={"pair": pair},
            )
        out[key.strip()] = value
    return out


ParamOpt = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A query parameter as key=value; repeatable."),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output: table, csv or json.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write the csv or json output to this file.")
]


@app.command("query")
@handle_errors
def query(
    name: Annotated[str | None, typer.Argument(help="Named query (see --list).")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    param: ParamOpt = None,
    study: Annotated[
        str | None, typer.Option("--study", help="Study key (same as --param study=KEY).")
    ] = None,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    raw_csv: RawCsvOpt = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run a named query of the library (read-only), e.g. [bold]tramas query lead_firms --study KEY[/]."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.neo4j.queries import get_query, list_queries

    use_lang(None)
    if list_ or name is None:
        table = Table(title=say("cli.query.title"))
        table.add_column(say("cli.col.name"), no_wrap=True)
        table.add_column(say("cli.col.answers"))
        table.add_column(say("cli.col.parameters"))
        for q in list_queries():
            table.add_row(
                escape(q.name),
                f"[bold]{escape(q.title)}[/]\n{escape(q.description)}",
                escape("\n".join(p.describe() for p in q.params)),
            )
        console.print(table)
        return
    values: dict[str, Any] = _params(param)
    if study is not None:
        values["study"] = study
    get_query(name).bind(values)  # unknown/missing parameters fail before connecting
    with _store(uri, user, database) as store:
        result = store.run_query(name, values)
    _print_result(result, fmt, out, safe=not raw_csv)


# ---------------------------------------------------------------- cypher
@app.command("cypher")
@handle_errors
def cypher(
    statement: Annotated[str, typer.Argument(help="The Cypher query; use $name for parameters.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A parameter as key=value; repeatable. The value is read as JSON when it "
            'parses (5, 2.5, true, null, [1,2], "012"), otherwise as text.',
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option("--write", help="Allow queries that change the graph (default: read-only)."),
    ] = False,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    raw_csv: RawCsvOpt = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run an ad hoc Cypher query, read-only unless --write is given."""
    import json

    use_lang(None)
    values: dict[str, Any] = {}
    for key, raw in _params(param).items():
        try:
            values[key] = json.loads(raw)
        except ValueError:
            values[key] = raw
    with _store(uri, user, database) as store:
        result = store.run_cypher(statement, values, write=write)
    _print_result(result, fmt, out, safe=not raw_csv)


# ---------------------------------------------------------------- analyze
def _print_scale_analysis(result: Any, paths: list[Path]) -> None:
    """Figures, methods and files of a scale-mode analysis."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.locale import format_number

    lang = use_lang(getattr(result, "lang", None) or _state["lang"])
    f = result.figures
    load = f.get("load")
    if load:
        console.print(
            say(
                "cli.scale.load",
                file=escape(load["file"]),
                rows=load["rows"],
                loaded=load["loaded"],
                merged=load["merged"],
                rejected=sum(load["rejected"].values()),
            ),
            highlight=False,
        )
        for reason, count in load["rejected"].items():
            examples = "; ".join(
                f"{say('ingest.row', row=str(r))}: {d}" for r, d in load["examples"].get(reason, [])
            )
            console.print(
                say(
                    "cli.scale.rejected",
                    reason=escape(reason),
                    count=count,
                    examples=escape(examples),
                ),
                highlight=False,
            )

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
    rows = [
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


@app.command()
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
    relation: Annotated[
        list[str] | None,
        typer.Option(
            "--relation",
            help="Relation to analyse; repeatable (default: every relation, merged).",
        ),
    ] = None,
    wave: Annotated[
        str | None,
        typer.Option("--wave", help="Survey wave to analyse, or 'all' (default: the latest)."),
    ] = None,
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
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of community detection and of any sampling.")
    ] = 42,
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
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the reasons: en or es (default: the study's)."),
    ] = None,
    write_back: Annotated[
        bool,
        typer.Option(
            "--write-back",
            help="With --neo4j: store the measures, communities and role labels on the study in Neo4j.",
        ),
    ] = False,
    scale: Annotated[
        bool,
        typer.Option(
            "--scale",
            "--large",
            help="Scale mode for one big --ties file (CSV/Parquet, supplier → buyer): the "
            "streaming reader, no --actors needed. Automatic for Parquet and CSV files above 40 MB. "
            "Whatever the reader, the analysis takes scale mode (degree, PageRank, k-core, "
            "components, Leiden, sampled betweenness, downstreamness/upstreamness) above "
            "50,000 actors or 500,000 ties.",
        ),
    ] = False,
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
    hint = "tramas analyze --ties ties.parquet [--actors actors.csv]"
    if scale_file(study, neo4j, ties, scale, hint):
        from tramas.ingest.scale import read_scale_ties, read_subset
        from tramas.metrics.scale import analyze_scale

        if relation or wave:
            raise TramasError(
                "--relation and --wave do not apply to a large ties file",
                hint="a large file holds one relation and one period; split it beforehand",
                code="scale_analysis_options",
            )
        use_lang(lang)
        with step_progress("cli.bar.scale") as scale_progress:
            scale_progress("read", 0, 1)
            view, report = read_scale_ties(
                ties[0],
                actors=actors,
                directed=not undirected,
                weighted=weight.lower() != "none",
                relation="trade",
            )
            result = analyze_scale(
                view,
                subset=read_subset(subset) if subset is not None else None,
                load=report,
                pivots=pivots,
                seed=seed,
                resolution=resolution,
                groups=groups,
                lang=_state["lang"],
                progress=scale_progress,
            )
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
            lang=lang,
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
    paths = result.write(out, safe=not raw_csv)

    f = result.figures
    lang = _state["lang"]
    from tramas.locale import format_number, join, label

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
            escape(str(row["lead_firm_reason"])),
        )
    console.print(leads)

    a = result.actors
    gate = a[a["cognitive_role"] == "gatekeeper"]
    if len(gate):
        roles = Table(title=say("cli.gatekeepers"), box=box.SIMPLE_HEAD, show_edge=False)
        roles.add_column(say("cli.col.actor"))
        roles.add_column(say("cli.col.why"))
        for actor_id, row in gate.head(10).iterrows():
            roles.add_row(escape(f"{row['name']} ({actor_id})"), escape(str(row["role_reason"])))
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
    for note in f.get("approximations", []):
        console.print(say("cli.note", text=escape(note)), highlight=False)
    if write_back:
        from tramas.neo4j.writeback import write_back as store_analysis

        with _store(uri, user, database) as store:
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


# ---------------------------------------------------------------- report
@app.command("report")
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
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Report language: es or en (default: the study's language)."),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF (needs WeasyPrint and Pango).")
    ] = False,
    anonymize: AnonymizeOpt = False,
    anon_key: AnonKeyOpt = None,
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="Relation to analyse; repeatable (default: all, merged)."),
    ] = None,
    wave: Annotated[
        str | None,
        typer.Option("--wave", help="Survey wave to analyse, or 'all' (default: the latest)."),
    ] = None,
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
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the analysis, the random networks and the map.")
    ] = 42,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            help="A wave for the 'Change between waves' section; give it twice, baseline first "
            "(default: the first and last waves when the study has several).",
        ),
    ] = None,
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


if __name__ == "__main__":  # pragma: no cover
    app()
