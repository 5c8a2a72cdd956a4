"""A vanished write-ahead log is noticed: saved changes that went missing are never called healthy.

The scenarios run in real child processes killed with SIGKILL, so the journal is left exactly as a
crash leaves it: once with its ``journal.db-wal`` deleted while the journal was open (the changes
are gone, and open and ``check`` must say so), once with the log intact (nothing is lost, and
nothing may be flagged).
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal_app.cli import EXIT_DAMAGED, EXIT_OK, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, DamagedJournal, Vault
from journal_app.storage.backups import make_backup
from journal_app.storage.recovery import check_journal_folder
from journal_app.storage.restore import restore
from journal_app.storage.wal_guard import SEQUENCE_FILE_NAME, MissingRecentChanges

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs kill -9")

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]

_WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from journal_app.domain import Entry, EntryKind
    from journal_app.storage import Vault

    folder, count, remove_wal = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "remove"
    vault = Vault.open(folder, sys.argv[4])
    for number in range(count):
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"saved {number}"))
    if remove_wal:
        # What a sync or cleaning tool does behind the app's back.
        os.unlink(folder / "journal.db-wal")
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="after the removal"))
    print("saved", flush=True)
    sys.stdin.read()  # wait here until killed
    """
)


def _journal(tmp_path: Path, *, entries: int = 0) -> Path:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        for number in range(entries):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"before {number}"))
    return folder


