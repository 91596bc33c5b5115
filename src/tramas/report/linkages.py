"""Report section "Cooperation and linkages": horizontal and vertical cooperation, ties
inside and outside the cluster, the E-I index of each grouping and which institutions
reach which firms.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tramas.report.content import ACTOR_ROWS, Column, Paragraph, ReportContext, Section, Table
from tramas.report.overview import reading

__all__ = ["institution_reach", "linkages_section", "tie_types"]

#: Actor kinds counted as support institutions.
INSTITUTION_KINDS: tuple[str, ...] = ("government", "research", "finance", "association", "other")
#: How many firms are named per institution.
NAMED_FIRMS = 5


def _pairs(view) -> np.ndarray:  # noqa: ANN001
    """Distinct unordered pairs of actors tied in the view (vertex indices)."""
    e = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    return np.unique(np.sort(e, axis=1), axis=0) if len(e) else e


def tie_types(view) -> dict[str, int]:  # noqa: ANN001
    """Pairs of tied actors by where they are: both inside the cluster, one, or none.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"internal": [True, True, False]}, index=pd.Index(list("abx"), name="id"))
    >>> tie_types(NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "x")], actors=a))
    {'internal': 1, 'mixed': 1, 'external': 0}
    """
    pairs = _pairs(view)
    internal = (
        view.actors["internal"].fillna(True).astype(bool).to_numpy()
        if "internal" in view.actors.columns
        else np.ones(view.n_actors, dtype=bool)
    )
    if len(pairs) == 0:
        return {"internal": 0, "mixed": 0, "external": 0}
    inside = internal[pairs[:, 0]].astype(int) + internal[pairs[:, 1]].astype(int)
    return {
        "internal": int((inside == 2).sum()),
        "mixed": int((inside == 1).sum()),
        "external": int((inside == 0).sum()),
    }


def institution_reach(view) -> pd.DataFrame:  # noqa: ANN001
    """For each support institution of the cluster, the firms it is tied to.

    Returns
    -------
    pandas.DataFrame
        Indexed by institution id: ``firms`` (distinct cluster firms tied to it, either
        direction), ``smes`` (of which micro, small or medium) and ``firm_ids`` (list,
        most connected first).

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"kind": ["research", "firm", "firm"], "size": [None, "micro", "large"]},
    ...                  index=pd.Index(["u", "f1", "f2"], name="id"))
    >>> r = institution_reach(NetworkView.from_edges([("u", "f1"), ("f2", "u")], actors=a))
    >>> r.loc["u", ["firms", "smes"]].tolist()
    [2, 1]
    """
    actors = view.actors
    kind = (
        actors["kind"].astype(object).where(actors["kind"].notna(), "firm").to_numpy()
        if "kind" in actors.columns
        else np.full(view.n_actors, "firm", dtype=object)
    )
    internal = (
        actors["internal"].fillna(True).astype(bool).to_numpy()
        if "internal" in actors.columns
        else np.ones(view.n_actors, dtype=bool)
    )
    size = (
        actors["size"].astype(object).to_numpy()
        if "size" in actors.columns
        else np.full(view.n_actors, None, dtype=object)
    )
    degree = np.asarray(view.graph.degree(), dtype=float)
    firm = (kind == "firm") & internal
    inst = np.isin(kind, INSTITUTION_KINDS) & internal
    pairs = _pairs(view)
    reach: dict[int, list[int]] = {int(i): [] for i in np.flatnonzero(inst)}
    for a, b in pairs:
        if inst[a] and firm[b]:
            reach[int(a)].append(int(b))
        if inst[b] and firm[a]:
            reach[int(b)].append(int(a))
    ids = view.ids
    rows = []
    for i, firms in reach.items():
        firms = sorted(firms, key=lambda j: (-degree[j], ids[j]))
        rows.append(
            {
                "id": ids[i],
                "firms": len(firms),
                "smes": int(sum(size[j] in ("micro", "small", "medium") for j in firms)),
                "firm_ids": [ids[j] for j in firms],
            }
        )
    frame = pd.DataFrame(rows, columns=["id", "firms", "smes", "firm_ids"]).set_index("id")
    return frame.sort_values("firms", ascending=False, kind="stable")


def _cooperation(ctx: ReportContext, section: Section) -> None:
    section.add(Paragraph(ctx.tm("l_h_cooperation"), kind="heading"))
    coop = ctx.analysis.figures.get("cooperation") or {}
    total = coop.get("total", 0)
    if not total:
        section.add(Paragraph(ctx.tm("l_no_cooperation"), kind="note"))
        return
    h, v, u = coop.get("horizontal", 0), coop.get("vertical", 0), coop.get("unspecified", 0)
    known = h + v
    section.add(
        Paragraph(
            ctx.tm(
                "l_cooperation",
                total=ctx.fig("cooperation.total", total, "int"),
                h=ctx.fig("cooperation.horizontal", h, "int"),
                v=ctx.fig("cooperation.vertical", v, "int"),
                u=ctx.fig("cooperation.unspecified", u, "int"),
                h_share=ctx.num(h / known if known else 0.0, "pct"),
            )
            + ctx.tm("sentence_gap")
            + ctx.tm(
                "l_coop_more_vertical"
                if v > h
                else ("l_coop_more_horizontal" if h > v else "l_coop_balanced")
            )
        )
    )


def _internal_external(ctx: ReportContext, section: Section) -> None:
    section.add(Paragraph(ctx.tm("l_h_external"), kind="heading"))
    f = ctx.analysis.figures
    types = tie_types(ctx.analysis.view)
    cog = ctx.analysis.cognitive_result.table
    open_actors = int(((cog["cognitive_role"] != "external") & (cog["openness"] > 0)).sum())
    section.add(
        Paragraph(
            ctx.tm(
                "l_external",
                share=ctx.fig("external_tie_share", f.get("external_tie_share"), "pct"),
                internal=ctx.fig("tie_types.internal", types["internal"], "int"),
                mixed=ctx.fig("tie_types.mixed", types["mixed"], "int"),
                open=ctx.fig("knowledge_open_actors", open_actors, "int"),
            )
        )
    )


def _ei_table(ctx: ReportContext, section: Section) -> None:
    f = ctx.analysis.figures
    ei = f.get("ei_index") or {}
    assort = f.get("attribute_assortativity") or {}
    location = f.get("location_attribute")
    rows, keys = [], []
    for attr, value in ei.items():
        if value is None:
            continue
        null_key = "ei_index.location" if attr == location else f"ei_index.{attr}"
        null = ctx.null.row(null_key) if ctx.null is not None else None
        keys.append(attr)
        rows.append(
            {
                "attribute": ctx.category("group", attr),
                "ei": value,
                "assortativity": assort.get(attr, np.nan)
                if assort.get(attr) is not None
                else np.nan,
                "random_mean": float(null["mean"]) if null is not None else np.nan,
                "z": float(null["z"]) if null is not None else np.nan,
                "reading": ctx.t(
                    "ei_within" if value < -0.2 else ("ei_across" if value > 0.2 else "ei_mixed")
                ),
                "vs_random": ctx.t(f"read_{reading(null)}") if null is not None else "",
            }
        )
    if not rows:
        return
    frame = pd.DataFrame(rows, index=pd.Index(keys, name="attribute"))
    section.add(
        Paragraph(ctx.tm("l_h_ei"), kind="heading"),
        Paragraph(ctx.tm("l_ei_intro")),
        Table(
            "ei_index",
            ctx.t("l_ei_title"),
            frame,
            (
                Column("attribute", ctx.t("col_attribute")),
                Column("ei", ctx.t("col_ei"), "dec3"),
                Column("reading", ctx.t("col_reading")),
                Column("assortativity", ctx.t("col_assortativity"), "dec3"),
                Column("random_mean", ctx.t("col_random_mean"), "dec3"),
                Column("z", ctx.t("col_z"), "z"),
                Column("vs_random", ctx.t("col_vs_random")),
            ),
            index_label="attribute",
            note=ctx.t("l_ei_note"),
        ),
    )


def _institutions(ctx: ReportContext, section: Section) -> None:
    section.add(Paragraph(ctx.tm("l_h_institutions"), kind="heading"))
    view = ctx.analysis.view
    reach = institution_reach(view)
    actors = view.actors
    kind = (
        actors["kind"].astype(object)
        if "kind" in actors.columns
        else pd.Series("firm", index=actors.index)
    )
    internal = (
        actors["internal"].fillna(True).astype(bool)
        if "internal" in actors.columns
        else pd.Series(True, index=actors.index)
    )
    firms = actors.index[(kind == "firm") & internal]
    reached = {f for ids in reach["firm_ids"] for f in ids}
    smes = (
        set(firms[actors.loc[firms, "size"].isin(["micro", "small", "medium"])])
        if "size" in actors.columns
        else set()
    )
    section.add(
        Paragraph(
            ctx.tm(
                "l_institutions",
                n=ctx.fig("institutions.count", len(reach), "int"),
                share=ctx.fig(
                    "institutions.firms_reached_share",
                    len(reached & set(firms)) / len(firms) if len(firms) else 0.0,
                    "pct",
                ),
                sme_share=ctx.fig(
                    "institutions.smes_reached_share",
                    len(reached & smes) / len(smes) if smes else 0.0,
                    "pct",
                ),
            )
        )
    )
    if reach.empty:
        return
    frame = ctx.actor_frame(
        reach.index,
        {
            "kind": [ctx.category("kind", kind.get(i)) for i in reach.index],
            "firms": reach["firms"].to_numpy(),
            "smes": reach["smes"].to_numpy(),
            "named": [
                ", ".join(ctx.name(f) for f in ids[:NAMED_FIRMS])
                + (" …" if len(ids) > NAMED_FIRMS else "")
                for ids in reach["firm_ids"]
            ],
        },
    )
    section.add(
        Table(
            "institution_reach",
            ctx.t("l_inst_title"),
            frame,
            (
                Column("name", ctx.t("col_institution")),
                Column("kind", ctx.t("col_kind")),
                Column("firms", ctx.t("col_firms_reached"), "int"),
                Column("smes", ctx.t("col_smes_reached"), "int"),
                Column("named", ctx.t("col_firms_named")),
            ),
            index_label=frame.index.name,
            html_rows=ACTOR_ROWS,
            note=ctx.t("l_inst_note", n=NAMED_FIRMS),
        )
    )


def linkages_section(ctx: ReportContext) -> Section:
    """The cooperation and linkages section."""
    section = Section("linkages", ctx.t("sec_linkages"))
    _cooperation(ctx, section)
    _internal_external(ctx, section)
    _ei_table(ctx, section)
    _institutions(ctx, section)
    return section
