"""Imported at start-up by every Python with this folder on its PYTHONPATH (the shared build of
tests/conftest.py puts it there, so the build's kernels load it): records which files under the
folders of AIFIGURES_READS_WATCH each notebook opens, one path per line in
AIFIGURES_READS_DIR/<notebook>.txt. The notebook is the one AIFIGURES_NOTEBOOK names when the file
is opened: the build sets it in the kernel before each notebook (fresh_kernel.reset), and a reused
kernel forgets the aifigures modules and their caches then, so each notebook's reads all happen
again. Nothing here changes what a notebook does or writes."""

import os
import sys

_OUT = os.environ.get("AIFIGURES_READS_DIR", "")


def _install() -> None:
    watched = tuple(os.path.join(os.path.abspath(p), "") for p in os.environ.get("AIFIGURES_READS_WATCH", "").split(os.pathsep) if p)
    seen: set[tuple[str, str]] = set()
    busy = []  # writing the record opens a file too

    def opened(event, args):
        if event != "open" or busy or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        notebook = os.environ.get("AIFIGURES_NOTEBOOK", "")
        if not notebook:
            return
        path = os.path.abspath(os.fsdecode(args[0]))
        if not path.startswith(watched) or (notebook, path) in seen:
            return
        seen.add((notebook, path))
        busy.append(True)
        try:
            with open(os.path.join(_OUT, f"{notebook}.txt"), "a", encoding="utf-8") as record:
                record.write(path + "\n")
        finally:
            busy.clear()

    sys.addaudithook(opened)


if _OUT:
    _install()
