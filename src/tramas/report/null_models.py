"""Compare a network's figures with random networks of the same size and degree sequence.

A figure such as transitivity 0.22 means little on its own: a network whose firms have
many partners is clustered by chance alone. :func:`compare_with_random` draws random
networks that keep, in every relation, every actor's number of ties (in- and out-degree
for a directed relation) and reports, for each figure, the random mean and spread, the
z-score of the observed value and empirical p-values. Each relation is rewired on its
own and keeps its nature: a tie without direction (cooperation) stays one tie without
direction, so its two arcs in a directed view are never split. Figures are computed on
the random networks with the same function as on the observed one
(:func:`tramas.metrics.figures.network_figures`), so a difference can only come from
the arrangement of the ties.

Figures that every random network shares with the observed one (density, degree
centralisation and isolates of a single relation) are listed with ``fixed = True`` and
no z-score.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.metrics.figures import network_figures

__all__ = ["FIXED_FIGURES", "NULL_FIGURES", "NullModelComparison", "compare_with_random"]

NullMethod = Literal["rewire"]

#: Figures compared with random networks, in report order. ``ei_index.<attr>`` and
#: ``attribute_assortativity.<attr>`` name entries of those figure dicts.
NULL_FIGURES: tuple[str, ...] = (
    "reciprocity",
    "transitivity",
    "avg_path_length",
    "diameter",
    "components",
    "largest_component_share",
    "centralization_betweenness",
    "degree_assortativity",
    "ei_index.kind",
    "ei_index.internal",
    "ei_index.location",
)
#: Figures fixed by the degree sequence of a single relation. They are compared too and
#: marked ``fixed`` when every random network gives the observed value (with several
#: relations the overlap of the relations, hence the merged degrees, may vary).
FIXED_FIGURES: tuple[str, ...] = (
    "density",
    "centralization_degree",
    "centralization_indegree",
    "centralization_outdegree",
    "isolates",
)


@dataclass(frozen=True)
class NullModelComparison:
    """Observed figures against random networks with the same degree sequence.

    Attributes
    ----------
    table:
        Indexed by figure key: ``observed``, ``mean``, ``sd``, ``z`` (NaN when the
        random figures do not vary or the figure is fixed), ``p_greater`` and
        ``p_less`` (share of random networks at least as large / as small, with the
        +1 correction), ``p`` (two-sided: share at least as far from the random mean,
        with the +1 correction), ``p_floor`` (bool: no random network was as extreme,
        so ``p`` is the smallest value these samples can give, ``1 / (valid + 1)``),
        ``fixed`` (bool) and ``valid`` (random networks where the figure is defined).
    method:
        ``rewire``: degree-preserving edge swaps from the observed network, relation
        by relation.
    samples:
        Number of random networks.
    seed:
        Seed of the random number generator.
    parameters:
        Swaps per sample and the figures compared.
    """

    table: pd.DataFrame
    method: str
    samples: int
    seed: int
    parameters: dict[str, Any] = field(default_factory=dict)

    def row(self, key: str) -> pd.Series | None:
        """The comparison of one figure, or ``None`` if it was not compared."""
        return self.table.loc[key] if key in self.table.index else None

    @property
    def p_floor(self) -> float:
        """The smallest p-value these random networks can give: ``1 / (samples + 1)``."""
        return 1 / (self.samples + 1)


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Give igraph its own seeded generator and restore the default afterwards."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _lookup(figures: dict[str, Any], key: str) -> float | None:
    """A figure by key; ``ei_index.location`` means the location attribute's entry."""
    if "." not in key:
        value = figures.get(key)
    else:
        group, attr = key.split(".", 1)
        if attr == "location":
            attr = figures.get("location_attribute") or ""
        value = (figures.get(group) or {}).get(attr)
    if value is None or isinstance(value, bool | str | list | dict):
        return None
    return float(value)


def _fresh(n: int, edges: list[tuple[int, int]], directed: bool, names: list[str]) -> ig.Graph:
    """A newly built graph. igraph caches structural properties (e.g. after
    ``simplify``) and its undirected transitivity of a directed graph with mutual ties
    differs once the cache says "no multiple edges"; a fresh graph has no such cache."""
    h = ig.Graph(n=n, edges=edges, directed=directed)
    h.vs["name"] = names
    return h


def _random_graph(g: ig.Graph, swaps: int) -> ig.Graph:
    h = g.copy()
    if h.ecount() > 1:
        h.rewire(n=swaps, allowed_edge_types="simple")
    return _fresh(h.vcount(), h.get_edgelist(), h.is_directed(), g.vs["name"])


#: One relation of a view: name, directed or not, distinct ties as vertex pairs.
_Part = tuple[str, bool, list[tuple[int, int]]]


