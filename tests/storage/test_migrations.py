"""Schema versions: old journals open and migrate (after a backup), newer ones are refused."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

import journal_app.storage.migrating as migrating_module
from journal_app.domain import (
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryFilter,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
)
from journal_app.storage import JournalBusy, JournalError, NewerJournal, Vault
from journal_app.storage.schema import LATEST_VERSION, MIGRATIONS

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "journal-v1"
FIXTURE_PASSPHRASE = "fixture passphrase – v1"
FIXTURE_RECOVERY_KEY = "JWHDS-YQGRJ-1X7SF-D94R1-2HJPB-CBZ0Q"
FIXTURE_V2 = Path(__file__).resolve().parents[1] / "fixtures" / "journal-v2"
FIXTURE_V2_PASSPHRASE = "fixture passphrase – v2"

RawConnect = Callable[..., sqlcipher3.Connection]
Snapshot = Callable[[Path], dict[str, str]]


def _user_version(raw_connect: RawConnect, folder: Path, passphrase: str) -> int:
    connection = raw_connect(folder, passphrase)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def _tables(raw_connect: RawConnect, folder: Path, passphrase: str) -> set[str]:
    connection = raw_connect(folder, passphrase)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(name) for (name,) in rows}
    finally:
        connection.close()


def _backups(folder: Path) -> list[Path]:
    backups = folder / "backups"
    return sorted(backups.iterdir()) if backups.exists() else []


def _data_files(snapshot: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in snapshot.items() if name != "journal.lock"}


def test_schema_numbering_is_consistent(vault: Vault) -> None:
    assert LATEST_VERSION == len(MIGRATIONS) >= 1
    assert vault.schema_version == LATEST_VERSION


# ------------------------------------------------------------------ the v1 fixture


@pytest.fixture
def journal_v1(tmp_path: Path) -> Path:
    folder = tmp_path / "journal-v1"
    folder.mkdir()
    for name in ("journal.db", "journal.key"):
        shutil.copyfile(FIXTURE_V1 / name, folder / name)
    return folder


def test_fixture_is_a_closed_v1_journal(raw_database: RawConnect) -> None:
    assert sorted(p.name for p in FIXTURE_V1.iterdir()) == ["journal.db", "journal.key"]
    assert _user_version(raw_database, FIXTURE_V1, FIXTURE_PASSPHRASE) == 1
    assert not (FIXTURE_V1 / "journal.db-wal").exists()


def test_v1_fixture_opens_and_reads_back(
    journal_v1: Path, raw_database: RawConnect, folder_snapshot: Snapshot
) -> None:
    fixture_before = folder_snapshot(FIXTURE_V1)
    with Vault.open(journal_v1, FIXTURE_PASSPHRASE) as vault:
        assert vault.schema_version == LATEST_VERSION
        assert vault.integrity_problems() == []
        summaries = vault.entries.summaries()
        assert [(s.kind, s.title) for s in summaries] == [
            (EntryKind.SESSION, ""),
            (EntryKind.REFLECTION, "A walk by the river"),
            (EntryKind.BLOCK, "At the funeral"),
            (EntryKind.SESSION, "Session with Dr. Ruiz"),
        ]
        session, reflection, block = (
            vault.entries.get(vault.entries.id_for_uid(uid) or 0)
            for uid in ("fixture-session-1", "fixture-reflection-1", "fixture-block-1")
        )

        assert session.occurred_at == datetime(2026, 3, 2, 18, 30, tzinfo=UTC)
        assert session.body.startswith("We talked about **my father**")
        assert session.details == SessionNoteDetails(
            therapist="Dr. Ana Ruiz",
            talked_about="My father; the dinner table",
            noticed_felt="Tight chest, then relief",
            insights="I wait for permission to feel",
            homework="Write the letter I won't send",
        )
        assert session.tags == ("father", "Anger")
        assert [(q.text, q.resolved_on) for q in session.questions] == [
            ("Why do I apologise for crying?", None),
            ("Is anger allowed in here?", date(2026, 3, 9)),
        ]
        (link,) = session.links
        assert (link.article_slug, link.comment_id, link.quote) == (
            "how-to-cry-in-therapy",
            "c07",
            "I could feel it but it would not come",
        )

        assert block.details == EmotionalBlockDetails(
            setting=BlockSetting.WITH_SOMEONE,
            blocked=(BlockType.COULDNT_CRY, BlockType.OTHER),
            blocked_other="I organised the chairs instead",
            feeling_intensity=9,
            block_intensity=8,
            what_was_happening="The eulogy for my aunt",
            what_helped="Sitting in the car afterwards",
        )
        assert [ln.article_slug for ln in block.links] == ["numbness"]

        assert reflection.private is True
        assert reflection.details == ReflectionDetails(mood=6)
        assert reflection.tags == ("walks", "grief")

        assert [s.title for s in vault.entries.trashed()] == ["Written in anger"]
        assert dict(vault.tags.in_use()) == {"grief": 2, "father": 1, "Anger": 1, "walks": 1}
        assert {q.text for q in vault.questions.still_open()} == {
            "Why do I apologise for crying?",
            "Why is walking easier than talking?",
        }
        assert vault.links.counts_by_article() == {"how-to-cry-in-therapy": 1, "numbness": 1}
        assert [slug for slug, _doc in vault.articles.stored()] == ["my-own-article"]
        # The search index came along: diacritics folded, tags searchable.
        assert [h.entry_id for h in vault.search.entries("cafe")] == [reflection.id]
        assert vault.entries.count(EntryFilter(text="tag:grief")) == 2
        last, since = vault.prep.since_last_session()
        assert last is not None and last.uid == "fixture-session-2"
        assert since == []

    if LATEST_VERSION > 1:
        (backup,) = _backups(journal_v1)
        assert backup.name.endswith("-before-update-v1")
        assert _user_version(raw_database, backup, FIXTURE_PASSPHRASE) == 1
    else:
        assert _backups(journal_v1) == []
    assert folder_snapshot(FIXTURE_V1) == fixture_before  # the committed fixture is untouched

    # Reopening a migrated journal migrates nothing and backs up nothing more.
    with Vault.open_with_recovery_key(journal_v1, FIXTURE_RECOVERY_KEY.lower()) as vault:
        assert vault.schema_version == LATEST_VERSION
        assert vault.entries.count() == 4
    assert len(_backups(journal_v1)) == (1 if LATEST_VERSION > 1 else 0)


# ------------------------------------------------------------------ the v2 fixture


@pytest.fixture
def journal_v2(tmp_path: Path) -> Path:
    folder = tmp_path / "journal-v2"
    folder.mkdir()
    for name in ("journal.db", "journal.key"):
        shutil.copyfile(FIXTURE_V2 / name, folder / name)
    return folder


def _index_matches_its_text(vault: Vault) -> None:
    """FTS5's own check of the index against the text it reads (external content)."""
    vault._require_open().execute(
        "INSERT INTO entry_search (entry_search, rank) VALUES ('integrity-check', 1)"
    )


