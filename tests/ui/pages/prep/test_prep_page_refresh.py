"""Session prep with many entries: "Show N more", no rebuild unchanged, saves by difference."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QCheckBox
from ui_helpers import SyncRunner

from journal_app import paths
from journal_app.domain.entries import Entry, EntryKind, Question, SessionNoteDetails
from journal_app.library import Library
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.pages.prep import sections
from journal_app.ui.pages.prep.link_list import PAGE_SIZE
from journal_app.ui.pages.prep.page import SessionPrepPage

PASSPHRASE = "a passphrase here"
REFLECTIONS = 45
QUESTIONS = 30


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def busy_journal(folder: Path) -> Vault:
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    vault.entries.add(
        Entry.new(
            EntryKind.SESSION,
            title="Last session",
            occurred_at=hours_ago(24 * 9),
            details=SessionNoteDetails(homework="Walk every day."),
        )
    )
    for number in range(REFLECTIONS):
        questions = (Question(f"Question {number}?"),) if number < QUESTIONS else ()
        vault.entries.add(
            Entry.new(
                EntryKind.REFLECTION,
                title=f"Reflection {number}",
                occurred_at=hours_ago(REFLECTIONS + 1 - number),
                questions=questions,
            )
        )
    return vault


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    """A busy journal (see :func:`busy_journal`), closed after the test."""
    opened = busy_journal(tmp_path / "j")
    yield opened
    opened.close()


def make_page(qtbot: Any, vault: Vault) -> SessionPrepPage:
    page = SessionPrepPage(vault, Library(paths.resources_dir() / "articles"), SyncRunner())
    qtbot.addWidget(page)
    page.resize(1080, 800)
    page.show()
    return page


def shown_titles(page: SessionPrepPage) -> list[str]:
    return [row.button.text() for row in page.reflections_list.rows if row.isVisibleTo(page)]


def test_a_long_list_shows_the_first_links_and_more_on_request(qtbot: Any, vault: Vault) -> None:
    page = make_page(qtbot, vault)
    assert shown_titles(page)[:2] == [
        f"Reflection {REFLECTIONS - 1}",
        f"Reflection {REFLECTIONS - 2}",
    ]
    assert len(shown_titles(page)) == PAGE_SIZE
    more = page.reflections_list.more_button
    assert more.isVisibleTo(page) and more.text() == f"Show {PAGE_SIZE} more"
    assert more.accessibleName() == f"Show {PAGE_SIZE} more reflections"
    assert more.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable by keyboard
    more.setFocus()
    qtbot.keyClick(more, Qt.Key.Key_Space)
    assert len(shown_titles(page)) == 2 * PAGE_SIZE
    assert page.focusWidget() is page.reflections_list.rows[PAGE_SIZE].button
    assert more.text() == f"Show {min(PAGE_SIZE, REFLECTIONS - 2 * PAGE_SIZE)} more"
    while more.isVisibleTo(page):
        more.click()
    assert len(shown_titles(page)) == REFLECTIONS and not more.isVisibleTo(page)
    # The questions are rows of one model, not a checkbox each.
    assert page.questions.rowCount() == QUESTIONS
    assert page.question_list.model() is page.questions
    assert page.questions_card.findChildren(QCheckBox) == []


def test_revisiting_with_no_change_rebuilds_nothing(qtbot: Any, vault: Vault) -> None:
    page = make_page(qtbot, vault)
    model = page.questions
    rows = list(page.reflections_list.rows)
    spies = [
        QSignalSpy(signal)
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
        )
    ]
    page.shown()  # nothing changed since: nothing is read again
    page.refresh()  # read again, and the same answer: nothing changes on screen
    assert page.questions is model and page.reflections_list.rows == rows
    assert [spy.count() for spy in spies] == [0, 0, 0, 0]


def test_after_a_save_the_new_items_appear_by_difference(qtbot: Any, vault: Vault) -> None:
    from journal_app.ui.shell.changes import Change

    page = make_page(qtbot, vault)
    model = page.questions
    first_row = page.reflections_list.rows[0]
    resets = QSignalSpy(model.modelReset)
    inserted = QSignalSpy(model.rowsInserted)
    vault.entries.add(
        Entry.new(
            EntryKind.REFLECTION,
            title="Written just now",
            questions=(Question("Can we talk about my sister?"),),
        )
    )
    page.journal_changed(Change.ENTRIES, showing=False)
    page.shown()
    assert resets.count() == 0 and inserted.count() == 1
    assert "Can we talk about my sister?" in [q.text for q in model.questions()]
    assert shown_titles(page)[0] == "Written just now"
    assert page.reflections_list.rows[0] is first_row  # the row was reused, not rebuilt
    assert page.since_label.text().endswith(f"{REFLECTIONS + 1} entries")


def test_the_section_texts_are_worked_out_without_qt() -> None:
    tree = ast.parse(Path(sections.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name.startswith("PySide6") for name in imported)
