"""The one keyed SQLCipher connection: the only place a key is handed to SQLCipher.

Every connection to a journal database (the vault's own, read-only checks, backups) is made by
:func:`open_keyed`, and every attached copy by :func:`attach_keyed`, so the key statement exists
once, always with temporary storage kept in memory. :func:`open_journal_database` adds what the
vault needs before it trusts a file: a complete, keyed database of ours, in WAL mode with full
syncing and foreign keys.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import sqlcipher3

from journal_app.storage.errors import (
    DISK_FULL_AT_OPEN,
    CantWriteHere,
    DamagedJournal,
    DiskFull,
    FolderNotWritable,
    JournalError,
    WriteFailed,
)

# SQLCipher 4's page size. The app never changes it, so a journal database is always a whole
# number of these pages, and never smaller than one.
PAGE_SIZE = 4096
MASTER_KEY_BYTES = 32


def _key_clause(master_key: bytes) -> str:
    if len(master_key) != MASTER_KEY_BYTES:
        raise ValueError("a journal's master key is 32 raw bytes")
    return f"\"x'{master_key.hex()}'\""


def open_keyed(database: str, master_key: bytes, *, uri: bool = False) -> sqlcipher3.Connection:
    """A connection to ``database`` keyed with the raw master key (nothing is read yet).

    SQLCipher's own log stays off stderr, and its temporary storage stays in memory: with files,
    sorting or a big transaction could spill plaintext into temp files.
    """
    connection = sqlcipher3.connect(
        database, uri=uri, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {_key_clause(master_key)}")
        connection.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        connection.close()
        raise
    return connection


def attach_keyed(
    connection: sqlcipher3.Connection, database: str, alias: str, master_key: bytes
) -> None:
    """Attach ``database`` (a path or URI) as ``alias``, keyed with the raw master key."""
    if not alias.isidentifier():
        raise ValueError("an attached database needs a plain name")
    connection.execute(f"ATTACH DATABASE ? AS {alias} KEY {_key_clause(master_key)}", (database,))


def export_to_new_key(
    connection: sqlcipher3.Connection, target: Path, target_key: bytes, user_version: int
) -> None:
    """Write every table of ``connection``'s main database into a new file under another key.

    This is how a journal is re-keyed: SQLCipher's ``sqlcipher_export`` into an attached,
    empty database keyed with the new raw key. The target is a staging file (fsynced and
    verified before it is used), so it needs no journal of its own.
    """
    if target.exists():
        raise JournalError(f"There is already a file at {target}.")
    attach_keyed(connection, str(target), "rekeyed", target_key)
    try:
        connection.execute("PRAGMA rekeyed.journal_mode = OFF")
        connection.execute("PRAGMA rekeyed.synchronous = OFF")
        connection.execute("SELECT sqlcipher_export('rekeyed')")
        connection.execute(f"PRAGMA rekeyed.user_version = {int(user_version)}")
    finally:
        connection.execute("DETACH DATABASE rekeyed")
    _fsync(target)


def export_copy(source: Path, source_key: bytes, target: Path, target_key: bytes) -> None:
    """A fresh, consistent copy of the database ``source`` (and any -wal) in ``target``.

    ``source`` is read on this connection alone, in one read transaction: a journal that is open
    meanwhile keeps writing on its own connection (WAL), and the copy is the snapshot at the
    start. ``target_key`` may differ from ``source_key``: that is how a backup is re-encrypted to
    a re-keyed journal's key, and how a restored backup is made to open with today's secrets.
    """
    source_wal = source.with_name(source.name + "-wal")
    source_uri = source.resolve().as_uri() + ("?mode=ro" if source_wal.exists() else "?immutable=1")
    connection = open_keyed(str(target), target_key, uri=True)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        attach_keyed(connection, source_uri, "source", source_key)
        try:
            connection.execute("BEGIN")
            version = int(connection.execute("PRAGMA source.user_version").fetchone()[0])
            connection.execute("SELECT count(*) FROM source.sqlite_master").fetchone()
            connection.execute("SELECT sqlcipher_export('main', 'source')")
            connection.execute(f"PRAGMA main.user_version = {version}")
            connection.execute("COMMIT")
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.execute("DETACH DATABASE source")
    finally:
        connection.close()
    _fsync(target)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


# --------------------------------------------------------------------------- the vault's connection


def open_journal_database(path: Path, master_key: bytes, *, create: bool) -> sqlcipher3.Connection:
    """Open and key the journal database, refusing anything that is not a readable journal.

    With ``create`` the file must not exist yet and is made; without it, the file must be a
    complete database keyed with ``master_key`` that holds our schema, or :class:`DamagedJournal`
    is raised before anything is written (the file stays byte for byte as it was). Called inside
    ``private_umask`` so the -wal and -shm files SQLite makes are private too.
    """
    if create and path.exists():
        raise JournalError(f"There is already a database at {path}.")
    if not create:
        require_whole_pages(path)
    connection = open_keyed(str(path), master_key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not create:
            check_journal_contents(connection, path)
        _apply_settings(connection)
    except sqlcipher3.DatabaseError as error:
        connection.close()
        if not is_damage(error):  # SQLite couldn't make its -wal/-shm: the folder, not the file
            message = str(error).lower()
            if "disk is full" in message:
                raise DiskFull(DISK_FULL_AT_OPEN) from None
            if "unable to open" in message or "readonly" in message:
                raise FolderNotWritable(path.parent) from None
        raise damaged_database(path) from None
    except BaseException:
        connection.close()
        raise
    return connection


def damaged_database(path: Path) -> DamagedJournal:
    return DamagedJournal(
        f"The journal's database in {path.parent} is damaged or isn't a journal, so it "
        "can't be opened. It was left exactly as it is; a backup can bring the journal back."
    )


def wal_has_pages(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def require_whole_pages(path: Path) -> None:
    """Checks on the file's length alone, before SQLite sees it.

    SQLite reads a file shorter than one page as an empty database, so a truncated journal would
    otherwise open as a new, empty and "healthy" one.
    """
    if not path.is_file():
        raise DamagedJournal(
            f"The journal in {path.parent} is missing its database file ({path.name}). "
            "Nothing was changed."
        )
    size = path.stat().st_size
    if size == 0:
        raise DamagedJournal(
            f"The journal's database in {path.parent} is empty (0 bytes), so it can't be opened. "
            "It was left as it is."
        )
    # A checkpoint interrupted mid-page can leave a partial last page, which the WAL still holds.
    if size < PAGE_SIZE or (size % PAGE_SIZE and not wal_has_pages(path)):
        raise damaged_database(path)


def check_journal_contents(connection: sqlcipher3.Connection, path: Path) -> None:
    """A keyed connection's file is whole and holds our schema (``sqlcipher3.DatabaseError``)."""
    _check_not_truncated(connection, path)
    _check_holds_a_journal(connection)


