"""Starting a reflection about an article, a comment or a quoted passage.

Qt-free on purpose: the main window calls :func:`write_about` when a page asks to write about
something, then opens the returned entry in the editor and offers the prompts. Nothing is saved
here; the entry only reaches the journal when the person saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from journal_app.domain.entries import ArticleLink, Entry, EntryKind
from journal_app.library import Library

# A quote is a passage someone chose, not half a page; keep the link readable.
MAX_QUOTE_CHARS = 2000


@dataclass(frozen=True)
class WriteAbout:
    """A new, unsaved reflection already linked to the article, and the prompts to offer."""

    entry: Entry
    prompts: tuple[str, ...]
    article_title: str


def clean_quote(text: str) -> str:
    """Selected text as a tidy passage: Qt's paragraph separators become line breaks."""
    text = text.replace("\u2029", "\n").replace("\u2028", "\n").replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()[:MAX_QUOTE_CHARS]


def write_about(
    library: Library, slug: str, comment_id: str | None = None, quote: str = ""
) -> WriteAbout:
    """A new reflection linked to ``slug`` (and ``comment_id``/``quote`` when given).

    Raises ``KeyError`` when the library has no such article. An unknown comment id is dropped
    rather than stored, so a link never points at a comment that isn't there.
    """
    article = library.get(slug)
    if article is None:
        raise KeyError(slug)
    if comment_id is not None and article.comment(comment_id) is None:
        comment_id = None
    link = ArticleLink(article_slug=slug, comment_id=comment_id, quote=clean_quote(quote))
    entry = Entry.new(EntryKind.REFLECTION, links=(link,))
    return WriteAbout(entry=entry, prompts=article.reflection_prompts, article_title=article.title)
