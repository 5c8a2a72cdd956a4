"""The key file: the journal's random master key, wrapped by the passphrase and by a recovery key.

The database is encrypted with a random 256-bit master key used as a raw SQLCipher key, so opening
the database itself is instant. The master key is stored twice in ``journal.key``:

* wrapped with a key derived from the passphrase by Argon2id (parameters kept in the file, so they
  can be raised later without breaking older journals);
* wrapped with a key derived from the recovery key, a high-entropy code shown once at creation.

Wrapping is libsodium's secretbox (XSalsa20-Poly1305), so a wrong passphrase is detected as an
authentication failure before the database is ever touched.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils

from journal_app.storage.errors import (
    DamagedJournal,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.files import atomic_write_bytes

KEYFILE_FORMAT = "between-sessions-keyfile"
KEYFILE_VERSION = 1
MASTER_KEY_BYTES = 32

# Crockford's base32 alphabet: no I, L, O or U, so a handwritten key can't be misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 6
RECOVERY_GROUP_SIZE = 5  # 30 characters x 5 bits = 150 bits of entropy
_RECOVERY_PERSONAL = b"bs-recovery-key1"  # 16 bytes, domain-separates BLAKE2b


# Upper bounds for the cost read from a key file: a tampered or damaged file must not make unlock
# hang for hours or ask for more memory than a laptop has. libsodium's "sensitive" preset is 4
# passes and 1 GiB; these leave room above it.
MAXIMUM_OPSLIMIT = 16
MAXIMUM_MEMLIMIT = 1024 * 1024 * 1024
# libsodium's Argon2id always runs one lane; the file records it so nothing else is ever assumed.
ARGON2_PARALLELISM = 1


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: 3 to 16 passes and 64 MiB to 1 GiB of memory.

    The floor is the journal's security promise; the ceiling keeps a damaged key file from
    turning unlock into a hang.
    """

    opslimit: int = 3
    memlimit: int = 128 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.opslimit < 3 or self.memlimit < 64 * 1024 * 1024:
            raise ValueError("Argon2id needs at least 3 passes and 64 MiB of memory.")
        if self.opslimit > MAXIMUM_OPSLIMIT or self.memlimit > MAXIMUM_MEMLIMIT:
            raise ValueError("Argon2id is limited to 16 passes and 1 GiB of memory.")


DEFAULT_KDF = KdfParams()
MINIMUM_KDF = KdfParams(opslimit=3, memlimit=64 * 1024 * 1024)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so the same passphrase typed on different systems gives the same bytes."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def generate_recovery_key() -> str:
    raw = "".join(
        secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)
    )
    return format_recovery_key(raw)


def format_recovery_key(text: str) -> str:
    compact = canonical_recovery_key(text)
    groups = [
        compact[i : i + RECOVERY_GROUP_SIZE] for i in range(0, len(compact), RECOVERY_GROUP_SIZE)
    ]
    return "-".join(groups)


def canonical_recovery_key(text: str) -> str:
    """Forgive how people copy keys: case, spaces, dashes, and O/I/L typed for 0/1/1."""
    cleaned = text.upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return "".join(ch for ch in cleaned if ch in RECOVERY_ALPHABET)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return bytes(
        nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            normalize_passphrase(passphrase),
            salt,
            opslimit=params.opslimit,
            memlimit=params.memlimit,
        )
    )


def _recovery_wrapping_key(recovery_key: str, salt: bytes) -> bytes:
    # The recovery key carries 150 random bits, so a keyed hash is enough; no slow KDF needed.
    return bytes(
        nacl.hash.blake2b(
            canonical_recovery_key(recovery_key).encode("ascii"),
            digest_size=nacl.secret.SecretBox.KEY_SIZE,
            salt=salt,
            person=_RECOVERY_PERSONAL,
            encoder=nacl.encoding.RawEncoder,
        )
    )


def _wrap(wrapping_key: bytes, master_key: bytes) -> str:
    return _b64(bytes(nacl.secret.SecretBox(wrapping_key).encrypt(master_key)))


def _unwrap(wrapping_key: bytes, wrapped: str) -> bytes:
    return bytes(nacl.secret.SecretBox(wrapping_key).decrypt(_unb64(wrapped)))


