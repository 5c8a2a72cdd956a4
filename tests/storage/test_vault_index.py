"""The search index and the tag counts stay exactly in step with the entries they describe.

The index keeps no text of its own (FTS5 external content), so it can only take a row out with
the text it was given: every change must go through the vault's forget-then-index path. FTS5's
own check compares the index with the text it reads; the tag counts are compared with a count
over the entries themselves.
"""

from __future__ import annotations

from collections import Counter

import pytest

from journal_app.domain import Entry, EntryKind, Question
from journal_app.storage import Vault


def _index_matches_its_text(vault: Vault) -> None:
    vault._require_open().execute(
        "INSERT INTO entry_search (entry_search, rank) VALUES ('integrity-check', 1)"
    )
    assert vault.integrity_problems() == []


def _counted_tags(vault: Vault) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for summary in vault.entries.summaries(limit=10_000):
        counts.update(summary.tags)
    return dict(counts)


def _found(vault: Vault, text: str) -> set[int]:
    return {hit.entry_id for hit in vault.search.entries(text)}


def test_every_kind_of_change_keeps_index_and_tag_counts_exact(vault: Vault) -> None:
    first = vault.entries.add(
        Entry.new(EntryKind.REFLECTION, title="harbour", body="gulls", tags=("sea", "Morning"))
    )
    second = vault.entries.add(
        Entry.new(
            EntryKind.BLOCK,
            title="meeting",
            body="quiet",
            tags=("work", "sea"),
            questions=(Question(text="why the silence"),),
        )
    )
    third = vault.entries.add(Entry.new(EntryKind.SESSION, title="consultation", tags=("work",)))
    _index_matches_its_text(vault)
    assert _found(vault, "gulls") == {first.id}
    assert dict(vault.tags.in_use()) == _counted_tags(vault) == {"sea": 2, "work": 2, "Morning": 1}

    vault.entries.update(first.with_changes(body="waves", tags=("sea", "evening")))
    question = vault.questions.add(third.id or 0, "what about the lighthouse")
    vault.questions.edit(second.questions[0].id or 0, "why the stillness")
    vault.questions.delete(question.id or 0)
    assert _found(vault, "gulls") == set() and _found(vault, "waves") == {first.id}
    assert _found(vault, "stillness") == {second.id} and _found(vault, "silence") == set()
    assert _found(vault, "lighthouse") == set()
    _index_matches_its_text(vault)

    vault.entries.delete(second.id or 0)  # to the Trash
    assert _found(vault, "quiet") == set()
    assert dict(vault.tags.in_use()) == _counted_tags(vault) == {"sea": 1, "work": 1, "evening": 1}
    vault.entries.restore(second.id or 0)
    vault.entries.restore(second.id or 0)  # restoring a live entry changes nothing
    assert _found(vault, "quiet") == {second.id}
    _index_matches_its_text(vault)

    vault.entries.purge(third.id or 0)  # purged without going through the Trash
    vault.entries.delete(first.id or 0)
    assert vault.entries.empty_trash() == 1
    assert dict(vault.tags.in_use()) == _counted_tags(vault) == {"sea": 1, "work": 1}
    assert _found(vault, "consultation") == set()
    _index_matches_its_text(vault)


def test_changes_to_one_entry_within_one_transaction_index_it_once(vault: Vault) -> None:
    with vault.bulk():
        entry = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="draft", tags=("a",)))
        vault.entries.update(entry.with_changes(title="second", tags=("b",)))
        vault.questions.add(entry.id or 0, "a question about rivers")
        vault.entries.update(entry.with_changes(title="third", tags=("b",)))
        gone = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="brief"))
        vault.entries.delete(gone.id or 0)
    assert _found(vault, "third") == {entry.id} and _found(vault, "rivers") == {entry.id}
    assert _found(vault, "second") == set() and _found(vault, "brief") == set()
    assert dict(vault.tags.in_use()) == {"b": 1}
    _index_matches_its_text(vault)


def test_a_rolled_back_transaction_leaves_no_index_rows(vault: Vault) -> None:
    kept = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept"))
    with pytest.raises(RuntimeError), vault.bulk():
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="undone"))
        vault.entries.update(kept.with_changes(title="changed"))
        raise RuntimeError("cancel")
    assert _found(vault, "undone") == set() and _found(vault, "changed") == set()
    assert _found(vault, "kept") == {kept.id}
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="afterwards"))
    _index_matches_its_text(vault)


def test_a_bulk_import_indexes_in_one_uninterrupted_pass(vault: Vault) -> None:
    """No other statement runs between the FTS inserts of a batch (each would flush a segment)."""
    statements: list[str] = []
    connection = vault._require_open()
    connection.set_trace_callback(statements.append)
    try:
        with vault.bulk():
            for number in range(40):
                vault.entries.add_imported(
                    Entry.new(
                        EntryKind.REFLECTION,
                        uid=f"imported-{number}",
                        title=f"day {number}",
                        body="words",
                        tags=("imported", f"t{number % 3}"),
                        questions=(Question(text="asked"),),
                    )
                )
    finally:
        connection.set_trace_callback(None)
    ours = [sql for sql in statements if not sql.startswith("--")]  # "--": FTS5's own SQL
    fts = [
        position
        for position, sql in enumerate(ours)
        if sql.lstrip().upper().startswith("INSERT INTO ENTRY_SEARCH ")
    ]
    assert len(fts) == 40
    assert fts == list(range(fts[0], fts[0] + 40))  # consecutive: nothing in between
    assert ours[fts[-1] + 1].upper() == "COMMIT"
    assert len(vault.search.entries("words", limit=100)) == 40
    _index_matches_its_text(vault)
