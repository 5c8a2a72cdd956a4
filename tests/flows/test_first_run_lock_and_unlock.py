"""Whole flows through the main window: first run, writing, autosave, locking and unlocking."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QWidget
from ui_helpers import PASSPHRASE, App, ScriptedDialogs, visible_text

from journal_app.domain.entries import (
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
)
from journal_app.storage import Vault
from journal_app.ui.shell.actions import ActionId
from journal_app.ui.shell.navigation import JournalPage

MARKER = "zebra-marmalade-7731"


def journal_of(app: App) -> JournalPage:
    page = app.controller.journal
    assert page is not None
    return page


def flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def create_through_first_run(app: App, qtbot: Any) -> str:
    view = app.window.first_run
    assert app.window.screens.currentWidget() is view
    qtbot.mouseClick(view.start, Qt.MouseButton.LeftButton)
    assert not view.create_button.isEnabled()
    view.passphrases.first.setText(PASSPHRASE)
    view.passphrases.second.setText(PASSPHRASE + "x")
    assert not view.create_button.isEnabled()
    assert view.passphrases.mismatch.text()
    view.passphrases.second.setText(PASSPHRASE)
    assert view.create_button.isEnabled()
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.currentWidget() is view.recovery_page
    key = app.controller.first_run.recovery_key
    assert key and key.split("-")[0] in view.key_label.text()
    # Continuing needs the last characters typed back and the box ticked.
    view.check_field.setText("WRONG")
    view.stored.setChecked(True)
    assert not view.finish.isEnabled()
    view.check_field.setText(key.replace("-", "")[-5:].lower())
    assert view.finish.isEnabled()
    qtbot.mouseClick(view.finish, Qt.MouseButton.LeftButton)
    assert app.window.screens.currentWidget() is app.window.workspace
    assert key not in visible_text(app.window)
    return key


def write_entry(app: App, kind: EntryKind, fill: Callable[[Any], None], qtbot: Any) -> int:
    journal = journal_of(app)
    app.controller.commands.new_entry(kind)
    editor = journal.view.editor
    fill(editor)
    controller = journal.controller.editor
    qtbot.waitUntil(lambda: not controller.dirty, timeout=2000)
    assert editor.saved.text() == "Saved"
    assert controller.current is not None and controller.current.id is not None
    return controller.current.id


def test_first_run_write_lock_unlock_and_recover(
    make_app: Callable[..., App], qtbot: Any, tmp_path: Path
) -> None:
    app = make_app()
    recovery_key = create_through_first_run(app, qtbot)
    assert app.window.windowTitle() == "Between Sessions"

    def session(editor: Any) -> None:
        editor.title.setText(f"Session about Dad {MARKER}")
        editor.therapist.setText("Maria")
        editor.talked_about.setPlainText("The hospital visits")
        editor.insights.setPlainText("Being useful keeps me safe")

    def block(editor: Any) -> None:
        editor.title.setText("Couldn't cry")
        editor.setting.setCurrentIndex(editor.setting.findData(BlockSetting.WITH_SOMEONE.value))
        editor.blocked[BlockType.COULDNT_CRY].setChecked(True)
        editor.feeling_intensity.slider.setValue(8)
        editor.block_intensity.slider.setValue(9)
        editor.what_was_happening.setPlainText(f"Talking about dad {MARKER}")

    def reflection(editor: Any) -> None:
        editor.has_mood.setChecked(True)
        editor.mood.slider.setValue(6)
        editor.body.setPlainText(f"A quiet walk by the river. {MARKER}")
        editor.tags.setText("walks, calm")

    session_id = write_entry(app, EntryKind.SESSION, session, qtbot)
    block_id = write_entry(app, EntryKind.BLOCK, block, qtbot)
    reflection_id = write_entry(app, EntryKind.REFLECTION, reflection, qtbot)
    model = journal_of(app).controller.model
    assert model.rowCount() == 3

    # Typing then locking at once: the pending edit is flushed first.
    journal_of(app).view.editor.body.setPlainText(f"Last words before locking {MARKER}")
    assert journal_of(app).controller.editor.dirty
    app.window.action_registry[ActionId.LOCK].trigger()
    flush_deletes()
    assert app.window.screens.currentWidget() is app.window.unlock
    assert app.controller.vault is None
    assert MARKER not in visible_text(app.window)
    assert app.window.windowTitle() == "Between Sessions"

    # Reopen the vault directly: everything was saved.
    with Vault.open(app.folder, PASSPHRASE) as vault:
        stored = vault.entries.get(session_id)
        assert stored.kind is EntryKind.SESSION and MARKER in stored.title
        assert stored.details == SessionNoteDetails(
            therapist="Maria",
            talked_about="The hospital visits",
            insights="Being useful keeps me safe",
        )
        block_entry = vault.entries.get(block_id)
        assert isinstance(block_entry.details, EmotionalBlockDetails)
        assert block_entry.details.blocked == (BlockType.COULDNT_CRY,)
        assert block_entry.details.setting is BlockSetting.WITH_SOMEONE
        assert (block_entry.details.feeling_intensity, block_entry.details.block_intensity) == (
            8,
            9,
        )
        reflection_entry = vault.entries.get(reflection_id)
        assert reflection_entry.details == ReflectionDetails(mood=6)
        assert reflection_entry.tags == ("walks", "calm")
        assert reflection_entry.body == f"Last words before locking {MARKER}"

    # Wrong passphrase, then the right one.
    unlock = app.window.unlock
    unlock.passphrase.setText("not the passphrase")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    assert app.controller.vault is None
    assert unlock.error.text() == "That passphrase didn't open this journal. Nothing was changed."
    unlock.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    assert app.controller.vault is not None
    assert not unlock.passphrase.text()
    assert journal_of(app).controller.model.rowCount() == 3

    # Forgot the passphrase: the recovery key opens it and sets a new one.
    app.controller.lock()
    qtbot.mouseClick(unlock.use_recovery, Qt.MouseButton.LeftButton)
    new_passphrase = "a brand new passphrase for spring"
    unlock.recovery_key.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    unlock.new_passphrases.first.setText(new_passphrase)
    unlock.new_passphrases.second.setText(new_passphrase)
    qtbot.mouseClick(unlock.recover, Qt.MouseButton.LeftButton)
    assert app.controller.vault is None
    assert "recovery key didn't open" in unlock.recovery_error.text()
    unlock.recovery_key.setText(recovery_key.lower().replace("-", " "))
    qtbot.mouseClick(unlock.recover, Qt.MouseButton.LeftButton)
    assert app.controller.vault is not None
    app.controller.lock()
    with Vault.open(app.folder, new_passphrase) as vault:
        assert vault.entries.count() == 3


def test_idle_timer_locks_and_clears(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    journal.view.editor.body.setPlainText(f"Idle thoughts {MARKER}")
    app.controller.idle.set_interval_ms(150)
    qtbot.waitUntil(lambda: app.controller.vault is None, timeout=3000)
    flush_deletes()
    assert app.window.screens.currentWidget() is app.window.unlock
    assert MARKER not in visible_text(app.window)
    with Vault.open(app.folder, PASSPHRASE) as vault:
        [summary] = vault.entries.summaries()
        assert MARKER in vault.entries.get(summary.id).body


def test_activity_postpones_the_idle_lock(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    app.controller.idle.set_interval_ms(300)
    for _ in range(4):
        qtbot.wait(120)
        qtbot.keyClick(journal_of(app).view.search, Qt.Key.Key_A)
    assert app.controller.vault is not None
    qtbot.waitUntil(lambda: app.controller.vault is None, timeout=3000)


def test_lock_on_minimize_follows_the_setting(unlocked: App) -> None:
    app = unlocked
    app.window.minimized.emit()
    assert app.controller.vault is not None
    app.controller.settings.update(lock_on_minimize=True)
    app.window.minimized.emit()
    assert app.controller.vault is None


def test_closing_the_window_saves_what_was_typed(unlocked: App) -> None:
    app = unlocked
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    journal_of(app).view.editor.body.setPlainText("Written just before closing")
    app.window.close()
    assert app.controller.vault is None
    with Vault.open(app.folder, PASSPHRASE) as vault:
        [summary] = vault.entries.summaries()
        assert vault.entries.get(summary.id).body == "Written just before closing"


def test_switching_entries_saves_the_first(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    journal.view.editor.title.setText("First")
    journal.controller.editor.flush()
    first_id = journal.controller.editor.current.id  # type: ignore[union-attr]
    journal.view.editor.body.setPlainText("More words")
    app.controller.commands.new_entry(EntryKind.SESSION)
    assert app.controller.vault is not None
    assert app.controller.vault.entries.get(first_id).body == "More words"
    # Choosing the first entry in the list opens it in the editor.
    journal.controller.open_entry(first_id)
    assert journal.view.editor.body.toPlainText() == "More words"


def test_messages_for_damaged_and_busy_journals(
    make_app: Callable[..., App],
    existing_journal: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered: list[str] = []

    def not_now(dialog: Any) -> int:
        offered.append(type(dialog).__name__)
        return 0  # the person chooses "Not now"

    monkeypatch.setattr(ScriptedDialogs, "run", lambda _self, dialog: not_now(dialog))
    folder, _key = existing_journal
    other = Vault.open(folder, PASSPHRASE)
    try:
        app = make_app(folder)
        app.window.unlock.passphrase.setText(PASSPHRASE)
        app.window.unlock.unlock.click()
        assert "open in another window" in app.window.unlock.error.text()
    finally:
        other.close()
    (folder / "journal.db").write_bytes(b"")
    app.window.unlock.unlock.click()
    assert "empty" in app.window.unlock.error.text()
    assert app.controller.vault is None
    assert offered == ["DamagedJournalDialog"]  # a damaged file is offered a backup
    assert (folder / "journal.db").read_bytes() == b""  # and left exactly as it was


def test_recovery_key_can_be_saved_printed_and_copied(
    make_app: Callable[..., App], qtbot: Any, tmp_path: Path
) -> None:
    app = make_app()
    view = app.window.first_run
    view.start.click()
    view.passphrases.first.setText(PASSPHRASE)
    view.passphrases.second.setText(PASSPHRASE)
    view.create_button.click()
    key = app.controller.first_run.recovery_key
    target = tmp_path / "key.txt"
    app.dialogs.save_paths.append(target)
    view.save.click()
    assert key in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    view.print.click()
    assert any(name == "print_document" and key in args[1] for name, args in app.dialogs.calls)
    view.copy.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == key
    app.controller.first_run._clear_clipboard()
    assert QGuiApplication.clipboard().text() != key


def test_open_another_journal(make_app: Callable[..., App], tmp_path: Path) -> None:
    app = make_app()
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    app.dialogs.folders.append(empty)
    app.window.first_run.open_other.click()
    assert app.controller.folder == empty
    assert app.window.screens.currentWidget() is app.window.first_run
    assert str(empty) in app.window.first_run.folder_hint.text()


def test_every_page_is_real_and_window_title(unlocked: App) -> None:
    app = unlocked
    for key in ("prep", "library", "search"):
        app.controller.show_page(key)
        current = app.window.pages.currentWidget()
        assert isinstance(current, QWidget)
        assert "Coming soon." not in visible_text(current)
    assert app.window.windowTitle() == "Between Sessions"


def test_saving_the_recovery_key_beside_the_journal_asks_first(
    make_app: Callable[..., App], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    view = app.window.first_run
    view.start.click()
    view.passphrases.first.setText(PASSPHRASE)
    view.passphrases.second.setText(PASSPHRASE)
    view.create_button.click()
    suggested: list[Path] = []
    original = app.dialogs.save_file_path

    def remember(parent: Any, title: str, start: Path, file_filter: str = "") -> Path | None:
        suggested.append(start)
        return original(parent, title, start, file_filter)

    monkeypatch.setattr(app.dialogs, "save_file_path", remember)
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr("journal_app.paths.removable_media_folder", lambda: usb)
    target = tmp_path / "key.txt"  # the same disk as the journal, which lives under tmp_path
    app.dialogs.save_paths.append(target)
    app.dialogs.confirms.append(False)  # "Choose another place"
    view.save.click()
    assert not target.exists()
    asked = [args for name, args in app.dialogs.calls if name == "confirm"]
    assert asked and "same disk" in asked[-1][1]
    assert suggested and suggested[0].parent == usb  # a USB stick before the home folder
    # Print comes first: paper or a password manager are the safer places.
    row = [view.print, view.copy, view.save]
    assert sorted(row, key=lambda button: button.x()) == row


def test_same_disk_and_removable_media_helpers(tmp_path: Path) -> None:
    from journal_app import paths

    assert paths.on_same_disk(tmp_path / "not-yet" / "key.txt", tmp_path)
    folder = paths.removable_media_folder()
    assert folder is None or folder.is_dir()


def test_an_ignored_restore_marker_is_shown_after_unlock(unlocked: App, qtbot: Any) -> None:
    import json

    from journal_app.storage.recovery import RESTORE_MARKER_NAME

    controller = unlocked.controller
    folder = controller.folder
    controller.lock()
    (folder / RESTORE_MARKER_NAME).write_text(json.dumps({"journal": "/etc", "mac": "00"}))
    unlocked.window.unlock.passphrase.setText(PASSPHRASE)
    unlocked.window.unlock.unlock.click()
    qtbot.waitUntil(lambda: controller.vault is not None, timeout=10000)
    qtbot.waitUntil(
        lambda: "didn't come from this journal" in unlocked.window.status_text.text(),
        timeout=5000,
    )
