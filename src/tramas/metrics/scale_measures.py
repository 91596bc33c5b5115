"""Measures for very large networks: components, one-run Leiden, sampled betweenness.

Each keeps igraph doing the work on the view's graph and returns pandas objects indexed
by actor id. :func:`tramas.metrics.scale.analyze_scale` runs them in scale mode; the
definitions and their error are in ``docs/scaling.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.metrics import centrality as C
from tramas.metrics.communities import Communities, _relabel, _seeded

__all__ = ["components", "scale_leiden", "sampled_betweenness"]


def components(view: NetworkView, mode: str = "weak") -> pd.Series:
    """Connected component of each actor, numbered 1, 2, ... from the largest.

    Parameters
    ----------
    view:
        The network view.
    mode:
        ``"weak"`` (ties in either direction) or ``"strong"`` (mutually reachable
        actors, along tie direction; equal to ``weak`` in an undirected view).

    Returns
    -------
    pandas.Series
        Integer component label indexed by actor id (an isolate is its own component).

    Notes
    -----
    Linear in the ties (Tarjan 1972 for strong components).

    References
    ----------
    Tarjan, R. (1972). Depth-first search and linear graph algorithms. *SIAM J.
    Computing* 1(2), 146-160.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "a"), ("b", "c"), ("d", "e")])
    >>> components(v).tolist(), components(v, "strong").tolist()
    ([1, 1, 1, 2, 2], [1, 1, 2, 3, 4])
    """
    if mode not in ("weak", "strong"):
        raise ValueError(f"mode must be 'weak' or 'strong', not {mode!r}")
    g = view.graph
    membership = g.connected_components(mode=mode if view.directed else "weak").membership
    name = "component" if mode == "weak" else "strong_component"
    return view.series(_relabel(np.asarray(membership, dtype=np.int64)), name=name)


def scale_leiden(
    view: NetworkView,
    *,
    resolution: float = 1.0,
    iterations: int = 2,
    seed: int = 42,
    weighted: bool = True,
) -> Communities:
    """Leiden modularity communities for very large networks: one run, fixed iterations.

    Parameters
    ----------
    view:
        The network view; directed ties are taken as undirected, each tie kept (a
        reciprocated pair counts twice, exactly as the collapsed network with summed
        weights does for modularity — without the cost of collapsing).
    resolution:
        Modularity resolution :math:`\\gamma`.
    iterations:
        Leiden iterations (igraph's ``n_iterations``; each one refines the previous
        partition). Two reach most of the modularity on production networks.
    seed:
        Random seed.
    weighted:
        Use tie weights.

    Returns
    -------
    Communities
        Labels 1, 2, ... from the largest community; ``modularity`` on the undirected
        network.

    References
    ----------
    Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to Leiden:
    guaranteeing well-connected communities. *Scientific Reports* 9, 5233.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"),
    ...                             ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    >>> scale_leiden(v).membership.tolist()
    [1, 1, 1, 2, 2, 2]
    """
    g = view.graph
    und = g.as_undirected(mode="each") if g.is_directed() else g
    weights = "weight" if weighted and view.weighted and g.ecount() else None
    with _seeded(seed):
        part = und.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=resolution,
            beta=0.01,
            n_iterations=iterations,
        )
    membership = part.membership
    quality = (
        float(und.modularity(membership, weights=weights, resolution=resolution))
        if g.ecount()
        else float("nan")
    )
    return Communities(
        membership=view.series(_relabel(np.asarray(membership)), name="community"),
        method="leiden",
        parameters={
            "objective": "modularity",
            "resolution": resolution,
            "seed": seed,
            "weighted": weights is not None,
            "n_iterations": iterations,
            "beta": 0.01,
            "runs": 1,
        },
        modularity=quality,
    )


def sampled_betweenness(
    view: NetworkView,
    *,
    pivots: int | None = 200,
    batches: int = 10,
    cutoff: int | None = None,
    weighted: bool = False,
    seed: int = 42,
) -> pd.DataFrame:
    """Betweenness estimated from random source actors, with its standard error.

    Parameters
    ----------
    view:
        The network view (directed paths in a directed view).
    pivots:
        Number of random source actors :math:`k`; ``None`` (or at least the number of
        actors) for exact betweenness.
    batches:
        The sources are split into this many batches; the spread of the per-batch
        estimates gives each actor's standard error.
    cutoff:
        Count only shortest paths of at most this many steps (``None``: all).
    weighted:
        Path lengths ``1 / weight`` (see :mod:`tramas.metrics.centrality`); default
        unweighted, as for every path measure of tramas.
    seed:
        Seed of the choice of sources (the same sources as
        :func:`tramas.metrics.centrality.betweenness` with the same ``pivots`` and seed).

    Returns
    -------
    pandas.DataFrame
        ``betweenness`` (estimate of the raw betweenness) and ``betweenness_se``
        (standard error; 0 when exact) indexed by actor id.

    Notes
    -----
    Brandes & Pich (2007): with sources :math:`S`, :math:`|S| = k`, drawn at random,
    :math:`\\hat b(v) = \\frac{n}{k} \\sum_{s \\in S} \\delta_{s\\bullet}(v)` is an unbiased
    estimate of :math:`b(v)`, where :math:`\\delta_{s\\bullet}(v)` is the dependency of
    :math:`s` on :math:`v` (Brandes 2001). With :math:`B` batches of sources and batch
    estimates :math:`\\hat b_1 .. \\hat b_B`, the standard error is
    :math:`\\mathrm{sd}(\\hat b_b) / \\sqrt{B}`. The relative error falls as
    :math:`1/\\sqrt{k}`; it is small for the high-betweenness actors analysts look at and
    large for actors with little betweenness. The work is :math:`k` breadth-first
    searches, :math:`O(k\\,m)`.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. *J. Math.
    Sociology* 25(2), 163-177. Brandes, U., & Pich, C. (2007). Centrality estimation in
    large networks. *Int. J. Bifurcation and Chaos* 17(7), 2303-2318.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")])
    >>> sampled_betweenness(v, pivots=None)["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    """
    g = view.graph
    n = g.vcount()
    lengths = C._lengths(view, weighted)
    if pivots is None or pivots >= n:
        values = np.asarray(
            g.betweenness(directed=view.directed, weights=lengths, cutoff=cutoff), dtype=float
        )
        return pd.DataFrame(
            {"betweenness": values, "betweenness_se": np.zeros(n)}, index=view.ids.copy()
        )
    if pivots < 1:
        raise TramasError(
            "pivots must be at least 1", hint="e.g. --pivots 200", code="pivots_at_least_one"
        )
    rng = np.random.default_rng(seed)
    sources = np.sort(rng.choice(n, size=pivots, replace=False))
    batches = max(1, min(batches, pivots))
    parts = np.array_split(rng.permutation(sources), batches)
    estimates = np.empty((batches, n))
    total = np.zeros(n)
    for b, part in enumerate(parts):
        raw = np.asarray(
            g.betweenness(
                directed=view.directed,
                weights=lengths,
                cutoff=cutoff,
                sources=np.sort(part).tolist(),
            ),
            dtype=float,
        )
        total += raw
        estimates[b] = raw * (n / len(part))
    se = estimates.std(axis=0, ddof=1) / np.sqrt(batches) if batches > 1 else np.full(n, np.nan)
    return pd.DataFrame(
        {"betweenness": total * (n / pivots), "betweenness_se": se}, index=view.ids.copy()
    )
