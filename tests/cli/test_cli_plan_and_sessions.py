"""``journal-app plan``, ``journal-app sessions`` and ``journal-app list --on``, run in-process."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest

from journal_app.cli import EXIT_OK, EXIT_USAGE, EXIT_WRONG_PASSPHRASE, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.domain.appointments import Recurrence
from journal_app.domain.safety_plan import Contact, SafetyPlan
from journal_app.storage import MINIMUM_KDF, Vault

PW = "pw for the plan tests"
MARKER = "plan-marker-3318"


@pytest.fixture(autouse=True)
def _gui(qapp: object) -> object:
    """pytest-qt's QApplication: the PDF writer must not make a bare QGuiApplication first."""
    return qapp


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    vault, _key = Vault.create(folder, PW, kdf=MINIMUM_KDF)
    vault.close()
    return folder


def run(*args: str, stdin: str = f"{PW}\n") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), Console(io.StringIO(stdin), out, err))
    return code, out.getvalue(), err.getvalue()


def test_plan_writes_a_one_page_pdf_and_says_nothing_of_its_content(
    journal: Path, tmp_path: Path
) -> None:
    with Vault.open(journal, PW) as vault:
        vault.safety_plan.save(
            SafetyPlan(
                warning_signs=(MARKER,),
                professionals=(Contact("My therapist", "020 7946 0000", date(2026, 11, 2)),),
            )
        )
    target = tmp_path / "plan.pdf"
    code, out, err = run("plan", "--journal", str(journal), "--out", str(target), "--paper", "a4")
    assert code == EXIT_OK, err
    assert MARKER not in out + err
    reader = pypdf.PdfReader(str(target))
    assert len(reader.pages) == 1
    assert MARKER in (reader.pages[0].extract_text() or "")


def test_plan_with_a_wrong_passphrase_writes_nothing(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    code, _out, _err = run("plan", "--journal", str(journal), "--out", str(target), stdin="wrong\n")
    assert code == EXIT_WRONG_PASSPHRASE
    assert not target.exists()


def test_an_empty_plan_still_prints_a_card_to_fill_in(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    code, out, _err = run("plan", "--journal", str(journal), "--out", str(target), "--wallet")
    assert code == EXIT_OK
    assert "still empty" in out
    assert len(pypdf.PdfReader(str(target)).pages) == 1


def test_sessions_add_list_next_skip_move_cancel(journal: Path) -> None:
    code, out, err = run(
        "sessions", "add", "--journal", str(journal), "--at", "2099-12-10 17:00",
        "--every", "1w", "--with", "Dr. Ruiz",
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert "Saved appointment 1: every week from Thursday 10 December 2099, 17:00" in out

    code, out, _err = run("sessions", "next", "--journal", str(journal))
    assert out.strip() == "Next session: Thursday 10 December 2099, 17:00 with Dr. Ruiz."

    assert run("sessions", "skip", "1", "--on", "2099-12-10", "--journal", str(journal))[0] == 0
    code, _out, _err = run(
        "sessions", "move", "1", "--from", "2099-12-17", "--to", "2099-12-16 09:30",
        "--journal", str(journal),
    )  # fmt: skip
    assert code == EXIT_OK
    with Vault.open(journal, PW) as vault:
        (appointment,) = vault.appointments.all()
        assert appointment.recurrence is Recurrence.WEEKLY
        assert appointment.skipped == frozenset({date(2099, 12, 10)})
        upcoming = vault.appointments.next(datetime(2099, 12, 1))
        assert upcoming is not None and upcoming.starts_at == datetime(2099, 12, 16, 9, 30)

    code, out, _err = run("sessions", "list", "--json", "--journal", str(journal))
    document = json.loads(out)
    assert document["appointments"][0]["every"] == "weekly"
    assert document["appointments"][0]["moved"] == {"2099-12-17": "2099-12-16T09:30"}

    code, out, _err = run("sessions", "list", "--journal", str(journal))
    assert "   1  every week from Thursday 10 December 2099, 17:00 with Dr. Ruiz" in out

    assert run("sessions", "cancel", "1", "--journal", str(journal))[0] == EXIT_OK
    code, out, _err = run("sessions", "next", "--journal", str(journal))
    assert out.strip() == "No next session on the calendar."


def test_sessions_refuse_a_time_or_repetition_they_cannot_read(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse's own usage error
        run("sessions", "add", "--journal", str(journal), "--at", "soon")
    assert stopped.value.code == EXIT_USAGE
    assert "2026-12-10 17:00" in capsys.readouterr().err
    code, _out, err = run(
        "sessions", "add", "--journal", str(journal), "--at", "2099-01-01 10:00", "--every", "3d"
    )
    assert code == EXIT_USAGE and "1w" in err
    with Vault.open(journal, PW) as vault:
        assert vault.appointments.all() == []


def test_list_on_a_day_shows_only_that_days_entries(journal: Path) -> None:
    with Vault.open(journal, PW) as vault:
        for day, title in ((9, "before"), (10, "on the day"), (11, "after")):
            moment = datetime(2026, 12, day, 12, 0, tzinfo=UTC)
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=title, occurred_at=moment))
    code, out, _err = run("list", "--on", "2026-12-10", "--json", "--journal", str(journal))
    assert code == EXIT_OK
    assert [item["title"] for item in json.loads(out)] == ["on the day"]
