"""The in-memory multiplex network and the views that analyses run on.

A :class:`Network` holds the actors table, every canonical tie (all relations, all waves)
and the study's relation definitions. :meth:`Network.view` selects relation(s), a wave,
internal or all actors, directed or undirected and weighted or not, and yields a
:class:`NetworkView` whose igraph ``Graph`` keeps actor ids as the vertex attribute
``name``. igraph renumbers vertices; this module is the one place that maps results
back to actor ids (:meth:`NetworkView.series`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.model import TIE_COLUMNS, UPGRADING_COLUMNS, Relation, StudyInfo

__all__ = [
    "Network",
    "NetworkView",
    "choose_relations",
    "choose_wave",
    "empty_upgrading",
    "merge_relations",
]

NonRespondents = Literal["missing", "reconstruct"]


@dataclass
class Network:
    """Actors, ties of every relation and wave, and the study they come from.

    Attributes
    ----------
    actors:
        One row per actor, indexed by actor id (``str``); known columns are listed in
        :data:`tramas.graph.model.ACTOR_COLUMNS`, any other column is an attribute.
        ``internal`` and ``respondent`` are booleans.
    ties:
        One row per canonical tie with the columns of
        :data:`tramas.graph.model.TIE_COLUMNS` plus tie attributes. Directed ties point
        along the flow (already reoriented by the relation's ``direction``); undirected
        relations keep each report as written (respondent first) and are combined by the
        relation's ``symmetrize`` rule when viewed.
    relations:
        Relation definitions by name.
    study:
        Study key, title, language and waves (in order).
    report:
        The :class:`tramas.ingest.IngestReport` of the load that built this network.
    upgrading:
        The upgrading firms report, one row per actor and wave, with the columns of
        :data:`tramas.graph.model.UPGRADING_COLUMNS` (``wave`` ``""`` = any wave); an
        empty frame with those columns when the survey has none.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    relations: dict[str, Relation] = field(default_factory=dict)
    study: StudyInfo = field(default_factory=StudyInfo)
    report: Any = None
    upgrading: pd.DataFrame = field(default_factory=lambda: empty_upgrading())

    def __post_init__(self) -> None:
        self.actors.index = self.actors.index.astype(str)
        self.actors.index.name = "id"
        for col in ("internal", "respondent"):
            if col not in self.actors.columns:
                self.actors[col] = col == "internal"
        for col in TIE_COLUMNS:
            if col not in self.ties.columns:
                self.ties[col] = pd.NA if col not in ("weight",) else 1.0
        for name in self.ties["relation"].dropna().unique():
            if name not in self.relations:
                self.relations[name] = Relation(name=str(name))
        if not self.study.waves:
            waves = tuple(sorted(str(w) for w in self.ties["wave"].dropna().unique()))
            self.study = replace(self.study, waves=waves)

    # ------------------------------------------------------------------ facts
    @property
    def waves(self) -> tuple[str, ...]:
        """Survey waves in order (oldest first)."""
        return self.study.waves

    @property
    def respondents(self) -> pd.Index:
        """Ids of actors who answered the survey."""
        return self.actors.index[self.actors["respondent"].fillna(False).astype(bool)]

    @property
    def relation_names(self) -> list[str]:
        return list(self.relations)

    def __repr__(self) -> str:
        return (
            f"Network(study={self.study.key!r}, actors={len(self.actors)}, "
            f"ties={len(self.ties)}, relations={self.relation_names}, waves={list(self.waves)})"
        )

    def _repr_html_(self) -> str:
        """A summary table in notebooks (:func:`tramas.graph.notebook.network_html`)."""
        from tramas.graph.notebook import network_html

        return network_html(self)

    # ------------------------------------------------------------------ views
    def select_ties(
        self,
        relation: str | Sequence[str] | None = None,
        wave: str | None = None,
    ) -> pd.DataFrame:
        """Canonical ties of the given relation(s) and wave (see :meth:`view` for the rules)."""
        rels = self.select_relations(relation)
        ties = self.ties[self.ties["relation"].isin(rels)]
        label = self.select_wave(wave)
        if label is not None:
            ties = ties[ties["wave"].astype("string").isin([label]) | ties["wave"].isna()]
        return ties

    def view(
        self,
        relation: str | Sequence[str] | None = None,
        *,
        wave: str | None = None,
        internal_only: bool = False,
        directed: bool | None = None,
        weight: str | None = "weight",
        nonrespondents: NonRespondents = "missing",
        symmetrize: str | None = None,
        actors: Iterable[str] | None = None,
    ) -> NetworkView:
        """Select part of the network as an igraph graph.

        Parameters
        ----------
        relation:
            One relation name, several, or ``None`` for all. Ties of several relations
            between the same pair are merged into one edge whose weight is the sum and
            whose ``relation`` attribute lists them joined by ``+``.
        wave:
            A wave label, ``"all"`` for every wave merged (a tie present in several waves
            counts once, with its largest weight), or ``None`` for the latest wave.
        internal_only:
            Keep only actors of the cluster (``internal`` true) and the ties among them.
        directed:
            ``None`` gives a directed view if any selected relation is directed. A directed
            view of an undirected relation holds both arcs of each tie; an undirected view
            of a directed relation symmetrises it. The view's
            :attr:`~NetworkView.undirected_relations` names the relations without
            direction, so that figures that depend on direction (reciprocity, in- and
            out-degree centralisation) leave their arcs out and tie counts count each of
            their ties once.
        weight:
            Tie column to use as edge weight (default ``weight``), or ``None`` for an
            unweighted view (every edge weight 1 and :attr:`NetworkView.weights` ``None``).
        nonrespondents:
            ``missing`` (default) leaves the ties that non-respondents would have reported
            missing. ``reconstruct`` imputes them from the respondents' side: every tie
            between a respondent and a non-respondent reported only by the respondent is
            also taken as reported by the non-respondent (the reciprocity assumption of
            Stork & Richards 1992; Huisman 2009), i.e. directed ties gain their reverse arc.
        symmetrize:
            Override every relation's symmetrisation rule for undirected views.
        actors:
            Restrict to these actor ids (e.g. an ego network); ties among them only.

        Returns
        -------
        NetworkView
            Every selected actor is a vertex, isolates included.
        """
        rels = self.select_relations(relation)
        if directed is None:
            directed = any(self.relations[r].directed for r in rels)
        actor_table = self.actors
        if internal_only:
            actor_table = actor_table[actor_table["internal"].fillna(True).astype(bool)]
        if actors is not None:
            keep = pd.Index([str(a) for a in actors])
            actor_table = actor_table[actor_table.index.isin(keep)]
        ties = self.select_ties(rels, wave)
        ties = ties[ties["source"].isin(actor_table.index) & ties["target"].isin(actor_table.index)]
        wcol = weight or "weight"
        if weight is not None and weight not in ties.columns:
            raise KeyError(f"no tie column {weight!r} to use as weight")
        frames = []
        for rel in rels:
            part = ties[ties["relation"] == rel]
            if part.empty:
                continue
            w = pd.to_numeric(part[wcol], errors="coerce").fillna(1.0) if weight else 1.0
            part = pd.DataFrame(
                {
                    "source": part["source"].to_numpy(),
                    "target": part["target"].to_numpy(),
                    "weight": np.broadcast_to(np.asarray(w, dtype=float), (len(part),)),
                    "reported_by": part["reported_by"].to_numpy(),
                }
            )
            # across waves ("all"): one tie per pair and reporter, largest weight
            part = part.groupby(["source", "target"], sort=False, as_index=False).agg(
                weight=("weight", "max"), reported_by=("reported_by", "first")
            )
            spec = self.relations[rel]
            if spec.directed:
                if nonrespondents == "reconstruct":
                    part = self._reconstruct(part)
                if not directed:
                    part = _symmetrize(part, symmetrize or spec.symmetrize)
            else:
                part = _symmetrize(part, symmetrize or spec.symmetrize)
                if directed:
                    part = pd.concat(
                        [part, part.rename(columns={"source": "target", "target": "source"})],
                        ignore_index=True,
                    )
            part["relation"] = rel
            frames.append(part[["source", "target", "weight", "relation"]])
        edges = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame({"source": [], "target": [], "weight": [], "relation": []})
        )
        if len(frames) > 1:
            if not directed:
                edges = _canonical_pairs(edges)
            edges = merge_relations(edges)
        return NetworkView.from_frames(
            actor_table,
            edges,
            directed=bool(directed),
            weighted=weight is not None,
            relations=tuple(rels),
            wave=self.select_wave(wave),
            undirected_relations=tuple(r for r in rels if not self.relations[r].directed),
        )

    def to_networkx(self, **view_kwargs: Any) -> nx.Graph:
        """Shortcut for ``network.view(**view_kwargs).to_networkx()``."""
        return self.view(**view_kwargs).to_networkx()

    # ------------------------------------------------------------------ selection
    def select_relations(self, relation: str | Sequence[str] | None = None) -> list[str]:
        """The relations a selection means: one name, several, or ``None`` for all.

        Raises
        ------
        TramasError
            For a relation the network does not have (code ``unknown_relation``; the
            hint lists those it has).

        Examples
        --------
        >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": ["trade"]})
        >>> Network(actors=pd.DataFrame(index=["a", "b"]), ties=ties).select_relations()
        ['trade']
        """
        return choose_relations(relation, self.relations)

    def select_wave(self, wave: str | None = None, *, merged: bool = True) -> str | None:
        """The wave a selection means: ``None`` for the latest, else the label given.

        Parameters
        ----------
        wave:
            A wave label, ``None`` (the latest wave) or, with ``merged``, ``"all"``.
        merged:
            Accept ``"all"`` (every wave merged). A network without waves then takes
            any label as all its ties. Without ``merged`` the label must be one of
            :attr:`waves`.

        Returns
        -------
        str or None
            The wave label, or ``None`` for every wave merged.

        Raises
        ------
        TramasError
            For a wave the network does not have (code ``unknown_wave``; the hint lists
            those it has).
        """
        return choose_wave(wave, self.waves, merged=merged)

    # ------------------------------------------------------------------ helpers
    def _reconstruct(self, part: pd.DataFrame) -> pd.DataFrame:
        resp = set(self.respondents)
        existing = set(zip(part["source"], part["target"], strict=True))
        src_r = part["source"].isin(resp)
        tgt_r = part["target"].isin(resp)
        mixed = part[src_r != tgt_r]
        rev = mixed.rename(columns={"source": "target", "target": "source"})
        rev = rev[
            [(s, t) not in existing for s, t in zip(rev["source"], rev["target"], strict=True)]
        ]
        return pd.concat([part, rev[part.columns]], ignore_index=True)


