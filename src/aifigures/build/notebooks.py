"""The notebooks a build runs, the files each depends on, and the manifest of the last
successful build: what is out of date, and how a successful run is moved into place."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from aifigures import config
from aifigures.data.fingerprints import data_files, package_files

MANIFEST = "manifest.json"


@dataclass
class Notebook:
    path: Path
    reads: list[str]

    @property
    def name(self) -> str:
        """The notebook's file name without .ipynb ("03-pricing")."""
        return self.path.stem


@dataclass
class Outcome:
    """How one notebook's run ended: where its outputs are staged, and why it failed if it did."""

    notebook: Notebook
    ok: bool
    seconds: float
    staging: Path
    message: str = ""


def discover(notebooks_dir: Path | None = None) -> list[Notebook]:
    """Numbered notebooks (NN-topic.ipynb) in order, with the tables each declares it reads."""
    found = []
    for path in sorted(Path(notebooks_dir or config.NOTEBOOKS_DIR).glob("[0-9][0-9]-*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("aifigures", {})
        found.append(Notebook(path=path, reads=list(meta.get("reads", []))))
    return found


def input_files(nb: Notebook) -> list[Path]:
    """Every file the notebook's output depends on: itself, the tables it reads, the article
    texts when it reads them, and the package."""
    paths = [nb.path, *data_files(nb.reads)]
    if "article_texts" in nb.reads:  # the article texts themselves (ARTICLES_DIR), when present
        paths += sorted(config.ARTICLES_DIR.glob("[0-9][0-9][0-9]_*")) if config.ARTICLES_DIR.is_dir() else []
    return [*paths, *package_files()]


def load_manifest() -> dict:
    """The last successful build's record of each notebook's input fingerprint and figures ({} if none)."""
    path = config.BUILD_DIR / MANIFEST
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def stale_notebooks(notebooks: list[Notebook], manifest: dict, prints: dict[str, str]) -> list[Notebook]:
    """Notebooks whose input fingerprint (prints, taken before execution) differs from the
    manifest's, or whose executed copy or figures are missing."""
    stale = []
    for nb in notebooks:
        entry = manifest.get("notebooks", {}).get(nb.name, {})
        executed = config.EXECUTED_DIR / f"{nb.name}.ipynb"
        figures_present = all((config.FIGURES_DIR / f).exists() for f in entry.get("figures", []))
        if entry.get("inputs") != prints[nb.name] or not executed.exists() or not figures_present:
            stale.append(nb)
    return stale


def promote(outcomes: list[Outcome], manifest: dict, prints: dict[str, str]) -> None:
    """Move executed notebooks and figures of a successful run into place."""
    config.EXECUTED_DIR.mkdir(parents=True, exist_ok=True)
    config.FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    entries = manifest.setdefault("notebooks", {})
    for outcome in outcomes:
        name = outcome.notebook.name
        for old in config.FIGURES_DIR.glob(f"**/{name}--*"):  # its charts and their phone variants
            old.unlink()
        staged = outcome.staging / "figures"
        figures = sorted(f.relative_to(staged) for f in staged.rglob("*") if f.is_file())
        for figure_file in figures:
            (config.FIGURES_DIR / figure_file).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / figure_file, config.FIGURES_DIR / figure_file)
        os.replace(outcome.staging / f"{name}.ipynb", config.EXECUTED_DIR / f"{name}.ipynb")
        # the inputs as they were when execution started, so an edit made meanwhile still counts
        entries[name] = {"inputs": prints[name], "figures": [figure_file.as_posix() for figure_file in figures]}


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
