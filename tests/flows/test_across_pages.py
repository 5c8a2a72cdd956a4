"""End-to-end flows across the pages: writing about an article, search, export and bulk delete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog
from ui_helpers import PASSPHRASE, App

from journal_app.domain.entries import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.pages.library.page import LibraryPage
from journal_app.ui.pages.prep.page import SessionPrepPage
from journal_app.ui.pages.search.page import SearchPage
from journal_app.ui.shell import commands, session
from journal_app.ui.shell.actions import ActionId
from journal_app.ui.shell.navigation import JournalPage
from journal_app.ui.windows.export import ExportDialog

SLUG = "how-to-cry-in-therapy"
COMMENT = "c06"


def unlock(app: App) -> App:
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    assert app.controller.vault is not None
    return app


@pytest.fixture
def journal_with(tmp_path: Path) -> Callable[[list[str]], tuple[Path, list[int]]]:
    """A closed journal holding reflections with the given titles (oldest first)."""

    def build(titles: list[str]) -> tuple[Path, list[int]]:
        folder = tmp_path / "journal"
        vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
        ids = []
        for title in titles:
            stored = vault.entries.add(Entry.new(EntryKind.REFLECTION, title=title, body=title))
            assert stored.id is not None
            ids.append(stored.id)
        vault.close()
        return folder, ids

    return build


def journal_of(app: App) -> JournalPage:
    page = app.controller.journal
    assert page is not None
    return page


def page_of(app: App, key: str, kind: type) -> Any:
    page = app.controller.page(key)
    assert isinstance(page, kind)
    return page


def test_pages_share_one_library_loaded_once_per_unlock(
    unlocked: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = unlocked
    library = app.controller.library
    assert library is not None and library.get(SLUG) is not None
    assert page_of(app, "library", LibraryPage).library is library
    assert page_of(app, "search", SearchPage).library is library
    assert page_of(app, "prep", SessionPrepPage).library is library
    loads: list[object] = []
    original = session.Library.load
    monkeypatch.setattr(
        session.Library, "load", lambda store=None: loads.append(store) or original(store)
    )
    app.controller.lock()
    assert app.controller.library is None
    unlock(app)
    assert len(loads) == 1


def test_write_about_a_comment_links_the_new_entry(
    unlocked: App, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = unlocked
    controller = app.controller
    library_page = page_of(app, "library", LibraryPage)
    controller.show_page("library")
    assert library_page.open_article(SLUG)
    assert library_page.reader.linked_model.rowCount() == 0

    # "Write about this" on a comment in the reader
    library_page.reader.browser.writeAboutCommentClicked.emit(COMMENT)
    journal = journal_of(app)
    assert app.window.pages.currentWidget() is journal.view
    editor = journal.view.editor
    editor_controller = journal.controller.editor
    assert editor_controller.current is not None and editor_controller.current.id is None
    prompts = controller.library.get(SLUG).reflection_prompts  # type: ignore[union-attr]
    assert editor.prompts_card.isVisibleTo(editor)
    assert [b.property("prompt") for b in editor.prompt_buttons] == list(prompts)
    assert len(editor.link_rows) == 1
    row = editor.link_rows[0]
    assert row.title.text() == "How to Cry in Therapy"
    assert row.detail.text().startswith("Comment: ")

    # A prompt goes into the writing as a quote line; then the person writes.
    qtbot.mouseClick(editor.prompt_buttons[0], Qt.MouseButton.LeftButton)
    assert editor.body.toPlainText().startswith(f"> {prompts[0]}\n\n")
    editor.body.insertPlainText("The last time was at the school gate.")
    qtbot.waitUntil(lambda: not editor_controller.dirty, timeout=3000)
    saved = editor_controller.current
    assert saved is not None and saved.id is not None
    vault = controller.vault
    assert vault is not None
    stored = vault.entries.get(saved.id)
    assert [(link.article_slug, link.comment_id) for link in stored.links] == [(SLUG, COMMENT)]
    assert vault.drafts.saved() == []

    # The reader's "From my journal" panel knows about it already.
    assert library_page.reader.linked_model.rowCount() == 1
    assert library_page.model.rowCount() >= 1

    # "Open" in the editor's linked articles opens the reader at that comment.
    opened: list[tuple[Any, ...]] = []
    original = library_page.open_article
    monkeypatch.setattr(
        library_page, "open_article", lambda *args: opened.append(args) or original(*args)
    )
    editor.link_rows[0].open.click()
    assert opened == [(SLUG, COMMENT, "")]
    assert app.window.pages.currentWidget() is library_page
    assert library_page.stack.currentWidget() is library_page.reader

    # Prompts can be dismissed.
    controller.show_page("journal")
    editor_controller.new_linked_entry(saved, prompts, "How to Cry in Therapy")
    editor.prompts_hide.click()
    assert not editor.prompts_card.isVisibleTo(editor)


def test_link_and_unlink_an_article_from_the_editor(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    journal = journal_of(app)
    editor = journal.view.editor
    editor_controller = journal.controller.editor
    links = editor_controller.links
    links.articles = replace(links.articles, pick=lambda _library, _parent: (SLUG, None))
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    editor.body.setPlainText("A thought about crying.")
    qtbot.waitUntil(lambda: not editor_controller.dirty, timeout=3000)
    entry_id = editor_controller.current.id  # type: ignore[union-attr]
    assert entry_id is not None
    editor.link_article.click()
    vault = app.controller.vault
    assert vault is not None
    assert [link.article_slug for link in vault.entries.get(entry_id).links] == [SLUG]
    assert vault.links.counts_by_article() == {SLUG: 1}
    library_page = page_of(app, "library", LibraryPage)
    counts = [
        library_page.model.index(row).data(Qt.ItemDataRole.DisplayRole)
        for row in range(library_page.model.rowCount())
    ]
    assert counts
    editor.link_rows[0].remove.click()
    assert vault.entries.get(entry_id).links == ()
    assert editor.link_rows == []
    assert editor.links_empty.isVisibleTo(editor)


def test_search_enter_opens_the_entry_in_the_editor(
    make_app: Callable[..., App], journal_with: Any, qtbot: Any
) -> None:
    folder, ids = journal_with(["Walk by the river", "Marmalade on toast"])
    app = unlock(make_app(folder))
    app.window.action_registry[ActionId.FIND].trigger()
    search = page_of(app, "search", SearchPage)
    assert app.window.pages.currentWidget() is search
    search.field.setText("marmalade")
    qtbot.keyClick(search.field, Qt.Key.Key_Return)
    journal = journal_of(app)
    assert app.window.pages.currentWidget() is journal.view
    current = journal.controller.editor.current
    assert current is not None and current.id == ids[1]
    assert journal.controller.selected_entry_ids() == [ids[1]]
    # The journal list keeps its own filter box.
    assert journal.view.search.isVisibleTo(journal.view)


def select_rows(journal: JournalPage, rows: list[int]) -> None:
    selection = journal.view.list.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            journal.controller.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
        )


def test_export_action_passes_the_selected_entries(
    make_app: Callable[..., App], journal_with: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, ids = journal_with(["One", "Two", "Three"])
    app = unlock(make_app(folder))
    calls: list[dict[str, Any]] = []

    def fake_export(
        parent: Any,
        vault: Any,
        library: Any,
        dialogs: Any,
        selected_entry_ids: Any = (),
        runner: Any = None,
    ) -> QDialog:
        calls.append({"ids": list(selected_entry_ids), "vault": vault, "library": library})
        return QDialog(parent)

    monkeypatch.setattr(commands, "show_export_dialog", fake_export)
    journal = journal_of(app)
    select_rows(journal, [0, 2])  # newest first: "Three" and "One"
    action = app.window.action_registry[ActionId.EXPORT]
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    assert calls[-1]["ids"] == [ids[2], ids[0]]
    assert calls[-1]["vault"] is app.controller.vault
    assert calls[-1]["library"] is app.controller.library
    assert app.controller.commands.export_dialog is not None
    app.controller.commands.export_dialog.reject()
    assert app.controller.commands.export_dialog is None

    # Session prep's button goes through the same door.
    prep = page_of(app, "prep", SessionPrepPage)
    assert prep.export_button.isEnabled()
    prep.export_button.click()
    assert len(calls) == 2


def test_real_export_dialog_opens_preset_and_closes_on_lock(
    make_app: Callable[..., App], journal_with: Any
) -> None:
    folder, _ids = journal_with(["One", "Two"])
    app = unlock(make_app(folder))
    select_rows(journal_of(app), [1])
    app.window.action_registry[ActionId.PRINT].trigger()
    dialog = app.controller.commands.export_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.selected.isChecked()
    assert dialog.print_button.isDefault()
    app.controller.lock()
    assert app.controller.commands.export_dialog is None
    assert not dialog.isVisible()


def test_bulk_delete_asks_for_more_than_five_and_undo_restores_all(
    make_app: Callable[..., App], journal_with: Any
) -> None:
    folder, ids = journal_with([f"Entry {n}" for n in range(12)])
    app = unlock(make_app(folder))
    journal = journal_of(app)
    journal.view.list.selectAll()
    assert len(journal.controller.selected_entry_ids()) == 12
    app.dialogs.confirms.append(False)
    app.window.action_registry[ActionId.DELETE_ENTRY].trigger()
    assert app.dialogs.calls[-1] == ("confirm", ("Move to Trash?", "Move 12 entries to the Trash?"))
    vault = app.controller.vault
    assert vault is not None
    assert vault.entries.trashed() == []

    app.dialogs.confirms.append(True)
    app.window.action_registry[ActionId.DELETE_ENTRY].trigger()
    assert len(vault.entries.trashed()) == 12
    assert journal.controller.model.rowCount() == 0
    assert app.window.status_text.text() == "Moved 12 entries to the Trash."
    assert app.window.undo_button.isVisibleTo(app.window)
    app.window.undo_button.click()
    assert vault.entries.trashed() == []
    assert journal.controller.model.rowCount() == 12
    assert sorted(journal.controller.model.summary(r).id for r in range(12)) == sorted(ids)


def test_bulk_delete_of_a_few_includes_the_open_entry(
    make_app: Callable[..., App], journal_with: Any
) -> None:
    folder, ids = journal_with(["One", "Two", "Three"])
    app = unlock(make_app(folder))
    journal = journal_of(app)
    journal.controller.open_entry(ids[2])
    select_rows(journal, [0, 1])
    app.window.action_registry[ActionId.DELETE_ENTRY].trigger()
    assert app.dialogs.calls[-1][1][1] == "Move these 2 entries to the Trash?"
    current = journal.controller.editor.current
    assert current is None or current.id == ids[0]
    vault = app.controller.vault
    assert vault is not None
    assert {summary.id for summary in vault.entries.trashed()} == {ids[1], ids[2]}


def test_reading_position_is_kept_across_a_lock_as_a_slug_and_a_number(
    unlocked: App, qtbot: Any
) -> None:
    import json

    from journal_app import paths
    from journal_app.ui.pages.library.reading_positions import POSITIONS_FILE_NAME

    app = unlocked
    slug = "how-to-cry-in-therapy"
    app.controller.open_article(slug)
    library = page_of(app, "library", LibraryPage)
    bar = library.reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum() // 2)
    app.controller.lock()

    stored = json.loads((paths.config_dir() / POSITIONS_FILE_NAME).read_text())
    assert list(stored) == [slug] and 0.3 < stored[slug] < 0.7

    unlock(app)
    app.controller.open_article(slug)
    again = page_of(app, "library", LibraryPage).reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: again.maximum() > 0, timeout=5000)
    assert abs(again.value() / again.maximum() - stored[slug]) < 0.05


def test_pages_are_built_when_first_shown(unlocked: App) -> None:
    app = unlocked
    assert set(app.controller.pages) == {"journal"}  # nothing else is read at unlock
    app.controller.show_page("prep")
    assert set(app.controller.pages) == {"journal", "prep"}
    assert app.window.pages.currentWidget() is app.controller.pages["prep"].widget
    app.controller.lock()
    assert app.controller.pages == {} and app.controller.page("prep") is None
