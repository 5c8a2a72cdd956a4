"""Therapy appointments: when the next session is, optionally repeating, and one-off changes.

An appointment is a first date and time, an optional repetition (weekly, every two weeks,
monthly) and the therapist's name. One occurrence can be skipped or moved without touching the
rest; cancelling ends the appointment from a day on (the sessions before it stay, so "since my
last session" still knows them).

Times are local wall-clock times without a zone on purpose: a session "every Thursday at 17:00"
stays at 17:00 when the clocks change. Free of Qt and storage.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import Enum

from journal_app.domain import wording
from journal_app.domain.validation import ValidationError

MAX_THERAPIST_LENGTH = 200


class Recurrence(Enum):
    NONE = "none"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {
            Recurrence.NONE: "Once",
            Recurrence.WEEKLY: "Every week",
            Recurrence.FORTNIGHTLY: "Every two weeks",
            Recurrence.MONTHLY: "Every month",
        }[self]

    @classmethod
    def parse(cls, text: str) -> Recurrence:
        """``1w``, ``2w``, ``1m`` (as on the command line) or a name such as ``weekly``."""
        key = re.sub(r"[\s_-]+", "", text.strip().lower())
        aliases = {
            "": cls.NONE,
            "none": cls.NONE,
            "once": cls.NONE,
            "1w": cls.WEEKLY,
            "w": cls.WEEKLY,
            "week": cls.WEEKLY,
            "weekly": cls.WEEKLY,
            "2w": cls.FORTNIGHTLY,
            "fortnightly": cls.FORTNIGHTLY,
            "biweekly": cls.FORTNIGHTLY,
            "everytwoweeks": cls.FORTNIGHTLY,
            "1m": cls.MONTHLY,
            "m": cls.MONTHLY,
            "month": cls.MONTHLY,
            "monthly": cls.MONTHLY,
        }
        if key not in aliases:
            raise ValueError(
                f"“{text}” is not a repetition; use 1w (every week), 2w (every two weeks) or "
                "1m (every month)."
            )
        return aliases[key]


@dataclass(frozen=True)
class Appointment:
    """A session, or a series of them. ``moved`` maps an occurrence's day to its new time."""

    starts_at: datetime
    recurrence: Recurrence = Recurrence.NONE
    therapist: str = ""
    id: int | None = None
    skipped: frozenset[date] = frozenset()
    moved: dict[date, datetime] = field(default_factory=dict)
    cancelled_from: date | None = None

    def skipping(self, day: date) -> Appointment:
        moved = {k: v for k, v in self.moved.items() if k != day}
        return replace(self, skipped=self.skipped | {day}, moved=moved)

    def moving(self, day: date, to: datetime) -> Appointment:
        """Move the occurrence planned for ``day`` (a one-off appointment moves as a whole)."""
        if self.recurrence is Recurrence.NONE:
            return replace(self, starts_at=to)
        return replace(self, moved={**self.moved, day: to}, skipped=self.skipped - {day})

    def cancelled(self, from_day: date) -> Appointment:
        return replace(self, cancelled_from=from_day)


@dataclass(frozen=True, order=True)
class Session:
    """One planned session (an occurrence of an appointment)."""

    starts_at: datetime
    therapist: str = field(default="", compare=False)
    appointment_id: int | None = field(default=None, compare=False)
    planned_day: date | None = field(default=None, compare=False)


def validate_appointment(appointment: Appointment) -> None:
    if appointment.starts_at.tzinfo is not None:
        raise ValueError("appointment times are local wall-clock times, without a zone")
    if len(appointment.therapist) > MAX_THERAPIST_LENGTH:
        raise ValidationError("therapist", "That name is too long; please shorten it.")


def parse_when(text: str) -> datetime:
    """``2026-12-10 17:00`` (or ``2026-12-10T17:00``) as a local wall-clock time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date and time; use the form 2026-12-10 17:00."
        ) from None
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _planned(appointment: Appointment) -> Iterator[datetime]:
    """The series as first planned (before skips and moves), in order; endless if repeating."""
    first = appointment.starts_at
    if appointment.recurrence is Recurrence.NONE:
        yield first
        return
    step = {Recurrence.WEEKLY: 7, Recurrence.FORTNIGHTLY: 14}.get(appointment.recurrence)
    index = 0
    while True:
        if step is not None:
            yield first + timedelta(days=step * index)
        else:
            yield _add_months(first, index)
        index += 1


def sessions_between(
    appointments: Iterable[Appointment], start: datetime, end: datetime
) -> list[Session]:
    """Every session from ``start`` (inclusive) to ``end`` (exclusive), in time order."""
    found: list[Session] = []
    for appointment in appointments:
        for planned in _planned(appointment):
            day = planned.date()
            if appointment.cancelled_from is not None and day >= appointment.cancelled_from:
                break
            # A moved occurrence can land up to a few weeks from where it was planned.
            if planned >= end + timedelta(days=62):
                break
            if day in appointment.skipped:
                continue
            actual = appointment.moved.get(day, planned)
            if start <= actual < end:
                found.append(Session(actual, appointment.therapist, appointment.id, day))
    return sorted(found)


def next_session(appointments: Iterable[Appointment], now: datetime) -> Session | None:
    """The first session starting at or after ``now``, however far ahead it was booked."""
    appointments = list(appointments)
    latest = max(
        [now]
        + [a.starts_at for a in appointments]
        + [moved for a in appointments for moved in a.moved.values()]
    )
    # A repeating appointment has a session within a month and a half of any day after it
    # starts, unless skips pile up: a year beyond the latest date covers every real case.
    upcoming = sessions_between(appointments, now, latest + timedelta(days=366))
    return upcoming[0] if upcoming else None


def last_session(appointments: Iterable[Appointment], now: datetime) -> Session | None:
    """The most recent session that started before ``now`` (within the past two years)."""
    appointments = list(appointments)
    past = sessions_between(appointments, now - timedelta(days=731), now)
    return past[-1] if past else None


def session_when(session: Session) -> str:
    """``Thursday 10 December 2026, 17:00``."""
    moment = session.starts_at
    return f"{wording.long_date_with_weekday(moment.date())}, {moment.hour:02d}:{moment.minute:02d}"


def prep_heading(upcoming: Session | None, today: date) -> str:
    """The session prep page's heading: named after the next session when there is one."""
    if upcoming is None:
        return "Getting ready for your next session"
    day = upcoming.starts_at.date()
    if day == today:
        return "Getting ready for today's session"
    if day == today + timedelta(days=1):
        return "Getting ready for tomorrow's session"
    if today < day < today + timedelta(days=7):
        return f"Getting ready for {wording.weekday_name(day)}'s session"
    return (
        f"Getting ready for the session on {wording.weekday_name(day)} {wording.day_and_month(day)}"
    )
