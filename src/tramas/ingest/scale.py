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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

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
from tramas.ingest.readers import MAX_WEIGHT, ZERO_WIDTH, normalize_header, read_table
from tramas.ingest.scale_report import EXAMPLES as _EXAMPLES
from tramas.ingest.scale_report import ScaleLoadReport, ScaleRejected
from tramas.ingest.scale_ties import ScaleTies, reduce_groups
from tramas.ingest.ties import _RELATION_RE
from tramas.locale.numbers import parse_number

__all__ = [
    "CSV_BLOCK_BYTES",
    "MAX_BLOCK_BYTES",
    "MAX_CELL_BYTES",
    "MAX_WEIGHT",
    "ScaleLoadReport",
    "ScaleRejected",
    "ScaleTies",
    "read_actor_table",
    "read_scale_file",
    "read_scale_ties",
    "read_subset",
    "scale_network",
    "view_network",
]

#: Bytes of CSV pyarrow parses at a time; a row longer than a block doubles it (and the
#: file is read again) up to :data:`MAX_BLOCK_BYTES`.
CSV_BLOCK_BYTES = 32 << 20
#: The largest block tried: a row longer than this cannot be read (``scale_row_too_large``).
MAX_BLOCK_BYTES = 1 << 30
#: A cell of a column scale mode reads (source, target, relation, wave, weight) longer
#: than this many bytes rejects its row (``cell_too_large``): no id, relation, wave or
#: number is that long, and keeping it would cost memory in every output.
MAX_CELL_BYTES = 1 << 20
_PLAIN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"


def _columns(names: list[str], file: str) -> dict[str, str]:
    by_norm: dict[str, str] = {}
    for n in names:
        by_norm.setdefault(normalize_header(n), n)
    found: dict[str, str] = {}
    for model in ("source", "target", "relation", "wave", "weight"):
        for syn in TIE_SYNONYMS[model]:
            if syn in by_norm and by_norm[syn] not in found.values():
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


def _batches(path: Path, cols: dict[str, str], block: int) -> Iterator[pa.RecordBatch]:
    if path.suffix.lower() == ".parquet":
        pf = pq.ParquetFile(path)
        yield from pf.iter_batches(batch_size=1 << 20, columns=list(cols.values()))
        return
    wanted = list(cols.values())
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=block),
        parse_options=pacsv.ParseOptions(delimiter=_delimiter(path)),
        convert_options=pacsv.ConvertOptions(
            include_columns=wanted,
            column_types=dict.fromkeys(wanted, pa.binary()),
            strings_can_be_null=False,
        ),
    )
    yield from reader


def _parse_weights(text: pa.Array) -> np.ndarray:
    """Weights written as text, read as the survey path reads them
    (:func:`tramas.locale.numbers.parse_number`): empty = 1, decimal comma or point,
    thousands separators; anything else NaN.

    Plain numbers (and a lone decimal comma) are cast by Arrow in one pass; only the
    other cells go through :func:`parse_number`.
    """
    text = pc.utf8_trim_whitespace(text)
    n = len(text)
    w = np.full(n, np.nan)
    empty = np.asarray(pc.fill_null(pc.equal(text, ""), True))
    w[empty] = 1.0
    comma = pc.and_(
        pc.equal(pc.count_substring(text, ","), 1), pc.equal(pc.count_substring(text, "."), 0)
    )
    text = pc.if_else(comma, pc.replace_substring(text, ",", "."), text)
    plain = np.asarray(pc.fill_null(pc.match_substring_regex(text, _PLAIN), False))
    if plain.any():
        w[plain] = pc.cast(text.filter(pa.array(plain)), pa.float64()).to_numpy(
            zero_copy_only=False
        )
    other = ~plain & ~empty
    if other.any():
        values = text.filter(pa.array(other)).to_pylist()
        w[other] = [np.nan if (x := parse_number(v)) is None else x for v in values]
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


