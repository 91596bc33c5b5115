"""Reading survey exports: CSV in any common encoding and delimiter, Excel, SPSS and Stata.

Every table is read as text (``id`` ``012`` stays ``012``); numbers are parsed later by
:func:`tramas.locale.parse_number`, which accepts decimal commas from Spanish-locale exports.

The rules every reader of survey tables applies (the scale-mode reader included) are
functions here:

- :func:`decode_text`: a file is UTF-8 unless proven otherwise; it is read as
  Windows-1252 only when it holds no UTF-8 sequence at all and decodes cleanly that way,
  and a file mixing both is refused naming the row and column of the first bad byte;
- :func:`clean_text` / :func:`clean_frame`: text in NFC with zero-width characters removed;
- :func:`duplicate_header` / :func:`check_header`: two header cells naming one column
  (``source`` twice, ``ID`` and ``Id``) are refused before anything renames them;
- :data:`MAX_WEIGHT` / :func:`weight_in_range`: the largest weight accepted;
- :func:`wrong_table_error`: a missing column that a wrong delimiter or sheet explains.
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
from tramas.output import csv_unguard

__all__ = [
    "MAX_WEIGHT",
    "ZERO_WIDTH",
    "TableInfo",
    "check_header",
    "clean_frame",
    "clean_text",
    "decode_text",
    "duplicate_header",
    "normalize_header",
    "parse_amount",
    "read_table",
    "weight_in_range",
    "wrong_table_error",
]

_DELIMITERS = ",;\t|"
# bytes that Windows-1252 leaves undefined: a file holding them is not cp1252 text
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
#: one valid multi-byte UTF-8 sequence: a file holding one is UTF-8 text, never cp1252
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: the largest weight (in absolute value) a tie may have: sums and products of weights
#: stay finite far beyond any network size (documented in docs/data-format.md)
MAX_WEIGHT = 1e15
#: zero-width characters removed from every cell and header (space, non-joiner, joiner,
#: word joiner, and the byte order mark inside text)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_SURROGATE_RE = re.compile("[\udc80-\udcff]")
_ENCODING_NAMES = {"cp1252": "Windows-1252"}


@dataclass(frozen=True)
class TableInfo:
    """How a table was read: its file, encoding, delimiter and sheet.

    ``rows`` is the spreadsheet row of each row of the frame (blank lines and multi-line
    cells counted, as a spreadsheet shows the file); ``header`` the header cells as read;
    ``sheets`` the sheets of a workbook; ``cleaned`` how many cells and header names
    :func:`clean_text` changed.
    """

    file: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    header: tuple[str, ...] = ()
    header_row: int = 1
    cleaned: int = 0

    @property
    def label(self) -> str:
        """The file as messages name it: with the sheet read when the workbook has several."""
        if self.sheet is not None and len(self.sheets) > 1:
            return f"{self.file} [{self.sheet}]"
        return self.file

    @property
    def legacy_encoding(self) -> str | None:
        """The name of the legacy encoding the file was read in (``None`` for Unicode)."""
        return _ENCODING_NAMES.get(self.encoding or "")

    def row(self, i: int) -> int:
        """The spreadsheet row of the frame's ``i``-th row."""
        return self.rows[i] if self.rows else i + 2


