"""``tramas query`` and ``tramas cypher``: named and ad hoc Cypher queries on Neo4j."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tramas.cli.common import (
    DatabaseOpt,
    FormatOpt,
    OutOpt,
    RawCsvOpt,
    UriOpt,
    UserOpt,
    _state,
    console,
    err_console,
    handle_errors,
    open_store,
    record_written,
    say,
    use_lang,
)
from tramas.exceptions import TramasError

__all__ = ["cypher", "query"]


def _print_result(result: Any, fmt: str, out: Path | None, *, safe: bool = True) -> None:
    from rich.markup import escape
    from rich.table import Table

    fmt = fmt.lower()
    if fmt not in ("table", "csv", "json"):
        raise TramasError(
            f"unknown format {fmt!r}",
            hint="use --format table, csv or json",
            code="unknown_format",
            values={"format": fmt},
        )
    if fmt == "table":
        if out is not None:
            raise TramasError("--out needs --format csv or json", code="out_needs_format")
        table = Table(show_lines=False)
        for col in result.columns:
            table.add_column(escape(col))
        for row in result.rows:
            table.add_row(*[escape(_cell(row.get(c))) for c in result.columns])
        console.print(table)
        console.print(say("cli.rows", n=len(result.rows)), highlight=False)
        if result.counters:
            from tramas.locale import texts

            words = texts(_state["lang"])
            console.print(
                ", ".join(
                    say("cli.counter", name=words.get(f"cli.counter.{k}", k.replace("_", " ")), n=v)
                    for k, v in result.counters.items()
                ),
                highlight=False,
            )
        return
    text = result.to_csv(safe=safe) if fmt == "csv" else result.to_json() + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
        record_written([out])
        err_console.print(
            say("cli.rows_written", n=len(result.rows), path=escape(str(out))), highlight=False
        )
    else:
        typer.echo(text, nl=False)


def _cell(value: Any) -> str:
    import json

    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _params(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise TramasError(
                f"bad --param {pair!r}",
                hint="write --param key=value",
                code="bad_param",
                values={"pair": pair},
            )
        out[key.strip()] = value
    return out


ParamOpt = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A query parameter as key=value; repeatable."),
]


@handle_errors
def query(
    name: Annotated[str | None, typer.Argument(help="Named query (see --list).")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    param: ParamOpt = None,
    study: Annotated[
        str | None, typer.Option("--study", help="Study key (same as --param study=KEY).")
    ] = None,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    raw_csv: RawCsvOpt = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run a named query of the library (read-only), e.g. [bold]tramas query lead_firms --study KEY[/]."""
    from rich.markup import escape
    from rich.table import Table

    from tramas.neo4j.queries import get_query, list_queries

    use_lang(None)
    if list_ or name is None:
        table = Table(title=say("cli.query.title"))
        table.add_column(say("cli.col.name"), no_wrap=True)
        table.add_column(say("cli.col.answers"))
        table.add_column(say("cli.col.parameters"))
        for q in list_queries():
            table.add_row(
                escape(q.name),
                f"[bold]{escape(q.title)}[/]\n{escape(q.description)}",
                escape("\n".join(p.describe() for p in q.params)),
            )
        console.print(table)
        return
    values: dict[str, Any] = _params(param)
    if study is not None:
        values["study"] = study
    get_query(name).bind(values)  # unknown/missing parameters fail before connecting
    with open_store(uri, user, database) as store:
        result = store.run_query(name, values)
    _print_result(result, fmt, out, safe=not raw_csv)


# ---------------------------------------------------------------- cypher
@handle_errors
def cypher(
    statement: Annotated[str, typer.Argument(help="The Cypher query; use $name for parameters.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A parameter as key=value; repeatable. The value is read as JSON when it "
            'parses (5, 2.5, true, null, [1,2], "012"), otherwise as text; integers must fit '
            "in 64 bits, numbers be finite, text at most 1 MB.",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Allow queries that change the graph or reach outside it (LOAD CSV, "
            "TERMINATE, any procedure); default: reading clauses only.",
        ),
    ] = False,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    raw_csv: RawCsvOpt = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run an ad hoc Cypher query, read-only unless --write is given.

    Without --write only reading clauses run (MATCH, OPTIONAL MATCH, WHERE, WITH, RETURN,
    ORDER BY, SKIP, LIMIT, UNWIND, UNION, CALL subqueries, read-only procedures): LOAD CSV,
    TERMINATE, SHOW TRANSACTIONS and every writing clause are refused (docs/queries.md).
    """
    from tramas.neo4j.queries import parse_json_param

    use_lang(None)
    values = {key: parse_json_param(key, raw) for key, raw in _params(param).items()}
    with open_store(uri, user, database) as store:
        result = store.run_cypher(statement, values, write=write)
    _print_result(result, fmt, out, safe=not raw_csv)
