"""What every command of the ``tramas`` command line shares.

The consoles, the group class that writes natural metavars, the app's callback state
(``--debug``/``--quiet``/``--verbose``), :func:`handle_errors`, the command's language
(:func:`use_lang`, :func:`say`), progress bars, reading a command's input
(:func:`load_input`, :func:`load_network`) and every option more than one command takes,
each declared once with one help text (as datasette's ``publish/common.py``).
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

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the whole command line, for the manifest
            _state["argv"] = ["tramas", *map(str, args)]
        return super().parse_args(ctx, args)


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


console = Console()
err_console = Console(stderr=True)

_state: dict[str, Any] = {"debug": False, "quiet": False, "verbose": False, "lang": "en"}

F = TypeVar("F", bound=Callable[..., Any])


def main(
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
    """The options of ``tramas`` itself, before the command."""
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
        _begin_run()
        try:
            value = func(*args, **kwargs)
        except TramasError as exc:
            if _state["debug"]:
                raise
            if isinstance(exc, ValidationFailed) and not getattr(exc, "printed", False):
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
        _finish_run()
        return value

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------- the run's manifest
#: What the running command read and wrote, for the manifest (:func:`_finish_run`).
_run: dict[str, Any] = {}


def _begin_run() -> None:
    """Start recording a command: its start time, the files it reads and writes."""
    from datetime import UTC, datetime

    _run.clear()
    _run.update(started=datetime.now(UTC), written=[], inputs=[], network=None, source=None)


def record_written(paths: Iterable[Path | str]) -> None:
    """Note files the command wrote, for its ``manifest.json`` (:func:`print_written`
    does it for the files it prints)."""
    _run.setdefault("written", []).extend(Path(p) for p in paths if p is not None)


def record_input(
    network: Any = None,
    *,
    source: dict[str, Any] | None = None,
    load: dict[str, Any] | None = None,
) -> None:
    """Note the network the command read (its row accounting goes to the manifest), for a
    network pulled from Neo4j where it came from, or the accounting of a scale-mode read
    (``load``: :meth:`tramas.ingest.scale.ScaleLoadReport.to_dict`)."""
    if network is not None:
        _run["network"] = network
    if source is not None:
        _run["source"] = source
    if load is not None:
        _run["load"] = load


def _click_context() -> Any:
    """The click context of the running command (typer may ship its own click)."""
    import importlib

    for name in ("typer._click.globals", "click.globals"):
        try:
            ctx = importlib.import_module(name).get_current_context(silent=True)
        except (ImportError, AttributeError):
            continue
        if ctx is not None:
            return ctx
    return None


#: Options naming what a command writes, not what it reads.
_OUTPUT_OPTIONS = frozenset({"out", "out_dir", "review"})


def _finish_run() -> None:
    """Write one ``manifest.json`` into each folder the command wrote files into
    (:func:`tramas.manifest.write_manifest`): the folder of ``--out`` (every file in it
    written since the command started, side files and sub-folders included), and the
    folder of each other file noted by :func:`record_written`."""
    written = [p for p in _run.get("written", []) if p.is_file()]
    ctx = _click_context()
    params = dict(ctx.params) if ctx is not None else {}
    started = _run.get("started")
    roots: list[Path] = []
    for name in _OUTPUT_OPTIONS - {"review"}:
        value = params.get(name)
        if isinstance(value, str | Path) and str(value) != "-":
            out = Path(value)
            if out.is_dir():
                roots.append(out)
                written += _written_since(out, started)
            elif written and out.is_file():
                roots.append(out.parent)
    if not written:
        return
    from tramas.manifest import MANIFEST, write_manifest

    groups: dict[Path, list[Path]] = {}
    for path in dict.fromkeys(p.resolve() for p in written if p.name != MANIFEST):
        root = next((r for r in roots if path.is_relative_to(r.resolve())), path.parent)
        groups.setdefault(root.resolve(), []).append(path)
    inputs = [
        Path(v)
        for k, v in _flat_params(params)
        if k not in _OUTPUT_OPTIONS and isinstance(v, Path) and v.is_file()
    ]
    command = " ".join(ctx.command_path.split()[1:]) if ctx is not None else None
    for folder, outputs in groups.items():
        try:
            write_manifest(
                folder,
                outputs=outputs,
                inputs=inputs,
                network=_run.get("network"),
                load=_run.get("load"),
                command=command or None,
                argv=_state.get("argv") or None,
                parameters=params,
                started=started,
                extra={"source": _run["source"]} if _run.get("source") else None,
            )
        except OSError as exc:
            err_console.print(
                say("cli.manifest_failed", path=str(folder), error=str(exc)), highlight=False
            )


def _flat_params(params: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in params.items():
        if isinstance(value, list | tuple):
            for item in value:
                yield key, item
        else:
            yield key, value


def _written_since(folder: Path, started: Any) -> list[Path]:
    """Files under ``folder`` modified since the command started."""
    if started is None:
        return []
    since = started.timestamp() - 1.0  # file systems keep coarse times
    found = []
    for path in folder.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime >= since:
                found.append(path)
        except OSError:
            continue
    return found


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


def check_input(
    study: Path | None, actors: Path | None, ties: list[Path] | None, *, ties_alone: bool = False
) -> None:
    """Refuse a command's input options when they give no input, or two at once;
    ``ties_alone``: tie files without an actors table are an input (scale mode's)."""
    if study is None and actors is None and not (ties_alone and ties):
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


def load_input(
    study: Path | None,
    actors: Path | None,
    ties: list[Path] | None,
    *,
    strict: bool = True,
    lang: str | None = None,
):
    """Load and validate the input of a command (:func:`tramas.ingest.load`), printing
    the row accounting (:func:`print_input_report`) in ``lang`` or the study's language.

    Exactly one of ``study`` or ``actors`` (+ ``ties``) must be given.
    """
    from tramas.ingest import load

    use_lang(lang)  # problems reading the input are worded in --lang too
    check_input(study, actors, ties)
    with console.status(say("cli.status.reading")):
        network = load(study=study, actors=actors, ties=ties, strict=False)
    return print_input_report(network, strict=strict, lang=lang)


def print_input_report(network: Any, *, strict: bool = True, lang: str | None = None):
    """Print the row accounting of a network read from files, as every command that
    reads data prints it (``tramas --quiet`` drops it, ``tramas --verbose`` lists every
    problem); with ``strict``, raise :class:`ValidationFailed` when it has errors."""
    from tramas.ingest.report import print_report

    record_input(network)
    if not _state["quiet"]:
        print_report(
            network.report,
            console,
            limit=None if _state["verbose"] else 10,
            lang=use_lang(lang, network),
        )
    use_lang(lang, network)
    if strict and network.report.errors:
        failed = ValidationFailed(network.report)
        failed.printed = not _state["quiet"]  # type: ignore[attr-defined]  # listed above
        raise failed
    return network


def scale_file(
    study: Path | None, neo4j: str | None, ties: list[Path] | None, scale: bool, usage: str
) -> Path | None:
    """The tie file a command reads in scale mode, or ``None``: what
    :func:`tramas.metrics.scale.scale_ties_file` decides for its options (``--scale``
    forces it)."""
    from tramas.metrics.scale import scale_ties_file

    return scale_ties_file(ties, study=study, neo4j=neo4j, scale=scale or None, usage=usage)


@contextlib.contextmanager
def scale_rejections() -> Iterator[None]:
    """Around a scale-mode read: rows rejected as errors
    (:class:`tramas.ingest.scale.ScaleRejected`) are listed by reason with examples on
    stderr, then the error goes on to :func:`handle_errors` (exit status 1), as the
    survey path's ``ValidationFailed`` does."""
    from tramas.ingest.scale import ScaleRejected

    try:
        yield
    except ScaleRejected as exc:
        for line in exc.report.lines(_state["lang"]):
            err_console.print(line, highlight=False, markup=False, soft_wrap=True)
        raise


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


# ---------------------------------------------------------------- options of several commands
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed",
        help="Seed of every random step (community detection, sampling, layout, QAP, random "
        "networks): the same seed gives the same result.",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of what the command prints and writes: es or en (default: the "
        "study's, else TRAMAS_LANG, else en).",
    ),
]
RelationOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--relation",
        help="Only this relation; repeatable (default: every relation, merged where the "
        "command analyses).",
    ),
]
WaveOpt = Annotated[
    str | None,
    typer.Option("--wave", help="Survey wave, or 'all' for every wave (default: the latest)."),
]
CompareOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--compare",
        help="Two waves to compare: give it twice, baseline first (--compare 2023 --compare "
        "2025, or --compare 2023,2025).",
    ),
]
ScaleOpt = Annotated[
    bool,
    typer.Option(
        "--scale",
        "--large",
        help="Read one big --ties file (CSV/Parquet, supplier → buyer, relation 'trade') "
        "with the streaming reader, problems counted, no --actors needed and no survey "
        "model. Automatic for Parquet and CSV files above 40 MB.",
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output: table, csv or json.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write the csv or json output to this file.")
]
SheetOpt = Annotated[
    str | None,
    typer.Option("--sheet", help="Sheet to read from an Excel workbook (default: the first)."),
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
    """One ``written PATH`` line per file a command wrote (each noted for the command's
    ``manifest.json``, see :func:`record_written`)."""
    from rich.markup import escape

    paths = list(paths)
    record_written(paths)
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
    record_input(network, source={"neo4j": neo4j, "uri": uri, "database": database})
    if not _state["quiet"]:
        console.print(network_line("cli.read_neo4j", network), highlight=False, markup=False)
    return network


def network_line(key: str, network: Any) -> str:
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


def open_store(uri: str | None, user: str | None, database: str | None):
    """The :class:`tramas.neo4j.Neo4jStore` of the connection options (password from
    ``NEO4J_PASSWORD`` only); the driver's log records reach stderr only with ``--debug``."""
    from tramas.neo4j.connection import driver_logging
    from tramas.neo4j.store import Neo4jStore

    driver_logging(bool(_state["debug"]))
    return Neo4jStore(uri, user=user, database=database)
