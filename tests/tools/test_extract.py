"""The figure extractor (aifigures.tools.extract) and the coverage check (aifigures.tools.coverage).

Every kind of mention on small texts written here; Chinese numerals in both scripts round-trip
through find_mentions and the parser; coverage is complete on the five articles; and a
walkthrough adds a sixth article end to end: extract, curate, dismiss, coverage, validate."""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aifigures.data.numbers import parse_chinese_numeral
from aifigures.tools import coverage
from aifigures.tools.extract import CLAIM_COLUMNS, article_id_for, candidate_rows, find_mentions, quote_for, unique_context

from ..conftest import DATA, ROOT, articles_dir
from ..data.test_numbers import to_chinese


def only_mention(text: str, this_year: int | None = None):
    found = find_mentions(text, this_year=this_year)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


def mention(text: str, figure: str, this_year: int | None = None):
    found = [m for m in find_mentions(text, this_year=this_year) if m.text == figure]
    assert found, f"{figure!r} not found in {text!r}: {[m.text for m in find_mentions(text, this_year=this_year)]}"
    return found[0]


# --------------------------------------------------------------------------- each kind

KINDS = [
    # text, mention as found, kind, value, unit
    ("總參數量達到1.04萬億,", "1.04萬億", "number", 1.04e12, "parameters"),
    ("总参数量达到1.04万亿,", "1.04万亿", "number", 1.04e12, "parameters"),
    ("但激活參數僅為320億。", "320億", "number", 3.2e10, "parameters"),
    ("激活参数仅为320亿。", "320亿", "number", 3.2e10, "parameters"),
    ("日調用量超過 100 億 token,", "100 億 token", "number", 1e10, "tokens"),
    ("一套萬億參數混合專家架構", "萬億參數", "number", 1e12, "parameters"),
    ("门票炒到了单日千元", "千元", "price", 1000, "CNY"),
    ("價格僅為Claude Sonnet的五分之一。", "五分之一", "ratio", 0.2, "ratio"),
    ("有百分之六十的用户", "百分之六十", "percent", 0.6, "fraction"),
    ("推理速度提升3倍", "3倍", "multiple", 3, "x"),
    ("參展商數量暴漲了60%。", "60%", "percent", 0.6, "fraction"),
    ("登上增長榜前兩名,", "前兩名", "rank", 2, "rank"),
    ("该模型可连续思考3分钟", "3分钟", "duration", 3 / 1440, "days"),
    ("所以Kimi只做了一件創新", "一件", "count", 1, "count"),
    ("It costs 1/5 as much.", "1/5", "ratio", 0.2, "ratio"),
    ("achieving 3x acceleration", "3x", "multiple", 3, "x"),
    ("up to 11 times inference acceleration", "11 times", "multiple", 11, "x"),
    ("the promise of 20-30x power", "20-30x", "multiple", None, "x"),
    ("a 671B parameter MoE", "671B parameter", "number", 6.71e11, "parameters"),
    ("supporting up to 128K token processing", "128K token", "number", 128_000, "tokens"),
    ("input at $0.60 per million tokens", "$0.60 per million tokens", "price", 0.6, "USD/Mtok"),
    ("a list price of $0.60.", "$0.60", "price", 0.6, "USD"),
    ("pricing (2 yuan per million tokens)", "2 yuan per million tokens", "price", 2, "CNY/Mtok"),
    ("it charged 2 yuan.", "2 yuan", "price", 2, "CNY"),
    ('NVIDIA\'s "100,000-card cluster"', "100,000-card", "count", 100_000, "GPUs"),
    ("orders for over 130,000 B200 cards", "130,000", "number", 130_000, "GPUs"),
    ("60 tokens per second", "60 tokens per second", "number", 60, "tokens/s"),
    ("no progress for over six months", "six months", "duration", 182.625, "days"),
    ("they spent a year and a half teaching", "a year and a half", "duration", 547.875, "days"),
    ("choose between two models", "two models", "count", 2, "count"),
    ("by more than ten points,", "ten points", "number", 10, "points"),
    ("even if the cost were ten times higher", "ten times", "multiple", 10, "x"),
    ("just over a week ago", "a week", "duration", 7, "days"),
    ("developed over nearly 10 years", "10 years", "duration", 3652.5, "days"),
    ("in a year or two,", "a year or two", "duration", None, "days"),
    ("over the last half-year,", "half-year", "duration", 182.625, "days"),
]


