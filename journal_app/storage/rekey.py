"""Re-keying a journal: a new master key, passphrase and recovery key, crash-safe at every step.

Changing the passphrase only re-wraps the same master key, so an old ``journal.key`` (every backup
holds one) and the old passphrase still open the database. Re-keying is for "someone may know my
passphrase": the database is copied with ``sqlcipher_export`` under a new random master key, and
the backups in the journal's ``backups`` folder are re-encrypted to it (or deleted).

Everything is first *staged* beside the live files, so the journal keeps opening with the old
secrets until the very end:

1. ``.rekey-staging/journal.db`` (the copy under the new key, verified),
   ``.rekey-staging/journal.key`` (the new key file) and ``backups/.rekey-new-<name>/`` for
   each backup (verified);
2. ``.rekey-staging/rekey-plan.json``, written last and sealed with a MAC keyed from the new
   master key: from this moment the staged files are complete;
3. the swap: the new database is renamed over the old one, the new key file (and its spare copy)
   written, each staged backup renamed into place (or each old backup deleted), and the staging
   folder set aside and removed.

A crash at any point is settled on the next open, *after* unlock, with the journal's lock held:
the typed secret is tried against the staged key file first, then the journal's own. If the new
secrets open it and the plan is complete, the swap is finished; if the old secrets open it before
the swap began, the staging is thrown away. So a journal always opens with either the old or the
new secrets, and no entry is lost (the journal's lock and the vault's mutex stop every write
while the copy is made).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import nacl.bindings
import nacl.encoding
import nacl.hash
import sqlcipher3

from journal_app.storage.connection import export_copy, export_to_new_key, open_journal_database
from journal_app.storage.errors import DamagedJournal, JournalError, WrongPassphrase
from journal_app.storage.files import atomic_write_bytes, fsync_dir, make_private_dir
from journal_app.storage.folder import BACKUP_DIR_NAME, DATABASE_NAME, KEY_FILE_NAME
from journal_app.storage.key_wrapping import KdfParams, keyed_digest
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.recovery import check_database, read_only_connection
from journal_app.storage.wal_guard import SEQUENCE_FILE_NAME

log = logging.getLogger(__name__)

STAGING_NAME = ".rekey-staging"
PLAN_NAME = "rekey-plan.json"
PLAN_FORMAT = "between-sessions-rekey"
MANIFEST_NAME = "backup.json"  # the same name as in backups.py (kept apart: no import cycle)
_STAGED_BACKUP_PREFIX = ".rekey-new-"
_REPLACED_BACKUP_PREFIX = ".rekey-old-"
_SET_ASIDE_PREFIX = ".rekey-done-"
_PLAN_PERSONAL = b"bs-rekey-plan-01"  # 16 bytes, domain-separates the plan's MAC
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")

Progress = Callable[[int, int, str], None]


class OldBackups(Enum):
    """What re-keying does with the backups in the journal's ``backups`` folder."""

    REENCRYPT = "reencrypt"  # copy each one under the new key; the old secrets stop opening it
    DELETE = "delete"


class RekeyCancelled(JournalError):
    def __init__(self) -> None:
        super().__init__("Re-keying was cancelled. Nothing was changed.")


class RekeyNotFinished(WrongPassphrase):
    """The new passphrase belongs to a re-key that was cut short before its copy was complete."""

    def __init__(self) -> None:
        super().__init__(
            "That is the new passphrase of a re-key that was interrupted before it finished, so "
            "nothing was changed: your previous passphrase and recovery key still open this "
            "journal. You can re-key it again once it is open."
        )


class RekeyAlreadyFinished(WrongPassphrase):
    """The previous passphrase, after the swap to the new key had begun."""

    def __init__(self) -> None:
        super().__init__(
            "This journal was re-keyed, so your previous passphrase no longer opens it. "
            "Please use the new passphrase or the new recovery key. Nothing was changed."
        )


@dataclass(frozen=True)
class RekeyResult:
    recovery_key: str  # the new recovery key: show it once, with the first-run confirm step
    reencrypted: tuple[str, ...] = ()  # backup folder names now under the new key
    deleted: tuple[str, ...] = ()
    # Backups the journal's key didn't open (damaged, or from before an earlier re-key): they
    # were left exactly as they were and still open with whatever secrets they had.
    left_as_they_were: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingRekey:
    """What a crash left of a re-key, read without any secret (nothing is changed by reading)."""

    staging: Path
    key_file: KeyFile | None  # the staged new key file, if it was written and reads intact
    ready: bool  # the sealed plan exists: every staged file is complete
    swapped: bool  # ready, and the new database is already in place


