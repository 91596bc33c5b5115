"""Quadratic assignment procedure (QAP): correlation and regression between networks.

Dyads of a network are not independent observations, so ordinary p-values for the
correlation of two relations ("do cooperation ties follow knowledge ties?") or for a
regression of one relation on others are wrong. QAP keeps the structure of each network
and tests against the distribution obtained by relabelling the actors of one network at
random — permuting rows and columns of its matrix together (Krackhardt 1987, 1988;
Hubert 1987). Multiple regression follows statnet's ``netlm`` (Butts 2008): ``qapy``
permutes the dependent network, ``qapspp`` permutes the residuals of each predictor
regressed on the others (Dekker, Krackhardt & Snijders 2007).

Conventions, as in statnet's ``gcor``/``qaptest``/``netlm`` with ``diag=FALSE``:

* the diagonal (self-ties) is excluded;
* directed networks use every off-diagonal cell, undirected ones each unordered pair once;
* an asymmetric matrix analysed as undirected is first symmetrised by tramas' default
  ``union`` rule (a pair's value is the mean of its non-zero cells: for binary ties, a
  tie in either direction), so the result never depends on the order of the actors.
  statnet's ``mode="graph"`` instead reads the lower triangle as given, which for
  asymmetric input changes with the actor order; for symmetric input the two agree;
* p-values are the share of permuted statistics at least as extreme as the observed one:
  ``p_greater`` = P(stat >= observed), ``p_less`` = P(stat <= observed) and ``p_two_sided``
  = P(|stat| >= |observed|). The smallest value a run can show is ``1 / permutations``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView

__all__ = [
    "QAPCorrelation",
    "QAPRegression",
    "adjacency_matrix",
    "qap_correlation",
    "qap_regression",
]

MatrixLike = NetworkView | pd.DataFrame | np.ndarray
NullHypothesis = Literal["qapspp", "qapy"]
TestStatistic = Literal["t-value", "beta"]

# permuted statistics equal to the observed one up to rounding count as "at least as extreme"
_RTOL = 1e-9
# cells x permutations held in memory at once
_BATCH_CELLS = 4_000_000


@dataclass(frozen=True)
class QAPCorrelation:
    """Pearson correlation of two networks' dyads with its QAP permutation test.

    Attributes
    ----------
    statistic:
        Observed correlation over the dyads (off-diagonal cells; each unordered pair once,
        after symmetrising, when the networks are treated as undirected).
    p_two_sided, p_greater, p_less:
        Share of permutations with ``|r| >= |observed|``, ``r >= observed``, ``r <= observed``.
    permutations, seed:
        Number of random relabellings and the seed of the generator that drew them.
    n_actors, n_dyads, directed:
        Size of the matrices and whether all off-diagonal cells were used.
    null_mean, null_std:
        Mean and standard deviation of the permutation distribution.
    labels:
        Names of the two networks (for reports).
    distribution:
        The permuted correlations (not compared, not shown in ``repr``).
    """

    statistic: float
    p_two_sided: float
    p_greater: float
    p_less: float
    permutations: int
    seed: int | None
    n_actors: int
    n_dyads: int
    directed: bool
    null_mean: float
    null_std: float
    labels: tuple[str, str] = ("x", "y")
    distribution: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (without the distribution)."""
        return {
            "method": "qap_correlation",
            "x": self.labels[0],
            "y": self.labels[1],
            "correlation": _json_float(self.statistic),
            "p_two_sided": self.p_two_sided,
            "p_greater": self.p_greater,
            "p_less": self.p_less,
            "permutations": self.permutations,
            "seed": self.seed,
            "n_actors": self.n_actors,
            "n_dyads": self.n_dyads,
            "directed": self.directed,
            "null_mean": _json_float(self.null_mean),
            "null_std": _json_float(self.null_std),
        }


