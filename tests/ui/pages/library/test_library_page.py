"""The library, the reader and "write about this": linking passages and comments to entries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from ui_helpers import SyncRunner

from journal_app import paths
from journal_app.domain.entries import EntryKind
from journal_app.library import Library
from journal_app.library.write_about import write_about
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.pages.library.article_browser import reader_html, reader_theme
from journal_app.ui.pages.library.article_model import ArticleRole
from journal_app.ui.pages.library.linked_entries import LinkRole
from journal_app.ui.pages.library.page import LibraryPage
from journal_app.ui.pages.library.reading_positions import ReadingPositions

SLUG = "how-to-cry-in-therapy"
PASSAGE = "The emotion is there, the desire is there, but they’re blocked."


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened, _key = Vault.create(tmp_path / "journal", "a passphrase here", kdf=MINIMUM_KDF)
    yield opened
    opened.close()


@pytest.fixture
def library(vault: Vault) -> Library:
    return Library(paths.resources_dir() / "articles", None, vault)


class Dialogs:
    def __init__(self) -> None:
        self.warnings: list[tuple[str, str]] = []

    def warn(self, _parent: Any, title: str, text: str) -> None:
        self.warnings.append((title, text))


def make_page(qtbot: Any, vault: Vault, library: Library, **kwargs: Any) -> LibraryPage:
    page = LibraryPage(vault, library, Dialogs(), SyncRunner(), **kwargs)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def select_in_browser(page: LibraryPage, text: str) -> None:
    """Select ``text`` as a person would with the mouse."""
    cursor = page.reader.browser.document().find(text)
    assert not cursor.isNull(), text
    page.reader.browser.setTextCursor(cursor)


def test_select_write_link_and_open_again_at_the_passage(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    page = make_page(qtbot, vault, library)
    assert page.open_article(SLUG)
    select_in_browser(page, PASSAGE)
    assert page.reader.write_button.text() == "Write about this passage"

    with qtbot.waitSignal(page.writeAboutRequested) as signal:
        page.reader.write_button.click()
    slug, comment_id, quote = signal.args
    assert (slug, comment_id, quote) == (SLUG, None, PASSAGE)

    draft = write_about(library, slug, comment_id, quote)
    assert draft.entry.kind is EntryKind.REFLECTION
    assert draft.prompts == library.get(SLUG).reflection_prompts  # type: ignore[union-attr]
    saved = vault.entries.add(draft.entry.with_changes(title="Blocked", body="That's me."))
    assert saved.id is not None

    page.refresh()
    panel = page.reader.linked_model
    assert panel.rowCount() == 1
    row = panel.index(0)
    assert row.data(LinkRole.ENTRY_ID) == saved.id
    assert row.data(LinkRole.QUOTE) == PASSAGE
    assert row.data(LinkRole.WHERE) == "The article"
    assert page.model.index(0).data(ArticleRole.LINK_COUNT) == 1

    with qtbot.waitSignal(page.openEntryRequested) as opened:
        page.reader.linked_list.activated.emit(row)
    assert opened.args == [saved.id]

    # From the entry: open its linked article at the passage, in a fresh page.
    link = vault.entries.get(saved.id).links[0]
    other = make_page(qtbot, vault, library)
    assert other.open_article(link.article_slug, link.comment_id, link.quote)
    assert other.stack.currentWidget() is other.reader
    assert other.reader.browser.selected_passage() == PASSAGE
    assert other.reader.browser.textCursor().selectedText() == PASSAGE


def test_a_passage_across_paragraphs_is_found_again(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    page = make_page(qtbot, vault, library)
    page.open_article(SLUG)
    browser = page.reader.browser
    first = browser.document().find("They’re emotionally constipated.")
    cursor = browser.textCursor()
    cursor.setPosition(first.selectionStart())
    cursor.setPosition(first.selectionEnd() + 40, cursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    quote = browser.selected_passage()
    assert "\n" in quote  # the selection crosses into the next paragraph
    page.reader.browser.setTextCursor(browser.document().find("Ryan"))
    assert page.reader.browser.select_passage(quote)
    assert page.reader.browser.selected_passage() == quote


def test_every_comment_has_a_write_about_link(qtbot: Any, vault: Vault, library: Library) -> None:
    article = library.get(SLUG)
    assert article is not None and len(article.comments) == 18
    html = reader_html(article, reader_theme())
    for comment in article.comments:
        assert f'href="action:write-about/{comment.id}"' in html
    page = make_page(qtbot, vault, library)
    page.open_article(SLUG)
    with qtbot.waitSignal(page.writeAboutRequested) as signal:
        page.reader.browser.anchorClicked.emit(QUrl("action:write-about/c06"))
    assert signal.args == [SLUG, "c06", ""]
    draft = write_about(library, SLUG, "c06")
    assert draft.entry.links[0].comment_id == "c06"
    assert write_about(library, SLUG, "no-such-comment").entry.links[0].comment_id is None


def test_comment_links_show_which_comment_and_open_there(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    draft = write_about(library, SLUG, "c12")
    vault.entries.add(draft.entry.with_changes(title="About a comment"))
    page = make_page(qtbot, vault, library)
    page.open_article(SLUG, "c12")
    assert page.reader.browser.verticalScrollBar().value() > 0
    where = page.reader.linked_model.index(0).data(LinkRole.WHERE)
    assert where.startswith("Comment: ")


def test_the_reader_never_loads_or_follows_anything_by_itself(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    opened: list[QUrl] = []
    page = make_page(qtbot, vault, library, open_external=opened.append)
    page.open_article(SLUG)
    browser = page.reader.browser
    assert not browser.openLinks() and not browser.openExternalLinks()
    image = int(QTextDocument.ResourceType.ImageResource)
    assert browser.loadResource(image, QUrl("https://example.com/tracker.png")) is None
    assert browser.loadResource(image, QUrl("file:///etc/passwd")) is None
    assert opened == []
    browser.anchorClicked.emit(QUrl("https://www.psychologytoday.com/"))
    assert [url.toString() for url in opened] == ["https://www.psychologytoday.com/"]
    browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert len(opened) == 1


def test_text_size_and_reading_position(
    qtbot: Any, vault: Vault, library: Library, tmp_path: Path
) -> None:
    store = tmp_path / "positions.json"
    page = make_page(qtbot, vault, library, positions=ReadingPositions(store))
    page.open_article(SLUG)
    reader = page.reader
    reader.zoom_in()
    reader.zoom_in()
    assert reader.browser.zoom > 1.0
    reader.zoom_out()
    assert 1.0 < reader.browser.zoom < 1.2
    bar = reader.browser.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    page.show_list()
    saved = json.loads(store.read_text())
    assert list(saved) == [SLUG] and 0.3 < saved[SLUG] < 0.7

    again = make_page(qtbot, vault, library, positions=ReadingPositions(store))
    again.open_article(SLUG)
    again_bar = again.reader.browser.verticalScrollBar()
    assert abs(again_bar.value() / again_bar.maximum() - saved[SLUG]) < 0.05


def test_the_measure_keeps_lines_comfortable(qtbot: Any, vault: Vault, library: Library) -> None:
    page = make_page(qtbot, vault, library)
    page.resize(1600, 800)
    page.open_article(SLUG)
    qtbot.wait(10)
    browser = page.reader.browser
    margin = browser.document().rootFrame().frameFormat().leftMargin()
    column = browser.viewport().width() - 2 * margin
    assert column <= browser.measure_width() + 2


def test_clear_drops_everything_from_the_journal(
    qtbot: Any, vault: Vault, library: Library
) -> None:
    vault.entries.add(write_about(library, SLUG, quote=PASSAGE).entry)
    page = make_page(qtbot, vault, library)
    page.open_article(SLUG)
    assert page.reader.linked_model.rowCount() == 1
    page.clear()
    assert page.reader.article is None
    assert page.reader.browser.toPlainText() == ""
    assert page.reader.linked_model.rowCount() == 0
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.list_page


def test_library_lists_articles_and_adds_one_from_a_file(
    qtbot: Any, vault: Vault, library: Library, tmp_path: Path
) -> None:
    note = tmp_path / "sitting-with-sadness.md"
    note.write_text("# Sitting with sadness\n\nA few lines my therapist gave me.\n", "utf-8")
    page = make_page(qtbot, vault, library, choose_file=lambda _parent: note)
    first = page.model.index(0)
    assert first.data(ArticleRole.TITLE) == "How to Cry in Therapy"
    assert first.data(ArticleRole.AUTHOR) == "Ryan Howes, Ph.D."
    assert first.data(ArticleRole.BLOG) == "In Therapy"
    assert first.data(ArticleRole.PUBLISHED) == "January 2012"
    assert first.data(ArticleRole.LINK_COUNT) == 0
    page.add_button.click()
    assert page.model.rowCount() == 2
    added = page.model.index(1)
    assert added.data(ArticleRole.TITLE) == "Sitting with sadness"
    assert added.data(ArticleRole.ADDED_BY_ME)

    broken = tmp_path / "picture.png"
    broken.write_bytes(b"\x89PNG not an article")
    page._choose_file = lambda _parent: broken
    page.add_button.click()
    dialogs = page.dialogs
    assert isinstance(dialogs, Dialogs) and dialogs.warnings
    assert page.add_button.isEnabled()


def test_activating_an_article_opens_the_reader(qtbot: Any, vault: Vault, library: Library) -> None:
    page = make_page(qtbot, vault, library)
    page.list.activated.emit(page.model.index(0))
    assert page.stack.currentWidget() is page.reader
    assert "How to Cry in Therapy" in page.reader.browser.toPlainText()
    page.reader.back_button.click()
    assert page.stack.currentWidget() is page.list_page
