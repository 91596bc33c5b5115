"""Reasons for cluster roles in words: lead firms, cognitive roles and SMEs.

:mod:`tramas.metrics.roles` decides each role and keeps the facts behind it as codes
and numbers (``lead_firm_reason_code``, ``lead_firm_drivers``, the components and
counts, the thresholds); the functions here word those facts in one language, writing
every number with :func:`~tramas.locale.numbers.format_number`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from tramas.locale.catalogue import label, t
from tramas.locale.numbers import format_number

__all__ = ["lead_firm_reasons", "relation_words", "role_reasons", "sme_reasons"]

_CATEGORY_COMPONENTS = ("size", "ownership")


def relation_words(relations: str, lang: str) -> str:
    """Relation codes joined by ``+`` (or ``analysed``) in words."""
    if relations in ("", "analysed"):
        return t("reason.analysed", lang)
    return "+".join(label("relation", r, lang) for r in relations.split("+"))


def _category(actors: pd.DataFrame, column: str, actor: object, lang: str) -> str:
    if column not in actors.columns or pd.isna(actors.at[actor, column]):
        return "?"
    return label(column, actors.at[actor, column], lang)


def _why(code: str, kind: object, lang: str) -> str:
    if code == "external":
        return t("reason.why_external", lang)
    return t("reason.why_kind", lang, kind=label("kind", kind, lang))


def lead_firm_reasons(
    table: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    n_eligible: int,
    substituted: Mapping[str, str],
    unavailable: Sequence[str],
    lang: str,
) -> list[str]:
    """The reason of each actor's lead-firm rank, in ``lang``.

    ``table`` is :attr:`tramas.metrics.roles.LeadFirms.table` (reason code, drivers,
    score, rank and raw components); ``actors`` gives kind, size and ownership.
    """
    notes = ""
    if substituted:
        notes += "; " + ", ".join(
            t(
                "reason.lead_substitute",
                lang,
                component=t(f"reason.component.{k}", lang),
                rel=relation_words(r, lang),
            )
            for k, r in substituted.items()
        )
    if unavailable:
        notes += t(
            "reason.lead_unavailable",
            lang,
            items=", ".join(t(f"reason.component.{k}", lang) for k in unavailable),
        )
    kinds = actors["kind"] if "kind" in actors.columns else pd.Series("firm", index=actors.index)
    reasons = []
    for actor, row in table.iterrows():
        score = format_number(row["lead_firm_score"], lang, "dec2")
        if row["lead_firm_reason_code"] == "ranked":
            drivers = [d for d in str(row["lead_firm_drivers"]).split(",") if d]
            words = ", ".join(
                t(f"reason.component.{k}", lang)
                # a category is named after a colon ("tamaño: mediana"), a value follows
                + (
                    ": " + _category(actors, k, actor, lang)
                    if k in _CATEGORY_COMPONENTS
                    else " " + format_number(row[k], lang, "sig3")
                )
                for k in drivers
            )
            reasons.append(
                t(
                    "reason.lead_rank",
                    lang,
                    rank=int(row["lead_firm_rank"]),
                    n=n_eligible,
                    score=score,
                    drivers=words or "–",
                )
                + notes
            )
        else:
            why = _why(row["lead_firm_reason_code"], kinds.get(actor, "firm"), lang)
            reasons.append(t("reason.lead_not_eligible", lang, why=why, score=score))
    return reasons


def role_reasons(
    table: pd.DataFrame, thresholds: Mapping[str, float], *, relation: str, lang: str
) -> list[str]:
    """The reason of each actor's cognitive role, in ``lang``.

    ``table`` is :attr:`tramas.metrics.roles.CognitiveRoles.table`; ``relation`` is
    ``knowledge`` or the relations used instead.
    """
    source = (
        ""
        if relation == "knowledge"
        else t("reason.cog_source", lang, rel=relation_words(relation, lang))
    )
    limits = {
        f"t_{k}": format_number(thresholds[v], lang, "dec2")
        for k, v in (("out", "outdegree"), ("in", "indegree"), ("ext", "openness"))
    }
    reasons = []
    for _, row in table.iterrows():
        if row["cognitive_role"] == "external":
            reasons.append(t("reason.cog_external", lang))
            continue
        reasons.append(
            t(
                "reason.cog",
                lang,
                role=label("role", row["cognitive_role"], lang),
                out=row["internal_outdegree"],
                inn=row["internal_indegree"],
                ext=row["openness"],
                source=source,
                **limits,
            )
        )
    return reasons


def sme_reasons(table: pd.DataFrame, actors: pd.DataFrame, lang: str) -> list[str]:
    """The reason of each actor's SME status, in ``lang``.

    ``table`` has ``sme_reason_code`` (``isolated``, ``weak``, ``weak_outside``,
    ``connected`` or ``not_sme_<external|kind|size>``), ``contacts`` and ``size_known``.
    """
    kinds = actors["kind"] if "kind" in actors.columns else pd.Series("firm", index=actors.index)
    reasons = []
    for actor, row in table.iterrows():
        code = row["sme_reason_code"]
        suffix = "" if row["size_known"] else t("reason.sme_unknown_size", lang)
        k = int(row["contacts"])
        if code.startswith("not_sme_"):
            why = code.removeprefix("not_sme_")
            words = (
                _category(actors, "size", actor, lang)
                if why == "size"
                else _why(why, kinds.get(actor, "firm"), lang)
            )
            reasons.append(t("reason.sme_not", lang, why=words))
        elif code == "isolated":
            reasons.append(t("reason.sme_isolated", lang) + suffix)
        elif code.startswith("weak"):
            outside = t("reason.sme_outside_giant", lang) if code == "weak_outside" else ""
            reasons.append(t("reason.sme_weak", lang, k=k, outside=outside) + suffix)
        else:
            reasons.append(t("reason.sme_connected", lang, k=k) + suffix)
    return reasons
