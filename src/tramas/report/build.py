"""``tramas report``: one self-contained HTML report of a cluster network, its tables as
CSV and XLSX, and optionally a PDF.

:func:`build_report` renders an :class:`~tramas.metrics.AnalysisResult` (computed here
if not given) into sections (:mod:`tramas.report.findings`, :mod:`~tramas.report.quality`,
:mod:`~tramas.report.overview`, :mod:`~tramas.report.actors`,
:mod:`~tramas.report.subclusters`, :mod:`~tramas.report.linkages`,
:mod:`~tramas.report.change`, :mod:`~tramas.report.value_chains`,
:mod:`~tramas.report.diagnosis`, :mod:`~tramas.report.methodology`). The only computations
of its own are the comparison with random networks (:mod:`tramas.report.null_models`),
the cluster diagnosis of :func:`tramas.metrics.diagnosis.diagnose` (value chains,
governance, upgrading, type and stage: once per report, from the same analysis) and,
when the study has several waves, the wave comparison of
:func:`tramas.metrics.change.compare_waves` that the change section shows.

The HTML loads nothing from outside: styles are inline, charts are inline SVG, and the
interactive map (:func:`tramas.viz.maps.build_map`) — and the change map, when there is
one — is embedded as the ``srcdoc`` of a sandboxed ``iframe``. A Content-Security-Policy
allows no request and no script but the maps' own (by hash). Survey text is escaped
everywhere (Jinja2 autoescape; the map pages escape their own data). The PDF is made by
WeasyPrint from the same template, with a static drawing of the network instead of the
interactive map.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html as html_lib
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

import tramas.locale as i18n
from tramas.exceptions import TramasError
from tramas.graph.anonymize import anonymize_ids
from tramas.graph.network import Network
from tramas.output import write_csv, write_xlsx
from tramas.report.actors import actors_section, smes_section
from tramas.report.change import change_map_html, change_section, wave_comparison
from tramas.report.charts import network_drawing
from tramas.report.content import (
    Chart,
    Column,
    Definitions,
    Items,
    MapBlock,
    Paragraph,
    ReportContext,
    Section,
    Table,
    raw_value,
)
from tramas.report.diagnosis import diagnosis_section
from tramas.report.evidence import Quotes, add_evidence
from tramas.report.findings import findings_section
from tramas.report.linkages import linkages_section
from tramas.report.methodology import methodology_section
from tramas.report.null_models import NullModelComparison, compare_with_random
from tramas.report.overview import overview_section
from tramas.report.quality import quality_section
from tramas.report.subclusters import subcluster_labels, subclusters_section
from tramas.report.value_chains import value_chains_section
from tramas.viz.encodings import DEFAULT_PALETTE, node_colors

__all__ = ["ReportResult", "build_report", "render_report"]

#: Above this many actors the print version shows no static drawing of the network.
STATIC_DRAWING_LIMIT = 3000
#: Above this many actors, betweenness centralisation and path lengths of the random
#: networks (and of the observed network they are compared with) are estimated from
#: :data:`NULL_PIVOTS` random actors, so that 100 random networks take seconds.
NULL_EXACT_LIMIT = 1000
NULL_PIVOTS = 100
_LONG_TEXT = 60


@dataclass(frozen=True)
class ReportResult:
    """What :func:`build_report` wrote and how.

    Attributes
    ----------
    html:
        The report.
    pdf:
        The PDF, when asked for.
    tables:
        One CSV per table of the report (in a ``<stem>-tables`` folder beside the HTML).
    workbook:
        The same tables as the sheets of one XLSX file.
    sections:
        Section keys in order.
    analysis:
        The :class:`~tramas.metrics.AnalysisResult` the report shows.
    null:
        The comparison with random networks (``None`` with ``null_samples=0``).
    seconds:
        Time taken.
    parameters:
        Language, anonymisation, seed, random networks, waves compared, analysis
        parameters.
    comparison:
        The :class:`~tramas.metrics.change.WaveComparison` of the change section, or
        ``None`` (one wave, or ``compare=False``).
    diagnosis:
        The :class:`~tramas.metrics.diagnosis.DiagnosisResult` of the value-chain and
        cluster-diagnosis sections.
    """

    html: Path
    pdf: Path | None
    tables: tuple[Path, ...]
    workbook: Path
    sections: tuple[str, ...]
    analysis: Any
    null: NullModelComparison | None
    seconds: float
    parameters: dict[str, Any] = field(default_factory=dict)
    comparison: Any = None
    diagnosis: Any = None


# ------------------------------------------------------------------------------ rendering
@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tramas.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _block_kind(block: Any) -> str:
    kinds = {
        Paragraph: "paragraph",
        Items: "items",
        Definitions: "definitions",
        Table: "table",
        Chart: "chart",
        MapBlock: "map",
        Quotes: "quotes",
    }
    return kinds[type(block)]


def _cell_maker(lang: str):  # noqa: ANN202
    def cell(row: pd.Series, col: Column) -> dict[str, Any]:
        value = row.get(col.key)
        style = col.style
        if style == "row":
            style = row.get(f"style_{col.key}") or row.get("style") or "auto"
        if style == "text" or isinstance(value, str) or value is None:
            text = (
                ""
                if value is None or (isinstance(value, float) and math.isnan(value))
                else str(value)
            )
            return {"text": text, "raw": None, "css": "long" if len(text) > _LONG_TEXT else ""}
        return {
            "text": i18n.format_number(value, lang, style),
            "raw": raw_value(value),
            "css": "num",
        }

    return cell


def _csp(map_html: str | Sequence[str]) -> str:
    """The report's policy: nothing from outside, and only the maps' scripts (by hash).

    A ``srcdoc`` frame inherits its parent's policy, so the script hashes of every
    embedded map must be allowed here as well as in the map's own policy.
    """
    pages = [map_html] if isinstance(map_html, str) else list(map_html)
    hashes = []
    for page in pages:
        head = html_lib.unescape(page.split("</head>", 1)[0]) if page else ""
        hashes += re.findall(r"'sha256-[A-Za-z0-9+/=]+'", head)
    scripts = " ".join(dict.fromkeys(hashes)) or "'none'"
    return (
        "default-src 'none'; "
        f"script-src {scripts}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'self'"
    )


def render_report(
    ctx: ReportContext,
    sections: list[Section],
    *,
    for_print: bool = False,
    title: str | None = None,
    map_html: str | Sequence[str] = "",
) -> str:
    """The report as one HTML string (``for_print``: the variant WeasyPrint renders).

    ``map_html``: the page(s) of the embedded maps, whose scripts the report's
    Content-Security-Policy allows.
    """
    from tramas._version import __version__

    lang = ctx.lang
    study = ctx.network.study
    analysis = ctx.analysis
    params = analysis.parameters
    labels = {k: i18n.t(k, lang) for k in ("report_title", "contents", "tables_note", "map_title")}
    relations = ctx.join([ctx.relation_label(r) for r in params.get("relations", [])])
    scope = i18n.t(
        "scope",
        lang,
        relations=relations,
        wave=params.get("wave") or i18n.t("all_waves", lang),
        kind=i18n.t("scope_directed" if params.get("directed") else "scope_undirected", lang),
    )
    notes = []
    if ctx.anonymized:
        notes.append(i18n.t("anonymized_note", lang))
    generated = i18n.t("generated", lang, version=__version__, date=_dt.date.today().isoformat())
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise TramasError(
            "report.css cannot be inlined: it contains a closing style tag", code="report_css"
        )
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=lang,
        title=title or study.title or study.key,
        description=study.description,
        scope=scope,
        notes=notes,
        generated=generated,
        labels=labels,
        sections=sections,
        css=Markup(css),
        csp=None if for_print else _csp(map_html),
        for_print=for_print,
        version=__version__,
        block_kind=_block_kind,
        cell=_cell_maker(lang),
        more_rows=lambda n, key: i18n.t("more_rows", lang, n=n, file=f"{key}.csv"),
    )


# ------------------------------------------------------------------------------ map
def static_subcluster_colours(
    ctx: ReportContext, ids: Sequence[str], palette: str = DEFAULT_PALETTE
) -> tuple[list[str], dict[str, str]]:
    """Colour of each actor ``ids`` by sub-cluster, and the legend (name → colour), as
    the interactive map colours them (:func:`tramas.viz.encodings.node_colors`: the same
    palette, order and names), so a sub-cluster has one colour in the whole report.

    Sub-clusters are the communities of two actors or more, numbered as the analysis
    numbers them; actors in none share the grey "no sub-cluster".
    """
    subcluster = ctx.analysis.actors["subcluster"].reindex(pd.Index(ids)).astype("Int64")
    names = {str(k): v for k, v in subcluster_labels(ctx).items()}
    colours, section = node_colors(
        subcluster.astype(object).where(subcluster.notna(), None),
        i18n.t("map.community", ctx.lang),
        lang=ctx.lang,
        encoding="community",
        palette=palette,
        names=names,
    )
    return colours.tolist(), {e.label: str(e.color) for e in section.entries}


def _static_network(ctx: ReportContext, seed: int) -> Markup:
    view = ctx.analysis.view
    title = i18n.t("static_map_title", ctx.lang)
    if view.n_actors == 0 or view.n_actors > STATIC_DRAWING_LIMIT:
        return Markup("")
    from tramas.viz.layout import force_layout

    # drawn as the map draws it: the analysis' sub-clusters laid out apart
    groups = ctx.analysis.actors.get("subcluster")
    pos = force_layout(view, seed=seed, groups=groups).reindex(view.ids)[["x", "y"]].to_numpy()
    colors, legend = static_subcluster_colours(ctx, view.ids)
    degree = ctx.analysis.actors["degree"].reindex(view.ids).to_numpy(dtype=float)
    top = degree.max() if len(degree) and degree.max() > 0 else 1.0
    radii = 2.5 + 6.0 * np.sqrt(degree / top)
    edges = sorted({(min(a, b), max(a, b)) for a, b in view.graph.get_edgelist() if a != b})
    return network_drawing(pos, edges, colors, radii.tolist(), title=title, legend=legend)


def _map_wave(ctx: ReportContext) -> str | None:
    """The analysed wave for the map: an analysis of every wave merged has no wave label."""
    return _map_wave_of(ctx.network, ctx.analysis)


def _map_wave_of(network: Network, analysis: Any) -> str | None:
    """The analysed wave (``"all"`` for an analysis of every wave merged), for the map and
    the diagnosis."""
    wave = analysis.parameters.get("wave")
    if wave is None and network.waves:
        return "all"
    return wave


def _map_section(
    ctx: ReportContext,
    network: Network,
    *,
    anonymize: bool,
    anon_key: str | None,
    seed: int,
    for_map: bool,
) -> tuple[Section, str]:
    html = ""
    if for_map:
        from tramas.viz.maps import build_map
        from tramas.viz.page import render_page

        page = build_map(
            network,
            measures=ctx.analysis.actors,
            relation=list(ctx.analysis.view.relations) or None,
            wave=_map_wave(ctx),
            anonymize=anonymize,
            anon_key=anon_key,
            lang=ctx.lang,
            seed=seed,
        )
        html = render_page(page)
    section = Section("map", i18n.t("sec_map", ctx.lang))
    section.add(
        Paragraph(i18n.tm("map_intro", ctx.lang)),
        MapBlock(
            html=html,
            static_svg=_static_network(ctx, seed),
            note=i18n.t("print_map_note", ctx.lang),
            howto=i18n.t("map_howto", ctx.lang),
        ),
    )
    return section, html


# ------------------------------------------------------------------------------ tables
def _table_frame(table: Table) -> pd.DataFrame:
    frame = table.frame[[c.key for c in table.columns]].copy()
    frame.columns = [c.label for c in table.columns]
    frame.index.name = table.index_label
    return frame.reset_index()


def _write_tables(
    tables: list[Table], folder: Path, workbook: Path, *, safe: bool = True
) -> list[Path]:
    """Each table as ``<key>.csv`` in ``folder`` and as a sheet of ``workbook``
    (:mod:`tramas.output`: formula guard on CSV unless ``safe=False``, text kept as text
    in XLSX)."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = [(table.key, _table_frame(table)) for table in tables]
    paths = [write_csv(frame, folder / f"{key}.csv", safe=safe) for key, frame in frames]
    write_xlsx(workbook, frames)
    return paths


