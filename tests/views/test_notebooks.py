"""Notebooks: thin, committed without outputs, executed headless into a build folder."""

import ast
import json
import os
import re

import nbformat
import pytest

from aifigures.build.notebooks import discover
from aifigures.data.dictionary import load_dictionary

from ..conftest import DATA, READS_HOOK, ROOT, articles_dir, run_cli

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
        if "chart_export.save_figure(" not in path.read_text(encoding="utf-8"):
            continue  # a notebook of tables only (the sources)
        mine = [s for s in stems if s.startswith(path.stem + "--")]
        assert mine, f"{path.name} saved no chart"
        for stem in mine:
            assert (built["figures"] / f"{stem}.png").exists() and (built["figures"] / f"{stem}.svg").exists()


def tables_of(record, data_dir, articles) -> set[str]:
    """The tables (and 'article_texts') among the files a notebook's record lists."""
    files = {os.path.abspath(data_dir / t.file): name for name, t in load_dictionary().tables.items()}
    texts = os.path.join(os.path.abspath(articles), "") if articles else None
    opened = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    return {files[p] for p in opened if p in files} | ({"article_texts"} if texts and any(p.startswith(texts) for p in opened) else set())


@pytest.fixture(scope="module")
def opened(built):
    """Each notebook's tables as its kernel opened them in the shared build (tests/reads_hook).
    The build sets each notebook's name and forgets the aifigures modules and their caches before
    it, so every read a notebook needs happens in its own run; the judged ledger, computed by the
    build beforehand, is read from its cache, which opens the tables it is computed from (its key)."""
    return {p.name: tables_of(built["reads"] / f"{p.stem}.txt", DATA, articles_dir()) for p in NOTEBOOKS}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reads_only_the_tables_it_declares(path, opened):
    declared = set(nbformat.read(path, as_version=4).metadata["aifigures"]["reads"])
    undeclared = sorted(opened[path.name] - declared)
    assert not undeclared, (f"{path.name} reads {', '.join(undeclared)} but declares only {', '.join(sorted(declared))}; "
                            "add them to metadata.aifigures.reads so that a change to them re-executes it")


@pytest.mark.slow
def test_an_undeclared_read_is_seen(tmp_path):
    """The record above, for a build of two notebooks that load the exchange rates through the views
    without declaring them, in one kernel: the second's read is recorded too (its caches are gone)."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("01-sneaky", "02-sneaky-again"):
        source = "from aifigures.views import report_tables\nreport_tables.load_all()['fx_rates']"
        nb = nbformat.v4.new_notebook()
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                       "aifigures": {"reads": ["claims"]}}
        nb.cells = [nbformat.v4.new_code_cell(source)]
        nbformat.write(nb, notebooks / f"{name}.ipynb")
    reads = tmp_path / "reads"
    reads.mkdir()
    env = {"AIFIGURES_NOTEBOOKS_DIR": str(notebooks), "AIFIGURES_BUILD_DIR": str(tmp_path / "build"),
           "AIFIGURES_REPORTS_DIR": str(tmp_path / "reports"), "AIFIGURES_FIGURES_DIR": str(tmp_path / "figures"),
           "PYTHONPATH": str(READS_HOOK), "AIFIGURES_READS_DIR": str(reads), "AIFIGURES_READS_WATCH": str(DATA)}
    result = run_cli("build", "--jobs", "1", env=env)  # one kernel runs both, in order
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("01-sneaky", "02-sneaky-again"):
        assert tables_of(reads / f"{name}.txt", DATA, None) == {"fx_rates"}, name
