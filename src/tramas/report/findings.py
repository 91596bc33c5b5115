"""The "Key findings" box at the top of a report: the few facts a reader should take away.

Each finding restates a figure shown in a later section, with the same key and value,
so the summary can never disagree with the body.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from tramas.report.change_headlines import change_finding
from tramas.report.content import Items, ReportContext, Section
from tramas.report.overview import reading

__all__ = ["findings_section"]

#: Figures whose difference from random networks is worth a headline, in priority order.
HEADLINE_FIGURES: tuple[tuple[str, str], ...] = (
    ("transitivity", "dec3"),
    ("reciprocity", "dec3"),
    ("ei_index.location", "dec3"),
    ("ei_index.kind", "dec3"),
    ("centralization_betweenness", "dec3"),
    ("avg_path_length", "dec2"),
)


def _valid_for_view(key: str, figures: dict) -> bool:
    """Whether a figure describes the whole analysed view: reciprocity only for a view
    of directed relations (in a view that also holds relations without direction it
    describes only the directed ones, see the overview)."""
    if key == "reciprocity":
        return bool(figures.get("directed")) and not figures.get("undirected_relations")
    return True


def _unusual(ctx: ReportContext) -> Markup | None:
    """The figure farthest from random networks (largest |z| among significant ones that
    are valid for the analysed view)."""
    if ctx.null is None:
        return None
    best = None
    for key, style in HEADLINE_FIGURES:
        row = ctx.null.row(key)
        if row is None or reading(row) not in ("above", "below"):
            continue
        if not _valid_for_view(key, ctx.analysis.figures):
            continue
        if best is None or abs(row["z"]) > abs(best[1]["z"]):
            best = (key, row, style)
    if best is None:
        return ctx.tm("f_nothing_unusual", n=ctx.null.samples)
    key, row, style = best
    if key.startswith("ei_index."):
        attr = key.split(".", 1)[1]
        if attr == "location":
            attr = ctx.null.parameters.get("location_attribute") or "location"
        label = ctx.t("fig_ei_of", attribute=ctx.category("group", attr))
    else:
        label = ctx.t(f"fig_{key}")
        if len(label) > 1 and label[1].islower():
            label = label[0].lower() + label[1:]  # inside a sentence
    return ctx.tm(
        f"f_unusual_{reading(row)}",
        figure=label,
        value=ctx.fig(f"null.{key}.observed", float(row["observed"]), style),
        mean=ctx.fig(f"null.{key}.mean", float(row["mean"]), style),
        z=ctx.fig(f"null.{key}.z", float(row["z"]), "z"),
    )


def findings_section(ctx: ReportContext) -> Section:
    """The key findings, as a short list."""
    a = ctx.analysis.actors
    f = ctx.analysis.figures
    items: list[Markup] = [
        ctx.tm(
            "f_size",
            n=ctx.fig("actors", f["actors"], "int"),
            m=ctx.fig("ties", f["ties"], "int"),
            density=ctx.fig("density", f["density"], "dec3"),
            share=ctx.fig("largest_component_share", f["largest_component_share"], "pct"),
        )
    ]
    unusual = _unusual(ctx)
    if unusual is not None:
        items.append(unusual)
    leads = a[a["lead_firm"].astype(bool)].sort_values("lead_firm_rank")
    if len(leads):
        named = leads.index[:10]  # every lead firm of a cluster-sized study is named
        items.append(
            ctx.tm(
                "f_leads" if len(named) == len(leads) else "f_leads_top",
                names=ctx.join([ctx.name(i) for i in named]),
                n=ctx.fig("lead_firms.count", len(leads), "int"),
                top=ctx.fig("lead_firms.named", len(named), "int"),
            )
        )
    gk = a.index[a["cognitive_role"] == "gatekeeper"]
    stars = int((a["cognitive_role"] == "external_star").sum())
    if len(gk):
        top = a.loc[gk].sort_values("lead_firm_score", ascending=False).index[:4]
        items.append(
            ctx.tm(
                "f_gatekeepers",
                n=ctx.fig("cognitive_roles.counts.gatekeeper", len(gk), "int"),
                names=ctx.join([ctx.name(i) for i in top]),
                stars=ctx.fig("cognitive_roles.counts.external_star", stars, "int"),
            )
        )
    comm = f.get("communities") or {}
    if comm.get("count"):
        items.append(
            ctx.tm(
                "f_communities",
                shown=ctx.fig("communities.shown", comm["subclusters"], "int"),
                modularity=ctx.fig("communities.modularity", comm.get("modularity"), "dec3"),
            )
        )
    coop = f.get("cooperation") or {}
    if coop.get("total"):
        items.append(
            ctx.tm(
                "f_cooperation",
                h=ctx.fig("cooperation.horizontal", coop.get("horizontal"), "int"),
                v=ctx.fig("cooperation.vertical", coop.get("vertical"), "int"),
            )
        )
    ext = f.get("external_tie_share")
    if ext is not None and not (isinstance(ext, float) and math.isnan(ext)):
        items.append(ctx.tm("f_external", share=ctx.fig("external_tie_share", ext, "pct")))
    status = a["sme_status"].astype(str)
    items.append(
        ctx.tm(
            "f_smes",
            isolated=ctx.fig("smes.isolated", int((status == "isolated").sum()), "int"),
            weak=ctx.fig("smes.weak", int((status == "weak").sum()), "int"),
        )
    )
    change = change_finding(ctx)
    if change is not None:
        items.append(change)
    return Section("findings", ctx.t("sec_findings"), [Items(tuple(items), key="findings")])
