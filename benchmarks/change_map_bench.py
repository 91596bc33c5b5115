"""Benchmark of change maps (two waves on one map): write time, file size, time to interactive.

The synthetic clusters of ``map_bench.py`` (five ties per actor over three relations) become
two waves: the later wave keeps 80 % of the baseline's ties and adds as many new ones
(half of them between sub-clusters), so about 20 % of the ties are new, 20 % dissolved and
60 % stable. 200 and 2,000 actors are drawn actor by actor; 20,000 as a community map.

Run: ``python benchmarks/change_map_bench.py`` (needs Debian's ``chromium`` and the
``playwright`` Python package). The last line is machine-readable:
``RESULT change_write_s_2000=<float> change_html_mb_2000=<float> change_interactive_s_2000=<float>``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from map_bench import synthetic_network, time_to_interactive  # noqa: E402

from tramas.graph import Network  # noqa: E402
from tramas.viz import write_map  # noqa: E402

SIZES = (200, 2000, 20000)
KEEP = 0.8


def two_waves(n: int, seed: int = 1) -> Network:
    """The synthetic network as a baseline (2023) and a later wave (2025)."""
    rng = np.random.default_rng(seed)
    base = synthetic_network(n, seed=seed)
    ties = base.ties[["source", "target", "relation", "weight"]]
    kept = ties[rng.random(len(ties)) < KEEP]
    ids = base.actors.index.to_numpy()
    k = len(ties) - len(kept)
    new = pd.DataFrame(
        {
            "source": rng.choice(ids, size=k),
            "target": rng.choice(ids, size=k),
            "relation": rng.choice(["knowledge", "cooperation", "trade"], size=k),
            "weight": rng.integers(1, 4, size=k).astype(float),
        }
    )
    later = pd.concat([kept, new[new["source"] != new["target"]]], ignore_index=True)
    later = later.drop_duplicates(["source", "target", "relation"])
    both = pd.concat([ties.assign(wave="2023"), later.assign(wave="2025")], ignore_index=True)
    return Network(base.actors, both, relations=base.relations)


def main() -> None:
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            network = two_waves(n)
            out = Path(tmp) / f"change_{n}.html"
            start = time.perf_counter()
            result = write_map(network, out, compare=("2023", "2025"))
            write_s = time.perf_counter() - start
            mb = out.stat().st_size / 1e6
            interactive_s, counts = time_to_interactive(out)
            results[n] = {"write_s": write_s, "html_mb": mb, "interactive_s": interactive_s}
            print(
                f"{n:>6} actors {len(network.ties):>7} ties (both waves) -> {result.mode:<9} map "
                f"{result.n_nodes:>5} nodes {result.n_edges:>6} edges | write {write_s:6.2f} s | "
                f"{mb:5.2f} MB | interactive {interactive_s:5.2f} s | browser {counts}",
                flush=True,
            )
            print(f"        {result.message}", flush=True)
    r = results[2000]
    print(
        f"RESULT change_write_s_2000={r['write_s']:.3f} change_html_mb_2000={r['html_mb']:.3f} "
        f"change_interactive_s_2000={r['interactive_s']:.3f}"
    )


if __name__ == "__main__":
    main()
