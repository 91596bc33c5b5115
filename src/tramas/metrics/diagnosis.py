"""The cluster diagnosis: value-chain governance, upgrading, collective efficiency, type,
stage and policy options, computed once (:func:`diagnose`) and written as four files
(:meth:`DiagnosisResult.write`).

:func:`diagnose` brings together the governance of every trade tie
(:mod:`tramas.metrics.governance`), the upgrading of the firms by the governance of
their main chain (:mod:`tramas.metrics.upgrading`), the collective efficiency profile
(:mod:`tramas.metrics.collective`) and the type, stage and policy options
(:mod:`tramas.metrics.typology`). What the data lack is listed, never guessed:
``missing`` names the evidence keys a study does not have (``trade_relation``,
``market``, ``spec_setter``, ``upgrading``…), worded by the catalogue
(``diagnosis.missing.<key>``). Definitions and a worked example: ``docs/diagnosis.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tramas.metrics.collective import collective_efficiency
from tramas.metrics.governance import (
    SCHEMES,
    governance_by_buyer,
    governance_by_market,
    governance_shares,
    stated_agreement,
    tie_governance,
)
from tramas.metrics.typology import (
    classify,
    indicators,
    policy_options,
    resolve_thresholds,
)
from tramas.metrics.upgrading import expectations, firm_upgrading, upgrading_by_governance
from tramas.output import json_safe, write_csv, write_json

__all__ = [
    "DIAGNOSIS_FILES",
    "EVIDENCE_KEYS",
    "GOVERNANCE_CSV_COLUMNS",
    "DiagnosisResult",
    "diagnose",
    "missing_evidence",
]

#: The files :meth:`DiagnosisResult.write` writes.
DIAGNOSIS_FILES: tuple[str, ...] = (
    "governance.csv",
    "governance_by_market.csv",
    "upgrading.csv",
    "diagnosis.json",
)
#: Columns of ``governance.csv``, in order.
GOVERNANCE_CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "market",
    "governance",
    "rule",
    "wave",
    "spec_setter",
    "buyer_monitors",
    "buyer_share",
    "ownership_link",
    "intermediary",
    "stated_governance",
)
#: Evidence a diagnosis may find missing, in the order it lists them.
EVIDENCE_KEYS: tuple[str, ...] = (
    "trade_relation",
    "market",
    "spec_setter",
    "buyer_share",
    "upgrading",
    "size",
    "ownership",
    "cooperation",
    "knowledge",
    "waves",
)


@dataclass(frozen=True)
class DiagnosisResult:
    """Everything :func:`diagnose` found, and how.

    Attributes
    ----------
    governance:
        One row per trade tie: derived governance, the rule that fired and the evidence
        (:func:`~tramas.metrics.governance.tie_governance`).
    by_market, by_buyer, shares:
        Governance by destination market, by external buyer, and over all trade ties.
    agreement:
        Stated vs derived governance (:func:`~tramas.metrics.governance.stated_agreement`).
    firms:
        Upgrading per firm with the governance of its main chain
        (:func:`~tramas.metrics.upgrading.firm_upgrading`).
    upgrading:
        Upgrading by governance (:func:`~tramas.metrics.upgrading.upgrading_by_governance`).
    expectations:
        Humphrey & Schmitz's expectations tested on the data
        (:func:`~tramas.metrics.upgrading.expectations`).
    collective:
        The collective efficiency profile (:func:`~tramas.metrics.collective.collective_efficiency`).
    indicators:
        Type and stage indicators with values and thresholds
        (:func:`~tramas.metrics.typology.indicators`).
    cluster_type, stage:
        The best type and stage with fit and evidence for and against
        (:func:`~tramas.metrics.typology.classify`).
    policy:
        Policy options ``{key, source, trigger}``.
    missing:
        Evidence keys the data lack (:data:`EVIDENCE_KEYS`).
    scheme:
        The governance scheme used.
    parameters:
        Wave, seed, thresholds and the scheme's rules source.
    candidates:
        Every type and stage with its score (``types``, ``stages``).
    """

    governance: pd.DataFrame
    by_market: pd.DataFrame
    by_buyer: pd.DataFrame
    shares: pd.DataFrame
    agreement: dict[str, Any]
    firms: pd.DataFrame
    upgrading: pd.DataFrame
    expectations: list[dict[str, Any]]
    collective: dict[str, Any]
    indicators: dict[str, dict[str, Any]]
    cluster_type: dict[str, Any]
    stage: dict[str, Any]
    policy: list[dict[str, str]]
    missing: list[str]
    scheme: str
    parameters: dict[str, Any] = field(default_factory=dict)
    candidates: dict[str, Any] = field(default_factory=dict)

    @property
    def has_value_chain(self) -> bool:
        """Whether any trade tie has a known (derived) governance."""
        g = self.governance
        return bool(len(g)) and bool((g["governance"].astype(str) != "unknown").any())

    def governance_shares(self) -> dict[str, float]:
        """``{governance: share}`` of the trade ties (``unknown`` included)."""
        return _share_dict(self.shares)

    def to_dict(self) -> dict[str, Any]:
        """What ``diagnosis.json`` holds (JSON-safe)."""
        return json_safe(
            {
                "scheme": self.scheme,
                "type": self.cluster_type,
                "stage": self.stage,
                "fit": {"type": self.cluster_type["fit"], "stage": self.stage["fit"]},
                "indicators": self.indicators,
                "candidates": self.candidates,
                "governance_shares": self.governance_shares(),
                "agreement": self.agreement,
                "tests": self.expectations,
                "collective_efficiency": self.collective,
                "policy": self.policy,
                "missing": self.missing,
                "parameters": self.parameters,
            }
        )

    def write(self, out_dir: str | Path, *, safe: bool = True) -> list[Path]:
        """Write ``governance.csv``, ``governance_by_market.csv``, ``upgrading.csv`` and
        ``diagnosis.json`` into ``out_dir`` (created if needed), CSV cells formula-guarded
        unless ``safe=False`` (:mod:`tramas.output`)."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        gov = self.governance.reindex(columns=list(GOVERNANCE_CSV_COLUMNS))
        market = self.by_market.reindex(columns=["market", "governance", "ties", "share"])
        firms = self.firms.copy()
        if "id" not in firms.columns:
            firms = firms.rename_axis("id").reset_index()
        return [
            write_csv(gov, out / "governance.csv", safe=safe),
            write_csv(market, out / "governance_by_market.csv", safe=safe),
            write_csv(firms, out / "upgrading.csv", safe=safe),
            write_json(self.to_dict(), out / "diagnosis.json"),
        ]


