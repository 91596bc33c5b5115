"""Actor centrality: degree and strength, betweenness, closeness, eigenvector, PageRank, HITS, k-cores.

Every function takes a :class:`~tramas.graph.NetworkView` and returns a
:class:`pandas.Series` indexed by actor id (vertex order of the view). Nothing here
mutates the view. igraph does the work; the conventions (direction, normalisation,
treatment of weights) are stated in each docstring and in ``docs/metrics.md``.

Weights have two meanings in network analysis. For *volume* measures (strength,
eigenvector, PageRank, HITS) a larger weight is a stronger tie and is used as is. For
*path* measures (betweenness, closeness, harmonic) a weight must become a length: with
``weighted=True`` a tie of weight ``w`` has length ``1 / w``, so strong ties are short
(Newman 2001; Brandes 2001; Opsahl, Agneessens & Skvoretz 2010). Path measures are
unweighted by default, as in UCINET and statnet.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from tramas.graph.network import NetworkView
from tramas.metrics.weights import unit_weights

__all__ = [
    "authority",
    "betweenness",
    "closeness",
    "coreness",
    "degree",
    "degree_table",
    "eigenvector",
    "harmonic",
    "hits",
    "hub",
    "indegree",
    "outdegree",
    "pagerank",
    "strength",
]

Mode = Literal["in", "out", "all"]


def _lengths(view: NetworkView, weighted: bool) -> list[float] | None:
    """Edge lengths for path measures: ``1 / weight`` when weighted, else ``None``."""
    if not weighted or not view.weighted or view.n_ties == 0:
        return None
    w = np.asarray(view.graph.es["weight"], dtype=float)
    if (w <= 0).any():
        # a non-positive tie strength has no finite length; treat it as very long
        w = np.where(w > 0, w, np.finfo(float).tiny)
    return (1.0 / w).tolist()


def _mode(view: NetworkView, mode: Mode) -> Mode:
    return mode if view.directed else "all"


def _pivot_sums(
    view: NetworkView, mode: Mode, lengths: list[float] | None, pivots: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distances from every actor to ``pivots`` random actors, summarised per actor.

    Returns, per actor, the number of pivots reached (other than itself), the sum of
    distances and the sum of inverse distances to them, and the number of pivots
    other than the actor itself.
    Distances are computed from the pivots along the reversed direction, in blocks
    of 16 pivots so memory stays at a few rows of the distance matrix.
    """
    g = view.graph
    n = g.vcount()
    rng = np.random.default_rng(seed)
    targets = np.sort(rng.choice(n, size=pivots, replace=False))
    rev = {"out": "in", "in": "out", "all": "all"}[mode]
    reached = np.zeros(n)
    total = np.zeros(n)
    inverse = np.zeros(n)
    for start in range(0, len(targets), 16):
        block = targets[start : start + 16].tolist()
        d = np.asarray(g.distances(source=block, weights=lengths, mode=rev), dtype=float)
        ok = np.isfinite(d) & (d > 0)
        reached += ok.sum(axis=0)
        total += np.where(ok, d, 0.0).sum(axis=0)
        with np.errstate(divide="ignore"):
            inverse += np.where(ok, 1.0 / np.where(ok, d, 1.0), 0.0).sum(axis=0)
    others = np.full(n, float(pivots))
    others[targets] -= 1.0
    return reached, total, inverse, np.maximum(others, 1.0)


# --------------------------------------------------------------------------- degree
def _mixed(view: NetworkView) -> bool:
    """A directed view holding a relation without direction (each tie two arcs)."""
    return view.directed and bool(set(view.undirected_relations) & set(view.relations))


