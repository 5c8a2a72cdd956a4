"""Day One exports: every journal of a zip, nothing empty, nothing malformed stored."""

from __future__ import annotations

import json
import zipfile
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

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
REAL = FIXTURES / "real" / "dayone2-textbundle" / "demo.json"


def _export(tmp_path: Path) -> Path:
    """A zip like Day One writes for two journals: one JSON file each, photos beside them."""
    path = tmp_path / "Export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(REAL, "Travel.json")
        archive.write(FIXTURES / "dayone.json", "Therapy.json")
        archive.writestr("photos/cf80411fda6ba991b6110b2365fb8286.jpeg", b"\xff\xd8")
        archive.writestr("__MACOSX/._Therapy.json", b"junk")
    return path


def test_every_journal_of_a_zip_is_imported_with_its_name_as_a_tag(
    journal: Vault, tmp_path: Path
) -> None:
    path = _export(tmp_path)
    parsed = parse(path, "dayone")
    assert len(parsed.entries) == 5  # 3 of 4 from Travel (one is empty), 2 from Therapy
    assert {item.journal for item in parsed.entries} == {"Travel", "Therapy"}
    therapy = [item.entry for item in parsed.entries if item.journal == "Therapy"]
    assert therapy[0].tags == ("therapy", "first", "Therapy")
    found = preview(path, "dayone", journal)
    assert found.count == 5
    assert import_file(journal, path, "dayone").added == 5
    assert import_file(journal, path, "dayone").added == 0


def test_the_journal_tag_is_a_choice(tmp_path: Path) -> None:
    path = _export(tmp_path)
    untagged = parse(path, "dayone", ImportOptions(journal_as_tag=False))
    assert all(item.journal not in item.entry.tags for item in untagged.entries if item.journal)
    tagged = parse(REAL, "dayone", ImportOptions(journal_as_tag=True))
    assert all(entry.entry.tags[-1:] == ("demo",) for entry in tagged.entries)


def test_what_will_not_come_over_is_listed_before_the_import(tmp_path: Path) -> None:
    entries = json.loads((FIXTURES / "dayone.json").read_text("utf-8"))["entries"]
    media_only = {
        "uuid": "0" * 32,
        "creationDate": "2024-01-01T10:00:00Z",
        "text": "![](dayone-moment:/video/AB12)\n![](dayone-moment:/audio/CD34)",
        "videos": [{"identifier": "AB12"}],
        "audios": [{"identifier": "CD34"}],
        "location": {"placeName": "Somewhere", "latitude": 1.0},
        "weather": {"conditionsDescription": "Rain"},
    }
    located = dict(entries[0], location={"localityName": "Berlin"}, weather={"temp": 3})
    source = tmp_path / "Journal.json"
    source.write_text(json.dumps({"entries": [located, entries[1], media_only]}))
    parsed = parse(source, "dayone")
    assert len(parsed.entries) == 2  # the video-and-audio entry isn't an empty entry
    kinds = {o.kind: (o.count, o.entries, o.examples) for o in parsed.omissions}
    assert kinds["empty"] == (1, 1, ("Journal.json, entry 3",))
    assert kinds["videos"] == (1, 1, ("Journal.json, entry 3",))
    assert kinds["audio"] == (1, 1, ("Journal.json, entry 3",))
    assert kinds["photos"] == (1, 1, ("Journal.json, entry 2",))
    assert kinds["stars"][1] == 1
    assert kinds["location"] == (1, 1, ("Journal.json, entry 1",))
    assert kinds["weather"] == (1, 1, ("Journal.json, entry 1",))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("text", {"ops": []}, "its “text” is an object, not text"),
        ("text", ["a"], "its “text” is a list, not text"),
        ("tags", "therapy", "its “tags” is not a list of words"),
        ("creationDate", "yesterday", "its “creationDate” is not a date"),
        ("uuid", None, "its “uuid” is missing"),
    ],
)
def test_a_malformed_field_names_file_and_entry(
    tmp_path: Path, field: str, value: object, reason: str
) -> None:
    document = json.loads((FIXTURES / "dayone.json").read_text("utf-8"))
    document["entries"][1][field] = value
    path = tmp_path / "Export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Journal.json", json.dumps(document))
    with pytest.raises(BadImportFile) as caught:
        parse(path, "dayone")
    assert (
        str(caught.value)
        == f"Export.zip/Journal.json, entry 2: this entry can't be read: {reason}."
    )


def test_tags_this_journal_cannot_keep_are_adjusted_and_reported(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "dayone.json").read_text("utf-8"))
    document["entries"][0]["tags"] = ["family, work", "x" * 80, " ", *[f"t{n}" for n in range(60)]]
    source = tmp_path / "Journal.json"
    source.write_text(json.dumps(document))
    parsed = parse(source, "dayone")
    tags = parsed.entries[0].entry.tags
    assert tags[:2] == ("family work", "x" * 60) and len(tags) == 50
    assert parsed.entries[1].entry.tags == ()
    (changed,) = [o for o in parsed.omissions if o.kind == "tags-changed"]
    assert changed.examples == ("Journal.json, entry 1",)
