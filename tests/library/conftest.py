"""Fixtures for the library tests: fixture files, the bundled articles, an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_fakes import MemoryStore

from journal_app import paths


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def fixtures_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures" / "library"


@pytest.fixture
def bundled_dir() -> Path:
    return paths.resources_dir() / "articles"
