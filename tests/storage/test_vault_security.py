"""The vault's security promises: nothing in the clear, wrong keys change nothing, damage is
refused without touching the files, passphrases and recovery keys behave, files are private."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import journal_app.storage.files as files_module
from journal_app.domain import (
    ArticleLink,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryFilter,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.storage import (
    DEFAULT_KDF,
    MINIMUM_KDF,
    DamagedJournal,
    JournalExists,
    KdfParams,
    NotAJournal,
    Vault,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.key_wrapping import generate_recovery_key
from journal_app.storage.keyfile import KeyFile

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

Snapshot = Callable[[Path], dict[str, str]]


def _without_lock(snapshot: dict[str, str]) -> dict[str, str]:
    """The lock file is rewritten (with the opener's process id) by every open attempt that gets
    past the key file; it holds no journal data, so the damage tests leave it out."""
    return {name: digest for name, digest in snapshot.items() if name != "journal.lock"}


# ------------------------------------------------------------------ nothing in the clear


def _files_containing(
    root: Path, needles: list[bytes], *, modified_since: float = 0.0
) -> list[str]:
    """Files under ``root`` (modified since the given time) that contain any of ``needles``."""
    found: list[str] = []
    for directory, _subdirs, names in os.walk(root, onerror=lambda _error: None):
        for name in names:
            path = Path(directory) / name
            try:
                info = path.lstat()
                if not stat.S_ISREG(info.st_mode) or info.st_mtime < modified_since:
                    continue
                if info.st_size > 256 * 1024 * 1024:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                found.append(str(path))
    return found


def test_journal_text_never_reaches_disk_in_the_clear(journal_dir: Path, passphrase: str) -> None:
    marker = "zqmarker" + secrets.token_hex(6)  # lowercase: FTS5 stores folded tokens
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.upper().encode()]
    started = time.time() - 2

    vault, _recovery_key = Vault.create(journal_dir, passphrase, kdf=MINIMUM_KDF)
    try:
        session = vault.entries.add(
            Entry.new(
                EntryKind.SESSION,
                title=f"title {marker}",
                body=f"body {marker} body",
                details=SessionNoteDetails(
                    therapist=f"Dr {marker}",
                    talked_about=marker,
                    noticed_felt=marker,
                    insights=marker,
                    homework=marker,
                ),
                tags=(f"tag{marker}", marker),
                questions=(Question(text=f"question {marker}?"),),
                links=(ArticleLink(article_slug="how-to-cry", quote=f"quote {marker}"),),
            )
        )
        block = vault.entries.add(
            Entry.new(
                EntryKind.BLOCK,
                details=EmotionalBlockDetails(
                    blocked=(BlockType.OTHER,),
                    blocked_other=marker,
                    what_was_happening=marker,
                    what_helped=marker,
                ),
            )
        )
        assert session.id is not None and block.id is not None
        vault.questions.add(block.id, f"another {marker}")
        vault.links.add(block.id, ArticleLink(article_slug="numbness", quote=marker))
        vault.entries.update(block.with_changes(title=f"edited {marker}", body=marker))
        vault.articles.save(f"slug-{marker}", f"document {marker}")
        # Searching for it must find it (so the marker really is in the journal)…
        assert {hit.entry_id for hit in vault.search.entries(marker)} == {session.id, block.id}
        assert vault.entries.count(EntryFilter(text=marker, tags=frozenset({marker}))) == 1
        assert vault.integrity_problems() == []

        # …and while the vault is open the write-ahead log really holds the new pages.
        wal = journal_dir / "journal.db-wal"
        assert wal.exists() and wal.stat().st_size > 0
        assert (journal_dir / "journal.db-shm").exists()
        assert _files_containing(journal_dir, needles) == []
    finally:
        vault.close()

    assert (journal_dir / "journal.db").stat().st_size > 0
    assert _files_containing(journal_dir, needles) == []
    assert _files_containing(Path(tempfile.gettempdir()), needles, modified_since=started) == []


# ------------------------------------------------------------------ wrong keys change nothing


@pytest.mark.parametrize(
    "wrong",
    ["wrong passphrase", "", "correct horse battery staple "],
)
def test_wrong_passphrase_changes_nothing(
    closed_journal: Any,
    wrong: str,
    folder_snapshot: Snapshot,
) -> None:
    folder = closed_journal.folder
    before = folder_snapshot(folder)
    with pytest.raises(WrongPassphrase) as caught:
        Vault.open(folder, wrong)
    assert not isinstance(caught.value, WrongRecoveryKey)
    assert "Nothing was changed" in str(caught.value)
    assert folder_snapshot(folder) == before
    # The lock was not left behind (the recovery key opens without a slow key derivation).
    Vault.open_with_recovery_key(folder, closed_journal.recovery_key).close()


@pytest.mark.parametrize("wrong", ["valid-looking", "", "hello", "0000000000"])
def test_wrong_recovery_key_changes_nothing(
    closed_journal: Any,
    wrong: str,
    folder_snapshot: Snapshot,
) -> None:
    folder = closed_journal.folder
    if wrong == "valid-looking":
        wrong = generate_recovery_key()
    before = folder_snapshot(folder)
    with pytest.raises(WrongRecoveryKey):
        Vault.open_with_recovery_key(folder, wrong)
    assert folder_snapshot(folder) == before
    Vault.open_with_recovery_key(folder, closed_journal.recovery_key).close()


def test_wrong_passphrase_while_open_changes_nothing(
    created: Any,
    folder_snapshot: Snapshot,
) -> None:
    vault, journal = created
    vault.entries.add(Entry.new(EntryKind.REFLECTION, body="x"))
    before = folder_snapshot(journal.folder)
    with pytest.raises(WrongPassphrase):
        Vault.open(journal.folder, "nope")
    assert folder_snapshot(journal.folder) == before


# ------------------------------------------------------------------ damaged journals


TEMPLATE_PASSPHRASE = "template passphrase"


@pytest.fixture(scope="module")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A closed journal with enough entries to span many database pages, and its recovery key."""
    folder = tmp_path_factory.mktemp("template") / "journal"
    vault, recovery_key = Vault.create(folder, TEMPLATE_PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        for number in range(40):
            vault.entries.add(
                Entry.new(EntryKind.REFLECTION, title=f"entry {number}", body="words " * 400)
            )
    assert not (folder / "journal.db-wal").exists()
    return folder, recovery_key


@pytest.fixture
def populated(populated_template: tuple[Path, str], tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "journal"
    shutil.copytree(populated_template[0], folder)
    yield folder


@pytest.fixture
def populated_recovery_key(populated_template: tuple[Path, str]) -> str:
    return populated_template[1]


def _flip(position: int) -> Callable[[bytes], bytes]:
    def damage(data: bytes) -> bytes:
        return data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]

    return damage


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "zero-length": lambda data: b"",
    "truncated-to-half": lambda data: data[: len(data) // 2],
    "truncated-to-odd-size": lambda data: data[: len(data) // 2 + 1234],
    "truncated-to-one-page": lambda data: data[:4096],
    "truncated-by-a-few-bytes": lambda data: data[:-7],
    "random-garbage": lambda data: os.urandom(len(data)),
    "short-garbage": lambda data: os.urandom(100),
    "plain-text": lambda data: b"Dear diary,\n" * 1000,
    "flipped-byte-5-salt": _flip(5),
    "flipped-byte-100": _flip(100),
    "flipped-byte-2000": _flip(2000),
    "flipped-byte-4095": _flip(4095),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_database_is_refused_and_left_untouched(
    populated: Path, populated_recovery_key: str, damage: str, folder_snapshot: Snapshot
) -> None:
    database = populated / "journal.db"
    original = database.read_bytes()
    assert len(original) > 40 * 4096
    damaged = DAMAGE[damage](original)
    database.write_bytes(damaged)
    before = folder_snapshot(populated)

    with pytest.raises(DamagedJournal) as caught:
        Vault.open(populated, TEMPLATE_PASSPHRASE)
    assert not isinstance(caught.value, NotAJournal)
    assert "left" in str(caught.value)
    # Byte-identical, and no -wal or -shm left over.
    assert _without_lock(folder_snapshot(populated)) == _without_lock(before)
    assert database.read_bytes() == damaged

    # The failed open released everything: a second try gives the same answer, not JournalBusy.
    with pytest.raises(DamagedJournal):
        Vault.open_with_recovery_key(populated, populated_recovery_key)
    assert _without_lock(folder_snapshot(populated)) == _without_lock(before)


def test_database_of_another_journal_is_refused(
    populated: Path, tmp_path: Path, folder_snapshot: Snapshot
) -> None:
    other, _ = Vault.create(tmp_path / "other", TEMPLATE_PASSPHRASE, kdf=MINIMUM_KDF)
    other.close()
    shutil.copy2(tmp_path / "other" / "journal.key", populated / "journal.key")
    before = folder_snapshot(populated)
    with pytest.raises(DamagedJournal):
        Vault.open(populated, TEMPLATE_PASSPHRASE)
    assert _without_lock(folder_snapshot(populated)) == _without_lock(before)


def test_integrity_problems_reports_a_damaged_page_instead_of_raising(populated: Path) -> None:
    database = populated / "journal.db"
    data = database.read_bytes()
    database.write_bytes(_flip(len(data) // 2)(data))  # a page in the middle: open succeeds
    with Vault.open(populated, TEMPLATE_PASSPHRASE) as vault:
        problems = vault.integrity_problems()
    assert problems
    assert any("HMAC" in problem for problem in problems)


@pytest.mark.parametrize(
    "key_file_text",
    [b"", b"not json", b"{}", b'{"format": "between-sessions-keyfile"}', b"\xff\xfe\x00"],
)
def test_damaged_key_file_is_refused_and_left_untouched(
    populated: Path, key_file_text: bytes, folder_snapshot: Snapshot
) -> None:
    # Both the key file and its spare copy (with only one damaged, the copy opens the journal).
    (populated / "journal.key").write_bytes(key_file_text)
    (populated / "journal.key.copy").write_bytes(key_file_text)
    before = folder_snapshot(populated)
    with pytest.raises(DamagedJournal):
        Vault.open(populated, TEMPLATE_PASSPHRASE)
    with pytest.raises(DamagedJournal):
        Vault.open_with_recovery_key(populated, generate_recovery_key())
    assert folder_snapshot(populated) == before


def test_key_file_of_another_program_is_not_a_journal(populated: Path) -> None:
    (populated / "journal.key").write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(NotAJournal):
        Vault.open(populated, TEMPLATE_PASSPHRASE)


def test_missing_key_file_is_not_a_journal(populated: Path, folder_snapshot: Snapshot) -> None:
    (populated / "journal.key").unlink()
    (populated / "journal.key.copy").unlink()
    before = folder_snapshot(populated)
    with pytest.raises(NotAJournal):
        Vault.open(populated, TEMPLATE_PASSPHRASE)
    with pytest.raises(NotAJournal):
        Vault.open_with_recovery_key(populated, generate_recovery_key())
    assert folder_snapshot(populated) == before


def test_empty_or_missing_folder_is_not_a_journal(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NotAJournal):
        Vault.open(empty, "anything")
    with pytest.raises(NotAJournal):
        Vault.open_with_recovery_key(empty, generate_recovery_key())
    assert list(empty.iterdir()) == []

    missing = tmp_path / "missing"
    with pytest.raises(NotAJournal):
        Vault.open(missing, "anything")
    assert not missing.exists()

    a_file = tmp_path / "file.txt"
    a_file.write_text("hello")
    with pytest.raises(NotAJournal):
        Vault.open(a_file, "anything")


def test_open_never_creates_a_missing_database(
    populated: Path, populated_recovery_key: str
) -> None:
    (populated / "journal.db").unlink()
    names_before = sorted(p.name for p in populated.iterdir())
    with pytest.raises(DamagedJournal):
        Vault.open(populated, TEMPLATE_PASSPHRASE)
    with pytest.raises(DamagedJournal):
        Vault.open_with_recovery_key(populated, populated_recovery_key)
    assert not (populated / "journal.db").exists()
    assert sorted(p.name for p in populated.iterdir()) == names_before


def test_create_refuses_an_existing_journal(closed_journal: Any, folder_snapshot: Snapshot) -> None:
    before = folder_snapshot(closed_journal.folder)
    with pytest.raises(JournalExists):
        Vault.create(closed_journal.folder, "another", kdf=MINIMUM_KDF)
    assert folder_snapshot(closed_journal.folder) == before


def test_create_needs_a_passphrase(journal_dir: Path) -> None:
    with pytest.raises(ValueError):
        Vault.create(journal_dir, "", kdf=MINIMUM_KDF)
    assert not journal_dir.exists() or list(journal_dir.iterdir()) == []


# ------------------------------------------------------------------ passphrases


@pytest.mark.parametrize(
    "passphrase",
    [
        "it's a \"quoted\" 'passphrase'",
        "  spaces around  and   inside  ",
        "x'00'; PRAGMA key = '",
        "ü" * 300 + "a" * 424,  # 1024 characters, well over 1 KB of UTF-8
        "Grüße aus Köln – ça va? 日本語 🔑",
        "\t\ttabs\tand\nnewline",
    ],
    ids=["quotes", "spaces", "sql-ish", "1kb", "non-ascii", "whitespace"],
)
def test_unusual_passphrases_round_trip(journal_dir: Path, passphrase: str) -> None:
    vault, _ = Vault.create(journal_dir, passphrase, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept"))
    with Vault.open(journal_dir, passphrase) as reopened:
        assert [s.title for s in reopened.entries.summaries()] == ["kept"]
    with pytest.raises(WrongPassphrase):
        Vault.open(journal_dir, passphrase[:-1])


def test_nfc_and_nfd_forms_open_the_same_journal(journal_dir: Path) -> None:
    composed = unicodedata.normalize("NFC", "café crème")
    decomposed = unicodedata.normalize("NFD", "café crème")
    assert composed != decomposed
    vault, _ = Vault.create(journal_dir, decomposed, kdf=MINIMUM_KDF)
    vault.close()
    Vault.open(journal_dir, composed).close()
    Vault.open(journal_dir, decomposed).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(journal_dir, "cafe crème")


# ------------------------------------------------------------------ recovery keys


def test_recovery_key_opens_the_journal_however_it_is_typed(closed_journal: Any) -> None:
    key = closed_journal.recovery_key
    assert len(key.split("-")) == 6 and all(len(group) == 5 for group in key.split("-"))
    typed_variants = [
        key,
        key.lower(),
        key.lower().replace("-", " "),
        "  " + key.replace("-", "") + "\n",
    ]
    for typed in typed_variants:
        with Vault.open_with_recovery_key(closed_journal.folder, typed) as vault:
            assert vault.schema_version >= 1


def test_resetting_the_passphrase_with_the_recovery_key(closed_journal: Any) -> None:
    folder = closed_journal.folder
    with Vault.open(folder, closed_journal.passphrase) as vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="before the reset"))
    with Vault.open_with_recovery_key(folder, closed_journal.recovery_key) as vault:
        vault.change_passphrase("my brand new passphrase")
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, closed_journal.passphrase)
    with Vault.open(folder, "my brand new passphrase") as vault:
        assert [s.title for s in vault.entries.summaries()] == ["before the reset"]
    # The recovery key itself keeps working after a passphrase reset.
    Vault.open_with_recovery_key(folder, closed_journal.recovery_key).close()


def test_new_recovery_key_invalidates_the_old_one(closed_journal: Any) -> None:
    folder = closed_journal.folder
    with Vault.open(folder, closed_journal.passphrase) as vault:
        new_key = vault.new_recovery_key()
    assert new_key != closed_journal.recovery_key
    with pytest.raises(WrongRecoveryKey):
        Vault.open_with_recovery_key(folder, closed_journal.recovery_key)
    Vault.open_with_recovery_key(folder, new_key).close()
    Vault.open(folder, closed_journal.passphrase).close()


# ------------------------------------------------------------------ changing the passphrase


@posix_only
def test_change_passphrase_writes_the_key_file_atomically(
    created: Any, default_umask: None
) -> None:
    vault, journal = created
    key_path = journal.folder / "journal.key"
    journal_id = KeyFile.read(key_path).journal_id
    old_inode = key_path.stat().st_ino

    vault.change_passphrase("second passphrase")
    assert [p.name for p in journal.folder.iterdir() if p.name.endswith(".partial")] == []
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert key_path.stat().st_ino != old_inode  # replaced by rename, not rewritten in place
    assert KeyFile.read(key_path).journal_id == journal_id
    vault.close()

    with pytest.raises(WrongPassphrase):
        Vault.open(journal.folder, journal.passphrase)
    Vault.open(journal.folder, "second passphrase").close()


def test_change_passphrase_failing_midway_keeps_the_old_key_file(
    created: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault, journal = created
    key_path = journal.folder / "journal.key"
    before = key_path.read_bytes()

    def failing_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        vault.change_passphrase("never saved")
    monkeypatch.undo()

    assert key_path.read_bytes() == before
    assert [p.name for p in journal.folder.iterdir() if p.name.endswith(".partial")] == []
    vault.close()
    Vault.open(journal.folder, journal.passphrase).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(journal.folder, "never saved")


def test_change_passphrase_can_raise_the_cost(created: Any) -> None:
    vault, journal = created
    stronger = KdfParams(opslimit=4, memlimit=MINIMUM_KDF.memlimit)
    vault.change_passphrase("stronger", kdf=stronger)
    assert vault.kdf == stronger
    vault.close()
    assert KeyFile.read(journal.folder / "journal.key").kdf == stronger
    Vault.open(journal.folder, "stronger").close()


def test_change_passphrase_refuses_an_empty_one(created: Any) -> None:
    vault, journal = created
    before = (journal.folder / "journal.key").read_bytes()
    with pytest.raises(ValueError):
        vault.change_passphrase("")
    assert (journal.folder / "journal.key").read_bytes() == before


def test_default_key_derivation_is_strong_and_recorded(journal_dir: Path) -> None:
    assert DEFAULT_KDF.memlimit >= 64 * 1024 * 1024 and DEFAULT_KDF.opslimit >= 3
    vault, _ = Vault.create(journal_dir, "default cost")
    with vault:
        assert vault.kdf == DEFAULT_KDF
    document = json.loads((journal_dir / "journal.key").read_text("utf-8"))
    recorded = document["passphrase"]
    assert recorded["kdf"] == "argon2id"
    assert recorded["memlimit"] == DEFAULT_KDF.memlimit >= 64 * 1024 * 1024
    assert recorded["opslimit"] == DEFAULT_KDF.opslimit >= 3
    assert "default cost" not in (journal_dir / "journal.key").read_text("utf-8")
    Vault.open(journal_dir, "default cost").close()


# ------------------------------------------------------------------ connection settings, modes


def _assert_safe_settings(vault: Vault) -> None:
    assert vault.pragma("journal_mode") == "wal"
    assert vault.pragma("synchronous") == 2  # FULL
    assert vault.pragma("temp_store") == 2  # MEMORY
    assert vault.pragma("foreign_keys") == 1
    assert vault.pragma("cipher_version")  # really SQLCipher, not plain SQLite


def test_connection_settings_of_a_new_and_a_reopened_journal(
    closed_journal: Any, tmp_path: Path
) -> None:
    fresh, _ = Vault.create(tmp_path / "fresh", "settings", kdf=MINIMUM_KDF)
    with fresh:
        _assert_safe_settings(fresh)
        with pytest.raises(ValueError):
            fresh.pragma("key = 'x'")
    with Vault.open(closed_journal.folder, closed_journal.passphrase) as reopened:
        _assert_safe_settings(reopened)


def _modes(folder: Path) -> dict[str, int]:
    return {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}


@posix_only
def test_journal_files_are_private(journal_dir: Path, tmp_path: Path, default_umask: None) -> None:
    vault, _ = Vault.create(journal_dir, "modes", kdf=MINIMUM_KDF)
    try:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, body="x"))
        modes = _modes(journal_dir)
        assert {"journal.db", "journal.key", "journal.lock", "journal.db-wal"} <= set(modes)
        assert modes == {name: 0o600 for name in modes}
        assert stat.S_IMODE(journal_dir.stat().st_mode) == 0o700

        backup = vault.backup_to(tmp_path / "backup")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o700
        assert _modes(backup) == {"journal.db": 0o600, "journal.key": 0o600}
    finally:
        vault.close()
    modes = _modes(journal_dir)
    assert modes == {name: 0o600 for name in modes}

    with Vault.open(journal_dir, "modes") as reopened:
        reopened.entries.add(Entry.new(EntryKind.REFLECTION, body="y"))
        modes = _modes(journal_dir)
        assert "journal.db-wal" in modes
        assert modes == {name: 0o600 for name in modes}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_default_umask_fixture_really_is_permissive(tmp_path: Path, default_umask: None) -> None:
    probe = tmp_path / "probe"
    probe.write_text("x")
    assert stat.S_IMODE(probe.stat().st_mode) == 0o644


def test_a_damaged_page_read_later_is_a_damaged_journal_not_a_crash(tmp_path: Path) -> None:
    """Damage past page 1 opens fine; the first read that hits it says so in plain words."""
    import sqlcipher3

    from journal_app.storage import DamagedJournal
    from journal_app.storage.connection import raise_if_damaged

    with pytest.raises(DamagedJournal, match="damaged"):
        raise_if_damaged(sqlcipher3.DatabaseError("database disk image is malformed"), tmp_path)
    # Anything else (an FTS syntax complaint, say) is not mistaken for damage.
    raise_if_damaged(sqlcipher3.OperationalError("fts5: syntax error near"), tmp_path)


def _loose_modes(root: Path) -> dict[str, int]:
    """Everything under ``root`` whose mode lets anyone but the owner in (files 0600, dirs 0700)."""
    loose: dict[str, int] = {}
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            loose[str(path.relative_to(root))] = mode
    return loose


@posix_only
def test_every_file_backups_and_restores_create_is_private(
    journal_dir: Path, tmp_path: Path, default_umask: None
) -> None:
    from journal_app.storage.backups import make_backup
    from journal_app.storage.restore import restore

    vault, _ = Vault.create(journal_dir, "modes", kdf=MINIMUM_KDF)
    try:
        first = make_backup(vault)
        elsewhere = make_backup(vault, tmp_path / "chosen")
    finally:
        vault.close()
    restore(journal_dir, first.path, "modes")
    assert _loose_modes(journal_dir) == {}
    assert _loose_modes(elsewhere.path) == {}
