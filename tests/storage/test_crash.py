"""Crash safety: kill -9 a writing process at random moments, and fill the disk during a save.

Writers run in forked child processes (a fresh process per iteration, so each kill is a real
process death); the parent only reopens and checks the journal after the child is gone.
"""

from __future__ import annotations

import json
import os
import random
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.backups import list_backups, make_backup, verify_backup
from journal_app.storage.errors import DiskFull, WriteFailed
from journal_app.storage.restore import restore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and kill -9")

PASSPHRASE = "correct horse battery staple"
KILL_ITERATIONS = 50


def body_for(uid: str) -> str:
    return f"entry {uid}\n" + ("Some words about the week. " * (1 + int(uid.split("-")[1]) % 40))


def run_child(work: Callable[[Callable[[str], None]], None]) -> tuple[int, int]:
    """Fork; the child runs ``work(report)``; returns (pid, read end of the report pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 0
        try:
            os.close(read_end)

            def report(line: str) -> None:
                os.write(write_end, (line + "\n").encode())

            work(report)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def read_all(fd: int, deadline: float) -> list[str]:
    chunks = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


def kill_after(pid: int, delay: float) -> None:
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.mark.slow
def test_kill_minus_nine_while_writing_never_loses_a_reported_save(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    vault.close()
    rng = random.Random(20260307)
    reported: set[str] = set()
    drafts_reported: set[str] = set()
    started = time.monotonic()

    for iteration in range(KILL_ITERATIONS):

        def writer(report: Callable[[str], None], iteration: int = iteration) -> None:
            with Vault.open(folder, PASSPHRASE) as journal:
                number = 0
                while True:
                    uid = f"{iteration}-{number}"
                    saved = journal.entries.add(
                        Entry.new(
                            EntryKind.REFLECTION,
                            uid=uid,
                            title=f"Entry {uid}",
                            body=body_for(uid),
                            tags=("crash-test", f"i{iteration}"),
                        )
                    )
                    report(f"saved {uid}")
                    if number % 3 == 2:
                        journal.entries.update(saved.with_changes(title=f"Edited {uid}"))
                        report(f"edited {uid}")
                    if number % 4 == 1:
                        journal.drafts.save(f"new:{uid}", {"body": body_for(uid)})
                        report(f"draft {uid}")
                    number += 1

        pid, fd = run_child(writer)
        # Kill at any moment: while opening (key derivation, migration), mid-transaction, ...
        kill_after(pid, rng.uniform(0.02, 0.45))
        lines = read_all(fd, time.monotonic() + 2)
        edited = set()
        for line in lines:
            if " " in line:
                verb, uid = line.split(" ", 1)
                if verb == "saved":
                    reported.add(uid)
                elif verb == "edited":
                    edited.add(uid)
                elif verb == "draft":
                    drafts_reported.add(uid)

        with Vault.open(folder, PASSPHRASE) as journal:
            assert journal.integrity_problems() == [], f"iteration {iteration}"
            for uid in reported:
                entry_id = journal.entries.id_for_uid(uid)
                assert entry_id is not None, f"iteration {iteration}: lost {uid}"
            for uid in edited:
                entry_id = journal.entries.id_for_uid(uid)
                assert entry_id is not None
                assert journal.entries.get(entry_id).title == f"Edited {uid}"
            # Every entry that is there is whole (no half-written rows).
            for summary in journal.entries.summaries(limit=100_000):
                uid = summary.title.split(" ", 1)[1]
                assert journal.entries.get(summary.id).body == body_for(uid)
                assert set(summary.tags) == {"crash-test", f"i{uid.split('-')[0]}"}
            keys = {draft.key for draft in journal.drafts.saved()}
            assert {f"new:{uid}" for uid in drafts_reported} <= keys

    elapsed = time.monotonic() - started
    assert len(reported) > KILL_ITERATIONS  # the writers really wrote
    print(f"\n{KILL_ITERATIONS} kills, {len(reported)} reported saves, {elapsed:.1f} s")


@pytest.mark.slow
def test_kill_minus_nine_during_restore_leaves_one_whole_journal(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(400):
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"a{n}", body="x " * 300))
        small = make_backup(vault, tmp_path / "out")
        with vault.bulk():
            for n in range(400):
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"b{n}", body="y " * 300))
        large = make_backup(vault, tmp_path / "out")
        master_key = vault._master_key
    rng = random.Random(7)
    for iteration in range(12):
        source = (small, large)[iteration % 2]

        def restorer(report: Callable[[str], None], source_path: Path = source.path) -> None:
            restore(folder, source_path, master_key=master_key)
            report("restored")

        pid, fd = run_child(restorer)
        kill_after(pid, rng.uniform(0.0, 0.12))
        done = read_all(fd, time.monotonic() + 2) == ["restored"]
        print("restore finished" if done else "restore killed")
        with Vault.open(folder, PASSPHRASE) as journal:
            assert journal.integrity_problems() == []
            count = journal.entries.count()
            assert count in (400, 800)
            if done:
                assert count == source.entry_count
        # Every safety copy the restores left is a whole journal.
        for backup in list_backups(folder):
            assert verify_backup(backup.path, master_key) in (400, 800)


@pytest.mark.slow
def test_kill_minus_nine_during_backup_leaves_only_good_backups(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(400):
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"a{n}", body="x " * 300))
        master_key = vault._master_key
    rng = random.Random(11)
    for _iteration in range(10):

        def backer(report: Callable[[str], None]) -> None:
            with Vault.open(folder, PASSPHRASE) as journal:
                while True:
                    make_backup(journal)
                    report("backup")

        pid, fd = run_child(backer)
        kill_after(pid, rng.uniform(0.1, 0.4))
        read_all(fd, time.monotonic() + 2)
        for backup in list_backups(folder):
            assert verify_backup(backup.path, master_key) == 400
    with Vault.open(folder, PASSPHRASE) as journal:
        assert journal.integrity_problems() == []


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE behaviour checked on Linux")
def test_disk_full_during_a_save_is_reported_and_the_next_save_succeeds(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, uid="before", title="before", body="ok"))

    def saver(report: Callable[[str], None]) -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        result: dict[str, object] = {}
        with Vault.open(folder, PASSPHRASE) as journal:
            journal.entries.add(Entry.new(EntryKind.REFLECTION, uid="small", title="small"))
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            biggest = max(p.stat().st_size for p in folder.iterdir() if p.is_file())
            # An odd limit, so the write that hits it is a short write (SQLite: "disk is full").
            resource.setrlimit(resource.RLIMIT_FSIZE, (biggest + 10_001, hard))
            big = Entry.new(EntryKind.REFLECTION, uid="big", title="big", body="z" * 500_000)
            try:
                journal.entries.add(big)
                result["first"] = "saved"
            except (DiskFull, WriteFailed) as error:
                result["first"] = type(error).__name__
                result["message"] = str(error)
            result["count_after_failure"] = journal.entries.count()
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # "space was freed"
            journal.entries.add(big)
            result["second"] = "saved"
            result["problems"] = journal.integrity_problems()
        report(json.dumps(result))

    pid, fd = run_child(saver)
    lines = read_all(fd, time.monotonic() + 30)
    os.waitpid(pid, 0)
    assert lines, "the saving process died"
    result = json.loads(lines[0])
    print(result)
    assert result["first"] in ("DiskFull", "WriteFailed")
    if result["first"] == "DiskFull":
        assert "disk is full; this entry was not saved yet" in str(result["message"])
    assert result["count_after_failure"] == 2
    assert result["second"] == "saved"
    assert result["problems"] == []
    with Vault.open(folder, PASSPHRASE) as journal:
        assert journal.integrity_problems() == []
        assert {s.title for s in journal.entries.summaries()} == {"before", "small", "big"}
        assert len(journal.entries.get(journal.entries.id_for_uid("big") or 0).body) == 500_000


_REAL_DISK_FULL_SCRIPT = """
import sys
from pathlib import Path
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.errors import DiskFull