# ------------------------------------------------------------------------------ PDF
def _write_pdf(html: str, path: Path) -> Path:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise TramasError(
            f"PDF output needs WeasyPrint and its system libraries: {exc}",
            hint="pip install weasyprint; on Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
            code="pdf_weasyprint",
            values={"detail": str(exc)},
        ) from None
    HTML(string=html, base_url=None).write_pdf(str(path))
    return path


# ------------------------------------------------------------------------------ API
def build_report(
    network: Network,
    out_html: str | Path,
    *,
    analysis: Any = None,
    relations: str | list[str] | None = None,
    wave: str | None = None,
    lang: str | None = None,
    anonymize: bool = False,
    anon_key: str | None = None,
    pdf: bool = False,
    safe_csv: bool = True,
    seed: int = 42,
    null_samples: int = 100,
    top: int = 10,
    title: str | None = None,
    interactive_map: bool = True,
    compare: str | Sequence[str] | bool | None = None,
    comparison: Any = None,
    diagnosis: Any = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ReportResult:
    """Write the network report of a cluster: HTML, tables (CSV + XLSX) and optionally a PDF.

    Parameters
    ----------
    network:
        The study's network (from :func:`tramas.ingest.load` or Neo4j).
    out_html:
        The HTML file to write (``.html``). Tables go to ``<stem>-tables/*.csv`` and
        ``<stem>-tables.xlsx`` beside it, the PDF to ``<stem>.pdf``.
    analysis:
        The :class:`~tramas.metrics.AnalysisResult` to report; default
        ``analyze(network, relations=relations, wave=wave, seed=seed, lang=lang)``.
    relations, wave:
        What to analyse when ``analysis`` is not given: relation(s) (default all,
        merged) and wave (default the latest; ``"all"`` merges the waves).
    lang:
        ``es`` or ``en`` (any language of :data:`tramas.locale.CATALOGUE`);
        default the study's language.
    anonymize:
        Replace actor names by the stable codes of
        :func:`tramas.graph.anonymize.anonymize_ids` (the maps' codes), drop names as
        written by respondents and actor-level locations.
    anon_key:
        Key of the codes; default the study key (as the maps).
    pdf:
        Also write a PDF with WeasyPrint (the map becomes a static drawing).
    safe_csv:
        Guard the CSV tables against formula injection (:func:`tramas.output.csv_safe`);
        ``False`` writes text exactly, for programs that read the files.
    seed:
        Seed of the analysis (if computed here), the random networks and the layouts.
    null_samples:
        Random networks with the same degree sequence for the z-scores (0 to skip).
    top:
        How many actors the "most central" tables list.
    title:
        Report title; default the study title.
    interactive_map:
        Embed the interactive map (else only the static drawing) and the change map.
    compare:
        Waves of the "Change between waves" section, baseline first (``("2023",
        "2025")`` or ``"2023,2025"``); default (``None``) the first and last waves when
        the study has two or more, and no section with one; ``False`` leaves it out.
        The relations compared are those analysed.
    comparison:
        A finished :func:`tramas.metrics.change.compare_waves` result to show instead
        (other relations, permutations, baseline communities...); excludes ``compare``.
    diagnosis:
        The :class:`~tramas.metrics.diagnosis.DiagnosisResult` of the sections "Value
        chains, governance and upgrading" and "Cluster diagnosis"; default
        ``diagnose(network, analysis)`` of the analysed wave, computed once here (a
        study without value-chain data gets a line saying which evidence is missing).
    progress:
        Called as ``progress(step, done, total)`` before each step (``analysis``,
        ``random_networks``, ``comparison``, ``sections``, ``maps``, ``files``, ``pdf``)
        and once with ``done == total`` at the end.

    Returns
    -------
    ReportResult
        Paths written, sections, the random-network comparison and the parameters.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B", "C"], "kind": "firm"}, index=["a", "b", "c"])
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": "trade"})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> result = build_report(Network(actors, ties), out, lang="en", null_samples=5)
    >>> result.html.exists(), result.sections[0], result.comparison is None
    (True, 'findings', True)

    With two waves the report gains a "Change between waves" section:

    >>> ties["wave"] = ["2023", "2025"]
    >>> result = build_report(Network(actors, ties), out, lang="en", null_samples=0)
    >>> "change" in result.sections, result.comparison.summary["all_relations"]["new"]
    (True, 1)
    """
    start = time.perf_counter()
    out = Path(out_html)
    if out.suffix.lower() not in (".html", ".htm"):
        raise TramasError(
            f"the report file must end in .html: {out}",
            hint="e.g. --out report.html",
            code="report_suffix",
            values={"path": str(out)},
        )
    lang = i18n.check_lang(lang or network.study.lang or "en")
    if null_samples < 0:
        raise TramasError(
            "the number of random networks cannot be negative",
            hint="use 0 to skip them",
            code="null_samples_negative",
        )
    if comparison is not None and compare not in (None, True):
        raise TramasError(
            "give the waves to compare or a finished comparison, not both",
            hint="drop compare= when passing comparison=",
            code="report_compare_both",
        )
    steps = ["analysis", "random_networks", "comparison", "sections", "maps", "files"]
    steps += ["pdf"] if pdf else []

    def step(name: str) -> None:
        if progress is not None:
            progress(name, steps.index(name), len(steps))

    step("analysis")
    from tramas.metrics.scale import ScaleAnalysisResult

    if analysis is None:
        from tramas.metrics.analysis import analyze

        analysis = analyze(
            network, relations=relations, wave=wave, seed=seed, lang=lang, scale=False
        )
    elif isinstance(analysis, ScaleAnalysisResult):
        raise TramasError(
            "a report needs the full cluster analysis, not a scale-mode one",
            hint="pass analyze(..., scale=False), or leave analysis= out",
            code="report_scale_mode",
        )
    step("random_networks")
    null = None
    if null_samples:
        pivots = analysis.parameters.get("pivots")
        if pivots is None and analysis.view.n_actors > NULL_EXACT_LIMIT:
            pivots = NULL_PIVOTS
        null = compare_with_random(analysis.view, samples=null_samples, seed=seed, pivots=pivots)
    key = network.study.key if anon_key is None else anon_key
    codes = anonymize_ids(network.actors, key=key) if anonymize else None
    step("comparison")
    if comparison is None:
        comparison = wave_comparison(network, analysis, compare=compare, seed=seed)
    if diagnosis is None:
        from tramas.metrics.diagnosis import diagnose

        diagnosis = diagnose(network, analysis, wave=_map_wave_of(network, analysis), seed=seed)
    ctx = ReportContext(
        lang=lang,
        network=network,
        analysis=analysis,
        null=null,
        codes=codes,
        top=top,
        comparison=comparison,
        diagnosis=diagnosis,
    )
    step("sections")
    sections = [
        findings_section(ctx),
        quality_section(ctx),
        overview_section(ctx),
        actors_section(ctx),
        subclusters_section(ctx),
        linkages_section(ctx),
        smes_section(ctx),
    ]
    diagnosis_sections = [value_chains_section(ctx), diagnosis_section(ctx)]
    step("maps")
    map_pages = []
    if comparison is not None:
        change_html = (
            change_map_html(ctx, network, anonymize=anonymize, anon_key=anon_key, seed=seed)
            if interactive_map
            else ""
        )
        sections.append(change_section(ctx, map_html=change_html))
        map_pages.append(change_html)
    sections += diagnosis_sections
    map_section, map_html = _map_section(
        ctx, network, anonymize=anonymize, anon_key=anon_key, seed=seed, for_map=interactive_map
    )
    map_pages.append(map_html)
    sections += [map_section, methodology_section(ctx)]
    add_evidence(ctx, sections)
    step("files")
    out.parent.mkdir(parents=True, exist_ok=True)
    html = render_report(ctx, sections, title=title, map_html=map_pages)
    out.write_text(html, encoding="utf-8")
    tables = [t for s in sections for t in s.tables()]
    workbook = out.with_name(f"{out.stem}-tables.xlsx")
    csvs = _write_tables(tables, out.with_name(f"{out.stem}-tables"), workbook, safe=safe_csv)
    pdf_path = None
    if pdf:
        step("pdf")
        pdf_path = _write_pdf(
            render_report(ctx, sections, for_print=True, title=title), out.with_suffix(".pdf")
        )
    if progress is not None:
        progress("done", len(steps), len(steps))
    return ReportResult(
        html=out,
        pdf=pdf_path,
        tables=tuple(csvs),
        workbook=workbook,
        sections=tuple(s.key for s in sections),
        analysis=analysis,
        null=null,
        seconds=time.perf_counter() - start,
        parameters={
            "lang": lang,
            "anonymize": anonymize,
            "seed": seed,
            "null_samples": null_samples,
            "top": top,
            "compare": (comparison.wave_a, comparison.wave_b) if comparison is not None else None,
            "analysis": analysis.parameters,
        },
        comparison=comparison,
        diagnosis=diagnosis,
    )
