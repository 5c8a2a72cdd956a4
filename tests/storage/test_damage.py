"""Damaged journals: a flipped byte and a truncation are caught, reported, and never touched."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from journal_app.cli import EXIT_DAMAGED, EXIT_OK, EXIT_WRONG_PASSPHRASE, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, DamagedJournal, Vault
from journal_app.storage.backups import list_backups, make_backup
from journal_app.storage.maintenance import after_unlock
from journal_app.storage.recovery import check_journal_folder
from journal_app.storage.restore import restore

PASSPHRASE = "correct horse battery staple"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def journal_with_backup(tmp_path: Path) -> Path:
    """A closed journal of 300 entries (a few hundred KiB) with one good backup."""
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(300):
                vault.entries.add(
                    Entry.new(EntryKind.REFLECTION, title=f"day {n}", body="words " * 100)
                )
        make_backup(vault)
    return folder


def flip_byte(database: Path, position: int) -> None:
    with open(database, "r+b") as handle:
        handle.seek(position)
        value = handle.read(1)[0]
        handle.seek(position)
        handle.write(bytes([value ^ 0x01]))


def run_cli(*arguments: str, stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), Console(io.StringIO(stdin), out, err))
    return code, out.getvalue(), err.getvalue()


def test_a_healthy_journal_passes_the_check(journal_with_backup: Path) -> None:
    assert check_journal_folder(journal_with_backup, PASSPHRASE) == []
    code, out, err = run_cli("check", "--journal", str(journal_with_backup))
    assert (code, err) == (EXIT_OK, "")
    assert "healthy" in out


def test_one_flipped_byte_deep_inside_is_caught_and_left_untouched(
    journal_with_backup: Path,
) -> None:
    database = journal_with_backup / "journal.db"
    size = database.stat().st_size
    assert size > 100_000
    flip_byte(database, size * 2 // 3)
    before = digest(database)

    problems = check_journal_folder(journal_with_backup, PASSPHRASE)
    assert problems and any("hmac" in p.lower() or "page" in p.lower() for p in problems)

    code, out, err = run_cli("check", "--journal", str(journal_with_backup))
    assert code == EXIT_DAMAGED
    assert "is damaged" in err and "It was not changed" in err
    assert "journal-app restore --journal" in err  # names the newest good backup
    assert "words" not in err + out  # no journal text in messages

    # Unlocking still works (only one page is bad); the background check finds the damage and
    # nothing is written: no backup of the damaged journal, no Trash purge.
    backups_before = list_backups(journal_with_backup)
    with Vault.open(journal_with_backup, PASSPHRASE) as vault:
        report = after_unlock(vault)
        assert not report.healthy and report.backup is None
    assert list_backups(journal_with_backup) == backups_before
    assert digest(database) == before
    assert not (journal_with_backup / "journal.db-wal").exists()

    # The damaged file is kept byte for byte in the safety copy when the backup is restored.
    result = restore(journal_with_backup, backups_before[0].path, PASSPHRASE)
    assert result.entry_count == 300
    assert result.safety_copy is not None
    assert digest(result.safety_copy / "journal.db") == before
    assert check_journal_folder(journal_with_backup, PASSPHRASE) == []
    with Vault.open(journal_with_backup, PASSPHRASE) as vault:
        assert vault.entries.count() == 300


@pytest.mark.parametrize("keep", ["half", "page boundary", "one byte short"])
def test_truncation_is_caught_and_left_untouched(journal_with_backup: Path, keep: str) -> None:
    database = journal_with_backup / "journal.db"
    size = database.stat().st_size
    new_size = {"half": size // 2, "page boundary": size - 4096, "one byte short": size - 1}[keep]
    with open(database, "r+b") as handle:
        handle.truncate(new_size)
    before = digest(database)

    with pytest.raises(DamagedJournal):
        Vault.open(journal_with_backup, PASSPHRASE)
    problems = check_journal_folder(journal_with_backup, PASSPHRASE)
    assert problems
    code, _out, err = run_cli("check", "--journal", str(journal_with_backup))
    assert code == EXIT_DAMAGED and "is damaged" in err
    assert digest(database) == before


def test_check_with_a_wrong_passphrase_says_so(journal_with_backup: Path) -> None:
    code, _out, err = run_cli("check", "--journal", str(journal_with_backup), stdin="nope\n")
    assert code == EXIT_WRONG_PASSPHRASE and "passphrase" in err


def test_a_garbage_database_is_reported_not_replaced(journal_with_backup: Path) -> None:
    database = journal_with_backup / "journal.db"
    database.write_bytes(b"\0" * 8192)
    before = digest(database)
    with pytest.raises(DamagedJournal):
        Vault.open(journal_with_backup, PASSPHRASE)
    assert check_journal_folder(journal_with_backup, PASSPHRASE)
    assert digest(database) == before


def test_backup_and_restore_commands(journal_with_backup: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "usb"
    code, out, err = run_cli("backup", "--journal", str(journal_with_backup), "--out", str(out_dir))
    assert code == EXIT_OK, err
    assert "300 entries" in out
    (backup,) = list(out_dir.iterdir())

    code, out, err = run_cli("backups", "--journal", str(journal_with_backup))
    assert code == EXIT_OK, err
    assert "300 entries" in out

    flip_byte(journal_with_backup / "journal.db", 200_000)
    code, out, err = run_cli("restore", "--journal", str(journal_with_backup), str(backup))
    assert code == EXIT_OK, err
    assert "Restored 300 entries" in out and "kept in" in out
    code, _out, _err = run_cli("check", "--journal", str(journal_with_backup))
    assert code == EXIT_OK
