"""Reading survey exports: CSV in any common encoding and delimiter, Excel, SPSS and Stata.

Every table is read as text (``id`` ``012`` stays ``012``); numbers are parsed later by
:func:`tramas.locale.parse_number`, which accepts decimal commas from Spanish-locale exports.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError
from tramas.locale.numbers import parse_number

__all__ = ["TableInfo", "normalize_header", "parse_amount", "read_table"]

_DELIMITERS = ",;\t|"
# bytes that Windows-1252 leaves undefined: a file holding them is not cp1252 text
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@dataclass(frozen=True)
class TableInfo:
    """How a table was read: its file, encoding, delimiter and sheet."""

    file: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def read_table(
    path: str | Path, *, sheet: str | int | None = None, label: str | None = None
) -> tuple[pd.DataFrame, TableInfo]:
    """Read a CSV/TSV, XLSX, SAV or DTA file into a DataFrame of strings.

    Empty cells become ``""``; header names are stripped. Rows keep file order, so the
    spreadsheet row of ``df.iloc[i]`` is ``i + 2``.

    Raises
    ------
    InputError
        The file is missing, empty, in an undecidable encoding, or of an unknown type.
    """
    path = Path(path)
    name = label or str(path)
    if not path.exists():
        raise InputError(
            "file not found",
            file=name,
            hint="check the path (relative to the study file)",
            code="input_file_not_found",
            values={"file": name},
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        frame, info = _read_excel(path, name, sheet)
    elif suffix in (".sav", ".zsav", ".dta", ".por"):
        frame, info = _read_stats(path, name)
    elif suffix in (".csv", ".tsv", ".txt", ""):
        frame, info = _read_csv(path, name)
    else:
        raise InputError(
            f"unknown file type {suffix!r}",
            file=name,
            hint="use CSV, XLSX, SAV (SPSS) or DTA (Stata)",
            code="unknown_file_type",
            values={"suffix": suffix},
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.columns.has_duplicates:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise InputError(
            "duplicate column name",
            file=name,
            row=1,
            column=dup,
            code="duplicate_column",
            values={"column": dup},
        )
    if len(frame.columns) == 0 or len(frame) == 0:
        raise InputError(
            "the file is empty" if len(frame.columns) == 0 else "the file has a header but no rows",
            file=name,
            hint="export the sheet again with its header row and data",
            code="empty_file" if len(frame.columns) == 0 else "no_rows",
            values={"file": name},
        )
    return frame, info


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if not raw.strip():
        raise InputError("the file is empty", file=name, code="blank_file", values={"file": name})
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw:
        raise InputError(
            "unreadable encoding: the file holds NUL bytes (binary data or UTF-16 without a BOM)",
            file=name,
            hint="save it as CSV UTF-8 (or Excel .xlsx) and try again",
            code="nul_bytes",
            values={"file": name},
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if not (set(raw) & _CP1252_UNDEFINED):
        return raw.decode("cp1252"), "cp1252"
    line = raw[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"unreadable encoding: byte 0x{raw[utf8_error.start]:02x} at line {line} is neither "
        "UTF-8 nor Windows-1252/Latin-1 text",
        file=name,
        row=line,
        hint="save the file as CSV UTF-8",
        code="unreadable_encoding",
        values={"byte": f"0x{raw[utf8_error.start]:02x}", "line": str(line)},
    )


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, TableInfo]:
    text, encoding = _decode(path.read_bytes(), name)
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    if not lines:
        raise InputError("the file is empty", file=name, code="blank_file", values={"file": name})
    delimiter = _sniff_delimiter(lines, name)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            engine="python" if delimiter == "|" else "c",
        )
    except pd.errors.ParserError as exc:
        row = _parser_error_line(str(exc))
        raise InputError(
            f"cannot split the file into columns ({exc})",
            file=name,
            row=row,
            hint="check quoting and that every row has the same number of delimiters",
            code="cannot_split",
            values={"detail": str(exc)},
        ) from None
    return frame, TableInfo(file=name, encoding=encoding, delimiter=delimiter)


def _sniff_delimiter(lines: list[str], name: str) -> str:
    header = lines[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    candidates = [d for d, c in counts.items() if c > 0]
    if not candidates:
        return ","  # one column
    if len(candidates) == 1:
        return candidates[0]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    # choose the delimiter giving the same, largest column count on every sample line
    consistent = {
        d: counts[d] for d in candidates if all(ln.count(d) == counts[d] for ln in lines[1:])
    }
    if len(consistent) == 1:
        return next(iter(consistent))
    if consistent:
        best = sorted(consistent.items(), key=lambda kv: -kv[1])
        if best[0][1] > best[1][1]:
            return best[0][0]
    raise InputError(
        f"cannot decide the delimiter (candidates {', '.join(map(repr, candidates))})",
        file=name,
        row=1,
        hint="export with one delimiter (comma or semicolon) and quote text cells",
        code="delimiter",
        values={"candidates": ", ".join(map(repr, candidates))},
    )


def _parser_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _read_excel(path: Path, name: str, sheet: str | int | None) -> tuple[pd.DataFrame, TableInfo]:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(
            f"cannot open the workbook ({exc})",
            file=name,
            code="workbook",
            values={"detail": str(exc)},
        ) from None
    with book:
        if sheet is None:
            sheet = book.sheet_names[0]
        elif isinstance(sheet, str) and sheet not in book.sheet_names:
            raise InputError(
                f"no sheet named {sheet!r} (sheets: {', '.join(book.sheet_names)})",
                file=name,
                code="no_sheet",
                values={"sheet": sheet, "sheets": ", ".join(book.sheet_names)},
            )
        frame = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False)
    frame = frame.fillna("")
    return frame, TableInfo(file=name, sheet=str(sheet))


def _read_stats(path: Path, name: str) -> tuple[pd.DataFrame, TableInfo]:
    try:
        import pyreadstat
    except ImportError:
        raise InputError(
            "reading SPSS/Stata files needs the optional extra",
            file=name,
            hint='pip install "tramas[stats]"',
            code="stats_extra",
            values={"file": name},
        ) from None
    reader = {
        ".sav": pyreadstat.read_sav,
        ".zsav": pyreadstat.read_sav,
        ".por": pyreadstat.read_por,
        ".dta": pyreadstat.read_dta,
    }[path.suffix.lower()]
    try:
        frame, _meta = reader(str(path), apply_value_formats=True)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise InputError(
            f"cannot read the file ({exc})",
            file=name,
            code="cannot_read",
            values={"detail": str(exc)},
        ) from None
    frame = frame.map(_stats_cell)
    return frame, TableInfo(file=name, encoding="statistical file")


def _stats_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalize_header(name: str) -> str:
    """``'Razón Social '`` -> ``'razon_social'``: lower case, no accents, ``_`` for spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


