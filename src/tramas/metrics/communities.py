"""Sub-clusters: Leiden, Louvain, Infomap and Walktrap communities, consensus, stability and agreement.

Sub-clusters are groups of actors more densely tied to each other than to the rest of
the cluster — often a value-chain stage, a locality or the suppliers of one lead firm.
Community detection is randomised; tramas always passes the objective, resolution and
seed explicitly, and offers a consensus over many runs with a per-actor stability, so
a report can say how robust each sub-cluster is.

Modularity-based methods (Leiden, Louvain, Walktrap) work on the undirected collapse of
the view: a pair's weight is the sum of the weights of its ties in both directions.
Infomap follows tie direction.

Community labels are integers 1, 2, ... by decreasing size (ties broken by the first
actor in view order), so the largest sub-cluster is always 1.

A **sub-cluster** is a community of two actors or more (:data:`MIN_SUBCLUSTER_SIZE`):
an actor alone in its community is in no sub-cluster. :func:`subclusters` is the one
place where this is decided; the analysis tables, the maps, the reports and the wave
comparison all count and number sub-clusters through it, so they tell one story.
:func:`subcluster_names` gives each sub-cluster the one name every output shows
("Tunuyán – viñedo").
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from tramas.graph.network import NetworkView
from tramas.locale.catalogue import t, texts
from tramas.metrics.weights import unit_weights

__all__ = [
    "MIN_SUBCLUSTER_SIZE",
    "Communities",
    "agreement",
    "analysis_communities",
    "community_table",
    "consensus",
    "infomap",
    "leiden",
    "louvain",
    "modularity",
    "actor_subcluster_names",
    "subcluster_counts",
    "subcluster_names",
    "subclusters",
    "walktrap",
]

#: Smallest community that counts as a sub-cluster: a single actor is no group.
MIN_SUBCLUSTER_SIZE = 2


@dataclass(frozen=True)
class Communities:
    """A partition of the actors into sub-clusters and how it was found.

    Attributes
    ----------
    membership:
        Community label (1 = largest) indexed by actor id.
    method:
        ``leiden``, ``louvain``, ``infomap``, ``walktrap`` or ``consensus-leiden``.
    parameters:
        Every parameter used (resolution, seed, runs, weighted ...).
    modularity:
        Newman–Girvan modularity of the partition on the undirected collapse (with
        the resolution used).
    stability:
        For consensus partitions: the share of runs in which each actor sat with the
        majority of its final community; ``None`` otherwise.
    """

    membership: pd.Series
    method: str
    parameters: dict = field(default_factory=dict)
    modularity: float = float("nan")
    stability: pd.Series | None = None

    @property
    def n_communities(self) -> int:
        return int(self.membership.nunique())

    def sizes(self) -> pd.Series:
        """Number of actors per community, largest first."""
        return self.membership.value_counts().sort_index()

    def members(self, label: int) -> list[str]:
        """Actor ids of one community."""
        return self.membership.index[self.membership == label].tolist()

    @property
    def subcluster(self) -> pd.Series:
        """Sub-cluster of each actor (``<NA>`` = in no sub-cluster); see :func:`subclusters`."""
        return subclusters(self.membership)

    @property
    def n_subclusters(self) -> int:
        """Communities of :data:`MIN_SUBCLUSTER_SIZE` actors or more."""
        return subcluster_counts(self.membership)["subclusters"]

    @property
    def n_unassigned(self) -> int:
        """Actors in no sub-cluster (alone in their community)."""
        return subcluster_counts(self.membership)["no_subcluster"]


# --------------------------------------------------------------------------- sub-clusters
def subclusters(membership: pd.Series, *, min_size: int = MIN_SUBCLUSTER_SIZE) -> pd.Series:
    """Sub-cluster of each actor: communities of ``min_size`` actors or more, numbered.

    The one definition of a sub-cluster in tramas. Communities with at least
    ``min_size`` members are numbered 1, 2, ... by decreasing size (ties broken by the
    community's own label, so a partition of :mod:`tramas.metrics.communities` keeps its
    numbers); an actor alone in its community — or without a community — is in no
    sub-cluster (``<NA>``).

    Parameters
    ----------
    membership:
        Community of each actor, indexed by actor id (missing values allowed).
    min_size:
        Smallest community that counts as a sub-cluster.

    Returns
    -------
    pandas.Series
        Nullable integers (``Int64``) named ``subcluster``, indexed like ``membership``.

    Examples
    --------
    >>> m = pd.Series([1, 1, 2, 3, 3, 3], index=list("abcdef"))
    >>> subclusters(m).tolist()
    [2, 2, <NA>, 1, 1, 1]
    """
    known = membership.dropna()
    sizes = known.value_counts()
    kept = [c for c in sizes.index if sizes[c] >= min_size]
    try:
        kept.sort(key=lambda c: (-int(sizes[c]), c))
    except TypeError:  # labels of mixed types: order by their text
        kept.sort(key=lambda c: (-int(sizes[c]), str(c)))
    number = {c: k for k, c in enumerate(kept, start=1)}
    out = pd.Series(pd.NA, index=membership.index, dtype="Int64", name="subcluster")
    if number:
        mapped = known.map(number).dropna()
        out.loc[mapped.index] = mapped.astype("int64").to_numpy()
    return out


def subcluster_counts(
    membership: pd.Series, *, min_size: int = MIN_SUBCLUSTER_SIZE
) -> dict[str, int]:
    """How many sub-clusters, and how many actors are in none (see :func:`subclusters`).

    Returns
    -------
    dict
        ``subclusters`` (communities of ``min_size`` actors or more), ``no_subcluster``
        (actors in none) and ``communities`` (every community, singletons included).

    Examples
    --------
    >>> subcluster_counts(pd.Series([1, 1, 2, 3, 3, 3], index=list("abcdef")))
    {'subclusters': 2, 'no_subcluster': 1, 'communities': 3}
    """
    sub = subclusters(membership, min_size=min_size)
    return {
        "subclusters": int(sub.nunique(dropna=True)),
        "no_subcluster": int(sub.isna().sum()),
        "communities": int(membership.nunique(dropna=True)),
    }


# --------------------------------------------------------------------------- names
#: Least share of a sub-cluster's members (with a value) that a characteristic sector or
#: stage must hold.
MIN_CHARACTER_SHARE = 1 / 3


def _known(values: pd.Series) -> pd.Series:
    """Non-missing, non-blank values as stripped text."""
    text = values.dropna().astype(str).str.strip()
    return text[text != ""]


def _modal(values: pd.Series, *, at_least: float) -> str | None:
    """Most common value if it holds ``at_least`` of the known values (ties: alphabetical)."""
    known = _known(values)
    if known.empty:
        return None
    counts = known.value_counts()
    top = sorted(counts.index[counts == counts.max()])[0]
    return top if counts[top] >= at_least * len(known) else None


def _shares(values: pd.Series) -> pd.Series:
    """Share of each known value among the known values."""
    known = _known(values)
    return known.value_counts() / max(len(known), 1)


def _characteristic(members: pd.Series, base: pd.Series) -> list[str]:
    """Values of an attribute by decreasing share × lift, those held by ≥ 1/3 of members.

    share = members with the value / members with a value; lift = share / ``base`` (the
    value's share in the whole cluster); ties: the larger share, then alphabetical.
    """
    known = _known(members)
    if known.empty:
        return []
    share = known.value_counts() / len(known)
    rows = [
        (-(s * s / base.get(v, s)), -s, v)
        for v, s in share.items()
        if s >= MIN_CHARACTER_SHARE - 1e-12
    ]
    return [v for _, _, v in sorted(rows)]


def _column(actors: pd.DataFrame, name: str) -> pd.Series | None:
    if name not in actors.columns or _known(actors[name]).empty:
        return None
    return actors[name]


def subcluster_names(
    actors: pd.DataFrame, subcluster: pd.Series, *, lang: str, anonymize: bool = False
) -> pd.Series:
    """A short name for each sub-cluster, from its members' attributes.

    Every output (analysis tables, report, maps) names sub-clusters with this function,
    so a reader meets "Tunuyán – viñedo" everywhere instead of "Sub-cluster 3".

    The rule, for the members of one sub-cluster (:func:`subclusters`):

    1. **Place** — the most common ``municipality`` if it holds at least half of the
       members that have one; else the most common ``region`` on the same condition;
       else "several municipalities". A column with one value for the whole cluster is
       not used (it tells no sub-cluster apart). Left out of anonymised outputs
       (municipalities are hidden there) and when no actor has a location.
    2. **What they do** — when more than half the members are not firms (missing kind
       counts as firm), the kind: its plural ("associations") when one kind holds more
       than half the members, else "institutions". Otherwise the most characteristic
       value-chain ``stage`` (``sector`` when no member has a stage): among the values
       held by at least a third of the members with one, the highest share × lift,
       where lift = share in the sub-cluster / share in the whole cluster (``actors``).
    3. The name joins both parts with " – ". Names are unique: sub-clusters sharing a
       name get their next characteristic value (the next stage, then the sector),
       and if that does not separate them, their number in brackets — or, for names
       that are only a place, "Sub-cluster *n*". Without any of these attributes the
       name is "Sub-cluster *n*".

    Parameters
    ----------
    actors:
        Actor attributes indexed by id (``kind``, ``municipality``, ``region``,
        ``stage``, ``sector``, any may be absent): the whole cluster, the base of lift.
    subcluster:
        Sub-cluster number of each actor (``<NA>`` = none), as :func:`subclusters`.
    lang:
        Language of the words ("several municipalities", kinds, "Sub-cluster").
    anonymize:
        Leave the place out.

    Returns
    -------
    pandas.Series
        Name (``str``) by sub-cluster number (``int``), numbers ascending, named
        ``subcluster_name``.

    Examples
    --------
    >>> actors = pd.DataFrame({
    ...     "municipality": ["Tunuyán", "Tunuyán", "Tunuyán", "Maipú", "Maipú"],
    ...     "stage": ["viñedo", "viñedo", "elaboración", "elaboración", "elaboración"],
    ... }, index=list("abcde"))
    >>> sub = pd.Series([1, 1, 1, 2, 2], index=list("abcde"))
    >>> subcluster_names(actors, sub, lang="en").to_dict()
    {1: 'Tunuyán – viñedo', 2: 'Maipú – elaboración'}
    >>> subcluster_names(actors, sub, lang="es", anonymize=True).to_dict()
    {1: 'viñedo', 2: 'elaboración'}
    """
    sub = subcluster.dropna()
    numbers = sorted({int(n) for n in sub})
    table = actors
    kinds = (
        table["kind"].astype(object).where(table["kind"].notna(), "firm")
        if "kind" in table.columns
        else None
    )
    # a place shared by the whole cluster characterises no sub-cluster: left out
    place_cols = (
        []
        if anonymize
        else [
            col
            for col in (_column(table, c) for c in ("municipality", "region"))
            if col is not None and _known(col).nunique() > 1
        ]
    )
    has_place = bool(place_cols)
    stage, sector = _column(table, "stage"), _column(table, "sector")
    stage_base = _shares(stage) if stage is not None else None
    sector_base = _shares(sector) if sector is not None else None
    members = {
        int(n): [i for i in ids if i in table.index]
        for n, ids in sub.groupby(sub.astype("int64")).groups.items()
    }
    base: dict[int, list[str]] = {}
    extras: dict[int, list[str]] = {}
    placed_only: dict[int, bool] = {}
    for n in numbers:
        ids = members[n]
        parts: list[str] = []
        if has_place:
            place = None
            for col in place_cols:
                if place is None:
                    place = _modal(col.reindex(ids), at_least=0.5)
            parts.append(place or t("subcluster.several_places", lang))
        more: list[str] = []
        inst = kinds is not None and len(ids) > 0 and (kinds.reindex(ids) != "firm").mean() > 0.5
        if inst:
            k = kinds.reindex(ids)
            top = _modal(k[k != "firm"], at_least=0.0)
            key = f"subcluster.kind.{top}"
            parts.append(
                t(key, lang)
                if top is not None and (k == top).mean() > 0.5 and key in texts(lang)
                else t("subcluster.institutions", lang)
            )
            more = _characteristic(sector.reindex(ids), sector_base) if sector is not None else []
        else:
            by_stage = stage is not None and not _known(stage.reindex(ids)).empty
            use, use_base = (stage, stage_base) if by_stage else (sector, sector_base)
            values = _characteristic(use.reindex(ids), use_base) if use is not None else []
            if values:
                parts.append(values[0])
            more = values[1:]
            if by_stage and sector is not None:
                more += _characteristic(sector.reindex(ids), sector_base)[:1]
        shown = set(parts)
        extras[n] = [v for v in dict.fromkeys(more) if v not in shown]
        base[n] = parts
        placed_only[n] = has_place and len(parts) == 1
    names = {n: " – ".join(p) if p else t("subcluster.n", lang, n=n) for n, p in base.items()}
    names = _unique(names, extras, placed_only, lang)
    return pd.Series(
        [names[n] for n in numbers],
        index=pd.Index(numbers, dtype="int64", name="subcluster"),
        dtype=object,
        name="subcluster_name",
    )


def _unique(
    names: dict[int, str],
    extras: dict[int, list[str]],
    placed_only: dict[int, bool],
    lang: str,
) -> dict[int, str]:
    """Separate equal names: next characteristic values, then the sub-cluster number
    (a name that is only a place becomes "Sub-cluster *n*": the place tells them apart
    no better than the number)."""
    out = dict(names)
    taken = pd.Series(list(out.values())).value_counts()
    for name in [v for v in taken.index if taken[v] > 1]:
        group = [n for n, v in names.items() if v == name]
        others = {v for n, v in out.items() if n not in group}
        depth = max(len(extras[n]) for n in group)
        done = False
        for level in range(1, depth + 1):
            trial = {
                n: name + (", " + ", ".join(extras[n][:level]) if extras[n][:level] else "")
                for n in group
            }
            if len(set(trial.values())) == len(group) and not set(trial.values()) & others:
                out.update(trial)
                done = True
                break
        if not done:
            out.update(
                {
                    n: t("subcluster.n", lang, n=n)
                    if placed_only[n]
                    else t("subcluster.numbered", lang, name=name, n=n)
                    for n in group
                }
            )
    return out


def actor_subcluster_names(
    subcluster: pd.Series, names: pd.Series | dict, *, lang: str
) -> pd.Series:
    """Each actor's sub-cluster name, "no sub-cluster" for an actor in none.

    Examples
    --------
    >>> sub = pd.Series([1, pd.NA, 1], index=list("abc"), dtype="Int64")
    >>> actor_subcluster_names(sub, {1: "Tunuyán – viñedo"}, lang="es").tolist()
    ['Tunuyán – viñedo', 'sin subcluster', 'Tunuyán – viñedo']
    """
    lookup = {int(k): v for k, v in dict(names).items()}
    none = t("map.no_subcluster", lang)
    return pd.Series(
        [none if pd.isna(v) else lookup.get(int(v), none) for v in subcluster],
        index=subcluster.index,
        dtype=object,
        name="subcluster_name",
    )


# --------------------------------------------------------------------------- helpers
@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed igraph's RNG (Python's ``random`` module) and restore the global state."""
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


def _undirected(view: NetworkView, weighted: bool) -> ig.Graph:
    """Undirected collapse: one edge per pair, weight = sum over both directions.

    Unweighted (``weighted=False`` or an unweighted view): every pair has weight 1.
    Weights far from 1 are rescaled first (:func:`~tramas.metrics.weights.unit_weights`:
    modularity is a ratio of weights; a sum of ``1e308`` weights would be infinite).
    """
    g = unit_weights(view, weighted).graph
    use_weights = weighted and view.weighted
    if g.ecount() == 0:
        und = ig.Graph(n=g.vcount(), directed=False)
        und.es["weight"] = []
        return und
    if g.is_directed():
        und = g.as_undirected(
            mode="collapse", combine_edges={"weight": "sum", "relation": "ignore"}
        )
    else:
        und = g.copy()
        und.simplify(
            multiple=True, loops=True, combine_edges={"weight": "sum", "relation": "ignore"}
        )
    if not use_weights:
        und.es["weight"] = 1.0
    return und


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Integer labels 1..k by decreasing size, ties by first occurrence."""
    labels = np.asarray(labels)
    if len(labels) == 0:
        return labels.astype(np.int64)
    uniq, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    new = np.empty(len(uniq), dtype=np.int64)
    new[order] = np.arange(1, len(uniq) + 1)
    return new[inverse.ravel()]


def _membership(view: NetworkView, labels: np.ndarray) -> pd.Series:
    return view.series(_relabel(labels), name="community")


def modularity(
    view: NetworkView,
    membership: pd.Series | np.ndarray,
    *,
    resolution: float = 1.0,
    weighted: bool = True,
) -> float:
    """Newman–Girvan modularity of a partition on the undirected collapse.

    Parameters
    ----------
    view:
        The network view.
    membership:
        Community of each actor (Series indexed by actor id, or in vertex order).
    resolution:
        :math:`\\gamma` below (1 = classic modularity).
    weighted:
        Use tie weights.

    Returns
    -------
    float
        :math:`Q = \\frac{1}{2m} \\sum_{ij} \\big(A_{ij} - \\gamma \\frac{k_i k_j}{2m}\\big)
        \\delta(c_i, c_j)`; NaN for a network without ties.

    References
    ----------
    Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community structure
    in networks. *Phys. Rev. E* 69, 026113.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("c", "d")], directed=False)
    >>> modularity(v, [1, 1, 2, 2])
    0.5
    """
    und = _undirected(view, weighted)
    if und.ecount() == 0:
        return float("nan")
    if isinstance(membership, pd.Series):
        membership = membership.reindex(view.ids).to_numpy()
    codes, _ = pd.factorize(np.asarray(membership))
    return float(und.modularity(codes.tolist(), weights="weight", resolution=resolution))


# --------------------------------------------------------------------------- methods
def _leiden_labels(
    und: ig.Graph, resolution: float, seed: int, n_iterations: int = -1
) -> np.ndarray:
    """Leiden membership; ``n_iterations > 0`` means at most that many, stopping when stable."""
    kwargs = {
        "objective_function": "modularity",
        "weights": "weight",
        "resolution": resolution,
        "beta": 0.01,
    }
    with _seeded(seed):
        if n_iterations < 0:
            part = und.community_leiden(n_iterations=-1, **kwargs)
            return np.asarray(part.membership)
        membership = None
        for _ in range(max(n_iterations, 1)):
            part = und.community_leiden(n_iterations=1, initial_membership=membership, **kwargs)
            if membership is not None and part.membership == membership:
                break
            membership = part.membership
    return np.asarray(part.membership)


def _modularity(und: ig.Graph, labels: np.ndarray, resolution: float) -> float:
    if und.ecount() == 0:
        return float("nan")
    return float(und.modularity(labels.tolist(), weights="weight", resolution=resolution))


def leiden(
    view: NetworkView,
    *,
    resolution: float = 1.0,
    seed: int = 42,
    weighted: bool = True,
    n_iterations: int = -1,
) -> Communities:
    """Leiden communities maximising modularity.

    Parameters
    ----------
    view:
        The network view (collapsed to undirected, weights summed).
    resolution:
        Modularity resolution :math:`\\gamma`; larger values give more, smaller
        sub-clusters.
    seed:
        Random seed (runs are reproducible).
    weighted:
        Use tie weights.
    n_iterations:
        ``-1`` (default) iterates until the partition is stable. A positive number
        iterates at most that many times, stopping earlier when an iteration changes
        nothing — a guard for very large networks without clear structure, where
        reaching full stability can take long (``analyze`` uses 10 above its exact
        limit). (igraph's own positive ``n_iterations`` always runs them all.)

    Returns
    -------
    Communities

    Notes
    -----
    igraph's ``community_leiden`` with ``objective_function="modularity"`` (its
    default would be CPM) and ``beta=0.01``.

    References
    ----------
    Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to Leiden:
    guaranteeing well-connected communities. *Scientific Reports* 9, 5233.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"),
    ...                             ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
    ...                            directed=False)
    >>> leiden(v).membership.tolist()
    [1, 1, 1, 2, 2, 2]
    """
    und = _undirected(view, weighted)
    labels = _leiden_labels(und, resolution, seed, n_iterations)
    return Communities(
        membership=_membership(view, labels),
        method="leiden",
        parameters={
            "objective": "modularity",
            "resolution": resolution,
            "seed": seed,
            "weighted": weighted,
            "n_iterations": n_iterations,
        },
        modularity=_modularity(und, labels, resolution),
    )


def louvain(
    view: NetworkView, *, resolution: float = 1.0, seed: int = 42, weighted: bool = True
) -> Communities:
    """Louvain (multilevel) communities maximising modularity.

    Parameters
    ----------
    view, resolution, seed, weighted:
        As for :func:`leiden`.

    Returns
    -------
    Communities

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast
    unfolding of communities in large networks. *J. Stat. Mech.* P10008.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"),
    ...                             ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
    ...                            directed=False)
    >>> louvain(v).n_communities
    2
    """
    und = _undirected(view, weighted)
    with _seeded(seed):
        part = und.community_multilevel(weights="weight", resolution=resolution)
    labels = np.asarray(part.membership)
    return Communities(
        membership=_membership(view, labels),
        method="louvain",
        parameters={"resolution": resolution, "seed": seed, "weighted": weighted},
        modularity=_modularity(und, labels, resolution),
    )


def infomap(
    view: NetworkView, *, trials: int = 10, seed: int = 42, weighted: bool = True
) -> Communities:
    """Infomap communities: modules that trap a random walker along the ties.

    Parameters
    ----------
    view:
        The network view; tie direction is followed.
    trials:
        Independent attempts; the best (shortest code length) is kept.
    seed:
        Random seed.
    weighted:
        Use tie weights as flow.

    Returns
    -------
    Communities
        ``parameters["codelength"]`` holds the map-equation code length.

    References
    ----------
    Rosvall, M., & Bergstrom, C. T. (2008). Maps of random walks on complex networks
    reveal community structure. *PNAS* 105(4), 1118-1123.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"),
    ...                             ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")])
    >>> infomap(v).n_communities
    2
    """
    g = unit_weights(view, weighted).graph
    with _seeded(seed):
        part = g.community_infomap(
            edge_weights="weight" if (weighted and view.weighted) else None, trials=trials
        )
    labels = np.asarray(part.membership)
    return Communities(
        membership=_membership(view, labels),
        method="infomap",
        parameters={
            "trials": trials,
            "seed": seed,
            "weighted": weighted,
            "codelength": float(part.codelength),
        },
        modularity=modularity(view, labels, weighted=weighted),
    )


def walktrap(view: NetworkView, *, steps: int = 4, weighted: bool = True) -> Communities:
    """Walktrap communities (deterministic), cut at maximum modularity.

    Parameters
    ----------
    view:
        The network view (collapsed to undirected).
    steps:
        Length of the random walks.
    weighted:
        Use tie weights.

    Returns
    -------
    Communities

    Notes
    -----
    Quadratic memory in the number of actors: meant for cluster-sized networks.

    References
    ----------
    Pons, P., & Latapy, M. (2006). Computing communities in large networks using random
    walks. *J. Graph Algorithms and Applications* 10(2), 191-218.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"),
    ...                             ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
    ...                            directed=False)
    >>> walktrap(v).membership.tolist()
    [1, 1, 1, 2, 2, 2]
    """
    und = _undirected(view, weighted)
    if und.vcount() == 0:
        labels = np.zeros(0, dtype=np.int64)
    else:
        labels = np.asarray(
            und.community_walktrap(weights="weight", steps=steps).as_clustering().membership
        )
    return Communities(
        membership=_membership(view, labels),
        method="walktrap",
        parameters={"steps": steps, "weighted": weighted},
        modularity=_modularity(und, labels, 1.0),
    )


# --------------------------------------------------------------------------- consensus
def _coassignment(edges: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Share of runs in which the two ends of each edge are in the same community."""
    if len(edges) == 0:
        return np.zeros(0)
    same = np.zeros(len(edges))
    for labels in runs:
        same += labels[edges[:, 0]] == labels[edges[:, 1]]
    return same / len(runs)


