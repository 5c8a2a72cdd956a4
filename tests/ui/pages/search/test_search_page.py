"""Search across the journal and the library: grouped, highlighted, fresh, and opening hits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import SyncRunner

from journal_app import paths
from journal_app.domain.entries import Entry, EntryKind
from journal_app.library import Library
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.common.work import Task
from journal_app.ui.pages.search.page import SearchAnswer, SearchPage
from journal_app.ui.pages.search.result_model import ResultKind, ResultRole

SLUG = "how-to-cry-in-therapy"


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened, _key = Vault.create(tmp_path / "journal", "a passphrase here", kdf=MINIMUM_KDF)
    yield opened
    opened.close()


@pytest.fixture
def library() -> Library:
    return Library(paths.resources_dir() / "articles")


def make_page(qtbot: Any, vault: Vault, library: Library, **kwargs: Any) -> SearchPage:
    runner = kwargs.pop("runner", None) or SyncRunner()
    page = SearchPage(vault, library, runner, debounce_ms=0, **kwargs)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    return page


def rows(page: SearchPage) -> list[tuple[ResultKind, str]]:
    model = page.model
    return [
        (model.index(r).data(ResultRole.KIND), model.index(r).data(ResultRole.TITLE))
        for r in range(model.rowCount())
    ]


def test_finds_an_entry_and_a_comment_and_opens_them(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    entry = vault.entries.add(
        Entry.new(EntryKind.REFLECTION, title="Hallmark", body="I cried at a Hallmark advert.")
    )
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Other", body="Nothing relevant."))
    page = make_page(qtbot, vault, library)
    with qtbot.waitSignal(page.searchFinished, timeout=2000):
        page.field.setText("hallmark")
    kinds = rows(page)
    assert kinds[0] == (ResultKind.HEADER, "Journal · 1")
    assert kinds[1] == (ResultKind.ENTRY, "Hallmark")
    assert kinds[2] == (ResultKind.HEADER, "Articles · 1")
    assert kinds[3][0] is ResultKind.ARTICLE
    entry_row, comment_row = page.model.index(1), page.model.index(3)
    assert "\ue000" in entry_row.data(ResultRole.SNIPPET)
    assert comment_row.data(ResultRole.COMMENT_ID) == "c06"
    assert not page.model.flags(page.model.index(0)) & Qt.ItemFlag.ItemIsSelectable

    # Enter in the search field opens the current (first) hit: the entry.
    with qtbot.waitSignal(page.openEntryRequested) as opened:
        qtbot.keyClick(page.field, Qt.Key.Key_Return)
    assert opened.args == [entry.id]

    # Down moves into the list; arrows step over the header; Enter opens the comment.
    page.field.setFocus()
    qtbot.keyClick(page.field, Qt.Key.Key_Down)
    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    assert page.results.currentIndex().row() == 3
    with qtbot.waitSignal(page.openArticleRequested) as article:
        qtbot.keyClick(page.results, Qt.Key.Key_Return)
    assert article.args == [SLUG, "c06", ""]


def test_nothing_found_and_empty_query(qtbot: Any, vault: Vault, library: Library) -> None:
    page = make_page(qtbot, vault, library)
    with qtbot.waitSignal(page.searchFinished, timeout=2000) as done:
        page.field.setText("zzzqqq")
    assert done.args == [0]
    assert "Nothing found" in page.message.text()
    page.field.setText("")
    page.run_search()
    assert page.model.rowCount() == 0


class HeldRunner:
    """Keeps tasks until the test releases them, in any order."""

    def __init__(self) -> None:
        self.tasks: list[Task[Any]] = []

    def start(self, task: Task[Any]) -> None:
        self.tasks.append(task)

    def release(self, position: int) -> None:
        task = self.tasks[position]
        task.deliver_result(task.job(task.progress))


def test_stale_answers_are_dropped(qtbot: Any, vault: Vault, library: Library) -> None:
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Tears", body="tears and more tears"))
    runner = HeldRunner()
    page = make_page(qtbot, vault, library, runner=runner)
    page.field.setText("therapist")
    page.run_search()
    page.field.setText("tears")
    page.run_search()
    runner.release(1)  # the newer answer arrives first...
    runner.release(0)  # ...and the older one must not replace it
    assert page.last_answer is not None and page.last_answer.text == "tears"
    assert rows(page)[1] == (ResultKind.ENTRY, "Tears")


def test_clear_forgets_query_and_results(qtbot: Any, vault: Vault, library: Library) -> None:
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Tears", body="tears"))
    runner = HeldRunner()
    page = make_page(qtbot, vault, library, runner=runner)
    page.field.setText("tears")
    page.run_search()
    page.clear()
    runner.release(0)  # an answer still on its way after the lock
    assert page.field.text() == ""
    assert page.model.rowCount() == 0


def test_typing_is_debounced(qtbot: Any, vault: Vault, library: Library) -> None:
    calls: list[str] = []
    page = SearchPage(vault, library, SyncRunner(), debounce_ms=150)
    qtbot.addWidget(page)
    original: Callable[[], None] = page.run_search

    def counting() -> None:
        calls.append(page.field.text())
        original()

    page.timer.timeout.disconnect()
    page.timer.timeout.connect(counting)
    for text in ("t", "te", "tea", "tear"):
        page.field.setText(text)
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    qtbot.wait(200)
    assert calls == ["tear"]
    assert isinstance(page.last_answer, SearchAnswer)
