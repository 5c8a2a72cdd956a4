"""jrnl files as jrnl writes and reads them (samples in ``fixtures/import/jrnl-format``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from journal_app.exchange.importers import BadImportFile, import_file, parse
from journal_app.storage import Vault

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "import" / "jrnl-format"


def _local(*parts: int) -> datetime:
    return datetime(*parts).astimezone(UTC)  # type: ignore[arg-type]


def test_a_date_jrnl_accepts_starts_its_own_entry() -> None:
    parsed = parse(SAMPLES / "half-dates.journal", "jrnl")
    assert [item.entry.title for item in parsed.entries] == [
        "The first session.",
        "The second session.",
        "A day I only remember the month of.",
    ]
    assert parsed.entries[2].entry.occurred_at == _local(2019, 7, 1, 14, 23)
    assert parsed.entries[2].entry.body == "Something loosened."
    assert "month" not in parsed.entries[1].entry.body


def test_bracketed_text_that_is_not_a_date_stays_text() -> None:
    (item,) = parse(SAMPLES / "brackets.journal", "jrnl").entries
    assert item.entry.title == "Things to bring up"
    assert item.entry.body == "[1] the dream about the lake\n[2] why I laugh when it hurts"


def test_a_starred_entry_loses_the_mark_and_is_reported() -> None:
    parsed = parse(SAMPLES / "starred.journal", "jrnl")
    second = parsed.entries[1]
    assert second.starred and second.entry.title == "A day worth marking."
    assert "*" not in second.entry.title + second.entry.body
    (stars,) = [o for o in parsed.omissions if o.kind == "stars"]
    assert (stars.entries, stars.examples) == (1, ("starred.journal, line 4",))
    assert stars.message.startswith("1 starred entry will come over without its star")


def test_tags_are_read_whole_as_jrnl_reads_them() -> None:
    (item,) = parse(SAMPLES / "tags.journal", "jrnl").entries
    assert item.entry.tags == ("os/2", "c++", "c#", "work")


def test_jrnl_1_files_and_twelve_hour_times() -> None:
    entries = [item.entry for item in parse(SAMPLES / "jrnl-1.journal", "jrnl").entries]
    assert [entry.title for entry in entries] == [
        "A life without chocolate is like a bad analogy.",
        'He said "[this] is the best time to be alive".',
        "Some notes in the newer style",
        "A morning entry.",
    ]
    assert entries[1].body == "And I almost believed him."
    assert entries[2].body == "Written after the session."
    assert entries[3].occurred_at == _local(2020, 8, 29, 11, 11)


def test_day_first_dates() -> None:
    entries = [item.entry for item in parse(SAMPLES / "day-first.journal", "jrnl").entries]
    assert [entry.occurred_at for entry in entries] == [
        _local(2013, 6, 9, 15, 39),
        _local(2013, 7, 10, 15, 40),
    ]


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
@pytest.mark.parametrize("fmt", ["jrnl", "jrnl-json"])
def test_encrypted_journals_are_recognised_and_explained(version: str, fmt: str) -> None:
    name = f"encrypted-{version}.journal"
    with pytest.raises(BadImportFile) as caught:
        parse(SAMPLES / name, fmt)
    assert str(caught.value) == (
        f"{name}: This is an encrypted jrnl journal. Open it with jrnl and export it as JSON "
        "(`jrnl --format json > journal.json`), then import that file as a jrnl JSON export."
    )


def test_text_and_json_of_one_journal_are_one_journal(journal: Vault, tmp_path: Path) -> None:
    """jrnl's JSON keeps each title's punctuation; the text file and it must agree, and the
    duplicate check must hold even where an older export split a title differently."""
    exported = {
        "tags": {"@therapy": 1},
        "entries": [
            {"title": "Entry the first.", "body": "Hard to start, easier once I did. @therapy",
             "date": "2020-08-29", "time": "11:11", "tags": ["@therapy"], "starred": False},
            {"title": "A day worth marking", "body": "I cried in the session for the first time.",
             "date": "2020-08-31", "time": "14:32", "tags": [], "starred": True},
            {"title": "A plain one.", "body": "Nothing much.", "date": "2020-09-24",
             "time": "09:00", "tags": [], "starred": False},
        ],
    }  # fmt: skip
    source = tmp_path / "journal.json"
    source.write_text(json.dumps(exported))
    from_json = parse(source, "jrnl-json")
    from_text = parse(SAMPLES / "starred.journal", "jrnl")
    assert [i.entry.title for i in from_json.entries][::2] == [
        i.entry.title for i in from_text.entries
    ][::2]
    assert import_file(journal, SAMPLES / "starred.journal", "jrnl").added == 3
    again = import_file(journal, source, "jrnl-json")
    assert (again.added, again.skipped) == (0, 3)
    assert [o.kind for o in again.omissions] == ["stars"]


def test_an_entry_with_nothing_in_it_is_skipped_and_reported(tmp_path: Path) -> None:
    source = tmp_path / "journal.txt"
    source.write_text("[2024-01-01 10:00]\n\n[2024-01-02 10:00] Something.\n")
    parsed = parse(source, "jrnl")
    assert [item.entry.title for item in parsed.entries] == ["Something."]
    assert [(o.kind, o.examples) for o in parsed.omissions] == [("empty", ("journal.txt, line 1",))]


def test_jrnl_markdown_export_is_the_same_journal(journal: Vault) -> None:
    parsed = parse(SAMPLES / "markdown-export", "markdown")
    assert [(i.entry.title, i.entry.body, i.line) for i in parsed.entries] == [
        ("Entry the first.", "Hard to start, easier once I did. @therapy", 5),
        ("A day worth marking.", "I cried in the session for the first time.", 9),
        ("A plain one.", "Nothing much.", 15),
    ]
    assert parsed.entries[0].entry.tags == ("therapy",)
    assert parsed.entries[2].entry.occurred_at == _local(2020, 9, 24, 9, 0)
    assert import_file(journal, SAMPLES / "starred.journal", "jrnl").added == 3
    assert import_file(journal, SAMPLES / "markdown-export", "markdown").added == 0
    assert import_file(journal, SAMPLES / "markdown-files", "markdown").added == 0


def test_a_journal_written_with_its_own_timeformat(tmp_path: Path) -> None:
    from journal_app.exchange.importers import ImportOptions

    source = tmp_path / "journal.txt"
    source.write_text("[05/01/2024 09:12 PM] Evening.\nCalmer.\n\n[06/01/2024 07:00 AM] Morning.\n")
    with pytest.raises(BadImportFile, match="line 1: expected an entry"):
        parse(source, "jrnl")
    parsed = parse(source, "jrnl", ImportOptions(jrnl_time_format="%d/%m/%Y %I:%M %p"))
    assert [item.entry.occurred_at for item in parsed.entries] == [
        _local(2024, 1, 5, 21, 12),
        _local(2024, 1, 6, 7, 0),
    ]
