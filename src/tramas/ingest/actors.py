"""The actors table: one row per organisation, checked and typed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tramas.exceptions import InputError
from tramas.graph.model import ACTOR_COLUMNS, KINDS, OWNERSHIPS, SIZES
from tramas.ingest.columns import ACTOR_SYNONYMS, alike_columns, rename_columns, warn_alike_columns
from tramas.ingest.readers import normalize_header, read_table, wrong_table_error
from tramas.ingest.report import IngestReport, Words, add_table_notices
from tramas.ingest.study import ActorsSource
from tramas.locale.numbers import parse_number

__all__ = [
    "KIND_VALUES",
    "OWNERSHIP_VALUES",
    "SIZE_VALUES",
    "parse_bool",
    "read_actors",
    "size_from_employees",
]

#: accepted spellings (normalised) of each kind
KIND_VALUES: dict[str, str] = {
    **{k: k for k in KINDS},
    "empresa": "firm",
    "firma": "firm",
    "company": "firm",
    "pyme": "firm",
    "sme": "firm",
    "gobierno": "government",
    "gov": "government",
    "agencia": "government",
    "agency": "government",
    "public": "government",
    "publico": "government",
    "investigacion": "research",
    "universidad": "research",
    "university": "research",
    "centro_tecnologico": "research",
    "technology_centre": "research",
    "i_d": "research",
    "financiera": "finance",
    "financiero": "finance",
    "banco": "finance",
    "bank": "finance",
    "financial": "finance",
    "asociacion": "association",
    "camara": "association",
    "chamber": "association",
    "collaboration": "association",
    "gremio": "association",
    "cluster_organisation": "association",
    "otro": "other",
    "otra": "other",
}
SIZE_VALUES: dict[str, str] = {
    **{s: s for s in SIZES},
    "micro_empresa": "micro",
    "microempresa": "micro",
    "micro_firm": "micro",
    "pequena": "small",
    "pequeno": "small",
    "chica": "small",
    "mediana": "medium",
    "mediano": "medium",
    "grande": "large",
    "big": "large",
}
OWNERSHIP_VALUES: dict[str, str] = {
    **{o: o for o in OWNERSHIPS},
    "nacional": "national",
    "domestic": "national",
    "extranjera": "foreign",
    "extranjero": "foreign",
    "multinacional": "foreign",
    "multinational": "foreign",
    "foreign_owned": "foreign",
}
_TRUE = {"true", "t", "yes", "y", "si", "s", "1", "interno", "internal", "x", "verdadero"}
_FALSE = {"false", "f", "no", "n", "0", "externo", "external", "falso"}


def parse_bool(text: str) -> bool | None:
    """``'sí'``/``'yes'``/``'1'``/``'interno'`` -> True; ``'no'``/``'0'``/``'externo'`` -> False."""
    norm = normalize_header(text)
    if norm in _TRUE:
        return True
    if norm in _FALSE:
        return False
    return None


def size_from_employees(employees: float, thresholds: dict[str, float]) -> str:
    """Size class from employees: below ``micro`` -> micro, below ``small`` -> small, ..."""
    for cls in ("micro", "small", "medium"):
        if employees < thresholds[cls]:
            return cls
    return "large"


def read_actors(
    src: ActorsSource, report: IngestReport, *, sizes: dict[str, float]
) -> pd.DataFrame:
    """Read, check and type the actors table; problems go to ``report``.

    Rows with an empty or duplicate id are rejected (errors). Invalid values in known
    columns are errors that leave the row loaded with the value missing, so the ties of
    that actor are still checked.
    """
    raw, info = read_table(src.file, sheet=src.sheet)
    name = info.label
    frame, originals = rename_columns(raw, ACTOR_SYNONYMS, src.columns)
    warn_alike_columns(report, name, alike_columns(raw.columns, ACTOR_SYNONYMS, src.columns))
    if "id" not in frame.columns:
        raise wrong_table_error(info, "id") or InputError(
            "missing required column 'id'",
            file=name,
            row=1,
            column="id",
            hint="name the identifier column `id` (or map it in the study file's [actors.columns])",
            code="missing_id_column",
            values={"column": "id"},
        )
    add_table_notices(report, info)
    counts = report.counts_for(name, "actors")
    counts.rows = counts.records = len(frame)
    frame = frame.map(lambda v: str(v).strip())
    rows = np.asarray(info.rows, dtype=int)
    ids = frame["id"]
    empty = ids == ""
    dup = ids.duplicated() & ~empty
    id_col = originals.get("id", "id")
    for r in rows[empty.to_numpy()]:
        report.add(
            "error",
            "empty_id",
            "empty actor id: row rejected",
            file=name,
            row=int(r),
            column=id_col,
            values={"column": id_col},
        )
    first_row = {
        v: int(r) for v, r in zip(ids[~dup & ~empty], rows[(~dup & ~empty).to_numpy()], strict=True)
    }
    for v, r in zip(ids[dup], rows[dup.to_numpy()], strict=True):
        report.add(
            "error",
            "duplicate_actor",
            f"duplicate actor id {v!r} (first at row {first_row.get(v)}): row rejected",
            file=name,
            row=int(r),
            column=id_col,
            values={"id": v, "first_row": str(first_row.get(v))},
        )
    keep = ~(empty | dup)
    counts.rejected = int((~keep).sum())
    counts.loaded = int(keep.sum())
    frame = frame[keep.to_numpy()]
    rows = rows[keep.to_numpy()]
    frame = frame.set_index("id")
    frame.index.name = "id"

    def bad(col: str, value: str, row: int, expected: str, allowed: str = "") -> None:
        words = Words(f"ingest.expected.{expected}", {"allowed": allowed} if allowed else {})
        report.add(
            "error",
            "invalid_value",
            f"{value!r} is not a valid {col} ({words})",
            file=name,
            row=int(row),
            column=originals.get(col, col),
            values={"value": value, "field": col, "expected": words},
        )

    out = pd.DataFrame(index=frame.index)
    for col in ACTOR_COLUMNS:
        if col not in frame.columns:
            continue
        values = frame[col]
        if col in ("kind", "size", "ownership"):
            table = {"kind": KIND_VALUES, "size": SIZE_VALUES, "ownership": OWNERSHIP_VALUES}[col]
            allowed = {"kind": KINDS, "size": SIZES, "ownership": OWNERSHIPS}[col]
            parsed = []
            for v, r in zip(values, rows, strict=True):
                if v == "":
                    parsed.append(None)
                    continue
                mapped = table.get(normalize_header(v))
                if mapped is None:
                    bad(col, v, r, "one_of", ", ".join(allowed))
                parsed.append(mapped)
            out[col] = pd.Series(parsed, index=frame.index, dtype=object)
        elif col in ("internal", "respondent"):
            parsed_b = []
            for v, r in zip(values, rows, strict=True):
                if v == "":
                    parsed_b.append(None)
                    continue
                b = parse_bool(v)
                if b is None:
                    bad(col, v, r, "yes_no")
                parsed_b.append(b)
            out[col] = pd.Series(parsed_b, index=frame.index, dtype=object)
        elif col in ("employees", "lat", "lon"):
            nums = []
            for v, r in zip(values, rows, strict=True):
                if v == "":
                    nums.append(np.nan)
                    continue
                x = parse_number(v)
                if x is None or (col == "employees" and x < 0):
                    bad(col, v, r, "number" if col != "employees" else "non_negative")
                    x = np.nan
                elif col == "lat" and not -90 <= x <= 90 or col == "lon" and not -180 <= x <= 180:
                    bad(col, v, r, "degrees")
                    x = np.nan
                nums.append(x)
            out[col] = np.asarray(nums, dtype=float)
        else:
            out[col] = values.replace("", None)
    # defaults and derived columns
    if "name" not in out.columns:
        out["name"] = out.index.to_series()
    out["name"] = out["name"].fillna(out.index.to_series())
    if "kind" not in out.columns:
        out["kind"] = "firm"
    out["kind"] = out["kind"].fillna("firm")
    if "internal" not in out.columns:
        out["internal"] = True
    out["internal"] = (
        out["internal"].map(lambda v: True if v is None or pd.isna(v) else bool(v)).astype(bool)
    )
    if "employees" in out.columns:
        derived = out["employees"].map(
            lambda e: size_from_employees(e, sizes) if pd.notna(e) else None
        )
        out["size"] = out["size"].fillna(derived) if "size" in out.columns else derived
    extras = [c for c in frame.columns if c not in ACTOR_COLUMNS]
    for col in extras:
        out[col] = frame[col].replace("", None)
    ordered = [c for c in ACTOR_COLUMNS if c in out.columns] + extras
    return out[ordered]