@pytest.mark.parametrize("text, figure, kind, value, unit", KINDS, ids=[k[1] for k in KINDS])
def test_finds_each_kind_of_mention(text, figure, kind, value, unit):
    m = only_mention(text)
    assert (m.text, m.kind, m.unit) == (figure, kind, unit)
    assert text[m.start:m.end] == m.text
    if value is None:
        assert m.value is None and m.low is not None and m.high is not None
    else:
        assert math.isclose(m.value, value, rel_tol=1e-9)


DATES = [
    ("The DeepSeek-V2 series in May 2024 addressed", "May 2024", None, "2024-05"),
    ("DeepSeek-V3 appeared in December 2024 with", "December 2024", None, "2024-12"),
    ("in a late 2023 interview", "late 2023", None, "2023"),
    ("If we go back to 2017, AlphaGo", "2017", None, "2017"),
    ("In late July this year, the paper", "late July", 2025, "2025-07"),
    ("since the second half of 2024, the", "the second half of 2024", None, "2024"),
    ("by the first half of this year, with", "the first half of this year", 2024, "2024"),
    ("released on 2024-12-26.", "2024-12-26", None, "2024-12-26"),
    ("Kimi在7月11日正式發布K2模型", "7月11日", 2025, "2025-07-11"),
    ("Kimi在7月11日正式發布K2模型", "7月11日", None, "--07-11"),
    ("GPT-5將于2025年8月發布。", "2025年8月", None, "2025-08"),
    ("7月底的上海,疲勞與抓狂并存。", "7月底", 2025, "2025-07"),
    ("7月中旬,英國《自然》雜志", "7月中旬", 2025, "2025-07"),
    ("在7月28日凌晨,智譜帶來了", "7月28日", 2025, "2025-07-28"),
    ("2024年发布", "2024年", None, "2024"),
]


@pytest.mark.parametrize("text, figure, year, date", DATES, ids=[f"{d[1]}-{d[2]}" for d in DATES])
def test_finds_dates(text, figure, year, date):
    m = only_mention(text, this_year=year)
    assert (m.text, m.kind, m.value, m.unit) == (figure, "date", date, "date")


@pytest.mark.parametrize("text, qualifier", [
    ("supporting up to 128K token processing", "up_to"),
    ("日調用量超過 100 億 token", "over"),
    ("developed over nearly 10 years", "approx"),
    ("In late July this year", "approx"),
    ("7月中旬,英國", "approx"),
    ("a 671B parameter MoE", "exact"),
])
def test_guesses_the_qualifier(text, qualifier):
    assert only_mention(text).qualifier == qualifier


@pytest.mark.parametrize("text", [
    "GPT-4o, o3-mini, Llama-3, K3, B200, DeepSeek-V3, GLM-4.5, Gemini-1.5, Grok4, DSv3 and o1.",
    "Kimi K2基本上是DeepSeek V3,在K3、K4再見了。",
    "這是一場盛會,又一個DeepSeek時刻,下一個o1,統一智能,一擁而上,張一鳴。",  # 一 as an article or in words
    "第二天全班人馬拉足火力,大陸,陸續,隊伍。",  # ordinals; banker's numerals alone are words
    "for the first time, the second question, First, it is",  # ordinals in English
    "The emergence of DeepSeek has sent ripples; weekly alignment, a fraction.",
])
def test_names_ordinals_and_articles_are_not_mentions(text):
    assert find_mentions(text) == []


