"""Every displayed value through one formatter: readable, and never more digits than given."""

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aifigures.data import tables
from aifigures.data.display import (
    compact_number,
    date_at_precision,
    display_official,
    display_officials,
    display_value,
    display_values,
    duration,
    growth,
    multiple,
    price,
    price_per_mtok,
    ratio,
    share,
    usd_converted,
)
from aifigures.data.numbers import parse_figure, significant_digits


def row(**kw):
    base = dict(value="", unit="none", metric="", qualifier="exact", value_low="", value_high="", figure_text="")
    base.update(kw)
    return base


# --------------------------------------------------------------- the examples of issue #13

@pytest.mark.parametrize("fields, shown", [
    (dict(value="671000000000", unit="parameters", metric="params_total"), "671B parameters"),
    (dict(value="1040000000000", unit="parameters", metric="params_total"), "1.04T parameters"),
    (dict(value="32000000000", unit="parameters", metric="params_active"), "32B parameters"),
    (dict(value="128000", unit="tokens", metric="context_length"), "128K tokens"),
    (dict(value="60", unit="tokens/s", metric="throughput"), "60 tokens/s"),
    (dict(value="0.00208333", unit="days", metric="thinking_time"), "3 min"),
    (dict(value="547.875", unit="days", metric="duration"), "1.5 years"),
    (dict(value="10000000000", unit="tokens/day", metric="usage_volume", qualifier="over"), "over 10B tokens/day"),
    (dict(value="0.14", unit="USD/Mtok", metric="api_price"), "$0.14 per M tokens"),
    (dict(value="1", unit="CNY/Mtok", metric="api_price", usd_per_mtok=1 / 7.1681), "¥1 ($0.14) per M tokens"),
    (dict(value="0.2", unit="ratio", metric="price_ratio", figure_text="五分之一"), "1/5"),
    (dict(value="0.6", unit="fraction", metric="growth"), "+60%"),
    (dict(unit="x", metric="hardware_multiplier", qualifier="range", value_low=20.0, value_high=30.0), "20–30x"),
    (dict(value="4", unit="x", metric="hardware_multiplier"), "4x"),
    (dict(value="2025", unit="date", metric="release_date"), "2025"),
    (dict(value="2025-07", unit="date", metric="release_date"), "Jul 2025"),
    (dict(value="2025-01-20", unit="date", metric="release_date"), "20 Jan 2025"),
    (dict(value="800", unit="count", metric="count", qualifier="over"), "over 800"),
    (dict(value="11.6", unit="x", metric="speedup", qualifier="up_to"), "up to 11.6x"),
    (dict(value="100", unit="count", metric="count", qualifier="approx"), "about 100"),
    (dict(value="79.8", unit="percent", metric="benchmark_score"), "79.8%"),
])
def test_the_issues_examples(fields, shown):
    assert display_value(row(**fields)) == shown


@pytest.mark.parametrize("fields, shown", [
    (dict(value="182.625", unit="days", metric="duration", qualifier="over"), "over 6 months"),
    (dict(value="365.25", unit="days", metric="duration"), "1 year"),
    (dict(value="7", unit="days", metric="duration"), "7 days"),
    (dict(unit="days", metric="duration", qualifier="range", value_low=365.25, value_high=730.5), "1–2 years"),
    (dict(value="2023", unit="date", metric="event_date", qualifier="over"), "after 2023"),
    (dict(value="2025-07", unit="date", metric="event_date", qualifier="approx"), "around Jul 2025"),
    (dict(value="1", unit="rank", metric="ranking"), "#1"),
    (dict(value="2", unit="rank", metric="ranking", qualifier="up_to"), "top 2"),
    (dict(value="100000", unit="GPUs", metric="gpu_count"), "100,000 GPUs"),
    (dict(value="131072", unit="tokens", metric="context_length"), "131,072 tokens"),
    (dict(value="1000", unit="CNY", metric="ticket_price"), "¥1,000"),
    (dict(value="2.50", unit="USD/Mtok", metric="price_output"), "$2.50 per M output tokens"),
    (dict(value="8", unit="CNY/Mtok", metric="price_input"), "¥8 per M input tokens"),
    (dict(value="0.2", unit="ratio", metric="price_ratio", figure_text="0.2"), "0.2"),
    (dict(value="0.2", unit="ratio", metric="price_ratio"), "1/5"),   # not said how it was written: an exact fraction
    (dict(value="10", unit="points", metric="benchmark_gain", qualifier="over"), "over 10 points"),
    (dict(unit="none", metric="benchmark_comparison", direction="greater_or_equal", comparator="o1",
          benchmark="AIME 2024", qualifier="none"), "at or above o1 (AIME 2024)"),
    (dict(unit="none", metric="architecture_comparison", direction="less", comparator_id="deepseek-v3",
          qualifier="none"), "below deepseek-v3"),
])
def test_every_kind_of_value(fields, shown):
    assert display_value(row(**fields)) == shown


def test_a_row_may_be_a_series_or_a_namedtuple():
    fields = row(value="671000000000", unit="parameters", metric="params_total")
    assert display_value(pd.Series(fields)) == "671B parameters"
    assert display_value(next(pd.DataFrame([fields]).itertuples(index=False))) == "671B parameters"
    assert display_values(pd.DataFrame([fields, row(value="4", unit="x")])) == ["671B parameters", "4x"]


