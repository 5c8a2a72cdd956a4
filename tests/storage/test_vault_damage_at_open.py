"""A database file that is not a whole journal of ours never opens, and is never written to.

SQLite reads a file shorter than one page as an empty database, so without these checks a
truncated ``journal.db`` would open as a new, empty, "healthy" journal and have migrations and
backups written over it. After damage is found in a session, every write is refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import DamagedJournal, Vault
from journal_app.storage.connection import PAGE_SIZE, open_keyed
from journal_app.storage.keyfile import KeyFile

Snapshot = Callable[[Path], dict[str, str]]
CreatedJournal = Any  # conftest.CreatedJournal: folder, passphrase, recovery_key


def _data_files(snapshot: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in snapshot.items() if name != "journal.lock"}


@pytest.fixture
def journal_with_entries(closed_journal: CreatedJournal) -> tuple[CreatedJournal, bytes]:
    """A closed journal of a few dozen pages, and its database's bytes."""
    with Vault.open_with_recovery_key(closed_journal.folder, closed_journal.recovery_key) as vault:
        with vault.bulk():
            for number in range(60):
                vault.entries.add(
                    Entry.new(EntryKind.REFLECTION, title=f"day {number}", body="words " * 150)
                )
    database = (closed_journal.folder / "journal.db").read_bytes()
    assert len(database) % PAGE_SIZE == 0 and len(database) >= 10 * PAGE_SIZE
    return closed_journal, database


def _refused_untouched(journal: CreatedJournal, snapshot: Snapshot) -> None:
    before = _data_files(snapshot(journal.folder))
    with pytest.raises(DamagedJournal):
        Vault.open_with_recovery_key(journal.folder, journal.recovery_key)
    assert _data_files(snapshot(journal.folder)) == before


def test_every_size_up_to_one_page_is_refused_and_left_untouched(
    journal_with_entries: tuple[CreatedJournal, bytes], folder_snapshot: Snapshot
) -> None:
    journal, whole = journal_with_entries
    database = journal.folder / "journal.db"
    key = (journal.folder / "journal.key").read_bytes()
    for size in range(PAGE_SIZE + 1):
        database.write_bytes(whole[:size])  # at PAGE_SIZE: the first page of a longer journal
        with pytest.raises(DamagedJournal):
            Vault.open_with_recovery_key(journal.folder, journal.recovery_key)
        assert database.read_bytes() == whole[:size], size
        assert (journal.folder / "journal.key").read_bytes() == key
        names = {path.name for path in journal.folder.iterdir()} - {"journal.sequence"}
        assert sorted(names) in (
            ["journal.db", "journal.key"],
            ["journal.db", "journal.key", "journal.lock"],
            ["journal.db", "journal.key", "journal.key.copy", "journal.lock"],
        ), size


def test_every_cut_at_or_between_page_boundaries_is_refused(
    journal_with_entries: tuple[CreatedJournal, bytes], folder_snapshot: Snapshot
) -> None:
    journal, whole = journal_with_entries
    database = journal.folder / "journal.db"
    pages = len(whole) // PAGE_SIZE
    cuts = sorted(
        {pages_kept * PAGE_SIZE for pages_kept in range(1, pages)}
        | {
            pages_kept * PAGE_SIZE + offset
            for pages_kept in (1, 2, pages - 1)
            for offset in (1, 17)
        }
        | {len(whole) - 1}
    )
    for cut in cuts:
        database.write_bytes(whole[:cut])
        _refused_untouched(journal, folder_snapshot)


def test_the_untruncated_journal_still_opens(
    journal_with_entries: tuple[CreatedJournal, bytes],
) -> None:
    journal, _whole = journal_with_entries
    with Vault.open_with_recovery_key(journal.folder, journal.recovery_key) as vault:
        assert vault.entries.count() == 60


def _master_key(journal: CreatedJournal) -> bytes:
    return KeyFile.read(journal.folder / "journal.key").unlock_with_recovery_key(
        journal.recovery_key
    )


