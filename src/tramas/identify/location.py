"""Location quotients: where is a sector more concentrated than in the country as a whole?

Before a survey, analysts look for candidate clusters in employment (or establishment, or
output) statistics by region and sector. The location quotient compares a sector's share
of a region's employment with its share of national employment; thresholds on the
quotient, on absolute size and on the region's share of the sector keep small, noisy
cells out of the candidate list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tramas.exceptions import InputError, TramasError
from tramas.ingest.readers import normalize_header, parse_amount, read_table
from tramas.output import write_csv

__all__ = ["LocationQuotients", "Notice", "location_quotients", "read_region_sector_table"]


class Notice(str):
    """A warning in English (it is a ``str``) that also carries its catalogue ``key`` and
    ``values``, so that the CLI can word it in the command's language."""

    key: str
    values: dict[str, Any]

    def __new__(cls, text: str, key: str, **values: Any) -> Notice:
        self = super().__new__(cls, text)
        self.key = key
        self.values = values
        return self


Duplicates = Literal["error", "sum"]

#: Output columns, in order.
LQ_COLUMNS: tuple[str, ...] = (
    "region",
    "sector",
    "value",
    "lq",
    "share",
    "focus",
    "candidate",
    "rank",
)


@dataclass(frozen=True)
class LocationQuotients:
    """Location quotients of every region–sector cell, with the candidate flag and rank.

    Attributes
    ----------
    table:
        One row per region × sector with ``region``, ``sector``, ``value`` (E_rs), ``lq``,
        ``share`` (E_rs / E_s: the region's share of the sector's national total),
        ``focus`` (E_rs / E_r: the sector's share of the region's total), ``candidate``
        (bool) and ``rank`` (1 = strongest candidate; empty for non-candidates).
        Candidates come first, by rank; then the rest by decreasing quotient.
    min_lq, min_value, min_share:
        Thresholds a cell must reach (all of them) to be a candidate.
    value_label:
        What the values measure (the value column's name: employment, establishments ...).
    total:
        E, the national total.
    warnings:
        Things the analyst should know (duplicates summed, regions with a zero total).
    """

    table: pd.DataFrame = field(compare=False)
    min_lq: float
    min_value: float
    min_share: float
    value_label: str = "value"
    total: float = 0.0
    warnings: tuple[str, ...] = ()

    @property
    def candidates(self) -> pd.DataFrame:
        """The candidate cells, strongest first."""
        return self.table[self.table["candidate"]].reset_index(drop=True)

    def parameters(self) -> dict[str, Any]:
        """The thresholds, for reports."""
        return {
            "min_lq": self.min_lq,
            "min_value": self.min_value,
            "min_share": self.min_share,
            "value": self.value_label,
        }

    def write(self, path: str | Path, *, safe: bool = True) -> Path:
        """Write the table as CSV (UTF-8, formula-guarded unless ``safe=False``, see
        :mod:`tramas.output`) and return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        out = self.table.copy()
        out["rank"] = out["rank"].astype("Int64")
        return write_csv(out, path, safe=safe)


def location_quotients(
    table: pd.DataFrame | str | Path,
    *,
    region: str = "region",
    sector: str = "sector",
    value: str = "value",
    min_lq: float = 1.25,
    min_value: float = 0.0,
    min_share: float = 0.0,
    duplicates: Duplicates = "error",
    sheet: str | int | None = None,
) -> LocationQuotients:
    """Location quotients of a region × sector table and the ranked candidate cells.

    Parameters
    ----------
    table:
        A long table with one row per region and sector (a DataFrame, or a CSV/XLSX path
        read with :func:`tramas.ingest.readers.read_table`). Missing combinations count
        as zero.
    region, sector, value:
        Column names (matched case- and accent-insensitively).
    min_lq:
        Smallest quotient for a candidate (default 1.25; the European Cluster
        Observatory's specialisation star uses 2).
    min_value:
        Smallest absolute value (e.g. 500 employees): quotients of tiny cells are noise.
    min_share:
        Smallest share of the sector's national total held by the region (0–1).
    duplicates:
        ``error`` (default): two rows for the same region and sector are an input error.
        ``sum``: add them up (e.g. sub-sectors mapped to one sector) and record a warning.
    sheet:
        Excel sheet when ``table`` is a path to a workbook.

    Returns
    -------
    LocationQuotients

    Notes
    -----
    With E_rs the value of sector s in region r, E_r = sum_s E_rs, E_s = sum_r E_rs and
    E = sum_rs E_rs,

    .. math:: LQ_{rs} = \\frac{E_{rs} / E_r}{E_s / E}

    LQ > 1 means the sector weighs more in the region than in the country. A cell is a
    candidate when ``LQ >= min_lq``, ``E_rs >= min_value`` and ``E_rs / E_s >= min_share``;
    candidates are ranked by decreasing LQ, ties broken by larger ``E_rs``. The national
    totals are the sums of the table, so the table should cover every region (and must
    not contain total rows).

    References
    ----------
    Isserman, A. M. (1977). The location quotient approach to estimating regional economic
    impacts. *Journal of the American Institute of Planners* 43(1), 33–41.
    Crawley, A., Beynon, M. & Munday, M. (2013). Making location quotients more relevant
    as a policy aid in regional spatial analysis. *Urban Studies* 50(9), 1854–1869.
    Ketels, C. & Sölvell, Ö. (2006). *Clusters in the EU-10 new member countries*. Europe
    INNOVA / European Cluster Observatory.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["N", "N", "S", "S"], "sector": ["wine", "metal"] * 2,
    ...                   "value": [300, 100, 100, 500]})
    >>> lq = location_quotients(t, min_lq=1.25)
    >>> lq.candidates[["region", "sector", "lq"]].round(3).values.tolist()
    [['N', 'wine', 1.875], ['S', 'metal', 1.389]]
    """
    if duplicates not in ("error", "sum"):
        raise TramasError(
            f"unknown duplicates rule {duplicates!r}",
            hint="use 'error' or 'sum'",
            code="lq_duplicates_rule",
            values={"rule": duplicates},
        )
    for name, threshold in (("min_lq", min_lq), ("min_value", min_value), ("min_share", min_share)):
        if not np.isfinite(threshold) or threshold < 0:
            raise TramasError(
                f"{name} must be a number >= 0, got {threshold!r}",
                code="lq_threshold",
                values={"name": name, "value": repr(threshold)},
            )
    if min_share > 1:
        raise TramasError(
            f"min_share is a share between 0 and 1, got {min_share!r}",
            code="lq_min_share",
            values={"value": repr(min_share)},
        )
    long, warnings = read_region_sector_table(
        table, region=region, sector=sector, value=value, duplicates=duplicates, sheet=sheet
    )
    grid = long.pivot_table(
        index="region", columns="sector", values="value", aggfunc="sum", fill_value=0.0, sort=True
    )
    e_r = grid.sum(axis=1)
    e_s = grid.sum(axis=0)
    total = float(grid.to_numpy().sum())
    if total <= 0:
        raise InputError(
            "every value is zero: location quotients are undefined",
            file=_name(table),
            column=value,
            code="lq_all_zero",
        )
    zero_regions = list(e_r.index[e_r == 0])
    if zero_regions:
        names = ", ".join(map(str, zero_regions[:5]))
        warnings.append(
            Notice(
                f"{len(zero_regions)} region(s) with a zero total have no quotient: " + names,
                "identify.zero_regions",
                n=len(zero_regions),
                names=names,
            )
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = grid.div(e_r, axis=0).div(e_s / total, axis=1)
        share = grid.div(e_s, axis=1)
        focus = grid.div(e_r, axis=0)
    out = pd.DataFrame(
        {
            "value": grid.stack(),
            "lq": lq.stack(),
            "share": share.stack(),
            "focus": focus.stack(),
        }
    ).reset_index()
    out.columns = ["region", "sector", "value", "lq", "share", "focus"]
    out = out.replace([np.inf, -np.inf], np.nan)
    out["candidate"] = (
        ((out["lq"] >= min_lq) & (out["value"] >= min_value) & (out["share"] >= min_share))
        .fillna(False)
        .astype(bool)
    )
    out = out.sort_values(
        ["candidate", "lq", "value", "region", "sector"],
        ascending=[False, False, False, True, True],
        na_position="last",
        kind="mergesort",
    ).reset_index(drop=True)
    ranks = np.where(out["candidate"], np.arange(1, len(out) + 1), np.nan)
    out["rank"] = pd.array(ranks, dtype="Float64").astype("Int64")
    return LocationQuotients(
        table=out[list(LQ_COLUMNS)],
        min_lq=float(min_lq),
        min_value=float(min_value),
        min_share=float(min_share),
        value_label=value,
        total=total,
        warnings=tuple(warnings),
    )


def read_region_sector_table(
    table: pd.DataFrame | str | Path,
    *,
    region: str = "region",
    sector: str = "sector",
    value: str = "value",
    duplicates: Duplicates = "error",
    sheet: str | int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Read and validate a long region × sector table.

    Returns a frame with columns ``region``, ``sector`` (text) and ``value`` (float), one
    row per region and sector, and a list of warnings. Every problem raises
    :class:`~tramas.exceptions.InputError` naming the file, the spreadsheet row (header =
    row 1) and the column.
    """
    name = _name(table)
    if isinstance(table, pd.DataFrame):
        frame = table.copy()
        frame.columns = [str(c).strip() for c in frame.columns]
        rows = np.arange(2, len(frame) + 2)
    else:
        frame, info = read_table(table, sheet=sheet)
        rows = np.asarray([info.row(i) for i in range(len(frame))])  # blank lines counted
    cols = {}
    for role, wanted in (("region", region), ("sector", sector), ("value", value)):
        cols[role] = _find_column(frame, wanted, role, name)
    if len(set(cols.values())) < 3:
        raise InputError(
            "the region, sector and value columns must be three different columns",
            file=name,
            hint="check --region, --sector and --value",
            code="lq_same_columns",
        )
    out = pd.DataFrame(
        {
            "region": frame[cols["region"]].map(_text).to_numpy(),
            "sector": frame[cols["sector"]].map(_text).to_numpy(),
        }
    )
    out["row"] = rows
    values = []
    for i, cell in enumerate(frame[cols["value"]].tolist()):
        values.append(_number(cell, name, int(rows[i]), cols["value"]))
    out["value"] = np.asarray(values, dtype=float)
    for role in ("region", "sector"):
        empty = out.index[out[role] == ""]
        if len(empty):
            raise InputError(
                f"empty {role}" + (f" (and {len(empty) - 1} more rows)" if len(empty) > 1 else ""),
                file=name,
                row=int(out.loc[empty[0], "row"]),
                column=cols[role],
                code="lq_empty" if len(empty) == 1 else "lq_empty_more",
                values={"role": role, "more": len(empty) - 1},
            )
    warnings: list[str] = []
    dup = out.duplicated(["region", "sector"], keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        rows = out.loc[
            (out["region"] == first["region"]) & (out["sector"] == first["sector"]), "row"
        ].tolist()
        n_pairs = out[dup].drop_duplicates(["region", "sector"]).shape[0]
        if duplicates == "error":
            raise InputError(
                f"region {first['region']!r} and sector {first['sector']!r} appear in rows "
                f"{', '.join(map(str, rows))}"
                + (f" ({n_pairs - 1} more duplicated pairs)" if n_pairs > 1 else ""),
                file=name,
                row=int(rows[1]),
                column=cols["sector"],
                hint="remove total or repeated rows, or pass --sum-duplicates to add them up",
                code="lq_duplicate_pair" if n_pairs == 1 else "lq_duplicate_pairs",
                values={
                    "region": first["region"],
                    "sector": first["sector"],
                    "rows": ", ".join(map(str, rows)),
                    "more": n_pairs - 1,
                },
            )
        warnings.append(
            Notice(
                f"{n_pairs} region-sector pair(s) appear in several rows and were summed "
                f"(first: {first['region']} / {first['sector']}, rows {', '.join(map(str, rows))})",
                "identify.summed_pairs",
                n=n_pairs,
                region=str(first["region"]),
                sector=str(first["sector"]),
                rows=", ".join(map(str, rows)),
            )
        )
        out = out.groupby(["region", "sector"], as_index=False, sort=False).agg(
            value=("value", "sum"), row=("row", "first")
        )
    return out[["region", "sector", "value"]], warnings


# ----------------------------------------------------------------------- helpers
def _name(table: Any) -> str:
    return "table" if isinstance(table, pd.DataFrame) else str(table)


def _find_column(frame: pd.DataFrame, wanted: str, role: str, name: str) -> str:
    if wanted in frame.columns:
        return wanted
    by_norm = {normalize_header(c): c for c in frame.columns}
    found = by_norm.get(normalize_header(wanted))
    if found is None:
        raise InputError(
            f"no {role} column {wanted!r} (columns: {', '.join(map(str, frame.columns))})",
            file=name,
            row=1,
            column=wanted,
            hint=f"name the {role} column with --{role}",
            code="lq_no_column",
            values={"role": role, "column": wanted, "columns": ", ".join(map(str, frame.columns))},
        )
    return found


def _text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    return str(cell).strip()


def _number(cell: Any, name: str, row: int, column: str) -> float:
    return parse_amount(
        cell,
        file=name,
        row=row,
        column=column,
        empty=None,
        negative_hint="employment, establishments and output cannot be negative",
    )
