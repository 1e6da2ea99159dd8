"""The build: validate, execute out-of-date notebooks in parallel, export the report.

- One Python process runs every notebook with nbclient on `jobs` kernels at a time; a
  kernel is reset and reused for the next notebook, so start-up and imports are paid once
  per kernel (`--fresh-kernels` gives each notebook its own).
- A notebook is re-executed only when one of its inputs changed: the notebook, the
  data tables it declares in its metadata (`aifigures.reads`), the data dictionary,
  or the package. Inputs are compared by content hash (a fresh clone has new mtimes).
- Outputs are staged and moved into place only when every notebook succeeded, so a
  failed or interrupted build leaves the last good report and figures as they were.
- The inputs that are not tables (the notebooks, the dictionary, the rules) are checked
  before any kernel starts; one build runs at a time per build folder (a lock file), a
  second one waits for it and then finds its work done.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# nbformat imports jsonschema, which imports rfc3987_syntax if installed (jupyter-events pulls it
# in); that module compiles a grammar for about 3 s at import, only to check IRI formats, which
# notebooks do not use. A None entry makes the import fail fast and jsonschema skips the format.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, DeadKernelError  # noqa: E402

from aifigures import config  # noqa: E402
from aifigures.data.inputs import data_files, fingerprint, package_files  # noqa: E402
from aifigures.data.problems import DataError, display_path  # noqa: E402

MANIFEST = "manifest.json"
CELL_TIMEOUT = 600
STARTUP_TIMEOUT = 60


@dataclass
class Notebook:
    path: Path
    reads: list[str]

    @property
    def name(self) -> str:
        """The notebook's file name without .ipynb ("03-pricing")."""
        return self.path.stem


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


# --------------------------------------------------------------------------- execution

@dataclass
class Outcome:
    notebook: Notebook
    ok: bool
    seconds: float
    staging: Path
    message: str = ""


def kernel_env() -> dict[str, str]:
    """The environment a build kernel starts with; each notebook's own variables are set by
    `fresh_state_code` before it runs, as one kernel may run several notebooks."""
    env = dict(os.environ)
    env.update({
        "AIFIGURES_ROOT": str(config.PROJECT_ROOT),
        "AIFIGURES_DATA_DIR": str(config.DATA_DIR),
        "ARTICLES_DIR": str(config.ARTICLES_DIR),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(config.PROJECT_ROOT / "src"), env.get("PYTHONPATH", "")])),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    env.pop("MPLBACKEND", None)  # an exported Agg backend would leave executed notebooks without figures
    return env


def notebook_env(nb: Notebook, staging: Path) -> dict[str, str]:
    """The environment a notebook runs in: where its charts go, its name, where it logs the tables it reads."""
    return {
        "AIFIGURES_FIGURES_DIR": str(staging / "figures"),
        "AIFIGURES_NOTEBOOK": nb.name,
        "AIFIGURES_READS_LOG": str(staging / "reads.log"),
    }


def fresh_state_code(nb: Notebook, staging: Path) -> str:
    """Code run silently in a kernel before each notebook (see fresh_kernel.py)."""
    return (f"import aifigures.build.fresh_kernel\n"
            f"aifigures.build.fresh_kernel.reset({notebook_env(nb, staging)!r}, {str(nb.path.parent)!r})\n")


def kernel_manager() -> tuple[AsyncKernelManager, str]:
    """A kernel on IPC sockets in a private folder: reachable from this machine only, and no
    "TCP without encryption" warning. The path must be absolute and short."""
    sockets = tempfile.mkdtemp(prefix="aifk-")
    return AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel")), sockets


KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]  # many kernels at once would lock its database
# what the notebooks' first cells import: the aifigures modules pull in pandas, pyarrow,
# matplotlib (Agg, as a notebook sets it) and seaborn
WARM_IMPORTS = "import aifigures.views.analysis, aifigures.views.charts, aifigures.tools.coverage, aifigures.views.plots, aifigures.views.show"


