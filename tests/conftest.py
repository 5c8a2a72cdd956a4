"""Shared test setup: headless Qt, isolated app folders, fast-but-valid key derivation."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Keep every test away from the real user's data, settings and logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JOURNAL_APP_HOME", str(home))
    yield home
