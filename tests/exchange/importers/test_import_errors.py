"""Every malformed file gives one kind of error: a ``BadImportFile`` that names the file (and the
line or entry where there is one) in plain words, never Python's own text."""

from __future__ import annotations

import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journal_app.exchange.importers import BadImportFile, ParsedFile, parse

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
PYTHON_WORDING = re.compile(
    r"Traceback|Error\b|object has no attribute|NoneType|not subscriptable|invalid literal"
    r"|is not a valid|Expecting|codec|\bstr\b|\bdict\b|\bint\b|\bNone\b|\{'|\['|<class"
)
BAD_VALUES: list[Any] = [None, 7, 1.5, True, [], ["x", 1], {}, {"a": 1}, "", "not a date", "\x00"]


def _check(path: Path, fmt: str, shown: str, *, needs_place: bool) -> None:
    """Parse ``path``; a failure must be a BadImportFile naming ``shown`` in plain words."""
    try:
        result = parse(path, fmt)
    except BadImportFile as error:
        message = str(error)
        assert message.startswith(shown), message
        assert not PYTHON_WORDING.search(error.reason), message
        if needs_place:
            assert error.line or error.entry, message
        return
    assert isinstance(result, ParsedFile)
    for item in result.entries:  # what was accepted is text, never a Python repr
        assert not re.search(r"^\{'|^\['", item.entry.title + item.entry.body)


def _field_mutations(document: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
    variants = []
    for key in fields:
        for value in BAD_VALUES:
            broken = json.loads(json.dumps(document))
            broken["entries"][-1][key] = value
            variants.append(broken)
        broken = json.loads(json.dumps(document))
        broken["entries"][-1].pop(key, None)
        variants.append(broken)
    return variants


def _byte_mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    chance = random.Random(seed)
    variants = [b"", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", bytes(range(256)), b"\x00" * 64]
    for cut in range(1, len(data), max(1, len(data) // 15)):
        variants.append(data[:cut])
    while len(variants) < count:
        changed = bytearray(data)
        for _ in range(chance.randint(1, 6)):
            changed[chance.randrange(len(changed))] = chance.randrange(256)
        variants.append(bytes(changed))
    return variants


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CASES: list[tuple[str, str, str, list[str]]] = [
    ("dayone", "dayone.json", "Journal.json", ["uuid", "creationDate", "modifiedDate", "text",
                                                "tags"]),
    ("jrnl-json", "jrnl.json", "journal.json", ["date", "time", "title", "body", "tags"]),
    ("json", "ours.json", "export.json", ["uid", "kind", "title", "body", "tags", "details",
                                          "occurred_at", "questions", "links"]),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "fixture", "name", "fields"), CASES)
def test_malformed_fields_name_the_entry(
    tmp_path: Path, fmt: str, fixture: str, name: str, fields: list[str]
) -> None:
    document = json.loads((FIXTURES / fixture).read_text("utf-8"))
    variants = _field_mutations(document, fields)
    assert len(variants) >= 50
    for number, variant in enumerate(variants):
        path = _write(tmp_path, name, json.dumps(variant).encode())
        _check(path, fmt, name, needs_place=True)
        assert number >= 0


def test_an_object_as_day_one_text_is_an_error_naming_file_and_entry(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "dayone.json").read_text("utf-8"))
    document["entries"][1]["text"] = {"ops": [{"insert": "hello"}]}
    path = _write(tmp_path, "Journal.json", json.dumps(document).encode())
    with pytest.raises(BadImportFile) as caught:
        parse(path, "dayone")
    assert str(caught.value) == (
        "Journal.json, entry 2: this entry can't be read: its “text” is an object, not text."
    )


@pytest.mark.parametrize(
    ("fmt", "fixture", "name"),
    [
        ("dayone", "dayone.json", "Journal.json"),
        ("jrnl-json", "jrnl.json", "journal.json"),
        ("json", "ours.json", "export.json"),
        ("jrnl", "jrnl.txt", "journal.txt"),
    ],
)
def test_damaged_bytes_give_a_typed_error_naming_the_file(
    tmp_path: Path, fmt: str, fixture: str, name: str
) -> None:
    variants = _byte_mutations((FIXTURES / fixture).read_bytes(), 100, seed=len(name))
    for data in variants:
        _check(_write(tmp_path, name, data), fmt, name, needs_place=False)


def test_damaged_zips_give_a_typed_error_naming_the_zip(tmp_path: Path) -> None:
    for data in _byte_mutations((FIXTURES / "dayone-export.zip").read_bytes(), 100, seed=3):
        _check(_write(tmp_path, "export.zip", data), "dayone", "export.zip", needs_place=False)


MARKDOWN_BREAKAGES: list[Callable[[str], str]] = [
    lambda text: text.replace("---\n", "", 1),
    lambda text: text.replace("\n---\n", "\n", 1),
    lambda text: text.replace("date: 2024-03-01", "date: 2024-13-45"),
    lambda text: text.replace("date: 2024-03-01", "date: {{date:YYYY-MM-DD}}"),
    lambda text: text.replace("date: 2024-03-01", "date:"),
    lambda text: text.replace("tags:", "tags"),
    lambda text: text.replace("tags:", ":"),
    lambda text: "---\n" + text,
    lambda text: text + "\x00",
]


def test_damaged_markdown_names_the_file_relative_to_the_folder(tmp_path: Path) -> None:
    original = (FIXTURES / "markdown" / "no-date.md").read_text("utf-8")
    for number, breakage in enumerate(MARKDOWN_BREAKAGES):
        folder = tmp_path / f"notes{number}"
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "note.md").write_text(breakage(original), "utf-8")
        try:
            parsed = parse(folder, "markdown")
        except BadImportFile as error:
            assert str(error).startswith("sub/note.md"), str(error)
            assert not PYTHON_WORDING.search(error.reason)
            continue
        for omission in parsed.omissions:
            assert all(example.startswith("sub/note.md") for example in omission.examples)


def test_a_zip_without_a_journal_and_a_password_protected_one(tmp_path: Path) -> None:
    empty = tmp_path / "photos.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("photos/a.jpeg", b"x")
    with pytest.raises(BadImportFile, match=r"^photos.zip: the zip holds no Day One"):
        parse(empty, "dayone")


def test_a_bad_date_is_quoted_only_when_it_is_made_of_date_characters(tmp_path: Path) -> None:
    source = tmp_path / "journal.txt"
    source.write_text("[2024-01-05 my secret plan] Title.\n")
    with pytest.raises(BadImportFile) as caught:
        parse(source, "jrnl")
    assert str(caught.value) == "journal.txt, line 1: the date is not a date and time jrnl writes."
    source.write_text("[2024-13-45 10:00] Title.\n")
    with pytest.raises(BadImportFile, match="“2024-13-45 10:00” is not a date"):
        parse(source, "jrnl")
