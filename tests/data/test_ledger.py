"""The committed data: every row's number is the number its quote carries; the tables validate."""

import math

import pytest

from aifigures.data import tables
from aifigures.data.currency import rate_for
from aifigures.data.numbers import parse_figure
from aifigures.data.validate import compare_figure, validate

from ..conftest import DATA, articles_dir

CLAIMS = tables.read_table("claims")
YEARS = dict(zip(tables.read_table("articles")["article_id"], tables.read_table("articles")["published_date"].str[:4].astype(int)))


@pytest.mark.parametrize("row", [r for r in CLAIMS.itertuples(index=False) if r.figure_text], ids=lambda r: r.claim_id)
def test_row_value_is_the_number_its_quote_carries(row):
    assert row.figure_text in row.quote
    reading = parse_figure(row.figure_text, this_year=YEARS[row.article_id])
    assert compare_figure(reading, row) is None
    if row.unit != "date" and row.qualifier != "range" and row.value:
        assert math.isclose(reading.value, float(row.value), rel_tol=1e-5)


def test_rows_without_a_number_are_comparisons_or_statements_in_words():
    wordless = CLAIMS[CLAIMS["figure_text"] == ""]
    assert (wordless["unit"] == "none").all() and (wordless["qualifier"] == "none").all()
    comparisons = wordless[wordless["metric"] != "statement"]
    assert (comparisons["direction"] != "").all() and (comparisons["comparator_id"] != "").all()
    # a statement has no rule to compute it: a reviewed override judges it on named sources
    overrides = tables.read_table("overrides").set_index("claim_id")
    for claim_id in wordless.loc[wordless["metric"] == "statement", "claim_id"]:
        assert claim_id in overrides.index and overrides.at[claim_id, "ref_ids"], claim_id


def test_every_article_has_figures():
    counts = CLAIMS["article_id"].value_counts()
    assert set(counts.index) == set(YEARS)
    assert counts.min() >= 5


def test_core_figures_of_the_brief_are_in_the_ledger():
    """The figures the project brief names, so a gap in the ledger cannot go unnoticed."""
    have = {(r.entity_id, r.metric, r.value) for r in CLAIMS.itertuples()}
    for expected in [("kimi-k2", "params_total", "1040000000000"), ("kimi-k2", "params_active", "32000000000"),
                     ("deepseek-v3", "params_total", "671000000000"), ("deepseek-v2", "context_length", "128000"),
                     ("deepseek-v2", "api_price", "2"), ("kimi-k2", "price_ratio", "0.2"), ("waic-2025", "growth", "0.6"),
                     ("deepseek-v3", "speedup", "3"), ("deepseek-v3", "throughput", "60")]:
        assert expected in have


def test_committed_data_validates():
    report = validate(articles_dir=articles_dir() or DATA / "no-articles-here")
    assert report.problems == []


@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")
def test_quotes_occur_verbatim_in_their_articles():
    arts = tables.read_table("articles")
    texts = {a: (articles_dir() / f).read_text(encoding="utf-8") for a, f in zip(arts["article_id"], arts["file_name"])}
    missing = [r.claim_id for r in CLAIMS.itertuples() if r.quote not in texts[r.article_id]]
    assert missing == []


def test_quotes_are_short_citations():
    assert CLAIMS["quote"].str.len().max() <= 200


def test_reference_rows_cite_a_source_or_say_what_was_searched():
    ref = tables.read_table("reference")
    found = ref[ref["status"] == "found"]
    assert (found["url"] != "").all() and (found["source_title"] != "").all() and (found["access"] != "none").all()
    unverifiable = ref[ref["status"] == "unverifiable"]
    assert (unverifiable["notes"].str.len() > 40).all()
    assert (unverifiable["value"] == "").all()


def test_fx_rates_cover_every_cny_price_date():
    fx = tables.read_table("fx_rates")
    ref = tables.read_table("reference")
    cny = ref[ref["unit"].str.startswith("CNY") & ref["metric"].str.startswith("price") & (ref["status"] == "found")]
    for when in cny["refers_to"]:
        assert rate_for(fx, "CNY", when)["date"] <= when or when in rate_for(fx, "CNY", when)["date"]
