"""Trash, questions, article links, session preparation, stored articles, backups, health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import journal_app.storage.vault as vault_module
from journal_app.domain import ArticleLink, Entry, EntryFilter, EntryKind, Question
from journal_app.storage import EntryNotFound, JournalError, JournalExists, Vault

T0 = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _reflection(vault: Vault, day: float = 0, **changes: object) -> Entry:
    return vault.add_entry(Entry.new(EntryKind.REFLECTION, occurred_at=_at(day), **changes))


def _session(vault: Vault, day: float, **changes: object) -> Entry:
    return vault.add_entry(Entry.new(EntryKind.SESSION, occurred_at=_at(day), **changes))


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
            [s.id for s in vault.list_entries()],
            sorted(hit.entry_id for hit in vault.search("lighthouse")),
            [q.text for q in vault.open_questions()],
            vault.link_counts(),
            vault.count_entries(),
        )

    everything_visible = (
        [trashed.id, kept.id],
        sorted([kept.id, trashed.id]),
        ["Ask about the lighthouse"],
        {"how-to-cry": 1},
        2,
    )
    assert visible() == everything_visible

    vault.delete_entry(trashed.id)
    assert visible() == ([kept.id], [kept.id], [], {}, 1)
    assert [s.id for s in vault.list_entries(EntryFilter(text="lighthouse"))] == [kept.id]
    assert vault.links_to_article("how-to-cry") == []
    assert vault.all_tags() == [("sea", 1)]
    assert [s.id for s in vault.trashed_entries()] == [trashed.id]
    in_trash = vault.get_entry(trashed.id)  # still readable, e.g. to show it in the Trash
    assert in_trash.deleted_at is not None
    assert vault.entries_since(None) == [vault.get_entry(kept.id or 0)]

    vault.delete_entry(trashed.id)  # trashing twice is harmless

    vault.restore_entry(trashed.id)
    assert visible() == everything_visible
    assert vault.get_entry(trashed.id).deleted_at is None
    assert vault.trashed_entries() == []


def test_trash_operations_on_missing_entries(vault: Vault) -> None:
    with pytest.raises(EntryNotFound):
        vault.delete_entry(123)
    with pytest.raises(EntryNotFound):
        vault.restore_entry(123)


def test_purge_deletes_for_good_with_questions_links_and_unused_tags(vault: Vault) -> None:
    entry = _reflection(
        vault,
        tags=("only-here",),
        questions=(Question(text="q"),),
        links=(ArticleLink(article_slug="a"),),
    )
    vault.delete_entry(entry.id or 0)
    vault.purge_entry(entry.id or 0)
    with pytest.raises(EntryNotFound):
        vault.get_entry(entry.id or 0)
    assert vault.trashed_entries() == []
    assert vault.all_tags() == []
    assert vault.links_to_article("a") == []
    assert vault.integrity_problems() == []


def test_empty_trash_all(vault: Vault) -> None:
    kept = _reflection(vault)
    for _ in range(3):
        vault.delete_entry(_reflection(vault).id or 0)
    assert vault.empty_trash() == 3
    assert vault.trashed_entries() == []
    assert [s.id for s in vault.list_entries()] == [kept.id]


def test_empty_trash_older_than(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _reflection(vault)
    recent = _reflection(vault)
    long_ago = datetime.now(UTC) - timedelta(days=45)
    with monkeypatch.context() as patch:
        patch.setattr(vault_module, "utc_now", lambda: long_ago)
        vault.delete_entry(old.id or 0)
    vault.delete_entry(recent.id or 0)

    assert vault.empty_trash(older_than=timedelta(days=60)) == 0
    assert vault.empty_trash(older_than=timedelta(days=30)) == 1
    assert [s.id for s in vault.trashed_entries()] == [recent.id]
    with pytest.raises(EntryNotFound):
        vault.get_entry(old.id or 0)
    assert vault.empty_trash() == 1
    assert vault.trashed_entries() == []


# ------------------------------------------------------------------ questions


def test_question_lifecycle(vault: Vault) -> None:
    entry = _session(vault, 0)
    assert entry.id is not None
    first = vault.add_question(entry.id, "  Why do I freeze?  ")
    second = vault.add_question(entry.id, "What is the point of homework?")
    assert first.text == "Why do I freeze?"
    assert first.id is not None and second.id is not None
    assert [q.id for q in vault.open_questions()] == [first.id, second.id]  # oldest first

    vault.edit_question(first.id, "Why do I go numb?")
    assert vault.search("numb")[0].entry_id == entry.id  # questions are searchable

    vault.resolve_question(first.id, on=date(2026, 3, 9))
    assert [q.id for q in vault.open_questions()] == [second.id]
    resolved = vault.get_entry(entry.id).questions[0]
    assert resolved.resolved_on == date(2026, 3, 9) and not resolved.is_open

    vault.reopen_question(first.id)
    assert {q.id for q in vault.open_questions()} == {first.id, second.id}

    vault.delete_question(second.id)
    assert [q.id for q in vault.open_questions()] == [first.id]
    assert vault.search("homework") == []


def test_open_questions_respect_private(vault: Vault) -> None:
    public = _reflection(vault, questions=(Question(text="public q"),))
    _reflection(vault, private=True, questions=(Question(text="private q"),))
    assert {q.text for q in vault.open_questions()} == {"public q", "private q"}
    assert [q.entry_id for q in vault.open_questions(include_private=False)] == [public.id]


def test_question_errors(vault: Vault) -> None:
    entry = _reflection(vault)
    with pytest.raises(ValueError):
        vault.add_question(entry.id or 0, "   ")
    with pytest.raises(EntryNotFound):
        vault.add_question(999, "why?")
    for action in (vault.resolve_question, vault.reopen_question, vault.delete_question):
        with pytest.raises(JournalError):
            action(999)
    with pytest.raises(JournalError):
        vault.edit_question(999, "text")


# ------------------------------------------------------------------ links


def test_links_and_link_counts(vault: Vault) -> None:
    first = _reflection(vault, 0)
    second = _reflection(vault, 1)
    assert first.id is not None and second.id is not None
    link_a = vault.add_link(
        first.id, ArticleLink(article_slug="how-to-cry", comment_id="c01", quote="a quote")
    )
    vault.add_link(first.id, ArticleLink(article_slug="how-to-cry", comment_id="c02"))
    vault.add_link(second.id, ArticleLink(article_slug="how-to-cry"))
    vault.add_link(second.id, ArticleLink(article_slug="numbness"))
    assert link_a.id is not None and link_a.entry_id == first.id

    # Counted per entry, not per link.
    assert vault.link_counts() == {"how-to-cry": 2, "numbness": 1}
    linked = vault.links_to_article("how-to-cry")
    assert len(linked) == 3
    assert {row.entry.id for row in linked} == {first.id, second.id}
    assert {row.link.comment_id for row in linked} == {"c01", "c02", None}
    assert vault.get_entry(first.id).links[0].quote == "a quote"
    assert vault.list_entries()[-1].link_count == 2

    vault.remove_link(link_a.id)
    assert len(vault.links_to_article("how-to-cry")) == 2
    assert vault.link_counts() == {"how-to-cry": 2, "numbness": 1}
    assert vault.links_to_article("nothing") == []


def test_add_link_errors(vault: Vault) -> None:
    with pytest.raises(EntryNotFound):
        vault.add_link(999, ArticleLink(article_slug="x"))
    entry = _reflection(vault)
    with pytest.raises(ValueError):
        vault.add_link(entry.id or 0, ArticleLink(article_slug=" "))


# ------------------------------------------------------------------ session preparation


def test_entries_since_last_session(vault: Vault) -> None:
    before = _reflection(vault, -3)
    _session(vault, -5, title="older session")
    last = _session(vault, 0, title="latest session")
    same_moment = _reflection(vault, 0)
    after_block = vault.add_entry(Entry.new(EntryKind.BLOCK, occurred_at=_at(2)))
    after_private = _reflection(vault, 1, private=True)
    trashed_after = _reflection(vault, 1.5)
    vault.delete_entry(trashed_after.id or 0)

    session, since = vault.entries_since_last_session()
    assert session is not None and session.id == last.id
    assert vault.last_session_note() == session
    assert [entry.id for entry in since] == [after_private.id, after_block.id]  # oldest first
    assert before.id not in [e.id for e in since] and same_moment.id not in [e.id for e in since]

    public_only = vault.entries_since(last.occurred_at, include_private=False)
    assert [entry.id for entry in public_only] == [after_block.id]


def test_entries_since_last_session_without_sessions(vault: Vault) -> None:
    assert vault.entries_since_last_session() == (None, [])
    entries = [_reflection(vault, day) for day in (2, 1)]
    session, since = vault.entries_since_last_session()
    assert session is None
    assert [e.id for e in since] == [entries[1].id, entries[0].id]


def test_trashed_session_note_does_not_count_as_last(vault: Vault) -> None:
    earlier = _session(vault, 0)
    later = _session(vault, 5)
    vault.delete_entry(later.id or 0)
    assert (vault.last_session_note() or Entry.new(EntryKind.SESSION)).id == earlier.id


# ------------------------------------------------------------------ stored articles


def test_imported_articles(vault: Vault) -> None:
    assert vault.stored_articles() == []
    vault.save_article("first", "+++\ntitle = 'one'\n+++\nText")
    vault.save_article("second", "doc 2")
    vault.save_article("first", "updated")
    assert dict(vault.stored_articles()) == {"first": "updated", "second": "doc 2"}
    vault.delete_article("first")
    assert vault.stored_articles() == [("second", "doc 2")]


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
    vault.save_article("slug", "document")
    target = tmp_path / "backup"
    assert vault.backup_to(target) == target
    assert not list(target.glob("*.partial"))

    originals = vault.entries_since(None)
    with Vault.open(target, passphrase) as copy:
        assert copy.entries_since(None) == originals
        assert copy.get_entry(full.id or 0) == vault.get_entry(full.id or 0)
        assert copy.stored_articles() == [("slug", "document")]
        assert copy.schema_version == vault.schema_version
        assert copy.integrity_problems() == []
        assert [hit.entry_id for hit in copy.search("backed")] == [full.id]
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
        vault.list_entries()
    vault.close()  # closing twice is fine
