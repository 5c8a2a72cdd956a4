"""Trash, questions, article links, session preparation, stored articles, backups, health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import journal_app.storage.entries as entries_module
from journal_app.domain import ArticleLink, Entry, EntryFilter, EntryKind, Question
from journal_app.storage import EntryNotFound, JournalError, JournalExists, Vault

T0 = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _reflection(vault: Vault, day: float = 0, **changes: object) -> Entry:
    return vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(day), **changes))


def _session(vault: Vault, day: float, **changes: object) -> Entry:
    return vault.entries.add(Entry.new(EntryKind.SESSION, occurred_at=_at(day), **changes))


# ------------------------------------------------------------------ trash


def test_trash_hides_everywhere_and_restore_brings_back(vault: Vault) -> None:
    kept = _reflection(vault, 0, body="lighthouse kept", tags=("sea",))
    trashed = _reflection(
        vault,
        1,
        body="lighthouse trashed",
        tags=("sea",),
        questions=(Question(text="Ask about the lighthouse"),),
        links=(ArticleLink(article_slug="how-to-cry"),),
    )
    assert trashed.id is not None

    def visible() -> tuple[list[int], list[int], list[str], dict[str, int], int]:
        return (
            [s.id for s in vault.entries.summaries()],
            sorted(hit.entry_id for hit in vault.search.entries("lighthouse")),
            [q.text for q in vault.questions.still_open()],
            vault.links.counts_by_article(),
            vault.entries.count(),
        )

    everything_visible = (
        [trashed.id, kept.id],
        sorted([kept.id, trashed.id]),
        ["Ask about the lighthouse"],
        {"how-to-cry": 1},
        2,
    )
    assert visible() == everything_visible

    vault.entries.delete(trashed.id)
    assert visible() == ([kept.id], [kept.id], [], {}, 1)
    assert [s.id for s in vault.entries.summaries(EntryFilter(text="lighthouse"))] == [kept.id]
    assert vault.links.to_article("how-to-cry") == []
    assert vault.tags.in_use() == [("sea", 1)]
    assert [s.id for s in vault.entries.trashed()] == [trashed.id]
    in_trash = vault.entries.get(trashed.id)  # still readable, e.g. to show it in the Trash
    assert in_trash.deleted_at is not None
    assert vault.prep.entries_since(None) == [vault.entries.get(kept.id or 0)]

    vault.entries.delete(trashed.id)  # trashing twice is harmless

    vault.entries.restore(trashed.id)
    assert visible() == everything_visible
    assert vault.entries.get(trashed.id).deleted_at is None
    assert vault.entries.trashed() == []


def test_trash_operations_on_missing_entries(vault: Vault) -> None:
    with pytest.raises(EntryNotFound):
        vault.entries.delete(123)
    with pytest.raises(EntryNotFound):
        vault.entries.restore(123)


def test_purge_deletes_for_good_with_questions_links_and_unused_tags(vault: Vault) -> None:
    entry = _reflection(
        vault,
        tags=("only-here",),
        questions=(Question(text="q"),),
        links=(ArticleLink(article_slug="a"),),
    )
    vault.entries.delete(entry.id or 0)
    vault.entries.purge(entry.id or 0)
    with pytest.raises(EntryNotFound):
        vault.entries.get(entry.id or 0)
    assert vault.entries.trashed() == []
    assert vault.tags.in_use() == []
    assert vault.links.to_article("a") == []
    assert vault.integrity_problems() == []


def test_empty_trash_all(vault: Vault) -> None:
    kept = _reflection(vault)
    for _ in range(3):
        vault.entries.delete(_reflection(vault).id or 0)
    assert vault.entries.empty_trash() == 3
    assert vault.entries.trashed() == []
    assert [s.id for s in vault.entries.summaries()] == [kept.id]


def test_empty_trash_older_than(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _reflection(vault)
    recent = _reflection(vault)
    long_ago = datetime.now(UTC) - timedelta(days=45)
    with monkeypatch.context() as patch:
        patch.setattr(entries_module, "utc_now", lambda: long_ago)
        vault.entries.delete(old.id or 0)
    vault.entries.delete(recent.id or 0)

    assert vault.entries.empty_trash(older_than=timedelta(days=60)) == 0
    assert vault.entries.empty_trash(older_than=timedelta(days=30)) == 1
    assert [s.id for s in vault.entries.trashed()] == [recent.id]
    with pytest.raises(EntryNotFound):
        vault.entries.get(old.id or 0)
    assert vault.entries.empty_trash() == 1
    assert vault.entries.trashed() == []


# ------------------------------------------------------------------ questions


def test_question_lifecycle(vault: Vault) -> None:
    entry = _session(vault, 0)
    assert entry.id is not None
    first = vault.questions.add(entry.id, "  Why do I freeze?  ")
    second = vault.questions.add(entry.id, "What is the point of homework?")
    assert first.text == "Why do I freeze?"
    assert first.id is not None and second.id is not None
    assert [q.id for q in vault.questions.still_open()] == [first.id, second.id]  # oldest first

    vault.questions.edit(first.id, "Why do I go numb?")
    assert vault.search.entries("numb")[0].entry_id == entry.id  # questions are searchable

    vault.questions.resolve(first.id, on=date(2026, 3, 9))
    assert [q.id for q in vault.questions.still_open()] == [second.id]
    resolved = vault.entries.get(entry.id).questions[0]
    assert resolved.resolved_on == date(2026, 3, 9) and not resolved.is_open

    vault.questions.reopen(first.id)
    assert {q.id for q in vault.questions.still_open()} == {first.id, second.id}

    vault.questions.delete(second.id)
    assert [q.id for q in vault.questions.still_open()] == [first.id]
    assert vault.search.entries("homework") == []


def test_open_questions_respect_private(vault: Vault) -> None:
    public = _reflection(vault, questions=(Question(text="public q"),))
    _reflection(vault, private=True, questions=(Question(text="private q"),))
    assert {q.text for q in vault.questions.still_open()} == {"public q", "private q"}
    assert [q.entry_id for q in vault.questions.still_open(include_private=False)] == [public.id]


def test_question_errors(vault: Vault) -> None:
    entry = _reflection(vault)
    with pytest.raises(ValueError):
        vault.questions.add(entry.id or 0, "   ")
    with pytest.raises(EntryNotFound):
        vault.questions.add(999, "why?")
    for action in (vault.questions.resolve, vault.questions.reopen, vault.questions.delete):
        with pytest.raises(JournalError):
            action(999)
    with pytest.raises(JournalError):
        vault.questions.edit(999, "text")


# ------------------------------------------------------------------ links


def test_links_and_link_counts(vault: Vault) -> None:
    first = _reflection(vault, 0)
    second = _reflection(vault, 1)
    assert first.id is not None and second.id is not None
    link_a = vault.links.add(
        first.id, ArticleLink(article_slug="how-to-cry", comment_id="c01", quote="a quote")
    )
    vault.links.add(first.id, ArticleLink(article_slug="how-to-cry", comment_id="c02"))
    vault.links.add(second.id, ArticleLink(article_slug="how-to-cry"))
    vault.links.add(second.id, ArticleLink(article_slug="numbness"))
    assert link_a.id is not None and link_a.entry_id == first.id

    # Counted per entry, not per link.
    assert vault.links.counts_by_article() == {"how-to-cry": 2, "numbness": 1}
    linked = vault.links.to_article("how-to-cry")
    assert len(linked) == 3
    assert {row.entry.id for row in linked} == {first.id, second.id}
    assert {row.link.comment_id for row in linked} == {"c01", "c02", None}
    assert vault.entries.get(first.id).links[0].quote == "a quote"
    assert vault.entries.summaries()[-1].link_count == 2

    vault.links.remove(link_a.id)
    assert len(vault.links.to_article("how-to-cry")) == 2
    assert vault.links.counts_by_article() == {"how-to-cry": 2, "numbness": 1}
    assert vault.links.to_article("nothing") == []


def test_add_link_errors(vault: Vault) -> None:
    with pytest.raises(EntryNotFound):
        vault.links.add(999, ArticleLink(article_slug="x"))
    entry = _reflection(vault)
    with pytest.raises(ValueError):
        vault.links.add(entry.id or 0, ArticleLink(article_slug=" "))


# ------------------------------------------------------------------ session preparation


def test_entries_since_last_session(vault: Vault) -> None:
    before = _reflection(vault, -3)
    _session(vault, -5, title="older session")
    last = _session(vault, 0, title="latest session")
    same_moment = _reflection(vault, 0)
    after_block = vault.entries.add(Entry.new(EntryKind.BLOCK, occurred_at=_at(2)))
    after_private = _reflection(vault, 1, private=True)
    trashed_after = _reflection(vault, 1.5)
    vault.entries.delete(trashed_after.id or 0)

    session, since = vault.prep.since_last_session()
    assert session is not None and session.id == last.id
    assert vault.prep.last_session_note() == session
    assert [entry.id for entry in since] == [after_private.id, after_block.id]  # oldest first
    assert before.id not in [e.id for e in since] and same_moment.id not in [e.id for e in since]

    public_only = vault.prep.entries_since(last.occurred_at, include_private=False)
    assert [entry.id for entry in public_only] == [after_block.id]


def test_entries_since_last_session_without_sessions(vault: Vault) -> None:
    assert vault.prep.since_last_session() == (None, [])
    entries = [_reflection(vault, day) for day in (2, 1)]
    session, since = vault.prep.since_last_session()
    assert session is None
    assert [e.id for e in since] == [entries[1].id, entries[0].id]


def test_trashed_session_note_does_not_count_as_last(vault: Vault) -> None:
    earlier = _session(vault, 0)
    later = _session(vault, 5)
    vault.entries.delete(later.id or 0)
    assert (vault.prep.last_session_note() or Entry.new(EntryKind.SESSION)).id == earlier.id


# ------------------------------------------------------------------ stored articles


def test_imported_articles(vault: Vault) -> None:
    assert vault.articles.stored() == []
    vault.articles.save("first", "+++\ntitle = 'one'\n+++\nText")
    vault.articles.save("second", "doc 2")
    vault.articles.save("first", "updated")
    assert dict(vault.articles.stored()) == {"first": "updated", "second": "doc 2"}
    vault.articles.delete("first")
    assert vault.articles.stored() == [("second", "doc 2")]


# ------------------------------------------------------------------ backups and health


def test_backup_opens_with_the_same_passphrase_and_has_the_same_entries(
    vault: Vault, passphrase: str, tmp_path: Path, recovery_key: str
) -> None:
    full = _session(
        vault,
        0,
        title="backed up",
        tags=("t",),
        questions=(Question(text="q?"),),
        links=(ArticleLink(article_slug="a", quote="qq"),),
    )
    _reflection(vault, 1, body="second")
    vault.articles.save("slug", "document")
    target = tmp_path / "backup"
    assert vault.backup_to(target) == target
    assert not list(target.glob("*.partial"))

    originals = vault.prep.entries_since(None)
    with Vault.open(target, passphrase) as copy:
        assert copy.prep.entries_since(None) == originals
        assert copy.entries.get(full.id or 0) == vault.entries.get(full.id or 0)
        assert copy.articles.stored() == [("slug", "document")]
        assert copy.schema_version == vault.schema_version
        assert copy.integrity_problems() == []
        assert [hit.entry_id for hit in copy.search.entries("backed")] == [full.id]
    Vault.open_with_recovery_key(target, recovery_key).close()


def test_backup_refuses_to_overwrite(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    vault.backup_to(target)
    before = (target / "journal.db").read_bytes()
    with pytest.raises(JournalExists):
        vault.backup_to(target)
    assert (target / "journal.db").read_bytes() == before


def test_healthy_vault_has_no_integrity_problems(vault: Vault) -> None:
    assert vault.integrity_problems() == []
    _reflection(vault, body="x" * 20_000, tags=("a", "b"))
    assert vault.integrity_problems() == []


def test_closed_vault_refuses_work(vault: Vault) -> None:
    vault.close()
    assert not vault.is_open
    with pytest.raises(JournalError):
        vault.entries.summaries()
    vault.close()  # closing twice is fine
