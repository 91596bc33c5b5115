"""Brokerage and structural holes of chosen actors in networks too large to do everyone.

On a national production network (a million firms) Gould–Fernandez brokerage and
Burt's constraint for *every* firm cost more than the rest of the analysis together: a
hub with 30,000 suppliers and 40,000 buyers sits on a billion two-paths. Analysts
rarely need them for everyone — they ask about the firms of one cluster, the
candidates for a programme, the top brokers by betweenness. The functions here compute
the same values as :func:`tramas.metrics.brokerage.brokerage` (raw counts) and
:func:`tramas.metrics.structural_holes.structural_holes` for a requested subset only,
exactly, on the whole network: the values do not depend on which other actors were
requested.

How
    *Structural holes*: the mutual tie strength :math:`Z = W + W^T` is built once as a
    sparse matrix; for each requested ego :math:`i` with contacts :math:`N(i)` only the
    block :math:`Z[N(i), N(i)]` and the row sums and maxima of :math:`Z` are needed:
    constraint :math:`c_i = \\sum_{j} (p_{ij} + \\sum_q p_{iq} z_{qj} / s_q)^2` and effective
    size :math:`E_i = |N(i)| - \\sum_{q} p_{iq} \\sum_{j} z_{jq} / \\max_k z_{jk}`, sums over
    :math:`N(i)`, :math:`s_q = \\sum_k z_{qk}`.

    *Brokerage*: the two-paths :math:`a \\to v \\to b` of a broker :math:`v` are counted
    by group from the group counts of its in- and out-neighbours
    (:math:`\\text{in}_g \\cdot \\text{out}_h` pairs of groups :math:`g, h`), minus the
    pairs with :math:`a = b` and the pairs with a tie :math:`a \\to b` (which need no
    broker) — work proportional to the ties around :math:`v`, not to the square of its
    degree.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.metrics.brokerage import BROKERAGE_ROLES, _brokerage_arcs, _group_codes
from tramas.metrics.structural_holes import (
    ISOLATE_CONSTRAINT,
    ISOLATE_EFFECTIVE_SIZE,
    ISOLATE_EFFICIENCY,
    _mutual,
)

__all__ = ["brokerage_subset", "resolve_subset", "structural_holes_subset"]


def resolve_subset(view: NetworkView, ids: Iterable[str]) -> np.ndarray:
    """Vertex indices of the requested actor ids (in the order given, duplicates dropped).

    Raises
    ------
    TramasError
        Naming up to five ids that are not in the view.
    """
    wanted = pd.Index(pd.unique(pd.Series([str(i) for i in ids], dtype=object)))
    pos = view.ids.get_indexer(wanted)
    missing = wanted[pos < 0]
    if len(missing):
        raise TramasError(
            f"{len(missing):,} requested actor(s) not in the network: "
            + ", ".join(map(repr, missing[:5].tolist())),
            hint="give actor ids as they appear in the ties file",
            code="subset_unknown_actors",
            values={"n": len(missing), "ids": ", ".join(map(repr, missing[:5].tolist()))},
        )
    return pos.astype(np.int64)


def structural_holes_subset(
    view: NetworkView,
    ids: Iterable[str],
    *,
    weighted: bool = True,
    fill_isolates: bool = True,
) -> pd.DataFrame:
    """Burt's constraint, effective size and efficiency of the requested actors.

    Parameters
    ----------
    view:
        The whole network (direction is ignored; :math:`z_{ij} = w_{ij} + w_{ji}`).
    ids:
        Actor ids to compute.
    weighted, fill_isolates:
        As for :func:`tramas.metrics.structural_holes.structural_holes`.

    Returns
    -------
    pandas.DataFrame
        Columns ``constraint``, ``effective_size``, ``efficiency`` indexed by the
        requested ids; equal to the rows of ``structural_holes(view)``.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press, pp. 51-55.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")],
    ...                            directed=False)
    >>> structural_holes_subset(v, ["a"]).round(3).to_dict("records")
    [{'constraint': 0.611, 'effective_size': 2.333, 'efficiency': 0.778}]
    """
    idx = resolve_subset(view, ids)
    z = _mutual(view, weighted)
    z.eliminate_zeros()
    z.sort_indices()
    rowsum = np.asarray(z.sum(axis=1)).ravel()
    rowmax = z.max(axis=1).toarray().ravel() if z.shape[0] else np.zeros(0)
    out = np.full((len(idx), 3), np.nan)
    for k, i in enumerate(idx):
        lo, hi = z.indptr[i], z.indptr[i + 1]
        if hi == lo:
            if fill_isolates:
                out[k] = (ISOLATE_CONSTRAINT, ISOLATE_EFFECTIVE_SIZE, ISOLATE_EFFICIENCY)
            continue
        nb = z.indices[lo:hi]
        p = z.data[lo:hi] / rowsum[i]
        block = z[nb][:, nb]  # z_qj among the contacts
        indirect = block.T @ (p / rowsum[nb])  # sum_q p_iq z_qj / s_q
        cons = float(((p + indirect) ** 2).sum())
        redundancy = float(p @ (block.T @ (1.0 / rowmax[nb])))  # sum_q p_iq sum_j m_jq
        eff = len(nb) - redundancy
        out[k] = (cons, eff, eff / len(nb))
    return pd.DataFrame(
        out, index=view.ids[idx], columns=["constraint", "effective_size", "efficiency"]
    )


def brokerage_subset(
    view: NetworkView, ids: Iterable[str], groups: str | pd.Series | None = "kind"
) -> pd.DataFrame:
    """Gould–Fernandez brokerage counts of the requested actors.

    Parameters
    ----------
    view:
        The whole network, read as :func:`tramas.metrics.brokerage.brokerage` reads it
        (an undirected view counts every tie in both directions).
    ids:
        Actor ids to compute.
    groups:
        Actor attribute (or a Series of group labels by actor id, or ``None`` for one
        group), as for :func:`tramas.metrics.brokerage.brokerage`.

    Returns
    -------
    pandas.DataFrame
        Raw counts ``brokerage_coordinator``, ``brokerage_itinerant``,
        ``brokerage_gatekeeper``, ``brokerage_representative``, ``brokerage_liaison``
        and ``brokerage_total`` indexed by the requested ids; equal to the rows of
        ``brokerage(view, groups).table()``. (Expected counts and z-scores need the
        whole network and are not computed.)

    Notes
    -----
    A two-path :math:`a \\to v \\to b` with :math:`a \\ne b` and no tie :math:`a \\to b`
    counts once for :math:`v`: coordinator (all three in one group), itinerant
    (:math:`a, b` in one group, :math:`v` in another), gatekeeper (:math:`v, b` in one,
    :math:`a` outside), representative (:math:`a, v` in one, :math:`b` outside), liaison
    (three groups).

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal approach
    to brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> import pandas as pd
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")])
    >>> kinds = pd.Series({"a": "firm", "b": "firm", "c": "research"})
    >>> brokerage_subset(v, ["b"], kinds).loc["b", "brokerage_representative"]
    np.int64(1)
    """
    idx = resolve_subset(view, ids)
    codes, _, _ = _group_codes(view, groups)
    n = view.n_actors
    k = int(codes.max()) + 1 if n else 0
    adj = _arc_matrix(view)
    adj_t = adj.T.tocsr()
    counts = np.zeros((len(idx), 5), dtype=np.int64)
    for row, v in enumerate(idx):
        outs = adj.indices[adj.indptr[v] : adj.indptr[v + 1]]
        ins = adj_t.indices[adj_t.indptr[v] : adj_t.indptr[v + 1]]
        if len(ins) == 0 or len(outs) == 0:
            continue
        gv = codes[v]
        cin = np.bincount(codes[ins], minlength=k)
        cout = np.bincount(codes[outs], minlength=k)
        n_in, n_out = len(ins), len(outs)
        same = int(cin @ cout)
        base = np.array(
            [
                cin[gv] * cout[gv],  # coordinator
                same - cin[gv] * cout[gv],  # itinerant
                (n_in - cin[gv]) * cout[gv],  # gatekeeper
                cin[gv] * (n_out - cout[gv]),  # representative
                0,
            ],
            dtype=np.int64,
        )
        base[4] = n_in * n_out - base[:4].sum()
        # pairs that need no broker: a == b, or a tie a -> b
        both = np.intersect1d(ins, outs, assume_unique=True)
        tied = adj[ins][:, outs].tocoo()
        a = np.concatenate([both, ins[tied.row]])
        b = np.concatenate([both, outs[tied.col]])
        counts[row] = base - np.bincount(_roles(codes[a], gv, codes[b]), minlength=5)
    frame = pd.DataFrame(
        counts, index=view.ids[idx], columns=[f"brokerage_{r}" for r in BROKERAGE_ROLES]
    )
    frame["brokerage_total"] = frame.sum(axis=1)
    return frame


def _arc_matrix(view: NetworkView) -> sp.csr_matrix:
    """0/1 matrix of the distinct arcs brokerage runs along, no loops: those of
    :func:`tramas.metrics.brokerage.brokerage` (directed relations only in a view that
    mixes them with relations without direction)."""
    n = view.graph.vcount()
    e, _, _ = _brokerage_arcs(view)
    m = sp.csr_matrix((np.ones(len(e), dtype=np.int32), (e[:, 0], e[:, 1])), shape=(n, n))
    m.data[:] = 1  # parallel arcs count once
    m.sort_indices()
    return m


def _roles(ga: np.ndarray, gv: int, gb: np.ndarray) -> np.ndarray:
    """Role index (order of :data:`BROKERAGE_ROLES`) of two-paths a -> v -> b."""
    role = np.full(len(ga), 4, dtype=np.int64)  # liaison
    role[(ga == gv) & (gb == gv)] = 0  # coordinator
    role[(ga == gb) & (ga != gv)] = 1  # itinerant
    role[(gb == gv) & (ga != gv)] = 2  # gatekeeper
    role[(ga == gv) & (gb != gv)] = 3  # representative
    return role
