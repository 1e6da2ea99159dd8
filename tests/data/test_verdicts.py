"""Each verdict rule, with cases that hit it and cases that miss it."""

import pandas as pd
import pytest

from aifigures.data import tables
from aifigures.data.currency import MissingRate, rate_for, to_usd
from aifigures.data.verdicts import at_sentence_end, compute_verdicts, judge

REF_COLUMNS = ["ref_id", "entity_id", "metric", "benchmark", "comparator_id", "direction", "value", "unit", "qualifier",
               "value_low", "value_high", "refers_to", "status", "source_title", "publisher", "url", "locator",
               "access", "source_excerpt", "notes"]


def claim(**kw):
    base = dict(claim_id="A000-01", entity_id="m", metric="params_total", benchmark="", comparator_id="", direction="",
                value="", unit="parameters", qualifier="exact", value_low="", value_high="", kind="core", claim_type="fact")
    base.update(kw)
    return pd.DataFrame([base]).astype(str).itertuples(index=False).__next__()


def ref(*rows):
    out = []
    for i, r in enumerate(rows):
        base = {c: "" for c in REF_COLUMNS}
        base.update(ref_id=f"R{i:03d}", entity_id="m", metric="params_total", unit="parameters", qualifier="exact",
                    status="found", source_title="T")
        base.update(r)
        out.append(base)
    return pd.DataFrame(out, columns=REF_COLUMNS).astype(str)


@pytest.mark.parametrize("stated, qualifier, official, expected", [
    ("671000000000", "exact", "671000000000", "matches"),
    ("672000000000", "exact", "671000000000", "matches"),      # within 0.5%
    ("1000000000000", "approx", "1040000000000", "rounded"),   # "about a trillion"
    ("11", "up_to", "11.6", "differs"),                        # truncation is not rounding ...
    ("130000", "over", "131072", "consistent"),
    ("1000000000000", "exact", "1040000000000", "rounded"),    # 1.04T to one significant digit
    ("12", "exact", "11.6", "rounded"),
    ("10000000000", "over", "12000000000", "consistent"),      # "over 10 billion", official 12 billion
    ("600000000000", "exact", "671000000000", "differs"),
    ("20000000000", "over", "12000000000", "differs"),
])
def test_number_rules(stated, qualifier, official, expected):
    v = judge(claim(value=stated, qualifier=qualifier), ref({"value": official}))
    assert v.verdict == expected


def test_up_to_is_consistent_with_a_larger_official_upper_bound():
    v = judge(claim(value="11", qualifier="up_to", unit="x", metric="speedup"),
              ref({"metric": "speedup", "unit": "x", "value": "11.6", "qualifier": "up_to"}))
    assert v.verdict == "consistent"


def test_differs_gives_the_relative_difference():
    v = judge(claim(value="600000000000"), ref({"value": "671000000000"}))
    assert v.relative_difference == pytest.approx(600 / 671 - 1)
    assert "-10.6%" in v.explanation


def test_no_reference_is_unverifiable_never_matches():
    v = judge(claim(value="671000000000"), ref({"entity_id": "other", "value": "671000000000"}))
    assert v.verdict == "unverifiable"


def test_reference_marked_unverifiable_is_not_evidence():
    v = judge(claim(value="5"), ref({"value": "5", "status": "unverifiable", "notes": "searched everywhere, found nothing"}))
    assert v.verdict == "unverifiable"


def test_context_without_reference_is_not_checked():
    assert judge(claim(value="7", metric="duration", unit="days", kind="context"), ref()).verdict == "not_checked"


def test_price_without_side_matching_one_side_is_conflated():
    prices = ref({"metric": "price_input", "value": "1", "unit": "CNY/Mtok"}, {"metric": "price_output", "value": "2", "unit": "CNY/Mtok"})
    v = judge(claim(metric="api_price", value="2", unit="CNY/Mtok"), prices)
    assert v.verdict == "conflated" and "output" in v.explanation and "input price is ¥1 per M input tokens" in v.explanation  # not partly_holds
    both = ref({"metric": "price_input", "value": "2", "unit": "CNY/Mtok"}, {"metric": "price_output", "value": "2", "unit": "CNY/Mtok"})
    assert judge(claim(metric="api_price", value="2", unit="CNY/Mtok"), both).verdict == "matches"


