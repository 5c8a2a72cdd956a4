"""What a person writes never has to be on the command line, where ``ps`` shows it to everyone.

Titles, tags, questions, the text and search words can come from prompts at a terminal or from
standard input after the passphrase; ``--help`` says why.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from journal_app.cli import EXIT_OK, EXIT_USAGE, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault

PASSPHRASE = "a calm lighthouse evening"
MARKER = "zebra-marker-5521"


class TerminalInput(io.StringIO):
    """Standard input that claims to be a terminal (the passphrase comes from getpass)."""

    def isatty(self) -> bool:
        return True


def run(argv: list[str], stdin: io.StringIO) -> tuple[int, str, str]:
    console = Console(stdin, io.StringIO(), io.StringIO())
    code = main(argv, console)
    assert isinstance(console.stdout, io.StringIO) and isinstance(console.stderr, io.StringIO)
    return code, console.stdout.getvalue(), console.stderr.getvalue()


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)[0].close()
    return folder


@pytest.fixture
def typed_passphrase(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


def only_entry(folder: Path) -> Entry:
    with Vault.open(folder, PASSPHRASE) as vault:
        (summary,) = vault.entries.summaries()
        return vault.entries.get(summary.id)


def test_add_with_ask_reads_every_field_from_standard_input(journal: Path) -> None:
    stdin = io.StringIO(
        f"{PASSPHRASE}\n"
        f"Held back {MARKER}\n"
        f"tears, {MARKER}\n"
        f"Why do I hold back {MARKER}?\n"
        "What would help?\n"
        "\n"
        f"I wanted to cry. {MARKER}\nSecond line.\n"
    )
    code, said, errors = run(["add", "--journal", str(journal), "--ask"], stdin)
    assert (code, said, errors) == (EXIT_OK, "Saved entry 1.\n", "")
    entry = only_entry(journal)
    assert entry.title == f"Held back {MARKER}"
    assert entry.tags == ("tears", MARKER)
    assert [q.text for q in entry.questions] == [
        f"Why do I hold back {MARKER}?",
        "What would help?",
    ]
    assert entry.body == f"I wanted to cry. {MARKER}\nSecond line."


def test_add_with_ask_skips_fields_given_as_options(journal: Path) -> None:
    stdin = io.StringIO(f"{PASSPHRASE}\nfrom stdin\n\nthe text\n")
    argv = ["add", "--journal", str(journal), "--ask", "--title", "Given"]
    assert run(argv, stdin)[0] == EXIT_OK
    entry = only_entry(journal)
    assert (entry.title, entry.tags, entry.questions) == ("Given", ("from stdin",), ())
    assert entry.body == "the text"


def test_add_without_text_reads_the_text_from_standard_input(journal: Path) -> None:
    code, _said, _ = run(["add", "--journal", str(journal)], io.StringIO(f"{PASSPHRASE}\nbody\n"))
    assert code == EXIT_OK
    assert only_entry(journal).body == "body"


def test_add_at_a_terminal_asks_for_everything_on_stderr(
    journal: Path, typed_passphrase: list[str]
) -> None:
    stdin = TerminalInput(f"Title {MARKER}\ntears\nA question?\n\nThe text.\n")
    code, said, errors = run(["add", "--journal", str(journal)], stdin)
    assert (code, said) == (EXIT_OK, "Saved entry 1.\n")
    assert typed_passphrase == ["Passphrase: "]
    for prompt in ("Title", "Tags", "Questions for your therapist", "Ctrl-D"):
        assert prompt in errors
    assert MARKER not in errors  # prompts only; what was typed is not echoed back
    entry = only_entry(journal)
    assert (entry.title, entry.tags, entry.body) == (f"Title {MARKER}", ("tears",), "The text.")
    assert [q.text for q in entry.questions] == ["A question?"]


def test_the_existing_options_still_work(journal: Path) -> None:
    argv = ["add", "--journal", str(journal), "--title", "T", "--tag", "x", "--question", "Q?"]
    assert run([*argv, "text"], io.StringIO(f"{PASSPHRASE}\n"))[0] == EXIT_OK
    entry = only_entry(journal)
    assert (entry.title, entry.tags, entry.body) == ("T", ("x",), "text")


@pytest.fixture
def two_entries(journal: Path) -> Path:
    with Vault.open(journal, PASSPHRASE) as vault:
        vault.entries.add(
            Entry.new(EntryKind.REFLECTION, title="Harbour", body="lighthouse", tags=("sea",))
        )
        vault.entries.add(
            Entry.new(EntryKind.REFLECTION, title="Kitchen", body="kettle", tags=("home",))
        )
    return journal


def test_search_reads_the_query_after_the_passphrase(two_entries: Path) -> None:
    code, said, _ = run(
        ["search", "--journal", str(two_entries)], io.StringIO(f"{PASSPHRASE}\nlighthouse\n")
    )
    assert code == EXIT_OK
    assert "Harbour" in said and "Kitchen" not in said


def test_search_at_a_terminal_asks_for_the_query(
    two_entries: Path, typed_passphrase: list[str]
) -> None:
    code, said, errors = run(["search", "--journal", str(two_entries)], TerminalInput("kettle\n"))
    assert code == EXIT_OK
    assert "Search for: " in errors and "Kitchen" in said


def test_search_with_nothing_to_look_for_is_a_usage_error(two_entries: Path) -> None:
    code, _said, errors = run(
        ["search", "--journal", str(two_entries)], io.StringIO(f"{PASSPHRASE}\n")
    )
    assert code == EXIT_USAGE
    assert "nothing to search for" in errors


def test_list_with_ask_reads_the_tags(two_entries: Path) -> None:
    code, said, _ = run(
        ["list", "--journal", str(two_entries), "--ask"], io.StringIO(f"{PASSPHRASE}\nhome\n")
    )
    assert code == EXIT_OK
    assert "Kitchen" in said and "Harbour" not in said


def test_export_with_ask_reads_the_tags(two_entries: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    argv = ["export", "--journal", str(two_entries), "--format", "md", "--out", str(out), "--ask"]
    code, _said, errors = run(argv, io.StringIO(f"{PASSPHRASE}\nsea\n"))
    assert (code, errors) == (EXIT_OK, "")
    text = out.read_text(encoding="utf-8")
    assert "Harbour" in text and "Kitchen" not in text


@pytest.mark.parametrize("command", ["add", "search", "list", "export"])
def test_help_says_arguments_are_visible_to_other_users(command: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "journal_app", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0
    text = " ".join(completed.stdout.split())
    assert "can be seen by other users of this computer" in text
    assert "ps" in text and "shell history" in text
