"""Each section opens with its finding, and every number in it is counted from the data."""

import re

import pandas as pd

from aifigures.views import ledes, report_tables
from aifigures.views.verdict_style import CONTRADICTED


def plain(html) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace("&#x27;", "'")


def test_the_parameters_section_opens_with_the_smallest_active_share():
    sizes = report_tables.moe_sizes().dropna(subset=["activation_ratio"]).sort_values("activation_ratio")
    first = sizes.iloc[0]
    sentence = plain(ledes.parameters())
    assert sentence.startswith(f"{first['model']} activates {first['activation_ratio']:.1%} of its")
    for _, row in sizes.iloc[1:].iterrows():
        assert f"{row['model']} {row['activation_ratio']:.1%}" in sentence


def test_a_tally_counts_what_holds_and_names_what_does_not():
    led = report_tables.ledger()
    rows = led[led["group"] == "prices"]
    sentence = ledes.tally(rows, "price figures")
    judged = rows[~rows["verdict"].isin(["unverifiable", "not_checked"])]
    wrong = judged[judged["verdict"].isin(CONTRADICTED)]
    assert f"Of the {len(rows)} price figures in the ledger, {len(judged)} could be checked" in sentence
    assert all(claim_id in sentence for claim_id in wrong["claim_id"])
    none_wrong = pd.DataFrame({"verdict": ["matches", "not_checked"], "claim_id": ["X-01", "X-02"]})
    assert ledes.tally(none_wrong, "things") == "Of the 2 things in the ledger, 1 could be checked: 1 hold."


def test_the_fact_check_section_names_the_article_with_the_largest_share_of_problems():
    led = report_tables.ledger()
    judged = led[~led["verdict"].isin(["unverifiable", "not_checked"])]
    share = judged.assign(wrong=judged["verdict"].isin(CONTRADICTED)).groupby("article_id")["wrong"].mean()
    assert plain(ledes.fact_check()).startswith(f"Article {share.idxmax()} has the largest share")


def test_the_coverage_section_says_what_is_left_out():
    table = pd.DataFrame({"article_id": ["A", "B"], "mentions": [3, 2], "in ledger": [2, 1], "dismissed": [1, 0],
                          "uncovered": [0, 1]})
    assert "1 is not yet accounted for" in plain(ledes.coverage(table))
    assert "none is left out" in plain(ledes.coverage(table.assign(uncovered=0)))
    assert "not on this machine" in plain(ledes.coverage(table.iloc[0:0]))