PRICES = [{"metric": "price_input", "value": "0.6", "unit": "USD/Mtok"}, {"metric": "price_output", "value": "2.5", "unit": "USD/Mtok"},
          {"entity_id": "c", "metric": "price_input", "value": "3", "unit": "USD/Mtok"},
          {"entity_id": "c", "metric": "price_output", "value": "15", "unit": "USD/Mtok"}]


def test_price_ratio_is_recomputed_for_each_side():
    v = judge(claim(metric="price_ratio", value="0.2", unit="ratio", comparator_id="c"), ref(*PRICES))
    assert "input $0.60 vs $3 = 1/5 (matches)" in v.official and "output $2.50 vs $15 = 1/6 (differs)" in v.official
    assert judge(claim(metric="price_ratio", value="0.5", unit="ratio", comparator_id="c"), ref(*PRICES)).verdict == "differs"
    same_ratio = ref(*PRICES[:3], {"entity_id": "c", "metric": "price_output", "value": "12.5", "unit": "USD/Mtok"})
    assert judge(claim(metric="price_ratio", value="0.2", unit="ratio", comparator_id="c"), same_ratio).verdict == "matches"
    # "about a fifth": output 2.5/13.5 is within 10%, so true on both sides, at the coarser verdict
    near = ref(*PRICES[:3], {"entity_id": "c", "metric": "price_output", "value": "13.5", "unit": "USD/Mtok"})
    assert judge(claim(metric="price_ratio", value="0.2", unit="ratio", comparator_id="c", qualifier="approx"), near).verdict == "rounded"
    assert judge(claim(metric="price_ratio", value="0.2", unit="ratio", comparator_id="c", qualifier="approx"),
                 ref(*PRICES)).verdict == "partly_holds"


def test_a_ratio_true_for_one_side_only_partly_holds_and_says_which():
    v = judge(claim(metric="price_ratio", value="0.2", unit="ratio", comparator_id="c"), ref(*PRICES))
    assert v.verdict == "partly_holds"      # 1/6 is not a fifth, even at one significant digit
    assert v.explanation == "the article's 1/5 holds for input ($0.60 vs $3 = 1/5); not for output ($2.50 vs $15 = 1/6)"
    assert v.ref_ids == "R000;R002;R001;R003"


def test_kimi_k2_one_fifth_of_claude_sonnet_partly_holds():
    """A001-15 on the real reference rows: the explanation's prices are those rows' values."""
    reference = tables.load("reference")
    v = judge(claim(entity_id="kimi-k2", comparator_id="claude-sonnet-4", metric="price_ratio", value="0.2", unit="ratio"), reference)
    found = reference[(reference["status"] == "found") & (reference["unit"] == "USD/Mtok") & (reference["tier"] == "standard")
                      & (reference["valid_to"].fillna("") == "")].set_index(["entity_id", "metric"])["value"]
    k2_input = found[("kimi-k2", "price_input")]   # the list price (tier standard), not the cache hit
    held, _, failed = v.explanation.partition("; not for ")
    assert v.verdict == "partly_holds"
    assert held.endswith(f"holds for input (${k2_input} vs ${found[('claude-sonnet-4', 'price_input')]} = 1/5)")
    assert failed == f"output (${found[('kimi-k2', 'price_output')]} vs ${found[('claude-sonnet-4', 'price_output')]} = 1/6)"


