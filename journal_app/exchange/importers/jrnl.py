"""jrnl (jrnl.sh): its plain-text journal file and its JSON export.

Plain text: each entry starts with ``[2024-01-05 09:12] Title. Body…`` (jrnl 1 files have no
brackets); the following lines, up to the next such line, belong to it. Titles are split as jrnl
splits them (the first line of a longer entry, else its first sentence, punctuation kept), so the
text file and jrnl's JSON export of it agree. A ``*`` at the end of the first line is jrnl's star.
``@tags`` become tags as jrnl reads them (``@c++``, ``@os/2`` whole, lower case). A bracketed
stamp that isn't a date (``[1] a list``) is text. jrnl stores local times without a zone, so they
are read as this computer's local time. Encrypted journals are recognised and explained.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from journal_app.domain import Entry, EntryKind, as_utc
from journal_app.exchange.importers.base import (
    BadImportFile,
    ImportOptions,
    OmissionReport,
    ParsedEntry,
    ParsedFile,
    checked,
    decode_text,
    entry_list,
    fitting_tags,
    load_json,
    read_bounded,
    stable_uid,
    text_field,
    text_list,
    title_and_body,
    unique,
)

_BRACKETED = re.compile(r"^\[(?P<stamp>[^\]\n]+)\](?:[ \t]+(?P<rest>.*))?$")
_BARE = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}|\d{2}\.\d{2}\.\d{4} \d{1,2}:\d{2})"
    r"(?:[ \t]+(?P<rest>.*))?$"
)  # jrnl 1 wrote no brackets, in its timeformat (ISO, or day-first with dots)
_LOOKS_LIKE_A_DATE = re.compile(r"^\s*\d{4}-\d{1,2}")
_DATE_CHARACTERS = re.compile(r"[\d\-:./ TAPMapm]{1,40}")
_TAG = re.compile(r"(?<!\S)@([-+*#/\w]+)")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %I:%M%p",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m %H:%M",  # jrnl reads a missing day as the first of the month
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M",  # jrnl's timeformat for day-first journals
    "%d.%m.%Y",
)
ENCRYPTED = (
    "This is an encrypted jrnl journal. Open it with jrnl and export it as JSON "
    "(`jrnl --format json > journal.json`), then import that file as a jrnl JSON export."
)


def local_time(text: str, custom: str | None = None) -> datetime:
    """A jrnl date and time, read as this computer's local time; ValueError if it isn't one.

    ``custom`` is the journal's own ``timeformat`` when it isn't jrnl's default; it is tried first.
    """
    for pattern in (custom, *_TIME_FORMATS) if custom else _TIME_FORMATS:
        try:
            moment = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        if pattern.count("%H") == 0 and "%I" not in pattern:
            moment = moment.replace(hour=9)  # jrnl's default hour for a date alone
        return as_utc(moment)
    # Quote the stamp only when it is made of date characters: it must never carry entry text.
    shown = f"“{text.strip()}”" if _DATE_CHARACTERS.fullmatch(text.strip()) else "the date"
    raise ValueError(f"{shown} is not a date and time jrnl writes")


def tags_in(*texts: str) -> tuple[str, ...]:
    found = (
        tag.rstrip("-/").casefold() for text in texts if "@" in text for tag in _TAG.findall(text)
    )
    return unique(tag for tag in found if tag)


def _entry(moment: datetime, title: str, body: str, tags: tuple[str, ...]) -> Entry:
    return Entry.new(
        EntryKind.REFLECTION,
        uid=stable_uid(moment, title, body),
        title=title,
        body=body,
        tags=tags,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
    )


def is_encrypted(data: bytes) -> bool:
    """jrnl 3 (``JRNLv``), jrnl 2 (one Fernet token) or jrnl 1 (raw AES blocks)."""
    head = data[:64].lstrip()
    if head.startswith(b"JRNLv"):
        return True
    stripped = data.strip()
    if stripped.startswith(b"gAAAAA") and re.fullmatch(rb"[A-Za-z0-9_\-=]+", stripped):
        return True
    if len(data) >= 32 and len(data) % 16 == 0:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def _read(path: Path) -> str:
    data = read_bounded(path)
    if is_encrypted(data):
        raise BadImportFile(path, None, ENCRYPTED)
    if b"\x00" in data[:8192]:
        raise BadImportFile(path, None, "this is a binary file, not a jrnl journal.")
    return decode_text(data, path)


def _header(
    line: str, number: int, path: Path, shown: str, custom: str | None
) -> tuple[datetime, str] | None:
    match = _BRACKETED.match(line) or _BARE.match(line)
    if not match:
        return None
    stamp = match.group("stamp")
    try:
        return local_time(stamp, custom), match.group("rest") or ""
    except ValueError as error:
        if _LOOKS_LIKE_A_DATE.match(stamp):
            raise BadImportFile(path, number, str(error) + ".", shown=shown) from None
        return None  # "[1] first point": text, as jrnl reads it


def parse_lines(
    text: str,
    path: Path,
    shown: str,
    report: OmissionReport,
    *,
    first_line: int = 1,
    time_format: str | None = None,
) -> list[ParsedEntry]:
    """Entries from jrnl text; ``first_line`` is where ``text`` starts in its file."""
    entries: list[ParsedEntry] = []
    current: tuple[int, datetime, str] | None = None
    body_lines: list[str] = []

    def finish() -> None:
        if current is None:
            return
        line, moment, first = current
        starred = first.rstrip().endswith("*")
        if starred:
            first = first.strip(" *\t")
        title, body = title_and_body("\n".join([first, *body_lines]))
        place = f"{shown}, line {line}"
        if not title and not body:
            report.add("empty", place)
            return
        if starred:
            report.add("stars", place)
        tags = fitting_tags(tags_in(title, body), report, place)
        entry = _entry(moment, title, body, tags)
        entries.append(checked(entry, path, line, shown=shown, starred=starred))

    for number, raw in enumerate(text.splitlines(), start=first_line):
        header = _header(raw, number, path, shown, time_format)
        if header is not None:
            finish()
            current, body_lines = (number, header[0], header[1]), []
        elif current is None:
            if raw.strip():
                raise BadImportFile(
                    path,
                    number,
                    "expected an entry starting like “[2024-01-05 09:12] Title.”",
                    shown=shown,
                )
        else:
            body_lines.append(raw)
    finish()
    return entries


def parse_text(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    report = OmissionReport()
    time_format = options.jrnl_time_format if options else None
    entries = parse_lines(_read(path), path, path.name, report, time_format=time_format)
    if not entries and not report.count("empty"):
        raise BadImportFile(path, None, "no jrnl entries were found in this file.")
    return ParsedFile(entries, omissions=report.items())


def _json_entry(item: Any) -> tuple[datetime, str, str, tuple[str, ...], bool]:
    if not isinstance(item, dict):
        raise ValueError("it is not an entry object")
    day, time = text_field(item, "date"), text_field(item, "time")
    if not day:
        raise ValueError("its “date” is missing")
    moment = local_time(f"{day} {time or '00:00'}")
    title, body = text_field(item, "title").strip(), text_field(item, "body").strip()
    tags = unique(tag.lstrip("@").strip() for tag in text_list(item, "tags") if tag.strip("@ "))
    return moment, title, body, tags or tags_in(title, body), item.get("starred") is True


def parse_json(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    data = read_bounded(path)
    if is_encrypted(data):
        raise BadImportFile(path, None, ENCRYPTED)
    items = entry_list(load_json(data, path), path, "a jrnl JSON export")
    report = OmissionReport()
    entries: list[ParsedEntry] = []
    for number, item in enumerate(items, start=1):
        place = f"{path.name}, entry {number}"
        try:
            moment, title, body, tags, starred = _json_entry(item)
        except ValueError as error:
            raise BadImportFile(
                path, None, f"this entry can't be read: {error}.", entry=number
            ) from None
        if not title and not body:
            report.add("empty", place)
            continue
        if starred:
            report.add("stars", place)
        if len(title) > 300 or "\n" in title:
            title, body = "", f"{title}\n{body}".strip()
        entry = _entry(moment, title, body, fitting_tags(tags, report, place))
        entries.append(checked(entry, path, None, number=number, starred=starred))
    return ParsedFile(entries, omissions=report.items())
