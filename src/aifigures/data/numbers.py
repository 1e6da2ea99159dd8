"""Turn a figure as an article writes it into a number (or a date) and a unit.

Handles Arabic and Chinese numerals (simplified and traditional), scale suffixes
(K/M/B/T, 萬/万, 億/亿, 萬億/万亿), fractions ("1/5", "五分之一"), percentages
("60%", "百分之六十"), multiples ("3x", "11 times", "3倍"), English number words
("six months", "a year and a half"), durations and dates ("May 2024",
"7月11日", "2025年8月", "7月底").

No library does Chinese numerals with units mixed into Arabic figures
("1.04萬億", "100 億"), so this module is written by hand; it is small, pure and
tested property-by-property in tests/data/test_numbers.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

DAYS_PER = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "貳": 2, "贰": 2, "兩": 2, "两": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陸": 6,
    "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"萬億": 1e12, "万亿": 1e12, "萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "萬万億亿"

EN_NUMBERS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}


class FigureParseError(ValueError):
    """The text carries no figure this module can read."""


@dataclass(frozen=True)
class Figure:
    """A parsed figure: a number (or a range) with its unit, or a partial date."""

    value: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    date: str | None = None  # "YYYY", "YYYY-MM", "YYYY-MM-DD"; "--MM" / "--MM-DD" when the year is absent

    @property
    def is_range(self) -> bool:
        """Both ends of a range are given (low and high)."""
        return self.low is not None and self.high is not None


# --------------------------------------------------------------------------- numerals

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"


def parse_chinese_numeral(text: str) -> float:
    """Value of a Chinese numeral, possibly mixed with Arabic digits: "1.04萬億", "三萬五千", "320億"."""
    text = text.replace(" ", "").replace(",", "")
    for big, _scale in (("萬億", 1e12), ("万亿", 1e12)):
        text = text.replace(big, "\x00")  # one token for the compound unit
    tokens = re.findall(r"\d+(?:\.\d+)?|\x00|.", text)
    if not tokens:
        raise FigureParseError(f"no numeral in {text!r}")
    total = section = number = 0.0
    last_big = 0.0
    seen = False
    for tok in tokens:
        if tok == "\x00":
            scale = 1e12
        elif tok in CN_BIG_UNITS:
            scale = CN_BIG_UNITS[tok]
        else:
            scale = None
        if scale is not None:
            section += number
            number = 0.0
            if section == 0 and total == 0:
                section = 1.0  # "萬億參數": a bare unit means one of it
            if scale > last_big:
                total = (total + section) * scale
                last_big = scale
            else:
                total += section * scale
            section = 0.0
            seen = True
        elif tok in CN_SMALL_UNITS:
            section += (number if number else 1.0) * CN_SMALL_UNITS[tok]
            number = 0.0
            seen = True
        elif tok in CN_DIGITS:
            number = float(CN_DIGITS[tok])
            seen = True
        elif re.fullmatch(r"\d+(?:\.\d+)?", tok):
            number = float(tok)
            seen = True
        else:
            raise FigureParseError(f"{tok!r} is not part of a numeral in {text!r}")
    if not seen:
        raise FigureParseError(f"no numeral in {text!r}")
    return total + section + number


def parse_english_number(words: str) -> float:
    """Value of English number words: "six", "twenty-five", "a hundred", "two thousand"."""
    total = current = 0.0
    found = False
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if not word or word == "and":
            continue
        if word in EN_NUMBERS:
            current += EN_NUMBERS[word]
        elif word in EN_SCALES:
            current = (current or 1) * EN_SCALES[word]
            if EN_SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            raise FigureParseError(f"{word!r} is not an English number word")
        found = True
    if not found:
        raise FigureParseError(f"no number in {words!r}")
    return total + current


def _number(token: str) -> float:
    """One numeric token in any of the supported scripts."""
    token = token.strip()
    m = re.fullmatch(rf"({_ARABIC})([kKmMbBtT])?", token)
    if m:
        value = float(m.group(1).replace(",", ""))
        return value * SUFFIX_SCALES[m.group(2).lower()] if m.group(2) else value
    if re.fullmatch(rf"[\d.,\s{CN_NUMERAL_CHARS}]+", token):
        return parse_chinese_numeral(token)
    return parse_english_number(token)


# --------------------------------------------------------------------------- dates

_CN_MONTH_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日號号])?")
_EN_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_DATE = re.compile(rf"\b(?:(early|mid|late)[\s-]+)?({_EN_MONTH})\b\.?(?:\s+(\d{{1,2}})(?!\d))?,?(?:\s+(\d{{4}}))?", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# the day first, as British and directory pages write it: "28 Jul 2025", "5 September 2025"
_EN_DAY_FIRST = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_EN_MONTH})\b\.?,?\s+(\d{{4}})(?!\d)", re.I)


def date_span(date: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) covers."""
    parts = [int(p) for p in date.split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    if day is not None:
        return dt.date(year, month, day), dt.date(year, month, day)
    if month is not None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def parse_date(text: str, this_year: int | None = None) -> str | None:
    """A partial ISO date from a date as written, or None when the text holds no date.

    "May 2024" -> "2024-05"; "7月11日" -> "--07-11" (or "2025-07-11" with this_year=2025);
    "2025年8月" -> "2025-08"; "late 2023" -> "2023"; "今年春節前" -> None.
    "this year" / "今年" resolve to this_year when given.
    """
    year = None
    if this_year is not None and re.search(r"this year|今年", text, re.I):
        year = this_year
    m = _CN_MONTH_DAY.search(text)
    if m and (m.group(1) or m.group(2)):
        year = int(m.group(1)) if m.group(1) else year
        return _iso(year, int(m.group(2)), int(m.group(3)) if m.group(3) else None, this_year)
    m = _EN_DAY_FIRST.search(text)
    if m and 1 <= int(m.group(1)) <= 31:
        return _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), this_year)
    m = _EN_DATE.search(text)
    if m and (m.group(2) != "may"):
        y = int(m.group(4)) if m.group(4) else year
        return _iso(y, MONTHS[m.group(2).lower()], int(m.group(3)) if m.group(3) else None, this_year)
    m = _YEAR.search(text)
    if m:
        return m.group(1)
    m = re.search(r"(\d{4})年", text)
    if m:
        return m.group(1)
    if year is not None:
        return str(year)
    return None


