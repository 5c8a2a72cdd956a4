"""Drafts of unsaved writing: the payload round trip, lenient reading, and the savable fallback."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from journal_app.domain.drafts import (
    draft_entry_id,
    draft_key_for,
    draft_payload,
    entry_from_draft,
    savable_version,
)
from journal_app.domain.entries import (
    ArticleLink,
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
)
from journal_app.domain.validation import MAX_TITLE_LENGTH, ValidationError, validate_entry

MOMENT = datetime(2026, 11, 30, 18, 45, tzinfo=UTC)


def block_entry(**changes: Any) -> Entry:
    details = EmotionalBlockDetails(
        setting=BlockSetting.WITH_SOMEONE,
        blocked=(BlockType.COULDNT_CRY, BlockType.OTHER),
        blocked_other="froze",
        feeling_intensity=8,
        block_intensity=9,
        what_was_happening="Talking about Dad",
        what_helped="Breathing out slowly",
    )
    base = Entry.new(
        EntryKind.BLOCK,
        title="Couldn't cry",
        body="It was there and wouldn't come.",
        details=details,
        tags=("tears", "dad"),
        private=True,
        occurred_at=MOMENT,
    )
    return base.with_changes(**changes)


def test_draft_keys_name_the_saved_entry_or_are_unique_for_new_ones() -> None:
    assert draft_key_for(block_entry(id=42)) == "entry-42"
    first, second = draft_key_for(block_entry()), draft_key_for(block_entry())
    assert first.startswith("new-") and second.startswith("new-") and first != second


def test_a_new_entry_comes_back_from_its_draft_field_for_field() -> None:
    link = ArticleLink(article_slug="how-to-cry-in-therapy", comment_id="c06", quote="a passage")
    entry = block_entry(links=(link,))
    payload = json.loads(json.dumps(draft_payload(entry)))  # drafts are stored as JSON
    assert draft_entry_id(payload) is None
    restored = entry_from_draft(payload)
    assert restored is not None and restored.id is None
    for name in ("kind", "title", "body", "details", "tags", "private", "occurred_at"):
        assert getattr(restored, name) == getattr(entry, name), name
    assert [(lk.article_slug, lk.comment_id, lk.quote) for lk in restored.links] == [
        ("how-to-cry-in-therapy", "c06", "a passage")
    ]


def test_a_draft_of_a_saved_entry_keeps_its_saved_links_and_questions() -> None:
    saved_link = ArticleLink(article_slug="saved", id=7, entry_id=3)
    new_link = ArticleLink(article_slug="new-one")
    stored = block_entry(id=3, links=(saved_link,), title="Old title")
    edited = stored.with_changes(title="New title", links=(saved_link, new_link))
    payload = draft_payload(edited)
    assert [item["article_slug"] for item in payload["links"]] == ["new-one"]
    assert draft_entry_id(payload) == 3
    restored = entry_from_draft(payload, stored)
    assert restored is not None and restored.id == 3 and restored.title == "New title"
    assert [lk.article_slug for lk in restored.links] == ["saved", "new-one"]


def test_a_draft_of_an_entry_in_the_trash_comes_back_as_a_new_entry() -> None:
    stored = block_entry(id=3, deleted_at=MOMENT)
    restored = entry_from_draft(draft_payload(stored), stored)
    assert restored is not None and restored.id is None and restored.body == stored.body


@pytest.mark.parametrize("kind", ["", "poem", None])
def test_a_draft_without_a_known_kind_gives_nothing(kind: object) -> None:
    assert entry_from_draft({"kind": kind, "body": "words"}) is None


def test_a_damaged_draft_still_gives_back_its_writing() -> None:
    payload: dict[str, Any] = {
        "entry_id": True,  # not an id
        "kind": "session",
        "body": "Every word of this matters",
        "occurred_at": "yesterday-ish",
        "details": {"therapist": "Maria", "talked_about": "Dad"},
        "tags": "not-a-list",
        "links": [{"comment_id": "c1"}, "junk", {"article_slug": "kept", "quote": None}],
    }
    assert draft_entry_id(payload) is None
    restored = entry_from_draft(payload)
    assert restored is not None and restored.body == "Every word of this matters"
    assert restored.details == SessionNoteDetails(therapist="Maria", talked_about="Dad")
    assert restored.tags == () and [lk.article_slug for lk in restored.links] == ["kept"]
    assert restored.occurred_at.tzinfo is not None


def test_broken_details_fall_back_to_the_stored_ones() -> None:
    stored = block_entry(id=5)
    payload = draft_payload(stored) | {"details": {"setting": "on-the-moon"}}
    restored = entry_from_draft(payload, stored)
    assert restored is not None and restored.details == stored.details
    fresh = entry_from_draft(payload | {"entry_id": None})
    assert fresh is not None and fresh.details == EmotionalBlockDetails()


def test_a_draft_can_change_the_kind_of_a_stored_entry() -> None:
    stored = block_entry(id=5)
    payload = draft_payload(stored) | {"kind": "reflection", "details": {"mood": 4}}
    restored = entry_from_draft(payload, stored)
    assert restored is not None and restored.kind is EntryKind.REFLECTION
    assert restored.details == ReflectionDetails(mood=4)


def error_for(entry: Entry) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_entry(entry)
    return caught.value


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "x" * (MAX_TITLE_LENGTH + 5)},
        {"title": "two\nlines"},
        {"tags": ("fine", "a,b", "y" * 100)},
        {"details": EmotionalBlockDetails(blocked=(BlockType.OTHER,), what_helped="a walk")},
    ],
)
def test_the_savable_version_keeps_the_writing_and_passes(changes: dict[str, Any]) -> None:
    entry = block_entry(**changes)
    fallback = savable_version(entry, error_for(entry))
    assert fallback is not None
    validate_entry(fallback)
    assert fallback.body == entry.body
    if isinstance(entry.details, EmotionalBlockDetails):
        assert isinstance(fallback.details, EmotionalBlockDetails)
        assert fallback.details.what_helped == entry.details.what_helped
    assert fallback.tags == tuple(t for t in entry.tags if t == "fine" or t in ("tears", "dad"))


def test_there_is_no_savable_version_when_the_writing_itself_breaks_a_rule() -> None:
    entry = block_entry()
    assert savable_version(entry, ValidationError("body", "too long")) is None
    reflection = Entry.new(EntryKind.REFLECTION)
    assert savable_version(reflection, ValidationError("blocked_other", "…")) is None
