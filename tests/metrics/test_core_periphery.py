"""Borgatti–Everett core–periphery: ideal structures, dense cross-checks of the fit."""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from tramas.exceptions import TramasError
from tramas.graph import NetworkView
from tramas.metrics import continuous_coreness, core_periphery, discrete_core
from tramas.metrics.core_periphery import PATTERNS


def core_periphery_view(core: int = 5, periphery: int = 10, seed: int = 0) -> NetworkView:
    """A complete core; each peripheral actor tied to two core members, not to each other."""
    rng = np.random.default_rng(seed)
    cores = [f"c{i}" for i in range(core)]
    edges = [(a, b) for i, a in enumerate(cores) for b in cores[i + 1 :]]
    for j in range(periphery):
        for c in rng.choice(cores, 2, replace=False):
            edges.append((f"p{j}", str(c)))
    return NetworkView.from_edges(edges, directed=False)


def dense(view: NetworkView) -> np.ndarray:
    a = np.zeros((view.n_actors, view.n_actors))
    for s, t in view.graph.get_edgelist():
        a[s, t] = a[t, s] = 1.0
    return a


def offdiag_corr(a: np.ndarray, pattern: np.ndarray) -> float:
    mask = ~np.eye(len(a), dtype=bool)
    return float(np.corrcoef(a[mask], pattern[mask])[0, 1])


def test_ideal_structure_recovers_the_core():
    v = core_periphery_view()
    cp = core_periphery(v)
    assert sorted(cp.core[cp.core].index) == [f"c{i}" for i in range(5)]
    assert cp.core_size == 5
    c = cp.coreness
    assert c[[f"c{i}" for i in range(5)]].min() > c[[f"p{j}" for j in range(10)]].max()
    assert c.max() == pytest.approx(1.0)


def pattern_fit(a: np.ndarray, core: np.ndarray, pattern: str) -> float:
    """Dense reference: correlation of ``a`` with the ideal pattern over the counted cells."""
    x = np.asarray(core, dtype=bool)
    n = len(a)
    mask = ~np.eye(n, dtype=bool)
    ideal = np.outer(x, x).astype(float)
    cross = np.outer(x, ~x) | np.outer(~x, x)
    if pattern == "tied":
        ideal[cross] = 1.0
    elif pattern == "missing":
        mask &= ~cross
    xs, ys = a[mask], ideal[mask]
    if xs.std() == 0 or ys.std() == 0:
        return -np.inf
    return float(np.corrcoef(xs, ys)[0, 1])


def brute_force(a: np.ndarray, pattern: str) -> float:
    """The best fit over all 2^n partitions, one dense correlation each."""
    n = len(a)
    return max(
        pattern_fit(a, [(bits >> i) & 1 for i in range(n)], pattern) for bits in range(1 << n)
    )


def test_fits_equal_dense_correlations():
    v = core_periphery_view(seed=3)
    a = dense(v)
    c, fit, info = continuous_coreness(v)
    assert info["converged"]
    cv = c.to_numpy()
    assert fit == pytest.approx(offdiag_corr(a, np.outer(cv, cv)), abs=1e-9)
    for pattern in PATTERNS:
        core, dfit = discrete_core(v, c, pattern=pattern, exhaustive_max=0)
        assert dfit == pytest.approx(pattern_fit(a, core.to_numpy(), pattern), abs=1e-9)


def test_continuous_solution_minimises_the_squared_residual():
    v = core_periphery_view(core=4, periphery=8, seed=5)
    a = dense(v)
    mask = ~np.eye(len(a), dtype=bool)

    def loss(c: np.ndarray) -> float:
        return float(((a - np.outer(c, c))[mask] ** 2).sum())

    c, _, _ = continuous_coreness(v)
    # undo the max-1 scaling: the least-squares c has c_i c_j ~ a_ij
    best = minimize(loss, np.full(len(a), 0.5), method="BFGS").x
    scale = np.sqrt(np.dot(np.abs(best), np.abs(best)) / np.dot(c, c))
    assert loss(c.to_numpy() * scale) == pytest.approx(loss(best), rel=1e-4)
    assert np.corrcoef(c, np.abs(best))[0, 1] > 0.999


@pytest.mark.parametrize("pattern", PATTERNS)
def test_discrete_core_beats_every_single_move(pattern):
    # 20 actors: solved by the local search (exhaustive_max=0) and checked by hand moves
    v = core_periphery_view(core=6, periphery=14, seed=8)
    a = dense(v)
    core, fit = discrete_core(v, pattern=pattern, exhaustive_max=0)
    x = core.to_numpy()
    assert fit == pytest.approx(pattern_fit(a, x, pattern), abs=1e-9)
    for i in range(len(x)):
        y = x.copy()
        y[i] = not y[i]
        assert pattern_fit(a, y, pattern) <= fit + 1e-12


