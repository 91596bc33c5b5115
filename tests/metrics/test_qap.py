"""QAP correlation and regression: hand-computed cases, numpy cross-checks, invariances."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tramas.exceptions import TramasError
from tramas.graph import Network, NetworkView, Relation
from tramas.metrics.qap import adjacency_matrix, qap_correlation, qap_regression

ABCD = list("abcd")


def _random_matrix(rng: np.random.Generator, n: int, *, symmetric: bool, p: float = 0.3):
    m = (rng.random((n, n)) < p) * rng.integers(1, 4, (n, n)).astype(float)
    np.fill_diagonal(m, 0)
    if symmetric:
        m = np.triu(m, 1) + np.triu(m, 1).T
    return m


def _offdiag(m: np.ndarray, directed: bool) -> np.ndarray:
    n = len(m)
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)
    return m[mask]


# ----------------------------------------------------------------- adjacency
@pytest.mark.parametrize("directed", [True, False])
def test_adjacency_matrix_matches_networkx(directed):
    edges = [("a", "b", 2.0), ("b", "c", 1.0), ("c", "a", 3.0), ("d", "a", 1.5)]
    view = NetworkView.from_edges(edges, directed=directed, actors=list("abcde"))
    ours = adjacency_matrix(view)
    G = view.to_networkx()
    ref = nx.to_numpy_array(G, nodelist=list("abcde"), weight="weight")
    np.testing.assert_allclose(ours.to_numpy(), ref)
    assert list(ours.index) == list("abcde")


def test_adjacency_matrix_unweighted_counts_edges_and_reorders():
    view = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=ABCD)
    mat = adjacency_matrix(view, ids=["c", "b", "a", "d"])
    assert mat.loc["a", "b"] == 1.0 and mat.loc["b", "c"] == 1.0
    assert mat.to_numpy().sum() == 2.0
    assert list(mat.columns) == ["c", "b", "a", "d"]


# ----------------------------------------------------------------- correlation
def test_correlation_hand_computed_directed():
    # 12 ordered dyads; x and y have 3 ties each, 2 in common:
    # phi = (n11 * n - nx * ny) / sqrt(nx (n - nx) ny (n - ny)) = (24 - 9) / 27
    x = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")], actors=ABCD)
    y = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], actors=ABCD)
    res = qap_correlation(x, y, permutations=500, seed=3)
    assert res.statistic == pytest.approx(15 / 27)
    assert res.n_dyads == 12 and res.directed is True and res.n_actors == 4


def test_correlation_hand_computed_undirected():
    # 6 unordered dyads; 3 ties each, 2 shared: (2*6 - 9) / sqrt(3*3*3*3) = 1/3
    x = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")], directed=False, actors=ABCD)
    y = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], directed=False, actors=ABCD)
    res = qap_correlation(x, y, permutations=200)
    assert res.statistic == pytest.approx(1 / 3)
    assert res.n_dyads == 6 and res.directed is False


def test_correlation_exact_permutation_distribution_small_case():
    # with 4 actors there are 24 relabellings; the undirected case has few distinct values.
    # The triangle abc vs the path abc-d: the exact null is the share of relabellings that
    # map the path onto 0, 1, 2 or 3 triangle edges. With many permutations the Monte Carlo
    # p-value approaches the exact one.
    import itertools

    x = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]], float)
    y = np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], float)
    mask = np.triu(np.ones((4, 4), bool), 1)
    observed = np.corrcoef(x[mask], y[mask])[0, 1]
    exact = []
    for perm in itertools.permutations(range(4)):
        p = np.array(perm)
        exact.append(np.corrcoef(x[mask], y[p][:, p][mask])[0, 1])
    exact = np.array(exact)
    res = qap_correlation(x, y, permutations=20000, seed=11)
    assert res.statistic == pytest.approx(observed)
    assert res.p_greater == pytest.approx(np.mean(exact >= observed - 1e-12), abs=0.015)
    assert res.p_less == pytest.approx(np.mean(exact <= observed + 1e-12), abs=0.015)
    assert res.null_mean == pytest.approx(exact.mean(), abs=0.01)


@pytest.mark.parametrize("directed", [True, False])
def test_correlation_equals_numpy_pearson(directed):
    rng = np.random.default_rng(7)
    x = _random_matrix(rng, 12, symmetric=not directed)
    y = _random_matrix(rng, 12, symmetric=not directed)
    res = qap_correlation(x, y, permutations=50)
    expected = np.corrcoef(_offdiag(x, directed), _offdiag(y, directed))[0, 1]
    assert res.statistic == pytest.approx(expected)
    assert res.directed is directed


def test_correlation_distribution_matches_brute_force():
    rng = np.random.default_rng(5)
    x = _random_matrix(rng, 9, symmetric=False)
    y = _random_matrix(rng, 9, symmetric=False)
    res = qap_correlation(x, y, permutations=40, seed=99)
    draw = np.random.default_rng(99)
    perms = draw.permuted(np.tile(np.arange(9), (40, 1)), axis=1)
    brute = [np.corrcoef(_offdiag(x, True), _offdiag(y[p][:, p], True))[0, 1] for p in perms]
    np.testing.assert_allclose(res.distribution, brute)


def test_views_are_aligned_by_actor_id():
    x = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a")], actors=ABCD)
    y = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "d")], actors=["d", "c", "b", "a"])
    assert qap_correlation(x, y, permutations=10).statistic == pytest.approx(15 / 27)
    frame = adjacency_matrix(y).loc[["b", "d", "a", "c"], ["b", "d", "a", "c"]]
    assert qap_correlation(x, frame, permutations=10).statistic == pytest.approx(15 / 27)


def test_dataframe_input_is_not_mutated():
    frame = pd.DataFrame(np.eye(4)[::-1], index=[1, 2, 3, 4], columns=[1, 2, 3, 4])
    other = frame.copy()
    other.iloc[0, 1] = 1
    qap_correlation(frame, other, permutations=5)
    assert list(frame.index) == [1, 2, 3, 4]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), directed=st.booleans())
def test_relabelling_both_networks_leaves_statistics_unchanged(seed, directed):
    rng = np.random.default_rng(seed)
    n = 8
    x = _random_matrix(rng, n, symmetric=not directed, p=0.4)
    z = _random_matrix(rng, n, symmetric=not directed, p=0.4)
    y = x + 0.5 * z + rng.normal(0, 0.3, (n, n))
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    np.fill_diagonal(y, 0)
    p = rng.permutation(n)
    xp, yp, zp = x[p][:, p], y[p][:, p], z[p][:, p]
    a = qap_correlation(x, y, permutations=0, directed=directed)
    b = qap_correlation(xp, yp, permutations=0, directed=directed)
    assert a.statistic == pytest.approx(b.statistic)
    fa = qap_regression(y, [x, z], permutations=0, directed=directed)
    fb = qap_regression(yp, [xp, zp], permutations=0, directed=directed)
    np.testing.assert_allclose(fa.coefficients["estimate"], fb.coefficients["estimate"], atol=1e-9)
    assert fa.r_squared == pytest.approx(fb.r_squared)


def test_p_values_small_when_related_large_when_independent():
    rng = np.random.default_rng(1)
    n = 25
    x = _random_matrix(rng, n, symmetric=False, p=0.2)
    y = x + rng.normal(0, 0.5, (n, n))
    np.fill_diagonal(y, 0)
    related = qap_correlation(x, y, permutations=500)
    assert related.p_greater < 0.01 and related.p_two_sided < 0.01
    assert related.p_less > 0.99
    independent = qap_correlation(x, _random_matrix(rng, n, symmetric=False), permutations=500)
    assert independent.p_two_sided > 0.05
    for res in (related, independent):
        for pv in (res.p_greater, res.p_less, res.p_two_sided):
            assert 0.0 <= pv <= 1.0
        assert res.p_greater + res.p_less >= 1.0 - 1e-12  # ties count on both sides


def test_same_seed_same_p_values_and_permutation_count():
    rng = np.random.default_rng(2)
    x, y = _random_matrix(rng, 10, symmetric=False), _random_matrix(rng, 10, symmetric=False)
    a = qap_correlation(x, y, permutations=300, seed=5)
    b = qap_correlation(x, y, permutations=300, seed=5)
    assert (a.p_two_sided, a.p_greater, a.p_less) == (b.p_two_sided, b.p_greater, b.p_less)
    np.testing.assert_array_equal(a.distribution, b.distribution)
    assert len(a.distribution) == 300 and a.permutations == 300 and a.seed == 5
    c = qap_correlation(x, y, permutations=300, seed=6)
    assert not np.array_equal(a.distribution, c.distribution)


def test_correlation_of_two_relations_of_a_network():
    actors = pd.DataFrame({"name": list("ABCDE")}, index=list("abcde"))
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "c", "a", "b", "d"],
            "target": ["b", "c", "d", "b", "c", "e"],
            "relation": ["knowledge"] * 3 + ["cooperation"] * 3,
            "wave": ["2023"] * 6,
        }
    )
    net = Network(
        actors=actors,
        ties=ties,
        relations={
            "knowledge": Relation("knowledge", directed=True),
            "cooperation": Relation("cooperation", directed=False),
        },
    )
    res = qap_correlation(
        net.view("knowledge", directed=False), net.view("cooperation"), permutations=100
    )
    # undirected, 10 dyads: knowledge ab bc cd, cooperation ab bc de -> (2*10-9)/(3*7)
    assert res.statistic == pytest.approx(11 / 21)
    assert res.labels == ("knowledge (2023)", "cooperation (2023)")
    assert res.to_dict()["correlation"] == pytest.approx(11 / 21)


# ----------------------------------------------------------------- regression
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("intercept", [True, False])
def test_regression_estimates_equal_lstsq(directed, intercept):
    rng = np.random.default_rng(3)
    n = 10
    x1 = _random_matrix(rng, n, symmetric=not directed)
    x2 = _random_matrix(rng, n, symmetric=not directed)
    y = 0.5 + 2 * x1 - x2 + rng.normal(0, 1, (n, n))
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    fit = qap_regression(y, [x1, x2], permutations=20, intercept=intercept, directed=directed)
    cols = [_offdiag(x1, directed), _offdiag(x2, directed)]
    X = np.column_stack(([np.ones_like(cols[0])] if intercept else []) + cols)
    yv = _offdiag(y, directed)
    beta, *_ = np.linalg.lstsq(X, yv, rcond=None)
    np.testing.assert_allclose(fit.coefficients["estimate"], beta)
    resid = yv - X @ beta
    s2 = resid @ resid / (len(yv) - X.shape[1])
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ X)) * s2)
    np.testing.assert_allclose(fit.coefficients["std_error"], se)
    np.testing.assert_allclose(fit.coefficients["t_value"], beta / se)
    tss = ((yv - yv.mean()) ** 2).sum() if intercept else (yv**2).sum()
    assert fit.r_squared == pytest.approx(1 - resid @ resid / tss)
    expected_terms = (["intercept"] if intercept else []) + ["x1", "x2"]
    assert list(fit.coefficients.index) == expected_terms


def _brute_netlm(y, xs, perms_per_term, nullhyp, directed=True):
    """Plain re-implementation of statnet's netlm loops with per-permutation lstsq."""
    n = len(y)
    mats = [np.ones((n, n))] + list(xs)
    X = np.column_stack([_offdiag(m, directed) for m in mats])
    p = X.shape[1]

    def tvals(Xd, yd):
        b, *_ = np.linalg.lstsq(Xd, yd, rcond=None)
        r = yd - Xd @ b
        s2 = r @ r / (len(yd) - Xd.shape[1])
        return b / np.sqrt(np.diag(np.linalg.inv(Xd.T @ Xd)) * s2)

    if nullhyp == "qapy":
        return np.array([tvals(X, _offdiag(y[pm][:, pm], directed)) for pm in perms_per_term[0]])
    out = np.empty((len(perms_per_term[0]), p))
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)
    for k in range(p):
        others = np.delete(X, k, axis=1)
        b, *_ = np.linalg.lstsq(others, X[:, k], rcond=None)
        e = X[:, k] - others @ b
        emat = np.zeros((n, n))
        emat[mask] = e
        if not directed:
            emat = emat + emat.T
        for j, pm in enumerate(perms_per_term[k]):
            Xr = np.column_stack([others, _offdiag(emat[pm][:, pm], directed)])
            out[j, k] = tvals(Xr, _offdiag(y, directed))[-1]
    return out


