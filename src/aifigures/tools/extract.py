"""Find every numeric mention in an article text, and turn mentions into candidate ledger rows.

`find_mentions(text)` reads English, simplified and traditional Chinese (with the odd `?`
left by a mangled byte) and returns each number as written with its unit or multiplier:
Arabic and Chinese numerals ("1.04萬億", "320億", "100 億 token", "千元", "五分之一",
"百分之六十", "3倍"), percentages, fractions and multiples ("60%", "1/5", "3x", "11 times",
"20-30x"), scales and prices ("671B", "128K", "$0.60", "2 yuan per million tokens",
"100,000-card"), English number words with a unit or as counts ("six months",
"a year and a half", "two models", "ten points"), and years, months and dates ("May 2024",
"late 2023", "7月11日", "2025年8月", "7月底", "7月中旬").

What it deliberately does not report: a digit glued after letters is part of a name by
construction (GPT-4o, o3-mini, DeepSeek-V3, K2, B200, Llama-3, Gemini-1.5), ordinals
("first", "第二天"), and the article "a"/"一" (一個, 一場) unless a time unit follows
("a year", "一年") or "only" precedes it ("只做了一件"). Everything else is a mention, and
`python -m aifigures coverage` requires each one to be in the ledger or dismissed with a
reason (data/dismissed.csv): names written with a space ("ACL 2025"), list and section
numbers, URLs and idioms are dismissed there, where a reviewer can see them.

Values come from `aifigures.data.numbers.parse_figure`, the parser validation uses, so a
candidate row states the number validation will read from its figure_text.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from aifigures.data.numbers import CN_NUMERAL_CHARS, EN_FRACTION, EN_NUMBERS, EN_SCALES, FigureParseError, parse_figure

QUOTE_LIMIT = 200  # claims.quote max_length in data/dictionary.yml
CONTEXT_CHARS = 40

# --------------------------------------------------------------------------- building blocks

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number that is not the tail of a name or of another number: not after a letter
# ("V3", "o1", "K2"), a letter and a hyphen or dot ("GPT-4o", "GLM-4.5"), or a digit.
LEFT = r"(?<![A-Za-z0-9_])(?<![A-Za-z][-.])(?<!\d[.,])"
CN = "".join(sorted(set(CN_NUMERAL_CHARS)))  # 零〇一二... 十百千 萬万億亿 兩两, financial forms
CN_FINANCIAL = "壹貳贰叁肆伍陸陆柒捌玖拾佰仟"  # banker's numerals, read only in runs of two or more
CN_BIG = r"(?:萬億|万亿|萬|万|億|亿)"
EN_WORD = "|".join(sorted((w for w in list(EN_NUMBERS) + list(EN_SCALES) if w not in ("a", "an")), key=len, reverse=True))
EN_NUM = rf"(?:{EN_WORD})(?:[\s-]+(?:{EN_WORD}))*"
TIME_EN = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)"
TIME_EN_ONE = r"(?:year|month|week|day|hour|minute|decade)"  # not "a second", an ordinal
TIME_CN = r"(?:(?:個|个)(?:月|星期|小時|小时|鐘頭|钟头)|年(?!代)|星期|週|周|天|小時|小时|分鐘|分钟|秒鐘|秒钟|秒)"
CLASSIFIER_CN = r"(?:個|个|位|名|家|款|種|种|項|项|件|次|場|场|輪|轮|張|张|台|臺|部|篇|條|条|份|人|顆|颗|塊|块)"
MONTH_FULL = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
YEAR = r"(?:19\d{2}|20[0-3]\d)"  # 2048 in "2048 H800 GPUs" is a count, not a year
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
CN_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
CN_DAY = r"(?:[12]\d|3[01]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九]|廿[一二三四五六七八九]?)"
STOP_WORDS = frozenset("""
    a an the of or and nor to in on at for by with from into onto about as than then that this these those
    it its is are was were be been being am do does did has have had will would shall should can could may
    might must not no so if but yet more less most least another other others such each every per over under
    up down out off again once here there who whom whose which what when where why how all any both few
    some same own very too just only also even still ever never i you he she we they me him her us them my
    your his our their one's
