"""What every importer produces, and the errors and identities they share.

A parser turns a file into :class:`ParsedEntry` items (an ``Entry`` plus where it came from), or
raises :class:`BadImportFile` naming the file and line. Parsers never touch the vault.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from journal_app.domain import Entry, ValidationError, as_utc, validate_entry

UID_PREFIX = "import-"


class ImportProblem(Exception):
    """Base class for import failures; the message is for people and quotes no entry text."""


class BadImportFile(ImportProblem):
    """The file can't be read as the chosen format. Names the file and, when known, the line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        where = f"{Path(path).name}, line {line}" if line else f"{Path(path).name}"
        super().__init__(f"{where}: {message}")
        self.path = Path(path)
        self.line = line
        self.reason = message


class ImportCancelled(ImportProblem):
    def __init__(self) -> None:
        super().__init__("The import was cancelled. Nothing was added to the journal.")


@dataclass(frozen=True)
class ParsedEntry:
    entry: Entry
    source: Path
    line: int | None = None


@dataclass(frozen=True)
class ParsedFile:
    entries: list[ParsedEntry]
    articles: list[tuple[str, str]] = field(default_factory=list)  # (slug, document)
    warnings: list[str] = field(default_factory=list)


def stable_uid(occurred_at: datetime, title: str, body: str) -> str:
    """The same entry imported twice (even from jrnl text and then jrnl JSON) gets one uid."""
    moment = as_utc(occurred_at).replace(microsecond=0).isoformat()
    digest = hashlib.sha256("\0".join((moment, title.strip(), body.strip())).encode()).hexdigest()
    return UID_PREFIX + digest[:32]


def checked(entry: Entry, source: Path, line: int | None) -> ParsedEntry:
    """Validate now, so a bad entry is reported with its place before anything is saved."""
    try:
        validate_entry(entry)
    except ValidationError as error:
        raise BadImportFile(source, line, f"this entry can't be imported: {error}") from None
    return ParsedEntry(entry, source, line)


def title_and_body(text: str) -> tuple[str, str]:
    """Split free text into a one-line title and a body, as jrnl does (first sentence/line)."""
    text = text.strip()
    first_line, _, rest = text.partition("\n")
    for index, char in enumerate(first_line):
        if char in ".?!" and (index + 1 == len(first_line) or first_line[index + 1] == " "):
            title = first_line[: index + 1] if char != "." else first_line[:index]
            remainder = first_line[index + 1 :].strip()
            body = "\n".join(part for part in (remainder, rest.strip()) if part)
            if len(title) <= 300:
                return title.strip(), body
            break
    if len(first_line) <= 300:
        return first_line.strip(), rest.strip()
    return "", text


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1
