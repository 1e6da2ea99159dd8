"""Every value the report displays, written the way a reader scans it: 671B, 1.04T, 128K tokens,
$0.14 per M tokens, ¥1 ($0.14), 1/5, +60%, 20–30x, 3 min, 1.5 years, Jul 2025.

`display_value(row)` takes a ledger or reference row (value, unit, metric, qualifier, value_low,
value_high and, where present, figure_text, benchmark, comparator, direction, usd_per_mtok, side)
and returns its display string. The building blocks it uses are public too.

Never more digits than the source gave: a value keeps the significant digits of its stored
text ("1040000000000" -> 1.04T, "0.14" -> $0.14) and none are added, except cents on an
amount of money that has a fractional part ($2.5 -> $2.50: a price list's unit is the cent).
Computed values (a duration converted to months, a price converted to USD, a ratio of two
prices) are rounded to what reads naturally. The CSV downloads keep the canonical values.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from aifigures.data.numbers import DAYS_PER, significant_digits

# suffix scales, largest first; K only for token counts (128K tokens), elsewhere 100,000 GPUs
SCALES = [(Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")]
CURRENCY_SIGNS = {"USD": "$", "CNY": "¥"}
MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
QUALIFIER_WORDS = {"approx": "about", "over": "over", "up_to": "up to"}
DATE_QUALIFIER_WORDS = {"approx": "around", "over": "after", "up_to": "by"}
DIRECTION_WORDS = {
    "greater": "above", "greater_or_equal": "at or above", "comparable": "on a par with",
    "less": "below", "less_or_equal": "at or below",
}
# a duration is shown in the largest of these units that gives at least 1 and a round number
DURATION_UNITS = [("year", "years", DAYS_PER["year"]), ("month", "months", DAYS_PER["month"]),
                  ("day", "days", 1.0), ("hour", "hours", DAYS_PER["hour"]), ("min", "min", DAYS_PER["minute"]),
                  ("s", "s", DAYS_PER["minute"] / 60)]
# units shown as a plain count followed by their name (K/M/B/T from a million up)
COUNT_UNITS = {"parameters": "parameters", "tokens": "tokens", "tokens/s": "tokens/s", "tokens/day": "tokens/day",
               "GPUs": "GPUs", "count": "", "points": "points"}
TOKEN_UNITS = {"tokens", "tokens/s", "tokens/day"}
# how a fraction is written in words or figures: "1/5", "五分之一", "one fifth", "a half"
_FRACTION_TEXT = re.compile(r"\d\s*/\s*\d|分之|\b(?:half|halves|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?\b", re.I)


# --------------------------------------------------------------------------- numbers


def _decimal(value) -> Decimal | None:
    """The value as a Decimal with exactly the digits it was given: '0.60' keeps its zero,
    a float goes through its shortest repr (1.04e12 -> 1040000000000). None when empty."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        value = repr(value).removesuffix(".0")  # a float's shortest repr; 100000.0 is 100000
    text = str(value).strip().replace(",", "")
    if not text or text.lower() in ("nan", "none", "<na>"):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _digits_of(number: Decimal, text=None) -> int:
    """Significant digits as given: of the stored text where there is one."""
    if text is not None and not isinstance(text, float):
        return significant_digits(str(text).replace(",", ""))
    return significant_digits(format(number.normalize(), "f"))


def _round_significant(number: Decimal, digits: int) -> Decimal:
    if number == 0:
        return Decimal(0)
    exponent = number.adjusted() - digits + 1
    return number.quantize(Decimal(1).scaleb(exponent)) if exponent > 0 else round(number, -exponent)


def _plain(number: Decimal, thousands: bool = True) -> str:
    """A Decimal written out in full, no exponent, with the decimals it carries ('42.0' stays)."""
    text = format(number, "f")
    if thousands:
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = f"{int(whole.lstrip('-') or 0):,}"
        text = sign + whole + ("." + fraction if fraction else "")
    return text


def plain_number(value, digits: int | None = None) -> str:
    """A number in full with thousands separators and at most `digits` significant digits
    (all the digits it was given when None): 131072 -> '131,072', 11.6 -> '11.6'."""
    number = _decimal(value)
    if number is None:
        return ""
    if digits is not None:
        number = _round_significant(number, digits)
    return _plain(number)


