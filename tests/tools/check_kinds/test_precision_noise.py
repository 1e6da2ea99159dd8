"""Precision first: what may not be called wrong, mentions that are no figures, figures that repeat a ledger claim.

One test per kind of failure `check` showed on real writing; each text is written for the
test, in the shape the real pages showed (the corpus itself: tools/test_real_articles.py)."""

from __future__ import annotations

import pytest

from aifigures.tools.check import NEEDS_REVIEW

from .helpers import rows

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
    # the page's own date: a dated label line with its time, a byline under the title
    ("WAIC 2025在上海开幕\n时间:2025-07-31 22:55\n7月26日,大会开幕。", "2025-07-31"),
    ("GPT-4.1 in review\nTokenMix Research Lab · 2026-04-10\nGPT-4.1 came out in April 2025.", "2026-04-10"),
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


def test_a_figure_under_the_sources_ceiling_is_not_contradicted(checker):
    # NVIDIA: "up to 25x lower cost and energy consumption" for LLM inference. 10x is under it: not
    # wrong (it was called differs); 40x is over it: wrong
    below = rows(checker, "NVIDIA's Blackwell cuts inference cost and energy by 10x.")["10x"]
    assert below.verdict == NEEDS_REVIEW and "upper bound" in below.explanation
    assert rows(checker, "NVIDIA's Blackwell cuts inference cost and energy by 40x.")["40x"].verdict == "differs"


def test_a_maximum_stated_as_a_minimum_differs_a_lower_floor_needs_review(checker):
    # Oracle offers clusters of up to 131,072 Blackwell GPUs: "over 130,000" is that ceiling turned
    # into a floor; "over 100,000" lies under the ceiling and is neither confirmed nor contradicted
    r = rows(checker, "Oracle Cloud is claiming orders for over 130,000 B200 cards.", date="2024-10-01")["130,000"]
    assert (r.link.entity_id, r.verdict) == ("oracle-cloud", "differs")
    assert "is a maximum ('up to')" in r.explanation and "131,072" in r.explanation
    r = rows(checker, "Oracle Cloud is claiming orders for over 100,000 B200 cards.", date="2024-10-01")["100,000"]
    assert r.verdict == NEEDS_REVIEW and "lower bound" in r.explanation


def test_a_founding_year_is_not_the_date_of_this_years_edition(checker):
    # "WAIC(…)自2018年创办以来": the series was founded then; WAIC 2025 opened on 26 July 2025
    every = {r.link.mention.text: r for r in checker.check("世界人工智能大会(WAIC)自2018年创办以来已连续举办7届。", "t.txt",
                                                              date="2025-07-29")}
    assert every["2018年"].verdict == NEEDS_REVIEW and "founded" in every["2018年"].explanation
    # "(截至2025年)": the count of editions holds as of 2025; no event happened on that date
    every = {r.link.mention.text: r for r in checker.check("世界人工智能大会已连续举办7届(截至2025年)。", "t.txt", date="2025-07-29")}
    assert every["2025年"].verdict == NEEDS_REVIEW and "as of" in every["2025年"].explanation


def test_a_figure_cut_rather_than_rounded_to_its_digits_is_not_called_wrong(checker):
    # DeepSeek-V3's training cost is $5.576M: "$5.5M" cuts it, "$5.6M" rounds it, "$5.2M" is wrong
    got = {f: rows(checker, f"DeepSeek V3 was trained for just {f}.", "2025-01-05")[f] for f in ("$5.5M", "$5.6M", "$5.2M")}
    assert got["$5.5M"].verdict == NEEDS_REVIEW and "cuts the official" in got["$5.5M"].explanation
    assert got["$5.6M"].verdict in ("matches", "rounded")
    assert got["$5.2M"].verdict == "differs"


def test_a_makers_own_score_holds_beside_another_labs_run(checker):
    # GPT-4o on SWE-bench Verified: OpenAI's 33.2% (R1978) and DeepSeek's run, 38.8% (R411)
    r = rows(checker, "SWE-bench Verified improvements are striking: 48% vs GPT-4o's 33% on harness runs.", "2025-09-01")["33%"]
    assert (r.link.entity_id, r.verdict) == ("gpt-4o", "rounded") and "R1978" in r.ref_ids
    # GPQA Diamond: OpenAI's snapshots score 49.9, 53.1 and 46.0 (R1979-R1981), DeepSeek's run 49.9 (R405)
    r = rows(checker, "On GPQA Diamond, GPT-5 scores 72% compared to GPT-4o's 53%.", "2025-09-01")["53%"]
    assert (r.link.entity_id, r.verdict, r.ref_ids) == ("gpt-4o", "matches", "R1980")
    assert rows(checker, "On GPQA Diamond, GPT-4o scores 35%.", "2025-09-01")["35%"].verdict == "differs"
