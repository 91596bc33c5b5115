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

import os
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
    from pathlib import Path

    from tramas.graph.network import Network
    from tramas.ingest.scale import ScaleLoadReport
    from tramas.neo4j.lock import LockHolder
    from tramas.neo4j.server import LocalServer

__all__ = ["Neo4jStore", "StoreStatus", "pull_network", "read_study_input"]


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
    """A connection to one Neo4j database holding tramas studies: a
    :class:`~tramas.neo4j.connection.Connection` (same parameters and defaults) that
    loads, pulls, writes back and runs the named queries.

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
        lock_timeout: float = 600.0,
        on_wait: Callable[[LockHolder], None] | None = None,
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
            lock_timeout=lock_timeout,
            on_wait=on_wait,
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
        lock_timeout: float = 600.0,
        on_wait: Callable[[LockHolder], None] | None = None,
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
            lock_timeout=lock_timeout,
            on_wait=on_wait,
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


def read_study_input(
    study: str | Path | None = None,
    *,
    actors: str | Path | None = None,
    ties: str | Path | Sequence[str | Path] | None = None,
    scale: bool | None = None,
    usage: str = "",
) -> tuple[Network, ScaleLoadReport | None]:
    """The network to load into Neo4j, read the way its input needs.

    A study file, or actors and ties files, take the survey ingest
    (:func:`tramas.ingest.load`, ``strict=False``: ``network.report`` lists every
    problem). One tie file alone — there is no actors table for the survey ingest — or
    one that :func:`tramas.metrics.scale.choose_scale_mode` picks (Parquet, a big CSV,
    ``scale=True``) takes the streaming reader (:func:`tramas.ingest.scale.scale_network`:
    relations and waves kept, the survey path's rules, problems counted).

    Parameters
    ----------
    study, actors, ties:
        The input, as for :func:`tramas.ingest.load`.
    scale:
        ``True`` forces the streaming reader (one tie file only); ``None`` decides.
    usage:
        How to call for the streaming reader correctly, the hint of its error.

    Returns
    -------
    tuple
        The network and, from the streaming reader, its
        :class:`~tramas.ingest.scale.ScaleLoadReport` (``None`` from the survey ingest).
    """
    from tramas.ingest import load
    from tramas.ingest.scale import scale_network
    from tramas.metrics.scale import scale_ties_file

    files = [ties] if isinstance(ties, str | os.PathLike) else list(ties or [])
    alone = study is None and actors is None and len(files) == 1
    path = scale_ties_file(files, study=study, scale=scale or alone or None, usage=usage)
    if path is None:
        return load(study, actors=actors, ties=files or None, strict=False), None
    return scale_network(path, actors=actors)
