"""What the export tests share: the expected ties, a hostile network and a DL reader."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from tramas.graph import Network, Relation, StudyInfo

#: Names no format may break: quotes, markup, ampersands, line breaks, other scripts.
HOSTILE_NAMES = [
    'Bodega "La Ñandú" <S.A.> & Cía',
    "Línea uno\nlínea dos\r\ntres\tcuatro",
    "葡萄酒株式会社",
    "مزرعة العنب",
    "=cmd|' /C calc'!A0",
    "Ο Αμπελώνας 'Δ'",
]
HOSTILE_IDS = ["h<1>", 'h"2', "h&3", "h 4", "h5", "h6"]


def hostile_network() -> Network:
    """Six actors with hostile names and ids, three relations (one without direction),
    two waves, parallel ties of different relations between the same pair."""
    actors = pd.DataFrame(
        {
            "name": HOSTILE_NAMES,
            "kind": ["firm", "firm", "research", "government", "firm", "association"],
            "internal": [True, True, True, False, True, True],
            "employees": [12.0, 3.0, float("nan"), 40.0, 7.0, 2.0],
            "note": ["<b>&amp;</b>", 'say "hi"', "", "ok", "línea\nnueva", "x"],
        },
        index=pd.Index(HOSTILE_IDS, name="id"),
    )
    rows = [
        ("h<1>", 'h"2', "knowledge", "w1", 2.0),
        ("h<1>", 'h"2', "trade", "w1", 3.0),
        ("h<1>", 'h"2', "cooperation", "w1", 1.0),
        ('h"2', "h&3", "knowledge", "w2", 1.0),
        ("h&3", "h 4", "trade", "w2", 4.5),
        ("h 4", "h5", "cooperation", "w2", 2.0),
        ("h5", "h<1>", "knowledge", "w1", 1.0),
        ("h5", "h<1>", "knowledge", "w2", 1.0),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave", "weight"])
    ties["reported_by"] = ties["source"]
    ties["comment"] = ['"quoted"', "<x>", "&", "a\nb", "漢字", "", "ok", "ok"]
    relations = {
        "knowledge": Relation("knowledge"),
        "cooperation": Relation("cooperation", directed=False),
        "trade": Relation("trade"),
    }
    return Network(
        actors=actors,
        ties=ties,
        relations=relations,
        study=StudyInfo(key="hostile", title='Hostile <&> "study"', waves=("w1", "w2")),
    )


def tie_multiset(ties: pd.DataFrame) -> Counter:
    """(source, target, relation, wave, weight) of each tie row."""
    return Counter(
        (str(s), str(t), str(r), str(w), float(x))
        for s, t, r, w, x in zip(
            ties["source"],
            ties["target"],
            ties["relation"],
            ties["wave"],
            ties["weight"],
            strict=True,
        )
    )


def expected_ties(network: Network, wave: str = "all") -> Counter:
    ties = network.select_ties(None, wave)
    return Counter(
        (str(s), str(t), str(r), str(w), float(x))
        for s, t, r, w, x in zip(
            ties["source"],
            ties["target"],
            ties["relation"],
            ties["wave"],
            pd.to_numeric(ties["weight"]).fillna(1.0),
            strict=True,
        )
    )


def view_edges(network: Network, relation: str, wave: str) -> Counter:
    """(source, target, weight) of a relation's view (the blocks of Pajek and DL); a
    relation without direction as both arcs."""
    spec = network.relations[relation]
    view = network.view(relation, wave=wave, directed=spec.directed)
    ids = view.ids
    out: Counter = Counter()
    for e in view.graph.es:
        s, t = ids[e.source], ids[e.target]
        out[(s, t, float(e["weight"]))] += 1
        if not spec.directed and s != t:
            out[(t, s, float(e["weight"]))] += 1
    return out


def one_line(text: str) -> str:
    """A name as the line-based formats write it (breaks and tabs as spaces, " as ')."""
    return re.sub(r"[\r\n\t]+", " ", text).replace('"', "'")


# ---------------------------------------------------------------- a small DL reader
def read_dl(path: Path) -> tuple[list[str], list[str], list[Counter]]:
    """Labels, matrix labels and per matrix the (row, column, value) cells that are not
    zero, of a DL file in ``fullmatrix`` or ``edgelist1`` format."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].lower()
    n = int(re.search(r"\bn=(\d+)", header).group(1))
    nm = int(re.search(r"\bnm=(\d+)", header).group(1))
    layout = re.search(r"format=(\w+)", header).group(1)
    at = {line.strip().lower(): k for k, line in enumerate(lines) if line.strip().endswith(":")}

    def labels(key: str) -> list[str]:
        return next(csv.reader([lines[at[key] + 1]]))

    names = [str(x) for x in labels("labels:")]
    matrices = [str(x) for x in labels("matrix labels:")]
    data = lines[at["data:"] + 1 :]
    found: list[Counter] = []
    if layout == "fullmatrix":
        for m in range(nm):
            cells: Counter = Counter()
            for i, row in enumerate(data[m * n : (m + 1) * n]):
                for j, value in enumerate(row.split()):
                    if float(value):
                        cells[(names[i], names[j], float(value))] += 1
            found.append(cells)
    else:
        cells = Counter()
        for row in data:
            if row.strip() == "!":
                found.append(cells)
                cells = Counter()
                continue
            i, j, value = row.split()
            cells[(names[int(i) - 1], names[int(j) - 1], float(value))] += 1
        found.append(cells)
    assert len(found) == nm and len(names) == n
    return names, matrices, found
