"""``tramas identify``: candidate clusters in economic data before any survey."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    LangOpt,
    RawCsvOpt,
    SeedOpt,
    SheetOpt,
    console,
    handle_errors,
    print_written,
    say,
    use_lang,
)

__all__ = ["identify_app"]

identify_app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="Find candidate clusters in economic data before any survey: location quotients "
    "(region × sector tables) and input–output linkages (sector × sector flows).",
)


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
    sheet: SheetOpt = None,
    top: Annotated[int, typer.Option("--top", help="How many candidates to print.")] = 15,
    raw_csv: RawCsvOpt = False,
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
    path = result.write(out, safe=not raw_csv)
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
    seed: SeedOpt = 42,
    sheet: SheetOpt = None,
    lang: LangOpt = None,
    raw_csv: RawCsvOpt = False,
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
    paths = result.write(out, lang=lang, safe=not raw_csv)
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