""".split())

# Suffixes a number takes, in the order they are tried (the first that matches wins).
_EN_UNIT_TAIL = (
    r"(?P<rate>\s?-?tokens?\s?(?:per|/|a)\s?(?:second|sec|s|day)\b|\s?(?:TPS|tok/s)\b)"
    r"|(?P<bytes>\s?(?:GB|TB|PB)(?:/s)?(?![A-Za-z0-9]))"
    r"|(?P<gpus>\s?(?=(?:[HAB]\d{2,3}|GB200)\b))"
    r"|(?P<price>\s?(?:yuan|RMB|CNY|dollars?|USD|cents?)(?:\s?(?:per|/)\s?(?:million|1M|M)\s(?:input\s|output\s)?tokens?)?\b"
    r"|\s?(?:per|/)\s?(?:million|1M|M)\s(?:input\s|output\s)?tokens?\b"
    r"|\s?(?:per|/)\s?(?:thousand|1K|K)\s(?:input\s|output\s)?tokens?\b)"
    r"|(?P<percent>\s?[%％]|\s(?:percent|per\s?cent|percentage points?)\b)"
    r"|(?P<multiple>\s?[x×X](?![A-Za-z0-9])|\s?times\b|-?fold\b)"
    r"|(?P<duration>[\s-]" + TIME_EN + r"\b)"
    r"|(?P<count>[\s-](?:cards?|GPUs?|chips?|accelerators?|servers?|nodes?)\b)"
    r"|(?P<unit>[\s-](?:tokens?|parameters?|params|points?|pts)\b)"
    r"|(?P<hyphen>-[a-z]+(?:-[a-z]+)*\b)"
)
_CN_UNIT_TAIL = (
    r"(?P<cnpercent>\s?[%％])"
    r"|(?P<cnmultiple>\s?倍)"
    r"|(?P<cnprice>\s?(?:多|余|餘)?(?:美元|元|塊錢|块钱|美金))"
    r"|(?P<cnduration>\s?(?:多|余|餘)?" + TIME_CN + r")"
    r"|(?P<cncount>\s?(?:多|余|餘)?(?:張|张)?(?:卡|GPU)|(?:多|余|餘)?" + CLASSIFIER_CN + r")"
    r"|(?P<cnunit>\s?(?:參數|参数|tokens?|token|分(?!之|鐘|钟)))"
)

# (kind, priority, regex). Priority breaks ties between spans of the same length.
_PATTERNS: list[tuple[str, int, re.Pattern]] = []


def _pattern(kind: str, priority: int, regex: str, flags: int = 0) -> None:
    _PATTERNS.append((kind, priority, re.compile(regex, flags)))


# Dates.
_pattern("date", 90, rf"\b(?:(?:early|mid|late|end of|the end of)[\s-]+)?(?:{MONTH_FULL}|May(?=,?\s+\d)|{MONTH_ABBR}(?=\s+\d))"
                     rf"(?:\s+{DAY})?(?:,?\s+{YEAR}(?!\d))?")
_pattern("date", 90, r"\b(?:early|mid|late)[\s-]+May\b")
_pattern("date", 91, rf"(?<![\d.,])(?:[12]\d|3[01]|0?[1-9])\s+(?:{MONTH_FULL}|May|{MONTH_ABBR})\.?,?\s+{YEAR}(?!\d)")  # 28 Jul 2025
_pattern("date", 90, rf"\b(?:early|mid|late)[\s-]+{YEAR}s?(?!\d)", re.I)
_pattern("date", 90, rf"\b(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:this\s+year|last\s+year|{YEAR}(?!\d))", re.I)
_pattern("date", 90, rf"\bQ[1-4]\s?{YEAR}(?!\d)")
_pattern("date", 85, rf"(?<![\w.,/$-]){YEAR}s?(?![\w%％])(?![.,]\d)")
_pattern("date", 92, rf"(?<![\w.-]){YEAR}([-/.])(?:1[0-2]|0?[1-9])\1(?:[12]\d|3[01]|0?[1-9])(?!\d)")
_pattern("date", 92, rf"(?<![\w.-]){YEAR}-(?:0[1-9]|1[0-2])(?![\d.-])")  # 2024-04: a directory page's month
_pattern("date", 92, rf"(?<!\d)(?:{YEAR}年)?(?<![個个\d]){CN_MONTH}月(?:份)?(?:{CN_DAY}[日號号])?(?:底|初|末|中旬|上旬|下旬|中)?")
_pattern("date", 93, rf"(?<!\d){YEAR}\s年\s?{CN_MONTH}\s?月(?:\s?{CN_DAY}\s?[日號号])?(?:底|初|末|中旬|上旬|下旬)?")
_pattern("date", 92, rf"(?<![\d年]\s)(?<![\d年]){CN_MONTH}\s月\s?{CN_DAY}\s?[日號号]")  # "7 月 12 日", spaced, no year
_pattern("date", 91, rf"(?<!\d){YEAR}年(?:代|初|底|末|中)?(?![\d個个])")
# Durations in words.
_pattern("duration", 80, rf"\b(?:{EN_NUM}|{ARABIC}|an?)\s+{TIME_EN}\s+and\s+a\s+half\b", re.I)
_pattern("duration", 80, rf"\b(?:{EN_NUM}|{ARABIC})\s+and\s+a\s+half\s+{TIME_EN}\b", re.I)
_pattern("duration", 80, rf"\ban?\s+{TIME_EN_ONE}(?:\s+or\s+(?:{EN_NUM}))?\b", re.I)
_pattern("duration", 80, rf"\bhalf(?:[\s-]+an?)?[\s-]+{TIME_EN_ONE}\b", re.I)
_pattern("duration", 80, rf"(?:半(?:個|个)?(?:年|月|小時|小时|天)|[{CN}\d]+(?:個|个)?(?:年|月|小時|小时)半)")
# Fractions, percentages and ranks.
_pattern("ratio", 75, rf"[\d.{CN}]+分之[\d.{CN}]+")
_pattern("percent", 76, rf"百分之[\d.{CN}]+")
_pattern("ratio", 74, rf"{LEFT}\d+\s?/\s?\d+(?![\d/])")
# "one fifth of", "a quarter the price of" ("a half" only ends "a year and a half")
_pattern("ratio", 77, rf"\b(?!an?[\s-]half\b)(?:{EN_FRACTION.pattern})\b(?=\s+(?:of|the)\b)", re.I)
_pattern("rank", 70, rf"(?:前|第)(?:\d+|[{CN}]+)(?:名|位)|前(?:[二三四五六七八九十兩两]+|\d+)(?![{CN}\d])")
_pattern("rank", 70, r"(?:\bNo\.|\bnumber|#)\s?\d+\b|\btop[\s-](?:\d+|" + EN_NUM + r")\b", re.I)
# A first place said with a verb: "topped the test sets", "topping the US App Store", 登顶, 榜首.
_pattern("rank", 71, r"\b(?:topped|topping|tops)\b(?=\s+(?:the|a|an|all|both|every|its|their|several|many|multiple)\b)", re.I)
_pattern("rank", 71, r"登顶|登頂|榜首|夺冠|奪冠")
# Arabic numbers with a scale, a range and a unit.
_pattern("number", 50, rf"{LEFT}(?P<cur>(?:US)?\$|¥|￥|€|£)?\s?(?:{ARABIC})(?:\s?(?:-|–|~|～)\s?(?:{ARABIC})|\s+to\s+(?:{ARABIC}))?"
                       rf"(?:[KkMBbT](?![A-Za-z0-9])|\s[BT](?![A-Za-z0-9]|\.[A-Za-z])|\s?[十百千]?{CN_BIG}|[千百](?![分{CN}])"
                       rf"|[\s-](?:[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion)\b)?"
                       rf"(?:{_EN_UNIT_TAIL}|{_CN_UNIT_TAIL})?")
# Chinese numerals.
_pattern("number", 45, rf"(?<![第{CN}])[{CN}]+(?:多|余|餘|幾|几)?(?:{_CN_UNIT_TAIL})?")
# English number words.
_pattern("number", 40, rf"(?<![\w-])(?<!\d\s)(?:an?\s+(?=hundred|thousand|million|billion|trillion))?{EN_NUM}(?![\w])"
                       rf"(?:(?P<wmultiple>\s+times\b)|(?P<wduration>[\s-]+{TIME_EN}\b)|(?P<wunit>\s+(?:points?|percent|tokens?|parameters?)\b)"
                       rf"|(?P<whyphen>-[a-z]+(?:-[a-z]+)*\b)"
                       rf"|(?P<wnoun>\s+(?!(?:" + "|".join(sorted(STOP_WORDS, key=len, reverse=True)) + r")\b)(?-i:[a-z]+)\b))?", re.I)
# A GPU count glued to the GPU's name: "1024H100", "2048H800".
_pattern("gpus", 60, rf"{LEFT}\d+(?:,\d{{3}})*(?=(?:[HAB]\d{{2,3}})(?![A-Za-z0-9]))(?:[HAB]\d{{2,3}})")
# A time of day, or a span of them, is no figure: "08:30-00:30", "12.30am to 8.30am" (a colon needs
# a two-digit hour, so "1:10" stays a ratio).
_CLOCK = r"(?:(?:[01]\d|2[0-4]):[0-5]\d(?:\s?[ap]\.?m\.?)?|\d{1,2}[:.][0-5]\d\s?[ap]\.?m\b\.?)"
_pattern("identifier", 95, rf"{LEFT}{_CLOCK}(?:\s?(?:-|–|~|～|to)\s?{_CLOCK})?(?!\d)", re.I)
# A token that starts with digits and goes on with letters: "4o", "3D", "36Kr".
_pattern("alnum", 10, rf"{LEFT}\d+[A-Za-z][A-Za-z0-9]*")

_TAIL_KINDS = {
    "rate": "number", "bytes": "bytes", "gpus": "gpus", "price": "price", "percent": "percent", "multiple": "multiple", "duration": "duration",
    "count": "count", "unit": "number", "hyphen": "count", "cnpercent": "percent", "cnmultiple": "multiple",
    "cnprice": "price", "cnduration": "duration", "cncount": "count", "cnunit": "number",
    "wmultiple": "multiple", "wduration": "duration", "wunit": "number", "whyphen": "count", "wnoun": "count",
}
_KIND_UNITS = {"bytes": "GB", "date": "date", "duration": "days", "percent": "fraction", "multiple": "x", "ratio": "ratio",
               "rank": "rank", "count": "count"}
_URL = re.compile(r"https?://\S+|www\.\S+")
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")
_ONLY_BEFORE = re.compile(r"(?:只|僅|仅|唯)[^，。,.!?！？]{0,2}$")
_QUALIFIERS = [
    ("over", re.compile(r"(?:just over|over|more than|above|exceeding|at least|超過|超过|逾|多于|多於)\s*$", re.I)),
    ("up_to", re.compile(r"(?:up to|at most|as many as|as much as|最高|最多|高達|高达)\s*$", re.I)),
    ("approx", re.compile(r"(?:about|around|roughly|approximately|nearly|almost|some|close to|~|約|约|近|將近|将近|大約|大约)\s*$", re.I)),
]


@dataclass(frozen=True)
class Mention:
    """One number as an article writes it, where it is, and what the parser reads in it."""

    start: int
    end: int
    text: str
    kind: str  # date, duration, ratio, percent, multiple, price, count, rank, number, identifier, alnum
    value: float | str | None  # a number, a partial date ("2024-05", "--07-11"), or None
    unit: str | None
    context: str  # an exact substring of the text around the mention, on its own line
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"


# --------------------------------------------------------------------------- finding

def find_mentions(text: str, this_year: int | None = None) -> list[Mention]:
    """Every numeric mention in `text`, in order of position, none overlapping.

    this_year resolves dates written without a year ("7月11日", "late July") as
    parse_figure does; without it such dates read as "--07-11".
    """
    candidates = []
    for kind, priority, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if start >= end or not _accept(text, m, kind, start, end):
                continue
            candidates.append((start, end, _refine_kind(kind, m, text[start:end]), priority))
    # Longest span first; then the more specific pattern; then the earlier one.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[3], c[0]))
    taken: list[tuple[int, int, str]] = []
    occupied = bytearray(len(text) + 1)
    for start, end, kind, _ in candidates:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\x01" * (end - start)
        taken.append((start, end, kind))
    urls = [m.span() for m in _URL.finditer(text)]
    mentions = []
    for start, end, kind in sorted(taken):
        if any(a <= start and end <= b for a, b in urls) or _ARXIV.fullmatch(text[start:end]):
            kind = "identifier"
        mentions.append(_mention(text, start, end, kind, this_year))
    return mentions


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces, and a trailing '.' or ',' that ends a sentence rather than a number."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,"):
        end -= 1
    return start, end


def _accept(text: str, m: re.Match, kind: str, start: int, end: int) -> bool:
    span = text[start:end]
    if kind == "number" and re.match(rf"[{CN}]", span):
        run = re.match(rf"[{CN}]+", span).group(0)
        if len(run) == 1 and run in CN_FINANCIAL:
            return False  # 陸續, 大陸, 隊伍, 收拾: the financial forms are everyday words alone
        if set(run) <= {"一", "壹"}:
            # The article "一" (一個, 一場, 下一個, 統一) is not a figure; "一年", "一倍" and
            # "只做了一件" are.
            timed = m.group("cnduration") or m.group("cnmultiple") or m.group("cnpercent")
            only = m.group("cncount") and _ONLY_BEFORE.search(text[max(0, start - 4):start])
            return bool(timed or only)
    return True


def _refine_kind(kind: str, m: re.Match, span: str) -> str:
    """The kind a number pattern's match has, from the suffix that matched."""
    if kind != "number":
        return kind
    groups = {k: v for k, v in m.groupdict().items() if v}
    if groups.get("cur"):
        return "price"
    for name, tail_kind in _TAIL_KINDS.items():
        if groups.get(name):
            if tail_kind == "duration" and re.fullmatch(rf"{YEAR}\s?年", span):
                return "date"  # "2025年" is a year, "3年" a duration
            return tail_kind
    return "number"


