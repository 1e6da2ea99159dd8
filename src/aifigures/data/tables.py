"""Read the CSV tables in data/ exactly as written: every cell a string, nothing guessed.

Reading reports what makes a file unreadable (missing, empty, not UTF-8, a byte-order
mark, Windows line ends, unbalanced quotes, a wrong column count) as Problems with
the file and line, instead of letting pandas raise."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from aifigures import config
from aifigures.data.dictionary import Table, load_dictionary
from aifigures.data.problems import DataError, Problem, display_path

DEFAULT_MAX_CSV_MB = 64  # far above any real ledger; a bigger file is almost surely a mistake


def max_csv_bytes() -> int:
    """The largest table file read, in bytes: AIFIGURES_MAX_CSV_MB mebibytes (default 64)."""
    return int(float(os.environ.get("AIFIGURES_MAX_CSV_MB", DEFAULT_MAX_CSV_MB)) * 2**20)


# The physical line each record starts on, kept beside the frame (header = line 1).
LINE = "_line"


def table_path(name: str, data_dir: Path | None = None) -> Path:
    """The file of the named table in data_dir (default: the data folder), as the dictionary names it."""
    table = load_dictionary().tables[name]
    return Path(data_dir or config.DATA_DIR) / table.file


def read_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """One table as a DataFrame of strings with a `_line` column; raises DataError."""
    table = load_dictionary().tables[name]
    path = table_path(name, data_dir)
    frame, problems = read_csv_checked(path, table)
    if problems:
        raise DataError(problems)
    return frame


def read_csv_checked(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """(the table, []) when the file can be read as the table, else (None, the problems that stop it)."""
    shown = display_path(path)
    if not path.exists():
        return None, [Problem(shown, None, None, f"file is missing; the {table.name} table is required ({table.description})")]
    size = path.stat().st_size
    if size > max_csv_bytes():
        return None, [Problem(shown, None, None, f"file is {size / 2**20:.0f} MiB, over the {max_csv_bytes() / 2**20:.0f} MiB limit for a table; "
                                                 "check it is the right file, or raise the limit with AIFIGURES_MAX_CSV_MB")]
    raw = path.read_bytes()
    if not raw or raw.isspace():  # isspace stops at the first other byte; strip() would copy the file
        return None, [Problem(shown, 1, None, f"file is empty; it needs at least the header row: {','.join(table.columns)}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, None, "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")]
    first_newline = raw.find(b"\n")
    try:
        header_text = raw[: first_newline if first_newline >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [_not_utf8(shown, raw, err)]
    carriage = raw.find(b"\r")
    if carriage >= 0:
        return None, [Problem(shown, raw.count(b"\n", 0, carriage) + 1, None,
                              "Windows (CRLF) or old Mac (CR) line ends; save the file with Unix (LF) line ends")]

    header = next(csv.reader([header_text]))
    problems = _check_header(shown, header, table)
    if problems:
        return None, problems
    lines, quoted_newline = record_lines(raw)
    try:
        frame = parse_strings(raw, header, newlines_in_values=quoted_newline)
    except pa.ArrowInvalid as err:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as decode_err:
            return None, [_not_utf8(shown, raw, decode_err)]
        return None, _shape_problems(shown, text, len(header), err)
    frame[LINE] = lines[1:]  # record 0 is the header
    return frame, []


def parse_strings(raw: bytes, header: list[str], newlines_in_values: bool) -> pd.DataFrame:
    """Every cell as a string ("" for an empty cell), parsed by Arrow on all cores.

    Arrow's reader is several times faster than pandas' C engine on large tables and gives
    Arrow-backed string columns (large_string, pandas' own layout, so no copy), whose
    comparisons and hashing run in C. A quoted newline needs its slower mode, so that is
    used only when the file has one (see record_lines)."""
    table = pacsv.read_csv(
        io.BytesIO(raw),
        read_options=pacsv.ReadOptions(use_threads=True),
        parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values),
        convert_options=pacsv.ConvertOptions(column_types={name: pa.large_string() for name in header}, null_values=[],
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.to_pandas()


def _not_utf8(shown: str, raw: bytes, err: UnicodeDecodeError) -> Problem:
    line = raw[: err.start].count(b"\n") + 1
    return Problem(shown, line, None, f"byte 0x{raw[err.start]:02x} is not UTF-8 (at byte {err.start}); save the file as UTF-8")


def record_lines(raw: bytes) -> tuple[np.ndarray, bool]:
    """The line each CSV record starts on (header = record 0), and whether a newline stands
    inside quotes (a record spanning lines), from the positions of quotes and newlines.

    A newline ends a record only outside quotes, i.e. after an even number of '"' (a doubled
    "" counts twice); blank lines hold no record, as Arrow (like pandas) skips them."""
    data = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    quotes = np.flatnonzero(data == 34)
    ends = newlines[(np.searchsorted(quotes, newlines) & 1) == 0]
    quoted_newline = len(ends) < len(newlines)
    if len(data) and data[-1] != 10:
        ends = np.append(ends, len(data))
    starts = np.concatenate([[0], ends[:-1] + 1])
    starts = starts[ends > starts]
    return np.searchsorted(newlines, starts) + 1, quoted_newline


def _check_header(shown: str, header: list[str], table: Table) -> list[Problem]:
    problems = []
    missing = [c for c in table.columns if c not in header]
    unknown = [c for c in header if c not in table.fields]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(Problem(shown, 1, None, f"header lacks column(s) {', '.join(missing)}; expected {','.join(table.columns)}"))
    if unknown:
        problems.append(Problem(shown, 1, None, f"unknown column(s) {', '.join(unknown)}; the data dictionary "
                                                f"({display_path(config.DICTIONARY_FILE)}) lists {','.join(table.columns)}"))
    if dupes:
        problems.append(Problem(shown, 1, None, f"column(s) {', '.join(dupes)} appear more than once in the header"))
    return problems


def _shape_problems(shown: str, text: str, width: int, err: Exception) -> list[Problem]:
    """Find every record with the wrong number of fields, or the unclosed quote."""
    problems = []
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        for record in reader:
            if len(record) != width and record:
                problems.append(Problem(shown, start, None,
                                        f"{len(record)} fields where the header has {width}; check commas and quotes on this line"))
            start = reader.line_num + 1
    except csv.Error:
        problems.append(Problem(shown, start, None,
                                "a quoted field is never closed (unbalanced \"); close the quote or double an inner \" as \"\""))
    if not problems:
        m = re.search(r"(?:line|row) (\d+)", str(err))
        line = int(m.group(1)) if m else None
        if "EOF inside string" in str(err):
            problems.append(Problem(shown, line, None,
                                    "a quoted field is never closed (unbalanced \"); close the quote or double an inner \" as \"\""))
        else:
            problems.append(Problem(shown, line, None, f"cannot be read as CSV: {err}"))
    return problems


def load(name: str) -> pd.DataFrame:
    """A table for analysis: typed columns, no `_line` column. Notebooks call this."""
    table = load_dictionary().tables[name]
    frame = read_table(name).drop(columns=[LINE])
    for fname, spec in table.fields.items():
        if spec.type in ("number", "integer"):
            frame[fname] = pd.to_numeric(frame[fname].replace("", None))
        elif spec.type == "boolean":
            frame[fname] = frame[fname].map({"true": True, "false": False})
    return frame


def split_ids(value) -> list[str]:
    """The ids of a ';'-separated cell ("R315;R316"), stripped, each once, in order; none for an
    empty or missing cell."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return list(dict.fromkeys(i.strip() for i in str(value).split(";") if i.strip() and i.strip() != "nan"))
