"""environment.yml for conda users, generated from requirements.txt (the one list of pins)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from aifigures import config

HEADER = "# Generated from requirements.txt by `make environment.yml`; do not edit by hand.\n"


def pins(requirements: Path) -> list[str]:
    """The requirement lines of the file, comments and blank lines left out."""
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def render(requirements: Path) -> str:
    """environment.yml for conda: Python 3.11 and pip from conda-forge, then the editable install and the
    pins of `requirements` through pip."""
    body = "\n".join(f"      - {pin}" for pin in pins(requirements))
    return (f"{HEADER}name: aifigures\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n"
            f"  - pip:\n      - -e .\n{body}\n")


def parse_environment(text: str) -> list[str]:
    """The pip pins listed in an environment.yml (excluding the editable install)."""
    return [m.group(1) for m in re.finditer(r"^\s+- (\S+==\S+)\s*$", text, re.M)]


if __name__ == "__main__":
    sys.stdout.write(render(config.PROJECT_ROOT / "requirements.txt"))