def _relation_parts(view: NetworkView) -> list[_Part]:
    """Each relation's distinct ties (loops left out), with its own direction: a
    relation without direction is undirected even in a directed view."""
    undirected = set(view.undirected_relations)
    parts = []
    for rel, ties in view.relation_ties().items():
        ties = ties[ties[:, 0] != ties[:, 1]]
        directed = view.directed and rel not in undirected
        parts.append((rel, directed, [(int(a), int(b)) for a, b in ties]))
    return parts


def _merged_view(view: NetworkView, parts: list[_Part]) -> NetworkView:
    """An unweighted view from each relation's ties, merged as :meth:`Network.view`
    merges them (a tie without direction gives both arcs in a directed view; the
    relations of one edge are joined by ``+``)."""
    labels: dict[tuple[int, int], set[str]] = {}
    for rel, directed, ties in parts:
        for a, b in ties:
            if view.directed:
                labels.setdefault((a, b), set()).add(rel)
                if not directed:
                    labels.setdefault((b, a), set()).add(rel)
            else:
                labels.setdefault((min(a, b), max(a, b)), set()).add(rel)
    edges = list(labels)
    g = _fresh(view.graph.vcount(), edges, view.directed, [str(x) for x in view.ids])
    g.es["weight"] = [1.0] * len(edges)
    g.es["relation"] = ["+".join(sorted(labels[e])) for e in edges]
    return NetworkView(
        graph=g,
        actors=view.actors,
        directed=view.directed,
        weighted=False,
        relations=view.relations,
        wave=view.wave,
        undirected_relations=view.undirected_relations,
    )


def _random_parts(view: NetworkView, parts: list[_Part], swaps_per_tie: int) -> list[_Part]:
    """Each relation rewired on its own, keeping its degrees and its direction."""
    n = view.graph.vcount()
    names = [str(x) for x in view.ids]
    out = []
    for rel, directed, ties in parts:
        h = _random_graph(_fresh(n, ties, directed, names), max(1, swaps_per_tie * len(ties)))
        out.append((rel, directed, h.get_edgelist()))
    return out


def _p_values(x: float, col: np.ndarray) -> dict[str, Any]:
    mean, sd = float(col.mean()), float(col.std(ddof=1))
    p_ge = (1 + int(np.sum(col >= x - 1e-12))) / (len(col) + 1)
    p_le = (1 + int(np.sum(col <= x + 1e-12))) / (len(col) + 1)
    extreme = int(np.sum(np.abs(col - mean) >= abs(x - mean) - 1e-12))
    return {
        "mean": mean,
        "sd": sd,
        "z": (x - mean) / sd if sd > 1e-12 else np.nan,
        "p_greater": p_ge,
        "p_less": p_le,
        "p": (1 + extreme) / (len(col) + 1),
        "p_floor": extreme == 0,
    }


