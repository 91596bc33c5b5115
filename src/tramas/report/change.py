"""Report section "Change between waves": how the cluster's networks changed between two
survey waves, written for those who monitor a cluster initiative.

The section renders a :class:`~tramas.metrics.change.WaveComparison`
(:func:`~tramas.metrics.change.compare_waves`; :func:`wave_comparison` makes it for
:func:`~tramas.report.build_report`): new, dissolved and stable ties and the Jaccard
similarity of each relation, the QAP correlation between the waves, network figures side
by side, actors entering and leaving, the actors whose measures or roles changed most,
new bridges between baseline sub-clusters, and the change map of
:func:`tramas.viz.maps.build_map` in a sandboxed ``iframe``. Nothing is computed here but
counts of the comparison's own rows. The sentences ("horizontal cooperation grew from 45
to 69 pairs") are written by :mod:`tramas.report.change_headlines`; every number in them
carries ``data-key="change.<path>"``, where ``<path>`` is its place in
:attr:`WaveComparison.summary <tramas.metrics.change.WaveComparison>` with dots
(``change.relations.cooperation.new``, ``change.figures.all_relations.density.b``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from tramas.graph.network import Network
from tramas.report.change_headlines import change_fig, change_headlines, method_label
from tramas.report.charts import stacked_bars
from tramas.report.content import (
    ACTOR_ROWS,
    Chart,
    Column,
    MapBlock,
    Paragraph,
    ReportContext,
    Section,
    Table,
)
from tramas.report.subclusters import baseline_subcluster_names
from tramas.viz.change_map import STATUS_STYLES

__all__ = [
    "CHANGE_FIGURES",
    "RELATION_FIGURES",
    "change_map_html",
    "change_section",
    "wave_comparison",
]

#: Network figures of the two analyses shown side by side: (figure key, number style).
CHANGE_FIGURES: tuple[tuple[str, str], ...] = (
    ("actors", "int"),
    ("ties", "int"),
    ("density", "dec3"),
    ("reciprocity", "dec3"),
    ("transitivity", "dec3"),
    ("components", "int"),
    ("largest_component_share", "pct"),
    ("isolates", "int"),
    ("avg_path_length", "dec2"),
    ("diameter", "int"),
    ("centralization_degree", "dec3"),
    ("centralization_betweenness", "dec3"),
    ("degree_assortativity", "dec3"),
    ("external_tie_share", "pct"),
    ("ei_index.internal", "dec3"),
    ("cooperation.horizontal", "int"),
    ("cooperation.vertical", "int"),
    ("communities.modularity", "dec3"),
    ("core_periphery.core_size", "int"),
    ("cognitive_roles.counts.gatekeeper", "int"),
    ("smes.isolated", "int"),
    ("smes.weak", "int"),
)
#: Figures of each relation shown side by side.
RELATION_FIGURES: tuple[tuple[str, str], ...] = (
    ("ties", "int"),
    ("density", "dec3"),
    ("reciprocity", "dec3"),
    ("transitivity", "dec3"),
    ("largest_component_share", "pct"),
    ("isolates", "int"),
    ("centralization_degree", "dec3"),
    ("external_tie_share", "pct"),
)
#: Tie statuses in the order of the chart, with the change map's colours (Okabe–Ito).
STATUS_COLORS: dict[str, str] = {
    status: STATUS_STYLES[status]["color"] for status in ("stable", "new", "dissolved")
}


# ------------------------------------------------------------------------------ input
def wave_comparison(
    network: Network,
    analysis: Any,
    *,
    compare: str | Sequence[str] | bool | None = None,
    seed: int = 42,
) -> Any:
    """The wave comparison a report shows, or ``None``.

    Parameters
    ----------
    network:
        The study's network.
    analysis:
        The report's :class:`~tramas.metrics.AnalysisResult`: its relations are compared.
    compare:
        ``None`` or ``True``: the first and last waves when the study has two or more,
        else no comparison; ``False``: none; two wave labels (``("2023", "2025")`` or
        ``"2023,2025"``, baseline first): those.
    seed:
        Seed of the QAP permutations and of the baseline communities.

    Returns
    -------
    WaveComparison or None
        :func:`tramas.metrics.change.compare_waves` of the two waves; the report's
        analysis stands for the analysis of its wave when it is the one the comparison
        would make (the usual case: the later wave, every relation).
    """
    from tramas.metrics.change import compare_waves, compared_waves, default_waves

    if compare is False:
        return None
    if compare is None or compare is True:
        waves = default_waves(network)
        if waves is None:
            return None
    else:
        waves = compared_waves(network, compare)
    relations = [r for r in analysis.parameters.get("relations", []) if r in network.relations]
    wave = analysis.parameters.get("wave")
    return compare_waves(
        network,
        waves[0],
        waves[1],
        relations=relations or None,
        seed=seed,
        analyses={str(wave): analysis} if wave is not None else None,
    )


def change_map_html(
    ctx: ReportContext,
    network: Network,
    *,
    anonymize: bool,
    anon_key: str | None,
    seed: int,
) -> str:
    """The change map page (:func:`tramas.viz.maps.build_map` with the comparison)."""
    from tramas.viz.maps import build_map
    from tramas.viz.page import render_page

    comparison = ctx.comparison
    # the map's tooltips show measures of the later wave: the analysis', if it is that wave
    same_wave = str(ctx.analysis.parameters.get("wave")) == comparison.wave_b
    page = build_map(
        network,
        comparison=comparison,
        measures=ctx.analysis.actors if same_wave else None,
        anonymize=anonymize,
        anon_key=anon_key,
        lang=ctx.lang,
        seed=seed,
    )
    return render_page(page)


# ------------------------------------------------------------------------------ tables
def _relations_table(ctx: ReportContext) -> Table:
    s = ctx.comparison.summary
    a, b = s["wave_a"], s["wave_b"]
    rows, keys = [], []
    permutations = None
    for rel, rec in s["relations"].items():
        qap = rec["qap"]
        permutations = qap.get("permutations", permutations)
        keys.append(rel)
        rows.append(
            {
                "relation": ctx.relation_label(rel),
                "ties_a": rec["ties_a"],
                "ties_b": rec["ties_b"],
                "new": rec["new"],
                "dissolved": rec["dissolved"],
                "stable": rec["stable"],
                "jaccard": np.nan if rec["jaccard"] is None else rec["jaccard"],
                "qap_r": np.nan if qap.get("correlation") is None else qap["correlation"],
                "qap_p": np.nan if qap.get("p_greater") is None else qap["p_greater"],
                "reporters_a": rec["reporters_a"],
                "reporters_b": rec["reporters_b"],
            }
        )
    overall = s["all_relations"]
    keys.append("all_relations")
    rows.append(
        {
            "relation": ctx.t("ch_all_relations"),
            "ties_a": sum(r["ties_a"] for r in rows),
            "ties_b": sum(r["ties_b"] for r in rows),
            "new": overall["new"],
            "dissolved": overall["dissolved"],
            "stable": overall["stable"],
            "jaccard": np.nan if overall["jaccard"] is None else overall["jaccard"],
            "qap_r": np.nan,
            "qap_p": np.nan,
            "reporters_a": np.nan,
            "reporters_b": np.nan,
        }
    )
    frame = pd.DataFrame(rows, index=pd.Index(keys, name="relation_key"), dtype=object)
    notes = [ctx.t("ch_rel_note", n=permutations if permutations is not None else "–")]
    untested = [
        ctx.relation_label(rel, inline=True)
        for rel, rec in s["relations"].items()
        if rec["qap"].get("correlation") is None
    ]
    if untested:
        notes.append(ctx.t("ch_qap_none", relations=ctx.join(untested)))
    return Table(
        "change_relations",
        ctx.t("ch_rel_title", a=a, b=b),
        frame,
        (
            Column("relation", ctx.t("col_relation")),
            Column("ties_a", ctx.t("col_ties_in", wave=a), "int"),
            Column("ties_b", ctx.t("col_ties_in", wave=b), "int"),
            Column("new", ctx.t("col_new"), "int"),
            Column("dissolved", ctx.t("col_dissolved"), "int"),
            Column("stable", ctx.t("col_stable"), "int"),
            Column("jaccard", ctx.t("col_jaccard"), "dec3"),
            Column("qap_r", ctx.t("col_qap_r"), "dec3"),
            Column("qap_p", ctx.t("col_qap_p"), "p"),
            Column("reporters_a", ctx.t("col_reporting_in", wave=a), "int"),
            Column("reporters_b", ctx.t("col_reporting_in", wave=b), "int"),
        ),
        index_label="relation_key",
        note=" ".join(notes),
        wide=True,
    )


def _status_chart(ctx: ReportContext) -> Chart:
    s = ctx.comparison.summary
    rels = list(s["relations"])
    statuses = list(STATUS_COLORS)
    labels = {st: ctx.t(f"status.{st}") for st in statuses}
    matrix = np.array([[s["relations"][r][st] for st in statuses] for r in rels], dtype=float)
    title = ctx.t("chart_change_title")
    svg = stacked_bars(
        [ctx.relation_label(r) for r in rels],
        [labels[st] for st in statuses],
        matrix.reshape(len(rels), len(statuses)),
        title=title,
        colors={labels[st]: c for st, c in STATUS_COLORS.items()},
        left=180,
    )
    return Chart(
        "change_statuses", title, svg, ctx.t("chart_change_caption", a=s["wave_a"], b=s["wave_b"])
    )


def _side_by_side_rows(
    ctx: ReportContext, figures: dict[str, Any], wanted: Sequence[tuple[str, str]]
) -> tuple[list[dict[str, Any]], list[str]]:
    rows, keys = [], []
    for key, style in wanted:
        rec = figures.get(key)
        if not rec or (rec.get("a") is None and rec.get("b") is None):
            continue
        keys.append(key)
        rows.append(
            {
                "figure": ctx.t(f"fig_{key.replace('.', '_')}"),
                "a": np.nan if rec.get("a") is None else rec["a"],
                "b": np.nan if rec.get("b") is None else rec["b"],
                "change": np.nan if rec.get("change") is None else rec["change"],
                "style": style,
                "style_change": "+pp" if style == "pct" else f"+{style}",
            }
        )
    return rows, keys


def _figures_tables(ctx: ReportContext) -> list[Table]:
    s = ctx.comparison.summary
    a, b = s["wave_a"], s["wave_b"]
    value_columns = (
        Column("a", a, "row"),
        Column("b", b, "row"),
        Column("change", ctx.t("col_change"), "row"),
    )
    rows, keys = _side_by_side_rows(ctx, s["figures"]["all_relations"], CHANGE_FIGURES)
    whole = Table(
        "change_figures",
        ctx.t("ch_fig_title", a=a, b=b),
        pd.DataFrame(rows, index=pd.Index(keys, name="figure"), dtype=object),  # ints stay ints
        (Column("figure", ctx.t("col_figure")), *value_columns),
        index_label="figure",
        note=ctx.t("ch_fig_note"),
    )
    all_rows, all_keys = [], []
    for rel, figures in s["figures"]["by_relation"].items():
        rows, keys = _side_by_side_rows(ctx, figures, RELATION_FIGURES)
        for row in rows:
            row["relation"] = ctx.relation_label(rel)
        all_rows += rows
        all_keys += [f"{rel}:{k}" for k in keys]
    by_relation = Table(
        "change_relation_figures",
        ctx.t("ch_relfig_title", a=a, b=b),
        pd.DataFrame(all_rows, index=pd.Index(all_keys, name="relation_figure"), dtype=object),
        (
            Column("relation", ctx.t("col_relation")),
            Column("figure", ctx.t("col_figure")),
            *value_columns,
        ),
        index_label="relation_figure",
        note=ctx.t("ch_relfig_note"),
    )
    return [whole, by_relation]


def _whole_network(ctx: ReportContext) -> Paragraph | None:
    s = ctx.comparison.summary
    figs = s["figures"]["all_relations"]
    if not all(k in figs for k in ("density", "largest_component_share", "isolates")):
        return None
    base = "figures.all_relations"

    def pair(key: str, style: str) -> dict[str, Markup]:
        return {
            side: change_fig(ctx, f"{base}.{key}.{side}", figs[key].get(side), style)
            for side in ("a", "b")
        }

    d, share, iso = (
        pair("density", "dec3"),
        pair("largest_component_share", "pct"),
        pair("isolates", "int"),
    )
    text = ctx.tm(
        "ch_whole",
        a=s["wave_a"],
        b=s["wave_b"],
        d_a=d["a"],
        d_b=d["b"],
        s_a=share["a"],
        s_b=share["b"],
        i_a=iso["a"],
        i_b=iso["b"],
    )
    if "smes.isolated" in figs:
        smes = pair("smes.isolated", "int")
        text += ctx.tm("ch_whole_smes", m_a=smes["a"], m_b=smes["b"])
    return Paragraph(text)


def _attribute(ctx: ReportContext, ids: Sequence[str], col: str) -> list[str]:
    actors = ctx.network.actors
    if col not in actors.columns:
        return [""] * len(ids)
    values = actors[col].reindex(list(ids))
    return [ctx.category(col, v) if pd.notna(v) else "" for v in values]


def _entering_leaving(ctx: ReportContext) -> Table | None:
    comp = ctx.comparison
    s = comp.summary
    table = comp.actor_changes
    entering = [r["id"] for r in s["actors"]["entering"]]
    leaving = [r["id"] for r in s["actors"]["leaving"]]
    ids = entering + leaving
    if not ids:
        return None
    rows = table.reindex(ids)
    frame = ctx.actor_frame(
        ids,
        {
            "movement": [ctx.t("ch_entered_label")] * len(entering)
            + [ctx.t("ch_left_label")] * len(leaving),
            "kind": _attribute(ctx, ids, "kind"),
            "size": _attribute(ctx, ids, "size"),
            "degree_a": rows["degree_a"].to_numpy(),
            "degree_b": rows["degree_b"].to_numpy(),
        },
    )
    return Table(
        "change_entering_leaving",
        ctx.t("ch_actors_title"),
        frame,
        (
            Column("name", ctx.t("col_actor")),
            Column("movement", ctx.t("col_movement")),
            Column("kind", ctx.t("col_kind")),
            Column("size", ctx.t("col_size")),
            Column("degree_a", ctx.t("col_degree_in", wave=comp.wave_a), "int"),
            Column("degree_b", ctx.t("col_degree_in", wave=comp.wave_b), "int"),
        ),
        index_label=frame.index.name,
        html_rows=ACTOR_ROWS,
    )


def _flag(value: Any) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _lead_text(ctx: ReportContext, a: Any, b: Any) -> str:
    was, now = _flag(a), _flag(b)
    if was and now:
        return ctx.t("ch_lead_kept")
    if now:
        return ctx.t("ch_lead_gained")
    if was:
        return ctx.t("ch_lead_lost")
    return ""


def _movers(ctx: ReportContext, section: Section) -> None:
    comp = ctx.comparison
    a, b = comp.wave_a, comp.wave_b
    table = comp.actor_changes
    section.add(
        Paragraph(ctx.tm("ch_h_movers"), kind="heading"),
        Paragraph(ctx.tm("ch_movers_intro", n=ctx.top)),
        Paragraph(
            ctx.tm(
                "ch_roles",
                a=a,
                b=b,
                cog=change_fig(
                    ctx, "roles.cognitive_changed", int(table["cognitive_role_changed"].sum())
                ),
                lead=change_fig(
                    ctx, "roles.lead_firm_changed", int(table["lead_firm_changed"].sum())
                ),
            )
        ),
    )
    top = table.head(ctx.top)
    if top.empty:
        return
    frame = ctx.actor_frame(
        top.index,
        {
            **{
                col: top[col].to_numpy()
                for m in ("degree", "betweenness", "pagerank")
                for col in (f"{m}_a", f"{m}_b")
            },
            "role_a": [ctx.category("role", r) for r in top["cognitive_role_a"]],
            "role_b": [ctx.category("role", r) for r in top["cognitive_role_b"]],
            "lead": [
                _lead_text(ctx, x, y)
                for x, y in zip(top["lead_firm_a"], top["lead_firm_b"], strict=True)
            ],
            "change_score": top["change_score"].to_numpy(),
        },
    )
    section.add(
        Table(
            "change_actors",
            ctx.t("ch_movers_title"),
            frame,
            (
                Column("name", ctx.t("col_actor")),
                Column("degree_a", ctx.t("col_degree_in", wave=a), "int"),
                Column("degree_b", ctx.t("col_degree_in", wave=b), "int"),
                Column("betweenness_a", ctx.t("col_betweenness_in", wave=a), "dec3"),
                Column("betweenness_b", ctx.t("col_betweenness_in", wave=b), "dec3"),
                Column("pagerank_a", ctx.t("col_pagerank_in", wave=a), "dec3"),
                Column("pagerank_b", ctx.t("col_pagerank_in", wave=b), "dec3"),
                Column("role_a", ctx.t("col_role_in", wave=a)),
                Column("role_b", ctx.t("col_role_in", wave=b)),
                Column("lead", ctx.t("col_lead_firm")),
                Column("change_score", ctx.t("col_change_score"), "dec2"),
            ),
            index_label=frame.index.name,
            note=ctx.t("ch_movers_note"),
            wide=True,
        )
    )


def _bridges(ctx: ReportContext, section: Section) -> None:
    s = ctx.comparison.summary
    nb = s["new_bridges"]
    partition = nb["partition"]
    section.add(
        Paragraph(ctx.tm("ch_h_bridges"), kind="heading"),
        Paragraph(
            ctx.tm(
                "ch_bridges_intro_given"
                if partition.get("method") == "given"
                else "ch_bridges_intro",
                a=s["wave_a"],
                method=method_label(ctx, partition),
            )
        ),
    )
    if not nb["ties"]:
        section.add(Paragraph(ctx.tm("ch_no_bridges", a=s["wave_a"]), kind="note"))
        return
    rows, keys = [], []
    given = partition.get("method") == "given"
    named = {} if given else baseline_subcluster_names(ctx)

    def sub_name(c: Any) -> Any:  # the change map's names of the baseline sub-clusters
        if c is None or pd.isna(c):
            return ctx.t("map.no_subcluster")
        if given or isinstance(c, str):  # a partition given by an attribute: its labels
            return c
        return named.get(int(c)) or ctx.t("community_n", n=int(c))

    for tie in nb["ties"]:
        src, tgt, rel = tie["source"], tie["target"], tie["relation"]
        keys.append(f"{rel}:{ctx.key(src)}:{ctx.key(tgt)}")
        rows.append(
            {
                "relation": ctx.relation_label(rel),
                "source": ctx.name(src),
                "community_source": sub_name(tie["community_source"]),
                "target": ctx.name(tgt),
                "community_target": sub_name(tie["community_target"]),
            }
        )
    section.add(
        Table(
            "change_bridges",
            ctx.t("ch_bridges_title", a=s["wave_a"]),
            pd.DataFrame(rows, index=pd.Index(keys, name="tie")),
            (
                Column("relation", ctx.t("col_relation")),
                Column("source", ctx.t("col_from")),
                Column("community_source", ctx.t("col_sub_from")),
                Column("target", ctx.t("col_to")),
                Column("community_target", ctx.t("col_sub_to")),
            ),
            index_label="tie",
            html_rows=ACTOR_ROWS,
            note=ctx.t("ch_bridges_note", a=s["wave_a"]),
        )
    )


# ------------------------------------------------------------------------------ section
def change_section(ctx: ReportContext, *, map_html: str = "") -> Section:
    """The "Change between waves" section of ``ctx.comparison``, with the change map
    ``map_html`` (left out when empty)."""
    comp = ctx.comparison
    a, b = comp.wave_a, comp.wave_b
    section = Section("change", ctx.t("sec_change"))
    section.add(
        Paragraph(ctx.tm("ch_intro", a=a, b=b)),
        Paragraph(ctx.tm("ch_h_headlines"), kind="heading"),
        change_headlines(ctx),
        Paragraph(ctx.tm("ch_h_relations"), kind="heading"),
        _relations_table(ctx),
        _status_chart(ctx),
        Paragraph(ctx.tm("ch_nonresponse"), kind="note"),
        Paragraph(ctx.tm("ch_h_figures"), kind="heading"),
        _whole_network(ctx),
        *_figures_tables(ctx),
        Paragraph(ctx.tm("ch_h_actors"), kind="heading"),
        Paragraph(ctx.tm("ch_actors_intro", a=a, b=b)),
        _entering_leaving(ctx) or Paragraph(ctx.tm("ch_no_movement"), kind="note"),
    )
    _movers(ctx, section)
    _bridges(ctx, section)
    if map_html:
        section.add(
            Paragraph(ctx.tm("ch_h_map"), kind="heading"),
            Paragraph(ctx.tm("ch_map_intro", a=a, b=b)),
            MapBlock(
                html=map_html,
                static_svg=Markup(""),
                note=ctx.t("ch_print_map_note"),
                key="change",
                title=ctx.t("ch_map_title"),
            ),
        )
    return section
