"""One connection to a Neo4j database: the driver, its settings and how statements run.

:class:`Connection` owns one ``neo4j.Driver``. It reads the settings from the arguments
or from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``, turns
driver exceptions into one-line :class:`~tramas.exceptions.StoreError` /
:class:`~tramas.exceptions.QueryError`, and runs statements: reads with read routing,
writes in managed transactions, ad hoc Cypher only read-only unless asked. The password
is never printed, logged or put in an error message.

Only Bolt URIs are accepted (``bolt``, ``bolt+s``, ``bolt+ssc``, ``neo4j``, ``neo4j+s``,
``neo4j+ssc``); any other scheme (``http``, ``https``...) is refused before connecting, and
so is a URI that carries credentials (``user:password@``): they are masked in the error
and must come from ``NEO4J_USER``/``NEO4J_PASSWORD``. The driver's own log records (the
``neo4j`` loggers) are kept off stderr unless :func:`driver_logging` turns them on (the
CLI does with ``--debug``).

The modules that load, pull and write back studies take a :class:`Connection`;
:class:`tramas.neo4j.store.Neo4jStore` is a :class:`Connection` with those operations on top.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import pandas as pd

from tramas.exceptions import QueryError, StoreError, TramasError
from tramas.neo4j import schema as gm

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEV_PASSWORD",
    "Connection",
    "QueryResult",
    "check_uri",
    "driver_logging",
    "mask_uri",
]

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
#: The development password of ``scripts/neo4j-local`` (used when NEO4J_PASSWORD is unset).
DEV_PASSWORD = "tramas-dev-password"  # noqa: S105 - a documented local default, not a secret
#: The URI schemes of the Bolt protocol, the only ones tramas connects with.
BOLT_SCHEMES: tuple[str, ...] = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_URI_HINT = "use bolt://HOST:7687 (neo4j://HOST:7687 for a cluster, neo4j+s://HOST for Aura)"


def mask_uri(uri: str) -> str:
    """The URI with any ``user:password@`` replaced by ``***@`` (safe to print).

    >>> mask_uri("bolt://neo4j:secret@db.example.org:7687")
    'bolt://***@db.example.org:7687'
    >>> mask_uri("bolt://localhost:7687")
    'bolt://localhost:7687'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri.rpartition("@")[2] if "@" in uri else uri
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}{sep}{authority}{slash}{path}"


def check_uri(uri: str) -> str:
    """Refuse a URI tramas will not connect with, before connecting; returns it unchanged.

    Refused: a scheme other than the Bolt ones (:data:`BOLT_SCHEMES`; ``http://`` would
    need the driver's preview HTTP support), no host, and credentials in the URI (masked
    in the message: they belong in ``NEO4J_USER``/``NEO4J_PASSWORD``).
    """
    from urllib.parse import urlsplit

    shown = mask_uri(uri)
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise StoreError(
            f"Neo4j URI {shown!r}: tramas connects with the Bolt protocol only "
            f"(bolt://, neo4j:// and their +s/+ssc forms), not {scheme or 'a URI without scheme'}",
            hint=_URI_HINT,
            code="neo4j_uri_scheme",
            values={"uri": shown, "scheme": scheme or "?"},
        )
    authority = uri.partition("://")[2].partition("/")[0]
    if "@" in authority:
        raise StoreError(
            f"Neo4j URI {shown!r} holds a user name or password; tramas does not read them "
            "from a URI (it would show them)",
            hint="remove them from the URI and set NEO4J_USER and NEO4J_PASSWORD",
            code="neo4j_uri_credentials",
            values={"uri": shown},
        )
    try:
        host = urlsplit(uri).hostname
        urlsplit(uri).port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise StoreError(
            f"invalid Neo4j URI {shown!r}: the port is not a number from 0 to 65535",
            hint=_URI_HINT,
            code="neo4j_uri_port",
            values={"uri": shown},
        ) from None
    if not host:
        raise StoreError(
            f"invalid Neo4j URI {shown!r}: no host",
            hint=_URI_HINT,
            code="neo4j_uri_host",
            values={"uri": shown},
        )
    return uri