@dataclass(frozen=True)
class QAPRegression:
    """Multiple regression of one network on others with QAP p-values (statnet ``netlm``).

    Attributes
    ----------
    coefficients:
        One row per term (``intercept`` first when fitted, then the predictors by label)
        with ``estimate``, ``std_error``, ``t_value`` (ordinary least squares) and the
        permutation p-values ``p_two_sided``, ``p_greater``, ``p_less``.
    r_squared, adj_r_squared:
        Fit of the observed model.
    nullhyp:
        ``qapspp`` (Dekker et al. 2007 semi-partialling) or ``qapy`` (permute the
        dependent network); ``qapspp`` with a single term falls back to ``qapy``, as statnet.
    test_statistic:
        ``t-value`` (default, as statnet) or ``beta``: what the permutation distribution holds.
    permutations, seed, n_actors, n_dyads, directed, intercept, response:
        How the model was run; ``response`` names the dependent network.
    distribution:
        Permuted statistics, one column per term (not compared, not shown).
    """

    coefficients: pd.DataFrame = field(compare=False)
    r_squared: float
    adj_r_squared: float
    nullhyp: str
    test_statistic: str
    permutations: int
    seed: int | None
    n_actors: int
    n_dyads: int
    directed: bool
    intercept: bool
    response: str = "y"
    distribution: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (coefficients as a list of records, without the distribution)."""
        rows = [
            {k: (_json_float(v) if isinstance(v, float) else v) for k, v in rec.items()}
            for rec in self.coefficients.reset_index().to_dict(orient="records")
        ]
        return {
            "method": "qap_regression",
            "response": self.response,
            "coefficients": rows,
            "r_squared": _json_float(self.r_squared),
            "adj_r_squared": _json_float(self.adj_r_squared),
            "nullhyp": self.nullhyp,
            "test_statistic": self.test_statistic,
            "permutations": self.permutations,
            "seed": self.seed,
            "n_actors": self.n_actors,
            "n_dyads": self.n_dyads,
            "directed": self.directed,
            "intercept": self.intercept,
        }


# ----------------------------------------------------------------------- public API
def adjacency_matrix(view: NetworkView, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The (weighted) adjacency matrix of a view, rows and columns labelled by actor id.

    Cell ``(i, j)`` holds the summed weight of the edges ``i -> j`` (1 per edge for
    unweighted views); undirected views give a symmetric matrix. ``ids`` fixes the order
    (and may add actors absent from the view, with empty rows).

    Examples
    --------
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c", 2.0)])
    >>> adjacency_matrix(v).to_numpy().tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
    """
    order = pd.Index([str(i) for i in (ids if ids is not None else view.ids)])
    pos = pd.Series(np.arange(len(order)), index=order)
    n = len(order)
    mat = np.zeros((n, n), dtype=float)
    g = view.graph
    if g.ecount():
        names = np.asarray(g.vs["name"], dtype=object)
        pairs = np.asarray(g.get_edgelist(), dtype=np.int64)
        src = pos.reindex(names[pairs[:, 0]]).to_numpy()
        tgt = pos.reindex(names[pairs[:, 1]]).to_numpy()
        keep = ~(np.isnan(src) | np.isnan(tgt))
        w = np.asarray(g.es["weight"], dtype=float) if view.weighted else np.ones(len(pairs))
        src, tgt, w = src[keep].astype(np.int64), tgt[keep].astype(np.int64), w[keep]
        np.add.at(mat, (src, tgt), w)
        if not g.is_directed():
            loops = src == tgt
            np.add.at(mat, (tgt[~loops], src[~loops]), w[~loops])
    return pd.DataFrame(mat, index=order.rename("id"), columns=order)


