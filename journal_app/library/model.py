"""The article library's data: an article, its metadata and its reader comments.

These are plain frozen dataclasses so that an article can be cached, compared in tests and
passed between threads without copying. Nothing here knows about files, the vault or Qt.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

# Slugs name articles in links between journal entries and articles, so they must stay stable
# and safe in a URL fragment and a file name.
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
# Comment ids become HTML anchors (``comment-<id>``), so they get the same treatment.
COMMENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# A publication date as precise as the source tells us: a year, a month or a day.
PUBLISHED_PATTERN = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


class ArticleOrigin(enum.Enum):
    """Where an article came from; decides whether the user may remove it."""

    BUNDLED = "bundled"  # shipped with the app in resources/articles
    USER_FILE = "user_file"  # a plain file the user put in their articles folder
    IMPORTED = "imported"  # added through the app; stored inside the encrypted journal


@dataclass(frozen=True)
class Comment:
    """One reader comment, in page order. ``parent_id`` is set when it answers another comment."""

    id: str
    body: str
    heading: str | None = None
    parent_id: str | None = None
    author: str | None = None

    @property
    def anchor(self) -> str:
        """The HTML anchor name the rendered page gives this comment."""
        return comment_anchor(self.id)


@dataclass(frozen=True)
class ArticleMeta:
    """What we know about an article besides its text. Only ``title`` is required."""

    title: str
    blog: str | None = None
    blog_tagline: str | None = None
    author: str | None = None
    author_bio: str | None = None
    published: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    source_url: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """An article with its comments and the app's reflection prompts.

    ``body`` is Markdown written by the article's author. Comment bodies are plain text kept
    exactly as the commenters wrote them. ``reflection_prompts`` are written by the Between
    Sessions team, never by the author; the UI offers them when someone writes about the article.
    """

    slug: str
    meta: ArticleMeta
    body: str
    comments: tuple[Comment, ...] = ()
    reflection_prompts: tuple[str, ...] = ()
    # Not part of the file format: the library sets it from where the article was loaded.
    origin: ArticleOrigin = field(default=ArticleOrigin.BUNDLED, compare=False)

    @property
    def title(self) -> str:
        return self.meta.title

    def comment(self, comment_id: str) -> Comment | None:
        """The comment with this id, or None."""
        return next((c for c in self.comments if c.id == comment_id), None)

    def replies_to(self, comment_id: str | None) -> tuple[Comment, ...]:
        """Direct replies to a comment, in page order; ``None`` gives the top-level comments."""
        return tuple(c for c in self.comments if c.parent_id == comment_id)


def comment_anchor(comment_id: str) -> str:
    """The anchor for a comment in rendered HTML, for ``QTextBrowser.scrollToAnchor``."""
    return f"comment-{comment_id}"