def _text_column(
    arr: pa.Array, rows: np.ndarray, column: str, ok: np.ndarray, report: ScaleLoadReport
) -> pa.Array:
    """A column as UTF-8 text: rows with invalid UTF-8 (``invalid_utf8``) or a cell above
    :data:`MAX_CELL_BYTES` (``cell_too_large``) are rejected (``ok`` updated) and read
    as empty text."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not (pa.types.is_binary(arr.type) or pa.types.is_string(arr.type)):
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        if not (pa.types.is_binary(arr.type) or pa.types.is_string(arr.type)):
            return pc.fill_null(arr.cast(pa.string()), "")
    arr = pc.fill_null(arr, b"" if pa.types.is_binary(arr.type) else "")
    bad = np.zeros(len(arr), dtype=bool)
    big = np.asarray(pc.greater(pc.binary_length(arr), MAX_CELL_BYTES)) & ok
    if big.any():
        sizes = pc.binary_length(arr.filter(pa.array(big)))[:_EXAMPLES].to_pylist()
        report.reject("cell_too_large", rows[big], column, [f"{s:,} bytes" for s in sizes])
        bad |= big
    if pa.types.is_binary(arr.type):
        try:
            text = arr.cast(pa.string())
        except pa.ArrowInvalid:  # find the rows (only in a block that has them)
            invalid = np.zeros(len(arr), dtype=bool)
            shown = []
            for i, v in enumerate(arr.to_pylist()):
                try:
                    v.decode("utf-8")
                except UnicodeDecodeError:
                    invalid[i] = True
                    if len(shown) < _EXAMPLES and ok[i] and not bad[i]:
                        shown.append(v[:60].decode("utf-8", errors="replace"))
            report.reject("invalid_utf8", rows[invalid & ok & ~bad], column, shown)
            bad |= invalid
            ok &= ~bad
            return pc.if_else(pa.array(bad), b"", arr).cast(pa.string())
        if bad.any():
            text = pc.if_else(pa.array(bad), "", text)
        ok &= ~bad
        return text
    ok &= ~bad
    return pc.if_else(pa.array(bad), "", arr) if bad.any() else arr


class _Codes:
    """Names (relations, waves) to integer codes, in the order first seen."""

    def __init__(self, *, relation: bool = False) -> None:
        self.codes: dict[str, int] = {}
        self.relation = relation

    def encode(self, uniques: list[str]) -> np.ndarray:
        return np.asarray(
            [self.codes.setdefault(u, len(self.codes)) for u in uniques], dtype=np.int64
        )


def read_scale_file(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    weighted: bool = True,
    relation: str = "tie",
) -> tuple[ScaleTies, ScaleLoadReport]:
    """Read a large edge list with the survey path's rules, streamed.

    Parameters
    ----------
    path:
        CSV (any delimiter, UTF-8) or Parquet with ``source``/``target`` columns (the
        usual synonyms are recognised) and optionally ``relation``, ``wave`` and
        ``weight``.
    actors:
        Optional actors table (a DataFrame indexed by id, or a file for
        :func:`read_actor_table`); ties naming other ids are rejected. Without it, the
        actors are the ids found in the ties.
    weighted:
        ``False`` ignores the weight column.
    relation:
        The relation of the ties of a file without a relation column.

    Returns
    -------
    tuple of ScaleTies and ScaleLoadReport
        The ties, and the row accounting (``seconds``: time to read, actors included).

    Notes
    -----
    Rejected, with the codes of the survey path (:func:`tramas.ingest.ties.canonical_ties`;
    the first that applies): invalid UTF-8 or a cell above :data:`MAX_CELL_BYTES` in a
    column read, empty source or target, unknown actor (with ``actors``), self-loop,
    empty relation or wave cell (in a file with that column), invalid relation name,
    non-numeric, negative or too large weight (above :data:`MAX_WEIGHT`, or infinite);
    weight 0 (a warning: no tie). Duplicates — same source, target, relation and wave —
    are merged keeping the largest weight. A CSV row longer than pyarrow's block makes
    the block grow (:data:`CSV_BLOCK_BYTES`, doubled up to :data:`MAX_BLOCK_BYTES`).
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
    if not weighted:
        cols.pop("weight", None)
    block = CSV_BLOCK_BYTES
    while True:
        try:
            return _read(path, name, cols, actors, relation, block, start, weighted)
        except pa.ArrowInvalid as exc:
            if "straddling" not in str(exc) or path.suffix.lower() == ".parquet":
                raise InputError(
                    f"cannot read the file ({exc})",
                    file=name,
                    hint="large files must be UTF-8 CSV or Parquet",
                    code="scale_cannot_read",
                    values={"detail": str(exc)},
                ) from None
            if block >= MAX_BLOCK_BYTES:
                raise InputError(
                    f"a row is longer than {MAX_BLOCK_BYTES:,} bytes",
                    file=name,
                    code="scale_row_too_large",
                    values={"limit": MAX_BLOCK_BYTES},
                ) from None
            block = min(block * 2, MAX_BLOCK_BYTES)


