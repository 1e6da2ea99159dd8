"""One build at a time: two builds started together into the same folders both succeed; the
second says it waits for the first, then finds the work done. No traceback, no crash, and the
report and figures are whole (the same bytes as a build made alone)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

import pytest

from ..conftest import ROOT, articles_dir

pytestmark = pytest.mark.slow


def same_as_built(ours, theirs) -> bool:
    """Our folder holds the shared build's files, byte for byte."""
    mine, built = hashes(ours), hashes(theirs)
    return bool(mine) and mine == built


def hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_builds_started_together(built, tmp_path):
    env = {**os.environ, "AIFIGURES_BUILD_DIR": str(tmp_path / "build"), "AIFIGURES_REPORTS_DIR": str(tmp_path / "reports"),
           "AIFIGURES_FIGURES_DIR": str(tmp_path / "figures")}
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    procs = [subprocess.Popen([sys.executable, "-m", "aifigures", "build", "--jobs", "1"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.pid, *p.communicate(timeout=600), p.returncode) for p in procs]
    for _pid, out, err, code in results:
        assert code == 0, out + err
        assert "Traceback" not in err and "Error" not in err, err
    waited = [(pid, out) for pid, out, _, _ in results if "another build is running" in out]
    assert len(waited) == 1, [out for _, out, _, _ in results]
    other = next(pid for pid, *_ in results if pid != waited[0][0])
    assert re.search(rf"build: another build is running \(pid {other}\); waiting", waited[0][1]), waited[0][1]
    assert "everything is up to date" in waited[0][1]
    assert "executing" not in waited[0][1]
    assert same_as_built(tmp_path / "reports", built["reports"])
    assert same_as_built(tmp_path / "figures", built["figures"])
    assert not list((tmp_path / "reports").glob(".*.tmp"))
