"""Output files every layer writes: safe CSV and XLSX, JSON-safe values, flat figures.

This module sits at the bottom of the layering (it imports only numpy and pandas), so
``metrics``, ``report``, ``identify``, ``neo4j`` and the CLI all write their tables the
same way. Each decision lives here once:

Formula guard (:func:`is_formula`)
    A text cell starting with ``=``, ``+``, ``@``, a tab or a carriage return, or with
    ``-`` when the text is not a plain number, is read by Excel, LibreOffice and Google
    Sheets as a formula (``=cmd|' /C calc'!A0`` runs a program; OWASP "CSV injection").
    :func:`csv_safe` gives such a cell a leading ``'``; in XLSX the cell is stored as
    text with Excel's own quote prefix (:func:`write_xlsx`), so it shows unchanged and
    is never evaluated. Numbers, and text such as ``-12.5``, are left as they are.
    ``safe=False`` turns the CSV guard off for machine consumers (``--raw-csv``).
JSON-safe values (:func:`json_safe`)
    numpy scalars become Python numbers, NaN, infinity and missing values ``None``.
Flattening (:func:`flatten_figures`, :func:`figure_rows`)
    Nested figures become ``a.b.c`` keys, or rows of a two-column table.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "csv_safe",
    "csv_unguard",
    "csv_text",
    "figure_rows",
    "flatten_figures",
    "is_formula",
    "json_safe",
    "safe_frame",
    "write_csv",
    "write_json",
    "write_xlsx",
]

_TRIGGERS = ("=", "+", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def is_formula(text: object) -> bool:
    """Whether a spreadsheet would read this text cell as a formula.

    Parameters
    ----------
    text:
        A cell value; only strings can be formulas.

    Returns
    -------
    bool
        ``True`` for text starting with ``=``, ``+``, ``@``, a tab or a carriage return,
        or with ``-`` unless the text is a plain number (``-12.5``, ``-3,2``, ``-1e3``).

    Examples
    --------
    >>> [is_formula(v) for v in ["=1+1", "+SUM(1)", "@SUM(1)", "-2+3", "-12.5", "Acme", 5]]
    [True, True, True, True, False, False, False]
    """
    if not isinstance(text, str) or not text:
        return False
    if text.startswith(_TRIGGERS):
        return True
    return text.startswith("-") and not _PLAIN_NUMBER.match(text)


def csv_safe(value: Any) -> Any:
    """A cell value for CSV: text a spreadsheet would run as a formula gets a leading ``'``.

    Examples
    --------
    >>> csv_safe("=cmd|' /C calc'!A0"), csv_safe("-12.5"), csv_safe(-2.0)
    ("'=cmd|' /C calc'!A0", '-12.5', -2.0)
    """
    return "'" + value if is_formula(value) else value


def csv_unguard(value: str) -> str:
    """The text behind a cell that :func:`csv_safe` guarded: the leading ``'`` dropped when
    what follows is a formula, so files tramas wrote read back exactly (``db pull`` then
    ``validate``; a filled review file). Other text, ``'quoted'`` names included, is kept.

    Examples
    --------
    >>> csv_unguard("'=cmd|' /C calc'!A0"), csv_unguard("'Acme'"), csv_unguard("'-12.5")
    ("=cmd|' /C calc'!A0", "'Acme'", "'-12.5")
    """
    return value[1:] if value.startswith("'") and is_formula(value[1:]) else value


def safe_frame(frame: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`csv_safe` applied to its text cells, column labels
    and (with ``index=True``) index labels; numeric columns are not touched.

    Examples
    --------
    >>> f = pd.DataFrame({"name": ["@SUM(1)", "Acme"], "x": [-2, 3]})
    >>> safe_frame(f)["name"].tolist(), safe_frame(f)["x"].tolist()
    (["'@SUM(1)", 'Acme'], [-2, 3])
    """
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        text = values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
        if text and values.map(is_formula).any():
            out[col] = values.map(csv_safe).astype(values.dtype)
    out.columns = [csv_safe(c) for c in out.columns]
    if index:
        out.index = out.index.map(csv_safe)
    return out