_AMOUNT_HINT = "values must be numbers (decimal comma or point)"


def parse_amount(
    cell: object,
    *,
    file: str,
    row: int,
    column: str,
    empty: float | None = None,
    what: str = "value",
    hint: str = _AMOUNT_HINT,
    negative_hint: str | None = None,
) -> float:
    """A non-negative finite number from a table cell (number or text, decimal comma allowed).

    ``empty`` is the value of an empty cell (``""``, ``"-"`` or NaN); ``None`` makes an
    empty cell an error. Problems raise :class:`InputError` naming file, row and column.
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool) or hasattr(cell, "dtype"):
        value = float(cell)  # type: ignore[arg-type]
        is_empty = value != value
    else:
        text = "" if cell is None else str(cell).strip()
        is_empty = text in ("", "-")
        value = float("nan")
        if not is_empty:
            parsed = parse_number(text)
            if parsed is None:
                raise InputError(
                    f"{text!r} is not a number",
                    file=file,
                    row=row,
                    column=column,
                    hint=hint,
                    # the caller's own hint has no text in the catalogue: it stays as given
                    code="not_a_number" if hint == _AMOUNT_HINT else "not_a_number_hinted",
                    values={"value": text},
                )
            value = parsed
    if is_empty:
        if empty is None:
            raise InputError(
                "empty value",
                file=file,
                row=row,
                column=column,
                hint="write 0 for no activity; drop suppressed cells",
                code="empty_amount",
                values={"column": column},
            )
        return empty
    if value in (float("inf"), float("-inf")):
        raise InputError(
            f"{cell!r} is not a finite number",
            file=file,
            row=row,
            column=column,
            code="not_finite",
            values={"value": repr(cell)},
        )
    if value < 0:
        raise InputError(
            f"negative {what} {value:g}",
            file=file,
            row=row,
            column=column,
            hint=negative_hint,
            # a ``what`` of the catalogue is worded in every language; others stay English
            code={"value": "negative_value", "flow": "negative_flow"}.get(what),
            values={"value": value},
        )
    return value
