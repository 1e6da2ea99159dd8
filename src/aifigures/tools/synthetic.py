"""Synthetic ledgers for the scale benchmark: the real tables, grown to n claims.

Each synthetic article copies one real article's metadata (so dates and years stay
consistent) and carries that article's claims again and again, with fresh ids. Every
tenth claim whose figure is one run of digits gets a new number (figure_text, quote and
value changed together), so the data layer meets values it has not seen before, not only
repeats.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from aifigures import config

CLAIMS_PER_ARTICLE = 999


def make_ledger(n: int, target: Path, source: Path | None = None, seed: int = 0) -> Path:
    """Write a data folder with n claims into target (other tables copied as they are)."""
    source = Path(source or config.DATA_DIR)
    target = Path(target)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("research", "articles"))
    claims = pd.read_csv(source / "claims.csv", dtype=str, keep_default_na=False)
    articles = pd.read_csv(source / "articles.csv", dtype=str, keep_default_na=False)

    # at least the real articles (dismissals and overrides refer to them), at most 999 claims each
    n_articles = max(len(articles), -(-n // CLAIMS_PER_ARTICLE))
    sizes = np.full(n_articles, n // n_articles)
    sizes[: n % n_articles] += 1
    origin = np.arange(n_articles) % len(articles)
    synthetic_articles = articles.iloc[origin].reset_index(drop=True)
    # the first articles keep the real ids (A000...), so overrides and dismissals still refer to them
    synthetic_articles["article_id"] = [f"A{i:03d}" for i in range(n_articles)]
    synthetic_articles["file_name"] = [f"{i:04d}_synthetic.txt" for i in range(n_articles)]

    by_origin = {a: claims[claims["article_id"] == a].reset_index(drop=True) for a in articles["article_id"]}
    parts = []
    for i, (aid, src) in enumerate(zip(synthetic_articles["article_id"], articles["article_id"].iloc[origin])):
        rows = by_origin[src]
        take = int(sizes[i])
        part = rows.iloc[np.arange(take) % len(rows)].copy()
        part["article_id"] = aid
        part["claim_id"] = [f"{aid}-{k + 1:02d}" for k in range(take)]
        parts.append(part)
    big = pd.concat(parts, ignore_index=True)
    _vary_values(big, np.random.default_rng(seed))
    if n_articles > 1000:  # ids need four digits: widen the patterns in the copied dictionary
        dictionary = (target / "dictionary.yml").read_text(encoding="utf-8")
        dictionary = dictionary.replace(r"'^A\d{3}$'", r"'^A\d{3,4}$'").replace(r"'^A\d{3}-\d{2,3}$'", r"'^A\d{3,4}-\d{2,4}$'")
        (target / "dictionary.yml").write_text(dictionary, encoding="utf-8")
    big.to_csv(target / "claims.csv", index=False, lineterminator="\n")
    synthetic_articles.to_csv(target / "articles.csv", index=False, lineterminator="\n")
    return target


def _vary_values(claims: pd.DataFrame, rng: np.random.Generator) -> None:
    """Give every tenth claim whose figure_text holds one run of digits ("671B", "60%",
    "11 times", "320億") a new number there: its quote and value change to match (the value
    scales with the digits), so validation parses, and verdicts judge, figures they have
    not seen before."""
    parts = claims["figure_text"].str.extract(r"^(\D*)(\d+)(\D*)$")
    value = pd.to_numeric(claims["value"], errors="coerce")
    # not model sizes: an article's active parameters must stay below its total, a rule across rows
    eligible = (parts[1].notna() & value.notna() & (claims["unit"] != "date") & (claims["qualifier"] != "range")
                & ~claims["metric"].isin(["params_total", "params_active"])
                & (parts[1].astype(float) > 0) & pd.Series([f in q for f, q in zip(claims["figure_text"], claims["quote"])], index=claims.index))
    pick = (eligible & (eligible.cumsum() % 10 == 0)).to_numpy()
    if not pick.any():
        return
    old = parts.loc[pick, 1].astype(float).to_numpy()
    new = rng.integers(2, 100_000, size=int(pick.sum()))
    new_text = parts.loc[pick, 0] + new.astype(str) + parts.loc[pick, 2]
    claims.loc[pick, "quote"] = [q.replace(f, t, 1) for q, f, t in zip(claims.loc[pick, "quote"], claims.loc[pick, "figure_text"], new_text)]
    claims.loc[pick, "figure_text"] = new_text.to_numpy()
    claims.loc[pick, "value"] = [f"{v:.12g}" for v in value[pick].to_numpy() * new / old]
