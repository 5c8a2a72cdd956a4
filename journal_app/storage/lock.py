"""One writer per journal: OS-level locks on the journal folder and on ``journal.lock`` in it.

The operating system drops the locks when the holding process dies, so a lock left by a killed
process never blocks the next start. The lock file itself is kept. Deleting it (a cleaning tool,
a sync client) must not let a second writer in, so on POSIX systems the folder itself is locked
too (a folder can't be deleted while the journal is in it), and before every write the vault
calls :meth:`JournalLock.ensure_held`, which puts a deleted lock file back, or refuses the write
if the path now names a file another program holds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

from journal_app.storage.errors import (
    DISK_FULL_AT_OPEN,
    DiskFull,
    FolderNotWritable,
    JournalBusy,
)

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int, *, shared: bool = False) -> bool:
        if shared:
            return True  # msvcrt has no shared lock; a reader just doesn't take one
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, *, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_folder(folder: Path) -> int | None:
    """Lock the folder itself (POSIX); None where folders can't be opened or locked."""
    if sys.platform == "win32":  # pragma: no cover
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    if not _try_lock(fd):
        os.close(fd)
        raise JournalBusy()
    return fd


def try_shared_lock(fd: int) -> bool:
    """A reader's lock on ``fd``: refused while a writer holds the file (see ``read_only``)."""
    return _try_lock(fd, shared=True)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


class JournalLock:
    """Held for as long as a vault is open."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None
        self._folder_fd: int | None = None

    def acquire(self) -> None:
        folder_fd = _lock_folder(self._path.parent)
        try:
            fd = self._lock_file()
        except OSError as error:
            if folder_fd is not None:
                _unlock(folder_fd)
                os.close(folder_fd)
            if error.errno == errno.ENOSPC:
                raise DiskFull(DISK_FULL_AT_OPEN) from error
            if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise FolderNotWritable(self._path.parent) from error
            raise
        except BaseException:
            if folder_fd is not None:
                _unlock(folder_fd)
                os.close(folder_fd)
            raise
        self._fd = fd
        self._folder_fd = folder_fd

    def _lock_file(self) -> int:
        """Open and lock the file the path names now (retrying if it is swapped meanwhile)."""
        for _attempt in range(5):
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                raise JournalBusy()
            if _same_file(fd, self._path):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                return fd
            _unlock(fd)  # deleted or replaced between open and lock: lock what is there now
            os.close(fd)
        raise JournalBusy()

    def ensure_held(self) -> None:
        """Before a write: the lock file we hold must still be the one the path names.

        A deleted lock file is put back (and locked) so no other program can take it; if the path
        now names a file someone else holds, :class:`JournalBusy` is raised and nothing is written.
        """
        if self._fd is None:
            raise JournalBusy()
        if _same_file(self._fd, self._path):
            return
        replacement = self._lock_file()
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = replacement

    def release(self) -> None:
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        if self._folder_fd is not None:
            _unlock(self._folder_fd)
            os.close(self._folder_fd)
            self._folder_fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
