"""End-to-end tests of the ``journal-app`` command, run as a real process with piped stdin."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal_app.storage import MINIMUM_KDF, Vault

MARKER = "zebra-marker-7731"
PW = "pw for the tests"


def run_cli(
    *args: str, stdin: str = "", home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["JOURNAL_APP_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "journal_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def digest_folder(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    result = run_cli("init", "--journal", str(folder), stdin=f"{PW}\n")
    assert result.returncode == 0, result.stderr
    return folder


def test_init_prints_recovery_key_once_and_creates_private_files(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    result = run_cli("init", "--journal", str(folder), stdin=f"{PW}\n")
    assert result.returncode == 0
    key_lines = [line.strip() for line in result.stdout.splitlines() if line.count("-") == 5]
    assert len(key_lines) == 1
    with Vault.open_with_recovery_key(folder, key_lines[0]) as vault:
        assert vault.entries.count() == 0
    if os.name == "posix":
        for path in folder.iterdir():
            assert path.stat().st_mode & 0o077 == 0, path.name


def test_init_refuses_an_existing_journal(journal: Path) -> None:
    before = digest_folder(journal)
    result = run_cli("init", "--journal", str(journal), stdin="other\n")
    assert result.returncode == 1
    assert "already a journal" in result.stderr
    assert digest_folder(journal) == before


def test_add_list_and_search_end_to_end(journal: Path) -> None:
    text = f"I wanted to cry in therapy but couldn't. {MARKER}\nSecond line."
    added = run_cli(
        "add",
        "--journal",
        str(journal),
        "--kind",
        "block",
        "--title",
        "Held back",
        "--tag",
        "tears",
        "--question",
        "Why do I hold back?",
        "-",
        stdin=f"{PW}\n{text}\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Saved entry 1." in added.stdout

    listed = run_cli("list", "--journal", str(journal), "--json", stdin=f"{PW}\n")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [row["title"] for row in rows] == ["Held back"]
    assert rows[0]["kind"] == "block"
    assert rows[0]["tags"] == ["tears"]
    assert rows[0]["open_questions"] == 1

    found = run_cli("search", "--journal", str(journal), "cry", "--json", stdin=f"{PW}\n")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["id"] == 1
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end].lower() == "cry"

    with Vault.open(journal, PW) as vault:
        entry = vault.entries.get(1)
    assert entry.body == text
    assert [q.text for q in entry.questions] == ["Why do I hold back?"]


def test_list_filters_by_kind_tag_and_date(journal: Path) -> None:
    for kind, tag, day in [
        ("session", "work", "2026-01-05"),
        ("reflection", "home", "2026-02-10"),
        ("block", "work", "2026-03-15"),
    ]:
        result = run_cli(
            "add",
            "--journal",
            str(journal),
            "--kind",
            kind,
            "--tag",
            tag,
            "--date",
            day,
            f"{kind} text",
            stdin=f"{PW}\n",
        )
        assert result.returncode == 0, result.stderr

    def titles(*extra: str) -> list[str]:
        result = run_cli("list", "--journal", str(journal), "--json", *extra, stdin=f"{PW}\n")
        assert result.returncode == 0, result.stderr
        return [row["kind"] for row in json.loads(result.stdout)]

    assert titles() == ["block", "reflection", "session"]
    assert titles("--tag", "work") == ["block", "session"]
    assert titles("--kind", "session") == ["session"]
    assert titles("--since", "2026-02-01", "--until", "2026-02-10") == ["reflection"]


def test_wrong_passphrase_exits_3_and_changes_nothing(journal: Path) -> None:
    before = digest_folder(journal)
    result = run_cli("list", "--journal", str(journal), stdin="not it\n")
    assert result.returncode == 3
    assert result.stderr.strip() == (
        "journal-app: That passphrase didn't open this journal. Nothing was changed."
    )
    assert "Traceback" not in result.stderr
    assert digest_folder(journal) == before


def test_missing_and_damaged_journals_exit_4(tmp_path: Path, journal: Path) -> None:
    missing = run_cli("list", "--journal", str(tmp_path / "nowhere"), stdin=f"{PW}\n")
    assert missing.returncode == 4
    assert not (tmp_path / "nowhere").exists()

    (journal / "journal.db").write_bytes(b"")
    damaged = run_cli("list", "--journal", str(journal), stdin=f"{PW}\n")
    assert damaged.returncode == 4
    assert "empty" in damaged.stderr
    assert (journal / "journal.db").read_bytes() == b""


def test_busy_journal_exits_5(journal: Path) -> None:
    with Vault.open(journal, PW):
        result = run_cli("list", "--journal", str(journal), stdin=f"{PW}\n")
    assert result.returncode == 5
    assert "open in another window" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run_cli("list", "--kind").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    bad_kind = run_cli("add", "--kind", "diary", "text", stdin=f"{PW}\n")
    assert bad_kind.returncode in {2, 4}  # no journal at the default location either way


def test_unknown_kind_is_a_usage_error(journal: Path) -> None:
    result = run_cli("add", "--journal", str(journal), "--kind", "diary", "text", stdin=f"{PW}\n")
    assert result.returncode == 2
    assert "Unknown kind" in result.stderr


def test_passwd_with_old_passphrase_and_with_recovery_key(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    created = run_cli("init", "--journal", str(folder), stdin="first passphrase\n")
    recovery_key = next(
        line.strip() for line in created.stdout.splitlines() if line.count("-") == 5
    )

    changed = run_cli(
        "passwd", "--journal", str(folder), stdin="first passphrase\nsecond passphrase\n"
    )
    assert changed.returncode == 0, changed.stderr
    assert run_cli("list", "--journal", str(folder), stdin="first passphrase\n").returncode == 3
    assert run_cli("list", "--journal", str(folder), stdin="second passphrase\n").returncode == 0

    reset = run_cli(
        "passwd",
        "--journal",
        str(folder),
        "--recovery-key",
        stdin=f"{recovery_key.lower()}\nthird passphrase\n",
    )
    assert reset.returncode == 0, reset.stderr
    assert run_cli("list", "--journal", str(folder), stdin="third passphrase\n").returncode == 0
    wrong_key = run_cli(
        "passwd",
        "--journal",
        str(folder),
        "--recovery-key",
        stdin="AAAAA-BBBBB\nfourth passphrase\n",
    )
    assert wrong_key.returncode == 3


def test_passphrase_with_spaces_survives_stdin(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    passphrase = '  a "quoted" passphrase with spaces  '
    assert run_cli("init", "--journal", str(folder), stdin=passphrase + "\n").returncode == 0
    with Vault.open(folder, passphrase):
        pass


def test_data_dir_moves_the_default_journal(tmp_path: Path) -> None:
    home = tmp_path / "portable"
    result = run_cli("--data-dir", str(home), "init", stdin=f"{PW}\n")
    assert result.returncode == 0, result.stderr
    assert (home / "data" / "journal" / "journal.key").exists()


def test_errors_never_echo_entry_text(journal: Path) -> None:
    long_title = MARKER * 40  # over the title limit: a validation error
    result = run_cli("add", "--journal", str(journal), "--title", long_title, "x", stdin=f"{PW}\n")
    assert result.returncode == 1
    assert MARKER not in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("Between Sessions ")
    for command in ("init", "add", "list", "search", "passwd"):
        assert run_cli(command, "--help").returncode == 0


def test_vault_created_by_tests_opens_from_cli(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    vault, _ = Vault.create(folder, PW, kdf=MINIMUM_KDF)
    vault.close()
    assert run_cli("list", "--journal", str(folder), stdin=f"{PW}\n").returncode == 0
