"""Cluster type and development stage from explicit indicators, and the policy options
the literature ties to them.

Three Latin American cluster types (Altenburg & Meyer-Stamer 1999): ``survival``
clusters of micro and small enterprises, ``mass_production`` clusters of advanced and
differentiated mass producers (SMEs beside large lead firms, domestic and export
markets) and ``transnational`` clusters of subsidiaries of transnational corporations
(foreign-owned lead firms, weak local linkages). Three stages: ``embryonic``,
``consolidated``, ``mature``.

Every indicator is a number computed from the network, the analysis and the
value-chain evidence, compared with a named threshold (:data:`DEFAULT_THRESHOLDS`,
changed in a study's ``[diagnosis.thresholds]``). A type is the one whose expected
pattern the most indicators with data agree with; its *fit* says how many do
(:func:`classify`). Keys and numbers only: the catalogue words them
(``diagnosis.type.<key>``, ``diagnosis.indicator.<key>``, ``diagnosis.policy.<key>``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.metrics.collective import _internal_firms

__all__ = [
    "DEFAULT_THRESHOLDS",
    "FITS",
    "MIN_INDICATORS",
    "POLICY_SOURCES",
    "STAGES",
    "STAGE_INDICATORS",
    "TYPES",
    "TYPE_CRITERIA",
    "classify",
    "fit_of",
    "indicators",
    "policy_options",
    "resolve_thresholds",
]

TYPES: tuple[str, ...] = ("survival", "mass_production", "transnational")
STAGES: tuple[str, ...] = ("embryonic", "consolidated", "mature")
FITS: tuple[str, ...] = ("strong", "weak", "mixed")

#: Named thresholds, overridable by ``[diagnosis.thresholds]`` of ``study.toml``.
#: A type indicator reads "high" when its value is at or above its threshold; a stage
#: indicator has a ``_low`` and a ``_high`` threshold (below low: embryonic; at or above
#: high: mature; between: consolidated — reversed for ``tie_growth``).
DEFAULT_THRESHOLDS: dict[str, float] = {
    # ---- type indicators
    "micro_small_share": 0.9,
    "medium_large_share": 0.1,
    "export_share": 0.1,
    "lead_firms": 1.0,
    "foreign_lead_share": 0.5,
    "foreign_firm_share": 0.2,
    "lead_local_share": 0.5,
    "cooperation_per_firm": 1.0,
    # ---- stage indicators
    "linked_firm_share_low": 0.5,
    "linked_firm_share_high": 0.9,
    "horizontal_per_firm_low": 0.5,
    "horizontal_per_firm_high": 2.0,
    "firm_reach_low": 0.25,
    "firm_reach_high": 0.6,
    "firms_multilateral_share_low": 0.1,
    "firms_multilateral_share_high": 0.4,
    "institutions_per_10_firms_low": 0.5,
    "institutions_per_10_firms_high": 2.0,
    "tie_growth_low": 0.05,
    "tie_growth_high": 0.25,
    # ---- policy triggers
    "quasi_hierarchy_share": 0.3,
    "market_share": 0.5,
    "isolated_sme_share": 0.05,
    "outside_knowledge_share": 0.1,
}

#: Where each indicator comes from (a reference key, worded in ``docs/diagnosis.md``).
_SOURCES: dict[str, str] = {
    "micro_small_share": "altenburg_meyer_stamer_1999",
    "medium_large_share": "altenburg_meyer_stamer_1999",
    "export_share": "altenburg_meyer_stamer_1999",
    "lead_firms": "altenburg_meyer_stamer_1999",
    "foreign_lead_share": "altenburg_meyer_stamer_1999",
    "foreign_firm_share": "altenburg_meyer_stamer_1999",
    "lead_local_share": "altenburg_meyer_stamer_1999",
    "cooperation_per_firm": "schmitz_nadvi_1999",
    "linked_firm_share": "altenburg_meyer_stamer_1999",
    "horizontal_per_firm": "schmitz_nadvi_1999",
    "firm_reach": "schmitz_nadvi_1999",
    "firms_multilateral_share": "schmitz_nadvi_1999",
    "institutions_per_10_firms": "schmitz_nadvi_1999",
    "tie_growth": "altenburg_meyer_stamer_1999",
}

#: Expected level ("high" or "low") of each indicator in each type.
TYPE_CRITERIA: dict[str, dict[str, str]] = {
    "survival": {
        "micro_small_share": "high",
        "medium_large_share": "low",
        "export_share": "low",
        "cooperation_per_firm": "low",
    },
    "mass_production": {
        "medium_large_share": "high",
        "export_share": "high",
        "lead_firms": "high",
        "foreign_lead_share": "low",
    },
    "transnational": {
        "foreign_lead_share": "high",
        "foreign_firm_share": "high",
        "lead_local_share": "low",
        "medium_large_share": "high",
    },
}

#: Stage indicators and their direction: ``up`` when higher values mean a more mature
#: cluster, ``down`` when lower values do.
STAGE_INDICATORS: dict[str, str] = {
    "linked_firm_share": "up",
    "horizontal_per_firm": "up",
    "firm_reach": "up",
    "firms_multilateral_share": "up",
    "institutions_per_10_firms": "up",
    "tie_growth": "down",
}

#: Reference of each policy option.
POLICY_SOURCES: dict[str, str] = {
    "survival_joint_services": "altenburg_meyer_stamer_1999",
    "mass_production_suppliers": "altenburg_meyer_stamer_1999",
    "transnational_linkages": "altenburg_meyer_stamer_1999",
    "embryonic_entry": "pietrobelli_rabellotti_2004",
    "embryonic_new_markets": "pietrobelli_rabellotti_2004",
    "consolidated_joint_action": "schmitz_nadvi_1999",
    "mature_renewal": "pietrobelli_rabellotti_2004",
    "quasi_hierarchy_functional": "humphrey_schmitz_2002",
    "market_chains_standards": "humphrey_schmitz_2002",
    "sme_linkages": "altenburg_meyer_stamer_1999",
    "strengthen_institutions": "schmitz_nadvi_1999",
    "knowledge_gatekeepers": "giuliani_bell_2005",
}


def resolve_thresholds(
    study: Mapping[str, Any] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, float]:
    """The thresholds of a diagnosis: the defaults, then the study's, then ``overrides``.

    Parameters
    ----------
    study:
        A study's ``diagnosis`` block (``network.study.diagnosis``: ``{"thresholds":
        {name: value}}``), or ``None``.
    overrides:
        More ``{name: value}``, applied last.

    Raises
    ------
    TramasError
        For a name that is not in :data:`DEFAULT_THRESHOLDS` (code
        ``unknown_threshold``, with the closest name), or a value that is not a number
        (code ``threshold_not_number``).

    Examples
    --------
    >>> resolve_thresholds({"thresholds": {"export_share": 0.3}})["export_share"]
    0.3
    """
    out = dict(DEFAULT_THRESHOLDS)
    given = dict((study or {}).get("thresholds") or {})
    given.update(overrides or {})
    for name, value in given.items():
        if name not in DEFAULT_THRESHOLDS:
            close = difflib.get_close_matches(str(name), DEFAULT_THRESHOLDS, n=1)
            suggestion = close[0] if close else ", ".join(sorted(DEFAULT_THRESHOLDS))
            raise TramasError(
                f"unknown diagnosis threshold {name!r}",
                hint=f"did you mean: {suggestion}",
                code="unknown_threshold",
                values={"name": str(name), "suggestion": suggestion},
            )
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise TramasError(
                f"diagnosis threshold {name!r} is not a number: {value!r}",
                code="threshold_not_number",
                values={"name": str(name), "value": str(value)},
            ) from None
    return out


# ---------------------------------------------------------------- indicators
def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _firm_table(network: Any, analysis: Any) -> pd.DataFrame:
    """The analysed actors with their attributes (the analysis' table when given)."""
    if analysis is not None:
        return analysis.actors
    return network.actors


def _size_shares(actors: pd.DataFrame) -> tuple[float | None, float | None, int]:
    firms = _internal_firms(actors)
    if "size" not in actors.columns:
        return None, None, 0
    size = actors.loc[firms, "size"].astype("string").str.lower().dropna()
    n = len(size)
    small = int(size.isin(["micro", "small"]).sum())
    larger = int(size.isin(["medium", "large"]).sum())
    return _share(small, n), _share(larger, n), n


def _export_share(gov: pd.DataFrame | None) -> tuple[float | None, int]:
    if gov is None or gov.empty or "market" not in gov.columns:
        return None, 0
    market = gov["market"].astype("string").fillna("").str.strip().str.lower()
    known = market[market != ""]
    return _share(int((known != "domestic").sum()), len(known)), len(known)


def _lead_figures(actors: pd.DataFrame, view: Any) -> dict[str, Any]:
    """Lead firms, their foreign share and the share of their contacts inside the cluster."""
    if "lead_firm" not in actors.columns:
        return {"lead_firms": None, "foreign_lead_share": None, "lead_local_share": None}
    leads = actors.index[actors["lead_firm"].fillna(False).astype(bool)]
    out: dict[str, Any] = {"lead_firms": len(leads), "n_leads": len(leads)}
    own = (
        actors.loc[leads, "ownership"].astype("string").str.lower().dropna()
        if "ownership" in actors.columns
        else pd.Series(dtype="string")
    )
    out["foreign_lead_share"] = _share(int((own == "foreign").sum()), len(own))
    out["n_leads_ownership"] = len(own)
    out["lead_local_share"], out["n_lead_contacts"] = None, 0
    if view is not None and len(leads):
        e = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        internal = (
            view.actors["internal"].fillna(True).astype(bool).to_numpy()
            if "internal" in view.actors.columns
            else np.ones(view.n_actors, dtype=bool)
        )
        is_lead = view.ids.isin(leads)
        pairs = set()
        for a, b in e:
            if a != b:
                if is_lead[a]:
                    pairs.add((a, b))
                if is_lead[b]:
                    pairs.add((b, a))
        if pairs:
            inside = sum(1 for _, other in pairs if internal[other])
            out["lead_local_share"] = inside / len(pairs)
            out["n_lead_contacts"] = len(pairs)
    return out


def _tie_growth(network: Any, relations: list[str] | None) -> tuple[float | None, int]:
    """Relative change in ties between the first and the last wave (of the analysed
    relations), ``None`` with fewer than two waves."""
    waves = list(getattr(network, "waves", ()) or ())
    if len(waves) < 2:
        return None, 0
    ties = network.ties
    if relations:
        ties = ties[ties["relation"].isin(relations)]
    wave = ties["wave"].astype("string")
    first, last = int((wave == waves[0]).sum()), int((wave == waves[-1]).sum())
    if not first:
        return None, 0
    return (last - first) / first, first + last


def _entry(value: Any, threshold: Any, source: str, n: Any, direction: str = "up") -> dict:
    value = None if value is None or (isinstance(value, float) and np.isnan(value)) else value
    return {
        "value": float(value) if value is not None else None,
        "threshold": threshold,
        "direction": direction,
        "source": source,
        "n": n,
    }


def indicators(
    network: Any,
    analysis: Any,
    gov: pd.DataFrame | None = None,
    firms: pd.DataFrame | None = None,
    *,
    collective: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> dict[str, dict[str, Any]]:
    """The indicators of cluster type and stage, each with its value and threshold.

    Parameters
    ----------
    network:
        The :class:`~tramas.graph.Network` (waves and ties for the change between waves).
    analysis:
        Its :class:`~tramas.metrics.AnalysisResult` (actors with ``lead_firm``, the
        analysed view).
    gov:
        The governance of each trade tie (:func:`tramas.metrics.governance.tie_governance`;
        its ``market`` column gives the export share), or ``None``.
    firms:
        Upgrading per firm (:func:`tramas.metrics.upgrading.firm_upgrading`); kept for
        the diagnosis' record, no type indicator reads it yet.
    collective:
        The collective efficiency profile (:func:`tramas.metrics.collective.collective_efficiency`;
        computed when ``None``).
    thresholds:
        Resolved thresholds (:func:`resolve_thresholds`; the defaults when ``None``).

    Returns
    -------
    dict
        By indicator name: ``value`` (``None`` when the data lack it), ``threshold``
        (a number, or ``[low, high]`` for a stage indicator), ``direction`` (``up``:
        higher reads high / more mature; ``down``: the reverse), ``source`` (reference
        key) and ``n`` (what the value was computed over).

    Notes
    -----
    ``micro_small_share`` and ``medium_large_share``: shares of the internal firms of
    known size; ``export_share``: trade ties with a known market whose market is not
    ``domestic``; ``lead_firms``: lead firms of the analysis; ``foreign_lead_share``:
    lead firms of known ownership that are foreign-owned; ``foreign_firm_share``:
    internal firms of known ownership that are foreign-owned; ``lead_local_share``:
    the lead firms' contacts (any relation) that are inside the cluster;
    ``cooperation_per_firm``: cooperating pairs per internal firm;
    ``horizontal_per_firm``: horizontal cooperation pairs per internal firm;
    ``linked_firm_share``, ``firm_reach``, ``firms_multilateral_share``,
    ``institutions_per_10_firms``: see :func:`~tramas.metrics.collective.collective_efficiency`;
    ``tie_growth``: relative change in ties between the first and last wave.

    References
    ----------
    Altenburg, T., & Meyer-Stamer, J. (1999). How to promote clusters: policy
    experiences from Latin America. *World Development* 27(9), 1693-1713.
    """
    th = dict(thresholds or DEFAULT_THRESHOLDS)
    if collective is None:
        from tramas.metrics.collective import collective_efficiency

        collective = collective_efficiency(network, analysis)
    actors = _firm_table(network, analysis)
    view = getattr(analysis, "view", None)
    small, larger, n_sized = _size_shares(actors)
    export, n_market = _export_share(gov)
    leads = _lead_figures(actors, view)
    firms_mask = _internal_firms(actors)
    own = (
        actors.loc[firms_mask, "ownership"].astype("string").str.lower().dropna()
        if "ownership" in actors.columns
        else pd.Series(dtype="string")
    )
    coop = collective.get("cooperation") or {}
    n_firms = int(firms_mask.sum())
    has_coop = coop.get("per_firm") is not None
    horizontal = coop.get("horizontal", 0) / n_firms if n_firms and has_coop else None
    inst = collective.get("institutions") or {}
    joint = collective.get("joint_action") or {}
    relations = list(getattr(view, "relations", ()) or ()) or None
    growth, n_growth = _tie_growth(network, relations)

    def staged(name: str) -> list[float]:
        return [th[f"{name}_low"], th[f"{name}_high"]]

    out = {
        "micro_small_share": _entry(
            small, th["micro_small_share"], _SOURCES["micro_small_share"], n_sized
        ),
        "medium_large_share": _entry(
            larger, th["medium_large_share"], _SOURCES["medium_large_share"], n_sized
        ),
        "export_share": _entry(export, th["export_share"], _SOURCES["export_share"], n_market),
        "lead_firms": _entry(
            leads["lead_firms"], th["lead_firms"], _SOURCES["lead_firms"], n_firms
        ),
        "foreign_lead_share": _entry(
            leads["foreign_lead_share"],
            th["foreign_lead_share"],
            _SOURCES["foreign_lead_share"],
            leads.get("n_leads_ownership", 0),
        ),
        "foreign_firm_share": _entry(
            _share(int((own == "foreign").sum()), len(own)),
            th["foreign_firm_share"],
            _SOURCES["foreign_firm_share"],
            len(own),
        ),
        "lead_local_share": _entry(
            leads["lead_local_share"],
            th["lead_local_share"],
            _SOURCES["lead_local_share"],
            leads.get("n_lead_contacts", 0),
        ),
        "cooperation_per_firm": _entry(
            coop.get("per_firm"),
            th["cooperation_per_firm"],
            _SOURCES["cooperation_per_firm"],
            n_firms,
        ),
        "linked_firm_share": _entry(
            collective.get("linked_firm_share"),
            staged("linked_firm_share"),
            _SOURCES["linked_firm_share"],
            n_firms,
        ),
        "horizontal_per_firm": _entry(
            horizontal, staged("horizontal_per_firm"), _SOURCES["horizontal_per_firm"], n_firms
        ),
        "firm_reach": _entry(
            inst.get("firm_reach"), staged("firm_reach"), _SOURCES["firm_reach"], n_firms
        ),
        "firms_multilateral_share": _entry(
            joint.get("firms_multilateral_share") if has_coop else None,
            staged("firms_multilateral_share"),
            _SOURCES["firms_multilateral_share"],
            n_firms,
        ),
        "institutions_per_10_firms": _entry(
            inst.get("institutions_per_10_firms"),
            staged("institutions_per_10_firms"),
            _SOURCES["institutions_per_10_firms"],
            n_firms,
        ),
        "tie_growth": _entry(
            growth, staged("tie_growth"), _SOURCES["tie_growth"], n_growth, direction="down"
        ),
    }
    return out


# ---------------------------------------------------------------- classification
#: Fewest indicators with data for a type or stage to be named at all: with less, the
#: classification is ``undetermined`` (one indicator is no evidence of a type).
MIN_INDICATORS = 2


def fit_of(agree: int, with_data: int) -> str:
    """``strong`` when at least 75 % of the indicators with data agree (and at least 3
    have data), ``weak`` when at least 50 % do, else ``mixed``.

    Examples
    --------
    >>> fit_of(3, 4), fit_of(2, 2), fit_of(1, 3)
    ('strong', 'weak', 'mixed')
    """
    if with_data == 0:
        return "mixed"
    share = agree / with_data
    if share >= 0.75 and with_data >= 3:
        return "strong"
    if share >= 0.5:
        return "weak"
    return "mixed"


def _level(entry: Mapping[str, Any], threshold: Any) -> str | None:
    value = entry.get("value")
    if value is None:
        return None
    return "high" if value >= threshold else "low"


def _stage_vote(entry: Mapping[str, Any], low: float, high: float, direction: str) -> str | None:
    value = entry.get("value")
    if value is None:
        return None
    if direction == "down":  # e.g. fast growth: still forming
        return "embryonic" if value >= high else "mature" if value < low else "consolidated"
    return "embryonic" if value < low else "mature" if value >= high else "consolidated"


def classify(
    values: Mapping[str, Mapping[str, Any]], thresholds: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """The cluster type and stage that the indicators support best, with their fit.

    Parameters
    ----------
    values:
        Indicators (:func:`indicators`): their ``value`` is read; ``None`` values are
        missing evidence.
    thresholds:
        Resolved thresholds (defaults when ``None``); they decide each level here, so
        the same indicators can be classified again with other thresholds.

    Returns
    -------
    dict
        ``type`` and ``stage``: ``{key, fit, share, agree, with_data, for, against,
        missing}`` of the best type / stage (``key`` ``undetermined`` when fewer than
        :data:`MIN_INDICATORS` indicators have data); ``types`` and ``stages``: the same
        for every candidate, in order.

    Notes
    -----
    Type: for each type of :data:`TYPE_CRITERIA`, an indicator with data *agrees* when
    its level (``high``: value ≥ threshold) is the one the type expects. The type with
    the largest share of agreeing indicators wins (ties: more agreeing indicators, then
    the order of :data:`TYPES`). Stage: each stage indicator votes for the stage its
    value falls in (below ``_low``: embryonic, at or above ``_high``: mature, between:
    consolidated; reversed for ``down`` indicators); the stage with most votes wins
    (a tie goes to ``consolidated`` when it is among the tied stages, else to the
    earlier stage: never more mature than the votes say). Fit
    (:func:`fit_of`): ``strong`` ≥ 75 % with at least 3 indicators with data, ``weak``
    ≥ 50 %, else ``mixed``.

    References
    ----------
    Altenburg, T., & Meyer-Stamer, J. (1999). *World Development* 27(9), 1693-1713.

    Examples
    --------
    >>> v = {"micro_small_share": {"value": 0.95}, "medium_large_share": {"value": 0.05},
    ...      "export_share": {"value": 0.1}, "cooperation_per_firm": {"value": 0.4}}
    >>> c = classify(v)
    >>> c["type"]["key"], c["type"]["fit"], c["stage"]["key"]
    ('survival', 'strong', 'undetermined')
    """
    th = dict(thresholds or DEFAULT_THRESHOLDS)
    types = []
    for key in TYPES:
        criteria = TYPE_CRITERIA[key]
        agree, against, missing = [], [], []
        for name, expected in criteria.items():
            level = _level(values.get(name, {}), th[name])
            if level is None:
                missing.append(name)
            elif level == expected:
                agree.append(name)
            else:
                against.append(name)
        types.append(_scored(key, agree, against, missing))
    best_type = max(
        (t for t in types if t["with_data"] >= MIN_INDICATORS),
        key=lambda t: (t["share"], t["agree"], -TYPES.index(t["key"])),
        default=None,
    )
    votes: dict[str, str | None] = {
        name: _stage_vote(values.get(name, {}), th[f"{name}_low"], th[f"{name}_high"], direction)
        for name, direction in STAGE_INDICATORS.items()
    }
    stages = []
    for key in STAGES:
        agree = [n for n, v in votes.items() if v == key]
        against = [n for n, v in votes.items() if v is not None and v != key]
        missing = [n for n, v in votes.items() if v is None]
        stages.append(_scored(key, agree, against, missing))
    counted = [s for s in stages if s["with_data"] >= MIN_INDICATORS]
    best_stage = None
    if counted:
        top = max(s["agree"] for s in counted)
        tied = [s for s in counted if s["agree"] == top]
        middle = [s for s in tied if s["key"] == "consolidated"]
        best_stage = (middle or tied)[0]
    return {
        "type": best_type
        or _undetermined(TYPE_CRITERIA, values, max(t["with_data"] for t in types)),
        "stage": best_stage or _undetermined({"": STAGE_INDICATORS}, values),
        "types": types,
        "stages": stages,
    }


def _scored(key: str, agree: list[str], against: list[str], missing: list[str]) -> dict:
    with_data = len(agree) + len(against)
    return {
        "key": key,
        "fit": fit_of(len(agree), with_data),
        "share": len(agree) / with_data if with_data else 0.0,
        "agree": len(agree),
        "with_data": with_data,
        "for": agree,
        "against": against,
        "missing": missing,
    }


def _undetermined(
    criteria: Mapping[str, Mapping[str, Any]],
    values: Mapping[str, Mapping[str, Any]],
    with_data: int | None = None,
) -> dict:
    """No type or stage named: too few indicators have data (:data:`MIN_INDICATORS`);
    ``with_data`` is the most any candidate had (default: those of ``criteria`` with
    data), ``missing`` lists the indicators without data."""
    names = list(dict.fromkeys(n for c in criteria.values() for n in c))
    missing = [n for n in names if values.get(n, {}).get("value") is None]
    result = _scored("undetermined", [], [], missing)
    result["with_data"] = len(names) - len(missing) if with_data is None else with_data
    result["fit"] = "mixed"
    return result


# ---------------------------------------------------------------- policy options
def policy_options(
    type_key: str,
    stage_key: str,
    summaries: Mapping[str, Any] | None = None,
    *,
    thresholds: Mapping[str, float] | None = None,
) -> list[dict[str, str]]:
    """The policy options the literature ties to a cluster's type, stage and chains.

    Parameters
    ----------
    type_key, stage_key:
        The classified type and stage (:func:`classify`; ``undetermined`` adds none).
    summaries:
        What else the diagnosis found: ``governance_shares`` (``{governance: share}``
        of the trade ties; quasi-hierarchical and, in Gereffi's scheme, captive ties
        count as chains the buyer governs), ``collective`` (the collective efficiency profile), ``smes``
        (``{status: count}`` of :func:`~tramas.metrics.roles.isolated_smes`).
    thresholds:
        Resolved thresholds (``quasi_hierarchy_share``, ``market_share``,
        ``isolated_sme_share``, ``outside_knowledge_share``, ``firm_reach_low``).

    Returns
    -------
    list of dict
        ``{key, source, trigger}``: the option (worded as an option, never an order, by
        the catalogue text ``diagnosis.policy.<key>``), its reference key and what
        brought it up (``type``, ``stage`` or an indicator name).

    References
    ----------
    Altenburg, T., & Meyer-Stamer, J. (1999). *World Development* 27(9), 1693-1713.
    Humphrey, J., & Schmitz, H. (2002). How does insertion in global value chains affect
    upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
    Pietrobelli, C., & Rabellotti, R. (2004). *Upgrading in Clusters and Value Chains in
    Latin America*. Inter-American Development Bank.
    Schmitz, H., & Nadvi, K. (1999). *World Development* 27(9), 1503-1514.
    Giuliani, E., & Bell, M. (2005). *Research Policy* 34(1), 47-68.

    Examples
    --------
    >>> [p["key"] for p in policy_options("survival", "embryonic")]
    ['survival_joint_services', 'embryonic_entry', 'embryonic_new_markets']
    """
    th = dict(thresholds or DEFAULT_THRESHOLDS)
    summaries = summaries or {}
    chosen: list[tuple[str, str]] = []
    by_type = {
        "survival": "survival_joint_services",
        "mass_production": "mass_production_suppliers",
        "transnational": "transnational_linkages",
    }
    if type_key in by_type:
        chosen.append((by_type[type_key], "type"))
    by_stage = {
        "embryonic": ["embryonic_entry", "embryonic_new_markets"],
        "consolidated": ["consolidated_joint_action"],
        "mature": ["mature_renewal"],
    }
    chosen += [(key, "stage") for key in by_stage.get(stage_key, [])]
    shares = dict(summaries.get("governance_shares") or {})
    buyer_led = shares.get("quasi_hierarchy", 0.0) + shares.get("captive", 0.0)
    if buyer_led >= th["quasi_hierarchy_share"]:
        chosen.append(("quasi_hierarchy_functional", "quasi_hierarchy_share"))
    if shares.get("market", 0.0) >= th["market_share"]:
        chosen.append(("market_chains_standards", "market_share"))
    smes = dict(summaries.get("smes") or {})
    n_smes = sum(v for k, v in smes.items() if k != "not_sme")
    isolated = smes.get("isolated", 0) + smes.get("weak", 0)
    if n_smes and isolated / n_smes >= th["isolated_sme_share"]:
        chosen.append(("sme_linkages", "isolated_sme_share"))
    collective = summaries.get("collective") or {}
    reach = (collective.get("institutions") or {}).get("firm_reach")
    if reach is not None and reach < th["firm_reach_low"]:
        chosen.append(("strengthen_institutions", "firm_reach"))
    outside = (collective.get("knowledge") or {}).get("outside_share")
    if outside is not None and outside < th["outside_knowledge_share"]:
        chosen.append(("knowledge_gatekeepers", "outside_knowledge_share"))
    return [{"key": k, "source": POLICY_SOURCES[k], "trigger": why} for k, why in chosen]
