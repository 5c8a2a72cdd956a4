"""Locking closes every window and dialog, whatever is open and in whatever state.

Each case opens one window (or a question inside one) through the real menus, then lets the idle
timer run out while it is open. Afterwards the journal is locked, nothing but the main window's
unlock screen is showing, and nothing raised (pytest-qt fails a test on any exception in a slot).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from ui_helpers import PASSPHRASE, App

from journal_app.domain import Entry, EntryKind
from journal_app.storage import Vault
from journal_app.ui.shell.actions import ActionId


def fire_idle_lock(app: App, qtbot: Any) -> None:
    """Let the idle timer run out now, the way it does when nobody touches the app."""
    if app.controller.vault is None:
        return
    app.controller.idle.set_interval_ms(1)
    qtbot.waitUntil(lambda: app.controller.vault is None, timeout=5000)


def visible_windows(app: App) -> list[str]:
    return [
        type(widget).__name__
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget is not app.window and isinstance(widget, QDialog)
    ]


def assert_locked_and_bare(app: App) -> None:
    assert app.controller.vault is None
    assert app.window.screens.currentWidget() is app.window.unlock
    assert visible_windows(app) == []


@pytest.fixture
def app_with_an_entry(unlocked: App) -> App:
    vault = unlocked.controller.vault
    assert vault is not None
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Quiet", body="a quiet evening"))
    journal = unlocked.controller.journal
    assert journal is not None
    journal.refresh()
    unlocked.dialogs.show_windows = True
    return unlocked


# (what the menu opens, the action, the window or question that is open when the lock fires)
RUN_CASES = [
    ("trash", ActionId.TRASH, "TrashDialog"),
    ("import", ActionId.IMPORT, "ImportDialog"),
    ("back up now", ActionId.BACK_UP_NOW, "BackUpNowDialog"),
    ("change passphrase", ActionId.CHANGE_PASSPHRASE, "ChangePassphraseDialog"),
    ("someone may know my passphrase", ActionId.REKEY, "RekeyDialog"),
    ("about", ActionId.ABOUT, "about"),
    ("move to trash question", ActionId.DELETE_ENTRY, "confirm"),
]


@pytest.mark.parametrize(("case", "action", "open_when_locking"), RUN_CASES, ids=lambda c: c)
def test_idle_lock_while_a_window_waits(
    app_with_an_entry: App, qtbot: Any, case: str, action: ActionId, open_when_locking: str
) -> None:
    app = app_with_an_entry
    if action is ActionId.DELETE_ENTRY:
        journal = app.controller.journal
        assert journal is not None
        journal.controller.open_entry(journal.controller.model.summary(0).id)
    fired: list[str] = []

    def while_open(what: str) -> None:
        if what == open_when_locking and not fired:
            fired.append(what)
            fire_idle_lock(app, qtbot)

    app.dialogs.while_open = while_open
    app.window.action_registry[action].trigger()
    assert fired == [open_when_locking]
    assert_locked_and_bare(app)


def test_idle_lock_while_the_trash_asks_whether_to_delete_for_good(
    app_with_an_entry: App, qtbot: Any
) -> None:
    app = app_with_an_entry
    vault = app.controller.vault
    assert vault is not None
    (summary,) = vault.entries.summaries()
    vault.entries.delete(summary.id)

    def press_delete_forever(dialog: Any) -> None:
        dialog.list.topLevelItem(0).setSelected(True)
        dialog.delete_button.click()  # asks "Delete for good?" and the lock fires meanwhile

    app.dialogs.windows.append(press_delete_forever)
    app.dialogs.while_open = lambda what: what == "confirm" and fire_idle_lock(app, qtbot)
    app.window.action_registry[ActionId.TRASH].trigger()
    assert_locked_and_bare(app)
    with Vault.open(app.folder, PASSPHRASE) as reopened:
        assert [s.id for s in reopened.entries.trashed()] == [summary.id]  # nothing was purged


OPEN_CASES: list[tuple[str, Callable[[App], object]]] = [
    ("export", lambda app: app.window.action_registry[ActionId.EXPORT].trigger()),
    ("print", lambda app: app.window.action_registry[ActionId.PRINT].trigger()),
    ("preferences", lambda app: app.window.action_registry[ActionId.PREFERENCES].trigger()),
    ("need help now", lambda app: app.window.action_registry[ActionId.NEED_HELP].trigger()),
    ("safety plan", lambda app: app.window.action_registry[ActionId.SAFETY_PLAN].trigger()),
]


@pytest.mark.parametrize(("case", "open_it"), OPEN_CASES, ids=[c[0] for c in OPEN_CASES])
def test_idle_lock_with_a_window_left_open(
    app_with_an_entry: App, qtbot: Any, case: str, open_it: Callable[[App], object]
) -> None:
    app = app_with_an_entry
    open_it(app)
    assert visible_windows(app) != []
    fire_idle_lock(app, qtbot)
    assert_locked_and_bare(app)


def test_idle_lock_while_picking_an_article_to_link(app_with_an_entry: App, qtbot: Any) -> None:
    app = app_with_an_entry
    journal = app.controller.journal
    assert journal is not None
    journal.controller.open_entry(journal.controller.model.summary(0).id)
    fired: list[str] = []

    def while_open(what: str) -> None:
        if what == "ArticlePickerDialog" and not fired:
            fired.append(what)
            fire_idle_lock(app, qtbot)

    app.dialogs.while_open = while_open
    journal.view.editor.link_article.click()
    assert fired == ["ArticlePickerDialog"]
    assert_locked_and_bare(app)


def test_every_window_the_menus_open_is_covered() -> None:
    covered = {action for _case, action, _open in RUN_CASES} | {
        ActionId.EXPORT,
        ActionId.PRINT,
        ActionId.PREFERENCES,
        ActionId.NEED_HELP,
        ActionId.SAFETY_PLAN,
    }
    # Restore and "open another journal" lock first; the rest open no window.
    no_window = {
        ActionId.NEW_ENTRY,
        ActionId.NEW_SESSION_NOTE,
        ActionId.NEW_EMOTIONAL_BLOCK,
        ActionId.NEW_REFLECTION,
        ActionId.NEW_THOUGHT_RECORD,
        ActionId.NEW_CHECK_IN,
        ActionId.RESTORE_BACKUP,
        ActionId.FIND,
        ActionId.LOCK,
        ActionId.OPEN_JOURNAL,
        ActionId.QUIT,
    }
    assert covered | no_window == set(ActionId)