def new_client(notebook, km: AsyncKernelManager, cwd: Path) -> NotebookClient:
    """An nbclient for `notebook` on the kernel `km`, run in `cwd`."""
    return NotebookClient(
        notebook,
        km=km,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        record_timing=False,  # timings would make every rebuild differ
        resources={"metadata": {"path": str(cwd)}},
        extra_arguments=KERNEL_ARGUMENTS,
    )


class Kernel:
    """One build kernel: started once, reused for notebook after notebook."""

    def __init__(self, log: Path):
        self.km, self._sockets = kernel_manager()
        self._log = log.open("a")  # the kernel's own output, kept off the console
        self.failed: _KernelNotStarted | None = None
        self.kc = None

    async def start(self) -> None:
        """Start the kernel and connect one client, kept for every notebook it runs: a new
        client waits at least 0.2 s for its channels to settle (jupyter_client)."""
        try:
            await self.km.start_kernel(extra_arguments=KERNEL_ARGUMENTS, env=kernel_env(),
                                       cwd=str(config.NOTEBOOKS_DIR), stdout=self._log, stderr=self._log)
            self.kc = self.km.client()
            self.kc.start_channels()
            await self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
            self.kc.allow_stdin = False
        except Exception as err:  # ipykernel missing, a broken kernelspec, no sockets
            self.failed = _KernelNotStarted(f"{type(err).__name__}: {err}")
            raise self.failed from err

    def client(self, notebook, cwd: Path) -> NotebookClient:
        """An nbclient for `notebook` on this kernel's connected client."""
        client = new_client(notebook, self.km, cwd)
        client.kc = self.kc
        return client

    async def warm(self, imports: bool = True) -> None:
        """Start the kernel and import what every notebook imports (the reset before each
        notebook keeps third-party modules), while the build checks the data. A failure here
        is left for the first notebook to meet and report."""
        try:
            await self.start()
            if not imports:
                return
            warmup = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WARM_IMPORTS)])
            await self.client(warmup, config.NOTEBOOKS_DIR).async_execute()
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - reported by execute_one, with the notebook it hit
            pass

    async def shutdown(self) -> None:
        """Stop the client's channels, kill the kernel, close its log and remove its sockets."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        finally:
            self._log.close()
            shutil.rmtree(self._sockets, ignore_errors=True)


class _FreshStateFailed(Exception):
    pass


class _KernelNotStarted(Exception):
    pass


async def _prepare(client: NotebookClient, code: str) -> None:
    """Run `code` silently (no output, no execution count) before the notebook's cells."""
    reply = await client.async_wait_for_reply(client.kc.execute(code, silent=True))
    content = (reply or {}).get("content", {})
    if content.get("status") != "ok":
        raise _FreshStateFailed(f"{content.get('ename')}: {content.get('evalue')}")


async def execute_one(nb: Notebook, kernel: Kernel, staging_root: Path) -> tuple[Outcome, bool]:
    """Run one notebook in `kernel`; also say whether the kernel may run another one."""
    staging = staging_root / nb.name
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "figures").mkdir(parents=True)
    notebook = nbformat.read(nb.path, as_version=4)
    start = time.perf_counter()
    reusable = False
    try:
        if kernel.failed:
            raise kernel.failed
        if not kernel.km.has_kernel:
            await kernel.start()
        client = kernel.client(notebook, nb.path.parent)
        await _prepare(client, fresh_state_code(nb, staging))
        await client.async_execute()
        ok, message, reusable = True, "", True
    except _KernelNotStarted as err:
        ok, message = False, f"the kernel could not start: {err}"
    except CellExecutionError as err:
        ok, message = False, _cell_error(notebook, err)
    except DeadKernelError as err:
        ok, message = False, f"the kernel died: {err}"
    except _FreshStateFailed as err:
        ok, message = False, f"the kernel could not be reset for it: {err}"
    except asyncio.CancelledError:
        raise
    except Exception as err:  # a timeout, anything else: report, never hide
        ok, message = False, f"{type(err).__name__}: {err}"
    seconds = time.perf_counter() - start
    if ok:
        undeclared = sorted(read_tables(staging) - set(nb.reads))
        if undeclared:
            ok, message = False, (f"reads {', '.join(undeclared)} but its metadata declares only "
                                  f"{', '.join(nb.reads) or 'nothing'}; add them to metadata.aifigures.reads "
                                  "so that a change to them re-executes it")
    nbformat.write(notebook, staging / f"{nb.name}.ipynb")
    status = "ok" if ok else "FAILED"
    print(f"  {nb.name:<28} {status:<7} {seconds:6.1f} s", flush=True)
    return Outcome(nb, ok, seconds, staging, message), reusable


