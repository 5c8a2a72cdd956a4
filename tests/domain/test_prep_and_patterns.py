"""Session prep gathering and the weekly patterns of emotional blocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from journal_app.domain import (
    ArticleLink,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.domain.prep import BlockMoment, SessionPrep, week_start, weekly_block_patterns


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_prep_splits_kinds_and_takes_homework_from_the_last_session() -> None:
    session = Entry.new(
        EntryKind.SESSION,
        occurred_at=at(2),
        details=SessionNoteDetails(homework="  Notice when I hold my breath.  "),
        links=(ArticleLink("how-to-cry-in-therapy"),),
    )
    block = Entry.new(
        EntryKind.BLOCK,
        occurred_at=at(4),
        links=(ArticleLink("how-to-cry-in-therapy"), ArticleLink("how-to-cry-in-therapy")),
    )
    reflection = Entry.new(EntryKind.REFLECTION, occurred_at=at(5), links=(ArticleLink("other"),))
    prep = SessionPrep.gather(session, [block, reflection], [Question("Why now?")])

    assert prep.since == at(2)
    assert prep.blocks == (block,)
    assert prep.reflections == (reflection,)
    assert prep.homework == "Notice when I hold my breath."
    assert prep.linked_articles == [("how-to-cry-in-therapy", 2), ("other", 1)]
    assert not prep.is_empty


def test_prep_without_any_session_is_empty_when_nothing_was_written() -> None:
    prep = SessionPrep.gather(None, [], [])
    assert prep.since is None
    assert prep.homework == ""
    assert prep.is_empty


def test_weekly_patterns_include_quiet_weeks_and_average_intensities() -> None:
    today = date(2026, 3, 18)  # a Wednesday
    moments = [
        BlockMoment(datetime(2026, 3, 16, 12, tzinfo=UTC), 8, 6),
        BlockMoment(datetime(2026, 3, 17, 12, tzinfo=UTC), 6, 4),
        BlockMoment(datetime(2026, 3, 3, 12, tzinfo=UTC), 2, 9),
        BlockMoment(datetime(2025, 1, 1, 12, tzinfo=UTC), 5, 5),  # too old: ignored
    ]
    weeks = weekly_block_patterns(moments, weeks=3, today=today)
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert [w.block_count for w in weeks] == [1, 0, 2]
    assert weeks[2].average_feeling == 7.0
    assert weeks[2].average_block == 5.0
    assert weeks[1].average_feeling is None


def test_week_start_is_monday() -> None:
    for offset in range(7):
        day = date(2026, 3, 16) + timedelta(days=offset)
        assert week_start(day) == date(2026, 3, 16)


def test_block_moment_only_from_blocks() -> None:
    block = Entry.new(
        EntryKind.BLOCK,
        occurred_at=at(1),
        details=EmotionalBlockDetails(feeling_intensity=9, block_intensity=3),
    )
    moment = BlockMoment.from_entry(block)
    assert moment is not None and (moment.feeling_intensity, moment.block_intensity) == (9, 3)
    assert BlockMoment.from_entry(Entry.new(EntryKind.REFLECTION)) is None


def test_list_snippet_uses_the_body_or_else_the_most_telling_field() -> None:
    from journal_app.domain import BlockSetting, BlockType, entry_snippet

    block = EmotionalBlockDetails(
        setting=BlockSetting.ALONE,
        blocked=(BlockType.WENT_NUMB,),
        feeling_intensity=7,
        what_was_happening="Mum called about the holidays.",
    )
    assert entry_snippet("", block) == "Mum called about the holidays."
    assert entry_snippet("I **felt** it", block) == "I felt it"
    session = SessionNoteDetails(therapist="Maria", talked_about="The year Dad left.")
    assert entry_snippet("", session) == "The year Dad left."
    assert entry_snippet("word " * 100, session).endswith("…")


def test_search_text_leaves_out_the_numeric_scales() -> None:
    from journal_app.domain import details_search_text

    text = details_search_text(EmotionalBlockDetails(feeling_intensity=7, block_intensity=9))
    assert "10" not in text and "7" not in text
