"""Entry kinds, details serialisation, tags and other pure helpers of the domain model."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal_app.domain import (
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryDetails,
    EntryKind,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
    as_utc,
    default_details,
    details_from_dict,
    details_kind,
    details_search_text,
    details_to_dict,
    normalize_tags,
)

# ------------------------------------------------------------------ EntryKind.parse


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("session", EntryKind.SESSION),
        ("session-note", EntryKind.SESSION),
        ("session_note", EntryKind.SESSION),
        ("  Session-Note ", EntryKind.SESSION),
        ("block", EntryKind.BLOCK),
        ("emotional-block", EntryKind.BLOCK),
        ("EMOTIONAL_BLOCK", EntryKind.BLOCK),
        ("reflection", EntryKind.REFLECTION),
        ("Reflection", EntryKind.REFLECTION),
    ],
)
def test_entry_kind_parse_accepts_values_and_aliases(text: str, kind: EntryKind) -> None:
    assert EntryKind.parse(text) is kind


@pytest.mark.parametrize("text", ["", "note", "sessions", "emotional block x", "diary"])
def test_entry_kind_parse_refuses_unknown_names(text: str) -> None:
    with pytest.raises(ValueError, match="session, block, reflection"):
        EntryKind.parse(text)


def test_every_kind_parses_from_its_own_value() -> None:
    for kind in EntryKind:
        assert EntryKind.parse(kind.value) is kind
        assert kind.label


# ------------------------------------------------------------------ details


@pytest.mark.parametrize("kind", list(EntryKind))
def test_default_details_match_their_kind(kind: EntryKind) -> None:
    details = default_details(kind)
    assert details_kind(details) is kind
    assert Entry.new(kind).details == details


def test_details_kind_refuses_other_objects() -> None:
    with pytest.raises(TypeError):
        details_kind("not details")  # type: ignore[arg-type]


_text = st.text(max_size=40)
_scale = st.integers(min_value=0, max_value=10)

_session_details = st.builds(
    SessionNoteDetails,
    therapist=_text,
    talked_about=_text,
    noticed_felt=_text,
    insights=_text,
    homework=_text,
)
_block_details = st.builds(
    EmotionalBlockDetails,
    setting=st.sampled_from(BlockSetting),
    blocked=st.lists(st.sampled_from(BlockType), unique=True).map(tuple),
    blocked_other=_text,
    feeling_intensity=_scale,
    block_intensity=_scale,
    what_was_happening=_text,
    what_helped=_text,
)
_reflection_details = st.builds(ReflectionDetails, mood=st.none() | _scale)
_any_details = st.one_of(_session_details, _block_details, _reflection_details)


@given(_any_details)
def test_details_survive_a_trip_through_json(details: EntryDetails) -> None:
    data = json.loads(json.dumps(details_to_dict(details)))
    assert details_from_dict(details_kind(details), data) == details


@pytest.mark.parametrize(
    "details",
    [
        SessionNoteDetails(
            therapist="Dr. Ana Ruiz",
            talked_about="my father",
            noticed_felt="tight chest",
            insights="I wait for permission",
            homework="write a letter",
        ),
        EmotionalBlockDetails(
            setting=BlockSetting.WITH_SOMEONE,
            blocked=(BlockType.COULDNT_CRY, BlockType.OTHER),
            blocked_other="I smiled instead",
            feeling_intensity=9,
            block_intensity=0,
            what_was_happening="the funeral",
            what_helped="a walk",
        ),
        ReflectionDetails(mood=0),
        ReflectionDetails(mood=None),
    ],
)
def test_details_to_dict_is_json_of_plain_values(details: EntryDetails) -> None:
    data = details_to_dict(details)
    assert json.loads(json.dumps(data)) == data
    assert details_from_dict(details_kind(details), data) == details


@pytest.mark.parametrize("kind", list(EntryKind))
def test_details_from_an_empty_dict_are_the_defaults(kind: EntryKind) -> None:
    assert details_from_dict(kind, {}) == default_details(kind)


def test_details_from_dict_ignores_unknown_keys() -> None:
    details = details_from_dict(EntryKind.REFLECTION, {"mood": 3, "future_field": "x"})
    assert details == ReflectionDetails(mood=3)


def test_block_details_store_enum_values_not_labels() -> None:
    data = details_to_dict(
        EmotionalBlockDetails(setting=BlockSetting.AT_WORK, blocked=(BlockType.WENT_NUMB,))
    )
    assert data["setting"] == "at-work"
    assert data["blocked"] == ["went-numb"]


def test_details_search_text_holds_the_filled_in_words() -> None:
    text = details_search_text(SessionNoteDetails(therapist="Dr. Ruiz", homework="breathe"))
    assert "Dr. Ruiz" in text and "breathe" in text
    assert details_search_text(ReflectionDetails()) == ""


def test_blocked_description_uses_the_other_text() -> None:
    details = EmotionalBlockDetails(
        blocked=(BlockType.COULDNT_CRY, BlockType.OTHER), blocked_other="froze"
    )
    assert details.blocked_description() == "Couldn't cry; froze"


# ------------------------------------------------------------------ tags


def test_normalize_tags_trims_drops_hashes_and_empties() -> None:
    assert normalize_tags(["  grief ", "#anger", "", "   ", "#", "# shame "]) == (
        "grief",
        "anger",
        "shame",
    )


def test_normalize_tags_removes_case_insensitive_duplicates_keeping_the_first() -> None:
    assert normalize_tags(["Work", "work", "WORK", "#work", "Straße", "STRASSE"]) == (
        "Work",
        "Straße",
    )


def test_normalize_tags_keeps_order() -> None:
    assert normalize_tags(["c", "a", "b"]) == ("c", "a", "b")


@given(st.lists(st.text(max_size=12), max_size=12))
def test_normalize_tags_is_idempotent(tags: list[str]) -> None:
    once = normalize_tags(tags)
    assert normalize_tags(once) == once
    assert len({tag.casefold() for tag in once}) == len(once)
    assert all(tag == tag.strip() and tag and not tag.startswith("#") for tag in once)


# ------------------------------------------------------------------ entries and questions


def test_entry_display_title_falls_back_to_kind_and_day() -> None:
    entry = Entry.new(EntryKind.SESSION, occurred_at=datetime(2026, 3, 4, 12, tzinfo=UTC))
    assert entry.display_title.startswith("Session note, ")
    assert "2026" in entry.display_title
    assert entry.with_changes(title="  Hard one  ").display_title == "Hard one"


def test_open_questions_skip_resolved_ones() -> None:
    open_one = Question(text="Why?")
    resolved = Question(text="How?", resolved_on=date(2026, 1, 2))
    entry = Entry.new(EntryKind.SESSION, questions=(open_one, resolved))
    assert entry.open_questions == (open_one,)


def test_as_utc_converts_aware_and_naive_times() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert as_utc(datetime(2026, 1, 1, 12, tzinfo=plus_two)) == datetime(2026, 1, 1, 10, tzinfo=UTC)
    naive = datetime(2026, 1, 1, 12)
    assert as_utc(naive).tzinfo is UTC
    assert as_utc(naive) == naive.astimezone()
