"""`python -m aifigures check`: linking in English and both Chinese scripts, verdicts by the
ledger's code on an article the test writes, "needs review" instead of guesses, the ledger
rows it prints validating as claims, bad input, and the draft page in a real browser."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from aifigures.build.browser import find_chromium
from aifigures.tools.check import NEEDS_REVIEW, Checker
from aifigures.tools.extract import CLAIM_COLUMNS

from ..conftest import articles_dir


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


# prices changed over time: a test text that states one speaks at this date (DeepSeek-V3's full
# price of February-March 2025, R1's launch price)
WHEN = "2025-03-01"


def one(checker: Checker, text: str, figure: str, date: str = WHEN):
    """The checked row whose figure contains `figure` (exactly one), the text dated `date`."""
    rows = [r for r in checker.check(text, "t.txt", date=date) if figure in r.link.mention.text]
    assert len(rows) == 1, [(r.link.mention.text, r.verdict) for r in checker.check(text, "t.txt", date=date)]
    return rows[0]


# --------------------------------------------------------------------------- linking

@pytest.mark.parametrize("text, figure, entity, metric", [
    ("DeepSeek-V3 has 671B total parameters and 37B active parameters.", "671B", "deepseek-v3", "params_total"),
    ("DeepSeek-V3 has 671B total parameters and 37B active parameters.", "37B", "deepseek-v3", "params_active"),
    ("DeepSeek-V3总参数为6710亿，每个token激活370亿参数。", "370亿", "deepseek-v3", "params_active"),
    ("DeepSeek-V3總參數為6710億，激活參數為370億。", "6710億", "deepseek-v3", "params_total"),
    ("GLM-4.5 is priced at $0.6 per million input tokens.", "$0.6 per million input tokens", "glm-4.5", "price_input"),
    ("DeepSeek-R1的输出价格为每百万tokens 16元。", "16元", "deepseek-r1", "price_output"),
    ("DeepSeek-R1的輸入價格為每百萬tokens 4元。", "4元", "deepseek-r1", "price_input"),
    ("DeepSeek-V2的API价格为每百万tokens 1元。", "1元", "deepseek-v2", "api_price"),
    ("DeepSeek-V3 generates 60 tokens per second.", "60 tokens per second", "deepseek-v3", "throughput"),
    ("DeepSeek-V3每秒生成60个token。", "60个", "deepseek-v3", "throughput"),
    ("Kimi K2 has a context window of 131,072 tokens.", "131,072 tokens", "kimi-k2", "context_length"),
    ("Kimi K2的上下文長度為131072個token。", "131072個", "kimi-k2", "context_length"),
    ("GPT-5 was released on August 7, 2025.", "August 7, 2025", "gpt-5", "release_date"),
    ("GLM-4.5于2025年7月28日发布。", "2025年7月28日", "glm-4.5", "release_date"),
    ("GLM-4.5於2025年7月28日發布。", "2025年7月28日", "glm-4.5", "release_date"),
    ("On MATH-500, DeepSeek-R1 scored 97.3%.", "97.3%", "deepseek-r1", "benchmark_score"),
    ("在MMLU-Pro上，DeepSeek-V3得分75.9%。", "75.9%", "deepseek-v3", "benchmark_score"),
    ("Blackwell delivers up to 30 times the LLM inference performance of H100.", "30 times", "nvidia-blackwell", "hardware_multiplier"),
    ("Blackwell的训练性能是H100的4倍。", "4倍", "nvidia-blackwell", "hardware_multiplier"),
    ("DeepSeek-V3 is 3 times faster than DeepSeek-V2.", "3 times", "deepseek-v3", "speedup"),
    ("Oracle offers clusters of up to 131,072 GPUs.", "131,072 GPUs", "oracle-cloud", "gpu_count"),
])
def test_entity_and_metric(checker, text, figure, entity, metric):
    r = one(checker, text, figure)
    assert (r.link.entity_id, r.link.metric) == (entity, metric), r.explanation
    assert r.verdict != NEEDS_REVIEW, r.explanation


def test_benchmark_names_match_the_reference_labels(checker):
    r = one(checker, "GPT-4o scored 87.2% on MMLU and 72.6% on MMLU-Pro.", "87.2%")
    assert r.link.benchmark == "MMLU (EM)" and r.verdict == "matches"
    r = one(checker, "GPT-4o scored 87.2% on MMLU and 72.6% on MMLU-Pro.", "72.6%")
    assert r.link.benchmark == "MMLU-Pro (EM)" and r.verdict == "matches"
    # 'SWE-bench Verified' (GPT-5's label) and 'SWE Verified' (DeepSeek-V3's) are one benchmark
    assert one(checker, "GPT-5 scored 74.9% on SWE-bench Verified.", "74.9%").link.benchmark == "SWE-bench Verified"
    assert one(checker, "DeepSeek-V3 scored 42% on SWE-bench Verified.", "42%").link.benchmark == "SWE Verified (Resolved)"


def test_short_forms_need_the_full_name_or_the_developer(checker):
    named = "DeepSeek released a new model. V3 has 671B total parameters."
    assert one(checker, named, "671B").link.entity_id == "deepseek-v3"
    alone = "The new V3 has 671B total parameters."
    r = one(checker, alone, "671B")
    assert r.link.entity_id == "" and r.verdict == NEEDS_REVIEW


def test_numbers_inside_names_are_not_figures(checker):
    rows = checker.check("Claude Sonnet 4 scored well on AIME 2024 and MATH-500; Gemini 1.5 too.", "t.txt")
    assert [r.link.mention.text for r in rows] == []


def test_entity_from_the_sentence_before(checker):
    text = "Kimi K2 was released by Moonshot AI. Its context window is 131,072 tokens."
    r = one(checker, text, "131,072 tokens")
    assert r.link.entity_id == "kimi-k2" and r.verdict == "matches"
    # "the model" points back to the subject of the sentence before, past a later clause's entity
    text = "DeepSeek-V3 arrived in December. On MMLU the model scored 88.5%, while GPT-4o managed 87.2%."
    assert one(checker, text, "88.5%").link.entity_id == "deepseek-v3"
    assert one(checker, text, "87.2%").link.entity_id == "gpt-4o"


def test_the_nearest_fitting_entity_in_the_sentence(checker):
    # H100 is nearer to the figure but has no official multiples: Blackwell is the one that fits
    r = one(checker, "英伟达称，Blackwell的推理性能最高可达H100的30倍。", "30倍")
    assert r.link.entity_id == "nvidia-blackwell" and r.verdict == "matches"


# --------------------------------------------------------------------------- a whole article

ARTICLE = """Test article written by tests/tools/test_check.py.

