"""Appointments: repetition, skipping, moving, cancelling, and the prep heading they give."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal_app.domain.appointments import (
    Appointment,
    Recurrence,
    last_session,
    next_session,
    parse_when,
    prep_heading,
    session_when,
    sessions_between,
)

THURSDAY = datetime(2026, 12, 10, 17, 0)


def _starts(appointments: list[Appointment], start: datetime, end: datetime) -> list[datetime]:
    return [s.starts_at for s in sessions_between(appointments, start, end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1w", Recurrence.WEEKLY),
        ("weekly", Recurrence.WEEKLY),
        ("2w", Recurrence.FORTNIGHTLY),
        ("every two weeks", Recurrence.FORTNIGHTLY),
        ("1m", Recurrence.MONTHLY),
        ("none", Recurrence.NONE),
    ],
)
def test_repetitions_read_as_typed(text: str, expected: Recurrence) -> None:
    assert Recurrence.parse(text) is expected


def test_an_unknown_repetition_is_explained() -> None:
    with pytest.raises(ValueError, match="1w"):
        Recurrence.parse("3 days")


def test_dates_and_times_are_local_wall_clock_times() -> None:
    assert parse_when("2026-12-10 17:00") == THURSDAY
    assert parse_when("2026-12-10T17:00:45") == THURSDAY
    with pytest.raises(ValueError, match="2026-12-10 17:00"):
        parse_when("next thursday")


def test_weekly_fortnightly_and_monthly_series() -> None:
    start, end = datetime(2026, 12, 1), datetime(2027, 1, 20)
    weekly = Appointment(THURSDAY, Recurrence.WEEKLY)
    assert [d.day for d in _starts([weekly], start, end)] == [10, 17, 24, 31, 7, 14]
    fortnightly = Appointment(THURSDAY, Recurrence.FORTNIGHTLY)
    assert [d.day for d in _starts([fortnightly], start, end)] == [10, 24, 7]
    monthly = Appointment(datetime(2027, 1, 31, 9, 0), Recurrence.MONTHLY)
    got = _starts([monthly], datetime(2027, 1, 1), datetime(2027, 5, 1))
    assert [(d.month, d.day) for d in got] == [(1, 31), (2, 28), (3, 31), (4, 30)]
    once = Appointment(THURSDAY)
    assert _starts([once], start, end) == [THURSDAY]


def test_skip_move_and_cancel_touch_only_what_they_say() -> None:
    weekly = Appointment(THURSDAY, Recurrence.WEEKLY, "Dr. Ruiz")
    changed = weekly.skipping(date(2026, 12, 24)).moving(
        date(2026, 12, 31), datetime(2026, 12, 30, 9, 0)
    )
    start, end = datetime(2026, 12, 1), datetime(2027, 1, 8)
    assert _starts([changed], start, end) == [
        THURSDAY,
        datetime(2026, 12, 17, 17, 0),
        datetime(2026, 12, 30, 9, 0),
        datetime(2027, 1, 7, 17, 0),
    ]
    stopped = changed.cancelled(date(2027, 1, 1))
    assert _starts([stopped], start, end)[-1] == datetime(2026, 12, 30, 9, 0)
    once = Appointment(THURSDAY).moving(THURSDAY.date(), datetime(2026, 12, 11, 8, 0))
    assert _starts([once], start, end) == [datetime(2026, 12, 11, 8, 0)]


def test_next_and_last_session() -> None:
    weekly = Appointment(THURSDAY, Recurrence.WEEKLY, "Dr. Ruiz", id=3)
    now = datetime(2026, 12, 14, 12, 0)
    upcoming = next_session([weekly], now)
    assert upcoming is not None
    assert (upcoming.starts_at, upcoming.therapist, upcoming.appointment_id) == (
        datetime(2026, 12, 17, 17, 0),
        "Dr. Ruiz",
        3,
    )
    previous = last_session([weekly], now)
    assert previous is not None and previous.starts_at == THURSDAY
    assert next_session([], now) is None
    assert last_session([weekly], datetime(2026, 12, 1)) is None
    assert session_when(upcoming) == "Thursday 17 December 2026, 17:00"


def test_the_prep_heading_names_the_next_session() -> None:
    upcoming = next_session([Appointment(THURSDAY)], datetime(2026, 12, 7))
    assert prep_heading(upcoming, date(2026, 12, 7)) == "Getting ready for Thursday's session"
    assert prep_heading(upcoming, date(2026, 12, 9)) == "Getting ready for tomorrow's session"
    assert prep_heading(upcoming, date(2026, 12, 10)) == "Getting ready for today's session"
    assert (
        prep_heading(upcoming, date(2026, 12, 1))
        == "Getting ready for the session on Thursday 10 December"
    )
    assert prep_heading(None, date(2026, 12, 1)) == "Getting ready for your next session"