def empty_upgrading() -> pd.DataFrame:
    """An upgrading table without rows (:attr:`Network.upgrading` of a survey without
    upgrading data): the columns of :data:`tramas.graph.model.UPGRADING_COLUMNS`.

    Examples
    --------
    >>> list(empty_upgrading().columns)[:3]
    ['id', 'wave', 'upgrading_process']
    """
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in UPGRADING_COLUMNS})
    for col in UPGRADING_COLUMNS[2:-1]:
        frame[col] = frame[col].astype(float)
    return frame


def merge_relations(edges: pd.DataFrame) -> pd.DataFrame:
    """One edge per pair: weights summed, relations named ``a+b`` (sorted, each once).

    The set of relations of a pair is a bit mask summed over its distinct relations, so
    the grouping stays in pandas' compiled code (a Python join per pair took most of the
    time of a merged view)."""
    names = sorted(edges["relation"].astype(str).unique())
    bit = {r: 1 << i for i, r in enumerate(names)}
    keys = ["source", "target"]
    merged = edges.groupby(keys, sort=False, as_index=False)["weight"].sum()
    distinct = edges.drop_duplicates([*keys, "relation"])
    masks = (
        distinct.assign(mask=distinct["relation"].astype(str).map(bit).astype("int64"))
        .groupby(keys, sort=False)["mask"]
        .sum()
    )
    labels = {m: "+".join(r for r in names if m & bit[r]) for m in masks.unique()}
    merged["relation"] = (
        masks.reindex(pd.MultiIndex.from_frame(merged[keys])).map(labels).to_numpy()
    )
    return merged