def test_directed_views_of_symmetric_ties_give_the_undirected_core():
    und = core_periphery_view(seed=2)
    directed = NetworkView.from_edges(und.edges()[["source", "target"]].itertuples(index=False))
    assert core_periphery(directed).core.equals(core_periphery(und).core)


def test_isolates_and_empty_networks():
    v = NetworkView.from_edges(
        [("a", "b"), ("b", "c"), ("a", "c")], directed=False, actors=list("abcz")
    )
    cp = core_periphery(v)
    assert cp.coreness["z"] == 0.0
    assert not cp.core["z"]
    empty = NetworkView.from_edges([], actors=["a", "b"])
    e = core_periphery(empty)
    assert e.coreness.tolist() == [0.0, 0.0]
    assert e.core_size == 0
    assert e.fit_continuous == 0.0


# ------------------------------------------------------- Borgatti–Everett patterns, optimum
def padgett() -> tuple[NetworkView, np.ndarray]:
    G = nx.florentine_families_graph()
    v = NetworkView.from_edges(list(G.edges()), directed=False)
    return v, dense(v)


# the 10 organisations of Knoke & Wood's information network (UCINET's KNOKI), row sends
KNOKI_NAMES = ["COUN", "COMM", "EDUC", "INDU", "MAYR", "WRO", "NEWS", "UWAY", "WELF", "WEST"]
KNOKI = """
0 1 0 0 1 0 1 0 1 0
1 0 1 1 1 0 1 1 1 0
0 1 0 1 1 1 1 0 0 1
1 1 0 0 1 0 1 0 0 0
1 1 1 1 0 1 1 1 1 1
0 0 1 0 0 0 1 0 1 0
0 1 0 1 1 0 0 0 0 0
1 1 0 1 1 0 1 0 1 0
0 1 0 0 1 0 1 0 0 0
1 1 1 0 1 0 1 0 0 0
"""


def matrix_view(a: np.ndarray, directed: bool, names: list[str] | None = None) -> NetworkView:
    n = len(a)
    names = names or [f"v{i:02d}" for i in range(n)]
    edges = [
        (names[i], names[j], float(a[i, j]))
        for i in range(n)
        for j in range(n)
        if a[i, j] and i != j and (directed or i < j)
    ]
    v = NetworkView.from_edges(edges, directed=directed, actors=names)
    assert list(v.ids) == names
    return v


def test_default_pattern_is_missing_and_stated():
    v, _ = padgett()
    cp = core_periphery(v)
    assert cp.pattern == "missing"
    assert cp.parameters["pattern"] == "missing"
    assert cp.parameters["search"] == "exhaustive"
    assert core_periphery(v, pattern="tied").pattern == "tied"
    with pytest.raises(TramasError, match="pattern"):
        core_periphery(v, pattern="empty")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pattern", "fit", "core"),
    [
        # optima checked by scoring all 2^15 partitions with dense correlations (see below)
        ("missing", 0.4225771273642589, ["Medici", "Ridolfi", "Tornabuoni"]),
        ("tied", 0.3298529395717715, ["Guadagni", "Medici", "Strozzi"]),
        ("absent", 0.403029967967909, ["Bischeri", "Castellani", "Peruzzi", "Strozzi"]),
    ],
)
def test_padgett_marriage_optimum(pattern, fit, core):
    v, a = padgett()
    exact, exact_fit = discrete_core(v, pattern=pattern)
    assert exact_fit == pytest.approx(fit, abs=1e-12)
    assert sorted(exact[exact].index) == core
    assert pattern_fit(a, exact.to_numpy(), pattern) == pytest.approx(fit, abs=1e-12)
    # the local search reaches the same optimum (the old prefix search found 0.374 for absent)
    _, heuristic_fit = discrete_core(v, pattern=pattern, exhaustive_max=0)
    assert heuristic_fit == pytest.approx(fit, abs=1e-12)


@pytest.mark.slow
def test_padgett_exhaustive_equals_dense_brute_force():
    _, a = padgett()
    v = matrix_view(a, directed=False)
    for pattern in PATTERNS:
        assert discrete_core(v, pattern=pattern)[1] == pytest.approx(
            brute_force(a, pattern), abs=1e-12
        )


