"""Cluster roles for policy work: lead firms, cognitive roles (Giuliani & Bell) and isolated SMEs.

Each role comes with the reason it was given, kept as a code and the values behind it
(``lead_firm_reason_code`` and ``lead_firm_drivers`` with the raw components;
``role_reason_code`` with the degrees, openness and thresholds; ``sme_reason_code`` with
the contacts), so that an analyst can check it against what they know of the cluster.
Nothing here is worded: :func:`tramas.locale.reasons.reason_texts` words the reasons in
English or Spanish when an output is presented. Role codes (``gatekeeper``,
``isolated`` ...) are stable identifiers for maps and reports.

*Lead firms* are ranked by a composite score of documented components with
configurable weights (:class:`LeadFirmWeights`). *Cognitive roles* classify cluster
actors in the knowledge network by internal out-degree, internal in-degree and
external openness (:class:`CognitiveThresholds`). *Isolated and weakly connected
SMEs* are the usual targets of cluster policy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from tramas.graph.network import NetworkView
from tramas.metrics.centrality import betweenness as _betweenness
from tramas.metrics.centrality import degree
from tramas.metrics.centrality import pagerank as _pagerank

__all__ = [
    "COGNITIVE_ROLES",
    "CognitiveRoles",
    "CognitiveThresholds",
    "LeadFirmWeights",
    "LeadFirms",
    "cognitive_roles",
    "isolated_smes",
    "lead_firms",
]

#: Cognitive role codes (Giuliani & Bell 2005), plus ``external`` for actors outside.
COGNITIVE_ROLES: tuple[str, ...] = (
    "gatekeeper",
    "mutual_exchanger",
    "source",
    "absorber",
    "external_star",
    "isolated",
    "external",
)

SIZE_SCORE = {"micro": 0.0, "small": 1 / 3, "medium": 2 / 3, "large": 1.0}
OWNERSHIP_SCORE = {"local": 0.0, "national": 0.5, "foreign": 1.0}
SME_SIZES = ("micro", "small", "medium")


def _internal(actors: pd.DataFrame) -> np.ndarray:
    if "internal" not in actors.columns:
        return np.ones(len(actors), dtype=bool)
    return actors["internal"].fillna(True).astype(bool).to_numpy()


def _kind(actors: pd.DataFrame) -> np.ndarray:
    if "kind" not in actors.columns:
        return np.full(len(actors), "firm", dtype=object)
    return actors["kind"].astype(object).where(actors["kind"].notna(), "firm").to_numpy()


# =========================================================================== lead firms
@dataclass(frozen=True)
class LeadFirmWeights:
    """Weights of the lead-firm score components (renormalised over those available).

    Attributes
    ----------
    knowledge_out:
        Out-degree in the knowledge network: firms others learn from.
    trade_pagerank:
        PageRank in the trade network: firms at the end of many (important) supply
        flows — large buyers that organise the chain.
    betweenness:
        Betweenness in the analysed network: firms that connect the cluster.
    vertical_ties:
        Number of vertical (buyer–supplier) cooperation partners.
    size:
        Size class (micro 0, small 1/3, medium 2/3, large 1).
    ownership:
        Ownership (local 0, national 0.5, foreign 1): links to external chains.
    """

    knowledge_out: float = 0.25
    trade_pagerank: float = 0.20
    betweenness: float = 0.20
    vertical_ties: float = 0.15
    size: float = 0.10
    ownership: float = 0.10

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class LeadFirms:
    """Lead-firm ranking: ``table`` indexed by actor id with ``lead_firm_score``,
    ``lead_firm_rank``, ``lead_firm`` (top ``top``), ``eligible``,
    ``lead_firm_reason_code`` (``ranked``, ``kind`` or ``external``),
    ``lead_firm_drivers`` (the components that contribute most, comma-separated), the
    raw components and their 0-1 scaled values (``scaled_<component>``).

    ``unavailable`` lists components that could not be computed; ``substituted`` maps
    components taken from another relation to that relation; ``parameters`` holds the
    weights, ``top`` and ``eligible`` (the number of ranked firms).
    """

    table: pd.DataFrame
    weights: LeadFirmWeights
    unavailable: tuple[str, ...] = ()
    substituted: dict[str, str] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)

    def ranking(self) -> pd.DataFrame:
        """Eligible firms by rank."""
        t = self.table[self.table["eligible"]]
        return t.sort_values("lead_firm_rank")


def lead_firms(
    view: NetworkView,
    *,
    knowledge: NetworkView | None = None,
    trade: NetworkView | None = None,
    cooperation: pd.DataFrame | None = None,
    weights: LeadFirmWeights | None = None,
    betweenness: pd.Series | None = None,
    top: int | None = None,
) -> LeadFirms:
    """Rank the cluster's firms by a documented composite lead-firm score.

    Parameters
    ----------
    view:
        The analysed view (its actors are scored; betweenness is taken here).
    knowledge, trade:
        The knowledge relation (unweighted) and the trade relation (weighted) of the
        analysed wave over the view's actors, in the view's actor order
        (:func:`tramas.metrics.views.wave_views`). Without one the component is taken
        from the analysed view (knowledge out-degree, trade PageRank), and
        ``substituted`` says so.
    cooperation:
        The cooperation ties of the analysed wave, with their ``orientation``
        (:meth:`Network.select_ties <tramas.graph.Network.select_ties>`), for the
        vertical ties; without them (or without orientations) that component is left
        out, and ``unavailable`` says so.
    weights:
        Component weights (default :class:`LeadFirmWeights`).
    betweenness:
        Betweenness of the view, if already computed.
    top:
        How many ranked firms get ``lead_firm = True`` (default: 10 % of the eligible
        firms, at least 1).

    Returns
    -------
    LeadFirms

    Notes
    -----
    Each component :math:`x_k` is scaled by its maximum over the eligible firms
    (internal actors of kind ``firm``), :math:`\\tilde x_k = x_k / \\max x_k`, and the score
    is :math:`S_i = \\sum_k w_k \\tilde x_{ik} / \\sum_k w_k` over the available components,
    in [0, 1]. Firms are ranked 1, 2, ... by score (ties by view order); other actors
    are ranked after them, by score. ``lead_firm_drivers`` names the three components
    that contribute most (:math:`w_k \\tilde x_{ik}`); their raw values are in the table.

    References
    ----------
    Humphrey, J., & Schmitz, H. (2002). How does insertion in global value chains affect
    upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
    Giuliani, E. (2007). The selective nature of knowledge networks in clusters.
    *J. Economic Geography* 7(2), 139-168. Lazerson, M. H., & Lorenzoni, G. (1999). The
    firms that feed industrial districts. *Industrial and Corporate Change* 8(2).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    >>> lead_firms(v).ranking().index[0]
    'a'
    """
    weights = weights or LeadFirmWeights()
    ids = view.ids
    actors = view.actors
    internal = _internal(actors)
    kind = _kind(actors)
    eligible = internal & (kind == "firm")
    rel_label = "+".join(view.relations) or "analysed"
    raw: dict[str, np.ndarray] = {}
    unavailable: list[str] = []
    substituted: dict[str, str] = {}

    if knowledge is not None:
        raw["knowledge_out"] = np.asarray(
            knowledge.graph.degree(mode="out" if knowledge.directed else "all"), dtype=float
        )
    else:
        # ties sent in the directed relations (a cooperation tie is sent by nobody)
        raw["knowledge_out"] = degree(view, "out").reindex(ids).to_numpy(dtype=float)
        substituted["knowledge_out"] = rel_label
    if trade is not None:
        raw["trade_pagerank"] = _pagerank(trade).reindex(ids).to_numpy()
    else:
        raw["trade_pagerank"] = _pagerank(view).to_numpy()
        substituted["trade_pagerank"] = rel_label
    if betweenness is None:
        betweenness = _betweenness(view)
    raw["betweenness"] = betweenness.reindex(ids).to_numpy(dtype=float)
    vertical = _vertical_partners(cooperation, ids)
    if vertical is not None:
        raw["vertical_ties"] = vertical
    else:
        unavailable.append("vertical_ties")
    if "size" in actors.columns and actors["size"].notna().any():
        raw["size"] = actors["size"].map(SIZE_SCORE).fillna(0.0).to_numpy(dtype=float)
    else:
        unavailable.append("size")
    if "ownership" in actors.columns and actors["ownership"].notna().any():
        raw["ownership"] = (
            actors["ownership"].map(OWNERSHIP_SCORE).fillna(0.0).to_numpy(dtype=float)
        )
    else:
        unavailable.append("ownership")

    w = weights.as_dict()
    used = {k: w[k] for k in raw if w.get(k, 0) > 0}
    total_w = sum(used.values()) or 1.0
    scaled: dict[str, np.ndarray] = {}
    for k, x in raw.items():
        ref = x[eligible] if eligible.any() else x
        top_val = float(np.max(ref)) if len(ref) else 0.0
        scaled[k] = np.clip(x / top_val, 0, None) if top_val > 0 else np.zeros(len(x))
    contrib = {k: used.get(k, 0.0) * scaled[k] / total_w for k in raw}
    score = np.sum([contrib[k] for k in raw], axis=0) if raw else np.zeros(len(ids))

    # ranks: eligible firms first (1..F), then the others
    order_key = np.where(eligible, 0, 1)
    order = np.lexsort((np.arange(len(ids)), -score, order_key))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(1, len(ids) + 1)
    n_eligible = int(eligible.sum())
    if top is None:
        top = max(1, round(0.1 * n_eligible))
    is_lead = eligible & (rank <= top)

    reason_code = np.where(eligible, "ranked", np.where(internal, "kind", "external"))
    drivers = [
        ",".join(k for k in sorted(raw, key=lambda k: -contrib[k][i])[:3] if contrib[k][i] > 0)
        if eligible[i]
        else ""
        for i in range(len(ids))
    ]
    table = pd.DataFrame(
        {
            "lead_firm_score": score,
            "lead_firm_rank": rank,
            "lead_firm": is_lead,
            "eligible": eligible,
            "lead_firm_reason_code": reason_code.astype(object),
            "lead_firm_drivers": drivers,
            **{k: raw[k] for k in raw},
            **{f"scaled_{k}": scaled[k] for k in raw},
        },
        index=ids.copy(),
    )
    return LeadFirms(
        table=table,
        weights=weights,
        unavailable=tuple(unavailable),
        substituted=substituted,
        parameters={"weights": weights.as_dict(), "top": top, "eligible": n_eligible},
    )


def _vertical_partners(ties: pd.DataFrame | None, ids: pd.Index) -> np.ndarray | None:
    """Distinct vertical cooperation partners per actor, or ``None`` if not recorded."""
    if ties is None:
        return None
    if "orientation" not in ties.columns or ties["orientation"].isna().all():
        return None
    vert = ties[ties["orientation"].astype("string").str.lower() == "vertical"]
    src = vert["source"].astype(str).to_numpy()
    tgt = vert["target"].astype(str).to_numpy()
    pairs = pd.DataFrame({"a": np.minimum(src, tgt), "b": np.maximum(src, tgt)}).drop_duplicates()
    ends = pd.concat([pairs["a"], pairs["b"]])
    return ends.value_counts().reindex(ids, fill_value=0).to_numpy(dtype=float)


# =========================================================================== cognitive roles
@dataclass(frozen=True)
class CognitiveThresholds:
    """When is a cluster actor's knowledge exchange "high"?

    Each threshold is ``"mean"`` or ``"median"`` (of the cluster's actors — Giuliani &
    Bell compare firms with the cluster average) or a number. A value is high when it
    is positive and at least the threshold.
    """

    outdegree: str | float = "mean"
    indegree: str | float = "mean"
    openness: str | float = "mean"


@dataclass(frozen=True)
class CognitiveRoles:
    """Giuliani–Bell cognitive roles: ``table`` indexed by actor id with
    ``cognitive_role``, ``role_reason_code`` (``classified`` or ``external``),
    ``internal_outdegree``, ``internal_indegree``, ``openness``; the thresholds used
    (``outdegree``, ``indegree``, ``openness``) and the relation they came from
    (``knowledge``, or the analysed relations joined by ``+`` without it)."""

    table: pd.DataFrame
    thresholds: dict[str, float]
    relation: str
    parameters: dict = field(default_factory=dict)


def _threshold(spec: str | float, values: np.ndarray) -> float:
    if isinstance(spec, int | float):
        return float(spec)
    if len(values) == 0:
        return 0.0
    if spec == "mean":
        return float(np.mean(values))
    if spec == "median":
        return float(np.median(values))
    raise ValueError(f"unknown threshold {spec!r}; use 'mean', 'median' or a number")


def cognitive_roles(
    view: NetworkView,
    *,
    knowledge: NetworkView | None = None,
    thresholds: CognitiveThresholds | None = None,
) -> CognitiveRoles:
    """Classify cluster actors by their place in the flow of technical knowledge.

    Parameters
    ----------
    view:
        The analysed view: its actors are classified, and its ties are used when no
        ``knowledge`` view is given.
    knowledge:
        The ``knowledge`` relation (directed: provider -> receiver) of the analysed wave
        over the view's actors, in the view's actor order
        (:func:`tramas.metrics.views.wave_views`).
    thresholds:
        What counts as high (default: the cluster mean, see
        :class:`CognitiveThresholds`).

    Returns
    -------
    CognitiveRoles

    Notes
    -----
    For each cluster actor (``internal`` true): internal out-degree (cluster actors it
    gives knowledge to), internal in-degree (cluster actors it receives from) and
    external openness (distinct actors outside the cluster it exchanges knowledge
    with, in either direction). With *high* meaning positive and at least the
    threshold:

    ===================== ========= ========= ========
    role                  out       in        open
    ===================== ========= ========= ========
    gatekeeper            high      any       high
    mutual exchanger      high      high      low
    source                high      low       low
    absorber              low       high      any
    external star         low       low       high
    isolated              low       low       low
    ===================== ========= ========= ========

    Gatekeepers acquire knowledge outside and pass it on inside; external stars are
    strongly linked outside but cognitively isolated within. Actors outside the
    cluster get the role ``external``.

    References
    ----------
    Giuliani, E., & Bell, M. (2005). The micro-determinants of meso-level learning and
    innovation: evidence from a Chilean wine cluster. *Research Policy* 34(1), 47-68.
    Allen, T. J. (1977). *Managing the Flow of Technology*. MIT Press.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"internal": [True, True, True, False]},
    ...                  index=pd.Index(["g", "f1", "f2", "x"], name="id"))
    >>> v = NetworkView.from_edges([("x", "g"), ("g", "f1"), ("g", "f2")], actors=a)
    >>> cognitive_roles(v).table["cognitive_role"].to_dict()
    {'g': 'gatekeeper', 'f1': 'absorber', 'f2': 'absorber', 'x': 'external'}
    """
    thresholds = thresholds or CognitiveThresholds()
    ids = view.ids
    kview = knowledge
    relation = "knowledge"
    if kview is None:
        kview = view
        relation = "+".join(view.relations) or "analysed"
    internal = _internal(view.actors)
    g = kview.graph
    e = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    if not kview.directed:
        e = np.vstack([e, e[:, ::-1]])
    e = np.unique(e, axis=0) if len(e) else e
    n = len(ids)
    s, t = (e[:, 0], e[:, 1]) if len(e) else (np.zeros(0, int), np.zeros(0, int))
    both_in = internal[s] & internal[t]
    out_int = np.bincount(s[both_in], minlength=n).astype(float)
    in_int = np.bincount(t[both_in], minlength=n).astype(float)
    # openness: distinct external partners, either direction
    ext_pairs = np.concatenate(
        [
            np.column_stack([s, t])[internal[s] & ~internal[t]],
            np.column_stack([t, s])[internal[t] & ~internal[s]],
        ]
    )
    ext_pairs = np.unique(ext_pairs, axis=0) if len(ext_pairs) else ext_pairs.reshape(0, 2)
    openness = (
        np.bincount(ext_pairs[:, 0], minlength=n).astype(float) if len(ext_pairs) else np.zeros(n)
    )

    t_out = _threshold(thresholds.outdegree, out_int[internal])
    t_in = _threshold(thresholds.indegree, in_int[internal])
    t_ext = _threshold(thresholds.openness, openness[internal])
    hi_out = (out_int > 0) & (out_int >= t_out)
    hi_in = (in_int > 0) & (in_int >= t_in)
    hi_ext = (openness > 0) & (openness >= t_ext)
    role = np.select(
        [
            ~internal,
            hi_out & hi_ext,
            hi_out & hi_in,
            hi_out,
            hi_in,
            hi_ext,
        ],
        ["external", "gatekeeper", "mutual_exchanger", "source", "absorber", "external_star"],
        default="isolated",
    )
    table = pd.DataFrame(
        {
            "cognitive_role": role.astype(object),
            "role_reason_code": np.where(role == "external", "external", "classified").astype(
                object
            ),
            "internal_outdegree": out_int,
            "internal_indegree": in_int,
            "openness": openness,
        },
        index=ids.copy(),
    )
    limits = {"outdegree": t_out, "indegree": t_in, "openness": t_ext}
    return CognitiveRoles(
        table=table,
        thresholds=limits,
        relation=relation,
        parameters={"thresholds": asdict(thresholds)},
    )


# =========================================================================== isolated SMEs
def isolated_smes(view: NetworkView, *, weak: int = 1) -> pd.DataFrame:
    """Isolated and weakly connected SMEs of the cluster: the usual policy targets.

    Parameters
    ----------
    view:
        The analysed view (all relations merged by default in :func:`analyze`).
    weak:
        At most this many distinct contacts makes an SME weakly connected.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id: ``sme_status`` (``isolated``, ``weak``, ``connected`` or
        ``not_sme``), ``sme_reason_code`` (``isolated``, ``weak``, ``weak_outside``,
        ``connected`` or ``not_sme_<external|kind|size>``), ``contacts`` (distinct
        neighbours, any direction) and ``size_known``.

    Notes
    -----
    An SME is an internal actor of kind ``firm`` whose size is micro, small or medium
    (or unknown: reported as such). It is *isolated* with no contact, *weakly
    connected* with at most ``weak`` contacts or when outside the largest component.

    References
    ----------
    Giuliani, E., & Bell, M. (2005). *Research Policy* 34(1), 47-68. UNIDO (2010).
    *Cluster Development for Pro-Poor Growth: the UNIDO Approach*. Vienna.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"size": ["small", "large", "micro", "micro"]},
    ...                  index=pd.Index(list("abcd"), name="id"))
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=a)
    >>> isolated_smes(v)["sme_status"].to_dict()
    {'a': 'weak', 'b': 'not_sme', 'c': 'weak', 'd': 'isolated'}
    """
    g = view.graph
    n = g.vcount()
    actors = view.actors
    internal = _internal(actors)
    kind = _kind(actors)
    size = (
        actors["size"].astype(object).to_numpy()
        if "size" in actors.columns
        else np.full(n, None, dtype=object)
    )
    known = pd.notna(size)
    sme = internal & (kind == "firm") & (~known | np.isin(size.astype(str), SME_SIZES))
    contacts = (
        np.asarray([len(x) for x in g.neighborhood(order=1, mode="all", mindist=1)])
        if n
        else np.zeros(0, int)
    )
    comps = g.connected_components(mode="weak") if n else None
    giant = np.zeros(n, dtype=bool)
    if n and g.ecount():
        memb = np.asarray(comps.membership)
        giant = memb == np.argmax(comps.sizes())
    status, codes = [], []
    for i in range(n):
        if not sme[i]:
            status.append("not_sme")
            why = "external" if not internal[i] else ("kind" if kind[i] != "firm" else "size")
            codes.append(f"not_sme_{why}")
        elif contacts[i] == 0:
            status.append("isolated")
            codes.append("isolated")
        elif contacts[i] <= weak or not giant[i]:
            status.append("weak")
            codes.append("weak" if giant[i] else "weak_outside")
        else:
            status.append("connected")
            codes.append("connected")
    table = pd.DataFrame(
        {
            "sme_status": status,
            "sme_reason_code": codes,
            "contacts": contacts.astype(int),
            "size_known": known.astype(bool),
        },
        index=view.ids.copy(),
    )
    return table
