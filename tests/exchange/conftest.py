"""Fixtures for the export tests: an open journal holding a realistic month of entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_samples import FakeCatalog, fill_month

from journal_app.domain import Entry
from journal_app.storage import MINIMUM_KDF, Vault


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened, _recovery = Vault.create(tmp_path / "journal", "pw", kdf=MINIMUM_KDF)
    yield opened
    opened.close()


@pytest.fixture
def month(vault: Vault) -> dict[str, Entry]:
    return fill_month(vault)


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