def _multiplex_degree(view: NetworkView, mode: Mode) -> np.ndarray:
    """Degree in a directed view that mixes directed and undirected relations."""
    n = view.graph.vcount()
    arcs = view.directed_arcs()
    arcs = arcs[arcs[:, 0] != arcs[:, 1]]
    indeg = np.bincount(arcs[:, 1], minlength=n)
    outdeg = np.bincount(arcs[:, 0], minlength=n)
    if mode == "in":
        return indeg
    if mode == "out":
        return outdeg
    undirected = set(view.undirected_relations)
    pairs = [t for r, t in view.relation_ties().items() if r in undirected]
    pairs = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs = np.unique(pairs, axis=0)  # a pair tied in two undirected relations: one tie
    return indeg + outdeg + np.bincount(pairs.ravel(), minlength=n)


def degree(view: NetworkView, mode: Mode = "all") -> pd.Series:
    """Number of ties of each actor (in-, out- or total degree).

    Parameters
    ----------
    view:
        The network view.
    mode:
        ``"in"`` (ties received), ``"out"`` (ties sent) or ``"all"`` (total degree: in +
        out in a directed view, the number of neighbours in an undirected one; plus
        the ties without direction in a view that mixes relations, see Notes).

    Returns
    -------
    pandas.Series
        Integer degree indexed by actor id.

    Notes
    -----
    :math:`d^{in}_i = \\sum_j a_{ji}`, :math:`d^{out}_i = \\sum_j a_{ij}` and, in a
    directed view, the total (Freeman) degree :math:`d_i = d^{in}_i + d^{out}_i`, as in
    ``sna::degree(cmode="freeman")``. A reciprocated pair counts twice in the total.
    Loops are left out; a view merging several relations counts the merged tie of a
    pair once (its weight goes to :func:`strength`).

    *Multiplex views.* A directed view that also holds relations without direction
    (cooperation; :attr:`~tramas.graph.NetworkView.undirected_relations`) stores each
    of their ties as two arcs. They are not sent or received, and a tie counts once:

    * :math:`d^{in}_i` and :math:`d^{out}_i` count the arcs of the directed relations
      only (:meth:`~tramas.graph.NetworkView.directed_arcs`, an arc present in several
      directed relations once) — the arcs of the in- and out-degree centralisation;
    * :math:`d_i = d^{in}_i + d^{out}_i + u_i`, with :math:`u_i` the actors tied to
      *i* in a relation without direction (once, however many such relations).

    So knowledge *a* → *b* with cooperation *a* – *b* gives *a* a total degree of 2
    (two ties) and cooperation alone 1, where the view's two arcs would give 2.
    Summed over actors, :math:`\\sum_i d_i = 2 \\times`
    :attr:`~tramas.graph.NetworkView.tie_count` whenever no pair is tied in two
    directed relations in the same direction or in two relations without direction
    (such a pair is one tie of the merged view here, two in ``tie_count``, which counts
    relation by relation).

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
    *Social Networks* 1(3), 215-239. Wasserman, S., & Faust, K. (1994). *Social
    Network Analysis*, Cambridge University Press (directional and multirelational
    ties).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("c", "b")])
    >>> degree(v, "in").to_dict()
    {'a': 0, 'b': 2, 'c': 0}

    Knowledge a → b and cooperation b – c, held as the arcs b → c and c → b:

    >>> import pandas as pd
    >>> e = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "b"],
    ...                   "relation": ["know", "coop", "coop"]})
    >>> m = NetworkView.from_frames(list("abc"), e, relations=("know", "coop"),
    ...                             undirected_relations=("coop",))
    >>> degree(m).to_dict(), degree(m, "out").to_dict()
    ({'a': 1, 'b': 2, 'c': 1}, {'a': 1, 'b': 0, 'c': 0})
    """
    name = {"in": "indegree", "out": "outdegree", "all": "degree"}[mode]
    if _mixed(view):
        values = _multiplex_degree(view, mode)
    else:
        values = view.graph.degree(mode=_mode(view, mode), loops=False)
    return view.series(np.asarray(values, dtype=np.int64), name=name)


def indegree(view: NetworkView) -> pd.Series:
    """In-degree: ties received (see :func:`degree`)."""
    return degree(view, "in")