@pytest.mark.parametrize("nullhyp", ["qapy", "qapspp"])
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("dense", [False, True])
def test_regression_permutation_distribution_matches_brute_force(nullhyp, directed, dense):
    rng = np.random.default_rng(4)
    n = 8
    x1 = _random_matrix(rng, n, symmetric=not directed, p=0.5)
    if dense:  # e.g. a distance matrix: every dyad non-zero
        x2 = rng.random((n, n)) + 0.3 * x1
        x2 = x2 if directed else np.triu(x2, 1) + np.triu(x2, 1).T
    else:  # correlated sparse predictors
        x2 = 0.5 * x1 + _random_matrix(rng, n, symmetric=not directed, p=0.5)
    y = x1 + rng.normal(0, 1, (n, n))
    if not directed:
        y = np.triu(y, 1) + np.triu(y, 1).T
    fit = qap_regression(y, [x1, x2], permutations=30, seed=8, nullhyp=nullhyp, directed=directed)
    # one set of relabellings serves every term (statnet draws one per term: same law)
    perms = np.random.default_rng(8).permuted(np.tile(np.arange(n), (30, 1)), axis=1)
    perms = [perms] * (1 if nullhyp == "qapy" else 3)
    brute = _brute_netlm(y, [x1, x2], perms, nullhyp, directed=directed)
    np.testing.assert_allclose(fit.distribution, brute, rtol=1e-7, atol=1e-9)
    assert fit.nullhyp == nullhyp


