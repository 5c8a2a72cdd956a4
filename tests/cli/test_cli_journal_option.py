"""``--journal DIR`` and ``--data-dir`` mean the same before and after any command."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from journal_app.cli import EXIT_OK, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.backups import list_backups, make_backup

PASSPHRASE = "a calm lighthouse evening"
NEW_PASSPHRASE = "the tide comes in slowly"


def run(argv: list[str], stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    console = Console(io.StringIO(stdin), io.StringIO(), io.StringIO())
    code = main(argv, console)
    assert isinstance(console.stdout, io.StringIO) and isinstance(console.stderr, io.StringIO)
    return code, console.stdout.getvalue(), console.stderr.getvalue()


def placed(order: str, folder: Path, command: list[str]) -> list[str]:
    """``--journal DIR`` before the command (``before``) or after its name (``after``)."""
    if order == "before":
        return ["--journal", str(folder), *command]
    return [command[0], "--journal", str(folder), *command[1:]]


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "chosen"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Harbour", body="lighthouse"))
    return folder


@pytest.fixture(autouse=True)
def no_default_journal(isolated_home: Path) -> Path:
    """The usual journal doesn't exist, so a command that ignored ``--journal`` would fail."""
    assert not (isolated_home / "data" / "journal").exists()
    return isolated_home


ORDERS = ["before", "after"]


@pytest.mark.parametrize("order", ORDERS)
def test_init(tmp_path: Path, order: str, isolated_home: Path) -> None:
    folder = tmp_path / "new"
    code, said, errors = run(placed(order, folder, ["init"]))
    assert (code, errors) == (EXIT_OK, "")
    assert f"Created a new encrypted journal in {folder}." in said
    assert Vault.exists(folder)
    assert not (isolated_home / "data" / "journal").exists()


@pytest.mark.parametrize("order", ORDERS)
def test_add(journal: Path, order: str) -> None:
    code, said, errors = run(placed(order, journal, ["add", "quiet evening"]))
    assert (code, said, errors) == (EXIT_OK, "Saved entry 2.\n", "")
    with Vault.open(journal, PASSPHRASE) as vault:
        assert vault.entries.count() == 2


@pytest.mark.parametrize("order", ORDERS)
def test_list(journal: Path, order: str) -> None:
    code, said, errors = run(placed(order, journal, ["list"]))
    assert (code, errors) == (EXIT_OK, "")
    assert "Harbour" in said


@pytest.mark.parametrize("order", ORDERS)
def test_search(journal: Path, order: str) -> None:
    code, said, errors = run(placed(order, journal, ["search", "lighthouse"]))
    assert (code, errors) == (EXIT_OK, "")
    assert "Harbour" in said


@pytest.mark.parametrize("order", ORDERS)
def test_passwd(journal: Path, order: str) -> None:
    code, said, errors = run(
        placed(order, journal, ["passwd"]), stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"
    )
    assert (code, errors) == (EXIT_OK, ""), errors
    with Vault.open(journal, NEW_PASSPHRASE):
        pass


@pytest.mark.parametrize("order", ORDERS)
def test_backup(journal: Path, order: str) -> None:
    code, said, errors = run(placed(order, journal, ["backup"]))
    assert (code, errors) == (EXIT_OK, "")
    assert list_backups(journal)


@pytest.mark.parametrize("order", ORDERS)
def test_backups(journal: Path, order: str) -> None:
    with Vault.open(journal, PASSPHRASE) as vault:
        info = make_backup(vault)
    code, said, errors = run(placed(order, journal, ["backups"]))
    assert (code, errors) == (EXIT_OK, "")
    assert str(info.path) in said


@pytest.mark.parametrize("order", ORDERS)
def test_restore(journal: Path, order: str) -> None:
    with Vault.open(journal, PASSPHRASE) as vault:
        info = make_backup(vault)
        vault.entries.add(Entry.new(EntryKind.REFLECTION, body="after the backup"))
    code, said, errors = run(placed(order, journal, ["restore", str(info.path)]))
    assert (code, errors) == (EXIT_OK, ""), errors
    assert f"Restored 1 entry into {journal}." in said


@pytest.mark.parametrize("order", ORDERS)
def test_check(journal: Path, order: str) -> None:
    code, said, errors = run(placed(order, journal, ["check"]))
    assert (code, errors) == (EXIT_OK, "")
    assert f"The journal in {journal} is healthy" in said


@pytest.mark.parametrize("order", ORDERS)
def test_export(journal: Path, order: str, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    command = ["export", "--format", "json", "--out", str(out)]
    code, said, errors = run(placed(order, journal, command))
    assert (code, errors) == (EXIT_OK, "")
    assert "Harbour" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("order", ORDERS)
def test_import(journal: Path, order: str, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert run(["export", "--journal", str(journal), "--format", "json", "--out", str(out)])[0] == 0
    other = tmp_path / "other"
    Vault.create(other, PASSPHRASE, kdf=MINIMUM_KDF)[0].close()
    code, said, errors = run(placed(order, other, ["import", "--format", "json", str(out)]))
    assert (code, errors) == (EXIT_OK, "")
    with Vault.open(other, PASSPHRASE) as vault:
        assert vault.entries.count() == 1


@pytest.mark.parametrize(
    "arrange",
    [
        lambda home, cmd: ["--data-dir", str(home), *cmd],
        lambda home, cmd: [*cmd, "--data-dir", str(home)],
        lambda home, cmd: [f"--data-dir={home}", *cmd],
    ],
    ids=["before", "after", "equals-sign"],
)
def test_data_dir_before_or_after_the_command(
    tmp_path: Path, arrange: Callable[[Path, list[str]], list[str]]
) -> None:
    home = tmp_path / "portable"
    code, _said, errors = run(arrange(home, ["init"]))
    assert (code, errors) == (EXIT_OK, "")
    assert (home / "data" / "journal" / "journal.key").exists()


def test_the_journal_after_the_command_wins_over_one_before(journal: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    code, said, _ = run(["--journal", str(elsewhere), "list", "--journal", str(journal)])
    assert code == EXIT_OK and "Harbour" in said