def test_v2_fixture_migrates_to_an_index_that_keeps_no_text_of_its_own(
    journal_v2: Path, raw_database: RawConnect, folder_snapshot: Snapshot
) -> None:
    fixture_before = folder_snapshot(FIXTURE_V2)
    assert _user_version(raw_database, FIXTURE_V2, FIXTURE_V2_PASSPHRASE) == 2
    assert "entry_search_content" in _tables(raw_database, FIXTURE_V2, FIXTURE_V2_PASSPHRASE)
    with Vault.open(journal_v2, FIXTURE_V2_PASSPHRASE) as vault:
        assert vault.schema_version == LATEST_VERSION >= 3
        assert vault.integrity_problems() == []
        _index_matches_its_text(vault)
        ids = {
            uid: vault.entries.id_for_uid(uid)
            for uid in ("fixture-session-1", "fixture-block-1", "fixture-reflection-1")
        }
        found = {
            text: {hit.entry_id for hit in vault.search.entries(text)}
            for text in ("silence", "ruiz", "chairs", "tag:father", "apologise", "cafe", "anger")
        }
        assert found["silence"] == {ids["fixture-session-1"]}  # body
        assert found["ruiz"] >= {ids["fixture-session-1"]}  # details (the therapist)
        assert found["chairs"] == {ids["fixture-block-1"]}  # details (what else was blocked)
        assert found["tag:father"] == {ids["fixture-session-1"]}  # tags
        assert found["apologise"] == {ids["fixture-session-1"]}  # questions
        assert found["cafe"] == {ids["fixture-reflection-1"]}  # diacritics folded
        assert ids["fixture-session-1"] in found["anger"]  # the trashed "Written in anger" is not
        assert len(found["anger"]) == 1
        assert dict(vault.tags.in_use()) == {"grief": 2, "father": 1, "Anger": 1, "walks": 1}
        assert [draft.key for draft in vault.drafts.saved()] == ["new:fixture-draft"]

        # Entries written by v2 can be edited, trashed and restored in the new index.
        session = vault.entries.get(ids["fixture-session-1"] or 0)
        vault.entries.update(session.with_changes(body="Quiet dinner, no words."))
        assert vault.search.entries("silence") == []
        assert [h.entry_id for h in vault.search.entries("quiet")] == [session.id]
        vault.entries.delete(ids["fixture-block-1"] or 0)
        assert vault.search.entries("chairs") == []
        vault.entries.restore(ids["fixture-block-1"] or 0)
        assert [h.entry_id for h in vault.search.entries("chairs")] == [ids["fixture-block-1"]]
        _index_matches_its_text(vault)
        assert vault.integrity_problems() == []

    tables = _tables(raw_database, journal_v2, FIXTURE_V2_PASSPHRASE)
    assert "entry_search_content" not in tables  # the text is stored once, in entries
    connection = raw_database(journal_v2, FIXTURE_V2_PASSPHRASE)
    try:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'entry_search'"
        ).fetchone()
    finally:
        connection.close()
    assert "content = 'entry_search_source'" in sql and "prefix = '2 3'" in sql
    (backup,) = _backups(journal_v2)
    assert backup.name.endswith("-before-update-v2")
    assert _user_version(raw_database, backup, FIXTURE_V2_PASSPHRASE) == 2
    assert folder_snapshot(FIXTURE_V2) == fixture_before


