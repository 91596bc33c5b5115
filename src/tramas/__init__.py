"""tramas: network analysis of industrial clusters ("tramas productivas").

Survey and interview data on who advises, cooperates and trades with whom become one
validated multiplex network (:class:`tramas.graph.Network`), analysed with igraph,
stored in Neo4j, drawn as interactive maps and written up as reports.
"""

from tramas.exceptions import InputError, StoreError, TramasError, ValidationFailed

__version__ = "0.1.0"

__all__ = ["InputError", "StoreError", "TramasError", "ValidationFailed", "__version__"]