_DRIVER_LOG = logging.getLogger("neo4j")
#: A library's manners: without a handler of their own, the driver's warnings would reach
#: stderr through Python's last-resort handler.
_DRIVER_LOG.addHandler(logging.NullHandler())
_DRIVER_LOG_STATE: dict[str, Any] = {"handler": None}


def driver_logging(on: bool) -> None:
    """Show (``on``: on stderr, warnings and up) or keep to themselves the ``neo4j``
    driver's log records.

    Off, they neither reach stderr nor propagate to the application's handlers: a driver
    that loses its server logs lines such as "Failed to read from defunct connection",
    which would be printed next to tramas' own one-line error. The CLI turns them on
    with ``--debug`` only.
    """
    import sys

    old = _DRIVER_LOG_STATE["handler"]
    if old is not None:
        _DRIVER_LOG.removeHandler(old)
        _DRIVER_LOG_STATE["handler"] = None
    if on:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        _DRIVER_LOG.addHandler(handler)
        _DRIVER_LOG_STATE["handler"] = handler
    _DRIVER_LOG.propagate = on


@dataclass(frozen=True)
class QueryResult:
    """Rows returned by a Cypher query, with what the query did.

    Attributes
    ----------
    columns:
        Column names in the order of the ``RETURN`` clause.
    rows:
        One dict per record; nodes become their property maps, paths lists.
    query_type:
        ``r`` (read), ``rw``, ``w`` or ``s`` (schema), as Neo4j reports it.
    counters:
        Non-zero update counters (``nodes_created``, ``properties_set`` ...).
    """

    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    query_type: str = "r"
    counters: dict[str, int] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the query's columns."""
        return pd.DataFrame(self.rows, columns=list(self.columns))

    def to_csv(self, *, safe: bool = True) -> str:
        """The rows as CSV text (lists and maps as JSON), formula-guarded unless
        ``safe=False`` (:func:`tramas.output.csv_text`)."""
        from tramas.output import csv_text

        frame = self.to_frame()
        for col in frame.columns:
            frame[col] = [
                json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, list | dict) else v
                for v in frame[col]
            ]
        return csv_text(frame, safe=safe)

    def to_json(self) -> str:
        """The rows as a JSON array of objects."""
        return json.dumps(self.rows, ensure_ascii=False, indent=2, default=str)


