"""The article library: bundled and imported articles, their rendering and search.

Qt-free. The UI uses ``Library`` to list, search, import and remove articles, and
``render_article_html``/``render_markdown`` to show them.
"""

from journal_app.library.errors import ArticleFormatError, ArticleImportError, LibraryError
from journal_app.library.fileformat import parse_article, serialize_article
from journal_app.library.importing import MAX_IMPORT_BYTES, SUPPORTED_SUFFIXES
from journal_app.library.library import ArticleStore, Library
from journal_app.library.model import Article, ArticleMeta, ArticleOrigin, Comment, comment_anchor
from journal_app.library.render import Theme, render_article_html, render_markdown
from journal_app.library.search import HIGHLIGHT_END, HIGHLIGHT_START, ArticleHit, LibrarySearch

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "MAX_IMPORT_BYTES",
    "SUPPORTED_SUFFIXES",
    "Article",
    "ArticleFormatError",
    "ArticleHit",
    "ArticleImportError",
    "ArticleMeta",
    "ArticleOrigin",
    "ArticleStore",
    "Comment",
    "Library",
    "LibraryError",
    "LibrarySearch",
    "Theme",
    "comment_anchor",
    "parse_article",
    "render_article_html",
    "render_markdown",
    "serialize_article",
]
