"""The editor's linked articles: a row per link (Open, Remove), "Link an article…", and the
passages the entry quotes, shown at the top of the form while writing.

A link on an entry that isn't saved yet stays on the entry until its first save; on a saved entry
it goes to the journal at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtWidgets import QWidget

from journal_app.domain.entries import ArticleLink, Entry
from journal_app.domain.validation import ValidationError
from journal_app.library import Library
from journal_app.storage import JournalError, Vault
from journal_app.ui.pages.journal.editor_view import EditorView, LinkRow

QUOTE_EXCERPT_CHARS = 90

ArticlePicker = Callable[[Library, QWidget], "tuple[str, str | None] | None"]
OpenArticle = Callable[[str, "str | None", str], None]


class EntryInEditor(Protocol):
    """What the links and questions need of the editor: the entry on screen."""

    current: Entry | None


class LinkedArticles:
    """Keeps the editor's "Linked articles" and quoted passages in step with the entry."""

    def __init__(
        self,
        editor: EntryInEditor,
        view: EditorView,
        *,
        vault: Vault,
        library: Library | None,
        pick_article: ArticlePicker,
        open_article: OpenArticle,
        links_changed: Callable[[], None],
        edited: Callable[[], None],
        show_error: Callable[[str], None],
    ) -> None:
        self._editor = editor
        self._view = view
        self._vault = vault
        self.library = library
        self._pick_article = pick_article
        self._open_article = open_article
        self._links_changed = links_changed
        self._edited = edited
        self._show_error = show_error

    def show(self, entry: Entry | None) -> None:
        v = self._view
        for row in v.link_rows:
            v.links_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        v.link_rows = []
        links = entry.links if entry is not None else ()
        for position, link in enumerate(links):
            title, detail = self.describe(link)
            row = LinkRow(title, detail)
            row.open.clicked.connect(lambda _c=False, link=link: self.open(link))
            row.remove.clicked.connect(lambda _c=False, position=position: self.remove(position))
            v.links_box.addWidget(row)
            v.link_rows.append(row)
        v.links_empty.setVisible(not links)
        v.link_article.setEnabled(self.library is not None)
        v.set_quotes([(self._article_title(link), link.quote) for link in links if link.quote])

    def _article_title(self, link: ArticleLink) -> str:
        article = self.library.get(link.article_slug) if self.library is not None else None
        return article.title if article is not None else link.article_slug

    def describe(self, link: ArticleLink) -> tuple[str, str]:
        """The article's title, and the comment's heading or the quoted passage."""
        article = self.library.get(link.article_slug) if self.library is not None else None
        if article is None:
            return link.article_slug, "This article isn't in the library any more."
        detail = ""
        comment = article.comment(link.comment_id) if link.comment_id else None
        if comment is not None:
            detail = comment.heading or excerpt(comment.body)
            detail = f"Comment: {detail}"
        elif link.quote:
            detail = f"“{excerpt(link.quote)}”"
        return article.title, detail

    def open(self, link: ArticleLink) -> None:
        self._open_article(link.article_slug, link.comment_id, link.quote)

    def add(self) -> None:
        """Ask which article (and comment) to link, and link it."""
        if self._editor.current is None or self.library is None:
            return
        chosen = self._pick_article(self.library, self._view)
        current = self._editor.current
        if chosen is None or current is None:
            return
        slug, comment_id = chosen
        link = ArticleLink(article_slug=slug, comment_id=comment_id)
        if current.id is None:
            self._editor.current = replace(current, links=(*current.links, link))
            self.show(self._editor.current)
            self._edited()
            return
        try:
            self._vault.links.add(current.id, link)
        except (ValidationError, JournalError) as error:
            self._show_error(str(error))
            return
        self.reload()

    def remove(self, position: int) -> None:
        current = self._editor.current
        if current is None or not 0 <= position < len(current.links):
            return
        link = current.links[position]
        if link.id is None:
            links = current.links[:position] + current.links[position + 1 :]
            self._editor.current = replace(current, links=links)
            self.show(self._editor.current)
            if current.id is None:
                self._edited()
            return
        try:
            self._vault.links.remove(link.id)
        except JournalError as error:
            self._show_error(str(error))
            return
        self.reload()

    def reload(self) -> None:
        """Show the links as the journal has them now (after adding or removing one)."""
        current = self._editor.current
        if current is None or current.id is None:
            return
        stored = self._vault.entries.get(current.id)
        self._editor.current = replace(current, links=stored.links)
        self.show(self._editor.current)
        self._links_changed()


def excerpt(text: str, length: int = QUOTE_EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def pick_with_dialog(library: Library, parent: QWidget) -> tuple[str, str | None] | None:
    """The article (and comment) the person picks in the article picker, or None."""
    from journal_app.ui.windows.article_picker import ArticlePickerDialog

    return ArticlePickerDialog.pick(library, parent)
