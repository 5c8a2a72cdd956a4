"""Backups: made with sqlcipher_export, verified by opening, rotated, listed and restored."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, JournalBusy, Vault, WrongPassphrase
from journal_app.storage import backups as backups_module
from journal_app.storage.backups import (
    BackupFailed,
    RotationPolicy,
    backup_if_due,
    list_backups,
    make_backup,
    newest_good_backup,
    rotate,
    verify_backup,
)
from journal_app.storage.maintenance import after_unlock
from journal_app.storage.recovery import (
    RESTORE_MARKER_NAME,
    finish_interrupted_restore,
    write_restore_marker,
)
from journal_app.storage.restore import restore

PASSPHRASE = "correct horse battery staple"  # the storage conftest's journals use this
BACKUP_FILES = ["backup.json", "journal.db", "journal.key"]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def add(vault: Vault, title: str, body: str = "") -> Entry:
    text = body or f"body of {title}"
    return vault.entries.add(Entry.new(EntryKind.REFLECTION, title=title, body=text))


def titles(vault: Vault) -> set[str]:
    return {summary.title for summary in vault.entries.summaries(limit=10_000)}


def test_backup_is_verified_and_opens_with_passphrase_and_recovery_key(
    created: tuple[Vault, Any], tmp_path: Path
) -> None:
    vault, journal = created
    add(vault, "one")
    add(vault, "two")
    info = make_backup(vault)
    assert info.entry_count == 2
    assert info.path.parent == journal.folder / "backups"
    assert sorted(p.name for p in info.path.iterdir()) == BACKUP_FILES
    # The manifest carries no content, not even counts.
    manifest = json.loads((info.path / "backup.json").read_text())
    assert set(manifest) == {"format", "version", "created_at", "reason"}
    # Verifying left the backup folder as it was (no -wal/-shm beside it).
    assert verify_backup(info.path, vault._master_key) == 2
    assert sorted(p.name for p in info.path.iterdir()) == BACKUP_FILES

    copy = tmp_path / "copy"
    shutil.copytree(info.path, copy)
    with Vault.open(copy, PASSPHRASE) as opened:
        assert titles(opened) == {"one", "two"}
        assert opened.integrity_problems() == []
    with Vault.open_with_recovery_key(copy, journal.recovery_key) as opened:
        assert opened.entries.count() == 2


def test_backup_to_chosen_folder_and_listing_with_counts(vault: Vault, tmp_path: Path) -> None:
    add(vault, "one")
    out = tmp_path / "usb"
    first = make_backup(vault, out, now=T0)
    add(vault, "two")
    second = make_backup(vault, out, now=T0 + timedelta(hours=1))
    listed = list_backups(out, master_key=vault._master_key)
    assert [b.path for b in listed] == [second.path, first.path]
    assert [b.entry_count for b in listed] == [2, 1]
    assert [b.created_at for b in listed] == [T0 + timedelta(hours=1), T0]
    # Without the key there are no counts; a single backup folder lists itself.
    assert list_backups(out)[0].entry_count is None
    assert [b.path for b in list_backups(first.path)] == [first.path]


def test_backup_if_due_makes_one_a_day(vault: Vault) -> None:
    assert backup_if_due(vault, T0) is not None
    assert backup_if_due(vault, T0 + timedelta(hours=23)) is None
    later = backup_if_due(vault, T0 + timedelta(hours=24))
    assert later is not None and later.reason == "daily"
    assert len(list_backups(vault.folder)) == 2


def test_rotation_keeps_seven_daily_and_four_weekly(vault: Vault) -> None:
    add(vault, "one")
    for day in range(60):
        backup_if_due(vault, T0 + timedelta(days=day))
    kept = list_backups(vault.folder)
    days = sorted({b.created_at.date() for b in kept}, reverse=True)
    newest = (T0 + timedelta(days=59)).date()
    # The last 7 days...
    assert days[:7] == [newest - timedelta(days=n) for n in range(7)]
    # ...plus the newest backup of each of the last 4 ISO weeks (some overlap with the days).
    weeks = {b.created_at.isocalendar()[:2] for b in kept}
    assert len(weeks) == 4
    assert 7 <= len(kept) <= 11
    for backup in kept:
        assert verify_backup(backup.path, vault._master_key) == 1


def test_rotation_never_touches_manual_backups_and_caps_safety_copies(
    vault: Vault, tmp_path: Path
) -> None:
    folder = vault.folder / "backups"
    manual = make_backup(vault, now=T0 - timedelta(days=400))
    for n in range(8):
        make_backup(vault, reason="before-restore", now=T0 + timedelta(minutes=n))
    removed = rotate(folder, RotationPolicy(daily=1, weekly=1, safety=3))
    assert len(removed) == 5
    remaining = list_backups(vault.folder)
    assert manual.path in {b.path for b in remaining}
    assert len([b for b in remaining if b.is_safety_copy]) == 3


def test_a_backup_that_does_not_verify_keeps_the_older_ones(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(vault, "one")
    for day in range(10):
        backup_if_due(vault, T0 + timedelta(days=day))
    before = {b.path for b in list_backups(vault.folder)}

    def broken(path: Path, master_key: bytes) -> int:
        raise BackupFailed("simulated: the copy did not verify")

    monkeypatch.setattr(backups_module, "verify_backup", broken)
    with pytest.raises(BackupFailed):
        backup_if_due(vault, T0 + timedelta(days=30))
    assert {b.path for b in list_backups(vault.folder)} == before
    assert not any(p.name.endswith(".partial") for p in (vault.folder / "backups").rglob("*"))


def test_verify_catches_a_damaged_backup(vault: Vault) -> None:
    for n in range(200):
        add(vault, f"entry {n}", "x" * 200)
    info = make_backup(vault)
    database = info.path / "journal.db"
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))
    with pytest.raises(BackupFailed, match="damaged"):
        verify_backup(info.path, vault._master_key)


def test_restore_replaces_the_journal_and_keeps_the_current_one(
    created: tuple[Vault, Any],
) -> None:
    vault, journal = created
    add(vault, "before backup")
    info = make_backup(vault)
    add(vault, "after backup")
    vault.close()

    result = restore(journal.folder, info.path, PASSPHRASE)
    assert result.entry_count == 1
    assert result.safety_copy is not None
    assert not (journal.folder / RESTORE_MARKER_NAME).exists()
    assert not [p for p in journal.folder.iterdir() if p.name.startswith(".restore")]
    with Vault.open(journal.folder, PASSPHRASE) as restored:
        assert titles(restored) == {"before backup"}
        assert restored.integrity_problems() == []
    # The replaced journal is itself a backup, with everything it had.
    listed = list_backups(journal.folder)
    assert result.safety_copy in {b.path for b in listed}
    with Vault.open(result.safety_copy, PASSPHRASE) as previous:
        assert titles(previous) == {"before backup", "after backup"}


def test_restore_refuses_an_open_journal_and_a_wrong_passphrase(
    created: tuple[Vault, Any],
) -> None:
    vault, journal = created
    add(vault, "one")
    info = make_backup(vault)
    with pytest.raises(JournalBusy):
        restore(journal.folder, info.path, PASSPHRASE)
    vault.close()
    before = snapshot_folder(journal.folder)
    with pytest.raises(WrongPassphrase):
        restore(journal.folder, info.path, "not it")
    assert snapshot_folder(journal.folder) == before


def test_restore_after_passphrase_change_uses_the_backups_passphrase(
    created: tuple[Vault, Any],
) -> None:
    vault, journal = created
    add(vault, "one")
    info = make_backup(vault)
    vault.change_passphrase("a new passphrase", kdf=MINIMUM_KDF)
    vault.close()
    restore(journal.folder, info.path, PASSPHRASE)
    with Vault.open(journal.folder, PASSPHRASE) as restored:
        assert restored.entries.count() == 1


def test_restore_into_an_empty_folder(vault: Vault, tmp_path: Path) -> None:
    add(vault, "one")
    info = make_backup(vault, tmp_path / "out")
    target = tmp_path / "new-computer"
    result = restore(target, info.path, PASSPHRASE)
    assert result.safety_copy is None
    with Vault.open(target, PASSPHRASE) as restored:
        assert titles(restored) == {"one"}


def test_an_interrupted_swap_is_finished_on_the_next_open(
    created: tuple[Vault, Any],
) -> None:
    vault, journal = created
    add(vault, "old")
    info = make_backup(vault)
    add(vault, "newer")
    master_key = vault._master_key
    vault.close()
    # Stage the restore as restore() does, then "crash" right after writing the marker.
    staging = journal.folder / ".restore-staging-test"
    staging.mkdir()
    for name in ("journal.db", "journal.key"):
        shutil.copy2(info.path / name, staging / name)
    safety = journal.folder / "backups" / "20260101T000000Z-before-restore"
    safety.mkdir()
    shutil.copy2(journal.folder / "journal.key", safety / "journal.key")
    write_restore_marker(journal.folder, staging, safety, master_key)
    # ...and crash again halfway through the swap (old database already moved away).
    (journal.folder / "journal.db").rename(safety / "journal.db")
    with Vault.open(journal.folder, PASSPHRASE) as reopened:
        assert titles(reopened) == {"old"}
    assert not (journal.folder / RESTORE_MARKER_NAME).exists()
    assert not staging.exists()
    assert finish_interrupted_restore(journal.folder, b"k" * 32) is False
    with Vault.open(safety, PASSPHRASE) as kept:
        assert titles(kept) == {"old", "newer"}


def test_newest_good_backup_skips_damaged_ones(vault: Vault) -> None:
    for n in range(100):
        add(vault, f"entry {n}", "y" * 300)
    good = make_backup(vault, now=T0)
    bad = make_backup(vault, now=T0 + timedelta(days=1))
    data = bytearray(bad.database.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad.database.write_bytes(bytes(data))
    found = newest_good_backup(vault.folder, PASSPHRASE)
    assert found is not None and found.path == good.path and found.entry_count == 100
    assert newest_good_backup(vault.folder, vault._master_key) == found
    assert newest_good_backup(vault.folder, "wrong passphrase") is None


def test_after_unlock_checks_backs_up_and_empties_old_trash(vault: Vault) -> None:
    kept = add(vault, "kept")
    trashed = add(vault, "trashed long ago")
    vault.entries.delete(trashed.id or 0)
    with vault.bulk():
        vault._require_open().execute(
            "UPDATE entries SET deleted_at = '2000-01-01T00:00:00.000000Z' WHERE id = ?",
            (trashed.id,),
        )
    report = after_unlock(vault, T0)
    assert report.healthy and report.backup is not None and report.backup_error is None
    assert report.backup.entry_count == 1
    assert report.purged_from_trash == 1
    assert vault.entries.trashed() == []
    assert vault.entries.get(kept.id or 0).title == "kept"
    # The next unlock on the same day makes no second backup.
    assert after_unlock(vault, T0 + timedelta(hours=2)).backup is None


def test_one_unlock_with_the_clock_far_ahead_does_not_stop_daily_backups(vault: Vault) -> None:
    add(vault, "one")
    assert backup_if_due(vault, now=T0 + timedelta(days=3650)) is not None  # clock 10 years ahead
    made = [backup_if_due(vault, now=T0 + timedelta(days=day)) for day in range(30)]
    assert all(info is not None for info in made)
    # ...and after_unlock, the app's path, agrees.
    assert after_unlock(vault, now=T0 + timedelta(days=31)).backup is not None


def test_a_clock_set_back_makes_one_backup_then_counts_a_day_again(vault: Vault) -> None:
    add(vault, "one")
    assert backup_if_due(vault, now=T0) is not None
    earlier = T0 - timedelta(days=400)  # the clock jumps back more than a year
    assert backup_if_due(vault, now=earlier) is not None
    assert backup_if_due(vault, now=earlier + timedelta(hours=3)) is None
    assert backup_if_due(vault, now=earlier + timedelta(days=1, minutes=1)) is not None


def test_a_backup_a_few_minutes_in_the_future_counts_as_recent(vault: Vault) -> None:
    add(vault, "one")
    assert backup_if_due(vault, now=T0 + timedelta(minutes=3)) is not None
    assert backup_if_due(vault, now=T0) is None  # a small clock correction is not a new day
