"""The command line's side of key safety: a damaged key file is named and can be put back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.backups import make_backup

PASSPHRASE = "a passphrase for the command line"
REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journal_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=REPO,
        timeout=60,
    )


def test_a_damaged_key_file_is_named_and_put_back_from_the_newest_backup(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        make_backup(vault)
    for name in ("journal.key", "journal.key.copy"):
        (folder / name).write_bytes(b"\x00" * 40)

    listing = run_cli("list", "--journal", str(folder), stdin=PASSPHRASE + "\n")
    assert listing.returncode == 4
    assert "damaged" in listing.stderr and "repair-key" in listing.stderr
    assert "didn't open" not in listing.stderr

    repaired = run_cli("repair-key", "--journal", str(folder), stdin=PASSPHRASE + "\n")
    assert repaired.returncode == 0, repaired.stderr
    assert "Put back the key file" in repaired.stdout
    assert run_cli("list", "--journal", str(folder), stdin=PASSPHRASE + "\n").returncode == 0
