"""The read-only check of ad hoc Cypher: without ``--write`` only reading clauses run.

Neo4j's own classification is not enough: ``EXPLAIN`` reports ``TERMINATE TRANSACTIONS``,
``LOAD CSV`` and ``SHOW TRANSACTIONS`` as read queries, and a read-routed session runs
them. :func:`check_read_only` reads the query first, the way the server's lexer does,
and refuses anything but:

* the reading clauses ``MATCH``, ``OPTIONAL MATCH``, ``WHERE``, ``WITH``, ``RETURN``,
  ``ORDER BY``, ``SKIP``/``OFFSET``, ``LIMIT``, ``UNWIND``, ``UNION [ALL]``, ``FINISH``,
  ``CALL { ... }`` subqueries of those and ``EXISTS``/``COUNT``/``COLLECT`` subqueries;
* ``CALL`` of a procedure on :data:`READ_ONLY_PROCEDURES`;
* built-in functions, and dotted functions of the namespaces in
  :data:`READ_ONLY_FUNCTION_NAMESPACES` (``file()``, ``linenumber()``, ``apoc.load.*``,
  ``apoc.cypher.*`` ... are refused);
* ``SHOW INDEXES``, ``SHOW CONSTRAINTS``, ``SHOW FUNCTIONS`` and ``SHOW PROCEDURES`` (every
  other ``SHOW`` -- transactions, settings, users, databases -- is refused);
* ``USE`` of the connection's own database; a leading ``CYPHER`` option, ``EXPLAIN`` or
  ``PROFILE``;
* one statement (a trailing ``;`` is allowed).

How the text is read, so that nothing hides from the check:

* ``\\uXXXX`` escapes are decoded first, everywhere, as the server does (a ``\\u000a``
  ends a ``//`` comment for it, ``\\u0043REATE`` is ``CREATE``);
* comments, string literals (with their backslash escapes), backtick-quoted names and
  ``$parameters`` are never keywords: ``MATCH (n {name: 'CREATE'})`` is a read;
* keywords are case-insensitive;
* a control or format character (a zero-width space ...) outside strings and comments,
  or a string, comment or quoted name left open, refuses the query.

The words of writing and server commands -- ``CREATE``, ``MERGE``, ``SET``, ``DELETE``,
``DETACH``, ``REMOVE``, ``FOREACH``, ``INSERT``, ``LOAD``, ``TERMINATE``, ``SHOW``,
``TRANSACTIONS``, ``PERIODIC``, ``ALTER``, ``GRANT``, ``DENY``, ``REVOKE``, ``DROP`` ... --
are refused wherever they stand bare (not after ``.`` or ``:``, not a map key), so a
variable with one of these names needs backticks: ```set```. Any other word where a
clause starts must be one of the reading clauses (or an expression word such as ``AND``,
``AS``, ``DESC``).

This is the first of two layers; :meth:`tramas.neo4j.connection.Connection.run_cypher`
then has the server plan the query (``EXPLAIN``) and runs it with read routing.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from tramas.exceptions import QueryError

__all__ = [
    "READING_CLAUSES",
    "READ_ONLY_FUNCTION_NAMESPACES",
    "READ_ONLY_PROCEDURES",
    "ReadOnlyCheck",
    "Token",
    "check_read_only",
    "decode_unicode_escapes",
    "plan_text",
    "tokenize",
]

#: The clauses a query may be made of without ``--write`` (for messages and the docs).
READING_CLAUSES = (
    "MATCH, OPTIONAL MATCH, WHERE, WITH, RETURN, ORDER BY, SKIP, LIMIT, UNWIND, UNION and "
    "CALL subqueries"
)

#: Procedures ``CALL`` may run without ``--write`` (compared without regard to case).
READ_ONLY_PROCEDURES: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.indexes",
        "db.constraints",
        "db.info",
        "db.ping",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.fulltext.listAvailableAnalyzers",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
        "dbms.components",
        "apoc.help",
        "apoc.meta.schema",
        "apoc.meta.stats",
        "apoc.meta.data",
        "apoc.meta.graph",
        "apoc.meta.nodeTypeProperties",
        "apoc.meta.relTypeProperties",
    )
)

#: Namespaces of dotted functions allowed without ``--write`` (a function ``a.b.c`` is
#: allowed when ``a.b`` or ``a`` is listed). Undotted (built-in) functions are allowed,
#: except ``file()`` and ``linenumber()`` of LOAD CSV.
READ_ONLY_FUNCTION_NAMESPACES: frozenset[str] = frozenset(
    (
        "date",
        "datetime",
        "localdatetime",
        "localtime",
        "time",
        "duration",
        "point",
        "vector",
        "vector.similarity",
        "db",
        "apoc.text",
        "apoc.coll",
        "apoc.map",
        "apoc.convert",
        "apoc.date",
        "apoc.temporal",
        "apoc.math",
        "apoc.number",
        "apoc.agg",
        "apoc.node",
        "apoc.nodes",
        "apoc.rel",
        "apoc.any",
        "apoc.label",
        "apoc.hashing",
        "apoc.bitwise",
        "apoc.scoring",
        "apoc.json",
        "apoc.diff",
        "apoc.meta",
        "apoc.path",
        "gds.util",
        "gds.similarity",
    )
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OUTSIDE_FUNCTIONS = frozenset({"FILE", "LINENUMBER"})

# Words refused wherever they stand bare: writing clauses and server commands.
_DENIED = {
    "CREATE": "CREATE",
    "MERGE": "MERGE",
    "SET": "SET",
    "DELETE": "DELETE",
    "DETACH": "DETACH DELETE",
    "NODETACH": "NODETACH DELETE",
    "REMOVE": "REMOVE",
    "FOREACH": "FOREACH",
    "INSERT": "INSERT",
    "TRANSACTIONS": "CALL … IN TRANSACTIONS",
    "TRANSACTION": "CALL … IN TRANSACTIONS",
    "CONCURRENT": "CALL … IN TRANSACTIONS",
    "PERIODIC": "USING PERIODIC COMMIT",
    "COMMIT": "USING PERIODIC COMMIT",
}
_ADMIN = frozenset(
    {
        "ALTER",
        "GRANT",
        "DENY",
        "REVOKE",
        "DROP",
        "RENAME",
        "ENABLE",
        "DEALLOCATE",
        "REALLOCATE",
        "DRYRUN",
    }
)
# Refused only where a clause starts (they are common variable names otherwise).
_ADMIN_AT_CLAUSE = frozenset({"START", "STOP"})

# Words allowed where a clause may start: the reading clauses and the words that go on
# an expression or a clause (``a AS b``, ``x IS NULL``, ``ORDER BY x DESC``, hints ...).
_ALLOWED_AT_CLAUSE = _words(
    """MATCH OPTIONAL WHERE WITH RETURN ORDER BY SKIP OFFSET LIMIT UNWIND UNION ALL DISTINCT
    CALL YIELD FINISH USING INDEX SCAN JOIN ON AS AND OR XOR NOT IN IS STARTS ENDS CONTAINS
    CASE WHEN THEN ELSE END ASC ASCENDING DESC DESCENDING NULL TRUE FALSE EXISTS COUNT
    COLLECT NORMALIZED NFC NFD NFKC NFKD TYPED SHORTEST PATH PATHS GROUP GROUPS ANY WALK
    TRAIL ACYCLIC TEXT RANGE POINT"""
)
# Words after which an expression, a pattern or a name follows (never a new clause).
_EXPECTING = _words(
    """MATCH OPTIONAL WHERE WITH RETURN DISTINCT AS AND OR XOR NOT IN IS BY SKIP OFFSET LIMIT
    UNWIND CALL YIELD CASE WHEN THEN ELSE STARTS ENDS CONTAINS USING INDEX SCAN ON TYPED USE
    SHORTEST ANY ALL NONE SINGLE ORDER"""
)
_SUBQUERY_WORDS = frozenset({"EXISTS", "COUNT", "COLLECT"})
_SHOW_ALLOWED = frozenset(
    {
        "INDEX",
        "INDEXES",
        "CONSTRAINT",
        "CONSTRAINTS",
        "FUNCTION",
        "FUNCTIONS",
        "PROCEDURE",
        "PROCEDURES",
    }
)
_SHOW_MODIFIERS = _words(
    """ALL RANGE TEXT POINT FULLTEXT LOOKUP VECTOR BTREE UNIQUE UNIQUENESS NODE RELATIONSHIP
    REL KEY EXIST EXISTENCE PROPERTY TYPE BUILT IN USER DEFINED"""
)
_SHOW_TAIL_END = frozenset({"YIELD", "WHERE", "RETURN"})
_PUNCT = set("()[]{},.;:|+-*/%^=<>!&?~")
_COMMENT_END = "\n\r"
_WORD_RE = re.compile(r"[^\W\d]\w*")
_NUMBER_RE = re.compile(r"\d\w*(?:\.\d\w*)?")
_HEX = re.compile(r"[0-9A-Fa-f]{4}")
_PARAM_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Token:
    """One token of a query: ``word``, ``name`` (backtick-quoted), ``string``,
    ``number``, ``param`` or ``punct``; ``upper`` is a word's upper-case form."""

    kind: str
    text: str
    line: int
    column: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass(frozen=True)
