"""Interactive network maps: one self-contained HTML file per map.

:func:`write_map` draws a :class:`~tramas.graph.Network` as an interactive vis-network
page that opens offline by double click: vis-network (from the copy pyvis ships) and
every script and style are inside the file, positions are computed in Python with igraph
(:mod:`tramas.viz.layout`) and physics is off, so thousands of actors appear at once.

What a map shows
    Actors coloured by sub-cluster (default; communities of two or more actors, those
    alone in their community grey), kind, cognitive role or any attribute;
    sized by a measure (default degree); shaped by kind (firm, institution, external
    actor). Ties coloured by relation, dashed when they touch an external actor, as wide
    as their weight, with arrows on directed relations. A legend for each encoding,
    tooltips (actor: name, kind, size, location, key measures; tie: relation, wave,
    weight), a relation filter, a search box and a physics toggle.
Modes
    ``actors`` (every selected actor), ``ego`` (an actor and its neighbourhood up to
    ``radius`` steps) and ``community`` — chosen automatically above
    ``community_threshold`` actors: one node per community sized by its members, ties
    counted between communities.
Change maps
    ``compare=("2023", "2025")`` (or ``comparison=`` a finished
    :class:`~tramas.metrics.change.WaveComparison`) draws the ties of both waves, coloured
    new, dissolved and stable, with new bridges between baseline communities haloed and
    entering or leaving actors ringed (:mod:`tramas.viz.change_map`), in any mode.
Anonymised maps
    Names, ids and municipalities are replaced by the stable codes of
    :func:`tramas.graph.anonymize.anonymize_ids`, the same codes the reports use.

Survey text never reaches the page as markup: the data travel as JSON inside a
``<script type="application/json">`` block (``<`` escaped) and the page builds tooltips
with ``textContent``; the page's Content-Security-Policy allows only its own scripts.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.network import Network, NetworkView
from tramas.metrics.communities import actor_subcluster_names, subcluster_names, subclusters
from tramas.viz.actor_map import actor_map
from tramas.viz.change_map import (
    ChangeLayer,
    change_layer,
    change_statuses,
    union_view,
)
from tramas.viz.community_map import community_map
from tramas.viz.encodings import (
    DEFAULT_PALETTE,
    display_text,
)
from tramas.viz.filters import wave_slider
from tramas.viz.labels import text
from tramas.viz.layout import LAYOUTS, Layout
from tramas.viz.notebook import MapView, iframe, to_pyvis
from tramas.viz.page import MapPage, Mode, render_page
from tramas.viz.ties import TIE_COLORS

if TYPE_CHECKING:
    from tramas.metrics.change import WaveComparison

__all__ = [
    "DEFAULT_COMMUNITY_THRESHOLD",
    "MapPage",
    "MapResult",
    "build_map",
    "map_network",
    "show_map",
    "write_map",
]

DEFAULT_COMMUNITY_THRESHOLD = 2000


@dataclass(frozen=True)
class MapResult:
    """A written map and how it was made.

    Attributes
    ----------
    path:
        The HTML file.
    n_nodes, n_edges:
        Nodes and ties drawn (communities and aggregated ties in a community map).
    mode:
        ``actors``, ``ego`` or ``community``.
    message:
        What the user should know (community map instead of actors, actors without
        coordinates, anonymisation, the changes a change map shows); empty when nothing.
    n_bytes:
        File size.
    parameters:
        The arguments that made the map (relations, wave or compared waves, encodings,
        layout, seed...).
    """

    path: Path
    n_nodes: int
    n_edges: int
    mode: Mode
    message: str
    n_bytes: int
    parameters: dict[str, Any] = field(default_factory=dict)
    page: MapPage | None = field(default=None, repr=False, compare=False)

    def _repr_html_(self) -> str:
        """The written page, inline in a notebook (:func:`tramas.viz.notebook.iframe`)."""
        return iframe(self.path.read_text(encoding="utf-8"))

    def to_pyvis(self, **options: Any) -> Any:
        """The map as a :class:`pyvis.network.Network` (:func:`tramas.viz.notebook.to_pyvis`)."""
        if self.page is None:
            raise TramasError(
                "this map result holds no page to convert",
                hint="make the map with tramas.write_map or tramas.show_map",
                code="map_no_page",
            )
        return to_pyvis(self.page, **options)


# ---------------------------------------------------------------------------- inputs
def _wave_label(network: Network, wave: str | None, lang: str) -> str:
    """The wave a map shows (checked by the model), as its tooltips name it."""
    label = network.select_wave(wave)
    if wave == "all":
        return text(lang, "all_waves")
    return label or ""


def _own_measures(view: NetworkView, *, seed: int, community: bool) -> pd.DataFrame:
    """Degree and (optionally) communities when no analysis is given.

    Degree counts distinct partners over the selected relations (undirected view,
    :func:`tramas.metrics.centrality.degree`); communities are Leiden modularity
    communities numbered 1, 2, ... from the largest (:func:`tramas.metrics.communities.leiden`).
    """
    from tramas.metrics.centrality import degree

    out = pd.DataFrame({"degree": degree(view)})
    if community:
        from tramas.metrics.communities import leiden

        out["community"] = leiden(view, seed=seed).membership
    return out


def _measures(
    combined: NetworkView, given: pd.DataFrame | None, *, seed: int, community: bool
) -> pd.DataFrame:
    if given is None:
        return _own_measures(combined, seed=seed, community=community)
    measures = given.copy()
    measures.index = measures.index.astype(str)
    measures = measures.reindex(combined.ids)
    need_degree = "degree" not in measures
    need_community = community and "community" not in measures
    if need_degree or need_community:
        own = _own_measures(combined, seed=seed, community=need_community)
        for col in own:
            if col not in measures:
                measures[col] = own[col]
    return measures


def _resolve_ego(network: Network, ego: str, codes: dict[str, str] | None) -> str:
    actors = network.actors
    if str(ego) in actors.index:
        return str(ego)
    if codes:
        by_code = {c: i for i, c in codes.items()}
        if str(ego) in by_code:
            return by_code[str(ego)]
    if "name" in actors:
        names = actors["name"].astype("string").str.casefold()
        hit = names[names == str(ego).casefold()]
        if len(hit) == 1:
            return str(hit.index[0])
    pool = [str(i) for i in actors.index]
    if "name" in actors and not codes:
        pool += [str(n) for n in actors["name"].dropna()]
    close = difflib.get_close_matches(str(ego), pool, n=3)
    raise TramasError(
        f"no actor {ego!r} for the ego map",
        hint=("did you mean: " + ", ".join(close))
        if close
        else "give an actor id or its exact name",
        code="map_no_ego" if close else "map_no_ego_id",
        values={"ego": ego, "close": ", ".join(close)},
    )


def build_map(
    network: Network,
    *,
    measures: pd.DataFrame | None = None,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    color_by: str = "community",
    size_by: str | None = "degree",
    layout: Layout = "force",
    ego: str | None = None,
    radius: int = 1,
    anonymize: bool = False,
    anon_key: str | None = None,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    lang: str | None = None,
    seed: int = 42,
    title: str | None = None,
    compare: str | Sequence[str] | None = None,
    comparison: WaveComparison | None = None,
    tie_color: str = "relation",
    palette: str = DEFAULT_PALETTE,
    positions: str | Path | None = None,
    basemap: str | Path | None = None,
) -> MapPage:
    """Everything a map shows, ready to render (see :func:`write_map` for the parameters)."""
    lang = lang or network.study.lang or "en"
    text(lang, "legend")  # validates the language
    basemap = basemap if basemap is not None else network.study.basemap
    if layout not in LAYOUTS:
        raise TramasError(
            f"unknown layout {layout!r}",
            hint=f"use one of {', '.join(LAYOUTS)}",
            code="map_layout",
            values={"layout": layout, "known": ", ".join(LAYOUTS)},
        )
    if radius not in (1, 2):
        raise TramasError(
            f"ego radius must be 1 or 2, not {radius!r}",
            code="ego_radius",
            values={"radius": repr(radius)},
        )
    if tie_color not in TIE_COLORS:
        raise TramasError(
            f"unknown tie colour {tie_color!r}",
            hint=f"use one of {', '.join(TIE_COLORS)}",
            code="map_tie_color",
            values={"value": tie_color, "known": ", ".join(TIE_COLORS)},
        )
    if community_threshold < 1:
        raise TramasError(
            "the community-map threshold must be a positive number of actors", code="map_threshold"
        )
    rels = network.select_relations(relation)
    change: ChangeLayer | None = None
    wave_view: NetworkView | None = None
    if compare is not None or comparison is not None:
        if wave is not None:
            raise TramasError(
                "a change map shows two waves: give the waves to compare or one wave, not both",
                hint="drop --wave when using --compare",
                code="map_compare_and_wave",
            )
        change = change_layer(
            network,
            compare=compare,
            comparison=comparison,
            relations=None if relation is None else rels,
            seed=seed,
        )
        rels = list(change.relations)
        wave_label = text(lang, "wave_range", a=change.wave_a, b=change.wave_b)
        combined = union_view(network, change)
    else:
        wave_label = _wave_label(network, wave, lang)
        combined = network.view(rels, wave=wave, directed=False)
        if wave_slider(network) and combined.n_actors <= community_threshold:
            # the wave slider shows every wave's ties over one layout, that of their union;
            # sizes and colours stay those of the map's wave
            combined, wave_view = network.view(rels, wave="all", directed=False), combined
    codes = (
        anonymize_ids(network.actors, key=network.study.key if anon_key is None else anon_key)
        if anonymize
        else None
    )
    mode: Mode = "actors"
    messages: list[str] = []
    ids = combined.ids
    ego_id = None
    if ego is not None:
        ego_id = _resolve_ego(network, ego, codes)
        v = combined.vertex(ego_id)
        hood = combined.graph.neighborhood(v, order=radius, mode="all")
        ids = combined.ids[sorted(hood)]
        mode = "ego"
    big = len(ids) > community_threshold
    need_community = big or color_by == "community" or layout == "community"
    if change is None:
        analysed = measures
        measures = _measures(wave_view or combined, measures, seed=seed, community=need_community)
        if "community" in measures:
            # maps show sub-clusters (communities of two or more actors), numbered and
            # named as the analysis numbers and names them; actors in none share one grey
            # "no sub-cluster"
            measures["community"] = (
                measures["subcluster"].astype("Int64")
                if "subcluster" in measures
                else subclusters(measures["community"])
            )
            if analysed is not None and "subcluster" in analysed:
                # the analysis' own actors and numbers: the names of its communities.csv
                named = analysed.set_axis(analysed.index.astype(str))
                names = subcluster_names(
                    named, named["subcluster"], lang=lang, anonymize=codes is not None
                )
            else:
                names = subcluster_names(
                    combined.actors, measures["community"], lang=lang, anonymize=codes is not None
                )
            measures["subcluster_name"] = actor_subcluster_names(
                measures["community"], names, lang=lang
            )
    else:
        # a change map's communities are the baseline's (those that define new bridges)
        # and its degree counts partners in either wave
        given = (
            None
            if measures is None
            else measures.drop(columns=["community", "degree"], errors="ignore")
        )
        measures = _measures(combined, given, seed=seed, community=False)
        baseline = change.baseline.reindex(measures.index)
        if pd.api.types.is_integer_dtype(change.baseline.dtype):
            baseline = baseline.astype("Int64")
        measures["community"] = baseline
        if pd.api.types.is_integer_dtype(change.baseline.dtype):
            # baseline sub-clusters named as the analysis of the baseline wave names them
            # (its view holds the study's actors; the report's change section alike); a
            # partition given by an attribute keeps its own labels
            names = subcluster_names(
                network.actors, change.baseline, lang=lang, anonymize=codes is not None
            )
            measures["subcluster_name"] = actor_subcluster_names(baseline, names, lang=lang)
    if ego_id is not None:
        ego_name = (
            codes[ego_id]
            if codes
            else display_text(
                network.actors.at[ego_id, "name"] if "name" in network.actors else ego_id
            )
            or ego_id
        )
        messages.append(text(lang, "ego_map", name=ego_name, radius=radius, n=len(ids)))
    common = {
        "rels": rels,
        "wave": wave,
        "layout": layout,
        "seed": seed,
        "lang": lang,
        "codes": codes,
        "change": change,
        "palette": palette,
    }
    if big:
        mode = "community"
        data, legend, relations, names, extra = community_map(
            network, combined, ids, measures, **common
        )
        n_comm = len(data["nodes"])
        messages.insert(
            0,
            text(
                lang,
                "community_map",
                n_actors=len(ids),
                threshold=community_threshold,
                n_communities=n_comm,
            ),
        )
    else:
        data, legend, relations, names, extra = actor_map(
            network,
            combined,
            ids,
            measures,
            color_by=color_by,
            size_by=size_by,
            ego=ego_id,
            tie_color=tie_color,
            positions_file=positions,
            basemap=basemap,
            **common,
        )
    messages += extra
    if anonymize:
        messages.append(text(lang, "anonymized"))
    data.update(
        {
            "mode": mode,
            "lang": lang,
            "wave": wave_label,
            "relations": relations,
            "edgeFields": [text(lang, k) for k in ("f_relation", "f_wave", "f_weight", "f_ties")],
            "text": {k: text(lang, k) for k in ("not_found", "found_in_community")},
            "anonymized": bool(anonymize),
        }
    )
    heading = title or network.study.title or text(lang, "page_title")
    if change is not None and not title:
        heading = f"{heading} — {text(lang, 'change_heading', a=change.wave_a, b=change.wave_b)}"
    return MapPage(
        title=heading,
        lang=lang,
        mode=mode,
        messages=tuple(messages),
        data=data,
        legend=tuple(s for s in legend if s is not None),
        relations=tuple(relations),
        search_names=tuple(dict.fromkeys(names)),
        n_nodes=len(data["nodes"]),
        n_edges=len(data["edges"])
        if "waves" not in data  # with the wave slider: the ties of the wave it starts on
        else data["waves"]["edgeWave"].count(data["waves"]["initial"]),
        statuses=change_statuses(lang) if change is not None else (),
    )


def show_map(network: Network, **options: Any) -> MapView:
    """Build a map of ``network`` for a notebook (options as :func:`tramas.viz.maps.write_map`).

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B"]}, index=["a", "b"])
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"})
    >>> view = show_map(Network(actors, ties))
    >>> view.page.n_nodes, view._repr_html_().startswith("<iframe")
    (2, True)
    """
    page = build_map(network, **options)
    return MapView(page=page, html=render_page(page))


def write_map(
    network: Network,
    out: str | Path,
    *,
    measures: pd.DataFrame | None = None,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    color_by: str = "community",
    size_by: str | None = "degree",
    layout: Layout = "force",
    ego: str | None = None,
    radius: int = 1,
    anonymize: bool = False,
    anon_key: str | None = None,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    lang: str | None = None,
    seed: int = 42,
    title: str | None = None,
    compare: str | Sequence[str] | None = None,
    comparison: WaveComparison | None = None,
    tie_color: str = "relation",
    palette: str = DEFAULT_PALETTE,
    positions: str | Path | None = None,
    basemap: str | Path | None = None,
) -> MapResult:
    """Write an interactive, self-contained HTML map of a network.

    Parameters
    ----------
    network:
        The study's network.
    out:
        The HTML file to write (folders are created).
    measures:
        Actor measures indexed by actor id, e.g. ``AnalysisResult.actors`` from
        :mod:`tramas.metrics` (columns ``community``, ``cognitive_role``, ``degree``,
        ``betweenness``, ``pagerank``, ...). Missing ``degree`` and, when needed,
        ``community`` are computed (degree over the selected relations; Leiden modularity
        communities with ``seed``).
    relation:
        Relation(s) to draw; default all. The page can hide each one.
    wave:
        Survey wave, ``"all"``, or ``None`` for the latest.
    color_by:
        ``community`` (default), ``kind``, ``cognitive_role``, or any measure or actor
        attribute (numeric attributes with many values get a gradient).
    size_by:
        A numeric measure or attribute (default ``degree``); ``None`` for equal sizes.
    layout:
        ``force`` (default), ``geo`` (from ``lat``/``lon``) or ``community``.
    ego, radius:
        Draw only this actor (id, exact name, or code in anonymised maps) and the actors
        up to ``radius`` (1 or 2) steps away, over the selected relations.
    anonymize:
        Replace names, ids and municipalities by stable codes
        (:func:`tramas.graph.anonymize.anonymize_ids`).
    anon_key:
        Key of the codes; default the study key. Use the same key as the reports.
    community_threshold:
        Above this many actors the map shows communities instead of actors.
    lang:
        ``en`` or ``es``; default the study's language.
    seed:
        Seed of the layout and of the communities computed here.
    title:
        Page heading; default the study title.
    compare:
        Two waves, baseline first (``("2023", "2025")`` or ``"2023,2025"``): draw a
        **change map** — the ties of both waves, coloured new (green), dissolved (red,
        dashed) and stable (grey), new bridges between baseline communities with a yellow
        halo, actors that entered or left ringed. Colour ``community`` is then the
        baseline's communities, size ``degree`` the partners in either wave, and
        ``measures`` (other than community and degree) should describe the later wave.
        Excludes ``wave``. See :mod:`tramas.viz.change_map`.
    comparison:
        A finished :func:`tramas.metrics.change.compare_waves` result to draw as a change
        map (its waves, relations, statuses and bridges), instead of ``compare``.
    tie_color:
        ``relation`` (default: every tie in its relation's colour) or ``governance``:
        the value-chain (trade) ties coloured by the governance derived from the survey
        evidence (:func:`tramas.metrics.governance.tie_governance`: market, network,
        quasi-hierarchy, hierarchy, or Gereffi's five types, grey when unknown), with a
        legend and the governance in each tie's tooltip. Actor and ego maps only (a
        change map colours ties by their change, a community map aggregates them).
    palette:
        Colour palette of categorical encodings (sub-clusters, kinds, relations):
        one of :data:`tramas.viz.encodings.PALETTES`; the default is safe for colour-blind
        readers.
    positions:
        A layout JSON saved from a map ("save layout"): actors found in it keep those
        positions, the others are placed by ``layout``.
    basemap:
        A GeoJSON file of boundaries (municipalities, regions) drawn under the nodes of a
        ``geo`` layout, offline.

    Returns
    -------
    MapResult
        Where the map is, what it holds, and the message to show the user.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"]}, index=["a", "b", "c"])
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "trade"})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> result = write_map(Network(actors, ties), out)
    >>> result.n_nodes, result.n_edges, result.mode
    (3, 2, 'actors')

    A change map of two waves:

    >>> ties["wave"] = ["2023", "2025"]
    >>> result = write_map(Network(actors, ties), out, compare=("2023", "2025"))
    >>> result.n_edges, result.parameters["compare"]
    (2, ('2023', '2025'))
    """
    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm"):
        raise TramasError(
            f"the map file must end in .html: {path}",
            hint="e.g. --out map.html",
            code="map_suffix",
            values={"path": str(path)},
        )
    page = build_map(
        network,
        measures=measures,
        relation=relation,
        wave=wave,
        color_by=color_by,
        size_by=size_by,
        layout=layout,
        ego=ego,
        radius=radius,
        anonymize=anonymize,
        anon_key=anon_key,
        community_threshold=community_threshold,
        lang=lang,
        seed=seed,
        title=title,
        compare=compare,
        comparison=comparison,
        tie_color=tie_color,
        palette=palette,
        positions=positions,
        basemap=basemap,
    )

    html = render_page(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return MapResult(
        path=path,
        n_nodes=page.n_nodes,
        n_edges=page.n_edges,
        mode=page.mode,
        message=" ".join(page.messages),
        n_bytes=path.stat().st_size,
        page=page,
        parameters={
            "relations": tuple(r["key"] for r in page.relations),
            "wave": page.data["wave"],
            "color_by": color_by,
            "size_by": size_by,
            "layout": layout,
            "ego": ego,
            "radius": radius,
            "anonymize": anonymize,
            "community_threshold": community_threshold,
            "lang": page.lang,
            "seed": seed,
            "compare": tuple(page.data["change"]["waves"]) if "change" in page.data else None,
            "tie_color": tie_color,
            "palette": palette,
            "positions": None if positions is None else str(positions),
            "basemap": None if basemap is None else str(basemap),
        },
    )


def map_network(
    network: Network,
    out: str | Path,
    *,
    measures: pd.DataFrame | None = None,
    analyse: bool = True,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    compare: str | Sequence[str] | None = None,
    community_threshold: int = DEFAULT_COMMUNITY_THRESHOLD,
    lang: str | None = None,
    seed: int = 42,
    progress: Callable[[str, int, int], None] | None = None,
    **options: Any,
) -> MapResult:
    """Analyse the network when it helps, then draw it: what ``tramas map`` does.

    Without ``measures``, a map of at most ``community_threshold`` actors is coloured
    and sized by the full analysis (:func:`tramas.metrics.analysis.analyze`: roles,
    consensus communities, centralities) of the drawn relations and wave — for a change
    map, of the later wave. Larger networks are drawn as communities, with degree and
    Leiden communities only (:func:`write_map`).

    Parameters
    ----------
    network, out, relation, wave, compare, community_threshold, lang, seed:
        As for :func:`write_map`; ``compare`` is checked first (two known waves).
    measures:
        Actor measures to draw instead of analysing.
    analyse:
        ``False`` draws with degree and Leiden communities only, whatever the size.
    progress:
        ``progress(step, done, total)`` with steps ``analysis`` and ``maps``.
    **options:
        Passed to :func:`write_map` (``color_by``, ``size_by``, ``layout``, ``ego``,
        ``radius``, ``anonymize``, ``anon_key``, ``title``, ``tie_color``).

    Returns
    -------
    MapResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tramas.sample import sample_dir
    >>> from tramas.ingest import load
    >>> network = load(sample_dir() / "study.toml")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> map_network(network, out, seed=1).mode
    'actors'
    """
    from tramas.metrics.change import compared_waves

    compared = compared_waves(network, compare) if compare else None
    if (
        measures is None
        and analyse
        and len(network.actors) <= community_threshold
        and not (compared and wave is not None)  # write_map refuses the pair
    ):
        from tramas.metrics.analysis import analyze

        if progress is not None:
            progress("analysis", 0, 2)
        measures = analyze(
            network,
            relations=relation or None,
            wave=compared[1] if compared else wave,
            lang=lang,
            seed=seed,
        ).actors
    if progress is not None:
        progress("maps", 1, 2)
    return write_map(
        network,
        out,
        measures=measures,
        relation=relation or None,
        wave=wave,
        community_threshold=community_threshold,
        lang=lang,
        seed=seed,
        compare=compare or None,
        **options,
    )
