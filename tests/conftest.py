"""Shared fixtures: a private copy of data/ to break, a full build in a temporary place, and one
Chromium for the browser tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
READS_HOOK = Path(__file__).resolve().parent / "reads_hook"  # see its sitecustomize.py


def articles_dir() -> Path | None:
    """The article texts, when present (CI: ARTICLES_DIR=../shared/articles)."""
    candidates = [os.environ.get("ARTICLES_DIR"), ROOT / "data" / "articles", ROOT.parent / "shared" / "articles"]
    for c in candidates:
        if c and Path(c).is_absolute() and Path(c).is_dir():
            return Path(c)
        if c and (ROOT / c).is_dir():
            return (ROOT / c).resolve()
    return None


# Python code that records, from then on, which tables the process opens (in `read`: their names,
# and "article_texts" for a file in ARTICLES_DIR). An audit hook sees every file opened, whichever
# module reads it; the package itself records nothing. Paths are those config gives at the time.
TABLES_OPENED = """
import os as _os, sys as _sys
from aifigures import config as _config
from aifigures.data.dictionary import load_dictionary as _load_dictionary
_files = {_os.path.abspath(_config.DATA_DIR / t.file): n for n, t in _load_dictionary().tables.items()}
_articles = _os.path.join(_os.path.abspath(_config.ARTICLES_DIR), "")
read = set()
def _opened(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, _os.PathLike)):
        path = _os.path.abspath(_os.fsdecode(args[0]))
        if path in _files:
            read.add(_files[path])
        elif path.startswith(_articles):
            read.add("article_texts")
_sys.addaudithook(_opened)
"""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (CSV, dictionary and rules)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("articles", "research"))
    return target


def run_cli(*args: str, env: dict | None = None, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """`python -m aifigures ARGS` in a new process (for builds, and where the process is the subject)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "aifigures", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def clear_caches() -> None:
    """Forget what the package cached from the tables and the paths it read (after config changes)."""
    from aifigures.data import ledger
    from aifigures.data.dictionary import load_dictionary
    from aifigures.data.rules import load_rules
    from aifigures.views import report_tables

    for cached in (load_dictionary, load_rules, report_tables._table, ledger._loaded, report_tables._entity_names):
        cached.cache_clear()


@pytest.fixture
def cli_here(monkeypatch, capsys):
    """run_cli's twin: the same command's own code (aifigures.cli.main) run in this process, with
    `env` set and config read again, so the test gets the same exit status and output without a new
    interpreter importing pandas (about 3 s of CPU a call here). A build run so still starts its
    kernels as processes; where the build's own process is the subject (locks, signals, a crash),
    run_cli."""
    import importlib

    from aifigures import cli, config

    def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        importlib.reload(config)  # every module reads its paths from this one object
        clear_caches()
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as stop:  # argparse: --help, a bad argument
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    yield run
    monkeypatch.undo()
    importlib.reload(config)
    clear_caches()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """One full build into temporary folders: executed notebooks, figures and the report. Under
    pytest-xdist the workers share it: the first to ask builds it in the run's own temporary
    folder while the others wait on a lock, then read it (no test writes into it)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = tmp_path_factory.getbasetemp().parent / "shared-build"  # this run's folder, all workers
    else:
        base = tmp_path_factory.mktemp("build")
    env = {"AIFIGURES_BUILD_DIR": str(base / "build"), "AIFIGURES_REPORTS_DIR": str(base / "reports"),
           "AIFIGURES_FIGURES_DIR": str(base / "figures")}
    arts = articles_dir()
    if arts:
        env["ARTICLES_DIR"] = str(arts)
    # the build's kernels record the files each notebook opens (tests/reads_hook), for
    # test_notebooks.py's declared-reads check: that check needs no run of its own
    env.update({"PYTHONPATH": os.pathsep.join(filter(None, [str(READS_HOOK), os.environ.get("PYTHONPATH", "")])),
                "AIFIGURES_READS_DIR": str(base / "reads"),
                "AIFIGURES_READS_WATCH": os.pathsep.join(str(p) for p in (DATA, arts) if p)})
    base.mkdir(exist_ok=True)
    with open(base.parent / "shared-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / "stdout.txt"
        if not done.exists():
            (base / "reads").mkdir(exist_ok=True)
            result = run_cli("build", "--force", env=env)
            assert result.returncode == 0, result.stdout + result.stderr
            done.write_text(result.stdout, encoding="utf-8")
    return {"build": base / "build", "reports": base / "reports", "figures": base / "figures",
            "report": base / "reports" / "report.html", "stdout": done.read_text(encoding="utf-8"),
            "reads": base / "reads"}


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium (a Playwright Browser) per test module, started when a test first asks
    for it and closed at the module's end; each test opens its own context in it (fresh storage,
    viewport, routes), so the tests stay apart while the browser starts once per module instead of
    once per test."""
    from aifigures.build.browser import find_chromium, launched

    if find_chromium() is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with launched() as browser:
        yield browser


LONGEST_FIRST = ["tests/build/test_kernels.py", "tests/test_pythons.py", "tests/build/test_lab_browser.py",
                 "tests/build/test_browser.py", "tests/build/test_incremental.py", "tests/build/test_faults.py"]


def pytest_collection_modifyitems(session, config, items):
    """In each module, the tests that use its Chromium run last, in their order. While Playwright's
    sync API is started it marks this thread as running its asyncio loop, so asyncio.run() in the
    test process (the build's kernels, nbclient) refuses to start: nothing of the module may run
    after them but its end, which closes the browser. Modules stay whole and in order, as
    pytest-xdist's --dist loadfile hands them out."""
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    # the slow modules (builds, browsers) first, the longest of them first (as measured on this
    # machine, make test's ten slowest), so that two workers end together rather than one
    # finishing a long module alone
    def cost(group) -> tuple[bool, int]:
        module = group[0].nodeid.split("::")[0]
        slow = any(i.get_closest_marker("slow") for i in group)
        return not slow, LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)

    order = sorted(modules.values(), key=cost)
    items[:] = [item for group in order
                for item in sorted(group, key=lambda i: "chromium" in getattr(i, "fixturenames", ()))]