def test_regression_p_values_detect_the_true_predictor():
    rng = np.random.default_rng(9)
    n = 20
    knowledge = _random_matrix(rng, n, symmetric=False, p=0.2)
    trade = _random_matrix(rng, n, symmetric=False, p=0.2)
    cooperation = 1.5 * knowledge + rng.normal(0, 0.7, (n, n))
    for nullhyp in ("qapspp", "qapy"):
        fit = qap_regression(
            cooperation,
            [knowledge, trade],
            permutations=300,
            nullhyp=nullhyp,
            labels=["knowledge", "trade"],
            response="cooperation",
        )
        coef = fit.coefficients
        assert coef.loc["knowledge", "p_two_sided"] < 0.01
        assert coef.loc["trade", "p_two_sided"] > 0.05
        assert (
            (
                (coef[["p_two_sided", "p_greater", "p_less"]] >= 0)
                & (coef[["p_two_sided", "p_greater", "p_less"]] <= 1)
            )
            .all()
            .all()
        )
    record = fit.to_dict()
    assert record["response"] == "cooperation"
    assert [r["term"] for r in record["coefficients"]] == ["intercept", "knowledge", "trade"]


def test_regression_single_predictor_falls_back_to_qapy_and_beta_statistic():
    rng = np.random.default_rng(10)
    x = _random_matrix(rng, 9, symmetric=False)
    y = x + rng.normal(0, 1, (9, 9))
    fit = qap_regression(y, x, permutations=50, intercept=False, test_statistic="beta")
    assert fit.nullhyp == "qapy" and fit.test_statistic == "beta"
    # beta under qapy: distribution of pinv(X) @ y_perm
    draw = np.random.default_rng(42)
    perms = draw.permuted(np.tile(np.arange(9), (50, 1)), axis=1)
    xv = _offdiag(x, True)
    brute = [(xv @ _offdiag(y[p][:, p], True)) / (xv @ xv) for p in perms]
    np.testing.assert_allclose(fit.distribution[:, 0], brute)


