"""Report section "Cluster diagnosis": type, stage, indicators, policy options and the
collective efficiency profile.

The section renders the :class:`~tramas.metrics.diagnosis.DiagnosisResult` the report
computed once: the cluster type of Altenburg & Meyer-Stamer (1999) and its development
stage, each with its fit (``strong``, ``weak``, ``mixed``) and the indicators for and
against it; every indicator with its value, threshold, number of cases and source; the
policy options the literature ties to the type, the stage and the chains, worded as
options with their source, never as prescriptions; the collective efficiency profile
(Schmitz & Nadvi 1999): horizontal and vertical cooperation, bilateral and multilateral
joint action, the institutions' reach to firms and SMEs, and where knowledge comes from
(Giuliani & Bell 2005); and one line naming the evidence the data lack.

References
----------
Altenburg, T. & Meyer-Stamer, J. (1999). How to promote clusters: policy experiences from
Latin America. *World Development* 27(9), 1693-1713.
Schmitz, H. & Nadvi, K. (1999). Clustering and industrialization: introduction. *World
Development* 27(9), 1503-1514.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from markupsafe import Markup

from tramas.report.content import Column, Items, Paragraph, ReportContext, Section, Table
from tramas.report.value_chains import evidence_text

__all__ = ["collective_rows", "diagnosis_section", "indicator_label"]

#: Indicators counted in whole numbers; those ending in ``_share`` or ``_reach`` are
#: shares, the others decimals.
_COUNTS = frozenset({"lead_firms"})


def indicator_label(ctx: ReportContext, name: str) -> str:
    """An indicator's name in the report's language, capitalised.

    Examples
    --------
    >>> ctx = ReportContext(lang="en", network=None, analysis=None)
    >>> indicator_label(ctx, "lead_firms")
    'Lead firms'
    """
    text = ctx.t_or(f"diagnosis.indicator.{name}", name)
    return text[:1].upper() + text[1:]


def _style(name: str) -> str:
    if name in _COUNTS:
        return "int"
    if name.endswith(("_share", "_reach")) or name == "firm_reach" or name == "tie_growth":
        return "pct"
    return "dec2"


def _number(ctx: ReportContext, value: Any, style: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return ctx.num(value, style)  # type: ignore[arg-type]


def _threshold(ctx: ReportContext, threshold: Any, style: str) -> str:
    """A threshold as text: one number, or ``low – high`` for a stage indicator."""
    if isinstance(threshold, list | tuple):
        return " – ".join(_number(ctx, t, style) for t in threshold)
    return _number(ctx, threshold, style)


def _names(ctx: ReportContext, keys: list[str]) -> str:
    return "; ".join(ctx.t_or(f"diagnosis.indicator.{k}", k) for k in keys)


def _classification(ctx: ReportContext, which: str, result: Mapping[str, Any]) -> list[Any]:
    """The paragraph of the type (``which="type"``) or stage, and its evidence."""
    key = str(result.get("key", "undetermined"))
    label = ctx.t_or(f"diagnosis.{which}.{key}", key)
    fit = ctx.t_or(f"diagnosis.fit.{result.get('fit', 'mixed')}", str(result.get("fit")))
    values = {
        which: Markup('<strong data-key="diagnosis.{}">{}</strong>').format(which, label),
        "fit": fit,
        "agree": ctx.fig(f"diagnosis.{which}.agree", int(result.get("agree", 0)), "int"),
        "with_data": ctx.fig(
            f"diagnosis.{which}.with_data", int(result.get("with_data", 0)), "int"
        ),
    }
    undetermined = "_undetermined" if key == "undetermined" else ""
    blocks: list[Any] = [Paragraph(ctx.tm(f"dg_{which}{undetermined}", **values))]
    items = []
    for part, text_key in (("for", "dg_for"), ("against", "dg_against"), ("missing", "dg_no_data")):
        keys = [str(k) for k in result.get(part) or []]
        if keys and (key != "undetermined" or part != "missing"):
            items.append(ctx.tm(text_key, items=_names(ctx, keys)))
    if items:
        blocks.append(Items(tuple(items), key=f"diagnosis_{which}"))
    return blocks


def _indicator_table(ctx: ReportContext, indicators: Mapping[str, Mapping[str, Any]]) -> Table:
    rows = []
    for name, entry in indicators.items():
        style = _style(name)
        value = entry.get("value")
        rows.append(
            {
                "name": name,
                "indicator": indicator_label(ctx, name),
                "value": float(value) if value is not None else float("nan"),
                "style_value": style,
                "threshold": _threshold(ctx, entry.get("threshold"), style),
                "n": entry.get("n"),
                "source": ctx.t_or(
                    f"diagnosis.source.{entry.get('source')}", str(entry.get("source") or "")
                ),
            }
        )
    frame = pd.DataFrame(rows).set_index("name")
    frame["n"] = pd.to_numeric(frame["n"], errors="coerce")
    return Table(
        "diagnosis_indicators",
        ctx.t("dg_ind_title"),
        frame,
        (
            Column("indicator", ctx.t("dg_col_indicator")),
            Column("value", ctx.t("dg_col_value"), "row"),
            Column("threshold", ctx.t("dg_col_threshold")),
            Column("n", ctx.t("dg_col_n"), "int"),
            Column("source", ctx.t("dg_col_source")),
        ),
        index_label="indicator",
        note=ctx.t("dg_ind_note"),
        wide=True,
    )


def collective_rows(collective: Mapping[str, Any]) -> list[tuple[str, Any, str]]:
    """The figures of the collective efficiency profile shown in the report:
    ``(key, value, style)``, those without a value left out.

    Examples
    --------
    >>> collective_rows({"cooperation": {"horizontal": 3, "vertical": 5},
    ...                  "knowledge": {"outside_share": None}})
    [('horizontal', 3, 'int'), ('vertical', 5, 'int')]
    """
    coop = collective.get("cooperation") or {}
    joint = collective.get("joint_action") or {}
    inst = collective.get("institutions") or {}
    know = collective.get("knowledge") or {}
    rows = [
        ("horizontal", coop.get("horizontal"), "int"),
        ("vertical", coop.get("vertical"), "int"),
        ("bilateral", joint.get("bilateral"), "int"),
        ("multilateral", joint.get("multilateral"), "int"),
        ("firms_multilateral_share", joint.get("firms_multilateral_share"), "pct"),
        ("firm_reach", inst.get("firm_reach"), "pct"),
        ("sme_reach", inst.get("sme_reach"), "pct"),
        ("outside_share", know.get("outside_share"), "pct"),
        ("linked_firm_share", collective.get("linked_firm_share"), "pct"),
    ]
    return [(k, v, s) for k, v, s in rows if v is not None]


def _collective_table(ctx: ReportContext, collective: Mapping[str, Any]) -> Table | None:
    rows = collective_rows(collective)
    if not rows:
        return None
    frame = pd.DataFrame(
        {
            "measure": [ctx.t(f"dg_ce.{k}") for k, _, _ in rows],
            "value": [float(v) for _, v, _ in rows],
            "style_value": [s for _, _, s in rows],
        },
        index=pd.Index([k for k, _, _ in rows], name="measure"),
    )
    return Table(
        "collective_efficiency",
        ctx.t("dg_collective_title"),
        frame,
        (
            Column("measure", ctx.t("dg_col_measure")),
            Column("value", ctx.t("dg_col_value"), "row"),
        ),
        index_label="measure",
        note=ctx.t("dg_collective_note"),
        compact=True,
    )


def _policy(ctx: ReportContext, policy: list[Mapping[str, Any]]) -> list[Any]:
    blocks: list[Any] = [Paragraph(Markup(ctx.t("dg_policy_heading")), "heading")]
    if not policy:
        return [*blocks, Paragraph(ctx.tm("dg_policy_none"))]
    items = tuple(
        ctx.tm(
            "dg_policy_item",
            option=ctx.t_or(f"diagnosis.policy.{p['key']}", str(p["key"])).rstrip(". "),
            source=ctx.t_or(f"diagnosis.source.{p.get('source')}", str(p.get("source") or "")),
        )
        for p in policy
    )
    return [*blocks, Paragraph(ctx.tm("dg_policy_intro")), Items(items, key="policy")]


def diagnosis_section(ctx: ReportContext) -> Section:
    """The cluster diagnosis section (from ``ctx.diagnosis``)."""
    d = ctx.diagnosis
    section = Section("diagnosis", ctx.t("sec_diagnosis"))
    section.add(*_classification(ctx, "type", d.cluster_type))
    section.add(*_classification(ctx, "stage", d.stage))
    section.add(Paragraph(ctx.tm("dg_fit_note"), "note"))
    if d.indicators:
        section.add(_indicator_table(ctx, d.indicators))
    section.add(*_policy(ctx, list(d.policy)))
    section.add(_collective_table(ctx, d.collective or {}))
    if d.missing:
        section.add(Paragraph(ctx.tm("dg_missing", missing=evidence_text(ctx, list(d.missing)))))
    return section
