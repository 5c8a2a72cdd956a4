"""The reader's linked-entries rows and model, tested without any window."""

from __future__ import annotations

from datetime import UTC, datetime

from journal_app import paths
from journal_app.domain.entries import ArticleLink, EntryKind, EntrySummary
from journal_app.library import Library
from journal_app.storage import LinkedEntry
from journal_app.ui.pages.library.linked_entries import LinkedEntryModel, LinkRole, linked_rows

SLUG = "how-to-cry-in-therapy"
WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)


def library() -> Library:
    return Library(paths.resources_dir() / "articles")


def test_linked_rows_name_the_comment() -> None:
    summary = EntrySummary(7, EntryKind.REFLECTION, "", "", (), False, WHEN, WHEN, 1, 0)
    linked = [
        LinkedEntry(ArticleLink(SLUG, "c06", "a  quote\nhere", id=1, entry_id=7), summary),
        LinkedEntry(ArticleLink(SLUG, None, "", id=2, entry_id=7), summary),
    ]
    model = LinkedEntryModel()
    model.set_rows(linked_rows(library().get(SLUG), linked))
    first, second = model.index(0), model.index(1)
    assert first.data(LinkRole.WHERE) == "Comment: Such a timely post!"
    assert first.data(LinkRole.QUOTE) == "a quote here"
    assert first.data(LinkRole.TITLE) == "Reflection, 2 March 2026"
    assert second.data(LinkRole.WHERE) == "The article"