def compare_with_random(
    view: NetworkView,
    *,
    samples: int = 100,
    seed: int = 42,
    method: NullMethod = "rewire",
    figures: Sequence[str] = NULL_FIGURES,
    groups: tuple[str, ...] = ("kind",),
    pivots: int | None = None,
    swaps_per_tie: int = 10,
) -> NullModelComparison:
    """Z-scores of network figures against random networks with the same degrees.

    Parameters
    ----------
    view:
        The analysed view. Ties count once whatever their weight (the figures compared
        do not use weights).
    samples:
        Number of random networks (at least 2; 100 gives z-scores to about ±0.1).
    seed:
        Seed of igraph's random number generator for the draws (restored afterwards).
    method:
        ``rewire`` (the only one so far): start from the observed network and, in each
        relation separately, swap the ends of ``swaps_per_tie`` × ties random pairs of
        its ties, keeping every actor's degree in that relation (in- and out-degree for
        a directed one) and never creating loops or multiple ties (Maslov & Sneppen
        2002). A relation without direction is rewired as an undirected graph, so each
        of its ties stays one tie without direction (both arcs in a directed view).
        The relations are then merged as in the observed view. Each random network
        starts afresh from the observed one. (Rejection sampling of uniform simple
        graphs with the degree sequence stalls on the skewed degrees of cluster
        networks.)
    figures:
        Keys of the figures to compare (see :data:`NULL_FIGURES`); ``reciprocity``
        is skipped when the view has no directed relation. The figures of
        :data:`FIXED_FIGURES` are always added.
    groups:
        Actor attributes for the E-I indices (``ei_index.<attribute>``).
    pivots:
        Estimate path lengths and betweenness from this many actors (large networks).
    swaps_per_tie:
        Edge swaps per tie for ``rewire``.

    Returns
    -------
    NullModelComparison

    Notes
    -----
    For a figure with observed value :math:`x` and random values :math:`x_1..x_S`
    (mean :math:`\\bar x`, standard deviation :math:`s`):
    :math:`z = (x - \\bar x) / s`,
    :math:`p_{\\ge} = (1 + \\#\\{x_r \\ge x\\}) / (S + 1)`,
    :math:`p_{\\le} = (1 + \\#\\{x_r \\le x\\}) / (S + 1)` and the two-sided
    :math:`p = (1 + \\#\\{|x_r - \\bar x| \\ge |x - \\bar x|\\}) / (S + 1)`. The smallest
    p-value :math:`S` random networks can give is :math:`1/(S + 1)` (``p_floor``): a
    figure more extreme than every random network has :math:`p \\le 1/(S + 1)`, and
    more random networks would be needed to say how much smaller it is. A random
    network where a figure is undefined (e.g. no two-step path) is left out for that
    figure.

    References
    ----------
    Maslov, S., & Sneppen, K. (2002). Specificity and stability in topology of protein
    networks. *Science* 296(5569), 910-913. Newman, M. E. J., Strogatz, S. H., & Watts,
    D. J. (2001). Random graphs with arbitrary degree distributions and their
    applications. *Phys. Rev. E* 64, 026118. North, B. V., Curtis, D., & Sham, P. C.
    (2002). A note on the calculation of empirical P values from Monte Carlo
    procedures. *Am. J. Human Genetics* 71(2), 439-441.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"),
    ...                             ("d", "e"), ("e", "f"), ("f", "d")], directed=False)
    >>> cmp = compare_with_random(v, samples=20, seed=1)
    >>> round(float(cmp.table.loc["transitivity", "observed"]), 6)
    0.6
    >>> bool(cmp.table.loc["density", "fixed"])
    True
    """
    if samples < 2:
        raise TramasError(
            f"at least 2 random networks are needed for z-scores, not {samples}",
            hint="use --null-samples 100 (or 0 to skip the comparison in the CLI)",
            code="null_samples_few",
            values={"n": samples},
        )
    if method != "rewire":
        raise TramasError(
            f"unknown random-network method {method!r}",
            hint="use 'rewire'",
            code="null_method",
            values={"method": method},
        )
    parts = _relation_parts(view)
    base = _merged_view(view, parts)
    observed_figs = network_figures(base, groups=groups, pivots=pivots, seed=seed)
    keys = [k for k in figures if not (k == "reciprocity" and observed_figs["reciprocity"] is None)]
    fixed_keys = [k for k in FIXED_FIGURES if _lookup(observed_figs, k) is not None]
    every = [*keys, *fixed_keys]
    draws = np.full((samples, len(every)), np.nan)
    with _seeded(seed):
        for s in range(samples):
            rv = _merged_view(view, _random_parts(view, parts, swaps_per_tie))
            figs = network_figures(rv, groups=groups, pivots=pivots, seed=seed)
            for j, k in enumerate(every):
                value = _lookup(figs, k)
                if value is not None:
                    draws[s, j] = value
    rows = []
    for j, k in enumerate(every):
        x = _lookup(observed_figs, k)
        col = draws[:, j]
        col = col[np.isfinite(col)]
        row: dict[str, Any] = {"figure": k, "observed": x, "valid": len(col), "fixed": False}
        if k in fixed_keys and x is not None and np.all(np.abs(col - x) <= 1e-12):
            row.update(
                mean=x, sd=0.0, z=np.nan, p_greater=np.nan, p_less=np.nan, p=np.nan,
                p_floor=False, fixed=True, valid=samples,
            )  # fmt: skip
        elif x is None or len(col) < 2:
            row.update(
                mean=np.nan, sd=np.nan, z=np.nan, p_greater=np.nan, p_less=np.nan, p=np.nan,
                p_floor=False, observed=np.nan if x is None else x,
            )  # fmt: skip
        else:
            row.update(_p_values(x, col))
        rows.append(row)
    columns = ["observed", "mean", "sd", "z", "p_greater", "p_less", "p", "p_floor", "fixed"]
    table = pd.DataFrame(rows).set_index("figure")[[*columns, "valid"]]
    table["p_floor"] = table["p_floor"].astype(bool)
    table["fixed"] = table["fixed"].astype(bool)
    return NullModelComparison(
        table=table,
        method=method,
        samples=samples,
        seed=seed,
        parameters={
            "swaps_per_tie": swaps_per_tie if method == "rewire" else None,
            "figures": tuple(keys),
            "groups": tuple(groups),
            "location_attribute": observed_figs.get("location_attribute"),
            "pivots": pivots,
            "relations": {rel: ("directed" if d else "undirected") for rel, d, _ in parts},
        },
    )