def write_csv(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    index: bool = False,
    safe: bool = True,
    arrow: bool = False,
) -> Path:
    """Write ``frame`` as UTF-8 CSV, formula-guarded unless ``safe=False``.

    Parameters
    ----------
    frame:
        The table.
    path:
        File to write.
    index:
        Write the index as the first column.
    safe:
        Apply :func:`csv_safe` to every text cell and label (default). ``False`` writes
        the values exactly, for programs that read the file.
    arrow:
        Write with pyarrow's CSV writer (text quoted; several times faster for the
        millions of rows of scale mode).

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    table = safe_frame(frame, index=index) if safe else frame
    if arrow:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        pacsv.write_csv(pa.Table.from_pandas(table, preserve_index=index), path)
    else:
        table.to_csv(path, index=index, encoding="utf-8", lineterminator=_line_end(table))
    return path


def _line_end(frame: pd.DataFrame) -> str:
    """``\n``, or ``\r\n`` when a text cell or label holds a carriage return: Python's
    CSV writer quotes only the characters of the line end, and a bare ``\r`` left
    unquoted splits the row in every reader (RFC 4180 ends lines with ``\r\n``)."""

    def has_cr(values: Any) -> bool:
        return any(isinstance(v, str) and "\r" in v for v in values)

    if has_cr(frame.columns) or has_cr(frame.index):
        return "\r\n"
    for col in frame.columns:
        values = frame[col]
        text = values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
        if text and values.astype(str).str.contains("\r", regex=False).any():
            return "\r\n"
    return "\n"


def csv_text(frame: pd.DataFrame, *, safe: bool = True) -> str:
    """``frame`` as CSV text (no index, ``\\n`` line ends, ``\\r\\n`` when a cell holds a
    carriage return), formula-guarded unless ``safe=False``.

    Examples
    --------
    >>> print(csv_text(pd.DataFrame({"name": ["+SUM(1)"], "n": [-12.5]})), end="")
    name,n
    '+SUM(1),-12.5
    """
    table = safe_frame(frame) if safe else frame
    return table.to_csv(index=False, lineterminator=_line_end(table))


def json_safe(value: Any) -> Any:
    """A value made JSON-safe: numpy scalars to Python, NaN, infinity and missing values
    to ``None``, tuples to lists, keys to text; other objects to their text.

    Examples
    --------
    >>> json_safe({"a": np.int64(2), "b": [np.float64("nan"), 1.5], 3: (np.bool_(True),)})
    {'a': 2, 'b': [None, 1.5], '3': [True]}
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return None if (math.isnan(f) or math.isinf(f)) else f
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def write_json(value: Any, path: str | Path) -> Path:
    """Write :func:`json_safe` of ``value`` as indented UTF-8 JSON (non-ASCII kept)."""
    path = Path(path)
    path.write_text(
        json.dumps(json_safe(value), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def flatten_figures(
    figures: dict[str, Any], *, skip: Iterable[str] = (), numbers_only: bool = False
) -> dict[str, Any]:
    """Nested figures as one level, keys joined by dots.

    Parameters
    ----------
    figures:
        The nested figures.
    skip:
        Keys (at any depth) left out with everything below them.
    numbers_only:
        Keep only numbers and ``None`` (for comparisons); otherwise lists are joined
        by ``", "`` and every other value kept.

    Examples
    --------
    >>> flatten_figures({"a": 1, "b": {"c": 2.5, "d": "x"}, "e": [1, 2]})
    {'a': 1, 'b.c': 2.5, 'b.d': 'x', 'e': '1, 2'}
    >>> flatten_figures({"a": 1, "b": {"c": 2.5, "d": "x"}, "p": {"q": 1}},
    ...                 skip={"p"}, numbers_only=True)
    {'a': 1, 'b.c': 2.5}
    """
    skipped = frozenset(skip)
    flat: dict[str, Any] = {}

    def walk(obj: Any, key: str) -> None:
        for k, v in obj.items():
            if k in skipped:
                continue
            name = f"{key}.{k}" if key else str(k)
            if isinstance(v, dict):
                walk(v, name)
            elif numbers_only:
                if v is None or (
                    isinstance(v, int | float | np.number) and not isinstance(v, bool)
                ):
                    flat[name] = v
            elif isinstance(v, list | tuple):
                flat[name] = ", ".join(map(str, v))
            else:
                flat[name] = v

    walk(figures, "")
    return flat


def figure_rows(figures: dict[str, Any]) -> pd.DataFrame:
    """:func:`flatten_figures` as a table with columns ``figure`` and ``value``.

    Examples
    --------
    >>> figure_rows({"mode": "full", "components": {"weak": 2}}).values.tolist()
    [['mode', 'full'], ['components.weak', 2]]
    """
    return pd.DataFrame(list(flatten_figures(figures).items()), columns=["figure", "value"])


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def write_xlsx(
    path: str | Path, sheets: dict[str, pd.DataFrame] | Iterable[tuple[str, pd.DataFrame]]
) -> Path:
    """Write one sheet per table with openpyxl (write-only mode).

    Text is always stored as text, so nothing becomes a formula; text :func:`is_formula`
    would flag gets Excel's quote prefix as well (shown unchanged, a leading ``'`` in
    the formula bar), so that copying it elsewhere does not run it either. Control
    characters Excel cannot store are dropped; missing values are empty cells; numbers
    stay numbers. Sheet names are cut to Excel's 31 characters and made unique.

    Parameters
    ----------
    path:
        The ``.xlsx`` file.
    sheets:
        Sheet name → table, or (name, table) pairs (tables are written without their
        index; reset it first to keep it).

    Returns
    -------
    Path
        ``path``.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path = Path(path)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    pairs = sheets.items() if isinstance(sheets, dict) else sheets
    for title, frame in pairs:
        name = title[:31]
        while name in used:
            name = name[:28] + f"_{len(used)}"
        used.add(name)
        ws = wb.create_sheet(title=name)

        def cell(value: Any, ws: Any = ws) -> Any:
            if value is None:
                return None
            if isinstance(value, str):
                c = WriteOnlyCell(ws, value=_printable(value))
                c.data_type = "s"  # text stays text: "=..." is not a formula
                if is_formula(value):
                    c.quotePrefix = True
                return c
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                return None
            if isinstance(value, bool | int | float):
                return value
            try:
                if pd.isna(value):
                    return None
            except (TypeError, ValueError):
                pass
            return cell(str(value))

        ws.append([cell(str(c)) for c in frame.columns])
        columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
        for i in range(len(frame)):
            ws.append([cell(col[i]) for col in columns])
    wb.save(path)
    return path
