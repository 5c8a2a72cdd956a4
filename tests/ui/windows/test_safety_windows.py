"""Back up now, restore from a backup, the Trash, a damaged journal, and backup retention settings.

Each window is shown through the dialog service's ``run``; the tests replace it with a script
that types and clicks like a person would. Work runs on a synchronous runner.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from ui_helpers import PASSPHRASE, ScriptedDialogs, SyncRunner

from journal_app.domain import Entry, EntryKind
from journal_app.settings import Settings, load_settings, save_settings
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.backups import (
    RotationPolicy,
    list_backups,
    make_backup,
    verify_backup,
)
from journal_app.storage.errors import WrongPassphrase
from journal_app.storage.recovery import check_journal_folder, master_key_from
from journal_app.ui.windows.backup_now import BackUpNowDialog, back_up_now
from journal_app.ui.windows.damaged import (
    DAMAGED_TEXT,
    DamagedJournalDialog,
    offer_restore_for_damaged,
)
from journal_app.ui.windows.preferences import PreferencesDialog
from journal_app.ui.windows.restore import RestoreDialog, restore_from_backup
from journal_app.ui.windows.trash import TrashDialog, show_trash

Script = Callable[[Any], None]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Callable[[Script], list[QDialog]]:
    """Answer the next dialogs with ``steps(dialog)`` instead of showing them."""
    shown: list[QDialog] = []

    def install(steps: Script) -> list[QDialog]:
        def run(dialog: QDialog) -> int:
            shown.append(dialog)
            steps(dialog)
            return int(dialog.result())

        monkeypatch.setattr(ScriptedDialogs, "run", lambda _self, dialog: run(dialog))
        return shown

    return install


def add_entries(vault: Vault, count: int, prefix: str = "day") -> list[Entry]:
    with vault.bulk():
        return [
            vault.entries.add(
                Entry.new(EntryKind.REFLECTION, title=f"{prefix} {n}", body="w " * 80)
            )
            for n in range(count)
        ]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def flip_byte(database: Path, position: int) -> None:
    with open(database, "r+b") as handle:
        handle.seek(position)
        value = handle.read(1)[0]
        handle.seek(position)
        handle.write(bytes([value ^ 0x01]))


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A closed journal: a backup holding 3 entries, then 2 more entries written after it."""
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        add_entries(vault, 3, "before")
        make_backup(vault)
        add_entries(vault, 2, "after")
    return folder


# --------------------------------------------------------------------------- back up now


