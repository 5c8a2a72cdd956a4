"""The journal page's empty view is built ahead, in small parts, while the unlock screen waits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import PASSPHRASE, App

from journal_app.ui.pages.journal.page import JournalView
from journal_app.ui.shell.navigation import JournalPage, prepare_journal_view


def test_the_journal_view_is_built_in_many_small_parts_and_holds_nothing(qtbot: Any) -> None:
    parts = list(prepare_journal_view())
    view = parts[-1]
    assert isinstance(view, JournalView)
    qtbot.addWidget(view)
    assert all(part is None for part in parts[:-1])
    assert len(parts) > 10  # imports one by one, the list, the editor's form a section at a time
    assert view.list.model() is None  # nothing from a journal: none is open yet
    assert view.editor.title.text() == "" and view.editor.body.toPlainText() == ""


def preparing_app(make_app: Callable[..., App], existing_journal: tuple[Path, str]) -> App:
    """The unlock screen of a journal, with the journal page being prepared behind it."""
    folder, _key = existing_journal
    app = make_app(folder)
    app.controller.preparation.start()  # as the unlock screen does after a moment
    return app


def test_unlocking_takes_the_view_prepared_behind_the_unlock_screen(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    app = preparing_app(make_app, existing_journal)
    preparation = app.controller.preparation
    qtbot.waitUntil(lambda: "journal" in preparation.prepared, timeout=10_000)
    prepared = preparation.prepared["journal"]
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    page = app.controller.page("journal")
    assert isinstance(page, JournalPage)
    assert page.view is prepared
    assert preparation.prepared == {}
    assert page.controller.model.rowCount() >= 0 and page.view.list.model() is not None


def test_unlocking_before_the_view_is_ready_builds_it_the_ordinary_way(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    app = preparing_app(make_app, existing_journal)
    preparation = app.controller.preparation
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()  # the test runner opens the journal at once
    page = app.controller.page("journal")
    assert isinstance(page, JournalPage) and page.view.list.model() is not None
    qtbot.waitUntil(lambda: not preparation.running, timeout=5_000)
    assert preparation.prepared == {}  # nothing half-built is left behind
