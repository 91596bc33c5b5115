"""The actors table of the sample cluster: firms, institutions and external actors.

Firms follow :data:`tramas.sample.cluster.LAYOUT` (sub-cluster, type, value-chain stage,
planted role, size class); their ids are shuffled so they reveal nothing. Institutions
and external actors come from :data:`~tramas.sample.cluster.INSTITUTIONS` and
:data:`~tramas.sample.cluster.EXTERNALS`. The table follows ``docs/data-format.md``: some
firms have ``employees`` but no ``size`` (ingest derives it), about 85% of internal firms
are respondents, external actors never are and have no coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tramas.sample import cluster as C

__all__ = ["ACTOR_COLUMNS", "Cast", "build_actors"]

#: Columns of ``actors.csv``: the known actor columns plus ``founded`` and ``certification``.
ACTOR_COLUMNS: tuple[str, ...] = (
    "id", "name", "aliases", "kind", "internal", "employees", "size", "ownership", "sector",
    "stage", "region", "municipality", "lat", "lon", "respondent", "founded", "certification",
)  # fmt: skip


@dataclass(frozen=True)
class Cast:
    """The actors and what the generator planted about each of them.

    Attributes
    ----------
    actors:
        Actors table indexed by id, columns :data:`ACTOR_COLUMNS` (``internal`` and
        ``respondent`` boolean).
    role:
        Actor id -> planted role: a firm role of :data:`tramas.sample.cluster.LAYOUT`,
        ``institution``, or the external actor's ``buyer`` / ``advisor`` / ``supplier``.
    community:
        Firm id -> planted sub-cluster (``None`` for isolated micro-firms).
    key:
        Actor id -> firm type, or the institution's / external actor's key in
        :mod:`tramas.sample.cluster`.
    """

    actors: pd.DataFrame
    role: dict[str, str]
    community: dict[str, int | None]
    key: dict[str, str]


def build_actors(rng: np.random.Generator) -> Cast:
    """Draw the sample's actors (names, sizes, places, respondents) from ``rng``."""
    words = list(rng.permutation(C.DISTINCT_WORDS))
    firms = [
        (comm, ftype, stage, role, str(rng.choice(sizes.split())))
        for comm, ftype, stage, role, count, sizes in C.LAYOUT
        for _ in range(count)
    ]
    rows: list[dict[str, Any]] = []
    role, community, key = {}, {}, {}
    for n, idx in enumerate(rng.permutation(len(firms)), start=1):
        comm, ftype, stage, frole, size = firms[idx]
        fid, word, templates = f"F{n:03d}", words.pop(), C.FIRM_TEMPLATES[ftype]
        row = {"id": fid, "name": templates[rng.integers(len(templates))].format(w=word)}
        muni = C.COMMUNITY_LABELS[comm][1] if comm is not None else None
        muni = muni or str(rng.choice(list(C.MUNICIPALITIES)[:3]))
        if comm == 3 and rng.random() < 0.3:
            muni = "San Carlos"
        if frole == "new":
            founded = 2024
        else:
            founded = int(rng.integers(*((1890, 1990) if "lead" in frole else (1950, 2021))))
        has_alias = rng.random() < 0.35 or frole.startswith("lead")
        alias = str(rng.choice([word, f"Familia {word}", f"{word} Wines"])) if has_alias else ""
        lo, hi = C.EMPLOYEES[size]
        foreign = ftype.startswith("lead_foreign") or (frole == "star" and comm == 0)
        owner = "foreign" if foreign else ("national" if ftype == "lead_national" else "local")
        row.update(aliases=alias, kind="firm", internal=True)
        row.update(employees=int(rng.integers(lo, hi + 1)), size=size, ownership=owner)
        row.update(sector=C.SECTOR.get(ftype, "vino"), stage=stage, founded=founded)
        certified = stage == "elaboración" and rng.random() < 0.4
        row["certification"] = str(rng.choice(C.CERTIFICATIONS)) if certified else ""
        rows.append(_place(rng, row, muni, spread=0.09))
        role[fid], community[fid], key[fid] = frole, comm, ftype
    for n, (ikey, (name, aliases, kind, muni, employees, answered)) in enumerate(
        C.INSTITUTIONS.items(), start=1
    ):
        row = dict(id=f"I{n:03d}", name=name, aliases=aliases, kind=kind, internal=True,
                   employees=employees, size="", ownership="", sector="apoyo institucional",
                   stage="", founded=None, certification="")  # fmt: skip
        rows.append(_place(rng, row, muni, spread=0.01, respondent=answered))
        key[row["id"]], role[row["id"]] = ikey, "institution"
    for n, (xkey, ext) in enumerate(C.EXTERNALS.items(), start=1):
        name, aliases, kind, owner, sector, country, city, xrole = ext
        rows.append(dict(
            id=f"X{n:03d}", name=name, aliases=aliases, kind=kind, internal=False,
            employees=None, size="", ownership=owner, sector=sector,
            stage=C.EXTERNAL_STAGE[xrole], region=country, municipality=city, lat=None,
            lon=None, respondent=False, founded=None, certification="",
        ))  # fmt: skip
        key[rows[-1]["id"]], role[rows[-1]["id"]] = xkey, xrole
    actors = pd.DataFrame(rows, columns=list(ACTOR_COLUMNS)).set_index("id")
    # size left empty for some firms with employees: ingest derives it
    internal_firms = actors.index[(actors["kind"] == "firm") & actors["internal"]]
    actors.loc[rng.choice(internal_firms, size=12, replace=False), "size"] = ""
    # ~85% of internal firms respond; non-respondents are ordinary firms others name
    ordinary = [
        a
        for a in internal_firms
        if role[a] == "ordinary"
        and actors.at[a, "stage"] in ("elaboración", "insumos", "servicios")
    ]
    silent = rng.choice(ordinary, size=round(0.15 * len(internal_firms)), replace=False)
    actors.loc[silent, "respondent"] = False
    return Cast(actors, role, community, key)


def _place(
    rng: np.random.Generator, row: dict[str, Any], muni: str, spread: float, respondent=True
) -> dict[str, Any]:
    """Locate an actor near the centre of its municipality."""
    region, lat, lon = C.MUNICIPALITIES[muni]
    lat = round(lat + rng.uniform(-spread, spread), 5)
    lon = round(lon + rng.uniform(-spread, spread), 5)
    return {**row, "region": region, "municipality": muni, "lat": lat, "lon": lon,
            "respondent": respondent}  # fmt: skip
