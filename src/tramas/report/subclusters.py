"""Report section "Sub-clusters": each sub-cluster, its composition and the ties between them.

The sub-clusters are the analysis' own: communities of two or more actors, numbered by
:func:`tramas.metrics.communities.subclusters` (``AnalysisResult.communities`` and the
``subcluster`` column) and named by :func:`tramas.metrics.communities.subcluster_names`
(the names of ``analysis/communities.csv`` and of the maps; without places when the
report is anonymised); actors alone in their community are in no sub-cluster and only
counted. This section tabulates who is in each sub-cluster and counts the ties of the
analysed view between every pair of them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.metrics.communities import subcluster_names, subclusters
from tramas.report.charts import stacked_bars
from tramas.report.content import (
    Chart,
    Column,
    Paragraph,
    ReportContext,
    Section,
    Table,
    category_order,
)
from tramas.viz.encodings import KIND_COLORS

__all__ = [
    "baseline_subcluster_names",
    "between_communities",
    "subcluster_label",
    "subcluster_labels",
    "subclusters_section",
]

#: Columns of a composition table beyond which categories are grouped as "other".
MAX_CATEGORIES = 8
#: Sub-clusters (the largest) whose composition and mutual ties are detailed.
MAX_DETAILED = 12
#: Rows of the sub-cluster table shown in the report (the CSV has them all).
COMMUNITY_ROWS = 30


def subcluster_labels(ctx: ReportContext) -> dict[int, str]:
    """Sub-cluster number → name, as the analysis and the maps name them.

    :func:`tramas.metrics.communities.subcluster_names` of the analysed actors in the
    report's language (places left out when the report is anonymised).
    """
    anonymize = ctx.codes is not None
    return ctx.once(
        "subcluster_names",
        lambda: subcluster_names(
            ctx.analysis.actors, _subcluster(ctx), lang=ctx.lang, anonymize=anonymize
        ).to_dict(),
    )


def subcluster_label(ctx: ReportContext, c: Any) -> str:
    """The name of sub-cluster ``c`` ("no sub-cluster" when ``c`` is missing)."""
    if c is None or pd.isna(c):
        return ctx.t("map.no_subcluster")
    return subcluster_labels(ctx).get(int(c)) or ctx.t("community_n", n=int(c))


def baseline_subcluster_names(ctx: ReportContext) -> dict[int, str]:
    """Names of the baseline sub-clusters of the report's wave comparison.

    Named as the change map (:func:`tramas.viz.maps.build_map`) and the analysis of the
    baseline wave name them: over the study's actors.
    """
    baseline = getattr(ctx.comparison, "baseline", None)
    if baseline is None or not pd.api.types.is_integer_dtype(baseline.dtype):
        return {}  # none, or a partition given by an attribute: its own labels
    anonymize = ctx.codes is not None
    return ctx.once(
        "baseline_subcluster_names",
        lambda: subcluster_names(
            ctx.network.actors,
            baseline,
            lang=ctx.lang,
            anonymize=anonymize,
        ).to_dict(),
    )


def _label(ctx: ReportContext, c: int) -> str:
    return subcluster_label(ctx, c)


def _subcluster(ctx: ReportContext) -> pd.Series:
    """Sub-cluster of each analysed actor (``<NA>``: in none)."""
    a = ctx.analysis.actors
    if "subcluster" in a.columns:
        return a["subcluster"].astype("Int64")
    return subclusters(a["community"])


def between_communities(view, membership: pd.Series) -> pd.DataFrame:  # noqa: ANN001
    """Ties between (and within) communities, each pair of actors counted once.

    Returns
    -------
    pandas.DataFrame
        Square table of tie counts indexed and labelled by community; the diagonal
        holds the ties inside each community.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "c")])
    >>> between_communities(v, pd.Series({"a": 1, "b": 1, "c": 2})).values.tolist()
    [[1, 1], [1, 0]]
    """
    memb = membership.reindex(view.ids).to_numpy()
    labels = np.unique(memb)
    pos = {c: i for i, c in enumerate(labels)}
    e = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    pairs = np.unique(np.sort(e, axis=1), axis=0) if len(e) else e
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for a, b in pairs:
        i, j = pos[memb[a]], pos[memb[b]]
        counts[i, j] += 1
        if i != j:
            counts[j, i] += 1
    return pd.DataFrame(counts, index=labels, columns=labels)


def _crosstab(ctx: ReportContext, attr: str, group: str | None, shown: list[int]) -> Table | None:
    a = ctx.analysis.actors
    if attr not in a.columns or a[attr].isna().all():
        return None
    group_of = _subcluster(ctx)
    sub = a[group_of.isin(shown).fillna(False).to_numpy(dtype=bool)]
    values = sub[attr].astype(object).where(sub[attr].notna(), "?").astype(str)
    top = values.value_counts()
    keep = list(top.index[:MAX_CATEGORIES])
    values = values.where(values.isin(keep), "…")
    tab = pd.crosstab(group_of[sub.index].astype(int), values).reindex(shown, fill_value=0)
    order = [c for c in category_order(group, keep) if c != "?" and c in tab.columns]
    order += [c for c in ("?", "…") if c in tab.columns]
    tab = tab[order]
    frame = pd.DataFrame(
        {"community": [_label(ctx, c) for c in tab.index]}, index=tab.index.astype(str)
    )
    frame.index.name = "community"
    columns = [Column("community", ctx.t("col_community"))]
    for cat in order:
        key = f"n:{cat}"
        frame[key] = tab[cat].to_numpy()
        if cat == "…":
            name = ctx.t("other_categories")
        elif cat == "?":
            name = ctx.t("unknown")
        else:
            name = ctx.category(group, cat) if group else cat
        columns.append(Column(key, name, "int"))
    return Table(
        f"community_{attr}",
        ctx.t("c_by_title", attribute=ctx.category("group", attr)),
        frame,
        tuple(columns),
        index_label="community",
    )


def subclusters_section(ctx: ReportContext) -> Section:
    """The sub-clusters section."""
    section = Section("communities", ctx.t("sec_communities"))
    f = ctx.analysis.figures.get("communities", {})
    group_of = _subcluster(ctx)
    shown = sorted(int(c) for c in group_of.dropna().unique())
    section.add(
        Paragraph(
            ctx.tm(
                "c_intro",
                # the counts network.json, the CLI and the key findings show
                shown=ctx.fig("communities.shown", f["subclusters"], "int"),
                singles=ctx.fig("communities.singletons", f["no_subcluster"], "int"),
                modularity=ctx.fig("communities.modularity", f.get("modularity"), "dec3"),
                stability=ctx.fig("communities.mean_stability", f.get("mean_stability"), "pct"),
            )
        )
    )
    location = ctx.analysis.figures.get("location_attribute")
    # the community table's rows of the sub-clusters, indexed by sub-cluster number
    number = group_of.groupby(ctx.analysis.actors["community"]).first().dropna().astype(int)
    rows = ctx.analysis.communities.set_index("community").loc[number.index]
    rows.index = pd.Index(number.to_numpy(), name="community")
    rows = rows.sort_index()
    frame = pd.DataFrame(
        {
            "community": [_label(ctx, c) for c in rows.index],
            "size": rows["size"].to_numpy(),
            "internal": rows["internal"].to_numpy()
            if "internal" in rows
            else rows["size"].to_numpy(),
            "ties_within": rows["ties_within"].to_numpy(),
            "ties_between": rows["ties_between"].to_numpy(),
            "density": rows["density"].to_numpy(),
            "top_kind": [
                ctx.category("kind", k)
                for k in rows.get("top_kind", pd.Series("", index=rows.index))
            ],
            "top_sector": rows["top_sector"].to_numpy() if "top_sector" in rows else "",
            "top_location": rows[f"top_{location}"].to_numpy()
            if location and f"top_{location}" in rows
            else "",
            "central_actor": [ctx.name(a) for a in rows["central_actor"]],
        },
        index=rows.index.astype(str),
    )
    frame.index.name = "community"
    section.add(
        Table(
            "communities",
            ctx.t("c_table_title"),
            frame,
            (
                Column("community", ctx.t("col_community")),
                Column("size", ctx.t("col_size_n"), "int"),
                Column("internal", ctx.t("col_in_cluster"), "int"),
                Column("ties_within", ctx.t("col_ties_within"), "int"),
                Column("ties_between", ctx.t("col_ties_between"), "int"),
                Column("density", ctx.t("col_density"), "dec3"),
                Column("top_kind", ctx.t("col_top_kind")),
                Column("top_sector", ctx.t("col_top_sector")),
                Column("top_location", ctx.t("col_top_location")),
                Column("central_actor", ctx.t("col_central_actor")),
            ),
            index_label="community",
            note=ctx.t("c_table_note"),
            html_rows=COMMUNITY_ROWS,
        )
    )
    largest = shown[:MAX_DETAILED]
    if len(shown) > len(largest):
        section.add(Paragraph(ctx.tm("c_detail_note", n=len(largest)), kind="note"))
    members = group_of.isin(largest).fillna(False).to_numpy(dtype=bool)
    kinds = ctx.analysis.actors[members]
    tab = pd.crosstab(group_of[members].astype(int), kinds["kind"].astype(str)).reindex(
        largest, fill_value=0
    )
    kind_order = [k for k in KIND_COLORS if k in tab.columns] + [
        k for k in tab.columns if k not in KIND_COLORS
    ]
    title = ctx.t("chart_comm_title")
    section.add(
        Chart(
            "community_composition",
            title,
            stacked_bars(
                [_label(ctx, c) for c in tab.index],
                [ctx.category("kind", k) for k in kind_order],
                tab[kind_order].to_numpy(),
                title=title,
                colors={ctx.category("kind", k): KIND_COLORS.get(k, "#9c755f") for k in kind_order},
            ),
            ctx.t("chart_comm_caption"),
        )
    )
    for attr, group in (("kind", "kind"), ("size", "size"), (location, None), ("sector", None)):
        if attr:
            section.add(_crosstab(ctx, attr, group, largest))
    # actors in no sub-cluster are counted under 0, a label no sub-cluster has
    between = between_communities(ctx.analysis.view, group_of.fillna(0).astype(int))
    between = between.loc[largest, largest]
    frame = pd.DataFrame(
        {"community": [_label(ctx, c) for c in between.index]}, index=between.index.astype(str)
    )
    frame.index.name = "community"
    columns = [Column("community", ctx.t("col_community"))]
    for c in between.columns:
        frame[f"to_{c}"] = between[c].to_numpy()
        columns.append(Column(f"to_{c}", _label(ctx, c), "int"))
    section.add(
        Table(
            "between_communities",
            ctx.t("c_between_title"),
            frame,
            tuple(columns),
            index_label="community",
            note=ctx.t("c_between_note"),
        ),
    )
    return section