def test_knoke_information_network():
    a = np.array([[int(c) for c in line.split()] for line in KNOKI.strip().splitlines()])
    und = matrix_view(np.maximum(a, a.T), directed=False, names=KNOKI_NAMES)
    core, fit = discrete_core(und)
    # the optimum quoted in issue #12 (0.67; the old search found 0.34)
    assert fit == pytest.approx(0.6708, abs=5e-5)
    assert sorted(core[core].index) == ["COMM", "COUN", "EDUC", "MAYR", "NEWS", "UWAY"]
    directed = matrix_view(a, directed=True, names=KNOKI_NAMES)
    for view, mat in ((und, np.maximum(a, a.T)), (directed, a)):
        for pattern in PATTERNS:
            exact = discrete_core(view, pattern=pattern)[1]
            assert exact == pytest.approx(brute_force(mat.astype(float), pattern), abs=1e-12)
            assert discrete_core(view, pattern=pattern, exhaustive_max=0)[1] == pytest.approx(
                exact, abs=1e-12
            )


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n=st.integers(3, 9),
    density=st.floats(0.1, 0.7),
    directed=st.booleans(),
    weighted=st.booleans(),
)
def test_exhaustive_and_local_search_reach_the_brute_force_optimum(
    seed, n, density, directed, weighted
):
    rng = np.random.default_rng(seed)
    a = (rng.random((n, n)) < density).astype(float)
    if weighted:
        a *= rng.integers(1, 5, (n, n))
    np.fill_diagonal(a, 0)
    if not directed:
        a = np.triu(a, 1) + np.triu(a, 1).T
    v = matrix_view(a, directed)
    for pattern in PATTERNS:
        best = brute_force(a, pattern)
        core, exact = discrete_core(v, pattern=pattern, weighted=weighted)
        core_h, heuristic = discrete_core(v, pattern=pattern, weighted=weighted, exhaustive_max=0)
        if not np.isfinite(best):  # no partition has a defined fit
            assert exact == heuristic == 0.0
            continue
        assert exact == pytest.approx(best, abs=1e-9)
        assert heuristic == pytest.approx(best, abs=1e-9)
        assert pattern_fit(a, core.to_numpy(), pattern) == pytest.approx(exact, abs=1e-9)
        assert pattern_fit(a, core_h.to_numpy(), pattern) == pytest.approx(heuristic, abs=1e-9)


@pytest.mark.parametrize("directed", [False, True])
def test_local_search_reaches_the_exhaustive_optimum_at_16_actors(directed):
    for seed in range(4):
        rng = np.random.default_rng(seed)
        a = (rng.random((16, 16)) < 0.3).astype(float)
        np.fill_diagonal(a, 0)
        if not directed:
            a = np.triu(a, 1) + np.triu(a, 1).T
        v = matrix_view(a, directed)
        for pattern in PATTERNS:
            start = time.perf_counter()
            core, exact = discrete_core(v, pattern=pattern)
            assert time.perf_counter() - start < 2.0
            assert pattern_fit(a, core.to_numpy(), pattern) == pytest.approx(exact, abs=1e-9)
            _, heuristic = discrete_core(v, pattern=pattern, exhaustive_max=0)
            assert heuristic == pytest.approx(exact, abs=1e-9)


def test_local_search_is_deterministic_for_a_seed():
    rng = np.random.default_rng(1)
    a = (rng.random((60, 60)) < 0.1).astype(float)
    np.fill_diagonal(a, 0)
    v = matrix_view(a, directed=True)
    first = core_periphery(v, seed=7)
    again = core_periphery(v, seed=7)
    assert first.parameters["search"] == "local search"
    assert first.core.equals(again.core) and first.fit_discrete == again.fit_discrete
    assert first.fit_discrete == pytest.approx(pattern_fit(a, first.core.to_numpy(), "missing"))


def test_directed_fit_uses_the_arc_matrix():
    a = np.array([[int(c) for c in line.split()] for line in KNOKI.strip().splitlines()])
    v = matrix_view(a, directed=True, names=KNOKI_NAMES)
    core, fit = discrete_core(v)
    assert fit == pytest.approx(pattern_fit(a.astype(float), core.to_numpy(), "missing"))


def test_continuous_coreness_converges_on_padgett_or_says_so():
    v, _ = padgett()
    c, _, info = continuous_coreness(v)
    assert info["converged"] and 500 < info["iterations"] < 10_000
    with pytest.warns(RuntimeWarning, match="did not converge"):
        _, _, short = continuous_coreness(v, max_iter=100)
    assert not short["converged"] and short["iterations"] == 100
    cp = core_periphery(v)
    assert cp.converged and cp.parameters["converged"]
    capped = core_periphery(v, max_iter=100)
    assert not capped.converged and capped.parameters["iterations"] == 100


def test_analysis_states_the_pattern_and_search():
    from tramas.metrics import analyze

    v, _ = padgett()
    f = analyze(v, consensus_runs=2).figures
    assert f["core_periphery"]["pattern"] == "missing"
    assert f["core_periphery"]["search"] == "exhaustive"
    assert f["core_periphery"]["converged"] is True
    assert f["core_periphery"]["fit_discrete"] == pytest.approx(0.4225771273642589)
    assert f["parameters"]["core_periphery_pattern"] == "missing"
    tied = analyze(v, consensus_runs=2, core_periphery_pattern="tied").figures
    assert tied["core_periphery"]["pattern"] == "tied"
    assert tied["core_periphery"]["fit_discrete"] == pytest.approx(0.3298529395717715)
