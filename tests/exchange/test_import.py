"""Importing from our JSON, jrnl (text and JSON), Day One (JSON and zip) and Markdown folders."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from journal_app.cli import EXIT_ERROR, EXIT_OK, Console, main
from journal_app.domain import (
    ArticleLink,
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
)
from journal_app.exchange import ExportFormat, ExportOptions, export_journal
from journal_app.exchange.importers import (
    BadImportFile,
    ImportCancelled,
    import_file,
    parse,
    preview,
)
from journal_app.storage import MINIMUM_KDF, Vault

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PASSPHRASE = "import test passphrase"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Vault]:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        yield vault


def all_entries(vault: Vault) -> list[Entry]:
    ids = [summary.id for summary in vault.entries.summaries(limit=100_000)]
    return sorted(vault.entries.get_many(ids), key=lambda entry: entry.occurred_at)


# --------------------------------------------------------------------------- our own JSON


def test_our_json_imports_every_field(journal: Vault) -> None:
    result = import_file(journal, FIXTURES / "ours.json", "json")
    assert (result.added, result.skipped, result.articles) == (3, 0, 1)
    session, block, reflection = all_entries(journal)
    assert session.uid == "3f1c9a2e5b7d4c8e9a0b1c2d3e4f5a6b"
    assert session.kind is EntryKind.SESSION
    assert isinstance(session.details, SessionNoteDetails)
    assert session.details.homework == "Write a letter, don't send it"
    assert session.tags == ("family", "session")
    assert session.created_at == datetime(2026, 3, 3, 16, 5, 10, 123456, tzinfo=UTC)
    assert session.updated_at == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert [q.resolved_on for q in session.questions] == [None, date(2026, 3, 10)]
    assert session.links[0].article_slug == "what-is-an-emotional-block"
    assert session.links[0].quote == "a feeling that can't come out"
    assert isinstance(block.details, EmotionalBlockDetails)
    assert block.private and block.details.blocked_other == "froze"
    assert isinstance(reflection.details, ReflectionDetails) and reflection.details.mood == 7
    assert journal.articles.stored() == [
        ("my-own-note", "---\ntitle: My own note\n---\n\nSomething I saved.\n")
    ]
    assert journal.search.entries("letter")  # indexed for search


def test_importing_twice_adds_nothing_the_second_time(journal: Vault) -> None:
    import_file(journal, FIXTURES / "ours.json", "json")
    again = import_file(journal, FIXTURES / "ours.json", "json")
    assert (again.added, again.skipped, again.articles) == (0, 3, 0)
    assert journal.entries.count() == 3


def test_preview_counts_and_dates_without_writing(journal: Vault) -> None:
    before = preview(FIXTURES / "ours.json", "json", journal)
    assert (before.count, before.new_entries, before.articles) == (3, 3, 1)
    assert before.first == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    assert before.last == datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
    assert journal.entries.count() == 0
    import_file(journal, FIXTURES / "ours.json", "json")
    assert preview(FIXTURES / "ours.json", "json", journal).already_there == 3


def test_a_bad_entry_names_file_and_line_and_nothing_is_added(journal: Vault) -> None:
    with pytest.raises(BadImportFile) as caught:
        import_file(journal, FIXTURES / "bad-entry.json", "json")
    assert caught.value.path.name == "bad-entry.json"
    assert caught.value.line == 21  # the line of the bad entry's uid
    assert "bad-entry.json, line 21" in str(caught.value)
    assert "Mood" in str(caught.value)
    assert journal.entries.count() == 0


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "format": "between-sessions-journal",\n  "entries": [\n    {,\n')
    with pytest.raises(BadImportFile, match=r"broken.json, line 4: this is not valid JSON"):
        parse(broken, "json")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(BadImportFile, match="not a Between Sessions journal export"):
        parse(other, "json")


def test_a_failure_midway_rolls_back_everything(
    journal: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.entries.add(Entry.new(EntryKind.REFLECTION, title="mine"))
    calls = 0
    original = journal.entries.add_imported

    def failing(entry: Entry) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return original(entry)

    monkeypatch.setattr(journal.entries, "add_imported", failing)
    with pytest.raises(OSError):
        import_file(journal, FIXTURES / "ours.json", "json")
    assert [s.title for s in journal.entries.summaries()] == ["mine"]
    assert journal.articles.stored() == []


def test_progress_and_cancel_on_a_large_import(journal: Vault, tmp_path: Path) -> None:
    source = tmp_path / "big.json"
    entries = [
        {
            "uid": f"{n:032x}",
            "kind": "reflection",
            "title": f"Day {n}",
            "body": "text " * 20,
            "details": {"mood": n % 11},
            "tags": ["bulk"],
            "private": False,
            "occurred_at": f"2025-01-01T{n % 24:02d}:00:00.000000Z",
            "created_at": "2025-01-01T00:00:00.000000Z",
            "updated_at": "2025-01-01T00:00:00.000000Z",
            "questions": [],
            "links": [],
        }
        for n in range(1000)
    ]
    source.write_text(
        json.dumps({"format": "between-sessions-journal", "version": 1, "entries": entries})
    )
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 500:
            cancel.set()

    with pytest.raises(ImportCancelled):
        import_file(journal, source, "json", progress=progress, cancel=cancel)
    assert journal.entries.count() == 0  # Cancel undid everything
    assert seen[0] == (0, 1000) and all(total == 1000 for _, total in seen)

    seen.clear()
    result = import_file(journal, source, "json", progress=lambda d, t: seen.append((d, t)))
    assert result.added == 1000 and journal.entries.count() == 1000
    assert seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# --------------------------------------------------------------------------- round trip


def _rich_journal(vault: Vault) -> None:
    when = datetime(2026, 2, 10, 14, 0, tzinfo=UTC)
    vault.entries.add(
        Entry.new(
            EntryKind.SESSION,
            title="Session 12",
            body="We talked about **anger**.\n\n> a quote",
            details=SessionNoteDetails(therapist="Dr K", insights="It is allowed"),
            tags=("anger", "Session"),
            occurred_at=when,
            questions=(Question(text="What is under the anger?"),),
            links=(ArticleLink(article_slug="what-is-an-emotional-block", quote="held"),),
        )
    )
    vault.entries.add(
        Entry.new(
            EntryKind.BLOCK,
            details=EmotionalBlockDetails(
                setting=BlockSetting.AT_WORK,
                blocked=(BlockType.WENT_NUMB, BlockType.OTHER),
                blocked_other="smiled",
                feeling_intensity=3,
            ),
            private=True,
            occurred_at=when.replace(day=12),
        )
    )
    resolved = vault.entries.add(
        Entry.new(EntryKind.REFLECTION, title="Ünïcode ✓ 日本", body="emoji 🌱\ttab")
    )
    question = vault.questions.add(resolved.id or 0, "Later?")
    vault.questions.resolve(question.id or 0, date(2026, 3, 1))
    vault.articles.save("own-article", "---\ntitle: Own\n---\nBody\n")
    trashed = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="in the trash"))
    vault.entries.delete(trashed.id or 0)


def _export(vault: Vault, target: Path) -> dict[str, object]:
    export_journal(vault, ExportOptions(format=ExportFormat.JSON, include_private=True), target)
    document = json.loads(target.read_text(encoding="utf-8"))
    document.pop("exported_at")
    return dict(document)


def test_export_import_export_round_trip_is_identical(journal: Vault, tmp_path: Path) -> None:
    _rich_journal(journal)
    first = _export(journal, tmp_path / "first.json")
    second_vault, _ = Vault.create(tmp_path / "second", PASSPHRASE, kdf=MINIMUM_KDF)
    with second_vault:
        result = import_file(second_vault, tmp_path / "first.json", "json")
        assert result.added == 3
        second = _export(second_vault, tmp_path / "second.json")
        assert import_file(second_vault, tmp_path / "first.json", "json").added == 0
    assert second == first


# --------------------------------------------------------------------------- other journals


def test_jrnl_plain_text(journal: Vault) -> None:
    parsed = parse(FIXTURES / "jrnl.txt", "jrnl")
    titles = [item.entry.title for item in parsed.entries]
    assert titles == [
        "Woke up anxious before therapy.",
        "Good talk with my sister!",
        "Short one.",
        "Session notes.",
    ]
    first = parsed.entries[0].entry
    assert first.body.startswith("Couldn't settle, so I wrote the\nthree things")
    assert first.body.endswith("Walked to the station instead of taking the bus.")
    assert first.tags == ("therapy", "anxiety")
    assert first.occurred_at == datetime(2024, 1, 5, 9, 12).astimezone(UTC)
    assert [item.line for item in parsed.entries] == [1, 7, 11, 13]
    assert [item.starred for item in parsed.entries] == [False, True, True, False]
    assert all("*" not in item.entry.title + item.entry.body for item in parsed.entries)
    assert [o.kind for o in parsed.omissions] == ["stars"]
    assert parsed.omissions[0].examples == ("jrnl.txt, line 7", "jrnl.txt, line 11")
    assert import_file(journal, FIXTURES / "jrnl.txt", "jrnl").added == 4
    assert import_file(journal, FIXTURES / "jrnl.txt", "jrnl").added == 0


def test_jrnl_json_and_text_of_the_same_entries_do_not_duplicate(journal: Vault) -> None:
    assert import_file(journal, FIXTURES / "jrnl.txt", "jrnl").added == 4
    result = import_file(journal, FIXTURES / "jrnl.json", "jrnl-json")
    assert (result.added, result.skipped) == (1, 2)
    assert journal.entries.count() == 5


def test_jrnl_bad_date_names_the_line() -> None:
    with pytest.raises(BadImportFile, match=r"bad-date.jrnl.txt, line 3: .*2024-13-45"):
        parse(FIXTURES / "bad-date.jrnl.txt", "jrnl")


def test_jrnl_text_that_is_not_jrnl(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("just some notes\n")
    with pytest.raises(BadImportFile, match=r"notes.txt, line 1: expected an entry"):
        parse(source, "jrnl")


@pytest.mark.parametrize("name", ["dayone.json", "dayone-export.zip"])
def test_day_one_json_and_zip(journal: Vault, name: str) -> None:
    parsed = parse(FIXTURES / name, "dayone")
    first, second = (item.entry for item in parsed.entries)
    assert first.uid == "dayone-5F2A0B6C1D3E4F5A8B9C0D1E2F3A4B5C"
    assert first.title == "Before the first session"
    assert first.body == "I'm nervous. What if I can't say anything at all?"
    assert first.tags == ("therapy", "first")
    assert first.occurred_at == datetime(2023, 11, 20, 8, 15, tzinfo=UTC)
    assert first.updated_at == datetime(2023, 11, 20, 8, 40, 12, tzinfo=UTC)
    assert second.title == "" and "dayone-moment" not in second.body
    assert second.body == "It went better than I feared.\n\nWe agreed to meet weekly."
    assert {o.kind: o.examples for o in parsed.omissions}["photos"] == (
        f"{parsed.entries[1].source.name}{'/Journal.json' if name.endswith('.zip') else ''}"
        ", entry 2",
    )
    assert "photo" in parsed.warnings[[o.kind for o in parsed.omissions].index("photos")]
    assert import_file(journal, FIXTURES / name, "dayone").added == 2
    # The zip and the bare JSON are the same entries.
    other = "dayone.json" if name.endswith(".zip") else "dayone-export.zip"
    assert import_file(journal, FIXTURES / other, "dayone").added == 0


def test_markdown_folder(journal: Vault) -> None:
    parsed = parse(FIXTURES / "markdown", "markdown")
    by_title = {item.entry.title: item.entry for item in parsed.entries}
    assert set(by_title) == {"after the session", "First week of therapy", "Sleep diary"}
    first_week = by_title["First week of therapy"]
    assert first_week.occurred_at == datetime(2024, 1, 8, 19, 15, tzinfo=UTC)
    assert first_week.tags == ("therapy", "beginnings")
    assert first_week.body.startswith("# Not the title")
    assert by_title["Sleep diary"].tags == ("sleep", "mood")
    assert by_title["Sleep diary"].body == "Six hours, woke twice."
    named = by_title["after the session"]
    assert named.occurred_at == datetime(2024, 2, 3, 12, 0).astimezone(UTC)
    assert named.body.startswith("We talked about boundaries")
    assert import_file(journal, FIXTURES / "markdown", "markdown").added == 3
    assert import_file(journal, FIXTURES / "markdown", "markdown").added == 0


def test_markdown_unclosed_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: x\nno end here\n")
    with pytest.raises(BadImportFile, match=r"a.md, line 3"):
        parse(folder, "markdown")


# --------------------------------------------------------------------------- command line


def run_cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), Console(io.StringIO(PASSPHRASE + "\n"), out, err))
    return code, out.getvalue(), err.getvalue()


def test_import_command(tmp_path: Path) -> None:
    folder = tmp_path / "cli-journal"
    Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)[0].close()
    code, out, err = run_cli(
        "import", "--journal", str(folder), "--format", "dayone", "--dry-run",
        str(FIXTURES / "dayone-export.zip"),
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert "2 entries from 2023-11-" in out and "2 new" in out
    code, out, err = run_cli(
        "import", "--journal", str(folder), "--format", "dayone",
        str(FIXTURES / "dayone-export.zip"),
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert "Imported 2 entries" in out and "1 photo in 1 entry will not come over" in out
    code, out, err = run_cli(
        "import", "--journal", str(folder), "--format", "json", str(FIXTURES / "bad-entry.json")
    )
    assert code == EXIT_ERROR
    assert "bad-entry.json, line 21" in err
    assert "Mood out of range" not in err  # names the place, quotes no entry text
