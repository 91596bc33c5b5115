"""Load throughput of ``tramas db load`` (online and ``--bulk``) against a naive loader.

Run against a real Neo4j (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``; start the local
one with ``scripts/neo4j-local start``)::

    python benchmarks/load_bench.py --ties 1000000
    python benchmarks/load_bench.py --ties 10000000 --skip-reload --naive-ties 0
    python benchmarks/load_bench.py --ties 10000000 --bulk

**Online (default).** A synthetic cluster survey (three relations, two waves, the canonical
tie columns plus an ``orientation`` attribute; ``ties / 20`` actors, ties drawn uniformly)
is built in memory and loaded with :meth:`tramas.neo4j.store.Neo4jStore.load`, the
function ``tramas db load`` calls after reading the input files. It is then loaded again
(every tie ``MERGE``\\ d: the idempotent update). The baseline writes a slice of the same
ties one row at a time, each in its own auto-commit transaction with ``MERGE`` (what a
first script usually does), into a separate study on the same server in the same run.
Both studies are deleted at the end. Before the timed load, ``--warmup`` ties (default
1,000,000) of a third study are loaded and dropped, untimed: the JVM compiles Neo4j's
write path during the first loads after a start (on a freshly started server the first
million ran at 38,000 ties/s instead of 51,000; the warm-up's own rate is printed, so
the cold figure is in every run's output). The last line is
``RESULT ties_per_s=<float> speedup_vs_naive=<ratio>``; ``ties_per_s`` is ties divided by
the wall time of the whole first load (schema, study, actors, ties and the final count
check). The tie phase is also reported per million ties (first vs last million).

**Bulk (``--bulk``).** A synthetic supplier-buyer network (``--shape supply-chain``, the
default here: ``ties / 10`` firms, about ten ties reported per firm, suppliers drawn with
heavy-tailed, Pareto-distributed popularity) is loaded with
:meth:`~tramas.neo4j.store.Neo4jStore.bulk_load` (``neo4j-admin database import``),
which stops and restarts the local server and replaces its database: point it at a
server of its own, e.g. ``NEO4J_LOCAL_DIR=/tmp/neo4j-bench scripts/neo4j-local start``.
The last line is ``RESULT bulk_ties_per_s=<float> bulk_seconds=<float> ties=<int>``,
over the wall time of the whole bulk load (files, server stop, import, start, schema,
count check).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from tramas.graph.model import Relation, StudyInfo
from tramas.graph.network import Network
from tramas.neo4j.store import Neo4jStore

STUDY = "bench-load"
NAIVE_STUDY = "bench-naive"
WARMUP_STUDY = "bench-warmup"
RELATIONS = ("knowledge", "cooperation", "trade")
WAVES = ("2023", "2025")
_RELATION_DEFS = {
    "knowledge": Relation("knowledge", directed=True, direction="alter_to_ego"),
    "cooperation": Relation("cooperation", directed=False),
    "trade": Relation("trade", directed=True),
}


def _actors(n_actors: int, rng: np.random.Generator) -> pd.DataFrame:
    ids = np.array([f"A{i:07d}" for i in range(n_actors)], dtype=object)
    return pd.DataFrame(
        {
            "name": [f"Organisation {i}" for i in range(n_actors)],
            "kind": rng.choice(["firm"] * 8 + ["research", "government"], n_actors),
            "internal": rng.random(n_actors) > 0.05,
            "employees": rng.integers(1, 500, n_actors).astype(float),
            "municipality": rng.choice(["Tunuyán", "Tupungato", "San Carlos"], n_actors),
            "respondent": rng.random(n_actors) > 0.2,
        },
        index=pd.Index(ids, name="id"),
    )


def _network(
    actors: pd.DataFrame,
    src: np.ndarray,
    tgt: np.ndarray,
    rel: np.ndarray,
    wave: np.ndarray,
    n_ties: int,
    rng: np.random.Generator,
    key: str = STUDY,
) -> Network:
    ids = actors.index.to_numpy(dtype=object)
    keep = src != tgt
    frame = pd.DataFrame({"r": rel[keep], "s": src[keep], "t": tgt[keep], "w": wave[keep]})
    frame = frame.drop_duplicates().head(n_ties)
    if len(frame) < n_ties:
        raise SystemExit("too few distinct ties drawn; raise --actors")
    n = len(frame)
    ties = pd.DataFrame(
        {
            "source": ids[frame["s"].to_numpy()],
            "target": ids[frame["t"].to_numpy()],
            "relation": np.array(RELATIONS, dtype=object)[frame["r"].to_numpy()],
            "wave": np.array(WAVES, dtype=object)[frame["w"].to_numpy()],
            "weight": rng.integers(1, 4, n).astype(float),
            "reported_by": ids[frame["s"].to_numpy()],
            "data_source": "survey",
            "evidence": None,
            "source_file": "ties.csv",
            "source_row": np.arange(n, dtype=np.int64) + 2,
            "orientation": rng.choice(["horizontal", "vertical"], n),
        }
    )
    return Network(
        actors, ties, dict(_RELATION_DEFS), StudyInfo(key=key, title="benchmark", waves=WAVES)
    )


def synthetic_network(n_ties: int, n_actors: int, seed: int = 1, key: str = STUDY) -> Network:
    """``n_ties`` distinct ties (relation, source, target, wave) drawn uniformly among actors."""
    rng = np.random.default_rng(seed)
    actors = _actors(n_actors, rng)
    m = int(n_ties * 1.05) + 1000
    return _network(
        actors,
        rng.integers(0, n_actors, m),
        rng.integers(0, n_actors, m),
        rng.integers(0, len(RELATIONS), m),
        rng.integers(0, len(WAVES), m),
        n_ties,
        rng,
        key,
    )


def supply_chain_network(n_ties: int, n_firms: int | None = None, seed: int = 1) -> Network:
    """A supplier-buyer network: each firm reports about ten ties; supplier popularity is
    heavy-tailed (Pareto, shape 1.2), so a few suppliers have very many buyers."""
    rng = np.random.default_rng(seed)
    n_firms = n_firms or max(100, n_ties // 10)
    actors = _actors(n_firms, rng)
    m = int(n_ties * 1.08) + 1000
    out_degree = rng.poisson(10, n_firms)
    src = np.repeat(np.arange(n_firms), out_degree)
    src = np.resize(rng.permutation(src), m)
    weight = rng.pareto(1.2, n_firms) + 1.0
    tgt = rng.choice(n_firms, size=m, p=weight / weight.sum())
    rel = rng.choice(len(RELATIONS), size=m, p=[0.25, 0.15, 0.60])
    wave = rng.integers(0, len(WAVES), m)
    return _network(actors, src, tgt, rel, wave, n_ties, rng)


def naive_load(store: Neo4jStore, network: Network, n: int) -> float:
    """One auto-commit ``MERGE`` statement per tie; returns ties per second."""
    ties = network.ties.head(n)
    driver = store._driver  # the benchmark needs the raw driver for the naive loop
    start = time.perf_counter()
    with driver.session(database=store.database) as session:
        for row in ties.itertuples(index=False):
            session.run(
                f"MERGE (a:Actor {{study: $study, id: $source}}) "
                f"MERGE (b:Actor {{study: $study, id: $target}}) "
                f"MERGE (a)-[r:{row.relation.upper()} {{wave: $wave}}]->(b) "
                "SET r.study = $study, r.weight = $weight, r.reported_by = $reported_by, "
                "r.data_source = $data_source, r.source_file = $source_file, "
                "r.source_row = $source_row, r.orientation = $orientation",
                study=NAIVE_STUDY,
                source=row.source,
                target=row.target,
                wave=row.wave,
                weight=float(row.weight),
                reported_by=row.reported_by,
                data_source=row.data_source,
                source_file=row.source_file,
                source_row=int(row.source_row),
                orientation=row.orientation,
            ).consume()
    return n / (time.perf_counter() - start)


def _timeline(marks: list[tuple[float, int]], start: float, step: int = 1_000_000) -> str:
    """Tie-phase throughput per ``step`` ties (per fifth of the ties below 2 million)."""
    if not marks:
        return "no progress reported"
    if marks[-1][1] < 2 * step:
        step = max(1, marks[-1][1] // 5)
    parts, last_t, last_n, edge = [], start, 0, step
    for t, n in marks:
        if n >= edge or (t, n) == marks[-1]:
            parts.append(f"{last_n:,}-{n:,}: {(n - last_n) / (t - last_t):,.0f}/s")
            last_t, last_n = t, n
            edge = (n // step + 1) * step
    return "tie phase, ties/s by segment: " + "; ".join(parts)


def _drop(store: Neo4jStore, key: str) -> None:
    store.drop(key)
    store.run_autocommit(
        "MATCH (a:Actor {study: $study}) CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 2000 ROWS",
        {"study": key},
    )


def run_online(args: argparse.Namespace, network: Network) -> int:
    with Neo4jStore() as store:
        store.connect()
        print(f"server: {store.uri} (database {store.database})", flush=True)
        for key in (STUDY, NAIVE_STUDY, WARMUP_STUDY):
            _drop(store, key)
        store.ensure_schema()
        if args.warmup:
            # The JVM compiles Neo4j's write path during the first few hundred thousand
            # ties after a start; a separate study absorbs that, as in any JVM benchmark.
            warm = synthetic_network(args.warmup, max(1000, args.warmup // 20), 2, WARMUP_STUDY)
            result = store.load(warm, batch_size=args.batch_size, workers=args.workers)
            print(
                f"warm-up (not counted): {result.ties:,} ties of another study in "
                f"{result.seconds:.1f} s ({result.ties / result.seconds:,.0f} ties/s)",
                flush=True,
            )
            _drop(store, WARMUP_STUDY)
        try:
            marks: list[tuple[float, int]] = []
            tie_start: list[float] = []

            def progress(stage: str, done: int, total: int) -> None:
                if stage == "ties":
                    marks.append((time.perf_counter(), done))
                elif stage == "actors" and done == total:
                    tie_start.append(time.perf_counter())

            result = store.load(
                network, batch_size=args.batch_size, workers=args.workers, progress=progress
            )
            ties_per_s = result.ties / result.seconds
            print(
                f"tramas load: {result.ties:,} ties, {result.actors:,} actors in "
                f"{result.seconds:.1f} s ({ties_per_s:,.0f} ties/s overall; tie phase "
                f"{result.tie_seconds:.1f} s = {result.ties_per_second:,.0f} ties/s; "
                f"{result.batches} batches of up to {args.batch_size:,}, {result.workers} "
                f"sessions, {result.groups} actor groups, {result.retries} retried)",
                flush=True,
            )
            print("  " + _timeline(marks, tie_start[-1] if tie_start else marks[0][0]), flush=True)
            if not args.skip_reload:
                again = store.load(network, batch_size=args.batch_size, workers=args.workers)
                print(
                    f"reload (MERGE, idempotent): {again.ties:,} ties in {again.seconds:.1f} s "
                    f"({again.ties / again.seconds:,.0f} ties/s)",
                    flush=True,
                )
            naive = float("nan")
            n_naive = min(args.naive_ties, len(network.ties))
            if n_naive:
                naive = naive_load(store, network, n_naive)
                print(f"naive one-MERGE-per-row: {n_naive:,} ties at {naive:,.0f} ties/s")
        finally:
            if not args.keep:
                for key in (STUDY, NAIVE_STUDY):
                    _drop(store, key)
    print(f"RESULT ties_per_s={ties_per_s:.1f} speedup_vs_naive={ties_per_s / naive:.1f}")
    return 0


def run_bulk(args: argparse.Namespace, network: Network) -> int:
    with Neo4jStore() as store:
        store.connect()
        print(f"server: {store.uri} (database {store.database})", flush=True)
        result = store.bulk_load(
            network,
            replace=True,
            memory=args.import_memory,
            progress=lambda stage: print(f"  {stage} ...", flush=True),
        )
        print(
            f"bulk load: {result.ties:,} ties, {result.actors:,} actors in {result.seconds:.1f} s "
            f"({result.ties_per_second:,.0f} ties/s; CSV {result.csv_bytes / 1e6:,.0f} MB); "
            + ", ".join(f"{k} {v:.1f} s" for k, v in result.stages.items()),
            flush=True,
        )
        if not args.keep:
            _drop(store, STUDY)
    print(
        f"RESULT bulk_ties_per_s={result.ties_per_second:.1f} "
        f"bulk_seconds={result.seconds:.1f} ties={result.ties}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=1_000_000, help="ties to load")
    parser.add_argument("--actors", type=int, default=None, help="actors (default by shape)")
    parser.add_argument(
        "--shape",
        choices=("uniform", "supply-chain"),
        default=None,
        help="synthetic network: uniform (ties/20 actors; online default) or supply-chain "
        "(ties/10 firms, heavy-tailed suppliers; --bulk default)",
    )
    parser.add_argument("--bulk", action="store_true", help="bulk load with neo4j-admin import")
    parser.add_argument("--naive-ties", type=int, default=20_000, help="ties for the baseline")
    parser.add_argument("--batch-size", type=int, default=20_000, help="ties per transaction")
    parser.add_argument("--workers", type=int, default=2, help="parallel sessions")
    parser.add_argument("--skip-reload", action="store_true", help="do not time the reload")
    parser.add_argument("--import-memory", default="2g", help="neo4j-admin off-heap memory")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark studies")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1_000_000,
        help="ties of a separate study loaded (and dropped) first, to warm the JVM; 0: none",
    )
    args = parser.parse_args(argv)
    shape = args.shape or ("supply-chain" if args.bulk else "uniform")

    t = time.perf_counter()
    if shape == "uniform":
        network = synthetic_network(args.ties, args.actors or max(1000, args.ties // 20))
    else:
        network = supply_chain_network(args.ties, args.actors)
    in_degree = network.ties["target"].value_counts()
    print(
        f"synthetic {shape} network: {len(network.actors):,} actors, {len(network.ties):,} "
        f"ties, largest in-degree {int(in_degree.max()):,} ({time.perf_counter() - t:.1f} s "
        "to build)",
        flush=True,
    )
    return run_bulk(args, network) if args.bulk else run_online(args, network)


if __name__ == "__main__":
    sys.exit(main())
