"""Interactive network maps: self-contained HTML pages drawn with vis-network.

See :func:`tramas.viz.maps.write_map` and ``docs/maps.md``.
"""

from tramas.viz.layout import LAYOUTS, layout_positions
from tramas.viz.maps import DEFAULT_COMMUNITY_THRESHOLD, MapPage, MapResult, build_map, write_map
from tramas.viz.page import render_page

__all__ = [
    "DEFAULT_COMMUNITY_THRESHOLD",
    "LAYOUTS",
    "MapPage",
    "MapResult",
    "build_map",
    "layout_positions",
    "render_page",
    "write_map",
]
