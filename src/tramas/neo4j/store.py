"""tramas in Neo4j: :class:`Neo4jStore`, one connection with every operation on studies.

The store loads a :class:`~tramas.graph.Network` into Neo4j (:mod:`tramas.neo4j.load`, or
:mod:`tramas.neo4j.bulk` offline), pulls it back (:mod:`tramas.neo4j.pull`), writes analysis
results onto it (:mod:`tramas.neo4j.writeback`), reports counts, drops a study and runs
named (:mod:`tramas.neo4j.queries`) and ad hoc Cypher queries. The graph model is in
``docs/graph-model.md`` and :mod:`tramas.neo4j.schema`.

It is a :class:`~tramas.neo4j.connection.Connection` (one ``neo4j.Driver``; settings from the
arguments or ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) and sits on
top of this package: the modules below take a connection and never import the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from tramas.exceptions import StoreError
from tramas.neo4j import schema as gm
from tramas.neo4j.bulk import BulkResult, bulk_load
from tramas.neo4j.connection import Connection, QueryResult
from tramas.neo4j.load import LoadResult, Progress, load_network
from tramas.neo4j.pull import pull
from tramas.neo4j.queries import get_query
from tramas.neo4j.writeback import WriteBackResult, write_back

if TYPE_CHECKING:
    from tramas.graph.network import Network
    from tramas.neo4j.server import LocalServer

__all__ = ["Neo4jStore", "StoreStatus", "pull_network"]


@dataclass(frozen=True)
class StoreStatus:
    """What a database holds: counts per label and relationship type, and the studies."""

    uri: str
    database: str
    server: str
    study: str | None
    labels: dict[str, int]
    types: dict[str, int]
    studies: pd.DataFrame


class Neo4jStore(Connection):
    """A connection to one Neo4j database holding tramas studies.

    Parameters
    ----------
    uri, user, password, database:
        Connection settings; each defaults to ``NEO4J_URI`` (else ``bolt://localhost:7687``),
        ``NEO4J_USER`` (else ``neo4j``), ``NEO4J_PASSWORD`` (else the development
        password of ``scripts/neo4j-local``) and ``NEO4J_DATABASE`` (else ``neo4j``).
    connection_timeout:
        Seconds to wait for the server before reporting it unreachable.

    Examples
    --------
    With a server running (the Neo4j tests exercise this against a real one)::

        with Neo4jStore() as store:
            store.load(network)
            same = store.pull(network.study.key)
    """

    def run_query(
        self, name: str, parameters: Mapping[str, str | Any] | None = None
    ) -> QueryResult:
        """Run a named query of :mod:`tramas.neo4j.queries` read-only (values converted by its header)."""
        query = get_query(name)
        params = query.bind(parameters or {})
        return self.execute(query.cypher, params, write=False)

    def load(
        self,
        network: Network,
        *,
        batch_size: int = 20_000,
        replace: bool = False,
        resume_from: int = 0,
        workers: int = 2,
        progress: Progress | None = None,
    ) -> LoadResult:
        """Load (or update) a study; see :func:`tramas.neo4j.load.load_network`."""
        return load_network(
            self,
            network,
            batch_size=batch_size,
            replace=replace,
            resume_from=resume_from,
            workers=workers,
            progress=progress,
        )

    def bulk_load(
        self,
        network: Network,
        *,
        server: LocalServer | None = None,
        replace: bool = False,
        workdir: str | None = None,
        memory: str = "2g",
        progress: Callable[[str], None] | None = None,
    ) -> BulkResult:
        """First load of a study with ``neo4j-admin database import`` (offline, local server).

        See :func:`tramas.neo4j.bulk.bulk_load`.
        """
        return bulk_load(
            self,
            network,
            server=server,
            replace=replace,
            workdir=workdir,
            memory=memory,
            progress=progress,
        )

    def pull(
        self,
        study: str,
        *,
        relation: str | Sequence[str] | None = None,
        wave: str | Sequence[str] | None = None,
    ) -> Network:
        """Read a study back as a Network; see :func:`tramas.neo4j.pull.pull`."""
        return pull(self, study, relation=relation, wave=wave)

    def write_back(
        self, study: str, result: Any, *, lead_firms: int | None = None
    ) -> WriteBackResult:
        """Store an analysis on the graph; see :func:`tramas.neo4j.writeback.write_back`."""
        return write_back(self, study, result, lead_firms=lead_firms)

    def status(self, study: str | None = None) -> StoreStatus:
        """Counts per label and relationship type (of one study, or of the whole database)."""
        self.connect()
        with self.errors():
            info = self._driver.get_server_info()
        server = f"{info.agent} ({info.protocol_version[0]}.{info.protocol_version[1]})"
        if study is not None:
            gm.check_study_key(study)
        where = "" if study is None else "WHERE n.study = $study OR (n:Study AND n.key = $study) "
        params = {"study": study}
        labels = {
            r["label"]: r["n"]
            for r in self.execute(
                f"MATCH (n) {where}UNWIND labels(n) AS label "
                "RETURN label, count(*) AS n ORDER BY label",
                params,
            ).rows
        }
        types = {
            r["type"]: r["n"]
            for r in self.execute(
                f"MATCH (n) {where}MATCH (n)-[r]->() "
                "RETURN type(r) AS type, count(r) AS n ORDER BY type",
                params,
            ).rows
        }
        labels = {k: v for k, v in labels.items() if v}
        types = {k: v for k, v in types.items() if v}
        return StoreStatus(self.uri, self.database, server, study, labels, types, self.studies())


def pull_network(
    uri: str | None = None,
    study: str | None = None,
    *,
    relation: str | Sequence[str] | None = None,
    wave: str | Sequence[str] | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Network:
    """Read a study from Neo4j as an in-memory :class:`~tramas.graph.Network`.

    Parameters
    ----------
    uri, user, password, database:
        Connection settings (default: the ``NEO4J_*`` environment variables).
    study:
        The study key (``[study] key`` of the study file).
    relation, wave:
        Optionally only some relations and waves.

    Returns
    -------
    Network
        The same actors (every column, with its type), ties, relations and waves as
        the network that was loaded.
    """
    if not study:
        raise StoreError(
            "no study key given",
            hint="pass the study key, e.g. --neo4j wine-sample",
            code="neo4j_no_study_key",
        )
    with Neo4jStore(uri, user=user, password=password, database=database) as store:
        return store.pull(study, relation=relation, wave=wave)