class Connection:
    """A connection to one Neo4j database.

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

        with Connection() as db:
            keys = db.execute("MATCH (s:Study) RETURN s.key AS key").rows
    """

    def __init__(
        self,
        uri: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        connection_timeout: float = 5.0,
    ) -> None:
        self.uri = check_uri(uri or os.environ.get("NEO4J_URI") or DEFAULT_URI)
        self.user = user or os.environ.get("NEO4J_USER") or DEFAULT_USER
        self.database = database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
        secret = password or os.environ.get("NEO4J_PASSWORD") or DEV_PASSWORD
        self._secret = secret  # kept for reconnect(); never printed
        self._connection_timeout = connection_timeout
        self._driver: neo4j.Driver = self._new_driver()
        self._connected = False

    def _new_driver(self) -> neo4j.Driver:
        from neo4j import GraphDatabase

        try:
            return GraphDatabase.driver(
                self.uri,
                auth=(self.user, self._secret),
                connection_timeout=self._connection_timeout,
                max_transaction_retry_time=30.0,
                notifications_min_severity="OFF",
            )
        except Exception as exc:  # the driver raises ValueError/ConfigurationError here
            detail = str(exc).replace(self.uri, mask_uri(self.uri))
            raise StoreError(
                f"invalid Neo4j URI {mask_uri(self.uri)!r}: {detail}",
                hint=_URI_HINT,
                code="neo4j_uri",
                values={"uri": mask_uri(self.uri), "detail": detail},
            ) from None

    def reconnect(self, *, wait: float = 0.0) -> Self:
        """Replace the driver (after the server restarted) and check the connection.

        Parameters
        ----------
        wait:
            Seconds to keep trying while the server is not answering yet.
        """
        self._driver.close()
        self._driver = self._new_driver()
        self._connected = False
        deadline = time.monotonic() + wait
        while True:
            try:
                return self.connect()
            except StoreError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(1.0)

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()

    def connect(self) -> Self:
        """Check that the server answers and accepts the credentials (once per store)."""
        if not self._connected:
            with self.errors():
                self._driver.verify_connectivity()
                self._driver.execute_query("RETURN 1", database_=self.database)
            self._connected = True
        return self

    @contextlib.contextmanager
    def errors(self, *, query: bool = False) -> Iterator[None]:
        """Turn driver exceptions into one-line :class:`StoreError`/:class:`QueryError`."""
        from neo4j.exceptions import (
            AuthError,
            ClientError,
            ConfigurationError,
            DriverError,
            Neo4jError,
            ServiceUnavailable,
            SessionExpired,
        )

        try:
            yield
        except TramasError:
            raise
        except AuthError:
            raise StoreError(
                f"authentication failed for user {self.user} at {self.uri}",
                hint="check NEO4J_PASSWORD (and NEO4J_USER)",
                code="neo4j_auth",
                values={"user": self.user, "uri": self.uri},
            ) from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            self._tls_mismatch(exc)
            raise StoreError(
                f"cannot reach Neo4j at {self.uri}",
                hint="start it: scripts/neo4j-local start (or set NEO4J_URI to your server)",
                code="neo4j_unreachable",
                values={"uri": self.uri},
            ) from None
        except ClientError as exc:
            code = exc.code or ""
            if "DatabaseNotFound" in code:
                raise StoreError(
                    f"database {self.database!r} does not exist at {self.uri}",
                    hint="Neo4j Community has one user database, 'neo4j' (NEO4J_DATABASE)",
                    code="neo4j_no_database",
                    values={"database": self.database, "uri": self.uri},
                ) from None
            if "AccessMode" in code:
                raise QueryError(
                    "the query writes, but it was run read-only",
                    hint="add --write to run queries that change the graph",
                    code="query_read_only",
                ) from None
            message = (exc.message or str(exc)).splitlines()[0]
            if query:
                raise QueryError(
                    f"Neo4j refused the query: {message}",
                    code="neo4j_refused_query",
                    values={"detail": message},
                ) from None
            raise StoreError(
                f"Neo4j refused a request: {message}",
                code="neo4j_refused",
                values={"detail": message},
            ) from None
        except Neo4jError as exc:
            message = (exc.message or str(exc)).splitlines()[0]
            raise StoreError(
                f"Neo4j error: {message}", code="neo4j_error", values={"detail": message}
            ) from None
        except (ConfigurationError, DriverError) as exc:
            raise StoreError(
                f"Neo4j driver error: {exc}", code="neo4j_driver", values={"detail": str(exc)}
            ) from None

    def _tls_mismatch(self, exc: BaseException) -> None:
        """Raise the "does not speak TLS" error when an encrypted URI met a plain server."""
        import ssl

        scheme = self.uri.partition("://")[0].lower()
        if "+" not in scheme:
            return
        chain: BaseException | None = exc
        seen = 0
        while chain is not None and seen < 10:
            if isinstance(chain, ssl.SSLCertVerificationError):
                return  # TLS spoken, certificate not trusted: not a mismatch
            if isinstance(chain, ssl.SSLError) or type(chain).__name__ == "BoltSecurityError":
                plain = scheme.partition("+")[0]
                rest = self.uri.partition("://")[2]
                raise StoreError(
                    f"the Neo4j server at {self.uri} does not speak TLS: "
                    f"try {plain}:// instead of {scheme}://",
                    hint=f"use {plain}://{rest} (or enable TLS on the server's Bolt connector)",
                    code="neo4j_no_tls",
                    values={"uri": self.uri, "scheme": scheme, "plain": plain, "rest": rest},
                ) from None
            chain = chain.__cause__ or chain.__context__
            seen += 1

    # ------------------------------------------------------------------ execution
    def execute(
        self,
        cypher: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
    ) -> QueryResult:
        """Run one statement in a managed transaction (retried on transient errors).

        Reads are routed with ``routing_="r"``, so the server itself refuses writes.
        """
        from neo4j import RoutingControl

        self.connect()
        with self.errors(query=True):
            records, summary, keys = self._driver.execute_query(
                cypher,
                parameters_=dict(parameters or {}),
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
                database_=self.database,
            )
        return QueryResult(
            columns=tuple(keys),
            rows=[_plain(r.data()) for r in records],
            query_type=summary.query_type or "r",
            counters=_counters(summary.counters),
        )

    def write_batch(
        self,
        statements: Sequence[tuple[str, Mapping[str, Any]]],
        *,
        retries: int | None = None,
        on_retry: Callable[[Exception], None] | None = None,
    ) -> dict[str, int]:
        """Run statements in ONE write transaction (retried as a whole on transient errors).

        Parameters
        ----------
        statements:
            ``(cypher, parameters)`` pairs, run in order.
        retries:
            ``None``: the driver's managed retries (back-off from one second, up to 30 s).
            A number: retry at most that many times after a short random pause (10–100 ms
            times the attempt) -- for bulk writes whose rare deadlocks should not cost a
            second each.
        on_retry:
            Called with the error before each retry of the second kind.

        Returns
        -------
        dict
            The summed update counters.
        """
        self.connect()

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            total: dict[str, int] = {}
            for cypher, params in statements:
                summary = tx.run(cypher, params).consume()
                for key, value in _counters(summary.counters).items():
                    total[key] = total.get(key, 0) + value
            return total

        if retries is None:
            with self.errors(), self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        from neo4j.exceptions import DriverError, Neo4jError

        attempt = 0
        with self.errors():
            while True:
                try:
                    with self._driver.session(database=self.database) as session:
                        tx = session.begin_transaction()
                        try:
                            total = work(tx)  # type: ignore[arg-type]
                            tx.commit()
                        finally:
                            tx.close()
                    return total
                except (Neo4jError, DriverError) as exc:
                    if attempt >= retries or not exc.is_retryable():
                        raise
                    attempt += 1
                    if on_retry is not None:
                        on_retry(exc)
                    time.sleep(random.uniform(0.01, 0.1) * attempt)  # noqa: S311 - jitter

    def write_rows(
        self, cypher: str, parameters: Mapping[str, Any] | None = None
    ) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
        """Run one statement in a write transaction (retried on transient errors).

        Returns
        -------
        rows, counters
            The records as tuples of driver values, and the update counters.
        """
        self.connect()

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
            result = tx.run(cypher, dict(parameters or {}))
            rows = [tuple(record.values()) for record in result]
            return rows, _counters(result.consume().counters)

        with self.errors(), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def run_autocommit(self, cypher: str, parameters: Mapping[str, Any] | None = None) -> dict:
        """Run a statement in an auto-commit transaction (needed for ``CALL {} IN TRANSACTIONS``)."""
        from neo4j import Query

        self.connect()
        with self.errors(), self._driver.session(database=self.database) as session:
            summary = session.run(Query(cypher), dict(parameters or {})).consume()  # type: ignore[arg-type]
        return _counters(summary.counters)

    def query_type(self, cypher: str, parameters: Mapping[str, Any] | None = None) -> str:
        """What a statement would do, from ``EXPLAIN`` (nothing is run): r, rw, w or s."""
        from neo4j import RoutingControl

        from tramas.neo4j.readonly import plan_text

        self.connect()
        with self.errors(query=True):
            _, summary, _ = self._driver.execute_query(
                "EXPLAIN " + plan_text(cypher),
                parameters_=dict(parameters or {}),
                routing_=RoutingControl.READ,
                database_=self.database,
            )
        return summary.query_type or "r"

    def run_cypher(
        self,
        cypher: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
    ) -> QueryResult:
        """Run an ad hoc query; without ``write`` anything but a read-only query is refused.

        Three layers, in order: :func:`tramas.neo4j.readonly.check_read_only` reads the
        query and refuses any clause but the reading ones (``TERMINATE``, ``LOAD CSV``,
        ``SHOW TRANSACTIONS``, procedures off the read-only list ...), which Neo4j itself
        classifies as reads; then the query is planned with ``EXPLAIN`` and refused unless
        Neo4j classifies it as read-only (``r``, or ``s`` for an allowed procedure such as
        ``dbms.components``); it then runs with read routing, so the server refuses any
        write the planner did not foresee. Parameter values are checked first
        (:func:`tramas.neo4j.queries.check_parameters`). With ``write`` the query runs as
        given (``LOAD CSV`` and ``TERMINATE`` included).
        """
        from tramas.neo4j.queries import check_parameters
        from tramas.neo4j.readonly import check_read_only

        if not cypher or not cypher.strip():
            raise QueryError("empty query", code="query_empty")
        check_parameters(parameters or {})
        if not write:
            checked = check_read_only(cypher, database=self.database)
            kind = self.query_type(cypher, parameters)
            if kind != "r" and not (kind == "s" and checked.procedures):
                raise QueryError(
                    f"refused: this query would change the graph (query type {kind!r}) "
                    "and runs read-only",
                    hint="add --write to allow queries that change the graph",
                    code="query_would_write",
                    values={"kind": kind},
                )
            return self.execute(cypher, parameters, write=False)
        from neo4j import Query

        self.connect()
        with self.errors(query=True), self._driver.session(database=self.database) as session:
            result = session.run(Query(cypher), dict(parameters or {}))  # type: ignore[arg-type]
            keys = tuple(result.keys())
            rows = [_plain(r.data()) for r in result]
            summary = result.consume()
        return QueryResult(keys, rows, summary.query_type or "rw", _counters(summary.counters))

    # ------------------------------------------------------------------ schema and studies
    def ensure_schema(self) -> list[str]:
        """Create tramas' constraints and indexes if missing; returns their names."""
        for statement in gm.SCHEMA:
            self.execute(statement, write=True)
        records = self.execute("SHOW CONSTRAINTS YIELD name RETURN name").rows
        records += self.execute("SHOW INDEXES YIELD name RETURN name").rows
        return sorted({r["name"] for r in records if str(r["name"]).startswith("tramas_")})

    def has_study(self, study: str) -> bool:
        """Whether a :Study node with this key exists."""
        gm.check_study_key(study)
        rows = self.execute("MATCH (s:Study {key: $study}) RETURN count(s) AS n", {"study": study})
        return bool(rows.rows[0]["n"])

    def studies(self) -> pd.DataFrame:
        """The studies in the database with their status and counts."""
        result = self.execute(
            "MATCH (s:Study) RETURN s.key AS study, s.title AS title, s.status AS status, "
            "s.actors AS actors, s.ties AS ties, s.loaded_at AS loaded_at, "
            "s.analysed_at AS analysed_at ORDER BY study"
        )
        return result.to_frame()

    def drop(self, study: str) -> dict[str, int]:
        """Delete every node and relationship of one study; other studies are untouched.

        Returns
        -------
        dict
            ``nodes_deleted`` and ``relationships_deleted``.
        """
        gm.check_study_key(study)
        total = {"nodes_deleted": 0, "relationships_deleted": 0}
        statements = (
            "MATCH (a:Actor {study: $study}) "
            "CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 2000 ROWS",
            "MATCH (n) WHERE n.study = $study AND NOT n:TramasLock "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS",
            "MATCH (s:Study {key: $study}) DETACH DELETE s",
        )
        for statement in statements:
            counters = self.run_autocommit(statement, {"study": study})
            for key in total:
                total[key] += counters.get(key, 0)
        return total


# ---------------------------------------------------------------------- helpers
def _counters(counters: Any) -> dict[str, int]:
    names = (
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "labels_removed",
        "indexes_added",
        "constraints_added",
    )
    out = {name: int(getattr(counters, name, 0) or 0) for name in names}
    return {k: v for k, v in out.items() if v}


def _plain(value: Any) -> Any:
    """Driver values as plain Python: temporals as ISO text, graph objects as maps."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **_plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, **_plain(dict(value))}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