def _iso(year: int | None, month: int, day: int | None, this_year: int | None) -> str:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        raise FigureParseError(f"no such date: month {month}, day {day}")
    year = year if year is not None else this_year
    head = f"{year:04d}" if year is not None else "-"
    return f"{head}-{month:02d}" + (f"-{day:02d}" if day else "")


# --------------------------------------------------------------------------- units

_UNIT_PATTERNS: list[tuple[str, str]] = [
    (r"(yuan|元|rmb|cny)\s*(per|/|每)\s*(million|百萬|百万|m)\s*tokens?", "CNY/Mtok"),
    (r"(\$|usd|dollars?)\s*.*(per|/)\s*(million|m)\s*tokens?", "USD/Mtok"),
    (r"tokens?\s*(per|/|a)\s*(second|s)\b", "tokens/s"),
    (r"tokens?\s*(per|/|a)\s*day", "tokens/day"),
    (r"parameters?|參數|参数|params?", "parameters"),
    (r"tokens?", "tokens"),
    (r"yuan|元|rmb|cny", "CNY"),
    (r"\$|usd|dollars?", "USD"),
    (r"cards?|gpus?|卡", "GPUs"),
    (r"points?|分(?!之|鐘|钟)", "points"),
]
_TIME_UNITS = [
    (r"minutes?|分鐘|分钟", "minute"), (r"hours?|小時|小时", "hour"), (r"days?|天", "day"),
    (r"weeks?|週|周|星期", "week"), (r"months?|個月|个月", "month"), (r"years?|年", "year"),
]
_WORD_FIGURES = [
    (r"^\s*(top|topped|topping|tops|first|no\.\s*1|number one|榜首|第一|登頂|登顶)\s*$", Figure(value=1.0, unit="rank")),
    (r"^\s*daily\s*$|^\s*每天\s*$", Figure(value=1.0, unit="days")),
    (r"^\s*weekly\s*$|^\s*每週\s*$|^\s*每周\s*$", Figure(value=7.0, unit="days")),
    (r"^\s*monthly\s*$", Figure(value=DAYS_PER["month"], unit="days")),
    (r"^\s*(yearly|annual|annually)\s*$", Figure(value=DAYS_PER["year"], unit="days")),
]
_WORDNUM = "|".join(sorted(list(EN_NUMBERS) + list(EN_SCALES), key=len, reverse=True))
_NUMBER_TOKEN = re.compile(
    rf"{_ARABIC}[kKmMbBtT](?![a-zA-Z0-9])|[\d.,{CN_NUMERAL_CHARS}]*[{CN_NUMERAL_CHARS}\d][\d.,\s{CN_NUMERAL_CHARS}]*"
    rf"|\b(?:{_WORDNUM})(?:[\s-]+(?:{_WORDNUM}|and))*\b",
    re.I,
)


