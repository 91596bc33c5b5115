"""Core–periphery structure (Borgatti & Everett 1999): continuous coreness and a core/periphery split.

A network has a core–periphery structure when a dense, cohesive core is tied to a
sparse periphery whose members are tied to the core rather than to each other. In a
cluster the core is typically the lead firms and institutions; the periphery, the
small firms that only sell to or learn from them.

The discrete model follows Borgatti & Everett (1999) as UCINET's Core/Periphery routine
fits it: the ideal pattern has ties inside the core and none inside the periphery, and
the core–periphery block is *missing* (ignored) by default, or optionally *tied* (every
core actor tied to every peripheral one) or *absent* (no such tie: the stricter
"core-only" pattern). The fit is the Pearson correlation between the data matrix and the
pattern over the cells that count. The best partition is found by trying every one of
them on small networks and by many seeded restarts of a local search on larger ones.
The continuous model fits :math:`s_{ij} \\approx c_i c_j`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.metrics.weights import check_finite, unit_scale

__all__ = [
    "PATTERNS",
    "CorePeriphery",
    "CorePeripheryPattern",
    "continuous_coreness",
    "core_periphery",
    "discrete_core",
]

CorePeripheryPattern = Literal["missing", "tied", "absent"]
#: Treatments of the core–periphery block, as in UCINET's Core/Periphery routine.
PATTERNS: tuple[str, ...] = ("missing", "tied", "absent")

# networks of at most this many actors are solved by trying every partition (2^n)
EXHAUSTIVE_MAX = 20
# cells (partitions) scored at once by the exhaustive search
_CHUNK = 1 << 20
# pair swaps (one actor in, one out) are tried at local optima below this size
_SWAP_MAX = 2000


@dataclass(frozen=True)
class CorePeriphery:
    """Result of :func:`core_periphery`.

    Attributes
    ----------
    coreness:
        Continuous coreness in [0, 1] (scaled so the most central actor has 1).
    core:
        ``True`` for members of the discrete core.
    fit_continuous:
        Correlation between :math:`s_{ij}` and :math:`c_i c_j`.
    fit_discrete:
        Correlation between the data matrix and the ideal core/periphery pattern over
        the cells that count under ``pattern``.
    pattern:
        Treatment of the core–periphery block: ``missing`` (ignored, Borgatti & Everett's
        and UCINET's default), ``tied`` or ``absent``.
    converged:
        Whether the continuous model reached its tolerance within the iteration cap.
    parameters:
        Weighted or not, iterations, convergence, search (``exhaustive`` or
        ``local search``), restarts and seed.
    """

    coreness: pd.Series
    core: pd.Series
    fit_continuous: float
    fit_discrete: float
    pattern: str = "missing"
    converged: bool = True
    parameters: dict = field(default_factory=dict)

    @property
    def core_size(self) -> int:
        return int(self.core.sum())


# ----------------------------------------------------------------------- data
def _symmetric(view: NetworkView, weighted: bool) -> sp.csr_matrix:
    """:math:`S = (A + A^T)/2` without the diagonal (binary unless ``weighted``)."""
    a = _adjacency(view, weighted)
    return ((a + a.T) / 2.0).tocsr() if view.directed else a


def _adjacency(view: NetworkView, weighted: bool) -> sp.csr_matrix:
    """The data matrix :math:`A` over ordered pairs, diagonal dropped.

    Directed views give the (asymmetric) arc matrix, undirected views a symmetric one.
    Binary unless ``weighted`` (parallel edges then sum their weights).
    """
    g = view.graph
    n = g.vcount()
    if g.ecount() == 0:
        return sp.csr_matrix((n, n))
    e = np.asarray(g.get_edgelist(), dtype=np.int64)
    w = np.asarray(g.es["weight"], dtype=float) if (weighted and view.weighted) else np.ones(len(e))
    check_finite(w, view.relations)
    w = unit_scale(w)  # correlations are ratios: 1e308 squared must not overflow
    keep = e[:, 0] != e[:, 1]
    e, w = e[keep], w[keep]
    a = sp.csr_matrix((w, (e[:, 0], e[:, 1])), shape=(n, n))  # duplicates summed
    if not view.directed:
        a = (a + a.T).tocsr()  # an undirected tie is stored once
    a.eliminate_zeros()
    if not weighted:
        a.data[:] = 1.0
    return a


def _pearson(n: int, sx: float, sxx: float, sy: float, syy: float, sxy: float) -> float:
    pairs = float(n) * (n - 1)
    num = pairs * sxy - sx * sy
    den = (pairs * sxx - sx * sx) * (pairs * syy - sy * sy)
    return float(num / np.sqrt(den)) if den > 0 else 0.0


class _Data:
    """Sums of the data matrix that score any partition in O(1) given a few running sums.

    With ``x`` the core indicator, ``T_cc = x'Ax`` (ties inside the core), ``D = d'x``
    with ``d`` the row plus column sums, and ``T_pp = total - D + T_cc`` (ties inside the
    periphery). ``Q`` are the same sums over squared values (equal to ``T`` when binary).
    """

    def __init__(self, a: sp.csr_matrix, weighted: bool) -> None:
        self.n = a.shape[0]
        self.a = a
        self.b = (a + a.T).tocsr()  # moving v changes x'Ax by x'(A + A') e_v
        self.d = np.asarray(self.b.sum(axis=1)).ravel()
        self.total = float(a.sum())
        self.squared = weighted and not np.all(a.data == 1.0)
        if self.squared:
            a2 = a.multiply(a).tocsr()
            self.b2 = (a2 + a2.T).tocsr()
            self.d2 = np.asarray(self.b2.sum(axis=1)).ravel()
            self.total2 = float(a2.sum())
        else:
            self.b2, self.d2, self.total2 = self.b, self.d, self.total


def _fit(
    pattern: str,
    data: _Data,
    k: np.ndarray,
    tcc: np.ndarray,
    dsum: np.ndarray,
    qcc: np.ndarray,
    d2sum: np.ndarray,
) -> np.ndarray:
    """Correlation of the data with the pattern of cores of size ``k`` (vectorised).

    ``tcc``/``dsum`` (and ``qcc``/``d2sum`` for squared values) are the partition's
    ``x'Ax`` and ``d'x``. Undefined fits (no variance over the cells) give ``-inf``.
    """
    n = data.n
    k = np.asarray(k, dtype=float)
    cells_all = float(n) * (n - 1)
    ncc = k * (k - 1)
    npp = (n - k) * (n - k - 1)
    tpp = data.total - dsum + tcc
    if pattern == "missing":
        cells = ncc + npp
        sx = tcc + tpp
        sxx = qcc + (data.total2 - d2sum + qcc)
        sy, sxy = ncc, tcc
    elif pattern == "tied":
        cells, sx, sxx = cells_all, data.total, data.total2
        sy, sxy = cells_all - npp, data.total - tpp
    else:  # absent
        cells, sx, sxx = cells_all, data.total, data.total2
        sy, sxy = ncc, tcc
    num = cells * sxy - sx * sy
    vx = cells * sxx - sx * sx
    vy = cells * sy - sy * sy
    ok = (vx > 1e-9 * np.maximum(cells * sxx, 1.0)) & (vy > 0.5)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, num / np.sqrt(np.where(ok, vx * vy, 1.0)), -np.inf)


# ----------------------------------------------------------------------- exhaustive
def _subsets(h: int) -> np.ndarray:
    """All ``2^h`` subsets of ``h`` items as rows of a 0/1 matrix (bit ``i`` = item ``i``)."""
    codes = np.arange(1 << h, dtype=np.int64)
    return ((codes[:, None] >> np.arange(h)) & 1).astype(float)


def _exhaustive(pattern: str, data: _Data) -> tuple[np.ndarray, float]:
    """Score every partition: split actors in halves L, H and combine their subsets.

    For ``x = (x_L, x_H)``: ``x'Ax = x_L'A_LL x_L + x_H'A_HH x_H + x_L'(A_LH + A_HL') x_H``,
    so a block of ``2^|L| x 2^|H|`` partitions costs one matrix product.
    """
    n = data.n
    h = n // 2
    lo, hi = np.arange(h), np.arange(h, n)
    a = data.a.toarray()
    a2 = data.a.multiply(data.a).toarray() if data.squared else a
    xl, xh = _subsets(len(lo)), _subsets(len(hi))

    def half(idx: np.ndarray, xs: np.ndarray, m: np.ndarray, d: np.ndarray):
        sub = m[np.ix_(idx, idx)]
        return np.einsum("si,ij,sj->s", xs, sub, xs), xs @ d[idx]

    tl, dl = half(lo, xl, a, data.d)
    th, dh = half(hi, xh, a, data.d)
    cross = a[np.ix_(lo, hi)] + a[np.ix_(hi, lo)].T
    if data.squared:
        ql, d2l = half(lo, xl, a2, data.d2)
        qh, d2h = half(hi, xh, a2, data.d2)
        cross2 = a2[np.ix_(lo, hi)] + a2[np.ix_(hi, lo)].T
    kl, kh = xl.sum(axis=1), xh.sum(axis=1)
    left = xl @ cross  # (2^|L|, |H|)
    left2 = xl @ cross2 if data.squared else None
    step = max(1, _CHUNK // len(xl))
    best, best_at = -np.inf, (0, 0)
    for start in range(0, len(xh), step):
        sl = slice(start, start + step)
        tcc = tl[:, None] + th[None, sl] + left @ xh[sl].T
        dsum = dl[:, None] + dh[None, sl]
        k = kl[:, None] + kh[None, sl]
        if data.squared:
            qcc = ql[:, None] + qh[None, sl] + left2 @ xh[sl].T
            d2sum = d2l[:, None] + d2h[None, sl]
        else:
            qcc, d2sum = tcc, dsum
        r = _fit(pattern, data, k, tcc, dsum, qcc, d2sum)
        at = int(np.argmax(r))
        if r.flat[at] > best + 1e-12:
            best = float(r.flat[at])
            best_at = (at // r.shape[1], start + at % r.shape[1])
    x = np.zeros(n, dtype=bool)
    x[lo] = xl[best_at[0]] > 0
    x[hi] = xh[best_at[1]] > 0
    return x, best


# ----------------------------------------------------------------------- local search
def _best_prefix(pattern: str, data: _Data, order: np.ndarray) -> np.ndarray:
    """The best core among the top-``k`` actors of ``order``, every ``k`` scored in O(m + n)."""
    n = data.n
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    def inside(m: sp.csr_matrix) -> np.ndarray:
        coo = m.tocoo()
        enter = np.maximum(rank[coo.row], rank[coo.col])  # core size - 1 when the cell enters
        return np.cumsum(np.bincount(enter, weights=coo.data, minlength=n))

    tcc = inside(data.a)
    dsum = np.cumsum(data.d[order])
    if data.squared:
        qcc, d2sum = inside(data.a.multiply(data.a)), np.cumsum(data.d2[order])
    else:
        qcc, d2sum = tcc, dsum
    fits = _fit(pattern, data, np.arange(1, n + 1), tcc, dsum, qcc, d2sum)
    x = np.zeros(n, dtype=bool)
    x[order[: int(np.argmax(fits)) + 1]] = True
    return x


def _climb(pattern: str, data: _Data, x: np.ndarray, swaps: bool) -> tuple[np.ndarray, float]:
    """Steepest ascent by single-actor moves, then by in/out swaps, to a local optimum."""
    x = x.copy()
    xf = x.astype(float)
    t = data.b @ xf  # ties (both directions) to the core
    t2 = data.b2 @ xf if data.squared else t
    k = int(x.sum())
    tcc = float(xf @ t) / 2.0
    qcc = float(xf @ t2) / 2.0 if data.squared else tcc
    dsum = float(data.d @ xf)
    d2sum = float(data.d2 @ xf) if data.squared else dsum
    fit = float(_fit(pattern, data, np.array([k]), tcc, dsum, qcc, d2sum)[0])

    def move(v: int) -> None:
        nonlocal k, tcc, qcc, dsum, d2sum
        sign = -1.0 if x[v] else 1.0
        k += int(sign)
        tcc += sign * t[v]
        dsum += sign * data.d[v]
        if data.squared:
            qcc += sign * t2[v]
            d2sum += sign * data.d2[v]
        else:
            qcc, d2sum = tcc, dsum
        x[v] = not x[v]
        row = slice(data.b.indptr[v], data.b.indptr[v + 1])
        t[data.b.indices[row]] += sign * data.b.data[row]
        if data.squared:
            row2 = slice(data.b2.indptr[v], data.b2.indptr[v + 1])
            t2[data.b2.indices[row2]] += sign * data.b2.data[row2]

    while True:
        sign = np.where(x, -1.0, 1.0)
        new_t = tcc + sign * t
        new_d = dsum + sign * data.d
        if data.squared:
            new_q, new_d2 = qcc + sign * t2, d2sum + sign * data.d2
        else:
            new_q, new_d2 = new_t, new_d
        r = _fit(pattern, data, k + sign, new_t, new_d, new_q, new_d2)
        v = int(np.argmax(r))
        if r[v] > fit + 1e-12:
            move(v)
            fit = float(r[v])
            continue
        if not swaps or k == 0 or k == data.n:
            break
        core, peri = np.flatnonzero(x), np.flatnonzero(~x)
        # u out, w in: x'Ax loses t_u, gains t_w minus the u–w cells counted in t_w
        buw = data.b[core][:, peri].toarray()
        new_t = tcc - t[core][:, None] + t[peri][None, :] - buw
        new_d = dsum - data.d[core][:, None] + data.d[peri][None, :]
        if data.squared:
            b2uw = data.b2[core][:, peri].toarray()
            new_q = qcc - t2[core][:, None] + t2[peri][None, :] - b2uw
            new_d2 = d2sum - data.d2[core][:, None] + data.d2[peri][None, :]
        else:
            new_q, new_d2 = new_t, new_d
        r = _fit(pattern, data, np.full(new_t.shape, k), new_t, new_d, new_q, new_d2)
        at = int(np.argmax(r))
        if r.flat[at] <= fit + 1e-12:
            break
        u, w = int(core[at // r.shape[1]]), int(peri[at % r.shape[1]])
        move(u)
        move(w)
        fit = float(r.flat[at])
    return x, fit


def _local_search(
    pattern: str,
    data: _Data,
    orders: list[np.ndarray],
    restarts: int,
    seed: int | None,
) -> tuple[np.ndarray, float]:
    """Best local optimum from prefix starts (one per actor order) and random starts."""
    n = data.n
    rng = np.random.default_rng(seed)
    starts = [_best_prefix(pattern, data, o) for o in orders]
    for _ in range(restarts):
        size = rng.uniform(0.05, 0.7)
        starts.append(rng.random(n) < size)
    swaps = n <= _SWAP_MAX
    best_x, best = starts[0], -np.inf
    for x0 in starts:
        x, fit = _climb(pattern, data, x0, swaps)
        if fit > best + 1e-12:
            best_x, best = x, fit
    return best_x, best


# ----------------------------------------------------------------------- public API
def continuous_coreness(
    view: NetworkView,
    *,
    weighted: bool = False,
    max_iter: int = 10_000,
    tol: float = 1e-9,
) -> tuple[pd.Series, float, dict]:
    """Borgatti–Everett continuous coreness.

    Parameters
    ----------
    view:
        The network view; direction is ignored (the model is symmetric, so fitting
        :math:`A` or :math:`(A + A^T)/2` gives the same solution).
    weighted:
        Use tie weights; default binary, as in Borgatti & Everett.
    max_iter, tol:
        Cap on the iterations of the least-squares update and the relative change at
        which to stop. Reaching the cap first issues a ``RuntimeWarning`` and reports
        ``converged: False``.

    Returns
    -------
    (pandas.Series, float, dict)
        Coreness in [0, 1] indexed by actor id, the fit (correlation between
        :math:`s_{ij}` and :math:`c_i c_j` over :math:`i \\ne j`), and convergence
        details (``iterations``, ``converged``, ``change``: the last relative change).

    Notes
    -----
    The vector :math:`c` minimises :math:`\\sum_{i \\ne j} (s_{ij} - c_i c_j)^2`, the MINRES
    formulation of the continuous model that UCINET fits (Boyd, Fitzgerald & Beck
    2006), by the alternating least-squares update
    :math:`c_i \\leftarrow \\sum_{j \\ne i} s_{ij} c_j / \\sum_{j \\ne i} c_j^2`, damped by
    half a step. Convergence can be slow (about 1,100 iterations on Padgett's
    marriage network), hence the high cap.

    References
    ----------
    Borgatti, S. P., & Everett, M. G. (1999). Models of core/periphery structures.
    *Social Networks* 21(4), 375-395. Boyd, J. P., Fitzgerald, W. J., & Beck, R. J.
    (2006). Computing core/periphery structures and permutation tests for social
    relations data. *Social Networks* 28(2), 165-178.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"),
    ...                             ("b", "e")], directed=False)
    >>> c, fit, info = continuous_coreness(v)
    >>> c.idxmax() in {"a", "b"}, bool(c["d"] < c["a"]), info["converged"]
    (True, True, True)
    """
    s = _symmetric(view, weighted)
    n = s.shape[0]
    info = {"iterations": 0, "converged": True, "change": 0.0}
    if n < 2 or s.nnz == 0:
        return view.series(np.zeros(n), name="cp_coreness"), 0.0, info
    c = np.asarray(s.sum(axis=1)).ravel()
    c = c / np.sqrt(max(c @ c, 1e-300))
    converged = False
    change = np.inf
    it = 0
    while it < max_iter:
        it += 1
        num = s @ c
        den = (c @ c) - c * c
        new = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
        # half-step damping keeps the fixed-point iteration from oscillating
        new = 0.5 * (new + c)
        change = float(np.linalg.norm(new - c) / max(np.linalg.norm(new), 1e-300))
        c = new
        if change < tol:
            converged = True
            break
    info = {"iterations": it, "converged": converged, "change": change}
    if not converged:
        warnings.warn(
            f"continuous coreness did not converge in {max_iter} iterations "
            f"(last relative change {change:.2g}, tolerance {tol:.2g})",
            RuntimeWarning,
            stacklevel=2,
        )
    sx = float(s.sum())
    sxx = float(s.multiply(s).sum())
    c2 = float(c @ c)
    sy = float(c.sum() ** 2 - c2)
    syy = float(c2**2 - np.sum(c**4))
    sxy = float(c @ (s @ c))
    fit = _pearson(n, sx, sxx, sy, syy, sxy)
    top = c.max()
    scaled = c / top if top > 0 else c
    return view.series(scaled, name="cp_coreness"), fit, info


def _discrete(
    view: NetworkView,
    coreness: pd.Series | None,
    *,
    weighted: bool,
    pattern: str,
    restarts: int,
    seed: int | None,
    exhaustive_max: int,
) -> tuple[pd.Series, float, dict]:
    if pattern not in PATTERNS:
        raise TramasError(
            f"unknown core–periphery pattern {pattern!r}",
            hint="use 'missing' (core–periphery ties ignored), 'tied' or 'absent'",
            code="cp_pattern",
            values={"pattern": pattern},
        )
    a = _adjacency(view, weighted)
    n = a.shape[0]
    info: dict = {"pattern": pattern, "search": "none"}
    if n < 2 or a.nnz == 0:
        return view.series(np.zeros(n, dtype=bool), name="cp_core"), 0.0, info
    data = _Data(a, weighted)
    if n <= exhaustive_max:
        x, fit = _exhaustive(pattern, data)
        info["search"] = "exhaustive"
    else:
        if coreness is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                coreness = continuous_coreness(view, weighted=weighted)[0]
        c = coreness.reindex(view.ids).fillna(0.0).to_numpy(dtype=float)
        orders = [np.argsort(-c, kind="stable"), np.argsort(-data.d, kind="stable")]
        x, fit = _local_search(pattern, data, orders, restarts, seed)
        info.update(search="local search", restarts=restarts, seed=seed)
    if not np.isfinite(fit):  # no partition has a defined fit (e.g. a complete network)
        x, fit = np.zeros(n, dtype=bool), 0.0
    return view.series(x, name="cp_core"), float(fit), info


def discrete_core(
    view: NetworkView,
    coreness: pd.Series | None = None,
    *,
    weighted: bool = False,
    pattern: CorePeripheryPattern = "missing",
    restarts: int = 50,
    seed: int | None = 42,
    exhaustive_max: int = EXHAUSTIVE_MAX,
) -> tuple[pd.Series, float]:
    """Borgatti–Everett discrete model: the core/periphery split that best fits the ties.

    Parameters
    ----------
    view:
        The network view. Directed views are fitted on the arc matrix (every ordered
        pair), undirected ones on the symmetric matrix.
    coreness:
        Actor order that seeds the local search (default: continuous coreness); not used
        by the exhaustive search.
    weighted:
        Use tie weights (default binary, as Borgatti & Everett).
    pattern:
        Treatment of the core–periphery block of the ideal pattern: ``missing``
        (default, ignored: only core–core and periphery–periphery cells count),
        ``tied`` (ideal 1) or ``absent`` (ideal 0).
    restarts:
        Random starts of the local search (besides one start from the best prefix of
        the coreness order and one from the degree order).
    seed:
        Seed of the random starts; the same seed gives the same core.
    exhaustive_max:
        Networks of at most this many actors are solved exactly by scoring all
        :math:`2^n` partitions.

    Returns
    -------
    (pandas.Series, float)
        ``True`` for core members, indexed by actor id, and the fit.

    Notes
    -----
    With :math:`a_{ij}` the data and :math:`\\delta_{ij}` the ideal pattern — 1 when both
    *i* and *j* are in the core, 0 when both are in the periphery, and for a core and a
    peripheral actor missing, 1 or 0 according to ``pattern`` — the fit is the Pearson
    correlation of :math:`a_{ij}` and :math:`\\delta_{ij}` over the cells :math:`i \\ne j`
    where :math:`\\delta_{ij}` is defined. Any partition is scored in O(1) from the sums
    of ties inside the core and inside the periphery. Up to ``exhaustive_max`` actors
    every partition is scored (vectorised: the actors are split in halves and the
    subsets of one half combined with those of the other by a matrix product). Larger
    networks use steepest-ascent local search — single actors moved between core and
    periphery, then one-in-one-out swaps — from the best top-*k* prefix of the
    coreness and degree orders and from ``restarts`` random partitions; the best local
    optimum is kept. On random graphs of up to 20 actors and on Padgett's and Knoke's
    networks it reaches the exhaustive optimum (see the tests).

    References
    ----------
    Borgatti, S. P., & Everett, M. G. (1999). Models of core/periphery structures.
    *Social Networks* 21(4), 375-395. Borgatti, S. P., Everett, M. G., & Freeman, L. C.
    (2002). *UCINET for Windows*, Network > Core/Periphery > Categorical.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"),
    ...                             ("b", "e"), ("c", "f")], directed=False)
    >>> core, fit = discrete_core(v)
    >>> sorted(core[core].index), round(fit, 3)
    (['a', 'b', 'c'], 1.0)
    """
    core, fit, _ = _discrete(
        view,
        coreness,
        weighted=weighted,
        pattern=pattern,
        restarts=restarts,
        seed=seed,
        exhaustive_max=exhaustive_max,
    )
    return core, fit


def core_periphery(
    view: NetworkView,
    *,
    weighted: bool = False,
    pattern: CorePeripheryPattern = "missing",
    restarts: int = 50,
    seed: int | None = 42,
    exhaustive_max: int = EXHAUSTIVE_MAX,
    max_iter: int = 10_000,
) -> CorePeriphery:
    """Continuous coreness and the discrete core/periphery split, with their fits.

    Parameters
    ----------
    view:
        The network view.
    weighted:
        Use tie weights (default: binary ties, as Borgatti & Everett).
    pattern, restarts, seed, exhaustive_max:
        See :func:`discrete_core`; ``pattern`` defaults to ``missing`` (the
        core–periphery block ignored), Borgatti & Everett's and UCINET's default.
    max_iter:
        Iteration cap of the continuous model (see :func:`continuous_coreness`).

    Returns
    -------
    CorePeriphery
        See :func:`continuous_coreness` and :func:`discrete_core`. A continuous model that
        does not converge is reported (``converged`` False) rather than warned about.

    References
    ----------
    Borgatti, S. P., & Everett, M. G. (1999). Models of core/periphery structures.
    *Social Networks* 21(4), 375-395.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")],
    ...                            directed=False)
    >>> cp = core_periphery(v)
    >>> bool(cp.core["a"]), bool(cp.core["d"]), cp.pattern
    (True, False, 'missing')
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        c, fit_c, info = continuous_coreness(view, weighted=weighted, max_iter=max_iter)
    core, fit_d, search = _discrete(
        view,
        c,
        weighted=weighted,
        pattern=pattern,
        restarts=restarts,
        seed=seed,
        exhaustive_max=exhaustive_max,
    )
    return CorePeriphery(
        coreness=c,
        core=core,
        fit_continuous=fit_c,
        fit_discrete=fit_d,
        pattern=pattern,
        converged=bool(info["converged"]),
        parameters={"weighted": weighted, **info, **search},
    )