DeepSeek-V3 was released on December 26, 2024. It has 671B total parameters and 45B active parameters.
Its API charges $0.27 per million input tokens and $1.50 per million output tokens, and it generates 60 tokens per second.
DeepSeek-V3 has a 128K context window and scored 88.5% on MMLU and 80% on GPQA-Diamond.
Kimi K2 launched on July 12, 2025 with 1.04 trillion total parameters.
NVIDIA says Blackwell trains LLMs 4 times faster than H100, and cuts inference cost by up to 25 times.
GPT-5 has 1.8 trillion parameters. Analysts expect 40% growth in spending.
Kimi K2的輸出價格為每百萬tokens 25元。
"""

EXPECTED = {  # figure: (entity, metric, verdict)
    "December 26, 2024": ("deepseek-v3", "release_date", "matches"),
    "671B": ("deepseek-v3", "params_total", "matches"),
    "45B": ("deepseek-v3", "params_active", "differs"),
    "$0.27 per million input tokens": ("deepseek-v3", "price_input", "matches"),
    "$1.50 per million output tokens": ("deepseek-v3", "price_output", "differs"),
    "60 tokens per second": ("deepseek-v3", "throughput", "matches"),
    "128K": ("deepseek-v3", "context_length", "matches"),
    "88.5%": ("deepseek-v3", "benchmark_score", "matches"),
    "80%": ("deepseek-v3", "benchmark_score", "differs"),
    "July 12, 2025": ("kimi-k2", "release_date", "differs"),
    "1.04 trillion": ("kimi-k2", "params_total", "matches"),
    "4 times": ("nvidia-blackwell", "hardware_multiplier", "matches"),
    "25 times": ("nvidia-blackwell", "hardware_multiplier", "matches"),
    "1.8 trillion parameters": ("gpt-5", "params_total", NEEDS_REVIEW),
    "40%": ("", "growth", NEEDS_REVIEW),
    "25元": ("kimi-k2", "price_output", "differs"),
}


def test_an_article_with_every_metric_kind(checker):
    rows = {r.link.mention.text: r for r in checker.check(ARTICLE, "t.txt", date=WHEN)}
    got = {f: (rows[f].link.entity_id, rows[f].link.metric, rows[f].verdict) for f in EXPECTED if f in rows}
    assert got == EXPECTED
    assert set(rows) == set(EXPECTED), set(rows) ^ set(EXPECTED)
    # the verdicts carry the official figure and its source row
    assert rows["45B"].official == "37000000000 parameters" and rows["45B"].ref_ids == "R111"
    assert "+" in rows["$1.50 per million output tokens"].explanation


def test_yuan_against_dollars_at_the_dated_rate(checker):
    # GLM-4.5's reference prices are in USD only and undated: converted at the nearest rate,
    # and the explanation says so
    r = one(checker, "GLM-4.5的輸出價格為每百萬tokens 25元。", "25元")
    assert "the nearest rate" in r.explanation and r.verdict == "differs"
    assert one(checker, "GLM-4.5的輸出價格為每百萬tokens 16元。", "16元").verdict == "rounded"  # 2.297 USD against 2.20
    # o3-mini's price is dated 2025-01-31, which has a rate: 32 yuan is $4.42 against $4.40
    r = one(checker, "o3-mini的输出价格为每百万tokens 32元。", "32元")
    assert r.verdict == "matches" and "(2025-01-31, the price's date)" in r.explanation, r.explanation
    r = one(checker, "Claude Sonnet 4 的输出价格约为每百万tokens 110元。", "110元")
    assert r.verdict == "rounded" and "at 7.1681 CNY per USD (2025-07-11" in r.explanation, r.explanation


def test_no_reference_figure_is_needs_review_never_a_verdict(checker):
    r = one(checker, "GPT-5 has 1.8 trillion parameters.", "1.8 trillion")
    assert r.link.entity_id == "gpt-5" and r.verdict == NEEDS_REVIEW
    assert "no reference figure" in r.explanation and r.official == ""
    r = one(checker, "Analysts expect 40% growth in spending.", "40%")
    assert r.verdict == NEEDS_REVIEW and "no entity" in r.explanation
    r = one(checker, "The next one will be ten times larger, said DeepSeek-V3's team.", "ten times")
    assert r.verdict == NEEDS_REVIEW


# --------------------------------------------------------------------------- the command

def test_cli_csv_and_ledger_rows(tmp_path, data_copy, cli_here):
    article = tmp_path / "articles" / "005_check_test.txt"
    if articles_dir():
        shutil.copytree(articles_dir(), article.parent)
    article.parent.mkdir(exist_ok=True)
    article.write_text(ARTICLE, encoding="utf-8")
    out = cli_here("check", str(article))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == len(EXPECTED)
    for col in ("article", "quote", "figure_text", "entity_id", "metric", "benchmark", "side", "value", "unit", "verdict",
                "official", "ref_ids", "explanation", "confidence"):
        assert col in rows[0]
    assert {r["side"] for r in rows if r["metric"].startswith("price")} == {"input", "output"}

    ledger = cli_here("check", "--ledger-rows", str(article))
    assert ledger.returncode == 0, ledger.stderr
    claims = list(csv.DictReader(io.StringIO(ledger.stdout)))
    assert list(claims[0]) == CLAIM_COLUMNS
    # curated the way the README says: keep the linked rows, add the article; validation accepts them
    linked = [c for c in claims if c["entity_id"] and c["metric"]]
    for c in linked:
        if c["unit"].startswith("CNY"):
            c["refers_to"] = "2025-08"  # a yuan price needs its date, for the exchange rate
    with (data_copy / "claims.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=CLAIM_COLUMNS, lineterminator="\n").writerows(linked)
    with (data_copy / "articles.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write("A005,005_check_test.txt,[check test],unknown,unknown,2025-08,month,written by the test,en,false,\n")
    result = cli_here("validate", env={"AIFIGURES_DATA_DIR": str(data_copy), "ARTICLES_DIR": str(article.parent)})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("make, message", [
    (lambda p: p, "no such file"),
    (lambda p: (p.mkdir(), p)[1], "is a directory"),
    (lambda p: (p.write_bytes("DeepSeek-V3 有\n".encode("gb18030") + b"\xff\xfe 671B"), p)[1], "not UTF-8"),
    (lambda p: (p.write_text("  \n", encoding="utf-8"), p)[1], "empty"),
])
def test_bad_input_is_one_clear_message(tmp_path, make, message, cli_here):
    path = make(tmp_path / "article.txt")
    result = cli_here("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr and "article.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


HOSTILE_ARTICLE = """<script>window.__aifigures_pwned=true;alert('x')</script> DeepSeek-V3 has 671B total parameters.
<img src=x onerror="window.__aifigures_pwned=true"> Kimi K2 charges $9 per million input tokens.
</td></tr></table><div style="position:fixed;inset:0;background:red"> GPT-5 has 1.8 trillion parameters. """ + "W" * 300 + """
\u202eDeepSeek-R1 scored 79.8% on AIME 2024. <a href="javascript:window.__aifigures_pwned=true">x</a>
"""


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed")
def test_draft_page_in_a_real_browser(tmp_path, chromium, cli_here):
    from aifigures.build.browser import check_report

    article = tmp_path / "<b>hostile<\u2215b>.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    page = tmp_path / "draft.html"
    result = cli_here("check", "--html", str(page), str(article))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>hostile" not in html
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html
    # findings first: the figures that differ or need review come before the full table
    assert html.index("Findings") < html.index("Every figure")
    findings = html[html.index("Findings"):html.index("Every figure")]
    assert "differs" in findings and "needs review" in findings and "matches</span>" not in findings
    # the summary says how many hold, which do not and how many need review, in words
    summary = re.search(r"\.txt: (\d+) figures; (\d+) hold, (\d+) do not \(([^)]*)\), (\d+) need review", html)
    assert summary, html[:3000]
    total, held, wrong, kinds, review = summary.groups()
    assert int(held) + int(wrong) + int(review) <= int(total) and "differs" in kinds
    report = check_report(page, screenshot=tmp_path / "draft.png", browser=chromium)
    assert report.problems == []
    assert (tmp_path / "draft.png").stat().st_size > 10_000


def test_the_draft_shows_a_confidence_only_for_a_linked_figure(tmp_path):
    # "1.1M context." names no entity: its row says so instead of a confidence of 1.00
    from aifigures.tools.check import Checker
    from aifigures.tools.check_page import render_page

    text = "A model for reasoning. 1.1M context.\n\nGPT-4.1 has a 1M context window.\n"
    html = render_page(Checker().check(text, "t.txt"), ["t.txt"])
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr>.*?<mark>([^<]+)</mark>.*?</tr>", html)}
    assert "confidence" in rows["1M"] and "not linked" not in rows["1M"]
    assert "not linked" in rows["1.1M"] and "confidence" not in rows["1.1M"]
