"""The actors table: one row per organisation, checked and typed."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tramas.exceptions import InputError
from tramas.graph.model import ACTOR_COLUMNS, FUNCTIONS, KINDS, OWNERSHIPS, SIZES, UPGRADING_COLUMNS
from tramas.ingest.columns import ACTOR_SYNONYMS, alike_columns, rename_columns, warn_alike_columns
from tramas.ingest.readers import normalize_header, read_table, wrong_table_error
from tramas.ingest.report import IngestReport, Words, add_table_notices
from tramas.ingest.study import ActorsSource
from tramas.locale.numbers import parse_number

__all__ = [
    "FUNCTION_VALUES",
    "KIND_VALUES",
    "OWNERSHIP_VALUES",
    "SIZE_VALUES",
    "parse_bool",
    "parse_functions",
    "parse_upgrading",
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
#: accepted spellings (normalised) of each function a firm performs
FUNCTION_VALUES: dict[str, str] = {
    **{f: f for f in FUNCTIONS},
    "diseno": "design",
    "comercializacion": "marketing",
    "mercadeo": "marketing",
    "marca_propia": "own_brand",
    "marca": "own_brand",
    "brand": "own_brand",
    "r_d": "r_and_d",
    "i_d": "r_and_d",
    "i_mas_d": "r_and_d",
    "investigacion_y_desarrollo": "r_and_d",
    "research_and_development": "r_and_d",
    "produccion": "production",
    "fabricacion": "production",
    "manufacturing": "production",
    "logistica": "logistics",
    "distribucion": "logistics",
    "ventas": "sales",
    "venta": "sales",
}
#: upgrading columns of the actors table (read here, moved to ``Network.upgrading``)
UPGRADING_SCORES: tuple[str, ...] = UPGRADING_COLUMNS[2:-1]
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


def parse_upgrading(text: str) -> float | None:
    """An upgrading answer as a number: yes -> 1.0, no -> 0.0, an ordinal score >= 0 as
    written; ``None`` for anything else (a negative score, a word).

    Examples
    --------
    >>> parse_upgrading("sí"), parse_upgrading("no"), parse_upgrading("3"), parse_upgrading("-1")
    (1.0, 0.0, 3.0, None)
    """
    x = parse_number(text)
    if x is not None:
        return float(x) if np.isfinite(x) and x >= 0 else None
    norm = normalize_header(text)
    if norm in _TRUE - {"interno", "internal"}:
        return 1.0
    if norm in _FALSE - {"externo", "external"}:
        return 0.0
    return None


def parse_functions(text: str) -> str:
    """The functions a firm performs, as ``;``-separated normalised keys (see
    :data:`FUNCTION_VALUES`; any other label is kept normalised), each once, in the
    order written. Items are separated by ``;``, ``,``, ``/`` or ``|``.

    Examples
    --------
    >>> parse_functions("Diseño; marca propia, producción; diseño; exportación")
    'design;own_brand;production;exportacion'
    """
    out: list[str] = []
    for item in re.split(r"[;,/|]", str(text)):
        norm = normalize_header(item)
        if not norm:
            continue
        key = FUNCTION_VALUES.get(norm, norm)
        if key not in out:
            out.append(key)
    return ";".join(out)


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
    that actor are still checked. Upgrading columns (``upgrading_process``... and
    ``functions``) are typed here (:func:`parse_upgrading`, :func:`parse_functions`);
    :func:`tramas.ingest.upgrading.upgrading_from_actors` moves them to the network's
    upgrading table.
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
        report.invalid_value(value, col, words, file=name, row=row, column=originals.get(col, col))

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
    for col in UPGRADING_SCORES:
        if col not in frame.columns:
            continue
        scores = []
        for v, r in zip(frame[col], rows, strict=True):
            x = parse_upgrading(v) if v != "" else np.nan
            if x is None:
                bad(col, v, r, "upgrading")
                x = np.nan
            scores.append(x)
        out[col] = np.asarray(scores, dtype=float)
    if "functions" in frame.columns:
        out["functions"] = frame["functions"].map(parse_functions)
    upgrading = [c for c in (*UPGRADING_SCORES, "functions") if c in out.columns]
    extras = [c for c in frame.columns if c not in ACTOR_COLUMNS and c not in upgrading]
    for col in extras:
        out[col] = frame[col].replace("", None)
    extras = upgrading + extras
    ordered = [c for c in ACTOR_COLUMNS if c in out.columns] + extras
    return out[ordered]
