"""The ledger kept on disk between processes (cache.py): same frame, the declared reads, fresh on change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from ..conftest import TABLES_OPENED

# Writes the ledger as the analysis gives it, and says whether the cache answered.
SCRIPT = TABLES_OPENED + """
import sys
from aifigures.views import report_tables
from aifigures.data import cache
hits = []
real = cache._write
cache._write = lambda path, frame: (hits.append("computed"), real(path, frame))
report_tables.ledger().to_pickle(sys.argv[1])
print("computed" if hits else "cached")
print(" ".join(sorted(read)))
"""


def ledger_in_subprocess(data: Path, build: Path, out: Path) -> tuple[str, set[str]]:
    """Whether the cache answered, and the tables the process opened."""
    env = {**os.environ, "AIFIGURES_DATA_DIR": str(data), "AIFIGURES_BUILD_DIR": str(build)}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answer, opened = result.stdout.splitlines()[-2:]
    return answer, set(opened.split())


def test_cached_ledger_is_the_computed_one_and_reads_what_the_step_declares(data_copy, tmp_path):
    build = tmp_path / "build"
    first, second = tmp_path / "first.pkl", tmp_path / "second.pkl"
    answer, computed_reads = ledger_in_subprocess(data_copy, build, first)
    assert answer == "computed"
    answer, cached_reads = ledger_in_subprocess(data_copy, build, second)
    assert answer == "cached"
    pd.testing.assert_frame_equal(pd.read_pickle(first), pd.read_pickle(second))
    from aifigures.data.ledger import READS

    # the key is the fingerprint of the declared tables, so a notebook that declares READS is
    # re-executed when any table the ledger was computed from changes
    assert computed_reads == set(READS), "data/ledger.py READS must list exactly what judging the ledger reads"
    assert cached_reads == set(READS)


def test_an_edit_to_an_input_computes_the_ledger_again(data_copy, tmp_path):
    build = tmp_path / "build"
    out = tmp_path / "ledger.pkl"
    assert ledger_in_subprocess(data_copy, build, out)[0] == "computed"
    claims = data_copy / "claims.csv"
    claims.write_bytes(claims.read_bytes())  # touched, not changed: the key is the content
    assert ledger_in_subprocess(data_copy, build, out)[0] == "cached"
    rules = data_copy / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert ledger_in_subprocess(data_copy, build, out)[0] == "computed"
    assert len(list((build / "cache").glob("ledger-*.pkl"))) == 1, "older entries are dropped"


def test_an_unreadable_entry_is_computed_again(data_copy, tmp_path):
    build = tmp_path / "build"
    out = tmp_path / "ledger.pkl"
    assert ledger_in_subprocess(data_copy, build, out)[0] == "computed"
    good = pd.read_pickle(out)
    for entry in (build / "cache").glob("ledger-*.pkl"):
        entry.write_bytes(entry.read_bytes()[:100])  # as a killed writer would leave it
    assert ledger_in_subprocess(data_copy, build, out)[0] == "computed"
    pd.testing.assert_frame_equal(pd.read_pickle(out), good)