def _mention(text: str, start: int, end: int, kind: str, this_year: int | None) -> Mention:
    span = text[start:end]
    value = low = high = None
    unit = None
    if kind == "bytes":
        return _bytes_mention(text, start, end, span)
    if kind == "gpus":  # "4 H20 GPUs", "1024H100": a count of GPUs
        digits = re.match(r"[\d,.]+(?:\s?[KkM](?![A-Za-z0-9]))?", span)
        try:
            text_number = digits.group(0).replace(",", "") if digits else ""
            number = float(text_number) if re.fullmatch(r"[\d.]+", text_number) else (parse_figure(text_number).value if digits else None)
        except (FigureParseError, ValueError):
            number = None
        return Mention(start=start, end=end, text=span, kind="number", value=number, unit="GPUs",
                       context=context_of(text, start, end), qualifier=_qualifier(text, start, end, "count"))
    if kind == "number" and re.search(r"\d-(?:thousand|million|billion|trillion)\b", span):
        span_parsed = re.sub(r"(\d)-(thousand|million|billion|trillion)\b", r"\1 \2", span)
        span_parsed = re.sub(r"-[a-z]+(?:-[a-z]+)*$", lambda t: " " + t.group(0)[1:].replace("-", " "), span_parsed)
    elif kind == "number" and re.search(r"\d\s[BT](?![A-Za-z0-9])", span):
        span_parsed = re.sub(r"(\d)\s([BT])(?![A-Za-z0-9])", r"\1\2", span)  # "355 B" is 355B
    else:
        span_parsed = span
    # "2025 年 7 月": the parser reads the date written without its spaces
    parsed = re.sub(r"\s*([年月日號号])\s*", r"\1", span) if kind == "date" else span_parsed
    try:
        reading = parse_figure(parsed, this_year=this_year)
    except (FigureParseError, ValueError, KeyError, ZeroDivisionError):
        reading = None
    if reading is not None:
        if reading.date is not None:
            value, unit = reading.date, "date"
        elif kind != "date":
            value, low, high, unit = reading.value, reading.low, reading.high, reading.unit
    if kind == "date" and value is None:
        value = _numeric_date(span)
        unit = "date" if value else None
    if unit is None and kind not in ("identifier", "alnum"):
        unit = _KIND_UNITS.get(kind) or _unit_nearby(text, start, end)
    qualifier = "range" if low is not None and high is not None else _qualifier(text, start, end, kind)
    return Mention(start=start, end=end, text=span, kind=kind, value=value, unit=unit,
                   context=context_of(text, start, end), low=low, high=high, qualifier=qualifier)


