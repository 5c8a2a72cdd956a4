"""Getting ready for the next session: what happened since the last one, gathered in one place.

Shared by the Session prep screen and the "prep summary" at the top of an export, so both tell
the same story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal_app.domain import wording
from journal_app.domain.entries import (
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.domain.thought_records import CheckInDetails, MoodChange, ThoughtRecordDetails


@dataclass(frozen=True)
class SessionPrep:
    last_session: Entry | None
    entries: tuple[Entry, ...]  # everything that happened after the last session note, oldest first
    open_questions: tuple[Question, ...]

    @classmethod
    def gather(
        cls,
        last_session: Entry | None,
        entries: Iterable[Entry],
        open_questions: Iterable[Question],
    ) -> SessionPrep:
        return cls(last_session, tuple(entries), tuple(open_questions))

    @property
    def since(self) -> datetime | None:
        return self.last_session.occurred_at if self.last_session else None

    @property
    def blocks(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is EntryKind.BLOCK)

    @property
    def reflections(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is EntryKind.REFLECTION)

    @property
    def thought_records(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is EntryKind.THOUGHT_RECORD)

    @property
    def check_ins(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is EntryKind.CHECK_IN)

    def mood_changes(self) -> list[tuple[Entry, list[MoodChange]]]:
        """Each thought record since the last session with its moods before and after."""
        return [
            (entry, entry.details.mood_changes())
            for entry in self.thought_records
            if isinstance(entry.details, ThoughtRecordDetails)
        ]

    def check_in_summary(self) -> str:
        """``4 check-ins; most named: anxious (3), tired (2); average strength 6.5 of 10``."""
        check_ins = [e.details for e in self.check_ins if isinstance(e.details, CheckInDetails)]
        if not check_ins:
            return ""
        counts: Counter[str] = Counter(
            word.casefold() for details in check_ins for word in details.feelings
        )
        words = ", ".join(f"{word} ({count})" for word, count in counts.most_common(3))
        average = sum(details.strength for details in check_ins) / len(check_ins)
        parts = [wording.check_ins(len(check_ins))]
        if words:
            parts.append(f"most named: {words}")
        parts.append(f"average strength {average:.1f} of 10")
        return "; ".join(parts)

    @property
    def homework(self) -> str:
        """Homework from the last session note ("" when there is none)."""
        if self.last_session and isinstance(self.last_session.details, SessionNoteDetails):
            return self.last_session.details.homework.strip()
        return ""

    @property
    def linked_articles(self) -> list[tuple[str, int]]:
        """Article slugs linked from these entries (and the last session), most linked first."""
        counts: Counter[str] = Counter()
        sources = list(self.entries) + ([self.last_session] if self.last_session else [])
        for entry in sources:
            for slug in {link.article_slug for link in entry.links}:
                counts[slug] += 1
        return counts.most_common()

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.open_questions and not self.homework


@dataclass(frozen=True)
class BlockMoment:
    """One emotional block reduced to what the patterns chart needs."""

    occurred_at: datetime
    feeling_intensity: int
    block_intensity: int

    @classmethod
    def from_entry(cls, entry: Entry) -> BlockMoment | None:
        if not isinstance(entry.details, EmotionalBlockDetails):
            return None
        return cls(
            entry.occurred_at, entry.details.feeling_intensity, entry.details.block_intensity
        )


@dataclass(frozen=True)
class WeekPattern:
    week_start: date  # a Monday, local time
    block_count: int
    average_feeling: float | None
    average_block: float | None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_block_patterns(
    moments: Iterable[BlockMoment], *, weeks: int, today: date
) -> list[WeekPattern]:
    """Blocks per week and their average intensities for the last ``weeks`` weeks, oldest first.

    Weeks with no blocks are included (count 0, no averages), so a chart shows quiet weeks too.
    """
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    buckets: dict[date, list[BlockMoment]] = {
        first_week + timedelta(weeks=index): [] for index in range(weeks)
    }
    for moment in moments:
        bucket = week_start(moment.occurred_at.astimezone().date())
        if bucket in buckets:
            buckets[bucket].append(moment)
    return [
        WeekPattern(
            week_start=start,
            block_count=len(items),
            average_feeling=_mean([m.feeling_intensity for m in items]),
            average_block=_mean([m.block_intensity for m in items]),
        )
        for start, items in sorted(buckets.items())
    ]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None