# --------------------------------------------------------------- never more digits than given

@pytest.mark.parametrize("given, shown", [
    ("1040000000000", "1.04T"), ("671000000000", "671B"), ("1043000000000", "1.043T"), ("32600000000", "32.6B"),
    ("1000000000000", "1T"), (1.04e12, "1.04T"), (100000.0, "100,000"), ("131072", "131,072"),
])
def test_compact_numbers_keep_the_digits_given(given, shown):
    assert compact_number(given) == shown


def test_digits_given_are_kept_and_none_added():
    assert price("0.14", "USD") == "$0.14" and price("2.19", "USD") == "$2.19" and price("15", "USD") == "$15"
    assert multiple("9.0") == "9.0x"           # the source wrote 9.0: its zero is a digit it gave
    assert share("0.123") == "12.3%" and share("0.6") == "60%"
    assert growth("-0.05") == "-5%"


def test_cents_are_the_one_added_digit():
    assert price("2.5", "USD") == "$2.50" and price("0.014", "USD") == "$0.014"


def test_computed_values_are_rounded_to_what_reads():
    assert usd_converted(2 / 7.2) == "$0.28" and usd_converted(0.01 / 7) == "$0.0014"
    assert ratio(2.5 / 15, as_fraction=True) == "1/6" and ratio(0.6 / 3, as_fraction=True) == "1/5"
    assert ratio(0.55 / 15, as_fraction=True) == "0.037"   # no simple fraction within 0.5%
    assert ratio(0.25) == "1/4" and ratio("0.37") == "0.37" and ratio("0.2", as_fraction=False) == "0.2"
    assert duration(90) == "90 days" and duration(1 / 24) == "1 hour" and duration(400) == "400 days"


def test_a_yuan_price_without_its_usd_equivalent():
    assert price_per_mtok("2", "CNY/Mtok") == "¥2 per M tokens"
    assert price_per_mtok("2", "CNY/Mtok", "input", usd=2 / 7.2) == "¥2 ($0.28) per M input tokens"


@pytest.mark.parametrize("given, shown", [("2025", "2025"), ("2024-12", "Dec 2024"), ("2024-05-06", "6 May 2024"), ("", "")])
def test_dates_at_their_own_precision(given, shown):
    assert date_at_precision(given) == shown


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=12))
def test_compact_numbers_read_back_to_the_value_with_no_more_digits(mantissa, exponent):
    value = mantissa * 10 ** exponent
    shown = compact_number(str(value), thousands_suffix=True)
    assert parse_figure(shown).value == pytest.approx(value, rel=1e-12)
    written = re.sub(r"[^\d.]", "", shown)
    assert significant_digits(written) <= significant_digits(str(value))


@given(st.decimals(min_value="0.01", max_value="999.99", places=2))
def test_prices_read_back_to_the_amount(amount):
    shown = price(str(amount), "USD")
    assert float(shown.lstrip("$").replace(",", "")) == pytest.approx(float(amount))
    assert not re.search(r"\.\d{3,}", shown)


# --------------------------------------------------------------- every row of the real tables

@pytest.mark.parametrize("table", ["claims", "reference"])
def test_every_row_of_the_tables_reads_well(table):
    frame = tables.load(table)
    shown = display_values(frame)
    for record, text in zip(frame.to_dict("records"), shown):
        where = f"{table} {record.get('claim_id') or record.get('ref_id')}: {text!r}"
        assert not re.search(r"\d{10,}|\de[+-]?\d|\bnan\b", text, re.I), where
        has_number = str(record["value"]).strip() not in ("", "nan") or record["qualifier"] == "range"
        if has_number:
            assert re.search(r"\d", text), where
        if record["unit"] != "date" and has_number and record["qualifier"] != "range":
            assert len(re.sub(r"\D", "", text)) <= len(re.sub(r"\D", "", str(record["value"]))) + 2, where  # cents at most
    claims = dict(zip(frame.get("claim_id", pd.Series(dtype=str)), shown))
    if table == "claims":
        assert claims["A001-15"] == "1/5" and claims["A001-19"] == "3 min" and claims["A003-06"] == "20–30x"


def test_official_figures_read_as_well_as_the_articles():
    from aifigures.data.verdicts import compute_verdicts

    claims, reference = tables.load("claims"), tables.load("reference")
    judged = claims.merge(compute_verdicts(claims, reference, tables.load("overrides")), on="claim_id")
    shown = dict(zip(judged["claim_id"], display_officials(judged, reference)))
    assert shown["A001-07"] == "1.04T parameters"
    assert shown["A000-03"] == "6 May 2024"
    assert shown["A000-05"] == "¥1 per M input tokens; ¥2 per M output tokens"
    assert shown["A000-18"] == "up to 11.6x"
    assert shown["A003-06"] == "up to 30x; up to 25x; 4x"       # the override's sources
    assert shown["A001-15"] == judged.set_index("claim_id").at["A001-15", "official"]   # a recomputed ratio as judged
    assert not any(re.search(r"\d{10,}", text) for text in shown.values())
    single = judged[judged["claim_id"] == "A000-07"].iloc[0]
    assert display_official(single, reference) == "671B parameters"