@dataclass(frozen=True)
class KeyFile:
    """The parsed contents of ``journal.key``. Holds no secret in the clear."""

    journal_id: str
    kdf: KdfParams
    passphrase_salt: bytes
    wrapped_by_passphrase: str
    recovery_salt: bytes
    wrapped_by_recovery: str

    @classmethod
    def new(cls, master_key: bytes, passphrase: str, recovery_key: str, kdf: KdfParams) -> KeyFile:
        passphrase_salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        recovery_salt = nacl.utils.random(nacl.hash.BLAKE2B_SALTBYTES)
        return cls(
            journal_id=secrets.token_hex(16),
            kdf=kdf,
            passphrase_salt=passphrase_salt,
            wrapped_by_passphrase=_wrap(
                _passphrase_key(passphrase, passphrase_salt, kdf), master_key
            ),
            recovery_salt=recovery_salt,
            wrapped_by_recovery=_wrap(
                _recovery_wrapping_key(recovery_key, recovery_salt), master_key
            ),
        )

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        try:
            return _unwrap(
                _passphrase_key(passphrase, self.passphrase_salt, self.kdf),
                self.wrapped_by_passphrase,
            )
        except nacl.exceptions.CryptoError:
            raise WrongPassphrase() from None

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        try:
            return _unwrap(
                _recovery_wrapping_key(recovery_key, self.recovery_salt), self.wrapped_by_recovery
            )
        except nacl.exceptions.CryptoError:
            raise WrongRecoveryKey() from None

    def with_passphrase(self, master_key: bytes, passphrase: str, kdf: KdfParams) -> KeyFile:
        """A copy whose passphrase wrapping is redone with a fresh salt (and maybe new cost)."""
        salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        return KeyFile(
            journal_id=self.journal_id,
            kdf=kdf,
            passphrase_salt=salt,
            wrapped_by_passphrase=_wrap(_passphrase_key(passphrase, salt, kdf), master_key),
            recovery_salt=self.recovery_salt,
            wrapped_by_recovery=self.wrapped_by_recovery,
        )

    def with_recovery_key(self, master_key: bytes, recovery_key: str) -> KeyFile:
        salt = nacl.utils.random(nacl.hash.BLAKE2B_SALTBYTES)
        return KeyFile(
            journal_id=self.journal_id,
            kdf=self.kdf,
            passphrase_salt=self.passphrase_salt,
            wrapped_by_passphrase=self.wrapped_by_passphrase,
            recovery_salt=salt,
            wrapped_by_recovery=_wrap(_recovery_wrapping_key(recovery_key, salt), master_key),
        )

    def to_json(self) -> bytes:
        document: dict[str, Any] = {
            "format": KEYFILE_FORMAT,
            "version": KEYFILE_VERSION,
            "journal_id": self.journal_id,
            "passphrase": {
                "kdf": "argon2id",
                "opslimit": self.kdf.opslimit,
                "memlimit": self.kdf.memlimit,
                "parallelism": ARGON2_PARALLELISM,
                "salt": _b64(self.passphrase_salt),
                "wrapped_master_key": self.wrapped_by_passphrase,
            },
            "recovery": {
                "kdf": "blake2b",
                "salt": _b64(self.recovery_salt),
                "wrapped_master_key": self.wrapped_by_recovery,
            },
            "cipher": "xsalsa20-poly1305 (libsodium secretbox)",
        }
        return (json.dumps(document, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, source: Path) -> KeyFile:
        try:
            document = json.loads(data.decode("utf-8"))
            if document.get("format") != KEYFILE_FORMAT:
                raise NotAJournal(f"{source.name} is not a Between Sessions key file.")
            if int(document["version"]) > KEYFILE_VERSION:
                raise DamagedJournal(
                    f"{source.name} was written by a newer version of the app. Please update."
                )
            passphrase = document["passphrase"]
            recovery = document["recovery"]
            if int(passphrase.get("parallelism", ARGON2_PARALLELISM)) != ARGON2_PARALLELISM:
                raise ValueError("unsupported Argon2id parallelism")
            return cls(
                journal_id=str(document["journal_id"]),
                kdf=KdfParams(
                    opslimit=int(passphrase["opslimit"]), memlimit=int(passphrase["memlimit"])
                ),
                passphrase_salt=_unb64(passphrase["salt"]),
                wrapped_by_passphrase=str(passphrase["wrapped_master_key"]),
                recovery_salt=_unb64(recovery["salt"]),
                wrapped_by_recovery=str(recovery["wrapped_master_key"]),
            )
        except (NotAJournal, DamagedJournal):
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
            raise DamagedJournal(
                f"The key file {source.name} is damaged, so the journal can't be unlocked. "
                "Nothing was changed. A backup copy of the journal folder can bring it back."
            ) from None

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotAJournal(f"There is no journal in {path.parent}.") from None
        return cls.from_json(data, path)

    def write(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())
