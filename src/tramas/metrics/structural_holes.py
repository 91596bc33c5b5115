"""Burt's structural holes: constraint, effective size and efficiency.

An actor whose contacts are not tied to each other spans *structural holes*: it hears
different things from different people and can broker between them. Burt (1992)
measures this with the constraint of the actor's network (high = contacts redundant,
few holes) and the effective size (the number of non-redundant contacts).

All three measures use the actor's neighbours regardless of tie direction and the
*mutual* tie strength :math:`z_{ij} = w_{ij} + w_{ji}` (as Burt, UCINET, igraph and
networkx do). Unweighted views use :math:`w = 1` for every tie.

Isolates have no contacts, so the measures are undefined (networkx returns NaN). So
that every actor has a value, tramas fills them with the values of an actor that has
no access to structural holes at all: constraint 1 (the constraint of an actor with a
single contact), effective size 0 and efficiency 0. Pass ``fill_isolates=False`` to
get NaN instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from tramas.graph.network import NetworkView
from tramas.metrics.weights import check_finite, unit_scale, unit_weights

__all__ = ["constraint", "effective_size", "efficiency", "structural_holes"]

#: Values given to isolates (see the module notes).
ISOLATE_CONSTRAINT = 1.0
ISOLATE_EFFECTIVE_SIZE = 0.0
ISOLATE_EFFICIENCY = 0.0

_CHUNK_NNZ = 4_000_000


def _mutual(view: NetworkView, weighted: bool) -> sp.csr_matrix:
    """Symmetric mutual tie strength :math:`Z = W + W^T` without the diagonal."""
    g = view.graph
    n = g.vcount()
    if g.ecount() == 0:
        return sp.csr_matrix((n, n))
    edges = np.asarray(g.get_edgelist(), dtype=np.int64)
    w = (
        np.asarray(g.es["weight"], dtype=float)
        if (weighted and view.weighted)
        else np.ones(len(edges))
    )
    check_finite(w, view.relations)
    w = unit_scale(w)  # only ratios of z are used: 1e308 must not overflow
    keep = edges[:, 0] != edges[:, 1]
    edges, w = edges[keep], w[keep]
    a = sp.csr_matrix((w, (edges[:, 0], edges[:, 1])), shape=(n, n))
    # undirected views store each tie once, so this gives z_ij = w there; the measures
    # only use ratios of z, so the factor 2 of networkx's w_ij + w_ji cancels
    return (a + a.T).tocsr()


def constraint(
    view: NetworkView, *, weighted: bool = True, fill_isolates: bool = True
) -> pd.Series:
    """Burt's constraint: how much an actor's contacts are tied to each other.

    Parameters
    ----------
    view:
        The network view (direction is ignored: all neighbours count).
    weighted:
        Use the weights of a weighted view as tie strengths.
    fill_isolates:
        Give isolates the value 1 (see module notes) instead of NaN.

    Returns
    -------
    pandas.Series
        Constraint indexed by actor id; near 0 for an actor among many unconnected
        contacts, 1 for an actor with a single contact, up to 1.125 in a closed triad.

    Notes
    -----
    :math:`c_i = \\sum_{j \\in N(i)} \\big(p_{ij} + \\sum_{q \\ne i,j} p_{iq} p_{qj}\\big)^2`
    with proportional tie strength
    :math:`p_{ij} = z_{ij} / \\sum_{k \\in N(i)} z_{ik}` and :math:`z_{ij} = w_{ij} + w_{ji}`.
    Equal to networkx's ``constraint``.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
    Harvard University Press, ch. 2.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c")], directed=False)
    >>> constraint(v).round(3).to_dict()
    {'a': 0.5, 'b': 1.0, 'c': 1.0}
    """
    g = unit_weights(view, weighted).graph
    values = (
        np.asarray(g.constraint(weights=view.weights if weighted else None), dtype=float)
        if g.vcount()
        else np.zeros(0)
    )
    isolated = (
        np.asarray(g.degree(mode="all", loops=False)) == 0 if g.vcount() else np.zeros(0, bool)
    )
    values = np.where(isolated, ISOLATE_CONSTRAINT if fill_isolates else np.nan, values)
    return view.series(values, name="constraint")


def _effective(view: NetworkView, weighted: bool) -> tuple[np.ndarray, np.ndarray]:
    """Effective size and number of contacts, NaN/0 for isolates."""
    z = _mutual(view, weighted)
    n = z.shape[0]
    if n == 0 or z.nnz == 0:
        return np.zeros(n), np.zeros(n)
    z.eliminate_zeros()
    contacts = np.diff(z.indptr).astype(float)
    rowsum = np.asarray(z.sum(axis=1)).ravel()
    rowmax = z.max(axis=1).toarray().ravel() if n else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = sp.diags(np.where(rowsum > 0, 1.0 / rowsum, 0.0)) @ z  # p_ij, rows sum to 1
        mx = sp.diags(np.where(rowmax > 0, 1.0 / rowmax, 0.0)) @ z  # m_jq = z_jq / max_k z_jk
    p = p.tocsr()
    mxt = mx.T.tocsr()
    # redundancy of contact j for ego i: sum_q p_iq m_jq = (P @ Mx^T)_ij on ties only
    redundancy = np.zeros(n)
    mask = (z > 0).astype(np.float64).tocsr()
    # rows in blocks whose product has about _CHUNK_NNZ entries (bounded memory)
    work = np.cumsum(mask @ np.diff(mxt.indptr).astype(float))
    bounds = np.searchsorted(work, np.arange(_CHUNK_NNZ, work[-1] + _CHUNK_NNZ, _CHUNK_NNZ))
    start = 0
    for stop in [*np.unique(np.minimum(bounds + 1, n)).tolist(), n]:
        if stop <= start:
            continue
        block = (p[start:stop] @ mxt).multiply(mask[start:stop])
        redundancy[start:stop] = np.asarray(block.sum(axis=1)).ravel()
        start = stop
    eff = contacts - redundancy
    return eff, contacts


def effective_size(
    view: NetworkView, *, weighted: bool = True, fill_isolates: bool = True
) -> pd.Series:
    """Burt's effective size: the number of an actor's contacts, minus their redundancy.

    Parameters
    ----------
    view:
        The network view (direction is ignored: all neighbours count).
    weighted:
        Use the weights of a weighted view as tie strengths.
    fill_isolates:
        Give isolates 0 (see module notes) instead of NaN.

    Returns
    -------
    pandas.Series
        Effective size indexed by actor id.

    Notes
    -----
    :math:`E_i = \\sum_{j \\in N(i)} \\big(1 - \\sum_{q \\ne i,j} p_{iq} m_{jq}\\big)` with
    :math:`p_{iq} = z_{iq} / \\sum_k z_{ik}` and :math:`m_{jq} = z_{jq} / \\max_k z_{jk}`. In an
    unweighted undirected network this is Borgatti's (1997) :math:`n - 2t/n` (*n*
    contacts, *t* ties among them). Equal to networkx's ``effective_size``.
    Computed as a sparse product restricted to the ties, in row blocks.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press, pp. 51-55.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
    *Connections* 20(1), 35-38.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")],
    ...                            directed=False)
    >>> round(float(effective_size(v)["a"]), 3)
    2.333
    """
    eff, contacts = _effective(view, weighted)
    eff = np.where(contacts > 0, eff, ISOLATE_EFFECTIVE_SIZE if fill_isolates else np.nan)
    return view.series(eff, name="effective_size")


def efficiency(
    view: NetworkView, *, weighted: bool = True, fill_isolates: bool = True
) -> pd.Series:
    """Burt's efficiency: effective size divided by the number of contacts.

    Parameters
    ----------
    view, weighted, fill_isolates:
        As for :func:`effective_size` (isolates get 0).

    Returns
    -------
    pandas.Series
        Efficiency in (0, 1] for actors with contacts, indexed by actor id; 1 when no
        contact is tied to another.

    Notes
    -----
    :math:`\\mathrm{eff}_i = E_i / |N(i)|`.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press, p. 52.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c")], directed=False)
    >>> float(efficiency(v)["a"])
    1.0
    """
    eff, contacts = _effective(view, weighted)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(
            contacts > 0,
            eff / np.maximum(contacts, 1),
            ISOLATE_EFFICIENCY if fill_isolates else np.nan,
        )
    return view.series(values, name="efficiency")


def structural_holes(
    view: NetworkView, *, weighted: bool = True, fill_isolates: bool = True
) -> pd.DataFrame:
    """Constraint, effective size and efficiency in one table.

    Returns
    -------
    pandas.DataFrame
        Columns ``constraint``, ``effective_size``, ``efficiency`` indexed by actor id.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c")], directed=False)
    >>> list(structural_holes(v).columns)
    ['constraint', 'effective_size', 'efficiency']
    """
    eff, contacts = _effective(view, weighted)
    has = contacts > 0
    fill = fill_isolates
    return pd.DataFrame(
        {
            "constraint": constraint(view, weighted=weighted, fill_isolates=fill).to_numpy(),
            "effective_size": np.where(has, eff, ISOLATE_EFFECTIVE_SIZE if fill else np.nan),
            "efficiency": np.where(
                has, eff / np.maximum(contacts, 1), ISOLATE_EFFICIENCY if fill else np.nan
            ),
        },
        index=view.ids.copy(),
    )