@pytest.mark.parametrize("text, figure, kind", [
    ("won the Best Paper Award at ACL 2025.", "2025", "date"),  # a name with a space: dismissed as part_of_name
    ("at “4o level speed,”", "4o", "alnum"),
    ("https://arxiv.org/abs/2502.11089", "2502.11089", "identifier"),
    ("see arXiv:2412.19437 for details", "2412.19437", "identifier"),
    ("01 GPT-5: Performance Leader", "01", "number"),
    ("It might have possessed: 1. Knowledge", "1", "number"),
    ('problems like "is 9.9 > 9.11" wrong', "9.9", "number"),
    ("伏脈千里", "千", "number"),
    ("summarized in three words", "three words", "count"),
    ("北京时间每日00:30-08:30为错峰时段", "00:30-08:30", "identifier"),  # times of day are no figures
    ("From the hours of 12.30am to 8.30am China time", "12.30am to 8.30am", "identifier"),
    ("UTC 16:30 daily", "16:30", "identifier"),
])
def test_numbers_a_reviewer_dismisses_are_still_found(text, figure, kind):
    m = mention(text, figure)
    assert m.kind == kind


def test_a_mangled_byte_does_not_hide_a_figure():
    found = [m.text for m in find_mentions("該模型可?思考3分鐘?處理超過 100 億 token?并")]
    assert found == ["3分鐘", "100 億 token"]


def test_mentions_are_exact_ordered_and_disjoint():
    text = ("DeepSeek-V3 appeared in December 2024 with a 671B parameter MoE architecture, achieving 3x "
            "acceleration of 60 tokens per second. Kimi在7月11日發布K2,總參數量達到1.04萬億,價格僅為五分之一。")
    found = find_mentions(text)
    assert [m.text for m in found] == ["December 2024", "671B parameter", "3x", "60 tokens per second",
                                       "7月11日", "1.04萬億", "五分之一"]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for m in found:
        assert text[m.start:m.end] == m.text and m.text in m.context and m.context in text


# --------------------------------------------------------------------------- round trips

@given(st.integers(min_value=2, max_value=10**12 - 1), st.booleans(),
       st.sampled_from([("速度提升了", "倍", "x", 1.0), ("总共用了", "年", "days", 365.25),
                        ("模型共有", "個參數", "count", 1.0), ("共有", "个参数", "count", 1.0)]))
def test_chinese_numerals_round_trip_through_find_mentions(n, traditional, frame):
    before, after, unit, factor = frame
    numeral = to_chinese(n, traditional)
    text = f"據報道,{before}{numeral}{after}。"
    m = only_mention(text)
    assert m.text.startswith(numeral)
    assert parse_chinese_numeral(numeral) == n
    assert m.unit == unit
    assert math.isclose(m.value, n * factor, rel_tol=1e-12)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["萬", "万", "億", "亿", "萬億", "万亿"]),
       st.sampled_from(["參數", "参数", " token"]), st.booleans())
