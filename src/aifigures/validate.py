"""Validate every table against the data dictionary and against each other.

All checks are vectorised over columns (pandas), so a ledger of a million rows
validates in seconds; every problem is collected, none stops the others.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .dictionary import Dictionary, Table, load_dictionary
from .numbers import FigureParseError, parse_figure
from .problems import Problem, display_path
from .tables import LINE, read_csv_checked

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Metrics whose value can never be zero or negative.
POSITIVE_UNITS = {"parameters", "tokens", "CNY/Mtok", "USD/Mtok", "ratio", "x", "tokens/s", "tokens/day",
                  "rank", "GPUs", "CNY", "USD", "days", "percent"}
COMPARISON_METRICS = {"architecture_comparison", "benchmark_comparison", "performance_comparison", "cost_comparison"}
PRICE_METRICS = {"api_price", "price_input", "price_output"}
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:|\bon[a-z]+\s*=", re.I)
RELATIVE_TOLERANCE = 1e-5  # stated values keep at least six significant digits


@dataclass
class Report:
    """What validation found: problems (errors) and notes (one-line facts, not errors)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(data_dir: Path | None = None, articles_dir: Path | None = None, today: dt.date | None = None) -> Report:
    """Check every table in data_dir; articles_dir holds the article texts (optional)."""
    data_dir = Path(data_dir or config.DATA_DIR)
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    today = today or dt.date.today()
    dictionary = load_dictionary(data_dir / "dictionary.yml" if (data_dir / "dictionary.yml").exists() else None)
    report = Report()

    for name, table in dictionary.tables.items():
        path = data_dir / table.file
        frame, problems = read_csv_checked(path, table)
        report.problems += problems
        if frame is not None:
            report.tables[name] = frame
            report.problems += check_fields(frame, table, dictionary, display_path(path), today)

    # Rules across tables run only on tables that could be read.
    t = report.tables
    shown = {name: display_path(data_dir / table.file) for name, table in dictionary.tables.items()}
    report.problems += check_references(t, dictionary, shown)
    if "overrides" in t and "reference" in t:
        report.problems += check_override_refs(t["overrides"], t["reference"], shown["overrides"], shown["reference"])
    if "claims" in t:
        report.problems += check_measures(t["claims"], dictionary, shown["claims"])
        report.problems += check_claims(t["claims"], t.get("articles"), shown["claims"])
    if "reference" in t:
        report.problems += check_measures(t["reference"], dictionary, shown["reference"])
    for priced in ("claims", "reference"):
        if priced in t and "fx_rates" in t:
            report.problems += check_fx_coverage(t[priced], t["fx_rates"], shown[priced], shown["fx_rates"])
    if "articles" in t:
        problems, notes = check_articles(t["articles"], t.get("claims"), articles_dir, shown)
        report.problems += problems
        report.notes += notes
    report.problems = sorted(set(report.problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
    return report


# --------------------------------------------------------------------------- one table

_FACTORS: dict[int, tuple[pd.Series, np.ndarray, np.ndarray]] = {}


def where_values(col: pd.Series, test) -> pd.Series:
    """Rows whose value passes `test`, deciding each distinct value once.

    The column is factorized once (one hash pass, kept for the next test of the same
    column); `test` takes the array of distinct values and returns one bool per value, so
    it can run at C speed (`map` over a builtin, numpy); the rows then take their code's
    answer by indexing, with no second hash pass.
    """
    cached = _FACTORS.get(id(col))
    if cached is None or cached[0] is not col:
        codes, uniques = pd.factorize(col.to_numpy())
        cached = (col, codes, np.asarray(uniques, dtype=object))
        _FACTORS.clear()  # one column at a time: the cache never holds more than one
        _FACTORS[id(col)] = cached
    _, codes, uniques = cached
    answers = np.zeros(len(uniques) + 1, dtype=bool)  # the extra False is for code -1 (a missing value)
    if len(uniques):
        answers[:-1] = np.asarray(test(uniques), dtype=bool)
    return pd.Series(answers[codes], index=col.index)


def is_blank(values: np.ndarray) -> np.ndarray:
    return (values == "") | np.fromiter(map(str.isspace, values), dtype=bool, count=len(values))


def not_in(allowed):
    allowed = set(allowed)
    return lambda values: ~np.fromiter(map(allowed.__contains__, values), dtype=bool, count=len(values))


def fails_pattern(pattern: re.Pattern):
    return lambda values: ~np.fromiter(map(bool, map(pattern.fullmatch, values)), dtype=bool, count=len(values))


def longer_than(n: int):
    return lambda values: np.fromiter(map(len, values), dtype=np.int64, count=len(values)) > n


def has_markup(values: np.ndarray) -> np.ndarray:
    # the regex only where a character it needs occurs: most cells have none of them
    maybe = np.zeros(len(values), dtype=bool)
    for char in ("<", ":", "="):
        maybe |= np.fromiter(map(str.__contains__, values, repeat(char)), dtype=bool, count=len(values))
    found = np.zeros(len(values), dtype=bool)
    found[maybe] = [MARKUP.search(v) is not None for v in values[maybe]]
    return found


def check_fields(frame: pd.DataFrame, table: Table, dictionary: Dictionary, shown: str, today: dt.date) -> list[Problem]:
    """Types, required cells, vocabularies, patterns, lengths and keys of one table."""
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, message) -> None:
        for line, cell in zip(frame.loc[mask, LINE].to_numpy(), frame.loc[mask, column].to_numpy()):
            problems.append(Problem(shown, int(line), column, message(cell) if callable(message) else message))

    for name, spec in table.fields.items():
        col = frame[name]
        empty = where_values(col, is_blank)
        if spec.required:
            flag(empty, name, f"is empty; it is required ({spec.description or spec.type})")
        filled = ~empty
        if spec.type == "number":
            bad = filled & pd.to_numeric(col.where(filled), errors="coerce").isna()
            flag(bad, name, lambda c: f"{c!r} is not a number (write digits with '.' for decimals, no units)")
        elif spec.type == "boolean":
            flag(filled & where_values(col, not_in(("true", "false"))), name, lambda c: f"{c!r} is not true or false")
        elif spec.type in ("partial_date", "date"):
            problems += _check_dates(frame, name, filled, shown, today, full=spec.type == "date")
        if spec.vocabulary:
            allowed = dictionary.vocabulary(spec.vocabulary)
            flag(filled & where_values(col, not_in(allowed)), name,
                 lambda c, v=spec.vocabulary, a=allowed: f"{c!r} is not in the {v} vocabulary ({', '.join(sorted(a))})")
        if spec.pattern:
            pattern = re.compile(spec.pattern)
            flag(filled & where_values(col, fails_pattern(pattern)), name,
                 lambda c, p=spec.pattern: f"{c!r} does not match the pattern {p}")
        if spec.max_length:
            flag(where_values(col, longer_than(spec.max_length)), name,
                 lambda c, n=spec.max_length: f"is {len(c)} characters long; at most {n} allowed (keep the shortest span that carries the figure)")
        if spec.minimum_exclusive is not None:
            numbers = pd.to_numeric(col.where(filled), errors="coerce")
            flag(numbers.notna() & (numbers <= spec.minimum_exclusive), name,
                 lambda c, m=spec.minimum_exclusive: f"{c} must be greater than {m}")
        if spec.type == "string" and not spec.vocabulary and not spec.pattern:
            flag(where_values(col, has_markup), name,
                 lambda c: f"looks like HTML markup ({MARKUP.search(c).group(0)!r}); tables hold plain text — remove the tag or describe it in words")

    key = list(table.primary_key)
    dup = frame.duplicated(subset=key, keep="first")
    if dup.any():
        first_lines = frame[~dup].set_index(key)[LINE]
        for line, *values in frame.loc[dup, [LINE, *key]].itertuples(index=False):
            first = first_lines.loc[tuple(values) if len(values) > 1 else values[0]]
            problems.append(Problem(shown, int(line), key[0], f"duplicate id {'/'.join(values)!r}, first used on line {first}; ids must be unique"))
    return problems


def _check_dates(frame, name, filled, shown, today, full: bool) -> list[Problem]:
    problems = []
    col = frame[name]
    pattern = FULL_DATE if full else PARTIAL_DATE
    today_iso = today.isoformat()

    def fault(v: str) -> str | None:
        if not v.strip():
            return None
        if not pattern.match(v):
            return "form"
        completed = v + ("-01-01" if len(v) == 4 else "-01" if len(v) == 7 else "")
        try:
            dt.date.fromisoformat(completed)
        except ValueError:
            return "calendar"
        return "future" if completed > today_iso else None

    faults = {v: f for v in pd.unique(col.to_numpy()) if (f := fault(v))}
    if not faults:
        return problems
    bad = col.isin(list(faults))
    want = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
    for line, cell in zip(frame.loc[bad, LINE].to_numpy(), col[bad].to_numpy()):
        message = {"form": f"{cell!r} is not a date of the form {want}", "calendar": f"{cell!r} is not a real calendar date",
                   "future": f"{cell!r} is in the future (today is {today_iso})"}[faults[cell]]
        problems.append(Problem(shown, int(line), name, message))
    return problems


# --------------------------------------------------------------------------- across tables

def check_references(t: dict[str, pd.DataFrame], dictionary: Dictionary, shown: dict[str, str]) -> list[Problem]:
    problems = []
    for name, table in dictionary.tables.items():
        if name not in t:
            continue
        frame = t[name]
        for fname, spec in table.fields.items():
            if not spec.references:
                continue
            target_table, target_col = spec.references.split(".")
            if target_table not in t:
                continue
            known = t[target_table][target_col].to_numpy()
            col = frame[fname]
            # isin hashes in C; a Python set of a million ids would cost more than the check
            bad = where_values(col, lambda values, k=known: (values != "") & ~pd.Index(values).isin(k))
            target_file = shown[target_table]
            for line, cell in zip(frame.loc[bad, LINE], col[bad]):
                problems.append(Problem(shown[name], int(line), fname, f"{cell!r} is not a known {target_col} in {target_file}; add it there or fix the id"))
    return problems


def check_override_refs(overrides: pd.DataFrame, reference: pd.DataFrame, shown: str, shown_ref: str) -> list[Problem]:
    known = set(reference["ref_id"])
    problems = []
    for line, ids in zip(overrides[LINE], overrides["ref_ids"]):
        for ref_id in filter(None, (i.strip() for i in ids.split(";"))):
            if ref_id not in known:
                problems.append(Problem(shown, int(line), "ref_ids", f"{ref_id!r} is not a known ref_id in {shown_ref}"))
    return problems


def check_measures(frame: pd.DataFrame, dictionary: Dictionary, shown: str) -> list[Problem]:
    """Units fit the metric; values fit the unit and the qualifier; ranges are ordered."""
    problems: list[Problem] = []
    units = dictionary.metric_units()

    def flag(mask, column, message):
        for line, row in zip(frame.loc[mask, LINE], frame.loc[mask].itertuples(index=False)):
            problems.append(Problem(shown, int(line), column, message(row) if callable(message) else message))

    known_metric = frame["metric"].isin(list(units))
    pairs = pd.MultiIndex.from_arrays([frame["metric"], frame["unit"]])
    unit_ok = pd.Series(pairs.isin([(m, u) for m, us in units.items() for u in us]), index=frame.index)
    flag(known_metric & ~unit_ok, "unit", lambda r: f"{r.unit!r} is not a unit of metric {r.metric} (use {', '.join(units[r.metric])})")

    value, low, high = frame["value"], frame["value_low"], frame["value_high"]
    is_date = frame["unit"] == "date"
    qualifier = frame["qualifier"]
    has_value = value != ""
    status_ok = frame["status"] != "unverifiable" if "status" in frame else pd.Series(True, index=frame.index)

    flag(is_date & has_value & ~value.str.match(PARTIAL_DATE), "value", lambda r: f"{r.value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD) though the unit is date")
    numbers = pd.to_numeric(value.where(has_value & ~is_date), errors="coerce")
    flag(has_value & ~is_date & numbers.isna(), "value", lambda r: f"{r.value!r} is not a number")
    positive = frame["unit"].isin(POSITIVE_UNITS)
    flag(positive & numbers.notna() & (numbers <= 0), "value", lambda r: f"{r.value} must be greater than zero for unit {r.unit}")
    flag(frame["unit"].isin(["fraction"]) & numbers.notna() & (numbers < -1), "value", lambda r: f"{r.value} is below -100%")

    is_range = qualifier == "range"
    flag(is_range & ((low == "") | (high == "")), "value_low", "qualifier is range: give both value_low and value_high")
    flag(is_range & has_value, "value", "qualifier is range: leave value empty and give value_low and value_high")
    lo, hi = pd.to_numeric(low.where(low != ""), errors="coerce"), pd.to_numeric(high.where(high != ""), errors="coerce")
    flag(lo.notna() & hi.notna() & (lo > hi), "value_low", lambda r: f"range low {r.value_low} is above its high {r.value_high}")
    flag(~is_range & ((low != "") | (high != "")), "value_low", "value_low/value_high are only for qualifier range")
    flag((qualifier == "none") & has_value, "value", "qualifier is none (no number): leave value empty or set the qualifier")
    flag(~qualifier.isin(["range", "none"]) & ~has_value & status_ok, "value", lambda r: f"is empty; qualifier {r.qualifier} needs a value")
    flag((frame["unit"] == "none") & has_value, "value", "unit is none: a comparison in words carries no value")
    return problems


def check_claims(claims: pd.DataFrame, articles: pd.DataFrame | None, shown: str) -> list[Problem]:
    """Rules of the ledger: ids, comparisons, MoE sizes, and the number each quote carries."""
    problems: list[Problem] = []

    def flag(mask, column, message):
        for line, row in zip(claims.loc[mask, LINE], claims.loc[mask].itertuples(index=False)):
            problems.append(Problem(shown, int(line), column, message(row) if callable(message) else message))

    own = np.char.startswith(claims["claim_id"].to_numpy(dtype=str), (claims["article_id"] + "-").to_numpy(dtype=str))
    flag((claims["claim_id"] != "") & ~pd.Series(own, index=claims.index), "claim_id",
         lambda r: f"{r.claim_id!r} does not start with its article id {r.article_id}")
    figure = claims["figure_text"]
    flag((figure != "") & ~_contains(claims["quote"], figure), "figure_text",
         lambda r: f"{r.figure_text!r} does not occur in the row's quote")
    comparison = claims["metric"].isin(COMPARISON_METRICS)
    flag(comparison & (claims["comparator_id"] == ""), "comparator_id", lambda r: f"metric {r.metric} needs the entity it compares with")
    flag(comparison & (claims["direction"] == ""), "direction", lambda r: f"metric {r.metric} needs a direction")
    flag((claims["metric"] == "price_ratio") & (claims["comparator_id"] == ""), "comparator_id", "a price ratio needs the comparator whose price it divides by")
    flag((claims["qualifier"] != "none") & (claims["unit"] != "none") & (figure == ""), "figure_text",
         "is empty; give the part of the quote that states the number")

    problems += _check_active_vs_total(claims, shown)
    problems += _check_values_match_quotes(claims, articles, shown)
    return problems


def _contains(haystack: pd.Series, needle: pd.Series) -> pd.Series:
    """Row-wise `needle in haystack`, each distinct pair decided once (pairs found by codes)."""
    h_codes, h_values = pd.factorize(haystack)
    n_codes, n_values = pd.factorize(needle)
    pair = h_codes.astype(np.int64) * max(len(n_values), 1) + n_codes
    distinct, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    hits = np.array([n_values[n_codes[i]] in h_values[h_codes[i]] for i in first], dtype=bool)
    return pd.Series(hits[inverse], index=haystack.index)


def _check_active_vs_total(claims: pd.DataFrame, shown: str) -> list[Problem]:
    sizes = claims[claims["metric"].isin(["params_total", "params_active"])].copy()
    sizes["n"] = pd.to_numeric(sizes["value"].where(sizes["value"] != ""), errors="coerce")
    total = sizes[sizes["metric"] == "params_total"].groupby(["article_id", "entity_id"])["n"].max()
    active = sizes[sizes["metric"] == "params_active"]
    joined = active.join(total.rename("total"), on=["article_id", "entity_id"])
    bad = joined[joined["n"] > joined["total"]]
    return [Problem(shown, int(r[LINE]), "value", f"active parameters {r['value']} exceed the total {r['total']:.0f} this article gives for {r['entity_id']}")
            for _, r in bad.iterrows()]


def _article_years(articles: pd.DataFrame | None) -> dict[str, int]:
    if articles is None:
        return {}
    years = articles["published_date"].str.slice(0, 4)
    return {a: int(y) for a, y in zip(articles["article_id"], years) if y.isdigit()}


MATCH_KEY = ["figure_text", "article_year", "unit", "qualifier", "value", "value_low", "value_high"]


def _check_values_match_quotes(claims: pd.DataFrame, articles: pd.DataFrame | None, shown: str) -> list[Problem]:
    """The number a row states is the number its figure_text carries (parsed, not trusted).

    Each distinct figure is parsed once, and each distinct (figure, stated value) compared once."""
    years = _article_years(articles)
    rows = claims[claims["figure_text"] != ""]
    codes, ids = pd.factorize(rows["article_id"])  # each article's year looked up once
    rows = rows.assign(article_year=np.array([years.get(a, -1) for a in ids] + [-1], dtype=np.int64)[codes])
    distinct = rows[MATCH_KEY].drop_duplicates()
    parsed: dict = {}
    verdicts = []
    for row in distinct.itertuples(index=False):
        key = (row.figure_text, row.article_year)
        if key not in parsed:
            try:
                parsed[key] = parse_figure(row.figure_text, this_year=None if row.article_year < 0 else row.article_year)
            except FigureParseError as err:
                parsed[key] = err
        fig = parsed[key]
        if isinstance(fig, FigureParseError):
            verdicts.append(("figure_text", f"{row.figure_text!r} carries no number this suite can read ({fig})"))
        else:
            message = compare_figure(fig, row)
            verdicts.append(("value", message) if message else (None, None))
    distinct = distinct.assign(_column=[v[0] for v in verdicts], _message=[v[1] for v in verdicts])
    bad = distinct[distinct["_column"].notna()]
    if bad.empty:
        return []
    hits = rows[[LINE, *MATCH_KEY]].merge(bad, on=MATCH_KEY)
    return [Problem(shown, int(line), column, message)
            for line, column, message in zip(hits[LINE].to_numpy(), hits["_column"].to_numpy(), hits["_message"].to_numpy())]


def compare_figure(fig, row) -> str | None:
    """Why the row's value differs from the parsed figure, or None when they agree."""
    if row.unit == "date":
        if fig.date is None:
            return f"unit is date but {row.figure_text!r} reads as a number"
        return None if _dates_agree(fig.date, row.value) else f"{row.figure_text!r} reads as {fig.date}, not {row.value}"
    if fig.date is not None:
        return f"{row.figure_text!r} reads as the date {fig.date}, but the unit is {row.unit}"
    if row.qualifier == "range":
        if not fig.is_range:
            return f"qualifier is range but {row.figure_text!r} reads as one number"
        if _close(fig.low, row.value_low) and _close(fig.high, row.value_high):
            return None
        return f"{row.figure_text!r} reads as {fig.low:g} to {fig.high:g}, not {row.value_low} to {row.value_high}"
    if fig.is_range:
        return f"{row.figure_text!r} reads as a range {fig.low:g} to {fig.high:g}; set qualifier range"
    if row.value == "":
        return None
    if _close(fig.value, row.value):
        return None
    return f"{row.figure_text!r} reads as {fig.value:g} {fig.unit or ''}, not {row.value} {row.unit}".replace("  ", " ")


def _close(parsed: float | None, stated: str) -> bool:
    try:
        number = float(stated)
    except (TypeError, ValueError):
        return False
    return parsed is not None and math.isclose(parsed, number, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9)


def _dates_agree(parsed: str, stated: str) -> bool:
    """"--07-11" agrees with "2025-07-11"; "2024" agrees with "2024-05" only if stated is no finer."""
    if parsed.startswith("--"):
        return stated[4:].startswith(parsed[1:]) and len(stated) - 4 == len(parsed) - 1
    return parsed == stated


def check_fx_coverage(claims: pd.DataFrame, fx: pd.DataFrame, shown_claims: str, shown_fx: str) -> list[Problem]:
    """Every price in a currency other than USD has a rate for its date (month, or day)."""
    problems = []
    prices = claims[claims["metric"].isin(PRICE_METRICS | {"ticket_price"}) & claims["unit"].str.startswith("CNY") & (claims["value"] != "")]
    from .currency import MissingRate, rate_for

    missing = set()
    for when in pd.unique(prices["refers_to"].to_numpy()):  # each distinct date looked up once
        try:
            if when:
                rate_for(fx, "CNY", when)
        except MissingRate:
            missing.add(when)
    for line, when in zip(prices[LINE].to_numpy(), prices["refers_to"].to_numpy()):
        if not when:
            problems.append(Problem(shown_claims, int(line), "refers_to", "a CNY price needs the date it refers to, to pick its exchange rate"))
        elif when in missing:
            problems.append(Problem(shown_claims, int(line), "refers_to",
                                    f"no CNY/USD rate in {shown_fx} for {when}; add a dated rate with its source"))
    return problems


def check_articles(articles: pd.DataFrame, claims: pd.DataFrame | None, articles_dir: Path, shown: dict[str, str]) -> tuple[list[Problem], list[str]]:
    """Article files exist and are not empty; each quote occurs verbatim in its article."""
    problems, notes = [], []
    if not articles_dir.is_dir():
        notes.append(f"article texts not found in {articles_dir} (set ARTICLES_DIR); quotes were not checked against them")
        return problems, notes
    texts: dict[str, str] = {}
    for line, article_id, file_name in zip(articles[LINE], articles["article_id"], articles["file_name"]):
        path = articles_dir / file_name
        if not path.exists():
            problems.append(Problem(shown["articles"], int(line), "file_name", f"{file_name!r} is not in {articles_dir}"))
            continue
        raw = path.read_bytes()
        if not raw.strip():
            problems.append(Problem(shown["articles"], int(line), "file_name", f"{display_path(path)} is empty"))
            continue
        try:
            texts[article_id] = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as err:
            at = raw[: err.start].count(b"\n") + 1
            problems.append(Problem(shown["articles"], int(line), "file_name",
                                    f"{display_path(path)} is not UTF-8 (byte 0x{raw[err.start]:02x} on its line {at}); convert it, e.g. iconv -f GB18030 -t UTF-8"))
    notes.append(f"quotes checked against {len(texts)} article text(s) in {display_path(articles_dir)}")
    if claims is None:
        return problems, notes
    checked = claims[claims["article_id"].isin(list(texts)) & (claims["quote"] != "")]
    pairs = checked[["article_id", "quote"]].drop_duplicates()
    absent = pairs[[q not in texts[a] for a, q in zip(pairs["article_id"].to_numpy(), pairs["quote"].to_numpy())]]
    if len(absent):
        hits = checked[[LINE, "article_id", "quote"]].merge(absent, on=["article_id", "quote"])
        for line, a in zip(hits[LINE].to_numpy(), hits["article_id"].to_numpy()):
            problems.append(Problem(shown["claims"], int(line), "quote", f"does not occur verbatim in article {a}; copy the span exactly from the article"))
    return problems, notes
