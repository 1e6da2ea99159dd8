# aifigures — `make report` builds everything from a fresh clone; `make test` runs the tests.
# Real file targets: the venv is rebuilt only when requirements change, the report only
# when a notebook, a data file or the package changed (the build itself re-executes only
# the notebooks whose inputs changed). `make help` lists the targets.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?=
STAMP := $(VENV)/.installed

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
DATA := $(wildcard data/*.csv) data/dictionary.yml data/rules.yml
PACKAGE := $(shell find src/aifigures -type f \( -name '*.py' -o -name '*.j2' -o -name '*.css' -o -name '*.json' \) 2>/dev/null)

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

help: ## list the targets
	@grep -hE '^[a-zA-Z_./-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# the package is used in place from src/ (a .pth file: no build step, edits take effect at once)
	$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'aifigures.pth').write_text('$(CURDIR)/src\n')"
	@touch $@

venv: $(STAMP) ## create .venv with the pinned dependencies

validate: $(STAMP) ## check every data table and every quote against its article
	$(PY) -m aifigures validate

reports/report.html: $(STAMP) $(NOTEBOOKS) $(DATA) $(PACKAGE)
	$(PY) -m aifigures build $(if $(JOBS),--jobs $(JOBS))

report: reports/report.html ## validate, execute the notebooks that changed, write figures/ and reports/report.html

rebuild: $(STAMP) ## re-execute every notebook and re-export the report
	$(PY) -m aifigures build --force $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP) ## run the whole test suite
	$(PY) -m pytest

lab: $(STAMP) ## open JupyterLab on the notebooks with the same environment
	$(PY) -m jupyter lab notebooks/

environment.yml: requirements.txt src/aifigures/tools/environment.py ## regenerate environment.yml from requirements.txt
	$(PY) -m aifigures.tools.environment > $@

pdf: reports/report.pdf ## render reports/report.pdf with headless Chromium (print stylesheet)

reports/report.pdf: reports/report.html
	@command -v chromium >/dev/null || { echo "make pdf: Chromium is not installed (Debian: apt-get install chromium)"; exit 1; }
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --user-data-dir="$$(mktemp -d)" --no-pdf-header-footer \
	  --print-to-pdf=$@.tmp file://$(CURDIR)/reports/report.html 2>/dev/null && mv $@.tmp $@

browser-check: reports/report.html ## open the report in headless Chromium (network blocked), check it, write reports/report.png
	$(PY) -m aifigures browser-check

check: $(STAMP) ## draft fact-check of an article: make check ARTICLE=path/to/article.txt [HTML=draft.html]
	@test -n "$(ARTICLE)" || { echo "make check: give the article, e.g. make check ARTICLE=data/articles/005_new.txt"; exit 1; }
	@$(PY) -m aifigures check $(if $(HTML),--html $(HTML)) $(ARTICLE)

bench: $(STAMP) ## measure build speed and the data layer at scale; writes reports/bench/bench.md and .csv
	$(PY) -m aifigures.tools.bench

clean: ## remove build outputs (keeps .venv)
	rm -rf build reports/report.* reports/*.csv reports/*.json figures/*.png figures/*.svg

.PHONY: help venv validate report rebuild test lab pdf browser-check check bench clean
