"""The upgrading firms report: from the actors table (any wave) and from a firm-by-wave
table the study file declares (``[upgrading] file``), into one table per actor and wave
(:attr:`tramas.graph.Network.upgrading`).

Upgrading is what Humphrey & Schmitz (2002) call process, product, functional and
intersectoral (inter-chain) upgrading; each is answered yes/no (1.0/0.0) or as an ordinal
score >= 0. ``functions`` lists what the firm does (design, marketing, own brand...).

References
----------
Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tramas.exceptions import InputError
from tramas.graph.model import UPGRADING_COLUMNS
from tramas.graph.network import empty_upgrading
from tramas.ingest.actors import UPGRADING_SCORES, parse_functions, parse_upgrading
from tramas.ingest.columns import UPGRADING_SYNONYMS, rename_columns
from tramas.ingest.readers import read_table, wrong_table_error
from tramas.ingest.report import IngestReport, Words, add_table_notices
from tramas.ingest.study import UpgradingSource

__all__ = ["combine_upgrading", "read_upgrading", "upgrading_from_actors"]


def upgrading_from_actors(actors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Move the upgrading columns of the actors table (typed by
    :func:`~tramas.ingest.actors.read_actors`) to an upgrading table of wave ``""`` (any
    wave): one row per actor that answered any of them.

    Returns the actors without those columns and the upgrading table.

    Examples
    --------
    >>> a = pd.DataFrame({"name": ["A", "B"], "upgrading_process": [1.0, np.nan]},
    ...                  index=pd.Index(["a", "b"], name="id"))
    >>> rest, up = upgrading_from_actors(a)
    >>> list(rest.columns), up[["id", "wave", "upgrading_process"]].values.tolist()
    (['name'], [['a', '', 1.0]])
    """
    cols = [c for c in (*UPGRADING_SCORES, "functions") if c in actors.columns]
    if not cols:
        return actors, empty_upgrading()
    part = actors[cols]
    answered = part.notna() & part.astype(object).ne("")
    part = part[answered.any(axis=1)]
    out = empty_upgrading()
    frame = pd.DataFrame(
        {
            "id": part.index.astype(str),
            "wave": "",
            **{c: part[c].to_numpy() for c in cols},
        }
    )
    out = pd.concat([out, frame], ignore_index=True) if len(frame) else out
    return actors.drop(columns=cols), _typed(out)


