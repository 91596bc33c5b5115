"""Position of firms in supply chains: downstreamness and upstreamness from trophic levels.

In a production network built from VAT or e-invoice records a tie points along the flow
of goods, **supplier → buyer**. A firm's *downstreamness* says how many production steps
separate it from the firms that only supply (raw materials, basic inputs); its
*upstreamness* how many steps separate it from the firms that only buy (final
producers, retailers). tramas measures both with the **improved trophic levels** of
MacKay, Johnson & Sansom (2020), which are defined on any directed network — with
cycles, without pure sources or sinks, weighted or not — and need only the ties.

Definition
    For a directed network with tie weights :math:`w_{ij}` (supplier :math:`i`, buyer
    :math:`j`), in-strength :math:`s^{in}_i = \\sum_j w_{ji}` and out-strength
    :math:`s^{out}_i = \\sum_j w_{ij}`, the trophic levels :math:`h` solve the linear system

    .. math:: \\Lambda h = v, \\quad \\Lambda = \\operatorname{diag}(u) - W - W^T,
              \\quad u = s^{in} + s^{out}, \\quad v = s^{in} - s^{out}

    i.e. they minimise :math:`\\sum_{ij} w_{ij} (h_j - h_i - 1)^2`: every tie should go up
    exactly one level. :math:`\\Lambda` is the Laplacian of the undirected network, so
    :math:`h` is unique up to a constant in each weakly connected component; tramas sets
    the lowest level of each component to 0.

    *downstreamness* :math:`D_i = h_i`; *upstreamness* :math:`U_i` is the trophic level in
    the reversed network, which equals :math:`\\max_{k \\in C(i)} h_k - h_i` (reversing
    every tie flips the sign of :math:`v` and leaves :math:`\\Lambda` unchanged).
    On a chain :math:`a \\to b \\to c` the downstreamness is 0, 1, 2 and the
    upstreamness 2, 1, 0.

    *Trophic incoherence* :math:`F_0 = \\sum_{ij} w_{ij}(h_j - h_i - 1)^2 / \\sum_{ij} w_{ij}`
    is 0 when every tie goes up exactly one level (a layered supply chain) and 1 when
    the network has no direction at all (e.g. a cycle); :math:`1 - F_0` is how directed
    the network is.

Weights
    With ``weighted=True`` (default) a tie counts by its weight (the amount invoiced), so
    a firm's level follows its main suppliers and buyers; the scale of the weights
    does not matter. Self-loops cancel out of the equations and are ignored.

Relation to Antràs et al. (2012)
    Antràs' upstreamness of an industry is the average number of steps before its output
    reaches final demand, computed from input–output shares and final demand; firm
    registries rarely record final sales, so the trophic levels, which use only the ties,
    are the firm-level analogue. On a simple chain both count production steps
    (Antràs' measure is 1 for a firm selling only to final demand, the trophic one 0).

Solver
    Up to :data:`DIRECT_LIMIT` actors the reduced system (one actor of each component
    fixed at 0) is solved by dense LU (exact to rounding); above it by conjugate
    gradients with a Jacobi preconditioner to a relative residual ``tol`` (1e-8 by
    default), which takes a few hundred sparse products even on ten million ties
    (sparse LU fills in badly on heavy-tailed networks).
    ``parameters`` records the solver, iterations and the residual reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.metrics.weights import check_finite, unit_scale

__all__ = [
    "DIRECT_LIMIT",
    "SupplyChainPosition",
    "downstreamness",
    "supply_chain_position",
    "trophic_incoherence",
    "upstreamness",
]

#: Up to this many actors the trophic system is solved directly (dense LU); sparse LU
#: fills in badly on heavy-tailed networks, so larger ones use conjugate gradients.
DIRECT_LIMIT = 2_000


@dataclass(frozen=True)
class SupplyChainPosition:
    """Downstreamness and upstreamness of every actor, and how they were computed.

    Attributes
    ----------
    downstreamness:
        Improved trophic level :math:`h` (0 for the most upstream actor of each weakly
        connected component), indexed by actor id.
    upstreamness:
        Trophic level in the reversed network, :math:`\\max_{C} h - h`.
    incoherence:
        Trophic incoherence :math:`F_0` of the network (NaN without ties).
    parameters:
        ``weighted``, ``solver`` (``lu`` or ``cg``), ``tol``, ``iterations``,
        ``relative_residual``, ``components`` (weakly connected, isolates included).
    """

    downstreamness: pd.Series
    upstreamness: pd.Series
    incoherence: float
    parameters: dict[str, Any] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Both measures as columns ``downstreamness`` and ``upstreamness``."""
        return pd.DataFrame(
            {"downstreamness": self.downstreamness, "upstreamness": self.upstreamness}
        )


