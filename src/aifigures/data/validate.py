"""Validate every table: the dictionary's rules for each column (data/checks.py, the engine)
and the ledger's own rules across tables (a value agrees with its quote, a quote occurs in its
article, active parameters stay under the total, periods do not overlap, every priced date has
an exchange rate, ...).

All checks are vectorised over columns (pandas), so a ledger of a million rows
validates in seconds; every problem is collected, none stops the others.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from aifigures import config
from aifigures.data.checks import PARTIAL_DATE, Columns, check_fields, check_references, on_distinct_rows, spread
from aifigures.data.dictionary import Dictionary, load_dictionary
from aifigures.data.numbers import FigureParseError, date_span, parse_figure
from aifigures.data.problems import Problem, display_path
from aifigures.data.tables import LINE, read_csv_checked, split_ids
from aifigures.data.verdicts import COMPARISON_METRICS

# Metrics whose value can never be zero or negative.
POSITIVE_UNITS = {"parameters", "tokens", "CNY/Mtok", "USD/Mtok", "ratio", "x", "tokens/s", "tokens/day",
                  "rank", "GPUs", "CNY", "USD", "days", "percent"}
PRICE_METRICS = {"api_price", "price_input", "price_output"}
RELATIVE_TOLERANCE = 1e-5  # stated values keep at least six significant digits


@dataclass
class Report:
    """What validation found: problems (errors) and notes (one-line facts, not errors)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No problems were found (notes are not problems)."""
        return not self.problems


def validate(data_dir: Path | None = None, articles_dir: Path | None = None, today: dt.date | None = None) -> Report:
    """Check every table in data_dir; articles_dir holds the article texts (optional)."""
    data_dir = Path(data_dir or config.DATA_DIR)
    articles_dir = Path(articles_dir or config.ARTICLES_DIR)
    today = today or dt.date.today()
    dictionary = load_dictionary(data_dir / "dictionary.yml" if (data_dir / "dictionary.yml").exists() else None)
    report = Report()

    columns: dict[str, Columns] = {}
    for name, table in dictionary.tables.items():
        path = data_dir / table.file
        frame, problems = read_csv_checked(path, table)
        report.problems += problems
        if frame is not None:
            report.tables[name] = frame
            columns[name] = Columns(frame)
            report.problems += check_fields(columns[name], table, dictionary, display_path(path), today)

    # Rules across tables run only on tables that could be read.
    t = report.tables
    shown = {name: display_path(data_dir / table.file) for name, table in dictionary.tables.items()}
    report.problems += check_references(columns, dictionary, shown)
    if "overrides" in t and "reference" in t:
        report.problems += check_override_refs(t["overrides"], t["reference"], shown["overrides"], shown["reference"])
    for measured in ("claims", "reference"):
        if measured in t:
            report.problems += on_distinct_rows(columns[measured], MEASURE_KEY,
                                                lambda rows, measured=measured: check_measures(rows, dictionary, shown[measured]))
    if "claims" in t:
        report.problems += check_claims(columns["claims"], t.get("articles"), shown["claims"])
        if "articles" in t:
            problems, notes = check_glosses(t["claims"], t["articles"], shown["claims"])
            report.problems += problems
            report.notes += notes
    if "reference" in t:
        report.problems += check_periods(t["reference"], shown["reference"])
    for priced in ("claims", "reference"):
        if priced in t and "fx_rates" in t:
            report.problems += check_fx_coverage(t[priced], t["fx_rates"], shown[priced], shown["fx_rates"])
    if "articles" in t:
        problems, notes = check_articles(t["articles"], t.get("claims"), articles_dir, shown)
        report.problems += problems
        report.notes += notes
    report.problems = sorted(set(report.problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
    return report


# --------------------------------------------------------------------------- across tables

def check_override_refs(overrides: pd.DataFrame, reference: pd.DataFrame, shown: str, shown_ref: str) -> list[Problem]:
    """Every ref_id an override lists is a ref_id of the reference table."""
    known = set(reference["ref_id"])
    problems = []
    for line, ids in zip(overrides[LINE], overrides["ref_ids"]):
        for ref_id in split_ids(ids):
            if ref_id not in known:
                problems.append(Problem(shown, int(line), "ref_ids", f"{ref_id!r} is not a known ref_id in {shown_ref}"))
    return problems


MEASURE_KEY = ["metric", "unit", "value", "value_low", "value_high", "qualifier", "status"]


def check_measures(frame: pd.DataFrame, dictionary: Dictionary, shown: str) -> list[Problem]:
    """Units fit the metric; values fit the unit and the qualifier; ranges are ordered.

    Reads only MEASURE_KEY columns, so validate runs it once per distinct combination."""
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

    flag(is_date & has_value & ~value.str.match(PARTIAL_DATE), "value",
         lambda r: f"{r.value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD) though the unit is date")
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


PERIOD_KEY = ["entity_id", "metric", "benchmark", "tier", "unit"]


def _period_bounds(start: str, end: str) -> tuple[dt.date, dt.date]:
    """A period's first and last day; a partial date covers its whole month or year; open ends are open."""
    return (date_span(start)[0] if start else dt.date.min), (date_span(end)[1] if end else dt.date.max)


