"""Our own JSON export (``between-sessions-journal`` version 1) read back, losslessly."""

from __future__ import annotations

import json
from pathlib import Path

from journal_app.domain.codec import entry_from_dict
from journal_app.exchange.importers.base import (
    BadImportFile,
    ParsedEntry,
    ParsedFile,
    checked,
)

FORMAT_NAME = "between-sessions-journal"
SUPPORTED_VERSION = 1


def parse(path: Path) -> ParsedFile:
    text = _read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadImportFile(path, error.lineno, f"this is not valid JSON ({error.msg}).") from None
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
            entry = entry_from_dict(item)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
            raise BadImportFile(path, line, f"entry {number} can't be read ({detail}).") from None
        entries.append(checked(entry, path, line))
    articles: list[tuple[str, str]] = []
    for item in document.get("articles") or []:
        if not isinstance(item, dict) or not item.get("slug") or "document" not in item:
            raise BadImportFile(path, None, "an article in the export has no slug or document.")
        articles.append((str(item["slug"]), str(item["document"])))
    return ParsedFile(entries, articles)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BadImportFile(path, line, "the file is not UTF-8 text.") from None