_BYTES = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s?(GB|TB|PB)(/s)?")
_BYTE_SCALE = {"GB": 1.0, "TB": 1000.0, "PB": 1e6}


def _bytes_mention(text: str, start: int, end: int, span: str) -> Mention:
    """A memory size in GB (1.7TB is 1,700 GB) or a bandwidth in TB/s (900GB/s is 0.9 TB/s)."""
    m = _BYTES.search(span)
    number = float(m.group(1).replace(",", "")) * _BYTE_SCALE[m.group(2)] if m else None
    unit = "TB/s" if m and m.group(3) else "GB"
    if number is not None and unit == "TB/s":
        number /= 1000.0
    return Mention(start=start, end=end, text=span, kind="bytes", value=number, unit=unit,
                   context=context_of(text, start, end), qualifier=_qualifier(text, start, end, "bytes"))


def _numeric_date(span: str) -> str | None:
    m = re.fullmatch(rf"({YEAR})[-/.](\d{{1,2}})[-/.](\d{{1,2}})", span)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.fullmatch(rf"({YEAR})-(0[1-9]|1[0-2])", span)
    return f"{m.group(1)}-{m.group(2)}" if m else None


_NEARBY_UNITS = [
    (re.compile(r"parameters?|params|參數|参数", re.I), "parameters"),
    (re.compile(r"\bcards?\b|\bGPUs?\b|卡", re.I), "GPUs"),
    (re.compile(r"tokens?\b", re.I), "tokens"),
    (re.compile(r"yuan|元", re.I), "CNY"),
]