def check_periods(reference: pd.DataFrame, shown: str) -> list[Problem]:
    """A value's period ends on or after its start, and two values of the same entity, metric,
    benchmark, tier and unit are never in force on the same day (give the old one its end)."""
    if "valid_from" not in reference or "valid_to" not in reference:
        return []
    problems: list[Problem] = []
    found = reference[(reference["status"] == "found") & ((reference["valid_from"] != "") | (reference["valid_to"] != ""))]
    bounds = {}
    for row in found.to_dict("records"):  # (itertuples would rename the leading-underscore line column)
        line = int(row[LINE])
        start, end = row["valid_from"], row["valid_to"]
        if not PARTIAL_DATE.match(start or "2000") or not PARTIAL_DATE.match(end or "2000"):
            continue  # the field check names a malformed date
        lo, hi = _period_bounds(start, end)
        if hi < lo:
            problems.append(Problem(shown, line, "valid_to", f"{end} is before valid_from {start}"))
            continue
        bounds[line] = (tuple(row[k] for k in PERIOD_KEY), lo, hi, row["ref_id"])
    by_key: dict[tuple, list] = {}
    for line, (key, lo, hi, ref_id) in bounds.items():
        by_key.setdefault(key, []).append((lo, hi, line, ref_id))
    for key, periods in by_key.items():
        periods.sort()
        for (_lo1, hi1, line1, id1), (lo2, _hi2, line2, id2) in zip(periods, periods[1:]):
            if lo2 <= hi1:
                what = ", ".join(f"{k} {v}" for k, v in zip(PERIOD_KEY, key) if v)
                problems.append(Problem(shown, line2, "valid_from",
                                        f"{id2}'s period overlaps {id1}'s (line {line1}) for {what}: end the earlier one before the later begins"))
    return problems


def check_claims(columns: Columns, articles: pd.DataFrame | None, shown: str) -> list[Problem]:
    """Rules of the ledger: ids, comparisons, MoE sizes, and the number each quote carries."""
    claims = columns.frame
    problems: list[Problem] = []

    def flag(mask, column, message):
        if not mask.any():
            return
        for line, row in zip(claims.loc[mask, LINE], claims.loc[mask].itertuples(index=False)):
            problems.append(Problem(shown, int(line), column, message(row) if callable(message) else message))

    id_codes, ids = columns.factors("claim_id")
    article_codes, article_ids = columns.factors("article_id")
    prefixes = np.array([a + "-" for a in article_ids], dtype=object)
    own = np.fromiter(map(str.startswith, ids[id_codes], prefixes[article_codes]), dtype=bool, count=len(claims))
    flag((claims["claim_id"] != "") & ~pd.Series(own, index=claims.index), "claim_id",
         lambda r: f"{r.claim_id!r} does not start with its article id {r.article_id}")
    figure = claims["figure_text"]
    flag((figure != "") & ~_contains(columns, "quote", "figure_text"), "figure_text",
         lambda r: f"{r.figure_text!r} does not occur in the row's quote")
    comparison = claims["metric"].isin(COMPARISON_METRICS)
    flag(comparison & (claims["comparator_id"] == ""), "comparator_id", lambda r: f"metric {r.metric} needs the entity it compares with")
    flag(comparison & (claims["direction"] == ""), "direction", lambda r: f"metric {r.metric} needs a direction")
    flag((claims["metric"] == "price_ratio") & (claims["comparator_id"] == ""), "comparator_id",
         "a price ratio needs the comparator whose price it divides by")
    flag((claims["qualifier"] != "none") & (claims["unit"] != "none") & (figure == ""), "figure_text",
         "is empty; give the part of the quote that states the number")

    problems += _check_active_vs_total(claims, shown)
    problems += _check_values_match_quotes(columns, articles, shown)
    return problems


