"""A journal whose folder can't be written opens in the window read-only, says so, and offers no
way to type what couldn't be saved."""

from __future__ import annotations

import errno
import os
from typing import Any

from ui_helpers import PASSPHRASE, App

from journal_app.domain import Entry, EntryKind
from journal_app.storage import READ_ONLY_NOTICE
from journal_app.ui.shell.actions import WRITING_ACTIONS, ActionId


def test_a_read_only_journal_is_shown_read_only(
    unlocked: App, qtbot: Any, monkeypatch: Any
) -> None:
    controller = unlocked.controller
    folder = controller.folder
    assert controller.vault is not None
    entry = controller.vault.entries.add(
        Entry.new(EntryKind.REFLECTION, title="kept", body="the words")
    )
    controller.lock()
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("journal_app.storage.lock.os.open", refusing_open)
    unlocked.window.unlock.passphrase.setText(PASSPHRASE)
    unlocked.window.unlock.unlock.click()
    qtbot.waitUntil(lambda: controller.vault is not None, timeout=10000)
    assert controller.vault.read_only
    qtbot.waitUntil(
        lambda: READ_ONLY_NOTICE in unlocked.window.status_text.text(), timeout=5000
    )
    actions = unlocked.window.action_registry
    for action_id in WRITING_ACTIONS:
        assert not actions[action_id].isEnabled(), action_id
    assert actions[ActionId.EXPORT].isEnabled() and actions[ActionId.FIND].isEnabled()

    journal = controller.journal
    assert journal is not None
    editor = journal.view.editor
    assert entry.id is not None
    journal.controller.open_entry(entry.id)
    assert editor.title.text() == "kept"
    assert editor.title.isReadOnly() and editor.body.isReadOnly()
    assert not editor.delete.isEnabled() and not editor.start_reflection.isEnabled()
    assert editor.preview_toggle.isEnabled()  # reading aids stay
    controller.commands.new_entry(EntryKind.REFLECTION)
    assert journal.controller.editor.current is not None
    assert journal.controller.editor.current.id == entry.id  # no new, unsavable entry
