"""Day One: its JSON export (``Journal.json``), or the export ``.zip`` holding one JSON file per
journal (and the photos, which are not imported yet).

Each entry has a ``uuid``, a ``creationDate`` (UTC), Markdown ``text`` and ``tags``. The uuid makes
the import idempotent. A leading Markdown heading becomes the title. Every journal in a zip is
imported; with several, each entry is tagged with its journal's name (an option). What doesn't
come over (photos, stars, location, weather, entries with nothing in them) is reported, and the
zip is read within limits, so a small hostile file can't fill the memory.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from journal_app.domain import Entry, EntryKind
from journal_app.exchange.importers.base import (
    MAX_FILE_BYTES,
    MAX_TOTAL_BYTES,
    MAX_ZIP_MEMBERS,
    BadImportFile,
    ImportOptions,
    OmissionReport,
    ParsedEntry,
    ParsedFile,
    checked,
    entry_list,
    fitting_tags,
    load_json,
    read_bounded,
    text_field,
    text_list,
)

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!?>/|~])")
_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:/+[^)]*\)\n*")
_ATTACHMENTS = {"photos": "photos", "audios": "audio", "videos": "videos", "pdfAttachments": "pdfs"}
_MB = 1024 * 1024


def _journals(path: Path) -> list[tuple[str, str, bytes]]:
    """(journal name, shown name, JSON bytes) for the file or for each journal in the zip."""
    if not zipfile.is_zipfile(path):
        return [(path.stem, path.name, read_bounded(path))]
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise BadImportFile(path, None, "the zip holds far too many files to be an export.")
            names = [
                info
                for info in members
                if info.filename.lower().endswith(".json") and not info.is_dir()
                if not any(part.startswith(("__MACOSX", ".")) for part in info.filename.split("/"))
            ]
            if not names:
                raise BadImportFile(path, None, "the zip holds no Day One .json file.")
            found: list[tuple[str, str, bytes]] = []
            total = 0
            for info in sorted(names, key=lambda item: item.filename):
                shown = f"{path.name}/{info.filename}"
                if info.file_size > MAX_FILE_BYTES:
                    raise BadImportFile(path, None, _too_big(MAX_FILE_BYTES), shown=shown)
                with archive.open(info) as member:
                    # Never trust the size the zip declares: read at most one byte past the limit.
                    data = member.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise BadImportFile(path, None, _too_big(MAX_FILE_BYTES), shown=shown)
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise BadImportFile(
                        path,
                        None,
                        f"the journals in the zip unpack to more than {MAX_TOTAL_BYTES // _MB} MB, "
                        "too large to import.",
                    )
                found.append((PurePosixPath(info.filename).stem, shown, data))
            return found
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        reason = "it is encrypted" if "encrypt" in str(error).lower() else "it is damaged"
        raise BadImportFile(path, None, f"the zip can't be unpacked ({reason}).") from None
    except RuntimeError:  # zipfile's word for a password-protected member
        raise BadImportFile(path, None, "the zip is password-protected.") from None


def _too_big(limit: int) -> str:
    return f"the journal unpacks to more than {limit // _MB} MB, too large to import."


def _split(text: str) -> tuple[str, str]:
    text = _MOMENT.sub("", _ESCAPED.sub(r"\1", text)).strip()
    first, _, rest = text.partition("\n")
    if first.startswith("#") and len(first.lstrip("#").strip()) <= 300:
        return first.lstrip("#").strip(), rest.strip()
    return "", text


def _moment(value: Any, key: str) -> datetime:
    if not isinstance(value, str):
        raise ValueError(
            f"its “{key}” is missing" if value is None else f"its “{key}” is not a date"
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"its “{key}” is not a date") from None
    if moment.tzinfo is None:
        raise ValueError(f"its “{key}” has no time zone")
    return moment


def _read_entry(
    item: Any, journal: str, tag_journal: bool, place: str, report: OmissionReport
) -> Entry | None:
    if not isinstance(item, dict):
        raise ValueError("it is not an entry object")
    uuid = item.get("uuid")
    if not isinstance(uuid, str) or not uuid.strip():
        raise ValueError("its “uuid” is missing")
    created = _moment(item.get("creationDate"), "creationDate")
    modified = _moment(item["modifiedDate"], "modifiedDate") if item.get("modifiedDate") else None
    title, body = _split(text_field(item, "text"))
    tags = [tag.strip() for tag in text_list(item, "tags") if tag.strip()]
    if tag_journal and journal:
        tags.append(journal.replace(",", " ").strip())
    for key, kind in _ATTACHMENTS.items():
        attached = item.get(key)
        if isinstance(attached, list) and attached:
            report.add(kind, place, len(attached))
    if not title and not body:
        report.add("empty", place)
        return None
    if item.get("starred") is True:
        report.add("stars", place)
    for key in ("location", "weather"):
        if isinstance(item.get(key), dict) and item[key]:
            report.add(key, place)
    if isinstance(item.get("timeZone"), str) and item["timeZone"] not in ("UTC", "GMT"):
        report.add("time-zone", place)
    return Entry.new(
        EntryKind.REFLECTION,
        uid=f"dayone-{uuid.strip()}",
        title=title,
        body=body,
        tags=fitting_tags(tags, report, place),
        occurred_at=created,
        created_at=created,
        updated_at=modified or created,
    )


def parse(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    options = options or ImportOptions()
    journals = _journals(path)
    tag_journal = (
        options.journal_as_tag if options.journal_as_tag is not None else len(journals) > 1
    )
    entries: list[ParsedEntry] = []
    report = OmissionReport()
    for journal, shown, data in journals:
        document = load_json(data, path, shown)
        items = entry_list(document, path, "a Day One export", shown)
        for number, item in enumerate(items, start=1):
            place = f"{shown}, entry {number}"
            try:
                entry = _read_entry(item, journal, tag_journal, place, report)
            except (TypeError, ValueError) as error:
                raise BadImportFile(
                    path, None, f"this entry can't be read: {error}.", entry=number, shown=shown
                ) from None
            if entry is not None:
                starred = isinstance(item, dict) and item.get("starred") is True
                entries.append(
                    checked(
                        entry,
                        path,
                        None,
                        shown=shown,
                        number=number,
                        starred=starred,
                        journal=journal,
                    )  # fmt: skip
                )
    return ParsedFile(entries, omissions=report.items())
