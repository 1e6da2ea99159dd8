"""Bad input and faults: for each, a non-zero exit, one clear message naming the file, line and
column, no traceback, and the last good report and figures left exactly as they were."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from ..conftest import DATA, ROOT, articles_dir
from ..data.test_validate import claim_index, set_cell

pytestmark = pytest.mark.slow


def snapshot(*folders: Path) -> dict[str, str]:
    """Hash of every file under the folders (the outputs a failed build must not touch)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def sandbox(built, tmp_path) -> dict:
    """A good report and figures (copied from one real build), a data copy and the article texts."""
    reports, figures, build = tmp_path / "reports", tmp_path / "figures", tmp_path / "build"
    shutil.copytree(built["reports"], reports)
    shutil.copytree(built["figures"], figures)
    shutil.copytree(built["build"], build)
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles", "research"))
    arts = tmp_path / "articles"
    if articles_dir():
        shutil.copytree(articles_dir(), arts)
    else:
        arts.mkdir()
    env = {"AIFIGURES_DATA_DIR": str(data), "AIFIGURES_REPORTS_DIR": str(reports), "AIFIGURES_FIGURES_DIR": str(figures),
           "AIFIGURES_BUILD_DIR": str(build), "ARTICLES_DIR": str(arts)}
    return {"data": data, "articles": arts, "reports": reports, "figures": figures, "build": build, "env": env,
            "before": snapshot(reports, figures)}