def test_arabic_digits_with_chinese_units_round_trip(n, big, unit_word, space):
    scale = {"萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8, "萬億": 1e12, "万亿": 1e12}[big]
    figure = f"{n}{' ' if space else ''}{big}{unit_word}"
    m = only_mention(f"總量達到{figure},")
    assert m.text == figure.strip()
    assert math.isclose(m.value, n * scale, rel_tol=1e-12)
    assert m.unit == ("tokens" if "token" in unit_word else "parameters")


@given(st.integers(min_value=1_000, max_value=10**9))
def test_arabic_thousands_round_trip(n):
    m = only_mention(f"orders for over {n:,} B200 cards")
    assert m.text == f"{n:,}" and m.value == n and m.qualifier == "over"


ALPHABET = st.sampled_from(list("0123456789.,-/%x年月日萬億万亿千百十一二三兩五分之倍 ?。,\nabcKBM$") + ["May 2024", "token", "six months"])


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_any_text_gives_exact_disjoint_mentions_and_quotes(text):
    found = find_mentions(text)
    last = 0
    for m in found:
        assert last <= m.start < m.end and text[m.start:m.end] == m.text
        last = m.end
        quote = quote_for(text, m.start, m.end)
        assert m.text in quote and quote in text and len(quote) <= 200
        context = unique_context(text, m.start, m.end)
        assert m.text in context and text.count(context) >= 1


# --------------------------------------------------------------------------- candidate rows

def test_quote_is_the_sentence_or_clauses_that_fit():
    text = ("First sentence here. " + "Filler words, " * 30 + "and the model has 671B parameters, "
            + "more filler, " * 30 + "end. Last sentence.")
    m = mention(text, "671B parameters")
    quote = quote_for(text, m.start, m.end)
    assert "671B parameters" in quote and quote in text and len(quote) <= 200
    assert quote_for("A short one: 3x faster. Next.", 13, 15) == "A short one: 3x faster."


def test_candidate_rows(tmp_path):
    path = tmp_path / "007_example.txt"
    path.write_text("DeepSeek-V3 appeared in December 2024 with a 671B parameter MoE architecture.\n"
                    "Kimi在7月11日發布K2模型。\n", encoding="utf-8")
    rows = candidate_rows(path)
    assert [r["figure_text"] for r in rows] == ["December 2024", "671B parameter", "7月11日"]
    assert {r["article_id"] for r in rows} == {"A007"} and {r["claim_id"] for r in rows} == {""}
    assert list(rows[0]) == CLAIM_COLUMNS
    assert (rows[1]["value"], rows[1]["unit"]) == ("671000000000", "parameters")
    assert rows[2]["value"] == "" and "year is not in the text" in rows[2]["notes"]
    assert candidate_rows(path, this_year=2025)[2]["value"] == "2025-07-11"
    for r in rows:
        assert r["quote"] in path.read_text(encoding="utf-8") and r["figure_text"] in r["quote"]
    assert article_id_for("004_55f2f3c2ef0408c3.txt") == "A004" and article_id_for("notes.txt") == ""


def test_claims_header_is_the_extract_header():
    with (DATA / "claims.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == CLAIM_COLUMNS


@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")
def test_candidate_quotes_are_verbatim_short_and_carry_the_figure():
    for path in sorted(articles_dir().glob("[0-9][0-9][0-9]_*.txt")):
        text = path.read_text(encoding="utf-8")
        for row in candidate_rows(path):
            assert row["quote"] in text and row["figure_text"] in row["quote"] and len(row["quote"]) <= 200


# --------------------------------------------------------------------------- coverage

@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR=/path/to/articles)")
def test_coverage_is_complete_on_the_five_articles():
    report = coverage.check(articles_dir=articles_dir())
    assert len(report.articles) == 5
    assert report.problems == []
    uncovered = {a.article_id: [m.text for m in a.uncovered] for a in report.articles if a.uncovered}
    assert uncovered == {}
    for a in report.articles:
        assert len(a.ledger) > 0 and len(a.ledger) + len(a.dismissed) == len(a.mentions)


def test_coverage_without_article_texts_says_so(tmp_path):
    report = coverage.check(articles_dir=tmp_path / "missing")
    assert report.ok and report.articles == [] and "not found" in report.notes[0]


def _add_article(data: Path, articles: Path, name: str, text: str, year: str = "2025-08") -> str:
    """Write an article text and its articles.csv row; return its article_id."""
    articles.mkdir(exist_ok=True)
    (articles / name).write_text(text, encoding="utf-8")
    article_id = article_id_for(name)
    with (data / "articles.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [article_id, name, "[a test article]", "unknown", "unknown", year, "month",
             "written by the test", "zh-Hans", "false", ""])
    return article_id


