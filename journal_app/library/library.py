"""The article library: bundled articles, the user's own article files, and imported articles.

Bundled articles are plain files in ``resources/articles``; the user may drop article files
into their articles folder; articles added through the app are stored inside the encrypted
journal through an ``ArticleStore`` (the vault). A broken article is recorded in
``Library.problems`` and skipped, so one bad file never hides the others.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Protocol

from journal_app import paths
from journal_app.library.errors import ArticleFormatError, LibraryError
from journal_app.library.fileformat import parse_article, serialize_article
from journal_app.library.importing import MAX_IMPORT_BYTES, article_from_file, slugify
from journal_app.library.model import Article, ArticleOrigin
from journal_app.library.search import ArticleHit, LibrarySearch

ARTICLE_SUFFIX = ".md"


class ArticleShelf(Protocol):
    """The vault's store of imported articles (``vault.articles``)."""

    def save(self, slug: str, document: str) -> None:
        """Insert or replace the article document stored under ``slug``."""

    def stored(self) -> list[tuple[str, str]]:
        """Every stored ``(slug, document)`` pair."""

    def delete(self, slug: str) -> None:
        """Forget the article stored under ``slug``."""


class ArticleStore(Protocol):
    """Where imported articles live: the encrypted journal (a ``Vault``, via ``vault.articles``)."""

    @property
    def articles(self) -> ArticleShelf: ...


class Library:
    """Every readable article, searchable, with the problems met while loading them."""

    def __init__(
        self,
        bundled_dir: Path | None,
        user_dir: Path | None = None,
        store: ArticleStore | None = None,
    ) -> None:
        self._bundled_dir = bundled_dir
        self._user_dir = user_dir
        self._store = store
        self._articles: dict[str, Article] = {}
        self._search: LibrarySearch | None = None
        self.problems: list[ArticleFormatError] = []
        self.reload()

    @classmethod
    def load(cls, store: ArticleStore | None = None) -> Library:
        """The library at the app's usual places, plus the imported articles in ``store``."""
        try:
            bundled: Path | None = paths.resources_dir() / "articles"
        except FileNotFoundError:
            bundled = None
        library = cls(bundled, paths.user_articles_dir(), store)
        if bundled is None:
            library.problems.insert(
                0, ArticleFormatError("resources/articles", "the bundled articles are missing")
            )
        return library

    def reload(self) -> None:
        """Read every source again, e.g. after the journal is unlocked or files change."""
        self._articles = {}
        self._search = None
        self.problems = []
        if self._bundled_dir is not None:
            self._load_folder(self._bundled_dir, ArticleOrigin.BUNDLED)
        if self._user_dir is not None and self._user_dir.is_dir():
            self._load_folder(self._user_dir, ArticleOrigin.USER_FILE)
        if self._store is not None:
            for slug, document in self._store.articles.stored():
                self._add_document(document, f"article “{slug}” in the journal", slug)

    def articles(self) -> list[Article]:
        """All articles: bundled first, then the user's files, then imported ones."""
        return list(self._articles.values())

    def get(self, slug: str) -> Article | None:
        return self._articles.get(slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._articles

    def __len__(self) -> int:
        return len(self._articles)

    def search(self, query: str, limit: int = 50) -> list[ArticleHit]:
        """Articles and comments matching ``query``, best first; never raises on odd input."""
        if self._search is None:
            self._search = LibrarySearch(self._articles.values())
        return self._search.search(query, limit)

    def import_file(self, path: str | Path) -> Article:
        """Add a Markdown, text or saved web page file; it is stored in the journal.

        Raises ``ArticleImportError`` (nothing stored) for unreadable or unsuitable files, and
        ``LibraryError`` when there is no journal to store it in.
        """
        if self._store is None:
            raise LibraryError("Open your journal first: added articles are kept inside it.")
        # Slugs of stored documents that failed to load count as taken too: saving is an
        # upsert, and a broken article must never be overwritten by a new one.
        taken = set(self._articles) | {slug for slug, _ in self._store.articles.stored()}
        built = article_from_file(Path(path), taken_slugs=taken)
        document = serialize_article(built)
        # What we store must read back as what we show, so the stored text is the truth.
        article = replace(parse_article(document, path, built.slug), origin=ArticleOrigin.IMPORTED)
        self._store.articles.save(article.slug, document)
        self._articles[article.slug] = article
        self._search = None
        return article

    def remove(self, slug: str) -> None:
        """Delete an imported article from the journal. Bundled and file articles stay."""
        article = self._articles.get(slug)
        if article is None:
            raise LibraryError(f"There is no article “{slug}” in the library.")
        if article.origin is not ArticleOrigin.IMPORTED or self._store is None:
            raise LibraryError(
                f"“{article.title}” came with the app or from your articles folder; "
                "only articles you added can be removed here."
            )
        self._store.articles.delete(slug)
        del self._articles[slug]
        self._search = None

    def _load_folder(self, folder: Path, origin: ArticleOrigin) -> None:
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ARTICLE_SUFFIX)
        except OSError as error:
            self.problems.append(ArticleFormatError(folder, f"cannot be read ({error})"))
            return
        for file in files:
            if file.name.startswith("."):
                continue
            try:
                if file.stat().st_size > MAX_IMPORT_BYTES:
                    raise ArticleFormatError(file, "the file is too large to be an article")
                text = file.read_text(encoding="utf-8")
            except ArticleFormatError as error:
                self.problems.append(error)
                continue
            except (OSError, UnicodeDecodeError) as error:
                self.problems.append(ArticleFormatError(file, f"cannot be read as text ({error})"))
                continue
            self._add_document(text, file, slugify(file.stem), origin)

    def _add_document(
        self,
        document: str,
        source: str | Path,
        default_slug: str,
        origin: ArticleOrigin = ArticleOrigin.IMPORTED,
    ) -> None:
        try:
            article = parse_article(document, source, default_slug)
            if origin is ArticleOrigin.IMPORTED and article.slug != default_slug:
                raise ArticleFormatError(
                    source, f"it is stored as “{default_slug}” but calls itself “{article.slug}”"
                )
            if article.slug in self._articles:
                raise ArticleFormatError(
                    source,
                    f"another article already uses the name “{article.slug}”; this one is skipped",
                )
        except ArticleFormatError as error:
            self.problems.append(error)
            return
        self._articles[article.slug] = replace(article, origin=origin)
