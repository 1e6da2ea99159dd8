"""One test per kind of failure `check` showed on real writing (issue: check on real articles).

Each text here is written for the test, in the shape the real articles showed: a number glued to
or hyphenated into its unit, a table or label line, a price tier or period, a version, a
comparison, a heading that names the subject. The development corpus itself is scored in
test_real_articles.py."""

from __future__ import annotations

import pytest

from aifigures.tools.check import NEEDS_REVIEW, Checker, dateline
from aifigures.tools.chinese import fold
from aifigures.tools.extract import find_mentions


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def rows(checker: Checker, text: str, date: str = "") -> dict:
    """The rows of a text by figure: the figure as written, and its number alone ('$0.15' for
    '$0.15 per million input tokens')."""
    out = {}
    for r in checker.check(text, "t.txt", date=date):
        if not r.hidden:
            out[r.link.mention.text] = r
            out.setdefault(r.link.mention.text.split(" per ")[0], r)
    return out


def mention(text: str, figure: str):
    found = [m for m in find_mentions(text) if m.text == figure]
    assert found, [m.text for m in find_mentions(text)]
    return found[0]


# --------------------------------------------------------------------------- extraction

@pytest.mark.parametrize("text, figure, value, unit", [
    ("a 236-billion-parameter model", "236-billion-parameter", 236e9, "parameters"),
    ("trained on a 1024H100 cluster", "1024H100", 1024, "GPUs"),
    ("2048 H800 GPUs", "2048", 2048, "GPUs"),  # a count, not the year 2048
    ("30M H100 hours", "30M", 30e6, "GPUs"),  # the scale is kept
    ("it runs at 45TPS", "45TPS", 45, None),
    ("192GB of HBM3e", "192GB", 192, "GB"),
    ("1.7TB HBM3e", "1.7TB", 1700, "GB"),
    ("NVLink at 900GB/s", "900GB/s", 0.9, "TB/s"),
    ("2025 年 7 月 11 日发布", "2025 年 7 月 11 日", "2025-07-11", "date"),
    ("从 355 B 总参数", "355 B", 355e9, "parameters"),
])
def test_numbers_glued_to_or_hyphenated_into_their_unit(text, figure, value, unit):
    m = mention(text, figure)
    assert (m.value, m.unit) == (value, unit)


def test_an_upper_case_x_is_a_multiple():
    assert mention("about ~8X faster", "8X").kind == "multiple"


def test_traditional_chinese_folds_to_simplified_position_for_position():
    text = "台積電N4P製程，擁有2080億個電晶體，緩存命中"
    assert fold(text) == "台积电N4P制程，拥有2080亿个电晶体，缓存命中"
    assert len(fold(text)) == len(text)
    assert fold("GLM\u20114.5") == "GLM-4.5"  # a non-breaking hyphen in a name


# --------------------------------------------------------------------------- linking

@pytest.mark.parametrize("text, figure, entity, metric", [
    # a count of training tokens is never parameters
    ("DeepSeek-V3 was pre-trained on 14.8T tokens.", "14.8T tokens", "deepseek-v3", "training_tokens"),
    ("Meta's Llama 3 took 30M H100 hours.", "30M", "llama-3", "gpu_hours"),
    ("GPT-5 has a knowledge cutoff of September 2024.", "September 2024", "gpt-5", "knowledge_cutoff"),
    ("GPT-4o: max output tokens 16,384.", "16,384", "gpt-4o", "max_output_tokens"),
    ("Blackwell has 208 billion transistors.", "208 billion", "nvidia-blackwell", "transistor_count"),
    # growth said with a verb of surging (暴涨, 暴漲 folded to it; "soared")
    ("WAIC 2025的參展商數量暴漲了60%。", "60%", "waic-2025", "growth"),
    # a name in other capitalisation
    ("DEEPSEEK-V3 has 671B total parameters.", "671B", "deepseek-v3", "params_total"),
    # the company is not the model: "its" points back to the model named before
    ("Moonshot AI released Kimi K2. Its total parameters are 1.04 trillion.", "1.04 trillion", "kimi-k2", "params_total"),
])
def test_metric_cues_and_entities(checker, text, figure, entity, metric):
    r = rows(checker, text)[figure]
    assert (r.link.entity_id, r.link.metric) == (entity, metric), r.explanation


