"""tramas: network analysis of industrial clusters ("tramas productivas").

Survey and interview data on who advises, cooperates and trades with whom become one
validated multiplex network (:class:`tramas.graph.Network`), analysed with igraph,
stored in Neo4j, drawn as interactive maps and written up as reports.

The main steps for notebooks, one import away (each loaded when first used, so
``import tramas`` stays light)::

    import tramas

    net = tramas.load("study.toml")            # tramas.ingest.load
    result = tramas.analyze(net)                # tramas.metrics.analyze
    diagnosis = tramas.diagnose(net, result)    # tramas.metrics.diagnose
    tramas.write_map(net, "map.html", measures=result.actors)
    tramas.show_map(net)                        # the same map, inline in Jupyter
    tramas.build_report(net, "report.html", analysis=result)
    change = tramas.compare_waves(net, "2023", "2025")
    tramas.write_manifest("out", network=net, seed=42)  # tramas.manifest
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from tramas._version import __version__
from tramas.exceptions import InputError, StoreError, TramasError, ValidationFailed

#: The facade: public name -> module that defines it.
_FACADE: dict[str, str] = {
    "load": "tramas.ingest",
    "analyze": "tramas.metrics",
    "diagnose": "tramas.metrics",
    "compare_waves": "tramas.metrics.change",
    "write_map": "tramas.viz",
    "show_map": "tramas.viz",
    "build_report": "tramas.report",
    "write_manifest": "tramas.manifest",
}

__all__ = [
    "InputError",
    "StoreError",
    "TramasError",
    "ValidationFailed",
    "__version__",
    "analyze",
    "build_report",
    "compare_waves",
    "diagnose",
    "load",
    "show_map",
    "write_manifest",
    "write_map",
]


def __getattr__(name: str) -> Any:
    """Load a facade function on first use (PEP 562)."""
    if name in _FACADE:
        value = getattr(import_module(_FACADE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tramas' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FACADE))
