"""Tie weights the numerical routines can take: finite, and of a size LAPACK and ARPACK
survive.

A weight of ``1e308`` is a finite number, but the eigen-solvers behind eigenvector
centrality and HITS square and sum weights and abort the whole process (LAPACK's
``DLASCL``) on the overflow; modularity sums every weight and becomes NaN. The
measures that use weights only through their ratios (eigenvector, PageRank, HITS,
modularity communities, Infomap, Walktrap, constraint and effective size, core–periphery
correlations, trophic levels, QAP correlations) give the same result for weights
``w`` and ``c · w``, so when the largest weight is far from 1 they compute on the
weights divided by a power of two near the largest (an exact division: no rounding
except for weights that become too small to represent, which are then 0). Weights in
the ordinary range (between :data:`SMALLEST` and :data:`LARGEST`) are left exactly as
they are, so results on real survey data do not change by a single bit.

Infinite or NaN weights have no meaningful ratio: :func:`unit_weights` refuses them
with a :class:`~tramas.exceptions.TramasError` naming the relations of the view.
Measures that add weights up (strength) use them as they are.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView

__all__ = ["LARGEST", "SMALLEST", "check_finite", "unit_scale", "unit_weights"]

#: Largest weight used as it is (2**20, about a million).
LARGEST = 2.0**20
#: Smallest largest-weight used as it is (2**-20, about a millionth).
SMALLEST = 2.0**-20


def check_finite(weights: np.ndarray, relations: tuple[str, ...] | list[str] = ()) -> None:
    """Refuse infinite or NaN ``weights`` of a view of ``relations``.

    Raises
    ------
    TramasError
        Code ``weights_not_finite``, naming the relations and the first such weight.
    """
    w = np.asarray(weights, dtype=float)
    bad = ~np.isfinite(w)
    if bad.any():
        names = ", ".join(relations) or "?"
        value = str(w[bad][0])
        raise TramasError(
            f"tie weights of relation {names} are not finite numbers ({value}): "
            "the measures cannot use them",
            hint="give every tie a finite weight (adding up very large weights can overflow "
            "to infinity), or compute the measures unweighted",
            code="weights_not_finite",
            values={"relation": names, "value": value},
        )


def unit_scale(weights: np.ndarray) -> np.ndarray:
    """``weights`` divided by a power of two near their largest absolute value when that
    lies outside [:data:`SMALLEST`, :data:`LARGEST`]; otherwise unchanged (the same array).

    Examples
    --------
    >>> float(unit_scale(np.array([1e308, 2e307])).max())
    0.5562684646268004
    >>> w = np.array([1.0, 5.0]); unit_scale(w) is w
    True
    """
    w = np.asarray(weights, dtype=float)
    if len(w) == 0:
        return w
    top = float(np.max(np.abs(w)))
    if not math.isfinite(top) or top == 0 or SMALLEST <= top <= LARGEST:
        return w
    _, exponent = math.frexp(top)  # top = m * 2**exponent, 0.5 <= m < 1
    return np.ldexp(w, -exponent)


def unit_weights(view: NetworkView, weighted: bool = True) -> NetworkView:
    """``view`` with its tie weights made safe for the ratio-based measures.

    Unweighted views (or ``weighted=False``) and views whose weights lie in the ordinary
    range are returned as they are; otherwise a view over a copy of the graph whose
    weights are :func:`unit_scale`-d.

    Raises
    ------
    TramasError
        When a weight is infinite or NaN (:func:`check_finite`).

    Examples
    --------
    >>> v = NetworkView.from_frames(["a", "b"], __import__("pandas").DataFrame(
    ...     {"source": ["a"], "target": ["b"], "weight": [1e308]}))
    >>> unit_weights(v).graph.es["weight"]
    [0.5562684646268004]
    """
    g = view.graph
    if not (weighted and view.weighted) or g.ecount() == 0:
        return view
    w = np.asarray(g.es["weight"], dtype=float)
    check_finite(w, view.relations)
    scaled = unit_scale(w)
    if scaled is w:
        return view
    copy = g.copy()
    copy.es["weight"] = scaled.tolist()
    return replace(view, graph=copy)