def _unit_nearby(text: str, start: int, end: int) -> str | None:
    """The unit a bare number is counted in, from the words around it in its clause."""
    clause_start, clause_end = _clause_bounds(text, start, end)
    after = text[end:min(clause_end, end + 20)]
    before = text[max(clause_start, start - 12):start]
    for window in (after, before):
        for pattern, unit in _NEARBY_UNITS:
            if pattern.search(window):
                return unit
    return None


def _qualifier(text: str, start: int, end: int, kind: str) -> str:
    """exact, approx, over or up_to, from the words just before the mention (and a date's own words)."""
    if kind == "date" and re.search(r"^(?:the\s+)?(?:early|mid|late|end of|the end of|first half|second half)|(?:底|初|末|中旬|上旬|下旬|中)$",
                                    text[start:end], re.I):
        return "approx"
    before = text[max(0, start - 14):start]
    for name, pattern in _QUALIFIERS:
        if pattern.search(before):
            return name
    return "exact"


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """An exact substring of `text` around [start, end), not crossing a line end."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[max(line_start, start - width):min(line_end, end + width)]


def unique_context(text: str, start: int, end: int, pad: int = 3) -> str:
    """A short substring around [start, end) that occurs once in `text`: grown until it is
    unique, then out to whole words (or `pad` more characters of Chinese), on the mention's
    line when the line allows. Used to write a dismissal's context."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = line_start, line_end
    left, right = start, end
    while _occurrences(text, text[left:right]) > 1:
        if left == lo and right == hi:
            if (lo, hi) == (0, len(text)):
                break
            lo, hi = 0, len(text)  # the whole line repeats: cross line ends
        left, right = max(lo, left - 1), min(hi, right + 1)
    # Out to word boundaries (English) or a few characters (Chinese), at most 15 each side.
    for _ in range(15):
        if left > lo and (text[left - 1].isalnum() and text[left - 1].isascii() or left > start - pad):
            left -= 1
    for _ in range(15):
        if right < hi and (text[right].isalnum() and text[right].isascii() or right < end + pad):
            right += 1
    trimmed = text[left:right].strip()
    return trimmed if _occurrences(text, trimmed) == 1 else text[left:right]


