"""The network out of tramas, in the formats analysts' tools open.

:func:`export_network` writes a :class:`~tramas.graph.Network` (and optionally the
measures and roles of an analysis) as:

==========  ==========================================  =================================
format      file(s)                                     module
==========  ==========================================  =================================
graphml     one ``.graphml``                            :mod:`tramas.export.graphxml`
gexf        one ``.gexf`` (1.3, with the map's look)    :mod:`tramas.export.graphxml`
pajek       ``.net`` (and ``.clu`` with ``partition``)  :mod:`tramas.export.matrix`
dl          one UCINET ``.dl``                          :mod:`tramas.export.matrix`
csv         a folder: ``nodes.csv``, ``edges.csv``      :mod:`tramas.export.spreadsheet`
kumu        one ``.xlsx`` (Elements, Connections)       :mod:`tramas.export.spreadsheet`
json        one node-link ``.json``                     :mod:`tramas.export.spreadsheet`
==========  ==========================================  =================================

What every format holds is decided once, in :func:`tramas.export.tables.export_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network

__all__ = [
    "FORMATS",
    "ExportResult",
    "analysis_measures",
    "check_format",
    "export_network",
    "read_measures",
]

#: Export formats and the file suffix each writes (``csv`` writes a folder).
FORMATS: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "pajek": ".net",
    "dl": ".dl",
    "csv": "",
    "kumu": ".xlsx",
    "json": ".json",
}


@dataclass(frozen=True)
class ExportResult:
    """Files an export wrote, and what they hold.

    Attributes
    ----------
    paths:
        The files written (two for ``csv``, two for ``pajek`` with a partition).
    format:
        The format's name.
    n_actors, n_ties:
        Actors and tie rows written (for ``pajek`` and ``dl``, the ties of the
        relation views, :mod:`tramas.export.matrix`).
    parameters:
        Relations, waves, anonymisation, measures and seed.
    """

    paths: list[Path]
    format: str
    n_actors: int
    n_ties: int
    parameters: dict[str, Any] = field(default_factory=dict)


def check_format(fmt: str) -> str:
    """The format's name in lower case; an unknown one is a :class:`TramasError`."""
    name = str(fmt).strip().lower()
    if name not in FORMATS:
        raise TramasError(
            f"unknown export format {fmt!r}",
            hint=f"use one of {', '.join(FORMATS)}",
            code="export_format",
            values={"format": str(fmt), "known": ", ".join(FORMATS)},
        )
    return name


