"""A folder of notes: links kept inside it, dates found where apps put them, bad files skipped."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from journal_app.exchange.importers import (
    BadImportFile,
    ImportOptions,
    import_file,
    parse,
    preview,
)
from journal_app.storage import Vault


def _note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _local(*parts: int) -> datetime:
    return datetime(*parts).astimezone(UTC)  # type: ignore[arg-type]


def _kinds(parsed: object) -> dict[str, tuple[int, tuple[str, ...]]]:
    return {o.kind: (o.entries, o.examples) for o in parsed.omissions}  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- symbolic links


def test_links_out_of_the_folder_are_not_followed_and_are_named(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    secret = _note(outside, "secret.md", "---\ndate: 2024-01-01\n---\nnot mine to import\n")
    folder = tmp_path / "notes"
    _note(folder, "2024-01-02 mine.md", "My own words.")
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "sub").mkdir()
    (folder / "sub" / "secret.md").symlink_to(secret)
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    parsed = parse(folder, "markdown")
    assert [item.entry.body for item in parsed.entries] == ["My own words."]
    count, examples = _kinds(parsed)["outside-link"]
    assert count == 3
    assert set(examples) == {"passwd.md", "sub/secret.md", "elsewhere"}
    assert "3 links to files outside the folder will be skipped." in parsed.warnings


def test_a_link_to_a_note_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    real = _note(folder, "2024/2024-03-01.md", "Inside.")
    (folder / "latest.md").symlink_to(real)
    parsed = parse(folder, "markdown")
    assert {item.entry.body for item in parsed.entries} == {"Inside."}
    assert "outside-link" not in _kinds(parsed)


def test_a_folder_of_nothing_but_outside_links_imports_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "passwd.md").symlink_to("/etc/passwd")
    with pytest.raises(BadImportFile, match="no Markdown"):
        parse(folder, "markdown")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date: 2025-01-01", _local(2025, 1, 1, 12)),
        ("Date: 2025-01-01T08:30:00Z", datetime(2025, 1, 1, 8, 30, tzinfo=UTC)),
        ("created: 2025-01-01 21:05", _local(2025, 1, 1, 21, 5)),
        ("date: Jan 1, 2025", _local(2025, 1, 1, 12)),
        ("date: January 1, 2025", _local(2025, 1, 1, 12)),
        ("created: '1 January 2025'", _local(2025, 1, 1, 12)),
        ("date: 2025/01/01", _local(2025, 1, 1, 12)),
    ],
)
def test_dates_from_front_matter(tmp_path: Path, front: str, expected: datetime) -> None:
    _note(tmp_path / "n", "note.md", f"---\n{front}\n---\nBody.\n")
    (item,) = parse(tmp_path / "n", "markdown").entries
    assert item.entry.occurred_at == expected


@pytest.mark.parametrize(
    ("name", "expected", "title"),
    [
        ("2020-09-14.md", _local(2020, 9, 14, 12), ""),
        ("2020_09_14.md", _local(2020, 9, 14, 12), ""),
        ("20200914.md", _local(2020, 9, 14, 12), ""),
        ("2020/09/14.md", _local(2020, 9, 14, 12), ""),
        ("2020-09-14 21.30 late thoughts.md", _local(2020, 9, 14, 21, 30), "late thoughts"),
    ],
)
def test_dates_from_file_names(tmp_path: Path, name: str, expected: datetime, title: str) -> None:
    _note(tmp_path / "n", name, "Body.\n")
    (item,) = parse(tmp_path / "n", "markdown").entries
    assert item.entry.occurred_at == expected
    assert item.entry.title == title


def test_date_and_time_from_a_leading_heading(tmp_path: Path) -> None:
    _note(tmp_path / "n", "entry.md", "# 2020-08-29 11:11 Entry the first.\n\nLorem ipsum.\n")
    (item,) = parse(tmp_path / "n", "markdown").entries
    assert item.entry.occurred_at == _local(2020, 8, 29, 11, 11)
    assert item.entry.title == "Entry the first."
    assert item.entry.body == "Lorem ipsum."


def test_files_with_no_date_are_counted_not_dated_by_their_file_time(
    tmp_path: Path, journal: Vault
) -> None:
    folder = tmp_path / "n"
    _note(folder, "2024-05-01.md", "Dated.")
    undated = _note(folder, "ideas.md", "# Ideas\n\nNo date anywhere.")
    found = preview(folder, "markdown", journal)
    assert found.count == 1
    assert _kinds(found)["no-date"] == (1, ("ideas.md",))
    assert import_file(journal, folder, "markdown").added == 1

    with_file_times = ImportOptions(use_file_times=True)
    result = import_file(journal, folder, "markdown", options=with_file_times)
    assert result.added == 1
    assert "file-time" in _kinds(result)
    os.utime(undated, (1_700_000_000, 1_700_000_000))  # touch: same words, new time
    again = import_file(journal, folder, "markdown", options=with_file_times)
    assert (again.added, again.skipped) == (0, 2)


# --------------------------------------------------------------------------- skipped files


def test_one_bad_file_does_not_block_the_rest(tmp_path: Path, journal: Vault) -> None:
    folder = tmp_path / "vault"
    _note(folder, "daily/2024-01-01.md", "Fine.")
    _note(folder, "daily/2024-01-02.md", "---\ntitle: x\ntags: [a]\ndate: someday\n---\nBody\n")
    _note(folder, "templates/Daily.md", "---\ndate: {{date}}\n---\n# {{title}}\n")
    _note(folder, "broken.md", "---\ntitle: never closed\n")
    (folder / "latin1.md").write_bytes(b"caf\xe9\n")
    parsed = parse(folder, "markdown")
    assert [item.entry.body for item in parsed.entries] == ["Fine."]
    kinds = _kinds(parsed)
    assert kinds["templates"] == (1, ("templates/Daily.md",))
    count, examples = kinds["unreadable"]
    assert count == 3
    assert "daily/2024-01-02.md, line 4: “date” is not a date" in examples[1]
    assert examples[0].startswith("broken.md, line 1: the front matter")
    assert examples[2] == "latin1.md, line 1: the file is not UTF-8 text."
    assert import_file(journal, folder, "markdown").added == 1


def test_when_every_file_is_bad_the_first_error_is_raised(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    _note(folder, "deep/a.md", "---\ntitle: x\nno end here\n")
    with pytest.raises(BadImportFile, match=r"^deep/a.md, line 3: "):
        parse(folder, "markdown")


def test_hidden_folders_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    _note(folder, "2024-01-01.md", "Kept.")
    _note(folder, ".obsidian/2024-01-02.md", "Settings.")
    _note(folder, ".trash/2024-01-03.md", "Deleted.")
    assert [i.entry.body for i in parse(folder, "markdown").entries] == ["Kept."]


def test_an_empty_note_is_skipped_and_counted(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    _note(folder, "2024-01-01.md", "")
    _note(folder, "2024-01-02.md", "Words.")
    parsed = parse(folder, "markdown")
    assert len(parsed.entries) == 1
    assert _kinds(parsed)["empty"] == (1, ("2024-01-01.md",))


def test_a_jrnl_folder_journal(tmp_path: Path) -> None:
    folder = tmp_path / "jrnl"
    _note(folder, "2020/08/29.txt", "[2020-08-29 11:11] Entry the first.\nLorem @ipsum.\n")
    _note(
        folder,
        "2020/08/31.txt",
        "[2020-08-31 14:32] A second entry. *\nSed sit.\n\n[2020-08-31 16:00] Third.\n",
    )
    parsed = parse(folder, "markdown")
    assert [item.entry.title for item in parsed.entries] == [
        "Entry the first.",
        "A second entry.",
        "Third.",
    ]
    assert parsed.entries[0].entry.tags == ("ipsum",)
    assert _kinds(parsed)["stars"] == (1, ("2020/08/31.txt, line 1",))


def test_a_jrnl_folder_journal_skips_text_files_outside_its_layout(tmp_path: Path) -> None:
    folder = tmp_path / "jrnl"
    _note(folder, "2020/08/29.txt", "[2020-08-29 11:11] Entry the first.\n")
    _note(folder, "2020/should-be-ignored.txt", "[2022-03-02 9:25:00 AM] Not an entry file.\n")
    parsed = parse(folder, "markdown")
    assert [item.entry.title for item in parsed.entries] == ["Entry the first."]
    assert _kinds(parsed)["stray-jrnl"] == (1, ("2020/should-be-ignored.txt",))


def test_inline_tags_join_the_front_matter_tags(tmp_path: Path) -> None:
    _note(
        tmp_path / "n",
        "2024-01-01.md",
        "---\ntags: [daily]\n---\n# A heading, not a tag\n\nTalked about #homework and "
        "#[[inner child]], issue #12, page#anchor.\n\n```\n#not-in-code\n```\n",
    )
    (item,) = parse(tmp_path / "n", "markdown").entries
    assert item.entry.tags == ("daily", "homework", "inner child")
