"""Key derivation, wrapping and the key file's encoding: the cryptography behind ``journal.key``.

The passphrase is stretched with Argon2id (cost limits below); the recovery key, which carries 150
random bits, only needs a keyed BLAKE2b hash. Either result wraps the master key with libsodium's
secretbox (XSalsa20-Poly1305). The key file's checksum and its MAC (keyed from the master key) are
computed over one fixed JSON form of the document. :mod:`journal_app.storage.keyfile` builds the
key file from these pieces.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

import nacl.encoding
import nacl.hash
import nacl.pwhash
import nacl.secret

MASTER_KEY_BYTES = 32
_KEYFILE_MAC_PERSONAL = b"bs-keyfile-mac01"  # 16 bytes, domain-separates the MAC

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


def encode_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_b64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def passphrase_wrapping_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return bytes(
        nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            normalize_passphrase(passphrase),
            salt,
            opslimit=params.opslimit,
            memlimit=params.memlimit,
        )
    )


def recovery_wrapping_key(recovery_key: str, salt: bytes) -> bytes:
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


def wrap_master_key(wrapping_key: bytes, master_key: bytes) -> str:
    return encode_b64(bytes(nacl.secret.SecretBox(wrapping_key).encrypt(master_key)))


def unwrap_master_key(wrapping_key: bytes, wrapped: str) -> bytes:
    return bytes(nacl.secret.SecretBox(wrapping_key).decrypt(decode_b64(wrapped)))


def canonical_bytes(
    document: dict[str, Any], *, leave_out: tuple[str, ...] = ("checksum",)
) -> bytes:
    """The bytes a checksum or MAC covers: every field except ``leave_out``, in a fixed form.

    The checksum covers everything else (the MAC too, so a flip in it is found before unlock);
    the MAC covers everything but itself and the checksum.
    """
    signed = {name: value for name, value in document.items() if name not in leave_out}
    return json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def checksum_of(content: bytes) -> str:
    digest = nacl.hash.blake2b(content, digest_size=32, encoder=nacl.encoding.HexEncoder)
    return f"blake2b-256:{digest.decode('ascii')}"


def mac_of(master_key: bytes, content: bytes) -> str:
    """A MAC keyed from the master key: proves the whole file was written by someone holding it.

    This is what lets ``check`` vouch for the recovery-key wrapping without the recovery key.
    """
    return encode_b64(keyed_digest(master_key, _KEYFILE_MAC_PERSONAL, content))


def keyed_digest(key: bytes, person: bytes, content: bytes) -> bytes:
    """BLAKE2b-256 of ``content`` keyed with ``key``; ``person`` keeps each use's tags apart."""
    return bytes(
        nacl.hash.blake2b(
            content, digest_size=32, key=key, person=person, encoder=nacl.encoding.RawEncoder
        )
    )


# Nonce (24) + Poly1305 tag (16) + the 32-byte master key: the size of every wrapping we write.
WRAPPED_SIZE = nacl.secret.SecretBox.NONCE_SIZE + nacl.secret.SecretBox.MACBYTES + MASTER_KEY_BYTES