def test_back_up_now_writes_a_backup_that_verifies(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    dialogs = ScriptedDialogs()
    seen: dict[str, str] = {}

    def steps(dialog: BackUpNowDialog) -> None:
        assert dialog.where.text() == str(folder / "backups")
        assert dialog.back_up.accessibleName() and dialog.choose.accessibleName()
        dialog.back_up.click()
        assert not dialog.busy and dialog.error.isHidden()
        seen["heading"] = dialog.heading.text()
        seen["where"] = dialog.where.text()
        seen["done"] = dialog.done_text.text()
        dialog.close_button.click()

    shown = script(steps)
    with vault:
        add_entries(vault, 4)
        back_up_now(None, vault, dialogs, SyncRunner())
        (backup,) = list_backups(folder)
        assert verify_backup(backup.path, vault._master_key) == 4
    assert len(shown) == 1
    assert seen["heading"] == "Your journal is backed up"
    assert seen["where"] == str(backup.path)
    assert "4 entries" in seen["done"] and "checked" in seen["done"]
    assert backup.reason == "manual"


def test_back_up_now_to_another_folder_and_a_gentle_failure(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    usb = tmp_path / "usb"
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    dialogs = ScriptedDialogs(folders=[not_a_folder, usb])
    errors: list[str] = []

    def steps(dialog: BackUpNowDialog) -> None:
        dialog.choose.click()
        dialog.back_up.click()  # a file where a folder should be: fails, gently
        errors.append(dialog.error.text())
        assert dialog.back_up.isEnabled() and dialog.result_info is None
        dialog.choose.click()
        dialog.back_up.click()
        assert dialog.error.isHidden()
        dialog.close_button.click()

    script(steps)
    with vault:
        add_entries(vault, 2)
        back_up_now(None, vault, dialogs, SyncRunner())
        (backup,) = list_backups(usb)
        assert verify_backup(backup.path, vault._master_key) == 2
    assert "could not be written" in errors[0] and "choose another folder" in errors[0]
    assert "sqlite" not in errors[0].lower()
    assert list_backups(folder) == []


def test_back_up_now_on_a_real_worker_thread(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    from journal_app.ui.common.work import ThreadPoolRunner

    vault, _key = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    runner = ThreadPoolRunner()

    def steps(dialog: BackUpNowDialog) -> None:
        dialog.back_up.click()
        assert dialog.busy and not dialog.progress.isHidden()
        dialog.reject()  # Escape while working does nothing
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
        assert dialog.result_info is not None and dialog.progress.isHidden()
        dialog.close_button.click()

    script(steps)
    with vault:
        add_entries(vault, 3)
        back_up_now(None, vault, ScriptedDialogs(), runner)
        (backup,) = list_backups(vault.folder)
        assert verify_backup(backup.path, vault._master_key) == 3
    runner.wait_until_idle()


# --------------------------------------------------------------------------- restore


def test_restore_lists_counts_after_the_passphrase_and_restores(
    journal: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    dialogs = ScriptedDialogs(confirms=[True])
    rows: dict[str, list[str]] = {}

    def steps(dialog: RestoreDialog) -> None:
        assert "kept as a backup first" in dialog.intro.text()
        assert "passphrase and recovery key you use today" in dialog.intro.text()
        assert dialog.list.topLevelItemCount() == 1
        item = dialog.list.topLevelItem(0)
        rows["before"] = [item.text(c) for c in range(3)]
        assert not dialog.unlock.isEnabled()
        dialog.secret.field.setText(PASSPHRASE)
        dialog.unlock.click()
        item = dialog.list.topLevelItem(0)
        rows["after"] = [item.text(c) for c in range(3)]
        assert dialog.secret.field.text() == ""  # not left lying in the field
        assert dialog.restore_button.isEnabled()
        dialog.restore_button.click()

    script(steps)
    assert restore_from_backup(None, journal, dialogs, SyncRunner()) is True
    assert rows["before"][1] == "Backup made by hand" and rows["before"][2] == "—"
    assert rows["after"][2] == "3 entries"
    confirm = next(args for name, args in dialogs.calls if name == "confirm")
    assert "3 entries" in confirm[1]
    assert ("inform", ("Your journal was restored",)) == (
        dialogs.calls[-1][0],
        dialogs.calls[-1][1][:1],
    )
    assert "It opens with your current passphrase and recovery key." in dialogs.calls[-1][1][1]
    with Vault.open(journal, PASSPHRASE) as vault:
        assert sorted(s.title for s in vault.entries.summaries()) == [
            f"before {n}" for n in range(3)
        ]
    key = master_key_from(journal, PASSPHRASE)
    kept = [b for b in list_backups(journal, master_key=key) if b.reason == "before-restore"]
    assert len(kept) == 1 and kept[0].entry_count == 5  # the previous journal was kept


def test_restore_with_the_recovery_key(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    folder = tmp_path / "journal"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        add_entries(vault, 1)
        make_backup(vault)
        add_entries(vault, 1, "later")

    def steps(dialog: RestoreDialog) -> None:
        dialog.secret.use_recovery_key.setChecked(True)
        assert dialog.secret.field.accessibleName() == "Recovery key"
        dialog.secret.field.setText(recovery_key)
        dialog.restore_button.click()  # unlocks first, then goes on to confirm and restore

    script(steps)
    assert restore_from_backup(None, folder, ScriptedDialogs(), SyncRunner())
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 1


def test_a_wrong_passphrase_in_the_restore_dialog_changes_nothing(
    journal: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    before = digests(journal)
    dialogs = ScriptedDialogs(confirms=[True])
    messages: list[str] = []

    def steps(dialog: RestoreDialog) -> None:
        dialog.secret.field.setText("not my passphrase at all")
        dialog.unlock.click()
        messages.append(dialog.error.text())
        assert dialog.master_key is None
        assert dialog.unlock.isEnabled() and dialog.secret.isEnabled()  # ready to try again
        dialog.restore_button.click()  # tries to unlock again: still wrong, still nothing
        messages.append(dialog.error.text())
        dialog.cancel.click()

    script(steps)
    assert restore_from_backup(None, journal, dialogs, SyncRunner()) is False
    assert messages == [WrongPassphrase().args[0]] * 2
    assert messages[0] == "That passphrase didn't open this journal. Nothing was changed."
    assert not any(name == "confirm" for name, _args in dialogs.calls)
    assert digests(journal) == before


def test_restore_from_a_chosen_folder_and_nothing_found(
    journal: Path, tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    usb = tmp_path / "usb"
    with Vault.open(journal, PASSPHRASE) as vault:
        make_backup(vault, usb)
    empty = tmp_path / "empty"
    empty.mkdir()
    dialogs = ScriptedDialogs(folders=[empty, usb], confirms=[False])

    def steps(dialog: RestoreDialog) -> None:
        dialog.choose.click()
        assert dialog.list.isHidden() and "No backups were found" in dialog.empty.text()
        assert not dialog.restore_button.isEnabled()
        dialog.choose.click()
        dialog.secret.field.setText(PASSPHRASE)
        dialog.unlock.click()
        assert dialog.list.topLevelItem(0).text(2) == "5 entries"
        dialog.restore_button.click()  # the confirmation says Cancel
        dialog.cancel.click()

    before = digests(journal)
    script(steps)
    assert restore_from_backup(None, journal, dialogs, SyncRunner()) is False
    assert digests(journal) == before


# --------------------------------------------------------------------------- trash


def test_trash_restore_delete_forever_and_empty(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    vault, _key = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        entries = add_entries(vault, 5)
        for entry in entries:
            assert entry.id is not None
            vault.entries.delete(entry.id)
        dialogs = ScriptedDialogs(confirms=[False, True, True])

        def steps(dialog: TrashDialog) -> None:
            assert dialog.list.topLevelItemCount() == 5
            assert dialog.list.accessibleName() == "Entries in the Trash"
            for widget in (dialog.restore_button, dialog.delete_button, dialog.empty_button):
                assert widget.accessibleName()
            first = dialog.list.topLevelItem(0)
            assert first.text(1) == "Reflection" and first.text(2) and first.text(3)
            dialog.list.clearSelection()
            dialog.list.topLevelItem(0).setSelected(True)
            restored = dialog.list.topLevelItem(0).text(0)
            dialog.restore_button.click()  # no confirmation
            assert dialog.list.topLevelItemCount() == 4
            assert restored not in [dialog.list.topLevelItem(r).text(0) for r in range(4)]
            dialog.list.clearSelection()
            for row in (0, 1):
                dialog.list.topLevelItem(row).setSelected(True)
            dialog.delete_button.click()  # "Keep": nothing happens
            assert dialog.list.topLevelItemCount() == 4
            dialog.delete_button.click()  # now for good
            assert dialog.list.topLevelItemCount() == 2
            dialog.empty_button.click()
            assert dialog.list.isHidden() and not dialog.empty.isHidden()
            assert not dialog.empty_button.isEnabled()
            dialog.close_button.click()

        script(steps)
        assert show_trash(None, vault, dialogs, SyncRunner()) is True
        assert vault.entries.trashed() == []
        assert vault.entries.count() == 1
    confirms = [args for name, args in dialogs.calls if name == "confirm"]
    assert "these 2 entries" in confirms[0][1] and "these 2 entries" in confirms[1][1]
    assert "all 2 entries" in confirms[2][1]


def test_trash_kept_until_is_thirty_days_after_deleting(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    from datetime import timedelta

    from journal_app.domain.entries import friendly_day

    vault, _key = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        (entry,) = add_entries(vault, 1)
        assert entry.id is not None
        vault.entries.delete(entry.id)
        deleted_at = vault.entries.get(entry.id).deleted_at
        assert deleted_at is not None
        texts: list[str] = []
        script(lambda d: texts.extend(d.list.topLevelItem(0).text(c) for c in range(4)))
        assert show_trash(None, vault, ScriptedDialogs(), SyncRunner()) is False
    assert texts[2] == friendly_day(deleted_at)
    assert texts[3] == friendly_day(deleted_at + timedelta(days=30))


# --------------------------------------------------------------------------- damaged journal


@pytest.fixture
def damaged_journal(tmp_path: Path) -> Path:
    """A closed journal of 120 entries (several pages) with one good backup."""
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        add_entries(vault, 120)
        make_backup(vault)
    return folder


@pytest.mark.parametrize("damage", ["flipped byte", "truncated"])
def test_a_damaged_journal_is_kept_and_the_newest_good_backup_restored(
    damaged_journal: Path,
    damage: str,
    qtbot: Any,
    script: Callable[[Script], list[QDialog]],
) -> None:
    folder = damaged_journal
    database = folder / "journal.db"
    size = database.stat().st_size
    assert size > 60_000
    if damage == "flipped byte":
        flip_byte(database, size * 2 // 3)
    else:
        with open(database, "r+b") as handle:
            handle.truncate(size // 2)
    damaged_digest = hashlib.sha256(database.read_bytes()).hexdigest()
    problems = check_journal_folder(folder, PASSPHRASE)
    assert problems
    seen: dict[str, Any] = {}

    def steps(dialog: DamagedJournalDialog) -> None:
        seen["explanation"] = dialog.explanation.text()
        seen["details hidden"] = dialog.details.isHidden()
        dialog.details_toggle.click()
        seen["details"] = dialog.details.toPlainText()
        dialog.secret.field.setText("wrong words")
        dialog.find_button.click()
        seen["wrong"] = dialog.error.text()
        assert dialog.find_button.isEnabled() and dialog.secret.field.isEnabled()
        dialog.secret.field.setText(PASSPHRASE)
        dialog.find_button.click()
        seen["answer"] = dialog.answer.text()
        dialog.restore_button.click()

    script(steps)
    dialogs = ScriptedDialogs()
    assert offer_restore_for_damaged(None, folder, problems, dialogs, SyncRunner()) is True
    assert seen["explanation"] == DAMAGED_TEXT
    assert seen["details hidden"] is True and problems[0] in seen["details"]
    assert seen["wrong"] == "That passphrase didn't open this journal. Nothing was changed."
    assert "120 entries" in seen["answer"]
    assert all(problem not in seen["answer"] for problem in problems)
    assert check_journal_folder(folder, PASSPHRASE) == []
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 120
    (kept,) = [b for b in list_backups(folder) if b.reason == "before-restore"]
    assert hashlib.sha256((kept.path / "journal.db").read_bytes()).hexdigest() == damaged_digest


def test_a_damaged_journal_without_backups_is_left_alone(
    tmp_path: Path, qtbot: Any, script: Callable[[Script], list[QDialog]]
) -> None:
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        add_entries(vault, 120)
    database = folder / "journal.db"
    flip_byte(database, database.stat().st_size * 2 // 3)
    before = digests(folder)

    def steps(dialog: DamagedJournalDialog) -> None:
        dialog.secret.field.setText(PASSPHRASE)
        dialog.find_button.click()
        assert "No healthy backup" in dialog.answer.text()
        assert dialog.restore_button.isHidden()
        dialog.not_now.click()

    script(steps)
    problems = check_journal_folder(folder, PASSPHRASE)
    assert not offer_restore_for_damaged(None, folder, problems, ScriptedDialogs(), SyncRunner())
    assert digests(folder) == before


# --------------------------------------------------------------------------- settings


def test_backup_retention_settings_round_trip(tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(backup_keep_daily=10, backup_keep_weekly=8), path)
    loaded = load_settings(path)
    assert (loaded.backup_keep_daily, loaded.backup_keep_weekly) == (10, 8)
    assert loaded.backup_policy() == RotationPolicy(daily=10, weekly=8)

    # An older settings file without the new fields still loads, with the defaults.
    path.write_text(json.dumps({"auto_lock_minutes": 9, "theme": "dark"}))
    old = load_settings(path)
    assert old.auto_lock_minutes == 9
    assert (old.backup_keep_daily, old.backup_keep_weekly) == (7, 4)
    assert old.backup_policy() == RotationPolicy()

    # Odd values are clamped, not trusted.
    path.write_text(json.dumps({"backup_keep_daily": 0, "backup_keep_weekly": "many"}))
    odd = load_settings(path)
    assert (odd.backup_keep_daily, odd.backup_keep_weekly) == (1, 4)

    dialog = PreferencesDialog(loaded)
    qtbot.addWidget(dialog)
    assert dialog.keep_daily.value() == 10 and dialog.keep_weekly.value() == 8
    assert dialog.keep_daily.accessibleName() and dialog.keep_weekly.accessibleName()
    dialog.keep_daily.setValue(3)
    dialog.keep_weekly.setValue(0)
    chosen = dialog.chosen(loaded)
    assert (chosen.backup_keep_daily, chosen.backup_keep_weekly) == (3, 0)


def test_preferences_warn_about_sync_folders(tmp_path: Path, qtbot: Any) -> None:
    ordinary = PreferencesDialog(Settings(), journal_folder=tmp_path / "journal")
    qtbot.addWidget(ordinary)
    assert str(tmp_path / "journal") in ordinary.journal_folder.text()
    assert "sync or cleaning tool" in ordinary.sync_hint.text()
    assert ordinary.sync_warning.isHidden()

    synced = PreferencesDialog(Settings(), journal_folder=tmp_path / "Dropbox" / "journal")
    qtbot.addWidget(synced)
    assert not synced.sync_warning.isHidden()
    assert "inside a Dropbox folder" in synced.sync_warning.text()
    assert synced.sync_warning.accessibleName() == synced.sync_warning.text()


def test_the_damaged_window_says_when_recent_changes_went_missing(
    tmp_path: Path, qtbot: Any
) -> None:
    from journal_app.storage.wal_guard import missing_changes_message
    from journal_app.ui.windows.damaged import MISSING_CHANGES_TEXT

    lost = DamagedJournalDialog(
        None, tmp_path, [missing_changes_message(tmp_path)], ScriptedDialogs(), SyncRunner()
    )
    qtbot.addWidget(lost)
    assert lost.explanation.text() == MISSING_CHANGES_TEXT
    assert "journal.db-wal" in lost.explanation.text() and "sync" in lost.explanation.text()
    damaged = DamagedJournalDialog(
        None, tmp_path, ["page 3 is damaged"], ScriptedDialogs(), SyncRunner()
    )
    qtbot.addWidget(damaged)
    assert damaged.explanation.text() == DAMAGED_TEXT
