"""What every importer produces, and the errors, limits and identities they share.

A parser turns a file into :class:`ParsedEntry` items (an ``Entry`` plus where it came from) and
an :class:`OmissionReport` of everything that will not come over, or raises
:class:`BadImportFile` naming the file (relative to what the user chose) and the line or entry.
Parsers never touch the vault.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from journal_app.domain import Entry, ValidationError, as_utc, validate_entry, wording
from journal_app.domain.validation import MAX_TAG_LENGTH, MAX_TAGS

UID_PREFIX = "import-"

# Limits on what one import may hold. A real export of years of writing is far below each; a
# zip bomb or a hostile JSON file hits one long before it can exhaust memory.
MAX_FILE_BYTES = 200 * 1024 * 1024  # one journal file, or one JSON file inside a zip, unpacked
MAX_TOTAL_BYTES = 400 * 1024 * 1024  # everything read from one zip, unpacked
MAX_ENTRIES = 100_000
MAX_JSON_DEPTH = 64
MAX_JSON_VALUES = 5_000_000  # arrays, objects and separators in one JSON document
MAX_ZIP_MEMBERS = 100_000


class ImportProblem(Exception):
    """Base class for import failures; the message is for people and quotes no entry text."""


class BadImportFile(ImportProblem):
    """The file can't be read as the chosen format. Names the file and the line or entry.

    ``shown`` is the name people see: the path relative to the folder they chose, or
    ``export.zip/Journal.json`` inside a zip; by default the file's own name.
    """

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        message: str,
        *,
        entry: int | None = None,
        shown: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.shown = shown or self.path.name or str(path)
        self.line = line
        self.entry = entry
        self.reason = message
        where = self.shown
        if line:
            where += f", line {line}"
        elif entry:
            where += f", entry {entry}"
        super().__init__(f"{where}: {message}")


class ImportCancelled(ImportProblem):
    def __init__(self) -> None:
        super().__init__("The import was cancelled. Nothing was added to the journal.")


# --------------------------------------------------------------------------- what won't come over


@dataclass(frozen=True)
class Omission:
    """One kind of thing that will not come over (or not as it was), with places as examples.

    ``kind`` is a stable key (``photos``, ``stars``, ``no-date``…) for the UI; ``message`` is
    the sentence to show; ``examples`` name places (file, line or entry), never entry text.
    """

    kind: str
    count: int
    entries: int
    message: str
    examples: tuple[str, ...] = ()


MAX_EXAMPLES = 5


class OmissionReport:
    """Collects what an importer leaves out, per kind, while it reads."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}  # kind → [items, entries]
        self._examples: dict[str, list[str]] = {}

    def add(self, kind: str, place: str, items: int = 1) -> None:
        counts = self._counts.setdefault(kind, [0, 0])
        counts[0] += items
        counts[1] += 1
        examples = self._examples.setdefault(kind, [])
        if len(examples) < MAX_EXAMPLES:
            examples.append(place)

    def count(self, kind: str) -> int:
        return self._counts.get(kind, [0, 0])[1]

    def items(self) -> list[Omission]:
        found = []
        for kind, (count, entries) in self._counts.items():
            message = wording.import_omission(kind, count, entries)
            found.append(Omission(kind, count, entries, message, tuple(self._examples[kind])))
        return found


# --------------------------------------------------------------------------- parsed entries


@dataclass(frozen=True)
class ImportOptions:
    """Choices the preview offers. ``journal_as_tag``: None means "when the zip has several"."""

    use_file_times: bool = False
    journal_as_tag: bool | None = None
    jrnl_time_format: str | None = None  # jrnl's ``timeformat`` setting, e.g. "%d/%m/%Y %I:%M %p"


@dataclass(frozen=True)
class ParsedEntry:
    entry: Entry
    source: Path
    line: int | None = None
    starred: bool = False  # kept here until entries have a star of their own
    journal: str | None = None  # the Day One journal it came from