_EN_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                    "ninth": 9, "tenth": 10}
# a fraction in words: "one fifth", "a quarter", "two-thirds", "one half"
EN_FRACTION = re.compile(r"(an?|one|two|three|four)[\s-](half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)")


def parse_figure(text: str, this_year: int | None = None) -> Figure:
    """Parse the figure in `text` (a figure as an article states it) into a Figure.

    Raises FigureParseError when the text carries no number and no date.
    """
    raw = text.strip()
    if not raw:
        raise FigureParseError("empty figure")
    low = raw.lower()

    # Dates first: "May 2024" must not read as 2024 of something.
    if _looks_like_date(raw):
        date = parse_date(raw, this_year)
        if date is not None:
            return Figure(date=date, unit="date")

    # "N分之M" fractions and "百分之N" percentages.
    m = re.search(rf"([\d{CN_NUMERAL_CHARS}.]+)分之([\d{CN_NUMERAL_CHARS}.]+)", raw)
    if m:
        den, num = _number(m.group(1)), _number(m.group(2))
        if den == 0:
            raise FigureParseError(f"zero denominator in {raw!r}")
        return Figure(value=num / den, unit="fraction" if den == 100 else "ratio")
    m = EN_FRACTION.fullmatch(low)
    if m:  # "one fifth", "a quarter", "two-thirds"
        num = 1 if m.group(1) in ("a", "an", "one") else parse_english_number(m.group(1))
        return Figure(value=num / _EN_DENOMINATORS[m.group(2).rstrip("s")], unit="ratio")
    m = re.search(r"(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)", raw)
    if m and not re.search(r"token|second|day", low):
        den = float(m.group(2))
        if den == 0:
            raise FigureParseError(f"zero denominator in {raw!r}")
        return Figure(value=float(m.group(1)) / den, unit="ratio")

    # Ranges: "20-30x", "1-2 years", "a year or two".
    m = re.search(rf"({_ARABIC})\s*(?:-|–|~|to)\s*({_ARABIC})", raw)
    if m:
        lo, hi = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
        unit, factor = _unit_of(raw, after=m.end())
        return Figure(low=lo * factor, high=hi * factor, unit=unit)
    m = re.search(rf"\ba (year|month|week|day) or ({_WORDNUM})\b", low)
    if m:
        factor = DAYS_PER[m.group(1)]
        return Figure(low=factor, high=parse_english_number(m.group(2)) * factor, unit="days")

    # "a year and a half", "two and a half years".
    m = re.search(rf"\b({_WORDNUM}|{_ARABIC}) (year|month|week|day)s? and a half\b", low)
    if m:
        return Figure(value=(_number(m.group(1)) + 0.5) * DAYS_PER[m.group(2)], unit="days")
    m = re.search(rf"\b({_WORDNUM}|{_ARABIC}) and a half (year|month|week|day)s?\b", low)
    if m:
        return Figure(value=(_number(m.group(1)) + 0.5) * DAYS_PER[m.group(2)], unit="days")
    m = re.search(r"\bhalf[\s-]+(?:a\s+)?(year|month)\b", low)
    if m:
        return Figure(value=0.5 * DAYS_PER[m.group(1)], unit="days")

    # Numbers said in words that carry no numeral: "topped" the chart, "weekly".
    for pattern, figure in _WORD_FIGURES:
        if re.search(pattern, raw, re.I):
            return figure

    # A plain number with its unit.
    token = _first_number(raw)
    if token is None:
        date = parse_date(raw, this_year)
        if date is not None:
            return Figure(date=date, unit="date")
        raise FigureParseError(f"no number in {raw!r}")
    value = _number(token.group(0))
    rest = raw[token.end():]
    scale = re.match(r"\s*(thousand|million|billion|trillion)\b", rest, re.I)
    if scale and re.fullmatch(r"[\d.,]+", token.group(0).strip()):  # "37 billion", "1.04 trillion parameters"
        value *= EN_SCALES[scale.group(1).lower()]
        rest = rest[scale.end():]
        unit, _ = _unit_of(rest, after=0)
        return Figure(value=value, unit=unit)
    if re.match(r"\s*%|\s*per\s*cent", rest, re.I):
        return Figure(value=value / 100, unit="fraction")
    if re.match(r"\s*(x\b|×|times\b|倍|fold\b)", rest, re.I) or re.search(r"-fold", rest):
        return Figure(value=value, unit="x")
    if re.match(r"\s*hands?\b", rest, re.I):
        return Figure(value=value * 5, unit="count")  # "counted on two hands": fingers
    unit, factor = _unit_of(raw, after=token.end())
    return Figure(value=value * factor, unit=unit)


