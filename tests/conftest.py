"""Shared fixtures: a private copy of data/ to break, a full build in a temporary place, and one
Chromium for the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


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
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "aifigures", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """One full build into temporary folders: executed notebooks, figures and the report."""
    base = tmp_path_factory.mktemp("build")
    env = {"AIFIGURES_BUILD_DIR": str(base / "build"), "AIFIGURES_REPORTS_DIR": str(base / "reports"),
           "AIFIGURES_FIGURES_DIR": str(base / "figures")}
    arts = articles_dir()
    if arts:
        env["ARTICLES_DIR"] = str(arts)
    result = run_cli("build", "--force", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"build": base / "build", "reports": base / "reports", "figures": base / "figures",
            "report": base / "reports" / "report.html", "stdout": result.stdout, "env": env}


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium (a Playwright Browser) for the whole session, started when a test
    first asks for it; each test opens its own context in it (fresh storage, viewport, routes),
    so the tests stay apart while the browser starts once instead of once per test."""
    from aifigures.build.browser import find_chromium, launched

    if find_chromium() is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with launched() as browser:
        yield browser


def pytest_collection_modifyitems(session, config, items):
    """The tests that use the shared Chromium run last, in their order. While Playwright's sync API
    is started it marks this thread as running its asyncio loop, so asyncio.run() in the test
    process (the build's kernels, nbclient) refuses to start: nothing may run after them but
    the session's end, which closes the browser."""
    browser = [item for item in items if "chromium" in getattr(item, "fixturenames", ())]
    if browser:
        ids = {id(item) for item in browser}
        items[:] = [item for item in items if id(item) not in ids] + browser
