"""Qt list models for the library, the reader's linked entries and the search results.

Each model holds plain rows (dataclasses from the library and the vault) and answers named roles;
none of them talks to the vault, so they are tested without any window or journal. The pages fill
them with ``set_*`` methods (a full reset, which is cheap for the few hundred rows they hold).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from journal_app.domain.entries import friendly_day
from journal_app.library import Article, ArticleHit, ArticleOrigin
from journal_app.storage import LinkedEntry, SearchHit, strip_highlights

Index = QModelIndex | QPersistentModelIndex

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def readable_published(published: str | None) -> str:
    """``2012-01`` as ``January 2012``; a year stays a year; nothing stays empty."""
    if not published:
        return ""
    pieces = published.split("-")
    try:
        if len(pieces) == 1:
            return pieces[0]
        month = _MONTHS[int(pieces[1]) - 1]
        if len(pieces) == 2:
            return f"{month} {pieces[0]}"
        return f"{int(pieces[2])} {month} {pieces[0]}"
    except (ValueError, IndexError):
        return published


def linked_entries_phrase(count: int) -> str:
    if count == 0:
        return "No entries link here yet"
    return f"{count} of my entries link here" if count != 1 else "1 of my entries links here"


def _role_names(roles: type[enum.IntEnum]) -> dict[int, QByteArray]:
    return {int(role): QByteArray(role.name.lower().encode()) for role in roles}


# --- the library ---------------------------------------------------------------------------------


class ArticleRole(enum.IntEnum):
    SLUG = Qt.ItemDataRole.UserRole + 1
    TITLE = enum.auto()
    AUTHOR = enum.auto()
    BLOG = enum.auto()
    PUBLISHED = enum.auto()  # readable, e.g. "January 2012"
    SUMMARY = enum.auto()
    LINK_COUNT = enum.auto()
    COMMENT_COUNT = enum.auto()
    ADDED_BY_ME = enum.auto()  # imported or from the articles folder, not bundled


class ArticleListModel(QAbstractListModel):
    """The articles in the library with how many of my entries link to each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._articles: list[Article] = []
        self._link_counts: dict[str, int] = {}

    def set_articles(self, articles: list[Article], link_counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self._link_counts = dict(link_counts)
        self.endResetModel()

    def set_link_counts(self, link_counts: dict[str, int]) -> None:
        self._link_counts = dict(link_counts)
        if self._articles:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._articles) - 1), [int(ArticleRole.LINK_COUNT)]
            )

    def clear(self) -> None:
        self.set_articles([], {})

    def article(self, row: int) -> Article:
        return self._articles[row]

    def row_of(self, slug: str) -> int:
        return next((row for row, a in enumerate(self._articles) if a.slug == slug), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._articles)

    def roleNames(self) -> dict[int, QByteArray]:
        return _role_names(ArticleRole)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._articles):
            return None
        article = self._articles[index.row()]
        meta = article.meta
        count = self._link_counts.get(article.slug, 0)
        if role == Qt.ItemDataRole.DisplayRole or role == ArticleRole.TITLE:
            return meta.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [meta.title]
            if meta.author:
                parts.append(f"by {meta.author}")
            if meta.blog:
                parts.append(f"from {meta.blog}")
            if meta.published:
                parts.append(readable_published(meta.published))
            parts.append(linked_entries_phrase(count))
            return ", ".join(parts)
        if role == ArticleRole.SLUG:
            return article.slug
        if role == ArticleRole.AUTHOR:
            return meta.author or ""
        if role == ArticleRole.BLOG:
            return meta.blog or ""
        if role == ArticleRole.PUBLISHED:
            return readable_published(meta.published)
        if role == ArticleRole.SUMMARY:
            return meta.summary or ""
        if role == ArticleRole.LINK_COUNT:
            return count
        if role == ArticleRole.COMMENT_COUNT:
            return len(article.comments)
        if role == ArticleRole.ADDED_BY_ME:
            return article.origin is not ArticleOrigin.BUNDLED
        return None


# --- linked entries in the reader ------------------------------------------------------------


class LinkRole(enum.IntEnum):
    ENTRY_ID = Qt.ItemDataRole.UserRole + 1
    LINK_ID = enum.auto()
    TITLE = enum.auto()
    WHEN = enum.auto()
    COMMENT_ID = enum.auto()
    WHERE = enum.auto()  # "The article", "Comment: …"
    QUOTE = enum.auto()


@dataclass(frozen=True)
class LinkedRow:
    entry_id: int
    link_id: int | None
    title: str
    when: str
    comment_id: str | None
    where: str
    quote: str