def compact_number(value, digits: int | None = None, thousands_suffix: bool = False) -> str:
    """A large number with a K/M/B/T suffix and no more digits than it was given:
    671000000000 -> '671B', 1.04e12 -> '1.04T', 10000000000 -> '10B', 128000 -> '128K' (with
    thousands_suffix; otherwise numbers below a million are written out: '100,000').
    A thousands figure that would need decimals (131072 -> 131.072K) is written out too."""
    number = _decimal(value)
    if number is None:
        return ""
    digits = digits or _digits_of(number, value)
    number = _round_significant(number, digits)
    for scale, suffix in SCALES:
        if abs(number) >= scale:
            if suffix == "K" and not thousands_suffix:
                break
            mantissa = number / scale
            if suffix == "K" and mantissa != mantissa.to_integral_value():
                break  # 131.072K reads worse than 131,072
            return _plain(mantissa, thousands=False) + suffix
    return _plain(number)


# --------------------------------------------------------------------------- kinds of value


def price(amount, currency: str, digits: int | None = None) -> str:
    """An amount of money: '$0.14', '$2.50', '$15', '¥2', '¥1,000'. Cents are shown when the
    amount has a fractional part; more decimals only when they were given ($0.014)."""
    number = _decimal(amount)
    if number is None:
        return ""
    if digits is not None:
        number = _round_significant(number, digits)
    text = _plain(number)
    decimals = len(text.partition(".")[2])
    if 0 < decimals < 2:
        text += "0"
    sign = CURRENCY_SIGNS.get(currency)
    return sign + text if sign else f"{text} {currency}"


def _money(amount, currency: str) -> str:
    """A price, or a sum in millions as one reads it ('$5.576M' for a training run's cost)."""
    number = _decimal(amount)
    if number is not None and abs(number) >= 1_000_000:
        sign = CURRENCY_SIGNS.get(currency)
        compact = compact_number(amount)
        return sign + compact if sign else f"{compact} {currency}"
    return price(amount, currency)


def usd_converted(amount) -> str:
    """A USD amount computed from another currency: to the cent, or two significant digits
    below ten cents ('$0.28', '$0.014')."""
    number = _decimal(amount)
    if number is None:
        return ""
    return price(round(number, 2) if abs(number) >= Decimal("0.1") else _round_significant(number, 2), "USD")


def price_per_mtok(amount, unit: str, side: str = "", usd=None) -> str:
    """A price per million tokens: '$0.14 per M tokens', '¥2 per M input tokens', and for a
    price in yuan with its USD equivalent '¥1 ($0.14) per M tokens'."""
    currency = unit.split("/")[0]
    text = price(amount, currency)
    if currency != "USD" and _decimal(usd) is not None:
        text += f" ({usd_converted(usd)})"
    tokens = f"{side} tokens" if side in ("input", "output") else "tokens"
    return f"{text} per M {tokens}"


def ratio(value, as_fraction: bool | None = None) -> str:
    """A ratio. as_fraction True (the article wrote a fraction, or the ratio is computed): the
    nearest simple fraction within 0.5% ('1/5', '1/6'), else two significant digits ('0.037').
    None: a fraction only when the value is one exactly (0.25 -> '1/4'), else its own digits.
    False: always its own digits ('0.2')."""
    number = _decimal(value)
    if number is None:
        return ""
    fraction = simple_fraction(float(number), tolerance=0.005 if as_fraction else 1e-9) if as_fraction is not False else None
    if fraction:
        return f"{fraction[0]}/{fraction[1]}"
    return plain_number(number, 2 if as_fraction else None)


def simple_fraction(value: float, max_denominator: int = 12, tolerance: float = 0.005) -> tuple[int, int] | None:
    """(m, n) with m/n within `tolerance` (relative) of value and n <= max_denominator, else None."""
    if value <= 0 or not math.isfinite(value):
        return None
    for denominator in range(1, max_denominator + 1):
        numerator = round(value * denominator)
        if numerator and abs(numerator / denominator - value) <= tolerance * value:
            return numerator, denominator
    return None


