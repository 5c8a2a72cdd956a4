"""An open journal for the importer tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from journal_app.storage import MINIMUM_KDF, Vault


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Vault]:
    vault, _ = Vault.create(tmp_path / "journal", "import test passphrase", kdf=MINIMUM_KDF)
    with vault:
        yield vault