# ----------------------------------------------------------------- errors
def test_errors_are_explained():
    x = NetworkView.from_edges([("a", "b"), ("b", "c")], actors=ABCD)
    other = NetworkView.from_edges([("a", "b"), ("b", "e")], actors=list("abce"))
    with pytest.raises(TramasError, match="same actors"):
        qap_correlation(x, other)
    empty = NetworkView.from_edges([], actors=ABCD)
    with pytest.raises(TramasError, match="same value in every dyad"):
        qap_correlation(x, empty)
    with pytest.raises(TramasError, match="collinear"):
        qap_regression(x, [x, x], permutations=5)
    with pytest.raises(TramasError, match="null hypothesis"):
        qap_regression(x, [x], nullhyp="qapx")  # type: ignore[arg-type]
    with pytest.raises(TramasError, match="square"):
        qap_correlation(np.zeros((3, 4)), np.zeros((3, 4)))
    with pytest.raises(TramasError, match="permutations"):
        qap_correlation(x, x, permutations=-1)


# ----------------------------------------------------------------- undirected, asymmetric
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_undirected_asymmetric_input_does_not_depend_on_actor_order(seed):
    # directed=False on asymmetric matrices: each pair is symmetrised first (union rule),
    # so relabelling the actors leaves correlation and regression unchanged
    rng = np.random.default_rng(seed)
    n = 9
    x = _random_matrix(rng, n, symmetric=False, p=0.4)
    y = _random_matrix(rng, n, symmetric=False, p=0.4)
    z = _random_matrix(rng, n, symmetric=False, p=0.4)
    p = rng.permutation(n)
    a = qap_correlation(x, y, permutations=0, directed=False)
    b = qap_correlation(x[p][:, p], y[p][:, p], permutations=0, directed=False)
    assert a.statistic == pytest.approx(b.statistic, abs=1e-12)
    fa = qap_regression(y, [x, z], permutations=0, directed=False)
    fb = qap_regression(y[p][:, p], [x[p][:, p], z[p][:, p]], permutations=0, directed=False)
    np.testing.assert_allclose(fa.coefficients["estimate"], fb.coefficients["estimate"], atol=1e-9)


