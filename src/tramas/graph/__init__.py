"""The network model: in memory (igraph) and, in :mod:`tramas.graph.neo4j_store`, in Neo4j."""

from tramas.graph.model import KINDS, OWNERSHIPS, SIZES, Relation, StudyInfo
from tramas.graph.network import Network, NetworkView

__all__ = ["KINDS", "OWNERSHIPS", "SIZES", "Network", "NetworkView", "Relation", "StudyInfo"]
