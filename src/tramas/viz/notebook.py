"""Maps in notebooks: shown inline, or handed to pyvis for customising.

:func:`tramas.viz.maps.show_map` builds a map exactly as :func:`tramas.viz.maps.write_map` does, without
writing a file, and returns a :class:`MapView`. In Jupyter a ``MapView`` (and the
:class:`~tramas.viz.maps.MapResult` of a written map) displays itself as an ``iframe``
whose ``srcdoc`` is the whole self-contained page, so the notebook shows the same map,
offline, with its own Content-Security-Policy; the frame is sandboxed (scripts and
downloads allowed, nothing else).

:func:`to_pyvis` turns a map into a :class:`pyvis.network.Network` with the same nodes,
positions, colours, sizes, shapes and ties, for users who customise with pyvis.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tramas.viz.page import MapPage

if TYPE_CHECKING:
    import pyvis.network

__all__ = ["MapView", "iframe", "to_pyvis"]

#: Height of a map shown in a notebook.
FRAME_HEIGHT = "680px"


def iframe(page_html: str, *, height: str = FRAME_HEIGHT) -> str:
    """A sandboxed ``iframe`` showing ``page_html`` through ``srcdoc`` (escaped).

    Examples
    --------
    >>> frame = iframe('<p title="x">a & b</p>')
    >>> frame.startswith("<iframe") and "&quot;x&quot;" in frame and "&amp;" in frame
    True
    """
    return (
        f'<iframe srcdoc="{html.escape(page_html, quote=True)}" '
        f'style="width:100%;height:{height};border:1px solid #ddd" '
        'sandbox="allow-scripts allow-downloads" loading="lazy"></iframe>'
    )


@dataclass(frozen=True)
class MapView:
    """A map built in memory: displays inline in Jupyter, can be saved or sent to pyvis."""

    page: MapPage
    html: str

    def _repr_html_(self) -> str:
        return iframe(self.html)

    def save(self, path: str | Path) -> Path:
        """Write the page (the same file ``write_map`` writes)."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def to_pyvis(self, **options: Any) -> pyvis.network.Network:
        """The map as a pyvis network (:func:`to_pyvis`)."""
        return to_pyvis(self.page, **options)


def _tooltip(fields: list[str], values: list[str]) -> str:
    return "\n".join(f"{f}: {v}" for f, v in zip(fields, values, strict=False) if v)


def to_pyvis(page: MapPage, *, height: str = "750px", width: str = "100%") -> pyvis.network.Network:
    """A :class:`pyvis.network.Network` with the map's nodes and ties, positions fixed.

    Nodes keep their id, label, ``x``/``y``, colour, size and shape, with the tooltip
    fields as a plain-text ``title``; ties keep their ends, colour (the relation's),
    width, dashes and arrows, with relation and weight as ``title``. Physics is off, as
    in tramas' own page.

    Examples
    --------
    >>> import pandas as pd
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B"]}, index=["a", "b"])
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"})
    >>> from tramas.viz.maps import show_map
    >>> net = show_map(Network(actors, ties)).to_pyvis()
    >>> len(net.nodes), len(net.edges)
    (2, 1)
    """
    from pyvis.network import Network as PyvisNetwork

    data = page.data
    rels = data["relations"]
    net = PyvisNetwork(
        height=height,
        width=width,
        directed=any(r.get("directed") for r in rels),
        heading="",
        cdn_resources="in_line",
    )
    net.toggle_physics(False)
    fields = data.get("nodeFields", [])
    for node in data["nodes"]:
        options: dict[str, Any] = {
            "x": node["x"],
            "y": node["y"],
            "size": node["size"],
            "physics": False,
            "title": _tooltip(fields, node.get("info", [])),
        }
        if node.get("dashes"):
            options["shapeProperties"] = {"borderDashes": [4, 3]}
        net.add_node(
            node["id"], label=node["label"], shape=node["shape"], color=node["color"], **options
        )
    ids = [n["id"] for n in data["nodes"]]
    for e in data["edges"]:
        rel = rels[e[2]]
        # pyvis' add_edge scans every edge for duplicates; parallel ties of different
        # relations are distinct here, so edges are appended as add_edge would store them
        edge: dict[str, Any] = {
            "from": ids[e[0]],
            "to": ids[e[1]],
            "color": rel["color"],
            "width": e[4],
            "dashes": bool(e[5]),
            "title": f"{rel['label']}: {e[3]}",
        }
        if rel.get("directed"):
            edge["arrows"] = "to"
        net.edges.append(edge)
    return net
