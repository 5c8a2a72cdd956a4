"""Getting ready for the next session: what happened since the last one, gathered in one place.

Shared by the Session prep screen and the "prep summary" at the top of an export, so both tell
the same story. "Since the last session" is a span a person can name (:func:`prep_span`): since
the last session note or the last past appointment, whichever was later, but never more than the
last 30 days unless they ask for more, so a journal imported without session notes does not put
years of writing on one page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from journal_app.domain import wording
from journal_app.domain.entries import (
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.domain.thought_records import CheckInDetails, MoodChange, ThoughtRecordDetails

# How far back prep looks when the last session is long ago (or unknown), and how much further
# each "Show earlier entries" goes.
SPAN_DAYS = 30


class SpanStart(Enum):
    """What the span of session prep starts from."""

    SESSION_NOTE = "session note"  # the last session note
    APPOINTMENT = "appointment"  # the last appointment that has already begun
    DAYS = "days"  # the day limit: no session known, or the last one is further back


@dataclass(frozen=True)
class PrepSpan:
    """The stretch of the journal session prep shows: entries after ``start``, up to now.

    ``last_session`` is when the last session was (a note's time or an appointment's start) and
    ``last_session_from`` which of the two it was, when one is known; ``days`` is the limit in
    force. When the limit decides the start (``starts_from`` is ``DAYS``) there may be earlier
    entries, and ``earlier()`` widens the span by 30 days (stopping at the last session).
    """

    start: datetime
    starts_from: SpanStart
    last_session: datetime | None
    last_session_from: SpanStart | None
    days: int

    @property
    def may_have_earlier(self) -> bool:
        """True when the day limit, not the last session, decides where the span starts."""
        return self.starts_from is SpanStart.DAYS

    def earlier(self, now: datetime) -> PrepSpan:
        """The same rule, with 30 more days allowed."""
        return _span(self.last_session, self.last_session_from, self.days + SPAN_DAYS, now)

    def contains(self, moment: datetime) -> bool:
        """Whether an entry that happened at ``moment`` belongs in this span."""
        return moment > self.start

    def describe(self) -> str:
        """The span in plain words: ``Since your session on 24 November``, and so on."""
        if self.last_session is not None and self.starts_from is not SpanStart.DAYS:
            return wording.since_your_session(self.last_session.astimezone().date())
        if self.last_session is None:
            return wording.last_days_no_session_note(self.days)
        return wording.last_days_session_before(self.days, self.last_session.astimezone().date())


def prep_span(
    last_session_note: datetime | None,
    last_appointment: datetime | None,
    now: datetime,
    *,
    days: int = SPAN_DAYS,
) -> PrepSpan:
    """Since the later of the last session note and the last past appointment, at most ``days``.

    Appointments after ``now`` have not happened and are ignored. All moments are
    timezone-aware (an appointment's local wall-clock time is made aware with ``astimezone()``).
    """
    known = [
        (moment, source)
        for moment, source in (
            (last_session_note, SpanStart.SESSION_NOTE),
            (last_appointment, SpanStart.APPOINTMENT),
        )
        if moment is not None and moment <= now
    ]
    if not known:
        return _span(None, None, days, now)
    moment, source = max(known, key=lambda pair: pair[0])
    return _span(moment, source, days, now)


def _span(last: datetime | None, source: SpanStart | None, days: int, now: datetime) -> PrepSpan:
    limit = now - timedelta(days=days)
    if last is not None and source is not None and last >= limit:
        return PrepSpan(last, source, last, source, days)
    return PrepSpan(limit, SpanStart.DAYS, last, source, days)


@dataclass(frozen=True)
class SessionPrep:
    last_session: Entry | None
    entries: tuple[Entry, ...]  # everything in the span (after its start), oldest first
    open_questions: tuple[Question, ...]
    span: PrepSpan | None = None  # None: every entry after the last session note
    more_entries: int = 0  # older entries in the span left out (only the newest are loaded)
    earlier_entries: bool = False  # entries before the span that "Show earlier entries" reaches

    @classmethod
    def gather(
        cls,
        last_session: Entry | None,
        entries: Iterable[Entry],
        open_questions: Iterable[Question],
        span: PrepSpan | None = None,
        *,
        more_entries: int = 0,
        earlier_entries: bool = False,
    ) -> SessionPrep:
        return cls(
            last_session,
            tuple(entries),
            tuple(open_questions),
            span,
            more_entries,
            earlier_entries,
        )

    @property
    def since(self) -> datetime | None:
        if self.span is not None:
            return self.span.start
        return self.last_session.occurred_at if self.last_session else None

    def of_kind(self, kind: EntryKind) -> tuple[Entry, ...]:
        """The entries in the span of one kind, oldest first."""
        return tuple(entry for entry in self.entries if entry.kind is kind)

    @property
    def blocks(self) -> tuple[Entry, ...]:
        return self.of_kind(EntryKind.BLOCK)

    @property
    def reflections(self) -> tuple[Entry, ...]:
        return self.of_kind(EntryKind.REFLECTION)

    @property
    def thought_records(self) -> tuple[Entry, ...]:
        return self.of_kind(EntryKind.THOUGHT_RECORD)

    @property
    def check_ins(self) -> tuple[Entry, ...]:
        return self.of_kind(EntryKind.CHECK_IN)

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