def _share_dict(shares: pd.DataFrame) -> dict[str, float]:
    if shares.empty:
        return {}
    return dict(zip(shares["governance"].astype(str), shares["share"].astype(float), strict=True))


def _known(values: pd.Series) -> pd.Series:
    """Cells holding a value (not missing, not blank)."""
    text = values.astype("string").str.strip()
    return text.notna() & (text != "")


def missing_evidence(network: Any, gov: pd.DataFrame, analysis: Any) -> list[str]:
    """The evidence keys (:data:`EVIDENCE_KEYS`) a diagnosis of this network lacks.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> net = Network(actors=pd.DataFrame(index=["a", "b"]),
    ...               ties=pd.DataFrame({"source": ["a"], "target": ["b"],
    ...                                  "relation": ["knowledge"]}))
    >>> missing_evidence(net, pd.DataFrame(), None)[:2]
    ['trade_relation', 'upgrading']
    """
    missing: list[str] = []
    if gov is None or gov.empty:
        missing.append("trade_relation")
    else:
        for column in ("market", "spec_setter", "buyer_share"):
            if column not in gov.columns or not _known(gov[column]).any():
                missing.append(column)
    upgrading = getattr(network, "upgrading", None)
    kinds = [c for c in getattr(upgrading, "columns", []) if str(c).startswith("upgrading_")]
    if upgrading is None or upgrading.empty or not upgrading[kinds].notna().to_numpy().any():
        missing.append("upgrading")
    actors = network.actors
    for column in ("size", "ownership"):
        if column not in actors.columns or not _known(actors[column]).any():
            missing.append(column)
    relations = getattr(network, "relations", {})
    for relation in ("cooperation", "knowledge"):
        if relation not in relations:
            missing.append(relation)
    if len(getattr(network, "waves", ()) or ()) < 2:
        missing.append("waves")
    return missing


