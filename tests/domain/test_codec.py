"""The one Entry <-> dict codec: exact round trips, strict errors, and lenient reading of drafts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal_app.domain import (
    ArticleLink,
    BlockSetting,
    BlockType,
    CheckInDetails,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    MoodRating,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
    ThinkingTrap,
    ThoughtRecordDetails,
)
from journal_app.domain.codec import (
    entry_from_dict,
    entry_to_dict,
    format_timestamp,
    parse_timestamp,
)

moments = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
offset_moments = st.builds(
    lambda moment, minutes: moment.astimezone(timezone(timedelta(minutes=minutes))),
    moments,
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
texts = st.text(max_size=40)
scales = st.integers(min_value=0, max_value=10)

session_details = st.builds(
    SessionNoteDetails,
    therapist=texts,
    talked_about=texts,
    noticed_felt=texts,
    insights=texts,
    homework=texts,
)
block_details = st.builds(
    EmotionalBlockDetails,
    setting=st.sampled_from(BlockSetting),
    blocked=st.lists(st.sampled_from(BlockType), unique=True, max_size=3).map(tuple),
    blocked_other=texts,
    feeling_intensity=scales,
    block_intensity=scales,
    what_was_happening=texts,
    what_helped=texts,
)
reflection_details = st.builds(ReflectionDetails, mood=st.none() | scales)
percents = st.integers(min_value=0, max_value=100)
mood_ratings = st.lists(st.builds(MoodRating, name=texts, strength=percents), max_size=3)
thought_record_details = st.builds(
    ThoughtRecordDetails,
    situation=texts,
    moods=mood_ratings.map(tuple),
    automatic_thoughts=st.lists(texts, max_size=3).map(tuple),
    hot_thought=st.none() | st.integers(min_value=0, max_value=2),
    evidence_for=texts,
    evidence_against=texts,
    balanced_thought=texts,
    belief=st.none() | percents,
    moods_after=mood_ratings.map(tuple),
    thinking_traps=st.lists(st.sampled_from(ThinkingTrap), unique=True, max_size=3).map(tuple),
    grew_from=texts,
)
check_in_details = st.builds(
    CheckInDetails,
    feelings=st.lists(texts, max_size=3).map(tuple),
    strength=scales,
    note=texts,
)
questions = st.builds(
    Question,
    text=texts,
    created_at=offset_moments,
    resolved_on=st.none() | st.dates(min_value=date(1970, 1, 2)),
)
links = st.builds(
    ArticleLink,
    article_slug=st.text(min_size=1, max_size=20),
    comment_id=st.none() | st.text(min_size=1, max_size=10),
    quote=texts,
    created_at=offset_moments,
)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(EntryKind))
    details = {
        EntryKind.SESSION: session_details,
        EntryKind.BLOCK: block_details,
        EntryKind.REFLECTION: reflection_details,
        EntryKind.THOUGHT_RECORD: thought_record_details,
        EntryKind.CHECK_IN: check_in_details,
    }[kind]
    return Entry(
        kind=kind,
        uid=draw(st.uuids()).hex,
        title=draw(texts),
        body=draw(st.text(max_size=200)),
        details=draw(details),
        tags=tuple(draw(st.lists(st.text(min_size=1, max_size=12), max_size=4))),
        private=draw(st.booleans()),
        occurred_at=draw(offset_moments),
        created_at=draw(offset_moments),
        updated_at=draw(offset_moments),
        questions=tuple(draw(st.lists(questions, max_size=3))),
        links=tuple(draw(st.lists(links, max_size=3))),
    )


@settings(max_examples=150, deadline=None)
@given(entries())
def test_every_entry_survives_a_round_trip_through_json(entry: Entry) -> None:
    data = json.loads(json.dumps(entry_to_dict(entry)))
    assert entry_from_dict(data) == entry
    assert entry_from_dict(data, lenient=True) == entry


@settings(max_examples=60, deadline=None)
@given(entries())
def test_the_dict_is_stable_after_one_round_trip(entry: Entry) -> None:
    once = entry_to_dict(entry)
    assert entry_to_dict(entry_from_dict(once)) == once


def test_the_dict_keeps_the_documented_keys_in_order() -> None:
    entry = Entry.new(EntryKind.REFLECTION, uid="u1", title="T", body="B")
    assert list(entry_to_dict(entry)) == [
        "uid", "kind", "title", "body", "details", "tags", "private",
        "occurred_at", "created_at", "updated_at", "questions", "links",
    ]  # fmt: skip
    assert entry_to_dict(entry)["occurred_at"].endswith("Z")


def test_database_ids_are_left_out() -> None:
    entry = Entry.new(EntryKind.REFLECTION, uid="u1", id=7, questions=(Question("Q?", id=3),))
    data = entry_to_dict(entry)
    assert "id" not in data and "id" not in data["questions"][0]
    assert entry_from_dict(data).id is None


def test_timestamps_are_utc_with_microseconds() -> None:
    moment = datetime(2026, 3, 3, 15, 0, 0, 120, tzinfo=timezone(timedelta(hours=1)))
    assert format_timestamp(moment) == "2026-03-03T14:00:00.000120Z"
    assert parse_timestamp("2026-03-03T15:00:00.000120+01:00") == moment
    with pytest.raises(ValueError, match="no time zone"):
        parse_timestamp("2026-03-03T15:00:00")
    with pytest.raises(ValueError):
        format_timestamp(datetime(2026, 3, 3))


@pytest.mark.parametrize("missing", ["uid", "kind", "occurred_at"])
def test_strict_reading_names_a_missing_field(missing: str) -> None:
    data = entry_to_dict(Entry.new(EntryKind.SESSION, uid="u1"))
    del data[missing]
    with pytest.raises(KeyError, match=missing):
        entry_from_dict(data)


def test_strict_reading_refuses_broken_values() -> None:
    data = entry_to_dict(Entry.new(EntryKind.BLOCK, uid="u1"))
    with pytest.raises(ValueError):
        entry_from_dict({**data, "kind": "diary"})
    with pytest.raises(ValueError):
        entry_from_dict({**data, "occurred_at": "yesterday"})
    with pytest.raises(ValueError):
        entry_from_dict({**data, "details": {"setting": "on the moon"}})


def test_lenient_reading_keeps_the_writing_of_a_damaged_draft() -> None:
    draft = {
        "kind": "block",
        "title": "Held back",
        "body": "What I wrote before the crash",
        "occurred_at": "not a date",
        "tags": ["tears", 3, None],
        "details": {"setting": "on the moon"},
        "questions": [{"text": "Why?", "created_at": "2026-01-01T10:00:00Z"}, "junk", {}],
        "links": [{"article_slug": "how-to-cry-in-therapy", "quote": "q"}, {"quote": "no slug"}],
    }
    before = datetime.now(UTC)
    entry = entry_from_dict(draft, lenient=True)
    assert (entry.kind, entry.title, entry.body) == (EntryKind.BLOCK, "Held back", draft["body"])
    assert entry.tags == ("tears", "3")
    assert entry.details == EmotionalBlockDetails()
    assert entry.occurred_at >= before
    assert [q.text for q in entry.questions] == ["Why?"]
    assert [link.article_slug for link in entry.links] == ["how-to-cry-in-therapy"]
    assert entry.uid == ""


def test_lenient_reading_takes_a_time_without_a_zone_as_local_time() -> None:
    entry = entry_from_dict(
        {"kind": "reflection", "occurred_at": "2026-03-03T15:00:00"}, lenient=True
    )
    assert entry.occurred_at == datetime(2026, 3, 3, 15, 0).astimezone()


@pytest.mark.parametrize("kind", [None, "", "diary", 3])
def test_lenient_reading_still_needs_a_known_kind(kind: object) -> None:
    with pytest.raises(ValueError, match="kind"):
        entry_from_dict({"kind": kind, "body": "text"}, lenient=True)
