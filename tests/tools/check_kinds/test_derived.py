"""Figures no source states but two sourced figures give: a growth between two editions of an event.

The reference gives WAIC 2025 over 800 exhibitors (R232) and WAIC 2024 more than 500 (R233):
both lower bounds, so a growth figure can fit them but is never confirmed or contradicted."""

from __future__ import annotations

import pandas as pd

from aifigures.tools.check import NEEDS_REVIEW
from aifigures.tools.derived import growth_between_editions

from .helpers import rows


def test_the_growth_between_editions_cites_both_counts_and_keeps_their_bounds(checker):
    derived = growth_between_editions(checker.reference[checker.reference["access"] != "derived"], checker.entities)
    [row] = derived[(derived["entity_id"] == "waic-2025") & (derived["benchmark"] == "exhibitors")].to_dict("records")
    assert (row["ref_id"], row["comparator_id"], row["metric"]) == ("R232;R233", "waic-2024", "growth")
    assert float(row["value"]) == 0.6 and row["bounded"] == "true" and row["qualifier"] == "approx"


def test_exact_counts_give_an_exact_growth_and_one_edition_gives_none():
    entities = pd.DataFrame({"entity_id": ["s", "e1", "e2"], "name": ["S", "E 1", "E 2"], "entity_kind": ["series", "event", "event"],
                             "aliases": ["", "", ""], "series": ["", "s", "s"]})
    base = {"status": "found", "benchmark": "", "qualifier": "exact", "refers_to": "", "access": ""}
    reference = pd.DataFrame([
        {**base, "ref_id": "R1", "entity_id": "e1", "metric": "event_date", "value": "2024-07-04"},
        {**base, "ref_id": "R2", "entity_id": "e2", "metric": "event_date", "value": "2025-07-26"},
        {**base, "ref_id": "R3", "entity_id": "e1", "metric": "count", "benchmark": "visitors", "value": "200"},
        {**base, "ref_id": "R4", "entity_id": "e2", "metric": "count", "benchmark": "visitors", "value": "250"},
        {**base, "ref_id": "R5", "entity_id": "e2", "metric": "count", "benchmark": "exhibitors", "value": "800"},
    ])
    derived = growth_between_editions(reference, entities)
    assert derived[["ref_id", "entity_id", "benchmark", "value", "qualifier", "bounded"]].values.tolist() == [
        ["R4;R3", "e2", "visitors", "0.25", "exact", ""]]  # exhibitors: counted at one edition only


def test_a_growth_that_fits_bounded_counts_is_consistent_one_that_does_not_needs_review(checker):
    r = rows(checker, "WAIC 2025的参展商数量暴涨了60%。", "2025-08")["60%"]
    assert (r.link.entity_id, r.link.benchmark, r.verdict) == ("waic-2025", "exhibitors", "consistent")
    assert "bounds" in r.explanation and set(r.ref_ids.split(";")) == {"R232", "R233"}
    # 20% is far from +60%, but lower bounds cannot contradict it
    r = rows(checker, "WAIC 2025 saw its exhibitors jump 20%.", "2025-08")["20%"]
    assert r.verdict == NEEDS_REVIEW and "cannot contradict" in r.explanation
    # visitors: no counts of them in the reference
    assert rows(checker, "WAIC 2025 visitors grew 30%.", "2025-08")["30%"].verdict == NEEDS_REVIEW


def test_an_events_bare_name_is_the_edition_of_the_articles_month_and_a_gloss_is_no_aside(checker):
    # "WAIC(世界人工智能大会)": the name in brackets spells out the acronym before it; in a July
    # 2025 article a bare "WAIC" is WAIC 2025 (held 26-28 July)
    text = "这是WAIC(世界人工智能大会)举办以来规模最大的一次,参展商数量暴涨了60%。"
    r = rows(checker, text, "2025-07")["60%"]
    assert (r.link.entity_id, r.verdict) == ("waic-2025", "consistent"), r.explanation
    # before WAIC 2025, a bare name is the edition before
    assert rows(checker, "WAIC的参展商数量暴涨了60%。", "2025-03")["60%"].link.entity_id == "waic-2024"
    # a name in an aside that does not spell out the word before is still an aside
    aside = rows(checker, "参展商数量暴涨了60% (据 WAIC 2025 主办方)。", "2025-08")["60%"]
    assert (aside.link.entity_id, aside.verdict) == ("", NEEDS_REVIEW), aside.explanation