def share(value, digits: int | None = None) -> str:
    """A share as a percentage: 0.6 -> '60%', 0.123 -> '12.3%'."""
    number = _decimal(value)
    if number is None:
        return ""
    if digits is not None:
        number = _round_significant(number, digits)
    return _plain(number.scaleb(2)) + "%"


def growth(value) -> str:
    """Relative growth: 0.6 -> '+60%', -0.05 -> '-5%'."""
    text = share(value)
    return text if not text or text.startswith("-") or _decimal(value) == 0 else "+" + text


def multiple(value, high=None) -> str:
    """A multiple: '4x', '11.6x', and with a high end '20–30x'."""
    low = plain_number(value)
    if not low:
        return ""
    return f"{low}–{plain_number(high)}x" if _decimal(high) is not None else f"{low}x"


def score(value) -> str:
    """A benchmark score on a 0-100 scale: '79.8%'."""
    text = plain_number(value)
    return f"{text}%" if text else ""


def rank(value, qualifier: str = "exact") -> str:
    """A position: '#1', and 'up to 2' as 'top 2'."""
    text = plain_number(value)
    if not text:
        return ""
    return f"top {text}" if qualifier == "up_to" else f"#{text}"


def _duration_unit(days: float) -> tuple[str, str, float]:
    """The largest unit that gives at least 1 and a whole or half number; else the largest
    that gives at least 1."""
    for unit in DURATION_UNITS:
        amount = days / unit[2]
        if amount >= 1 and abs(amount * 2 - round(amount * 2)) <= 1e-4 * amount:
            return unit
    return next((u for u in DURATION_UNITS if days / u[2] >= 1), DURATION_UNITS[-1])


def duration(days, high=None, digits: int = 2) -> str:
    """A length of time given in days, in its most natural unit: 0.00208333 -> '3 min',
    547.875 -> '1.5 years', 182.625 -> '6 months', 7 -> '7 days'; with a high end
    365.25, 730.5 -> '1–2 years'. A value that is no whole or half number of any unit keeps
    `digits` significant digits (a stored duration is a conversion: its digits are not the
    article's)."""
    low = _decimal(days)
    if low is None:
        return ""
    top = _decimal(high)
    singular, plural, size = _duration_unit(float(top if top is not None else low))

    def amount(d: Decimal) -> tuple[str, float]:
        n = float(d) / size
        rounded = round(n * 2) / 2
        n = rounded if abs(n - rounded) <= 1e-4 * max(n, 1) else n
        return plain_number(n, None if n * 2 == int(n * 2) else digits), n

    low_text, low_n = amount(low)
    if top is None:
        return f"{low_text} {singular if low_n == 1 else plural}"
    high_text, _ = amount(top)
    return f"{low_text}–{high_text} {plural}"


