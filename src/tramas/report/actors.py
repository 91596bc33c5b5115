"""Report sections on actors: key actors (lead firms, cognitive roles, brokers, the most
central) and the isolated or weakly connected SMEs that cluster policy targets.

Every value comes from the analysis (``AnalysisResult.actors`` and the role results);
reasons are the analysis' own words.
"""

from __future__ import annotations

import pandas as pd

from tramas.locale.reasons import reason_texts
from tramas.report.charts import bar_chart, scatter
from tramas.report.content import (
    ACTOR_ROWS,
    Chart,
    Column,
    Items,
    Paragraph,
    ReportContext,
    Section,
    Table,
)

__all__ = ["CENTRALITY_MEASURES", "ROLE_COLORS", "actors_section", "smes_section"]

#: Measures of the "most central actors" tables: (column, style, directed views only).
CENTRALITY_MEASURES: tuple[tuple[str, str, bool], ...] = (
    ("degree", "int", False),
    ("indegree", "int", True),
    ("outdegree", "int", True),
    ("betweenness", "dec1", False),
    ("closeness", "dec3", False),
    ("eigenvector", "dec3", False),
    ("pagerank", "dec3", False),
)
#: Measures also drawn as bar charts.
CHARTED: tuple[str, ...] = ("degree", "betweenness", "pagerank")
#: Colours of the cognitive roles (scatter chart).
ROLE_COLORS: dict[str, str] = {
    "gatekeeper": "#e15759",
    "mutual_exchanger": "#f28e2b",
    "source": "#59a14f",
    "absorber": "#4e79a7",
    "external_star": "#b07aa1",
    "isolated": "#bab0ac",
}
#: Gatekeepers named in the scatter chart (the others are in the table).
LABELLED = 6
_ROLE_ORDER = ("gatekeeper", "mutual_exchanger", "source", "absorber", "external_star", "isolated")
_BROKER_ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
_SME_SIZES = ("micro", "small", "medium")


def _attr(ctx: ReportContext, ids: pd.Index, col: str, group: str | None = None) -> list[str]:
    actors = ctx.analysis.actors
    if col not in actors.columns:
        return [""] * len(ids)
    values = actors[col].reindex(ids)
    return [ctx.category(group, v) if group else ("" if pd.isna(v) else str(v)) for v in values]


# ------------------------------------------------------------------------- lead firms
def _lead_firms(ctx: ReportContext, section: Section) -> None:
    section.add(Paragraph(ctx.tm("a_h_leads"), kind="heading"))
    a = ctx.analysis.actors
    leads = a[a["lead_firm"].astype(bool)].sort_values("lead_firm_rank")
    weights = ctx.analysis.figures.get("lead_firms", {}).get("weights", {})
    parts = [
        ctx.t("lead_weight", component=ctx.t(f"lead_c_{k}"), w=ctx.num(w, "pct0"))
        for k, w in weights.items()
        if w
    ]
    section.add(
        Paragraph(
            ctx.tm(
                "a_leads_intro",
                n=ctx.fig("lead_firms.count", len(leads), "int"),
                components=ctx.join(parts),
            )
        ),
    )
    if leads.empty:
        section.add(Paragraph(ctx.tm("a_no_leads"), kind="note"))
        return
    frame = ctx.actor_frame(
        leads.index,
        {
            "lead_firm_rank": leads["lead_firm_rank"].to_numpy(),
            "size": _attr(ctx, leads.index, "size", "size"),
            "ownership": _attr(ctx, leads.index, "ownership", "ownership"),
            "lead_firm_score": leads["lead_firm_score"].to_numpy(),
            # worded here, in the report's language, from the analysis' codes
            "lead_firm_reason": reason_texts(ctx.analysis, ctx.lang, ids=leads.index)[
                "lead_firm_reason"
            ].to_numpy(),
        },
    )
    section.add(
        Table(
            "lead_firms",
            ctx.t("a_leads_title"),
            frame,
            (
                Column("lead_firm_rank", ctx.t("col_rank"), "int"),
                Column("name", ctx.t("col_actor")),
                Column("size", ctx.t("col_size")),
                Column("ownership", ctx.t("col_ownership")),
                Column("lead_firm_score", ctx.t("col_score"), "dec3"),
                Column("lead_firm_reason", ctx.t("col_reason")),
            ),
            index_label=frame.index.name,
        )
    )