def read_table(
    path: str | Path, *, sheet: str | int | None = None, label: str | None = None
) -> tuple[pd.DataFrame, TableInfo]:
    """Read a CSV/TSV, XLSX, SAV or DTA file into a DataFrame of strings.

    Empty cells become ``""``; header names are stripped; text is in NFC without
    zero-width characters (:func:`clean_text`). Rows keep file order; the spreadsheet
    row of ``df.iloc[i]`` is ``info.row(i)`` (``i + 2`` when the file has no blank line).

    Raises
    ------
    InputError
        The file is missing, empty, in an undecidable encoding, of an unknown type, or
        has two header cells naming one column.
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
    if path.is_dir():
        raise InputError(
            "is a folder, not a table",
            file=name,
            hint="give the path of a file (CSV, XLSX, SAV or DTA) inside it",
            code="input_is_folder",
        )
    suffix = path.suffix.lower()
    if suffix in (
        ".xlsx",
        ".xlsm",
        ".xls",
        ".sav",
        ".zsav",
        ".dta",
        ".por",
        ".csv",
        ".tsv",
        ".txt",
        "",
    ):
        try:
            frame, info = _read_known(path, name, suffix, sheet)
        except OSError as exc:  # permissions, a file removed meanwhile, a device error
            raise InputError(
                f"cannot be read ({exc.strerror or exc})",
                file=name,
                hint="check that the file exists and that you may read it",
                code="input_unreadable",
                values={"reason": str(exc.strerror or exc)},
            ) from None
    else:
        raise InputError(
            f"unknown file type {suffix!r}",
            file=name,
            hint="use CSV, XLSX, SAV (SPSS) or DTA (Stata)",
            code="unknown_file_type",
            values={"suffix": suffix},
        )
    header = [clean_text(str(c)).strip() for c in frame.columns]
    check_header(header, info.label, row=info.header_row)
    cleaned = sum(clean_text(str(c)) != str(c) for c in frame.columns)
    frame.columns = header
    if len(frame.columns) == 0 or len(frame) == 0:
        raise InputError(
            "the file is empty" if len(frame.columns) == 0 else "the file has a header but no rows",
            file=info.label,
            hint="export the sheet again with its header row and data",
            code="empty_file" if len(frame.columns) == 0 else "no_rows",
            values={"file": info.label},
        )
    frame, changed = clean_frame(frame)
    info = TableInfo(
        file=info.file,
        encoding=info.encoding,
        delimiter=info.delimiter,
        sheet=info.sheet,
        sheets=info.sheets,
        rows=info.rows or tuple(range(2, len(frame) + 2)),
        header=info.header or tuple(header),
        header_row=info.header_row,
        cleaned=cleaned + changed,
    )
    return frame, info


def _read_known(
    path: Path, name: str, suffix: str, sheet: str | int | None
) -> tuple[pd.DataFrame, TableInfo]:
    """The reader of a known file type."""
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_excel(path, name, sheet)
    if suffix in (".sav", ".zsav", ".dta", ".por"):
        return _read_stats(path, name)
    return _read_csv(path, name)


# ---------------------------------------------------------------- rules shared by every reader
def clean_text(text: str) -> str:
    """``text`` in Unicode NFC without zero-width characters (:data:`ZERO_WIDTH`), so
    that ``'Ñandú'`` typed in NFD, or ``'F1'`` with a zero-width space pasted in, match the
    same id or name written plainly."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _ZERO_WIDTH_RE.sub("", text))