def read_upgrading(
    src: UpgradingSource,
    report: IngestReport,
    *,
    actor_ids: pd.Index,
    waves: tuple[str, ...],
) -> pd.DataFrame:
    """Read the firm-by-wave upgrading table; problems go to ``report``.

    Columns: ``id`` (an actor of the actors table), ``wave`` (a wave of the study; a
    file without a wave column, or an empty cell, is any wave ``""``), the upgrading
    columns and ``functions`` (with the actors table's Spanish synonyms). Every row is
    loaded or rejected: an empty or unknown actor id, a wave the study does not have and
    a second row of the same actor and wave reject the row (errors); an invalid value
    is an error that leaves its cell missing and the row loaded.

    Raises
    ------
    InputError
        The file cannot be read, or has no ``id`` column.
    """
    raw, info = read_table(src.file, sheet=src.sheet)
    name = info.label
    frame, originals = rename_columns(raw, UPGRADING_SYNONYMS, src.columns)
    if "id" not in frame.columns:
        raise wrong_table_error(info, "id") or InputError(
            "missing required column 'id' in the upgrading table",
            file=name,
            row=1,
            column="id",
            hint="name the identifier column `id` (or map it under [upgrading.columns] "
            "in the study file)",
            code="upgrading_missing_id",
            values={"column": "id"},
        )
    add_table_notices(report, info)
    counts = report.counts_for(name, "upgrading")
    counts.rows = counts.records = len(frame)
    frame = frame.map(lambda v: str(v).strip())
    rows = np.asarray(info.rows, dtype=int)
    ids = frame["id"]
    wave = frame["wave"] if "wave" in frame.columns else pd.Series("", index=frame.index)
    known = set(actor_ids)
    id_col = originals.get("id", "id")
    wave_col = originals.get("wave", "wave")
    keep = np.ones(len(frame), dtype=bool)
    first: dict[tuple[str, str], int] = {}
    study_waves = ", ".join(waves)
    for i, (a, w, r) in enumerate(zip(ids, wave, rows, strict=True)):
        if a == "":
            report.add(
                "error",
                "empty_id",
                "empty actor id: row rejected",
                file=name,
                row=int(r),
                column=id_col,
                values={"column": id_col},
            )
        elif a not in known:
            report.add(
                "error",
                "upgrading_unknown_actor",
                file=name,
                row=int(r),
                column=id_col,
                values={"id": a},
            )
        elif w and waves and w not in waves:
            report.add(
                "error",
                "upgrading_unknown_wave",
                file=name,
                row=int(r),
                column=wave_col,
                values={"wave": w, "waves": study_waves},
            )
        elif (a, w) in first:
            report.add(
                "error",
                "upgrading_duplicate",
                file=name,
                row=int(r),
                column=id_col,
                values={"id": a, "wave": w, "first_row": str(first[(a, w)])},
            )
        else:
            first[(a, w)] = int(r)
            continue
        keep[i] = False
    counts.rejected = int((~keep).sum())
    counts.loaded = int(keep.sum())
    out = pd.DataFrame({"id": ids[keep].to_numpy(), "wave": wave[keep].to_numpy()})
    kept_rows = rows[keep]
    for col in UPGRADING_SCORES:
        if col not in frame.columns:
            out[col] = np.nan
            continue
        scores = []
        for v, r in zip(frame.loc[keep, col], kept_rows, strict=True):
            x = parse_upgrading(v) if v else np.nan
            if x is None:
                report.invalid_value(
                    v,
                    col,
                    Words("ingest.expected.upgrading"),
                    file=name,
                    row=r,
                    column=originals.get(col, col),
                )
                x = np.nan
            scores.append(x)
        out[col] = np.asarray(scores, dtype=float)
    functions = frame.loc[keep, "functions"] if "functions" in frame.columns else None
    out["functions"] = functions.map(parse_functions).to_numpy() if functions is not None else ""
    return _typed(out[list(UPGRADING_COLUMNS)])


def combine_upgrading(from_actors: pd.DataFrame, from_table: pd.DataFrame) -> pd.DataFrame:
    """The upgrading of the actors table and of the firm-by-wave table together; a row
    of the table replaces the actors table's row of the same actor and wave.

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["f"], "wave": [""], "upgrading_process": [0.0]})
    >>> b = pd.DataFrame({"id": ["f", "f"], "wave": ["", "2025"], "upgrading_process": [1.0, 1.0]})
    >>> combine_upgrading(a, b)[["wave", "upgrading_process"]].values.tolist()
    [['', 1.0], ['2025', 1.0]]
    """
    if from_table.empty:
        return _typed(from_actors)
    if from_actors.empty:
        return _typed(from_table)
    given = set(zip(from_table["id"], from_table["wave"], strict=True))
    mask = [
        (a, w) not in given for a, w in zip(from_actors["id"], from_actors["wave"], strict=True)
    ]
    both = pd.concat([from_actors[mask], from_table], ignore_index=True)
    return _typed(both)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`~tramas.graph.model.UPGRADING_COLUMNS`, typed: ids and waves
    text, scores float, functions text (``""`` when none)."""
    out = empty_upgrading() if frame.empty else frame.copy()
    for col in UPGRADING_COLUMNS:
        if col not in out.columns:
            out[col] = np.nan if col in UPGRADING_SCORES else ""
    out = out[list(UPGRADING_COLUMNS)].reset_index(drop=True)
    for col in ("id", "wave", "functions"):
        out[col] = out[col].map(lambda v: "" if v is None or pd.isna(v) else str(v)).astype(object)
    for col in UPGRADING_SCORES:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out
