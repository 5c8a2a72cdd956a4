"""The span of session prep: since the last session note or appointment, at most 30 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from journal_app.domain import wording
from journal_app.domain.prep import SPAN_DAYS, SpanStart, prep_span

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_a_recent_session_note_starts_the_span() -> None:
    span = prep_span(days_ago(8), None, NOW)
    assert span.start == days_ago(8)
    assert span.starts_from is SpanStart.SESSION_NOTE
    assert not span.may_have_earlier
    assert span.describe() == "Since your session on 24 November"
    assert span.contains(days_ago(1)) and not span.contains(days_ago(9))


def test_a_later_past_appointment_wins_over_an_older_note() -> None:
    span = prep_span(days_ago(20), days_ago(6), NOW)
    assert span.start == days_ago(6)
    assert span.starts_from is SpanStart.APPOINTMENT
    assert span.describe() == wording.since_your_session(days_ago(6).astimezone().date())


def test_an_appointment_still_to_come_is_not_a_session() -> None:
    span = prep_span(days_ago(12), NOW + timedelta(hours=2), NOW)
    assert span.start == days_ago(12)
    assert span.starts_from is SpanStart.SESSION_NOTE


def test_without_any_session_the_last_30_days() -> None:
    span = prep_span(None, None, NOW)
    assert span.start == days_ago(SPAN_DAYS)
    assert span.starts_from is SpanStart.DAYS
    assert span.may_have_earlier
    assert span.describe() == "The last 30 days — you haven't written a session note yet"
    assert not span.contains(days_ago(31))


def test_a_session_long_ago_is_capped_at_30_days_and_named() -> None:
    span = prep_span(days_ago(200), None, NOW)
    assert span.start == days_ago(30)
    assert span.may_have_earlier
    day = days_ago(200).astimezone().date()
    assert (
        span.describe() == f"The last 30 days (your last session was on {wording.long_date(day)})"
    )


def test_showing_earlier_entries_adds_30_days_and_stops_at_the_session() -> None:
    span = prep_span(days_ago(45), None, NOW)
    assert span.start == days_ago(30)
    wider = span.earlier(NOW)
    assert wider.days == 60
    assert wider.start == days_ago(45)
    assert wider.starts_from is SpanStart.SESSION_NOTE
    assert not wider.may_have_earlier
    nothing = prep_span(None, None, NOW).earlier(NOW).earlier(NOW)
    assert nothing.start == days_ago(90)
    assert nothing.describe().startswith("The last 90 days")


def test_span_phrases_have_a_singular_and_a_plural() -> None:
    assert wording.last_days_no_session_note(1).startswith("The last 1 day —")
    assert wording.more_entries_in_span(1) == "and 1 earlier entry in this span"
    assert wording.more_entries_in_span(1200) == "and 1,200 earlier entries in this span"