class ReadOnlyCheck:
    """What the check found in a query it let through.

    Attributes
    ----------
    procedures:
        The procedures it calls (all on :data:`READ_ONLY_PROCEDURES`).
    show:
        ``SHOW INDEXES`` ... when the query is an allowed SHOW command, else ``None``.
    """

    procedures: tuple[str, ...] = ()
    show: str | None = None


def decode_unicode_escapes(text: str) -> tuple[str, list[int]]:
    """Decode ``\\uXXXX`` escapes as the server does before it reads a query.

    A backslash starts an escape unless it is itself escaped by the backslash before it
    (the rule of Java source). Returns the decoded text and, for each of its characters,
    the offset in ``text`` it came from.

    >>> decode_unicode_escapes(r"\\u0043REATE (n)")[0]
    'CREATE (n)'
    """
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            run = 0
            k = i - 1
            while k >= 0 and text[k] == "\\":
                run += 1
                k -= 1
            if run % 2 == 0 and text.startswith("u", i + 1) and _HEX.fullmatch(text, i + 2, i + 6):
                out.append(chr(int(text[i + 2 : i + 6], 16)))
                where.append(i)
                i += 6
                continue
        out.append(ch)
        where.append(i)
        i += 1
    return "".join(out), where


def tokenize(cypher: str) -> list[Token]:
    """The tokens of a query, comments dropped (escapes decoded first).

    >>> [t.text for t in tokenize("MATCH (n {name: 'CREATE'}) // CREATE\\nRETURN n")]
    ['MATCH', '(', 'n', '{', 'name', ':', "'CREATE'", '}', ')', 'RETURN', 'n']
    """
    s, where = decode_unicode_escapes(cypher)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", cypher)]

    def position(index: int) -> tuple[int, int]:
        offset = where[index] if index < len(where) else len(cypher)
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def unterminated(index: int, opening: str) -> QueryError:
        line, column = position(index)
        return QueryError(
            f"refused: the {opening} opened at line {line}, column {column} is never closed",
            code="cypher_unterminated",
            values={"opening": opening, "line": line, "column": column},
        )

    tokens: list[Token] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if s.startswith("//", i):
            while i < n and s[i] not in _COMMENT_END:
                i += 1
            continue
        if s.startswith("/*", i):
            end = s.find("*/", i + 2)
            if end < 0:
                raise unterminated(i, "/*")
            i = end + 2
            continue
        line, column = position(i)
        if ch in "'\"":
            j = i + 1
            while j < n and s[j] != ch:
                j += 2 if s[j] == "\\" else 1
            if j >= n:
                raise unterminated(i, ch)
            tokens.append(Token("string", s[i : j + 1], line, column))
            i = j + 1
            continue
        if ch == "`":
            text, i = _quoted(s, i, lambda at=i: unterminated(at, "`"))
            tokens.append(Token("name", text, line, column))
            continue
        if ch == "$":
            j = i + 1
            if s.startswith("`", j):
                text, j = _quoted(s, j, lambda at=i + 1: unterminated(at, "`"))
            else:
                match = _PARAM_RE.match(s, j)
                j = match.end() if match else j
                text = s[i + 1 : j]
            tokens.append(Token("param", text, line, column))
            i = j
            continue
        word = _WORD_RE.match(s, i)
        if word:
            tokens.append(Token("word", word.group(), line, column))
            i = word.end()
            continue
        number = _NUMBER_RE.match(s, i)
        if number:
            tokens.append(Token("number", number.group(), line, column))
            i = number.end()
            continue
        if ch in _PUNCT:
            tokens.append(Token("punct", ch, line, column))
            i += 1
            continue
        name = unicodedata.name(ch, "")
        shown = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
        raise QueryError(
            f"refused: unexpected character {shown} at line {line}, column {column}",
            code="cypher_character",
            values={"char": shown, "line": line, "column": column},
        )
    return tokens