def _stability(final: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Share of runs in which each actor sits with the majority of its final community."""
    n = len(final)
    if n == 0:
        return np.zeros(0)
    hits = np.zeros(n)
    for labels in runs:
        codes, _ = pd.factorize(labels)
        table = sp.coo_matrix(
            (np.ones(n), (final, codes)), shape=(final.max() + 1, codes.max() + 1)
        ).tocsr()
        majority = np.asarray(table.argmax(axis=1)).ravel()
        hits += codes == majority[final]
    return hits / len(runs)


def consensus(
    view: NetworkView,
    *,
    runs: int = 20,
    resolution: float = 1.0,
    seed: int = 42,
    threshold: float = 0.5,
    max_rounds: int = 10,
    weighted: bool = True,
    n_iterations: int = -1,
) -> Communities:
    """Consensus of repeated Leiden runs, with a stability figure per actor.

    Parameters
    ----------
    view:
        The network view (collapsed to undirected).
    runs:
        Leiden runs, with seeds ``seed``, ``seed + 1``, ...
    resolution:
        Modularity resolution.
    seed:
        First seed.
    threshold:
        Co-assignment share below which a tie is dropped from the consensus graph.
    max_rounds:
        Rounds of re-clustering the consensus graph before stopping.
    weighted:
        Use tie weights.
    n_iterations:
        Iterations of each Leiden run (see :func:`leiden`).

    Returns
    -------
    Communities
        ``method="consensus-leiden"``, ``stability`` per actor, ``parameters`` with the
        rounds used and whether the runs converged to one partition.

    Notes
    -----
    Lancichinetti & Fortunato (2012), restricted to the network's ties: (1) run Leiden
    ``runs`` times; (2) weight each tie by the share of runs that put its two ends
    together; (3) drop ties below ``threshold``; (4) run Leiden on this consensus
    graph ``runs`` times; repeat (2)-(4) until all runs agree. An actor's stability is
    the share of the original runs in which it was in the same community as most
    members of its final community (1 = always).

    References
    ----------
    Lancichinetti, A., & Fortunato, S. (2012). Consensus clustering in complex
    networks. *Scientific Reports* 2, 336.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"),
    ...                             ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
    ...                            directed=False)
    >>> c = consensus(v, runs=5)
    >>> c.membership.tolist(), float(c.stability.min())
    ([1, 1, 1, 2, 2, 2], 1.0)
    """
    und = _undirected(view, weighted)
    n = und.vcount()
    seeds = [seed + r for r in range(runs)]
    first = [_leiden_labels(und, resolution, s, n_iterations) for s in seeds]
    edges = np.asarray(und.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    current = first
    converged = False
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        share = _coassignment(edges, current)
        if len(share) == 0 or np.all((share == 0) | (share == 1)):
            converged = True
            break
        keep = share >= threshold
        cg = ig.Graph(n=n, edges=edges[keep].tolist(), directed=False)
        cg.es["weight"] = share[keep].tolist()
        current = [_leiden_labels(cg, resolution, s, n_iterations) for s in seeds]
    final = _relabel(current[0]) if n else np.zeros(0, dtype=np.int64)
    stability = _stability(final - 1, first) if n else np.zeros(0)
    return Communities(
        membership=view.series(final, name="community"),
        method="consensus-leiden",
        parameters={
            "objective": "modularity",
            "resolution": resolution,
            "seed": seed,
            "runs": runs,
            "threshold": threshold,
            "rounds": rounds,
            "converged": converged,
            "weighted": weighted,
            "n_iterations": n_iterations,
        },
        modularity=_modularity(und, final, resolution),
        stability=view.series(stability, name="community_stability"),
    )


def analysis_communities(
    view: NetworkView,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    runs: int = 20,
    exact_limit: int = 5000,
) -> Communities:
    """The communities ``tramas analyze`` reports for a view (and a wave comparison's baseline).

    One computation for every caller, so the analysis of a wave and the change map or
    new bridges of a comparison starting at that wave number the same sub-clusters.

    Parameters
    ----------
    view:
        The analysed view.
    seed, resolution, runs:
        As for :func:`consensus`.
    exact_limit:
        Above this many actors at most 5 runs of at most 10 Leiden iterations each.

    Returns
    -------
    Communities
        :func:`consensus` of the view; ``.subcluster`` numbers its sub-clusters.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")],
    ...                            directed=False)
    >>> analysis_communities(v).subcluster.tolist()
    [1, 1, 1, 2, 2]
    """
    estimated = view.n_actors > exact_limit
    return consensus(
        view,
        runs=min(runs, 5) if estimated else runs,
        resolution=resolution,
        seed=seed,
        n_iterations=10 if estimated else -1,
    )


# --------------------------------------------------------------------------- agreement
def agreement(membership: pd.Series, labels: pd.Series) -> dict[str, float]:
    """Agreement between communities and an actor attribute (sector, location, ...).

    Parameters
    ----------
    membership:
        Community of each actor, indexed by actor id.
    labels:
        Attribute values indexed by actor id; actors with a missing value are left out.

    Returns
    -------
    dict
        ``nmi`` (normalised mutual information, 0-1), ``ari`` (adjusted Rand index,
        1 = identical, about 0 = chance) and ``n`` (actors compared).

    References
    ----------
    Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing community
    structure identification. *J. Stat. Mech.* P09008. Hubert, L., & Arabie, P.
    (1985). Comparing partitions. *J. Classification* 2, 193-218.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.Series([1, 1, 2, 2], index=list("abcd"))
    >>> agreement(m, pd.Series(["x", "x", "y", "y"], index=list("abcd")))["ari"]
    1.0
    """
    both = pd.DataFrame({"c": membership, "a": labels.reindex(membership.index)}).dropna()
    if len(both) < 2:
        return {"nmi": float("nan"), "ari": float("nan"), "n": len(both)}
    c, _ = pd.factorize(both["c"].to_numpy())
    a, _ = pd.factorize(both["a"].astype(str).to_numpy())
    if len(set(c)) == 1 and len(set(a)) == 1:
        return {"nmi": 1.0, "ari": 1.0, "n": len(both)}
    return {
        "nmi": float(ig.compare_communities(c.tolist(), a.tolist(), method="nmi")),
        "ari": float(ig.compare_communities(c.tolist(), a.tolist(), method="adjusted_rand")),
        "n": len(both),
    }


def community_table(
    view: NetworkView,
    communities: Communities,
    *,
    attributes: tuple[str, ...] = ("kind", "sector", "municipality", "region"),
    score: pd.Series | None = None,
) -> pd.DataFrame:
    """One row per community: size, ties inside and across, density and composition.

    Parameters
    ----------
    view:
        The network view the communities were found on.
    communities:
        The partition.
    attributes:
        Actor attributes whose most common value (and its share) is reported.
    score:
        A centrality used to name each community's most central actor (default:
        total degree).

    Returns
    -------
    pandas.DataFrame
        Columns ``community``, ``subcluster`` (its number as a sub-cluster, empty for
        a single actor: :func:`subclusters`), ``size``, ``internal`` (members inside the cluster),
        ``ties_within``, ``ties_between`` (ties to other communities), ``density``
        (within), ``stability`` (mean, if consensus), ``top_<attr>`` and
        ``top_<attr>_share`` for each attribute present, ``central_actor``,
        ``central_actor_name``.

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("c", "d"), ("b", "c")], directed=False)
    >>> c = Communities(pd.Series([1, 1, 2, 2], index=v.ids), "given")
    >>> community_table(v, c)[["community", "size", "ties_within", "ties_between"]].values.tolist()
    [[1, 2, 1, 1], [2, 2, 1, 1]]
    """
    memb = communities.membership.reindex(view.ids).to_numpy()
    und = _undirected(view, weighted=False)
    e = np.asarray(und.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    labels = np.unique(memb)
    within = pd.Series(0, index=labels)
    between = pd.Series(0, index=labels)
    if len(e):
        ca, cb = memb[e[:, 0]], memb[e[:, 1]]
        same = ca == cb
        within = within.add(pd.Series(ca[same]).value_counts(), fill_value=0)
        cross = np.concatenate([ca[~same], cb[~same]])
        between = between.add(pd.Series(cross).value_counts(), fill_value=0)
    size = pd.Series(memb).value_counts().reindex(labels)
    rows = pd.DataFrame(
        {
            "community": labels,
            "size": size.to_numpy(),
            "ties_within": within.reindex(labels).to_numpy().astype(int),
            "ties_between": between.reindex(labels).to_numpy().astype(int),
        }
    )
    sub = subclusters(pd.Series(memb, index=view.ids))
    number = sub.groupby(memb).first().reindex(labels)
    rows.insert(1, "subcluster", pd.array(number.to_numpy(), dtype="Int64"))
    pairs = rows["size"] * (rows["size"] - 1) / 2
    rows["density"] = np.where(pairs > 0, rows["ties_within"] / pairs.where(pairs > 0, 1), 0.0)
    actors = view.actors
    group = pd.Series(memb, index=view.ids)
    if "internal" in actors.columns:
        internal = actors["internal"].fillna(True).astype(bool)
        rows["internal"] = internal.groupby(group).sum().reindex(labels).to_numpy().astype(int)
    if communities.stability is not None:
        stab = communities.stability.reindex(view.ids)
        rows["stability"] = stab.groupby(group).mean().reindex(labels).to_numpy()
    for attr in attributes:
        if attr not in actors.columns or actors[attr].isna().all():
            continue
        values = actors[attr].astype(object)
        known = values.notna()
        counts = (
            pd.DataFrame({"c": memb[known.to_numpy()], "v": values[known].astype(str).to_numpy()})
            .value_counts()
            .reset_index(name="n")
            .sort_values(["c", "n", "v"], ascending=[True, False, True])
            .drop_duplicates("c")
            .set_index("c")
        )
        top = counts.reindex(labels)
        rows[f"top_{attr}"] = top["v"].fillna("").to_numpy()
        rows[f"top_{attr}_share"] = top["n"].fillna(0).to_numpy() / rows["size"].to_numpy()
    if score is None:
        score = view.series(np.asarray(view.graph.degree(), dtype=float))
    sc = score.reindex(view.ids).astype(float)
    # most central member: highest score, first in view order on ties
    order = np.lexsort((np.arange(len(memb)), -sc.to_numpy(), memb))
    first = order[np.r_[True, memb[order][1:] != memb[order][:-1]]] if len(memb) else order
    central = pd.Series(view.ids.to_numpy()[first], index=memb[first]).reindex(labels)
    rows["central_actor"] = central.to_numpy()
    if "name" in actors.columns:
        names = actors["name"].astype(object)
        names = names.where(names.notna(), pd.Series(view.ids, index=view.ids))
        rows["central_actor_name"] = names.reindex(central.to_numpy()).to_numpy()
    return rows
