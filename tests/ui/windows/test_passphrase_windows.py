"""“Change passphrase…” and “Someone may know my passphrase…”, driven like a person would.

Work runs on a synchronous runner; the journals are real, with the fast key-derivation settings.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from ui_helpers import PASSPHRASE, ScriptedDialogs, SyncRunner

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, DamagedJournal, Vault, WrongPassphrase
from journal_app.storage.backups import list_backups, make_backup
from journal_app.storage.recovery import master_key_from, read_only_connection
from journal_app.ui.windows.passphrase import ChangePassphraseDialog, RekeyDialog

NEW = "a new passphrase nobody knows"


@pytest.fixture
def vault(tmp_path: Path) -> Any:
    opened, _recovery = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    opened.entries.add(Entry.new(EntryKind.REFLECTION, title="kept", body="a quiet evening"))
    yield opened
    opened.close()


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(("-wal", "-shm"))
    }


def fill(dialog: Any, current: str, new: str = NEW) -> None:
    dialog.current.setText(current)
    dialog.passphrases.first.setText(new)
    dialog.passphrases.second.setText(new)


def test_change_passphrase_says_what_it_does_and_changes_it(vault: Any, qtbot: Any) -> None:
    dialog = ChangePassphraseDialog(None, vault, ScriptedDialogs(), SyncRunner())
    qtbot.addWidget(dialog)
    assert "Older backups still open with the passphrase they were made with" in (
        dialog.intro.text()
    )
    assert "Someone may know my passphrase" in dialog.intro.text()
    assert not dialog.go.isEnabled()
    fill(dialog, PASSPHRASE)
    assert dialog.go.isEnabled()
    dialog.go.click()
    assert dialog.changed and dialog.heading.text() == "Your passphrase is changed"
    assert dialog.current.text() == "" and dialog.passphrases.passphrase() == ""
    assert master_key_from(vault.folder, NEW)
    with pytest.raises(WrongPassphrase):
        master_key_from(vault.folder, PASSPHRASE)


def test_a_wrong_current_passphrase_changes_nothing(vault: Any, qtbot: Any) -> None:
    vault.close()
    before = digests(vault.folder)
    reopened = Vault.open(vault.folder, PASSPHRASE)
    try:
        dialog = ChangePassphraseDialog(None, reopened, ScriptedDialogs(), SyncRunner())
        qtbot.addWidget(dialog)
        fill(dialog, "not the passphrase at all")
        dialog.go.click()
        assert "didn't open this journal" in dialog.error.text()
        assert not dialog.changed
    finally:
        reopened.close()
    assert digests(vault.folder) == before


def test_rekey_locks_out_old_secrets_and_shows_the_new_recovery_key(
    vault: Any, qtbot: Any, tmp_path: Path
) -> None:
    make_backup(vault)
    old_key_file = tmp_path / "old-journal.key"
    shutil.copy(vault.folder / "journal.key", old_key_file)
    old_master = master_key_from(vault.folder, PASSPHRASE)
    dialogs = ScriptedDialogs()
    dialog = RekeyDialog(None, vault, dialogs, SyncRunner())
    qtbot.addWidget(dialog)
    assert "old copies of its key file and your old passphrase can't open it" in (
        dialog.intro.text()
    )
    assert dialog.reencrypt.isChecked()
    fill(dialog, PASSPHRASE)
    dialog.go.click()
    assert dialog.rekeyed is not None, dialog.error.text()
    recovery = dialog.rekeyed.recovery_key
    shown = dialog.key_label.text().replace("\n", "").replace(" ", "")
    assert shown == recovery.replace("-", "")
    assert not dialog.done_button.isEnabled()
    dialog.check_field.setText(recovery.replace("-", "")[-5:])
    assert not dialog.done_button.isEnabled()
    dialog.stored.setChecked(True)
    assert dialog.done_button.isEnabled()

    new_master = master_key_from(vault.folder, NEW)
    assert new_master != old_master
    assert master_key_from(vault.folder, recovery, recovery_key=True) == new_master
    with pytest.raises(WrongPassphrase):
        master_key_from(vault.folder, PASSPHRASE)
    # The old key file with the old passphrase yields the old master key, which no longer
    # opens the journal's database.
    other = tmp_path / "old-copy"
    other.mkdir()
    shutil.copy(old_key_file, other / "journal.key")
    assert master_key_from(other, PASSPHRASE) == old_master
    with (
        pytest.raises((DamagedJournal, sqlcipher3.DatabaseError)),
        read_only_connection(vault.folder / "journal.db", old_master) as c,
    ):
        c.execute("SELECT count(*) FROM entries").fetchone()
    assert vault.entries.count() == 1
    backups = list_backups(vault.folder, master_key=new_master)
    assert backups and all(b.entry_count == 1 for b in backups)


def test_rekey_can_delete_the_old_backups(vault: Any, qtbot: Any) -> None:
    make_backup(vault)
    assert list_backups(vault.folder)
    dialogs = ScriptedDialogs(confirms=[True])
    dialog = RekeyDialog(None, vault, dialogs, SyncRunner())
    qtbot.addWidget(dialog)
    dialog.delete.setChecked(True)
    fill(dialog, PASSPHRASE)
    dialog.go.click()
    assert dialog.rekeyed is not None and dialog.rekeyed.deleted
    assert ("confirm", ("Delete the old backups?",)) == (
        dialogs.calls[0][0],
        dialogs.calls[0][1][:1],
    )
    assert list_backups(vault.folder) == []


def test_closing_before_the_new_key_is_saved_asks_first(vault: Any, qtbot: Any) -> None:
    dialogs = ScriptedDialogs(confirms=[False])
    dialog = RekeyDialog(None, vault, dialogs, SyncRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, PASSPHRASE)
    dialog.go.click()
    dialog.reject()
    assert dialog.isVisible()  # "Go back" keeps the key on screen
    assert dialogs.calls[-1][1][0] == "Close without saving the new recovery key?"


def test_every_control_has_an_accessible_name(vault: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    for kind in (ChangePassphraseDialog, RekeyDialog):
        dialog = kind(None, vault, ScriptedDialogs(), SyncRunner())
        qtbot.addWidget(dialog)
        for widget in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLineEdit):
            assert widget.accessibleName(), (kind.__name__, type(widget).__name__)


def test_the_idle_lock_waits_while_the_new_key_is_made_and_shown(vault: Any, qtbot: Any) -> None:
    held: list[bool] = []
    dialog = RekeyDialog(None, vault, ScriptedDialogs(), SyncRunner(), held.append)
    qtbot.addWidget(dialog)
    fill(dialog, PASSPHRASE)
    dialog.go.click()
    assert held == [True]  # still held: the new recovery key is on screen
    assert dialog.rekeyed is not None
    dialog.check_field.setText(dialog.rekeyed.recovery_key.replace("-", "")[-5:])
    dialog.stored.setChecked(True)
    dialog.done_button.click()
    assert held == [True, False]


def test_a_wrong_current_passphrase_leaves_the_idle_lock_alone(vault: Any, qtbot: Any) -> None:
    held: list[bool] = []
    dialog = RekeyDialog(None, vault, ScriptedDialogs(), SyncRunner(), held.append)
    qtbot.addWidget(dialog)
    fill(dialog, "not the passphrase at all")
    dialog.go.click()
    assert dialog.rekeyed is None and "didn't open this journal" in dialog.error.text()
    assert held == [True, False]
    assert master_key_from(vault.folder, PASSPHRASE)
