"""Small multiplex networks for tests: directed knowledge and trade, undirected cooperation.

>>> multiplex_network({"knowledge": [("a", "b")], "cooperation": [("b", "c")]}).relation_names
['knowledge', 'trade', 'cooperation']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from tramas.graph import Network
from tramas.graph.model import Relation

#: Two directed relations and one without direction, as in a cluster survey.
RELATIONS = {
    "knowledge": Relation("knowledge", directed=True),
    "trade": Relation("trade", directed=True),
    "cooperation": Relation("cooperation", directed=False),
}


def multiplex_network(
    ties: Mapping[str, Iterable[tuple[str, str]]],
    actors: Mapping[str, str] | Iterable[str] | None = None,
    relations: Iterable[str] = tuple(RELATIONS),
) -> Network:
    """A one-wave network: ``ties`` by relation (each reported by its source), ``actors``
    as ids or ``{id: kind}`` (default: the actors of the ties, all firms), every actor
    internal and a respondent; ``relations`` declared (default all three)."""
    rows = [(s, t, rel) for rel, pairs in ties.items() for s, t in pairs]
    if actors is None:
        actors = list(dict.fromkeys(a for s, t, _ in rows for a in (s, t)))
    kinds = dict(actors) if isinstance(actors, Mapping) else dict.fromkeys(actors, "firm")
    frame = pd.DataFrame(
        {
            "source": [r[0] for r in rows],
            "target": [r[1] for r in rows],
            "relation": [r[2] for r in rows],
            "wave": "1",
            "weight": 1.0,
            "reported_by": [r[0] for r in rows],
        }
    )
    table = pd.DataFrame(
        {"name": list(kinds), "kind": list(kinds.values()), "internal": True, "respondent": True},
        index=pd.Index(list(kinds), name="id"),
    )
    return Network(actors=table, ties=frame, relations={r: RELATIONS[r] for r in relations})
