"""Scale mode from files: a large tie file (and optional actors table) to an analysis.

:func:`analyze_large_file` is what ``tramas analyze --ties BIG`` runs: the streaming
reader of :mod:`tramas.ingest.large`, then :func:`tramas.metrics.scale.analyze_large`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from tramas.metrics.scale import LargeAnalysisResult, Progress, analyze_large

__all__ = ["analyze_large_file", "read_actor_table", "read_subset"]


def read_actor_table(path: str | Path) -> pd.DataFrame:
    """An actors table for a large tie file, indexed by id (the usual column synonyms).

    CSV and Parquet are read with pyarrow (every CSV column as text); XLSX, SAV and DTA
    with :func:`tramas.ingest.read_table`. Only the ``id`` column is required.
    """
    import pyarrow.csv as pacsv

    from tramas.exceptions import InputError
    from tramas.ingest.columns import ACTOR_SYNONYMS, rename_columns
    from tramas.ingest.readers import read_table

    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path), code="file_not_found")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        with path.open("rb") as fh:
            head = fh.readline().decode("utf-8-sig", errors="replace")
        delim = max(",;\t|", key=head.count)
        frame = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(delimiter=delim),
            convert_options=pacsv.ConvertOptions(
                column_types={c.strip().strip('"'): "string" for c in head.split(delim)}
            ),
        ).to_pandas()
    else:
        frame, _ = read_table(path)
    frame, _ = rename_columns(frame, ACTOR_SYNONYMS)
    if "id" not in frame.columns:
        raise InputError(
            "missing required column 'id'",
            file=str(path),
            row=1,
            column="id",
            hint="the actors table needs an id column matching the ties' source/target",
            code="actors_no_id",
        )
    frame["id"] = frame["id"].astype(str).str.strip()
    if frame["id"].duplicated().any():
        dup = frame.loc[frame["id"].duplicated(), "id"].iloc[0]
        raise InputError(
            f"duplicate actor id {dup!r}",
            file=str(path),
            column="id",
            code="actors_duplicate_id",
            values={"id": dup},
        )
    return frame.set_index("id")


def read_subset(value: str | Path | Iterable[str]) -> list[str]:
    """Actor ids for brokerage and structural holes: a file (one id per line, or a table
    with an ``id`` column) or ids separated by commas.

    Examples
    --------
    >>> read_subset("F1, F2,F3")
    ['F1', 'F2', 'F3']
    """
    if not isinstance(value, str | Path):
        return [str(v) for v in value]
    path = Path(value)
    if path.is_file():
        if path.suffix.lower() in (".csv", ".tsv", ".txt"):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines()]
            lines = [ln for ln in lines if ln]
            delim = next((d for d in ",;\t|" if lines and d in lines[0]), None)
            if delim is None:
                return [ln for ln in lines if ln.lower() not in ("id", "actor", "actor_id")]
        return read_actor_table(path).index.tolist()
    return [part.strip() for part in str(value).split(",") if part.strip()]


def analyze_large_file(
    ties: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    undirected: bool = False,
    weighted: bool = True,
    relation: str = "trade",
    subset: str | Path | Iterable[str] | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> LargeAnalysisResult:
    """Read a large tie file (streaming, :func:`tramas.ingest.large.read_large_ties`) and
    run :func:`analyze_large` on it — what ``tramas analyze --ties BIG`` does.

    Parameters
    ----------
    ties:
        CSV or Parquet edge list, supplier → buyer (``source``/``target`` and synonyms,
        optional ``weight``).
    actors:
        Optional actors table (file or DataFrame indexed by id); ties naming other ids
        are rejected and counted.
    undirected, weighted, relation:
        How to build the view.
    subset:
        Actors for brokerage and structural holes (see :func:`read_subset`).
    progress:
        Called as ``progress(step, done, total)``; the first step is ``read``.
    **options:
        Passed to :func:`analyze_large` (``pivots``, ``seed``, ``lang`` ...).

    Returns
    -------
    LargeAnalysisResult
        ``figures["load"]`` holds the row accounting of the file.
    """
    from tramas.ingest.large import read_large_ties

    if progress is not None:
        progress("read", 0, 1)
    table = (
        actors if isinstance(actors, pd.DataFrame) or actors is None else read_actor_table(actors)
    )
    start = time.perf_counter()
    view, report = read_large_ties(
        ties, actors=table, directed=not undirected, weighted=weighted, relation=relation
    )
    read_s = round(time.perf_counter() - start, 3)
    result = analyze_large(
        view,
        subset=read_subset(subset) if subset is not None else None,
        load=report,
        progress=progress,
        **options,
    )
    result.figures["timings_s"]["read"] = read_s
    return result