def _looks_like_date(text: str) -> bool:
    if _CN_MONTH_DAY.search(text) and "月" in text and not re.search(r"個月|个月", text):
        return True
    # Month names; "may" only when capitalised, so the verb does not read as a month.
    if re.search(rf"\b({_EN_MONTH})\b", re.sub(r"\bmay\b", "", text), re.I) or re.search(r"\bMay\b", text):
        return True
    if re.fullmatch(r"\s*(?:(?:early|mid|late|in|since|after|before|the end of)\s+)*(?:19|20)\d{2}s?\s*", text, re.I):
        return True
    if re.fullmatch(r"\s*(?:19|20)\d{2}年\s*", text):
        return True
    return bool(re.search(r"(first|second) half of (this year|(?:19|20)\d{2})|今年", text, re.I))


def _first_number(text: str) -> re.Match | None:
    for m in _NUMBER_TOKEN.finditer(text):
        tok = m.group(0).strip(" ,.")
        if not tok:
            continue
        if re.fullmatch(r"(?i)an?", tok):
            # "a" counts as one only before a unit: "a year", "a week".
            if not re.match(r"\s+(year|month|week|day|minute|hour)s?\b", text[m.end():], re.I):
                continue
        return m
    return None


def _unit_of(text: str, after: int) -> tuple[str | None, float]:
    """The unit a figure is stated in and the factor to its canonical unit."""
    rest = text[after:]
    for pattern, unit in _TIME_UNITS:
        if re.match(rf"\s*(?:-|\s)?(?:{pattern})", rest, re.I):
            return "days", DAYS_PER[unit]
    if re.match(r"\s*(x\b|×|times\b|倍)", rest, re.I):
        return "x", 1.0
    for pattern, unit in _UNIT_PATTERNS:
        if re.search(pattern, text, re.I):
            return unit, 1.0
    return None, 1.0


# --------------------------------------------------------------------------- significant digits
# the figure's own precision: the verdicts round by it, the formatter writes by it

def significant_digits(text: str) -> int:
    """Significant digits of a stated value: '671000000000' -> 3, '0.2' -> 1, '11.6' -> 3."""
    digits = text.strip().lstrip("+-")
    if "." in digits:
        digits = digits.replace(".", "").lstrip("0")
    else:
        digits = digits.lstrip("0").rstrip("0")
    return max(1, len(digits))


def significant_digits_of(values: pd.Series) -> pd.Series:
    """Vectorised significant_digits."""
    digits = values.astype(str).str.strip().str.lstrip("+-")
    has_point = digits.str.contains(".", regex=False)
    decimal = digits.str.replace(".", "", regex=False).str.lstrip("0")
    whole = digits.str.lstrip("0").str.rstrip("0")
    return decimal.where(has_point, whole).str.len().clip(lower=1)


def round_to_digits(values: np.ndarray, digits: np.ndarray) -> np.ndarray:
    """Each value rounded to its number of significant digits (0 stays 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
        scale = np.power(10.0, digits - 1 - magnitude)
        rounded = np.round(values * scale) / scale
    return np.where(values == 0, 0.0, rounded)
