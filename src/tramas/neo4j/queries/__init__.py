"""The named query library: parameterised Cypher files shipped with tramas.

Each ``<name>.cypher`` file in this folder starts with a header of ``//`` comments::

    // title: Lead firms
    // description: Firms ranked by lead-firm score ...
    //   (a description may go on over indented lines)
    // param: study: string (required) -- study key
    // param: limit: int = 10 -- how many firms to list

Parameter types are ``string``, ``int``, ``float`` and ``bool``; a parameter is either
``(required)`` or has a default (``null`` for none). :meth:`NamedQuery.bind` converts
``--param key=value`` text to those types; unknown or missing parameters are a
:class:`~tramas.exceptions.QueryError`. Values always reach Neo4j as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tramas.exceptions import QueryError

__all__ = ["NamedQuery", "QueryParam", "get_query", "list_queries", "parse_query", "parse_value"]

TYPES: tuple[str, ...] = ("string", "int", "float", "bool")
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)\s*"
    r"(?:(?P<required>\(required\))|=\s*(?P<default>.+?))?\s*(?:--\s*(?P<help>.*))?$"
)
_TRUE = {"true", "yes", "y", "1", "si", "sí"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    help: str = ""

    def describe(self) -> str:
        """``limit: int = 10`` / ``actor: string (required)``."""
        tail = " (required)" if self.required else f" = {_show(self.default)}"
        return f"{self.name}: {self.type}{tail}"


@dataclass(frozen=True)
class NamedQuery:
    """A parsed ``.cypher`` file: its header and the query text."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    cypher: str

    def param(self, name: str) -> QueryParam:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryError(
            f"query {self.name!r} has no parameter {name!r}",
            hint=f"its parameters: {', '.join(p.describe() for p in self.params)}",
            code="query_no_parameter",
            values={
                "query": self.name,
                "name": name,
                "params": ", ".join(p.describe() for p in self.params),
            },
        )

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Parameters for a run: given values (text converted by type) plus defaults.

        Examples
        --------
        >>> q = get_query("lead_firms")
        >>> q.bind({"study": "wine", "limit": "5"})
        {'study': 'wine', 'limit': 5}
        """
        out: dict[str, Any] = {}
        for key, raw in values.items():
            p = self.param(key)
            out[key] = parse_value(raw, p.type, name=f"{self.name}.{key}")
        missing = [p.name for p in self.params if p.required and out.get(p.name) is None]
        if missing:
            raise QueryError(
                f"query {self.name!r} needs the parameter{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}",
                hint=" ".join(f"--param {m}=..." for m in missing),
                code="query_missing_parameters",
                values={
                    "query": self.name,
                    "n": len(missing),
                    "names": ", ".join(missing),
                    "options": " ".join(f"--param {m}=..." for m in missing),
                },
            )
        for p in self.params:
            out.setdefault(p.name, p.default)
        return out


def parse_value(raw: Any, type_: str, *, name: str = "value") -> Any:
    """Convert a parameter value (usually text from ``--param``) to a declared type.

    ``null`` (or empty text) gives ``None``.

    >>> parse_value("12", "int"), parse_value("sí", "bool"), parse_value("null", "string")
    (12, True, None)
    """
    if raw is None:
        return None
    if not isinstance(raw, str):
        checks = {"string": str, "int": int, "float": int | float, "bool": bool}
        if type_ != "bool" and isinstance(raw, bool) or not isinstance(raw, checks[type_]):
            raise QueryError(
                f"{name} must be {type_}, got {raw!r}",
                code="query_parameter_type",
                values={"name": name, "type": type_, "value": repr(raw)},
            )
        return float(raw) if type_ == "float" else raw
    text = raw.strip()
    if text.lower() in ("null", "none", ""):
        return None
    try:
        if type_ == "int":
            return int(text)
        if type_ == "float":
            return float(text)
    except ValueError:
        raise QueryError(
            f"{name} must be {type_}, got {raw!r}",
            code="query_parameter_type",
            values={"name": name, "type": type_, "value": repr(raw)},
        ) from None
    if type_ == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise QueryError(
            f"{name} must be true or false, got {raw!r}",
            code="query_parameter_bool",
            values={"name": name, "value": repr(raw)},
        )
    return raw


def parse_query(name: str, text: str) -> NamedQuery:
    """Parse a ``.cypher`` file's header; the rest is the query."""
    header: dict[str, str] = {}
    params: list[QueryParam] = []
    body: list[str] = []
    last: str | None = None
    in_header = True
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            content = stripped[2:]
            match = re.match(r"^\s*(title|description|param)\s*:\s*(.*)$", content)
            if match:
                key, value = match.group(1), match.group(2).strip()
                if key == "param":
                    params.append(_parse_param(name, lineno, value))
                else:
                    header[key] = value
                last = key
            elif content.startswith(("  ", "\t")) and last in ("title", "description"):
                header[last] += " " + content.strip()
            else:
                raise QueryError(
                    f"{name}.cypher line {lineno}: unknown header line {line!r}",
                    code="query_file_header_line",
                    values={"query": name, "line": lineno, "text": repr(line)},
                )
            continue
        in_header = False
        body.append(line)
    cypher = "\n".join(body).strip()
    for key in ("title", "description"):
        if not header.get(key):
            raise QueryError(
                f"{name}.cypher: the header has no {key}",
                code="query_file_no_header_key",
                values={"query": name, "field": key},
            )
    if not cypher:
        raise QueryError(
            f"{name}.cypher: no query after the header",
            code="query_file_empty",
            values={"query": name},
        )
    names = [p.name for p in params]
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", cypher))
    undeclared = sorted(used - set(names))
    if undeclared:
        raise QueryError(
            f"{name}.cypher uses undeclared parameter(s) {undeclared}",
            code="query_file_undeclared",
            values={"query": name, "names": ", ".join(undeclared)},
        )
    return NamedQuery(name, header["title"], header["description"], tuple(params), cypher)


@cache
def _library() -> dict[str, NamedQuery]:
    folder = resources.files(__name__)
    queries = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            queries[name] = parse_query(name, entry.read_text(encoding="utf-8"))
    return queries


def list_queries() -> list[NamedQuery]:
    """Every named query, by name."""
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """A named query by name (``lead_firms``, ``gatekeepers`` ...)."""
    queries = _library()
    key = name.strip().lower().replace("-", "_")
    if key not in queries:
        raise QueryError(
            f"no named query {name!r}",
            hint=f"tramas query --list shows them: {', '.join(queries)}",
            code="query_unknown",
            values={"name": name, "names": ", ".join(queries)},
        )
    return queries[key]


def _parse_param(query: str, lineno: int, spec: str) -> QueryParam:
    match = _PARAM_RE.match(spec)
    if not match or match.group("type") not in TYPES:
        raise QueryError(
            f"{query}.cypher line {lineno}: bad parameter declaration {spec!r}",
            hint="write `// param: NAME: string|int|float|bool (required)` or `= DEFAULT`",
            code="query_file_bad_parameter",
            values={"query": query, "line": lineno, "text": repr(spec)},
        )
    type_ = match.group("type")
    required = bool(match.group("required"))
    default_text = match.group("default")
    if not required and default_text is None:
        raise QueryError(
            f"{query}.cypher line {lineno}: give a default or (required)",
            code="query_file_no_default",
            values={"query": query, "line": lineno},
        )
    default = None
    if default_text is not None:
        text = default_text.strip()
        if type_ == "string" and len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]
        default = parse_value(text, type_, name=f"{query}.{match.group('name')}")
    return QueryParam(match.group("name"), type_, required, default, match.group("help") or "")


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)