def qap_correlation(
    x: MatrixLike,
    y: MatrixLike,
    *,
    permutations: int = 1000,
    seed: int | None = 42,
    directed: bool | None = None,
    labels: tuple[str, str] | None = None,
) -> QAPCorrelation:
    """Correlation between two networks on the same actors, tested by QAP.

    Parameters
    ----------
    x, y:
        :class:`~tramas.graph.NetworkView` objects (two relations, or two waves, of one
        network), square ``DataFrame`` objects labelled by actor id, or square arrays in the
        same actor order. Views and frames are aligned by actor id; both must hold the
        same actors (use ``network.view(..., actors=...)`` to restrict them).
    permutations:
        Number of random relabellings of ``y`` (rows and columns permuted together).
    seed:
        Seed of the random generator (``numpy.random.default_rng``); the same seed gives
        the same p-values.
    directed:
        Use every off-diagonal cell (``True``) or each unordered pair once (``False``;
        asymmetric inputs are symmetrised first, see the module notes). Default:
        directed when either input is a directed view or an asymmetric matrix.
    labels:
        Names of ``x`` and ``y`` for reports (default: the views' relations and waves).

    Returns
    -------
    QAPCorrelation

    Notes
    -----
    With ``x_d`` and ``y_d`` the values of dyad ``d`` (diagonal excluded),

    .. math:: r = \\frac{\\sum_d (x_d - \\bar x)(y_d - \\bar y)}
                        {\\sqrt{\\sum_d (x_d - \\bar x)^2 \\sum_d (y_d - \\bar y)^2}}

    (statnet's ``gcor``). The null distribution takes ``r`` between ``x`` and ``P y P'`` for
    random permutation matrices ``P``; relabelling keeps every structural property of
    ``y`` (degrees, reciprocity, clustering) and destroys only its alignment with ``x``.

    References
    ----------
    Krackhardt, D. (1987). QAP partialling as a test of spuriousness. *Social Networks* 9, 171–186.
    Hubert, L. J. (1987). *Assignment Methods in Combinatorial Data Analysis*. Dekker.
    Butts, C. T. (2008). Social network analysis with sna. *J. Statistical Software* 24(6).

    Examples
    --------
    >>> a = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")], actors=list("abcd"))
    >>> b = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], actors=list("abcd"))
    >>> res = qap_correlation(a, b, permutations=200, seed=1)
    >>> round(res.statistic, 4)
    0.5556
    """
    _check_permutations(permutations)
    ids, mats, is_directed = _align([x, y], directed)
    labels = labels or (_label(x, "x"), _label(y, "y"))
    mask = _dyad_mask(len(ids), is_directed)
    xv, yv = mats[0][mask], mats[1][mask]
    xc = xv - xv.mean()
    yc = yv - yv.mean()
    sx, sy = float(np.sqrt(xc @ xc)), float(np.sqrt(yc @ yc))
    for name, s in zip(labels, (sx, sy), strict=True):
        if s == 0.0:
            raise TramasError(
                f"QAP correlation is undefined: {name!r} has the same value in every dyad",
                hint="a relation with no ties (or every possible tie) in this selection "
                "cannot be correlated; check the relation and wave",
                code="qap_constant",
                values={"name": name},
            )
    observed = float(xc @ yc) / (sx * sy)
    # a permutation moves dyads onto dyads, so the mean and spread of y are unchanged:
    # r_perm = (<x, y_perm> - mean(x) * sum(y)) / (sx * sy)
    n = len(ids)
    xd, yd = _Dyads(mats[0], mask), _Dyads(mats[1], mask)
    rng = np.random.default_rng(seed)
    dist = np.empty(permutations)
    for start, stop, batch in _permutation_batches(rng, permutations, n, [xd, yd]):
        cross = _permuted_dot(yd, xd, batch)
        dist[start:stop] = (cross - xv.mean() * yd.total) / (sx * sy)
    pg, pl, p2 = _p_values(dist, observed)
    return QAPCorrelation(
        statistic=observed,
        p_two_sided=p2,
        p_greater=pg,
        p_less=pl,
        permutations=permutations,
        seed=seed,
        n_actors=n,
        n_dyads=int(mask.sum()),
        directed=is_directed,
        null_mean=float(dist.mean()) if permutations else float("nan"),
        null_std=float(dist.std()) if permutations else float("nan"),
        labels=(str(labels[0]), str(labels[1])),
        distribution=dist,
    )


