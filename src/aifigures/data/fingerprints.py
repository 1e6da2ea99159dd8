"""What a computation depends on, as files, and one fingerprint of their contents.

The build compares a notebook's fingerprint with the one recorded when it last ran; the
ledger cache keys its entries by one. Contents, not times: a fresh clone has new file
times but the same inputs. Imports nothing heavy, so the build can use it before pandas.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aifigures import config
from aifigures.data.dictionary import load_dictionary


def package_files() -> list[Path]:
    """The package's source: code, templates, styles."""
    root = Path(__file__).resolve().parents[1]  # the whole package, not just this layer
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json"})


def data_files(tables: list[str]) -> list[Path]:
    """The dictionary and rules every table read goes through, then the named tables' files."""
    known = load_dictionary().tables
    return [config.DICTIONARY_FILE, config.DATA_DIR / "rules.yml",
            *(config.DATA_DIR / known[name].file for name in tables if name in known)]


def fingerprint(paths: list[Path], salt: str = "") -> str:
    """SHA-256 (hex) of `salt`, then of each path (relative to the project where inside it) and its
    bytes; an absent file counts as '<missing>'."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(str(path.relative_to(config.PROJECT_ROOT) if path.is_relative_to(config.PROJECT_ROOT) else path).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()
