"""Dates said of a list, of a name, of a half-year.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

from aifigures.tools.check import NEEDS_REVIEW

from .helpers import mention, rows

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


def test_a_chinese_date_in_brackets_or_spaced_opens_its_sentence(checker):
    # "前天(7月13日),Kimi 宣布发布..." and "7 月 12 日,月之暗面开源...": release dates (Kimi K2's is 11 July 2025)
    for text, figure in (("前天(7月13日),Kimi 突然宣布发布开源的Kimi K2模型。", "7月13日"),
                         ("7 月 12 日,月之暗面开源万亿参数大模型 Kimi K2。", "7 月 12 日")):
        r = rows(checker, text, "2025-07-15")[figure]
        assert r.link.metric == "release_date" and r.link.value.startswith("2025-07-1"), (figure, r.explanation)
        assert r.verdict in ("differs", NEEDS_REVIEW)
    assert mention("7 月 12 日发布", "7 月 12 日").kind == "date"


def test_the_release_verb_names_the_model_across_a_short_noun(checker):
    # "月之暗面开源万亿参数大模型 Kimi K2": the model open-sourced is Kimi K2, so its date is judged
    # (12 July against the official 11 July), no longer held back by the gate
    r = rows(checker, "7 月 12 日,月之暗面开源万亿参数大模型 Kimi K2。", "2025-07-15")["7 月 12 日"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("kimi-k2", "release_date", "differs")


def test_what_made_a_model_famous_is_its_first_event_and_a_later_events_year_is_misattributed(checker):
    # the reference dates AlphaGo's Lee Sedol match (March 2016) and its Ke Jie match (May 2017)
    r = rows(checker, "If we go back to 2017, AlphaGo shocked the world.", date="2024-09-20")["2017"]
    assert (r.link.entity_id, r.link.metric, r.link.benchmark) == ("alphago", "event_date", "Lee Sedol match")
    assert r.verdict == "misattributed" and "Ke Jie match" in r.explanation
    assert rows(checker, "In 2016, AlphaGo stunned the world.", date="2024-09-20")["2016"].verdict == "matches"
    assert rows(checker, "In 2019, AlphaGo shocked the world.", date="2024-09-20")["2019"].verdict == "differs"
    # a product's arrival is its release; without a debut word the date says nothing
    assert rows(checker, "In 2022, ChatGPT took the world by storm.", date="2024-09-20")["2022"].verdict == "matches"
    assert "2017" not in rows(checker, "If we go back to 2017, AlphaGo was a program.", date="2024-09-20")  # no figure


def test_a_product_named_right_before_in_a_year_is_dated_by_its_release(checker):
    # "ChatGPT in 2023" as "DeepSeek-R1 in January 2025": the product's release; a company is not released
    r = rows(checker, "The same story has played out with ChatGPT in 2023, GPT-4, and o1.", date="2024-09-20")["2023"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("chatgpt", "release_date", "differs")
    assert rows(checker, "The same story played out with ChatGPT in 2022.", date="2024-09-20")["2022"].verdict == "matches"
    assert "2023" not in rows(checker, "The same story played out with Oracle in 2023.", date="2024-09-20")  # no figure


def test_a_date_a_publisher_published_on_is_its_articles_date_about_the_model_named(checker):
    # Nature's news article on Kimi K2 came out in July 2025 (R237): the date is that article's,
    # not K2's release (which came before: "发布后")
    text = "7月中旬,英国《自然》杂志网站发表文章称,中国人工智能模型Kimi K2发布后引发轰动。"
    r = rows(checker, text, "2025-08")["7月中旬"]
    assert (r.link.entity_id, r.link.metric, r.verdict) == ("nature-kimi-k2-article", "event_date", "matches"), r.explanation
    assert rows(checker, text.replace("7月中旬", "3月初"), "2025-08")["3月初"].verdict == "differs"
    # no article of the publisher about the model named (GLM-4.5), or no verb of publishing: no such date
    assert "7月中旬" not in rows(checker, text.replace("Kimi K2", "GLM-4.5"), "2025-08")
    assert "7月中旬" not in rows(checker, "7月中旬,英国《自然》杂志网站称赞了Kimi K2。", "2025-08")
    # "nature" is a common word, no publisher
    assert not [s for s in checker.knowledge.entity_spans("the nature of Kimi K2") if s[2] == "nature-journal"]


def test_two_release_dates_of_one_model_in_one_sentence_date_two_releases(checker):
    # DeepSeek-V3.1: weights on 19 August, the API on 21 August (the reference's date); 19 August was called wrong
    text = ("DeepSeek V3.1 is a large language model developed by DeepSeek, released on August 19, 2025 and made "
            "broadly available via the official API on August 21, 2025.")
    got = rows(checker, text, "2026-05-18")
    assert got["August 21, 2025"].verdict == "matches"
    assert got["August 19, 2025"].verdict == NEEDS_REVIEW and "two release dates" in got["August 19, 2025"].explanation
    # one date alone is judged as before
    assert rows(checker, "DeepSeek V3.1 was released on August 19, 2025.", "2026-05-18")["August 19, 2025"].verdict == "differs"
