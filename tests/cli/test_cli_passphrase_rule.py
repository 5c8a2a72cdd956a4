"""``init`` and ``passwd`` follow the app's passphrase rule and show its strength hint."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from journal_app.cli import EXIT_ERROR, EXIT_OK, Console, main
from journal_app.domain import passphrase as rule
from journal_app.storage import MINIMUM_KDF, Vault

GOOD = "a calm lighthouse evening"


class TerminalInput(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(argv: list[str], stdin: io.StringIO) -> tuple[int, str, str]:
    console = Console(stdin, io.StringIO(), io.StringIO())
    code = main(argv, console)
    assert isinstance(console.stdout, io.StringIO) and isinstance(console.stderr, io.StringIO)
    return code, console.stdout.getvalue(), console.stderr.getvalue()


@pytest.mark.parametrize("passphrase", ["a", " ", " " * 10, "seven.."])
def test_init_refuses_what_the_app_refuses(tmp_path: Path, passphrase: str) -> None:
    folder = tmp_path / "journal"
    code, said, errors = run(["init", "--journal", str(folder)], io.StringIO(passphrase + "\n"))
    assert code == EXIT_ERROR
    assert said == ""
    assert errors.strip().endswith("Nothing was created.")
    assert errors.startswith(f"journal-app: {rule.passphrase_problem(passphrase)}")
    assert not folder.exists()


def test_passwd_refuses_a_short_new_passphrase_and_keeps_the_old_one(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    Vault.create(folder, GOOD, kdf=MINIMUM_KDF)[0].close()
    code, _said, errors = run(["passwd", "--journal", str(folder)], io.StringIO(f"{GOOD}\nab\n"))
    assert code == EXIT_ERROR
    assert "at least 8 characters. Nothing was changed." in errors
    with Vault.open(folder, GOOD):
        pass


def test_a_weak_passphrase_from_stdin_gets_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    code, _said, errors = run(["init", "--journal", str(folder)], io.StringIO("password\n"))
    assert code == EXIT_OK
    assert "journal-app: note: This would be very easy to guess" in errors


def test_a_strong_passphrase_from_stdin_is_accepted_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    code, said, errors = run(["init", "--journal", str(folder)], io.StringIO(GOOD + "\n"))
    assert (code, errors) == (EXIT_OK, "")
    assert "recovery key" in said


def test_at_a_terminal_the_hint_is_shown_before_typing_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([GOOD, GOOD])
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", getpass)
    folder = tmp_path / "journal"
    code, _said, errors = run(["init", "--journal", str(folder)], TerminalInput(""))
    assert code == EXIT_OK
    assert prompts == ["Choose a passphrase: ", "Type it again: "]
    assert errors.strip() == rule.strength_hint(GOOD)[1]


def test_the_app_uses_the_same_rule(qtbot: object) -> None:
    from journal_app.ui.common import widgets

    assert widgets.is_acceptable_passphrase is rule.is_acceptable_passphrase
    assert widgets.strength_hint is rule.strength_hint
    pair = widgets.PassphrasePair()
    for text, acceptable in [(" " * 10, False), ("a", False), (GOOD, True)]:
        pair.first.setText(text)
        pair.second.setText(text)
        assert pair.is_acceptable() is acceptable