def diagnose(
    network: Any,
    analysis: Any = None,
    *,
    scheme: str | None = None,
    rules: Any = None,
    wave: str | None = None,
    seed: int = 0,
    thresholds: dict[str, float] | None = None,
) -> DiagnosisResult:
    """Diagnose a cluster: governance of its value chains, upgrading, collective
    efficiency, type, stage and policy options.

    Parameters
    ----------
    network:
        The study's :class:`~tramas.graph.Network`.
    analysis:
        Its :class:`~tramas.metrics.AnalysisResult` of the same wave (computed with
        ``seed`` when ``None``; a report passes the one it already has).
    scheme:
        Governance scheme, ``humphrey_schmitz`` or ``gereffi`` (default: the study's
        ``[governance] scheme``, else ``humphrey_schmitz``).
    rules:
        Governance rules replacing the scheme's (default: the study's).
    wave:
        The wave diagnosed (``None``: the latest; ``"all"``: every wave merged).
    seed:
        Seed of the analysis when it is computed here.
    thresholds:
        Threshold overrides, applied after the study's ``[diagnosis.thresholds]``
        (:func:`~tramas.metrics.typology.resolve_thresholds`).

    Returns
    -------
    DiagnosisResult

    Raises
    ------
    TramasError
        For an unknown scheme, rule or threshold name.

    References
    ----------
    Humphrey, J., & Schmitz, H. (2002). *Regional Studies* 36(9), 1017-1027.
    Altenburg, T., & Meyer-Stamer, J. (1999). *World Development* 27(9), 1693-1713.
    Schmitz, H., & Nadvi, K. (1999). *World Development* 27(9), 1503-1514.

    Examples
    --------
    >>> import tramas
    >>> from tramas.sample import sample_dir
    >>> d = diagnose(tramas.load(sample_dir() / "study.toml"))
    >>> d.cluster_type["key"]
    'mass_production'
    """
    th = resolve_thresholds(getattr(network.study, "diagnosis", None), thresholds)
    if analysis is None:
        from tramas.metrics.analysis import analyze

        analysis = analyze(network, wave=None if wave == "all" else wave, seed=seed)
    config = dict(getattr(network.study, "governance", None) or {})
    used_scheme = scheme or config.get("scheme") or SCHEMES[0]
    gov = tie_governance(network, scheme=used_scheme, rules=rules, wave=wave)
    firms = firm_upgrading(network, gov, wave=wave)
    collective = collective_efficiency(network, analysis)
    values = indicators(network, analysis, gov, firms, collective=collective, thresholds=th)
    classes = classify(values, th)
    shares = governance_shares(gov)
    result_shares = _share_dict(shares)
    policy = policy_options(
        classes["type"]["key"],
        classes["stage"]["key"],
        {
            "governance_shares": result_shares,
            "collective": collective,
            "smes": analysis.figures.get("smes") or {},
        },
        thresholds=th,
    )
    return DiagnosisResult(
        governance=gov,
        by_market=governance_by_market(gov),
        by_buyer=governance_by_buyer(gov, network),
        shares=shares,
        agreement=stated_agreement(gov),
        firms=firms,
        upgrading=upgrading_by_governance(firms),
        expectations=expectations(firms, scheme=used_scheme),
        collective=collective,
        indicators=values,
        cluster_type=classes["type"],
        stage=classes["stage"],
        policy=policy,
        missing=missing_evidence(network, gov, analysis),
        scheme=used_scheme,
        parameters={
            "wave": wave if wave is not None else analysis.figures.get("wave"),
            "seed": seed,
            "thresholds": th,
            "rules": "given"
            if rules is not None
            else ("study" if config.get("rules") else "default"),
        },
        candidates={"types": classes["types"], "stages": classes["stages"]},
    )
