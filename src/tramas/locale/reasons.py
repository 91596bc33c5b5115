"""Reasons for cluster roles in words (lead firms, cognitive roles and SMEs), and the
approximation notes of an analysis.

:mod:`tramas.metrics.roles` decides each role and keeps the facts behind it as codes
and numbers (``lead_firm_reason_code``, ``lead_firm_drivers``, the components and
counts, the thresholds, the relation used); it words nothing. The functions here word
those facts in one language when an output is presented — the files of
:meth:`AnalysisResult.write <tramas.metrics.analysis.AnalysisResult.write>`, the report,
the CLI tables, the Neo4j write-back — writing every number with
:func:`~tramas.locale.numbers.format_number`. :func:`reason_texts` is the one entry
point for a whole analysis; :func:`approximation_texts` words the approximations an
analysis made (``figures["approximations"]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from tramas.locale.catalogue import label, t
from tramas.locale.languages import check_lang
from tramas.locale.numbers import format_number

__all__ = [
    "REASON_COLUMNS",
    "approximation_texts",
    "lead_firm_reasons",
    "reason_texts",
    "relation_words",
    "role_reasons",
    "sme_reasons",
]

#: The worded reason columns of :func:`reason_texts`, each beside its code column.
REASON_COLUMNS: dict[str, str] = {
    "lead_firm_reason": "lead_firm_reason_code",
    "role_reason": "role_reason_code",
    "sme_reason": "sme_reason_code",
}

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
    leads: Any, actors: pd.DataFrame, lang: str, *, ids: Sequence[Any] | None = None
) -> pd.Series:
    """The reason of each actor's lead-firm rank, in ``lang``.

    Parameters
    ----------
    leads:
        A :class:`tramas.metrics.roles.LeadFirms`: its ``table`` (reason code, drivers,
        score, rank and raw components), ``substituted``, ``unavailable`` and
        ``parameters["eligible"]`` (the number of ranked firms).
    actors:
        The actors' ``kind``, ``size`` and ``ownership``, indexed by actor id.
    lang:
        ``en`` or ``es``.
    ids:
        Word only these actors (default: all).

    Returns
    -------
    pandas.Series
        Indexed like ``leads.table`` (or ``ids``).
    """
    check_lang(lang)
    table = leads.table if ids is None else leads.table.loc[list(ids)]
    substituted: Mapping[str, str] = leads.substituted
    unavailable: Sequence[str] = leads.unavailable
    n_eligible = int(leads.parameters.get("eligible", int(table["eligible"].sum())))
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
    return pd.Series(reasons, index=table.index, dtype=object, name="lead_firm_reason")


def role_reasons(roles: Any, lang: str, *, ids: Sequence[Any] | None = None) -> pd.Series:
    """The reason of each actor's cognitive role, in ``lang``.

    ``roles`` is a :class:`tramas.metrics.roles.CognitiveRoles`: its ``table`` (role,
    internal out- and in-degree, openness), ``thresholds`` and ``relation``
    (``knowledge`` or the relations used instead). Returns a Series indexed like
    ``roles.table``, or ``ids`` when given (only those actors are worded).
    """
    check_lang(lang)
    table = roles.table if ids is None else roles.table.loc[list(ids)]
    thresholds: Mapping[str, float] = roles.thresholds
    relation: str = roles.relation
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
    return pd.Series(reasons, index=table.index, dtype=object, name="role_reason")


def sme_reasons(
    table: pd.DataFrame, actors: pd.DataFrame, lang: str, *, ids: Sequence[Any] | None = None
) -> pd.Series:
    """The reason of each actor's SME status, in ``lang``.

    ``table`` is :func:`tramas.metrics.roles.isolated_smes`' result: ``sme_reason_code``
    (``isolated``, ``weak``, ``weak_outside``, ``connected`` or
    ``not_sme_<external|kind|size>``), ``contacts`` and ``size_known``; ``actors``
    gives kind and size. Returns a Series indexed like ``table``, or ``ids`` when given
    (only those actors are worded).
    """
    check_lang(lang)
    if ids is not None:
        table = table.loc[list(ids)]
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
    return pd.Series(reasons, index=table.index, dtype=object, name="sme_reason")


def reason_texts(result: Any, lang: str, *, ids: Sequence[Any] | None = None) -> pd.DataFrame:
    """The reasons of every actor's roles in ``lang``, worded from the analysis' codes.

    The one place where the reasons of an analysis become words: the files of
    :meth:`AnalysisResult.write <tramas.metrics.analysis.AnalysisResult.write>`, the
    report, the CLI tables and the Neo4j write-back all call it, so the same analysis
    reads in English or Spanish alike.

    Parameters
    ----------
    result:
        An :class:`~tramas.metrics.analysis.AnalysisResult` (its ``actors``,
        ``lead_firm_result``, ``cognitive_result`` and ``smes``).
    lang:
        ``en`` or ``es``.
    ids:
        Word only these actors, in this order (default: every actor, in the order of
        ``result.actors``).

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id, with the columns ``lead_firm_reason``, ``role_reason`` and
        ``sme_reason`` (:data:`REASON_COLUMNS`).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> from tramas.metrics import analyze
    >>> r = analyze(NetworkView.from_edges([("a", "b"), ("b", "c")]), consensus_runs=1)
    >>> reason_texts(r, "es").loc["b", "sme_reason"]
    'pyme conectada: 2 contactos (tamaño desconocido)'
    """
    check_lang(lang)
    actors = result.actors
    index = actors.index if ids is None else pd.Index(list(ids), name=actors.index.name)
    return pd.DataFrame(
        {
            "lead_firm_reason": lead_firm_reasons(result.lead_firm_result, actors, lang, ids=index),
            "role_reason": role_reasons(result.cognitive_result, lang, ids=index),
            "sme_reason": sme_reasons(result.smes, actors, lang, ids=index),
        },
        index=index,
    )


def approximation_texts(approximations: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The approximations an analysis made, in ``lang``.

    ``approximations`` is ``figures["approximations"]`` of
    :func:`~tramas.metrics.analysis.analyze`: one ``{"code": ..., **values}`` per
    approximation (``pivots``, ``paths``, ``consensus`` or ``coreness``), worded by the
    catalogue texts ``analysis.approx_<code>``.

    >>> approximation_texts([{"code": "paths", "pivots": 200}], "es")
    ['distancia media y diámetro estimados a partir de 200 búsquedas en anchura']
    """
    check_lang(lang)
    return [
        t(f"analysis.approx_{a['code']}", lang, **{k: v for k, v in a.items() if k != "code"})
        for a in approximations
    ]
