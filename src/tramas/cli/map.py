"""``tramas map``: an interactive network map, one HTML file that works offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    ActorsOpt,
    AnonKeyOpt,
    AnonymizeOpt,
    CompareOpt,
    DatabaseOpt,
    LangOpt,
    Neo4jOpt,
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
    record_input,
    record_written,
    say,
    scale_file,
    scale_rejections,
    use_lang,
)
from tramas.exceptions import TramasError

__all__ = ["map_"]

#: What the status line says while the map library works on each step.
_STATUS = {"analysis": "cli.status.analysing", "maps": "cli.status.drawing"}


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
    relation: RelationOpt = None,
    wave: WaveOpt = None,
    compare: CompareOpt = None,
    color_by: Annotated[
        str,
        typer.Option(
            "--color-by",
            help="Node colour: community, kind, cognitive_role, or any actor attribute or measure.",
        ),
    ] = "community",
    tie_color: Annotated[
        str,
        typer.Option(
            "--tie-color",
            help="Tie colour: relation (default), or governance (trade ties coloured by "
            "the value-chain governance derived from the survey).",
        ),
    ] = "relation",
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
    palette: Annotated[
        str | None,
        typer.Option(
            "--palette",
            help="Node and tie colours: a palette name (default: the colour-blind-safe one; "
            "an unknown name lists them).",
        ),
    ] = None,
    positions: Annotated[
        Path | None,
        typer.Option(
            "--positions",
            help="Put the actors where a layout file saved by the map's 'Save layout' "
            "button puts them (the others as laid out).",
        ),
    ] = None,
    basemap: Annotated[
        Path | None,
        typer.Option(
            "--basemap",
            help="GeoJSON outlines drawn under a geographic map (--layout geo); default: "
            "the study's basemap.",
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also write a PNG picture of the map (needs Chromium)."),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="Also write an SVG picture of the map (needs Chromium)."),
    ] = None,
    lang: LangOpt = None,
    seed: SeedOpt = 42,
    scale: ScaleOpt = False,
) -> None:
    """Write an interactive network map: one HTML file that works offline.

    Colour, size and shape encode communities, kinds and measures; the page has a legend,
    tooltips, a relation filter, a search box and a physics toggle. With --compare A
    --compare B it is a change map: ties of both waves coloured new, dissolved, stable,
    new bridges and entering/leaving actors marked (excludes --wave). A big --ties file
    (--scale) becomes a community map, or with --ego an ego map. --png / --svg also
    write a picture of the map as headless Chromium draws it.
    """
    from rich.markup import escape

    from tramas.viz.encodings import DEFAULT_PALETTE, PALETTES
    from tramas.viz.maps import map_network
    from tramas.viz.scale_map import map_scale_file

    if palette is not None and palette not in PALETTES:
        known = ", ".join(PALETTES)
        use_lang(lang)
        raise TramasError(
            f"unknown palette {palette!r}",
            hint=f"use one of {known}",
            code="map_palette",
            values={"palette": palette, "known": known},
        )
    waves = [w.strip() for item in compare or [] for w in item.split(",") if w.strip()]
    big = scale_file(study, neo4j, ties, scale, "tramas map --ties ties.parquet [--ego ID]")
    if big is not None:
        if waves or layout != "force":
            raise TramasError(
                "--compare and --layout do not apply to a large ties file",
                hint="draw one wave with --wave, or compare the waves with tramas compare "
                "on smaller files",
                code="scale_map_compare",
            )
        use_lang(lang)
        with scale_rejections(), console.status(say("cli.status.scale_map")):
            result = map_scale_file(
                big,
                out,
                actors=actors,
                relations=relation or None,
                wave=wave,
                ego=ego,
                radius=radius,
                community_threshold=community_threshold,
                anonymize=anonymize,
                anon_key=anon_key,
                seed=seed,
                lang=_state["lang"],
            )
        record_input(load=result.parameters.get("load"))
        if result.message:
            console.print(f"[yellow]{escape(result.message)}[/]", highlight=False)
        console.print(_map_line("cli.map_written_scale", result), highlight=False)
        record_written([result.path])
        _pictures(result.path, png, svg)
        return

    network = load_network(
        study, actors, ties, neo4j, uri=uri, user=user, database=database, lang=lang
    )
    with console.status(say("cli.status.drawing")) as status:
        result = map_network(
            network,
            out,
            relation=relation or None,
            wave=wave,
            compare=waves or None,
            color_by=color_by,
            tie_color=tie_color,
            size_by=None if size_by.lower() == "none" else size_by,
            layout=layout,
            ego=ego,
            radius=radius,
            anonymize=anonymize,
            anon_key=anon_key,
            community_threshold=community_threshold,
            lang=lang,
            seed=seed,
            progress=lambda step, done, total: status.update(say(_STATUS[step])),
            palette=palette or DEFAULT_PALETTE,
            positions=positions,
            basemap=basemap,
        )
    if result.message:
        console.print(f"[yellow]{escape(result.message)}[/]", highlight=False)
    console.print(_map_line("cli.map_written", result), highlight=False)
    record_written([result.path])
    _pictures(result.path, png, svg)


def _pictures(html: Path, png: Path | None, svg: Path | None) -> None:
    """Write the pictures asked for with --png / --svg and print their paths."""
    from rich.markup import escape

    from tramas.viz.snapshot import snapshot

    for kind, out in (("png", png), ("svg", svg)):
        if out is None:
            continue
        with console.status(say("cli.status.picture")):
            path = snapshot(html, out, kind)
        console.print(say("cli.map_picture", path=escape(str(path))), highlight=False)
        record_written([path])


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
