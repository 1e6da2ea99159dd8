"""The judged ledger, a data step: read the tables, judge every claim, save the result.

Everything after it reads its output: the notebooks' tables and charts (views/report_tables.py),
the findings, the ClaimReview and the ledger download. The build runs the step once, after
validation and before the notebooks start (build/runner.py, check_data); the saved frame is
keyed by the fingerprint of its inputs, the rules and the package (data/cache.py), so a
notebook, the export or a later build loads it instead of judging again, and any edit judges
afresh. As in OWID's etl, a step reads its inputs, makes one dataset and saves it.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from aifigures.data import tables
from aifigures.data.cache import cached_frame
from aifigures.data.verdicts import compute_verdicts

# every table judge() reads (tests/data/test_cache.py checks the list)
READS = ["claims", "articles", "entities", "reference", "overrides"]

# the report's sections, by metric
METRIC_GROUPS = {
    "parameters": ["params_total", "params_active", "architecture_comparison", "context_length"],
    "prices": ["api_price", "price_input", "price_output", "price_ratio", "cost_ratio", "cost_comparison", "ticket_price"],
    "benchmarks": ["benchmark_score", "benchmark_comparison", "benchmark_gain", "performance_comparison", "ranking"],
    "speed, usage, hardware": ["throughput", "speedup", "usage_volume", "gpu_count", "hardware_multiplier", "compute_ratio", "thinking_time"],
    "dates and durations": ["release_date", "event_date", "duration"],
    "statements in words": ["statement"],
    "growth and counts": ["growth", "count"],
}


def metric_group(metric: str) -> str:
    """The report's section a metric belongs to (METRIC_GROUPS), else 'other'."""
    for group, metrics in METRIC_GROUPS.items():
        if metric in metrics:
            return group
    return "other"


def judge(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims with their article's outlet, date and language, the entity and comparator
    names, the report section, and each claim's verdict with its explanation and sources."""
    claims = t["claims"].merge(t["articles"][["article_id", "outlet", "published_date", "language"]], on="article_id", how="left")
    names = t["entities"].set_index("entity_id")["name"]
    claims["entity"] = claims["entity_id"].map(names)
    claims["comparator"] = claims["comparator_id"].map(names).fillna("")
    claims["group"] = claims["metric"].map(metric_group)
    verdicts = compute_verdicts(t["claims"], t["reference"], t["overrides"], names=names)
    return claims.merge(verdicts, on="claim_id", how="left")


def run() -> pd.DataFrame:
    """The step: load (the saved ledger of these inputs), else read, judge and save."""
    return cached_frame("ledger", READS, lambda: judge({name: tables.load(name) for name in READS}))


@lru_cache(maxsize=1)
def _loaded() -> pd.DataFrame:
    return run()


def load() -> pd.DataFrame:
    """The judged ledger, read once per process (a copy, so callers may change it)."""
    return _loaded().copy()
