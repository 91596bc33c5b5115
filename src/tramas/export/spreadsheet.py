"""Tables for spreadsheet importers: Gephi's CSV pair, Kumu's workbook, node-link JSON.

Gephi (``csv``)
    A folder with ``nodes.csv`` (``Id``, ``Label``, then every actor attribute) and
    ``edges.csv`` (``Source``, ``Target``, ``Type`` — ``Directed`` or ``Undirected`` by
    the tie's relation —, ``Id``, ``Weight``, ``relation``, ``wave``, then every tie
    attribute), as Gephi's *Import spreadsheet* reads them. Formula-guarded by
    :func:`tramas.output.write_csv` unless ``safe=False``.
Kumu (``kumu``)
    One XLSX (:func:`tramas.output.write_xlsx`) with the sheets ``Elements`` (``ID``,
    ``Label``, ``Type`` = the actor's kind, then every attribute) and ``Connections``
    (``From``, ``To`` — element ids —, ``Type`` = the relation, ``Direction``
    ``directed`` or ``undirected``, ``Strength`` = the weight, ``Wave``, then every tie
    attribute), as Kumu's spreadsheet import reads them.
Node-link JSON (``json``)
    ``{"directed", "multigraph", "graph", "nodes", "edges"}`` as
    :func:`networkx.node_link_graph` reads it by default; each node has ``id``, each
    edge ``source``, ``target`` and ``key``; d3 takes ``nodes`` and ``edges`` as they
    are (``d3.forceLink(data.edges).id(d => d.id)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from tramas.export.tables import ExportTables, plain_value
from tramas.output import write_csv, write_json, write_xlsx

__all__ = ["gephi_tables", "kumu_tables", "write_gephi_csv", "write_kumu", "write_node_link"]


def _rest(frame: pd.DataFrame, taken: tuple[str, ...], renamed: set[str]) -> pd.DataFrame:
    """The columns of ``frame`` not in ``taken``; one clashing (case-insensitively)
    with a column the format names itself gets ``_attribute`` after its name."""
    rest = frame[[c for c in frame.columns if c not in taken]]
    return rest.rename(
        columns={c: f"{c}_attribute" for c in rest.columns if str(c).casefold() in renamed}
    )


def gephi_tables(tables: ExportTables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``nodes`` and ``edges`` as Gephi's spreadsheet import names their columns."""
    actors = tables.actors
    nodes = pd.concat(
        [
            pd.DataFrame({"Id": actors.index.astype(str), "Label": actors["label"].to_numpy()}),
            _rest(actors, ("label",), {"id", "label"}).reset_index(drop=True),
        ],
        axis=1,
    )
    ties = tables.ties
    head = pd.DataFrame(
        {
            "Source": ties["source"].to_numpy(),
            "Target": ties["target"].to_numpy(),
            "Type": ["Directed" if d else "Undirected" for d in ties["directed"]],
            "Id": range(len(ties)),
            "Weight": ties["weight"].to_numpy(),
            "relation": ties["relation"].to_numpy(),
            "wave": ties["wave"].to_numpy(),
        }
    )
    rest = _rest(
        ties,
        ("source", "target", "weight", "relation", "wave"),
        {"source", "target", "type", "id", "weight", "label"},
    )
    return nodes, pd.concat([head, rest.reset_index(drop=True)], axis=1)


def write_gephi_csv(tables: ExportTables, folder: str | Path, *, safe: bool = True) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (made if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = gephi_tables(tables)
    return [
        write_csv(nodes, folder / "nodes.csv", safe=safe),
        write_csv(edges, folder / "edges.csv", safe=safe),
    ]


def kumu_tables(tables: ExportTables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``Elements`` and ``Connections`` as Kumu's import names their columns."""
    actors = tables.actors
    kind = actors["kind"] if "kind" in actors else pd.Series(pd.NA, index=actors.index)
    elements = pd.concat(
        [
            pd.DataFrame(
                {
                    "ID": actors.index.astype(str),
                    "Label": actors["label"].to_numpy(),
                    "Type": kind.to_numpy(),
                }
            ),
            _rest(actors, ("label", "kind"), {"id", "label", "type"}).reset_index(drop=True),
        ],
        axis=1,
    )
    ties = tables.ties
    head = pd.DataFrame(
        {
            "From": ties["source"].to_numpy(),
            "To": ties["target"].to_numpy(),
            "Type": ties["relation"].to_numpy(),
            "Direction": ["directed" if d else "undirected" for d in ties["directed"]],
            "Strength": ties["weight"].to_numpy(),
            "Wave": ties["wave"].to_numpy(),
        }
    )
    rest = _rest(
        ties,
        ("source", "target", "relation", "directed", "weight", "wave"),
        {"from", "to", "type", "direction", "strength", "wave"},
    )
    return elements, pd.concat([head, rest.reset_index(drop=True)], axis=1)


def write_kumu(tables: ExportTables, path: str | Path) -> Path:
    """Write the Kumu workbook (formula-safe: text stays text)."""
    elements, connections = kumu_tables(tables)
    return write_xlsx(path, {"Elements": elements, "Connections": connections})


def node_link(tables: ExportTables) -> dict[str, Any]:
    """The node-link document (see the module notes)."""
    actors = tables.actors
    columns = list(actors.columns)
    values = [actors[c].to_numpy(object) for c in columns]
    nodes = []
    for i, actor in enumerate(actors.index):
        node: dict[str, Any] = {"id": str(actor)}
        for col, vals in zip(columns, values, strict=True):
            node[str(col)] = plain_value(vals[i])
        nodes.append(node)
    ties = tables.ties
    tcols = list(ties.columns)
    tvals = [ties[c].to_numpy(object) for c in tcols]
    edges = []
    for i in range(len(ties)):
        edge: dict[str, Any] = {"key": i}
        for col, vals in zip(tcols, tvals, strict=True):
            edge[str(col)] = plain_value(vals[i])
        edges.append(edge)
    return {
        "directed": tables.directed,
        "multigraph": True,
        "graph": dict(tables.graph),
        "nodes": nodes,
        "edges": edges,
    }


def write_node_link(tables: ExportTables, path: str | Path) -> Path:
    """Write the node-link JSON (UTF-8, non-ASCII kept, missing values ``null``)."""
    return write_json(node_link(tables), path)