# ------------------------------------------------------------------ a newer journal


def test_newer_journal_is_refused_and_left_untouched(
    closed_journal: Any,
    raw_database: RawConnect,
    folder_snapshot: Snapshot,
) -> None:
    folder = closed_journal.folder
    connection = raw_database(folder, closed_journal.passphrase)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    assert not (folder / "journal.db-wal").exists()
    before = folder_snapshot(folder)

    with pytest.raises(NewerJournal) as caught:
        Vault.open(folder, closed_journal.passphrase)
    assert (caught.value.found, caught.value.supported) == (99, LATEST_VERSION)
    assert "Nothing was changed" in str(caught.value)
    assert _data_files(folder_snapshot(folder)) == _data_files(before)
    assert _backups(folder) == []

    # Everything was released: the same answer again (not JournalBusy), by either key.
    with pytest.raises(NewerJournal):
        Vault.open_with_recovery_key(folder, closed_journal.recovery_key)
    assert _data_files(folder_snapshot(folder)) == _data_files(before)
    assert _user_version(raw_database, folder, closed_journal.passphrase) == 99


# ------------------------------------------------------------------ running a migration


def _add_entries(journal: Any, titles: list[str]) -> None:
    with Vault.open_with_recovery_key(journal.folder, journal.recovery_key) as vault:
        for title in titles:
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=title, body=f"about {title}"))