# ------------------------------------------------------------------------- cognitive roles
def _cognitive(ctx: ReportContext, section: Section) -> None:
    section.add(Paragraph(ctx.tm("a_h_cognitive"), kind="heading"))
    cog = ctx.analysis.cognitive_result
    table = cog.table
    roles = ctx.analysis.actors["cognitive_role"]
    counts = roles.value_counts()
    th = cog.thresholds
    section.add(
        Paragraph(
            ctx.tm(
                "a_cog_intro",
                relation=ctx.relation_label(cog.relation, inline=True),
                t_out=ctx.fig("cognitive_roles.thresholds.outdegree", th.get("outdegree"), "dec2"),
                t_in=ctx.fig("cognitive_roles.thresholds.indegree", th.get("indegree"), "dec2"),
                t_ext=ctx.fig("cognitive_roles.thresholds.openness", th.get("openness"), "dec2"),
            )
        )
    )
    frame = pd.DataFrame(
        {
            "role": [ctx.category("role", r) for r in _ROLE_ORDER],
            "count": [int(counts.get(r, 0)) for r in _ROLE_ORDER],
            "meaning": [ctx.t(f"role_def_{r}") for r in _ROLE_ORDER],
        },
        index=pd.Index(list(_ROLE_ORDER), name="role_code"),
    )
    section.add(
        Table(
            "cognitive_roles",
            ctx.t("a_cog_title"),
            frame,
            (
                Column("role", ctx.t("col_role")),
                Column("count", ctx.t("col_actors"), "int"),
                Column("meaning", ctx.t("col_meaning")),
            ),
            index_label="role_code",
        )
    )
    notable = [
        r for r in ("gatekeeper", "external_star", "source", "mutual_exchanger") if counts.get(r, 0)
    ]
    ids = [i for r in notable for i in table.index[table["cognitive_role"] == r]]
    if ids:
        idx = pd.Index(ids)
        frame = ctx.actor_frame(
            idx,
            {
                "role": [ctx.category("role", r) for r in table.loc[idx, "cognitive_role"]],
                "kind": _attr(ctx, idx, "kind", "kind"),
                "internal_outdegree": table.loc[idx, "internal_outdegree"].to_numpy(),
                "internal_indegree": table.loc[idx, "internal_indegree"].to_numpy(),
                "openness": table.loc[idx, "openness"].to_numpy(),
            },
        )
        section.add(
            Table(
                "cognitive_actors",
                ctx.t("a_cog_actors_title"),
                frame,
                (
                    Column("role", ctx.t("col_role")),
                    Column("name", ctx.t("col_actor")),
                    Column("kind", ctx.t("col_kind")),
                    Column("internal_outdegree", ctx.t("col_gives"), "int"),
                    Column("internal_indegree", ctx.t("col_receives"), "int"),
                    Column("openness", ctx.t("col_openness"), "int"),
                ),
                index_label=frame.index.name,
                html_rows=ACTOR_ROWS,
                note=ctx.t("a_cog_actors_note"),
            )
        )
    section.add(_cognitive_chart(ctx))


def _cognitive_chart(ctx: ReportContext) -> Chart:
    cog = ctx.analysis.cognitive_result
    t = cog.table[cog.table["cognitive_role"] != "external"]
    role_label = {r: ctx.category("role", r) for r in _ROLE_ORDER}
    colors = {role_label[r]: c for r, c in ROLE_COLORS.items()}
    gk = t[t["cognitive_role"] == "gatekeeper"]
    named = set(
        (gk["internal_outdegree"] + gk["openness"]).sort_values(ascending=False).index[:LABELLED]
    )
    labels = [ctx.name(i) if i in named else "" for i in t.index]
    title = ctx.t("chart_cog_title")
    svg = scatter(
        t["internal_outdegree"].to_numpy(),
        t["openness"].to_numpy(),
        [role_label.get(r, r) for r in t["cognitive_role"]],
        title=title,
        x_label=ctx.t("chart_cog_x"),
        y_label=ctx.t("chart_cog_y"),
        colors=colors,
        labels=labels,
        x_line=cog.thresholds.get("outdegree"),
        y_line=cog.thresholds.get("openness"),
    )
    return Chart("cognitive_roles", title, svg, ctx.t("chart_cog_caption"))


