"""Gould–Fernandez brokerage roles for any grouping of actors.

Actor *v* brokers when it lies on a two-step path :math:`a \\to v \\to b` whose ends are
not directly tied (:math:`a \\ne b`, no tie :math:`a \\to b`): *b* depends on *v* to hear
from *a*. Gould & Fernandez (1989) classify each such path by the groups of the three
actors (groups: actor kind, location, size, ownership, community, inside/outside the
cluster, ...):

============== ===== ========================= ====================================
role           sna   groups                    in a cluster
============== ===== ========================= ====================================
coordinator    w_I   a, v, b in one group      mediates among its own group
itinerant      w_O   a, b in one group, v not  outside consultant for a group
representative b_IO  a, v in one group, b not  carries its group's knowledge out
gatekeeper     b_OI  v, b in one group, a not  lets outside knowledge into its group
liaison        b_O   a, v, b in three groups   links groups it does not belong to
============== ===== ========================= ====================================

Raw counts are those of statnet's ``sna::brokerage`` (``raw.nli``); expected values,
standard deviations and z-scores follow the same function (``exp.nli``, ``sd.nli``,
``z.nli``), which models each ordered pair as tied independently with the network's
density (Gould & Fernandez 1989).

Multiplex views
    Brokerage needs direction: *b* depends on *v* to hear from *a*. In a view that
    mixes directed relations (knowledge, trade) with relations without direction
    (cooperation), the two-paths are those of the **directed relations only**: a
    cooperation tie gives no direction to broker along, neither as a step of a path nor
    as the tie :math:`a \\to b` that closes it, so adding a relation without direction never
    changes the counts. The arcs of the directed relations are pooled: a two-path may
    take its two steps in different directed relations (advice received, a sale made:
    what *v* learnt from *a* may reach *b* through the sale) and is closed by an arc
    :math:`a \\to b` of any of them. Gould & Fernandez (1989) define brokerage on one
    transaction network; pooling the directed relations reads their union as that
    network, whereas counting relation by relation would miss exactly the mediation
    that crosses relations and would count a path twice where two relations run in
    parallel. A view in which no directed relation has a tie (cooperation alone), or an
    undirected view, keeps the symmetric reading: every tie counts in both directions.
    The relations counted over (those with ties) are in :attr:`Brokerage.parameters`
    (``relations``, ``ties``).

The count is vectorised: for every actor the pairs (in-neighbour, out-neighbour) are
enumerated with numpy in blocks of a few million, the closed and reciprocal ones
dropped, and the rest tallied by role — linear in the number of two-step paths, so it
runs on networks with millions of ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import comb

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView

__all__ = ["BROKERAGE_ROLES", "SNA_NAMES", "Brokerage", "brokerage"]

#: Roles in output order (then ``total``).
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "itinerant",
    "gatekeeper",
    "representative",
    "liaison",
)
#: statnet ``sna::brokerage`` column of each role.
SNA_NAMES: dict[str, str] = {
    "coordinator": "w_I",
    "itinerant": "w_O",
    "representative": "b_IO",
    "gatekeeper": "b_OI",
    "liaison": "b_O",
    "total": "t",
}
_COLUMNS = [*BROKERAGE_ROLES, "total"]
_BLOCK = 4_000_000
_MISSING = "(missing)"


@dataclass(frozen=True)
class Brokerage:
    """Gould–Fernandez brokerage of every actor, with its null model.

    Attributes
    ----------
    raw:
        Counts by role and ``total``, indexed by actor id (columns
        :data:`BROKERAGE_ROLES` + ``total``).
    expected, sd, z:
        Expected counts, standard deviations and z-scores under the density null
        model of ``sna::brokerage``; z is NaN where the standard deviation is 0
        (groups of one or two actors).
    groups:
        The group of each actor (missing values form the group ``"(missing)"``).
    attribute:
        Name of the grouping attribute, if one was named.
    density:
        :math:`m / (n(n-1))` used by the null model.
    parameters:
        How the counts were made.
    """

    raw: pd.DataFrame
    expected: pd.DataFrame
    sd: pd.DataFrame
    z: pd.DataFrame
    groups: pd.Series
    attribute: str | None
    density: float
    parameters: dict = field(default_factory=dict)

    def table(self, prefix: str = "brokerage_") -> pd.DataFrame:
        """Raw counts as columns ``brokerage_coordinator`` ... ``brokerage_total``."""
        return self.raw.add_prefix(prefix)

    def to_sna(self, which: str = "raw") -> pd.DataFrame:
        """One of ``raw``/``expected``/``sd``/``z`` with sna's column names and order."""
        frame = getattr(self, which)
        cols = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
        return frame[cols].rename(columns=SNA_NAMES)


