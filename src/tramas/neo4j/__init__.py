"""tramas in Neo4j: storing studies, reading them back, writing analyses onto them.

Above the analysis in tramas' layering (``ingest`` → ``graph`` → ``metrics`` → ``neo4j``).
Inside, imports run one way: :mod:`~tramas.neo4j.schema` (labels, relationship types,
constraints) and :mod:`~tramas.neo4j.connection` (the driver) at the bottom; the modules
that load (:mod:`~tramas.neo4j.load`, :mod:`~tramas.neo4j.bulk`), pull
(:mod:`~tramas.neo4j.pull`) and write back (:mod:`~tramas.neo4j.writeback`) take a
connection; :class:`~tramas.neo4j.store.Neo4jStore` on top puts them together. Named
queries are in :mod:`tramas.neo4j.queries`.
"""

from tramas.neo4j.bulk import BulkResult
from tramas.neo4j.connection import Connection, QueryResult
from tramas.neo4j.load import LoadInterrupted, LoadResult
from tramas.neo4j.server import LocalServer, find_local_server
from tramas.neo4j.store import Neo4jStore, StoreStatus, pull_network, read_study_input
from tramas.neo4j.writeback import WriteBackResult

__all__ = [
    "BulkResult",
    "Connection",
    "LoadInterrupted",
    "LoadResult",
    "LocalServer",
    "Neo4jStore",
    "QueryResult",
    "StoreStatus",
    "WriteBackResult",
    "find_local_server",
    "pull_network",
    "read_study_input",
]
