"""``tramas db``: a study in Neo4j — load, pull, status, drop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    ActorsOpt,
    DatabaseOpt,
    RawCsvOpt,
    RelationOpt,
    ScaleOpt,
    StudyOpt,
    TiesOpt,
    UriOpt,
    UserOpt,
    _state,
    _step_text,
    check_input,
    console,
    err_console,
    handle_errors,
    open_store,
    print_input_report,
    print_written,
    record_input,
    say,
    scale_rejections,
    use_lang,
)
from tramas.exceptions import TramasError

__all__ = ["db_app"]

db_app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="Neo4j: load a study into a graph teams share, read it back, count what it holds, "
    "drop a study. Connection: --uri/--user/--database or NEO4J_URI, NEO4J_USER, "
    "NEO4J_PASSWORD, NEO4J_DATABASE (the password is never printed).",
)


def _resume_command(
    study: Path | None,
    actors: Path | None,
    ties: list[Path] | None,
    uri: str | None,
    user: str | None,
    database: str | None,
    batch_size: int,
    resume_from: int | None,
    scale: bool = False,
    replace: bool = False,
) -> str:
    """The ``tramas db load`` command that resumes (``resume_from``) or, with
    ``replace``, rebuilds the load."""
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
    parts += ["--batch-size", str(batch_size)]
    if resume_from is not None:
        parts += ["--resume-from", str(resume_from)]
    if replace:
        parts.append("--replace")
    return shlex.join(parts)


LockTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        help="Seconds to wait while another load of the same study is running (0: refuse "
        "at once). A load killed without releasing its lock is taken over 30 s after its "
        "last heartbeat.",
        min=0,
    ),
]


def _on_wait(holder: Any) -> None:
    """The line saying whose load of the study this one waits for."""
    from rich.markup import escape

    console.print(
        say(
            "cli.db.waiting",
            study=escape(holder.study),
            started=escape(holder.started),
            who=escape(holder.who),
        ),
        highlight=False,
    )


def _fail(exc: TramasError, status: int) -> None:
    """Print an error the way :func:`handle_errors` does, and exit with ``status``."""
    from rich.markup import escape

    from tramas.locale.errors import error_text, hint_text

    lang = _state["lang"]
    err_console.print(say("cli.error", text=escape(error_text(exc, lang))), highlight=False)
    hint = hint_text(exc, lang)
    if hint:
        err_console.print(say("cli.hint", text=escape(hint)), highlight=False)
    raise typer.Exit(status)


def _interrupted(exc: Any, command: str) -> TramasError:
    """The CLI's error for a :class:`~tramas.neo4j.load.LoadInterrupted`: what Neo4j
    holds, counted in the database or from the acknowledged batches, and the command
    that resumes."""
    from tramas.locale.errors import error_text

    reason = error_text(exc.cause, _state["lang"]) if exc.cause is not None else exc.reason
    values = {
        "study": exc.study,
        "reason": reason,
        "committed": exc.committed if exc.committed is not None else 0,
        "total": exc.ties_total,
        "command": command,
    }
    if exc.cancelled:
        code = "load_cancelled"
        message = f"loading study {exc.study!r} interrupted (Ctrl-C)"
    else:
        code = "load_stopped"
        message = f"loading study {exc.study!r} stopped ({reason})"
    if exc.committed is None:
        code += "_uncounted"
    elif exc.counted != "database":
        code += "_acknowledged"
    if exc.committed is not None:
        message += f"; Neo4j holds {exc.committed:,} of the {exc.ties_total:,} ties"
    return TramasError(message, hint=f"resume with: {command}", code=code, values=values)


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
    scale: ScaleOpt = False,
    lock_timeout: LockTimeoutOpt = 600.0,
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
    (type = relation in upper case); see docs/graph-model.md. One load of a study runs at
    a time: a second one waits for it (--lock-timeout). Ctrl-C stops the load after the
    batches in flight, says how many ties Neo4j holds and the command that resumes
    (exit status 130).
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
    try:
        network = _db_input(study, actors, ties, scale)
        if bulk:
            _db_bulk_load(network, uri, user, database, replace, neo4j_home, lock_timeout)
            return
    except KeyboardInterrupt:
        _fail(TramasError("interrupted: nothing was loaded", code="load_cancelled_early"), 130)
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

    def command(resume: int | None, rebuild: bool = False) -> str:
        return _resume_command(
            study, actors, ties, uri, user, database, batch_size, resume, scale, rebuild
        )

    try:
        with open_store(uri, user, database) as store, progress:
            result = store.load(
                network,
                batch_size=batch_size,
                replace=replace,
                resume_from=resume_from,
                workers=workers,
                progress=report,
                lock_timeout=lock_timeout,
                on_wait=_on_wait,
            )
    except LoadInterrupted as exc:
        _fail(_interrupted(exc, command(exc.resume_from)), 130 if exc.cancelled else 1)
    except KeyboardInterrupt:  # waiting for the lock, or connecting: nothing written
        _fail(TramasError("interrupted: nothing was loaded", code="load_cancelled_early"), 130)
    except TramasError as exc:
        if exc.code == "load_ties_excess":
            fix = command(None, rebuild=True)
            raise TramasError(
                exc.message,
                hint=f"rebuild the study from the data: {fix}",
                code="db_load_excess",
                values={
                    "study": exc.values["study"],
                    "counts": exc.values["counts"],
                    "command": fix,
                },
            ) from None
        raise
    from tramas.locale import format_number, texts

    lang = _state["lang"]
    _print_loaded("cli.db.loaded", result, store)
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


def _print_loaded(key: str, result: Any, store: Any) -> None:
    """The line saying what a load (online or bulk) put into the study."""
    from rich.markup import escape

    console.print(
        say(
            key,
            study=escape(result.study),
            uri=escape(store.uri),
            actors=result.actors,
            ties=result.ties,
            types=escape(_type_counts(result.ties_by_type)),
        ),
        highlight=False,
    )


def _type_counts(counts: dict[str, int]) -> str:
    """``KNOWLEDGE 1,234, TRADE 56``: ties per relationship type, numbers in the
    command's language."""
    from tramas.locale import format_number

    return ", ".join(f"{t} {format_number(n, _state['lang'], 'int')}" for t, n in counts.items())