def _arcs(view: NetworkView) -> np.ndarray:
    """Distinct arcs (both directions of undirected ties), loops dropped."""
    g = view.graph
    if g.ecount() == 0:
        return np.zeros((0, 2), dtype=np.int64)
    e = np.asarray(g.get_edgelist(), dtype=np.int64)
    if not view.directed:
        e = np.vstack([e, e[:, ::-1]])
    e = e[e[:, 0] != e[:, 1]]
    n = g.vcount()
    keys = np.unique(e[:, 0] * n + e[:, 1])
    return np.column_stack([keys // n, keys % n])


def _brokerage_arcs(view: NetworkView) -> tuple[np.ndarray, tuple[str, ...], str]:
    """The arcs brokerage runs along, the relations they come from and how.

    Returns the distinct arcs (loops dropped, sorted), the relations of the view with
    ties that they come from, and ``"directed"`` (arcs of the directed relations only)
    or ``"symmetric"`` (every tie in both directions: an undirected view, or one in
    which no directed relation has a tie).
    """
    ties = view.relation_ties() if view.relations else {}
    present = tuple(r for r in view.relations if r in ties)
    if not view.directed:
        return _arcs(view), present, "symmetric"
    undirected = set(view.undirected_relations)
    directed_rels = tuple(r for r in present if r not in undirected)
    if not undirected & set(present):
        return _arcs(view), present, "directed"
    if not directed_rels:
        return _arcs(view), present, "symmetric"
    arcs = view.directed_arcs()
    return arcs[arcs[:, 0] != arcs[:, 1]], directed_rels, "directed"


def _group_codes(
    view: NetworkView, groups: str | pd.Series | None
) -> tuple[np.ndarray, pd.Series, str | None]:
    if groups is None:
        labels = pd.Series("all", index=view.ids, dtype=object)
        attribute = None
    elif isinstance(groups, str):
        if groups not in view.actors.columns:
            raise TramasError(
                f"no actor attribute {groups!r} to group brokerage by",
                hint=f"known attributes: {', '.join(map(str, view.actors.columns))}",
                code="brokerage_no_attribute",
                values={"groups": groups, "known": ", ".join(map(str, view.actors.columns))},
            )
        labels = view.actors[groups]
        attribute = groups
    else:
        labels = pd.Series(groups).reindex(view.ids)
        attribute = getattr(groups, "name", None)
    labels = labels.astype(object).where(labels.notna(), _MISSING).astype(str)
    labels.index = view.ids.copy()
    codes, _ = pd.factorize(labels.to_numpy())
    return codes.astype(np.int64), labels.rename(attribute or "group"), attribute


def _count(n: int, arcs: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Raw role counts (n x 5, in :data:`BROKERAGE_ROLES` order)."""
    counts = np.zeros(n * 5, dtype=np.int64)
    if len(arcs) == 0:
        return counts.reshape(n, 5)
    src, dst = arcs[:, 0], arcs[:, 1]
    keys = src * n + dst  # sorted (arcs come from np.unique)
    # out-lists: arcs sorted by source; in-lists: arcs sorted by target
    out_ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n))])
    out_nbr = dst
    order = np.lexsort((src, dst))
    in_ptr = np.concatenate([[0], np.cumsum(np.bincount(dst, minlength=n))])
    in_nbr = src[order]
    indeg = np.diff(in_ptr)
    outdeg = np.diff(out_ptr)
    pairs = indeg * outdeg
    vertices = np.flatnonzero(pairs)
    if len(vertices) == 0:
        return counts.reshape(n, 5)
    cum = np.cumsum(pairs[vertices])
    start = 0
    while start < len(vertices):
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + _BLOCK, side="right"))
        stop = max(stop, start + 1)
        vs = vertices[start:stop]
        p = pairs[vs]
        total = int(p.sum())
        v = np.repeat(vs, p)
        k = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(p) - p, p)
        o = np.repeat(outdeg[vs], p)
        a = in_nbr[in_ptr[v] + k // o]
        b = out_nbr[out_ptr[v] + k % o]
        ok = a != b
        a, b, v = a[ok], b[ok], v[ok]
        q = a * n + b
        pos = np.searchsorted(keys, q)
        pos[pos >= len(keys)] = 0
        ok = keys[pos] != q  # a -> b absent: v really brokers
        a, b, v = a[ok], b[ok], v[ok]
        ga, gv, gb = codes[a], codes[v], codes[b]
        role = np.full(len(v), 4, dtype=np.int64)  # liaison: all different
        role[(ga == gv) & (gv == gb)] = 0  # coordinator
        role[(ga == gb) & (ga != gv)] = 1  # itinerant
        role[(gv == gb) & (ga != gv)] = 2  # gatekeeper
        role[(ga == gv) & (gv != gb)] = 3  # representative
        counts += np.bincount(v * 5 + role, minlength=n * 5)
        start = stop
    return counts.reshape(n, 5)


def _moments(sizes: np.ndarray, n_total: int, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected counts and variances by broker group, as in ``sna::brokerage``.

    Columns in :data:`BROKERAGE_ROLES` order then total.
    """
    k = len(sizes)
    N = float(n_total)
    nn = sizes.astype(float)
    q = d * d * (1 - d)
    r = d**3 * (1 - d) ** 3
    exp = np.zeros((k, 6))
    var = np.zeros((k, 6))
    for i in range(k):
        ni = nn[i]
        other = np.delete(nn, i)
        # coordinator (w_I)
        exp[i, 0] = q * (ni - 1) * (ni - 2)
        var[i, 0] = exp[i, 0] * (1 - q) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * r
        # itinerant (w_O)
        exp[i, 1] = q * np.sum(other * (other - 1))
        var[i, 1] = exp[i, 1] * (1 - q) + 2 * np.sum(other * (other - 1) * (other - 2)) * r
        # representative (b_IO) and gatekeeper (b_OI) share their moments
        e3 = q * (N - ni) * (ni - 1)
        v3 = (
            e3 * (1 - q)
            + 2 * ((ni - 1) * comb(int(N - ni), 2) + (N - ni) * comb(max(int(ni - 1), 0), 2)) * r
        )
        exp[i, 2] = exp[i, 3] = e3
        var[i, 2] = var[i, 3] = v3
        # liaison (b_O)
        exp[i, 4] = q * (other.sum() ** 2 - np.sum(other**2))
        var[i, 4] = (
            exp[i, 4] * (1 - q)
            + 4 * np.sum(other * np.array([comb(max(int(N - o - ni), 0), 2) for o in other])) * r
        )
        # total
        exp[i, 5] = q * (N - 1) * (N - 2)
        var[i, 5] = exp[i, 5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * r
    return exp, var


def brokerage(view: NetworkView, groups: str | pd.Series | None = "kind") -> Brokerage:
    """Gould–Fernandez brokerage counts, expectations and z-scores.

    Parameters
    ----------
    view:
        The network view. In a directed view only the arcs of its directed relations
        count: ties of relations without direction (its
        :attr:`~tramas.graph.NetworkView.undirected_relations`, e.g. cooperation) are
        left out, and the arcs of several directed relations are pooled (see the module
        notes). In an undirected view, or one in which no directed relation has a tie,
        every tie counts in both directions. Tie weights are ignored (a tie is present or not).
    groups:
        The name of an actor attribute (``kind``, ``municipality``, ``size``,
        ``ownership``, ``internal``, ``community`` ...) or a Series of group labels
        indexed by actor id. Missing values form one group ``"(missing)"``. ``None``
        puts everyone in one group (only coordinator counts are then non-zero).

    Returns
    -------
    Brokerage
        ``raw``, ``expected``, ``sd`` and ``z`` tables (columns coordinator,
        itinerant, gatekeeper, representative, liaison, total) indexed by actor id;
        ``parameters`` names the ``relations`` counted over (those of the view with
        ties) and whether the ``ties`` were ``"directed"`` arcs or ``"symmetric"``.

    Notes
    -----
    For broker *v* in group :math:`g_v`, every path :math:`a \\to v \\to b` with
    :math:`a \\ne b` and no tie :math:`a \\to b` counts once, in the role given by
    :math:`(g_a, g_v, g_b)` (table in the module docstring); ``total`` is their sum.
    Expected values for a broker of a group with :math:`n_i` of the *N* actors, with
    density :math:`d = m / (N(N-1))`: coordinator :math:`d^2(1-d)(n_i-1)(n_i-2)`;
    itinerant :math:`d^2(1-d)\\sum_{j \\ne i} n_j(n_j-1)`; representative and gatekeeper
    :math:`d^2(1-d)(N-n_i)(n_i-1)`; liaison
    :math:`d^2(1-d)\\sum_{j \\ne k;\\, j,k \\ne i} n_j n_k`; total
    :math:`d^2(1-d)(N-1)(N-2)`. Variances as in ``sna::brokerage``.

    In a view mixing directed and undirected relations the arcs are
    :math:`A = \\bigcup_{r \\text{ directed}} A_r` (two-paths may cross relations; a
    path is closed by an arc :math:`a \\to b` of any directed relation) and *m* is
    :math:`|A|`; with a single relation this is ``sna::brokerage`` on that relation.

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal approach
    to brokerage in transaction networks. *Sociological Methodology* 19, 89-126.
    Butts, C. T. (2008). Social network analysis with sna. *J. Stat. Software* 24(6).

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import NetworkView
    >>> actors = pd.DataFrame({"kind": ["firm", "research", "firm"]},
    ...                       index=pd.Index(["a", "u", "b"], name="id"))
    >>> v = NetworkView.from_edges([("a", "u"), ("u", "b")], actors=actors)
    >>> brokerage(v, "kind").raw.loc["u", ["itinerant", "total"]].tolist()
    [1, 1]

    Cooperation (no direction) between *a* and *b* neither adds paths nor closes one:

    >>> e = pd.DataFrame({"source": ["a", "u", "a", "b"], "target": ["u", "b", "b", "a"],
    ...                   "relation": ["advice", "advice", "coop", "coop"]})
    >>> m = NetworkView.from_frames(actors, e, relations=("advice", "coop"),
    ...                             undirected_relations=("coop",))
    >>> b = brokerage(m, "kind")
    >>> b.raw.loc["u", "itinerant"], b.parameters["relations"], b.parameters["ties"]
    (np.int64(1), ['advice'], 'directed')
    """
    n = view.graph.vcount()
    codes, labels, attribute = _group_codes(view, groups)
    arcs, relations, ties = _brokerage_arcs(view)
    raw = _count(n, arcs, codes)
    raw = np.column_stack([raw, raw.sum(axis=1)])
    m = len(arcs)
    d = m / (n * (n - 1)) if n > 1 else 0.0
    sizes = np.bincount(codes, minlength=codes.max() + 1 if n else 0)
    exp_g, var_g = _moments(sizes, n, d) if n else (np.zeros((0, 6)), np.zeros((0, 6)))
    expected = exp_g[codes] if n else np.zeros((0, 6))
    sd = np.sqrt(np.maximum(var_g[codes], 0.0)) if n else np.zeros((0, 6))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (raw - expected) / np.where(sd > 0, sd, 1.0), np.nan)
    index = view.ids.copy()
    return Brokerage(
        raw=pd.DataFrame(raw, index=index, columns=_COLUMNS),
        expected=pd.DataFrame(expected, index=index, columns=_COLUMNS),
        sd=pd.DataFrame(sd, index=index, columns=_COLUMNS),
        z=pd.DataFrame(z, index=index, columns=_COLUMNS),
        groups=labels,
        attribute=attribute,
        density=float(d),
        parameters={
            "groups": attribute,
            "directed": view.directed,
            "arcs": int(m),
            "relations": list(relations),
            "ties": ties,
        },
    )
