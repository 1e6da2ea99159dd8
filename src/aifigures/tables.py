"""Read the CSV tables in data/ exactly as written: every cell a string, nothing guessed.

Reading reports what makes a file unreadable (missing, empty, not UTF-8, a byte-order
mark, Windows line ends, unbalanced quotes, a wrong column count) as Problems with
the file and line, instead of letting pandas raise."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
import os
import re
from pathlib import Path

import numpy as np
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
    # the separator count (numpy, GIL released) runs beside the parse; pandas checks UTF-8
    with ThreadPoolExecutor(max_workers=1) as pool:
        counting = pool.submit(count_separators, raw)
        try:
            frame = pd.read_csv(
                io.BytesIO(raw), dtype=str, keep_default_na=False, na_filter=False, engine="c", on_bad_lines="error",
            )
        except UnicodeDecodeError:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                return None, [_not_utf8(shown, raw, err)]
            raise
        except (pd.errors.ParserError, csv.Error) as err:
            return None, _shape_problems(shown, raw.decode("utf-8"), len(header), err)
        separators, record_ends, newlines = counting.result()
    if separators == (len(header) - 1) * (len(frame) + 1) and record_ends == newlines:
        # every record has all its fields and none spans lines: record i is on line i + 2
        frame[LINE] = np.arange(2, len(frame) + 2)
        return frame, []
    counts, lines = record_shape(raw)
    counts, lines = counts[1:], lines[1:]  # the header is record 0
    short = np.flatnonzero(counts < len(header))
    if len(short):
        return None, [Problem(shown, int(lines[i]), None, f"{counts[i]} fields where the header has {len(header)}; check commas and quotes on this line")
                      for i in short]
    frame[LINE] = lines[: len(frame)]
    return frame, []


CHUNK = 1 << 24


def _not_utf8(shown: str, raw: bytes, err: UnicodeDecodeError) -> Problem:
    line = raw[: err.start].count(b"\n") + 1
    return Problem(shown, line, None, f"byte 0x{raw[err.start]:02x} is not UTF-8 (at byte {err.start}); save the file as UTF-8")


def _outside_quotes(data: np.ndarray):
    """Per chunk: the chunk, its offset and which of its bytes stand outside quotes."""
    carry = np.uint8(0)
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        inside = np.bitwise_xor.accumulate(chunk == 34, dtype=np.uint8) ^ carry
        carry = inside[-1]
        yield chunk, start, inside == 0


def count_separators(raw: bytes) -> tuple[int, int, int]:
    """(commas outside quotes, newlines outside quotes, all newlines) of a CSV file."""
    data = np.frombuffer(raw, dtype=np.uint8)
    commas = ends = newlines = 0
    for chunk, _, outside in _outside_quotes(data):
        is_newline = chunk == 10
        commas += int(np.count_nonzero((chunk == 44) & outside))
        ends += int(np.count_nonzero(is_newline & outside))
        newlines += int(np.count_nonzero(is_newline))
    return commas, ends, newlines


def record_shape(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Fields per CSV record and the line each record starts on, in vectorised passes.

    pandas pads a record with too few fields silently, so they are counted here: a comma or
    newline separates only outside quotes, i.e. after an even number of '"' (a doubled ""
    toggles twice). Chunked, so memory stays bounded for large files."""
    data = np.frombuffer(raw, dtype=np.uint8)
    commas, ends, newlines = [], [], []
    for chunk, start, outside in _outside_quotes(data):
        is_newline = chunk == 10
        commas.append(np.flatnonzero((chunk == 44) & outside) + start)
        ends.append(np.flatnonzero(is_newline & outside) + start)
        newlines.append(np.flatnonzero(is_newline) + start)
    commas, ends, newlines = (np.concatenate(x) if x else np.empty(0, np.int64) for x in (commas, ends, newlines))
    if len(data) and data[-1] != 10:
        ends = np.append(ends, len(data))
    starts = np.concatenate([[0], ends[:-1] + 1])
    keep = ends > starts  # pandas skips blank lines
    starts, ends = starts[keep], ends[keep]
    counts = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    lines = np.searchsorted(newlines, starts) + 1
    return counts, lines


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