def test_a_table_cell_reads_its_row_label_and_column_header(checker):
    text = ("| Feature | GPT-5 | GPT-4o |\n|---|---|---|\n| Context window | 400K tokens | 128K tokens |\n"
            "| Max output tokens | 128,000 | 16,384 |\n| Input cost (per 1M tokens) | $1.25 | $2.50 |\n")
    got = {f: (r.link.entity_id, r.link.metric, r.verdict) for f, r in rows(checker, text, "2025-09").items()}
    assert got["16,384"] == ("gpt-4o", "max_output_tokens", "matches")
    assert got["400K tokens"][:2] == ("gpt-5", "context_length")
    assert got["$2.50"] == ("gpt-4o", "price_input", "matches")
    assert got["$1.25"][:2] == ("gpt-5", "price_input")


def test_a_table_row_names_its_benchmark(checker):
    text = "| Test | Qwen3-235B | DeepSeek-R1 |\n|---|---|---|\n| AIME25 Math Reasoning | 81.5 | 79.2 |\n"
    got = rows(checker, text)
    assert (got["81.5"].link.entity_id, got["81.5"].verdict) == ("qwen3-235b-a22b", "matches")
    assert (got["79.2"].link.entity_id, got["79.2"].verdict) == ("deepseek-r1", "differs")  # 70.0 in Qwen's table


