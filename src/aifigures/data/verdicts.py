"""Verdicts: each claim against the official figures, by the written rules in data/rules.yml.

A verdict is computed, never typed. Where the rules cannot decide (an article that
swaps a capacity for an order book, say), data/overrides.csv holds a reviewed
verdict with its reason, and the result says the verdict was overridden.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aifigures.data.display import date_at_precision, display_value, price, ratio
from aifigures.data.numbers import date_span, round_to_digits, significant_digits, significant_digits_of
from aifigures.data.rules import load_rules
from aifigures.data.tables import split_ids

PRICE_SIDES = {"api_price": ["price_input", "price_output"]}
# Metrics whose rows only compare when they measure the same thing (heads vs experts,
# the Lee Sedol match vs the Ke Jie match): the `benchmark` label must agree.
LABELLED_METRICS = {"count", "benchmark_score", "event_date", "hardware_multiplier", "duration"}
COMPARISON_METRICS = {"architecture_comparison", "benchmark_comparison", "performance_comparison", "cost_comparison"}
# the one order of the verdicts, most serious first: cards, legends, counts and tables
VERDICT_ORDER = ["differs", "misattributed", "conflated", "partly_holds", "rounded", "consistent", "matches",
                 "unverifiable", "not_checked"]
HOLDS = {"matches", "rounded", "consistent"}  # the verdicts under which a figure is true
# a figure judged on several sides that holds on all of them takes the least exact of their verdicts
EXACTNESS = ["matches", "rounded", "consistent"]
NOT_JUDGED = {"unverifiable", "not_checked"}  # no source judged it


@dataclass
class Verdict:
    verdict: str
    official: str = ""
    relative_difference: float | None = None
    explanation: str = ""
    ref_ids: str = ""


# answers derived from a frame, one dict per live frame (by id), dropped when the frame is
_MEMO: dict[int, dict[tuple, object]] = {}


def _memoised(frame: pd.DataFrame, key: tuple, compute):
    """compute(), remembered for as long as `frame` lives: claims that differ only in their
    value share the answer. The memo does not keep the frame alive."""
    memo = _MEMO.get(id(frame))
    if memo is None:
        memo = _MEMO[id(frame)] = {}
        weakref.finalize(frame, _MEMO.pop, id(frame), None)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def official_rows(claim, reference: pd.DataFrame) -> pd.DataFrame:
    """Reference rows (status found) about the same entity and metric (and benchmark)."""
    return _memoised(reference, ("official", claim.entity_id, claim.metric, claim.unit, claim.benchmark),
                     lambda: _official_rows(claim, reference))


def _official_rows(claim, reference: pd.DataFrame) -> pd.DataFrame:
    found = reference[reference["status"] == "found"]
    metrics = PRICE_SIDES.get(claim.metric, [claim.metric])
    rows = found[(found["entity_id"] == claim.entity_id) & found["metric"].isin(metrics)]
    if claim.metric in ("price_input", "price_output", "api_price") and len(rows):
        same_currency = rows[rows["unit"] == claim.unit]
        rows = same_currency if len(same_currency) else rows
    if claim.metric in LABELLED_METRICS or claim.benchmark:
        strict = claim.metric in LABELLED_METRICS
        rows = rows[rows["benchmark"].map(lambda b: labels_agree(claim.benchmark, b, strict))]
    return rows


def labels_agree(claimed: str, official: str, strict: bool = True) -> bool:
    """What is measured agrees: one name contains the other, or both are unnamed. For metrics
    whose label says which thing is meant (strict: a count, a benchmark, an event), an unnamed
    side agrees only with another unnamed side; otherwise an unnamed side agrees with any."""
    a, b = claimed.strip().lower(), official.strip().lower()
    if not a or not b:
        return a == b if strict else True
    short, long = sorted((a, b), key=len)
    # a whole name inside the other ("mmlu" in "mmlu (em)"), not part of a longer one
    # ("simpleqa" is not "c-simpleqa", "mmlu" not "mmlu-pro")
    return re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long) is not None


def judge(claim, reference: pd.DataFrame) -> Verdict:
    """The verdict on one claim (a ledger row as a namedtuple) against the reference: comparisons, price
    ratios, dates, prices without their side and ranges each by their own rule, single numbers by judge_numbers."""
    rules = load_rules()
    if claim.metric in COMPARISON_METRICS:
        return _judge_comparison(claim, reference)
    if claim.metric == "price_ratio":
        return _judge_ratio(claim, reference, rules)
    rows = official_rows(claim, reference)
    if rows.empty:
        if claim.kind == "context" or claim.claim_type in ("hypothetical", "estimate"):
            return Verdict("not_checked", explanation=_not_checked_reason(claim))
        return Verdict("unverifiable", explanation=_unverifiable_reason(claim, reference))
    if claim.unit == "date":
        return _judge_date(claim, rows)
    if claim.metric in PRICE_SIDES:
        return _judge_unspecified_side(claim, rows, rules)
    if claim.qualifier == "range" or _claim_number(claim) is None:
        return _judge_number(claim, rows, rules)
    row = judge_numbers(pd.DataFrame([claim._asdict()]), reference).iloc[0]
    return Verdict(row["verdict"], row["official"], row["relative_difference"], row["explanation"], row["ref_ids"])


def _not_checked_reason(claim) -> str:
    what = {"hypothetical": "a hypothetical", "estimate": "the author's own estimate",
            "forecast": "a forecast"}.get(claim.claim_type, "a context figure")
    return f"{what}; no primary source states it, so it is shown but not checked"


def _unverifiable_reason(claim, reference: pd.DataFrame) -> str:
    tried = reference[(reference["entity_id"] == claim.entity_id) & (reference["metric"] == claim.metric) & (reference["status"] == "unverifiable")]
    if len(tried):
        return "no primary source found: " + tried.iloc[0]["notes"]
    return "no primary source for this figure in reference.csv"


def at_sentence_end(text: str, limit: int) -> str:
    """The text shortened at the last sentence end within `limit` characters (never mid-
    sentence): the whole first sentence when it alone is longer."""
    text = str(text or "").strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?。！？](?=\s|$)", text)]
    fits = [e for e in ends if e <= limit]
    return text[:(fits[-1] if fits else (ends[0] if ends else len(text)))].strip()


def _claim_number(claim) -> float | None:
    try:
        return float(claim.value)
    except (TypeError, ValueError):
        return None


def classify(stated: np.ndarray, official: np.ndarray, qualifier: np.ndarray, official_qualifier: np.ndarray,
             digits: np.ndarray, tolerance: dict) -> tuple[np.ndarray, np.ndarray]:
    """The rules of data/rules.yml in their written order, for arrays of figures against
    official ones: matches, consistent, rounded, differs; and each relative difference.
    `digits` are the stated figures' significant digits; 0 where a figure is not rounded by
    its digits (a fraction as written: one fifth, 0.2, is not 1/6 at one digit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(official != 0, (stated - official) / official, np.inf)
    q, oq = qualifier, official_qualifier
    matches = np.abs(rel) <= tolerance["matches_relative"]
    consistent = ((q == "over") & (official >= stated)) | ((q == "up_to") & ((official <= stated) | ((oq == "up_to") & (official >= stated))))
    shown = np.maximum(digits, 1)
    by_digits = (digits > 0) & (round_to_digits(official, shown) == round_to_digits(stated, shown))
    rounded = ((q == "approx") & (np.abs(rel) <= tolerance["approx_relative"])) | by_digits
    return np.select([matches, consistent, rounded], ["matches", "consistent", "rounded"], "differs"), rel


def _classify(stated: float, stated_text: str, qualifier: str, official: float, official_qualifier: str, rules: dict,
              by_digits: bool = True) -> tuple[str, float]:
    """classify() for one figure and one official figure."""
    verdict, rel = classify(np.array([stated], float), np.array([official], float), np.array([qualifier]),
                            np.array([official_qualifier]), np.array([significant_digits(stated_text) if by_digits else 0]),
                            rules["tolerance"])
    return str(verdict[0]), float(rel[0])


def _judge_number(claim, rows: pd.DataFrame, rules: dict) -> Verdict:
    """A stated range against every official figure, or a claim with no number to check.
    (Single numbers go through judge_numbers, vectorised.)"""
    if claim.qualifier != "range":
        return Verdict("unverifiable", explanation="the claim carries no number to check")
    lo, hi = float(claim.value_low), float(claim.value_high)
    values = pd.to_numeric(rows["value"], errors="coerce")
    inside = rows[(values >= lo) & (values <= hi)]
    official = "; ".join(f"{r.value} {r.unit} ({r.benchmark or r.metric})" for r in rows.itertuples())
    if len(inside) == len(rows):
        return Verdict("consistent", official, None, f"every official figure ({official}) lies in the stated range {lo:g}-{hi:g}", _ids(rows))
    return Verdict("differs", official, None, f"official figures {official}; not all lie in the stated range {lo:g}-{hi:g}", _ids(rows))


def _judge_unspecified_side(claim, rows: pd.DataFrame, rules: dict) -> Verdict:
    """A price given without its side: matching only one side conflates the two prices."""
    stated = _claim_number(claim)
    sides = _first_row_per_side(rows, claim.metric)
    if stated is None or not sides:
        return Verdict("unverifiable", explanation="no official input/output prices found")
    official = "; ".join(f"{s.replace('price_', '')} {r['value']} {r['unit']}" for s, r in sides.items())
    hits = [s for s, r in sides.items() if _classify(stated, claim.value, claim.qualifier, float(r["value"]), r["qualifier"], rules)[0] == "matches"]
    ids = ";".join(r["ref_id"] for r in sides.values())
    if len(hits) == len(sides):
        return Verdict("matches", official, 0.0, "input and output prices are both the stated figure", ids)
    if hits:
        other = [s for s in sides if s not in hits]
        other_price = _readable(pd.Series([sides[other[0]]["value"]]), pd.Series([sides[other[0]]["unit"]]), pd.Series([other[0]])).iloc[0]
        return Verdict("conflated", official, None,
                       f"the article gives one price; it is the official {hits[0].replace('price_', '')} price, "
                       f"while the {other[0].replace('price_', '')} price is {other_price}", ids)
    return Verdict("differs", official, None, f"the stated price matches neither official side ({official})", ids)


def _first_row_per_side(rows: pd.DataFrame, metric: str) -> dict[str, dict]:
    """The first official row of each price side, as a plain dict (memoised like official_rows;
    claims that differ only in their price read it many times)."""
    def compute() -> dict[str, dict]:
        sides = {}
        for side in PRICE_SIDES[metric]:
            side_rows = rows[rows["metric"] == side]
            if len(side_rows):
                sides[side] = side_rows.iloc[0].to_dict()
        return sides

    return _memoised(rows, ("sides", metric), compute)


def _judge_ratio(claim, reference: pd.DataFrame, rules: dict) -> Verdict:
    """Recompute a price ratio from the official prices, input and output separately: true on
    every side, the verdict of the sides; true on some, partly_holds, naming which."""
    found = list_prices(reference[reference["status"] == "found"])
    stated = _claim_number(claim)
    sides, ids = [], []  # (side, verdict, "$0.60 vs $3 = 1/5")
    for side in ("price_input", "price_output"):
        mine = found[(found["entity_id"] == claim.entity_id) & (found["metric"] == side)]
        theirs = found[(found["entity_id"] == claim.comparator_id) & (found["metric"] == side)]
        pairs = [(a, b) for a in mine.itertuples() for b in theirs.itertuples() if a.unit == b.unit]
        if not pairs:
            continue
        # the list price: the highest input price (cache miss) of each side
        a = max(pairs, key=lambda p: float(p[0].value))[0]
        b = max(pairs, key=lambda p: float(p[1].value))[1]
        quotient = float(a.value) / float(b.value)
        verdict, _ = _classify(stated, claim.value, claim.qualifier, quotient, "exact", rules, by_digits=False)
        shown = [price(row.value, row.unit.split("/")[0]) for row in (a, b)]
        sides.append((side.replace("price_", ""), verdict, f"{shown[0]} vs {shown[1]} = {_ratio_text(quotient)}"))
        ids += [a.ref_id, b.ref_id]
    if not sides:
        return Verdict("unverifiable", explanation="official prices of one side of the ratio were not found")
    official = "; ".join(f"{side} {text} ({verdict})" for side, verdict, text in sides)
    held = [(side, text) for side, verdict, text in sides if verdict in HOLDS]
    if held and len(held) < len(sides):
        return Verdict("partly_holds", official, None, f"the article's {_ratio_text(stated)} " + _which_hold(
            [f"{side} ({text})" for side, verdict, text in sides if verdict in HOLDS],
            [f"{side} ({text})" for side, verdict, text in sides if verdict not in HOLDS], "for"), ";".join(ids))
    # every side true (the least exact verdict of them), or none (each side then differs)
    verdicts = [verdict for _, verdict, _ in sides]
    worst = max(verdicts, key=EXACTNESS.index) if set(verdicts) <= HOLDS else "differs"
    return Verdict(worst, official, None, f"the article's {_ratio_text(stated)}: {official}", ";".join(ids))


def list_prices(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the list price or default setting (tier standard), where the table has tiers:
    a ratio or a comparison of prices is one of list prices, not of cache-hit or long-context ones."""
    return rows[rows["tier"].isin(["standard", ""])] if "tier" in rows else rows


def _which_hold(held: list[str], failed: list[str], word: str) -> str:
    """'holds for input (...); not for output (...)'."""
    return f"holds {word} " + ", ".join(held) + f"; not {word} " + ", ".join(failed)


def _ratio_text(value: float | None) -> str:
    """A ratio as the nearest simple fraction within 0.5% (1/5, 1/6), else its digits; 'figure' for none."""
    return "figure" if value is None else ratio(value, as_fraction=True)


def _table_of(row) -> tuple[str, str]:
    """The table a reference row was read from: its URL and its locator without the column."""
    return row["url"], re.sub(r",\s*column [^,;]*$", "", str(row["locator"])).strip()


# a comparison's direction as the explanation writes it
DIRECTION_WORDS = {"greater": "ahead of", "greater_or_equal": "level with or ahead of", "less": "below",
                   "less_or_equal": "level with or below", "comparable": "comparable to"}


def _judge_comparison(claim, reference: pd.DataFrame) -> Verdict:
    """A comparison in words, recomputed from both sides' official figures."""
    found = reference[reference["status"] == "found"]
    # what is compared: one label, or several separated by ";" ("AIME 2024; MATH-500")
    labels = [part.strip() for part in (claim.benchmark or "").lower().split(";") if part.strip()]

    def about_it(rows: pd.DataFrame) -> pd.DataFrame:
        """The rows about what the claim compares: with a benchmark named, only rows on it."""
        if not labels:
            return rows
        return rows[rows["benchmark"].str.lower().map(lambda b: bool(b) and any(label in b or b in label for label in labels))]

    def side(entity):
        if claim.metric == "cost_comparison":  # compared on the USD list prices, input and output
            rows = list_prices(found)
            rows = rows[(rows["entity_id"] == entity) & found["metric"].isin(["price_input", "price_output"]) & (found["unit"] == "USD/Mtok")]
            rows = rows.assign(number=pd.to_numeric(rows["value"])).sort_values("number").groupby("metric").tail(1)
            return rows.assign(benchmark=rows["metric"].str.replace("price_", "") + " price, USD per million tokens")
        return about_it(found[(found["entity_id"] == entity) & found["metric"].isin(["benchmark_score", "count", "params_total"])])

    # a source that states the comparison in words counts only when it is about the same benchmark
    me = getattr(claim, "entity_name", "") or claim.entity_id
    them = getattr(claim, "comparator_name", "") or claim.comparator_id
    stated = about_it(found[(found["entity_id"] == claim.entity_id) & (found["comparator_id"] == claim.comparator_id)
                            & (found["metric"] == claim.metric) & (found["direction"] != "")])
    if len(stated):  # the source itself states the comparison in words
        row = stated.iloc[0]
        agree = row["direction"] == claim.direction
        return Verdict("matches" if agree else "differs", f"{me} {DIRECTION_WORDS.get(row['direction'], row['direction'])} {them}", None,
                       f"the source says {me} is {DIRECTION_WORDS.get(row['direction'], row['direction'])} {them}: "
                       f"\"{at_sentence_end(row['source_excerpt'], 200)}\"", row["ref_id"])
    mine, theirs = side(claim.entity_id), side(claim.comparator_id)
    if mine.empty or theirs.empty:
        tried = about_it(reference[(reference["entity_id"] == claim.entity_id) & (reference["comparator_id"] == claim.comparator_id)
                                   & (reference["status"] == "unverifiable")])
        if len(tried):
            return Verdict("unverifiable", explanation="no primary source found: " + tried.iloc[0]["notes"],
                           ref_ids=tried.iloc[0]["ref_id"])
        if claim.kind == "context":
            return Verdict("not_checked", explanation="a comparison in words used as context; not checked")
        return Verdict("unverifiable", explanation="official figures for both sides of the comparison were not found")
    # pair the two sides on what they measure; with no benchmark named, on every shared one
    pairs = [(a, b) for _, a in mine.iterrows() for _, b in theirs.iterrows() if labels_agree(a["benchmark"], b["benchmark"])]
    # within one table: where a source's table reports both sides, only such tables decide (a
    # rival's score from another table was measured under other settings); the rows of one
    # table differ only in the column their locator names
    same_table = [(a, b) for a, b in pairs if _table_of(a) == _table_of(b)]
    pairs = same_table or pairs
    if not pairs:
        return Verdict("unverifiable", explanation="the official figures of the two sides measure different things")
    results, ids = [], []
    for a, b in pairs:
        x, y = float(a["value"]), float(b["value"])
        holds = {"greater": x > y, "greater_or_equal": x >= y, "less": x < y, "less_or_equal": x <= y,
                 "comparable": abs(x - y) <= 0.05 * max(abs(x), abs(y))}[claim.direction]
        results.append((holds, a["benchmark"] or a["metric"], f"{a['value']} vs {b['value']}"))
        ids.extend([a["ref_id"], b["ref_id"]])
    results = list(dict.fromkeys(results))  # two sources of the same figure count once
    held = sum(h for h, _, _ in results)
    text = "; ".join(f"{what}: {figures}" for _, what, figures in results)
    ids = ";".join(dict.fromkeys(ids))
    who = f"{me} vs {them}"
    if held == len(results):
        return Verdict("matches", text, None, f"holds on the official figures ({who}) — {text}", ids)
    if held:  # true on some of what it compares, not on the rest: say which
        holds_on = [f"{what} ({figures})" for h, what, figures in results if h]
        fails_on = [f"{what} ({figures})" for h, what, figures in results if not h]
        if len(results) > 4:  # the count and the exceptions first, the long list after
            return Verdict("partly_holds", text, None,
                           f"{who}: holds on {held} of {len(results)} official comparisons; not on " + ", ".join(fails_on)
                           + ". It holds on " + ", ".join(holds_on) + ".", ids)
        return Verdict("partly_holds", text, None, f"{who}: " + _which_hold(holds_on, fails_on, "on"), ids)
    return Verdict("differs", text, None, f"holds on none of the {len(results)} official comparisons ({who}) — {text}", ids)


QUALIFIER_WORDS = {"over": "over", "up_to": "up to", "approx": "about"}


def _readable(values: pd.Series, units: pd.Series, metrics: pd.Series) -> pd.Series:
    """Official figures as the report writes them (11.6x, $0.60 per M input tokens), each
    distinct figure formatted once."""
    keys = pd.Series(list(zip(values, units, metrics)), index=values.index)
    shown = {k: display_value({"value": k[0], "unit": k[1], "metric": k[2], "qualifier": "exact"}) for k in dict.fromkeys(keys)}
    return keys.map(shown)


def _readable_date(value: str) -> str:
    return date_at_precision(value)


def _judge_date(claim, rows: pd.DataFrame) -> Verdict:
    """A date against the earliest official one: the same at the article's precision; a span
    ("the first half of 2024", stored as a range of months) holds the official date or not."""
    stated = str(claim.value)
    best = rows.sort_values("value").iloc[0]
    official = str(best["value"])
    low, high = str(getattr(claim, "value_low", "") or ""), str(getattr(claim, "value_high", "") or "")
    if claim.qualifier == "range" and high:
        # no start: "by the first half of 2024" (released then or before)
        first, last = (date_span(low)[0] if low else None), date_span(high)[1]
        on = date_span(official)
        verdict = "matches" if (first is None or first <= on[0]) and on[1] <= last else "differs"
        span = f"{_readable_date(low)} to {_readable_date(high)}" if low else f"the period up to {_readable_date(high)}"
        text = (f"official date {_readable_date(official)}, within {span}" if verdict == "matches"
                else f"official date {_readable_date(official)}, not within {span}")
        return Verdict(verdict, official, None, f"{text} — {best['source_title'] or best['publisher']}", best["ref_id"])
    if official.startswith(stated) or stated.startswith(official):
        verdict = "matches"
        text = (f"official date {_readable_date(official)}; the article gives it to the "
                f"{'day' if len(stated) == 10 else 'month' if len(stated) == 7 else 'year'}")
    else:
        verdict = "differs"
        text = f"official date {_readable_date(official)}, not {_readable_date(stated)}"
    return Verdict(verdict, official, None, f"{text} — {best['source_title'] or best['publisher']}", best["ref_id"])


def _ids(rows: pd.DataFrame) -> str:
    return ";".join(rows["ref_id"])


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the string the CSV holds ('' for empty), whatever types loading gave.
    Columns that already are strings with no gaps (as validation reads them) are left alone."""
    out = {}
    for name, col in frame.items():
        if pd.api.types.is_string_dtype(col) and not col.hasnans:
            out[name] = col
        else:
            text = col.astype(object).where(col.notna(), "").astype(str)
            # numbers read as floats print as the CSV had them ("2" not "2.0")
            out[name] = text.str.replace(r"\.0$", "", regex=True) if pd.api.types.is_float_dtype(col) else text
    return pd.DataFrame(out, index=frame.index)


def is_simple_number(claims: pd.DataFrame) -> pd.Series:
    """Claims judged by judge_numbers: one number against official numbers of the same metric."""
    return (~claims["metric"].isin(COMPARISON_METRICS | {"price_ratio"} | set(PRICE_SIDES)) & (claims["unit"] != "date")
            & (claims["qualifier"] != "range") & pd.to_numeric(claims["value"], errors="coerce").notna())


def judge_numbers(claims: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Verdicts of simple numeric claims, vectorised: every claim against every official row of
    the same entity and metric (labels agreeing), the best verdict kept."""
    rules = load_rules()
    tol = rules["tolerance"]
    claims = claims.reset_index(drop=True).assign(_row=lambda d: np.arange(len(d)))
    found = reference[reference["status"] == "found"]
    found = found[pd.to_numeric(found["value"], errors="coerce").notna()]
    ref_cols = ["ref_id", "entity_id", "metric", "benchmark", "value", "unit", "qualifier", "source_title", "publisher", "locator"]
    pairs = claims[["_row", "entity_id", "metric", "benchmark", "value", "unit", "qualifier"]].merge(
        found[ref_cols], on=["entity_id", "metric"], suffixes=("", "_ref"))
    # the measured thing must agree where it matters (each distinct label pair decided once)
    labelled = pairs["metric"].isin(LABELLED_METRICS) | (pairs["benchmark"] != "")
    strict = pairs["metric"].isin(LABELLED_METRICS).to_numpy()
    a_codes, a_values = pd.factorize(pairs["benchmark"])
    b_codes, b_values = pd.factorize(pairs["benchmark_ref"])
    key = (a_codes.astype(np.int64) * max(len(b_values), 1) + b_codes) * 2 + strict
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    agree = np.array([labels_agree(a_values[a_codes[i]], b_values[b_codes[i]], bool(strict[i])) for i in first], dtype=bool)
    keep = ~labelled.to_numpy() | agree[inverse]
    pairs = pairs[keep]
    # prices: an official row in the claim's own currency, where there is one
    same_unit = pairs["unit"] == pairs["unit_ref"]
    has_same = same_unit.groupby(pairs["_row"]).transform("any")
    pairs = pairs[same_unit | ~has_same | ~pairs["metric"].isin(["price_input", "price_output"])]
    # the most precise official figure decides: where a source gives it exactly (1.04T), a source's
    # own rounding of it (a model card's "1T", qualifier approx) cannot make a round figure exact
    exact = pairs["qualifier_ref"] == "exact"
    has_exact = exact.groupby(pairs["_row"]).transform("any")
    pairs = pairs[(pairs["qualifier_ref"] != "approx") | ~has_exact]

    value_codes, values = pd.factorize(pairs["value"])  # digits of each distinct stated value once
    digits = significant_digits_of(pd.Series(values)).to_numpy(float)[value_codes]
    verdict, rel = classify(pd.to_numeric(pairs["value"]).to_numpy(float), pd.to_numeric(pairs["value_ref"]).to_numpy(float),
                            pairs["qualifier"].to_numpy(), pairs["qualifier_ref"].to_numpy(), digits, tol)
    order = {v: i for i, v in enumerate([*EXACTNESS, "differs"])}  # the official row nearest the figure wins
    pairs = pairs.assign(verdict=verdict, rel=rel, rank=pd.Series(verdict).map(order).to_numpy())
    best = pairs.sort_values(["_row", "rank"], kind="stable").drop_duplicates("_row")

    sign = pd.Series(np.where(best["rel"] >= 0, "+", "-"), index=best.index)
    pct = sign + (np.abs(best["rel"]) * 100).round(1).astype(str) + "%"
    official_text = best["value_ref"] + " " + best["unit_ref"]
    readable = _readable(best["value_ref"], best["unit_ref"], best["metric"])
    where = (best["source_title"].where(best["source_title"] != "", best["publisher"])
             + (" (" + best["locator"] + ")").where(best["locator"] != "", ""))
    # each explanation written only for the rows that have that verdict
    text = pd.Series("the article's figure is the official one", index=best.index, dtype=object)
    for verdict_name, build in (
        ("rounded", lambda m: "the article rounds the official " + readable[m]),
        ("consistent", lambda m: "the official " + readable[m] + " fits the article's qualifier '"
         + best.loc[m, "qualifier"].map(QUALIFIER_WORDS).fillna(best.loc[m, "qualifier"]) + "'"),
        ("differs", lambda m: "the official figure is " + readable[m] + "; the article is off by " + pct[m]),
    ):
        mask = (best["verdict"] == verdict_name).to_numpy()
        if mask.any():
            text[mask] = build(mask).to_numpy()
    judged = pd.DataFrame({"_row": best["_row"], "verdict": best["verdict"], "official": official_text,
                           "relative_difference": best["rel"], "explanation": text + " — " + where, "ref_ids": best["ref_id"]})

    # claims with no official number: unverifiable (core) or not checked (context)
    out = claims[["_row", "entity_id", "metric", "kind", "claim_type"]].merge(judged, on="_row", how="left")
    missing = out["verdict"].isna()
    context = missing & ((out["kind"] == "context") | out["claim_type"].isin(["hypothetical", "estimate"]))
    core = missing & ~context
    out.loc[core, "verdict"] = "unverifiable"
    if core.any():
        # what was searched (an unverifiable row), or found sources that state no number
        tried = (reference[reference["status"] == "unverifiable"].drop_duplicates(["entity_id", "metric"])
                 [["entity_id", "metric", "notes", "ref_id"]].rename(columns={"notes": "searched", "ref_id": "searched_in"}))
        wordless = reference[(reference["status"] == "found") & pd.to_numeric(reference["value"], errors="coerce").isna()]
        wordless = wordless.groupby(["entity_id", "metric"], as_index=False).agg(
            no_number=("ref_id", ";".join), what_they_say=("notes", "first"))
        why = out.loc[core, ["entity_id", "metric"]].merge(tried, how="left").merge(wordless, how="left")
        explained = ("no primary source found: " + why["searched"].astype(str)).where(
            why["searched"].notna(), "no primary source for this figure in reference.csv")
        # the found source's own notes say what it is about, so the reader sees why it gives no figure
        explained = ("the sources found (" + why["no_number"].astype(str) + ") give no figure for it: "
                     + why["what_they_say"].fillna("").astype(str)).where(why["no_number"].notna(), explained)
        out.loc[core, "explanation"] = explained.to_numpy()
        out.loc[core, "ref_ids"] = why["no_number"].fillna(why["searched_in"]).fillna("").to_numpy()  # the rows the reason rests on
    reasons = {"hypothetical": "a hypothetical", "estimate": "the author's own estimate", "forecast": "a forecast"}
    out.loc[context, "verdict"] = "not_checked"
    out.loc[context, "explanation"] = (out.loc[context, "claim_type"].map(reasons).fillna("a context figure")
                                       + "; no primary source states it, so it is shown but not checked")
    out[["official", "ref_ids"]] = out[["official", "ref_ids"]].fillna("")
    return out.sort_values("_row")[["verdict", "official", "relative_difference", "explanation", "ref_ids"]].reset_index(drop=True)


JUDGE_KEY = ["entity_id", "metric", "benchmark", "comparator_id", "direction", "value", "unit", "qualifier",
             "value_low", "value_high", "kind", "claim_type"]


def compute_verdicts(claims: pd.DataFrame, reference: pd.DataFrame, overrides: pd.DataFrame | None = None,
                     all_tiers: bool = False, names: dict | pd.Series | None = None) -> pd.DataFrame:
    """One row per claim: verdict, official figure, relative difference, explanation, overridden.

    Claims are judged once per distinct content (everything a verdict depends on, JUDGE_KEY),
    so a large ledger costs what its variety costs: simple numbers vectorised, the rest
    (dates, comparisons, ratios, ranges) one by one. A claim is judged against the list price
    or default setting (tier standard) unless all_tiers: the caller has picked the tier. With
    `names` (entity id -> display name), explanations name the entities as a reader knows them.
    A reviewed override replaces the verdict, its reason the explanation, and its ref ids the
    computed ones; the computed official figure and difference stay only where the override
    keeps the rows they came from (otherwise they are what the reviewer rejected)."""
    # plain Python strings: the reference table is small and filtered many times, where
    # NumPy object columns index far faster than Arrow ones
    reference = _as_text(reference).astype(object)
    if not all_tiers and "tier" in reference:
        reference = reference[reference["tier"].isin(["standard", ""])]
    claims = _as_text(claims).reset_index(drop=True)
    if names is not None:
        names = dict(names)
        claims = claims.assign(entity_name=claims["entity_id"].map(lambda e: names.get(e, e)),
                               comparator_name=claims["comparator_id"].map(lambda e: names.get(e, e)))
    columns = ["verdict", "official", "relative_difference", "explanation", "ref_ids"]
    group = claims.groupby(JUDGE_KEY, sort=False, dropna=False).ngroup().to_numpy()
    distinct = claims.iloc[np.unique(group, return_index=True)[1]].reset_index(drop=True)  # row g: group g
    table = np.empty((len(distinct), len(columns)), dtype=object)
    simple = is_simple_number(distinct).to_numpy()
    if simple.any():
        table[simple] = judge_numbers(distinct[simple], reference).to_numpy()
    for i, claim in zip(np.flatnonzero(~simple), distinct[~simple].assign(claim_id="").itertuples(index=False)):
        v = judge(claim, reference)
        table[i] = (v.verdict, v.official, v.relative_difference, v.explanation, v.ref_ids)
    judged = pd.DataFrame(table, columns=columns)
    judged["relative_difference"] = pd.to_numeric(judged["relative_difference"], errors="coerce")
    result = judged.take(group).reset_index(drop=True)  # typed columns copied by index, not rebuilt from objects
    result.insert(0, "claim_id", claims["claim_id"].to_numpy())
    result.insert(1, "computed_verdict", result["verdict"])
    result["overridden"] = False
    if overrides is not None and len(overrides):
        by_id = overrides.set_index("claim_id")
        hit = result["claim_id"].isin(by_id.index)
        result.loc[hit, "verdict"] = result.loc[hit, "claim_id"].map(by_id["verdict"])
        result.loc[hit, "explanation"] = result.loc[hit, "claim_id"].map(by_id["reason"])
        ids = result.loc[hit, "claim_id"].map(by_id["ref_ids"].fillna(""))
        # the computed figure stays only where the reviewer kept the rows it came from
        computed = result.loc[hit, "ref_ids"]
        kept = [set(split_ids(c)) <= set(split_ids(o)) if c else False
                for c, o in zip(computed, ids)]
        rejected = hit.copy()
        rejected.loc[hit] = ~np.array(kept, dtype=bool)
        result.loc[hit, "ref_ids"] = ids.where(ids != "", result.loc[hit, "ref_ids"])
        result.loc[rejected, "official"] = ""
        result.loc[rejected, "relative_difference"] = np.nan
        result.loc[hit, "overridden"] = True
    return result
