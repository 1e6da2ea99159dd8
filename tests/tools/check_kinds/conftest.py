"""The checker the kind tests share: one per worker (building it reads the reference once)."""

from __future__ import annotations

import pytest

from aifigures.tools.check import Checker


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()