def qap_regression(
    y: MatrixLike,
    x: Sequence[MatrixLike] | MatrixLike,
    *,
    permutations: int = 1000,
    seed: int | None = 42,
    nullhyp: NullHypothesis = "qapspp",
    test_statistic: TestStatistic = "t-value",
    intercept: bool = True,
    directed: bool | None = None,
    labels: Sequence[str] | None = None,
    response: str | None = None,
) -> QAPRegression:
    """Multiple regression of one network on others, with QAP p-values (MRQAP).

    Parameters
    ----------
    y:
        The dependent network (view, labelled square frame or array).
    x:
        One predictor network or a list of them, on the same actors as ``y``.
    permutations, seed:
        Number of permutations per test and the generator's seed.
    nullhyp:
        ``qapspp`` (default, statnet's ``"qap"``): for each term, regress it on the other
        terms, permute the residual matrix and refit (Dekker et al. 2007); robust to
        correlated predictors. ``qapy``: permute the dependent network and refit
        (Krackhardt 1988). With a single term ``qapspp`` falls back to ``qapy``.
    test_statistic:
        ``t-value`` (default, pivotal, as statnet) or ``beta``.
    intercept:
        Fit an intercept (tested like any other term, as statnet does).
    directed:
        All off-diagonal cells (``True``) or each unordered pair once (``False``;
        asymmetric inputs symmetrised first); default directed when any input is
        directed or asymmetric.
    labels:
        Names of the predictors (default: views' relations, else ``x1``, ``x2`` ...).
    response:
        Name of the dependent network.

    Returns
    -------
    QAPRegression

    Notes
    -----
    The model ``y_d = b_0 + sum_k b_k x_{k,d} + e_d`` is fitted by ordinary least squares
    over the dyads ``d``. Estimates are those of ``numpy.linalg.lstsq``; the classical
    standard errors are ``sqrt(s^2 (X'X)^{-1})`` with ``s^2 = RSS / (n_dyads - p)``.
    Only the p-values come from permutations. Under ``qapspp`` the coefficient of term
    ``k`` with its residual ``e_k`` permuted is, by the Frisch–Waugh–Lovell theorem,
    ``b = (M e_k)'(M y) / (M e_k)'(M e_k)`` where ``M`` projects off the other terms;
    this is how the permutations are computed in batches.

    References
    ----------
    Krackhardt, D. (1988). Predicting with networks: nonparametric multiple regression
    analysis of dyadic data. *Social Networks* 10, 359–381.
    Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007). Sensitivity of MRQAP tests to
    collinearity and autocorrelation conditions. *Psychometrika* 72, 563–581.
    Butts, C. T. (2008). Social network analysis with sna. *J. Statistical Software* 24(6).

    Examples
    --------
    >>> k = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], actors=list("abcd"))
    >>> c = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=list("abcd"))
    >>> fit = qap_regression(c, [k], permutations=100, seed=1, labels=["knowledge"])
    >>> round(float(fit.coefficients.loc["knowledge", "estimate"]), 4)
    0.6667
    """
    _check_permutations(permutations)
    if nullhyp not in ("qapspp", "qapy"):
        raise TramasError(
            f"unknown null hypothesis {nullhyp!r}",
            hint="use 'qapspp' or 'qapy'",
            code="qap_null_hypothesis",
            values={"value": nullhyp},
        )
    if test_statistic not in ("t-value", "beta"):
        raise TramasError(
            f"unknown test statistic {test_statistic!r}",
            hint="use 't-value' or 'beta'",
            code="qap_statistic",
            values={"value": test_statistic},
        )
    predictors = list(x) if isinstance(x, list | tuple) else [x]
    if not predictors:
        raise TramasError(
            "qap_regression needs at least one predictor network", code="qap_no_predictor"
        )
    labels = (
        list(labels)
        if labels is not None
        else [_label(p, f"x{i + 1}") for i, p in enumerate(predictors)]
    )
    if len(labels) != len(predictors):
        raise TramasError(
            f"{len(labels)} labels for {len(predictors)} predictors",
            code="qap_labels",
            values={"labels": len(labels), "predictors": len(predictors)},
        )
    if len(set(labels)) != len(labels):
        labels = [f"{lab}_{i + 1}" for i, lab in enumerate(labels)]
    ids, mats, is_directed = _align([y, *predictors], directed)
    n = len(ids)
    mask = _dyad_mask(n, is_directed)
    ymat = mats[0]
    terms = (["intercept"] if intercept else []) + labels
    term_mats = ([np.ones((n, n))] if intercept else []) + mats[1:]
    X = np.column_stack([m[mask] for m in term_mats])
    yv = ymat[mask]
    m_dyads, p = X.shape
    if m_dyads <= p:
        raise TramasError(
            f"too few dyads ({m_dyads}) for {p} terms",
            code="qap_few_dyads",
            values={"dyads": m_dyads, "terms": p},
        )
    if np.linalg.matrix_rank(X) < p:
        raise TramasError(
            "the predictor networks are collinear (one is a combination of the others)",
            hint="drop a predictor, or do not combine a constant network with the intercept",
            code="qap_collinear",
        )
    beta, *_ = np.linalg.lstsq(X, yv, rcond=None)
    resid = yv - X @ beta
    rss = float(resid @ resid)
    df_resid = m_dyads - p
    xtx_inv = np.linalg.inv(X.T @ X)
    se = np.sqrt(np.diag(xtx_inv) * rss / df_resid)
    with np.errstate(divide="ignore", invalid="ignore"):
        tval = beta / se
    observed = tval if test_statistic == "t-value" else beta
    terms_d = [_Dyads(m, mask) for m in term_mats]
    y_d = _Dyads(ymat, mask)
    # total sum of squares about the mean (about zero without an intercept, as R's lm)
    yc = yv - yv.mean() if intercept else yv
    tss = float(yc @ yc)
    r2 = 1.0 - rss / tss if tss > 0 else float("nan")
    adj = 1.0 - (1.0 - r2) * (m_dyads - (1 if intercept else 0)) / df_resid

    rng = np.random.default_rng(seed)
    if nullhyp == "qapspp" and p == 1:
        nullhyp = "qapy"
    if nullhyp == "qapy":
        dist = _dist_qapy(rng, X, y_d, terms_d, n, permutations, test_statistic)
    else:
        dist = _dist_qapspp(rng, X, yv, y_d, terms_d, n, permutations, test_statistic)
    pvals = [_p_values(dist[:, k], float(observed[k])) for k in range(p)]
    coef = pd.DataFrame(
        {
            "estimate": beta,
            "std_error": se,
            "t_value": tval,
            "p_two_sided": [pv[2] for pv in pvals],
            "p_greater": [pv[0] for pv in pvals],
            "p_less": [pv[1] for pv in pvals],
        },
        index=pd.Index(terms, name="term"),
    )
    return QAPRegression(
        coefficients=coef,
        r_squared=float(r2),
        adj_r_squared=float(adj),
        nullhyp=nullhyp,
        test_statistic=test_statistic,
        permutations=permutations,
        seed=seed,
        n_actors=n,
        n_dyads=m_dyads,
        directed=is_directed,
        intercept=intercept,
        response=response or _label(y, "y"),
        distribution=dist,
    )


