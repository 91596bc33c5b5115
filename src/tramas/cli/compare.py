"""``tramas compare``: two survey waves side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tramas.cli.common import (
    ActorsOpt,
    RawCsvOpt,
    RelationOpt,
    SeedOpt,
    StudyOpt,
    TiesOpt,
    _state,
    console,
    handle_errors,
    load_input,
    print_written,
    say,
)

__all__ = ["compare"]


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
    relation: RelationOpt = None,
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
    seed: SeedOpt = 42,
    change_map: Annotated[
        bool,
        typer.Option(
            "--map/--no-map",
            help="Also write OUT/change_map.html: the ties of both waves coloured new, "
            "dissolved and stable (see docs/maps.md).",
        ),
    ] = True,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Compare two survey waves: new, dissolved and stable ties, new bridges, actors that changed."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.locale import format_number, label
    from tramas.metrics.change import compare_waves

    network = load_input(study, actors, ties)
    lang = _state["lang"]
    result = compare_waves(
        network,
        waves=wave or None,
        relations=relation or None,
        internal_only=internal_only,
        permutations=permutations,
        seed=seed,
    )
    paths = result.write(out, safe=not raw_csv)
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
