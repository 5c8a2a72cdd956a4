"""A small hostile file can't make an import eat the memory: bounded zips and JSON."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from journal_app.exchange.importers import BadImportFile, parse
from journal_app.exchange.importers import base as limits

ENTRY = {
    "uuid": "5F2A0B6C1D3E4F5A8B9C0D1E2F3A4B5C",
    "creationDate": "2023-11-20T08:15:00Z",
    "text": "# A title\n\nSome words.",
}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # 300 MB of spaces inside a valid JSON document squeeze to about 300 KB.
    padding = b" " * (300 * 1024 * 1024)
    bomb = _zip(tmp_path / "export.zip", {"Journal.json": b'{"entries": [' + padding + b"]}"})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(BadImportFile) as caught:
        parse(bomb, "dayone")
    assert str(caught.value).startswith("export.zip/Journal.json: ")
    assert "more than 200 MB" in str(caught.value)


def test_a_journal_over_the_limit_is_refused_from_its_declared_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024)
    from journal_app.exchange.importers import dayone

    monkeypatch.setattr(dayone, "MAX_FILE_BYTES", 1024)
    document = json.dumps({"entries": [ENTRY] * 50}).encode()
    path = _zip(tmp_path / "export.zip", {"Journal.json": document})
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("Journal.json").file_size > 1024
    with pytest.raises(BadImportFile, match="too large to import"):
        parse(path, "dayone")


def test_the_journals_of_a_zip_are_bounded_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_app.exchange.importers import dayone

    monkeypatch.setattr(dayone, "MAX_TOTAL_BYTES", 3000)
    one = json.dumps({"entries": [ENTRY] * 10}).encode()
    assert 1000 < len(one) < 3000
    path = _zip(tmp_path / "export.zip", {"A.json": one, "B.json": one, "C.json": one})
    with pytest.raises(BadImportFile) as caught:
        parse(path, "dayone")
    assert str(caught.value).startswith("export.zip: ") and "unpack to more than" in str(
        caught.value
    )


def test_a_zip_with_too_many_files_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_app.exchange.importers import dayone

    monkeypatch.setattr(dayone, "MAX_ZIP_MEMBERS", 10)
    members = {f"photos/{n}.jpeg": b"x" for n in range(11)}
    members["Journal.json"] = json.dumps({"entries": [ENTRY]}).encode()
    with pytest.raises(BadImportFile, match="far too many files"):
        parse(_zip(tmp_path / "export.zip", members), "dayone")


@pytest.mark.parametrize("fmt", ["dayone", "jrnl-json", "json"])
def test_deeply_nested_json_is_refused_with_its_line(tmp_path: Path, fmt: str) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    source = tmp_path / "deep.json"
    source.write_text('{"entries": [\n' + nested + "\n]}")
    with pytest.raises(BadImportFile) as caught:
        parse(source, fmt)
    assert "deep.json, line 2: " in str(caught.value)
    assert "nested more than 64 levels" in str(caught.value)


def test_nesting_inside_strings_is_only_text(tmp_path: Path) -> None:
    entry = dict(ENTRY, text="# Brackets\n\n" + "[{" * 500)
    source = tmp_path / "Journal.json"
    source.write_text(json.dumps({"entries": [entry]}))
    assert parse(source, "dayone").entries[0].entry.body == "[{" * 500


def test_millions_of_tiny_values_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_JSON_VALUES", 10_000)
    source = tmp_path / "Journal.json"
    source.write_text('{"entries": [' + ",".join(["{}"] * 20_000) + "]}")
    with pytest.raises(BadImportFile, match="far more parts than any journal export"):
        parse(source, "dayone")


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ENTRIES", 5)
    source = tmp_path / "Journal.json"
    source.write_text(json.dumps({"entries": [ENTRY] * 6}))
    with pytest.raises(BadImportFile, match="more than 5 entries"):
        parse(source, "dayone")


def test_a_large_plain_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    source = tmp_path / "journal.txt"
    source.write_text("[2024-01-05 09:12] Title.\n" + "words " * 100)
    with pytest.raises(BadImportFile, match=r"journal.txt: the file is larger than"):
        parse(source, "jrnl")


def test_a_damaged_zip_is_named_as_such(tmp_path: Path) -> None:
    path = _zip(tmp_path / "export.zip", {"Journal.json": json.dumps({"entries": []}).encode()})
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04") + 40
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    with pytest.raises(BadImportFile) as caught:
        parse(path, "dayone")
    assert str(caught.value).startswith("export.zip")
