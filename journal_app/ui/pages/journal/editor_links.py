"""The editor's linked articles: a row per link (Open, Remove), "Link an article…", and the
passages the entry quotes, shown at the top of the form while writing.

A link on an entry that isn't saved yet stays on the entry until its first save; on a saved entry
it goes to the journal at once. ``EditorPart`` is what the links and the questions
(``editor_questions.py``) share: the entry on screen, and reading their part back after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from PySide6.QtWidgets import QWidget

from journal_app.domain.entries import ArticleLink, Entry
from journal_app.domain.validation import ValidationError
from journal_app.library import Article, Library
from journal_app.storage import JournalError, Vault
from journal_app.ui.pages.journal.editor_view import EditorView, LinkRow

QUOTE_EXCERPT_CHARS = 90

ArticlePicker = Callable[[Library, QWidget], "tuple[str, str | None] | None"]
OpenArticle = Callable[[str, "str | None", str], None]


class EntryInEditor(Protocol):
    """What the links and questions need of the editor: the entry on screen."""

    current: Entry | None


@dataclass(frozen=True)
class ArticleAccess:
    """What linking articles needs from outside the editor: the library (None while there is
    none), how to ask which article to link, how to open one, and whom to tell when links change."""

    library: Library | None
    pick: ArticlePicker
    open: OpenArticle
    links_changed: Callable[[], None]


class EditorPart:
    """A part of the editor kept in step with the journal (the links, the questions): it shows
    its part of the entry on screen and, after changing it in the journal, reads it back."""

    def __init__(
        self,
        editor: EntryInEditor,
        view: EditorView,
        vault: Vault,
        show_error: Callable[[str], None],
    ) -> None:
        self._editor = editor
        self._view = view
        self._vault = vault
        self._show_error = show_error

    def show(self, entry: Entry | None) -> None:
        raise NotImplementedError

    def _read_back(self, part: Literal["links", "questions"]) -> Entry | None:
        """Show ``part`` of the entry as the journal has it now; the entry then on screen, or
        None when the entry isn't saved yet (so there is nothing to read back)."""
        current = self._editor.current
        if current is None or current.id is None:
            return None
        stored = self._vault.entries.get(current.id)
        self._editor.current = replace(current, **{part: getattr(stored, part)})
        self.show(self._editor.current)
        return self._editor.current


class LinkedArticles(EditorPart):
    """Keeps the editor's "Linked articles" and quoted passages in step with the entry."""

    def __init__(
        self,
        editor: EntryInEditor,
        view: EditorView,
        *,
        vault: Vault,
        articles: ArticleAccess,
        edited: Callable[[], None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(editor, view, vault, show_error)
        self.articles = articles  # public: a test answers the picker by replacing ``pick``
        self._edited = edited

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
        v.link_article.setEnabled(self.articles.library is not None)
        v.set_quotes([(self._article_title(link), link.quote) for link in links if link.quote])

    def _article(self, link: ArticleLink) -> Article | None:
        library = self.articles.library
        return library.get(link.article_slug) if library is not None else None

    def _article_title(self, link: ArticleLink) -> str:
        article = self._article(link)
        return article.title if article is not None else link.article_slug

    def describe(self, link: ArticleLink) -> tuple[str, str]:
        """The article's title, and the comment's heading or the quoted passage."""
        article = self._article(link)
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
        self.articles.open(link.article_slug, link.comment_id, link.quote)

    def add(self) -> None:
        """Ask which article (and comment) to link, and link it."""
        library = self.articles.library
        if self._editor.current is None or library is None:
            return
        chosen = self.articles.pick(library, self._view)
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
        if self._read_back("links") is not None:
            self.articles.links_changed()

    def saved_with_entry(self, entry: Entry) -> None:
        """A new entry's first save made the links it carried real: show them, and say so."""
        self.show(entry)
        self.articles.links_changed()


def excerpt(text: str, length: int = QUOTE_EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