def _union(m: np.ndarray) -> np.ndarray:
    """Reference union rule: mean of a pair's non-zero cells."""
    n = len(m)
    out = np.zeros_like(m)
    for i in range(n):
        for j in range(n):
            if i != j:
                vals = [v for v in (m[i, j], m[j, i]) if v != 0]
                out[i, j] = np.mean(vals) if vals else 0.0
    return out


def test_undirected_asymmetric_input_is_symmetrised_by_the_union_rule():
    rng = np.random.default_rng(12)
    x = _random_matrix(rng, 10, symmetric=False, p=0.4)
    y = _random_matrix(rng, 10, symmetric=False, p=0.4)
    res = qap_correlation(x, y, permutations=0, directed=False)
    expected = np.corrcoef(_offdiag(_union(x), False), _offdiag(_union(y), False))[0, 1]
    assert res.statistic == pytest.approx(expected, abs=1e-12)
    assert res.n_dyads == 45 and res.directed is False
    # the same as the undirected views tramas builds (union of the two directions)
    ids = [str(i) for i in range(10)]
    frames = [pd.DataFrame(_union(m), index=ids, columns=ids) for m in (x, y)]
    assert qap_correlation(*frames, permutations=0).statistic == pytest.approx(res.statistic)


def test_symmetric_input_agrees_with_statnet_lower_triangle():
    # statnet's mode="graph" reads the lower triangle; on symmetric data every convention agrees
    rng = np.random.default_rng(13)
    x = _random_matrix(rng, 11, symmetric=True)
    y = _random_matrix(rng, 11, symmetric=True)
    lower = np.tril(np.ones((11, 11), dtype=bool), -1)
    expected = np.corrcoef(x[lower], y[lower])[0, 1]
    assert qap_correlation(x, y, permutations=0).statistic == pytest.approx(expected, abs=1e-13)


def test_directed_view_analysed_as_undirected_matches_the_undirected_view():
    ties = [("a", "b"), ("b", "a"), ("c", "a"), ("d", "c"), ("b", "d")]
    other = [("a", "b"), ("c", "b"), ("a", "d"), ("d", "c")]
    x = NetworkView.from_edges(ties, actors=ABCD)
    y = NetworkView.from_edges(other, actors=ABCD)
    xu = NetworkView.from_edges(
        [("a", "b"), ("c", "a"), ("d", "c"), ("b", "d")], directed=False, actors=ABCD
    )
    yu = NetworkView.from_edges(
        [("a", "b"), ("c", "b"), ("a", "d"), ("d", "c")], directed=False, actors=ABCD
    )
    got = qap_correlation(x, y, permutations=0, directed=False).statistic
    assert got == pytest.approx(qap_correlation(xu, yu, permutations=0).statistic)
    reordered = NetworkView.from_edges(other, actors=["d", "c", "b", "a"])
    assert qap_correlation(x, reordered, permutations=0, directed=False).statistic == pytest.approx(
        got
    )
