"""A notebook run outside the build (a plain kernel, as in JupyterLab) saves its charts to
build/interactive-figures/, says so in its output, and leaves figures/ alone."""

from __future__ import annotations

import hashlib
import os

import nbformat
import pytest
from nbclient import NotebookClient

from ..conftest import ROOT, articles_dir

pytestmark = pytest.mark.slow


def hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*")) if p.is_file()}


def test_interactive_run_writes_its_charts_to_the_scratch_folder(tmp_path, monkeypatch):
    build, figures = tmp_path / "build", tmp_path / "figures"
    figures.mkdir()
    (figures / "03-pricing--prices-usd.png").write_bytes(b"the build's chart")
    for name in ("AIFIGURES_NOTEBOOK", "AIFIGURES_INTERACTIVE_FIGURES_DIR", "MPLBACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AIFIGURES_BUILD_DIR", str(build))
    monkeypatch.setenv("AIFIGURES_FIGURES_DIR", str(figures))  # where the build's charts are
    if articles_dir():
        monkeypatch.setenv("ARTICLES_DIR", str(articles_dir()))
    project_figures = hashes(ROOT / "figures")
    nb = nbformat.read(ROOT / "notebooks" / "03-pricing.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    scratch = build / "interactive-figures"
    assert sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*.*")) == [
        "interactive--prices-usd.png", "interactive--prices-usd.svg",
        "phone/interactive--prices-usd.png", "phone/interactive--prices-usd.svg"]
    assert (scratch / "interactive--prices-usd.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    said = "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []) if out["output_type"] == "stream")
    assert f"chart saved as {scratch / 'interactive--prices-usd.png'} and .svg" in said, said
    assert hashes(figures) == {"03-pricing--prices-usd.png": hashlib.sha256(b"the build's chart").hexdigest()}
    assert hashes(ROOT / "figures") == project_figures
    assert "AIFIGURES_NOTEBOOK" not in os.environ
