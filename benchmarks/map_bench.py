"""Benchmark of interactive maps: write time, file size and time to interactive.

Synthetic clusters of 200, 2,000 and 20,000 actors with five ties per actor over three
relations (technical advice and trade directed, cooperation undirected), planted
sub-clusters, 5 % external actors and coordinates. The 20,000-actor network is drawn as a
community map (above the default threshold of 2,000 actors). Each map is opened in
headless Chromium (offline, 1400 x 1000 window) and timed until vis-network has drawn it;
then the boxes of the labels drawn at the initial view (``tramasMap.labelBoxes()``) are
checked pair by pair here, independently of the page's own collision grid.

Run: ``python benchmarks/map_bench.py`` (needs Debian's ``chromium`` and the ``playwright``
Python package). Targets for 2,000 actors / 10,000 ties: written in < 3 s, HTML < 5 MB,
interactive in < 2 s, no two labels overlapping. The last line is machine-readable:
``RESULT write_s_2000=<float> html_mb_2000=<float> interactive_s_2000=<float>
labels_overlap_2000=<float> labels_drawn_2000=<int>`` (``labels_overlap_2000``: the share
of the labels drawn at the initial view that overlap another drawn label).
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the browser helper lives with the tests

from browser import open_page  # noqa: E402
from tramas.graph import Network, Relation  # noqa: E402
from tramas.viz import write_map  # noqa: E402

SIZES = (200, 2000, 20000)
TIES_PER_ACTOR = 5
KINDS = np.array(["firm", "government", "research", "finance", "association", "other"])
KIND_P = np.array([0.85, 0.03, 0.04, 0.03, 0.03, 0.02])


def synthetic_network(n: int, seed: int = 1) -> Network:
    """A cluster of ``n`` actors with planted sub-clusters of about 50 actors."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"A{i:05d}" for i in range(n)])
    k = max(2, n // 50)
    group = rng.integers(0, k, size=n)
    external = rng.random(n) < 0.05
    lat = -33.5 + rng.normal(0, 0.3, size=n)
    lon = -69.0 + rng.normal(0, 0.3, size=n)
    actors = pd.DataFrame(
        {
            "name": [f"Organisation {i}" for i in range(n)],
            "kind": rng.choice(KINDS, size=n, p=KIND_P),
            "internal": ~external,
            "employees": rng.integers(1, 500, size=n),
            "size": rng.choice(["micro", "small", "medium", "large"], size=n),
            "municipality": rng.choice(["Tunuyán", "Tupungato", "San Carlos"], size=n),
            "region": "Valle de Uco",
            "lat": np.where(external, np.nan, lat),
            "lon": np.where(external, np.nan, lon),
            "respondent": True,
        },
        index=pd.Index(ids, name="id"),
    )
    m = n * TIES_PER_ACTOR
    src = rng.integers(0, n, size=m * 2)
    members = pd.Series(np.arange(n)).groupby(group).apply(np.array).to_dict()
    same = rng.random(m * 2) < 0.85
    tgt = np.where(
        same,
        [members[group[s]][rng.integers(0, len(members[group[s]]))] for s in src],
        rng.integers(0, n, size=m * 2),
    )
    rel = rng.choice(["knowledge", "cooperation", "trade"], size=m * 2)
    ties = pd.DataFrame(
        {
            "source": ids[src],
            "target": ids[tgt],
            "relation": rel,
            "weight": rng.integers(1, 4, size=m * 2).astype(float),
            "wave": "2025",
        }
    )
    ties = ties[ties["source"] != ties["target"]]
    ties = ties.drop_duplicates(["source", "target", "relation"]).head(m).reset_index(drop=True)
    relations = {
        "knowledge": Relation("knowledge", directed=True, label="Technical advice"),
        "cooperation": Relation("cooperation", directed=False, label="Cooperation"),
        "trade": Relation("trade", directed=True, label="Trade"),
    }
    return Network(actors, ties, relations=relations)


def overlapping_labels(boxes: list[dict]) -> int:
    """How many of the label boxes overlap at least one other (pairwise, by their areas).

    >>> overlapping_labels([{"x": 0, "y": 0, "w": 10, "h": 5}, {"x": 9, "y": 4, "w": 5, "h": 5},
    ...                     {"x": 10, "y": 0, "w": 5, "h": 4}])
    2
    """
    hit = set()
    for (i, p), (j, q) in itertools.combinations(enumerate(boxes), 2):
        if (
            p["x"] < q["x"] + q["w"]
            and q["x"] < p["x"] + p["w"]
            and p["y"] < q["y"] + q["h"]
            and q["y"] < p["y"] + p["h"]
        ):
            hit.update((i, j))
    return len(hit)


#: Milliseconds of one redraw of the whole map (ten redraws averaged), labels on or off.
_REDRAW_MS = """(labels) => {
  const T = window.tramasMap; T.setLabels(labels);
  const t0 = performance.now();
  for (let k = 0; k < 10; k++) { T.network.redraw(); }
  const ms = (performance.now() - t0) / 10; T.setLabels(true); return ms;
}"""


def time_to_interactive(path: Path) -> tuple[float, dict, list[dict], tuple[float, float]]:
    """Seconds from navigation until vis-network has drawn the map, the counts, the labels,
    and one redraw's milliseconds with the labels culled and drawn, and without labels."""
    with open_page(path, timeout_s=120, viewport=(1400, 1000)) as page:
        waited = page.wait_for("window.tramasReady === true", timeout_s=120)
        counts = page.evaluate("tramasMap.counts()")
        boxes = page.evaluate("tramasMap.labelBoxes()")
        redraw = (page.page.evaluate(_REDRAW_MS, True), page.page.evaluate(_REDRAW_MS, False))
        if page.console_errors or page.requests:
            raise RuntimeError(f"{path}: errors {page.console_errors} requests {page.requests}")
        return page.load_seconds + waited, counts, boxes, redraw


def pyvis_write_seconds(network: Network, out: Path) -> float:
    """The baseline: the same actors and ties written with pyvis' own API and page."""
    from pyvis.network import Network as PyvisNetwork

    start = time.perf_counter()
    net = PyvisNetwork(directed=True, cdn_resources="in_line")
    ids = [str(i) for i in network.actors.index]
    net.add_nodes(ids, label=[str(v) for v in network.actors["name"]])
    net.add_edges(
        list(
            zip(
                network.ties["source"].astype(str),
                network.ties["target"].astype(str),
                network.ties["weight"].astype(float),
                strict=True,
            )
        )
    )
    net.write_html(str(out))
    return time.perf_counter() - start


def main() -> None:
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            network = synthetic_network(n)
            out = Path(tmp) / f"map_{n}.html"
            start = time.perf_counter()
            result = write_map(network, out)
            write_s = time.perf_counter() - start
            mb = out.stat().st_size / 1e6
            interactive_s, counts, boxes, (redraw_ms, bare_ms) = time_to_interactive(out)
            overlap = overlapping_labels(boxes) / len(boxes) if boxes else 0.0
            results[n] = {
                "write_s": write_s,
                "html_mb": mb,
                "interactive_s": interactive_s,
                "labels": len(boxes),
                "overlap": overlap,
                "redraw_ms": redraw_ms,
            }
            print(
                f"{n:>6} actors {len(network.ties):>7} ties -> {result.mode:<9} map "
                f"{result.n_nodes:>5} nodes {result.n_edges:>6} edges | write {write_s:6.2f} s | "
                f"{mb:5.2f} MB | interactive {interactive_s:5.2f} s | "
                f"labels {len(boxes)} ({overlap:.1%} overlapping) | redraw {redraw_ms:.1f} ms "
                f"({bare_ms:.1f} ms without labels) | browser {counts}",
                flush=True,
            )
            if n == 2000:
                base = pyvis_write_seconds(network, Path(tmp) / "pyvis_2000.html")
                results[n]["pyvis_s"] = base
                print(
                    f"  baseline: pyvis writes the same 2,000 actors in {base:.2f} s; tramas "
                    f"takes {write_s / base:.1f}x that, and its page opens laid out (pyvis "
                    "leaves the layout to physics in the browser), with labels, legend, "
                    "filters and no request to a CDN",
                    flush=True,
                )
    r = results[2000]
    print(
        f"RESULT write_s_2000={r['write_s']:.3f} html_mb_2000={r['html_mb']:.3f} "
        f"interactive_s_2000={r['interactive_s']:.3f} labels_overlap_2000={r['overlap']:.4f} "
        f"labels_drawn_2000={r['labels']} redraw_ms_2000={r['redraw_ms']:.1f} "
        f"pyvis_write_s_2000={r['pyvis_s']:.3f}"
    )


if __name__ == "__main__":
    main()
