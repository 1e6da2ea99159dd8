"""What a figure is about: its entity and metric, from its clause, the sentence before, a heading, a table or label line.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

import pytest

from aifigures.tools.check import NEEDS_REVIEW

from .helpers import rows

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


# --------------------------------------------------------------------------- the sentence before

def test_a_sentence_naming_only_the_maker_takes_the_fitting_entity_of_the_sentence_before(checker):
    # the maker has no official multiples; the model named just before has: it is the one meant,
    # across a paragraph break too (a blank line is no sentence)
    for gap in (" ", "\n\n"):
        text = f"NVIDIA unveiled its Blackwell platform in March 2024.{gap}NVIDIA promised 4x faster training."
        r = rows(checker, text)["4x"]
        assert (r.link.entity_id, r.link.metric, r.link.place) == ("nvidia-blackwell", "hardware_multiplier", "makers_product")
        assert r.link.confidence >= 0.8  # the maker's own product: confident enough to be judged
    # another company named beside the maker: the sentence before is only a guess
    r = rows(checker, "NVIDIA unveiled its Blackwell platform in March 2024. NVIDIA and Oracle promised 4x faster training.")["4x"]
    assert r.link.place == "previous_sentence" and r.link.confidence < 0.8


def test_one_multiple_said_of_training_and_inference_at_once_is_judged_on_each(checker):
    # NVIDIA gives 4x for training and up to 30x for inference: "20-30x training and inference"
    # holds for inference, not for training: it merges two figures the source keeps apart
    text = "NVIDIA's Blackwell promised a 20-30x training and inference performance increase."
    r = rows(checker, text)["20-30x"]
    assert r.verdict == "conflated"
    assert "holds for LLM inference" in r.explanation and "not for LLM training" in r.explanation
    assert {"R300", "R302"} <= set(r.ref_ids.split(";"))
    # a figure that fits neither workload differs; one that needs review for one of them needs review
    assert rows(checker, text.replace("20-30x", "50x"))["50x"].verdict == "differs"
    assert rows(checker, text.replace("20-30x", "3x"))["3x"].verdict == NEEDS_REVIEW
    # one workload named: judged as before
    assert rows(checker, "NVIDIA's Blackwell trains models 4x faster.")["4x"].verdict in ("matches", "rounded")


def test_computing_power_is_no_energy_cue(checker):
    # "a 30x inference power increase" is performance, not the cost and energy row
    r = rows(checker, "Blackwell brings a 30x inference power increase.")["30x"]
    assert r.link.benchmark.startswith("LLM inference (") and "cost" not in r.link.benchmark


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


# --------------------------------------------------------------------------- an eleventh round (Grok 4 pages)

def test_a_family_name_alone_is_no_model_of_it(checker):
    # "Grok debuted in November 2023" on a page about Grok 4: Grok 1's debut, not Grok 4's release
    text = "Grok 4: a review\nGrok 4 leads in reasoning.\nLaunch of Grok\nGrok debuted in November 2023.\n"
    r = rows(checker, text)["November 2023"]
    assert r.verdict == NEEDS_REVIEW and "Grok" in r.explanation


def test_a_maker_named_alone_is_the_subject_and_its_model_is_its_models(checker):
    # "launched xAI in July 2023" dates the company, not the title's Grok 4; but "Anthropic model
    # released February 24, 2025" under "Claude 3.7 Sonnet" is the model's release
    r = rows(checker, "Grok 4: a review\nGrok 4 leads in reasoning.\n\nElon Musk launched xAI in July 2023.\n")["July 2023"]
    assert r.verdict == NEEDS_REVIEW and "xAI" in r.explanation
    r = rows(checker, "Claude 3.7 Sonnet\nAnthropic model released February 24, 2025.\n")["February 24, 2025"]
    assert (r.link.entity_id, r.verdict) == ("claude-3.7-sonnet", "matches")


def test_a_spaced_middle_dot_separates_the_items_of_a_spec_line(checker):
    # "Released July 2025 · Updated May 16, 2026": the update is no release (it was called a wrong one);
    # a breadcrumb naming the family ("xAI · Grok") does not stop the title from heading the page
    text = "Grok 4\nxAI · Grok\nReleased July 2025 · Updated May 16, 2026\n"
    found = rows(checker, text)
    assert (found["July 2025"].link.entity_id, found["July 2025"].verdict) == ("grok-4", "matches")
    assert "May 16, 2026" not in found or found["May 16, 2026"].verdict == NEEDS_REVIEW


def test_a_multiples_workload_is_its_own_word_not_the_other_multiples(checker):
    # NVIDIA: 4x for training; 7x is for a GPT-3 benchmark the reference does not hold
    text = ("Nvidia claims that the GB200 delivers four times the training speed and a considerably more modest "
            "seven times the performance of an H100 on a GPT-3 LLM benchmark.")
    got = rows(checker, text, "2024-03-20")
    assert got["four times"].verdict == "matches"
    assert got["seven times"].verdict == NEEDS_REVIEW and "no workload" in got["seven times"].explanation
    # a workload named only in another clause may make a figure hold, never wrong
    text = "The GB200 demonstrated approximately seven times the performance of the H100, quadrupling the training speed."
    r = rows(checker, "NVIDIA Blackwell. " + text, "2024-03-20")["seven times"]
    assert r.verdict == NEEDS_REVIEW and r.link.confidence < 0.8
    # the nearest workload word, not the first in a fixed order: inference here, cost later
    text = "Blackwell delivers up to 30x greater performance for large language model (LLM) inference, with reductions in cost."
    r = rows(checker, text, "2024-03-20")["30x"]
    assert r.link.benchmark.startswith("LLM inference (") and r.verdict == "matches"


def test_megawatts_are_a_systems_power(checker):
    # NVIDIA's GTC 2024 comparison: 2,000 Blackwell GPUs drawing 4 MW (R1634)
    r = rows(checker, "NVIDIA's Blackwell can train it with just four megawatts of power.", "2024-03-20")["four megawatts"]
    assert (r.link.entity_id, r.link.metric, r.link.unit, r.verdict) == ("nvidia-blackwell", "power_draw", "MW", "matches")


def test_another_version_of_a_named_line_of_models_is_a_model_the_entities_lack(checker):
    # "GLM-4.6 ... extended the context window to 200,000 tokens": GLM-4.6 is not GLM-4.5
    text = "GLM-4.5 came out in July 2025. GLM-4.6, released two months later, extended the context window to 200,000 tokens."
    r = rows(checker, text, "2025-10-01")["200,000 tokens"]
    assert r.verdict == NEEDS_REVIEW and "GLM-4.6, a name not in data/entities.csv" in r.explanation
    unknown: list = []
    spans = checker.knowledge.entity_spans("DeepSeek-V4, GLM-4.5, gpt-4-1 and GPT-4o", unknown)
    assert [e for _, _, e in spans] == ["glm-4.5", "gpt-4o"]  # known names stay known
    assert [name for _, _, name in unknown] == ["DeepSeek-V4"]  # "gpt-4-1" is GPT-4.1's id, no new version


def test_a_thinking_model_and_a_short_names_series_are_not_the_base_model(checker):
    # Kimi K2 Thinking (Nov 2025) has a 256K window; Kimi K2's is 128K: its window was called wrong
    text = ("Kimi K2 Thinking is Moonshot AI's most advanced open reasoning model, extending the K2 series into "
            "agentic reasoning. Built on a trillion-parameter MoE architecture, it supports a 256k-token context window.")
    r = rows(checker, text, "2025-12-01")["256k-token"]
    assert r.verdict == NEEDS_REVIEW and r.link.entity_id != "kimi-k2", r.explanation
    # "thinking mode" is a setting of the model itself, not another model; the series in full is the model
    assert rows(checker, "Kimi K2 thinking mode supports a 128K context window.", "2025-12-01")["128K"].link.entity_id == "kimi-k2"
    r = rows(checker, "The DeepSeek-V2 series supports up to 128K token processing.", "2024-06-01")["128K token"]
    assert (r.link.entity_id, r.verdict) == ("deepseek-v2", "matches")


def test_a_name_between_a_pair_of_dashes_is_an_aside(checker):
    # "the 400k window — four times GPT-4o's 128k — paired with a 128k output limit": GPT-5's limit, called GPT-4o's
    text = ("GPT-5 represents a step from GPT-4o. The practical change is the 400k input context window — four times "
            "GPT-4o's 128k — paired with a 128k output token limit.")
    r = next(r for r in checker.check(text, "t.txt", date="2025-09-01") if r.link.metric == "max_output_tokens")
    assert r.link.entity_id != "gpt-4o" and r.verdict == NEEDS_REVIEW, (r.link.entity_id, r.explanation)


def test_a_predecessor_is_no_subject_and_billions_of_tokens_are_no_window(checker):
    # "The model extends its predecessor DeepSeek V3's 64K context window to 128K tokens via a stage of 840 billion
    # additional tokens": 128K and 840B are V3.1's (the sentence before names it), 64K is V3's own
    text = ("DeepSeek V3.1 is a hybrid reasoning model. The model extends its predecessor DeepSeek V3's 64K context window "
            "to 128K tokens via a two-phase long-context continued pretraining stage totaling 840 billion additional tokens.")
    got = rows(checker, text, "2026-05-18")
    assert {f: (got[f].link.entity_id, got[f].link.metric, got[f].verdict) for f in ("64K", "128K tokens", "840 billion")} == {
        "64K": ("deepseek-v3", "context_length", "matches"),
        "128K tokens": ("deepseek-v3.1", "context_length", "matches"),
        "840 billion": ("deepseek-v3.1", "training_tokens", "matches")}