def outdegree(view: NetworkView) -> pd.Series:
    """Out-degree: ties sent (see :func:`degree`)."""
    return degree(view, "out")


def strength(view: NetworkView, mode: Mode = "all") -> pd.Series:
    """Sum of the weights of each actor's ties (valued degree).

    Parameters
    ----------
    view:
        The network view; an unweighted view gives the degree.
    mode:
        ``"in"``, ``"out"`` or ``"all"`` as for :func:`degree`.

    Returns
    -------
    pandas.Series
        Float strength indexed by actor id.

    Notes
    -----
    :math:`s^{in}_i = \\sum_j w_{ji}`, :math:`s^{out}_i = \\sum_j w_{ij}` over the
    view's arcs. A merged view sums the weights of the relations of a pair in one
    weight, so the share of a relation without direction cannot be told apart: unlike
    :func:`degree`, strength keeps the view's arcs, and a cooperation tie's weight
    counts in the in- and out-strength of both its actors.

    References
    ----------
    Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
    architecture of complex weighted networks. *PNAS* 101(11), 3747-3752.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b", 2.0), ("c", "b", 3.0)])
    >>> float(strength(v, "in")["b"])
    5.0
    """
    name = {"in": "instrength", "out": "outstrength", "all": "strength"}[mode]
    values = view.graph.strength(mode=_mode(view, mode), loops=False, weights=view.weights)
    return view.series(np.asarray(values, dtype=float), name=name)


def degree_table(view: NetworkView) -> pd.DataFrame:
    """In-, out- and total degree and in- and out-strength in one table.

    Returns
    -------
    pandas.DataFrame
        Columns ``indegree``, ``outdegree``, ``degree``, ``instrength``,
        ``outstrength``, indexed by actor id. In an undirected view in- and out-degree
        both equal the degree; in a directed view that also holds relations without
        direction they count directed arcs only and the degree adds the ties without
        direction once (see :func:`degree`).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "c")])
    >>> degree_table(v).loc["b", ["indegree", "outdegree", "degree"]].tolist()
    [1, 2, 3]
    """
    return pd.concat(
        [
            degree(view, "in"),
            degree(view, "out"),
            degree(view, "all"),
            strength(view, "in"),
            strength(view, "out"),
        ],
        axis=1,
    )


