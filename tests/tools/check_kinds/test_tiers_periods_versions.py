"""Which official value applies: the tier a price is (cache hit, off-peak...), the period in force, the version meant.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

import pytest

from aifigures.tools.check import NEEDS_REVIEW, Checker, dateline

from .helpers import rows

# --------------------------------------------------------------------------- tiers, periods, versions

def test_a_cache_hit_price_said_as_such_holds(checker):
    r = rows(checker, "Kimi K2 charges $0.15 per million input tokens on a cache hit.")["$0.15"]
    assert (r.link.tier, r.verdict) == ("cache_hit", "matches"), r.explanation


def test_a_cache_hit_price_given_as_the_price_is_misattributed(checker):
    r = rows(checker, "Kimi K2 charges $0.15 per million input tokens.")["$0.15"]
    assert r.verdict == "misattributed" and "cache-hit" in r.explanation, r.explanation


def test_a_price_is_judged_at_the_articles_date(checker):
    text = "DeepSeek-R1 costs $0.55 per million input tokens."
    assert rows(checker, text, "2025-03")["$0.55"].verdict == "matches"
    late = rows(checker, text, "2026-01")["$0.55"]
    assert late.verdict == "misattributed" and "from 20 Jan 2025 to 27 May 2025, no longer in force in Jan 2026" in late.explanation, late.explanation


def test_a_price_that_changed_needs_a_date(checker):
    r = rows(checker, "DeepSeek-R1 costs $0.55 per million input tokens.")["$0.55"]
    assert r.verdict == NEEDS_REVIEW and "gives no date" in r.explanation


def test_a_price_without_its_side_is_judged_not_discounted(checker):
    # the side not said is what 'conflated' is about: the entity, named earlier in the same
    # sentence, is confident enough, and the verdict names the other side's price
    text = ("DeepSeek-V2 arrived in May 2024, supporting long contexts, and set off a price war "
            "with its API pricing (2 yuan per million tokens).")
    r = rows(checker, text, "2024-06")["2 yuan"]
    assert (r.link.place, r.verdict) == ("sentence_before", "conflated"), r.explanation
    assert "input price is" in r.explanation


@pytest.mark.parametrize("text", [
    "DeepSeek-V3和DeepSeek-R1的百万tokens输入(缓存命中)价格分别为0.5元和1元,百万tokens输出分别为8元和16元。",
    "DeepSeek-V3 and DeepSeek-R1 charge 0.5 yuan and 1 yuan per million input tokens on a cache hit respectively, "
    "and 8 yuan and 16 yuan per million output tokens respectively.",
])
def test_figures_said_respectively_belong_each_to_its_name(checker, text):
    # the k-th figure is the k-th name's, not the nearest name's; the cache hit prices input only
    got = [(r.link.entity_id, r.link.metric, r.link.tier, r.verdict) for r in checker.check(text, "t.txt", date="2025-02-26")
           if not r.hidden]
    assert got == [("deepseek-v3", "price_input", "cache_hit", "matches"), ("deepseek-r1", "price_input", "cache_hit", "matches"),
                   ("deepseek-v3", "price_output", "standard", "matches"), ("deepseek-r1", "price_output", "standard", "matches")]


def test_two_lists_in_one_clause_pair_without_the_word(checker):
    got = rows(checker, "DeepSeek-V3 and DeepSeek-R1 charge $0.27 and $0.55 per million input tokens.", "2025-03-01")
    assert (got["$0.27"].link.entity_id, got["$0.27"].verdict) == ("deepseek-v3", "matches"), got["$0.27"].explanation


def test_a_price_is_never_compared_with_one_in_another_currency(checker):
    # with R1's cache-hit price known in dollars only ($0.14), ¥1 is converted at the dated rate
    # (about $0.137), never read as one dollar against $0.14
    reference = checker.reference[checker.reference["ref_id"] != "R1974"]
    dollars_only = Checker(reference=reference, match_ledger=False)
    r = rows(dollars_only, "DeepSeek-R1的百万tokens输入(缓存命中)价格为1元。", "2025-04-01")["1元"]
    assert r.verdict in ("matches", "rounded") and "1 CNY/Mtok is 0.13" in r.explanation, r.explanation


def test_a_price_of_two_tiers_at_once_needs_review(checker):
    text = "而在优惠时段,DeepSeek-R1的百万tokens输入(缓存命中)降为0.25元。"
    r = rows(checker, text, "2025-02-26")["0.25元"]
    assert r.verdict == NEEDS_REVIEW and "two tiers at once (cache-hit and off-peak)" in r.explanation, r.explanation


def test_a_year_after_a_comparison_is_no_release_date(checker):
    # "o3 in 2026" is a release by its form; "R1 vs o3 in 2026" dates the comparison
    assert "2026" not in rows(checker, "DeepSeek-R1 vs OpenAI o3 in 2026: reasoning models compared.")
    assert rows(checker, "OpenAI released o3 in 2026.")["2026"].verdict == "differs"


def test_a_slash_pair_of_prices_is_input_then_output(checker):
    got = rows(checker, "DeepSeek-R1 costs $0.55/$2.19 per million tokens.", "2025-03-01")
    assert [(got[f].link.metric, got[f].verdict) for f in ("$0.55", "$2.19")] == [("price_input", "matches"), ("price_output", "matches")]


def test_a_version_the_entities_lack_is_not_the_titles_model(checker):
    # "Kimi K2.5" is not Kimi K2: its score is not judged against K2's, though the title names K2
    got = rows(checker, "Moonshot Kimi K2\nKimi K2 is open.\nKimi K2.5 achieved 50.2% on Humanity's Last Exam.\n")
    assert got["50.2%"].verdict == NEEDS_REVIEW and "Kimi K2.5" in got["50.2%"].explanation, got["50.2%"].explanation


def test_a_resellers_price_is_not_the_makers(checker):
    r = rows(checker, "Kimi K2 is available through AI Gateway at $0.57 per million input tokens.", "2025-10-01")["$0.57"]
    assert r.verdict == NEEDS_REVIEW and "third-party platform (AI Gateway)" in r.explanation, r.explanation


def test_parameters_per_token_are_the_active_ones(checker):
    r = rows(checker, "At inference, Kimi K2 selects roughly 32 billion parameters per token.")["32 billion parameters"]
    assert (r.link.metric, r.verdict) == ("params_active", "matches"), r.explanation


def test_a_date_months_after_a_release_may_be_a_later_versions(checker):
    # Kimi K2 came out on 11 July 2025; 5 September is its 0905 update, whose date the reference lacks
    late = rows(checker, "Kimi K2 Instruct, released September 5, 2025, is a MoE model.")["September 5, 2025"]
    assert late.verdict == NEEDS_REVIEW and "Kimi-K2-Instruct-0905" in late.explanation, late.explanation
    assert rows(checker, "Kimi K2, released July 12, 2025, is a MoE model.")["July 12, 2025"].verdict == "differs"


def test_it_in_chinese_and_a_name_in_an_aside_are_read_as_they_are_meant(checker):
    # 它 (it) points back to GPT-5; GPT-4.1 in the brackets is the subject of nothing outside them;
    # 最多可输出 128,000 个 token is a maximum output, the classifier 个 between number and unit
    text = "GPT-5 是 OpenAI 的旗舰模型。它支持 400,000 个 token 的总上下文(不是 GPT-4.1 的 100 万个),每个响应最多可输出 128,000 个 token。"
    got = rows(checker, text, "2025-08-15")
    assert [(got[f].link.entity_id, got[f].link.metric, got[f].verdict) for f in ("400,000", "128,000")] == [
        ("gpt-5", "context_length", "matches"), ("gpt-5", "max_output_tokens", "matches")]


def test_a_build_cost_is_a_training_cost_and_other_currencies_are_not_yuan(checker):
    # 建構成本 (building cost) is the training cost: 24.9萬 is not the $294,000 DeepSeek reported; the
    # New Taiwan dollar sum beside it is no yuan figure
    got = rows(checker, "DeepSeek公佈其R1模型的建構成本僅花費了24.9萬美元（台幣750萬元）。", "2025-09-22")
    assert (got["24.9萬美元"].link.metric, got["24.9萬美元"].verdict) == ("training_cost", "differs"), got["24.9萬美元"].explanation
    hidden = [r for r in checker.check("DeepSeek公佈其R1模型的建構成本僅花費了24.9萬美元（台幣750萬元）。", "t.txt",
                                       date="2025-09-22") if r.link.mention.text == "750萬元"]
    assert "750萬元" not in got and "a sum in 台币" in hidden[0].hidden


def test_a_spec_list_with_the_value_under_its_label_is_read(checker):
    # a directory page: label on one line, value on the next; total and active swapped is misattributed
    got = rows(checker, "GLM-4.5\nActive Parameters\n355B\nContext Length\n128K\nRelease Date\n28 Jul 2025\n")
    assert (got["355B"].link.metric, got["355B"].verdict) == ("params_active", "misattributed"), got["355B"].explanation
    assert "the official total parameter count, not the active one" in got["355B"].explanation
    assert got["128K"].verdict == "matches" and got["28 Jul 2025"].verdict == "matches"


def test_a_list_item_under_a_heading_is_no_spec_value(checker):
    assert "1" not in rows(checker, "Introduction\n1. Kimi K2 is open.\n")


def test_thousands_written_out_for_a_binary_k_hold_and_the_nearer_cue_decides(checker):
    text = "GLM-4.5 features an expansive 128,000-token context window and a maximum output limit of 96,000 tokens."
    got = rows(checker, text)
    assert (got["128,000-token"].link.metric, got["128,000-token"].verdict) == ("context_length", "matches"), got["128,000-token"].explanation
    assert got["96,000 tokens"].link.metric == "max_output_tokens"


def test_a_title_shaped_as_a_label_line_with_two_figures_checks(checker):
    # it raised StopIteration: a label's value read in its own context is no list to pair figures in
    got = rows(checker, "Meta Llama 4: Two MoE Models, 10M Token Context\nBody.")
    assert got["10M"].verdict == NEEDS_REVIEW


def test_a_few_experts_beside_a_context_window_are_no_context(checker):
    got = rows(checker, "Llama 4 Scout runs 109B total parameters across 16 experts with a 10 million token context window.")
    assert "16" not in got and got["10 million token"].verdict == "matches"


def test_a_family_member_the_entities_lack_is_an_unknown_model(checker):
    text = ("Llama 4 Maverick has 400 billion total parameters. The company also teased a third model: Llama 4 "
            "Behemoth, boasting 288 billion active parameters.")
    r = rows(checker, text)["288 billion"]
    assert r.verdict == NEEDS_REVIEW and "Llama 4 Behemoth" in r.explanation, r.explanation


def test_a_sized_variant_the_entities_lack_is_not_the_titles_model(checker):
    # the rows of Qwen3's small models are not Qwen3-235B-A22B's, though the title names Qwen3
    text = ("阿里巴巴发布了通义千问 Qwen3 模型。\nModels | Layers | Context Length |\n|---|---|---|\n"
            "Qwen3-0.6B | 28 | 32K |\nQwen3-235B-A22B | 94 | 128K |\n")
    got = [(r.link.mention.text, r.link.entity_id, r.verdict) for r in checker.check(text, "t.txt") if not r.hidden
           and r.link.metric == "context_length"]
    assert got[0][1:] == ("", NEEDS_REVIEW) and got[1][1:] == ("qwen3-235b-a22b", "matches"), got


def test_a_thinking_budget_is_no_context_window(checker):
    r = rows(checker, "Qwen3-235B-A22B 支持最高 38k token 的动态思考预算。").get("38k token")
    assert r is None or r.link.metric != "context_length"


def test_a_name_the_entities_lack_nearer_the_figure_holds_it_back(checker):
    r = rows(checker, "Claude Sonnet 4.5 scores 77.2% on SWE-bench, ahead of GPT-5 at 68% and Opus 4.1 at 74.5%.")["74.5%"]
    assert r.verdict == NEEDS_REVIEW and "Opus 4.1" in r.explanation, r.explanation


def test_a_name_over_its_value_heads_nothing_else(checker):
    # "GPT-5" over "68%" is a spec label, not the heading of the feature list below it
    text = ("Anthropic Unveils Claude Sonnet 4.5\nScores\nGPT-5\n68%\nKey Features\n"
            "- 200K context window: read 500 pages of code at once\n")
    r = rows(checker, text)["200K"]
    assert (r.link.entity_id, r.verdict) == ("claude-sonnet-4.5", "matches"), r.explanation


def test_two_figures_set_against_each_other_are_not_one_models(checker):
    # "$15 vs $10": a rival's output price against GPT-5's; both linked to GPT-5, neither is judged
    # (the rival unnamed here: a family named alone, "Sonnet", holds the figures back by itself)
    got = rows(checker, "GPT-5 is cheap. The rival costs more on output ($15 vs $10 per million tokens) than GPT-5.", "2025-10-01")
    assert got["$15"].verdict == NEEDS_REVIEW and "set against each other" in got["$15"].explanation, got["$15"].explanation


def test_another_versions_figure_is_misattributed(checker):
    # 0.2 yuan is DeepSeek-V3.2-Exp's cache-hit price (from 2025-09-29), not V3.1's
    r = rows(checker, "DeepSeek-V3.1的缓存命中输入价格为每百万tokens 0.2元。", "2025-10-15")["0.2元"]
    assert r.verdict == "misattributed" and "DeepSeek-V3.2-Exp" in r.explanation, r.explanation


def test_a_score_in_another_setting_is_misattributed(checker):
    text = "Claude 3.7 Sonnet\n| Benchmark | Standard | Extended Thinking |\n|---|---|---|\n| GPQA | 78.2% | 84.8% |\n"
    got = rows(checker, text)
    assert got["78.2%"].verdict == "misattributed" and "extended-thinking" in got["78.2%"].explanation
    assert got["84.8%"].verdict == "matches"


@pytest.mark.parametrize("text, date", [
    ("回答时间 : 2025-09-30\nDeepSeek 的价格", "2025-09-30"),
    ("Updated: 2026-01-05\nprices", "2026-01-05"),
    ("As of January 2026, the prices are stark.", "2026-01"),
    ("GPT-5 API guide (2026)\nEverything you need", "2026"),
    ("DeepSeek R1 vs OpenAI o3\nTokenMix Research Lab · 2026-04-10\n\nR1 costs", "2026-04-10"),  # a byline
    ("No date here.", ""),
])
def test_the_date_an_article_speaks_at(text, date):
    assert dateline(text)[0] == date


def test_a_tier_in_brackets_after_the_prices_unit_and_a_tier_named_as_the_difference(checker):
    # "1元/M tokens(缓存命中)": R1's cache-hit price, read as the list price it was called misattributed
    # "no longer in force" on a date inside its period
    r = rows(checker, "DeepSeek-R1定价:\n- 输入:1元/M tokens(缓存命中),4元/M tokens(未命中)\n", "2025-01-21")
    assert (r["1元"].link.tier, r["1元"].verdict) == ("cache_hit", "matches")
    assert (r["4元"].link.tier, r["4元"].verdict) == ("standard", "matches")
    # the cache-hit price said as the list price: the tier sets it apart, not its period
    wrong = rows(checker, "DeepSeek-R1的百万tokens输入价格为1元。", "2025-01-21")["1元"]
    assert wrong.verdict == "misattributed" and "cache-hit input price, not the list price" in wrong.explanation
    assert "no longer in force" not in wrong.explanation