def _occurrences(text: str, needle: str) -> int:
    """How many times needle occurs in text, overlapping occurrences included."""
    if not needle:
        return 0
    count, i = 0, text.find(needle)
    while i >= 0:
        count += 1
        i = text.find(needle, i + 1)
    return count


# --------------------------------------------------------------------------- quotes

# Full-width stops always end a sentence; ASCII ones when no letter or digit follows
# (a mangled byte shows as "?" inside a Chinese word, "9.11" is a number).
_SENTENCE_END = re.compile(r"[。！？]|[!?](?![A-Za-z0-9])|(?<!\betc)(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)\.(?=\s|$|[\"'”’)])|\n")
# a spaced middle dot or bullet separates the items of a spec line ("Released July 2025 · Updated May 16, 2026")
_CLAUSE_SEP = re.compile(r"[,，、;；:：()（）“”]|\s[—–-]\s|—|\s[·•]\s")


@lru_cache(maxsize=2)
def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Start and end of every sentence end in the text, found once per text (a 10,000-word
    article has thousands of mentions; scanning from the top for each was quadratic)."""
    found = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    # the last sentence end before `start`, as a search of text[:start] finds it: the same
    # matches as in the whole text, except one just before `start`, which the cut decides
    starts, ends = _sentence_ends(text)
    i = bisect.bisect_left(starts, start - 1)
    s = ends[i - 1] if i else 0
    last = _SENTENCE_END.search(text, max(0, start - 1), start)
    if last:
        s = last.end()
    m = _SENTENCE_END.search(text, end)
    e = len(text) if m is None else (m.start() if m.group(0) == "\n" else m.end())
    return s, e


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s, e = _sentence_bounds(text, start, end)
    cs = s
    for m in _CLAUSE_SEP.finditer(text, s, start):
        cs = m.end()
    m = _CLAUSE_SEP.search(text, end, e)
    ce = e if m is None else m.start()
    return cs, ce


def quote_for(text: str, start: int, end: int, limit: int = QUOTE_LIMIT) -> str:
    """The sentence around [start, end), or as many of its clauses as fit in `limit`
    characters, trimmed; always an exact substring of `text` containing the mention."""
    s, e = _sentence_bounds(text, start, end)
    if _stripped_len(text, s, e) > limit:
        seps = [m for m in _CLAUSE_SEP.finditer(text, s, e)]
        cuts_left = [m.end() for m in seps if m.end() <= start]
        cuts_right = [m.start() for m in seps if m.start() >= end]
        qs = cuts_left[-1] if cuts_left else s
        qe = cuts_right[0] if cuts_right else e
        # Grow by whole clauses while the quote fits: left first, then right.
        lefts = [c for c in reversed(cuts_left[:-1])] + [s] if cuts_left else []
        rights = cuts_right[1:] + [e] if cuts_right else []
        grown = True
        while grown:
            grown = False
            if lefts and _stripped_len(text, lefts[0], qe) <= limit:
                qs = lefts.pop(0)
                grown = True
            if rights and _stripped_len(text, qs, rights[0]) <= limit:
                qe = rights.pop(0)
                grown = True
        if _stripped_len(text, qs, qe) > limit:
            qs, qe = _window(text, start, end, limit, s, e)
        s, e = qs, qe
    s, e = _strip_bounds(text, s, e)
    return text[s:e]


def _strip_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",，、;；:："):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",，、;；:：—"):
        e -= 1
    return s, e


def _stripped_len(text: str, s: int, e: int) -> int:
    s, e = _strip_bounds(text, s, e)
    return e - s


def _window(text: str, start: int, end: int, limit: int, lo: int, hi: int) -> tuple[int, int]:
    """At most `limit` characters of text[lo:hi] centred on the mention, cut at spaces where there are any."""
    room = max(0, limit - (end - start))
    s = max(lo, start - room // 2)
    e = min(hi, s + limit)
    s = max(lo, min(s, e - limit))
    if s > lo and " " in text[s:start]:
        s = text.index(" ", s, start) + 1
    if e < hi and " " in text[end:e]:
        e = text.rindex(" ", end, e)
    return s, e


# --------------------------------------------------------------------------- candidate rows

CLAIM_COLUMNS = ["claim_id", "article_id", "quote", "quote_en", "figure_text", "entity_id", "metric", "benchmark",
                 "comparator_id", "direction", "unit_stated", "value", "unit", "qualifier", "value_low",
                 "value_high", "refers_to", "kind", "claim_type", "notes"]


def article_id_for(path: Path | str) -> str:
    """A + the three digits the file name starts with ("004_55f2...txt" -> "A004"), or ""."""
    m = re.match(r"(\d{3})_", Path(path).name)
    return f"A{m.group(1)}" if m else ""


def read_article(path: Path | str) -> str:
    """An article text as validation reads it (UTF-8; undecodable bytes replaced)."""
    return Path(path).read_bytes().decode("utf-8", errors="replace")


def article_year(article_id: str, data_dir: Path | None = None) -> int | None:
    """The year of the article's published_date in articles.csv, when it is listed there."""
    from aifigures import config

    path = Path(data_dir or config.DATA_DIR) / "articles.csv"
    if not article_id or not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("article_id") == article_id and re.match(r"\d{4}", row.get("published_date", "")):
                return int(row["published_date"][:4])
    return None


