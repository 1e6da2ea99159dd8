"""Model directories and platform pages: spec lists, cache prices, short price forms, the maker's line, a platform's own page.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

from aifigures.tools.check import NEEDS_REVIEW

from .helpers import mention, rows

# --------------------------------------------------------------------------- model directories (a ninth round)

def test_a_bulleted_label_over_its_value_says_the_side(checker):
    # "- Input" / "- $2.00 / 1M tokens": read as one price without its side, it was called conflated
    text = "GPT-4.1\nPricing\n- Input\n- $2.00 / 1M tokens\n- Output\n- $8.00 / 1M tokens\n"
    found = rows(checker, text)
    assert (found["$2.00 / 1M tokens"].link.metric, found["$2.00 / 1M tokens"].verdict) == ("price_input", "matches")
    assert (found["$8.00 / 1M tokens"].link.metric, found["$8.00 / 1M tokens"].verdict) == ("price_output", "matches")


def test_cache_reads_and_writes_are_tiers_and_price_the_input(checker):
    text = ("| Model | Input | Prompt Caching Write | Prompt Caching Read | Output |\n|---|---|---|---|---|\n"
            "| Claude Opus 4 | $15 / MTok | $18.75 / MTok | $1.50 / MTok | $75 / MTok |\n")
    found = rows(checker, text, date="2025-06-01")
    assert {f: (found[f].link.metric, found[f].link.tier, found[f].verdict) for f in ("$15", "$18.75", "$1.50", "$75")} == {
        "$15": ("price_input", "standard", "matches"), "$18.75": ("price_input", "cache_write", "matches"),
        "$1.50": ("price_input", "cache_hit", "matches"), "$75": ("price_output", "standard", "matches")}
    # a cache-read price with no side: the input's (it was compared with the list price and called differs)
    r = rows(checker, "GPT-4.1\nCache Read Cost / 1M tokens $0.50\n")["$0.50"]
    assert (r.link.metric, r.link.tier, r.verdict) == ("price_input", "cache_hit", "matches")


def test_prices_said_in_and_out(checker):
    found = rows(checker, "GPT-4.1 is priced at $2.00 in / $8.00 out per 1M tokens.")
    assert (found["$2.00"].link.metric, found["$8.00"].link.metric) == ("price_input", "price_output")
    assert found["$2.00"].verdict == found["$8.00"].verdict == "matches"
    # "in" before a year is no side
    assert not [r for r in checker.check("GPT-4.1 cost $2 in 2025 money.", "t.txt") if r.link.metric == "price_input"]


def test_the_makers_line_under_a_models_name_is_passed_over(checker):
    # "by OpenAI" under "GPT-4.1" heads nothing; a heading naming a model the entities lack
    # ("GPT-5.4 active frontier") stops the search, so its 1.1M is not GPT-4.1's
    text = ("GPT-4.1\nby OpenAI\nContext window 1M tokens\nReleased Apr 14, 2025\n\nMore OpenAI models\n"
            "GPT-5.4 active frontier\nA model for complex reasoning. 1.1M context.\n")
    found = rows(checker, text)
    assert (found["1M tokens"].link.entity_id, found["1M tokens"].verdict) == ("gpt-4.1", "rounded")
    assert (found["Apr 14, 2025"].link.entity_id, found["Apr 14, 2025"].verdict) == ("gpt-4.1", "matches")
    assert found["1.1M"].link.entity_id != "gpt-4.1" and found["1.1M"].verdict == NEEDS_REVIEW


def test_a_year_and_month_as_a_directory_writes_it(checker):
    # "2024-04", and after a pictograph under its label: GPT-4.1's cutoff is 1 Jun 2024
    for text in ("GPT-4.1\n- Knowledge cutoff\n- 2024-04\n", "GPT-4.1\n- Knowledge cutoff\n- 📅 2024-04\n"):
        r = rows(checker, text)["2024-04"]
        assert (r.link.metric, r.link.value, r.verdict) == ("knowledge_cutoff", "2024-04", "differs")
    assert mention("in 2024-04 it shipped", "2024-04").value == "2024-04"


def test_a_platforms_own_model_page_prices_are_the_platforms(checker):
    # "Provider Merge Gateway": every price of the page is the platform's, however it is written;
    # what the page says of the model itself (its context window) is still judged
    text = "GPT-4.1\nProvider Merge Gateway\nContext Window 1047576\nInput Cost / 1M tokens $2.00\n"
    found = rows(checker, text)
    assert found["$2.00"].verdict == NEEDS_REVIEW and "third-party platform's page (Merge Gateway)" in found["$2.00"].explanation
    assert found["1047576"].verdict == "matches"
    # a source line that names no platform changes nothing
    assert rows(checker, "GPT-4.1\n- Source\n- First-party API pricing\nInput Cost / 1M tokens $2.00\n")["$2.00"].verdict == "matches"


# --------------------------------------------------------------------------- a twelfth round (Chinese pages on Kimi K2)

def test_a_page_showing_a_platforms_api_prices_for_the_platform(checker):
    # a code sample calling another host's OpenAI-compatible endpoint: the page is that platform's
    page = ("Kimi K2\n输入价格:$0.140/1K tokens\n"
            'curl -X POST "https://chat.example-gateway.com/api/v1/chat/completions"\n')
    r = rows(checker, page)["$0.140/1K tokens"]
    assert r.verdict == NEEDS_REVIEW and "chat.example-gateway.com" in r.explanation
    # the maker's own API, or a local server, is no platform
    for host in ("https://api.moonshot.ai/v1/chat/completions", "http://localhost:8000/v1/chat/completions"):
        r = rows(checker, f"Kimi K2\nInput price: $0.60 per million tokens\ncurl {host}\n", "2025-08-01")["$0.60"]
        assert "third-party platform" not in r.explanation


def test_a_sampling_setting_is_no_figure(checker):
    # "默认温度:0.7" under "模型参数" was read as a parameter count
    found = [r for r in checker.check("Kimi K2\n模型参数\n默认温度:0.7\n", "t.txt") if r.link.mention.text == "0.7"]
    assert found and all(r.hidden and "setting" in r.hidden for r in found)


# --------------------------------------------------------------------------- model directories (a fourteenth round)

def test_a_cost_examples_tokens_per_call_are_no_context_window(checker):
    # "| Long context (100K input) | 100K / 2K |" under "Tokens / call": o3-mini's 200K window was said to differ
    text = ("o3-mini: Pricing, Context, and Benchmarks\n"
            "| Workload | Tokens / call (in/out) | $/call |\n|---|---|---|\n"
            "| Long context (100K input) | 100K / 2K | $0.116600 |\n")
    every = {r.link.mention.text: r for r in checker.check(text, "t.txt")}
    assert every["100K"].hidden and "one request" in every["100K"].explanation
    assert rows(checker, "o3-mini has a 200K context window.")["200K"].verdict == "matches"


def test_a_spec_tables_provider_header_is_the_maker_not_the_subject(checker):
    # "| Provider | OpenAI |" is the table's first row, read as its header: each row was OpenAI's
    text = ("o3-mini: Pricing, Context, and Benchmarks\nSpecifications\n| Provider | OpenAI |\n|---|---|\n"
            "| Released | 2025-01-31 |\n| Context window | 200K tokens |\n")
    found = rows(checker, text)
    assert {f: (found[f].link.entity_id, found[f].verdict) for f in ("2025-01-31", "200K tokens")} == {
        "2025-01-31": ("o3-mini", "matches"), "200K tokens": ("o3-mini", "matches")}


def test_a_label_over_its_value_across_a_blank_line(checker):
    text = "OpenAI\n\no3-mini\n\nContext window\n\n200k tokens\n\nPeak context for this model.\n"
    r = rows(checker, text)["200k tokens"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("o3-mini", "context_length", "matches")


def test_a_lists_lead_in_heads_it_and_a_heading_compares_with_what_follows_its_comparing_word(checker):
    # a changelog page: "…比肩 OpenAI o1 正式版" stands higher up; "R1(deepseek-reasoner)上线定价:" leads the
    # price list. R1's prices were given to o1 and called wrong
    text = ("2025-01-20,DeepSeek-R1 正式发布。\n核心更新\ndeepseek-reasonerAPI 端点正式上线- 推理能力比肩 OpenAI o1 正式版\n"
            "价格\nR1(deepseek-reasoner)上线定价:\n- 输入:4元/M tokens(未命中)\n- 输出:16元/M tokens\n")
    found = rows(checker, text, "2025-01-21")
    assert {f: (found[f].link.entity_id, found[f].verdict) for f in ("4元", "16元")} == {
        "4元": ("deepseek-r1", "matches"), "16元": ("deepseek-r1", "matches")}
    # with no lead-in, the comparing heading names no subject: needs review, not o1's
    found = rows(checker, text.replace("R1(deepseek-reasoner)上线定价:\n", ""), "2025-01-21")
    assert found["16元"].link.entity_id != "o1" and found["16元"].verdict != "differs"


def test_a_gpu_hours_row_with_the_gpu_after_the_number_counts_hours(checker):
    # "| GPU Hours | 2.788M H800 |": read as 2.788 million GPUs, it was called wrong against 2,048
    text = "| Metric | DeepSeek-V3 | GPT-4 (est.) |\n|---|---|---|\n| GPU Hours | 2.788M H800 | ~30M+ H100 |\n"
    r = rows(checker, text, "2026-03-31")["2.788M"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("deepseek-v3", "gpu_hours", "matches")


def test_tokens_output_after_a_number_is_the_maximum_output(checker):
    # "200,000 context 64,000 tokens output": Claude Sonnet 4's 64K output was read as a context window and called wrong
    found = rows(checker, "Claude Sonnet 4\n\nMay 22, 2025 200,000 context 64,000 tokens output\n", "2026-06-01")
    assert (found["64,000 tokens"].link.metric, found["64,000 tokens"].verdict) == ("max_output_tokens", "matches")
    assert (found["200,000"].link.metric, found["200,000"].verdict) == ("context_length", "matches")
