"""The recorded coverage (data/coverage_summary.csv): what the report shows where the article
texts are absent, marked and dated, and never silently out of date where they are present."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from aifigures.data.problems import DataError
from aifigures.tools import coverage

from ..conftest import DATA, ROOT, articles_dir
from .test_extract import _add_article, _only_articles

needs_texts = pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")


def committed() -> list[dict]:
    return list(csv.DictReader((DATA / "coverage_summary.csv").open(encoding="utf-8")))


@needs_texts
def test_the_committed_summary_is_what_the_texts_give_now():
    report = coverage.check(articles_dir=articles_dir())
    stale = coverage.summary_differences(report, articles_dir=articles_dir())
    assert stale == [], ("data/coverage_summary.csv no longer matches the article texts; "
                         f"run python -m aifigures coverage --record: {stale}")
    assert len(committed()) == len(report.articles) == 5


def test_without_the_texts_the_record_is_shown_marked_and_dated(tmp_path):
    empty = tmp_path / "articles"
    empty.mkdir()
    rows = committed()
    shown = coverage.summary(articles_dir=empty)
    assert shown.table["article_id"].tolist() == [r["article_id"] for r in rows]
    assert shown.table["mentions"].tolist() == [int(r["mentions"]) for r in rows]
    assert shown.table["in ledger"].tolist() == [int(r["in_ledger"]) for r in rows]
    newest = max(r["recorded_on"] for r in rows)
    assert shown.notes == [f"Recorded on {newest} from the article texts (data/coverage_summary.csv); "
                           "the texts are not present on this machine."]
    assert f"recorded on {newest}" in shown.source and "not present on this machine" in shown.caption
    assert str(empty) not in " ".join(shown.notes)  # no machine's path in the report


def test_a_missing_folder_is_the_same_as_an_empty_one(tmp_path):
    assert coverage.summary(articles_dir=tmp_path / "nowhere").notes == coverage.summary(articles_dir=tmp_path).notes


@needs_texts
def test_with_the_texts_the_counts_are_live_and_unmarked():
    shown = coverage.summary(articles_dir=articles_dir())
    assert shown.recorded_on == "" and shown.notes == []
    assert shown.source == coverage.LIVE_SOURCE and shown.caption == coverage.CAPTION


@needs_texts
def test_only_the_absent_texts_come_from_the_record(tmp_path):
    some = tmp_path / "articles"
    some.mkdir()
    for path in articles_dir().glob("00[02]_*"):
        (some / path.name).write_bytes(path.read_bytes())
    shown = coverage.summary(articles_dir=some)
    assert shown.recorded == ["A001", "A003", "A004"] and shown.counted
    assert "the texts of A001, A003, A004" in shown.notes[0] and "A001, A003, A004 as recorded on" in shown.caption
    assert shown.table["article_id"].tolist() == ["A000", "A001", "A002", "A003", "A004"]


def _one_article(data: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with one article of our own and its text (no shared texts needed)."""
    _only_articles(data, keep=set())
    arts = tmp_path / "articles"
    _add_article(data, arts, "005_record.txt", "它有671B參數,速度提升3倍。\n")
    path = data / "coverage_summary.csv"
    path.write_text(",".join(coverage.SUMMARY_COLUMNS) + "\n", encoding="utf-8")
    return arts, path


def test_recording_counts_hashes_and_dates_each_text(data_copy, tmp_path):
    arts, path = _one_article(data_copy, tmp_path)
    coverage.record(data_copy, arts, today=dt.date(2026, 11, 30))
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert row["article_id"] == "A005" and row["mentions"] == "2" and row["uncovered"] == "2"
    assert row["recorded_on"] == "2026-11-30" and len(row["text_sha256"]) == 64

    before = path.read_bytes()
    coverage.record(data_copy, arts, today=dt.date(2026, 12, 1))
    assert path.read_bytes() == before  # nothing changed: the record keeps its date

    (arts / "005_record.txt").write_text("它有671B參數。\n", encoding="utf-8")
    report = coverage.check(data_copy, arts)
    assert coverage.summary_differences(report, data_copy, arts) == [
        f"A005: text_sha256 {row['text_sha256'][:12]} recorded, "
        f"{coverage.text_hash(arts / '005_record.txt')[:12]} now, mentions 2 recorded, 1 now, uncovered 2 recorded, 1 now"]
    coverage.record(data_copy, arts, today=dt.date(2026, 12, 1))
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert row["recorded_on"] == "2026-12-01" and row["mentions"] == "1"
    assert coverage.summary_differences(coverage.check(data_copy, arts), data_copy, arts) == []


def test_recording_needs_every_text(data_copy, tmp_path):
    arts, path = _one_article(data_copy, tmp_path)
    (arts / "005_record.txt").unlink()
    before = path.read_bytes()
    with pytest.raises(DataError) as err:
        coverage.record(data_copy, arts)
    assert "articles.csv:2: column 'file_name': '005_record.txt' is not in" in str(err.value)
    assert path.read_bytes() == before


def test_the_command_records_and_warns_when_the_record_is_stale(data_copy, tmp_path, cli_here):
    arts, path = _one_article(data_copy, tmp_path)
    env = {"AIFIGURES_DATA_DIR": str(data_copy), "ARTICLES_DIR": str(arts)}

    def run(*args):
        return cli_here("coverage", *args, env=env)

    stale = run()
    assert "coverage_summary.csv no longer matches the texts (A005: not recorded)" in stale.stdout
    recorded = run("--record")
    assert recorded.returncode == 0 and "recorded 1 article(s)" in recorded.stdout, recorded.stderr
    assert "no longer matches" not in run().stdout
    (arts / "005_record.txt").unlink()
    refused = run("--record")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr and "005_record.txt' is not in" in refused.stderr


@pytest.mark.slow
def test_the_coverage_notebook_without_texts_shows_the_record(tmp_path):
    """Notebook 08 executed with ARTICLES_DIR at an empty folder: the table and the chart come
    from the record, and the report says when it was recorded and that the texts are absent."""
    empty = tmp_path / "articles"
    empty.mkdir()
    executed = tmp_path / "08.ipynb"
    code = ("import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
            "nbclient.NotebookClient(nb, kernel_name='python3', timeout=300, "
            "resources={'metadata': {'path': sys.argv[3]}}).execute(); nbformat.write(nb, sys.argv[2])")
    env = {**os.environ, "ARTICLES_DIR": str(empty), "AIFIGURES_FIGURES_DIR": str(tmp_path / "figures"),
           "AIFIGURES_NOTEBOOK": "08-coverage"}
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "notebooks" / "08-coverage.ipynb"), str(executed),
                             str(ROOT / "notebooks")], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    outputs = [o for c in nbformat.read(executed, as_version=4).cells for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    newest = max(r["recorded_on"] for r in committed())
    assert f"Recorded on {newest} from the article texts" in text and "not present on this machine" in text
    for row in committed():  # the table holds the recorded counts
        assert f">{row['article_id']}<" in html
    assert f"As recorded on {newest}: the article texts are not present on this machine." in html
    assert list((tmp_path / "figures").glob("08-coverage--coverage.png"))
    assert "article texts not found" not in html  # the old empty chart