def _check_not_truncated(connection: sqlcipher3.Connection, path: Path) -> None:
    if wal_has_pages(path):
        return  # pages may legitimately live only in the WAL until the next checkpoint
    page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(connection.execute("PRAGMA page_count").fetchone()[0])
    if page_count == 0 or path.stat().st_size < page_size * page_count:
        raise sqlcipher3.DatabaseError("database file is shorter than its header says")


def _check_holds_a_journal(connection: sqlcipher3.Connection) -> None:
    """A keyed database with no schema of ours (version 0, no entries table) is not a journal."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    tables = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
    ).fetchone()[0]
    if version < 1 or not tables:
        raise sqlcipher3.DatabaseError("the database holds no journal")


_REQUIRED_SETTINGS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "temp_store": 2,  # MEMORY: with FILE, SQLCipher could spill plaintext into temp files
    "foreign_keys": 1,
}


def _apply_settings(connection: sqlcipher3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    for name, expected in _REQUIRED_SETTINGS.items():
        actual = connection.execute(f"PRAGMA {name}").fetchone()[0]
        if actual != expected:
            raise JournalError(f"Could not set up the journal safely ({name} is {actual}).")


# --------------------------------------------------------------------------- errors in plain words


def raise_write_failure(error: sqlcipher3.Error, folder: Path | None = None) -> None:
    """Turn SQLite's "disk is full", "readonly database" and "disk I/O error" into errors a person
    can act on (a read-only file names the file and the fix)."""
    message = str(error).lower()
    if "database or disk is full" in message:
        raise DiskFull() from error
    if "readonly database" in message:
        raise CantWriteHere(folder) from error
    if "disk i/o error" in message:
        raise WriteFailed() from error


_DAMAGE_SIGNS = ("malformed", "not a database", "hmac")


def is_damage(error: BaseException) -> bool:
    """Whether an SQLite error means a page failed to decrypt or parse."""
    return isinstance(error, sqlcipher3.DatabaseError) and any(
        sign in str(error).lower() for sign in _DAMAGE_SIGNS
    )


def damaged_journal(folder: Path) -> DamagedJournal:
    return DamagedJournal(
        f"Part of the journal in {folder} is damaged and can't be read. It was left exactly "
        "as it is; a backup can bring the journal back."
    )


def raise_if_damaged(error: sqlcipher3.DatabaseError, folder: Path) -> None:
    """A page that fails to decrypt or parse means a damaged file, not a programming error."""
    if is_damage(error):
        raise damaged_journal(folder) from None


def write_keyed_copy(source: Path, master_key: bytes, target: Path) -> None:
    """Export the journal database ``source`` into a new file under the same key, renamed into
    place when whole: ``sqlcipher_export`` on a connection of its own, never a file copy."""
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        export_copy(source, master_key, partial, master_key)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    os.replace(partial, target)


def integrity_findings(connection: sqlcipher3.Connection) -> list[str]:
    """SQLCipher's page check and SQLite's full check; an empty list means healthy."""
    problems: list[str] = []
    for statement in ("PRAGMA cipher_integrity_check", "PRAGMA integrity_check"):
        try:
            rows = connection.execute(statement).fetchall()
        except sqlcipher3.DatabaseError as error:
            # A damaged page can make the check itself fail ("database disk image is
            # malformed"); that is a finding to report, not a crash.
            problems.append(str(error))
            continue
        problems.extend(str(message) for (message,) in rows if message != "ok")
    return problems
