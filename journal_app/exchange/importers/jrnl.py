"""jrnl (jrnl.sh): its plain-text journal file and its JSON export.

Plain text: each entry starts with ``[2024-01-05 09:12] Title. Body…`` (older files have no
brackets); the following lines, up to the next such line, belong to it. The first sentence is the
title, as jrnl itself reads it. ``@tags`` become tags; the text is kept exactly as written.
jrnl stores local times without a zone, so they are read as this computer's local time.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from journal_app.domain import Entry, EntryKind, as_utc
from journal_app.exchange.importers.base import (
    BadImportFile,
    ParsedEntry,
    ParsedFile,
    checked,
    stable_uid,
    title_and_body,
)

_HEADER = re.compile(
    r"^(?:\[(?P<bracketed>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)\]"
    r"|(?P<bare>\d{4}-\d{2}-\d{2} \d{2}:\d{2}))(?: (?P<rest>.*))?$"
)
_TAG = re.compile(r"(?<![\w@])@([\w][\w-]*)")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %I:%M%p",
)


def _parse_local_time(text: str) -> datetime:
    for pattern in _TIME_FORMATS:
        try:
            return as_utc(datetime.strptime(text.strip(), pattern))
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date and time jrnl writes")


def tags_in(*texts: str) -> tuple[str, ...]:
    return tuple(tag for text in texts for tag in _TAG.findall(text))


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


def parse_text(path: Path) -> ParsedFile:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise BadImportFile(path, None, "the file is not UTF-8 text.") from None
    entries: list[ParsedEntry] = []
    current: tuple[int, datetime, str] | None = None
    body_lines: list[str] = []

    def finish() -> None:
        if current is None:
            return
        line, moment, first = current
        text = "\n".join([first, *body_lines]).strip()
        if text.endswith(" *") or text == "*":  # jrnl's "starred" mark
            text = text[:-1].rstrip()
        title, body = title_and_body(text)
        entries.append(checked(_entry(moment, title, body, tags_in(title, body)), path, line))

    for number, raw in enumerate(lines, start=1):
        match = _HEADER.match(raw)
        if match:
            finish()
            stamp = match.group("bracketed") or match.group("bare")
            try:
                moment = _parse_local_time(stamp)
            except ValueError as error:
                raise BadImportFile(path, number, str(error) + ".") from None
            current, body_lines = (number, moment, match.group("rest") or ""), []
        elif current is None:
            if raw.strip():
                raise BadImportFile(
                    path, number, "expected an entry starting like “[2024-01-05 09:12] Title.”"
                )
        else:
            body_lines.append(raw)
    finish()
    if not entries:
        raise BadImportFile(path, None, "no jrnl entries were found in this file.")
    return ParsedFile(entries)


def parse_json(path: Path) -> ParsedFile:
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise BadImportFile(path, error.lineno, f"this is not valid JSON ({error.msg}).") from None
    except UnicodeDecodeError:
        raise BadImportFile(path, None, "the file is not UTF-8 text.") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise BadImportFile(path, 1, "this is not a jrnl JSON export (no “entries” list).")
    entries: list[ParsedEntry] = []
    for number, item in enumerate(document["entries"], start=1):
        try:
            moment = _parse_local_time(f"{item['date']} {item.get('time') or '00:00'}")
            title = str(item.get("title", "")).strip()
            body = str(item.get("body", "")).strip()
            tags = tuple(str(tag).lstrip("@") for tag in item.get("tags") or ()) or tags_in(
                title, body
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
            raise BadImportFile(path, None, f"entry {number} can't be read ({detail}).") from None
        if len(title) > 300 or "\n" in title:
            title, body = "", f"{title}\n{body}".strip()
        entries.append(checked(_entry(moment, title, body, tags), path, None))
    return ParsedFile(entries)
