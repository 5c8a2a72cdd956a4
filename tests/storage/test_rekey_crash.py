"""kill -9 during a re-key: the journal opens with the old or the new secrets, never neither."""

from __future__ import annotations

import os
import random
import select
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault, WrongPassphrase
from journal_app.storage.backups import list_backups, make_backup, verify_backup
from tests.storage.test_crash import kill_after, read_all, run_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and kill -9")

ENTRIES = 300


def _open_with_either(folder: Path, old: str, new: str) -> tuple[Vault, str]:
    try:
        return Vault.open(folder, new), new
    except WrongPassphrase:
        return Vault.open(folder, old), old


def _wait_for_line(fd: int, line: bytes) -> list[str]:
    """Read the child's reports until ``line`` (the child opened the journal) or 10 s pass."""
    data = b""
    deadline = time.monotonic() + 10
    while line not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data.decode().splitlines()


@pytest.mark.slow
def test_kill_minus_nine_during_rekey_never_locks_out_or_loses_an_entry(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    current = "passphrase number zero"
    vault, _ = Vault.create(folder, current, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(ENTRIES):
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"e{n}", body="x " * 200))
        make_backup(vault)
        make_backup(vault)
    rng = random.Random(20261202)
    outcomes = {"finished": 0, "killed": 0, "new opens": 0, "old opens": 0}
    for iteration in range(16):
        new = f"passphrase number {iteration + 1}"

        def rekeyer(report: Callable[[str], None], old: str = current, new: str = new) -> None:
            with Vault.open(folder, old) as journal:
                report("opened")
                journal.rekey(new, kdf=MINIMUM_KDF)
                report("rekeyed")

        pid, fd = run_child(rekeyer)
        seen = _wait_for_line(fd, b"opened\n")
        # Kill at any moment of the re-key itself: staging, the swap, the backups, the tidy-up.
        kill_after(pid, rng.uniform(0.0, 0.25) + rng.choice((0.0, 0.2, 0.4)))
        done = "rekeyed" in (seen + read_all(fd, time.monotonic() + 2))
        outcomes["finished" if done else "killed"] += 1
        journal, opened_with = _open_with_either(folder, current, new)
        with journal:
            assert journal.entries.count() == ENTRIES, f"iteration {iteration}"
            assert journal.integrity_problems() == []
            # Whatever opened it, every backup in its folder now opens with the same key.
            for backup in list_backups(folder):
                assert verify_backup(backup.path, journal._master_key) == ENTRIES
            master_key = journal._master_key
        if done:
            assert opened_with == new
        # The other passphrase never opens it too.
        other = current if opened_with == new else new
        with pytest.raises(WrongPassphrase):
            Vault.open(folder, other)
        outcomes["new opens" if opened_with == new else "old opens"] += 1
        current = opened_with
        assert len(list_backups(folder)) == 2
        assert master_key
    print(f"\nre-key kills: {outcomes}")
    assert outcomes["new opens"] and outcomes["old opens"]  # the kills really landed both sides


def _die_at_step(step: int) -> None:
    """From now on, the ``step``-th file operation of the re-key ends the process on the spot.

    ``os._exit`` is as abrupt as kill -9 for the files: nothing is flushed or cleaned up, and
    what the kernel already has is all there is.
    """
    import shutil

    import journal_app.storage.keyfile as keyfile_module
    import journal_app.storage.rekey as rekey_module

    calls = [0]

    def counted(original: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[0] += 1
            if calls[0] == step:
                os._exit(9)
            result = original(*args, **kwargs)
            calls[0] += 1
            if calls[0] == step:
                os._exit(9)
            return result

        return wrapper

    os.replace = counted(os.replace)  # type: ignore[assignment]
    shutil.rmtree = counted(shutil.rmtree)  # type: ignore[assignment]
    for module, name in (
        (rekey_module, "fsync_dir"),
        (rekey_module, "atomic_write_bytes"),
        (rekey_module, "export_to_new_key"),
        (rekey_module, "export_copy"),
        (keyfile_module, "atomic_write_bytes"),
    ):
        setattr(module, name, counted(getattr(module, name)))


@pytest.mark.slow
def test_death_at_every_step_of_a_rekey_leaves_old_or_new_secrets_working(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    current = "passphrase number zero"
    vault, _ = Vault.create(folder, current, kdf=MINIMUM_KDF)
    with vault:
        with vault.bulk():
            for n in range(40):
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"e{n}", body="x " * 50))
        make_backup(vault)
    step = 1
    while True:
        new = f"passphrase at step {step}"

        def rekeyer(
            report: Callable[[str], None], old: str = current, new: str = new, step: int = step
        ) -> None:
            with Vault.open(folder, old) as journal:
                _die_at_step(step)
                journal.rekey(new, kdf=MINIMUM_KDF)
                report("rekeyed")

        pid, fd = run_child(rekeyer)
        done = "rekeyed" in read_all(fd, time.monotonic() + 30)
        os.waitpid(pid, 0)
        journal, current = _open_with_either(folder, current, new)
        with journal:
            assert journal.entries.count() == 40, f"step {step}"
            for backup in list_backups(folder):
                assert verify_backup(backup.path, journal._master_key) == 40, f"step {step}"
        assert len(list_backups(folder)) == 1
        if done:
            assert current == new
            break
        step += 1
    print(f"\nre-key died at each of {step - 1} steps; each time the journal opened whole")
    assert step > 20  # every file operation of the re-key was a death point