@pytest.mark.parametrize("user_version", [0, 2])
def test_a_keyed_database_without_our_schema_is_not_a_journal(
    closed_journal: CreatedJournal, folder_snapshot: Snapshot, user_version: int
) -> None:
    """Right key, whole pages, but no journal in it: never migrated into one."""
    database = closed_journal.folder / "journal.db"
    database.unlink()
    connection = open_keyed(str(database), _master_key(closed_journal))
    connection.execute("CREATE TABLE something_else (x)")
    connection.execute("INSERT INTO something_else VALUES ('kept as it is')")
    connection.execute(f"PRAGMA user_version = {user_version}")
    connection.close()
    _refused_untouched(closed_journal, folder_snapshot)
    assert not (closed_journal.folder / "backups").exists()


def test_a_foreign_file_of_whole_pages_is_refused(
    closed_journal: CreatedJournal, folder_snapshot: Snapshot
) -> None:
    (closed_journal.folder / "journal.db").write_bytes(bytes(range(256)) * (3 * PAGE_SIZE // 256))
    _refused_untouched(closed_journal, folder_snapshot)


def test_a_new_journal_is_complete_in_its_database_file(journal_dir: Path) -> None:
    """``create`` leaves nothing only in the WAL, so a crash right after it still opens."""
    from journal_app.storage import MINIMUM_KDF

    vault, recovery_key = Vault.create(journal_dir, "a passphrase", kdf=MINIMUM_KDF)
    try:
        copy = journal_dir.parent / "copy"
        copy.mkdir()
        for name in ("journal.db", "journal.key"):  # what a kill -9 now would leave, minus -wal
            shutil.copyfile(journal_dir / name, copy / name)
    finally:
        vault.close()
    with Vault.open_with_recovery_key(copy, recovery_key) as reopened:
        assert reopened.entries.count() == 0


# ------------------------------------------------------------------ damage found in a session


def _spoil_the_second_half(database: Path, whole: bytes) -> None:
    """Flip a bit in each page of the second half (entry data; the schema stays readable)."""
    spoiled = bytearray(whole)
    pages = len(whole) // PAGE_SIZE
    for page in range(pages // 2, pages):
        spoiled[page * PAGE_SIZE + 100] ^= 0x01
    database.write_bytes(bytes(spoiled))


def test_writes_are_refused_after_a_read_finds_damage(
    journal_with_entries: tuple[CreatedJournal, bytes], folder_snapshot: Snapshot
) -> None:
    journal, whole = journal_with_entries
    database = journal.folder / "journal.db"
    _spoil_the_second_half(database, whole)
    spoiled = database.read_bytes()
    with Vault.open_with_recovery_key(journal.folder, journal.recovery_key) as vault:
        assert not vault.damage_seen
        with pytest.raises(DamagedJournal):
            for summary in vault.entries.summaries(limit=1000):
                vault.entries.get(summary.id)
        assert vault.damage_seen
        for write in (
            lambda: vault.entries.add(Entry.new(EntryKind.REFLECTION, title="more")),
            lambda: vault.drafts.save("new:x", {"body": "typing"}),
            lambda: vault.articles.save("slug", "document"),
        ):
            with pytest.raises(DamagedJournal, match="nothing more is written"):
                write()
    assert database.read_bytes() == spoiled


def test_writes_are_refused_after_the_health_check_finds_damage(
    journal_with_entries: tuple[CreatedJournal, bytes],
) -> None:
    journal, whole = journal_with_entries
    _spoil_the_second_half(journal.folder / "journal.db", whole)
    with Vault.open_with_recovery_key(journal.folder, journal.recovery_key) as vault:
        assert vault.integrity_problems() != []
        with pytest.raises(DamagedJournal, match="nothing more is written"):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title="more"))


def test_a_healthy_check_leaves_writes_alone(vault: Vault) -> None:
    assert vault.integrity_problems() == []
    assert vault.entries.add(Entry.new(EntryKind.REFLECTION, title="fine")).id is not None
