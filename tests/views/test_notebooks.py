"""Notebooks: thin, committed without outputs, executed headless into a build folder."""

import ast
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from aifigures.build.notebooks import discover
from aifigures.data.dictionary import load_dictionary

from ..conftest import ROOT, TABLES_OPENED, articles_dir

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_carries_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert not cell.get("outputs"), f"{path.name}: a cell has outputs"
        assert not cell.get("execution_count"), f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_narrative(path):
    """No function or class definitions, no typed-in numbers: logic lives in the package."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda)) for n in ast.walk(tree)), path.name
        numbers = [n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)]
        assert numbers == [], f"{path.name}: numbers typed into a notebook: {numbers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_numbered_uses_python3_and_declares_its_tables(path):
    assert re.match(r"^\d\d-[a-z0-9-]+\.ipynb$", path.name)
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    reads = nb.metadata["aifigures"]["reads"]
    assert reads and set(reads) <= set(load_dictionary().tables) | {"article_texts"}
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_discover_finds_every_notebook_in_order():
    assert [nb.path for nb in discover()] == NOTEBOOKS


@pytest.mark.slow
def test_every_notebook_executes_without_error(built):
    executed = sorted((built["build"] / "executed").glob("*.ipynb"))
    assert [p.name for p in executed] == [p.name for p in NOTEBOOKS]
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
                assert not (out["output_type"] == "stream" and out["name"] == "stderr"), f"{path.name}: stderr: {out['text'][:300]}"


@pytest.mark.slow
def test_build_never_writes_into_notebooks(built):
    for path in NOTEBOOKS:
        assert not json.loads(path.read_text(encoding="utf-8"))["cells"][1].get("outputs")


@pytest.mark.slow
def test_every_notebook_saves_its_charts_as_png_and_svg(built):
    figures = sorted(built["figures"].iterdir())
    stems = {p.stem for p in figures}
    for path in NOTEBOOKS:
        if "plots.save_figure(" not in path.read_text(encoding="utf-8"):
            continue  # a notebook of tables only (the sources)
        mine = [s for s in stems if s.startswith(path.stem + "--")]
        assert mine, f"{path.name} saved no chart"
        for stem in mine:
            assert (built["figures"] / f"{stem}.png").exists() and (built["figures"] / f"{stem}.svg").exists()


# Runs a notebook's code cells in a plain Python process and prints the tables it opened.
# The build fingerprints only what metadata.aifigures.reads declares; this is what holds
# the declaration to the truth.
RUN_CELLS = TABLES_OPENED + """
import json
import sys
import matplotlib
matplotlib.use("Agg")
import nbformat
namespace = {"__name__": "__main__"}
for cell in nbformat.read(sys.argv[1], as_version=4).cells:
    if cell.cell_type == "code":
        exec(compile(cell.source, sys.argv[1], "exec"), namespace)
print(json.dumps(sorted(read)))
"""


def tables_read(path, tmp) -> tuple[set[str], str]:
    """The tables a notebook opens when it runs with nothing cached (every read happens), and its stderr."""
    tmp.mkdir(parents=True)
    env = {**os.environ, "AIFIGURES_BUILD_DIR": str(tmp / "build"), "AIFIGURES_FIGURES_DIR": str(tmp / "figures"),
           "AIFIGURES_NOTEBOOK": path.stem}
    env.pop("MPLBACKEND", None)
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    result = subprocess.run([sys.executable, "-c", RUN_CELLS, str(path)], cwd=path.parent, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{path.name}: {result.stderr[-2000:]}"
    return set(json.loads(result.stdout.splitlines()[-1])), result.stderr


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """Each notebook's tables as it opens them (all notebooks at once, each in its own process)."""
    base = tmp_path_factory.mktemp("reads")
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        runs = {p.name: pool.submit(tables_read, p, base / p.stem) for p in NOTEBOOKS}
        return {name: run.result()[0] for name, run in runs.items()}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reads_only_the_tables_it_declares(path, opened):
    declared = set(nbformat.read(path, as_version=4).metadata["aifigures"]["reads"])
    undeclared = sorted(opened[path.name] - declared)
    assert not undeclared, (f"{path.name} reads {', '.join(undeclared)} but declares only {', '.join(sorted(declared))}; "
                            "add them to metadata.aifigures.reads so that a change to them re-executes it")


@pytest.mark.slow
def test_an_undeclared_read_is_seen(tmp_path):
    """The check above on a notebook that loads the exchange rates through the views without declaring them."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"aifigures": {"reads": ["claims"]}}
    nb.cells = [nbformat.v4.new_code_cell("from aifigures.views import analysis\nanalysis.load_all()['fx_rates']")]
    path = tmp_path / "99-sneaky.ipynb"
    nbformat.write(nb, path)
    read, _ = tables_read(path, tmp_path / "run")
    assert read == {"fx_rates"}
