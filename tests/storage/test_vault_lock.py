"""One writer per journal: a second opener is refused, a killed opener's lock does not linger."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, JournalBusy, JournalExists, Vault

REPO_ROOT = Path(__file__).resolve().parents[2]

# Opens the journal with the recovery key, optionally writes an entry, says "ready", then waits:
# for stdin to close (then closes the vault cleanly) or to be killed.
_HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from journal_app.domain import Entry, EntryKind
    from journal_app.storage import Vault
    vault = Vault.open_with_recovery_key(sys.argv[2], sys.argv[3])
    if sys.argv[4] == "write":
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="written by the child"))
    print("ready", flush=True)
    sys.stdin.read()
    vault.close()
    print("closed", flush=True)
    """
)


def _start_holder(folder: Path, recovery_key: str, *, write: bool) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HOLDER,
            str(REPO_ROOT),
            str(folder),
            recovery_key,
            "write" if write else "read",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None
    if os.name == "posix":
        ready, _, _ = select.select([process.stdout], [], [], 60)
        if not ready:
            process.kill()
            pytest.fail("the child process did not open the journal within a minute")
    line = process.stdout.readline().strip()
    if line != "ready":
        process.kill()
        _out, err = process.communicate(timeout=30)
        pytest.fail(f"the child process could not open the journal: {line!r} {err}")
    return process


def test_second_open_in_the_same_process_is_refused(created: Any) -> None:
    vault, journal = created
    with pytest.raises(JournalBusy):
        Vault.open(journal.folder, journal.passphrase)
    with pytest.raises(JournalBusy):
        Vault.open_with_recovery_key(journal.folder, journal.recovery_key)
    with pytest.raises(JournalExists):
        Vault.create(journal.folder, "another", kdf=MINIMUM_KDF)
    # The refused attempts did not disturb the vault that holds the lock.
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="still writable"))
    assert vault.entries.count() == 1

    vault.close()
    with Vault.open_with_recovery_key(journal.folder, journal.recovery_key) as reopened:
        assert [s.title for s in reopened.entries.summaries()] == ["still writable"]


def test_a_second_process_is_refused_while_the_first_holds_the_journal(closed_journal: Any) -> None:
    folder, key = closed_journal.folder, closed_journal.recovery_key
    holder = _start_holder(folder, key, write=True)
    try:
        with pytest.raises(JournalBusy):
            Vault.open(folder, closed_journal.passphrase)
        with pytest.raises(JournalBusy):
            Vault.open_with_recovery_key(folder, key)
    finally:
        out, err = holder.communicate(input="", timeout=60)  # closes stdin: the child closes
    assert holder.returncode == 0, err
    assert "closed" in out
    with Vault.open_with_recovery_key(folder, key) as vault:
        assert [s.title for s in vault.entries.summaries()] == ["written by the child"]


def test_the_child_is_refused_while_this_process_holds_the_journal(created: Any) -> None:
    _vault, journal = created
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _HOLDER,
            str(REPO_ROOT),
            str(journal.folder),
            journal.recovery_key,
            "read",
        ],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert result.returncode != 0
    assert "JournalBusy" in result.stderr
    assert "ready" not in result.stdout


def test_a_killed_process_leaves_no_blocking_lock(closed_journal: Any) -> None:
    folder, key = closed_journal.folder, closed_journal.recovery_key
    holder = _start_holder(folder, key, write=True)
    with pytest.raises(JournalBusy):
        Vault.open_with_recovery_key(folder, key)
    if os.name == "posix":
        os.kill(holder.pid, signal.SIGKILL)
    else:  # pragma: no cover - TerminateProcess is Windows' equivalent
        holder.kill()
    holder.communicate(timeout=60)
    assert holder.returncode != 0
    assert (folder / "journal.lock").exists()  # the stale lock file is still there…
    assert (folder / "journal.db-wal").stat().st_size > 0  # and so is an unmerged log

    started = time.monotonic()
    with Vault.open(folder, closed_journal.passphrase) as vault:  # …and does not block
        # What the killed process committed survived (it was in the write-ahead log).
        assert [s.title for s in vault.entries.summaries()] == ["written by the child"]
        assert vault.integrity_problems() == []
    assert time.monotonic() - started < 10  # no waiting for a timeout either


def test_deleting_the_lock_file_does_not_let_a_second_process_in(closed_journal: Any) -> None:
    folder, key = closed_journal.folder, closed_journal.recovery_key
    holder = _start_holder(folder, key, write=True)
    try:
        (folder / "journal.lock").unlink()
        with pytest.raises(JournalBusy):
            Vault.open_with_recovery_key(folder, key)
    finally:
        out, err = holder.communicate(input="", timeout=60)
    assert holder.returncode == 0, err
    with Vault.open_with_recovery_key(folder, key) as vault:
        assert [s.title for s in vault.entries.summaries()] == ["written by the child"]


def test_a_deleted_lock_file_is_put_back_before_the_next_write(created: Any) -> None:
    vault, journal = created
    lock_path = journal.folder / "journal.lock"
    lock_path.unlink()
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="written after the lock file went"))
    assert lock_path.exists()
    with pytest.raises(JournalBusy):
        Vault.open_with_recovery_key(journal.folder, journal.recovery_key)
    assert vault.entries.count() == 1


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_writer_whose_lock_file_was_taken_over_refuses_to_write(created: Any) -> None:
    """The path now names a new file another program locked (as an older version would)."""
    import fcntl

    vault, journal = created
    lock_path = journal.folder / "journal.lock"
    lock_path.unlink()
    intruder = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(intruder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        with pytest.raises(JournalBusy):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title="must not be written"))
    finally:
        os.close(intruder)
    assert vault.entries.count() == 0
