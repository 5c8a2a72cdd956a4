"""The rules an entry must follow before it is saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from journal_app.domain import (
    ArticleLink,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
    ValidationError,
    validate_entry,
    validate_question,
)
from journal_app.domain.validation import MAX_TAG_LENGTH, MAX_TAGS, MAX_TITLE_LENGTH


def _block(**changes: object) -> Entry:
    return Entry.new(EntryKind.BLOCK, details=EmotionalBlockDetails(**changes))  # type: ignore[arg-type]


def _field_of(entry: Entry) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_entry(entry)
    assert caught.value.message  # always something a person can read
    assert str(caught.value) == caught.value.message
    return caught.value.field


@pytest.mark.parametrize("kind", list(EntryKind))
def test_a_new_entry_of_every_kind_is_valid(kind: EntryKind) -> None:
    validate_entry(Entry.new(kind, title="A title", body="Some words", tags=("grief",)))


@pytest.mark.parametrize("value", [-1, 11, 100, -100])
@pytest.mark.parametrize("field", ["feeling_intensity", "block_intensity"])
def test_block_intensities_outside_zero_to_ten_are_refused(field: str, value: int) -> None:
    assert _field_of(_block(**{field: value})) == field


@pytest.mark.parametrize("value", [0, 10])
@pytest.mark.parametrize("field", ["feeling_intensity", "block_intensity"])
def test_block_intensities_at_the_ends_of_the_scale_are_fine(field: str, value: int) -> None:
    validate_entry(_block(**{field: value}))


@pytest.mark.parametrize("value", [True, 5.5, "5"])
def test_intensity_must_be_a_whole_number(value: object) -> None:
    assert _field_of(_block(feeling_intensity=value)) == "feeling_intensity"


@pytest.mark.parametrize("mood", [-1, 11])
def test_mood_outside_zero_to_ten_is_refused(mood: int) -> None:
    entry = Entry.new(EntryKind.REFLECTION, details=ReflectionDetails(mood=mood))
    assert _field_of(entry) == "mood"


@pytest.mark.parametrize("mood", [None, 0, 10])
def test_mood_may_be_missing_or_on_the_scale(mood: int | None) -> None:
    validate_entry(Entry.new(EntryKind.REFLECTION, details=ReflectionDetails(mood=mood)))


@pytest.mark.parametrize("other_text", ["", "   ", "\n\t"])
def test_something_else_needs_a_few_words(other_text: str) -> None:
    entry = _block(blocked=(BlockType.OTHER,), blocked_other=other_text)
    assert _field_of(entry) == "blocked_other"


def test_something_else_with_words_is_fine() -> None:
    validate_entry(_block(blocked=(BlockType.OTHER,), blocked_other="I froze"))


def test_other_text_is_not_needed_without_something_else() -> None:
    validate_entry(_block(blocked=(BlockType.WENT_NUMB,), blocked_other=""))


@pytest.mark.parametrize("title", ["first line\nsecond line", "ends with newline\n", "\n"])
def test_titles_fit_on_one_line(title: str) -> None:
    assert _field_of(Entry.new(EntryKind.REFLECTION, title=title)) == "title"


def test_titles_have_a_maximum_length() -> None:
    validate_entry(Entry.new(EntryKind.REFLECTION, title="a" * MAX_TITLE_LENGTH))
    entry = Entry.new(EntryKind.REFLECTION, title="a" * (MAX_TITLE_LENGTH + 1))
    assert _field_of(entry) == "title"


@pytest.mark.parametrize(
    ("kind", "details"),
    [
        (EntryKind.SESSION, ReflectionDetails()),
        (EntryKind.SESSION, EmotionalBlockDetails()),
        (EntryKind.BLOCK, SessionNoteDetails()),
        (EntryKind.BLOCK, ReflectionDetails()),
        (EntryKind.REFLECTION, SessionNoteDetails()),
        (EntryKind.REFLECTION, EmotionalBlockDetails()),
    ],
)
def test_details_must_match_the_kind(kind: EntryKind, details: object) -> None:
    entry = Entry(kind=kind, details=details)  # type: ignore[arg-type]
    assert _field_of(entry) == "details"


def test_entry_date_needs_a_time_zone() -> None:
    entry = Entry.new(EntryKind.REFLECTION, occurred_at=datetime(2026, 1, 1, 12, 0))
    assert _field_of(entry) == "occurred_at"
    validate_entry(entry.with_changes(occurred_at=datetime(2026, 1, 1, 12, 0, tzinfo=UTC)))


@pytest.mark.parametrize(
    "tags",
    [
        ("",),
        ("  ",),
        ("a,b",),
        ("two\nlines",),
        ("x" * (MAX_TAG_LENGTH + 1),),
        tuple(f"tag{i}" for i in range(MAX_TAGS + 1)),
    ],
)
def test_bad_tags_are_refused(tags: tuple[str, ...]) -> None:
    assert _field_of(Entry.new(EntryKind.REFLECTION, tags=tags)) == "tags"


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_bad_questions_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_question(Question(text=text))
    assert caught.value.field == "questions"
    entry = Entry.new(EntryKind.SESSION, questions=(Question(text=text),))
    assert _field_of(entry) == "questions"


def test_a_link_needs_an_article() -> None:
    entry = Entry.new(EntryKind.REFLECTION, links=(ArticleLink(article_slug="  "),))
    assert _field_of(entry) == "links"
    validate_entry(entry.with_changes(links=(ArticleLink(article_slug="how-to-cry"),)))


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)