def linked_rows(article: Article | None, linked: list[LinkedEntry]) -> list[LinkedRow]:
    """Rows for the reader's panel: which entry, which comment or passage it is about."""
    rows: list[LinkedRow] = []
    for item in linked:
        comment_id = item.link.comment_id
        where = "The article"
        if comment_id:
            comment = article.comment(comment_id) if article else None
            if comment is not None:
                label = comment.heading or comment.author or _first_words(comment.body)
                where = f"Comment: {label}"
            else:
                where = "A comment"
        rows.append(
            LinkedRow(
                entry_id=item.entry.id,
                link_id=item.link.id,
                title=item.entry.display_title,
                when=friendly_day(item.entry.occurred_at),
                comment_id=comment_id,
                where=where,
                quote=" ".join(item.link.quote.split()),
            )
        )
    return rows


def _first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


class LinkedEntryModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LinkedRow] = []

    def set_rows(self, rows: list[LinkedRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> LinkedRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return _role_names(LinkRole)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or role == LinkRole.TITLE:
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{row.title}, {row.when}. About: {row.where}"
            return text + (f". Passage: {row.quote}" if row.quote else "")
        return {
            LinkRole.ENTRY_ID: row.entry_id,
            LinkRole.LINK_ID: row.link_id,
            LinkRole.WHEN: row.when,
            LinkRole.COMMENT_ID: row.comment_id,
            LinkRole.WHERE: row.where,
            LinkRole.QUOTE: row.quote,
        }.get(role)  # type: ignore[call-overload]


# --- search results --------------------------------------------------------------------------


class ResultKind(enum.Enum):
    HEADER = "header"
    ENTRY = "entry"
    ARTICLE = "article"


class ResultRole(enum.IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    TITLE = enum.auto()
    SUBTITLE = enum.auto()
    SNIPPET = enum.auto()  # with the highlight markers still in
    ENTRY_ID = enum.auto()
    SLUG = enum.auto()
    COMMENT_ID = enum.auto()


@dataclass(frozen=True)
class ResultRow:
    kind: ResultKind
    title: str
    subtitle: str = ""
    snippet: str = ""
    entry_id: int | None = None
    slug: str | None = None
    comment_id: str | None = None


def result_rows(
    entry_hits: list[SearchHit],
    article_hits: list[ArticleHit],
    comment_labels: dict[tuple[str, str], str] | None = None,
) -> list[ResultRow]:
    """Journal hits then article hits, each group under a header row with its count."""
    labels = comment_labels or {}
    rows: list[ResultRow] = []
    if entry_hits:
        rows.append(ResultRow(ResultKind.HEADER, f"Journal · {len(entry_hits)}"))
        for hit in entry_hits:
            rows.append(
                ResultRow(
                    ResultKind.ENTRY,
                    hit.display_title,
                    f"{hit.kind.label} · {friendly_day(hit.occurred_at)}",
                    hit.snippet,
                    entry_id=hit.entry_id,
                )
            )
    if article_hits:
        rows.append(ResultRow(ResultKind.HEADER, f"Articles · {len(article_hits)}"))
        for article_hit in article_hits:
            if article_hit.comment_id:
                where = labels.get((article_hit.slug, article_hit.comment_id), "A reader comment")
                subtitle = f"{where} · on {article_hit.title}"
            else:
                subtitle = "Article"
            rows.append(
                ResultRow(
                    ResultKind.ARTICLE,
                    article_hit.title,
                    subtitle,
                    article_hit.snippet,
                    slug=article_hit.slug,
                    comment_id=article_hit.comment_id,
                )
            )
    return rows


class SearchResultModel(QAbstractListModel):
    """Grouped search results; header rows are shown but cannot be selected."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> ResultRow:
        return self._rows[row]

    def hit_count(self) -> int:
        return sum(1 for row in self._rows if row.kind is not ResultKind.HEADER)

    def first_hit_row(self) -> int:
        return next((i for i, r in enumerate(self._rows) if r.kind is not ResultKind.HEADER), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return _role_names(ResultRole)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].kind is ResultKind.HEADER:
            # Not enabled, so arrow keys step over the group headers.
            return Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or role == ResultRole.TITLE:
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if row.kind is ResultKind.HEADER:
                return row.title.replace(" · ", ", ") + " results"
            return f"{row.title}. {row.subtitle}. {strip_highlights(row.snippet)}"
        return {
            ResultRole.KIND: row.kind,
            ResultRole.SUBTITLE: row.subtitle,
            ResultRole.SNIPPET: row.snippet,
            ResultRole.ENTRY_ID: row.entry_id,
            ResultRole.SLUG: row.slug,
            ResultRole.COMMENT_ID: row.comment_id,
        }.get(role)  # type: ignore[call-overload]
