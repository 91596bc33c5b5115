"""The ``tramas`` command line: thin over the Python API.

Each command parses its options, calls one library function and prints with rich.
Errors raised on purpose (:class:`tramas.TramasError`) become one red line plus a hint
and exit status 1; ``--debug`` shows the traceback instead.

One module per command or group of commands; what they share (consoles, the app's
state, error handling, language, progress, input reading and every option more than
one command takes) is in :mod:`tramas.cli.common`:

==========================  ====================================================
module                      commands
==========================  ====================================================
:mod:`~tramas.cli.validate`  ``validate``, ``sample``, ``demo``
:mod:`~tramas.cli.identify`  ``identify lq``, ``identify io``
:mod:`~tramas.cli.compare`   ``compare``
:mod:`~tramas.cli.map`       ``map``
:mod:`~tramas.cli.db`        ``db load``, ``db pull``, ``db status``, ``db drop``
:mod:`~tramas.cli.query`     ``query``, ``cypher``
:mod:`~tramas.cli.analyze`   ``analyze``
:mod:`~tramas.cli.report`    ``report``
:mod:`~tramas.cli.form`      ``form``
:mod:`~tramas.cli.export`    ``export``
==========================  ====================================================
"""

from __future__ import annotations

import typer

from tramas.cli.analyze import analyze
from tramas.cli.common import (
    _Group,
    _state,
    _step_text,
    console,
    err_console,
    handle_errors,
    load_input,
    load_network,
    main,
)
from tramas.cli.compare import compare
from tramas.cli.db import db_app
from tramas.cli.diagnose import diagnose
from tramas.cli.export import export
from tramas.cli.form import form
from tramas.cli.identify import identify_app
from tramas.cli.map import map_
from tramas.cli.query import cypher, query
from tramas.cli.report import report
from tramas.cli.validate import demo, sample, validate

__all__ = [
    "_state",
    "_step_text",
    "app",
    "console",
    "err_console",
    "handle_errors",
    "load_input",
    "load_network",
]

app = typer.Typer(
    cls=_Group,
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="tramas: network analysis of industrial clusters (surveys of inter-firm ties).",
)
app.callback()(main)
app.command()(validate)
app.command()(sample)
app.command()(demo)
app.add_typer(identify_app, name="identify")
app.command()(compare)
app.command("map")(map_)
app.add_typer(db_app, name="db")
app.command("query")(query)
app.command("cypher")(cypher)
app.command()(analyze)
app.command("report")(report)
app.command("diagnose")(diagnose)
app.command("form")(form)
app.command("export")(export)