def build(sandbox, *args, **popen) -> subprocess.CompletedProcess:
    """`python -m aifigures build` in a new process, on the sandbox."""
    env = {**os.environ, **sandbox["env"]}
    return subprocess.run([sys.executable, "-m", "aifigures", "build", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def build_here(sandbox, cli_here):
    """The same command's own code (aifigures.cli.main) run in this process on the sandbox, for
    the faults the data check refuses: the same messages and exit status without a new
    interpreter's start-up (one case also runs as a real process, below)."""
    return lambda *args: cli_here("build", *args, env=sandbox["env"])


def assert_refused(sandbox, result, *expected: str):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert "previous report and figures are unchanged" in result.stderr
    assert snapshot(sandbox["reports"], sandbox["figures"]) == sandbox["before"]


def claims(sandbox) -> Path:
    return sandbox["data"] / "claims.csv"


def break_bytes(path: Path, change) -> None:
    path.write_bytes(change(path.read_bytes()))


# (name, how to break the sandbox, what the message must say); each breakage returns nothing
def _cell(table, claim_id, column, value, expect):
    def apply(sb):
        path = sb["data"] / f"{table}.csv"
        index = claim_index(sb["data"], claim_id) if table == "claims" else int(claim_id)
        line = set_cell(path, index, column, value)
        return (f"{table}.csv:{line}: column '{column}': ", expect)
    return apply


def _bytes(table, change, expect):
    def apply(sb):
        break_bytes(sb["data"] / f"{table}.csv", change)
        return (expect,)
    return apply


CASES = {
    "unbalanced quotes": _bytes("claims", lambda b: b + b'A004-99,A004,"never closed,x\n', "never closed"),
    "extra column on a line": _bytes("claims", lambda b: b.replace(b"\nA000-02,", b"\nA000-02,extra,", 1),
                                     "claims.csv:3: 21 fields where the header has 20"),
    "short line": _bytes("claims", lambda b: b + b"A004-99,A004,too,few\n", "4 fields where the header has 20"),
    "empty file": _bytes("entities", lambda b: b"", "entities.csv:1: file is empty"),
    "utf-8 byte-order mark": _bytes("articles", lambda b: b"\xef\xbb\xbf" + b, "articles.csv:1: file starts with a UTF-8 byte-order mark"),
    "crlf line ends": _bytes("fx_rates", lambda b: b.replace(b"\n", b"\r\n"), "fx_rates.csv:1: Windows (CRLF)"),
    "bytes that are not utf-8": _bytes("claims", lambda b: b.replace("萬億".encode(), "萬億".encode("gb18030"), 1), "is not UTF-8"),
    "unknown column": _bytes("overrides", lambda b: b.replace(b"reviewed_on", b"reviewed_at", 1),
                             "overrides.csv:1: header lacks column(s) reviewed_on"),
    "number that does not parse": _cell("claims", "A000-07", "value", "six hundred", "'six hundred' is not a number"),
    "unit outside the vocabulary": _cell("claims", "A000-07", "unit", "params", "'params' is not in the unit vocabulary"),
    "metric outside the vocabulary": _cell("claims", "A000-07", "metric", "size", "'size' is not in the metric vocabulary"),
    "unknown article id": _cell("claims", "A000-07", "article_id", "A042", "'A042' is not a known article_id"),
    "unknown entity id": _cell("claims", "A000-07", "entity_id", "deepseek-v9", "'deepseek-v9' is not a known entity_id"),
    "unknown reference id": _cell("overrides", "0", "ref_ids", "R315;R999", "'R999' is not a known ref_id"),
    "duplicate id": _cell("claims", "A000-08", "claim_id", "A000-07", "duplicate id 'A000-07'"),
    "negative value": _cell("reference", "0", "value", "-236000000000", "must be greater than zero"),
    "zero value": _cell("fx_rates", "0", "per_usd", "0", "0 must be greater than 0"),
    "active above total": _cell("claims", "A001-08", "value", "2000000000000", "active parameters 2000000000000 exceed the total"),
    "range low above high": _cell("claims", "A003-06", "value_low", "40", "range low 40 is above its high 30"),
    "impossible date": _cell("claims", "A001-05", "refers_to", "2025-02-30", "not a real calendar date"),
    "future date": _cell("reference", "0", "date_accessed", "2099-01-01", "is in the future"),
    "quote number differs": _cell("claims", "A000-07", "value", "617000000000", "'671B' reads as 6.71e+11"),
    "price date without exchange rate": _cell("claims", "A000-05", "refers_to", "2023-03", "no CNY/USD rate in"),
    "hostile html in a text field": _cell("entities", "3", "name", "<img src=x onerror=alert(1)>", "looks like HTML markup"),
    "missing required cell": _cell("articles", "0", "title", "", "is empty; it is required"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_is_refused_and_nothing_is_lost(sandbox, build_here, name):
    expected = CASES[name](sandbox)
    assert_refused(sandbox, build_here(), *expected)


def test_a_data_fault_is_refused_by_the_command_itself(sandbox):
    """One fault through a real `python -m aifigures build`: its exit status, stderr and no traceback."""
    expected = CASES["unknown entity id"](sandbox)
    assert_refused(sandbox, build(sandbox), *expected)


def test_missing_table_file(sandbox, build_here):
    (sandbox["data"] / "reference.csv").unlink()
    assert_refused(sandbox, build_here(), "reference.csv: file is missing")


def test_table_of_100_mb(sandbox, build_here):
    path = sandbox["data"] / "claims.csv"
    with path.open("ab") as fh:
        fh.write(b"x" * (100 * 2**20))
    assert_refused(sandbox, build_here(), "claims.csv: file is 100 MiB, over the 64 MiB limit")


@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")
def test_quote_not_in_its_article(sandbox, build_here):
    line = set_cell(claims(sandbox), claim_index(sandbox["data"], "A000-07"), "quote", "a 671B parameter MoE design")
    assert_refused(sandbox, build_here(), f"claims.csv:{line}: column 'quote': does not occur verbatim in article A000")


@pytest.mark.skipif(articles_dir() is None, reason="article texts not present (set ARTICLES_DIR)")
@pytest.mark.parametrize("fault, expected", [
    ("missing", "'004_55f2f3c2ef0408c3.txt' is not in"),
    ("empty", "004_55f2f3c2ef0408c3.txt is empty"),
    ("gb18030", "is not UTF-8"),
])
def test_article_file_faults(sandbox, build_here, fault, expected):
    path = sandbox["articles"] / "004_55f2f3c2ef0408c3.txt"
    if fault == "missing":
        path.unlink()
    elif fault == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes("DeepSeek 的出現".encode("gb18030") + path.read_bytes())
    assert_refused(sandbox, build_here(), "articles.csv:6: column 'file_name'", expected)


def test_notebook_that_raises(sandbox, tmp_path, build_here):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "aifigures": {"reads": ["claims"]}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("raise ValueError('the data went missing')")]
    nbformat.write(nb, notebooks / "99-broken.ipynb")
    sandbox["env"]["AIFIGURES_NOTEBOOKS_DIR"] = str(notebooks)
    result = build_here("--force")
    assert_refused(sandbox, result,
                   "99-broken.ipynb: cell 3 (\"raise ValueError('the data went missing')\") raised ValueError: the data went missing")
    kept = sandbox["build"] / "failed" / "99-broken.ipynb"
    assert kept.exists() and "the data went missing" in kept.read_text(encoding="utf-8")


def test_kernel_that_cannot_start(sandbox, tmp_path, build_here):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [str(tmp_path / "no-such-python"), "-m", "ipykernel_launcher", "-f",
                                                           "{connection_file}"], "display_name": "Python 3", "language": "python"}))
    sandbox["env"]["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    result = build_here("--force")
    assert_refused(sandbox, result, "the kernel could not start")


def kernels_running(data_dir: Path) -> set[int]:
    """The kernels of builds on this sandbox: an ipykernel whose environment names its data
    folder (kernels of other tests running at the same time are not counted)."""
    out = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, text=True).stdout
    marker = f"AIFIGURES_DATA_DIR={data_dir}".encode()
    mine = set()
    for pid in (int(p) for p in out.split()):
        try:
            if marker in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                mine.add(pid)
        except OSError:  # gone already, or not ours to read
            continue
    return mine


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build_leaves_no_partial_output_and_no_kernel(sandbox, sig):
    before_kernels = kernels_running(sandbox["data"])
    env = {**os.environ, **sandbox["env"]}
    proc = subprocess.Popen([sys.executable, "-m", "aifigures", "build", "--force"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait until kernels are running (the first progress line), then interrupt mid-way
    line = proc.stdout.readline()
    while line and "executing" not in line:
        line = proc.stdout.readline()
    assert "executing" in line
    deadline = time.time() + 60
    while time.time() < deadline and not (kernels_running(sandbox["data"]) - before_kernels):
        time.sleep(0.1)
    time.sleep(1.0)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in err, err
    assert "interrupted; the previous report and figures are unchanged" in err
    assert snapshot(sandbox["reports"], sandbox["figures"]) == sandbox["before"]
    assert not list(sandbox["reports"].glob(".*.tmp"))
    deadline = time.time() + 15
    while time.time() < deadline and (kernels_running(sandbox["data"]) - before_kernels):
        time.sleep(0.2)
    assert kernels_running(sandbox["data"]) - before_kernels == set(), "a kernel outlived the interrupted build"


def test_a_failed_build_points_to_the_kernels_own_output(sandbox, tmp_path, build_here):
    """What a kernel prints outside the notebook (fd 2: C libraries, crashes) is kept and named."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "aifigures": {"reads": []}}
    nb.cells = [nbformat.v4.new_code_cell("import os\nos.write(2, b'kernel says: the disk is on fire\\n')"),
                nbformat.v4.new_code_cell("raise RuntimeError('stop')")]
    nbformat.write(nb, notebooks / "99-noisy.ipynb")
    sandbox["env"]["AIFIGURES_NOTEBOOKS_DIR"] = str(notebooks)
    result = build_here("--force")
    assert_refused(sandbox, result, "the kernels' own output:")
    named = result.stderr.split("the kernels' own output:")[1].splitlines()[0]
    logs = [ROOT / p.strip() if not Path(p.strip()).is_absolute() else Path(p.strip()) for p in named.split(",")]
    assert any("the disk is on fire" in log.read_text() for log in logs if log.exists()), named
