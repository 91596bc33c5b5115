"""The sentences of the "Change between waves" section: what changed, in words a policy
audience reads ("horizontal cooperation grew from 45 to 69 pairs"), and the key finding
on change at the top of the report.

Every number is a :meth:`~tramas.report.content.ReportContext.fig` keyed
``change.<path>``, ``<path>`` being its place in
:attr:`WaveComparison.summary <tramas.metrics.change.WaveComparison>` with dots
(``change.relations.cooperation.new``); a few counts of the summary's lists have keys of
their own (``change.actors.n_entering``, ``change.actors.n_leaving``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from tramas.report.content import Items, ReportContext

__all__ = [
    "ALPHA",
    "NAMED",
    "change_fig",
    "change_finding",
    "change_headlines",
    "join_markup",
    "method_label",
    "trend",
]

#: One-sided QAP p-value below which a wave is read as similar to the baseline.
ALPHA = 0.05
#: Names listed in a sentence before "and n more".
NAMED = 6


def change_fig(ctx: ReportContext, path: str, value: Any, style: str = "int") -> Markup:
    """A number of the comparison in a sentence, keyed ``change.<path in the summary>``."""
    return ctx.fig(f"change.{path}", value, style)


def trend(a: Any, b: Any) -> str:
    """``up``, ``down`` or ``same``.

    Examples
    --------
    >>> trend(45, 69), trend(55, 52), trend(3, 3)
    ('up', 'down', 'same')
    """
    if a is None or b is None or a == b:
        return "same"
    return "up" if b > a else "down"


def join_markup(ctx: ReportContext, parts: Sequence[Markup]) -> Markup:
    """``a, b and c`` of markup parts (:meth:`ReportContext.join` would escape them)."""
    if len(parts) <= 1:
        return Markup("").join(parts)
    return Markup(", ").join(parts[:-1]) + Markup(" {} ").format(ctx.t("and")) + parts[-1]


def method_label(ctx: ReportContext, partition: dict[str, Any]) -> str:
    """How the baseline sub-clusters were found: ``Leiden``, or the grouping given."""
    if partition.get("method") == "given":
        return ctx.category("group", partition.get("name") or "communities")
    method = str(partition.get("method") or "–")
    if method == "consensus-leiden":  # the analysis' own: a consensus of Leiden runs
        method = "leiden"
    return method[:1].upper() + method[1:]


def _names(ctx: ReportContext, ids: Sequence[str]) -> str:
    names = [ctx.name(i) for i in ids[:NAMED]]
    if len(ids) > NAMED:
        names.append(ctx.t("ch_more", n=len(ids) - NAMED))
    return ctx.join(names)


def _figure(summary: dict[str, Any], key: str) -> dict[str, Any]:
    return summary["figures"]["all_relations"].get(key) or {}


def _headline_relations(ctx: ReportContext) -> list[Markup]:
    s = ctx.comparison.summary
    out = []
    for rel, rec in s["relations"].items():
        label = ctx.relation_label(rel, inline=True)
        if rec["jaccard"] is None:
            out.append(ctx.tm("ch_rel_empty", relation=label))
            continue
        base = f"relations.{rel}"
        out.append(
            ctx.tm(
                f"ch_rel_{trend(rec['ties_a'], rec['ties_b'])}",
                relation=label,
                ta=change_fig(ctx, f"{base}.ties_a", rec["ties_a"]),
                tb=change_fig(ctx, f"{base}.ties_b", rec["ties_b"]),
                new=change_fig(ctx, f"{base}.new", rec["new"]),
                dissolved=change_fig(ctx, f"{base}.dissolved", rec["dissolved"]),
                share=change_fig(ctx, f"{base}.jaccard", rec["jaccard"], "pct"),
            )
        )
    return out


def _headline_cooperation(ctx: ReportContext) -> Markup | None:
    s = ctx.comparison.summary
    total = _figure(s, "cooperation.total")
    if not (total.get("a") or total.get("b")):
        return None
    parts = []
    for side in ("horizontal", "vertical"):
        fig = _figure(s, f"cooperation.{side}")
        key = f"figures.all_relations.cooperation.{side}"
        parts.append(
            ctx.tm(
                f"ch_coop_{side[0]}_{trend(fig.get('a'), fig.get('b'))}",
                a=change_fig(ctx, f"{key}.a", fig.get("a")),
                b=change_fig(ctx, f"{key}.b", fig.get("b")),
            )
        )
    return Markup(ctx.t("sentence_gap")).join(parts)


def _headline_qap(ctx: ReportContext) -> Markup | None:
    s = ctx.comparison.summary
    items, weak, tested = [], [], True
    for rel, rec in s["relations"].items():
        qap = rec["qap"]
        if qap.get("correlation") is None:
            continue
        label = ctx.relation_label(rel, inline=True)
        items.append(
            ctx.tm(
                "ch_qap_item",
                relation=label,
                r=change_fig(ctx, f"relations.{rel}.qap.correlation", qap["correlation"], "dec2"),
            )
        )
        if qap.get("p_greater") is None:
            tested = False
        elif qap["p_greater"] >= ALPHA:
            weak.append(label)
    if not items:
        return None
    values = {"a": s["wave_a"], "b": s["wave_b"], "list": join_markup(ctx, items)}
    if not tested:
        return ctx.tm("ch_qap_plain", **values)
    if weak:
        return ctx.tm("ch_qap_mixed", weak=ctx.join(weak), **values)
    return ctx.tm("ch_qap_similar", **values)


def _headline_actors(ctx: ReportContext) -> list[Markup]:
    s = ctx.comparison.summary
    a, b = s["wave_a"], s["wave_b"]
    entering = [r["id"] for r in s["actors"]["entering"]]
    leaving = [r["id"] for r in s["actors"]["leaving"]]
    out = []
    for ids, word, key in ((entering, "entered", "n_entering"), (leaving, "left", "n_leaving")):
        if not ids:
            out.append(ctx.tm(f"ch_{word}_none", a=a, b=b))
            continue
        out.append(
            ctx.tm(
                f"ch_{word}_one" if len(ids) == 1 else f"ch_{word}",
                n=change_fig(ctx, f"actors.{key}", len(ids)),
                a=a,
                b=b,
                names=_names(ctx, ids),
            )
        )
    return [Markup(ctx.t("sentence_gap")).join(out)]


def _headline_bridges(ctx: ReportContext) -> Markup:
    s = ctx.comparison.summary
    nb = s["new_bridges"]
    c = nb["partition"].get("communities")
    values = {
        "a": s["wave_a"],
        "c": change_fig(ctx, "new_bridges.partition.communities", c),
    }
    if nb["count"]:
        key = "ch_bridges_one" if nb["count"] == 1 else "ch_bridges"
        return ctx.tm(key, n=change_fig(ctx, "new_bridges.count", nb["count"]), **values)
    return ctx.tm("ch_bridges_none", **values)


def change_headlines(ctx: ReportContext) -> Items:
    """What changed, in a few sentences: the list at the top of the change section."""
    s = ctx.comparison.summary
    overall = s["all_relations"]
    if overall["jaccard"] is None:
        items = [ctx.tm("ch_all_none")]
    else:
        items = [
            ctx.tm(
                "ch_all",
                a=s["wave_a"],
                b=s["wave_b"],
                new=change_fig(ctx, "all_relations.new", overall["new"]),
                dissolved=change_fig(ctx, "all_relations.dissolved", overall["dissolved"]),
                stable=change_fig(ctx, "all_relations.stable", overall["stable"]),
                share=change_fig(ctx, "all_relations.jaccard", overall["jaccard"], "pct"),
            )
        ]
    items += _headline_relations(ctx)
    coop = _headline_cooperation(ctx)
    if coop is not None:
        items.append(coop)
    items += _headline_actors(ctx)
    items.append(_headline_bridges(ctx))
    qap = _headline_qap(ctx)
    if qap is not None:
        items.append(qap)
    return Items(tuple(items), key="change_headlines")


def change_finding(ctx: ReportContext) -> Markup | None:
    """The key finding on change (restating numbers of the change section), or ``None``."""
    if ctx.comparison is None:
        return None
    s = ctx.comparison.summary
    overall = s["all_relations"]
    text = ctx.tm(
        "f_change",
        a=s["wave_a"],
        b=s["wave_b"],
        new=change_fig(ctx, "all_relations.new", overall["new"]),
        dissolved=change_fig(ctx, "all_relations.dissolved", overall["dissolved"]),
        bridges=change_fig(ctx, "new_bridges.count", s["new_bridges"]["count"]),
        entered=change_fig(ctx, "actors.n_entering", len(s["actors"]["entering"])),
        left=change_fig(ctx, "actors.n_leaving", len(s["actors"]["leaving"])),
    )
    fig = _figure(s, "cooperation.horizontal")
    if _figure(s, "cooperation.total").get("a") or _figure(s, "cooperation.total").get("b"):
        key = "figures.all_relations.cooperation.horizontal"
        text += ctx.tm(
            "f_change_coop",
            h_a=change_fig(ctx, f"{key}.a", fig.get("a")),
            h_b=change_fig(ctx, f"{key}.b", fig.get("b")),
        )
    return text
