"""The ties of a scale-mode file as integer arrays, and the views taken from them.

:class:`ScaleTies` is what the streaming reader (:mod:`tramas.ingest.scale`) returns:
one entry per distinct (source, target, relation, wave), ids, relations and waves as
integer codes. Its views follow the survey path's choice of wave and relations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa

from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network, NetworkView, choose_relations, choose_wave

__all__ = ["ScaleTies", "reduce_groups"]


@dataclass
class ScaleTies:
    """The ties of a scale-mode file as integer arrays, duplicates merged.

    One entry per distinct (source, target, relation, wave): ``src``/``tgt`` index
    ``ids``, ``rel`` indexes ``relations``, ``wave`` indexes ``waves`` (sorted as text,
    the survey path's order: the last is the latest). Sorted by (source, target,
    relation, wave). Every relation is directed: without a study file nothing says
    otherwise, as in the survey path.
    """

    ids: pa.Array
    actors: pd.DataFrame
    src: np.ndarray
    tgt: np.ndarray
    rel: np.ndarray
    wave: np.ndarray
    weight: np.ndarray
    relations: tuple[str, ...]
    waves: tuple[str, ...]
    weighted: bool = True

    @property
    def n_actors(self) -> int:
        return len(self.ids)

    def select_relations(self, relation: str | Sequence[str] | None = None) -> list[str]:
        """As :meth:`tramas.graph.Network.select_relations`: ``None`` for all."""
        return choose_relations(relation, self.relations)

    def select_wave(self, wave: str | None = None) -> str | None:
        """As :meth:`tramas.graph.Network.select_wave`: ``None`` the latest, ``"all"``
        every wave merged (returns ``None``)."""
        return choose_wave(wave, self.waves)

    def view(
        self,
        relation: str | Sequence[str] | None = None,
        *,
        wave: str | None = None,
        directed: bool = True,
        weighted: bool | None = None,
    ) -> NetworkView:
        """The view the survey path's :meth:`~tramas.graph.Network.view` makes of the same
        ties: the latest wave by default (``"all"``: each tie once with its largest
        weight), the relations given (default all; several merged into one edge per
        pair whose weight is the sum and whose ``relation`` lists them joined by ``+``),
        undirected views symmetrised per relation by union (weight = mean of the two
        directions)."""
        rels = self.select_relations(relation)
        label = self.select_wave(wave)
        weighted = self.weighted if weighted is None else weighted
        n = self.n_actors
        keep = np.isin(self.rel, [self.relations.index(r) for r in rels])
        if label is not None:
            keep &= self.wave == self.waves.index(label)
        s, d, r = self.src[keep], self.tgt[keep], self.rel[keep]
        w = self.weight[keep] if weighted else np.ones(int(keep.sum()))
        n_rel = max(len(self.relations), 1)
        # one edge per (pair, relation): largest weight across waves (sorted already)
        key = (s * n + d) * n_rel + r
        s, d, r, w = reduce_groups(key, (s, d, r), w, np.maximum)
        if not directed:  # union: mean of the two directions of each pair
            lo, hi = np.minimum(s, d), np.maximum(s, d)
            key = (lo * n + hi) * n_rel + r
            order = np.argsort(key, kind="stable")
            key = key[order]
            s, d, r, total = reduce_groups(key, (lo[order], hi[order], r[order]), w[order], np.add)
            count = reduce_groups(key, (), np.ones(len(key)), np.add)[-1]
            w = total / np.maximum(count, 1)
        many = len(self.relations) > 62  # too many for a bit mask: one label for all
        masks = np.zeros(len(r), dtype=np.int64) if many else (np.int64(1) << r)
        if len(rels) > 1:  # several relations: one edge per pair, weights summed
            pair = s * n + d
            first = np.ones(len(pair), dtype=bool)
            first[1:] = pair[1:] != pair[:-1]
            starts = np.flatnonzero(first)
            w = np.add.reduceat(w, starts) if len(starts) else np.empty(0)
            masks = np.bitwise_or.reduceat(masks, starts) if len(starts) else masks[:0]
            s, d = s[starts], d[starts]
        names = {
            int(m): "+".join(rels)
            if many
            else "+".join(name for i, name in enumerate(self.relations) if int(m) & (1 << i))
            for m in np.unique(masks)
        }
        graph = ig.Graph(
            n=n, edges=list(zip(s.tolist(), d.tolist(), strict=True)), directed=directed
        )
        graph.vs["name"] = self.ids.to_pylist()
        graph.es["weight"] = w.astype(float)
        graph.es["relation"] = (
            [next(iter(names.values()))] * len(masks)
            if len(names) == 1
            else np.asarray(list(names.values()), dtype=object)[
                np.searchsorted(np.asarray(list(names)), masks)
            ].tolist()
        )
        return NetworkView(
            graph=graph,
            actors=self.actors,
            directed=directed,
            weighted=weighted,
            relations=tuple(rels),
            wave=label,
        )

    def network(self, *, key: str, title: str, source_file: str | None = None) -> Network:
        """Every tie as a :class:`~tramas.graph.Network` (relations directed, waves kept),
        the form the Neo4j loaders take."""
        ids = np.asarray(self.ids.to_pylist(), dtype=object)
        ties = pd.DataFrame(
            {
                "source": ids[self.src],
                "target": ids[self.tgt],
                "relation": np.asarray(self.relations, dtype=object)[self.rel]
                if len(self.rel)
                else [],
                "wave": np.asarray(self.waves, dtype=object)[self.wave] if len(self.wave) else [],
                "weight": self.weight.astype(float),
            }
        )
        if source_file is not None:
            ties["data_source"] = "file"
            ties["source_file"] = source_file
        return Network(
            self.actors.copy(),
            ties,
            {r: Relation(r, directed=True) for r in self.relations},
            StudyInfo(key=key, title=title, waves=self.waves),
        )


def reduce_groups(
    key: np.ndarray, arrays: tuple[np.ndarray, ...], w: np.ndarray, ufunc: Any
) -> tuple[np.ndarray, ...]:
    """Group sorted ``key``: the first of each group of ``arrays``, ``ufunc`` of ``w``."""
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    reduced = ufunc.reduceat(w, starts) if len(starts) else w[:0]
    return (*(a[starts] for a in arrays), reduced)
