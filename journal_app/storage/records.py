"""Value types the vault's stores hand out besides the domain's own: hits, links, cursors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from journal_app.domain import ArticleLink, EntryKind, EntrySummary


@dataclass(frozen=True)
class SearchHit:
    entry_id: int
    kind: EntryKind
    title: str
    occurred_at: datetime
    snippet: str  # matches wrapped in HIGHLIGHT_START / HIGHLIGHT_END
    score: float  # lower is better (FTS5 bm25)

    @property
    def display_title(self) -> str:
        return self.title.strip() or f"{self.kind.label}, {self.occurred_at.astimezone():%d %b %Y}"


@dataclass(frozen=True)
class LinkedEntry:
    """An entry that links to an article, seen from the article's side."""

    link: ArticleLink
    entry: EntrySummary


@dataclass(frozen=True)
class ListCursor:
    """Where the next page of a list starts (keyset paging stays fast deep into a long journal)."""

    occurred_at: datetime
    entry_id: int

    @classmethod
    def after(cls, summary: EntrySummary) -> ListCursor:
        """The cursor that continues a list after ``summary`` (the last row shown)."""
        return cls(summary.occurred_at, summary.id)
