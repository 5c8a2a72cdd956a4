"""kill -9 loops outside the test suite: add, passwd, backup and restore, many times each.

Each iteration forks a child that does the work, kills it with SIGKILL after a random delay, then
checks from the parent: the journal opens (with the old or the new passphrase, never neither),
passes the integrity check, holds every save the child reported, and every backup verifies.

Run: ``PYTHONPATH=. python tools/crash_loops.py --iterations 100 [--only add,passwd]``.
Prints one line of counts per operation.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault, WrongPassphrase
from journal_app.storage.backups import list_backups, make_backup, restore, verify_backup

OLD = "the old passphrase"
NEW = "the new passphrase"


def _fork(work: Callable[[Callable[[str], None]], None]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            work(lambda line: os.write(write_end, (line + "\n").encode()) and None)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _kill_and_read(pid: int, fd: int, delay: float) -> list[str]:
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while select.select([fd], [], [], 0.5)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


def _open_either(folder: Path) -> tuple[Vault | None, str]:
    for passphrase in (OLD, NEW):
        try:
            return Vault.open(folder, passphrase), passphrase
        except WrongPassphrase:
            continue
    return None, ""


def run(operation: str, iterations: int, rng: random.Random, root: Path) -> dict[str, int]:
    folder = root / operation / "journal"
    vault, _ = Vault.create(folder, OLD, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(300):
                vault.add_entry(Entry.new(EntryKind.REFLECTION, title=f"seed {n}", body="x " * 200))
        seed_backup = make_backup(vault, root / operation / "out")
        master_key = vault._master_key
    counts = {"kills": 0, "finished": 0, "lockouts": 0, "damaged": 0, "lost": 0, "bad-backups": 0}
    reported: set[str] = set()
    for iteration in range(iterations):

        def work(report: Callable[[str], None], iteration: int = iteration) -> None:
            if operation == "add":
                with Vault.open(folder, OLD) as journal:
                    for number in range(10_000):
                        uid = f"{iteration}-{number}"
                        journal.add_entry(Entry.new(EntryKind.REFLECTION, uid=uid, title=uid))
                        report(uid)
            elif operation == "passwd":
                journal, current = _open_either(folder)
                assert journal is not None
                with journal:
                    journal.change_passphrase(NEW if current == OLD else OLD, kdf=MINIMUM_KDF)
                report("done")
            elif operation == "backup":
                journal, _ = _open_either(folder)
                assert journal is not None
                with journal:
                    make_backup(journal)
                report("done")
            else:  # restore
                restore(folder, seed_backup.path, master_key=master_key)
                report("done")

        pid, fd = _fork(work)
        lines = _kill_and_read(pid, fd, rng.uniform(0.0, 0.5))
        counts["kills"] += 1
        if "done" in lines:
            counts["finished"] += 1
        if operation == "add":
            reported.update(lines)
        journal, _ = _open_either(folder)
        if journal is None:
            counts["lockouts"] += 1
            continue
        with journal:
            if journal.integrity_problems():
                counts["damaged"] += 1
            if operation == "add":
                counts["lost"] += sum(
                    1 for uid in reported if journal.entry_id_for_uid(uid) is None
                )
        for backup in list_backups(folder):
            try:
                verify_backup(backup.path, master_key)
            except Exception:  # noqa: BLE001 - counted
                counts["bad-backups"] += 1
    if operation == "add":
        counts["reported-saves"] = len(reported)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--only", default="add,passwd,backup,restore")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as temporary:
        for operation in args.only.split(","):
            started = time.monotonic()
            counts = run(operation, args.iterations, rng, Path(temporary))
            print(f"{operation}: {counts} in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