def clean_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Every text cell through :func:`clean_text`; returns the frame and how many cells
    changed."""
    changed = 0
    out = {}
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype != object or pd.api.types.infer_dtype(values, skipna=False) != "string":
            out[i] = values
            continue
        texts = values.tolist()
        joined = "\x00".join(texts)
        if joined.isascii() or (
            unicodedata.is_normalized("NFC", joined) and not _ZERO_WIDTH_RE.search(joined)
        ):
            out[i] = values
            continue
        cleaned = [clean_text(v) for v in texts]
        changed += sum(a != b for a, b in zip(cleaned, texts, strict=True))
        out[i] = pd.Series(cleaned, index=frame.index, dtype=object)
    result = pd.DataFrame(out, index=frame.index)
    result.columns = frame.columns
    return result, changed


def duplicate_header(names: list[str] | tuple[str, ...]) -> tuple[str, str] | None:
    """The first two header cells naming one column, or ``None``.

    Two names are one column when they are equal after stripping, or when
    :func:`normalize_header` makes them equal (``ID`` and ``Id``, ``source`` and
    ``Source``, ``Razón`` and ``razon``). Empty header cells are not compared.
    """
    seen: dict[str, str] = {}
    for raw in names:
        text = str(raw).strip()
        if not text:
            continue
        key = normalize_header(text) or text
        if key in seen:
            return seen[key], text
        seen[key] = text
    return None


def check_header(names: list[str] | tuple[str, ...], file: str, *, row: int = 1) -> None:
    """Refuse a header with two cells naming one column (see :func:`duplicate_header`)."""
    pair = duplicate_header(names)
    if pair is None:
        return
    first, second = pair
    raise InputError(
        f"two columns named alike: {first!r} and {second!r}",
        file=file,
        row=row,
        column=second,
        hint="rename one of the two columns, or delete the copy",
        code="duplicate_columns",
        values={"first": first, "second": second},
    )


def weight_in_range(value: float) -> bool:
    """True when ``value`` is a finite number within ±:data:`MAX_WEIGHT`."""
    return -MAX_WEIGHT <= value <= MAX_WEIGHT


def _delimiter_text(delimiter: str) -> str:
    return "'\\t'" if delimiter == "\t" else repr(delimiter)


def wrong_table_error(info: TableInfo, column: str) -> InputError | None:
    """The error for a required ``column`` not found when a wrong delimiter or sheet is
    the likely cause (``None`` otherwise): the header as read with the delimiter detected,
    or the sheet read among the workbook's sheets."""
    header = [h for h in info.header if h]
    if info.delimiter is not None and (
        len(header) <= 1 or any(d in h for h in header for d in _DELIMITERS)
    ):
        shown = info.delimiter.join(info.header)
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        delimiter = _delimiter_text(info.delimiter)
        return InputError(
            f"missing required column {column!r}: read with the delimiter {delimiter}, "
            f"the header is {shown!r} ({len(info.header)} column{'s' if len(info.header) != 1 else ''})",
            file=info.label,
            row=info.header_row,
            column=column,
            hint="save the file with one delimiter (comma or semicolon) and without quotes "
            "around whole lines",
            code="missing_column_delimiter",
            values={
                "column": column,
                "delimiter": delimiter,
                "header": repr(shown),
                "n": len(info.header),
            },
        )
    if len(info.sheets) > 1:
        return InputError(
            f"missing required column {column!r} in the sheet {info.sheet!r} "
            f"(sheets of the workbook: {', '.join(info.sheets)})",
            file=info.label,
            row=info.header_row,
            column=column,
            hint='name the sheet to read with `sheet = "..."` in the study file',
            code="missing_column_sheet",
            values={"column": column, "sheet": str(info.sheet), "sheets": ", ".join(info.sheets)},
        )
    return None


