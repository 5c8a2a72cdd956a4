"""My appointments: sessions on the calendar, one-off or repeating, with skips and moves."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlcipher3

from journal_app.domain import utc_now
from journal_app.domain.appointments import (
    Appointment,
    Recurrence,
    Session,
    last_session,
    next_session,
    sessions_between,
    validate_appointment,
)
from journal_app.storage.database import Store
from journal_app.storage.errors import JournalError
from journal_app.storage.rows import existing_row, timestamp

_WALL_CLOCK = "%Y-%m-%dT%H:%M"


def _wall(moment: datetime) -> str:
    return moment.strftime(_WALL_CLOCK)


def _plan_columns(appointment: Appointment) -> tuple[str, str, str, str | None]:
    """starts_at, recurrence, therapist and cancelled_from, as the appointments table holds them."""
    return (
        _wall(appointment.starts_at),
        appointment.recurrence.value,
        appointment.therapist.strip(),
        appointment.cancelled_from.isoformat() if appointment.cancelled_from else None,
    )


class AppointmentStore(Store):
    """``vault.appointments``: add, change and list appointments; find the next session."""

    def add(self, appointment: Appointment) -> Appointment:
        validate_appointment(appointment)
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO appointments (starts_at, recurrence, therapist, cancelled_from,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (*_plan_columns(appointment), timestamp(utc_now())),
            )
            appointment_id = int(cursor.lastrowid or 0)
            self._write_changes(connection, appointment_id, appointment)
        return self.get(appointment_id)

    def update(self, appointment: Appointment) -> None:
        """Save every field of an appointment read earlier (its skips and moves too)."""
        if appointment.id is None:
            raise ValueError("only a saved appointment can be updated")
        validate_appointment(appointment)
        with self._database.transaction() as connection:
            self._require(connection, appointment.id)
            connection.execute(
                "UPDATE appointments SET starts_at = ?, recurrence = ?, therapist = ?,"
                " cancelled_from = ? WHERE id = ?",
                (*_plan_columns(appointment), appointment.id),
            )
            connection.execute(
                "DELETE FROM appointment_changes WHERE appointment_id = ?", (appointment.id,)
            )
            self._write_changes(connection, appointment.id, appointment)

    def skip(self, appointment_id: int, planned_day: date) -> None:
        """Leave out one occurrence (a one-off appointment is cancelled instead)."""
        appointment = self.get(appointment_id)
        if appointment.recurrence is Recurrence.NONE:
            self.cancel(appointment_id, planned_day)
            return
        self.update(appointment.skipping(planned_day))

    def move(self, appointment_id: int, planned_day: date, to: datetime) -> None:
        self.update(self.get(appointment_id).moving(planned_day, to))

    def cancel(self, appointment_id: int, from_day: date | None = None) -> None:
        """No more sessions of this appointment from ``from_day`` on (default: today)."""
        day = from_day or datetime.now().date()
        appointment = self.get(appointment_id)
        if appointment.starts_at.date() >= day:
            self.delete(appointment_id)  # never happened: nothing to remember
            return
        self.update(appointment.cancelled(day))

    def delete(self, appointment_id: int) -> None:
        with self._database.transaction() as connection:
            self._require(connection, appointment_id)
            connection.execute("DELETE FROM appointments WHERE id = ?", (appointment_id,))

    def get(self, appointment_id: int) -> Appointment:
        for appointment in self._load(appointment_id):
            return appointment
        raise JournalError("That appointment is no longer in the journal.")

    def all(self) -> list[Appointment]:
        """Every appointment, by first date."""
        return self._load(None)

    def upcoming(self, now: datetime | None = None, days: int = 366) -> list[Session]:
        start = now or datetime.now()
        return sessions_between(self.all(), start, start + timedelta(days=days))

    def between(self, start: datetime, end: datetime) -> list[Session]:
        return sessions_between(self.all(), start, end)

    def next(self, now: datetime | None = None) -> Session | None:
        return next_session(self.all(), now or datetime.now())

    def last(self, now: datetime | None = None) -> Session | None:
        return last_session(self.all(), now or datetime.now())

    # ------------------------------------------------------------------ rows

    def _load(self, appointment_id: int | None) -> list[Appointment]:
        where = "" if appointment_id is None else " WHERE id = ?"
        parameters = () if appointment_id is None else (appointment_id,)
        rows = self._database.query(
            "SELECT id, starts_at, recurrence, therapist, cancelled_from FROM appointments"
            f"{where} ORDER BY starts_at, id",
            parameters,
        )
        changes: dict[int, list[tuple[str, str | None]]] = {}
        change_where = "" if appointment_id is None else " WHERE appointment_id = ?"
        for owner, planned, moved_to in self._database.query(
            f"SELECT appointment_id, planned_day, moved_to FROM appointment_changes{change_where}",
            parameters,
        ):
            changes.setdefault(int(owner), []).append((str(planned), moved_to))
        found = []
        for row_id, starts_at, recurrence, therapist, cancelled_from in rows:
            own = changes.get(int(row_id), [])
            found.append(
                Appointment(
                    id=int(row_id),
                    starts_at=datetime.fromisoformat(starts_at),
                    recurrence=Recurrence(recurrence),
                    therapist=str(therapist),
                    cancelled_from=date.fromisoformat(cancelled_from) if cancelled_from else None,
                    skipped=frozenset(date.fromisoformat(d) for d, to in own if to is None),
                    moved={
                        date.fromisoformat(d): datetime.fromisoformat(to)
                        for d, to in own
                        if to is not None
                    },
                )
            )
        return found

    @staticmethod
    def _write_changes(
        connection: sqlcipher3.Connection, appointment_id: int, appointment: Appointment
    ) -> None:
        execute = connection.execute
        for day in sorted(appointment.skipped):
            execute(
                "INSERT INTO appointment_changes (appointment_id, planned_day, moved_to)"
                " VALUES (?, ?, NULL)",
                (appointment_id, day.isoformat()),
            )
        for day, to in sorted(appointment.moved.items()):
            validate_appointment(Appointment(starts_at=to))
            execute(
                "INSERT INTO appointment_changes (appointment_id, planned_day, moved_to)"
                " VALUES (?, ?, ?)",
                (appointment_id, day.isoformat(), _wall(to)),
            )

    @staticmethod
    def _require(connection: sqlcipher3.Connection, appointment_id: int) -> None:
        existing_row(
            connection,
            "SELECT 1 FROM appointments WHERE id = ?",
            (appointment_id,),
            "That appointment is no longer in the journal.",
        )