def test_a_comparison_true_on_some_benchmarks_partly_holds_and_says_which():
    scores = ref({"metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.8", "unit": "percent"},
                 {"entity_id": "o1", "metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.2", "unit": "percent"},
                 {"metric": "benchmark_score", "benchmark": "MATH-500 (Pass@1)", "value": "96.1", "unit": "percent"},
                 {"entity_id": "o1", "metric": "benchmark_score", "benchmark": "MATH-500 (Pass@1)", "value": "96.4", "unit": "percent"})
    both = claim(metric="benchmark_comparison", benchmark="AIME 2024; MATH-500", comparator_id="o1",
                 direction="greater_or_equal", unit="none", qualifier="none")
    v = judge(both, scores)
    assert v.verdict == "partly_holds"
    assert v.explanation == "m vs o1: holds on AIME 2024 (Pass@1) (79.8 vs 79.2); not on MATH-500 (Pass@1) (96.1 vs 96.4)"
    # one benchmark named: that one alone decides
    assert judge(both._replace(benchmark="AIME 2024"), scores).verdict == "matches"
    assert judge(both._replace(benchmark="MATH-500"), scores).verdict == "differs"
    # no benchmark named: every shared one, the same way
    assert judge(both._replace(benchmark="", metric="performance_comparison"), scores).verdict == "partly_holds"
    assert judge(both._replace(direction="less"), scores).verdict == "partly_holds"


def test_a_cost_comparison_is_checked_on_input_and_output():
    prices = ref(*PRICES[:3], {"entity_id": "c", "metric": "price_output", "value": "2", "unit": "USD/Mtok"})
    cheaper = claim(metric="cost_comparison", comparator_id="c", direction="less", unit="none", qualifier="none")
    v = judge(cheaper, prices)
    assert v.verdict == "partly_holds" and "holds on input price" in v.explanation and "not on output price" in v.explanation
    assert judge(cheaper, ref(*PRICES)).verdict == "matches"


@pytest.mark.parametrize("direction, expected", [("greater_or_equal", "matches"), ("less", "differs")])
def test_comparison_in_words_is_recomputed(direction, expected):
    scores = ref({"metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.8", "unit": "percent"},
                 {"entity_id": "o1", "metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.2", "unit": "percent"})
    c = claim(metric="benchmark_comparison", benchmark="AIME 2024", comparator_id="o1", direction=direction, unit="none", qualifier="none")
    assert judge(c, scores).verdict == expected


def test_an_unlabelled_source_row_agrees_unless_the_label_says_which_thing():
    ranks = ref({"metric": "ranking", "value": "1", "unit": "rank"})
    assert judge(claim(metric="ranking", value="1", unit="rank", benchmark="US App Store"), ranks).verdict == "matches"
    counts = ref({"metric": "count", "value": "64", "unit": "count"})
    assert judge(claim(metric="count", value="64", unit="count", benchmark="attention heads"), counts).verdict == "unverifiable"


def test_counts_compare_only_the_same_counted_item():
    counts = ref({"metric": "count", "benchmark": "attention heads", "value": "64", "unit": "count"})
    assert judge(claim(metric="count", value="64", unit="count", benchmark="attention heads"), counts).verdict == "matches"
    assert judge(claim(metric="count", value="64", unit="count", benchmark="routed experts"), counts).verdict == "unverifiable"


@pytest.mark.parametrize("stated, expected", [("2024-05", "matches"), ("2024", "matches"), ("2023", "differs"), ("2024-06", "differs")])
def test_date_rule_at_the_articles_precision(stated, expected):
    dates = ref({"metric": "release_date", "value": "2024-05-06", "unit": "date"})
    assert judge(claim(metric="release_date", value=stated, unit="date"), dates).verdict == expected


def test_range_rule():
    mult = ref({"metric": "hardware_multiplier", "value": "30", "unit": "x"}, {"metric": "hardware_multiplier", "value": "4", "unit": "x"})
    c = claim(metric="hardware_multiplier", unit="x", qualifier="range", value_low="20", value_high="30")
    assert judge(c, mult).verdict == "differs"
    assert judge(c, ref({"metric": "hardware_multiplier", "value": "25", "unit": "x"})).verdict == "consistent"


