"""The checking engine: every rule the data dictionary states for a column (required, type,
vocabulary, pattern, bounds, dates, links, no markup) and for references between tables,
applied to whole columns at once (pandas and Arrow), each problem with its file, line and
column. The ledger's own rules, which the dictionary cannot state, are in validate.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from itertools import repeat
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from aifigures.data.dictionary import Dictionary, Table
from aifigures.data.problems import Problem
from aifigures.data.tables import LINE

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:|\bon[a-z]+\s*=", re.I)
# Characters no link may hold: whitespace, control and invisible format characters (a reversed
# or hidden part of an address), and the ones an HTML attribute or a browser's URL parser would
# read otherwise than urlsplit does (a backslash counts as "/" in a browser: https://a\@b).
URL_FORBIDDEN = re.compile(r'[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff<>"\\`]')



class Columns:
    """One table's columns, each factorized once (one hash pass in C, kept for every check).

    Checks then decide each distinct value, or each distinct combination of values, once
    and give every row its answer by indexing: a million rows cost a few hash passes,
    not a million Python calls."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._factors: dict[str, tuple[np.ndarray, np.ndarray, pd.Index]] = {}

    def _factorize(self, name: str) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        if name not in self._factors:
            codes, uniques = pd.factorize(self.frame[name])
            self._factors[name] = (codes, np.asarray(uniques, dtype=object), uniques)
        return self._factors[name]

    def factors(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(each row's code, the distinct values as Python strings)."""
        return self._factorize(name)[:2]

    def distinct(self, name: str) -> pa.Array:
        """The distinct values as an Arrow array (for Arrow's hashing set operations; no copy
        when the column is Arrow-backed, as tables are read)."""
        return pa.array(self._factorize(name)[2].array, type=pa.large_string())

    def where(self, name: str, test) -> pd.Series:
        """Rows whose value passes `test`; `test` takes the distinct values, returns one bool each."""
        codes, uniques = self.factors(name)
        answers = np.zeros(len(uniques) + 1, dtype=bool)  # the extra False is for code -1 (a missing value)
        if len(uniques):
            answers[:-1] = np.asarray(test(uniques), dtype=bool)
        return pd.Series(answers[codes], index=self.frame.index)

    def groups(self, names: list[str], extra: list[np.ndarray] = ()) -> tuple[np.ndarray, np.ndarray]:
        """(the first row of each distinct combination of `names`, each row's combination)."""
        return combine_codes([self.factors(n)[0] for n in names] + list(extra))


def combine_codes(code_arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct combinations of several code arrays: (first row of each, each row's number)."""
    group = np.zeros(len(code_arrays[0]) if code_arrays else 0, dtype=np.int64)
    for codes in code_arrays:
        # kept dense after each step, so the product never overflows
        group, _ = pd.factorize(group * (int(codes.max(initial=0)) + 2) + codes + 1)
    # factorize numbers combinations in order of first appearance: a row opens a new
    # combination exactly when its number exceeds every number before it
    seen = np.maximum.accumulate(np.concatenate([[-1], group[:-1]])) if len(group) else group
    return np.flatnonzero(group > seen), group


def on_distinct_rows(columns: Columns, names: list[str], check) -> list[Problem]:
    """Run a row-wise `check` once per distinct combination of `names`, then give each of
    its problems to every row with that combination, on the row's own line."""
    names = [n for n in names if n in columns.frame]
    first, group = columns.groups(names)
    sample = columns.frame[names].take(first).reset_index(drop=True)
    sample[LINE] = np.arange(len(first))  # a problem's "line" is its combination's number
    found = check(sample)
    return spread(found, group, columns.frame[LINE].to_numpy())


def spread(found: list[Problem], group: np.ndarray, lines: np.ndarray) -> list[Problem]:
    """Problems stated once per combination (line = its number), given to each of its rows."""
    if not found:
        return []
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(int(group.max()) + 2))
    return [replace(p, line=int(lines[row])) for p in found for row in order[bounds[p.line]:bounds[p.line + 1]]]


def is_blank(values: np.ndarray) -> np.ndarray:
    """Which values are empty or only whitespace."""
    return (values == "") | np.fromiter(map(str.isspace, values), dtype=bool, count=len(values))


def not_in(allowed):
    """A test for Columns.where: which values are not among `allowed`."""
    allowed = set(allowed)
    return lambda values: ~np.fromiter(map(allowed.__contains__, values), dtype=bool, count=len(values))


def fails_pattern(pattern: re.Pattern):
    """A test for Columns.where: which values the pattern does not match in full."""
    return lambda values: ~np.fromiter(map(bool, map(pattern.fullmatch, values)), dtype=bool, count=len(values))


def longer_than(n: int):
    """A test for Columns.where: which values are longer than `n` characters."""
    return lambda values: np.fromiter(map(len, values), dtype=np.int64, count=len(values)) > n


def has_markup(values: np.ndarray) -> np.ndarray:
    """Which values look like HTML markup or script (MARKUP)."""
    # the regex only where a character it needs occurs: most cells have none of them
    maybe = np.zeros(len(values), dtype=bool)
    for char in ("<", ":", "="):
        maybe |= np.fromiter(map(str.__contains__, values, repeat(char)), dtype=bool, count=len(values))
    found = np.zeros(len(values), dtype=bool)
    found[maybe] = [MARKUP.search(v) is not None for v in values[maybe]]
    return found


def not_a_number(values: np.ndarray) -> np.ndarray:
    """Which values pandas cannot read as a number."""
    return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").isna().to_numpy()


def at_most(bound: float):
    """A test for Columns.where: which values are numbers no greater than `bound`."""
    def test(values: np.ndarray) -> np.ndarray:
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        return (numbers.notna() & (numbers <= bound)).to_numpy()
    return test


def check_fields(columns: Columns, table: Table, dictionary: Dictionary, shown: str, today: dt.date) -> list[Problem]:
    """Types, required cells, vocabularies, patterns, lengths and keys of one table."""
    frame = columns.frame
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, message) -> None:
        if not mask.any():
            return
        for line, cell in zip(frame.loc[mask, LINE].to_numpy(), frame.loc[mask, column].to_numpy()):
            problems.append(Problem(shown, int(line), column, message(cell) if callable(message) else message))

    for name, spec in table.fields.items():
        empty = columns.where(name, is_blank)
        if spec.required:
            flag(empty, name, f"is empty; it is required ({spec.description or spec.type})")
        filled = ~empty
        if spec.type == "number":
            flag(filled & columns.where(name, not_a_number), name,
                 lambda c: f"{c!r} is not a number (write digits with '.' for decimals, no units)")
        elif spec.type == "boolean":
            flag(filled & columns.where(name, not_in(("true", "false"))), name, lambda c: f"{c!r} is not true or false")
        elif spec.type in ("partial_date", "date"):
            problems += _check_dates(columns, name, shown, today, full=spec.type == "date")
        elif spec.type == "url":
            problems += _check_urls(columns, name, shown)
        if spec.vocabulary:
            allowed = dictionary.vocabulary(spec.vocabulary)
            flag(filled & columns.where(name, not_in(allowed)), name,
                 lambda c, v=spec.vocabulary, a=allowed: f"{c!r} is not in the {v} vocabulary ({', '.join(sorted(a))})")
        if spec.pattern:
            pattern = re.compile(spec.pattern)
            flag(filled & columns.where(name, fails_pattern(pattern)), name,
                 lambda c, p=spec.pattern: f"{c!r} does not match the pattern {p}")
        if spec.max_length:
            flag(columns.where(name, longer_than(spec.max_length)), name,
                 lambda c, n=spec.max_length: f"is {len(c)} characters long; at most {n} allowed (keep the shortest span that carries the figure)")
        if spec.minimum_exclusive is not None:
            flag(filled & columns.where(name, at_most(spec.minimum_exclusive)), name,
                 lambda c, m=spec.minimum_exclusive: f"{c} must be greater than {m}")
        if spec.type == "string" and not spec.vocabulary and not spec.pattern:
            flag(columns.where(name, has_markup), name,
                 lambda c: f"looks like HTML markup ({MARKUP.search(c).group(0)!r}); tables hold plain text — remove the tag or describe it in words")

    key = list(table.primary_key)
    first, group = columns.groups(key)
    lines = frame[LINE].to_numpy()
    for row in np.flatnonzero(first[group] != np.arange(len(frame))):  # a row that is not the first with its key
        values = [str(frame[k].iat[row]) for k in key]
        problems.append(Problem(shown, int(lines[row]), key[0],
                                f"duplicate id {'/'.join(values)!r}, first used on line {lines[first[group[row]]]}; ids must be unique"))
    return problems


def _check_dates(columns: Columns, name: str, shown: str, today: dt.date, full: bool) -> list[Problem]:
    pattern = FULL_DATE if full else PARTIAL_DATE
    today_iso = today.isoformat()
    want = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"

    def fault(v: str) -> str | None:
        if not v.strip():
            return None
        if not pattern.match(v):
            return f"{v!r} is not a date of the form {want}"
        completed = v + ("-01-01" if len(v) == 4 else "-01" if len(v) == 7 else "")
        try:
            dt.date.fromisoformat(completed)
        except ValueError:
            return f"{v!r} is not a real calendar date"
        return f"{v!r} is in the future (today is {today_iso})" if completed > today_iso else None

    return _per_distinct_value(columns, name, shown, fault)


def _per_distinct_value(columns: Columns, name: str, shown: str, fault) -> list[Problem]:
    """`fault(value)` judged once per distinct value of a column, its message given to every
    line that holds that value."""
    codes, uniques = columns.factors(name)
    faults = [fault(v) for v in uniques]
    if not any(faults):
        return []
    faulty = np.array([f is not None for f in faults])
    lines = columns.frame[LINE].to_numpy()
    return [Problem(shown, int(lines[row]), name, faults[codes[row]]) for row in np.flatnonzero(faulty[codes])]


def url_fault(value: str) -> str | None:
    """Why `value` is not a link the report may make clickable, or None when it is one.

    Only an absolute http:// or https:// address with a host passes: any other scheme
    (javascript:, data:, vbscript:, ftp:...), a relative or protocol-relative (//host) path,
    and a character that could hide or change where the link goes are refused."""
    if not value:
        return None
    fix = "write the full address of the source, starting with https:// (or http://)"
    bad = URL_FORBIDDEN.search(value)
    if bad:
        return f"{value!r} holds {bad.group(0)!r} (U+{ord(bad.group(0)):04X}), which no link may contain; {fix}, without spaces or hidden characters"
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https"):
        what = f"uses the {scheme}: scheme" if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) else "is not an absolute address"
        return f"{value!r} {what}; only http(s) links are allowed: {fix}"
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises on a port that is not a number
    except ValueError as err:
        return f"{value!r} is not a well-formed address ({err}); {fix}"
    if not value[len(scheme):].startswith("://") or not parts.hostname:
        return f"{value!r} names no host; {fix}, e.g. https://example.org/page"
    return None


def _check_urls(columns: Columns, name: str, shown: str) -> list[Problem]:
    return _per_distinct_value(columns, name, shown, url_fault)


# --------------------------------------------------------------------------- across tables

def check_references(columns: dict[str, Columns], dictionary: Dictionary, shown: dict[str, str]) -> list[Problem]:
    """Every id in a column the dictionary says references another table occurs in that table's
    column (empty cells pass)."""
    problems = []
    for name, table in dictionary.tables.items():
        if name not in columns:
            continue
        frame = columns[name].frame
        for fname, spec in table.fields.items():
            if not spec.references:
                continue
            target_table, target_col = spec.references.split(".")
            if target_table not in columns:
                continue
            known = columns[target_table].distinct(target_col)
            # distinct ids against distinct ids, hashed by Arrow
            bad = columns[name].where(fname, lambda values, k=known: (values != "") & ~pc.is_in(
                pa.array(values, type=pa.large_string()), value_set=k).to_numpy(zero_copy_only=False))
            if not bad.any():
                continue
            target_file = shown[target_table]
            for line, cell in zip(frame.loc[bad, LINE], frame.loc[bad, fname]):
                problems.append(Problem(shown[name], int(line), fname,
                                        f"{cell!r} is not a known {target_col} in {target_file}; add it there or fix the id"))
    return problems