# ---------------------------------------------------------------- text encoding
def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a file and its encoding (``utf-8``, ``utf-8-sig``, ``utf-16`` or
    ``cp1252``).

    A file is UTF-8 unless proven otherwise: it is read as Windows-1252 only when it
    holds no valid multi-byte UTF-8 sequence at all and every byte is Windows-1252 text.
    A UTF-8 file with bytes of another encoding is refused, naming the row and column of
    the first bad byte and how many rows hold one (decoding it either way garbles text).
    """
    if not raw.strip():
        raise InputError("the file is empty", file=name, code="blank_file", values={"file": name})
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(
                "the file starts with a UTF-16 mark but is not UTF-16 text",
                file=name,
                hint="save the file as CSV UTF-8",
                code="invalid_utf16",
                values={"file": name},
            ) from None
    if b"\x00" in raw:
        raise InputError(
            "unreadable encoding: the file holds NUL bytes (binary data or UTF-16 without a BOM)",
            file=name,
            hint="save it as CSV UTF-8 (or Excel .xlsx) and try again",
            code="nul_bytes",
            values={"file": name},
        )
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    if not bom and not _UTF8_MULTIBYTE.search(body):
        try:
            return body.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
        # neither UTF-8 nor Windows-1252 text
        row, column, byte, _ = _first_bad_byte(body, name, utf8=False)
        raise InputError(
            f"unreadable encoding: byte {byte} at row {row} is neither UTF-8 nor "
            "Windows-1252/Latin-1 text",
            file=name,
            row=row,
            column=column,
            hint="save the file as CSV UTF-8",
            code="unreadable_encoding",
            values={"byte": byte, "line": str(row)},
        )
    row, column, byte, n = _first_bad_byte(body, name, utf8=True)
    raise InputError(
        f"the file is UTF-8 but {n} {'row holds' if n == 1 else 'rows hold'} bytes of another "
        f"encoding (the first: byte {byte}); it is not read, so that no text is garbled",
        file=name,
        row=row,
        column=column,
        hint="open it and save it again as CSV UTF-8 (in Excel: Save As, CSV UTF-8)",
        code="mixed_encoding",
        values={"n": n, "byte": byte},
    )


def _first_bad_byte(body: bytes, name: str, *, utf8: bool) -> tuple[int, str | None, str, int]:
    """Where the first byte that is not UTF-8 (nor, when no UTF-8 is present, cp1252)
    is: its spreadsheet row, its column, the byte, and how many rows hold such bytes."""
    if utf8:
        text = body.decode("utf-8", errors="surrogateescape")
    else:  # cp1252 leaves five bytes undefined: they are the bad ones
        text = "".join(
            chr(0xDC00 + b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in body
        )
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    try:
        delimiter = _sniff_delimiter(lines, name) if lines else ","
    except InputError:
        delimiter = ","
    header: list[str] = []
    first: tuple[int, str | None, str] | None = None
    bad_rows = 0
    try:
        for index, record in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ):
            if record and not header:
                header = record
            cells = [i for i, cell in enumerate(record) if _SURROGATE_RE.search(cell)]
            if not cells:
                continue
            bad_rows += 1
            if first is None:
                cell = record[cells[0]]
                byte = ord(_SURROGATE_RE.search(cell).group()) - 0xDC00  # type: ignore[union-attr]
                col = header[cells[0]] if cells[0] < len(header) and record is not header else None
                first = (index + 1, _SURROGATE_RE.sub("?", col) if col else None, f"0x{byte:02x}")
    except csv.Error:
        pass
    if first is None:  # not splittable into rows: name the line
        pos = _SURROGATE_RE.search(text)
        start = pos.start() if pos else 0
        line = text[:start].count("\n") + 1
        return line, None, f"0x{ord(text[start]) - 0xDC00 & 0xFF:02x}", max(bad_rows, 1)
    return first[0], first[1], first[2], bad_rows


# ---------------------------------------------------------------- CSV
def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, TableInfo]:
    text, encoding = decode_text(path.read_bytes(), name)
    head = text[: 1 << 20].splitlines()
    if len(text) > 1 << 20:
        head = head[:-1]  # the last line of the sample may be cut
    lines = [ln for ln in head if ln.strip()][:50]
    if not lines:
        raise InputError("the file is empty", file=name, code="blank_file", values={"file": name})
    delimiter = _sniff_delimiter(lines, name)
    header, header_row, body, rows = _split_csv(text, delimiter, name)
    check_header(header, name, row=header_row)
    width = len(header)
    columns = [h.strip() or f"Unnamed: {i}" for i, h in enumerate(header)]
    if any(len(record) != width for record in body):
        body = [_fit(record, width, name, row) for record, row in zip(body, rows, strict=True)]
    if "'" in text:  # cells guarded by tramas.output.csv_safe read back as written
        body = [[csv_unguard(cell) if cell[:1] == "'" else cell for cell in r] for r in body]
    frame = pd.DataFrame(body or None, columns=range(width), dtype=object)
    frame.columns = columns
    return frame, TableInfo(
        file=name,
        encoding=encoding,
        delimiter=delimiter,
        rows=tuple(rows),
        header=tuple(h.strip() for h in header),
        header_row=header_row,
    )


def _fit(record: list[str], width: int, name: str, row: int) -> list[str]:
    """A record cut or padded to the header's ``width``: missing cells are empty, extra
    cells must be empty (a trailing delimiter) or the row is refused."""
    if len(record) > width:
        if any(cell.strip() for cell in record[width:]):
            raise InputError(
                f"the row has {len(record)} cells but the header has {width}",
                file=name,
                row=row,
                hint="check quoting and that every row has the same number of delimiters",
                code="too_many_cells",
                values={"cells": len(record), "columns": width},
            )
        return record[:width]
    return record + [""] * (width - len(record))


def _split_csv(
    text: str, delimiter: str, name: str
) -> tuple[list[str], int, list[list[str]], list[int]]:
    """The header, its spreadsheet row, the data records and the spreadsheet row of each.

    Rows are numbered as a spreadsheet numbers them: every line is a row, blank lines
    included (they hold no record and are skipped), and a quoted cell over several lines
    is one row.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            raise InputError(
                f"a cell longer than {limit:,} characters",
                file=name,
                row=len(records) + 1,
                hint="a survey cell holds a name or a number: check the quotes of this row",
                code="cell_too_long",
                values={"limit": limit},
            ) from None
        raise InputError(
            f"cannot split the file into columns ({exc})",
            file=name,
            row=len(records) + 1,
            hint="check quoting and that every row has the same number of delimiters",
            code="cannot_split",
            values={"detail": str(exc)},
        ) from None
    numbered = [i for i, record in enumerate(records, start=1) if record]
    if not numbered:
        raise InputError("the file is empty", file=name, code="blank_file", values={"file": name})
    header_row = numbered[0]
    header = records[header_row - 1]
    rows = numbered[1:]
    body = [records[i - 1] for i in rows]
    last = body[-1] if body else header
    multiline = bool(last) and ("\n" in last[-1] or "\r" in last[-1])
    if multiline and not text.rstrip("\r\n").endswith('"'):
        last_row = rows[-1] if body else header_row
        raise InputError(
            f"a quote opened at row {last_row} is never closed: the rest of the file "
            "would be one cell",
            file=name,
            row=last_row,
            hint="close the quote, or remove the stray quote character",
            code="unclosed_quote",
            values={"row": last_row},
        )
    return header, header_row, body, rows


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


