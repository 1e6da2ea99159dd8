"""Currency conversion at the rate of the price's own date (data/fx_rates.csv)."""

from __future__ import annotations

import pandas as pd

MAX_GAP_DAYS = 4  # a long weekend; a longer gap means a missing rate


class MissingRate(LookupError):
    """No rate for that currency and date in fx_rates.csv."""


def rate_for(fx: pd.DataFrame, currency: str, when: str) -> pd.Series:
    """The rate row for `when` (YYYY, YYYY-MM or YYYY-MM-DD): the exact day, or the
    earliest rate within that month or year when the price's date is only that precise."""
    if currency == "USD":  # priced in dollars already: no rate needed
        return pd.Series({"date": when, "currency": "USD", "per_usd": 1.0, "source_title": "", "url": ""})
    mine = fx[fx["currency"] == currency]
    dates = mine["date"].astype(str)
    rows = mine[dates.str.startswith(when)]
    if rows.empty and len(when) == 10:
        # a weekend or holiday has no fixing: the last rate of the previous MAX_GAP_DAYS days
        start = (pd.Timestamp(when) - pd.Timedelta(days=MAX_GAP_DAYS)).strftime("%Y-%m-%d")
        rows = mine[(dates < when) & (dates >= start)].sort_values("date").iloc[-1:]
    if rows.empty:
        raise MissingRate(f"no {currency}/USD rate for {when} in fx_rates.csv")
    return rows.sort_values("date").iloc[0]


def to_usd(fx: pd.DataFrame, value: float, unit: str, when: str) -> tuple[float, str]:
    """(value in USD, the rate's date) for a value in CNY, CNY/Mtok, USD or USD/Mtok."""
    currency = unit.split("/")[0]
    row = rate_for(fx, currency, when)
    return value / float(row["per_usd"]), str(row["date"])


def convert_to_usd(frame: pd.DataFrame, fx: pd.DataFrame) -> pd.Series:
    """USD value of every priced row (value, unit, refers_to), NaN where it is no price.

    Each distinct (currency, date) is looked up once and mapped back, so the cost per row
    is a hash lookup; a date with no rate gives NaN (validation reports it)."""
    unit = frame["unit"].astype(str)
    priced = unit.isin(["CNY", "USD", "CNY/Mtok", "USD/Mtok"])
    currency = unit.map({u: u.split("/")[0] for u in unit.unique()})
    keys = pd.DataFrame({"currency": currency[priced], "when": frame.loc[priced, "refers_to"].astype(str)}).drop_duplicates()
    rates = {}
    for cur, when in zip(keys["currency"], keys["when"]):
        try:
            rates[(cur, when)] = float(rate_for(fx, cur, when)["per_usd"])
        except MissingRate:
            rates[(cur, when)] = float("nan")
    per_usd = pd.Series([rates[k] for k in zip(currency[priced], frame.loc[priced, "refers_to"].astype(str))], index=currency[priced].index)
    out = pd.Series(float("nan"), index=frame.index)
    out[priced] = pd.to_numeric(frame.loc[priced, "value"], errors="coerce") / per_usd
    return out
