"""Incremental builds (not timed): nothing changed, nothing executed; one table edited, only
the notebooks that read it re-executed. `make bench` measures the speed.

The module's first build is also the test of one build at a time: two clean builds started
together into the same folders both succeed; the second says it waits for the first, then finds
the work done; no traceback, and the report, figures and executed notebooks are whole and the
same bytes as the shared build's, made with two kernels (these run one kernel for all notebooks,
so kernel reuse changes no byte either)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from ..conftest import DATA, ROOT, articles_dir

pytestmark = pytest.mark.slow


def executed(stdout: str) -> list[str]:
    return re.findall(r"^\s+(\d\d-[\w-]+)\s+ok", stdout, re.M)


FOLDERS = ("data", "build", "reports", "figures")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """Two clean builds started together on a copy of data/ (one kernel each), and a pristine copy
    of the folders they leave, to restore before each test (the data's fingerprints name its
    absolute path, so each test runs in the same place)."""
    base = tmp_path_factory.mktemp("incremental")
    data = base / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles", "research"))
    env = {"AIFIGURES_DATA_DIR": str(data), "AIFIGURES_BUILD_DIR": str(base / "build"),
           "AIFIGURES_REPORTS_DIR": str(base / "reports"), "AIFIGURES_FIGURES_DIR": str(base / "figures")}
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    procs = [subprocess.Popen([sys.executable, "-m", "aifigures", "build", "--jobs", "1"], cwd=ROOT,
                              env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    together = [(p.pid, *p.communicate(timeout=600), p.returncode) for p in procs]
    pristine = tmp_path_factory.mktemp("pristine")
    for name in FOLDERS:
        shutil.copytree(base / name, pristine / name, copy_function=shutil.copy2)
    return {"base": base, "pristine": pristine, "env": env, "together": together}


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_builds_started_together(first_build, built):
    results = first_build["together"]
    for _pid, out, err, code in results:
        assert code == 0, out + err
        assert "Traceback" not in err and "Error" not in err, err
    waited = [(pid, out) for pid, out, _, _ in results if "another build is running" in out]
    assert len(waited) == 1, [out for _, out, _, _ in results]
    other = next(pid for pid, *_ in results if pid != waited[0][0])
    assert re.search(rf"build: another build is running \(pid {other}\); waiting", waited[0][1]), waited[0][1]
    assert "everything is up to date" in waited[0][1]
    assert "executing" not in waited[0][1]
    builder = next(out for pid, out, _, _ in results if pid == other)
    assert len(executed(builder)) == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    pristine = first_build["pristine"]
    for folder in ("reports", "figures", "build/executed"):
        mine = digests(pristine / folder)
        assert mine and mine == digests(built[folder.split("/")[0]] / folder.partition("/")[2]), folder
    assert not list((pristine / "reports").glob(".*.tmp"))


@pytest.fixture
def project(first_build):
    """The first build's folders as it left them (contents and modification times)."""
    base, pristine = first_build["base"], first_build["pristine"]
    for name in FOLDERS:
        shutil.rmtree(base / name)
        shutil.copytree(pristine / name, base / name, copy_function=shutil.copy2)
    return {"data": base / "data", "env": first_build["env"], "report": base / "reports" / "report.html"}


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_executes_no_notebook(project, cli_here):
    again = cli_here("build", env=project["env"])
    assert again.returncode == 0
    assert executed(again.stdout) == [] and "everything is up to date" in again.stdout


def test_touched_but_unchanged_file_executes_nothing_and_marks_the_report_current(project, cli_here):
    before = project["report"].stat().st_mtime
    time.sleep(0.05)
    os.utime(project["data"] / "claims.csv")  # a new mtime, the same content (as after a git checkout)
    again = cli_here("build", env=project["env"])
    assert executed(again.stdout) == []
    assert project["report"].stat().st_mtime > before  # so make sees the report as up to date


@pytest.mark.parametrize("table, old, new, readers", [
    ("fx_rates.csv", "Date of article A000.", "Date of article A000 (edited).", ["03-pricing"]),
    ("dismissed.csv", "the outlet 36Kr", "the outlet 36Kr (edited)", ["08-coverage"]),
])
def test_editing_one_table_reexecutes_only_its_readers(project, table, old, new, readers, cli_here):
    edit(project["data"] / table, old, new)
    again = cli_here("build", env=project["env"])
    assert again.returncode == 0, again.stderr
    assert executed(again.stdout) == readers