def test_a_list_line_keeps_the_entity_of_its_heading(checker):
    text = "Claude 3.7 Sonnet\nA model page.\nSpecifications\n- Context window: 200K tokens\n"
    r = rows(checker, text)["200K tokens"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("claude-3.7-sonnet", "context_length", "matches")
    assert "entity from the title" in r.explanation


def test_thousands_of_tokens_a_model_takes_in_are_its_context_without_the_word(checker):
    """'supporting up to 128K token processing' (a seed article) is a context window; a thinking
    budget ('thinks for up to 32K tokens') has no such cue and stays unread."""
    found = rows(checker, "DeepSeek-V2 pioneered MLA, supporting up to 128K token processing.")
    assert (found["128K token"].link.metric, found["128K token"].verdict) == ("context_length", "matches")
    budget = checker.check("DeepSeek-R1 thinks for up to 32K tokens on hard problems.", "t.txt")
    assert budget and all(r.link.metric != "context_length" and r.verdict == NEEDS_REVIEW for r in budget)


def test_parameters_per_token_in_a_label_line_are_parameters(checker):
    """'Active parameters per token: 37 billion' counts parameters; 'per token' is no token count
    (seen on a held-out model page)."""
    text = "DeepSeek-V3\nKey specifications:\n- Total parameters: 671 billion\n- Active parameters per token: 37 billion\n"
    found = rows(checker, text)
    assert (found["37 billion"].link.metric, found["37 billion"].verdict) == ("params_active", "matches")
    assert found["671 billion"].link.metric == "params_total"


def test_a_tier_said_after_an_earlier_figure_of_a_list_is_that_figures_own(checker):
    """'$7.50 per million cached input tokens, and $60 per million output tokens': the cached
    tier belongs to $7.50, and $60 is the list output price (a held-out news report)."""
    found = rows(checker, "OpenAI's o1 is priced at $15 per million input tokens, $7.50 per million cached "
                          "input tokens, and $60 per million output tokens.", date="2025-02-26")
    assert (found["$7.50"].link.tier, found["$7.50"].verdict) == ("cache_hit", "matches")
    assert (found["$60"].link.tier, found["$60"].verdict) == ("standard", "matches"), found["$60"].explanation
    # a tier that leads its sentence still applies to every figure in it
    found = rows(checker, "On a cache hit, Kimi K2 charges $0.15 per million input tokens.")
    assert found["$0.15"].link.tier == "cache_hit"


def test_the_thing_compared_with_is_not_the_figures_entity(checker):
    text = "Claude 3.7 Sonnet\nSWE-bench 70.3% exceeded OpenAI o1 (48.9%).\n"
    got = rows(checker, text)
    assert got["70.3%"].link.entity_id == "claude-3.7-sonnet"
    assert (got["48.9%"].link.entity_id, got["48.9%"].verdict) == ("o1", "matches")


def test_a_gpu_named_after_a_count_is_the_kind_counted(checker):
    r = rows(checker, "DeepSeek has at least 50k H100 GPUs.")["50k"]
    assert r.link.entity_id != "nvidia-h100"


@pytest.mark.parametrize("text, figure, entity", [
    ("o3 succeeds o3-mini (January 2025) in the series.", "January 2025", "o3-mini"),
    ("DeepSeek-V3 appeared in December 2024.", "December 2024", "deepseek-v3"),
    ("In mid-April 2025, OpenAI released o3.", "mid-April 2025", "o3"),
    ("紧接着在7月28日凌晨，智谱带来了开源模型GLM-4.5。", "7月28日", "glm-4.5"),
])
def test_release_dates_in_brackets_and_adverbials(checker, text, figure, entity):
    r = rows(checker, text, "2025-08")[figure]
    assert (r.link.entity_id, r.link.metric) == (entity, "release_date"), r.explanation
    assert r.verdict == "matches", r.explanation


def test_a_date_in_a_sentence_about_one_event_is_its_date(checker):
    r = rows(checker, "In late July this year, a DeepSeek paper won the Best Paper Award at ACL 2025.", "2025-08")["late July"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("acl-2025", "event_date", "matches"), r.explanation


def test_a_date_before_after_its_release_is_not_the_release(checker):
    # mid-July is when Nature published; K2's release came before ("发布后": after it was released)
    r = rows(checker, "7月中旬,英国《自然》杂志网站发表文章称,Kimi K2发布后引发轰动。", "2025-08").get("7月中旬")
    assert r is None or r.link.metric != "release_date"
    assert rows(checker, "7月中旬,月之暗面发布了Kimi K2。", "2025-08")["7月中旬"].link.metric == "release_date"


def test_a_date_in_a_paragraph_about_one_event_named_later_holds_but_is_never_wrong(checker):
    said = "7月底的上海,人潮未散。一场盛会刚在这里落幕。这是世界人工智能大会举办以来规模最大的一次。"
    r = rows(checker, said, "2025-08")["7月底"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("waic-2025", "event_date", "matches"), r.explanation
    wrong = rows(checker, said.replace("7月底", "3月初"), "2025-08")["3月初"]
    assert wrong.verdict == NEEDS_REVIEW and "named later in the paragraph" in wrong.explanation, wrong.explanation


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
    # "$15 vs $10": Sonnet's output price against GPT-5's; both linked to GPT-5, neither is judged
    got = rows(checker, "GPT-5 is cheap. Sonnet costs more on output ($15 vs $10 per million tokens) than GPT-5.", "2025-10-01")
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


# --------------------------------------------------------------------------- precision, noise, matching

def test_a_wrong_verdict_needs_a_confident_link(checker):
    # the entity comes from the sentence before: too far to call the figure wrong
    text = "Kimi K2 and DeepSeek-V3 are open models. The total is 2 trillion parameters."
    r = rows(checker, text).get("2 trillion")
    assert r is None or r.verdict == NEEDS_REVIEW


@pytest.mark.parametrize("text, figure", [
    ("Step 1: install version 1.60 or later.", "1.60"),
    ("three models were compared", "three models"),
    ("1. Core architectures", "1"),
])
def test_mentions_that_are_no_figures_are_no_rows(checker, text, figure):
    every = {r.link.mention.text: r for r in checker.check(text, "t.txt")}
    assert figure in every and every[figure].hidden, every  # found, with a reason, shown only with --all
    assert figure not in rows(checker, text)


def test_check_all_lists_them_with_the_reason(tmp_path, cli_here):
    article = tmp_path / "900_notes.txt"
    article.write_text("Step 1: install version 1.60 or later. DeepSeek-V3 has 671B total parameters.\n", encoding="utf-8")
    plain = cli_here("check", str(article))
    every = cli_here("check", "--all", str(article))
    assert plain.returncode == every.returncode == 0, plain.stderr
    figures = [line.split(",")[3] for line in plain.stdout.splitlines()[1:]]
    assert "1.60" not in figures and "left out" in plain.stderr
    assert "1.60" in every.stdout and "671B" in plain.stdout


def test_check_refuses_a_malformed_date(tmp_path, cli_here):
    article = tmp_path / "900_notes.txt"
    article.write_text("DeepSeek-V3 has 671B total parameters.\n", encoding="utf-8")
    done = cli_here("check", "--date", "March 2025", str(article))
    assert done.returncode == 2 and "YYYY, YYYY-MM or YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_a_figure_the_ledger_holds_carries_its_claim(checker):
    # DeepSeek-V3's 671B is ledger claim A000-07; the curated verdict comes along
    r = rows(checker, "DeepSeek-V3 has 671B total parameters.")["671B"]
    assert r.ledger_claim.startswith("A000-07 (") and r.ledger_claim.endswith(")"), r.ledger_claim


# --------------------------------------------------------------------------- dates said of a list, of a name, of a half-year

def test_a_date_before_the_release_of_a_list_is_each_models_date(checker):
    text = "By the first half of this year, with the debut of Gemini-1.5, Claude-3.5, and Llama-3, the picture changed."
    got = {r.link.entity_id: r.verdict for r in checker.check(text, "t.txt", date="2024-09-20") if not r.hidden}
    assert got == {"gemini-1.5": "matches", "claude-3.5-sonnet": "matches", "llama-3": "matches"}
    # the same words a year later: none of them came out in the first half of 2025, but by then, yes
    later = {r.link.entity_id: r.verdict for r in checker.check(text.replace("By the", "In the"), "t.txt", date="2025-09-20")}
    assert set(later.values()) == {"differs"}


def test_a_half_year_is_six_months_not_the_year(checker):
    text = "In the first half of this year, with the release of GPT-5, things changed."
    [row] = [r for r in checker.check(text, "t.txt", date="2025-10-01") if not r.hidden]
    assert (row.link.entity_id, row.verdict) == ("gpt-5", "differs")  # August 2025 is the second half
    assert "not within Jan 2025 to Jun 2025" in row.explanation


def test_the_release_verb_names_the_model_it_stands_before(checker):
    # the sentence's subject is Kimi K2; what was "just released" in mid-July is Grok 4
    text = "7月中旬，据OpenRouter公布的数据，Kimi K2调用量与马斯克刚发布的Grok4登上增长榜前两名。"
    dates = [r for r in checker.check(text, "t.txt", date="2025-08-01") if r.link.metric == "release_date"]
    assert [(r.link.entity_id, r.verdict) for r in dates] == [("grok-4", "matches")]


def test_tokens_a_service_handles_are_not_training_tokens(checker):
    text = "Kimi K2的日调用量超过 100 亿 token。"
    [row] = [r for r in checker.check(text, "t.txt", date="2025-08-01") if "100" in r.link.mention.text]
    assert row.verdict == NEEDS_REVIEW and "not what a model was trained on" in row.explanation


def test_a_name_with_a_variant_the_entities_lack_is_not_its_sibling(checker):
    # "Claude 3.5" names Claude 3.5 Sonnet, but "Claude 3.5 Haiku" is another model
    text = "Claude 3.5 Sonnet costs $3 per million input tokens. Claude 3.5 Haiku costs $0.80 per million input tokens."
    got = {r.link.mention.text.split(" per ")[0]: r for r in checker.check(text, "t.txt", date="2024-12-01")}
    assert got["$0.80"].verdict == NEEDS_REVIEW and "Claude 3.5 Haiku" in got["$0.80"].explanation
    assert "3.5" not in got  # the number inside the name is no figure


# --------------------------------------------------------------------------- a place on a chart, said in words

def test_a_first_place_said_with_a_verb_is_a_ranking(checker):
    text = "GPT-5 is officially released. Although it topped the test sets, user feedback is mixed."
    [row] = [r for r in checker.check(text, "t.txt", date="2025-09-01") if r.link.mention.text == "topped"]
    assert (row.link.entity_id, row.link.metric, row.verdict) == ("gpt-5", "ranking", "matches")


def test_an_app_store_ranks_the_app_of_the_models_maker(checker):
    text = ("DeepSeek-R1 in January 2025 focused on reasoning, matching OpenAI's o1 model in AIME, at a far lower cost, "
            "topping the US App Store.")
    [row] = [r for r in checker.check(text, "t.txt", date="2025-02-01") if r.link.mention.text == "topping"]
    assert (row.link.entity_id, row.verdict) == ("deepseek-app", "matches")
    assert "an app store ranks apps" in row.explanation


def test_a_place_on_charts_not_named_is_never_called_wrong(checker):
    # GLM-4.5's README ranks it third on its own average of twelve benchmarks: "topped the
    # benchmarks" may mean others, so it is left to review, not called differs
    [row] = [r for r in checker.check("GLM-4.5 topped the benchmarks.", "t.txt", date="2025-09-01")]
    assert row.verdict == NEEDS_REVIEW and "charts the article does not name" in row.explanation
    [row] = [r for r in checker.check("GLM-4.5 tops the bill.", "t.txt", date="2025-09-01")]
    assert row.verdict == NEEDS_REVIEW


def test_this_paper_points_back_past_a_line_that_is_only_a_link(checker):
    text = ("In late July, the paper \"Native Sparse Attention\" by the DeepSeek team won the Best Paper Award at ACL 2025.\n\n"
            "https://arxiv.org/abs/2502.11089\n\n"
            "This paper brought sparse attention into a complete training process, while also bringing up to 11 times "
            "inference acceleration.")
    [row] = [r for r in checker.check(text, "t.txt", date="2025-08-20") if r.link.mention.text == "11 times"]
    assert (row.link.entity_id, row.link.metric, row.verdict) == ("deepseek-nsa", "speedup", "consistent")


# --------------------------------------------------------------------------- a price as a share of another's

def test_a_price_ratio_in_words_is_checked_side_by_side(checker):
    for text in ("Kimi K2的API价格仅为Claude Sonnet 4的五分之一。", "Kimi K2 is priced at one fifth of Claude Sonnet 4."):
        [row] = [r for r in checker.check(text, "t.txt", date="2025-08-01") if r.link.metric == "price_ratio"]
        assert (row.link.entity_id, row.link.comparator, row.verdict) == ("kimi-k2", "claude-sonnet-4", "partly_holds")
        assert "holds for input ($0.60 vs $3 = 1/5); not for output ($2.50 vs $15 = 1/6)" in row.explanation


def test_a_saving_in_percent_is_a_ratio_and_never_called_wrong_by_its_round_figure(checker):
    got = [r for r in checker.check("DeepSeek-R1 is over 90% cheaper than o1. DeepSeek-R1 is 90% cheaper than o1.",
                                    "t.txt", date="2025-02-01") if r.link.metric == "price_ratio"]
    assert [r.verdict for r in got] == ["consistent", NEEDS_REVIEW]  # the prices give about 1/27: 96% cheaper
    assert "a saving said in percent" in got[1].explanation


def test_a_series_named_without_its_version_is_the_member_current_at_the_articles_date(checker):
    text = "Kimi K2的API价格仅为Claude Sonnet的五分之一。"
    [row] = [r for r in checker.check(text, "t.txt", date="2025-07-20") if r.link.metric == "price_ratio"]
    assert row.link.comparator == "claude-sonnet-4" and "'Claude Sonnet' read as Claude Sonnet 4" in row.explanation
    # before Claude 3.5 Sonnet the entities hold no Sonnet; a series with a number after it is another model
    assert not [r for r in checker.check(text, "t.txt", date="2024-03-01") if r.link.comparator]
    [row] = checker.check("Claude Sonnet 5 costs $3 per million input tokens.", "t.txt", date="2025-07-20")
    assert row.verdict == NEEDS_REVIEW


# --------------------------------------------------------------------------- the sentence before

def test_a_sentence_naming_only_the_maker_takes_the_fitting_entity_of_the_sentence_before(checker):
    # the maker has no official multiples; the model named just before has: it is the one meant,
    # across a paragraph break too (a blank line is no sentence)
    for gap in (" ", "\n\n"):
        text = f"NVIDIA unveiled its Blackwell platform in March 2024.{gap}NVIDIA promised 4x faster training."
        r = rows(checker, text)["4x"]
        assert (r.link.entity_id, r.link.metric, r.link.place) == ("nvidia-blackwell", "hardware_multiplier", "previous_sentence")


def test_one_multiple_said_of_training_and_inference_at_once_needs_review(checker):
    # NVIDIA gives 4x for training and up to 30x for inference: "20-30x training and inference" is
    # neither, and judging it against one of them would say it holds
    text = "NVIDIA's Blackwell promised a 20-30x training and inference performance increase."
    r = rows(checker, text)["20-30x"]
    assert r.verdict == NEEDS_REVIEW
    assert "several workloads" in r.explanation
    # one workload named: judged as before
    assert rows(checker, "NVIDIA's Blackwell trains models 4x faster.")["4x"].verdict in ("matches", "rounded")


def test_computing_power_is_no_energy_cue(checker):
    # "a 30x inference power increase" is performance, not the cost and energy row
    r = rows(checker, "Blackwell brings a 30x inference power increase.")["30x"]
    assert r.link.benchmark.startswith("LLM inference (") and "cost" not in r.link.benchmark


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


# --------------------------------------------------------------------------- a tenth round (Chinese pages on DeepSeek-V3.2-Exp)

def test_the_model_named_just_before_is_the_subject_even_without_an_official_figure(checker):
    # V3.2-Exp has no context window in the reference: that is no reason to give Huawei Cloud's
    # 160K to the model of a heading above (it was called a wrong V3.1 context window)
    text = ("DeepSeek-V3.1\n长上下文能力\nDeepSeek-V3.2-Exp在长上下文处理方面表现出色。"
            "华为云已完成对该模型的适配工作,最大可支持160K长序列上下文长度。\n")
    r = rows(checker, text)["160K"]
    assert r.verdict == NEEDS_REVIEW and r.link.entity_id != "deepseek-v3.1"
    assert "deepseek-v3.2-exp" in r.explanation


def test_chinese_words_of_comparison_name_the_rival(checker):
    # "推理成本显著低于DeepSeek-V3.1-Terminus": V3.1 is what it is compared with
    r = rows(checker, "在处理128K长上下文时,推理成本显著低于DeepSeek-V3.1-Terminus。")["128K"]
    assert r.link.entity_id != "deepseek-v3.1" and r.verdict == NEEDS_REVIEW


def test_a_heading_that_names_two_models_heads_neither(checker):
    # even when only one of them has an official figure of the metric
    text = "DeepSeek-V3.1-Terminus 与 DeepSeek-V3.2-Exp 对比\n处理长文档时支持128K上下文。\n"
    r = rows(checker, text)["128K"]
    assert r.verdict == NEEDS_REVIEW and r.link.entity_id == ""