@dataclass(frozen=True)
class ParsedFile:
    entries: list[ParsedEntry]
    articles: list[tuple[str, str]] = field(default_factory=list)  # (slug, document)
    omissions: list[Omission] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """The omissions as sentences, for callers that show plain lines."""
        return [item.message for item in self.omissions]


# Punctuation and spaces, dropped from the identity (str.translate: ten times a regex's speed).
_NOT_WORDS = str.maketrans(
    "",
    "",
    string.punctuation + string.whitespace + "\u00a0\u2018\u2019\u201c\u201d\u2026"
    "\u2013\u2014\u00ab\u00bb\u3002\uff01\uff1f\uff0e",
)


def content_key(title: str, body: str) -> str:
    """Text reduced to its words: the same entry split or punctuated differently matches."""
    return f"{title} {body}".casefold().translate(_NOT_WORDS)


def stable_uid(occurred_at: datetime | None, title: str, body: str) -> str:
    """One uid for one entry, however it was written down.

    jrnl text and jrnl JSON of the same journal split titles differently and differ in
    punctuation and seconds; the uid is the minute and the words, so they agree. Without a
    moment (a file dated only by its file time) the words alone are the identity, so
    touching the file doesn't make it new.
    """
    moment = (
        as_utc(occurred_at).replace(second=0, microsecond=0).isoformat()
        if occurred_at is not None
        else "undated"
    )
    digest = hashlib.sha256("\0".join((moment, content_key(title, body))).encode()).hexdigest()
    return UID_PREFIX + digest[:32]


def checked(
    entry: Entry,
    source: Path,
    line: int | None,
    *,
    shown: str | None = None,
    number: int | None = None,
    starred: bool = False,
    journal: str | None = None,
) -> ParsedEntry:
    """Validate now, so a bad entry is reported with its place before anything is saved."""
    try:
        validate_entry(entry)
    except ValidationError as error:
        raise BadImportFile(
            source, line, f"this entry can't be imported: {error}", entry=number, shown=shown
        ) from None
    return ParsedEntry(entry, source, line, starred=starred, journal=journal)


# jrnl's sentence end: a terminal, an optional closing quote and brackets, then spaces.
_SENTENCE_END = re.compile(r"[.!?\u2026\u203c\u203d\u2047-\u2049][\'\"\u2019\u201d]?[\])]*\s+")
_CJK_SENTENCE_END = re.compile(r"[\uff01\uff0e\uff1f\uff61\u3002]")
MAX_TITLE = 300


def title_and_body(text: str) -> tuple[str, str]:
    """Split free text into a title and a body the way jrnl does.

    Several lines: the first line is the title, whole. One line: its first sentence, with its
    punctuation. A title too long to be one is left in the body.
    """
    text = text.strip()
    first_line, newline, rest = text.partition("\n")
    if newline:
        title, body = first_line.strip(), rest.strip()
    else:
        end = _SENTENCE_END.search(text + " ") or _CJK_SENTENCE_END.search(text)
        cut = end.end() if end else len(text)
        title, body = text[:cut].strip(), text[cut:].strip()
    if len(title) > MAX_TITLE:
        return "", text
    return title, body


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


# --------------------------------------------------------------------------- reading, bounded


def read_bounded(path: Path, shown: str | None = None) -> bytes:
    """A file's bytes, refusing one larger than :data:`MAX_FILE_BYTES`."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BadImportFile(path, None, _too_large(), shown=shown)
    return data


def _too_large() -> str:
    return f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large to import."


def decode_text(data: bytes, path: Path, shown: str | None = None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadImportFile(path, line, "the file is not UTF-8 text.", shown=shown) from None


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")
_INNERMOST = re.compile(rb"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")


def check_json_shape(data: bytes, path: Path, shown: str | None = None) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` or with too many parts.

    Checked on the bytes, before ``json.loads`` builds millions of objects from a small file.
    """
    quick = data.count(b"{") + data.count(b"[") + data.count(b",")
    if quick <= MAX_JSON_VALUES and data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH:
        return
    structure = _JSON_STRING.sub(b'""', data)
    parts = structure.count(b"{") + structure.count(b"[") + structure.count(b",")
    if parts > MAX_JSON_VALUES:
        raise BadImportFile(
            path, None, "the file holds far more parts than any journal export.", shown=shown
        )
    # Peel the innermost arrays and objects off, one level a pass, at the regex engine's speed.
    for _level in range(MAX_JSON_DEPTH):
        peeled = _INNERMOST.sub(b"0", structure)
        if len(peeled) == len(structure):
            return
        structure = peeled
    if _JSON_BRACKET.search(structure) is None:
        return
    raise BadImportFile(
        path,
        _line_too_deep(data),
        f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; no journal export is.",
        shown=shown,
    )