def _db_input(study: Path | None, actors: Path | None, ties: list[Path] | None, scale: bool):
    """The network `db load` writes, read as :func:`tramas.neo4j.read_study_input`
    decides (the survey ingest, or the streaming reader for one big tie file), with its
    accounting printed."""
    from rich.markup import escape

    from tramas.neo4j.store import read_study_input

    check_input(study, actors, ties, ties_alone=True)
    usage = "tramas db load --ties ties.parquet [--actors firms.csv] --bulk"
    with console.status(say("cli.status.reading")):
        network, report = read_study_input(
            study, actors=actors, ties=ties, scale=scale or None, usage=usage
        )
    if report is None:
        return print_input_report(network)
    from tramas.ingest.scale import ScaleRejected

    record_input(load=report.to_dict())
    with scale_rejections():  # refused as the survey path's ValidationFailed is
        if report.n_errors:
            raise ScaleRejected(report)
    for line in report.lines(_state["lang"]):
        console.print(escape(line), highlight=False)
    return network


def _db_bulk_load(
    network: Any,
    uri: str | None,
    user: str | None,
    database: str | None,
    replace: bool,
    neo4j_home: Path | None,
    lock_timeout: float = 600.0,
) -> None:
    from rich.markup import escape

    from tramas.neo4j.server import find_local_server

    server = find_local_server(neo4j_home) if neo4j_home else None
    with open_store(uri, user, database) as store, console.status(say("cli.status.bulk")) as status:
        result = store.bulk_load(
            network,
            server=server,
            replace=replace,
            progress=lambda stage: status.update(
                say("cli.status.bulk_stage", stage=_step_text(stage))
            ),
            lock_timeout=lock_timeout,
            on_wait=_on_wait,
        )
    from tramas.locale import format_number

    lang = _state["lang"]
    _print_loaded("cli.db.bulk_loaded", result, store)
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
    relation: RelationOpt = None,
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
    with open_store(uri, user, database) as store:
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
    with open_store(uri, user, database) as store:
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
    with open_store(uri, user, database) as store:
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