def date_at_precision(value) -> str:
    """A partial date at its own precision: '2025', 'Jul 2025', '20 Jan 2025'."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        return text
    year, month, day = m.groups()
    if not month:
        return year
    if not day:
        return f"{MONTH_ABBREVIATIONS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTH_ABBREVIATIONS[int(month) - 1]} {year}"


def comparison(direction: str, comparator: str, benchmark: str = "") -> str:
    """A comparison in words: 'at or above o1 (AIME 2024)'."""
    words = DIRECTION_WORDS.get(direction, "")
    if not words:
        return ""
    text = f"{words} {comparator}".strip()
    return f"{text} ({benchmark})" if benchmark else text


# --------------------------------------------------------------------------- the entry point


def _get(row, name: str):
    """A cell as given ('' when missing or empty); floats stay floats (their repr has their digits)."""
    value = row.get(name, "")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value if isinstance(value, float) else str(value)


def _as_mapping(row):
    return row._asdict() if hasattr(row, "_asdict") else row


def _number_with_unit(value, unit: str, metric: str, row, high=None) -> str:
    """The number (or range) with its unit, no qualifier."""
    if unit == "date":
        return date_at_precision(value)
    if unit == "days":
        return duration(value, high)
    if unit == "x":
        return multiple(value, high)
    if unit in ("CNY/Mtok", "USD/Mtok"):
        side = _get(row, "side") or {"price_input": "input", "price_output": "output"}.get(metric, "")
        low = price_per_mtok(value, unit, side, _get(row, "usd_per_mtok") or None)
        if high is None:
            return low
        return price(value, unit.split("/")[0]) + "–" + price_per_mtok(high, unit, side)
    if unit in ("CNY", "USD"):
        text = _money(value, unit)
        return text + (f"–{_money(high, unit)}" if high is not None else "")
    if unit == "ratio":
        # as the article wrote it: a fraction stays one, a decimal stays one; unknown: exact fractions
        written = str(_get(row, "figure_text"))
        text = ratio(value, bool(_FRACTION_TEXT.search(written)) if written else None)
        return text + (f"–{ratio(high)}" if high is not None else "")
    if unit == "fraction":
        shown = growth if metric == "growth" else share
        return shown(value) + (f" to {shown(high)}" if high is not None else "")
    if unit == "percent":
        return score(value) if high is None else f"{plain_number(value)}–{score(high)}"
    if unit == "rank":
        return rank(value)
    name = COUNT_UNITS.get(unit, unit)
    number = compact_number(value, thousands_suffix=unit in TOKEN_UNITS)
    if high is not None:
        number += "–" + compact_number(high, thousands_suffix=unit in TOKEN_UNITS)
    return f"{number} {name}".strip()


def display_value(row) -> str:
    """The display string of one ledger or reference row (a dict, a Series or a namedtuple).

    Reads value, unit, metric, qualifier, value_low, value_high and, where present,
    figure_text (a fraction as written stays a fraction), side or the price metric (input /
    output), usd_per_mtok (shown beside a yuan price), direction, comparator (or
    comparator_id) and benchmark (for a comparison in words)."""
    row = _as_mapping(row)
    unit, metric, qualifier = _get(row, "unit"), _get(row, "metric"), _get(row, "qualifier")
    value = _get(row, "value")
    low, high = _get(row, "value_low"), _get(row, "value_high")
    if qualifier == "range" and low != "" and high != "":
        return _number_with_unit(low, unit, metric, row, high=high)
    if value == "" or unit == "none":
        return comparison(_get(row, "direction"), _get(row, "comparator") or _get(row, "comparator_id"), _get(row, "benchmark"))
    if unit == "rank":
        return rank(value, qualifier) if qualifier != "approx" else f"about {rank(value)}"
    text = _number_with_unit(value, unit, metric, row)
    words = (DATE_QUALIFIER_WORDS if unit == "date" else QUALIFIER_WORDS).get(qualifier, "")
    return f"{words} {text}" if words and text else text


def display_values(frame) -> list[str]:
    """display_value of every row of a DataFrame, in order (a list to assign as a column)."""
    return [display_value(record) for record in frame.to_dict("records")]


# the verdict's own official text already reads well for these (recomputed ratios, comparisons)
_OFFICIAL_AS_WRITTEN = {"price_ratio", "architecture_comparison", "benchmark_comparison", "performance_comparison",
                        "cost_comparison", "compute_ratio"}


def display_official(row, reference) -> str:
    """The official figure(s) of a judged ledger row, readable: each reference row its verdict
    rests on (ref_ids) through display_value ('1.04T parameters', '¥1 per M input tokens;
    ¥2 per M output tokens', '6 May 2024'). A recomputed ratio or comparison keeps the
    verdict's own text ('input $0.60 vs $3 = 1/5 (matches); ...'). `reference` is the
    reference table, or a dict of its rows by ref_id (display_officials builds it once)."""
    row = _as_mapping(row)
    if _get(row, "metric") in _OFFICIAL_AS_WRITTEN:
        return str(_get(row, "official"))
    by_id = reference if isinstance(reference, dict) else _rows_by_id(reference)
    shown = [display_value(by_id[i]) for i in str(_get(row, "ref_ids")).split(";") if i in by_id]
    shown = [text for text in dict.fromkeys(shown) if text]
    return "; ".join(shown) if shown else str(_get(row, "official"))


def display_officials(frame, reference) -> list[str]:
    """display_official of every row of a judged ledger frame, in order."""
    by_id = _rows_by_id(reference)
    return [display_official(record, by_id) for record in frame.to_dict("records")]


def _rows_by_id(reference) -> dict:
    return {record["ref_id"]: record for record in reference.to_dict("records")}