def _quoted(s: str, i: int, error) -> tuple[str, int]:  # noqa: ANN001 - a factory of the error
    """A backtick-quoted name starting at ``s[i]`` (doubled backticks escape one)."""
    j = i + 1
    parts: list[str] = []
    while True:
        end = s.find("`", j)
        if end < 0:
            raise error()
        parts.append(s[j:end])
        if s.startswith("`", end + 1):
            parts.append("`")
            j = end + 2
            continue
        return "".join(parts), end + 1


def plan_text(cypher: str) -> str:
    """The statement to plan with ``EXPLAIN``: a leading ``EXPLAIN`` or ``PROFILE`` dropped.

    >>> plan_text("  profile MATCH (n) RETURN n")
    'MATCH (n) RETURN n'
    """
    match = re.match(r"\s*(?:EXPLAIN|PROFILE)\b\s*", cypher, re.IGNORECASE)
    return cypher[match.end() :] if match else cypher


def check_read_only(cypher: str, *, database: str | None = None) -> ReadOnlyCheck:
    """Refuse a query that is not made only of reading clauses (see the module docs).

    Parameters
    ----------
    cypher:
        The query text.
    database:
        The connection's database: ``USE`` of it is allowed, ``USE`` of any other refused.

    Raises
    ------
    QueryError
        One line naming the clause, procedure or function found, with a hint.

    Examples
    --------
    >>> check_read_only("MATCH (n {name: 'CREATE'}) RETURN n")
    ReadOnlyCheck(procedures=(), show=None)
    >>> check_read_only("match (n) detach delete n")
    Traceback (most recent call last):
    ...
    tramas.exceptions.QueryError: refused: DETACH DELETE is not a reading clause
    """
    tokens = tokenize(cypher)
    statements: list[list[Token]] = [[]]
    for token in tokens:
        if token.kind == "punct" and token.text == ";":
            statements.append([])
        else:
            statements[-1].append(token)
    statements = [s for s in statements if s]
    if len(statements) > 1:
        raise QueryError(
            f"refused: the query holds {len(statements)} statements; one runs at a time",
            hint="run the statements one by one",
            code="cypher_statements",
            values={"n": len(statements)},
        )
    if not statements:
        raise QueryError("empty query", code="query_empty")
    return _Checker(statements[0], database).run()


