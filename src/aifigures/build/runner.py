"""The build, start to end: check the inputs, hold the lock, validate the data and run the
judged-ledger step while the kernels warm up, execute the out-of-date notebooks, move their
outputs into place, export the report.

- The notebooks and the manifest of the last good build: build/notebooks.py (what is out of
  date: a notebook, the tables it declares in `aifigures.reads`, the dictionary, the rules or
  the package changed, compared by content hash).
- The kernel pool: build/kernels.py (a kernel is reset and reused for the next notebook;
  `--fresh-kernels` gives each notebook its own).
- The export: build/publish.py, build/export.py and build/claimreview.py.
- Outputs are staged and moved into place only when every notebook succeeded, so a failed or
  interrupted build leaves the last good report and figures as they were; one build runs at a
  time per build folder (a lock file), and a second one waits for it, then finds its work done.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from aifigures import config
from aifigures.build.kernels import BuildLoop, execute_all
from aifigures.build.notebooks import (
    MANIFEST,
    Notebook,
    Outcome,
    discover,
    input_files,
    load_manifest,
    promote,
    stale_notebooks,
    write_atomically,
)
from aifigures.build.publish import export_report, prepare_export
from aifigures.data.fingerprints import fingerprint
from aifigures.data.problems import DataError, display_path


def check_data(validate_first: bool = True, share_ledger: bool = True) -> list:
    """Validate the data; when it is valid and notebooks will run, compute the ledger they
    share (kept on disk, see cache.py). Runs in a thread while the kernels start."""
    from aifigures.data.validate import validate

    started = time.perf_counter()
    if validate_first:
        problems = validate().problems
        if problems:
            return problems
        print(f"build: data valid ({time.perf_counter() - started:.1f} s)", flush=True)
    if not share_ledger:
        return []
    try:
        from aifigures.data import ledger

        ledger.run()  # the judged ledger, saved for the notebooks and the export
    except Exception:  # noqa: BLE001 - the notebooks compute it again and report the error in context
        pass
    return []


def check_inputs() -> list:
    """Problems of the dictionary, the rules and every notebook, found before any kernel runs
    (a damaged rules file would otherwise fail every notebook with the same error)."""
    from aifigures.build.notebook_check import check_notebook
    from aifigures.data.dictionary import load_dictionary
    from aifigures.data.rules import load_rules

    problems, tables = [], None
    try:
        tables = set(load_dictionary().tables) | {"article_texts"}
    except DataError as err:
        problems += err.problems
    try:
        load_rules()
    except DataError as err:
        problems += err.problems
    for path in sorted(Path(config.NOTEBOOKS_DIR).glob("[0-9][0-9]-*.ipynb")):
        problems += check_notebook(path, tables)
    return problems


@contextlib.contextmanager
def one_build_at_a_time():
    """Hold build/.lock for the whole build. A second build (another terminal, `make report`
    during `make test`) says so and waits; it then finds the first one's work up to date.
    The lock goes with the process, however it ends."""
    config.BUILD_DIR.mkdir(parents=True, exist_ok=True)
    with open(config.BUILD_DIR / ".lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            print(f"build: another build is running (pid {holder}); waiting for it to finish...", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
            print("build: the other build has finished; going on", flush=True)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)


def build(jobs: int | None = None, force: bool = False, validate_first: bool = True, fresh_kernels: bool = False) -> int:
    """The whole build (`make report`): check the inputs, execute the notebooks that changed
    (all with `force`), export the report; 0 on success, 1 with the previous outputs untouched."""
    problems = check_inputs()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build: {len(problems)} input problem(s); the previous report and figures are unchanged", file=sys.stderr)
        return 1
    with one_build_at_a_time():
        return _build(jobs, force, validate_first, fresh_kernels)


def _build(jobs: int | None, force: bool, validate_first: bool, fresh_kernels: bool) -> int:
    started = time.perf_counter()
    notebooks = discover()
    if not notebooks:
        print(f"build: no notebooks found in {display_path(config.NOTEBOOKS_DIR)}", file=sys.stderr)
        return 1
    prints = {nb.name: fingerprint(input_files(nb)) for nb in notebooks}
    manifest = {} if force else load_manifest()
    todo = notebooks if force else stale_notebooks(notebooks, manifest, prints)
    jobs = max(1, jobs or os.cpu_count() or 1)
    staging_root = config.BUILD_DIR / "staging"
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=1) as background:  # one thread: the data first, then the exporter
        checked = background.submit(check_data, validate_first, share_ledger=bool(todo))
        exporter = background.submit(prepare_export) if todo else None
        if todo:
            print(f"build: executing {len(todo)} of {len(notebooks)} notebook(s), {min(jobs, len(todo))} at a time", flush=True)
            problems, outcomes = _run(todo, jobs, staging_root, fresh_kernels, checked)
        else:
            problems = checked.result()
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"build: {len(problems)} data problem(s); the previous report and figures are unchanged", file=sys.stderr)
            return 1
        if not todo and config.REPORT_FILE.exists():
            # inputs were touched but not changed: mark the report current so make stops asking
            os.utime(config.REPORT_FILE)
            print("build: everything is up to date")
            return 0
        failed = [o for o in outcomes if not o.ok]
        if failed:
            keep = config.BUILD_DIR / "failed"
            keep.mkdir(parents=True, exist_ok=True)
            for o in failed:
                kept = keep / f"{o.notebook.name}.ipynb"
                os.replace(o.staging / f"{o.notebook.name}.ipynb", kept)
                print(f"build: {display_path(o.notebook.path)}: {o.message}", file=sys.stderr)
                print(f"       the executed copy is kept for inspection: {display_path(kept)}", file=sys.stderr)
            logs = sorted(staging_root.glob("kernel-*.log"))
            if any(log.stat().st_size for log in logs):
                print(f"       the kernels' own output: {', '.join(display_path(log) for log in logs)}", file=sys.stderr)
            print("build: failed; the previous report and figures are unchanged", file=sys.stderr)
            return 1
        if outcomes:
            promote(outcomes, manifest, prints)
        exporting = time.perf_counter()
        path = export_report(notebooks, exporter.result() if exporter else None)
    print(f"build: report exported ({time.perf_counter() - exporting:.1f} s)", flush=True)
    write_atomically(config.BUILD_DIR / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    shutil.rmtree(staging_root, ignore_errors=True)
    print(f"build: wrote {display_path(path)} and {display_path(config.FIGURES_DIR)}/ in {time.perf_counter() - started:.1f} s")
    return 0


def _run(todo: list[Notebook], jobs: int, staging_root: Path, fresh_kernels: bool = False,
         checked: Future | None = None) -> tuple[list, list[Outcome]]:
    """Run the notebooks; an interrupt surfaces as KeyboardInterrupt once every kernel is down."""
    try:
        with asyncio.Runner(loop_factory=BuildLoop) as runner:
            return runner.run(execute_all(todo, jobs, staging_root, fresh_kernels, checked))
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None