def read_tables(staging: Path) -> set[str]:
    """The tables a notebook read while it ran, from its reads log in `staging`."""
    log = staging / "reads.log"
    return set(log.read_text(encoding="utf-8").split()) if log.exists() else set()


def _cell_error(notebook, err: CellExecutionError) -> str:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {index + 1} ({first_line[:60]!r}) raised {output.get('ename')}: {output.get('evalue')}"
    return str(err).strip().splitlines()[-1]


async def execute_all(notebooks: list[Notebook], jobs: int, staging_root: Path, fresh_kernels: bool = False,
                      prepared: Future | None = None) -> tuple[list, list[Outcome]]:
    """Run the notebooks on `jobs` kernels, each taking the next notebook when it is free.

    A kernel runs notebook after notebook (reset in between, see `fresh_state_code`), so
    kernel start-up and library imports are paid once per kernel, not once per notebook.
    The kernels start and import while `prepared` (validation and shared computations, in a
    thread) completes; if it gives problems, no notebook runs and they are returned instead.
    A kernel whose notebook failed is replaced; `fresh_kernels` gives every notebook its
    own. An interrupt cancels the workers, and each shuts its kernel down.
    """
    loop = asyncio.get_running_loop()
    interrupted = asyncio.Event()
    queue = list(notebooks)
    outcomes: dict[str, Outcome] = {}
    workers: list[asyncio.Task] = []
    async def data_problems() -> list:
        return await asyncio.shield(asyncio.wrap_future(prepared)) if prepared is not None else []

    async def worker(slot: int) -> None:
        log = staging_root / f"kernel-{slot}.log"
        kernel = Kernel(log)
        warming = None
        try:
            # warm the kernel while the data is checked; bad data stops the warm-up at once
            warming = asyncio.ensure_future(kernel.warm(imports=not fresh_kernels))
            checking = asyncio.ensure_future(data_problems())
            await asyncio.wait({warming, checking}, return_when=asyncio.FIRST_COMPLETED)
            if checking.done() and checking.result():
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
                return  # the data has problems: no notebook runs
            await warming
            if await checking:
                return  # the data has problems: no notebook runs
            while queue:
                nb = queue.pop(0)
                if kernel is None:
                    kernel = Kernel(log)  # started by execute_one
                outcomes[nb.name], reusable = await execute_one(nb, kernel, staging_root)
                if interrupted.is_set():
                    # nbclient reports a cancelled cell as a dead kernel: it was us, not the notebook
                    raise asyncio.CancelledError
                if fresh_kernels or not reusable:
                    await kernel.shutdown()
                    kernel = None
        finally:
            if warming is not None and not warming.done():  # interrupted while warming
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await warming
            if kernel is not None:
                await asyncio.shield(kernel.shutdown())

    def interrupt() -> None:
        interrupted.set()
        for task in workers:
            task.cancel()

    def quiet_when_interrupted(loop, context) -> None:
        # nbclient's kernel-alive poller fails noisily once we have shut its kernel down
        if not interrupted.is_set():
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet_when_interrupted)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, interrupt)
    loop.signals_locked = True
    staging_root.mkdir(parents=True, exist_ok=True)
    try:
        workers.extend(asyncio.ensure_future(worker(slot)) for slot in range(min(jobs, len(notebooks))))
        results = await asyncio.gather(*workers, return_exceptions=True)
        problems = await data_problems()
    finally:
        loop.signals_locked = False
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    if interrupted.is_set():
        raise asyncio.CancelledError
    for result in results:
        if isinstance(result, BaseException):
            raise result
    if problems:
        return problems, []
    return [], [outcomes[nb.name] for nb in notebooks]