# ------------------------------------------------------------------------- brokers
def _brokers(ctx: ReportContext, section: Section, per_role: int = 3) -> None:
    section.add(Paragraph(ctx.tm("a_h_brokers"), kind="heading"))
    a = ctx.analysis.actors
    groups = ctx.analysis.figures.get("brokerage", {}).get("groups") or ctx.analysis.parameters.get(
        "groups"
    )
    section.add(
        Paragraph(ctx.tm("a_brokers_intro", groups=ctx.category("group", groups) if groups else ""))
    )
    rows, keys = [], []
    for role in _BROKER_ROLES:
        col = f"brokerage_{role}"
        top = a[a[col] > 0].sort_values([col, "betweenness"], ascending=False).head(per_role)
        for rank, (actor_id, row) in enumerate(top.iterrows(), start=1):
            keys.append(f"{role}:{ctx.key(actor_id)}")
            rows.append(
                {
                    "role": ctx.category("broker", role),
                    "rank": rank,
                    "name": ctx.name(actor_id),
                    "group": ctx.category(groups, row.get(groups)) if groups in a.columns else "",
                    "count": int(row[col]),
                    "share": int(row[col]) / int(row["brokerage_total"])
                    if row["brokerage_total"]
                    else 0.0,
                }
            )
    if not rows:
        section.add(Paragraph(ctx.tm("a_no_brokers"), kind="note"))
        return
    frame = pd.DataFrame(rows, index=pd.Index(keys, name="role_actor"))
    section.add(
        Table(
            "brokers",
            ctx.t("a_brokers_title"),
            frame,
            (
                Column("role", ctx.t("col_role")),
                Column("rank", ctx.t("col_rank"), "int"),
                Column("name", ctx.t("col_actor")),
                Column("group", ctx.t("col_group")),
                Column("count", ctx.t("col_paths"), "int"),
                Column("share", ctx.t("col_share_of_brokerage"), "pct"),
            ),
            index_label="role_actor",
        )
    )


# ------------------------------------------------------------------------- central actors
def _central(ctx: ReportContext, section: Section) -> None:
    a = ctx.analysis.actors
    directed = bool(ctx.analysis.view.directed)
    section.add(Paragraph(ctx.tm("a_h_central"), kind="heading"))
    section.add(Paragraph(ctx.tm("a_central_intro", n=ctx.top)))
    charts = []
    for measure, style, directed_only in CENTRALITY_MEASURES:
        if directed_only and not directed or measure not in a.columns:
            continue
        top = a.sort_values([measure, "degree"], ascending=False).head(ctx.top)
        frame = ctx.actor_frame(
            top.index,
            {
                "rank": range(1, len(top) + 1),
                "kind": _attr(ctx, top.index, "kind", "kind"),
                measure: top[measure].to_numpy(),
            },
        )
        section.add(
            Table(
                f"top_{measure}",
                ctx.t("a_top_title", measure=ctx.t(f"measure_{measure}")),
                frame,
                (
                    Column("rank", ctx.t("col_rank"), "int"),
                    Column("name", ctx.t("col_actor")),
                    Column("kind", ctx.t("col_kind")),
                    Column(measure, ctx.t(f"measure_{measure}"), style),
                ),
                index_label=frame.index.name,
                compact=True,
            )
        )
        if measure in CHARTED:
            title = ctx.t("chart_top_title", measure=ctx.t(f"measure_{measure}"))
            charts.append(
                Chart(
                    f"top_{measure}",
                    title,
                    bar_chart(
                        [ctx.name(i) for i in top.index],
                        top[measure].tolist(),
                        title=title,
                        fmt=lambda v, s=style: ctx.num(v, s),
                        tick_fmt=lambda v: ctx.num(v, "auto"),
                    ),
                )
            )
    section.add(*charts)


