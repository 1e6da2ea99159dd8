"""Figures said in words: a place on a chart, a price as a share of another.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

from aifigures.tools.check import NEEDS_REVIEW

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
