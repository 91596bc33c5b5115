"""Borgatti–Everett core–periphery: ideal structures, dense cross-checks of the fit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from tramas.graph import NetworkView
from tramas.metrics import continuous_coreness, core_periphery, discrete_core


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


def test_fits_equal_dense_correlations():
    v = core_periphery_view(seed=3)
    a = dense(v)
    c, fit, info = continuous_coreness(v)
    assert info["converged"]
    cv = c.to_numpy()
    assert fit == pytest.approx(offdiag_corr(a, np.outer(cv, cv)), abs=1e-9)
    core, dfit = discrete_core(v, c)
    x = core.to_numpy().astype(float)
    assert dfit == pytest.approx(offdiag_corr(a, np.outer(x, x)), abs=1e-9)


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


def test_discrete_core_beats_every_other_prefix_and_single_move():
    v = core_periphery_view(core=6, periphery=14, seed=8)
    a = dense(v)
    c, _, _ = continuous_coreness(v)
    core, fit = discrete_core(v, c)
    x = core.to_numpy()
    for i in range(len(x)):
        y = x.copy()
        y[i] = not y[i]
        if y.sum() >= 2:
            assert offdiag_corr(a, np.outer(y, y).astype(float)) <= fit + 1e-12


def test_directed_views_use_the_symmetrised_ties():
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