class _Checker:
    def __init__(self, tokens: list[Token], database: str | None) -> None:
        self.t = tokens
        self.database = database
        self.procedures: list[str] = []
        self.show: str | None = None
        self.subquery_braces: set[int] = set()
        self.quiet: set[int] = set()  # words that are names, not clauses (procedure names ...)

    # ------------------------------------------------------------------ helpers
    def word(self, i: int) -> str:
        return self.t[i].upper if 0 <= i < len(self.t) else ""

    def punct(self, i: int, text: str) -> bool:
        return 0 <= i < len(self.t) and self.t[i].kind == "punct" and self.t[i].text == text

    def bare(self, i: int) -> bool:
        """A word that can be a keyword: not a property key, label, map key or name part."""
        if self.t[i].kind != "word" or i in self.quiet:
            return False
        return not (self.punct(i - 1, ".") or self.punct(i - 1, ":") or self.punct(i + 1, ":"))

    def ends_expression(self, i: int) -> bool:
        """Whether a clause may start right after token ``i``."""
        token = self.t[i]
        if token.kind in ("string", "number", "param", "name"):
            return True
        if token.kind == "punct":
            return token.text in ")]}"
        return not self.bare(i) or token.upper not in _EXPECTING

    def clause_start(self, i: int, first: int) -> bool:
        if i == first:
            return True
        if self.punct(i - 1, "{"):
            return (i - 1) in self.subquery_braces
        return self.ends_expression(i - 1)

    def chain(self, i: int) -> tuple[str, int]:
        """A dotted name starting at ``i`` (words or quoted names): the name, the next index."""
        parts: list[str] = []
        while i < len(self.t) and self.t[i].kind in ("word", "name"):
            self.quiet.add(i)
            parts.append(self.t[i].text)
            if self.punct(i + 1, ".") and i + 2 < len(self.t):
                i += 2
                continue
            i += 1
            break
        return ".".join(parts), i

    def matching(self, i: int) -> int:
        """The index of the bracket closing the one at ``i`` (or the end)."""
        pairs = {"(": ")", "[": "]", "{": "}"}
        stack: list[str] = []
        for j in range(i, len(self.t)):
            token = self.t[j]
            if token.kind != "punct":
                continue
            if token.text in pairs:
                stack.append(pairs[token.text])
            elif stack and token.text == stack[-1]:
                stack.pop()
                if not stack:
                    return j
        return len(self.t)

    # ------------------------------------------------------------------ the check
    def prefix(self) -> int:
        """Skip a leading ``CYPHER`` option list, ``EXPLAIN`` or ``PROFILE``."""
        i = 0
        while i < len(self.t):
            word = self.word(i)
            if word in ("EXPLAIN", "PROFILE"):
                i += 1
            elif word == "CYPHER":
                i += 1
                if i < len(self.t) and self.t[i].kind == "number":
                    i += 1
                while self.t[i : i + 1] and self.t[i].kind == "word" and self.punct(i + 1, "="):
                    i += 3
            else:
                return i
        return i

    def run(self) -> ReadOnlyCheck:
        first = self.prefix()
        i = first
        while i < len(self.t):
            token = self.t[i]
            if token.kind == "word" and self.bare(i):
                i = self.word_at(i, first)
                continue
            if (
                token.kind in ("word", "name")
                and self.punct(i + 1, "(")
                and not self.punct(i - 1, ":")
            ):
                self.function(i)
            i += 1
        return ReadOnlyCheck(tuple(self.procedures), self.show)

    def word_at(self, i: int, first: int) -> int:
        """Check the bare word at ``i``; returns the index to go on from."""
        word = self.t[i].upper
        at_clause = self.clause_start(i, first)
        if word == "LOAD":
            _refuse("cypher_load_csv", "LOAD CSV")
        if word == "TERMINATE":
            _refuse("cypher_terminate", "TERMINATE")
        if word in _DENIED:
            _refuse("cypher_not_reading", _DENIED[word])
        if word in _ADMIN or (at_clause and word in _ADMIN_AT_CLAUSE):
            _refuse("cypher_admin", word)
        if word == "SHOW":
            return self.show_command(i)
        if word == "USE":
            return self.use(i)
        if word == "CALL":
            return self.call(i)
        if word in _SUBQUERY_WORDS and self.punct(i + 1, "{"):
            self.subquery_braces.add(i + 1)
            return i + 1
        if self.punct(i + 1, "(") and not self.punct(i - 1, "."):
            self.function(i)
        if at_clause and word not in _ALLOWED_AT_CLAUSE:
            _refuse("cypher_not_reading", word)
        return i + 1

    def function(self, i: int) -> None:
        """Check a call ``name(...)`` or ``a.b.name(...)`` ending at word ``i``."""
        start = i
        while (
            self.punct(start - 1, ".")
            and start - 2 >= 0
            and self.t[start - 2].kind
            in (
                "word",
                "name",
            )
        ):
            start -= 2
        if self.word(start - 1) == "CALL":
            return
        parts = [self.t[k].text for k in range(start, i + 1, 2)]
        if len(parts) == 1:
            if parts[0].upper() in _OUTSIDE_FUNCTIONS:
                _refuse("cypher_function", f"{parts[0]}()")
            return
        namespaces = {".".join(parts[:k]).casefold() for k in range(1, len(parts))}
        if not namespaces & READ_ONLY_FUNCTION_NAMESPACES:
            _refuse("cypher_function", ".".join(parts) + "()")

    def call(self, i: int) -> int:
        nxt = i + 1
        if self.punct(nxt, "{"):
            self.subquery_braces.add(nxt)
            return nxt
        if self.punct(nxt, "("):
            close = self.matching(nxt)
            if self.punct(close + 1, "{"):
                self.subquery_braces.add(close + 1)
            return nxt
        if nxt < len(self.t) and self.t[nxt].kind in ("word", "name"):
            name, after = self.chain(nxt)
            if name.casefold() not in READ_ONLY_PROCEDURES:
                raise QueryError(
                    f"refused: the procedure {name} is not on the read-only list",
                    hint="add --write to call other procedures (see docs/queries.md)",
                    code="cypher_procedure",
                    values={"name": name},
                )
            self.procedures.append(name)
            return after
        return nxt

    def use(self, i: int) -> int:
        name, after = self.chain(i + 1)
        if self.punct(after, "("):  # USE graph.byName(...)
            name = name + "(…)"
        if not name or self.database is None or name.casefold() != self.database.casefold():
            raise QueryError(
                f"refused: USE {name} would run the query on another database "
                f"than {self.database!r}",
                hint="choose the database with --database",
                code="cypher_use",
                values={"name": name, "database": self.database or ""},
            )
        return after

    def show_command(self, i: int) -> int:
        j = i + 1
        words: list[str] = []
        while j < len(self.t) and self.t[j].kind == "word":
            word = self.t[j].upper
            words.append(word)
            j += 1
            if word not in _SHOW_MODIFIERS:
                break
        what = " ".join(words[-2:] if len(words) > 1 else words)
        if not words or words[-1] not in _SHOW_ALLOWED:
            raise QueryError(
                f"refused: SHOW {what} is not a reading clause",
                hint="without --write, SHOW runs only for indexes, constraints, functions "
                "and procedures",
                code="cypher_show",
                values={"clause": f"SHOW {what}".strip()},
            )
        self.show = f"SHOW {what}"
        for k in range(i + 1, j):
            self.quiet.add(k)
        while j < len(self.t) and self.word(j) not in _SHOW_TAIL_END:  # EXECUTABLE BY ...
            if self.t[j].kind == "word":
                if self.t[j].upper in _DENIED or self.t[j].upper in ("LOAD", "TERMINATE"):
                    break
                self.quiet.add(j)
            j += 1
        return i + 1


