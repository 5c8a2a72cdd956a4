"""The key file: the journal's random master key, wrapped by the passphrase and by a recovery key.

The database is encrypted with a random 256-bit master key used as a raw SQLCipher key, so opening
the database itself is instant. The master key is stored twice in ``journal.key``:

* wrapped with a key derived from the passphrase by Argon2id (parameters kept in the file, so they
  can be raised later without breaking older journals);
* wrapped with a key derived from the recovery key, a high-entropy code shown once at creation.

Wrapping is libsodium's secretbox (XSalsa20-Poly1305), so a wrong passphrase is detected as an
authentication failure before the database is ever touched. The derivation, the wrapping and the
checksum and MAC are in :mod:`journal_app.storage.key_wrapping`; this module reads, heals and
writes the file.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nacl.bindings
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.utils

from journal_app.storage.errors import (
    DamagedJournal,
    JournalError,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.files import atomic_write_bytes
from journal_app.storage.key_wrapping import (
    ARGON2_PARALLELISM,
    WRAPPED_SIZE,
    KdfParams,
    canonical_bytes,
    checksum_of,
    decode_b64,
    encode_b64,
    mac_of,
    passphrase_wrapping_key,
    recovery_wrapping_key,
    unwrap_master_key,
    wrap_master_key,
)

log = logging.getLogger(__name__)

KEYFILE_FORMAT = "between-sessions-keyfile"
KEYFILE_VERSION = 2  # 2: a checksum over the whole file, a MAC keyed from the master key
KEY_FILE_NAME = "journal.key"
SPARE_COPY_SUFFIX = ".copy"


class KeyFileDamaged(DamagedJournal):
    """``journal.key`` (and its spare copy) can't be read: damage, never a wrong passphrase.

    ``intact_copies`` lists key files found intact in the journal's backups, newest first; the
    master key is the same in all of them unless the journal was re-keyed since, so
    :func:`journal_app.storage.restore.repair_key_file_from_backup` can put one back.
    """

    def __init__(self, message: str, intact_copies: tuple[Path, ...] = ()) -> None:
        if intact_copies:
            message += (
                f" An intact copy of the key file is in the backup {intact_copies[0].parent.name}; "
                "it can be put back without restoring the whole journal "
                "(from a terminal: journal-app repair-key)."
            )
        super().__init__(message)
        self.intact_copies = intact_copies


def spare_copy_path(path: Path) -> Path:
    """Where the verified second copy of a key file lives (``journal.key.copy``)."""
    return path.with_name(path.name + SPARE_COPY_SUFFIX)


@dataclass(frozen=True)
class KeyFile:
    """The parsed contents of ``journal.key``. Holds no secret in the clear.

    ``mac`` is None only for key files written before the format had one (version 1); they are
    sealed (given a MAC, a checksum and a spare copy) the first time they are unlocked.
    """

    journal_id: str
    kdf: KdfParams
    passphrase_salt: bytes
    wrapped_by_passphrase: str
    recovery_salt: bytes
    wrapped_by_recovery: str
    mac: str | None = None
    # Where it was read from, and whether the primary file was unreadable (read from the copy).
    path: Path | None = field(default=None, compare=False, repr=False)
    from_spare_copy: bool = field(default=False, compare=False, repr=False)

    @classmethod
    def new(cls, master_key: bytes, passphrase: str, recovery_key: str, kdf: KdfParams) -> KeyFile:
        passphrase_salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        recovery_salt = nacl.utils.random(nacl.hash.BLAKE2B_SALTBYTES)
        return cls(
            journal_id=secrets.token_hex(16),
            kdf=kdf,
            passphrase_salt=passphrase_salt,
            wrapped_by_passphrase=wrap_master_key(
                passphrase_wrapping_key(passphrase, passphrase_salt, kdf), master_key
            ),
            recovery_salt=recovery_salt,
            wrapped_by_recovery=wrap_master_key(
                recovery_wrapping_key(recovery_key, recovery_salt), master_key
            ),
        ).sealed(master_key)

    def sealed(self, master_key: bytes) -> KeyFile:
        """This key file with its MAC computed from ``master_key``."""
        unsealed = replace(self, mac=None)
        return replace(unsealed, mac=mac_of(master_key, canonical_bytes(unsealed._document())))

    def verify(self, master_key: bytes) -> None:
        """Raise :class:`KeyFileDamaged` unless the MAC proves the file is as it was written."""
        if self.mac is None:
            return  # an older key file, from before the MAC; sealed on its first unlock
        expected = mac_of(master_key, canonical_bytes(replace(self, mac=None)._document()))
        if not nacl.bindings.sodium_memcmp(expected.encode(), self.mac.encode()):
            raise KeyFileDamaged(
                "The key file journal.key has been changed or damaged (its seal doesn't match), "
                "so it can't be trusted. Nothing was changed. A backup holds an intact copy."
            )

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        return self._unlock(
            lambda: passphrase_wrapping_key(passphrase, self.passphrase_salt, self.kdf),
            self.wrapped_by_passphrase,
            "passphrase",
            WrongPassphrase,
        )

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        return self._unlock(
            lambda: recovery_wrapping_key(recovery_key, self.recovery_salt),
            self.wrapped_by_recovery,
            "recovery key",
            WrongRecoveryKey,
        )

    def _unlock(
        self,
        wrapping_key: Callable[[], bytes],
        wrapped: str,
        what: str,
        wrong_secret: Callable[[], WrongPassphrase],
    ) -> bytes:
        """Unwrap the master key and check the seal; a failed unwrap is a wrong ``what``.

        The wrapping key is derived inside the ``try``: libsodium reports its own failures as
        crypto errors too, and those have always been treated as a secret that didn't fit.
        """
        try:
            master_key = unwrap_master_key(wrapping_key(), wrapped)
        except nacl.exceptions.CryptoError:
            if self.from_spare_copy:
                raise self._stale_copy_error(what) from None
            raise wrong_secret() from None
        self.verify(master_key)
        return master_key

    def _stale_copy_error(self, what: str) -> KeyFileDamaged:
        # The primary is damaged; the copy may predate a passphrase change. Say both, never
        # just "wrong passphrase".
        return KeyFileDamaged(
            f"The key file journal.key is damaged, and its spare copy didn't open with this {what} "
            "(it may still hold the one you used before your last change). Nothing was changed. "
            "Try your previous passphrase or the recovery key, or put back the key file from a "
            "backup.",
            intact_key_files_in_backups(self.path.parent if self.path else None),
        )

    def after_unlock(self, master_key: bytes) -> KeyFile:
        """Call once unlocked (with the journal's lock held): heal what reading found.

        Verifies the MAC; rewrites ``journal.key`` from its verified copy when the primary was
        damaged; gives an older key file its MAC and checksum; (re)writes a missing or outdated
        spare copy. Returns the key file as now on disk.
        """
        self.verify(master_key)
        sealed = self if self.mac is not None else self.sealed(master_key)
        if self.path is None:
            return sealed
        copy = spare_copy_path(self.path)
        wanted = sealed.to_json()
        try:
            if self.from_spare_copy or _read_or_none(self.path) != wanted:
                atomic_write_bytes(self.path, wanted)
            if _read_or_none(copy) != wanted:
                atomic_write_bytes(copy, wanted)
        except OSError as error:
            # A folder we can't write to (read-only, full) is no reason to refuse the journal;
            # healing is tried again on the next unlock.
            log.warning("Could not rewrite the key file or its spare copy (%s).", error.strerror)
            return replace(sealed, path=self.path, from_spare_copy=self.from_spare_copy)
        return replace(sealed, path=self.path, from_spare_copy=False)

    def with_passphrase(self, master_key: bytes, passphrase: str, kdf: KdfParams) -> KeyFile:
        """A copy whose passphrase wrapping is redone with a fresh salt (and maybe new cost)."""
        salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        return replace(
            self,
            kdf=kdf,
            passphrase_salt=salt,
            wrapped_by_passphrase=wrap_master_key(
                passphrase_wrapping_key(passphrase, salt, kdf), master_key
            ),
        ).sealed(master_key)

    def with_recovery_key(self, master_key: bytes, recovery_key: str) -> KeyFile:
        salt = nacl.utils.random(nacl.hash.BLAKE2B_SALTBYTES)
        return replace(
            self,
            recovery_salt=salt,
            wrapped_by_recovery=wrap_master_key(
                recovery_wrapping_key(recovery_key, salt), master_key
            ),
        ).sealed(master_key)

    def _document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "format": KEYFILE_FORMAT,
            "version": KEYFILE_VERSION,
            "journal_id": self.journal_id,
            "passphrase": {
                "kdf": "argon2id",
                "opslimit": self.kdf.opslimit,
                "memlimit": self.kdf.memlimit,
                "parallelism": ARGON2_PARALLELISM,
                "salt": encode_b64(self.passphrase_salt),
                "wrapped_master_key": self.wrapped_by_passphrase,
            },
            "recovery": {
                "kdf": "blake2b",
                "salt": encode_b64(self.recovery_salt),
                "wrapped_master_key": self.wrapped_by_recovery,
            },
            "cipher": "xsalsa20-poly1305 (libsodium secretbox)",
        }
        if self.mac is not None:
            document["mac"] = self.mac
        return document

    def to_json(self) -> bytes:
        document = self._document()
        document["checksum"] = checksum_of(canonical_bytes(document))
        return (json.dumps(document, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, source: Path) -> KeyFile:
        try:
            document = json.loads(data.decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != KEYFILE_FORMAT:
                raise NotAJournal(f"{source.name} is not a Between Sessions key file.")
            version = int(document["version"])
            if version > KEYFILE_VERSION:
                raise DamagedJournal(
                    f"{source.name} was written by a newer version of the app. Please update."
                )
            checksum = document.get("checksum")
            if (version >= 2 or checksum is not None) and checksum != checksum_of(
                canonical_bytes(document)
            ):
                raise ValueError("checksum mismatch")
            mac = document.get("mac")
            if version >= 2 and not isinstance(mac, str):
                raise ValueError("no MAC")
            passphrase = document["passphrase"]
            recovery = document["recovery"]
            if int(passphrase.get("parallelism", ARGON2_PARALLELISM)) != ARGON2_PARALLELISM:
                raise ValueError("unsupported Argon2id parallelism")
            key_file = cls(
                journal_id=str(document["journal_id"]),
                kdf=KdfParams(
                    opslimit=int(passphrase["opslimit"]), memlimit=int(passphrase["memlimit"])
                ),
                passphrase_salt=decode_b64(passphrase["salt"]),
                wrapped_by_passphrase=str(passphrase["wrapped_master_key"]),
                recovery_salt=decode_b64(recovery["salt"]),
                wrapped_by_recovery=str(recovery["wrapped_master_key"]),
                mac=mac if isinstance(mac, str) else None,
                path=source,
            )
            key_file.check_structure()
            return key_file
        except (NotAJournal, DamagedJournal):
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
            raise KeyFileDamaged(
                f"The key file {source.name} is damaged, so the journal can't be unlocked. "
                "Nothing was changed. A backup copy of the journal folder can bring it back.",
                intact_key_files_in_backups(source.parent),
            ) from None

    def check_structure(self) -> None:
        """Raise ValueError unless salts and both wrappings have the sizes we always write.

        Needs no secret, so ``check`` can vouch for the recovery-key wrapping's shape even without
        the recovery key (the MAC, checked after unlock, vouches for its content).
        """
        if len(self.passphrase_salt) != nacl.pwhash.argon2id.SALTBYTES:
            raise ValueError("passphrase salt")
        if len(self.recovery_salt) != nacl.hash.BLAKE2B_SALTBYTES:
            raise ValueError("recovery salt")
        for wrapped in (self.wrapped_by_passphrase, self.wrapped_by_recovery):
            if len(decode_b64(wrapped)) != WRAPPED_SIZE:
                raise ValueError("wrapped key size")

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        """Read ``journal.key``; if it is damaged, its spare copy (if that is intact).

        Raises :class:`KeyFileDamaged` when neither can be read, naming intact copies found in
        the journal's backups.
        """
        copy = spare_copy_path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if not copy.is_file():
                raise NotAJournal(f"There is no journal in {path.parent}.") from None
            data = b""
        try:
            return cls.from_json(data, path)
        except NotAJournal:
            if data:
                raise
            first_error: DamagedJournal = KeyFileDamaged(
                f"The key file {path.name} is missing.",
                intact_key_files_in_backups(path.parent),
            )
        except DamagedJournal as error:
            if "newer version" in str(error):
                raise
            first_error = error
        try:
            spare = cls.from_json(copy.read_bytes(), path)
        except (OSError, DamagedJournal):
            raise first_error from None
        return replace(spare, from_spare_copy=True)

    def write(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())

    def write_with_copy(self, path: Path) -> None:
        """Write the key file and then its verified spare copy (see :func:`spare_copy_path`)."""
        data = self.to_json()
        atomic_write_bytes(path, data)
        copy = spare_copy_path(path)
        atomic_write_bytes(copy, data)
        if copy.read_bytes() != data:  # pragma: no cover - a disk that lies
            raise OSError("the spare copy of the key file did not read back as written")


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def intact_key_files_in_backups(folder: Path | None) -> tuple[Path, ...]:
    """Key files in ``folder/backups/*/`` that read intact, newest backup first."""
    if folder is None:
        return ()
    backups = folder / "backups"
    if not backups.is_dir():
        return ()
    found: list[Path] = []
    try:
        candidates = sorted((child for child in backups.iterdir() if child.is_dir()), reverse=True)
    except OSError:
        return ()
    for child in candidates:
        if child.name.startswith("."):
            continue
        candidate = child / KEY_FILE_NAME
        try:
            KeyFile.from_json(candidate.read_bytes(), candidate)
        except (OSError, JournalError):
            continue
        found.append(candidate)
    return tuple(found)


__all__ = [
    "KEYFILE_FORMAT",
    "KEY_FILE_NAME",
    "KdfParams",
    "KeyFile",
    "KeyFileDamaged",
    "intact_key_files_in_backups",
    "spare_copy_path",
]
