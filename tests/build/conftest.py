"""The browser the browser tests share: one headless Chromium for the whole test session."""

from __future__ import annotations

import pytest

from aifigures.build.browser import find_chromium, launched


@pytest.fixture(scope="session")
def chromium():
    """One Chromium (a Playwright Browser), started when a test first asks for it and closed when
    the session ends; each test opens its own context in it (fresh cookies, storage, viewport,
    routes), so the tests stay apart while the browser starts once instead of once per test.

    While it lives, Playwright's sync API marks this thread as running its asyncio loop between
    calls, so `asyncio.run()` in the test process would refuse to start (nbclient's sync
    `execute()` copes: it runs its loop in a thread of its own then)."""
    if find_chromium() is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with launched() as browser:
        yield browser
