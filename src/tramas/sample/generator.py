"""Seeded generator of the bundled sample: a fictional wine-cluster survey in two waves.

The sample imitates what a cluster analyst collects in a Valle de Uco-like wine cluster
(Mendoza): about 120 organisations -- bodegas, cooperatives, growers, nurseries,
cooperages, label printers, transport firms, a research station, a university, a
technology centre, a chamber, banks, a provincial agency -- and the external actors they
deal with (importers, foreign suppliers, a national agency, a foreign consultant). Three
relations are surveyed in 2023 and 2025: technical advice received (``knowledge``),
cooperation (``cooperation``, horizontal or vertical) and sales (``trade``).

The structure is planted so analyses can be checked against it (``ground_truth.json``):
four sub-clusters with dense ties inside and few between, lead firms, technological
gatekeepers, external stars, sources, absorbers, mutual exchangers (Giuliani & Bell 2005)
and isolated micro-firms; between waves a cluster initiative adds horizontal cooperation,
some ties dissolve, one cooperation bridge joins two sub-clusters and two firms enter.
Sales carry their destination market and governance evidence, and firms report the
upgrading they achieved (``upgrading.csv``), consistent with a planted governance and
cluster type (``planted_value_chains.json``, :mod:`tramas.sample.value_chains`).

Regenerate the bundled copy with ``python -m tramas.sample --out src/tramas/sample/data``.

References
----------
Giuliani, E. & Bell, M. (2005). The micro-determinants of meso-level learning and
innovation: evidence from a Chilean wine cluster. *Research Policy* 34(1), 47-68.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tramas.sample import cluster as C
from tramas.sample.survey import RELATIONS, WAVES, build_survey
from tramas.sample.value_chains import BOOLEAN_COLUMNS

__all__ = [
    "DEFAULT_SEED",
    "FILES",
    "SampleData",
    "generate_sample",
    "main",
    "roster_tables",
    "sample_dir",
    "write_sample",
]

DEFAULT_SEED = 7
# fmt: off
#: The files of a sample folder, in the order :func:`write_sample` returns them.
FILES = ("actors.csv", "ties.csv", "study.toml", "study-roster.toml", "roster_2023.xlsx",
         "roster_2025.xlsx", "study-recall.toml", "recall.csv", "ground_truth.json",
         "upgrading.csv", "planted_value_chains.json", "valle_de_uco.geojson")
# fmt: on


@dataclass(frozen=True)
class SampleData:
    """The generated sample, in memory.

    Attributes
    ----------
    seed:
        Seed of :func:`numpy.random.default_rng` that made it.
    actors:
        Actors table indexed by id (columns as in ``actors.csv``; ``internal`` and
        ``respondent`` boolean).
    ties:
        Reported ties of every relation and wave, as in ``ties.csv`` (source = respondent,
        target = the organisation named).
    recall:
        The same ties as free-recall answers in wide form (``recall.csv``): messy names
        plus the names in ``ground_truth["unresolved_recall_names"]``.
    ground_truth:
        The planted structure (``ground_truth.json``).
    upgrading:
        Upgrading and functions reported per firm and wave (``upgrading.csv``).
    value_chains:
        The planted markets, governance, main chains, cluster type and stage
        (``planted_value_chains.json``).
    """

    seed: int
    actors: pd.DataFrame
    ties: pd.DataFrame
    recall: pd.DataFrame
    ground_truth: dict[str, Any]
    upgrading: pd.DataFrame
    value_chains: dict[str, Any]


def sample_dir() -> Path:
    """Folder of the bundled sample (``study.toml``, ``actors.csv``, ties in three shapes)."""
    return Path(__file__).resolve().parent / "data"


def generate_sample(seed: int = DEFAULT_SEED) -> SampleData:
    """Generate the sample wine-cluster survey.

    Parameters
    ----------
    seed:
        Seed for :func:`numpy.random.default_rng`; the bundled copy uses 7.

    Returns
    -------
    SampleData
        Actors, reported ties, free-recall answers and ground truth. The same seed always
        gives identical tables.

    Examples
    --------
    >>> s = generate_sample(7)
    >>> sorted(s.ties["relation"].unique())
    ['cooperation', 'knowledge', 'trade']
    """
    return SampleData(int(seed), *build_survey(int(seed)))


def write_sample(out_dir: str | Path, seed: int | None = None) -> list[Path]:
    """Write the sample files into ``out_dir`` (created if needed).

    Parameters
    ----------
    out_dir:
        Destination folder.
    seed:
        ``None`` copies the bundled files; a number regenerates them with that seed.

    Returns
    -------
    list of Path
        The files written, in the order of :data:`FILES`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if seed is None:
        return [Path(shutil.copyfile(sample_dir() / name, out / name)) for name in FILES]
    s = generate_sample(seed)
    actors = s.actors.reset_index()
    for col in ("internal", "respondent"):
        actors[col] = actors[col].map({True: "true", False: "false"})
    actors.to_csv(out / "actors.csv", index=False, lineterminator="\n")
    ties = s.ties.copy()
    for col in BOOLEAN_COLUMNS:
        ties[col] = ties[col].map({True: "true", False: "false"}).fillna("")
    ties.to_csv(out / "ties.csv", index=False, lineterminator="\n")
    s.upgrading.to_csv(out / "upgrading.csv", index=False, lineterminator="\n")
    s.recall.to_csv(out / "recall.csv", index=False, lineterminator="\n")
    for wave in WAVES:
        with pd.ExcelWriter(out / f"roster_{wave}.xlsx", engine="openpyxl") as xl:
            for rel, frame in roster_tables(s, wave).items():
                frame.to_excel(xl, sheet_name=rel, index_label="id")
    for name, text in _study_files().items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "valle_de_uco.geojson").write_text(
        json.dumps(basemap(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for name, truth in (
        ("ground_truth.json", s.ground_truth),
        ("planted_value_chains.json", s.value_chains),
    ):
        (out / name).write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return [out / name for name in FILES]


def roster_tables(sample: SampleData, wave: str) -> dict[str, pd.DataFrame]:
    """Roster matrices of one wave: respondents x actors present in that wave, cell = weight."""
    present = sample.actors.index[sample.actors["founded"].fillna(0) <= int(wave)]
    rows = [a for a in present if sample.actors.at[a, "respondent"]]
    out = {}
    for rel in RELATIONS:
        part = sample.ties[(sample.ties["wave"] == wave) & (sample.ties["relation"] == rel)]
        mat = part.pivot(index="source", columns="target", values="weight")
        mat = mat.reindex(index=rows, columns=list(present)).astype("Int64")
        mat.index.name = "id"
        mat.columns.name = None
        out[rel] = mat
    return out


#: Fictitious limits of the sample's municipalities: (name, south, north, west, east) in
#: degrees; the borders between them zigzag so that the drawing looks like a map.
_LIMITS = (
    ("Tupungato", -33.4735, -33.20, -69.42, -68.86),
    ("Tunuyán", -33.6755, -33.4735, -69.40, -68.84),
    ("San Carlos", -33.90, -33.6755, -69.38, -68.88),
    ("Gran Mendoza", -32.98, -32.80, -68.95, -68.74),
)


def _border(lat: float, west: float, east: float, forward: bool) -> list[list[float]]:
    """A west-east border at ``lat`` with a fixed zigzag (the same for both neighbours)."""
    steps = 6
    points = [
        [round(west + (east - west) * k / steps, 4), round(lat + (0.008 if k % 2 else -0.006), 4)]
        for k in range(1, steps)
    ]
    return points if forward else points[::-1]


def basemap() -> dict[str, Any]:
    """The fictitious GeoJSON basemap of the sample (``valle_de_uco.geojson``).

    One polygon per municipality of :data:`tramas.sample.cluster.MUNICIPALITIES`, in
    longitude/latitude degrees (RFC 7946). The limits are invented: they only frame the
    sample's fictitious actors.

    Examples
    --------
    >>> [f["properties"]["name"] for f in basemap()["features"]]
    ['Tupungato', 'Tunuyán', 'San Carlos', 'Gran Mendoza']
    """
    shared = {-33.4735, -33.6755}
    features = []
    for name, south, north, west, east in _LIMITS:
        ring = [[west, south]]
        ring += _border(south, west, east, True) if south in shared else []
        ring += [[east, south], [east, north]]
        ring += _border(north, west, east, False) if north in shared else []
        ring += [[west, north], [west, south]]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "nota": "límite ficticio"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _study_files() -> dict[str, str]:
    """The three study files: one per tie shape, same study and relations."""
    rosters = "".join(
        f'\n[[ties]]\nshape = "roster"\nfile = "roster_{w}.xlsx"\nsheet = "{r}"\n'
        f'relation = "{r}"\nwave = "{w}"\nrespondent_column = "id"\n'
        for w in WAVES
        for r in RELATIONS
    )
    recall = (
        '\n[[ties]]\nshape = "recall"\nfile = "recall.csv"\nformat = "wide"\n'
        'respondent_column = "respondent"\nthreshold = 90\n'
        "\n# Names no rule could resolve: `tramas validate --study study-recall.toml --review\n"
        "# nombres.csv` writes them; fill its `decision` column (an actor id, `new` or `none`),\n"
        "# then uncomment these two lines so that every command applies the decisions.\n"
        '# [recall]\n# reviewed = "nombres.csv"\n'
    )
    edges = '\n[[ties]]\nshape = "edgelist"\nfile = "ties.csv"\n'
    head = C.STUDY_TOML + C.VALUE_CHAIN_TOML
    return {
        "study.toml": head + edges,
        "study-roster.toml": head + rosters,
        "study-recall.toml": head + recall,
    }


def main(argv: list[str] | None = None) -> None:
    """Command line of ``python -m tramas.sample``: write the sample files into ``--out``."""
    parser = argparse.ArgumentParser(
        prog="python -m tramas.sample", description="Write the sample wine-cluster survey."
    )
    parser.add_argument("--out", required=True, help="destination folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 7)")
    args = parser.parse_args(argv)
    for path in write_sample(args.out, seed=args.seed):
        print(path)
