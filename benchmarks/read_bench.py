"""Survey reader throughput: :func:`tramas.ingest.read_table` and :func:`tramas.ingest.load`
against a naive ``pandas.read_csv``, in one run.

Usage::

    python benchmarks/read_bench.py --rows 300000

A ties CSV (source, target, relation, wave, weight, a Spanish text column with accents)
and its actors table are generated in a temporary folder. Three readings are timed,
best of ``--repeat``:

* **naive** -- ``pandas.read_csv(path, dtype=str, keep_default_na=False)``: no encoding
  check, blank lines dropped (row numbers shift), duplicate headers renamed silently;
* **read_table** -- tramas' reader: UTF-8 proven or the file refused by row, duplicate
  headers refused before pandas renames them, a spreadsheet row number for every row,
  text in NFC without zero-width characters;
* **load** -- the whole survey ingest of the ties and actors (the rules of every row:
  unknown ids, self-loops, weights, duplicates merged, accounting).

The last line is ``RESULT read_vs_naive=<read_table/naive time> load_rows_per_s=<rows/s>``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tramas.ingest import load, read_table


def _write(folder: Path, rows: int, seed: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    n_actors = max(rows // 20, 10)
    ids = np.array([f"F{i:06d}" for i in range(n_actors)])
    src = rng.integers(0, n_actors, rows)
    tgt = (src + rng.integers(1, n_actors, rows)) % n_actors
    ties = pd.DataFrame(
        {
            "source": ids[src],
            "target": ids[tgt],
            "relation": rng.choice(["knowledge", "cooperation", "trade"], rows),
            "wave": rng.choice(["2023", "2025"], rows),
            "weight": rng.integers(1, 6, rows),
            "evidence": rng.choice(["asesoría técnica", "compra conjunta", "Viñedo Ñandú"], rows),
        }
    )
    actors = pd.DataFrame({"id": ids, "name": [f"Empresa {i}" for i in range(n_actors)]})
    tpath, apath = folder / "ties.csv", folder / "actors.csv"
    ties.to_csv(tpath, index=False)
    actors.to_csv(apath, index=False)
    return apath, tpath


def _best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        apath, tpath = _write(Path(tmp), args.rows, args.seed)
        mb = tpath.stat().st_size / 1e6
        print(f"ties file: {args.rows:,} rows, {mb:.1f} MB")
        naive = _best(args.repeat, lambda: pd.read_csv(tpath, dtype=str, keep_default_na=False))
        ours = _best(args.repeat, lambda: read_table(tpath))
        whole = _best(1, lambda: load(actors=apath, ties=[tpath], strict=False))
        print(f"  naive pandas.read_csv   {naive:7.2f} s")
        print(f"  tramas read_table       {ours:7.2f} s")
        print(f"  tramas load (ingest)    {whole:7.2f} s  ({args.rows / whole:,.0f} rows/s)")
        print(f"RESULT read_vs_naive={ours / naive:.2f} load_rows_per_s={args.rows / whole:.0f}")


if __name__ == "__main__":
    main()
