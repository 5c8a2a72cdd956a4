"""The schema step that adds thought records and check-ins keeps everything that refers to entries.

It rebuilds ``entries`` (to widen the kind's CHECK), so this checks the v3 fixture comes through
with every tag, question, link, tag count, search hit and Trash state intact, and that the v4
fixture (the first one holding the new kinds) reads back exactly.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3

from journal_app.domain import (
    CheckInDetails,
    Entry,
    EntryFilter,
    EntryKind,
    MoodRating,
    ThinkingTrap,
    ThoughtRecordDetails,
)
from journal_app.storage import Vault
from journal_app.storage.schema import LATEST_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RawConnect = Callable[..., sqlcipher3.Connection]
Snapshot = Callable[[Path], dict[str, str]]


def _copy(version: int, tmp_path: Path) -> Path:
    folder = tmp_path / f"journal-v{version}"
    folder.mkdir()
    for name in ("journal.db", "journal.key"):
        shutil.copyfile(FIXTURES / f"journal-v{version}" / name, folder / name)
    return folder


def _passphrase(version: int) -> str:
    return f"fixture passphrase – v{version}"


def _user_version(raw_connect: RawConnect, folder: Path, passphrase: str) -> int:
    connection = raw_connect(folder, passphrase)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def _index_matches_its_text(vault: Vault) -> None:
    vault._require_open().execute(
        "INSERT INTO entry_search (entry_search, rank) VALUES ('integrity-check', 1)"
    )


def test_v3_fixture_migrates_keeping_everything_that_refers_to_entries(
    tmp_path: Path, raw_database: RawConnect, folder_snapshot: Snapshot
) -> None:
    fixture_before = folder_snapshot(FIXTURES / "journal-v3")
    assert _user_version(raw_database, FIXTURES / "journal-v3", _passphrase(3)) == 3
    folder = _copy(3, tmp_path)
    with Vault.open(folder, _passphrase(3)) as vault:
        assert vault.schema_version == LATEST_VERSION >= 5
        assert vault.integrity_problems() == []
        assert vault._require_open().execute("PRAGMA foreign_key_check").fetchall() == []
        _index_matches_its_text(vault)
        summaries = vault.entries.summaries()
        assert [(s.title, s.tags, s.link_count, s.open_question_count) for s in summaries] == [
            ("", (), 0, 0),
            ("A walk by the river", ("walks", "grief"), 0, 1),
            ("At the funeral", ("grief",), 1, 0),
            ("Session with Dr. Ruiz", ("father", "Anger"), 1, 1),
        ]
        session = vault.entries.get(vault.entries.id_for_uid("fixture-session-1") or 0)
        assert [q.text for q in session.questions] == [
            "Why do I apologise for crying?",
            "Is anger allowed in here?",
        ]
        assert session.links[0].comment_id == "c07"
        assert dict(vault.tags.in_use()) == {"grief": 2, "father": 1, "Anger": 1, "walks": 1}
        assert [h.entry_id for h in vault.search.entries("chairs")] == [
            vault.entries.id_for_uid("fixture-block-1")
        ]
        assert [entry.title for entry in vault.entries.trashed()] == ["Written in anger"]
        assert [draft.key for draft in vault.drafts.saved()] == ["new:fixture-draft"]

        # The new kinds can be saved, tagged, searched, trashed and purged after the rebuild.
        record = vault.entries.add(
            Entry.new(
                EntryKind.THOUGHT_RECORD,
                tags=("grief",),
                details=ThoughtRecordDetails(situation="Zebra crossing, heart racing"),
            )
        )
        vault.entries.add(Entry.new(EntryKind.CHECK_IN, details=CheckInDetails(("calm",), 2)))
        assert dict(vault.tags.in_use())["grief"] == 3
        assert [h.entry_id for h in vault.search.entries("zebra")] == [record.id]
        vault.entries.delete(record.id or 0)
        assert dict(vault.tags.in_use())["grief"] == 2
        assert vault.search.entries("zebra") == []
        kinds = frozenset({EntryKind.CHECK_IN})
        assert [s.kind for s in vault.entries.summaries(EntryFilter(kinds=kinds))] == [
            EntryKind.CHECK_IN
        ]
        _index_matches_its_text(vault)
        assert vault.integrity_problems() == []
    assert folder_snapshot(FIXTURES / "journal-v3") == fixture_before


def test_v5_fixture_reads_back_its_thought_record_and_check_in(
    tmp_path: Path, raw_database: RawConnect
) -> None:
    assert _user_version(raw_database, FIXTURES / "journal-v5", _passphrase(5)) == 5
    folder = _copy(5, tmp_path)
    with Vault.open(folder, _passphrase(5)) as vault:
        assert vault.integrity_problems() == []
        record = vault.entries.get(vault.entries.id_for_uid("fixture-thought-record-1") or 0)
        assert record.kind is EntryKind.THOUGHT_RECORD
        assert record.occurred_at == datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
        details = record.details
        assert isinstance(details, ThoughtRecordDetails)
        assert details.moods == (MoodRating("ashamed", 80), MoodRating("numb", 70))
        assert details.hot == "Something is wrong with me"
        assert details.belief == 60
        assert details.thinking_traps == (ThinkingTrap.MIND_READING, ThinkingTrap.LABELLING)
        assert details.grew_from == "fixture-block-1"
        assert [(c.before, c.after) for c in details.mood_changes()] == [(80, 40), (70, 50)]
        check_in = vault.entries.get(vault.entries.id_for_uid("fixture-check-in-1") or 0)
        assert check_in.details == CheckInDetails(("numb", "tired"), 4, "Slept badly")
        # The thought record's columns are searchable ("eulogy" is also in the block).
        assert record.id in {h.entry_id for h in vault.search.entries("eulogy")}
        assert [h.entry_id for h in vault.search.entries("tired")] == [check_in.id]


def test_v6_fixture_opens_with_todays_code_and_its_write_sequence(
    tmp_path: Path,
    raw_database: RawConnect,
    folder_snapshot: Callable[[Path], dict[str, str]],
) -> None:
    assert _user_version(raw_database, FIXTURES / "journal-v6", _passphrase(6)) == 6
    fixture_before = folder_snapshot(FIXTURES / "journal-v6")
    folder = _copy(6, tmp_path)
    with Vault.open(folder, _passphrase(6)) as vault:
        assert vault.integrity_problems() == []
        assert vault.write_sequence > 0
        record = vault.entries.get(vault.entries.id_for_uid("fixture-thought-record-1") or 0)
        assert record.kind is EntryKind.THOUGHT_RECORD
        assert record.id in {h.entry_id for h in vault.search.entries("eulogy")}
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="written today"))
    assert folder_snapshot(FIXTURES / "journal-v6") == fixture_before


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
def test_every_fixture_is_a_closed_journal_of_its_version(
    version: int, raw_database: RawConnect
) -> None:
    folder = FIXTURES / f"journal-v{version}"
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db", "journal.key"]
    assert _user_version(raw_database, folder, _passphrase(version)) == version
