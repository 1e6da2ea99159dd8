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

import pandas as pd

from . import config
from .dictionary import Table, load_dictionary
from .problems import DataError, Problem, display_path

DEFAULT_MAX_CSV_MB = 64  # far above any real ledger; a bigger file is almost surely a mistake


def max_csv_bytes() -> int:
    return int(float(os.environ.get("AIFIGURES_MAX_CSV_MB", DEFAULT_MAX_CSV_MB)) * 2**20)


# The physical line each record starts on, kept beside the frame (header = line 1).
LINE = "_line"


def table_path(name: str, data_dir: Path | None = None) -> Path:
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
    shown = display_path(path)
    if not path.exists():
        return None, [Problem(shown, None, None, f"file is missing; the {table.name} table is required ({table.description})")]
    size = path.stat().st_size
    if size > max_csv_bytes():
        return None, [Problem(shown, None, None, f"file is {size / 2**20:.0f} MiB, over the {max_csv_bytes() / 2**20:.0f} MiB limit for a table; "
                                                 "check it is the right file, or raise the limit with AIFIGURES_MAX_CSV_MB")]
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem(shown, 1, None, f"file is empty; it needs at least the header row: {','.join(table.columns)}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, None, "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, None, f"byte 0x{raw[err.start]:02x} is not UTF-8 (at byte {err.start}); save the file as UTF-8")]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return None, [Problem(shown, line, None, "Windows (CRLF) or old Mac (CR) line ends; save the file with Unix (LF) line ends")]

    header = next(csv.reader([text.split("\n", 1)[0]]))
    problems = _check_header(shown, header, table)
    if problems:
        return None, problems
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
            engine="c", on_bad_lines="error",
        )
    except (pd.errors.ParserError, csv.Error) as err:
        return None, _shape_problems(shown, text, len(header), err)
    short = _short_records(text, len(header))
    if short:
        return None, [Problem(shown, line, None, f"{n} fields where the header has {len(header)}; check commas and quotes on this line")
                      for line, n in short]
    frame[LINE] = _record_lines(text, len(frame))
    return frame, []


def _short_records(text: str, width: int) -> list[tuple[int, int]]:
    """Records with fewer fields than the header (pandas pads them silently)."""
    reader = csv.reader(io.StringIO(text))
    next(reader)
    bad, start = [], 2
    for record in reader:
        if record and len(record) < width:
            bad.append((start, len(record)))
        start = reader.line_num + 1
    return bad


def _check_header(shown: str, header: list[str], table: Table) -> list[Problem]:
    problems = []
    missing = [c for c in table.columns if c not in header]
    unknown = [c for c in header if c not in table.fields]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(Problem(shown, 1, None, f"header lacks column(s) {', '.join(missing)}; expected {','.join(table.columns)}"))
    if unknown:
        problems.append(Problem(shown, 1, None, f"unknown column(s) {', '.join(unknown)}; the data dictionary ({display_path(config.DICTIONARY_FILE)}) lists {','.join(table.columns)}"))
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
                problems.append(Problem(shown, start, None, f"{len(record)} fields where the header has {width}; check commas and quotes on this line"))
            start = reader.line_num + 1
    except csv.Error:
        problems.append(Problem(shown, start, None, "a quoted field is never closed (unbalanced \"); close the quote or double an inner \" as \"\""))
    if not problems:
        m = re.search(r"(?:line|row) (\d+)", str(err))
        line = int(m.group(1)) if m else None
        if "EOF inside string" in str(err):
            problems.append(Problem(shown, line, None, "a quoted field is never closed (unbalanced \"); close the quote or double an inner \" as \"\""))
        else:
            problems.append(Problem(shown, line, None, f"cannot be read as CSV: {err}"))
    return problems


def _record_lines(text: str, n_records: int) -> list[int]:
    """Physical line on which each record starts; fast path when no field spans lines."""
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if n_lines == n_records + 1:
        return list(range(2, n_records + 2))
    reader = csv.reader(io.StringIO(text))
    next(reader)
    lines, start = [], 2
    for record in reader:
        if record:
            lines.append(start)
        start = reader.line_num + 1
    return lines[:n_records]


def record_read(name: str) -> None:
    """Note that a table was read, for the build's check of each notebook's declared inputs."""
    log = os.environ.get("AIFIGURES_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")


def load(name: str) -> pd.DataFrame:
    """A table for analysis: typed columns, no `_line` column. Notebooks call this."""
    record_read(name)
    table = load_dictionary().tables[name]
    frame = read_table(name).drop(columns=[LINE])
    for fname, spec in table.fields.items():
        if spec.type in ("number", "integer"):
            frame[fname] = pd.to_numeric(frame[fname].replace("", None))
        elif spec.type == "boolean":
            frame[fname] = frame[fname].map({"true": True, "false": False})
    return frame
