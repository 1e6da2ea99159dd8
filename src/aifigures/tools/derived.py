"""Reference figures computed from others, for `check`: a growth between two editions of an event.

No source states "WAIC 2025 had 60% more exhibitors than WAIC 2024"; the sources give each
edition's count (over 800, more than 500). An article's growth figure is judged against the
growth those counts give, with the counts' rows cited and their bounds kept: a growth computed
from lower bounds can fit a figure but never confirm or contradict it (check says so).
"""

from __future__ import annotations

import pandas as pd

BOUNDED = ("over", "up_to", "approx")  # a count given as a bound or an approximation
SAID = {"over": "over ", "up_to": "up to ", "approx": "about "}  # how a bound is written before its number


def growth_between_editions(reference: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """For each series of events (entities.csv `series`), each edition's growth of a count over
    the edition before it (editions ordered by their first dated day): one row per count both
    editions give, in reference.csv's columns, with ref_id 'A;B' (the two counts' rows) and
    `bounded` saying whether either count is a bound. Empty when no series has two counted editions."""
    found = reference[reference["status"] == "found"]
    kinds = dict(zip(entities["entity_id"], entities["entity_kind"]))
    # an entity's short name, as the text would write it: its first alias ("WAIC 2025")
    names = {e: (aliases.split("|")[0] or name) for e, name, aliases in
             zip(entities["entity_id"], entities["name"], entities["aliases"])}
    rows = []
    for _series, members in entities[entities["series"] != ""].groupby("series"):
        editions = []
        for member in members["entity_id"]:
            dates = found.loc[(found["entity_id"] == member) & (found["metric"] == "event_date"), "value"]
            if kinds.get(member) == "event" and len(dates):
                editions.append((min(dates), member))
        editions.sort()
        for (_, before), (_, after) in zip(editions, editions[1:]):
            counts = found[found["entity_id"].isin([before, after]) & (found["metric"] == "count")]
            for label, same in counts.groupby("benchmark"):
                then = same[same["entity_id"] == before]
                now = same[same["entity_id"] == after]
                if len(then) != 1 or len(now) != 1:
                    continue
                then, now = then.iloc[0], now.iloc[0]
                try:
                    growth = float(now["value"]) / float(then["value"]) - 1
                except (ValueError, ZeroDivisionError):
                    continue
                bounded = now["qualifier"] in BOUNDED or then["qualifier"] in BOUNDED
                rows.append({
                    **dict.fromkeys(reference.columns, ""),
                    "ref_id": f"{now['ref_id']};{then['ref_id']}", "entity_id": after, "metric": "growth",
                    "benchmark": label, "comparator_id": before, "value": f"{growth:.6g}", "unit": "fraction",
                    "qualifier": "approx" if bounded else "exact", "refers_to": now["refers_to"], "tier": "standard",
                    "status": "found", "access": "derived",
                    "source_title": (f"computed from {names.get(after, after)}'s {SAID.get(now['qualifier'], '')}"
                                     f"{now['value']} {label} and {names.get(before, before)}'s "
                                     f"{SAID.get(then['qualifier'], '')}{then['value']}"),
                    "bounded": "true" if bounded else "",
                })
    return pd.DataFrame(rows, columns=[*(c for c in reference.columns if c != "bounded"), "bounded"])
