"""The in-memory network model (igraph); Neo4j storage is in :mod:`tramas.neo4j`."""

from tramas.graph.anonymize import anonymize_ids
from tramas.graph.model import KINDS, OWNERSHIPS, SIZES, Relation, StudyInfo
from tramas.graph.network import Network, NetworkView

__all__ = [
    "KINDS",
    "OWNERSHIPS",
    "SIZES",
    "Network",
    "NetworkView",
    "Relation",
    "StudyInfo",
    "anonymize_ids",
]
