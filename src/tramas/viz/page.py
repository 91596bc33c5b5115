"""Render a :class:`~tramas.viz.maps.MapPage` as one self-contained HTML file.

pyvis's own pages cannot leave the machine they were made on: even its ``in_line`` mode
links Bootstrap from a CDN, its ``add_edge`` is quadratic, and its tooltips rely on HTML
in vis-network ``title`` strings, which vis-network 9 shows as plain text. tramas keeps
pyvis for what it ships — the standalone vis-network build (Apache-2.0 / MIT, its licence
header kept) — and renders its own Jinja template (autoescaped) around it:

* vis-network's script and style, tramas' script and style are inlined; the page loads
  nothing else, and its Content-Security-Policy (``default-src 'none'``, scripts allowed
  only by their SHA-256 hashes) makes the browser refuse any request or injected script;
* the map's data travel as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>`` and ``&`` escaped, so no survey text can close the block.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from tramas.exceptions import TramasError
from tramas.viz.encodings import LegendSection
from tramas.viz.labels import text

__all__ = ["MapPage", "Mode", "render_page", "script_json", "vis_network_assets"]

Mode = Literal["actors", "ego", "community"]


@dataclass(frozen=True)
class MapPage:
    """Everything a map page shows, before it becomes HTML (:func:`tramas.viz.page.render_page`).

    ``data`` is the JSON the page's script reads (nodes, edges, relations, tooltip
    fields, and in change maps the ``change`` block); ``legend``, ``relations`` and
    ``statuses`` (the tie statuses of a change map, for its filter) are rendered as HTML
    by the template.
    """

    title: str
    lang: str
    mode: Mode
    messages: tuple[str, ...]
    data: dict[str, Any]
    legend: tuple[LegendSection, ...]
    relations: tuple[dict[str, Any], ...]
    search_names: tuple[str, ...]
    n_nodes: int
    n_edges: int
    statuses: tuple[dict[str, Any], ...] = ()


_PAGE_LABELS = (
    "relations",
    "search",
    "search_placeholder",
    "search_go",
    "physics",
    "fit",
    "legend",
    "hint",
    "offline_note",
    "change_filter",
    "export_heading",
    "export_png",
    "export_svg",
    "export_layout",
)
#: The page's scripts, run in this order as one inline script: the core first (it
#: creates ``window.tramasMap``), then the parts that extend it through its hooks.
MAP_SCRIPTS: tuple[str, ...] = ("map.js", "labels.js", "filters.js", "export.js", "geo.js")
#: The page's style sheets, in this order as one ``<style>`` block.
MAP_STYLES: tuple[str, ...] = ("map.css", "filters.css", "export.css", "print.css")
_CLOSERS = re.compile(r"</(script|style)|<!--", re.IGNORECASE)


@functools.cache
def vis_network_assets() -> tuple[str, str, str]:
    """The standalone vis-network build bundled with pyvis: ``(javascript, css, version)``.

    The newest ``vis-<version>`` folder found in pyvis's package data is used.
    """
    try:
        lib = resources.files("pyvis") / "templates" / "lib"
        folders = [
            d
            for d in lib.iterdir()
            if d.name.startswith("vis-") and (d / "vis-network.min.js").is_file()
        ]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        folders = []
    if not folders:
        raise TramasError(
            "vis-network was not found in the installed pyvis package",
            hint="reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'",
            code="vis_network_missing",
        )

    def version(d: Any) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", d.name))

    best = max(folders, key=version)
    js = (best / "vis-network.min.js").read_text(encoding="utf-8")
    css = (best / "vis-network.css").read_text(encoding="utf-8")
    return js, css, best.name.removeprefix("vis-")


def _static(name: str) -> str:
    return (resources.files("tramas.viz") / "static" / name).read_text(encoding="utf-8")


def _inline(code: str, what: str) -> str:
    """Code that is safe between ``<script>``/``<style>`` tags (it must not close them)."""
    if _CLOSERS.search(code):
        raise TramasError(
            f"{what} cannot be inlined: it contains a closing tag or comment",
            code="inline_closing_tag",
            values={"what": what},
        )
    return code


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` escaped.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        raw.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tramas.viz", "static"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(page: MapPage) -> str:
    """The map page as one HTML string, loading nothing from outside."""
    vis_js, vis_css, vis_version = vis_network_assets()
    map_js = "\n".join(_inline(_static(name), name) for name in MAP_SCRIPTS)
    scripts = (_inline(vis_js, "vis-network"), map_js)
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_sha256(s) for s in scripts)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    template = _environment().get_template("map.html.j2")
    return template.render(
        page=page,
        labels={key: text(page.lang, key) for key in _PAGE_LABELS},
        csp=csp,
        vis_version=vis_version,
        vis_js=Markup(scripts[0]),
        vis_css=Markup(_inline(vis_css, "vis-network.css")),
        map_js=Markup(map_js),
        map_css=Markup("\n".join(_inline(_static(name), name) for name in MAP_STYLES)),
        data_json=Markup(script_json(page.data)),
    )
