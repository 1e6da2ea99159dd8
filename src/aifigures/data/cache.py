"""Frames computed from the data, kept on disk between processes and keyed by content.

A build runs eight notebooks in two kernels, and most of them start from the same ledger
with its verdicts. The build computes it once, before the notebooks start, and each
notebook then loads it instead of computing it again. The key is a hash of the bytes of
every input (the tables it is computed from, the data dictionary and rules, the package's
source) and of the pandas and pyarrow versions, so an edit anywhere computes it afresh;
an entry that cannot be read is computed again, never trusted.

Entries are pickles in build/cache/, written by this project for this project (the same
trust as its code). functools and joblib cache by arguments or by function code; neither
knows the data files, hence these few lines.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow

from aifigures import config
from aifigures.data.fingerprints import data_files, fingerprint, package_files


def cache_dir() -> Path:
    """The folder of the cached frames: build/cache/."""
    return config.BUILD_DIR / "cache"


def input_key(names: list[str]) -> str:
    """Fingerprint of the named tables, the dictionary, the rules, the package and the library versions."""
    versions = f"pandas {pd.__version__} pyarrow {pyarrow.__version__}"
    return fingerprint([*data_files(names), *package_files()], salt=versions)[:20]


def cached_frame(name: str, reads: list[str], compute) -> pd.DataFrame:
    """compute(), or the frame it gave last time for the same inputs.

    `reads` names every table compute() loads (the step declares its own inputs); the key is
    their fingerprint."""
    path = cache_dir() / f"{name}-{input_key(reads)}.pkl"
    try:
        with path.open("rb") as fh:
            frame = pickle.load(fh)
        if isinstance(frame, pd.DataFrame):
            return frame
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        pass  # absent, half-written by a killed process, or from other library versions
    frame = compute()
    _write(path, frame)
    return frame


def _write(path: Path, frame: pd.DataFrame) -> None:
    """Atomically (two kernels may write the same entry), dropping older entries of the name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", delete=False) as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        stem = path.stem.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs speed, not results
