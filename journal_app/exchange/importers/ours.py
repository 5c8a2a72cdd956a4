"""Our own JSON export (``between-sessions-journal`` version 1) read back, losslessly."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from journal_app.domain import Entry
from journal_app.domain.codec import entry_from_dict
from journal_app.exchange.importers.base import (
    BadImportFile,
    ImportOptions,
    ParsedEntry,
    ParsedFile,
    checked,
    decode_text,
    load_json,
    read_bounded,
    text_field,
    text_list,
)

FORMAT_NAME = "between-sessions-journal"
# How Python's own ValueErrors read (enum and int conversions); never shown as they are.
_PYTHON_WORDING = re.compile(r"is not a valid|invalid literal|could not convert")
SUPPORTED_VERSION = 1


def _details(item: dict[str, Any]) -> None:
    details = item.get("details") or {}
    if not isinstance(details, dict):
        raise ValueError("its “details” are not an object")
    for key, value in details.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and not all(isinstance(part, str) for part in value)
        ):
            raise ValueError(f"its detail “{key}” is malformed")


def _entry(item: dict[str, Any]) -> Entry:
    """The shared codec reads the entry; the fields a person typed are type-checked first,
    so an object where text belongs is an error, never stored as its Python repr."""
    text_field(item, "title")
    text_field(item, "body")
    text_list(item, "tags")
    _details(item)
    for name in ("occurred_at", "created_at", "updated_at"):
        value = item.get(name, item.get("occurred_at"))
        if not isinstance(value, str):
            raise ValueError("a timestamp is missing")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("a timestamp is not a date and time") from None
    return entry_from_dict(item)


def parse(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    data = read_bounded(path)
    text = decode_text(data, path)
    document = load_json(data, path)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BadImportFile(path, 1, "this is not a Between Sessions journal export.")
    version = document.get("version")
    if not isinstance(version, int) or version > SUPPORTED_VERSION:
        raise BadImportFile(
            path, 1, f"this export is format version {version}; please update the app."
        )
    items = document.get("entries")
    if not isinstance(items, list):
        raise BadImportFile(path, 1, "the export has no list of entries.")
    entries: list[ParsedEntry] = []
    # Where each entry starts, for error messages: its uid's line, counted incrementally.
    search_from, line_at_search = 0, 1
    for number, item in enumerate(items, start=1):
        uid = item.get("uid") if isinstance(item, dict) else None
        found = text.find(f'"{uid}"', search_from) if isinstance(uid, str) and uid else -1
        line = None
        if found >= 0:
            line_at_search += text.count("\n", search_from, found)
            search_from, line = found, line_at_search
        try:
            if not isinstance(item, dict) or not uid:
                raise ValueError("it has no uid")
            entry = _entry(item)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            if isinstance(error, KeyError):
                detail = f"missing {error}"
            elif isinstance(error, ValueError) and not _PYTHON_WORDING.search(str(error)):
                detail = str(error)
            else:  # Python's own wording ("'int' object has no attribute…") helps nobody
                detail = "a field holds the wrong kind of value"
            raise BadImportFile(
                path, line, f"entry {number} can't be read ({detail}).", entry=number
            ) from None
        entries.append(checked(entry, path, line, number=number))
    articles: list[tuple[str, str]] = []
    for item in document.get("articles") or []:
        if not isinstance(item, dict) or not item.get("slug") or "document" not in item:
            raise BadImportFile(path, None, "an article in the export has no slug or document.")
        articles.append((str(item["slug"]), str(item["document"])))
    return ParsedFile(entries, articles)