root = Path(sys.argv[1])
vault, _ = Vault.create(root / "journal", "pw", kdf=MINIMUM_KDF)
vault.entries.add(Entry.new(EntryKind.REFLECTION, title="before"))
filler = root / "filler"
with open(filler, "wb", buffering=0) as handle:  # unbuffered: closing never fails
    try:
        while True:
            handle.write(bytes(65536))
    except OSError:
        pass
big = Entry.new(EntryKind.REFLECTION, title="big", body="z" * 300_000)
try:
    vault.entries.add(big)
    print("saved on a full disk?")
except DiskFull as error:
    print("DiskFull:", error)
print("count", vault.entries.count())
filler.unlink()
vault.entries.add(big)
print("count", vault.entries.count(), "problems", vault.integrity_problems())
vault.close()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="uses a private tmpfs mount")
def test_a_really_full_disk_says_so_and_the_next_save_succeeds(tmp_path: Path) -> None:
    """A real ENOSPC: a 4 MiB tmpfs in a private mount namespace (skipped where not allowed)."""
    import shutil
    import subprocess

    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=4m tmpfs '{mount_point}'"],
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("no permission to mount a tmpfs in a private namespace")
    repo = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            f"mount -t tmpfs -o size=4m tmpfs '{mount_point}' && "
            f"exec '{sys.executable}' -c \"$0\" '{mount_point}'",
            _REAL_DISK_FULL_SCRIPT,
        ],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.splitlines()
    assert lines[0] == (
        "DiskFull: Your computer's disk is full; this entry was not saved yet. "
        "Free some space and it will be saved."
    )
    assert lines[1] == "count 1"
    assert lines[2] == "count 2 problems []"
    assert "zzzz" not in completed.stderr
