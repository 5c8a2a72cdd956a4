"""The safety plan and appointments are stored inside the encrypted vault and read back whole."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from journal_app.domain import ValidationError
from journal_app.domain.appointments import Appointment, Recurrence
from journal_app.domain.safety_plan import Contact, PlanStep, SafetyPlan
from journal_app.storage import JournalError, Vault

MARKER = "plan-marker-4471"


def _plan() -> SafetyPlan:
    return SafetyPlan(
        warning_signs=(f"{MARKER} not sleeping",),
        ask_for_help=(Contact("Sam", "+44 7700 900123"),),
        professionals=(Contact("My therapist", "020 7946 0000", date(2026, 11, 2)),),
        reviewed_on=date(2026, 11, 2),
    )


def test_an_empty_journal_has_an_empty_plan(vault: Vault) -> None:
    assert vault.safety_plan.get() == SafetyPlan()
    assert not vault.safety_plan.exists()


def test_the_plan_is_saved_read_back_and_replaced(vault: Vault) -> None:
    vault.safety_plan.save(_plan())
    assert vault.safety_plan.get() == _plan()
    changed = _plan().with_items(PlanStep.ON_MY_OWN, ("Music",))
    vault.safety_plan.save(changed)
    assert vault.safety_plan.get().on_my_own == ("Music",)
    vault.safety_plan.clear()
    assert vault.safety_plan.get() == SafetyPlan()


def test_an_invalid_plan_is_refused_and_the_saved_one_kept(vault: Vault) -> None:
    vault.safety_plan.save(_plan())
    with pytest.raises(ValidationError):
        vault.safety_plan.save(SafetyPlan(on_my_own=tuple(str(n) for n in range(40))))
    assert vault.safety_plan.get() == _plan()


def test_the_plan_is_only_inside_the_encrypted_files(created: tuple[Vault, Any]) -> None:
    vault, journal = created
    vault.safety_plan.save(_plan())
    vault.appointments.add(Appointment(datetime(2026, 12, 10, 17), therapist=MARKER))
    vault.close()
    folder: Path = journal.folder
    for path in folder.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path.name
    with Vault.open_with_recovery_key(folder, journal.recovery_key) as again:
        assert again.safety_plan.get() == _plan()


def test_appointments_add_list_skip_move_and_cancel(vault: Vault) -> None:
    weekly = vault.appointments.add(
        Appointment(datetime(2026, 12, 10, 17, 0), Recurrence.WEEKLY, " Dr. Ruiz ")
    )
    assert weekly.id is not None and weekly.therapist == "Dr. Ruiz"
    assert vault.appointments.all() == [weekly]
    now = datetime(2026, 12, 1)
    upcoming = vault.appointments.next(now)
    assert upcoming is not None and upcoming.starts_at == datetime(2026, 12, 10, 17, 0)

    vault.appointments.skip(weekly.id, date(2026, 12, 10))
    vault.appointments.move(weekly.id, date(2026, 12, 17), datetime(2026, 12, 16, 8, 30))
    starts = [s.starts_at for s in vault.appointments.upcoming(now, days=31)]
    assert starts == [
        datetime(2026, 12, 16, 8, 30),
        datetime(2026, 12, 24, 17, 0),
        datetime(2026, 12, 31, 17, 0),
    ]
    vault.appointments.cancel(weekly.id, date(2026, 12, 20))
    assert [s.starts_at for s in vault.appointments.upcoming(now, days=31)] == [
        datetime(2026, 12, 16, 8, 30)
    ]
    last = vault.appointments.last(datetime(2027, 1, 5))
    assert last is not None and last.starts_at == datetime(2026, 12, 16, 8, 30)


def test_cancelling_a_future_one_off_removes_it(vault: Vault) -> None:
    once = vault.appointments.add(Appointment(datetime(2026, 12, 10, 17, 0)))
    assert once.id is not None
    vault.appointments.skip(once.id, date(2026, 12, 10))
    assert vault.appointments.all() == []
    with pytest.raises(JournalError):
        vault.appointments.get(once.id)


def test_an_appointment_write_that_fails_leaves_nothing_behind(vault: Vault) -> None:
    bad = Appointment(datetime(2026, 12, 10, 17), Recurrence.WEEKLY)
    bad = bad.moving(date(2026, 12, 17), datetime(2026, 12, 18, 9, 0).astimezone())
    with pytest.raises(ValueError):
        vault.appointments.add(bad)
    assert vault.appointments.all() == []
