"""``tramas demo``: the main job end to end on the bundled sample, with no database server."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from tramas.ingest import load, print_report
from tramas.sample import sample_dir

__all__ = ["run_demo"]


def run_demo(out: str | Path, *, console: Console | None = None, lang: str = "es") -> list[Path]:
    """Validate the bundled sample and summarise its network; returns the paths written."""
    console = console or Console()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    study = sample_dir() / "study.toml"
    console.rule("[bold]tramas demo[/]: bundled sample cluster survey")
    network = load(study)
    print_report(network.report, console, limit=8)
    console.print(f"[green]valid[/]: {network}")
    written: list[Path] = []
    summary = out / "network-summary.txt"
    summary.write_text(_summary(network), encoding="utf-8")
    written.append(summary)
    console.print(_summary(network), highlight=False)
    console.rule(f"done in {time.perf_counter() - start:.1f} s")
    for path in written:
        console.print(f"wrote [bold]{path}[/]")
    return written


def _summary(network) -> str:  # noqa: ANN001
    lines = [f"study: {network.study.key} — {network.study.title}"]
    actors = network.actors
    lines.append(
        f"actors: {len(actors)} ({int(actors['internal'].sum())} in the cluster, "
        f"{int(actors['respondent'].sum())} respondents)"
    )
    for kind, n in actors["kind"].value_counts().items():
        lines.append(f"  {kind}: {n}")
    for rel in network.relations:
        for wave in network.waves:
            v = network.view(rel, wave=wave)
            lines.append(f"{rel} (wave {wave}): {v.n_ties} ties, directed={v.directed}")
    return "\n".join(lines) + "\n"