# ----------------------------------------------------------------------- permutations
class _Dyads:
    """A matrix restricted to the dyads in ``mask``, ready for permuted inner products.

    ``flat`` is the whole matrix (row-major); ``rows``/``cols``/``vals`` list the dyads
    with a non-zero value; ``const`` is the common value when every dyad holds the same.
    """

    def __init__(self, mat: np.ndarray, mask: np.ndarray) -> None:
        self.n = mat.shape[0]
        self.flat = np.ascontiguousarray(mat, dtype=float).ravel()
        values = mat[mask]
        self.total = float(values.sum())
        self.const: float | None = (
            float(values[0]) if len(values) and np.all(values == values[0]) else None
        )
        rows, cols = np.nonzero(mask & (mat != 0))
        self.rows, self.cols = rows, cols
        self.vals = mat[rows, cols]

    @property
    def nnz(self) -> int:
        return 0 if self.const is not None else len(self.vals)


class _Batch:
    """A batch of permutations ``p`` (rows of ``perms``), their inverses and gather indices."""

    def __init__(self, perms: np.ndarray, n: int) -> None:
        self.perms = perms
        self.n = n
        self._inverse: np.ndarray | None = None
        self._index: dict[tuple[int, bool], np.ndarray] = {}

    @property
    def inverse(self) -> np.ndarray:
        if self._inverse is None:
            self._inverse = np.empty_like(self.perms)
            arange = np.arange(self.n, dtype=self.perms.dtype)[None, :]
            np.put_along_axis(self._inverse, self.perms, arange, axis=1)
        return self._inverse

    def __len__(self) -> int:
        return len(self.perms)

    def index(self, fixed: _Dyads, inverse: bool) -> np.ndarray:
        """Flat positions of ``fixed``'s non-zero dyads under each (inverse) permutation."""
        key = (id(fixed), inverse)
        if key not in self._index:
            order = self.inverse if inverse else self.perms
            self._index[key] = order[:, fixed.rows] * self.n + order[:, fixed.cols]
        return self._index[key]