def _arcs(view: NetworkView, weighted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sources, targets and weights of the view's ties (self-loops dropped)."""
    g = view.graph
    if g.ecount() == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    e = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    w = (
        np.asarray(g.es["weight"], dtype=float)
        if weighted and view.weighted
        else np.ones(len(e), dtype=float)
    )
    if np.isnan(w).any() or (w < 0).any():
        raise TramasError(
            "trophic levels need non-negative tie weights",
            hint="fix the weights or compute the levels unweighted (weighted=False)",
            code="trophic_negative_weights",
        )
    check_finite(w, view.relations)
    w = unit_scale(w)  # the levels solve L h = v, both sides linear in the weights
    keep = (e[:, 0] != e[:, 1]) & (w > 0)
    return e[keep, 0], e[keep, 1], w[keep]


def _solve(
    lap: sp.csr_matrix, rhs: np.ndarray, free: np.ndarray, tol: float, maxiter: int | None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Solve the grounded system ``lap[free, free] x = rhs[free]``."""
    n = lap.shape[0]
    h = np.zeros(n)
    idx = np.flatnonzero(free)
    if len(idx) == 0:
        return h, {"solver": "none", "iterations": 0, "relative_residual": 0.0}
    red = lap[idx][:, idx]
    b = rhs[idx]
    if len(idx) <= DIRECT_LIMIT:
        x = np.linalg.solve(red.toarray(), b)
        info: dict[str, Any] = {"solver": "lu", "iterations": 1}
    else:
        inv = 1.0 / red.diagonal()
        pre = spla.LinearOperator(red.shape, matvec=lambda r: inv * r, dtype=float)
        count = [0]

        def tick(_: np.ndarray) -> None:
            count[0] += 1

        x, status = spla.cg(
            red,
            b,
            rtol=tol,
            atol=0.0,
            M=pre,
            maxiter=maxiter or 10 * int(np.sqrt(n)) + 1000,
            callback=tick,
        )
        if status != 0:
            raise TramasError(
                f"the trophic-level solver did not converge in {count[0]} iterations",
                hint="raise maxiter or loosen tol",
                code="trophic_no_convergence",
                values={"iterations": count[0]},
            )
        info = {"solver": "cg", "iterations": count[0]}
    h[idx] = x
    norm = float(np.linalg.norm(b))
    info["relative_residual"] = float(np.linalg.norm(red @ x - b) / norm) if norm > 0 else 0.0
    return h, info


def supply_chain_position(
    view: NetworkView,
    *,
    weighted: bool = True,
    tol: float = 1e-8,
    maxiter: int | None = None,
) -> SupplyChainPosition:
    """Downstreamness and upstreamness of every actor (improved trophic levels).

    Parameters
    ----------
    view:
        A directed view whose ties point along the flow (supplier → buyer, advice
        giver → receiver).
    weighted:
        Count ties by their weight (default) or each tie as 1.
    tol:
        Relative residual at which the iterative solver stops (networks above
        :data:`DIRECT_LIMIT` actors).
    maxiter:
        Iteration cap of the iterative solver (default :math:`10\\sqrt{n} + 1000`).

    Returns
    -------
    SupplyChainPosition

    Raises
    ------
    TramasError
        For an undirected view (levels need a direction) or negative weights.

    Notes
    -----
    :math:`\\Lambda h = v` with :math:`\\Lambda = \\operatorname{diag}(s^{in} + s^{out}) - W - W^T`
    and :math:`v = s^{in} - s^{out}`; the lowest level of each weakly connected
    component is 0; upstreamness is :math:`\\max_C h - h`. See the module notes.

    References
    ----------
    MacKay, R. S., Johnson, S., & Sansom, B. (2020). How directed is a directed network?
    *Royal Society Open Science* 7(9), 201138.

    Johnson, S., Domínguez-García, V., Donetti, L., & Muñoz, M. A. (2014). Trophic
    coherence determines food-web stability. *PNAS* 111(50), 17923-17928.

    Antràs, P., Chor, D., Fally, T., & Hillberry, R. (2012). Measuring the upstreamness
    of production and trade flows. *American Economic Review* 102(3), 412-416.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("farm", "mill"), ("mill", "bakery"), ("farm", "bakery")])
    >>> pos = supply_chain_position(v)
    >>> pos.downstreamness.round(3).to_dict()
    {'farm': 0.0, 'mill': 0.667, 'bakery': 1.333}
    >>> pos.upstreamness.round(3).to_dict()
    {'farm': 1.333, 'mill': 0.667, 'bakery': 0.0}
    >>> round(pos.incoherence, 4)
    0.1111
    """
    if not view.directed:
        raise TramasError(
            "downstreamness and upstreamness need a directed network",
            hint="analyse a directed view (supplier → buyer ties), not --undirected",
            code="trophic_directed",
        )
    n = view.n_actors
    src, dst, w = _arcs(view, weighted)
    adj = sp.csr_matrix((w, (src, dst)), shape=(n, n))
    s_out = np.asarray(adj.sum(axis=1)).ravel()
    s_in = np.asarray(adj.sum(axis=0)).ravel()
    sym = (adj + adj.T).tocsr()
    lap = (sp.diags(s_in + s_out) - sym).tocsr()
    n_comp, comp = csgraph.connected_components(sym, directed=False)
    first = np.unique(comp, return_index=True)[1]
    free = np.ones(n, dtype=bool)
    free[first] = False
    h, info = _solve(lap, s_in - s_out, free, tol, maxiter)
    low = np.full(n_comp, np.inf)
    np.minimum.at(low, comp, h)
    h = h - low[comp]
    high = np.full(n_comp, -np.inf)
    np.maximum.at(high, comp, h)
    up = high[comp] - h
    return SupplyChainPosition(
        downstreamness=view.series(h, name="downstreamness"),
        upstreamness=view.series(up, name="upstreamness"),
        incoherence=_incoherence(h, src, dst, w),
        parameters={
            "weighted": bool(weighted and view.weighted),
            "tol": tol if info["solver"] == "cg" else None,
            "components": int(n_comp),
            **info,
        },
    )


def _incoherence(h: np.ndarray, src: np.ndarray, dst: np.ndarray, w: np.ndarray) -> float:
    total = float(w.sum())
    if total <= 0:
        return float("nan")
    return float((w * (h[dst] - h[src] - 1.0) ** 2).sum() / total)


def downstreamness(view: NetworkView, *, weighted: bool = True) -> pd.Series:
    """Improved trophic level of each actor: production steps from the pure suppliers.

    See :func:`supply_chain_position` for the definition and references.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> downstreamness(NetworkView.from_edges([("a", "b"), ("b", "c")])).tolist()
    [0.0, 1.0, 2.0]
    """
    return supply_chain_position(view, weighted=weighted).downstreamness


def upstreamness(view: NetworkView, *, weighted: bool = True) -> pd.Series:
    """Trophic level in the reversed network: production steps to the pure buyers.

    See :func:`supply_chain_position` for the definition and references.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> upstreamness(NetworkView.from_edges([("a", "b"), ("b", "c")])).tolist()
    [2.0, 1.0, 0.0]
    """
    return supply_chain_position(view, weighted=weighted).upstreamness


def trophic_incoherence(view: NetworkView, *, weighted: bool = True) -> float:
    """Trophic incoherence :math:`F_0` (0 = perfectly layered, 1 = no direction).

    :math:`F_0 = \\sum_{ij} w_{ij} (h_j - h_i - 1)^2 / \\sum_{ij} w_{ij}` with the
    improved trophic levels :math:`h` (MacKay, Johnson & Sansom 2020).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> trophic_incoherence(NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")]))
    1.0
    """
    return supply_chain_position(view, weighted=weighted).incoherence
