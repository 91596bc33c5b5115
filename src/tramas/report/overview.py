"""Report section "Cluster overview": composition and network figures against random networks.

Each network-level figure of the analysis is shown beside the mean and spread of the
same figure in random networks with the same degree sequence
(:mod:`tramas.report.null_models`) and read in words: above, below or as expected by
chance, or fixed by the degrees.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from tramas.locale.reasons import approximation_texts
from tramas.report.charts import histogram
from tramas.report.content import (
    Chart,
    Column,
    Paragraph,
    ReportContext,
    Section,
    Table,
    category_order,
)

__all__ = ["FIGURE_ROWS", "figure_value", "overview_section", "reading"]

#: Figures of the overview table: (figure key, number style).
FIGURE_ROWS: tuple[tuple[str, str], ...] = (
    ("density", "dec3"),
    ("reciprocity", "dec3"),
    ("transitivity", "dec3"),
    ("components", "int"),
    ("largest_component_share", "pct"),
    ("isolates", "int"),
    ("avg_path_length", "dec2"),
    ("diameter", "int"),
    ("centralization_degree", "dec3"),
    ("centralization_indegree", "dec3"),
    ("centralization_outdegree", "dec3"),
    ("centralization_betweenness", "dec3"),
    ("degree_assortativity", "dec3"),
)
#: Two-sided p-value below which a figure is read as different from random.
ALPHA = 0.05


def figure_value(figures: dict[str, Any], key: str) -> Any:
    """A figure by dotted key (``ei_index.kind``, ``cooperation.vertical``).

    Examples
    --------
    >>> figure_value({"ei_index": {"kind": -0.5}}, "ei_index.kind")
    -0.5
    """
    value: Any = figures
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _isnan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def reading(row: pd.Series | None) -> str:
    """How a figure compares with random networks: ``above``, ``below``, ``random``,
    ``fixed`` or ``constant`` (random networks all give the same value), ``none``.

    Examples
    --------
    >>> reading(pd.Series({"fixed": False, "z": 3.0, "p": 0.01}))
    'above'
    """
    if row is None:
        return "none"
    if bool(row["fixed"]):
        return "fixed"
    if _isnan(row["z"]):
        return "constant" if not _isnan(row.get("mean")) else "none"
    if row["p"] < ALPHA:
        return "above" if row["z"] > 0 else "below"
    return "random"


def _composition(ctx: ReportContext) -> Table:
    actors = ctx.analysis.actors
    internal = (
        actors["internal"].fillna(True).astype(bool)
        if "internal" in actors
        else pd.Series(True, index=actors.index)
    )
    rows = []
    for group in ("kind", "size", "ownership"):
        if group not in actors.columns or actors[group].isna().all():
            continue
        subset = actors if group == "kind" else actors[actors["kind"] == "firm"]
        inside = internal.reindex(subset.index)
        values = subset[group].astype(object).where(subset[group].notna(), "?")
        order = category_order(group, values.value_counts().index.tolist())
        for value in order:
            m = values == value
            rows.append(
                {
                    "key": f"{group}:{value}",
                    "group": ctx.category("group", group),
                    "category": ctx.category(group, value) if value != "?" else ctx.t("unknown"),
                    "cluster": int((m & inside).sum()),
                    "external": int((m & ~inside).sum()),
                    "total": int(m.sum()),
                }
            )
    frame = pd.DataFrame(rows).set_index("key")
    frame.index.name = "group_category"
    return Table(
        "composition",
        ctx.t("o_composition_title"),
        frame,
        (
            Column("group", ctx.t("col_attribute")),
            Column("category", ctx.t("col_category")),
            Column("cluster", ctx.t("col_in_cluster"), "int"),
            Column("external", ctx.t("col_outside"), "int"),
            Column("total", ctx.t("col_total"), "int"),
        ),
        index_label="group_category",
        note=ctx.t("o_composition_note"),
    )


def _mixed(figures: dict[str, Any]) -> bool:
    """A directed view that also holds relations without direction."""
    return bool(figures.get("directed") and figures.get("undirected_relations"))


def _p_cell(ctx: ReportContext, null: pd.Series | None) -> float | str:
    """The p-value, or ``≤ 1/(S + 1)`` when no random network was as extreme (the
    smallest p-value ``S`` random networks can give)."""
    if null is None:
        return np.nan
    if bool(null.get("p_floor", False)) and not _isnan(null["p"]):
        return ctx.t("o_p_floor", floor=int(null["valid"]) + 1)
    return float(null["p"])


def _ties_sentence(ctx: ReportContext, f: dict[str, Any]) -> Markup:
    """What the tie count counts, when it could be read in more than one way."""
    out = Markup("")
    if len(f.get("relations") or []) > 1:
        out += Markup(" ") + ctx.tm("o_ties_counted")
    if _mixed(f):
        out += ctx.tm(
            "o_ties_undirected",
            relations=ctx.join(
                [ctx.relation_label(r, inline=True) for r in f["undirected_relations"]]
            ),
        )
    return out


def _reciprocity_paragraph(ctx: ReportContext, f: dict[str, Any]) -> Paragraph:
    """Reciprocity of the directed relations, relation by relation when there are several
    or when relations without direction were left out."""
    value = f["reciprocity"]
    null = ctx.null.row("reciprocity") if ctx.null is not None else None
    read = reading(null)
    if read == "above" and value < 0.5:
        read = "above_one_way"
    text = ctx.tm("o_reciprocity", value=ctx.fig("reciprocity", value, "dec3"))
    text += _null_sentence(ctx, "reciprocity", "dec3") + ctx.tm(f"o_reciprocity_{read}")
    by_relation = f.get("reciprocity_by_relation") or {}
    if len(by_relation) > 1 or _mixed(f):
        values = [
            f"{ctx.relation_label(r, inline=True)} "
            + ctx.fig(f"reciprocity_by_relation.{r}", v, "dec3")
            for r, v in by_relation.items()
        ]
        text += ctx.tm("o_reciprocity_by_relation", values=Markup(ctx.join(values)))
    if _mixed(f):
        text += ctx.tm(
            "o_reciprocity_undirected",
            relations=ctx.join(
                [ctx.relation_label(r, inline=True) for r in f["undirected_relations"]]
            ),
        )
    return Paragraph(text)


def _figures_table(ctx: ReportContext) -> Table:
    figures = ctx.analysis.figures
    rows = []
    for key, style in FIGURE_ROWS:
        value = figure_value(figures, key)
        if value is None:
            continue
        null = ctx.null.row(key) if ctx.null is not None else None
        label = key
        if key == "reciprocity" and _mixed(figures):
            label = "reciprocity_directed"
        rows.append(
            {
                "key": key,
                "figure": ctx.t(f"fig_{label}"),
                "value": value,
                "random_mean": float(null["mean"]) if null is not None else np.nan,
                "random_sd": float(null["sd"]) if null is not None else np.nan,
                "z": float(null["z"]) if null is not None else np.nan,
                "p": _p_cell(ctx, null),
                "reading": ctx.t(f"read_{reading(null)}"),
                "style": style,
                "style_random_mean": "dec2" if style == "int" else style,
                "style_random_sd": "dec2" if style == "int" else style,
            }
        )
    frame = pd.DataFrame(rows).set_index("key")
    frame.index.name = "figure"
    columns = [Column("figure", ctx.t("col_figure")), Column("value", ctx.t("col_value"), "row")]
    if ctx.null is not None:
        columns += [
            Column("random_mean", ctx.t("col_random_mean"), "row"),
            Column("random_sd", ctx.t("col_random_sd"), "row"),
            Column("z", ctx.t("col_z"), "z"),
            Column("p", ctx.t("col_p"), "p"),
            Column("reading", ctx.t("col_reading")),
        ]
    note = (
        ctx.t("o_null_note", n=ctx.null.samples, seed=ctx.null.seed, floor=ctx.null.samples + 1)
        if ctx.null is not None
        else ctx.t("o_no_null")
    )
    return Table(
        "network_figures",
        ctx.t("o_figures_title"),
        frame,
        tuple(columns),
        index_label="figure",
        note=note,
    )


def _null_sentence(ctx: ReportContext, key: str, style: str) -> Markup:
    """`` (random networks ...: 0.18; z = +5.9).`` or the bare full stop."""
    null = ctx.null.row(key) if ctx.null is not None else None
    if null is None or reading(null) in ("fixed", "none"):
        return ctx.tm("period")
    return ctx.tm(
        "o_vs_random",
        mean=ctx.fig(f"null.{key}.mean", float(null["mean"]), style),
        z=ctx.fig(f"null.{key}.z", float(null["z"]), "z") if not _isnan(null["z"]) else "–",
    )


def _paragraphs(ctx: ReportContext) -> list[Paragraph]:
    f = ctx.analysis.figures
    out = []
    rels = ctx.join([ctx.relation_label(r) for r in f.get("relations", [])])
    out.append(
        Paragraph(
            ctx.tm(
                "o_intro",
                n=ctx.fig("actors", f["actors"], "int"),
                m=ctx.fig("ties", f["ties"], "int"),
                relations=rels,
                wave=f.get("wave") or ctx.t("all_waves"),
                kind=ctx.t("directed") if f.get("directed") else ctx.t("undirected"),
            )
            + _ties_sentence(ctx, f)
        )
    )
    out.append(
        Paragraph(
            ctx.tm(
                "o_density",
                density=ctx.fig("density", f["density"], "dec3"),
                pct=ctx.num(f["density"], "pct"),
                components=ctx.fig("components", f["components"], "int"),
                share=ctx.fig("largest_component_share", f["largest_component_share"], "pct"),
                isolates=ctx.fig("isolates", f["isolates"], "int"),
            )
        )
    )
    for key, style in (
        ("reciprocity", "dec3"),
        ("transitivity", "dec3"),
        ("avg_path_length", "dec2"),
        ("centralization_betweenness", "dec3"),
    ):
        value = f.get(key)
        if value is None:
            continue
        if key == "reciprocity":
            out.append(_reciprocity_paragraph(ctx, f))
            continue
        null = ctx.null.row(key) if ctx.null is not None else None
        out.append(
            Paragraph(
                ctx.tm(f"o_{key}", value=ctx.fig(key, value, style))
                + _null_sentence(ctx, key, style)
                + ctx.tm(f"o_{key}_{reading(null)}")
            )
        )
    cd = f.get("centralization_degree")
    if cd is not None:
        level = "low" if cd < 0.2 else ("high" if cd > 0.5 else "medium")
        out.append(
            Paragraph(
                ctx.tm(
                    f"o_centralization_{level}", value=ctx.fig("centralization_degree", cd, "dec3")
                )
            )
        )
    cp = f.get("core_periphery") or {}
    if cp.get("core_size") is not None:
        out.append(
            Paragraph(
                ctx.tm(
                    "o_core",
                    core=ctx.fig("core_periphery.core_size", cp["core_size"], "int"),
                    fit=ctx.fig("core_periphery.fit_discrete", cp.get("fit_discrete"), "dec2"),
                )
            )
        )
    if f.get("approximations"):
        out.append(
            Paragraph(
                ctx.tm(
                    "o_approximations",
                    items="; ".join(approximation_texts(f["approximations"], ctx.lang)),
                ),
                kind="note",
            )
        )
    return out


def _degree_chart(ctx: ReportContext) -> Chart:
    degree = ctx.analysis.actors["degree"].astype(int)
    counts = degree.value_counts().sort_index().to_dict()
    title = ctx.t("chart_degree_title")
    svg = histogram(
        {int(k): int(v) for k, v in counts.items()},
        title=title,
        x_label=ctx.t("chart_degree_x"),
        y_label=ctx.t("chart_degree_y"),
    )
    return Chart("degree_distribution", title, svg, ctx.t("chart_degree_caption"))


def overview_section(ctx: ReportContext) -> Section:
    """The cluster overview section."""
    section = Section("overview", ctx.t("sec_overview"))
    paragraphs = _paragraphs(ctx)
    section.add(
        paragraphs[0], _composition(ctx), *paragraphs[1:], _figures_table(ctx), _degree_chart(ctx)
    )
    return section
