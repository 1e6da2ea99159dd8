"""Run inside a build kernel before each notebook: make a kernel that has already run other
notebooks start this one as a new kernel would.

Third-party modules stay imported (that is the time saved by reusing kernels); everything
a notebook can observe is put back: its environment and working folder, the aifigures
modules (forgotten, so their caches and the paths config read go with them), matplotlib's
figures, settings and backend, the warnings' "already shown" registry, and the user's
namespace with the execution counter. tests/build/test_kernels.py checks each of these.
"""

from __future__ import annotations

import os
import sys
import warnings

INLINE = "module://matplotlib_inline.backend_inline"


def reset(env: dict[str, str], cwd: str) -> None:
    """Ready this kernel for the next notebook as a new kernel would start it: `env` set, `cwd` entered,
    the aifigures modules forgotten, matplotlib, the warnings' registry and the user's namespace reset."""
    from IPython import get_ipython

    shell = get_ipython()
    os.environ.update(env)
    os.chdir(cwd)
    _reset_matplotlib(shell)
    filters = warnings.filters[:]
    warnings.resetwarnings()  # also empties every module's "already warned" registry
    warnings.filters[:] = filters
    for name in [m for m in sys.modules if m == "aifigures" or m.startswith("aifigures.")]:
        del sys.modules[name]
    shell.reset(new_session=True)


def _reset_matplotlib(shell) -> None:
    if "matplotlib" not in sys.modules:
        return
    import matplotlib

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    matplotlib.rc_file_defaults()  # keeps the backend, restored next
    backend = os.environ.get("MPLBACKEND")  # the kernel's own: inline under ipykernel
    if backend and matplotlib.get_backend() != backend:
        matplotlib.use(backend)
        if backend == INLINE and "matplotlib.pyplot" in sys.modules:
            # what importing pyplot under the inline backend does in a new kernel
            from matplotlib_inline.backend_inline import configure_inline_support

            configure_inline_support(shell, backend)