def _write_then_kill(folder: Path, count: int, *, remove_wal: bool) -> None:
    """Save ``count`` entries in a child process, then kill -9 it (the journal is not closed)."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _WRITER,
            str(folder),
            str(count),
            "remove" if remove_wal else "keep",
            PASSPHRASE,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"saved"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL


def _run_cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), Console(io.StringIO(PASSPHRASE + "\n"), out, err))
    return code, out.getvalue(), err.getvalue()


def test_a_wal_removed_while_open_then_a_crash_is_reported_at_open_and_by_check(
    tmp_path: Path,
) -> None:
    folder = _journal(tmp_path)
    _write_then_kill(folder, 60, remove_wal=True)

    with pytest.raises(MissingRecentChanges) as caught:
        Vault.open(folder, PASSPHRASE)
    message = str(caught.value)
    assert isinstance(caught.value, DamagedJournal)  # the damaged-journal flow offers a backup
    assert "journal.db-wal" in message and "sync" in message
    assert "saved" not in message.lower() or "missing" in message.lower()

    problems = check_journal_folder(folder, PASSPHRASE)
    assert any("journal.db-wal" in problem for problem in problems)
    code, _out, err = _run_cli("check", "--journal", str(folder))
    assert code == EXIT_DAMAGED
    assert "journal.db-wal" in err
    code, _out, err = _run_cli("list", "--journal", str(folder))
    assert code == EXIT_DAMAGED


def test_the_missing_changes_are_reported_without_touching_any_file(tmp_path: Path) -> None:
    folder = _journal(tmp_path, entries=3)
    _write_then_kill(folder, 5, remove_wal=True)
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    with pytest.raises(MissingRecentChanges):
        Vault.open(folder, PASSPHRASE)
    check_journal_folder(folder, PASSPHRASE)
    after = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    for name in ("journal.db", "journal.key", SEQUENCE_FILE_NAME):
        assert after[name] == before[name], name


def test_a_kill_minus_nine_with_the_wal_intact_is_never_flagged(tmp_path: Path) -> None:
    folder = _journal(tmp_path, entries=2)
    _write_then_kill(folder, 40, remove_wal=False)
    assert (folder / "journal.db-wal").stat().st_size > 0  # the changes live in the log
    assert check_journal_folder(folder, PASSPHRASE) == []
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 42
    code, out, _err = _run_cli("check", "--journal", str(folder))
    assert code == EXIT_OK and "healthy" in out
    # ...and again after the clean close, and after one more crash on top of it.
    _write_then_kill(folder, 3, remove_wal=False)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 45


def test_a_clean_close_checkpoints_the_log_and_mirrors_the_sequence(tmp_path: Path) -> None:
    folder = _journal(tmp_path)
    vault = Vault.open(folder, PASSPHRASE)
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="one"))
    assert (folder / "journal.db-wal").stat().st_size > 0
    sequence = folder / SEQUENCE_FILE_NAME
    assert sequence.stat().st_mode & 0o777 == 0o600
    vault.close()
    wal = folder / "journal.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # everything is in journal.db now
    # With the log emptied by the close, removing it loses nothing and flags nothing.
    wal.unlink(missing_ok=True)
    with Vault.open(folder, PASSPHRASE) as reopened:
        assert reopened.entries.count() == 1


def test_the_sequence_follows_every_write_and_a_rolled_back_one_leaves_it(tmp_path: Path) -> None:
    from journal_app.storage.wal_guard import read_mirrored_sequence

    folder = _journal(tmp_path)
    with Vault.open(folder, PASSPHRASE) as vault:
        master_key = vault._master_key
        start = read_mirrored_sequence(folder, master_key)
        assert start is not None
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="one"))
        vault.drafts.save("new:x", {"body": "draft"})
        assert read_mirrored_sequence(folder, master_key) == start + 2
        with pytest.raises(RuntimeError), vault.bulk():
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title="undone"))
            raise RuntimeError("cancelled")
        assert read_mirrored_sequence(folder, master_key) == start + 2
        assert vault.write_sequence == start + 2


def test_a_forged_or_foreign_sequence_file_is_not_believed(tmp_path: Path) -> None:
    folder = _journal(tmp_path, entries=1)
    sequence = folder / SEQUENCE_FILE_NAME
    text = sequence.read_text(encoding="utf-8")
    # Someone without the master key raises the number: the seal no longer matches.
    import json

    document = json.loads(text)
    document["sequence"] = 10_000
    sequence.write_text(json.dumps(document), encoding="utf-8")
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 1
    # Another journal's (valid) file is not believed either.
    other = _journal(tmp_path / "other", entries=5)
    sequence.write_bytes((other / SEQUENCE_FILE_NAME).read_bytes())
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 1
    assert check_journal_folder(folder, PASSPHRASE) == []


def test_a_restored_backup_is_not_mistaken_for_missing_changes(tmp_path: Path) -> None:
    folder = _journal(tmp_path, entries=2)
    with Vault.open(folder, PASSPHRASE) as vault:
        info = make_backup(vault)
        for number in range(5):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"later {number}"))
    restore(folder, info.path, PASSPHRASE)
    assert check_journal_folder(folder, PASSPHRASE) == []
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 2


def test_the_newest_backup_brings_the_journal_back_after_missing_changes(tmp_path: Path) -> None:
    folder = _journal(tmp_path, entries=4)
    with Vault.open(folder, PASSPHRASE) as vault:
        info = make_backup(vault)
    _write_then_kill(folder, 10, remove_wal=True)
    with pytest.raises(MissingRecentChanges):
        Vault.open(folder, PASSPHRASE)
    result = restore(folder, info.path, PASSPHRASE)
    assert result.entry_count == 4
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.entries.count() == 4


def test_after_a_rekey_the_sequence_is_sealed_with_the_new_key_in_the_same_session(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """After a re-key, writes are sealed with the new key at once, not from the next unlock."""
    from journal_app.storage.wal_guard import read_mirrored_sequence

    folder = _journal(tmp_path)
    new_passphrase = "a brand new passphrase here"
    with Vault.open(folder, PASSPHRASE) as vault:
        old_key = vault._master_key
        with caplog.at_level("WARNING"):
            vault.rekey(new_passphrase)
        assert "doesn't belong" not in caplog.text
        new_key = vault._master_key
        assert new_key != old_key
        assert read_mirrored_sequence(folder, new_key) == vault.write_sequence
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="after the re-key"))
        assert read_mirrored_sequence(folder, new_key) == vault.write_sequence
    caplog.clear()
    with caplog.at_level("WARNING"), Vault.open(folder, new_passphrase) as reopened:
        assert reopened.entries.count() == 1
    assert "doesn't belong" not in caplog.text
