"""Every supported Python (3.11 on) present on this machine: the pinned set installs, the
figure parser's tests pass, and a clean build (validation, verdicts, every notebook) gives the
same bytes as the one made by the Python running the suite. A version not on the machine is
skipped with one line."""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, articles_dir

pytestmark = pytest.mark.slow

# the versions besides the one running the suite, 3.11 to 3.15
OTHERS = [minor for minor in range(11, 16) if minor != sys.version_info.minor]


def interpreter(minor: int) -> str | None:
    """python3.X from the PATH when it runs, else one pyenv has installed without selecting it."""
    candidates = [shutil.which(f"python3.{minor}")]
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.{minor}.*/bin/python3.{minor}"), reverse=True)
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", "import sys"], capture_output=True).returncode == 0:
            return candidate
    return None


def make_venv(python: str, venv: Path) -> Path:
    """The pinned set in a new venv: by uv (as make venv does), by pip where uv is not at hand."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", python, str(venv)], check=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    else:
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        install = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run([*install, "-r", str(ROOT / "requirements.txt")], capture_output=True, text=True)
    assert result.returncode == 0, f"the pinned set does not install on {python}:\n{result.stderr[-3000:]}"
    return venv / "bin" / "python"


def same_as_built(ours, theirs) -> bool:
    """Our folder holds the shared build's files, byte for byte."""
    mine, built = hashes(ours), hashes(theirs)
    return bool(mine) and mine == built


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("minor", OTHERS, ids=lambda m: f"3.{m}")
def test_other_python(minor, built, tmp_path):
    python = interpreter(minor)
    if python is None:
        pytest.skip(f"python3.{minor} is not on this machine")
    venv_python = make_venv(python, tmp_path / "venv")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "AIFIGURES_BUILD_DIR": str(tmp_path / "build"),
           "AIFIGURES_REPORTS_DIR": str(tmp_path / "reports"), "AIFIGURES_FIGURES_DIR": str(tmp_path / "figures")}
    env.pop("VIRTUAL_ENV", None)
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    tests = subprocess.run([str(venv_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                            "tests/data/test_numbers.py"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    build = subprocess.run([str(venv_python), "-m", "aifigures", "build", "--force"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    assert same_as_built(tmp_path / "reports", built["reports"]), f"Python 3.{minor} builds other bytes"
    assert same_as_built(tmp_path / "figures", built["figures"]), f"Python 3.{minor} draws other figures"
