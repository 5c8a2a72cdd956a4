"""Thought records, check-ins, worded scales and the feelings list, without storage or Qt."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from journal_app.domain import (
    CheckInDetails,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    MoodRating,
    ThinkingTrap,
    ThoughtRecordDetails,
    ValidationError,
    details_search_text,
    entry_snippet,
    validate_entry,
)
from journal_app.domain.entries import thought_record_from
from journal_app.domain.feelings import FEELING_GROUPS, all_feelings, group_of, parse_feelings
from journal_app.domain.prep import SessionPrep
from journal_app.domain.scales import BLOCK_STRENGTH, FEELING_STRENGTH, MOOD, WordedScale

RECORD = ThoughtRecordDetails(
    situation="Dinner with my father, he went quiet",
    moods=(MoodRating("anxious", 80), MoodRating("ashamed", 60)),
    automatic_thoughts=("He's disappointed in me", "I always ruin things"),
    hot_thought=1,
    evidence_for="He didn't answer my question",
    evidence_against="He hugged me when I left",
    balanced_thought="He was tired; one quiet dinner is not a verdict on me",
    belief=70,
    moods_after=(MoodRating("Anxious", 40),),
    thinking_traps=(ThinkingTrap.MIND_READING, ThinkingTrap.OVERGENERALISING),
)


def test_kinds_parse_from_their_friendly_names() -> None:
    assert EntryKind.parse("thought-record") is EntryKind.THOUGHT_RECORD
    assert EntryKind.parse("Thought_Record") is EntryKind.THOUGHT_RECORD
    assert EntryKind.parse("check-in") is EntryKind.CHECK_IN
    assert EntryKind.parse("checkin") is EntryKind.CHECK_IN
    assert EntryKind.THOUGHT_RECORD.label == "Thought record"


def test_a_thought_record_shows_its_seven_columns_and_the_mood_change() -> None:
    items = dict(RECORD.labelled_items())
    assert items["1. Situation"] == "Dinner with my father, he went quiet"
    assert items["2. Moods"] == "anxious 80%; ashamed 60%"
    assert items["3. Automatic thoughts"].splitlines() == [
        "• He's disappointed in me",
        "• I always ruin things (hot thought)",
    ]
    assert items["6. Balanced thought"].endswith("(I believe it 70%)")
    assert items["7. Moods now"] == "Anxious 40%"
    # Matched by name regardless of case; a mood not re-rated says so.
    assert items["Mood change"] == "anxious 80% → 40%; ashamed 60% (not re-rated)"
    assert items["Thinking traps I noticed"] == "Mind-reading; Always and never"
    assert [c.difference for c in RECORD.mood_changes()] == [-40, None]


def test_every_column_may_be_left_empty() -> None:
    empty = Entry.new(EntryKind.THOUGHT_RECORD)
    validate_entry(empty)
    assert all(value == "" for _label, value in empty.details.labelled_items())
    assert empty.display_title.startswith("Thought record, ")


def test_thought_records_are_found_by_their_thoughts_and_moods_and_list_their_hot_thought() -> None:
    text = details_search_text(RECORD)
    for word in ("father", "anxious", "disappointed", "hugged", "verdict", "Mind-reading"):
        assert word in text
    assert "80" not in text  # numbers would make every record match a search for a number
    assert entry_snippet("", RECORD) == "I always ruin things"


def test_thought_record_rules() -> None:
    def check(**changes: object) -> str:
        details = ThoughtRecordDetails(**changes)  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as raised:
            validate_entry(Entry.new(EntryKind.THOUGHT_RECORD, details=details))
        return raised.value.field

    assert check(moods=(MoodRating("sad", 101),)) == "moods"
    assert check(moods_after=(MoodRating(" ", 10),)) == "moods_after"
    assert check(automatic_thoughts=("one",), hot_thought=1) == "hot_thought"
    assert check(automatic_thoughts=("",)) == "automatic_thoughts"
    assert check(belief=-1) == "belief"


def test_there_are_ten_to_fourteen_thinking_traps_each_explained_in_one_plain_line() -> None:
    assert 10 <= len(ThinkingTrap) <= 14
    for trap in ThinkingTrap:
        assert trap.label and trap.explanation.endswith(".")
        assert "\n" not in trap.explanation and len(trap.explanation) < 100
        assert "distortion" not in trap.explanation.lower()


def test_a_block_becomes_a_thought_record_carrying_its_situation_and_origin() -> None:
    block = Entry.new(
        EntryKind.BLOCK,
        uid="block-1",
        tags=("grief",),
        private=True,
        occurred_at=datetime(2026, 3, 4, 8, 15, tzinfo=UTC),
        details=EmotionalBlockDetails(what_was_happening="The eulogy for my aunt"),
    )
    record = thought_record_from(block)
    assert record.kind is EntryKind.THOUGHT_RECORD
    assert isinstance(record.details, ThoughtRecordDetails)
    assert record.details.situation.startswith("The eulogy for my aunt")
    assert record.details.grew_from == "block-1"
    assert record.occurred_at == block.occurred_at
    assert record.private and record.tags == ("grief",)


def test_check_in_rules_words_and_gist() -> None:
    check_in = CheckInDetails(("anxious", "tired"), 7, "Before the meeting")
    validate_entry(Entry.new(EntryKind.CHECK_IN, details=check_in))
    assert dict(check_in.labelled_items())["How strong"] == "7 – very strong (out of 10)"
    assert entry_snippet("", check_in) == "anxious, tired: Before the meeting"
    assert "tired" in details_search_text(check_in)
    with pytest.raises(ValidationError):
        validate_entry(Entry.new(EntryKind.CHECK_IN, details=CheckInDetails(strength=11)))


def test_every_point_of_every_scale_has_its_own_words() -> None:
    for scale in (FEELING_STRENGTH, BLOCK_STRENGTH, MOOD):
        assert len(set(scale.words)) == 11
        assert scale.describe(0).startswith("0 – ")
    assert FEELING_STRENGTH.words_for(0).startswith("calm")
    assert FEELING_STRENGTH.words_for(5) == "hard to ignore"
    assert FEELING_STRENGTH.words_for(10) == "the worst I can imagine"
    assert FEELING_STRENGTH.words_for(12) == FEELING_STRENGTH.words_for(10)
    with pytest.raises(ValueError):
        WordedScale("short", ("a", "b"))


def test_the_feelings_list_is_grouped_and_calm() -> None:
    words = all_feelings()
    assert 40 <= len(words) <= 60
    assert len(FEELING_GROUPS) == 4
    assert {"numb", "wanting to cry"} <= set(words)
    group = group_of("Numb")
    assert group is not None and group.name == "Unpleasant, little energy"
    assert group_of("my own word") is None
    assert parse_feelings(" sad, Tired;; sad ,numb ") == ("sad", "Tired", "numb")


def test_session_prep_gathers_thought_records_with_their_mood_change_and_check_ins() -> None:
    record = Entry.new(EntryKind.THOUGHT_RECORD, details=RECORD)
    check_ins = [
        Entry.new(EntryKind.CHECK_IN, details=CheckInDetails(("anxious",), 6)),
        Entry.new(EntryKind.CHECK_IN, details=CheckInDetails(("Anxious", "tired"), 3)),
    ]
    prep = SessionPrep.gather(None, [record, *check_ins], [])
    assert prep.thought_records == (record,)
    ((entry, changes),) = prep.mood_changes()
    assert entry is record and changes[0].describe() == "anxious 80% → 40%"
    assert prep.check_ins == tuple(check_ins)
    assert prep.check_in_summary() == (
        "2 check-ins; most named: anxious (2), tired (1); average strength 4.5 of 10"
    )