def check_glosses(claims: pd.DataFrame, articles: pd.DataFrame, shown: str) -> tuple[list[Problem], list[str]]:
    """Every quote from a non-English article carries our English gloss (quote_en), so a reader
    of the report can follow it; a gloss beside an English quote is allowed but noted."""
    language = claims["article_id"].map(dict(zip(articles["article_id"], articles["language"])))
    known = language.notna()  # an unknown article id is reported by the reference check
    english = known & language.fillna("").str.split("-").str[0].eq("en")
    glossed = claims["quote_en"].str.strip() != ""
    missing = claims[known & ~english & ~glossed]
    problems = [Problem(shown, int(line), "quote_en",
                        f"is empty; article {a} is in {lang}: give our own English translation of the quote")
                for line, a, lang in zip(missing[LINE].to_numpy(), missing["article_id"].to_numpy(), language[missing.index].to_numpy())]
    extra = claims.loc[english & glossed, LINE]
    notes = []
    if len(extra):
        lines = ", ".join(map(str, extra.to_numpy()[:10])) + (" ..." if len(extra) > 10 else "")
        notes.append(f"{shown}: {len(extra)} quote(s) from English articles carry a quote_en gloss (line(s) {lines}); "
                     "it is only needed for quotes in other languages")
    return problems, notes


def _contains(columns: Columns, haystack: str, needle: str) -> pd.Series:
    """Row-wise `needle in haystack`, each distinct pair decided once."""
    first, group = columns.groups([haystack, needle])
    h_codes, h_values = columns.factors(haystack)
    n_codes, n_values = columns.factors(needle)
    hits = np.fromiter(map(str.__contains__, h_values[h_codes[first]], n_values[n_codes[first]]), dtype=bool, count=len(first))
    return pd.Series(hits[group], index=columns.frame.index)


def _check_active_vs_total(claims: pd.DataFrame, shown: str) -> list[Problem]:
    sizes = claims.loc[claims["metric"].isin(["params_total", "params_active"]), [LINE, "article_id", "entity_id", "metric", "value"]]
    sizes = sizes.assign(n=pd.to_numeric(sizes["value"].where(sizes["value"] != ""), errors="coerce"))
    total = sizes[sizes["metric"] == "params_total"].groupby(["article_id", "entity_id"])["n"].max()
    active = sizes[sizes["metric"] == "params_active"]
    joined = active.join(total.rename("total"), on=["article_id", "entity_id"])
    bad = joined[joined["n"] > joined["total"]]
    return [Problem(shown, int(r[LINE]), "value",
                    f"active parameters {r['value']} exceed the total {r['total']:.0f} this article gives for {r['entity_id']}")
            for _, r in bad.iterrows()]


def _article_years(articles: pd.DataFrame | None) -> dict[str, int]:
    if articles is None:
        return {}
    years = articles["published_date"].str.slice(0, 4)
    return {a: int(y) for a, y in zip(articles["article_id"], years) if y.isdigit()}


# What decides whether a row's value matches its figure: the year comes from the row's article
MATCH_KEY = ["figure_text", "unit", "qualifier", "value", "value_low", "value_high"]