# --------------------------------------------------------------------------- betweenness
def betweenness(
    view: NetworkView,
    *,
    weighted: bool = False,
    normalized: bool = False,
    cutoff: int | None = None,
    pivots: int | None = None,
    seed: int = 42,
) -> pd.Series:
    """Freeman betweenness: how often an actor lies on shortest paths between others.

    Parameters
    ----------
    view:
        The network view; direction is respected in a directed view.
    weighted:
        Use tie lengths ``1 / weight`` (see module notes) instead of one step per tie.
    normalized:
        Divide by the number of pairs not involving the actor: :math:`(n-1)(n-2)` in a
        directed view, :math:`(n-1)(n-2)/2` in an undirected one; the result is in
        [0, 1].
    cutoff:
        Only count shortest paths of at most this many steps (an approximation for
        very large networks). ``None`` for exact betweenness.
    pivots:
        Estimate from shortest paths starting at this many randomly chosen source
        actors, scaled by :math:`n / k` (Brandes & Pich 2007). ``None`` for all.
    seed:
        Random seed for the choice of pivots.

    Returns
    -------
    pandas.Series
        Betweenness indexed by actor id.

    Notes
    -----
    :math:`b_i = \\sum_{s \\ne i \\ne t} \\sigma_{st}(i) / \\sigma_{st}`, where
    :math:`\\sigma_{st}` is the number of shortest paths from *s* to *t* and
    :math:`\\sigma_{st}(i)` the number passing through *i*. The raw values are those of
    ``sna::betweenness`` and UCINET: in a directed view every ordered pair counts; in
    an undirected view every unordered pair counts once (networkx with
    ``normalized=False`` gives the same numbers).

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    *Sociometry* 40(1), 35-41. Brandes, U. (2001). A faster algorithm for betweenness
    centrality. *J. Math. Sociology* 25(2), 163-177. Brandes, U., & Pich, C. (2007).
    Centrality estimation in large networks. *Int. J. Bifurcation and Chaos* 17(7).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False)
    >>> betweenness(v).to_dict()
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    g = view.graph
    n = g.vcount()
    lengths = _lengths(view, weighted)
    if pivots is not None and 0 < pivots < n:
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(n, size=pivots, replace=False)).tolist()
        raw = np.asarray(
            g.betweenness(directed=view.directed, weights=lengths, cutoff=cutoff, sources=sources),
            dtype=float,
        )
        values = raw * (n / pivots)
    else:
        values = np.asarray(
            g.betweenness(directed=view.directed, weights=lengths, cutoff=cutoff), dtype=float
        )
    if normalized:
        pairs = (n - 1) * (n - 2) if view.directed else (n - 1) * (n - 2) / 2
        values = values / pairs if pairs > 0 else np.zeros(n)
    return view.series(values, name="betweenness_norm" if normalized else "betweenness")


# --------------------------------------------------------------------------- closeness
def closeness(
    view: NetworkView,
    *,
    mode: Mode = "out",
    weighted: bool = False,
    variant: Literal["wf", "sna", "reachable"] = "wf",
    pivots: int | None = None,
    seed: int = 42,
) -> pd.Series:
    """Closeness: the inverse mean distance from an actor to the actors it can reach.

    Parameters
    ----------
    view:
        The network view.
    mode:
        In a directed view, ``"out"`` (default; distances *from* the actor, how fast
        what it knows can reach others, as ``sna::closeness``), ``"in"`` (distances *to*
        the actor, networkx's convention) or ``"all"`` (ignore direction).
    weighted:
        Use tie lengths ``1 / weight``.
    variant:
        How unreachable actors count. ``"wf"`` (default): Wasserman & Faust's
        correction, :math:`C_i = \\frac{r_i-1}{n-1} \\cdot \\frac{r_i-1}{\\sum_j d_{ij}}`
        over the :math:`r_i - 1` actors reachable from *i* — equal to classic closeness
        in a connected network, 0 for isolates, and what networkx's
        ``closeness_centrality`` computes. ``"sna"``: classic
        :math:`(n-1) / \\sum_j d_{ij}`, 0 when some actor is unreachable (statnet's
        default). ``"reachable"``: :math:`(r_i-1)/\\sum_j d_{ij}` over reachable actors only
        (igraph's default; isolates 0).
    pivots:
        Estimate from the distances to (``out``) or from (``in``) this many random
        actors — the share reached and the mean distance to them — instead of all of
        them; for very large networks.
    seed:
        Random seed for the pivots.

    Returns
    -------
    pandas.Series
        Closeness in [0, 1] (unweighted) indexed by actor id.

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks. *Social Networks* 1, 215-239.
    Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, pp. 200-201.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False)
    >>> c = closeness(v)
    >>> round(float(c["b"]), 3), round(float(c["a"]), 3)
    (1.0, 0.667)
    """
    g = view.graph
    n = g.vcount()
    m = _mode(view, mode)
    if n <= 1:
        return view.series(np.zeros(n), name="closeness")
    if variant not in ("wf", "sna", "reachable"):
        raise ValueError(f"unknown closeness variant {variant!r}")
    if pivots is not None and 0 < pivots < n:
        reached, total, _, others = _pivot_sums(view, m, _lengths(view, weighted), pivots, seed)
        with np.errstate(divide="ignore", invalid="ignore"):
            inv_mean = np.where(reached > 0, reached / np.where(total > 0, total, 1.0), 0.0)
        share = reached / others
        values = {
            "wf": share * inv_mean,
            "sna": np.where(share >= 1.0, inv_mean, 0.0),
            "reachable": inv_mean,
        }[variant]
        return view.series(values, name="closeness")
    reach_close = np.asarray(
        g.closeness(mode=m, weights=_lengths(view, weighted), normalized=True), dtype=float
    )
    reach_close = np.nan_to_num(reach_close, nan=0.0)
    if variant == "reachable":
        values = reach_close
    else:
        reached = np.asarray(g.neighborhood_size(order=n, mode=m), dtype=float) - 1.0
        if variant == "wf":
            values = reach_close * reached / (n - 1)
        else:  # "sna" (the variant was checked above)
            values = np.where(reached == n - 1, reach_close, 0.0)
    return view.series(values, name="closeness")


def harmonic(
    view: NetworkView,
    *,
    mode: Mode = "out",
    weighted: bool = False,
    pivots: int | None = None,
    seed: int = 42,
) -> pd.Series:
    """Harmonic closeness: the mean inverse distance to all other actors.

    Parameters
    ----------
    view:
        The network view.
    mode:
        ``"out"`` (default, distances from the actor), ``"in"`` or ``"all"``.
    weighted:
        Use tie lengths ``1 / weight``.
    pivots:
        Estimate from the distances to (``out``) or from (``in``) this many random
        actors instead of all of them; for very large networks.
    seed:
        Random seed for the pivots.

    Returns
    -------
    pandas.Series
        :math:`H_i = \\frac{1}{n-1} \\sum_{j \\ne i} 1/d_{ij}` (with :math:`1/\\infty = 0`),
        in [0, 1] unweighted, indexed by actor id. Well defined in disconnected
        networks. networkx's ``harmonic_centrality`` is the unnormalised sum with
        distances *to* the actor, i.e. :math:`(n-1) H_i` for ``mode="in"``.

    References
    ----------
    Marchiori, M., & Latora, V. (2000). Harmony in the small-world. *Physica A* 285,
    539-546. Rochat, Y. (2009). Closeness centrality extended to unconnected graphs:
    the harmonic centrality index. ASNA.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False)
    >>> round(float(harmonic(v)["a"]), 3)
    0.75
    """
    g = view.graph
    n = g.vcount()
    m = _mode(view, mode)
    lengths = _lengths(view, weighted)
    if n <= 1:
        return view.series(np.zeros(n), name="harmonic")
    if pivots is not None and 0 < pivots < n:
        _, _, inverse, others = _pivot_sums(view, m, lengths, pivots, seed)
        values = inverse / others
    else:
        values = np.asarray(
            g.harmonic_centrality(mode=m, weights=lengths, normalized=True), dtype=float
        )
    return view.series(values, name="harmonic")


# --------------------------------------------------------------------------- spectral
def eigenvector(
    view: NetworkView,
    *,
    weighted: bool = True,
    mode: Literal["undirected", "in"] = "undirected",
) -> pd.Series:
    """Eigenvector centrality: being tied to actors who are themselves central.

    Parameters
    ----------
    view:
        The network view.
    weighted:
        Use tie weights (of a weighted view) as tie strengths.
    mode:
        ``"undirected"`` (default): ignore direction, using the symmetrised matrix
        :math:`A + A^T` — the choice of UCINET, and the only one well defined in the
        sparse, often acyclic, advice networks of clusters. ``"in"``: the left
        eigenvector of the directed matrix (centrality from those pointing to the
        actor; igraph's and networkx's directed convention).

    Returns
    -------
    pandas.Series
        :math:`x` solving :math:`\\lambda x = A^T x` for the largest eigenvalue
        :math:`\\lambda`, scaled so the most central actor has 1; indexed by actor id.
        In a disconnected network the actors outside the component with the largest
        eigenvalue get (close to) 0.

    References
    ----------
    Bonacich, P. (1972). Factoring and weighting approaches to status scores and
    clique identification. *J. Math. Sociology* 2(1), 113-120.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False)
    >>> e = eigenvector(v)
    >>> round(float(e["b"]), 3), round(float(e["a"]), 3)
    (1.0, 0.707)
    """
    g = view.graph
    if g.vcount() == 0:
        return view.series(np.zeros(0), name="eigenvector")
    if g.ecount() == 0:
        return view.series(np.zeros(g.vcount()), name="eigenvector")
    view = unit_weights(view, weighted)  # 1e308 would abort LAPACK; ratios unchanged
    g = view.graph
    weights = view.weights if weighted else None
    # igraph warns about disconnected graphs; the behaviour is documented above
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if view.directed and mode == "undirected":
            und = g.copy()
            if weights is None:
                und.es["weight"] = [1.0] * und.ecount()
            und.to_undirected(
                mode="collapse", combine_edges={"weight": "sum", "relation": "ignore"}
            )
            # (igraph 1.0 rejects an explicit directed=False: leave it to the graph type)
            values = _eigenvector_values(und, "weight")
        else:
            values = _eigenvector_values(g, weights)
    values = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), 0.0, None)
    top = values.max()
    if top > 0:
        values = values / top
    return view.series(values, name="eigenvector")


def _eigenvector_values(g: ig.Graph, weights: str | None) -> Any:
    """igraph's eigenvector centrality (in a directed graph, from incoming ties); when
    ARPACK's random start fails ("No shifts could be applied"), the same leading
    eigenvector computed with scipy from a fixed start."""
    try:
        if g.is_directed():
            return g.eigenvector_centrality(directed=True, weights=weights)
        return g.eigenvector_centrality(weights=weights)
    except ig.InternalError:
        from scipy.sparse.linalg import eigs, eigsh

        a = g.get_adjacency_sparse(attribute=weights).astype(float)
        n = a.shape[0]
        if n <= 2:
            vals, vecs = np.linalg.eig(a.T.toarray())
            return np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
        if g.is_directed():  # x_i = sum_j a_ji x_j
            _, vecs = eigs(a.T, k=1, which="LR", v0=np.ones(n))
            return np.abs(np.real(vecs[:, 0]))
        _, vecs = eigsh(a, k=1, which="LA", v0=np.ones(n))
        return np.abs(vecs[:, 0])


def pagerank(view: NetworkView, *, damping: float = 0.85, weighted: bool = True) -> pd.Series:
    """PageRank: the share of time a random walker along the ties spends at each actor.

    Parameters
    ----------
    view:
        The network view; the walk follows tie direction in a directed view.
    damping:
        Probability of following a tie rather than jumping to a random actor.
    weighted:
        Follow ties in proportion to their weight.

    Returns
    -------
    pandas.Series
        PageRank summing to 1, indexed by actor id. Actors without outgoing ties
        ("dangling") jump uniformly, as in networkx's ``pagerank``.

    Notes
    -----
    :math:`PR_i = \\frac{1-\\alpha}{n} + \\alpha \\sum_{j \\to i} PR_j \\, w_{ji} / s^{out}_j`
    (plus the uniform share of dangling actors), with damping :math:`\\alpha`.

    References
    ----------
    Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual web search
    engine. *Computer Networks* 30, 107-117.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("c", "b")])
    >>> pagerank(v).idxmax()
    'b'
    """
    g = view.graph
    if g.vcount() == 0:
        return view.series(np.zeros(0), name="pagerank")
    view = unit_weights(view, weighted)
    g = view.graph
    values = g.pagerank(
        directed=view.directed, damping=damping, weights=view.weights if weighted else None
    )
    return view.series(np.asarray(values, dtype=float), name="pagerank")


def hits(view: NetworkView, *, weighted: bool = True) -> pd.DataFrame:
    """Kleinberg's hub and authority scores.

    Parameters
    ----------
    view:
        The network view. In an undirected view both scores equal eigenvector
        centrality.
    weighted:
        Use tie weights.

    Returns
    -------
    pandas.DataFrame
        Columns ``hub`` (sends ties to good authorities: e.g. advisers of the
        best-informed firms) and ``authority`` (receives ties from good hubs), each
        scaled so the maximum is 1, indexed by actor id. When the leading eigenvalue
        is not unique (e.g. several disconnected parts) the scores are one of the
        solutions, as in igraph and networkx.

    Notes
    -----
    Hubs :math:`h` and authorities :math:`a` are the leading eigenvectors of
    :math:`AA^T` and :math:`A^TA`; :math:`a = A^T h`, :math:`h = A a`.

    References
    ----------
    Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
    *Journal of the ACM* 46(5), 604-632.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("d", "b")])
    >>> hits(v)["authority"].idxmax()
    'b'
    """
    g = view.graph
    n = g.vcount()
    if g.ecount() == 0:
        zeros = np.zeros(n)
        return pd.DataFrame({"hub": zeros, "authority": zeros}, index=view.ids.copy())
    if not view.directed:
        ev = eigenvector(view, weighted=weighted).to_numpy()
        return pd.DataFrame({"hub": ev, "authority": ev.copy()}, index=view.ids.copy())
    view = unit_weights(view, weighted)  # 1e308 would abort LAPACK ("DLASCL"); ratios unchanged
    g = view.graph
    weights = view.weights if weighted else None
    frame = {}
    for name, fn in (("hub", g.hub_score), ("authority", g.authority_score)):
        # igraph warns when many scores are zero (a non-unique solution); documented
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                raw = fn(weights=weights)
            except ig.InternalError:  # ARPACK's random start can fail ("no shifts")
                raw = _leading_hits_vector(g, weights, hubs=name == "hub")
        values = np.clip(np.nan_to_num(np.asarray(raw, dtype=float)), 0, None)
        top = values.max()
        frame[name] = values / top if top > 0 else values
    return pd.DataFrame(frame, index=view.ids.copy())


def _leading_hits_vector(g: ig.Graph, weights: str | None, *, hubs: bool) -> np.ndarray:
    """The leading eigenvector of :math:`AA^T` (hubs) or :math:`A^TA` (authorities),
    computed with scipy from a fixed start when igraph's ARPACK call fails."""
    from scipy.sparse.linalg import eigsh

    a = g.get_adjacency_sparse(attribute=weights).astype(float)
    m = (a @ a.T) if hubs else (a.T @ a)
    n = m.shape[0]
    if n <= 2:
        vals, vecs = np.linalg.eigh(m.toarray())
        return np.abs(vecs[:, -1])
    _, vecs = eigsh(m, k=1, which="LA", v0=np.ones(n))
    return np.abs(vecs[:, 0])


