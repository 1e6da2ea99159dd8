# aifigures — `make report` builds everything from a fresh clone; `make test` runs the tests.
# Real file targets: the venv is rebuilt only when requirements change, the report only
# when a notebook, a data file or the package changed (the build itself re-executes only
# the notebooks whose inputs changed). `make help` lists the targets.

SHELL := /bin/bash
# PYTHON: the interpreter the venv is made with; by default the newest python3.X (3.11 or
# later) on the PATH that runs (a pyenv shim for a version not selected does not)
PYTHON ?=
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

$(STAMP): requirements.txt requirements-uv.txt pyproject.toml
	@python="$(PYTHON)"; \
	if [ -z "$$python" ]; then \
	  for minor in $$(seq 40 -1 11); do \
	    if python3.$$minor -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then python=python3.$$minor; break; fi; \
	  done; \
	  [ -n "$$python" ] || { echo "make: no Python 3.11 or later found (python3.11, python3.12, ...); install one or run make PYTHON=/path/to/python3"; exit 1; }; \
	else \
	  "$$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "make: PYTHON=$$python is not a Python 3.11 or later that runs"; exit 1; }; \
	fi; \
	if [ -x $(PY) ]; then echo "make: updating $(VENV) ($$($(PY) -c 'import platform; print("Python", platform.python_version())'))"; \
	else echo "make: creating $(VENV) with $$python ($$("$$python" -c 'import platform; print("Python", platform.python_version())'))"; "$$python" -m venv $(VENV) || exit 1; fi
	@# uv installs the pinned set in a fraction of pip's time; uv itself is pinned and comes by pip
	@{ $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-uv.txt \
	   && $(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt; } \
	 || { echo "make: uv could not be installed or failed; installing with pip instead (slower)"; \
	      $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt; }
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

test: $(STAMP) ## run the whole test suite on every core, up to 4 (and name its ten slowest tests)
	$(PY) -m pytest -n auto --maxprocesses=4 --dist loadfile --durations=10

lint: $(STAMP) ## ruff on the package, the tests and the Jupyter config (rules in pyproject.toml)
	$(PY) -m ruff check src tests jupyter

LAB_PORT ?= 8888
LAB_DIR ?= $(CURDIR)/notebooks
lab: $(STAMP) ## JupyterLab on notebooks/ at 127.0.0.1 (saves stripped of outputs; charts to build/interactive-figures/)
	@echo "lab: JupyterLab on notebooks/ at http://127.0.0.1:$(LAB_PORT)/lab (open the URL with the token printed below; Ctrl-C stops it)"
	@echo "lab: notebooks are saved without outputs; charts of interactive runs go to build/interactive-figures/"
	$(PY) -m jupyter lab --config=$(CURDIR)/jupyter/jupyter_server_config.py --ip=127.0.0.1 --port=$(LAB_PORT) \
	  --no-browser $$([ "$$(id -u)" = 0 ] && echo --allow-root) --ServerApp.root_dir=$(LAB_DIR)

environment.yml: requirements.txt src/aifigures/tools/environment.py ## regenerate environment.yml from requirements.txt
	$(PY) -m aifigures.tools.environment > $@

pdf: reports/report.pdf ## render reports/report.pdf with headless Chromium (print stylesheet)

# a desktop window: the page picks each chart at load, and headless Chromium's default 800 px
# window would pick the phone variant for print
reports/report.pdf: reports/report.html
	@command -v chromium >/dev/null || { echo "make pdf: Chromium is not installed (Debian: apt-get install chromium)"; exit 1; }
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --user-data-dir="$$(mktemp -d)" --no-pdf-header-footer \
	  --window-size=1280,1024 --print-to-pdf=$@.tmp file://$(CURDIR)/reports/report.html 2>/dev/null && mv $@.tmp $@

browser-check: reports/report.html ## open the report in headless Chromium (network blocked), check it, write reports/report.png
	$(PY) -m aifigures browser-check

check: $(STAMP) ## draft fact-check of an article: make check ARTICLE=path/to/article.txt [HTML=draft.html]
	@test -n "$(ARTICLE)" || { echo "make check: give the article, e.g. make check ARTICLE=data/articles/005_new.txt"; exit 1; }
	@$(PY) -m aifigures check $(if $(HTML),--html $(HTML)) $(ARTICLE)

bench: $(STAMP) ## measure build speed and the data layer at scale; writes reports/bench/bench.md and .csv
	$(PY) -m aifigures.tools.bench

bench-setup: $(STAMP) ## measure only the set-up (make venv in a fresh clone against plain pip); writes reports/bench/setup.md
	$(PY) -m aifigures.tools.bench setup

clean: ## remove build outputs (keeps .venv)
	rm -rf build reports/report.* reports/*.csv reports/*.json figures/*.png figures/*.svg

.PHONY: help venv validate report rebuild test lint lab pdf browser-check check bench bench-setup clean