def _canonical_pairs(edges: pd.DataFrame) -> pd.DataFrame:
    src = edges["source"].astype(str).to_numpy()
    tgt = edges["target"].astype(str).to_numpy()
    swap = src > tgt
    out = edges.copy()
    out["source"] = np.where(swap, tgt, src)
    out["target"] = np.where(swap, src, tgt)
    return out


def _symmetrize(part: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Combine the (up to two) reports of each unordered pair by ``rule``."""
    canon = _canonical_pairs(part)
    grouped = canon.groupby(["source", "target"], sort=False)
    agg = grouped["weight"].agg(["mean", "max", "min", "size"]).reset_index()
    if rule == "union":
        out = agg.assign(weight=agg["mean"])
    elif rule == "max":
        out = agg.assign(weight=agg["max"])
    elif rule == "reciprocated":
        out = agg[agg["size"] >= 2].assign(weight=lambda d: d["mean"])
    elif rule == "min":
        out = agg[agg["size"] >= 2].assign(weight=lambda d: d["min"])
    else:
        raise ValueError(f"unknown symmetrize rule {rule!r}")
    return out[["source", "target", "weight"]].reset_index(drop=True)


@dataclass
class NetworkView:
    """A selection of a :class:`Network` as one igraph graph.

    Attributes
    ----------
    graph:
        ``igraph.Graph``; vertex attribute ``name`` is the actor id, edge attributes
        ``weight`` (float, 1.0 when unweighted) and ``relation`` (the relations of the
        edge joined by ``+`` when several are merged).
    actors:
        Actor attributes, indexed by id, in vertex order.
    directed, weighted, relations, wave:
        How the view was made.
    undirected_relations:
        Relations of the view whose ties have no direction (e.g. cooperation). In a
        directed view each of their ties is two arcs, one each way: those arcs are
        mutual by construction, so :meth:`relation_ties` counts them once and
        :meth:`directed_arcs` leaves them out. Empty for views not made by
        :meth:`Network.view` (every edge then counts as given).
    """

    graph: ig.Graph
    actors: pd.DataFrame
    directed: bool
    weighted: bool = True
    relations: tuple[str, ...] = ()
    wave: str | None = None
    undirected_relations: tuple[str, ...] = ()

    # ------------------------------------------------------------ construction
    @classmethod
    def from_frames(
        cls,
        actors: pd.DataFrame | Sequence[str],
        edges: pd.DataFrame,
        *,
        directed: bool = True,
        weighted: bool = True,
        relations: tuple[str, ...] = (),
        wave: str | None = None,
        undirected_relations: tuple[str, ...] = (),
    ) -> NetworkView:
        """Build a view from an actors table (or a list of ids) and an edge table.

        ``edges`` has ``source`` and ``target`` (actor ids) and optionally ``weight`` and
        ``relation``. Parallel edges are kept as given; callers merge them first.
        ``undirected_relations`` names relations whose ties have no direction (see
        :class:`NetworkView`).
        """
        if not isinstance(actors, pd.DataFrame):
            actors = pd.DataFrame(index=pd.Index([str(a) for a in actors], name="id"))
        actors = actors.copy()
        actors.index = actors.index.astype(str)
        actors.index.name = "id"
        ids = actors.index
        if ids.has_duplicates:
            raise ValueError("duplicate actor ids in view")
        pos = pd.Series(np.arange(len(ids)), index=ids)
        src = pos.reindex(edges["source"].astype(str)).to_numpy()
        tgt = pos.reindex(edges["target"].astype(str)).to_numpy()
        if np.isnan(src).any() or np.isnan(tgt).any():
            raise ValueError("edge endpoint not among the view's actors")
        g = ig.Graph(n=len(ids), directed=directed)
        g.add_edges(np.column_stack([src, tgt]).astype(np.int64).tolist() if len(edges) else [])
        g.vs["name"] = list(ids)
        g.es["weight"] = (
            pd.to_numeric(edges["weight"], errors="coerce").fillna(1.0).astype(float).tolist()
            if "weight" in edges and weighted
            else [1.0] * len(edges)
        )
        g.es["relation"] = (
            edges["relation"].astype(str).tolist()
            if "relation" in edges
            else [relations[0] if relations else ""] * len(edges)
        )
        return cls(
            graph=g,
            actors=actors,
            directed=directed,
            weighted=weighted,
            relations=relations,
            wave=wave,
            undirected_relations=tuple(undirected_relations),
        )

    @classmethod
    def from_edges(
        cls,
        edges: Iterable[tuple[Any, Any]] | Iterable[tuple[Any, Any, float]],
        *,
        directed: bool = True,
        actors: Sequence[str] | pd.DataFrame | None = None,
    ) -> NetworkView:
        """Small graphs for tests and examples: ``[("a", "b"), ("b", "c", 2.0)]``.

        With ``(source, target, weight)`` triples the view is weighted.
        """
        rows = [tuple(e) for e in edges]
        weighted = any(len(r) == 3 for r in rows)
        frame = pd.DataFrame(
            {
                "source": [str(r[0]) for r in rows],
                "target": [str(r[1]) for r in rows],
                "weight": [float(r[2]) if len(r) == 3 else 1.0 for r in rows],
            }
        )
        if actors is None:
            seen: dict[str, None] = {}
            for r in rows:
                seen.setdefault(str(r[0]))
                seen.setdefault(str(r[1]))
            actors = list(seen)
        return cls.from_frames(actors, frame, directed=directed, weighted=weighted)

    @classmethod
    def from_igraph(cls, graph: ig.Graph, actors: pd.DataFrame | None = None) -> NetworkView:
        """Wrap an igraph graph; vertex ``name`` (or the vertex index) becomes the actor id."""
        g = graph.copy()
        if "name" not in g.vs.attributes():
            g.vs["name"] = [str(i) for i in range(g.vcount())]
        else:
            g.vs["name"] = [str(n) for n in g.vs["name"]]
        weighted = "weight" in g.es.attributes()
        if not weighted:
            g.es["weight"] = [1.0] * g.ecount()
        if "relation" not in g.es.attributes():
            g.es["relation"] = [""] * g.ecount()
        ids = pd.Index(g.vs["name"], name="id")
        table = actors.reindex(ids) if actors is not None else pd.DataFrame(index=ids)
        return cls(graph=g, actors=table, directed=g.is_directed(), weighted=weighted)

    # ------------------------------------------------------------ accessors
    @property
    def ids(self) -> pd.Index:
        """Actor ids in vertex order."""
        return self.actors.index

    @property
    def weights(self) -> str | None:
        """``"weight"`` for weighted views, ``None`` otherwise: pass to igraph's ``weights=``."""
        return "weight" if self.weighted else None

    @property
    def n_actors(self) -> int:
        return self.graph.vcount()

    @property
    def n_ties(self) -> int:
        """Edges of the graph: in a directed view a tie without direction is two arcs.

        :attr:`tie_count` counts ties as a reader does."""
        return self.graph.ecount()

    @property
    def tie_count(self) -> int:
        """Ties, counted relation by relation: a pair tied in two relations counts
        twice, a tie without direction counts once (the sum of :meth:`relation_ties`)."""
        return int(sum(len(t) for t in self.relation_ties().values()))

    def relation_ties(self) -> dict[str, np.ndarray]:
        """The distinct ties of each relation of the view, as vertex-index pairs.

        Returns
        -------
        dict
            By relation name (as in the edge attribute ``relation``, split at ``+``; in
            the order of :attr:`relations`, then by name), an
            ``(m, 2)`` integer array: arcs for a directed relation in a directed view,
            unordered pairs (smaller index first) otherwise, so that a tie without
            direction appears once.

        Examples
        --------
        >>> import pandas as pd
        >>> e = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
        ...                   "relation": ["coop", "coop", "advice"]})
        >>> v = NetworkView.from_frames(list("abc"), e, undirected_relations=("coop",))
        >>> {r: len(t) for r, t in v.relation_ties().items()}
        {'advice': 1, 'coop': 1}
        """
        n = self.graph.vcount()
        e = np.asarray(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        labels = np.asarray(
            [str(x) for x in self.graph.es["relation"]] if len(e) else [], dtype=object
        )
        uniq, inverse = np.unique(labels, return_inverse=True)
        members: dict[str, list[np.ndarray]] = {}
        for k, label in enumerate(uniq):
            idx = np.flatnonzero(inverse == k)
            for rel in str(label).split("+"):
                members.setdefault(rel, []).append(idx)
        undirected = set(self.undirected_relations)
        order = [r for r in self.relations if r in members]
        order += sorted(r for r in members if r not in order)
        out: dict[str, np.ndarray] = {}
        for rel in order:
            parts = members[rel]
            pairs = e[np.concatenate(parts)]
            if not self.directed or rel in undirected:
                pairs = np.column_stack([pairs.min(axis=1), pairs.max(axis=1)])
            keys = np.unique(pairs[:, 0] * max(n, 1) + pairs[:, 1])
            out[rel] = np.column_stack([keys // max(n, 1), keys % max(n, 1)])
        return out

    def directed_arcs(self) -> np.ndarray:
        """Distinct arcs of the view's directed relations, merged across relations.

        Empty in an undirected view. The arcs that a tie without direction adds to a
        directed view are left out unless a directed relation has the same arc.

        Examples
        --------
        >>> import pandas as pd
        >>> e = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "a", "c"],
        ...                   "relation": ["coop+advice", "coop", "advice"]})
        >>> v = NetworkView.from_frames(list("abc"), e, undirected_relations=("coop",))
        >>> v.directed_arcs().tolist()
        [[0, 1], [1, 2]]
        """
        if not self.directed:
            return np.zeros((0, 2), dtype=np.int64)
        undirected = set(self.undirected_relations)
        ties = [t for r, t in self.relation_ties().items() if r not in undirected]
        if not ties:
            return np.zeros((0, 2), dtype=np.int64)
        n = max(self.graph.vcount(), 1)
        keys = np.unique(np.concatenate([t[:, 0] * n + t[:, 1] for t in ties]))
        return np.column_stack([keys // n, keys % n])

    def series(self, values: Sequence[Any] | np.ndarray, name: str | None = None) -> pd.Series:
        """Values in vertex order as a Series indexed by actor id."""
        return pd.Series(
            list(values) if not isinstance(values, np.ndarray) else values,
            index=self.ids.copy(),
            name=name,
        )

    def vertex(self, actor_id: str) -> int:
        """igraph vertex index of an actor id."""
        return self.graph.vs.find(name=str(actor_id)).index

    def attribute(self, column: str) -> pd.Series:
        """An actor attribute in vertex order.

        Raises
        ------
        TramasError
            For a column the actors do not have (code ``unknown_attribute``; the hint
            lists those they have).
        """
        if column not in self.actors.columns:
            known = ", ".join(sorted(map(str, self.actors.columns))) or "–"
            raise TramasError(
                f"no actor attribute {column!r}",
                hint=f"actor attributes: {known}",
                code="unknown_attribute",
                values={"column": column, "known": known},
            )
        return self.actors[column]

    def edges(self) -> pd.DataFrame:
        """The view's edges as a table of actor ids with ``weight`` and ``relation``."""
        names = self.graph.vs["name"]
        pairs = self.graph.get_edgelist()
        return pd.DataFrame(
            {
                "source": [names[s] for s, _ in pairs],
                "target": [names[t] for _, t in pairs],
                "weight": self.graph.es["weight"] if pairs else [],
                "relation": self.graph.es["relation"] if pairs else [],
            }
        )

    def subview(self, actor_ids: Iterable[str]) -> NetworkView:
        """The sub-graph induced by some actors (order as in this view)."""
        keep = set(map(str, actor_ids))
        idx = [i for i, a in enumerate(self.ids) if a in keep]
        g = self.graph.induced_subgraph(idx, implementation="create_from_scratch")
        return replace(self, graph=g, actors=self.actors.iloc[idx])

    def to_networkx(self) -> nx.Graph:
        """A networkx ``DiGraph``/``Graph`` with actor ids as nodes, attributes and weights."""
        G: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        for actor_id, row in self.actors.iterrows():
            G.add_node(actor_id, **{k: v for k, v in row.items() if not _isna(v)})
        names = self.graph.vs["name"]
        for e in self.graph.es:
            G.add_edge(names[e.source], names[e.target], weight=e["weight"], relation=e["relation"])
        return G


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def choose_relations(relation: str | Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The relations a selection means among ``known``: ``None`` for all of them.

    One rule for every network held in memory (:meth:`Network.select_relations`, the
    scale-mode ties of :mod:`tramas.ingest.scale_ties`).

    Raises
    ------
    TramasError
        For a relation not in ``known`` (code ``unknown_relation``).
    """
    if relation is None:
        return list(known)
    rels = [relation] if isinstance(relation, str) else list(relation)
    unknown = [str(r) for r in rels if r not in known]
    if unknown:
        listed = ", ".join(known) or "–"
        raise TramasError(
            f"unknown relation(s) {', '.join(unknown)}",
            hint=f"this network has: {listed}",
            code="unknown_relation",
            values={"names": ", ".join(unknown), "known": listed},
        )
    return rels


def choose_wave(wave: str | None, waves: Sequence[str], *, merged: bool = True) -> str | None:
    """The wave a selection means among ``waves`` (see :meth:`Network.select_wave`):
    ``None`` the latest, ``"all"`` (with ``merged``) every wave merged, returned as
    ``None``.

    Raises
    ------
    TramasError
        For a wave not in ``waves`` (code ``unknown_wave``).
    """
    labels = [str(w) for w in waves]
    if merged and (wave == "all" or not labels):
        return None
    if wave is None and labels:
        return labels[-1]
    if str(wave) not in labels:
        listed = ", ".join(labels) or "–"
        raise TramasError(
            f"unknown wave {wave!r}",
            hint=f"this network has waves: {listed}",
            code="unknown_wave",
            values={"wave": wave, "waves": listed},
        )
    return str(wave)
