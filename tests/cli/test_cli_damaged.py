"""A damaged journal: commands that would write refuse with the damaged-journal message, exit 4."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from journal_app.cli import EXIT_DAMAGED, EXIT_OK, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, DamagedJournal, Vault
from journal_app.storage.entries import EntryStore

PASSPHRASE = "correct horse battery staple"
REFUSAL = "Nothing was written to it. To see what is wrong and which backup to restore, run: "


def run(argv: list[str], stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    console = Console(io.StringIO(stdin), io.StringIO(), io.StringIO())
    code = main(argv, console)
    assert isinstance(console.stdout, io.StringIO) and isinstance(console.stderr, io.StringIO)
    return code, console.stdout.getvalue(), console.stderr.getvalue()


def digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault, vault.bulk():
        for n in range(300):
            vault.entries.add(
                Entry.new(EntryKind.REFLECTION, title=f"day {n}", body="words " * 100)
            )
    return folder


def refuse_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The vault's side: once damage is known, every write raises DamagedJournal."""

    def refused(self: object, *_args: object, **_kwargs: object) -> None:
        raise DamagedJournal("Part of the journal is damaged and can't be read.")

    monkeypatch.setattr(EntryStore, "add", refused)
    monkeypatch.setattr(EntryStore, "add_imported", refused)
    monkeypatch.setattr(Vault, "change_passphrase", refused)


def test_add_refused_by_a_damaged_journal_exits_4_with_the_damaged_message(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_writes(monkeypatch)
    before = digests(journal)
    code, said, errors = run(["add", "--journal", str(journal), "a new entry"])
    assert (code, said) == (EXIT_DAMAGED, "")
    assert errors == (
        "journal-app: Part of the journal is damaged and can't be read. "
        f"{REFUSAL}journal-app check --journal {journal}\n"
    )
    assert "a new entry" not in errors
    assert digests(journal) == before


def test_passwd_refused_by_a_damaged_journal_exits_4(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_writes(monkeypatch)
    code, _said, errors = run(
        ["passwd", "--journal", str(journal)], stdin=f"{PASSPHRASE}\nanother long passphrase\n"
    )
    assert code == EXIT_DAMAGED
    assert REFUSAL in errors
    with Vault.open(journal, PASSPHRASE):
        pass


def test_reading_commands_report_damage_without_the_write_refusal(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(self: EntryStore, *_args: object, **_kwargs: object) -> None:
        raise DamagedJournal("Part of the journal is damaged and can't be read.")

    monkeypatch.setattr(EntryStore, "summaries", damaged)
    code, _said, errors = run(["list", "--journal", str(journal)])
    assert code == EXIT_DAMAGED
    assert REFUSAL not in errors


def flip_byte(database: Path, position: int) -> None:
    with open(database, "r+b") as handle:
        handle.seek(position)
        value = handle.read(1)[0]
        handle.seek(position)
        handle.write(bytes([value ^ 0x01]))


def test_after_check_finds_damage_add_refuses_and_changes_nothing(journal: Path) -> None:
    database = journal / "journal.db"
    flip_byte(database, database.stat().st_size * 2 // 3)
    code, _said, errors = run(["check", "--journal", str(journal)])
    assert code == EXIT_DAMAGED and "is damaged" in errors
    before = digests(journal)
    code, _said, errors = run(["add", "--journal", str(journal), "a new entry"])
    assert code == EXIT_DAMAGED
    assert REFUSAL in errors
    assert digests(journal) == before


def test_a_healthy_journal_still_takes_new_entries(journal: Path) -> None:
    assert run(["add", "--journal", str(journal), "fine"])[0] == EXIT_OK