_PARSER_DOUBTS = [
    (re.compile(r"％"), "parse_figure does not read the full-width ％"),
    (re.compile(r"美元|美金"), "parse_figure reads 美元 as CNY"),
    (re.compile(r"年半|月半|^半"), "parse_figure does not read 半 (half)"),
]


def parser_doubts(m: Mention) -> list[str]:
    """Known shapes parse_figure reads wrongly or not at all, so a curator checks the value."""
    doubts = [why for pattern, why in _PARSER_DOUBTS if pattern.search(m.text)]
    if m.kind == "date" and m.value is None:
        doubts.append("parse_figure reads no date")
    return doubts


def _cell(number: float | None) -> str:
    if number is None:
        return ""
    return f"{number:.10g}" if number != int(number) or abs(number) >= 1e16 else str(int(number))


def candidate_rows(path: Path | str, this_year: int | None = None, data_dir: Path | None = None) -> list[dict]:
    """One candidate ledger row per mention in the article at `path` (claims.csv columns).

    claim_id, entity_id and the judgement columns are left for the curator; quote is the
    sentence or clause around the mention (<= 200 characters, verbatim), figure_text the
    mention, value and unit what parse_figure reads in it."""
    text = read_article(path)
    article_id = article_id_for(path)
    year = this_year if this_year is not None else article_year(article_id, data_dir)
    known_units = None
    try:
        from aifigures.data.dictionary import load_dictionary

        known_units = set(load_dictionary().vocabularies["unit"])
    except (OSError, KeyError):
        pass
    rows = []
    for m in find_mentions(text, this_year=year):
        row = dict.fromkeys(CLAIM_COLUMNS, "")
        notes = [f"candidate {m.kind}"]
        row.update(article_id=article_id, quote=quote_for(text, m.start, m.end), figure_text=m.text,
                   qualifier=m.qualifier)
        unit = m.unit if (known_units is None or m.unit in known_units) else None
        row["unit"] = unit or ""
        if isinstance(m.value, str):
            if m.value.startswith("--"):
                notes.append(f"reads as {m.value}: the year is not in the text")
            else:
                row["value"] = m.value
        elif m.low is not None and m.high is not None:
            row["value_low"], row["value_high"] = _cell(m.low), _cell(m.high)
        else:
            row["value"] = _cell(m.value)
        doubts = parser_doubts(m)
        if m.value is None and m.low is None and not doubts:
            doubts.append("parse_figure reads no value")
        notes += [f"check: {d}" for d in doubts]
        row["notes"] = "; ".join(notes)
        rows.append(row)
    return rows


def write_rows(rows: list[dict], out=None) -> None:
    """Write the rows to `out` (default: stdout) as CSV with the claims.csv header."""
    out = out or sys.stdout
    writer = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


# --------------------------------------------------------------------------- command line

def cmd_extract(args: argparse.Namespace) -> int:
    """Print the candidate ledger rows of each article as CSV with the claims.csv header."""
    rows, status = [], 0
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            print(f"extract: {name}: no such file", file=sys.stderr)
            status = 1
            continue
        if not article_id_for(path):
            print(f"extract: {name}: the file name does not start with three digits and '_' (NNN_...); article_id left empty",
                  file=sys.stderr)
        rows += candidate_rows(path, this_year=getattr(args, "year", None))
    buffer = io.StringIO()
    write_rows(rows, buffer)
    sys.stdout.write(buffer.getvalue())
    return status
