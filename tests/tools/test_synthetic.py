"""The scale benchmark's synthetic ledgers: valid, varied, and judged like the real one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from aifigures.data.validate import validate
from aifigures.data.verdicts import compute_verdicts
from aifigures.tools.synthetic import make_ledger

from ..conftest import DATA


@pytest.mark.parametrize("n", [5_000, 10_000, 100_000])  # the benchmark's sizes, and a small one
def test_a_synthetic_ledger_is_valid_and_varies_its_figures(tmp_path, monkeypatch, n):
    monkeypatch.setenv("AIFIGURES_MAX_CSV_MB", "1000")
    data = make_ledger(n, tmp_path / "data")
    report = validate(data_dir=data, articles_dir=tmp_path / "no-articles")
    assert report.problems == [], report.problems[:5]
    claims = report.tables["claims"]
    real = pd.read_csv(DATA / "claims.csv", dtype=str, keep_default_na=False)
    assert len(claims) == n and claims["claim_id"].is_unique
    # new numbers (one eligible claim in ten), each carried by its quote
    assert claims["figure_text"].nunique() >= real["figure_text"].nunique() + n // 200
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


def test_bench_data_layer_run_reports_each_stage(tmp_path):
    """`make bench` writes the ledger in one process and measures the data layer in another."""
    env = {**os.environ, "AIFIGURES_MAX_CSV_MB": "100000"}
    data = tmp_path / "data"
    made = subprocess.run([sys.executable, "-m", "aifigures.tools.bench", "make-ledger", "2000", str(data)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    run = subprocess.run([sys.executable, "-m", "aifigures.tools.bench", "scale", str(data)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["claims"] == 2000
    stages = ["load_validate_parse_s", "convert_currency_s", "verdicts_s"]
    assert all(result[s] > 0 for s in stages)
    assert result["total_s"] >= sum(result[s] for s in stages) * 0.99
    assert result["peak_memory_mib"] > 0
