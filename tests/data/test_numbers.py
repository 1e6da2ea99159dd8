"""The figure parser, in English and in Chinese (both scripts)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aifigures.data.numbers import FigureParseError, parse_chinese_numeral, parse_date, parse_figure

CASES = [
    ("1.04萬億", 1.04e12, None),
    ("1.04万亿", 1.04e12, None),
    ("320億", 3.2e10, None),
    ("320亿", 3.2e10, None),
    ("100 億 token", 1e10, "tokens"),
    ("萬億參數", 1e12, "parameters"),
    ("671B", 6.71e11, None),
    ("128K", 128_000, None),
    ("1/5", 0.2, "ratio"),
    ("五分之一", 0.2, "ratio"),
    ("百分之六十", 0.6, "fraction"),
    ("60%", 0.6, "fraction"),
    ("3x", 3, "x"),
    ("11 times", 11, "x"),
    ("3倍", 3, "x"),
    ("2 yuan per million tokens", 2, "CNY/Mtok"),
    ("60 tokens per second", 60, "tokens/s"),
    ("千元", 1000, "CNY"),
    ("130,000", 130_000, None),
    ("100,000-card", 100_000, "GPUs"),
    ("$0.60", 0.6, "USD"),
    ("三萬五千", 35_000, None),
    ("二十三", 23, None),
    ("十五", 15, None),
    ("前兩名", 2, None),
    ("six months", 182.625, "days"),
    ("a year and a half", 547.875, "days"),
    ("just over a week", 7, "days"),
    ("nearly 10 years", 3652.5, "days"),
    ("3分鐘", 3 / 1440, "days"),
    ("two hands", 10, "count"),
    ("ten points", 10, "points"),
    ("topping", 1, "rank"),
    ("weekly", 7, "days"),
]


@pytest.mark.parametrize("text, value, unit", CASES)
def test_parses_value_and_unit(text, value, unit):
    reading = parse_figure(text)
    assert math.isclose(reading.value, value, rel_tol=1e-9)
    assert reading.unit == unit


@pytest.mark.parametrize("text, low, high, unit", [("20-30x", 20, 30, "x"), ("a year or two", 365.25, 730.5, "days")])
def test_parses_ranges(text, low, high, unit):
    reading = parse_figure(text)
    assert (reading.low, reading.high, reading.unit) == (low, high, unit)
    assert reading.value is None


@pytest.mark.parametrize("text, year, expected", [
    ("May 2024", None, "2024-05"),
    ("December 2024", None, "2024-12"),
    ("May 5, 2024", None, "2024-05-05"),
    ("7月11日", None, "--07-11"),
    ("7月11日", 2025, "2025-07-11"),
    ("2025年8月", None, "2025-08"),
    ("7月底", 2025, "2025-07"),
    ("7月中旬", 2025, "2025-07"),
    ("late July", 2025, "2025-07"),
    ("late 2023", None, "2023"),
    ("2017", None, "2017"),
    ("the first half of this year", 2024, "2024"),
    ("今年春節前", 2025, "2025"),
])
def test_parses_dates(text, year, expected):
    assert parse_figure(text, this_year=year).date == expected


def test_may_the_verb_is_not_a_month():
    assert parse_date("it may be six months") is None


@pytest.mark.parametrize("text", ["", "no figure here", "從未"])
def test_text_without_a_number_is_an_error(text):
    with pytest.raises(FigureParseError):
        parse_figure(text)


def test_impossible_date_is_an_error():
    with pytest.raises(FigureParseError):
        parse_figure("13月40日")


# --------------------------------------------------------------------------- round trips

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int, traditional: bool) -> str:
    """Write 0 <= n < 10^12 in Chinese numerals (standard form, 零 for gaps)."""
    if n == 0:
        return "零"
    big = [("億" if traditional else "亿", 10**8), ("萬" if traditional else "万", 10**4), ("", 1)]
    out, gap = "", False
    for name, size in big:
        part, n = divmod(n, size)
        if part:
            if gap and out:
                out += "零"
            out += _below_10000(part) + name
            gap = part < 1000
        elif out:
            gap = True
    return out


def _below_10000(n: int) -> str:
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, size)
        if d:
            if zero:
                out += "零"
                zero = False
            out += DIGITS[d] + unit
        elif out:
            zero = True
    return out


@given(st.integers(min_value=1, max_value=10**12 - 1), st.booleans())
def test_chinese_numerals_round_trip(n, traditional):
    assert parse_chinese_numeral(to_chinese(n, traditional)) == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["萬", "万", "億", "亿", "萬億", "万亿"]))
def test_arabic_digits_with_chinese_units(n, unit):
    scale = {"萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8, "萬億": 1e12, "万亿": 1e12}[unit]
    assert parse_chinese_numeral(f"{n}{unit}") == n * scale


@given(st.integers(min_value=2, max_value=100), st.integers(min_value=1, max_value=99))
def test_chinese_fractions(den, num):
    reading = parse_figure(f"{to_chinese(den, True)}分之{to_chinese(num, True)}")
    assert math.isclose(reading.value, num / den)
