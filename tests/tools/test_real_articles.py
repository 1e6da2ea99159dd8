"""`check` on real writing: the development corpus in ../shared/real-articles/ (twelve real
articles from the web, a hand-written answer key and its scorer, kept outside the project), and
the five seed articles with the curated ledger hidden.

The corpus was used to find kinds of failure and the reference base was extended with the
figures it cites, so these are tuned figures (README, "How accurate check is"); the tests hold
them so that a change that loses precision fails here."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aifigures.tools import check as check_module
from aifigures.tools.accuracy import seed_agreement
from aifigures.tools.check import Checker, read_article_text

from ..conftest import ROOT, articles_dir, run_cli

CORPUS = ROOT.parent / "shared" / "real-articles"
needs_corpus = pytest.mark.skipif(not (CORPUS / "score.py").exists(), reason="../shared/real-articles is absent")
PRECISION, RECALL, CAUGHT, NOISE = 0.95, 0.70, 0.70, 0.10


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> Path:
    """check's CSV per article, as score.py reads them (301.csv for 301_name.txt)."""
    out = tmp_path_factory.mktemp("real")
    checker = Checker()
    for article in sorted(CORPUS.glob("3*.txt")):
        results = [r for r in checker.check(read_article_text(article), article.name) if not r.hidden]
        with (out / f"{article.name[:3]}.csv").open("w", encoding="utf-8", newline="") as fh:
            check_module.write_csv(results, fh)
    return out


@needs_corpus
def test_the_development_corpus_meets_the_goals(checked):
    done = subprocess.run([sys.executable, str(CORPUS / "score.py"), str(CORPUS), str(checked)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    print("\n" + line)
    got = dict(re.findall(r"(precision|recall|caught) (\d+)%", line))
    rows = sum(len(list(csv.DictReader(p.open(encoding="utf-8")))) for p in checked.glob("*.csv"))
    noise = int(re.search(r"(\d+) noise rows", line).group(1))
    assert int(got["precision"]) >= PRECISION * 100, line
    assert int(got["recall"]) >= RECALL * 100, line
    assert int(got["caught"]) >= CAUGHT * 100, line
    assert noise < NOISE * rows, f"{noise} noise rows of {rows}"


@needs_corpus
def test_confidence_is_calibrated():
    """Verdicts issued at a confidence of at least L are right at a rate of at least L, for each
    level; the levels below the thresholds (which check does not issue) are shown, not held."""
    key = list(csv.DictReader((CORPUS / "expected.csv").open(encoding="utf-8")))
    truth = {}
    for k in key:
        truth.setdefault((k["file"], k["figure"]), k)
    checker = Checker()
    judged = []  # (confidence, right)
    for article in sorted(CORPUS.glob("3*.txt")):
        text = read_article_text(article)
        figures = [k for k in key if k["file"] == article.name]
        for r in checker.check(text, article.name):
            if r.hidden or r.verdict == check_module.NEEDS_REVIEW:
                continue
            hit = next((k for k in figures if r.link.mention.text in k["figure"] or k["figure"] in r.link.mention.text), None)
            if hit is None:
                continue
            got = "holds" if r.verdict in ("matches", "rounded", "consistent") else "wrong"
            judged.append((r.link.confidence, got == hit["truth"] and r.link.entity_id == hit["entity_id"]))
    assert len(judged) >= 50, len(judged)
    for level in (0.6, 0.7, 0.8, 0.9):
        above = [ok for c, ok in judged if c >= level]
        rate = sum(above) / len(above)
        print(f"confidence >= {level}: {sum(above)}/{len(above)} right ({rate:.0%})")
        assert rate >= level, (level, rate)
    # the threshold that keeps wrong-class verdicts right holds: none is issued below it
    assert all(c >= check_module.ANY_MIN_CONFIDENCE for c, _ in judged)


def test_seed_articles_with_the_ledger_hidden():
    """The five seed articles, the curated ledger hidden from check: at least 90% of the figures
    the ledger judged get the same entity and verdict class (the issue's goal; 30 of 33 when this
    was written), no false alarm (a figure the ledger holds called wrong) and no other disagreement."""
    if articles_dir() is None:
        pytest.skip("no article texts (set ARTICLES_DIR)")
    result = seed_agreement(articles_dir())
    print("\n" + result.summary())
    assert result.judged >= 33
    assert result.false_alarms == []
    assert result.other == [], result.other
    assert result.share >= 0.9, result.summary()


@needs_corpus
def test_check_gives_the_same_rows_whatever_the_hash_seed(cli_here):
    """Sets change their order with the hash seed from one process to the next; a draft must not
    (a benchmark table row once took another benchmark version's label in one run of five). This
    process's seed is random; the other process gets a fixed one, not this one's."""
    texts = [str(p) for p in sorted(CORPUS.glob("3*.txt"))]
    seed = "5" if os.environ.get("PYTHONHASHSEED") != "5" else "1"
    other = run_cli("check", "--all", *texts, env={"PYTHONHASHSEED": seed})
    here = cli_here("check", "--all", *texts)
    assert other.returncode == here.returncode == 0, other.stderr + here.stderr
    assert other.stdout == here.stdout and here.stdout.count("\n") > 100