def test_override_replaces_the_verdict_and_says_so():
    claims = pd.DataFrame([claim(value="130000", qualifier="over")._asdict()])
    overrides = pd.DataFrame([{"claim_id": "A000-01", "verdict": "misattributed", "reason": "capacity, not orders", "ref_ids": ""}])
    out = compute_verdicts(claims, ref({"value": "131072"}), overrides).iloc[0]
    assert out["computed_verdict"] == "consistent" and out["verdict"] == "misattributed" and bool(out["overridden"])


def test_every_core_claim_has_a_verdict_and_none_is_typed():
    claims, reference, overrides = tables.load("claims"), tables.load("reference"), tables.load("overrides")
    out = compute_verdicts(claims, reference, overrides)
    core = claims.loc[claims["kind"] == "core", "claim_id"]
    have = out.set_index("claim_id")["verdict"]
    assert have.loc[core].isin(["matches", "rounded", "consistent", "partly_holds", "differs", "conflated", "misattributed", "unverifiable"]).all()
    assert "verdict" not in claims.columns


def test_known_findings_of_the_fact_check():
    """The discrepancies the primary sources show, held so a data change cannot hide them."""
    out = compute_verdicts(tables.load("claims"), tables.load("reference"), tables.load("overrides")).set_index("claim_id")["verdict"]
    assert out["A000-05"] == "conflated"       # V2's "2 yuan" is its output price; input was 1 yuan
    assert out["A002-03"] == "differs"         # ChatGPT launched in November 2022, not 2023
    assert out["A000-18"] == "consistent"      # NSA: "up to 11 times" vs the paper's "up to 11.6x"
    assert out["A001-15"] == "partly_holds"    # K2's input price is 1/5 of Claude Sonnet 4's, its output price 1/6
    # "reaching GPT-4o's performance", checked on every row of DeepSeek's V3 table that reports both:
    # GPT-4o leads on SimpleQA (38.2 vs 24.9) and FRAMES (80.5 vs 73.3)
    assert out["A000-10"] == "partly_holds"
    assert out["A000-19"] == "matches"         # R1 cheaper than o1 on input and output
    assert out["A000-14"] == "matches"         # top of the US App Store (a reference row with no label agrees)
    assert out["A003-06"] == "conflated"       # Blackwell's 20-30x merges NVIDIA's separate multipliers (override)


def test_conversion_uses_the_rate_of_the_prices_date():
    fx = pd.DataFrame({"date": ["2024-05-06", "2025-07-11"], "currency": ["CNY", "CNY"], "per_usd": [7.2071, 7.1681]})
    assert to_usd(fx, 2.0, "CNY/Mtok", "2024-05-06") == (pytest.approx(2 / 7.2071), "2024-05-06")
    assert to_usd(fx, 2.0, "CNY/Mtok", "2025-07") == (pytest.approx(2 / 7.1681), "2025-07-11")
    assert rate_for(fx, "CNY", "2024-05-08")["date"] == "2024-05-06"      # two days later: last fixing
    with pytest.raises(MissingRate):
        rate_for(fx, "CNY", "2024-06-01")                                 # no rate within four days
    assert to_usd(fx, 3.0, "USD/Mtok", "2030-01-01")[0] == 3.0


def test_a_comparison_stated_in_words_counts_only_for_the_benchmark_it_is_about():
    """A source's comparison in words about one thing (hallucinations) never decides a claim about
    another (emotional intelligence); with the other searched in vain, the claim is unverifiable
    and says what was searched."""
    words = dict(metric="performance_comparison", comparator_id="c", unit="none", qualifier="none")
    rows = ref({**words, "benchmark": "hallucinations", "direction": "less"},
               {**words, "benchmark": "emotional intelligence", "status": "unverifiable",
                "notes": "Searched the maker's pages for an emotional-intelligence comparison. None found."})
    regressed = claim(**words, benchmark="emotional intelligence", direction="less")
    v = judge(regressed, rows)
    assert v.verdict == "unverifiable" and "emotional-intelligence comparison" in v.explanation and v.ref_ids == "R001"
    fewer = judge(claim(**words, benchmark="hallucinations", direction="less"), rows)
    assert fewer.verdict == "matches" and fewer.ref_ids == "R000"
    assert judge(claim(**words, benchmark="hallucinations", direction="greater"), rows).verdict == "differs"