def hub(view: NetworkView, *, weighted: bool = True) -> pd.Series:
    """Hub score (see :func:`hits`)."""
    return hits(view, weighted=weighted)["hub"]


def authority(view: NetworkView, *, weighted: bool = True) -> pd.Series:
    """Authority score (see :func:`hits`)."""
    return hits(view, weighted=weighted)["authority"]


# --------------------------------------------------------------------------- cores
def coreness(view: NetworkView, mode: Mode = "all") -> pd.Series:
    """k-core number: the largest *k* such that the actor is in a *k*-core.

    Parameters
    ----------
    view:
        The network view.
    mode:
        ``"all"`` (default) counts in- plus out-ties, like networkx's ``core_number``
        on a directed graph; ``"in"``/``"out"`` give in-/out-cores.

    Returns
    -------
    pandas.Series
        Integer coreness indexed by actor id.

    Notes
    -----
    The *k*-core is the maximal sub-network in which every actor has at least *k* ties
    to other members. Computed in :math:`O(m)` (Batagelj & Zaversnik 2003).

    References
    ----------
    Seidman, S. B. (1983). Network structure and minimum degree. *Social Networks* 5,
    269-287. Batagelj, V., & Zaversnik, M. (2003). An O(m) algorithm for cores
    decomposition of networks. arXiv:cs/0310049.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")],
    ...                            directed=False)
    >>> coreness(v).to_dict()
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    """
    values = view.graph.coreness(mode=_mode(view, mode))
    return view.series(np.asarray(values, dtype=np.int64), name="coreness")