def _refuse(code: str, clause: str) -> None:
    """Raise the refusal of ``clause`` (one catalogue code per kind of refusal)."""
    if code == "cypher_load_csv":
        raise QueryError(
            f"refused: {clause} is not a reading clause",
            hint="LOAD CSV makes the database server fetch files or URLs; add --write if you "
            "mean it",
            code="cypher_load_csv",
            values={"clause": clause},
        )
    if code == "cypher_terminate":
        raise QueryError(
            f"refused: {clause} is not a reading clause",
            hint="TERMINATE stops the queries and transactions of other clients; add --write "
            "if you mean it",
            code="cypher_terminate",
            values={"clause": clause},
        )
    if code == "cypher_admin":
        raise QueryError(
            f"refused: {clause} is not a reading clause",
            hint="administration commands run only with --write",
            code="cypher_admin",
            values={"clause": clause},
        )
    if code == "cypher_function":
        raise QueryError(
            f"refused: the function {clause} is not allowed read-only",
            hint="it reaches outside the database or is not on the read-only list; add "
            "--write to call it",
            code="cypher_function",
            values={"clause": clause},
        )
    raise QueryError(
        f"refused: {clause} is not a reading clause",
        hint=f"without --write only {READING_CLAUSES} run; add --write to run queries that "
        "change the graph",
        code="cypher_not_reading",
        values={"clause": clause},
    )