def export_network(
    network: Network,
    fmt: str,
    out: str | Path,
    *,
    measures: pd.DataFrame | None = None,
    relation: str | Sequence[str] | None = None,
    wave: str | None = "all",
    anonymize: bool = False,
    anon_key: str | None = None,
    partition: str | None = None,
    seed: int = 42,
    safe: bool = True,
    lang: str | None = None,
    fullmatrix: bool | None = None,
) -> ExportResult:
    """Write ``network`` in format ``fmt`` to ``out``.

    Parameters
    ----------
    network:
        The network (:func:`tramas.ingest.load`).
    fmt:
        One of :data:`FORMATS`.
    out:
        The file to write; for ``csv`` the folder that receives ``nodes.csv`` and
        ``edges.csv``.
    measures:
        Per-actor measures and roles, indexed by actor id (an analysis's
        :attr:`~tramas.metrics.analysis.AnalysisResult.actors`, or
        :func:`read_measures` of an ``analyze`` folder): written as actor attributes.
    relation, wave:
        The relations (default all) and wave (default ``"all"``: every wave, each tie
        with its wave; ``None``: the latest) written.
    anonymize, anon_key:
        Codes instead of ids and names (:func:`tramas.export.tables.export_tables`).
    partition:
        With ``pajek``: also write ``<out>.clu``, the partition by this actor attribute
        or measure.
    seed:
        Seed of the map's layout and communities that GEXF carries.
    safe:
        Formula-guard CSV cells (:func:`tramas.output.write_csv`; ``False`` for
        ``--raw-csv``).
    lang:
        Language of the legend words behind the GEXF colours (default the study's).
    fullmatrix:
        For ``dl``: force a full matrix (``True``) or an edge list (``False``); by
        default a full matrix up to :data:`~tramas.export.matrix.DL_FULLMATRIX_LIMIT`
        actors.

    Returns
    -------
    ExportResult

    Raises
    ------
    TramasError
        For an unknown format, relation, wave or partition attribute, or a
        ``partition`` with a format other than Pajek.
    """
    from tramas.export.tables import export_tables

    name = check_format(fmt)
    out = Path(out)
    measures = _measures(measures)
    if partition is not None and name != "pajek":
        raise TramasError(
            "--partition writes a Pajek .clu file: it needs --format pajek",
            hint="add --format pajek, or drop --partition",
            code="export_partition_format",
        )
    tables = export_tables(
        network,
        relation=relation,
        wave=wave,
        measures=measures,
        anonymize=anonymize,
        anon_key=anon_key,
    )
    if partition is not None and partition not in tables.actors.columns:
        known = ", ".join(str(c) for c in tables.actors.columns)
        raise TramasError(
            f"no actor attribute or measure {partition!r} to partition by",
            hint=f"choose one of: {known}",
            code="export_partition",
            values={"column": partition, "known": known},
        )
    if name != "csv":
        out.parent.mkdir(parents=True, exist_ok=True)
    n_ties = len(tables.ties)
    if name == "graphml":
        from tramas.export.graphxml import write_graphml

        paths = [write_graphml(tables, out)]
    elif name == "gexf":
        from tramas.export.graphxml import write_gexf
        from tramas.export.look import map_look

        look = map_look(
            network,
            relation=relation,
            wave=wave,
            measures=measures,
            seed=seed,
            lang=lang or network.study.lang or "en",
        ).table
        look.index = pd.Index([tables.codes[str(i)] for i in look.index])
        paths = [write_gexf(tables, out, look)]
    elif name in ("pajek", "dl"):
        from tramas.export import matrix

        if name == "pajek":
            paths = [matrix.write_pajek(network, tables, out)]
            if partition is not None:
                paths.append(matrix.write_clu(tables, partition, out.with_suffix(".clu"))[0])
        else:
            paths = [matrix.write_dl(network, tables, out, fullmatrix=fullmatrix)]
        n_ties = sum(len(e) for _, _, e in matrix._blocks(network, tables))
    elif name == "csv":
        from tramas.export.spreadsheet import write_gephi_csv

        paths = write_gephi_csv(tables, out, safe=safe)
    elif name == "kumu":
        from tramas.export.spreadsheet import write_kumu

        paths = [write_kumu(tables, out)]
    else:
        from tramas.export.spreadsheet import write_node_link

        paths = [write_node_link(tables, out)]
    return ExportResult(
        paths=paths,
        format=name,
        n_actors=len(tables.actors),
        n_ties=n_ties,
        parameters={
            "relations": list(tables.relations),
            "waves": list(tables.waves),
            "anonymized": tables.anonymized,
            "measures": measures is not None,
            "partition": partition,
            "seed": seed,
        },
    )


def _measures(measures: pd.DataFrame | None) -> pd.DataFrame | None:
    """The measure and role columns of an analysis's actor table (its attributes,
    name and kind are the network's own); any other table as given."""
    if measures is None:
        return None
    from tramas.locale.reasons import REASON_COLUMNS
    from tramas.metrics.analysis import EXTRA_COLUMNS, MEASURE_COLUMNS

    known = {*MEASURE_COLUMNS, *EXTRA_COLUMNS, *REASON_COLUMNS}
    if known & set(measures.columns):
        return measures[[c for c in measures.columns if c in known]]
    return measures


def analysis_measures(
    network: Network,
    *,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    seed: int = 42,
) -> pd.DataFrame:
    """The measures and roles of :func:`tramas.metrics.analysis.analyze` of ``network``
    (``wave`` ``"all"`` analyses the latest wave), indexed by actor id."""
    from tramas.metrics.analysis import analyze

    result = analyze(network, relations=relation, wave=None if wave == "all" else wave, seed=seed)
    return _measures(result.actors)


def read_measures(folder: str | Path) -> pd.DataFrame:
    """The measures and roles of a ``tramas analyze`` output folder (its
    ``actors.csv``), indexed by actor id; cells the formula guard quoted read back as
    written."""
    from tramas.output import csv_unguard

    path = Path(folder)
    table = path / "actors.csv" if path.is_dir() else path
    if not table.is_file():
        raise TramasError(
            f"no actors.csv in {folder}",
            hint="give the folder `tramas analyze --out DIR` wrote, or use --analyze",
            code="export_no_analysis",
            values={"path": str(folder)},
        )
    frame = pd.read_csv(table, dtype={"id": str}, keep_default_na=True)
    if "id" not in frame.columns:
        raise TramasError(
            f"{table} has no id column",
            hint="give the folder `tramas analyze --out DIR` wrote, or use --analyze",
            code="export_analysis_no_id",
            values={"path": str(table)},
        )
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: csv_unguard(v) if isinstance(v, str) else v)
    frame = frame.set_index("id")
    frame.index = frame.index.map(lambda v: csv_unguard(str(v)))
    return _measures(frame)
