"""Scale-mode input: tie files of production networks (VAT / e-invoice), streamed.

Survey ingest (:mod:`tramas.ingest.load`) keeps a Python record per row so that every
problem can be named; at ten million ties that is too slow and too large. This path
reads CSV or Parquet in blocks with pyarrow, keeps only the needed columns, maps actor ids
to integers with Arrow's hash kernels (no Python object per row), and reports problems
by count with a few examples (file, row, column) instead of one line per row.
Every row is still accounted for: loaded, merged as a duplicate, or rejected.

Scale mode reads three kinds of file, all here: the tie file (:func:`read_scale_ties`,
or :func:`scale_network` for Neo4j), an optional actors table (:func:`read_actor_table`)
and the actors chosen for brokerage and structural holes (:func:`read_subset`). Whether a
file is analysed in scale mode is decided in one place,
:func:`tramas.metrics.scale.choose_scale_mode`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tramas.exceptions import InputError
from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network, NetworkView
from tramas.ingest.columns import ACTOR_SYNONYMS, TIE_SYNONYMS, rename_columns
from tramas.ingest.readers import normalize_header, read_table

__all__ = [
    "ScaleLoadReport",
    "read_actor_table",
    "read_scale_ties",
    "read_subset",
    "scale_network",
    "view_network",
]

_EXAMPLES = 5


@dataclass
class ScaleLoadReport:
    """Counts per outcome, with up to five examples (row, detail) per rejection reason."""

    file: str
    rows: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def balanced(self) -> bool:
        return self.rows == self.loaded + self.merged + self.n_rejected

    def reject(self, reason: str, rows: np.ndarray, details: list[str]) -> None:
        if len(rows) == 0:
            return
        self.rejected[reason] = self.rejected.get(reason, 0) + int(len(rows))
        ex = self.examples.setdefault(reason, [])
        for r, d in zip(rows[: _EXAMPLES - len(ex)], details, strict=False):
            ex.append((int(r), d))

    def lines(self) -> list[str]:
        out = [
            f"{self.file}: {self.rows:,} rows: {self.loaded:,} loaded, {self.merged:,} merged "
            f"as duplicates, {self.n_rejected:,} rejected"
        ]
        for reason, n in self.rejected.items():
            ex = "; ".join(f"row {r}: {d}" for r, d in self.examples.get(reason, []))
            out.append(f"  {reason}: {n:,} (e.g. {ex})")
        return out


def _columns(names: list[str], file: str) -> dict[str, str]:
    by_norm = {normalize_header(n): n for n in names}
    found: dict[str, str] = {}
    for model in ("source", "target", "weight"):
        for syn in TIE_SYNONYMS[model]:
            if syn in by_norm:
                found[model] = by_norm[syn]
                break
    for model in ("source", "target"):
        if model not in found:
            raise InputError(
                f"missing required column {model!r} (columns: {', '.join(names)})",
                file=file,
                row=1,
                column=model,
                code="scale_missing_column",
                values={"column": model, "columns": ", ".join(names)},
            )
    return found


def _batches(path: Path, cols: dict[str, str] | None) -> Iterator[pa.RecordBatch]:
    if path.suffix.lower() == ".parquet":
        pf = pq.ParquetFile(path)
        yield from pf.iter_batches(
            batch_size=1 << 20, columns=list(cols.values()) if cols else None
        )
        return
    wanted = list(cols.values()) if cols else None
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=32 << 20),
        parse_options=pacsv.ParseOptions(delimiter=_delimiter(path)),
        convert_options=pacsv.ConvertOptions(
            include_columns=wanted,
            column_types=dict.fromkeys(wanted or [], pa.string()),
            strings_can_be_null=False,
        ),
    )
    yield from reader


def _parse_weights(raw: pa.Array) -> np.ndarray:
    """Weights written as text: decimal comma accepted, empty = 1, anything else NaN.

    Arrow parses a clean block in one pass; a block with a bad value falls back to pandas,
    which turns the bad values into NaN (they are rejected and counted).
    """
    text = pc.replace_substring(pc.utf8_trim_whitespace(raw), ",", ".")
    empty = np.asarray(pc.fill_null(pc.equal(text, ""), True))
    try:
        w = (
            pc.cast(pc.if_else(pa.array(empty), "1", text), pa.float64())
            .to_numpy(zero_copy_only=False)
            .copy()
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        w = pd.to_numeric(pd.Series(text.to_numpy(zero_copy_only=False)), errors="coerce").to_numpy(
            dtype=float, copy=True
        )
    w[empty] = 1.0
    return w


def _delimiter(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.readline().decode("utf-8-sig", errors="replace")
    return max(",;\t|", key=head.count) if any(d in head for d in ",;\t|") else ","


def _header(path: Path) -> list[str]:
    if path.suffix.lower() == ".parquet":
        return list(pq.ParquetFile(path).schema_arrow.names)
    with path.open("rb") as fh:
        head = fh.readline().decode("utf-8-sig", errors="replace").strip()
    return [h.strip().strip('"') for h in head.split(_delimiter(path))]


def read_scale_ties(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    directed: bool = True,
    weighted: bool = True,
    relation: str = "tie",
) -> tuple[NetworkView, ScaleLoadReport]:
    """Read a large edge list into a :class:`NetworkView` with integer-coded vertices.

    Parameters
    ----------
    path:
        CSV (any delimiter, UTF-8) or Parquet with ``source``/``target`` columns (the
        usual synonyms are recognised) and optionally ``weight``.
    actors:
        Optional actors table (a DataFrame indexed by id, or a file for
        :func:`read_actor_table`); ties naming other ids are rejected. Without it, the
        actors are the ids found in the ties.
    directed, weighted, relation:
        How to build the view.

    Returns
    -------
    tuple of NetworkView and ScaleLoadReport
        The view, and the row accounting (``seconds``: time to read, actors included).

    Notes
    -----
    Rejected: empty endpoint, self-loop, unknown actor (when ``actors`` is given),
    non-numeric or negative weight. Duplicates (same source and target; for undirected
    views the same unordered pair) are merged keeping the largest weight.
    """
    start = time.perf_counter()
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(
            "file not found", file=name, code="scale_file_not_found", values={"file": name}
        )
    if actors is not None and not isinstance(actors, pd.DataFrame):
        actors = read_actor_table(actors)
    cols = _columns(_header(path), name)
    report = ScaleLoadReport(file=name, columns=cols)
    src_chunks: list[pa.Array] = []
    tgt_chunks: list[pa.Array] = []
    w_chunks: list[np.ndarray] = []
    row_chunks: list[np.ndarray] = []
    offset = 0
    try:
        for batch in _batches(path, cols):
            n = batch.num_rows
            rows = np.arange(offset + 2, offset + 2 + n, dtype=np.int64)
            offset += n
            s = pc.utf8_trim_whitespace(batch.column(cols["source"]).cast(pa.string()))
            t = pc.utf8_trim_whitespace(batch.column(cols["target"]).cast(pa.string()))
            ok = np.ones(n, dtype=bool)
            for model, arr in (("source", s), ("target", t)):
                empty = np.asarray(pc.fill_null(pc.equal(arr, ""), True))
                report.reject(f"empty {model} ({cols[model]})", rows[empty], ["empty"] * 5)
                ok &= ~empty
            loop = np.asarray(pc.fill_null(pc.equal(s, t), False)) & ok
            report.reject(
                "self-loop",
                rows[loop],
                [f"{x} names itself" for x in s.filter(pa.array(loop))[:5].to_pylist()],
            )
            ok &= ~loop
            if weighted and "weight" in cols:
                raw = batch.column(cols["weight"])
                if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
                    w = _parse_weights(raw)
                else:
                    w = raw.to_numpy(zero_copy_only=False).astype(float)
                bad = (np.isnan(w) | (w < 0)) & ok
                bad_vals = raw.filter(pa.array(bad))[:5].to_pylist()
                report.reject(
                    f"non-numeric or negative weight ({cols['weight']})",
                    rows[bad],
                    [repr(v) for v in bad_vals],
                )
                ok &= ~bad
            else:
                w = np.ones(n)
            mask = pa.array(ok)
            src_chunks.append(s.filter(mask))
            tgt_chunks.append(t.filter(mask))
            w_chunks.append(w[ok])
            row_chunks.append(rows[ok])
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read the file ({exc})",
            file=name,
            row=offset + 2,
            hint="large files must be UTF-8 CSV or Parquet",
            code="scale_cannot_read",
            values={"detail": str(exc)},
        ) from None
    report.rows = offset
    src = pa.chunked_array(src_chunks, type=pa.string())
    tgt = pa.chunked_array(tgt_chunks, type=pa.string())
    weights = np.concatenate(w_chunks) if w_chunks else np.empty(0)
    rows = np.concatenate(row_chunks) if row_chunks else np.empty(0, dtype=np.int64)
    del src_chunks, tgt_chunks, w_chunks, row_chunks
    if actors is not None:
        ids = pa.array(actors.index.astype(str).tolist(), type=pa.string())
    else:
        ids = pc.unique(pa.chunked_array(src.chunks + tgt.chunks, type=pa.string()))
    s_idx = pc.index_in(src, value_set=ids).to_numpy(zero_copy_only=False)
    t_idx = pc.index_in(tgt, value_set=ids).to_numpy(zero_copy_only=False)
    unknown = np.isnan(s_idx.astype(float)) | np.isnan(t_idx.astype(float))
    if unknown.any():
        bad_ids = [
            a if np.isnan(float(si)) else b
            for a, b, si in zip(
                src.filter(pa.array(unknown))[:5].to_pylist(),
                tgt.filter(pa.array(unknown))[:5].to_pylist(),
                s_idx[unknown][:5],
                strict=False,
            )
        ]
        report.reject("unknown actor id", rows[unknown], [repr(b) for b in bad_ids])
    keep = ~unknown
    s_idx = s_idx[keep].astype(np.int64)
    t_idx = t_idx[keep].astype(np.int64)
    weights = weights[keep]
    n = len(ids)
    if not directed:
        s_idx, t_idx = np.minimum(s_idx, t_idx), np.maximum(s_idx, t_idx)
    key = s_idx * n + t_idx
    del s_idx, t_idx
    order = np.argsort(key, kind="stable")  # by pair (one sort, not a lexsort by weight)
    key = key[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    # duplicates keep the largest weight of their pair
    merged_w = np.maximum.reduceat(weights[order], starts) if len(starts) else np.empty(0)
    pairs = key[starts]
    del order, key, first, starts
    report.merged = int(len(weights) - len(pairs))
    report.loaded = int(len(pairs))
    edges = list(zip((pairs // n).tolist(), (pairs % n).tolist(), strict=True))
    graph = ig.Graph(n=n, edges=edges, directed=directed)
    del edges
    id_list = ids.to_pylist()
    graph.vs["name"] = id_list
    graph.es["weight"] = merged_w if weighted else np.ones(len(pairs))
    graph.es["relation"] = [relation] * len(pairs)
    table = (
        actors.reindex(pd.Index(id_list, name="id"))
        if actors is not None
        else pd.DataFrame(index=pd.Index(id_list, name="id"))
    )
    view = NetworkView(
        graph=graph, actors=table, directed=directed, weighted=weighted, relations=(relation,)
    )
    if not report.balanced:  # a bug, never bad input
        raise AssertionError(f"row accounting does not balance: {report}")
    report.seconds = round(time.perf_counter() - start, 3)
    return view, report


def scale_network(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    key: str | None = None,
    relation: str = "trade",
) -> tuple[Network, ScaleLoadReport]:
    """A large supplier → buyer file as a one-relation :class:`Network` for Neo4j.

    What ``tramas db load --ties BIG`` reads: the streaming reader
    (:func:`read_scale_ties`, problems counted with examples, duplicates merged keeping
    the largest amount) instead of the survey ingest, whose per-row checks and messages
    cost about 1.4 GB and 15 s per million ties. Ties get ``relation`` (directed),
    ``weight``, ``data_source = "file"`` and ``source_file``; actors the columns of
    ``actors`` (``kind`` defaults to ``firm``).

    Parameters
    ----------
    path:
        CSV or Parquet edge list (``source``/``target`` and synonyms, optional weight).
    actors:
        Optional actors table (DataFrame indexed by id, or a file); ties naming other ids
        are rejected.
    key:
        Study key (default: from the file name).
    relation:
        Relation name (Neo4j relationship type ``TRADE`` for ``trade``).
    """
    from tramas.ingest.study import study_key_from_name

    path = Path(path)
    view, report = read_scale_ties(path, actors=actors, directed=True, relation=relation)
    table = view.actors  # a frame of its own (reindexed or new), safe to complete
    table["kind"] = table["kind"].fillna("firm") if "kind" in table.columns else "firm"
    network = view_network(
        view,
        key=key or study_key_from_name(path.stem),
        title=path.stem,
        relation=relation,
        source_file=path.name,
    )
    return network, report


def view_network(
    view: NetworkView,
    *,
    key: str,
    title: str,
    relation: str = "trade",
    source_file: str | None = None,
) -> Network:
    """A directed one-relation view (from :func:`read_scale_ties`) as a :class:`Network`,
    the form the Neo4j loaders take: one tie per edge with its ``weight`` and, with
    ``source_file``, ``data_source = "file"`` and that file name."""
    edges = np.asarray(view.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    ids = np.asarray(view.ids, dtype=object)
    ties = pd.DataFrame(
        {
            "source": ids[edges[:, 0]],
            "target": ids[edges[:, 1]],
            "relation": relation,
            "weight": np.asarray(view.graph.es["weight"], dtype=float),
        }
    )
    if source_file is not None:
        ties["data_source"] = "file"
        ties["source_file"] = source_file
    return Network(
        view.actors.copy(),
        ties,
        {relation: Relation(relation, directed=True)},
        StudyInfo(key=key, title=title),
    )


def read_actor_table(path: str | Path) -> pd.DataFrame:
    """An actors table for a scale-mode tie file, indexed by id (the usual column synonyms).

    CSV and Parquet are read with pyarrow (every CSV column as text); XLSX, SAV and DTA
    with :func:`tramas.ingest.read_table`. Only the ``id`` column is required.
    """
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
