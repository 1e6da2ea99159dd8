"""Every path the suite uses, derived from the project root, so notebooks never use
relative paths. Environment variables override what a build or a test needs to move."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("AIFIGURES_ROOT", Path(__file__).resolve().parents[2]))

DATA_DIR = Path(os.environ.get("AIFIGURES_DATA_DIR", PROJECT_ROOT / "data"))
DICTIONARY_FILE = DATA_DIR / "dictionary.yml"
NOTEBOOKS_DIR = Path(os.environ.get("AIFIGURES_NOTEBOOKS_DIR", PROJECT_ROOT / "notebooks"))
BUILD_DIR = Path(os.environ.get("AIFIGURES_BUILD_DIR", PROJECT_ROOT / "build"))
EXECUTED_DIR = BUILD_DIR / "executed"
REPORTS_DIR = Path(os.environ.get("AIFIGURES_REPORTS_DIR", PROJECT_ROOT / "reports"))
REPORT_FILE = REPORTS_DIR / "report.html"
TEMPLATES_DIR = Path(__file__).resolve().parent / "build" / "templates"

# Notebooks write figures here. The build points it at a staging folder and moves
# the figures into FIGURES_DIR only when the whole build has succeeded.
FIGURES_DIR = Path(os.environ.get("AIFIGURES_FIGURES_DIR", PROJECT_ROOT / "figures"))
# A notebook run outside the build (JupyterLab, a plain kernel) saves its charts here instead:
# figures/ holds only what the last successful build wrote.
INTERACTIVE_FIGURES_DIR = Path(os.environ.get("AIFIGURES_INTERACTIVE_FIGURES_DIR", BUILD_DIR / "interactive-figures"))

# The full article texts are input, not part of the project (CI: ../shared/articles).
ARTICLES_DIR = Path(os.environ.get("ARTICLES_DIR") or PROJECT_ROOT / "data" / "articles")
if not ARTICLES_DIR.is_absolute():
    ARTICLES_DIR = (Path.cwd() / ARTICLES_DIR).resolve()

# The notebook being executed (set by the build), used to prefix figure file names.
NOTEBOOK_NAME = os.environ.get("AIFIGURES_NOTEBOOK", "")

# data/entities.csv lists every member of each model series (a series column) released up to
# this date: a series named without its version in a later article is not resolved.
SERIES_LISTED_THROUGH = "2025-12-31"
