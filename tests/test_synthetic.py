"""The scale benchmark's synthetic ledgers: valid, varied, and judged like the real one."""

from __future__ import annotations

import pandas as pd

from aifigures.synthetic import make_ledger
from aifigures.validate import validate
from aifigures.verdicts import compute_verdicts

from .conftest import DATA


def test_a_synthetic_ledger_is_valid_and_varies_its_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("AIFIGURES_MAX_CSV_MB", "1000")
    data = make_ledger(5_000, tmp_path / "data")
    report = validate(data_dir=data, articles_dir=tmp_path / "no-articles")
    assert report.problems == []
    claims = report.tables["claims"]
    real = pd.read_csv(DATA / "claims.csv", dtype=str, keep_default_na=False)
    assert len(claims) == 5_000 and claims["claim_id"].is_unique
    # new numbers (one eligible claim in ten), each carried by its quote
    assert claims["figure_text"].nunique() >= real["figure_text"].nunique() + 50
    assert all(f in q for f, q in zip(claims["figure_text"], claims["quote"]))


def test_verdicts_of_repeated_claims_equal_those_of_the_originals(tmp_path, monkeypatch):
    monkeypatch.setenv("AIFIGURES_MAX_CSV_MB", "1000")
    data = make_ledger(1_000, tmp_path / "data")
    report = validate(data_dir=data, articles_dir=tmp_path / "no-articles")
    claims = report.tables["claims"].drop(columns=["_line"])
    verdicts = compute_verdicts(claims, report.tables["reference"].drop(columns=["_line"]))
    assert len(verdicts) == 1_000 and verdicts["verdict"].notna().all()
    # a repeated claim (same content, new id) gets its original's verdict
    content = claims.drop(columns=["claim_id", "article_id"]).astype(str).agg("|".join, axis=1)
    by_content = verdicts.assign(content=content.to_numpy()).groupby("content")["computed_verdict"].nunique()
    assert (by_content == 1).all()