def _read(
    path: Path,
    name: str,
    cols: dict[str, str],
    actors: pd.DataFrame | None,
    relation: str,
    block: int,
    start: float,
    weighted: bool = True,
) -> tuple[ScaleTies, ScaleLoadReport]:
    report = ScaleLoadReport(file=name, columns=cols)
    known = (
        pa.array(actors.index.astype(str).tolist(), type=pa.string())
        if actors is not None
        else None
    )
    rel_codes, wave_codes = _Codes(relation=True), _Codes()
    if "relation" not in cols:
        rel_codes.encode([relation])
    if "wave" not in cols:
        wave_codes.encode(["1"])  # the survey path's wave of a file without waves
    chunks: dict[str, list[Any]] = {k: [] for k in ("s", "t", "r", "w", "x")}
    offset = 0
    for batch in _batches(path, cols, block):
        n = batch.num_rows
        rows = np.arange(offset + 2, offset + 2 + n, dtype=np.int64)
        offset += n
        ok = np.ones(n, dtype=bool)
        text = {
            model: _text_column(batch.column(col), rows, col, ok, report)
            for model, col in cols.items()
            if model != "weight" or not _numeric(batch.column(col).type)
        }
        for model in ("source", "target", "relation", "wave"):
            if model in text:
                trimmed = pc.utf8_trim_whitespace(text[model])
                text[model] = _clean(trimmed)
                if text[model] is not trimmed:
                    changed = pc.sum(pc.not_equal(text[model], trimmed)).as_py()
                    report.cleaned += int(changed or 0)
        s, t_ = text["source"], text["target"]
        for model, arr in (("source", s), ("target", t_)):
            empty = np.asarray(pc.equal(arr, "")) & ok
            report.reject(f"empty_{model}", rows[empty], cols[model])
            ok &= ~empty
        if known is not None:
            for model, arr in (("source", s), ("target", t_)):
                unknown = ~np.asarray(pc.is_in(arr, value_set=known)) & ok
                report.reject(
                    "unknown_actor",
                    rows[unknown],
                    cols[model],
                    arr.filter(pa.array(unknown))[:_EXAMPLES].to_pylist(),
                )
                ok &= ~unknown
        r = wv = np.zeros(n, dtype=np.int64)
        rel_enc = wave_enc = None
        if "relation" in cols:
            rel_enc = _names(text["relation"], rows, ok, report, cols["relation"], "relation")
        if "wave" in cols:
            wave_enc = _names(text["wave"], rows, ok, report, cols["wave"], "wave")
        loop = np.asarray(pc.equal(s, t_)) & ok
        report.reject(
            "self_loop", rows[loop], cols["target"], s.filter(pa.array(loop))[:5].to_pylist()
        )
        ok &= ~loop
        if rel_enc is not None:
            r = _codes(rel_enc, rows, ok, report, cols["relation"], rel_codes)
        if wave_enc is not None:
            wv = _codes(wave_enc, rows, ok, report, cols["wave"], wave_codes)
        if "weight" in cols:
            raw = batch.column(cols["weight"])
            if _numeric(raw.type):
                w = (
                    pc.fill_null(raw.cast(pa.float64()), np.nan)
                    .to_numpy(zero_copy_only=False)
                    .copy()
                )
                shown = raw
            else:
                w = _parse_weights(text["weight"])
                shown = pc.utf8_trim_whitespace(text["weight"])
            col = cols["weight"]
            for reason, bad in (
                ("non_numeric_weight", np.isnan(w)),
                ("weight_too_large", w < -MAX_WEIGHT),
                ("negative_weight", w < 0),
                ("weight_too_large", ~np.isfinite(w) | (w > MAX_WEIGHT)),
                ("zero_weight", w == 0),
            ):
                bad = bad & ok
                if bad.any():
                    report.reject(
                        reason, rows[bad], col, shown.filter(pa.array(bad))[:_EXAMPLES].to_pylist()
                    )
                    ok &= ~bad
        else:
            w = np.ones(n)
        mask = pa.array(ok)
        chunks["s"].append(s.filter(mask))
        chunks["t"].append(t_.filter(mask))
        chunks["r"].append(r[ok])
        chunks["x"].append(wv[ok])
        chunks["w"].append(w[ok])
    report.rows = offset
    src = pa.chunked_array(chunks["s"], type=pa.string())
    tgt = pa.chunked_array(chunks["t"], type=pa.string())
    rel = np.concatenate(chunks["r"]) if chunks["r"] else np.empty(0, dtype=np.int64)
    wave = np.concatenate(chunks["x"]) if chunks["x"] else np.empty(0, dtype=np.int64)
    weights = np.concatenate(chunks["w"]) if chunks["w"] else np.empty(0)
    del chunks
    ids = (
        known
        if known is not None
        else pc.unique(pa.chunked_array(src.chunks + tgt.chunks, type=pa.string()))
    )
    s_idx = pc.index_in(src, value_set=ids).to_numpy(zero_copy_only=False).astype(np.int64)
    t_idx = pc.index_in(tgt, value_set=ids).to_numpy(zero_copy_only=False).astype(np.int64)
    del src, tgt
    # relations and waves of the loaded ties, sorted (waves as text: the last is the
    # latest, the survey path's order)
    relations_seen = sorted(rel_codes.codes, key=rel_codes.codes.get)
    waves_seen = sorted(wave_codes.codes, key=wave_codes.codes.get)
    relations_kept = sorted({relations_seen[i] for i in np.unique(rel)})
    waves_kept = sorted({waves_seen[i] for i in np.unique(wave)})
    r_map = np.asarray(
        [relations_kept.index(x) if x in relations_kept else -1 for x in relations_seen] or [0]
    )
    w_map = np.asarray([waves_kept.index(x) if x in waves_kept else -1 for x in waves_seen] or [0])
    rel, wave = r_map[rel].astype(np.int64), w_map[wave].astype(np.int64)
    n = len(ids)
    n_r, n_w = max(len(relations_kept), 1), max(len(waves_kept), 1)
    pair = s_idx * n + t_idx
    sub = rel * n_w + wave
    if float(n) * n * n_r * n_w < 2**62:
        key = pair * (n_r * n_w) + sub
        order = np.argsort(key, kind="stable")
        key = key[order]
    else:  # too many combinations for one int64 key: sort by pair, then relation and wave
        order = np.lexsort((sub, pair))
        p, q = pair[order], sub[order]
        change = np.ones(len(p), dtype=bool)
        change[1:] = (p[1:] != p[:-1]) | (q[1:] != q[:-1])
        key = np.cumsum(change)
    del pair, sub
    s_idx, t_idx, rel, wave, merged_w = reduce_groups(
        key, (s_idx[order], t_idx[order], rel[order], wave[order]), weights[order], np.maximum
    )
    del order, key
    report.merged = int(len(weights) - len(s_idx))
    report.loaded = int(len(s_idx))
    id_list = ids.to_pylist()
    table = (
        actors.reindex(pd.Index(id_list, name="id"))
        if actors is not None
        else pd.DataFrame(index=pd.Index(id_list, name="id"))
    )
    ties = ScaleTies(
        ids=ids,
        actors=table,
        src=s_idx,
        tgt=t_idx,
        rel=rel,
        wave=wave,
        weight=merged_w,
        relations=tuple(relations_kept),
        waves=tuple(waves_kept),
        weighted=weighted,
    )
    if not report.balanced:  # a bug, never bad input
        raise AssertionError(f"row accounting does not balance: {report}")
    report.seconds = round(time.perf_counter() - start, 3)
    return ties, report