def _only_articles(data: Path, keep: set[str]) -> None:
    """Drop every row of the other articles (when their texts are not available)."""
    for table, key in (("articles", "article_id"), ("claims", "article_id"), ("dismissed", "article_id"),
                       ("overrides", "claim_id")):
        path = data / f"{table}.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        fields = next(csv.reader(path.open(encoding="utf-8")))
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(r for r in rows if r[key][:4] in keep)


def _private_articles(tmp_path: Path, data: Path) -> Path:
    """An ARTICLES_DIR of our own: the five texts when present, else only what the test writes."""
    target = tmp_path / "articles"
    target.mkdir()
    if articles_dir():
        for path in articles_dir().glob("[0-9][0-9][0-9]_*"):
            shutil.copy(path, target / path.name)
    else:
        _only_articles(data, keep=set())
    return target


def test_coverage_flags_uncovered_mentions_and_stale_dismissals(data_copy, tmp_path):
    arts = _private_articles(tmp_path, data_copy)
    aid = _add_article(data_copy, arts, "008_check.txt", "它有671B參數,速度提升3倍,在ACL 2025獲獎。\n第二段:3倍。\n")
    with (data_copy / "dismissed.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([aid, "2025", "ACL 2025", "part_of_name", "the conference"])
        w.writerow([aid, "3倍", "3倍", "not_a_figure", "context occurs twice"])
        w.writerow([aid, "671B", "它有671B", "not_a_figure", "the extractor reads 671B參數"])
    report = coverage.check(data_dir=data_copy, articles_dir=arts)
    article = next(a for a in report.articles if a.article_id == aid)
    assert [m.text for m in article.uncovered] == ["671B參數", "3倍", "3倍"]
    assert len(article.dismissed) == 1
    messages = [p.message for p in report.problems]
    assert any("occurs 2 times" in msg for msg in messages)
    assert any("no mention '671B'" in msg and "'671B參數'" in msg for msg in messages)
    assert not report.ok


def _run_command(command: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    """`python -m aifigures <command> ...`, as the README tells a user to run it."""
    return subprocess.run([sys.executable, "-m", "aifigures", command, *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600)


WALKTHROUGH = """开源模型观察 2025

01 规模
DeepSeek-V3于2024年12月发布,总参数6710亿,激活参数370亿,速度是DeepSeek-V2的3倍。DeepSeek团队只用了两个月完成训练。
02 价格
Kimi K2在7月11日发布,API价格仅为Claude Sonnet 4的五分之一。这句话被引用了一百次。
"""

# figure_text -> what the curator decides: entity, metric, comparator, kind, claim_type
PICKED = {
    "2024年12月": ("deepseek-v3", "release_date", "", "core", "fact"),
    "6710亿": ("deepseek-v3", "params_total", "", "core", "fact"),
    "370亿": ("deepseek-v3", "params_active", "", "core", "fact"),
    "3倍": ("deepseek-v3", "speedup", "deepseek-v2", "core", "fact"),
    "两个月": ("deepseek-v3", "duration", "", "context", "fact"),
    "7月11日": ("kimi-k2", "release_date", "", "core", "fact"),
    "五分之一": ("kimi-k2", "price_ratio", "claude-sonnet-4", "core", "fact"),
}
# the curator's own English gloss of each kept quote (required for a non-English article)
GLOSS = {"2024年12月": "DeepSeek-V3 was released in December 2024", "6710亿": "671 billion total parameters",
         "370亿": "37 billion activated parameters", "3倍": "three times the speed of DeepSeek-V2",
         "两个月": "the DeepSeek team took only two months to finish training",
         "7月11日": "Kimi K2 was released on 11 July", "五分之一": "an API price only one fifth of Claude Sonnet 4's"}
UNITS = {"release_date": "date", "params_total": "parameters", "params_active": "parameters", "speedup": "x",
         "duration": "days", "price_ratio": "ratio"}
DISMISS = {"2025": "article_metadata", "01": "section_number", "02": "section_number", "4": "part_of_name",
           "一百次": "not_a_figure"}


def test_walkthrough_a_sixth_article(data_copy, tmp_path, cli_here):
    arts = _private_articles(tmp_path, data_copy)
    env = {"AIFIGURES_DATA_DIR": str(data_copy), "ARTICLES_DIR": str(arts)}
    aid = _add_article(data_copy, arts, "005_walkthrough.txt", WALKTHROUGH)
    assert aid == "A005"

    # Before curation the new article's mentions are uncovered and coverage fails.
    before = cli_here("coverage", env=env)
    assert before.returncode == 1 and "A005 005_walkthrough.txt: 12 mentions, 0 in the ledger, 0 dismissed, 12 uncovered" in before.stdout

    # Extract candidate rows and keep the ones that are figures, completed by the curator.
    extracted = cli_here("extract", str(arts / "005_walkthrough.txt"), env=env)
    assert extracted.returncode == 0, extracted.stderr
    candidates = list(csv.DictReader(io.StringIO(extracted.stdout)))
    assert extracted.stdout.splitlines()[0] == ",".join(CLAIM_COLUMNS)
    assert sorted(c["figure_text"] for c in candidates) == sorted([*PICKED, *DISMISS])
    rows = []
    for c in candidates:
        if c["figure_text"] not in PICKED:
            continue
        entity, metric, comparator, kind, claim_type = PICKED[c["figure_text"]]
        assert c["unit"] == UNITS[metric], c
        c.update(claim_id=f"A005-{len(rows) + 1:02d}", entity_id=entity, metric=metric, comparator_id=comparator,
                 kind=kind, claim_type=claim_type, notes="", quote_en=GLOSS[c["figure_text"]])
        rows.append(c)
    with (data_copy / "claims.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=CLAIM_COLUMNS, lineterminator="\n").writerows(rows)

    # Dismiss the rest from the suggestions coverage makes, giving each its reason.
    suggested = cli_here("coverage", "--suggest", env=env)
    assert suggested.returncode == 1
    dismissals = list(csv.DictReader(io.StringIO(suggested.stdout)))
    assert sorted(d["mention"] for d in dismissals) == sorted(DISMISS)
    with (data_copy / "dismissed.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=coverage.DISMISSED_COLUMNS, lineterminator="\n")
        writer.writerows({**d, "reason": DISMISS[d["mention"]], "note": "walkthrough"} for d in dismissals)

    after = cli_here("coverage", env=env)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "A005 005_walkthrough.txt: 12 mentions, 7 in the ledger, 5 dismissed, 0 uncovered" in after.stdout
    validated = cli_here("validate", env=env)
    assert validated.returncode == 0, validated.stderr
    assert "all tables valid" in validated.stdout


def test_extract_command_line(tmp_path, cli_here):
    path = tmp_path / "009_cli.txt"
    path.write_text("速度提升3倍。\n", encoding="utf-8")
    result = cli_here("extract", str(path))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["article_id"], r["figure_text"], r["value"], r["unit"]) for r in rows] == [("A009", "3倍", "3", "x")]
    missing = cli_here("extract", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


@pytest.mark.parametrize("command", ["extract", "coverage"])
def test_the_main_command_line_runs_the_subcommand(command, tmp_path, cli_here):
    """`python -m aifigures COMMAND`, as the README tells a user to run it, is the command's own code."""
    assert command in cli_here("--help").stdout
    env = {"ARTICLES_DIR": str(articles_dir() or tmp_path / "none")}
    args = [command]
    if command == "extract":
        path = tmp_path / "009_cli.txt"
        path.write_text("速度提升3倍。\n", encoding="utf-8")
        args.append(str(path))
    process, here = _run_command(*args, env=env), cli_here(*args, env=env)
    assert (process.returncode, process.stdout) == (here.returncode, here.stdout)
    assert process.stdout.strip()