# ---------------------------------------------------------------- Excel, SPSS, Stata
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
        sheets = tuple(str(s) for s in book.sheet_names)
        if sheet is None:
            sheet = book.sheet_names[0]
        elif isinstance(sheet, str) and sheet not in book.sheet_names:
            raise InputError(
                f"no sheet named {sheet!r} (sheets: {', '.join(sheets)})",
                file=name,
                code="no_sheet",
                values={"sheet": sheet, "sheets": ", ".join(sheets)},
            )
        grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False)
    sheet_name = (
        sheet if isinstance(sheet, str) else sheets[sheet] if sheet < len(sheets) else str(sheet)
    )
    label = f"{name} [{sheet_name}]" if len(sheets) > 1 else name
    grid = grid.fillna("")
    records = [[str(v) for v in r] for r in grid.itertuples(index=False, name=None)]
    # the sheet's rows, blank ones skipped (the grid starts at the sheet's first row)
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(v.strip() for v in r)]
    if not numbered:
        return pd.DataFrame(), TableInfo(file=name, sheet=sheet_name, sheets=sheets)
    header_row, header = numbered[0]
    check_header(header, label, row=header_row)
    width = len(header)
    columns = [h.strip() or f"Unnamed: {i}" for i, h in enumerate(header)]
    data = [r[:width] for _, r in numbered[1:]]
    frame = (
        pd.DataFrame(data, columns=columns, dtype=object)
        if data
        else pd.DataFrame(columns=columns, dtype=object)
    )
    return frame, TableInfo(
        file=name,
        sheet=sheet_name,
        sheets=sheets,
        rows=tuple(row for row, _ in numbered[1:]),
        header=tuple(h.strip() for h in header),
        header_row=header_row,
    )


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
