"""The kernel pool: notebooks executed with nbclient on `jobs` kernels at a time, each kernel
reset and reused for the next notebook (start-up and imports paid once per kernel), a failed
one replaced, an interrupt shutting every kernel down."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import Future
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
from aifigures.build.notebooks import Notebook, Outcome  # noqa: E402

CELL_TIMEOUT = 600
STARTUP_TIMEOUT = 60


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
    """The environment a notebook runs in: where its charts go and its name."""
    return {
        "AIFIGURES_FIGURES_DIR": str(staging / "figures"),
        "AIFIGURES_NOTEBOOK": nb.name,
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
WARM_IMPORTS = ("import " + ", ".join([
    "aifigures.views.report_tables",
    "aifigures.views.charts",
    "aifigures.tools.coverage",
    "aifigures.views.chart_export",
    "aifigures.views.markup",
]))


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
    nbformat.write(notebook, staging / f"{nb.name}.ipynb")
    status = "ok" if ok else "FAILED"
    print(f"  {nb.name:<28} {status:<7} {seconds:6.1f} s", flush=True)
    return Outcome(nb, ok, seconds, staging, message), reusable


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


class BuildLoop(asyncio.SelectorEventLoop):
    """An event loop whose SIGINT/SIGTERM handlers, once set by the build, stay set.

    nbclient installs its own handlers per notebook, each replacing the last, which
    shut down only the kernel of the notebook started last and let the build go on.
    It ignores the RuntimeError this loop raises (as it does off the main thread).
    """

    signals_locked = False

    def add_signal_handler(self, sig, callback, *args):
        """asyncio's, refused once the build has set its own handlers."""
        if self.signals_locked:
            raise RuntimeError("SIGINT and SIGTERM are handled by the aifigures build")
        return super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig):
        """asyncio's, a no-op once the build has set its own handlers."""
        if self.signals_locked:
            return False
        return super().remove_signal_handler(sig)
