"""The named query library: parameterised Cypher files shipped with tramas.

Each ``<name>.cypher`` file in this folder starts with a header of ``//`` comments::

    // title: Lead firms
    // description: Firms ranked by lead-firm score ...
    //   (a description may go on over indented lines)
    // param: study: string (required) -- study key
    // param: limit: int = 10 -- how many firms to list

Parameter types are ``string``, ``int``, ``float`` and ``bool``; an ``int`` may declare
its range, ``int[1..10000]``. A parameter is either ``(required)`` or has a default
(``null`` for none). :meth:`NamedQuery.bind` converts ``--param key=value`` text to those
types; unknown or missing parameters, and values out of range, are a
:class:`~tramas.exceptions.QueryError`. Values always reach Neo4j as parameters.

Every value sent to Neo4j -- a named query's or an ad hoc query's
(:func:`parse_json_param`, :func:`check_parameters`) -- must fit what Neo4j stores: whole
numbers within 64 bits, finite floats, text of at most :data:`MAX_TEXT_BYTES` bytes, lists
and maps nested at most :data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tramas.exceptions import QueryError

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "MAX_DEPTH",
    "MAX_TEXT_BYTES",
    "NamedQuery",
    "QueryParam",
    "check_parameters",
    "check_value",
    "get_query",
    "list_queries",
    "parse_json_param",
    "parse_query",
    "parse_value",
]

#: The range of Neo4j integers (signed 64 bits).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
#: The longest text a parameter may hold, in UTF-8 bytes.
MAX_TEXT_BYTES = 1_000_000
#: How deep lists and maps may nest in a parameter.
MAX_DEPTH = 16

TYPES: tuple[str, ...] = ("string", "int", "float", "bool")
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\[(?P<min>-?\d+)\.\.(?P<max>-?\d+)\])?\s*"
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
    minimum: int | None = None
    maximum: int | None = None

    def describe(self) -> str:
        """``limit: int[1..10000] = 10`` / ``actor: string (required)``."""
        tail = " (required)" if self.required else f" = {_show(self.default)}"
        span = f"[{self.minimum}..{self.maximum}]" if self.minimum is not None else ""
        return f"{self.name}: {self.type}{span}{tail}"

    def check_range(self, value: Any, *, name: str, shown: str | None = None) -> None:
        """Refuse a number outside the declared range (``None`` passes)."""
        if self.minimum is None or value is None or self.maximum is None:
            return
        if not self.minimum <= value <= self.maximum:
            shown = _short(value if shown is None else shown)
            raise QueryError(
                f"{name} must be between {self.minimum} and {self.maximum}, got {shown}",
                code="query_parameter_range",
                values={"name": name, "min": self.minimum, "max": self.maximum, "value": shown},
            )


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
            try:
                out[key] = parse_value(raw, p.type, name=f"{self.name}.{key}")
            except QueryError as exc:  # beyond 64 bits: say the declared range if there is one
                if exc.code != "param_out_of_range" or p.minimum is None:
                    raise
                p.check_range(INT_MAX + 1, name=f"{self.name}.{key}", shown=str(raw).strip())
            p.check_range(out[key], name=f"{self.name}.{key}")
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
        check_value(name, raw)
        return float(raw) if type_ == "float" else raw
    text = raw.strip()
    if text.lower() in ("null", "none", ""):
        return None
    try:
        if type_ == "int":
            if re.fullmatch(r"[+-]?\d{20,}", text):  # too long for 64 bits (and for int())
                raise _out_of_range(name, text)
            value: Any = int(text)
            check_value(name, value)
            return value
        if type_ == "float":
            value = float(text)
            check_value(name, value)
            return value
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
    check_value(name, raw)
    return raw


# ---------------------------------------------------------------------- value checks
def check_value(name: str, value: Any, *, _depth: int = 0) -> None:
    """Refuse a parameter value Neo4j cannot take (or that is absurdly large).

    Integers must fit in 64 bits, floats be finite, text be at most
    :data:`MAX_TEXT_BYTES` long, lists and maps nest at most :data:`MAX_DEPTH` levels.

    >>> check_value("limit", 10)
    >>> check_value("limit", 99999999999999999999)
    Traceback (most recent call last):
    ...
    tramas.exceptions.QueryError: parameter limit is 99999999999999999999, outside the range of Neo4j integers (-9223372036854775808 to 9223372036854775807)
    """
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise _out_of_range(name, value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(
                f"parameter {name} is {value}: Neo4j takes only finite numbers",
                code="param_not_finite",
                values={"name": name, "value": str(value)},
            )
    elif isinstance(value, str):
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > MAX_TEXT_BYTES:
            raise QueryError(
                f"parameter {name} holds {size} bytes of text; the limit is {MAX_TEXT_BYTES}",
                code="param_too_long",
                values={"name": name, "size": size, "limit": MAX_TEXT_BYTES},
            )
    elif isinstance(value, list | tuple | dict):
        if _depth >= MAX_DEPTH:
            raise _too_deep(name)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            where = f"{name}.{key}" if isinstance(value, dict) else f"{name}[{key}]"
            check_value(where, item, _depth=_depth + 1)


def check_parameters(parameters: Mapping[str, Any]) -> None:
    """:func:`check_value` of every parameter of a query."""
    for name, value in parameters.items():
        check_value(str(name), value)


class _Refused(Exception):
    def __init__(self, error: QueryError) -> None:
        self.error = error


def parse_json_param(name: str, text: str) -> Any:
    """A ``--param`` value of ad hoc Cypher: JSON when it parses, else the text itself.

    Numbers are checked while they are read (a 5,000-digit integer is refused, never
    converted); ``NaN`` and ``Infinity`` are refused, and so are floats that overflow.

    >>> parse_json_param("n", "5"), parse_json_param("ids", "[1, 2]"), parse_json_param("s", "F001")
    (5, [1, 2], 'F001')
    >>> parse_json_param("x", "1e400")
    Traceback (most recent call last):
    ...
    tramas.exceptions.QueryError: parameter x is inf: Neo4j takes only finite numbers
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        check_value(name, text)

    def integer(digits: str) -> int:
        if len(digits.lstrip("+-")) > 19:
            raise _Refused(_out_of_range(name, digits))
        return int(digits)

    def constant(word: str) -> float:
        raise _Refused(
            QueryError(
                f"parameter {name} is {word}: Neo4j takes only finite numbers",
                code="param_not_finite",
                values={"name": name, "value": word},
            )
        )

    try:
        value = json.loads(text, parse_int=integer, parse_constant=constant)
    except _Refused as refused:
        raise refused.error from None
    except RecursionError:
        raise _too_deep(name) from None
    except ValueError:
        value = text
    check_value(name, value)
    return value