_ZERO_WIDTH_PATTERN = f"[{ZERO_WIDTH}]"


def _clean(arr: pa.Array) -> pa.Array:
    """Trimmed text in Unicode NFC without zero-width characters: the survey path's
    :func:`tramas.ingest.readers.clean_text`, on whole columns (ASCII blocks untouched)."""
    arr = pc.utf8_trim_whitespace(arr)
    if pc.all(pc.string_is_ascii(arr)).as_py() is not False:
        return arr  # the same object: nothing to normalise
    arr = pc.replace_substring_regex(arr, _ZERO_WIDTH_PATTERN, "")
    return pc.utf8_trim_whitespace(pc.utf8_normalize(arr, "NFC"))


def _numeric(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _names(
    arr: pa.Array,
    rows: np.ndarray,
    ok: np.ndarray,
    report: ScaleLoadReport,
    column: str,
    what: str,
) -> tuple[np.ndarray, list[str]]:
    """A relation or wave column dictionary-encoded (indices, names): empty cells
    rejected (``empty_relation``, ``empty_wave``); relation names normalised as the
    survey path does."""
    enc = pc.dictionary_encode(arr)
    index = enc.indices.to_numpy(zero_copy_only=False)
    uniques = [str(u) for u in enc.dictionary.to_pylist()]
    if what == "relation":
        uniques = [normalize_header(u) if u else "" for u in uniques]
    empty = np.asarray([u == "" for u in uniques], dtype=bool)
    is_empty = (empty[index] if len(index) else np.zeros(0, dtype=bool)) & ok
    report.reject(f"empty_{what}", rows[is_empty], column)
    ok &= ~is_empty
    return index, uniques


def _codes(
    encoded: tuple[np.ndarray, list[str]],
    rows: np.ndarray,
    ok: np.ndarray,
    report: ScaleLoadReport,
    column: str,
    codes: _Codes,
) -> np.ndarray:
    """Integer codes of encoded names; for relations (``codes`` of relations) names that
    break the survey path's rule (``_RELATION_RE``) reject their row
    (``invalid_relation``)."""
    index, uniques = encoded
    relation = column is not None and codes is not None and getattr(codes, "relation", False)
    bad_name = np.asarray(
        [relation and bool(u) and not _RELATION_RE.match(u) for u in uniques], dtype=bool
    )
    mapped = codes.encode(
        [u if u and not b else "" for u, b in zip(uniques, bad_name, strict=True)]
    )
    if not len(index):
        return np.zeros(0, dtype=np.int64)
    is_bad = bad_name[index] & ok
    if is_bad.any():
        report.reject(
            "invalid_relation",
            rows[is_bad],
            column,
            [uniques[i] for i in index[is_bad][:_EXAMPLES]],
        )
        ok &= ~is_bad
    return mapped[index]


def read_scale_ties(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    directed: bool = True,
    weighted: bool = True,
    relation: str | Sequence[str] | None = None,
    wave: str | None = None,
    default_relation: str = "tie",
) -> tuple[NetworkView, ScaleLoadReport]:
    """Read a large edge list (:func:`read_scale_file`) into the :class:`NetworkView` the
    survey path would analyse (:meth:`ScaleTies.view`: the latest wave, every relation
    merged, unless ``relation``/``wave`` say otherwise).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("source,target,relation,wave,weight\\na,b,trade,1,2\\na,b,trade,2,3\\n"
    ...                  "b,c,advice,2,1\\nb,c,advice,2,4\\nc,a,trade,2,0\\n")
    >>> view, report = read_scale_ties(p)
    >>> view.wave, view.relations, view.n_ties, report.loaded, report.merged, report.rejected
    ('2', ('advice', 'trade'), 2, 3, 1, {'zero_weight': 1})
    """
    ties, report = read_scale_file(
        path, actors=actors, weighted=weighted, relation=default_relation
    )
    return ties.view(relation, wave=wave, directed=directed, weighted=weighted), report


def scale_network(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    key: str | None = None,
    relation: str = "trade",
) -> tuple[Network, ScaleLoadReport]:
    """A large tie file as a :class:`Network` for Neo4j.

    What ``tramas db load --ties BIG`` reads: the streaming reader
    (:func:`read_scale_file`, the survey path's rules, problems counted with examples,
    duplicates merged keeping the largest amount) instead of the survey ingest, whose
    per-row checks and messages cost about 1.4 GB and 15 s per million ties. Relations
    and waves are kept (every relation directed); a file without a relation column holds
    ``relation`` (Neo4j relationship type ``TRADE`` for ``trade``). Ties get ``weight``,
    ``data_source = "file"`` and ``source_file``; actors the columns of ``actors``
    (``kind`` defaults to ``firm``).

    Parameters
    ----------
    path:
        CSV or Parquet edge list (``source``/``target`` and synonyms, optional relation,
        wave and weight).
    actors:
        Optional actors table (DataFrame indexed by id, or a file); ties naming other ids
        are rejected.
    key:
        Study key (default: from the file name).
    relation:
        Relation of a file without a relation column.
    """
    from tramas.ingest.study import study_key_from_name

    path = Path(path)
    ties, report = read_scale_file(path, actors=actors, relation=relation)
    table = ties.actors  # a frame of its own (reindexed or new), safe to complete
    table["kind"] = table["kind"].fillna("firm") if "kind" in table.columns else "firm"
    network = ties.network(
        key=key or study_key_from_name(path.stem), title=path.stem, source_file=path.name
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
    """A directed one-relation view as a :class:`Network`, the form the Neo4j loaders
    take: one tie per edge with its ``weight`` and, with ``source_file``,
    ``data_source = "file"`` and that file name."""
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
