"""Noticing saved changes that went missing with a removed or replaced ``journal.db-wal``.

Between checkpoints, the newest saved changes live only in the write-ahead log. A sync or cleaning
tool that deletes or swaps ``journal.db-wal`` while the journal is open, followed by a crash, takes
those changes with it, and SQLite then opens the older ``journal.db`` as if nothing happened. So
every write transaction also raises a number kept inside the database (``write_sequence``), and
after each commit the number is mirrored, sealed with a MAC keyed from the master key, into
``journal.sequence`` beside it. On open (after unlock) and in ``check``, a database whose number is
behind the mirrored one has lost saved changes, and says so.

The mirror is written after the commit, so it is never ahead of the database unless changes really
went missing: a crash between the two leaves it behind, which is harmless. For the same reason it
is not fsynced: after a power cut it can only be older (or unreadable, and then not believed),
never newer. A mirror that is missing or whose seal doesn't match (another journal's, an older
master key's, one edited by hand) tells nothing; it is replaced by the next write.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path

import nacl.bindings
import nacl.encoding
import nacl.hash
import sqlcipher3

from journal_app.storage.errors import DamagedJournal
from journal_app.storage.files import PRIVATE_FILE_MODE, private_umask
from journal_app.storage.key_wrapping import keyed_digest

log = logging.getLogger(__name__)

SEQUENCE_FILE_NAME = "journal.sequence"
_FORMAT = "between-sessions-write-sequence"
_VERSION = 1
_PERSONAL = b"bs-write-seq-v01"  # 16 bytes: a MAC of its own, never the key file's


class MissingRecentChanges(DamagedJournal):
    """The database is older than the last change saved to it: the -wal was removed or replaced."""

    HEADLINE = "Some recently saved changes are missing"  # how its message (and check's) begins

    def __init__(self, folder: Path) -> None:
        super().__init__(missing_changes_message(folder))


def missing_changes_message(folder: Path) -> str:
    return (
        f"{MissingRecentChanges.HEADLINE} from the journal in {folder}. This happens "
        "when the file journal.db-wal, which holds the newest changes until they are folded into "
        "the journal, was removed or replaced while the journal was open, often by a sync or "
        "cleaning tool. The journal was left exactly as it is; your newest backup may still "
        "hold those changes."
    )


def _mac(master_key: bytes, sequence: int) -> str:
    content = f"{_FORMAT}:{_VERSION}:{sequence}".encode()
    return keyed_digest(master_key, _PERSONAL, content).hex()


def read_mirrored_sequence(folder: Path, master_key: bytes) -> int | None:
    """The number in ``journal.sequence`` if its seal matches this master key, else None."""
    try:
        document = json.loads((Path(folder) / SEQUENCE_FILE_NAME).read_bytes())
        sequence = document["sequence"]
        mac = document["mac"]
        if document.get("format") != _FORMAT or not isinstance(sequence, int):
            raise ValueError("not a sequence file")
        if not isinstance(mac, str) or not nacl.bindings.sodium_memcmp(
            mac.encode("ascii"), _mac(master_key, sequence).encode("ascii")
        ):
            raise ValueError("seal")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, UnicodeError):
        log.warning("Ignoring a write-sequence file that doesn't belong to this journal.")
        return None
    return sequence


def write_mirrored_sequence(folder: Path, master_key: bytes, sequence: int) -> None:
    """Replace ``journal.sequence`` atomically (a private temporary file renamed over it)."""
    target = Path(folder) / SEQUENCE_FILE_NAME
    data = json.dumps(
        {
            "format": _FORMAT,
            "version": _VERSION,
            "sequence": sequence,
            "mac": _mac(master_key, sequence),
        }
    ).encode("utf-8")
    with private_umask():
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE_MODE)
        os.write(fd, data)
        os.close(fd)
        fd = -1
        os.replace(temp_name, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def database_sequence(connection: sqlcipher3.Connection) -> int:
    """The number kept inside the database (0 for a journal from before it was kept)."""
    try:
        row = connection.execute("SELECT number FROM write_sequence WHERE id = 1").fetchone()
    except sqlcipher3.OperationalError:  # no such table: a schema older than the sequence
        return 0
    return int(row[0]) if row else 0


def changes_are_missing(folder: Path, connection: sqlcipher3.Connection, master_key: bytes) -> bool:
    """Whether the database is behind the last number mirrored after a commit.

    The mirror is read first: a writer elsewhere (this is also used by ``check`` while the app may
    be open) only ever raises the database's number before the mirror's.
    """
    mirrored = read_mirrored_sequence(folder, master_key)
    if mirrored is None:
        return False
    return database_sequence(connection) < mirrored


class WriteSequence:
    """Raises the database's number in each write transaction and mirrors it after the commit."""

    def __init__(self, folder: Path, master_key: bytes, current: int) -> None:
        self._folder = folder
        self._master_key = master_key
        self.current = current
        self._pending: int | None = None

    def bump(self, connection: sqlcipher3.Connection) -> None:
        """Inside the open transaction: one more write (undone with it on a rollback)."""
        connection.execute("UPDATE write_sequence SET number = number + 1 WHERE id = 1")
        self._pending = database_sequence(connection)

    def rolled_back(self) -> None:
        self._pending = None

    def committed(self) -> None:
        """After the commit: mirror the new number (a failure here loses nothing saved)."""
        if self._pending is None:
            return
        self.current, self._pending = self._pending, None
        self.mirror()

    def mirror(self) -> None:
        try:
            write_mirrored_sequence(self._folder, self._master_key, self.current)
        except OSError as error:
            # Only the mirror is behind now, which can never flag a healthy journal.
            log.warning("Could not update the write-sequence file (%s).", error.strerror)

    def forget_key(self) -> None:
        self._master_key = b""


__all__ = [
    "SEQUENCE_FILE_NAME",
    "MissingRecentChanges",
    "WriteSequence",
    "changes_are_missing",
    "database_sequence",
    "missing_changes_message",
    "read_mirrored_sequence",
    "write_mirrored_sequence",
]
