"""``journal-app rekey`` and what ``passwd --help`` says it does not do."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app.storage import WrongPassphrase
from journal_app.storage.vault import Vault
from tests.cli.test_cli_journal import PW, run_cli
from tests.cli.test_cli_journal import journal as journal  # the fixture

NEW = "a new passphrase for the tests"


def test_passwd_help_says_old_backups_keep_the_old_passphrase() -> None:
    result = run_cli("passwd", "--help")
    text = " ".join(result.stdout.split())
    assert "old backups and old copies of journal.key still open with it" in text
    assert "rekey" in text


def test_rekey_prints_a_new_recovery_key_once_and_locks_out_the_old_secrets(
    journal: Path,
) -> None:
    result = run_cli("rekey", "--journal", str(journal), stdin=f"{PW}\n{NEW}\n")
    assert result.returncode == 0, result.stderr
    keys = [line.strip() for line in result.stdout.splitlines() if line.count("-") == 5]
    assert len(keys) == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(journal, PW)
    with Vault.open(journal, NEW) as vault:
        assert vault.entries.count() == 0
    with Vault.open_with_recovery_key(journal, keys[0]) as vault:
        assert vault.entries.count() == 0


def test_rekey_refuses_a_passphrase_the_rule_refuses(journal: Path) -> None:
    result = run_cli("rekey", "--journal", str(journal), stdin=f"{PW}\na\n")
    assert result.returncode != 0
    assert "Nothing was changed." in result.stderr
    with Vault.open(journal, PW) as vault:
        assert vault.entries.count() == 0