def _use_migrations(monkeypatch: pytest.MonkeyPatch, *extra: tuple[str, ...]) -> int:
    migrations = (*MIGRATIONS, *extra)
    monkeypatch.setattr(migrating_module, "MIGRATIONS", migrations)
    monkeypatch.setattr(migrating_module, "LATEST_VERSION", len(migrations))
    return len(migrations)


def test_a_new_migration_runs_on_open_after_a_backup(
    closed_journal: Any,
    raw_database: RawConnect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = closed_journal.folder
    _add_entries(closed_journal, ["first", "second"])
    new_version = _use_migrations(
        monkeypatch,
        ("CREATE TABLE fake_extra (x TEXT)", "INSERT INTO fake_extra VALUES ('ran')"),
    )

    with Vault.open(folder, closed_journal.passphrase) as vault:
        assert vault.schema_version == new_version
        assert vault.entries.count() == 2
        assert vault.integrity_problems() == []
    (backup,) = _backups(folder)
    assert backup.name.endswith(f"-before-update-v{LATEST_VERSION}")
    assert sorted(p.name for p in backup.iterdir()) == ["journal.db", "journal.key"]
    assert stat.S_IMODE((folder / "backups").stat().st_mode) == 0o700

    monkeypatch.undo()  # back to today's schema, so opening the backup migrates nothing
    assert "fake_extra" in _tables(raw_database, folder, closed_journal.passphrase)
    assert "fake_extra" not in _tables(raw_database, backup, closed_journal.passphrase)
    with Vault.open(backup, closed_journal.passphrase) as copy:
        assert copy.schema_version == LATEST_VERSION
        assert sorted(s.title for s in copy.entries.summaries()) == ["first", "second"]
    assert _backups(backup) == []


def test_a_failing_migration_rolls_back_and_keeps_the_version(
    closed_journal: Any,
    raw_database: RawConnect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = closed_journal.folder
    _add_entries(closed_journal, ["kept"])
    _use_migrations(
        monkeypatch,
        (
            "CREATE TABLE fake_extra (x TEXT)",
            "INSERT INTO fake_extra VALUES ('half-way')",
            "INSERT INTO no_such_table VALUES (1)",
        ),
    )

    with pytest.raises((sqlcipher3.Error, JournalError)) as caught:
        Vault.open(folder, closed_journal.passphrase)
    assert not isinstance(caught.value, JournalBusy)
    # The vault was closed and the lock released: trying again fails the same way.
    with pytest.raises((sqlcipher3.Error, JournalError)) as again:
        Vault.open_with_recovery_key(folder, closed_journal.recovery_key)
    assert not isinstance(again.value, JournalBusy)

    assert _user_version(raw_database, folder, closed_journal.passphrase) == LATEST_VERSION
    assert "fake_extra" not in _tables(raw_database, folder, closed_journal.passphrase)
    assert len(_backups(folder)) >= 1  # the backup came first
    monkeypatch.undo()
    with Vault.open(folder, closed_journal.passphrase) as vault:
        assert vault.schema_version == LATEST_VERSION
        assert [s.title for s in vault.entries.summaries()] == ["kept"]
        assert vault.integrity_problems() == []


def test_each_migration_is_its_own_transaction(
    closed_journal: Any,
    raw_database: RawConnect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = closed_journal.folder
    _use_migrations(
        monkeypatch,
        ("CREATE TABLE fake_good (x TEXT)",),
        ("CREATE TABLE fake_bad (x TEXT)", "THIS IS NOT SQL"),
    )
    with pytest.raises((sqlcipher3.Error, JournalError)):
        Vault.open_with_recovery_key(folder, closed_journal.recovery_key)
    assert _user_version(raw_database, folder, closed_journal.passphrase) == LATEST_VERSION + 1
    tables = _tables(raw_database, folder, closed_journal.passphrase)
    assert "fake_good" in tables and "fake_bad" not in tables