def _permuted_dot(a: _Dyads, b: _Dyads, batch: _Batch) -> np.ndarray:
    """``sum_d a[p(r_d), p(c_d)] * b[r_d, c_d]`` over the dyads, for each permutation ``p``.

    The same sum is ``sum_d a[d] * b[p^-1(r_d), p^-1(c_d)]``: the gather runs over the
    non-zero dyads of whichever matrix is sparser (constant matrices need no gather).
    """
    if a.const is not None:
        return np.full(len(batch), a.const * b.total)
    if b.const is not None:
        return np.full(len(batch), b.const * a.total)
    if len(b.vals) <= len(a.vals):
        return a.flat[batch.index(b, inverse=False)] @ b.vals
    return b.flat[batch.index(a, inverse=True)] @ a.vals


def _permutation_batches(rng: np.random.Generator, total: int, n: int, matrices: Sequence[_Dyads]):
    """Yield ``(start, stop, batch)`` with batches sized to bound memory."""
    widest = max([m.nnz for m in matrices] + [1])
    size = max(1, _BATCH_CELLS // (widest * max(1, len(matrices))))
    dtype = np.int32 if n * n < 2**31 else np.int64
    for start in range(0, total, size):
        stop = min(total, start + size)
        perms = rng.permuted(np.tile(np.arange(n, dtype=dtype), (stop - start, 1)), axis=1)
        yield start, stop, _Batch(perms, n)


def _dist_qapy(
    rng: np.random.Generator,
    X: np.ndarray,
    y_d: _Dyads,
    terms: list[_Dyads],
    n: int,
    permutations: int,
    test_statistic: str,
) -> np.ndarray:
    """Refit on ``P y P'``. X is fixed: only ``X'y_perm`` changes, and ``y'y`` does not."""
    m, p = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    yty = float(np.sum(y_d.vals**2)) if y_d.const is None else y_d.const**2 * m
    dist = np.empty((permutations, p))
    for start, stop, batch in _permutation_batches(rng, permutations, n, [y_d, *terms]):
        xty = np.stack([_permuted_dot(y_d, t, batch) for t in terms])  # (p, B)
        beta = xtx_inv @ xty
        if test_statistic == "beta":
            dist[start:stop] = beta.T
            continue
        rss = np.maximum(yty - np.einsum("kb,kb->b", beta, xty), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            dist[start:stop] = (beta / np.sqrt(np.outer(np.diag(xtx_inv), rss / (m - p)))).T
    return dist


def _dist_qapspp(
    rng: np.random.Generator,
    X: np.ndarray,
    yv: np.ndarray,
    y_d: _Dyads,
    terms: list[_Dyads],
    n: int,
    permutations: int,
    test_statistic: str,
) -> np.ndarray:
    """Dekker et al.'s semi-partialling: permute each term's residual on the other terms.

    With ``e = x_k - X_o c`` the residual of term ``k`` on the other terms ``X_o`` and
    ``e_p`` its relabelled matrix, the refitted coefficient is (Frisch–Waugh–Lovell)
    ``b = e_p' r_y / (e'e - g' (X_o'X_o)^-1 g)`` with ``r_y`` the residual of y on ``X_o``
    and ``g = X_o' e_p``. Since ``e_p = x_k,p - sum_j c_j x_j,p``, every product reduces
    to the permuted inner products ``x_j,p' x_i`` and ``x_j,p' y``, computed once per
    batch. The same relabellings serve every term.
    """
    m, p = X.shape
    fits = []
    for k in range(p):
        others = [j for j in range(p) if j != k]
        Xo = X[:, others]
        gram_inv = np.linalg.inv(Xo.T @ Xo)
        c = gram_inv @ (Xo.T @ X[:, k])
        e = X[:, k] - Xo @ c
        c_y = gram_inv @ (Xo.T @ yv)
        r_y = yv - Xo @ c_y
        coef = np.zeros(p)
        coef[k], coef[others] = 1.0, -c  # e = sum_j coef_j x_j
        fits.append((others, gram_inv, coef, float(e @ e), c_y, float(r_y @ r_y)))
    dist = np.empty((permutations, p))
    for start, stop, batch in _permutation_batches(rng, permutations, n, [y_d, *terms]):
        # cross[j, i] = x_j,p' x_i ; with_y[j] = x_j,p' y   (each of shape B)
        cross = np.stack([np.stack([_permuted_dot(a, b, batch) for b in terms]) for a in terms])
        with_y = np.stack([_permuted_dot(a, y_d, batch) for a in terms])
        for k, (others, gram_inv, coef, ee, c_y, ryy) in enumerate(fits):
            g = np.einsum("j,jib->ib", coef, cross[:, others])  # X_o' e_p, (p-1, B)
            num = coef @ with_y - c_y @ g
            den = ee - np.einsum("ib,ij,jb->b", g, gram_inv, g)
            with np.errstate(divide="ignore", invalid="ignore"):
                b = num / den
                if test_statistic == "beta":
                    dist[start:stop, k] = b
                    continue
                rss = np.maximum(ryy - num * b, 0.0)
                dist[start:stop, k] = b / np.sqrt(rss / (m - p) / den)
    return dist


def _p_values(dist: np.ndarray, observed: float) -> tuple[float, float, float]:
    """(P(d >= obs), P(d <= obs), P(|d| >= |obs|)) with a tolerance for rounding."""
    if len(dist) == 0 or not np.isfinite(observed):
        return float("nan"), float("nan"), float("nan")
    tol = _RTOL * max(1.0, abs(observed))
    d = dist[np.isfinite(dist)]
    if len(d) == 0:
        return float("nan"), float("nan"), float("nan")
    return (
        float(np.mean(d >= observed - tol)),
        float(np.mean(d <= observed + tol)),
        float(np.mean(np.abs(d) >= abs(observed) - tol)),
    )


# ----------------------------------------------------------------------- inputs
def _align(
    objs: Sequence[MatrixLike], directed: bool | None
) -> tuple[pd.Index, list[np.ndarray], bool]:
    """Matrices of the inputs in one actor order, and whether to treat them as directed."""
    ids: pd.Index | None = None
    for obj in objs:
        labelled = _ids_of(obj)
        if labelled is None:
            continue
        if ids is None:
            ids = labelled
        elif set(labelled) != set(ids):
            only_a = sorted(set(ids) - set(labelled))[:5]
            only_b = sorted(set(labelled) - set(ids))[:5]
            raise TramasError(
                f"QAP needs the same actors in every network (only in one: {only_a + only_b})",
                hint="build the views from the same network with the same actor selection "
                "(e.g. network.view(rel, wave=w, actors=ids))",
                code="qap_same_actors",
                values={"ids": str(only_a + only_b)},
            )
    mats: list[np.ndarray] = []
    any_directed = False
    for obj in objs:
        if isinstance(obj, NetworkView):
            mat = adjacency_matrix(obj, ids).to_numpy()
            any_directed |= obj.directed
        elif isinstance(obj, pd.DataFrame):
            frame = obj.set_axis(obj.index.astype(str), axis=0).set_axis(
                obj.columns.astype(str), axis=1
            )
            if set(frame.index) != set(frame.columns):
                raise TramasError(
                    "a matrix's row and column labels differ", code="qap_labels_differ"
                )
            mat = frame.loc[ids, ids].to_numpy(dtype=float)
            any_directed |= not np.allclose(mat, mat.T, equal_nan=True)
        else:
            mat = np.asarray(obj, dtype=float)
            if mat.ndim != 2 or mat.shape[0] != mat.shape[1]:
                raise TramasError(
                    f"QAP needs square matrices, got shape {mat.shape}",
                    code="qap_square",
                    values={"shape": str(mat.shape)},
                )
            any_directed |= not np.allclose(mat, mat.T, equal_nan=True)
        if np.isnan(mat).any():
            raise TramasError(
                "a matrix holds missing values (NaN)", hint="fill them with 0", code="qap_nan"
            )
        mats.append(mat)
    is_directed = any_directed if directed is None else bool(directed)
    if not is_directed:  # one value per unordered pair, whatever the actor order
        mats = [_symmetrize(m) for m in mats]
    sizes = {m.shape[0] for m in mats}
    if len(sizes) != 1:
        raise TramasError(
            f"QAP needs matrices of one size, got {sorted(sizes)}",
            code="qap_sizes",
            values={"sizes": str(sorted(sizes))},
        )
    n = sizes.pop()
    if n < 3:
        raise TramasError(
            f"QAP needs at least 3 actors, got {n}", code="qap_few_actors", values={"n": n}
        )
    if ids is None:
        ids = pd.Index([str(i) for i in range(n)])
    return ids, mats, is_directed


def _ids_of(obj: MatrixLike) -> pd.Index | None:
    if isinstance(obj, NetworkView):
        return pd.Index([str(i) for i in obj.ids])
    if isinstance(obj, pd.DataFrame):
        return pd.Index([str(i) for i in obj.index])
    return None


def _symmetrize(mat: np.ndarray) -> np.ndarray:
    """Symmetric copy by the ``union`` rule: the mean of a pair's non-zero cells, 0 if none.

    Symmetric input is returned unchanged (diagonal dropped); the rule does not depend
    on which cell of a pair comes first, so relabelling the actors commutes with it.
    """
    out = mat.copy()
    np.fill_diagonal(out, 0.0)
    if np.array_equal(out, out.T):
        return out
    both = (out != 0) & (out.T != 0)
    return np.where(both, (out + out.T) / 2.0, out + out.T)


def _dyad_mask(n: int, directed: bool) -> np.ndarray:
    return ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), k=1)


def _label(obj: MatrixLike, default: str) -> str:
    if isinstance(obj, NetworkView) and obj.relations:
        rel = "+".join(obj.relations)
        return f"{rel} ({obj.wave})" if obj.wave else rel
    return default


def _check_permutations(permutations: int) -> None:
    if int(permutations) != permutations or permutations < 0:
        raise TramasError(
            f"permutations must be a whole number >= 0, got {permutations!r}",
            code="permutations",
            values={"value": repr(permutations)},
        )


def _json_float(value: float) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None
