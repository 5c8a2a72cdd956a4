"""A folder of Markdown files, one entry per file, with optional front matter.

Front matter is the simple ``key: value`` block between ``---`` lines that most note apps write:
``date`` (or ``created``), ``title`` and ``tags`` (``[a, b]``, ``a, b`` or a ``- a`` list).
Without a date, one at the start of the file name (``2024-01-05 ...md``) is used, else the file's
modification time. Without a title, a leading ``# Heading`` or else the file name is used.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from journal_app.domain import Entry, EntryKind, as_utc
from journal_app.exchange.importers.base import (
    BadImportFile,
    ParsedEntry,
    ParsedFile,
    checked,
    stable_uid,
)

_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T_](\d{2})[:.-]?(\d{2}))?")
SUFFIXES = (".md", ".markdown", ".txt")


def _parse_date(value: str) -> datetime:
    value = value.strip().strip("'\"")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return as_utc(moment)


def _front_matter(lines: list[str], path: Path) -> tuple[dict[str, str | list[str]], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    fields: dict[str, str | list[str]] = {}
    last_key: str | None = None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return fields, number
        if line.lstrip().startswith("- ") and last_key is not None:
            current = fields.get(last_key)
            items = current if isinstance(current, list) else []
            items.append(line.strip()[2:].strip().strip("'\""))
            fields[last_key] = items
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            if line.strip():
                raise BadImportFile(path, number, "the front matter line is not “key: value”.")
            continue
        last_key = key.strip().lower()
        fields[last_key] = value.strip()
    raise BadImportFile(path, 1, "the front matter starting here is never closed with “---”.")


def _tags(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    text = value.strip().strip("[]")
    return tuple(part.strip().strip("'\"").lstrip("#") for part in text.split(",") if part.strip())


def parse_file(path: Path) -> ParsedEntry:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadImportFile(path, None, "the file is not UTF-8 text.") from None
    lines = text.splitlines()
    fields, body_start = _front_matter(lines, path)
    body_lines = lines[body_start:]
    raw_date = fields.get("date") or fields.get("created")
    try:
        if isinstance(raw_date, str) and raw_date:
            moment = _parse_date(raw_date)
        elif match := _NAME_DATE.match(path.name):
            day, hour, minute = match.groups()
            moment = as_utc(datetime.fromisoformat(f"{day}T{hour or '12'}:{minute or '00'}"))
        else:
            moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except ValueError:
        raise BadImportFile(path, 2, f"“{raw_date}” is not a date (use 2024-01-05).") from None
    title_field = fields.get("title")
    title = title_field.strip().strip("'\"") if isinstance(title_field, str) else ""
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    if not title and body_lines and body_lines[0].startswith("# "):
        title = body_lines.pop(0)[2:].strip()
    if not title:
        title = _NAME_DATE.sub("", path.stem).strip(" -_") or ""
    body = "\n".join(body_lines).strip()
    entry = Entry.new(
        EntryKind.REFLECTION,
        uid=stable_uid(moment, title, body),
        title=title,
        body=body,
        tags=_tags(fields.get("tags")),
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
    )
    return checked(entry, path, 1)


def parse(folder: Path) -> ParsedFile:
    if not folder.is_dir():
        raise BadImportFile(folder, None, "please choose a folder of Markdown files.")
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        raise BadImportFile(folder, None, "there are no Markdown (.md) files in this folder.")
    return ParsedFile([parse_file(path) for path in files])