def test_a_comparison_explained_by_name_and_an_override_drops_the_rejected_figure():
    scores = ref({"metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.8", "unit": "percent"},
                 {"entity_id": "o1", "metric": "benchmark_score", "benchmark": "AIME 2024 (Pass@1)", "value": "79.2", "unit": "percent"})
    row = claim(metric="benchmark_comparison", benchmark="AIME 2024", comparator_id="o1", direction="greater",
                unit="none", qualifier="none")
    claims = pd.DataFrame([row._asdict()])
    named = compute_verdicts(claims, scores, names={"m": "Model M", "o1": "OpenAI o1"})
    assert "Model M vs OpenAI o1" in named.at[0, "explanation"]
    overrides = pd.DataFrame([{"claim_id": "A000-01", "verdict": "unverifiable", "reason": "Reviewed.", "ref_ids": "",
                               "reviewed_by": "t", "reviewed_on": "2026-12-02"}])
    overridden = compute_verdicts(claims, scores, overrides)
    assert overridden.at[0, "verdict"] == "unverifiable" and overridden.at[0, "official"] == ""


@pytest.mark.parametrize("text, limit, expected", [
    ("One. Two is longer. Three.", 12, "One."),
    ("One. Two is longer. Three.", 21, "One. Two is longer."),
    ("A single long sentence with no end inside the limit. Next.", 10, "A single long sentence with no end inside the limit."),
    ("Short.", 100, "Short."),
    ("v1.5 is out. Then more.", 14, "v1.5 is out."),
])
def test_text_is_shortened_at_a_sentence_end(text, limit, expected):
    assert at_sentence_end(text, limit) == expected


def test_a_comparison_is_made_within_one_table_where_a_table_reports_both():
    """R1's table reports V3 beside R1 (58.7); V3's own table gives 51.6 under other settings:
    where one table has both sides, a score from another table never decides."""
    r1_table = {"url": "u1", "locator": "Table 4 (columns: V3, R1), column {}"}
    scores = ref({"metric": "benchmark_score", "benchmark": "Codeforces (Percentile)", "value": "96.3", "unit": "percent",
                  **r1_table, "locator": r1_table["locator"].format("R1")},
                 {"entity_id": "v3", "metric": "benchmark_score", "benchmark": "Codeforces (Percentile)", "value": "58.7",
                  "unit": "percent", **r1_table, "locator": r1_table["locator"].format("V3")},
                 {"entity_id": "v3", "metric": "benchmark_score", "benchmark": "Codeforces (Percentile)", "value": "99.0",
                  "unit": "percent", "url": "u2", "locator": "V3's own table"})
    better = claim(metric="performance_comparison", comparator_id="v3", direction="greater", unit="none", qualifier="none")
    v = judge(better, scores)
    assert v.verdict == "matches" and "96.3 vs 58.7" in v.explanation and "99.0" not in v.explanation
    # with no table holding both, the two tables' figures are compared
    assert judge(better, scores[scores["ref_id"] != "R001"]).verdict == "differs"


def test_a_round_figure_is_judged_against_the_exact_official_one_not_a_rounded_copy():
    """Kimi K2: the report's 1.04T decides; the model card's own "1T" (approx) cannot make
    the article's "a trillion" exact."""
    rows = ref({"value": "1040000000000"}, {"value": "1000000000000", "qualifier": "approx"})
    claims = pd.DataFrame([claim(value="1000000000000", qualifier="approx")._asdict()])
    assert compute_verdicts(claims, rows).at[0, "verdict"] == "rounded"
    # with only the rounded copy, it is all there is to judge by
    assert compute_verdicts(claims, rows[rows["ref_id"] == "R001"]).at[0, "verdict"] == "matches"
