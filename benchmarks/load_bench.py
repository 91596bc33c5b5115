"""Load throughput of ``tramas db load`` against a naive one-MERGE-per-row loader.

Run against a real Neo4j (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``; start the local
one with ``scripts/neo4j-local start``)::

    python benchmarks/load_bench.py --ties 1000000

A synthetic cluster survey (three relations, two waves, the canonical tie columns plus an
``orientation`` attribute) is built in memory and loaded with
:meth:`tramas.graph.neo4j_store.Neo4jStore.load`, the function ``tramas db load`` calls
after reading the input files. The baseline writes a slice of the same ties one row at a
time, each in its own transaction with ``MERGE`` (what a first script usually does), into a
separate study on the same server in the same run. Both studies are deleted at the end.

The last line is ``RESULT ties_per_s=<float> speedup_vs_naive=<ratio>``; ``ties_per_s``
is ties divided by the wall time of the whole load (schema, study, actors, ties and the
final count check).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from tramas.graph.model import Relation, StudyInfo
from tramas.graph.neo4j_store import Neo4jStore
from tramas.graph.network import Network

STUDY = "bench-load"
NAIVE_STUDY = "bench-naive"
RELATIONS = ("knowledge", "cooperation", "trade")
WAVES = ("2023", "2025")


def synthetic_network(n_ties: int, n_actors: int, seed: int = 1) -> Network:
    """A network of ``n_ties`` distinct ties (relation, source, target, wave) among actors."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"A{i:07d}" for i in range(n_actors)], dtype=object)
    kinds = rng.choice(["firm"] * 8 + ["research", "government"], n_actors)
    actors = pd.DataFrame(
        {
            "name": [f"Organisation {i}" for i in range(n_actors)],
            "kind": kinds,
            "internal": rng.random(n_actors) > 0.05,
            "employees": rng.integers(1, 500, n_actors).astype(float),
            "municipality": rng.choice(["Tunuyán", "Tupungato", "San Carlos"], n_actors),
            "respondent": rng.random(n_actors) > 0.2,
        },
        index=pd.Index(ids, name="id"),
    )
    # distinct (relation, wave, source, target) codes, drawn with a margin then deduplicated
    space = len(RELATIONS) * len(WAVES) * n_actors * n_actors
    codes = np.unique(rng.integers(0, space, int(n_ties * 1.05) + 1000))
    codes = rng.permutation(codes)[:n_ties]
    if len(codes) < n_ties:
        raise SystemExit("too few actors for that many distinct ties; raise --actors")
    pair, rw = np.divmod(codes, len(RELATIONS) * len(WAVES))
    src, tgt = np.divmod(pair, n_actors)
    loops = src == tgt
    tgt[loops] = (tgt[loops] + 1) % n_actors  # no self-loops (may rarely duplicate: dropped)
    rel = np.array(RELATIONS, dtype=object)[rw // len(WAVES)]
    wave = np.array(WAVES, dtype=object)[rw % len(WAVES)]
    ties = pd.DataFrame(
        {
            "source": ids[src],
            "target": ids[tgt],
            "relation": rel,
            "wave": wave,
            "weight": rng.integers(1, 4, len(codes)).astype(float),
            "reported_by": ids[src],
            "data_source": "survey",
            "evidence": None,
            "source_file": "ties.csv",
            "source_row": np.arange(len(codes), dtype=np.int64) + 2,
            "orientation": rng.choice(["horizontal", "vertical"], len(codes)),
        }
    )
    ties = ties.drop_duplicates(["relation", "source", "target", "wave"]).reset_index(drop=True)
    relations = {
        "knowledge": Relation("knowledge", directed=True, direction="alter_to_ego"),
        "cooperation": Relation("cooperation", directed=False),
        "trade": Relation("trade", directed=True),
    }
    return Network(actors, ties, relations, StudyInfo(key=STUDY, title="benchmark", waves=WAVES))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=1_000_000, help="ties to load")
    parser.add_argument("--actors", type=int, default=None, help="actors (default ties/20)")
    parser.add_argument("--naive-ties", type=int, default=20_000, help="ties for the baseline")
    parser.add_argument("--batch-size", type=int, default=20_000, help="ties per transaction")
    parser.add_argument("--workers", type=int, default=2, help="parallel sessions")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark studies")
    args = parser.parse_args(argv)
    n_actors = args.actors or max(1000, args.ties // 20)

    t = time.perf_counter()
    network = synthetic_network(args.ties, n_actors)
    print(
        f"synthetic network: {len(network.actors):,} actors, {len(network.ties):,} ties "
        f"({time.perf_counter() - t:.1f} s to build)",
        flush=True,
    )
    with Neo4jStore() as store:
        store.connect()
        print(f"server: {store.uri} (database {store.database})", flush=True)
        for key in (STUDY, NAIVE_STUDY):
            store.drop(key)
        store.ensure_schema()
        try:
            result = store.load(network, batch_size=args.batch_size, workers=args.workers)
            ties_per_s = result.ties / result.seconds
            print(
                f"tramas load: {result.ties:,} ties, {result.actors:,} actors in "
                f"{result.seconds:.1f} s ({ties_per_s:,.0f} ties/s overall; tie phase "
                f"{result.tie_seconds:.1f} s = {result.ties_per_second:,.0f} ties/s; "
                f"{result.batches} batches of {args.batch_size:,}, {args.workers} workers)",
                flush=True,
            )
            again = store.load(network, batch_size=args.batch_size, workers=args.workers)
            print(
                f"reload (MERGE, idempotent): {again.ties:,} ties in {again.seconds:.1f} s "
                f"({again.ties / again.seconds:,.0f} ties/s)",
                flush=True,
            )
            n_naive = min(args.naive_ties, len(network.ties))
            naive = naive_load(store, network, n_naive)
            print(f"naive one-MERGE-per-row: {n_naive:,} ties at {naive:,.0f} ties/s", flush=True)
        finally:
            if not args.keep:
                for key in (STUDY, NAIVE_STUDY):
                    store.drop(key)
                    store.run_autocommit(
                        "MATCH (a:Actor {study: $study}) "
                        "CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 2000 ROWS",
                        {"study": key},
                    )
    print(f"RESULT ties_per_s={ties_per_s:.1f} speedup_vs_naive={ties_per_s / naive:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
