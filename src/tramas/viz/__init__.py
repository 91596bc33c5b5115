"""Interactive network maps: self-contained HTML pages drawn with vis-network.

See :func:`tramas.viz.maps.write_map` and ``docs/maps.md``.
"""

from tramas.viz.change_map import ChangeLayer, change_layer
from tramas.viz.layout import LAYOUTS, layout_positions
from tramas.viz.maps import (
    DEFAULT_COMMUNITY_THRESHOLD,
    MapPage,
    MapResult,
    build_map,
    map_network,
    show_map,
    write_map,
)
from tramas.viz.notebook import MapView, to_pyvis
from tramas.viz.page import render_page

__all__ = [
    "ChangeLayer",
    "DEFAULT_COMMUNITY_THRESHOLD",
    "LAYOUTS",
    "MapPage",
    "MapResult",
    "MapView",
    "build_map",
    "change_layer",
    "layout_positions",
    "map_network",
    "render_page",
    "show_map",
    "to_pyvis",
    "write_map",
]
