"""Kernel reuse: a kernel that already ran notebooks starts the next one as a new kernel
would, and reusing kernels changes no byte of what the build writes."""

from __future__ import annotations

import hashlib

import nbformat
import pytest

from ..conftest import articles_dir, run_cli

pytestmark = pytest.mark.slow

COUNTER = "print('execution count', get_ipython().execution_count)"
LEAKY = [
    COUNTER,
    "left_behind = 1\n"
    "import matplotlib\n"
    "matplotlib.rcParams['lines.linewidth'] = 9\n"
    "import aifigures.config, aifigures.views.chart_export  # plots switches matplotlib to Agg\n"
    "aifigures.config.LEFT_BEHIND = True",
    "import numpy\n"
    "numpy.mean([])  # a RuntimeWarning from inside numpy, shown once per place by default",
]
CHECKS = [
    COUNTER,
    "assert 'left_behind' not in globals() and 'matplotlib' not in globals()",
    "import matplotlib\n"
    "assert matplotlib.rcParams['lines.linewidth'] != 9",
    "import aifigures.config\n"
    "assert not hasattr(aifigures.config, 'LEFT_BEHIND')\n"
    "assert aifigures.config.NOTEBOOK_NAME == '02-checks'",
    "import matplotlib.pyplot as plt\n"
    "plt.plot([1, 2])\n"
    "plt.show()  # a new kernel shows the figure inline",
    "import numpy\n"
    "numpy.mean([])",
]


def write_notebook(path, sources: list[str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["aifigures"] = {"reads": []}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


def folders(base) -> dict[str, str]:
    env = {"AIFIGURES_BUILD_DIR": str(base / "build"), "AIFIGURES_REPORTS_DIR": str(base / "reports"),
           "AIFIGURES_FIGURES_DIR": str(base / "figures")}
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    return env


def test_a_reused_kernel_starts_each_notebook_fresh(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-leaky.ipynb", LEAKY)
    write_notebook(notebooks / "02-checks.ipynb", CHECKS)
    env = {**folders(tmp_path), "AIFIGURES_NOTEBOOKS_DIR": str(notebooks)}
    result = run_cli("build", "--jobs", "1", env=env)  # one kernel runs both, in order
    assert result.returncode == 0, result.stdout + result.stderr
    counters = []
    for name in ("01-leaky", "02-checks"):
        executed = nbformat.read(tmp_path / "build" / "executed" / f"{name}.ipynb", as_version=4)
        counters.append(executed.cells[0].outputs[0]["text"])
        warned = [o for o in executed.cells[-1].outputs if o.get("name") == "stderr"]
        assert warned and "Mean of empty slice" in warned[0]["text"], name
    assert counters[0] == counters[1]  # the kernel's counter starts again, as in a new kernel
    assert any("image/png" in o.get("data", {}) for o in executed.cells[-2].outputs)


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_reusing_kernels_changes_no_output(built, tmp_path):
    """A new kernel for every notebook gives the bytes of the shared build, whose two kernels run
    several notebooks each (one kernel for all: test_incremental.py's first build). Also: two clean
    builds give the same bytes, every file the report folder shares included."""
    result = run_cli("build", "--force", "--fresh-kernels", env=folders(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert digests(tmp_path / "build" / "executed") == digests(built["build"] / "executed")
    assert digests(tmp_path / "figures") == digests(built["figures"])
    for name in ("report.html", "claimreview.json", "aifigures-ledger.csv", "aifigures-reference.csv"):
        assert (tmp_path / "reports" / name).read_bytes() == (built["reports"] / name).read_bytes(), name
