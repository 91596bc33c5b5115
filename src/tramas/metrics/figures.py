"""Network-level figures: size, density, cohesion, centralisation, mixing and openness.

:func:`network_figures` returns one JSON-safe ``dict`` (numbers, strings, lists,
``None`` for "not applicable") that the report and ``network.json`` use as is. The
individual figures are also available as functions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.network import NetworkView
from tramas.metrics.centrality import degree as _degree
from tramas.output import json_safe

__all__ = [
    "LOCATION_ATTRIBUTES",
    "attribute_assortativity",
    "centralization",
    "cooperation_counts",
    "density",
    "ei_index",
    "external_tie_share",
    "network_figures",
    "path_figures",
    "reciprocity",
    "reciprocity_by_relation",
    "view_figures",
]

#: Actor columns tried, in order, as "location".
LOCATION_ATTRIBUTES: tuple[str, ...] = ("municipality", "region")


def view_figures(view: NetworkView) -> dict[str, Any]:
    """What a view is: ``actors``, ``ties``, ``directed``, ``weighted``, ``relations``,
    ``wave``, ``undirected_relations`` and ``ties_by_relation`` — the first figures of
    every analysis (full or scale mode).

    ``ties`` counts ties relation by relation (:attr:`NetworkView.tie_count`): a pair
    tied in two relations counts twice and a tie without direction (cooperation) counts
    once, although a directed view holds it as two arcs.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> e = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "a", "c"],
    ...                   "relation": ["coop+advice", "coop", "advice"]})
    >>> v = NetworkView.from_frames(list("abc"), e, undirected_relations=("coop",))
    >>> f = view_figures(v)
    >>> f["ties"], f["ties_by_relation"]
    (3, {'advice': 2, 'coop': 1})
    """
    by_relation = {rel: len(t) for rel, t in view.relation_ties().items()}
    return {
        "actors": view.n_actors,
        "ties": int(sum(by_relation.values())),
        "directed": view.directed,
        "weighted": view.weighted,
        "relations": list(view.relations),
        "wave": view.wave,
        "undirected_relations": [r for r in view.undirected_relations if r in view.relations],
        "ties_by_relation": by_relation,
    }


def _mutual_share(arcs: np.ndarray, n: int) -> float | None:
    """Share of arcs (loops left out) whose reverse arc is also among ``arcs``."""
    arcs = arcs[arcs[:, 0] != arcs[:, 1]]
    if len(arcs) == 0:
        return None
    n = max(n, 1)
    keys = arcs[:, 0] * n + arcs[:, 1]
    return float(np.isin(arcs[:, 1] * n + arcs[:, 0], keys).mean())


def reciprocity_by_relation(view: NetworkView) -> dict[str, float | None]:
    """Reciprocity of each directed relation of a directed view.

    Parameters
    ----------
    view:
        A directed view; relations without direction (its
        :attr:`~tramas.graph.NetworkView.undirected_relations`) are left out, since
        each of their ties is two arcs that return each other by construction.

    Returns
    -------
    dict
        By directed relation, the share of its arcs whose reverse arc belongs to the
        same relation (``None`` for a relation without arcs); empty for an
        undirected view.

    Notes
    -----
    For relation :math:`r` with arcs :math:`A_r` (loops left out),
    :math:`\\rho_r = |\\{(i, j) \\in A_r : (j, i) \\in A_r\\}| / |A_r|`: igraph's and
    networkx's ``overall_reciprocity`` of that relation alone.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, pp. 507-508.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> e = pd.DataFrame({"source": ["a", "b", "c", "a", "b", "c", "d"],
    ...                   "target": ["b", "c", "d", "b", "a", "d", "c"],
    ...                   "relation": ["know"] * 3 + ["coop"] * 4})
    >>> v = NetworkView.from_frames(list("abcd"), e, undirected_relations=("coop",))
    >>> reciprocity_by_relation(v)
    {'know': 0.0}
    """
    if not view.directed:
        return {}
    undirected = set(view.undirected_relations)
    ties = view.relation_ties()
    names = [*view.relations, *(r for r in ties if r not in view.relations)]
    return {
        rel: _mutual_share(ties[rel], view.n_actors) if rel in ties else None
        for rel in names
        if rel not in undirected
    }


def reciprocity(view: NetworkView) -> float | None:
    """Reciprocity of a view's directed relations, each tie returned in its own relation.

    Returns
    -------
    float or None
        The share of the arcs of directed relations whose reverse arc belongs to the
        same relation, pooled over the directed relations of the view; ``None`` in an
        undirected view or without directed arcs. Ties of relations without direction
        are never counted as mutual pairs (nor counted at all).

    Notes
    -----
    :math:`\\rho = \\sum_r |\\{(i, j) \\in A_r : (j, i) \\in A_r\\}| / \\sum_r |A_r|` over
    the directed relations :math:`r`. With one relation this is the usual reciprocity
    (igraph ``reciprocity(mode="default")``, networkx ``overall_reciprocity``); see
    :func:`reciprocity_by_relation` for each relation alone.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, pp. 507-508.

    Examples
    --------
    Knowledge a→b, b→c, c→d and cooperation (no direction) a–b, c–d:

    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> e = pd.DataFrame({"source": ["a", "b", "b", "c", "d"],
    ...                   "target": ["b", "a", "c", "d", "c"],
    ...                   "relation": ["coop+know", "coop", "know", "coop+know", "coop"]})
    >>> v = NetworkView.from_frames(list("abcd"), e, undirected_relations=("coop",))
    >>> reciprocity(v)
    0.0
    """
    if not view.directed:
        return None
    undirected = set(view.undirected_relations)
    mutual, total = 0.0, 0
    for rel, arcs in view.relation_ties().items():
        if rel in undirected:
            continue
        arcs = arcs[arcs[:, 0] != arcs[:, 1]]
        share = _mutual_share(arcs, view.n_actors)
        if share is not None:
            mutual += share * len(arcs)
            total += len(arcs)
    return mutual / total if total else None


def density(view: NetworkView) -> float:
    """Share of possible ties present.

    Notes
    -----
    :math:`m / (n(n-1))` in a directed view, :math:`2m / (n(n-1))` in an undirected one.

    References
    ----------
    Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, p. 101.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> density(NetworkView.from_edges([("a", "b"), ("b", "c")], directed=False))
    0.6666666666666666
    """
    n, m = view.n_actors, view.n_ties
    if n < 2:
        return 0.0
    return m / (n * (n - 1)) if view.directed else 2 * m / (n * (n - 1))


def centralization(values: pd.Series | np.ndarray, max_sum: float) -> float:
    """Freeman centralisation: how far the network is from its most centralised form.

    Parameters
    ----------
    values:
        Actor centralities.
    max_sum:
        The largest possible :math:`\\sum_i (c_{max} - c_i)` for a network of this size
        (a star), e.g. :math:`(n-1)(n-2)` for undirected degree.

    Returns
    -------
    float
        :math:`\\sum_i (c_{max} - c_i) / \\max \\sum_i (c_{max} - c_i)` in [0, 1].

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
    *Social Networks* 1(3), 215-239.

    Examples
    --------
    >>> centralization([3, 1, 1, 1], max_sum=3 * 2)
    1.0
    """
    v = np.asarray(values, dtype=float)
    if len(v) == 0 or max_sum <= 0:
        return 0.0
    return float(np.sum(v.max() - v) / max_sum)


def _location_attribute(actors: pd.DataFrame) -> str | None:
    for col in LOCATION_ATTRIBUTES:
        if col in actors.columns and actors[col].notna().any():
            return col
    return None


def _pairs(view: NetworkView) -> np.ndarray:
    e = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    return e[e[:, 0] != e[:, 1]]


def attribute_assortativity(view: NetworkView, attribute: str) -> float | None:
    """Newman's assortativity of a categorical actor attribute.

    Returns
    -------
    float or None
        From -1 (ties only across categories) to 1 (ties only within); ``None`` when
        undefined (fewer than two categories among tied actors). Actors with a missing
        value are left out.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"kind": ["firm", "firm", "research", "research"]},
    ...                  index=pd.Index(list("abcd"), name="id"))
    >>> v = NetworkView.from_edges([("a", "b"), ("c", "d")], directed=False, actors=a)
    >>> attribute_assortativity(v, "kind")
    1.0
    """
    if attribute not in view.actors.columns:
        return None
    values = view.actors[attribute]
    known = np.flatnonzero(values.notna().to_numpy())
    if len(known) < 2:
        return None
    sub = view.graph.induced_subgraph(known.tolist()) if len(known) < view.n_actors else view.graph
    codes, uniques = pd.factorize(values.iloc[known].astype(str).to_numpy())
    if len(uniques) < 2 or sub.ecount() == 0:
        return None
    # (igraph 1.0 rejects the `normalized` keyword; normalised is its default)
    r = sub.assortativity_nominal(codes.tolist(), directed=view.directed)
    return json_safe(float(r))


def ei_index(view: NetworkView, attribute: str) -> float | None:
    """Krackhardt & Stern's E-I index: external minus internal ties over all ties.

    Parameters
    ----------
    view:
        The network view (each tie of a directed view counts once).
    attribute:
        Grouping attribute; ties with an end of unknown group are left out.

    Returns
    -------
    float or None
        :math:`(E - I)/(E + I)`, from -1 (all ties within groups) to 1 (all across);
        ``None`` without ties.

    References
    ----------
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational
    crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123-140.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"kind": ["firm", "firm", "research"]},
    ...                  index=pd.Index(list("abc"), name="id"))
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c")], actors=a)
    >>> round(ei_index(v, "kind"), 3)
    0.333
    """
    if attribute not in view.actors.columns:
        return None
    e = _pairs(view)
    values = view.actors[attribute]
    known = values.notna().to_numpy()
    e = e[known[e[:, 0]] & known[e[:, 1]]] if len(e) else e
    if len(e) == 0:
        return None
    codes, _ = pd.factorize(values.astype(str).to_numpy())
    same = codes[e[:, 0]] == codes[e[:, 1]]
    internal, external = int(same.sum()), int((~same).sum())
    return (external - internal) / (external + internal)


def external_tie_share(view: NetworkView) -> float | None:
    """Share of ties with at least one end outside the cluster (``internal`` false).

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> a = pd.DataFrame({"internal": [True, True, False]},
    ...                  index=pd.Index(list("abc"), name="id"))
    >>> external_tie_share(NetworkView.from_edges([("a", "b"), ("b", "c")], actors=a))
    0.5
    """
    e = _pairs(view)
    if len(e) == 0:
        return None
    if "internal" not in view.actors.columns:
        return 0.0
    internal = view.actors["internal"].fillna(True).astype(bool).to_numpy()
    ext = ~(internal[e[:, 0]] & internal[e[:, 1]])
    return float(ext.mean())


def cooperation_counts(ties: pd.DataFrame | None) -> dict[str, int]:
    """Horizontal and vertical cooperation: distinct cooperating pairs by orientation.

    Parameters
    ----------
    ties:
        The cooperation ties of one wave, one row per report
        (:meth:`Network.select_ties("cooperation", wave) <tramas.graph.Network.select_ties>`),
        or ``None`` without a cooperation relation. Column ``orientation``:
        ``horizontal``/``vertical``; other or missing values count as ``unspecified``.

    Returns
    -------
    dict
        ``horizontal``, ``vertical``, ``unspecified`` and ``total`` pair counts (a pair
        reported by both firms counts once); all zero without a cooperation relation.

    References
    ----------
    Schmitz, H. (1999). Global competition and local cooperation: success and failure
    in the Sinos Valley, Brazil. *World Development* 27(9), 1627-1650.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...                      "orientation": ["vertical", "horizontal", None]})
    >>> cooperation_counts(ties)
    {'horizontal': 0, 'vertical': 1, 'unspecified': 1, 'total': 2}
    """
    out = {"horizontal": 0, "vertical": 0, "unspecified": 0, "total": 0}
    if ties is None or ties.empty:
        return out
    src = ties["source"].astype(str).to_numpy()
    tgt = ties["target"].astype(str).to_numpy()
    a, b = np.minimum(src, tgt), np.maximum(src, tgt)
    orient = (
        ties["orientation"].astype("string").str.lower().to_numpy(dtype=object, na_value="")
        if "orientation" in ties.columns
        else np.full(len(ties), "", dtype=object)
    )
    orient = np.where(np.isin(orient, ["horizontal", "vertical"]), orient, "unspecified")
    frame = pd.DataFrame({"a": a, "b": b, "o": orient})
    # a pair is vertical/horizontal if any report says so (vertical wins a conflict)
    rank = frame["o"].map({"vertical": 0, "horizontal": 1, "unspecified": 2})
    pairs = frame.assign(r=rank).sort_values("r").drop_duplicates(["a", "b"])
    counts = pairs["o"].value_counts()
    for key in ("horizontal", "vertical", "unspecified"):
        out[key] = int(counts.get(key, 0))
    out["total"] = int(len(pairs))
    return out


def path_figures(view: NetworkView, *, pivots: int | None = None, seed: int = 42) -> dict[str, Any]:
    """Average path length and diameter of the largest (weak) component.

    Parameters
    ----------
    view:
        The network view; paths follow tie direction in a directed view and count
        steps (weights ignored).
    pivots:
        Estimate both from breadth-first searches out of this many random actors of
        the component (the diameter is then a lower bound). ``None`` for exact.
    seed:
        Random seed for the pivots.

    Returns
    -------
    dict
        ``avg_path_length`` (mean over pairs joined by a path), ``diameter`` and
        ``paths_estimated`` (bool).

    References
    ----------
    Wasserman, S., & Faust, K. (1994). *Social Network Analysis*, pp. 110-111.
    """
    g = view.graph
    if g.vcount() == 0 or g.ecount() == 0:
        return {"avg_path_length": None, "diameter": None, "paths_estimated": False}
    comps = g.connected_components(mode="weak")
    giant = comps.giant()
    if giant.vcount() < 2:
        return {"avg_path_length": None, "diameter": None, "paths_estimated": False}
    if pivots is not None and pivots < giant.vcount():
        rng = np.random.default_rng(seed)
        src = np.sort(rng.choice(giant.vcount(), size=pivots, replace=False)).tolist()
        d = np.asarray(giant.distances(source=src, mode="out"), dtype=float)
        finite = d[np.isfinite(d) & (d > 0)]
        return {
            "avg_path_length": float(finite.mean()) if len(finite) else None,
            "diameter": int(finite.max()) if len(finite) else None,
            "paths_estimated": True,
        }
    return {
        "avg_path_length": float(giant.average_path_length(directed=view.directed, unconn=True)),
        "diameter": int(giant.diameter(directed=view.directed, unconn=True)),
        "paths_estimated": False,
    }


def network_figures(
    view: NetworkView,
    *,
    cooperation: pd.DataFrame | None = None,
    betweenness: pd.Series | None = None,
    groups: tuple[str, ...] = ("kind", "size", "ownership", "sector"),
    pivots: int | None = None,
    seed: int = 42,
) -> dict[str, Any]:
    """Every network-level figure of the analysis, JSON-safe.

    Parameters
    ----------
    view:
        The analysed view.
    cooperation:
        The cooperation ties of the analysed wave, for the cooperation counts by
        orientation (:func:`cooperation_counts`; optional).
    betweenness:
        Raw betweenness already computed (else computed here).
    groups:
        Attributes for assortativity and E-I indices (those present are used; the
        location attribute — municipality, else region — is always added).
    pivots:
        Estimate path length and diameter (and betweenness if not given) from this
        many random actors; for very large networks.
    seed:
        Random seed for the pivots.

    Returns
    -------
    dict
        ``actors``, ``ties`` (relation by relation, a tie without direction once; see
        :func:`view_figures`), ``ties_by_relation``, ``undirected_relations``,
        ``directed``, ``density`` (of the view's arcs), ``reciprocity`` (pooled over
        the directed relations, ``None`` when there is none; see :func:`reciprocity`),
        ``reciprocity_by_relation``, ``transitivity``, ``components``, ``largest_component_size``,
        ``largest_component_share``, ``isolates``, ``avg_path_length``, ``diameter``,
        ``paths_estimated``, ``centralization_degree`` (and ``_indegree``,
        ``_outdegree`` when the view has directed relations: from their arcs only), ``centralization_betweenness``,
        ``degree_assortativity``, ``attribute_assortativity`` and ``ei_index`` (dicts
        by attribute), ``external_tie_share``, ``cooperation`` (horizontal / vertical
        counts).

    Notes
    -----
    Degree centralisation uses total degree with statnet's maxima: :math:`(n-1)(n-2)`
    undirected, :math:`(n-1)(2(n-1)-2)` directed (in- and out-degree: :math:`(n-1)^2`);
    betweenness centralisation: :math:`(n-1)^2(n-2)` directed and half that undirected.
    Transitivity is the global clustering coefficient of the undirected collapse
    (3 x triangles / connected triples).

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks. *Social Networks* 1, 215-239.
    Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises.
    *Social Psychology Quarterly* 51, 123-140.
    """
    g = view.graph
    n, m = g.vcount(), g.ecount()
    deg = _degree(view, "all").to_numpy(dtype=float)  # a tie without direction counts once
    weak = g.connected_components(mode="weak") if n else None
    largest = max(weak.sizes()) if n else 0
    figures: dict[str, Any] = {
        **view_figures(view),
        "density": density(view),
        "reciprocity": reciprocity(view),
        "reciprocity_by_relation": reciprocity_by_relation(view),
        "transitivity": float(g.transitivity_undirected(mode="zero")) if m else 0.0,
        "components": len(weak) if n else 0,
        "strong_components": len(g.connected_components(mode="strong"))
        if (n and view.directed)
        else None,
        "largest_component_size": int(largest),
        "largest_component_share": largest / n if n else 0.0,
        "isolates": int((deg == 0).sum()),
    }
    figures.update(path_figures(view, pivots=pivots, seed=seed))
    if view.directed:
        figures["centralization_degree"] = centralization(deg, (n - 1) * (2 * (n - 1) - 2))
        arcs = view.directed_arcs()
        arcs = arcs[arcs[:, 0] != arcs[:, 1]]
        if figures["reciprocity_by_relation"] or not view.relations:
            for mode, col in (("in", 1), ("out", 0)):
                figures[f"centralization_{mode}degree"] = centralization(
                    np.bincount(arcs[:, col], minlength=n), (n - 1) ** 2
                )
    else:
        figures["centralization_degree"] = centralization(deg, (n - 1) * (n - 2))
    if betweenness is None:
        from tramas.metrics.centrality import betweenness as _betweenness

        betweenness = _betweenness(view, pivots=pivots, seed=seed)
    bmax = (n - 1) ** 2 * (n - 2) if view.directed else (n - 1) ** 2 * (n - 2) / 2
    figures["centralization_betweenness"] = centralization(betweenness, bmax)
    figures["degree_assortativity"] = (
        float(g.assortativity_degree(directed=view.directed)) if m else None
    )
    attrs = [a for a in groups if a in view.actors.columns]
    location = _location_attribute(view.actors)
    if location and location not in attrs:
        attrs.append(location)
    figures["location_attribute"] = location
    figures["attribute_assortativity"] = {a: attribute_assortativity(view, a) for a in attrs}
    ei_attrs = [*attrs, "internal"] if "internal" in view.actors.columns else attrs
    figures["ei_index"] = {a: ei_index(view, a) for a in ei_attrs}
    figures["external_tie_share"] = external_tie_share(view)
    figures["cooperation"] = cooperation_counts(cooperation)
    return json_safe(figures)
