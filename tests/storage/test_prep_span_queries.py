"""``vault.prep.gather``: the span since the last session, bounded in days and in entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from journal_app.domain import Entry, EntryKind
from journal_app.domain.appointments import Appointment
from journal_app.domain.prep import SpanStart
from journal_app.storage import Vault

NOW = datetime.now(UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def add(vault: Vault, kind: EntryKind, days: float, title: str, **fields: object) -> int:
    stored = vault.entries.add(Entry.new(kind, title=title, occurred_at=days_ago(days), **fields))
    assert stored.id is not None
    return stored.id


def test_without_a_session_note_only_the_last_30_days(vault: Vault) -> None:
    add(vault, EntryKind.REFLECTION, 400, "Long ago")
    add(vault, EntryKind.REFLECTION, 31, "Just before")
    recent = add(vault, EntryKind.REFLECTION, 29, "Inside")
    newest = add(vault, EntryKind.BLOCK, 1, "Yesterday")
    prep = vault.prep.gather(now=NOW)
    assert [entry.id for entry in prep.entries] == [recent, newest]
    assert prep.span is not None and prep.span.starts_from is SpanStart.DAYS
    assert prep.earlier_entries and prep.more_entries == 0
    wider = vault.prep.gather(days=60, now=NOW)
    assert [entry.title for entry in wider.entries][0] == "Just before"


def test_the_span_starts_at_the_later_of_note_and_past_appointment(vault: Vault) -> None:
    add(vault, EntryKind.SESSION, 20, "Session note")
    add(vault, EntryKind.REFLECTION, 15, "Between")
    after = add(vault, EntryKind.REFLECTION, 2, "After the appointment")
    assert [e.title for e in vault.prep.gather(now=NOW).entries] == [
        "Between",
        "After the appointment",
    ]
    when = days_ago(5).astimezone().replace(tzinfo=None, second=0, microsecond=0)
    vault.appointments.add(Appointment(when))
    prep = vault.prep.gather(now=NOW)
    assert [entry.id for entry in prep.entries] == [after]
    assert prep.span is not None and prep.span.starts_from is SpanStart.APPOINTMENT
    assert not prep.earlier_entries
    assert prep.last_session is not None and prep.last_session.title == "Session note"


def test_only_the_newest_entries_are_loaded_and_the_rest_counted(vault: Vault) -> None:
    ids = [add(vault, EntryKind.REFLECTION, 10 - index * 0.1, f"Day {index}") for index in range(7)]
    prep = vault.prep.gather(now=NOW, limit=3)
    assert [entry.id for entry in prep.entries] == ids[-3:]
    assert prep.more_entries == 4


def test_private_entries_can_be_left_out(vault: Vault) -> None:
    add(vault, EntryKind.REFLECTION, 3, "Private", private=True)
    shown = add(vault, EntryKind.REFLECTION, 2, "Shared")
    assert [e.id for e in vault.prep.gather(now=NOW, include_private=False).entries] == [shown]
    assert len(vault.prep.gather(now=NOW).entries) == 2
