"""``tramas diagnose``: value-chain governance, upgrading, cluster type, stage and policy options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    ActorsOpt,
    LangOpt,
    RawCsvOpt,
    SeedOpt,
    StudyOpt,
    TiesOpt,
    _state,
    console,
    handle_errors,
    load_network,
    print_written,
    say,
    step_progress,
)

__all__ = ["diagnose", "print_diagnosis"]


def print_diagnosis(result: Any, lang: str) -> None:
    """Type, stage, fit, governance shares, indicators, policy options and the missing
    evidence of a :class:`~tramas.metrics.DiagnosisResult`, in ``lang``."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tramas.locale import format_number, join, t

    def words(group: str, keys: list[str]) -> str:
        return escape(join([t(f"diagnosis.{group}.{k}", lang) for k in keys], lang))

    for what, part in (("type", result.cluster_type), ("stage", result.stage)):
        undetermined = "_undetermined" if part["key"] == "undetermined" else ""
        console.print(
            say(
                f"cli.diagnose.{what}{undetermined}",
                **{what: escape(t(f"diagnosis.{what}.{part['key']}", lang))},
                fit=t(f"diagnosis.fit.{part['fit']}", lang),
                agree=part["agree"],
                n=part["with_data"],
            ),
            highlight=False,
        )
        for side, key in (("for", "for"), ("against", "against"), ("no_data", "missing")):
            if part.get(key):
                console.print(
                    say(f"cli.diagnose.{side}", items=words("indicator", part[key])),
                    highlight=False,
                )
    gov = result.governance
    if len(gov):
        shares = [
            say(
                "cli.diagnose.share_item",
                label=escape(t(f"governance.{g}", lang))
                if f"governance.{g}" in _texts(lang)
                else escape(str(g)),
                share=format_number(share, lang, "pct0"),
            )
            for g, share in result.governance_shares().items()
        ]
        console.print(
            say("cli.diagnose.shares", n=len(gov), shares=join(shares, lang)), highlight=False
        )
    else:
        console.print(say("cli.diagnose.no_trade"), highlight=False)

    table = Table(title=say("cli.diagnose.indicators"), box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column(say("cli.diagnose.col_indicator"))
    table.add_column(say("cli.diagnose.col_value"), justify="right")
    table.add_column(say("cli.diagnose.col_threshold"), justify="right")
    for name, entry in result.indicators.items():
        threshold = entry["threshold"]
        shown = (
            " – ".join(format_number(x, lang, "dec2") for x in threshold)
            if isinstance(threshold, list | tuple)
            else format_number(threshold, lang, "dec2")
        )
        table.add_row(
            escape(t(f"diagnosis.indicator.{name}", lang)),
            format_number(entry["value"], lang, "int" if name == "lead_firms" else "dec2"),
            shown,
        )
    console.print(table)
    if result.policy:
        console.print(say("cli.diagnose.policy"), highlight=False)
        for option in result.policy:
            console.print(
                say(
                    "cli.diagnose.policy_item",
                    text=escape(t(f"diagnosis.policy.{option['key']}", lang)),
                    source=escape(t(f"diagnosis.source.{option['source']}", lang)),
                ),
                highlight=False,
            )
    if result.missing:
        console.print(
            say("cli.diagnose.missing", items=words("missing", result.missing)), highlight=False
        )
    else:
        console.print(say("cli.diagnose.complete"), highlight=False)


def _texts(lang: str) -> dict[str, str]:
    from tramas.locale import texts

    return texts(lang)


@handle_errors
def diagnose(
    study: StudyOpt = None,
    actors: ActorsOpt = None,
    ties: TiesOpt = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for governance.csv, governance_by_market.csv, upgrading.csv and "
            "diagnosis.json.",
        ),
    ] = Path("tramas-diagnosis"),
    lang: LangOpt = None,
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            help="Governance scheme: humphrey_schmitz (market, network, quasi-hierarchy, "
            "hierarchy) or gereffi (market, modular, relational, captive, hierarchy); "
            "default: the study's, else humphrey_schmitz.",
        ),
    ] = None,
    wave: Annotated[
        str | None,
        typer.Option(
            "--wave", help="Survey wave diagnosed, or 'all' for every wave (default: the latest)."
        ),
    ] = None,
    seed: SeedOpt = 42,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Diagnose a cluster: the governance of each buyer–supplier tie (derived from the
    survey's evidence by documented rules), upgrading by the governance of each firm's
    main chain with Humphrey & Schmitz's expectations tested, the collective efficiency
    profile, the cluster type and stage with their fit, and policy options with their
    sources. Evidence the study lacks is listed, never guessed (docs/diagnosis.md).
    """
    from tramas.metrics.analysis import analyze
    from tramas.metrics.diagnosis import diagnose as run_diagnosis

    network = load_network(study, actors, ties, lang=lang)
    with step_progress("cli.bar.diagnosing") as progress:
        analysis = analyze(
            network,
            wave=None if wave == "all" else wave,
            seed=seed,
            lang=_state["lang"],
            progress=progress,
        )
        result = run_diagnosis(network, analysis, scheme=scheme, wave=wave, seed=seed)
    paths = result.write(out, safe=not raw_csv)
    print_diagnosis(result, _state["lang"])
    print_written(paths)