def _check_values_match_quotes(columns: Columns, articles: pd.DataFrame | None, shown: str) -> list[Problem]:
    """The number a row states is the number its figure_text carries (parsed, not trusted).

    Each distinct (figure, article year) is parsed once, and each distinct (figure, year,
    stated value) compared once."""
    years = _article_years(articles)
    article_codes, article_ids = columns.factors("article_id")
    year_of_article = np.array([years.get(a, -1) for a in article_ids] + [-1], dtype=np.int64)
    year_codes, year_values = pd.factorize(year_of_article[article_codes])
    first, group = columns.groups(MATCH_KEY, extra=[year_codes])
    distinct = (columns.frame[MATCH_KEY].take(first).reset_index(drop=True).astype(object)  # Python strings iterate fastest
                .assign(article_year=year_values[year_codes[first]]))
    parsed: dict = {}
    found = []
    for number, row in enumerate(distinct.itertuples(index=False)):
        if row.figure_text == "":
            continue
        key = (row.figure_text, row.article_year)
        if key not in parsed:
            try:
                parsed[key] = parse_figure(row.figure_text, this_year=None if row.article_year < 0 else int(row.article_year))
            except FigureParseError as err:
                parsed[key] = err
        reading = parsed[key]
        if isinstance(reading, FigureParseError):
            found.append(Problem(shown, number, "figure_text", f"{row.figure_text!r} carries no number this suite can read ({reading})"))
        elif message := compare_figure(reading, row):
            found.append(Problem(shown, number, "value", message))
    return spread(found, group, columns.frame[LINE].to_numpy())


def compare_figure(reading, row) -> str | None:
    """Why the row's value differs from the parsed figure, or None when they agree."""
    if row.unit == "date":
        if reading.date is None:
            return f"unit is date but {row.figure_text!r} reads as a number"
        return None if _dates_agree(reading.date, row.value) else f"{row.figure_text!r} reads as {reading.date}, not {row.value}"
    if reading.date is not None:
        return f"{row.figure_text!r} reads as the date {reading.date}, but the unit is {row.unit}"
    if row.qualifier == "range":
        if not reading.is_range:
            return f"qualifier is range but {row.figure_text!r} reads as one number"
        if _close(reading.low, row.value_low) and _close(reading.high, row.value_high):
            return None
        return f"{row.figure_text!r} reads as {reading.low:g} to {reading.high:g}, not {row.value_low} to {row.value_high}"
    if reading.is_range:
        return f"{row.figure_text!r} reads as a range {reading.low:g} to {reading.high:g}; set qualifier range"
    if row.value == "":
        return None
    if _close(reading.value, row.value):
        return None
    return f"{row.figure_text!r} reads as {reading.value:g} {reading.unit or ''}, not {row.value} {row.unit}".replace("  ", " ")


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
    priced = claims["metric"].isin(PRICE_METRICS | {"ticket_price"}) & claims["unit"].str.startswith("CNY") & (claims["value"] != "")
    prices = claims.loc[priced, [LINE, "refers_to"]]
    from aifigures.data.currency import MissingRate, rate_for

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
                                    f"{display_path(path)} is not UTF-8 (byte 0x{raw[err.start]:02x} on its line {at}); "
                                    "convert it, e.g. iconv -f GB18030 -t UTF-8"))
    notes.append(f"quotes checked against {len(texts)} article text(s) in {display_path(articles_dir)}")
    if claims is None:
        return problems, notes
    checked = claims.loc[claims["article_id"].isin(list(texts)) & (claims["quote"] != ""), [LINE, "article_id", "quote"]]
    pairs = checked[["article_id", "quote"]].drop_duplicates()
    absent = pairs[[q not in texts[a] for a, q in zip(pairs["article_id"].to_numpy(), pairs["quote"].to_numpy())]]
    if len(absent):
        hits = checked[[LINE, "article_id", "quote"]].merge(absent, on=["article_id", "quote"])
        for line, a in zip(hits[LINE].to_numpy(), hits["article_id"].to_numpy()):
            problems.append(Problem(shown["claims"], int(line), "quote",
                                    f"does not occur verbatim in article {a}; copy the span exactly from the article"))
    return problems, notes