def new_key_file(
    current: KeyFile, new_key: bytes, passphrase: str, recovery_key: str, kdf: KdfParams
) -> KeyFile:
    """A key file for ``new_key`` with fresh salts; the journal keeps its id."""
    fresh = KeyFile.new(new_key, passphrase, recovery_key, kdf)
    return replace(fresh, journal_id=current.journal_id).sealed(new_key)


# --------------------------------------------------------------------------- staging


def stage_rekey(
    folder: Path,
    connection: sqlcipher3.Connection,
    master_key: bytes,
    user_version: int,
    new_key: bytes,
    key_file: KeyFile,
    old_backups: OldBackups,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RekeyResult:
    """Steps 1 and 2: stage the re-keyed journal and backups. The live files are not touched.

    Call with the journal's lock and the vault's mutex held (no write may happen until the swap).
    Raises :class:`RekeyCancelled` (having removed everything staged) if ``cancel`` is set.
    """
    say = progress or (lambda _done, _total, _text: None)
    discard_staging(folder)
    staging = folder / STAGING_NAME
    backups = _backup_names(folder)
    total = 2 + (len(backups) if old_backups is OldBackups.REENCRYPT else 0)
    try:
        _check(cancel)
        make_private_dir(staging)
        say(0, total, "Copying the journal under the new key…")
        export_to_new_key(connection, staging / DATABASE_NAME, new_key, user_version)
        problems = check_database(staging / DATABASE_NAME, new_key)
        if problems:
            raise JournalError(
                "The re-keyed copy of the journal didn't check out, so nothing was changed. "
                "Please try again."
            )
        key_file.write(staging / KEY_FILE_NAME)
        reencrypted: list[str] = []
        left: list[str] = []
        for number, name in enumerate(backups if old_backups is OldBackups.REENCRYPT else ()):
            _check(cancel)
            say(1 + number, total, "Re-encrypting the backups…")
            if _stage_backup(folder / BACKUP_DIR_NAME, name, master_key, new_key, key_file):
                reencrypted.append(name)
            else:
                left.append(name)
        deleted = list(backups) if old_backups is OldBackups.DELETE else []
        _check(cancel)
        say(total - 1, total, "Putting the new key in place…")
        if (folder / BACKUP_DIR_NAME).is_dir():
            fsync_dir(folder / BACKUP_DIR_NAME)
        _write_plan(staging, new_key, reencrypted, deleted)
        fsync_dir(staging)
        fsync_dir(folder)
    except BaseException:
        discard_staging(folder)
        raise
    return RekeyResult(
        recovery_key="",
        reencrypted=tuple(reencrypted),
        deleted=tuple(deleted),
        left_as_they_were=tuple(left),
    )


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise RekeyCancelled()


def _backup_names(folder: Path) -> list[str]:
    parent = folder / BACKUP_DIR_NAME
    if not parent.is_dir():
        return []
    return sorted(
        child.name
        for child in parent.iterdir()
        if child.is_dir()
        and _PLAIN_NAME.fullmatch(child.name)
        and (child / DATABASE_NAME).is_file()
        and (child / KEY_FILE_NAME).is_file()
    )


def _stage_backup(
    parent: Path, name: str, master_key: bytes, new_key: bytes, key_file: KeyFile
) -> bool:
    """Stage ``parent/name`` under the new key; False (nothing staged) if our key can't open it."""
    source = parent / name
    try:
        with read_only_connection(source / DATABASE_NAME, master_key) as connection:
            connection.execute("SELECT count(*) FROM entries").fetchone()
    except (JournalError, sqlcipher3.DatabaseError):
        return False
    staged = parent / f"{_STAGED_BACKUP_PREFIX}{name}"
    shutil.rmtree(staged, ignore_errors=True)
    make_private_dir(staged)
    export_copy(source / DATABASE_NAME, master_key, staged / DATABASE_NAME, new_key)
    if check_database(staged / DATABASE_NAME, new_key):
        raise JournalError(
            f"The re-encrypted copy of the backup {name} didn't check out, so nothing was "
            "changed. Please try again."
        )
    key_file.write(staged / KEY_FILE_NAME)
    if (source / MANIFEST_NAME).is_file():
        atomic_write_bytes(staged / MANIFEST_NAME, (source / MANIFEST_NAME).read_bytes())
    fsync_dir(staged)
    return True


def _plan_mac(new_key: bytes, content: bytes) -> str:
    return keyed_digest(new_key, _PLAN_PERSONAL, content).hex()


def _plan_content(reencrypted: list[str], deleted: list[str]) -> bytes:
    document = {"format": PLAN_FORMAT, "version": 1, "reencrypt": reencrypted, "delete": deleted}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _write_plan(staging: Path, new_key: bytes, reencrypted: list[str], deleted: list[str]) -> None:
    content = _plan_content(reencrypted, deleted)
    document = json.loads(content)
    document["mac"] = _plan_mac(new_key, content)
    atomic_write_bytes(staging / PLAN_NAME, json.dumps(document).encode())


def _read_plan(staging: Path, new_key: bytes) -> tuple[list[str], list[str]]:
    damaged = DamagedJournal(
        "The record of an interrupted re-key is damaged, so it can't be finished. Nothing was "
        "changed; your previous passphrase may still open the journal."
    )
    try:
        document = json.loads((staging / PLAN_NAME).read_bytes())
        reencrypted = [str(name) for name in document["reencrypt"]]
        deleted = [str(name) for name in document["delete"]]
        mac = str(document["mac"])
    except (OSError, ValueError, KeyError, TypeError):
        raise damaged from None
    expected = _plan_mac(new_key, _plan_content(reencrypted, deleted))
    if not nacl.bindings.sodium_memcmp(expected.encode(), mac.encode()):
        raise damaged
    if not all(_PLAIN_NAME.fullmatch(name) for name in reencrypted + deleted):
        raise damaged
    return reencrypted, deleted


# --------------------------------------------------------------------------- the swap


def old_wal_is_empty(folder: Path) -> bool:
    """Whether the closed journal's -wal holds nothing (so removing it can lose nothing)."""
    wal = folder / f"{DATABASE_NAME}-wal"
    return not wal.exists() or wal.stat().st_size == 0


def finish_rekey(folder: Path, new_key: bytes) -> None:
    """Step 3: put the staged files in place; idempotent, so a crash is finished by a rerun.

    Call with the journal's lock held and the database closed, only once ``new_key`` unlocked
    the staged key file.
    """
    staging = folder / STAGING_NAME
    reencrypted, deleted = _read_plan(staging, new_key)
    staged_db = staging / DATABASE_NAME
    if staged_db.exists():
        # The old database's -wal and -shm must not be paired with the new database. Everything
        # they held is in the staged copy (it was made through the same connection).
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{DATABASE_NAME}{suffix}").unlink()
        os.replace(staged_db, folder / DATABASE_NAME)
        fsync_dir(folder)
    staged_key = KeyFile.from_json((staging / KEY_FILE_NAME).read_bytes(), staging / KEY_FILE_NAME)
    staged_key.write_with_copy(folder / KEY_FILE_NAME)
    # The write-sequence mirror is sealed with the old key; the reopen seals a new one.
    (folder / SEQUENCE_FILE_NAME).unlink(missing_ok=True)
    fsync_dir(folder)
    parent = folder / BACKUP_DIR_NAME
    for name in reencrypted:
        _swap_backup(parent, name)
    for name in deleted:
        _remove_backup(parent, name)
    if parent.is_dir():
        fsync_dir(parent)
    _set_aside(staging)
    log.info("Journal re-keyed.")


def _swap_backup(parent: Path, name: str) -> None:
    staged = parent / f"{_STAGED_BACKUP_PREFIX}{name}"
    current = parent / name
    replaced = parent / f"{_REPLACED_BACKUP_PREFIX}{name}"
    if staged.is_dir():
        if current.exists():
            shutil.rmtree(replaced, ignore_errors=True)
            os.replace(current, replaced)
        os.replace(staged, current)
    shutil.rmtree(replaced, ignore_errors=True)


def _remove_backup(parent: Path, name: str) -> None:
    current = parent / name
    replaced = parent / f"{_REPLACED_BACKUP_PREFIX}{name}"
    if current.exists():
        shutil.rmtree(replaced, ignore_errors=True)
        os.replace(current, replaced)  # whole or gone: never a half-deleted backup in the list
    shutil.rmtree(replaced, ignore_errors=True)


def _set_aside(staging: Path) -> None:
    """Rename the staging folder away first: a half-removed one must never look like a plan."""
    if not staging.exists():
        return
    aside = staging.with_name(f"{_SET_ASIDE_PREFIX}{secrets.token_hex(4)}")
    os.replace(staging, aside)
    fsync_dir(staging.parent)
    shutil.rmtree(aside, ignore_errors=True)


def discard_staging(folder: Path) -> None:
    """Throw away a re-key that had not begun its swap; the live files stay as they are."""
    _set_aside(folder / STAGING_NAME)
    tidy_leftovers(folder)


def tidy_leftovers(folder: Path) -> None:
    """Remove what an interrupted re-key left that no longer means anything (after unlock only)."""
    if (folder / STAGING_NAME).exists():
        return  # a plan in progress: settled by :func:`settle_after_unlock`
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.is_dir() and child.name.startswith(_SET_ASIDE_PREFIX):
                shutil.rmtree(child, ignore_errors=True)
    parent = folder / BACKUP_DIR_NAME
    with contextlib.suppress(OSError):
        for child in parent.iterdir() if parent.is_dir() else ():
            if child.is_dir() and child.name.startswith(
                (_STAGED_BACKUP_PREFIX, _REPLACED_BACKUP_PREFIX)
            ):
                shutil.rmtree(child, ignore_errors=True)


# --------------------------------------------------------------------------- opening after a crash


def pending_rekey(folder: Path) -> PendingRekey | None:
    """What an interrupted re-key left in ``folder``, if anything (reads only)."""
    staging = folder / STAGING_NAME
    if not staging.is_dir():
        return None
    key_file: KeyFile | None = None
    with contextlib.suppress(OSError, JournalError):
        key_path = staging / KEY_FILE_NAME
        key_file = KeyFile.from_json(key_path.read_bytes(), key_path)
    ready = (staging / PLAN_NAME).is_file()
    swapped = ready and not (staging / DATABASE_NAME).exists()
    return PendingRekey(staging=staging, key_file=key_file, ready=ready, swapped=swapped)


def unlock_journal(
    folder: Path, current: KeyFile, unlock: Callable[[KeyFile], bytes]
) -> tuple[KeyFile, bytes, bool | None]:
    """Unlock with the staged new key file first (if a re-key was interrupted), then ``current``.

    Returns the key file that opened, the master key, and what :func:`settle_after_unlock` must
    do: None (no re-key pending), True (finish it: the new secrets were typed) or False (throw the
    staging away: the old secrets were typed before the swap began). Changes nothing on disk.
    """
    pending = pending_rekey(folder)
    if pending is None:
        return current, unlock(current), None
    if pending.key_file is not None:
        try:
            new_key = unlock(pending.key_file)
        except JournalError:
            pass
        else:
            if not pending.ready:
                raise RekeyNotFinished()
            return pending.key_file, new_key, True
    master_key = unlock(current)  # a wrong passphrase fails here, as always
    if pending.swapped:
        raise RekeyAlreadyFinished()
    return current, master_key, False


def settle_after_unlock(folder: Path, finish_with: bytes | None) -> None:
    """Finish (``finish_with`` is the new master key) or throw away a pending re-key.

    Call with the journal's lock held, before the database is opened.
    """
    if finish_with is not None:
        finish_rekey(folder, finish_with)
    else:
        discard_staging(folder)
    tidy_leftovers(folder)


__all__ = [
    "OldBackups",
    "PendingRekey",
    "RekeyAlreadyFinished",
    "RekeyCancelled",
    "RekeyNotFinished",
    "RekeyResult",
    "finish_rekey",
    "new_key_file",
    "old_wal_is_empty",
    "pending_rekey",
    "settle_after_unlock",
    "stage_rekey",
    "tidy_leftovers",
    "unlock_journal",
]


def open_with_first_key(
    path: Path, keys: tuple[bytes, ...]
) -> tuple[sqlcipher3.Connection, bytes]:
    """Open the journal's database with the first of ``keys`` that opens it (each tried once)."""
    last_error: JournalError | None = None
    for key in dict.fromkeys(keys):
        try:
            return open_journal_database(path, key, create=False), key
        except JournalError as error:
            last_error = error
    assert last_error is not None
    raise last_error
