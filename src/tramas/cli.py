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


if __name__ == "__main__":  # pragma: no cover
    app()