def _line_too_deep(data: bytes) -> int | None:
    """Where nesting first goes past the limit (only worked out when it does)."""
    depth = 0
    structure = _JSON_STRING.sub(b'""', data)  # JSON strings hold no raw line breaks
    for match in _JSON_BRACKET.finditer(structure):
        depth += 1 if match.group() in (b"[", b"{") else -1
        if depth > MAX_JSON_DEPTH:
            return structure[: match.start()].count(b"\n") + 1
    return None


def load_json(data: bytes, path: Path, shown: str | None = None) -> Any:
    """Parse JSON bytes within the limits, every failure a :class:`BadImportFile`."""
    check_json_shape(data, path, shown)
    text = decode_text(data, path, shown)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadImportFile(
            path,
            error.lineno,
            f"this is not valid JSON: {_json_problem(error.msg)} (column {error.colno}).",
            shown=shown,
        ) from None
    except RecursionError:
        raise BadImportFile(path, None, "the JSON is nested too deeply.", shown=shown) from None


_JSON_PROBLEMS = (
    ("Expecting value", "a value is missing"),
    ("delimiter", "a comma or colon is missing"),
    ("Unterminated string", "a text in quotes is never closed"),
    ("Extra data", "there is more after the end"),
    ("control character", "a text holds a control character"),
    ("property name", "a field name is missing or not in double quotes"),
    ("escape", "a backslash is followed by something JSON doesn't allow"),
)


def _json_problem(message: str) -> str:
    """Python's JSON wording in plain words."""
    return next((plain for key, plain in _JSON_PROBLEMS if key in message), "it is malformed")


def entry_list(document: Any, path: Path, what: str, shown: str | None = None) -> list[Any]:
    """The ``entries`` list of an export, bounded by :data:`MAX_ENTRIES`."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise BadImportFile(path, 1, f"this is not {what} (no “entries” list).", shown=shown)
    entries: list[Any] = document["entries"]
    if len(entries) > MAX_ENTRIES:
        raise BadImportFile(
            path, None, f"it holds more than {MAX_ENTRIES:,} entries, too many to import.",
            shown=shown,
        )  # fmt: skip
    return entries


def text_field(item: dict[str, Any], key: str) -> str:
    """A string field of an entry, or "" when absent; anything else is a malformed field."""
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"its “{key}” is {_kind_of(value)}, not text")
    return value


def text_list(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise ValueError(f"its “{key}” is not a list of words")
    return list(value)


def _kind_of(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", bool: "true or false", int: "a number"}
    return kinds.get(type(value), "a number" if isinstance(value, float) else "not text")


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def fitting_tags(tags: Iterable[str], report: OmissionReport, place: str) -> tuple[str, ...]:
    """Tags as this journal can keep them: no commas or line breaks, at most
    :data:`MAX_TAG_LENGTH` characters, at most :data:`MAX_TAGS`; any change is reported."""
    given = unique(tags)
    cleaned = (" ".join(tag.replace(",", " ").split())[:MAX_TAG_LENGTH].strip() for tag in given)
    kept = unique(tag for tag in cleaned if tag)[:MAX_TAGS]
    if kept != given:
        report.add("tags-changed", place)
    return kept