def actors_section(ctx: ReportContext) -> Section:
    """The key actors section."""
    section = Section("actors", ctx.t("sec_actors"))
    section.add(Paragraph(ctx.tm("a_intro")))
    _lead_firms(ctx, section)
    _cognitive(ctx, section)
    _brokers(ctx, section)
    _central(ctx, section)
    return section


# ------------------------------------------------------------------------- SMEs
def _contacts(ctx: ReportContext, targets: pd.DataFrame) -> list[int]:
    """Distinct contacts of each actor as the analysis counted them (else degree)."""
    smes = getattr(ctx.analysis, "smes", None)
    if smes is not None and "contacts" in getattr(smes, "columns", ()):
        return [int(v) for v in smes["contacts"].reindex(targets.index).fillna(0)]
    return [int(v) for v in targets["degree"]]


def smes_section(ctx: ReportContext) -> Section:
    """The isolated and weakly connected SMEs section (policy targets)."""
    section = Section("smes", ctx.t("sec_smes"))
    a = ctx.analysis.actors
    status = a["sme_status"].astype(str)
    n_sme = int((status != "not_sme").sum())
    isolated = int((status == "isolated").sum())
    weak = int((status == "weak").sum())
    section.add(
        Paragraph(
            ctx.tm(
                "s_intro",
                smes=ctx.fig("smes.total", n_sme, "int"),
                isolated=ctx.fig("smes.isolated", isolated, "int"),
                weak=ctx.fig("smes.weak", weak, "int"),
                share=ctx.fig(
                    "smes.target_share", (isolated + weak) / n_sme if n_sme else 0.0, "pct"
                ),
            )
        )
    )
    targets = a[status.isin(["isolated", "weak"])]
    targets = targets.assign(_order=targets["sme_status"].map({"isolated": 0, "weak": 1}))
    targets = targets.sort_values(["_order", "degree"])
    if targets.empty:
        section.add(Paragraph(ctx.tm("s_none"), kind="note"))
        return section
    columns = {
        "size": _attr(ctx, targets.index, "size", "size"),
        "sector": _attr(ctx, targets.index, "sector"),
    }
    if not ctx.anonymized:
        location = ctx.analysis.figures.get("location_attribute") or "municipality"
        columns["location"] = _attr(ctx, targets.index, location)
    columns.update(
        {
            "sme_status": [ctx.category("sme", s) for s in targets["sme_status"]],
            "contacts": _contacts(ctx, targets),
            "cognitive_role": [ctx.category("role", r) for r in targets["cognitive_role"]],
            # worded here, in the report's language, from the analysis' codes
            "sme_reason": reason_texts(ctx.analysis, ctx.lang, ids=targets.index)[
                "sme_reason"
            ].to_numpy(),
        }
    )
    frame = ctx.actor_frame(targets.index, columns)
    cols = [
        Column("name", ctx.t("col_actor")),
        Column("size", ctx.t("col_size")),
        Column("sector", ctx.t("col_sector")),
    ]
    if "location" in frame.columns:
        cols.append(Column("location", ctx.t("col_location")))
    cols += [
        Column("sme_status", ctx.t("col_status")),
        Column("contacts", ctx.t("col_contacts"), "int"),
        Column("cognitive_role", ctx.t("col_role")),
        Column("sme_reason", ctx.t("col_reason")),
    ]
    section.add(
        Table(
            "policy_targets",
            ctx.t("s_table_title"),
            frame,
            tuple(cols),
            index_label=frame.index.name,
            html_rows=ACTOR_ROWS,
            note=ctx.t("s_note"),
        ),
        Paragraph(ctx.tm("s_policy_title"), kind="heading"),
        Items((ctx.tm("s_policy_1"), ctx.tm("s_policy_2"), ctx.tm("s_policy_3")), key="sme_policy"),
    )
    return section