def _out_of_range(name: str, value: Any) -> QueryError:
    shown = _short(value)
    return QueryError(
        f"parameter {name} is {shown}, outside the range of Neo4j integers "
        f"({INT_MIN} to {INT_MAX})",
        code="param_out_of_range",
        values={"name": name, "value": shown, "min": str(INT_MIN), "max": str(INT_MAX)},
    )


def _too_deep(name: str) -> QueryError:
    return QueryError(
        f"parameter {name} nests lists or maps more than {MAX_DEPTH} levels deep",
        code="param_too_deep",
        values={"name": name, "limit": MAX_DEPTH},
    )


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


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
    low, high = match.group("min"), match.group("max")
    if low is not None and type_ != "int":
        raise QueryError(
            f"{query}.cypher line {lineno}: bad parameter declaration {spec!r}",
            hint="write `// param: NAME: string|int|float|bool (required)` or `= DEFAULT`",
            code="query_file_bad_parameter",
            values={"query": query, "line": lineno, "text": repr(spec)},
        )
    param = QueryParam(
        match.group("name"),
        type_,
        required,
        default,
        match.group("help") or "",
        int(low) if low is not None else None,
        int(high) if high is not None else None,
    )
    param.check_range(default, name=f"{query}.{param.name}")
    return param


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)
