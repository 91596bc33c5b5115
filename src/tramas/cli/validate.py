"""``tramas validate``, ``tramas sample`` and ``tramas demo``: checking an input, the
bundled sample survey, and the whole job run on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tramas.cli.common import (
    ActorsOpt,
    LangOpt,
    ScaleOpt,
    StudyOpt,
    TiesOpt,
    _state,
    check_input,
    console,
    err_console,
    handle_errors,
    network_line,
    say,
    scale_file,
    scale_rejections,
    use_lang,
)

__all__ = ["demo", "sample", "validate"]


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
    scale: ScaleOpt = False,
) -> None:
    """Check the input: every problem with its file, row and column; every row accounted for.

    Exits with status 1 when there are errors; warnings (non-respondents, isolates,
    duplicate ties merged, unresolved names) do not fail. A tie file that analyze and
    map read in scale mode (--scale, Parquet, or a CSV above 40 MB) is checked by the
    same streaming reader, with the same rules and the same outcome.
    """
    from tramas.ingest import load
    from tramas.ingest.report import print_report
    from tramas.ingest.review import review_message, write_review

    use_lang(None)
    big = scale_file(
        study, None, ties, scale, "tramas validate --ties ties.parquet [--actors actors.csv]"
    )
    if big is not None:
        _validate_scale(big, actors)
        return
    check_input(study, actors, None)
    network = load(study=study, actors=actors, ties=ties, strict=False)
    lang = use_lang(None, network)
    if not _state["quiet"] or network.report.errors:
        print_report(
            network.report,
            console,
            limit=None if all_issues or _state["verbose"] else 30,
            lang=lang,
        )
    written = write_review(network.report, review) if review is not None else None
    message = review_message(network.report, written, study=study, lang=lang)
    if message and (written is not None or not _state["quiet"]):
        console.print(message, highlight=False, markup=False, soft_wrap=True)
    if network.report.errors:
        raise typer.Exit(1)
    console.print(network_line("cli.valid", network), highlight=False)


def _validate_scale(path: Path, actors: Path | None) -> None:
    """``validate`` of a scale-mode tie file: the streaming reader's accounting, each
    reason with examples; exit status 1 when rows were rejected as errors."""
    from rich.markup import escape

    from tramas.ingest.scale import ScaleRejected, read_scale_file
    from tramas.locale import join

    lang = _state["lang"]
    with scale_rejections():
        ties, report = read_scale_file(path, actors=actors, relation="trade")
        if report.n_errors:
            raise ScaleRejected(report)
    if not _state["quiet"]:
        for line in report.lines(lang):
            console.print(line, highlight=False, markup=False, soft_wrap=True)
    console.print(
        say(
            "cli.valid_scale",
            file=escape(str(path)),
            ties=report.loaded,
            relations=escape(join(ties.relations, lang)) or say("cli.none"),
            waves=escape(join(ties.waves, lang)) or say("cli.none"),
        ),
        highlight=False,
    )


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


@handle_errors
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for everything the demo writes.")
    ] = Path("tramas-demo"),
    lang: LangOpt = "es",
) -> None:
    """Run the main job end to end on the bundled sample, with no database server.

    The demo speaks Spanish unless --lang en.
    """
    from tramas.demo import run_demo

    run_demo(out, console=console, lang=use_lang(lang))
