"""Citations for linked articles, and the small adapter that finds them in the library.

The engine asks an ``ArticleCatalog`` for a citation by slug (and comment id); ``LibraryCatalog``
answers from the article library, and tests pass a fake. An article that has since left the
library still gets a citation, marked as unavailable, so a link is never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from journal_app.domain import wording
from journal_app.library.model import Article

COMMENT_EXCERPT_LIMIT = 1200


@dataclass(frozen=True)
class Citation:
    """Where a linked passage comes from, ready to print."""

    title: str
    author: str | None = None
    blog: str | None = None
    published: str | None = None  # already readable: "March 2009"
    source_url: str | None = None
    quote: str = ""  # the passage the person chose, from the link
    comment_author: str | None = None
    comment_text: str | None = None  # the reader comment the link points to
    available: bool = True

    def reference(self) -> str:
        """``Ryan Howes, “Title”, In Therapy, March 2009`` (without the address)."""
        parts = []
        if self.author:
            parts.append(self.author)
        parts.append(f"“{self.title}”")
        if self.blog:
            parts.append(self.blog)
        if self.published:
            parts.append(self.published)
        text = ", ".join(parts)
        if not self.available:
            text += " (no longer in the library)"
        return text


class ArticleCatalog(Protocol):
    def citation(self, slug: str, comment_id: str | None) -> Citation | None:
        """The citation for an article (and one of its comments), or None if unknown."""


class ArticleSource(Protocol):
    """What ``LibraryCatalog`` needs from ``journal_app.library.Library``."""

    def get(self, slug: str) -> Article | None: ...


class LibraryCatalog:
    """Citations from the article library."""

    def __init__(self, library: ArticleSource) -> None:
        self._library = library

    def citation(self, slug: str, comment_id: str | None) -> Citation | None:
        article = self._library.get(slug)
        if article is None:
            return None
        return citation_for_article(article, comment_id)


class EmptyCatalog:
    """No library at hand: every link is cited by its slug."""

    def citation(self, slug: str, comment_id: str | None) -> Citation | None:
        return None


def citation_for_article(article: Article, comment_id: str | None) -> Citation:
    meta = article.meta
    comment = article.comment(comment_id) if comment_id else None
    comment_text = None
    if comment is not None:
        comment_text = comment.body.strip()
        if len(comment_text) > COMMENT_EXCERPT_LIMIT:
            comment_text = comment_text[:COMMENT_EXCERPT_LIMIT].rsplit(" ", 1)[0] + " …"
    return Citation(
        title=meta.title,
        author=meta.author,
        blog=meta.blog,
        published=readable_published(meta.published) if meta.published else None,
        source_url=meta.source_url,
        comment_author=comment.author if comment is not None else None,
        comment_text=comment_text,
    )


def missing_citation(slug: str) -> Citation:
    return Citation(title=slug, available=False)


def readable_published(published: str) -> str:
    """``2009-03`` → ``March 2009``; ``2009-03-04`` → ``4 March 2009``; a year stays a year."""
    return wording.published_date(published)