class _BuildLoop(asyncio.SelectorEventLoop):
    """An event loop whose SIGINT/SIGTERM handlers, once set by the build, stay set.

    nbclient installs its own handlers per notebook, each replacing the last, which
    shut down only the kernel of the notebook started last and let the build go on.
    It ignores the RuntimeError this loop raises (as it does off the main thread).
    """

    signals_locked = False

    def add_signal_handler(self, sig, callback, *args):
        if self.signals_locked:
            raise RuntimeError("SIGINT and SIGTERM are handled by the aifigures build")
        return super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig):
        if self.signals_locked:
            return False
        return super().remove_signal_handler(sig)


# --------------------------------------------------------------------------- commit

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
        for fig in figures:
            (config.FIGURES_DIR / fig).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / fig, config.FIGURES_DIR / fig)
        os.replace(outcome.staging / f"{name}.ipynb", config.EXECUTED_DIR / f"{name}.ipynb")
        # the inputs as they were when execution started, so an edit made meanwhile still counts
        entries[name] = {"inputs": prints[name], "figures": [fig.as_posix() for fig in figures]}


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def data_last_changed() -> dt.date:
    """Date of the last commit that touched data/ (stable across clones), else today."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data"], cwd=config.PROJECT_ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
        return dt.date.fromisoformat(out)
    except (OSError, ValueError, subprocess.SubprocessError):
        return dt.date.today()


def prepare_export():
    """The report's exporter, warmed up (done while notebooks execute)."""
    from aifigures.build.export import warmed_exporter

    return warmed_exporter()


def export_report(notebooks: list[Notebook], exporter=None) -> Path:
    """Merge the executed notebooks into reports/report.html, with its ClaimReview and the tidy
    downloads beside it; every file is written only once all of them are made."""
    from aifigures.build.export import merge_notebooks, render_html, title_markdown
    from aifigures.data.tables import load
    from aifigures.views.analysis import tidy_downloads

    executed = [config.EXECUTED_DIR / f"{nb.name}.ipynb" for nb in notebooks]
    arts = load("articles")
    articles = [(a, f"{t}, {o}, {d}") for a, t, o, d in zip(arts["article_id"], arts["title"], arts["outlet"], arts["published_date"])]
    downloads = tidy_downloads()
    merged = merge_notebooks(executed, title_markdown(data_last_changed(), articles, downloads))
    html_text = render_html(merged, "Figures of the AI race, 2024-2025", exporter)
    # every checked claim as schema.org ClaimReview, in the report's <head> and beside it;
    # made before any file is written, so a failure leaves the previous outputs as they were
    from aifigures.build import claimreview

    reviews = claimreview.claim_reviews()
    html_text = claimreview.embed(html_text, reviews)
    write_atomically(config.REPORTS_DIR / claimreview.FILE_NAME, claimreview.to_json(reviews))
    for name, data in downloads.items():  # the same tidy files next to the report
        write_atomically(config.REPORTS_DIR / name, data.decode("utf-8"))
    write_atomically(config.REPORT_FILE, html_text)
    return config.REPORT_FILE


# --------------------------------------------------------------------------- entry point

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
        with asyncio.Runner(loop_factory=_BuildLoop) as runner:
            return runner.run(execute_all(todo, jobs, staging_root, fresh_kernels, checked))
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None
