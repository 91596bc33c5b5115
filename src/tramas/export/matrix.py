"""Pajek (``.net``, ``.clu``) and UCINET DL: one block or matrix per relation.

These formats hold a graph per relation, not a list of reports, so each block is the
relation's view (:meth:`tramas.graph.Network.view`) in each wave: a relation with
direction as arcs (weight of the arc), one without as edges or a symmetric matrix,
its two reports combined by the relation's ``symmetrize`` rule, as the analyses see it.
When the ties come from several waves there is one block per relation and wave, named
``relation wave``. Actors are numbered in the order of the actors table, isolates
included.

Labels cannot be escaped in either format: line breaks and tabs become spaces and a
``"`` becomes ``'`` (:func:`tramas.export.tables.one_line`). Attributes other than the
weight are not kept (use GraphML, GEXF, CSV or JSON for them); Pajek's ``.clu``
carries one actor attribute as a partition.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from tramas.export.tables import ExportTables, one_line
from tramas.graph.network import Network

__all__ = ["DL_FULLMATRIX_LIMIT", "write_clu", "write_dl", "write_pajek"]

#: Up to this many actors a DL file is a full matrix with labels; above, an edge list.
DL_FULLMATRIX_LIMIT = 250


def _blocks(network: Network, tables: ExportTables) -> Iterator[tuple[str, bool, pd.DataFrame]]:
    """``(name, directed, edges)`` per relation and wave: ``edges`` has ``source`` and
    ``target`` as positions (0-based) in the actors table and ``weight``."""
    position = {code: k for k, code in enumerate(tables.actors.index)}
    waves: list[str | None] = list(tables.waves) if len(tables.waves) > 1 else [None]
    for rel, spec in tables.relations.items():
        for wave in waves:
            label = (tables.waves[0] if tables.waves else "all") if wave is None else wave
            view = network.view(rel, wave=label, directed=spec.directed)
            ids = view.ids
            g = view.graph
            frame = pd.DataFrame(
                {
                    "source": [position[tables.codes[ids[e.source]]] for e in g.es],
                    "target": [position[tables.codes[ids[e.target]]] for e in g.es],
                    "weight": [float(w) for w in g.es["weight"]] if g.ecount() else [],
                }
            )
            name = rel if wave is None else f"{rel} {wave}"
            yield name, spec.directed, frame


def _number(value: float) -> str:
    return f"{value:g}" if float(value) != int(value) else str(int(value))


# ---------------------------------------------------------------- Pajek
def write_pajek(network: Network, tables: ExportTables, path: str | Path) -> Path:
    """Write a Pajek ``.net`` file: ``*Vertices`` with quoted labels, then one
    ``*Arcs :k "name"`` or ``*Edges :k "name"`` block per relation (and wave)."""
    path = Path(path)
    labels = tables.actors["label"].tolist()
    lines = [f"*Vertices {len(labels)}"]
    lines += [f'{k} "{one_line(label)}"' for k, label in enumerate(labels, start=1)]
    blocks = sorted(_blocks(network, tables), key=lambda b: b[1])  # edges before arcs
    for k, (name, directed, edges) in enumerate(blocks, start=1):
        head = "*Arcs" if directed else "*Edges"
        # one block: plain, as every reader takes it; several: Pajek's named relations
        lines.append(head if len(blocks) == 1 else f'{head} :{k} "{one_line(name)}"')
        lines += [
            f"{s + 1} {t + 1} {_number(w)}"
            for s, t, w in zip(edges["source"], edges["target"], edges["weight"], strict=True)
        ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def write_clu(tables: ExportTables, attribute: str, path: str | Path) -> tuple[Path, dict]:
    """Write a Pajek partition (``.clu``) of one actor attribute or measure.

    Whole non-negative numbers are kept as the class; any other value is numbered
    1, 2, ... in sorted order and the numbering written as ``%`` comment lines; a
    missing value is class 0. Returns the file and the value → class numbering.
    """
    path = Path(path)
    values = tables.actors[attribute]
    present = values.dropna()
    numeric = pd.to_numeric(present, errors="coerce")
    whole = (
        len(present) > 0
        and not pd.api.types.is_bool_dtype(values.dtype)
        and numeric.notna().all()
        and bool((numeric >= 0).all())
        and bool((numeric == numeric.round()).all())
    )
    if whole:
        classes = pd.to_numeric(values, errors="coerce").fillna(0).astype(int)
        numbering = {}
    else:
        order = sorted({str(v) for v in present})
        numbering = {v: k for k, v in enumerate(order, start=1)}
        classes = values.map(lambda v: 0 if pd.isna(v) else numbering[str(v)]).astype(int)
    lines = [f"% {one_line(attribute)}: {k} = {one_line(v)}" for v, k in numbering.items()]
    lines.append(f"*Vertices {len(values)}")
    lines += [str(c) for c in classes]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path, numbering


# ---------------------------------------------------------------- UCINET DL
def _dl_label(text: object) -> str:
    return '"' + one_line(text) + '"'


def write_dl(
    network: Network,
    tables: ExportTables,
    path: str | Path,
    *,
    fullmatrix: bool | None = None,
) -> Path:
    """Write a UCINET DL file: ``format=fullmatrix`` with labels up to
    :data:`DL_FULLMATRIX_LIMIT` actors (or ``fullmatrix=True``), else ``edgelist1``;
    one matrix per relation (and wave), named in ``matrix labels``. In ``edgelist1``
    the matrices are separated by a line holding ``!``."""
    path = Path(path)
    labels = tables.actors["label"].tolist()
    n = len(labels)
    blocks = list(_blocks(network, tables))
    full = n <= DL_FULLMATRIX_LIMIT if fullmatrix is None else fullmatrix
    lines = [f"dl n={n} nm={len(blocks)} format={'fullmatrix' if full else 'edgelist1'}"]
    lines.append("labels:")
    lines.append(",".join(_dl_label(label) for label in labels))
    lines.append("matrix labels:")
    lines.append(",".join(_dl_label(name) for name, _, _ in blocks))
    lines.append("data:")
    for k, (_, directed, edges) in enumerate(blocks):
        if full:
            matrix = np.zeros((n, n))
            for s, t, w in zip(edges["source"], edges["target"], edges["weight"], strict=True):
                matrix[s, t] = w
                if not directed:
                    matrix[t, s] = w
            lines += [" ".join(_number(v) for v in row) for row in matrix]
        else:
            if k:
                lines.append("!")
            for s, t, w in zip(edges["source"], edges["target"], edges["weight"], strict=True):
                lines.append(f"{s + 1} {t + 1} {_number(w)}")
                if not directed and s != t:
                    lines.append(f"{t + 1} {s + 1} {_number(w)}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path
