"""The network model: in memory (igraph) and, in :mod:`tramas.graph.neo4j_store`, in Neo4j."""

from tramas.graph.anonymize import anonymize_ids
from tramas.graph.model import KINDS, OWNERSHIPS, SIZES, Relation, StudyInfo
from tramas.graph.neo4j_store import Neo4jStore, pull_network
from tramas.graph.network import Network, NetworkView

__all__ = [
    "KINDS",
    "OWNERSHIPS",
    "SIZES",
    "Neo4jStore",
    "Network",
    "NetworkView",
    "Relation",
    "StudyInfo",
    "anonymize_ids",
    "pull_network",
]
