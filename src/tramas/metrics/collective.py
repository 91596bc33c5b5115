"""The collective efficiency profile of a cluster: joint action and where knowledge comes from.

Collective efficiency is the competitive advantage of a cluster's firms from local
external economies *and* deliberate joint action (Schmitz & Nadvi 1999). This module
brings together the figures that describe it, from an analysis already made
(:func:`tramas.metrics.analyze`): horizontal vs vertical cooperation (the analysis'
``figures["cooperation"]``, never recounted), bilateral joint action (cooperation
between two firms) vs multilateral joint action (cooperation through a collaboration
institution, actors of kind ``association``: chambers, business associations), the
reach of the cluster's institutions to its firms and SMEs, and the share of the
knowledge its firms receive from inside vs from outside the cluster (Giuliani & Bell
2005). Numbers and keys only: the catalogue words them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.network import NetworkView
from tramas.metrics.roles import SME_SIZES
from tramas.output import json_safe

__all__ = [
    "COLLABORATION_KINDS",
    "INSTITUTION_KINDS",
    "collective_efficiency",
    "institution_reach",
    "joint_action",
    "knowledge_sources",
]

#: Actor kinds of the cluster's institutions (every component that is not a firm).
INSTITUTION_KINDS: tuple[str, ...] = ("government", "research", "finance", "association")
#: Actor kinds of collaboration institutions (chambers, business associations): joint
#: action through one of them is multilateral.
COLLABORATION_KINDS: tuple[str, ...] = ("association",)


def _column(actors: pd.DataFrame, name: str, default: Any) -> pd.Series:
    if name in actors.columns:
        return actors[name]
    return pd.Series(default, index=actors.index)


def _internal_firms(actors: pd.DataFrame) -> pd.Series:
    """Boolean Series: internal actors of kind ``firm`` (every actor is a firm when the
    study records no kind, as elsewhere in tramas)."""
    internal = _column(actors, "internal", True).fillna(True).astype(bool)
    kind = _column(actors, "kind", "firm").astype("string").fillna("firm").str.lower()
    return internal & (kind == "firm")


def _smes(actors: pd.DataFrame) -> pd.Series:
    """Internal firms of size micro, small or medium (unknown size counts as SME, as in
    :func:`tramas.metrics.roles.isolated_smes`)."""
    size = _column(actors, "size", None).astype("string").str.lower()
    return _internal_firms(actors) & (size.isna() | size.isin(SME_SIZES))


def _institutions(actors: pd.DataFrame, kinds: tuple[str, ...]) -> pd.Series:
    internal = _column(actors, "internal", True).fillna(True).astype(bool)
    kind = _column(actors, "kind", "firm").astype("string").str.lower()
    return internal & kind.isin(kinds).fillna(False)


def joint_action(cooperation: pd.DataFrame | None, actors: pd.DataFrame) -> dict[str, Any]:
    """Bilateral and multilateral joint action: who cooperates with whom.

    Parameters
    ----------
    cooperation:
        The cooperation ties of one wave (``source``, ``target``), as the analysis
        holds them (``analysis.views.cooperation``); ``None`` without a cooperation
        relation.
    actors:
        Actor attributes indexed by id (``kind``, ``internal``).

    Returns
    -------
    dict
        ``bilateral``: distinct cooperating pairs of two internal firms;
        ``multilateral``: distinct pairs of an internal firm and a collaboration
        institution (kind ``association``); ``firms_multilateral``: internal firms
        cooperating with at least one collaboration institution, and
        ``firms_multilateral_share`` of all internal firms; ``multilateral_share``:
        multilateral / (bilateral + multilateral), ``None`` without either.

    References
    ----------
    Schmitz, H., & Nadvi, K. (1999). Clustering and industrialization: introduction.
    *World Development* 27(9), 1503-1514.

    Examples
    --------
    >>> a = pd.DataFrame({"kind": ["firm", "firm", "association"]},
    ...                  index=pd.Index(["f1", "f2", "ch"], name="id"))
    >>> coop = pd.DataFrame({"source": ["f1", "f2", "f1"], "target": ["f2", "f1", "ch"]})
    >>> j = joint_action(coop, a)
    >>> j["bilateral"], j["multilateral"], j["firms_multilateral"]
    (1, 1, 1)
    """
    firms = _internal_firms(actors)
    collab = _institutions(actors, COLLABORATION_KINDS)
    n_firms = int(firms.sum())
    out: dict[str, Any] = {
        "bilateral": 0,
        "multilateral": 0,
        "firms_multilateral": 0,
        "firms_multilateral_share": 0.0 if n_firms else None,
        "multilateral_share": None,
        "firms": n_firms,
    }
    if cooperation is None or cooperation.empty:
        return out
    src = cooperation["source"].astype(str).to_numpy()
    tgt = cooperation["target"].astype(str).to_numpy()
    pairs = pd.DataFrame({"a": np.minimum(src, tgt), "b": np.maximum(src, tgt)})
    pairs = pairs[pairs["a"] != pairs["b"]].drop_duplicates()
    is_firm = (
        firms.reindex(pairs["a"]).fillna(False).to_numpy(),
        firms.reindex(pairs["b"]).fillna(False).to_numpy(),
    )
    is_collab = (
        collab.reindex(pairs["a"]).fillna(False).to_numpy(),
        collab.reindex(pairs["b"]).fillna(False).to_numpy(),
    )
    bilateral = is_firm[0] & is_firm[1]
    multi = (is_firm[0] & is_collab[1]) | (is_collab[0] & is_firm[1])
    members = set(pairs["a"].to_numpy()[multi & is_firm[0]]) | set(
        pairs["b"].to_numpy()[multi & is_firm[1]]
    )
    out["bilateral"] = int(bilateral.sum())
    out["multilateral"] = int(multi.sum())
    out["firms_multilateral"] = len(members)
    out["firms_multilateral_share"] = len(members) / n_firms if n_firms else None
    joint = out["bilateral"] + out["multilateral"]
    out["multilateral_share"] = out["multilateral"] / joint if joint else None
    return out


def institution_reach(view: NetworkView) -> dict[str, Any]:
    """How far the cluster's institutions reach its firms and its SMEs.

    Parameters
    ----------
    view:
        The analysed view (every relation of the wave): a firm is reached when it has
        a tie, in either direction and any relation, with an internal institution
        (kind government, research, finance or association).

    Returns
    -------
    dict
        ``institutions`` (internal institutions of the view), ``firms``, ``smes``,
        ``firms_reached``, ``smes_reached``, ``firm_reach`` and ``sme_reach`` (shares,
        ``None`` without firms / SMEs), ``institutions_per_10_firms``.

    References
    ----------
    Schmitz, H., & Nadvi, K. (1999). Clustering and industrialization: introduction.
    *World Development* 27(9), 1503-1514.

    Examples
    --------
    >>> a = pd.DataFrame({"kind": ["firm", "firm", "research"],
    ...                   "size": ["small", "large", None]},
    ...                  index=pd.Index(["f1", "f2", "u"], name="id"))
    >>> v = NetworkView.from_edges([("u", "f1"), ("f1", "f2")], actors=a)
    >>> r = institution_reach(v)
    >>> r["firm_reach"], r["sme_reach"]
    (0.5, 1.0)
    """
    actors = view.actors
    firms = _internal_firms(actors).to_numpy()
    smes = _smes(actors).to_numpy()
    inst = _institutions(actors, INSTITUTION_KINDS).to_numpy()
    e = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    reached = np.zeros(len(actors), dtype=bool)
    if len(e):
        reached[e[inst[e[:, 1]], 0]] = True
        reached[e[inst[e[:, 0]], 1]] = True
    n_firms, n_smes = int(firms.sum()), int(smes.sum())
    firms_reached, smes_reached = int((reached & firms).sum()), int((reached & smes).sum())
    return {
        "institutions": int(inst.sum()),
        "firms": n_firms,
        "smes": n_smes,
        "firms_reached": firms_reached,
        "smes_reached": smes_reached,
        "firm_reach": firms_reached / n_firms if n_firms else None,
        "sme_reach": smes_reached / n_smes if n_smes else None,
        "institutions_per_10_firms": 10 * int(inst.sum()) / n_firms if n_firms else None,
    }


def knowledge_sources(knowledge: NetworkView | None) -> dict[str, Any]:
    """Where the knowledge the cluster's firms receive comes from: inside or outside.

    Parameters
    ----------
    knowledge:
        The knowledge relation of the wave (ties point provider → receiver), or
        ``None`` when the study has none.

    Returns
    -------
    dict
        ``received``: knowledge ties received by internal firms; ``from_inside`` and
        ``from_outside``: of those, from internal and from external actors;
        ``outside_share``: ``from_outside / received`` (``None`` without ties).

    References
    ----------
    Giuliani, E., & Bell, M. (2005). The micro-determinants of meso-level learning and
    innovation: evidence from a Chilean wine cluster. *Research Policy* 34(1), 47-68.

    Examples
    --------
    >>> a = pd.DataFrame({"internal": [True, True, False]},
    ...                  index=pd.Index(["f1", "f2", "x"], name="id"))
    >>> v = NetworkView.from_edges([("x", "f1"), ("f2", "f1"), ("f1", "f2")], actors=a)
    >>> k = knowledge_sources(v)
    >>> k["received"], k["from_outside"], k["outside_share"]
    (3, 1, 0.3333333333333333)
    """
    out: dict[str, Any] = {"received": 0, "from_inside": 0, "from_outside": 0}
    out["outside_share"] = None
    if knowledge is None:
        return out
    arcs = (
        knowledge.directed_arcs()
        if knowledge.directed
        else np.asarray(knowledge.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    )
    arcs = arcs[arcs[:, 0] != arcs[:, 1]]
    actors = knowledge.actors
    firms = _internal_firms(actors).to_numpy()
    internal = _column(actors, "internal", True).fillna(True).astype(bool).to_numpy()
    received = arcs[firms[arcs[:, 1]]] if len(arcs) else arcs
    n = len(received)
    outside = int((~internal[received[:, 0]]).sum()) if n else 0
    out.update(
        received=n,
        from_inside=n - outside,
        from_outside=outside,
        outside_share=outside / n if n else None,
    )
    return out


def collective_efficiency(network: Any, analysis: Any) -> dict[str, Any]:
    """The collective efficiency profile of a cluster, from one analysis.

    Parameters
    ----------
    network:
        The :class:`~tramas.graph.Network` analysed (kept for symmetry with the other
        diagnosis functions; every figure comes from the analysis' views).
    analysis:
        Its :class:`~tramas.metrics.AnalysisResult`.

    Returns
    -------
    dict
        JSON-safe: ``cooperation`` (horizontal / vertical / unspecified / total pairs,
        as the analysis counted them, plus ``horizontal_share`` of the oriented pairs
        and ``horizontal_density``: horizontal pairs over the possible pairs of
        internal firms), ``joint_action`` (:func:`joint_action`), ``institutions``
        (:func:`institution_reach`), ``knowledge`` (:func:`knowledge_sources`),
        ``external_tie_share`` (the analysis' share of ties with an external end, every
        relation) and ``linked_firm_share`` (internal firms with at least one tie in
        the analysed view).

    Notes
    -----
    Horizontal cooperation links competitors, vertical cooperation buyers and
    suppliers; in developing-country clusters vertical cooperation tends to be high or
    rising and horizontal bilateral cooperation low (Schmitz 1999). Multilateral joint
    action runs through collaboration institutions.

    References
    ----------
    Schmitz, H., & Nadvi, K. (1999). Clustering and industrialization: introduction.
    *World Development* 27(9), 1503-1514.
    Giuliani, E., & Bell, M. (2005). *Research Policy* 34(1), 47-68.

    Examples
    --------
    >>> import tramas
    >>> from tramas.sample import sample_dir
    >>> net = tramas.load(sample_dir() / "study.toml")
    >>> ce = collective_efficiency(net, tramas.analyze(net, consensus_runs=2))
    >>> sorted(ce)[:3]
    ['cooperation', 'external_tie_share', 'institutions']
    """
    view: NetworkView = analysis.view
    views = getattr(analysis, "views", None)
    coop_ties = views.cooperation if views is not None else None
    knowledge = views.knowledge if views is not None else None
    counts = dict(analysis.figures.get("cooperation") or {})
    firms = _internal_firms(view.actors)
    n_firms = int(firms.sum())
    oriented = counts.get("horizontal", 0) + counts.get("vertical", 0)
    possible = n_firms * (n_firms - 1) / 2
    counts["horizontal_share"] = counts.get("horizontal", 0) / oriented if oriented else None
    counts["horizontal_density"] = (
        counts.get("horizontal", 0) / possible if possible and coop_ties is not None else None
    )
    counts["per_firm"] = (
        counts.get("total", 0) / n_firms if n_firms and coop_ties is not None else None
    )
    deg = np.asarray(view.graph.degree(), dtype=np.int64)
    linked = int(((deg > 0) & firms.to_numpy()).sum())
    return json_safe(
        {
            "cooperation": counts,
            "joint_action": joint_action(coop_ties, view.actors),
            "institutions": institution_reach(view),
            "knowledge": knowledge_sources(knowledge),
            "external_tie_share": analysis.figures.get("external_tie_share"),
            "linked_firm_share": linked / n_firms if n_firms else None,
        }
    )
