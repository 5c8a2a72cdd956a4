"""The schema step that adds the safety plan and appointments: older journals gain them empty,
and a journal written by that version reads its plan and appointments back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlcipher3

from journal_app.domain.appointments import Recurrence
from journal_app.domain.safety_plan import SafetyPlan
from journal_app.storage import Vault
from journal_app.storage.schema import LATEST_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLAN_VERSION = 4  # the schema version that added the safety plan and appointments

RawConnect = Callable[..., sqlcipher3.Connection]
Snapshot = Callable[[Path], dict[str, str]]


def _copy(version: int, tmp_path: Path) -> Path:
    folder = tmp_path / f"journal-v{version}"
    folder.mkdir()
    for name in ("journal.db", "journal.key"):
        shutil.copyfile(FIXTURES / f"journal-v{version}" / name, folder / name)
    return folder


def _passphrase(version: int) -> str:
    return f"fixture passphrase – v{version}"


def _version_of(raw_database: RawConnect, folder: Path, passphrase: str) -> int:
    connection = raw_database(folder, passphrase)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_journal_gains_an_empty_plan_and_no_appointments(
    version: int, tmp_path: Path, raw_database: RawConnect, folder_snapshot: Snapshot
) -> None:
    fixture = FIXTURES / f"journal-v{version}"
    before = folder_snapshot(fixture)
    assert _version_of(raw_database, fixture, _passphrase(version)) == version
    folder = _copy(version, tmp_path)
    with Vault.open(folder, _passphrase(version)) as vault:
        assert vault.schema_version == LATEST_VERSION >= PLAN_VERSION
        assert vault.integrity_problems() == []
        assert vault.entries.count() == 4
        assert vault.safety_plan.get() == SafetyPlan()
        assert vault.appointments.all() == []
        vault.safety_plan.save(SafetyPlan(on_my_own=("Walk",)))
        assert vault.safety_plan.get().on_my_own == ("Walk",)
    backups = sorted((folder / "backups").iterdir())
    assert [b.name.endswith(f"-before-update-v{version}") for b in backups] == [True]
    assert folder_snapshot(fixture) == before


def test_the_plan_version_fixture_reads_its_plan_and_appointments_back(
    tmp_path: Path, raw_database: RawConnect
) -> None:
    fixture = FIXTURES / f"journal-v{PLAN_VERSION}"
    assert _version_of(raw_database, fixture, _passphrase(PLAN_VERSION)) == PLAN_VERSION
    folder = _copy(PLAN_VERSION, tmp_path)
    with Vault.open(folder, _passphrase(PLAN_VERSION)) as vault:
        assert vault.integrity_problems() == []
        plan = vault.safety_plan.get()
        assert plan.warning_signs == ("Not sleeping", "Cancelling on friends")
        assert plan.people_and_places == ("The library café",)
        assert [(c.name, c.checked_on) for c in plan.professionals] == [
            ("Dr. Ana Ruiz", date(2026, 3, 1))
        ]
        assert plan.reasons_for_living == ("My niece",)
        (weekly,) = vault.appointments.all()
        assert (weekly.recurrence, weekly.therapist) == (Recurrence.WEEKLY, "Dr. Ana Ruiz")
        sessions = vault.appointments.between(datetime(2026, 3, 1), datetime(2026, 4, 3))
        assert [s.starts_at for s in sessions] == [
            datetime(2026, 3, 12, 17, 0),
            datetime(2026, 3, 27, 9, 30),
            datetime(2026, 4, 2, 17, 0),
        ]
        assert [draft.key for draft in vault.drafts.saved()] == ["new:fixture-draft"]
