"""Report section "Data and response quality": who answered, what was loaded, how gaps were treated.

Reads the :class:`~tramas.ingest.IngestReport` of the load (``network.report``): the
row accounting of every file, the free-recall names matched or left unresolved and the
warnings, plus the respondent flags of the actors table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from tramas.report.content import ACTOR_ROWS, Column, Paragraph, ReportContext, Section, Table

__all__ = ["quality_section", "response_figures"]

#: At most this many names are listed in the name-matching tables.
NAME_ROWS = 30


def response_figures(ctx: ReportContext) -> dict[str, float | int]:
    """Cluster actors, respondents among them, response rate, non-respondents, external actors.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import Network
    >>> a = pd.DataFrame({"internal": [True, True, False], "respondent": [True, False, False]},
    ...                  index=["a", "b", "x"])
    >>> t = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": ["trade"]})
    >>> response_figures(ReportContext("en", Network(a, t), None))["response_rate"]
    0.5
    """
    actors = ctx.network.actors
    internal = actors["internal"].fillna(True).astype(bool)
    respondent = actors["respondent"].fillna(False).astype(bool)
    n_internal = int(internal.sum())
    n_resp = int((internal & respondent).sum())
    return {
        "cluster_actors": n_internal,
        "respondents": n_resp,
        "response_rate": n_resp / n_internal if n_internal else float("nan"),
        "non_respondents": n_internal - n_resp,
        "external_actors": int((~internal).sum()),
        "external_respondents": int((~internal & respondent).sum()),
    }


def _coverage(ctx: ReportContext, fig: dict[str, float | int]) -> Paragraph:
    if fig["respondents"] == 0:
        return Paragraph(
            ctx.tm("q_no_respondents", n=ctx.fig("cluster_actors", fig["cluster_actors"], "int"))
        )
    return Paragraph(
        ctx.tm(
            "q_coverage",
            n=ctx.fig("cluster_actors", fig["cluster_actors"], "int"),
            resp=ctx.fig("respondents", fig["respondents"], "int"),
            rate=ctx.fig("response_rate", fig["response_rate"], "pct"),
            nonresp=ctx.fig("non_respondents", fig["non_respondents"], "int"),
            ext=ctx.fig("external_actors", fig["external_actors"], "int"),
        )
    )


def _files_table(ctx: ReportContext) -> Table | None:
    report = ctx.network.report
    if report is None or not report.files:
        return None
    frame = pd.DataFrame(
        {
            "file": [Path(fc.file).name for fc in report.files],
            "content": [fc.content(ctx.lang) for fc in report.files],
            "rows": [fc.rows for fc in report.files],
            "records": [fc.records for fc in report.files],
            "loaded": [fc.loaded for fc in report.files],
            "merged": [fc.merged for fc in report.files],
            "rejected": [fc.rejected for fc in report.files],
        },
        index=pd.Index([str(i + 1) for i in range(len(report.files))], name="n"),
    )
    cols = [Column("file", ctx.t("col_file")), Column("content", ctx.t("col_content"))]
    cols += [
        Column(k, ctx.t(f"col_{k}"), "int")
        for k in ("rows", "records", "loaded", "merged", "rejected")
    ]
    return Table(
        "input_files",
        ctx.t("q_files_title"),
        frame,
        tuple(cols),
        index_label="n",
        note=ctx.t("q_files_note"),
    )


def _ties_table(ctx: ReportContext) -> Table:
    net = ctx.network
    rows = []
    waves = list(net.waves) or [None]
    for rel in net.relations:
        for wave in waves:
            ties = net.select_ties(rel, wave)
            view = net.view(rel, wave=wave, weight=None)
            rows.append(
                {
                    "key": f"{rel}:{wave or ''}",
                    "relation": ctx.relation_label(rel),
                    "wave": wave or "",
                    "direction": ctx.t("directed")
                    if net.relations[rel].directed
                    else ctx.t("undirected"),
                    "reports": len(ties),
                    "reporters": int(ties["reported_by"].dropna().nunique()),
                    "ties": view.n_ties,
                }
            )
    frame = pd.DataFrame(rows).set_index("key")
    frame.index.name = "relation_wave"
    return Table(
        "ties_by_relation",
        ctx.t("q_ties_title"),
        frame,
        (
            Column("relation", ctx.t("col_relation")),
            Column("wave", ctx.t("col_wave")),
            Column("direction", ctx.t("col_direction")),
            Column("reports", ctx.t("col_reports"), "int"),
            Column("reporters", ctx.t("col_reporters"), "int"),
            Column("ties", ctx.t("col_ties"), "int"),
        ),
        index_label="relation_wave",
        note=ctx.t("q_ties_note"),
    )


def _nonrespondents_table(ctx: ReportContext) -> Table | None:
    actors = ctx.network.actors
    mask = actors["internal"].fillna(True).astype(bool) & ~actors["respondent"].fillna(
        False
    ).astype(bool)
    ids = actors.index[mask]
    if len(ids) == 0 or not actors["respondent"].fillna(False).astype(bool).any():
        return None
    # everyone tied to a non-respondent in the analysed view declared that tie (in any
    # relation, with or without direction): count those actors once each
    view = ctx.analysis.view
    g = view.graph
    position = {a: i for i, a in enumerate(view.ids)}
    named_by = pd.Series(
        [len(set(g.neighbors(position[i], mode="all"))) if i in position else 0 for i in ids],
        index=ids,
    )
    frame = ctx.actor_frame(
        ids,
        {
            "kind": [
                ctx.category("kind", actors.at[i, "kind"]) if "kind" in actors else "" for i in ids
            ],
            "size": [
                ctx.category("size", actors.at[i, "size"]) if "size" in actors else "" for i in ids
            ],
            "named_by": named_by.to_numpy(),
        },
    )
    return Table(
        "non_respondents",
        ctx.t("q_nonresp_title"),
        frame,
        (
            Column("name", ctx.t("col_actor")),
            Column("kind", ctx.t("col_kind")),
            Column("size", ctx.t("col_size")),
            Column("named_by", ctx.t("col_named_by"), "int"),
        ),
        index_label=frame.index.name,
        html_rows=ACTOR_ROWS,
        note=ctx.t("q_nonresp_note"),
    )


def _names(ctx: ReportContext, section: Section) -> None:
    report = ctx.network.report
    if report is None:
        return
    resolved = report.resolved_names or []
    approx = [r for r in resolved if str(r.get("score", "100")) not in ("100", "100.0")]
    unresolved = report.review or []
    merged = sum(fc.merged for fc in report.files)
    rejected = sum(fc.rejected for fc in report.files)
    if not resolved and not unresolved:
        section.add(
            Paragraph(
                ctx.tm(
                    "q_names_ids",
                    merged=ctx.fig("records_merged", merged, "int"),
                    rejected=ctx.fig("records_rejected", rejected, "int"),
                )
            )
        )
        return
    section.add(
        Paragraph(
            ctx.tm(
                "q_names",
                resolved=ctx.fig("names_resolved", len(resolved), "int"),
                approx=ctx.fig("names_approximate", len(approx), "int"),
                unresolved=ctx.fig("names_unresolved", len(unresolved), "int"),
                merged=ctx.fig("records_merged", merged, "int"),
                rejected=ctx.fig("records_rejected", rejected, "int"),
            )
        )
    )
    if ctx.anonymized:
        if approx or unresolved:
            section.add(Paragraph(ctx.tm("q_names_anonymized"), kind="note"))
        return
    if approx:
        rows = approx[:NAME_ROWS]
        frame = pd.DataFrame(
            {
                "written": [r.get("name", "") for r in rows],
                "actor": [ctx.name(r.get("actor", "")) for r in rows],
                "score": [float(r.get("score") or 0) for r in rows],
            },
            index=pd.Index([str(i + 1) for i in range(len(rows))], name="n"),
        )
        section.add(
            Table(
                "names_matched",
                ctx.t("q_approx_title"),
                frame,
                (
                    Column("written", ctx.t("col_written")),
                    Column("actor", ctx.t("col_matched_to")),
                    Column("score", ctx.t("col_score"), "int"),
                ),
                index_label="n",
                note=ctx.t("q_more_rows", n=len(approx) - NAME_ROWS)
                if len(approx) > NAME_ROWS
                else "",
            )
        )
    if unresolved:
        rows = unresolved[:NAME_ROWS]
        frame = pd.DataFrame(
            {
                "written": [r.get("name", "") for r in rows],
                "respondent": [
                    ctx.name(r.get("respondent", "")) if r.get("respondent") else "" for r in rows
                ],
                "relation": [
                    ctx.relation_label(r.get("relation", "")) if r.get("relation") else ""
                    for r in rows
                ],
                "wave": [r.get("wave", "") for r in rows],
                "status": [r.get("status", "") for r in rows],
            },
            index=pd.Index([str(i + 1) for i in range(len(rows))], name="n"),
        )
        section.add(
            Table(
                "names_unresolved",
                ctx.t("q_unresolved_title"),
                frame,
                (
                    Column("written", ctx.t("col_written")),
                    Column("respondent", ctx.t("col_respondent")),
                    Column("relation", ctx.t("col_relation")),
                    Column("wave", ctx.t("col_wave")),
                    Column("status", ctx.t("col_status")),
                ),
                index_label="n",
                note=ctx.t("q_unresolved_note"),
            )
        )


def _treatment(ctx: ReportContext) -> Paragraph:
    rules = []
    for rel in ctx.analysis.view.relations:
        spec = ctx.network.relations.get(rel)
        if spec is not None and not spec.directed:
            rules.append(
                ctx.t(
                    "q_rule",
                    relation=ctx.relation_label(rel, inline=True),
                    rule=ctx.t(f"sym_{spec.symmetrize}"),
                )
            )
    return Paragraph(
        ctx.tm(
            "q_treatment",
            rules=" ".join(rules),
        )
    )


def _issues_table(ctx: ReportContext) -> Table | None:
    report = ctx.network.report
    if report is None or not report.issues:
        return None
    counts = Counter((i.level, i.code) for i in report.issues)
    first = {}
    for issue in report.issues:
        first.setdefault((issue.level, issue.code), issue.describe(ctx.lang))
    keys = sorted(counts, key=lambda k: (k[0] != "error", -counts[k], k[1]))
    frame = pd.DataFrame(
        {
            "level": [ctx.t(f"level_{lv}") for lv, _ in keys],
            "code": [c for _, c in keys],
            "count": [counts[k] for k in keys],
            **({} if ctx.anonymized else {"example": [first[k] for k in keys]}),
        },
        index=pd.Index([f"{lv}:{c}" for lv, c in keys], name="issue"),
    )
    # the worded first case says what the problem is; the code (an identifier, not a
    # word of the report's language) only stands in for it when names are withheld
    cols = [
        Column("level", ctx.t("col_level")),
        *([Column("code", ctx.t("col_code"))] if ctx.anonymized else []),
        Column("count", ctx.t("col_count"), "int"),
    ]
    if not ctx.anonymized:
        cols.append(Column("example", ctx.t("col_example")))
    return Table("input_issues", ctx.t("q_issues_title"), frame, tuple(cols), index_label="issue")


def quality_section(ctx: ReportContext) -> Section:
    """The data and response quality section."""
    section = Section("quality", ctx.t("sec_quality"))
    fig = response_figures(ctx)
    section.add(_coverage(ctx, fig), _treatment(ctx), _ties_table(ctx), _files_table(ctx))
    _names(ctx, section)
    section.add(_nonrespondents_table(ctx), _issues_table(ctx))
    return section
