"""GraphML and GEXF 1.3: the XML formats, every attribute typed.

Both hold one directed graph when any selected relation has a direction (readers such
as networkx and igraph take no mixed graphs); the ties of relations without direction
carry ``directed`` false, in their written order (respondent first). Parallel ties
(different relations, waves or reports of one pair) are separate edges.

GEXF adds what Gephi shows: ``viz:position``, ``viz:color`` and ``viz:size`` of the
default map (:mod:`tramas.export.look`; y points up in Gephi, so it is the map's y with
its sign changed), each edge's relation as its GEXF ``kind`` (Gephi's edge type), and,
when the ties come from several waves, each edge's wave as a spell (the wave label when
every label is a whole number, else its position 1, 2, ...; the label stays an edge
attribute).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tramas._version import __version__
from tramas.export.tables import ExportTables, attribute_type, plain_value, xml_text

__all__ = ["write_gexf", "write_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _text(value: Any, kind: str) -> str | None:
    """An attribute value as XML text, ``None`` when missing."""
    value = plain_value(value)
    if value is None:
        return None
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "long":
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return xml_text(value)


def _columns(frame: pd.DataFrame, skip: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(str(c), attribute_type(frame[c])) for c in frame.columns if c not in skip]


def _write(root: ET.Element, path: Path) -> Path:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    # a carriage return kept as a character would be read back as a line feed
    body = body.replace("\r", "&#13;")
    path.write_bytes(('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8"))
    return path


# ---------------------------------------------------------------- GraphML
def write_graphml(tables: ExportTables, path: str | Path) -> Path:
    """Write ``tables`` as GraphML: node attribute ``label`` and every actor attribute,
    edge attributes ``relation``, ``wave``, ``weight``, ``directed`` and every tie
    attribute, graph attributes naming the study, relations and waves."""
    path = Path(path)
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys: dict[tuple[str, str], tuple[str, str]] = {}

    def key(domain: str, name: str, kind: str) -> str:
        ident = f"{domain[0]}{len(keys)}"
        keys[(domain, name)] = (ident, kind)
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": ident, "for": domain, "attr.name": xml_text(name), "attr.type": kind},
        )
        return ident

    for name, value in tables.graph.items():
        key("graph", name, "boolean" if isinstance(value, bool) else "string")
    node_cols = _columns(tables.actors, ())
    edge_cols = _columns(tables.ties, ("source", "target"))
    for name, kind in node_cols:
        key("node", name, kind)
    for name, kind in edge_cols:
        key("edge", name, kind)
    graph = ET.SubElement(
        root,
        f"{{{GRAPHML_NS}}}graph",
        {"id": xml_text(tables.study.key), "edgedefault": _edgedefault(tables)},
    )
    for name, value in tables.graph.items():
        ident, kind = keys[("graph", name)]
        _data(graph, ident, _text(value, kind))
    node_data = [(keys[("node", n)][0], k, tables.actors[n].to_numpy(object)) for n, k in node_cols]
    for i, actor in enumerate(tables.actors.index):
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": xml_text(actor)})
        for ident, kind, values in node_data:
            _data(node, ident, _text(values[i], kind))
    edge_data = [(keys[("edge", n)][0], k, tables.ties[n].to_numpy(object)) for n, k in edge_cols]
    sources = tables.ties["source"].to_numpy(object)
    targets = tables.ties["target"].to_numpy(object)
    for i in range(len(tables.ties)):
        edge = ET.SubElement(
            graph,
            f"{{{GRAPHML_NS}}}edge",
            {"id": f"e{i}", "source": xml_text(sources[i]), "target": xml_text(targets[i])},
        )
        for ident, kind, values in edge_data:
            _data(edge, ident, _text(values[i], kind))
    return _write(root, path)


def _edgedefault(tables: ExportTables) -> str:
    return "directed" if tables.directed else "undirected"


def _data(parent: ET.Element, key: str, text: str | None) -> None:
    if text is not None:
        ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": key}).text = text


# ---------------------------------------------------------------- GEXF 1.3
def _spell_values(waves: tuple[str, ...]) -> dict[str, str]:
    """Wave label → the number its spell uses (see the module notes)."""
    try:
        return {w: str(int(w)) for w in waves}
    except ValueError:
        return {w: str(k) for k, w in enumerate(waves, start=1)}


def _rgb(colour: Any) -> dict[str, str] | None:
    text = str(colour or "")
    if len(text) != 7 or not text.startswith("#"):
        return None
    try:
        return {c: str(int(text[k : k + 2], 16)) for c, k in zip("rgb", (1, 3, 5), strict=True)}
    except ValueError:
        return None


def write_gexf(tables: ExportTables, path: str | Path, look: pd.DataFrame | None = None) -> Path:
    """Write ``tables`` as GEXF 1.3 (see the module notes); ``look`` is the map's drawing
    (:func:`tramas.export.look.map_look`, indexed by exported id), or ``None`` for none."""
    path = Path(path)
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(
        f"{{{GEXF_NS}}}gexf",
        {
            "version": "1.3",
            f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd",
        },
    )
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = f"tramas {__version__}"
    ET.SubElement(meta, f"{{{GEXF_NS}}}title").text = xml_text(
        tables.study.title or tables.study.key
    )
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = xml_text(
        "; ".join(f"{k}: {v}" for k, v in tables.graph.items())
    )
    dynamic = len(tables.waves) > 1
    spell = _spell_values(tables.waves) if dynamic else {}
    attrs = {"defaultedgetype": _edgedefault(tables)}
    if dynamic:
        attrs.update(mode="dynamic", timeformat="integer", timerepresentation="interval")
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", attrs)
    node_cols = _columns(tables.actors, ("label",))
    edge_cols = _columns(tables.ties, ("source", "target", "weight"))
    gexf_type = {"long": "long", "double": "double", "boolean": "boolean", "string": "string"}
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        block = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": cls})
        for k, (name, kind) in enumerate(cols):
            ET.SubElement(
                block,
                f"{{{GEXF_NS}}}attribute",
                {"id": f"{cls[0]}{k}", "title": xml_text(name), "type": gexf_type[kind]},
            )
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    labels = tables.actors["label"].to_numpy(object)
    node_values = [tables.actors[n].to_numpy(object) for n, _ in node_cols]
    drawn = look.reindex(tables.actors.index) if look is not None else None
    for i, actor in enumerate(tables.actors.index):
        node = ET.SubElement(
            nodes, f"{{{GEXF_NS}}}node", {"id": xml_text(actor), "label": xml_text(labels[i])}
        )
        _attvalues(node, node_cols, node_values, i, "n")
        if drawn is not None:
            _viz(node, drawn.iloc[i])
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    ties = tables.ties
    edge_values = [ties[n].to_numpy(object) for n, _ in edge_cols]
    src = ties["source"].to_numpy(object)
    tgt = ties["target"].to_numpy(object)
    rel = ties["relation"].to_numpy(object)
    wave = ties["wave"].to_numpy(object)
    weight = ties["weight"].to_numpy(float)
    for i in range(len(ties)):
        edge = ET.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {
                "id": str(i),
                "source": xml_text(src[i]),
                "target": xml_text(tgt[i]),
                "kind": xml_text(rel[i]),
                "weight": repr(float(weight[i])),
            },
        )
        _attvalues(edge, edge_cols, edge_values, i, "e")
        label = plain_value(wave[i])
        if dynamic and label is not None and label in spell:
            spells = ET.SubElement(edge, f"{{{GEXF_NS}}}spells")
            ET.SubElement(
                spells, f"{{{GEXF_NS}}}spell", {"start": spell[label], "end": spell[label]}
            )
    return _write(root, path)


def _attvalues(
    element: ET.Element, cols: list[tuple[str, str]], values: list[Any], i: int, prefix: str
) -> None:
    items = [
        (f"{prefix}{k}", _text(column[i], kind))
        for k, ((_, kind), column) in enumerate(zip(cols, values, strict=True))
    ]
    items = [(k, v) for k, v in items if v is not None]
    if items:
        block = ET.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        for ident, text in items:
            ET.SubElement(block, f"{{{GEXF_NS}}}attvalue", {"for": ident, "value": text})


def _viz(node: ET.Element, row: pd.Series) -> None:
    rgb = _rgb(row.get("color"))
    if rgb is not None:
        ET.SubElement(node, f"{{{VIZ_NS}}}color", rgb)
    x, y = row.get("x"), row.get("y")
    if x is not None and y is not None and math.isfinite(x) and math.isfinite(y):
        ET.SubElement(
            node,
            f"{{{VIZ_NS}}}position",
            {"x": repr(float(x)), "y": repr(-float(y) + 0.0), "z": "0.0"},
        )
    size = row.get("size")
    if size is not None and math.isfinite(size):
        ET.SubElement(node, f"{{{VIZ_NS}}}size", {"value": repr(float(size))})
