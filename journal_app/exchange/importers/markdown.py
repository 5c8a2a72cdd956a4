"""A folder of Markdown (or text) files: one entry per file, or jrnl's folder journals.

Front matter is the simple ``key: value`` block between ``---`` lines that note apps write:
``title``, ``tags`` (``[a, b]``, ``a, b`` or a ``- a`` list; ``#tags`` in the text count too)
and the date, from ``date``,
``created`` (any case) as ISO or a written date such as ``Jan 1, 2025``. Without one, the date
comes from a leading heading (``# 2020-08-29 11:11 Title``, taken out of the title), from the
file name (``2020-09-14``, ``2020_09_14``, ``20200914``) or from ``2020/09/14.md`` folders. A
file with no date anywhere is skipped and counted, unless the user chooses to date such files by
their modification time (their identity is then their words, so ``touch`` adds nothing).

A file that can't be read (a template full of ``{{date}}``, a broken date) is skipped and
reported with its path relative to the folder and its real line; the others come in. Symbolic
links are never followed out of the folder, and hidden folders (``.obsidian``, ``.trash``) are
left alone. jrnl folder journals (``2020/08/29.txt`` holding ``[2020-08-29 11:11] …`` lines) are
read as jrnl entries, and so is jrnl's Markdown export (one file of ``### 2020-08-29 11:11``
headings, or one file per entry).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from journal_app.domain import Entry, EntryKind, as_utc
from journal_app.exchange.importers import jrnl
from journal_app.exchange.importers.base import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    BadImportFile,
    ImportOptions,
    OmissionReport,
    ParsedEntry,
    ParsedFile,
    checked,
    decode_text,
    fitting_tags,
    stable_uid,
    unique,
)

SUFFIXES = (".md", ".markdown", ".txt")
_DATE_KEYS = ("date", "created", "created_at", "creation_date", "creation-date", "day")
_NAME_DATE = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:[ T_](?P<H>\d{2})[:.-]?(?P<M>\d{2}))?(?!\d)"
)
_HEADING_DATE = re.compile(
    r"^#{1,6}[ \t]+(?P<day>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:[ \t]+(?P<rest>.*))?$"
)
_TEMPLATE = re.compile(r"\{\{\s*(?:date|time|title)\b|<%")
_WRITTEN_DATES = (
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d",
    "%d.%m.%Y",
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%B %d, %Y at %I:%M %p",
    "%b %d, %Y at %I:%M %p",
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_EMPTY_BULLET = re.compile(r"^\s*[-*]?\s*$")
_JRNL_DAY_FILE = re.compile(r"^(?:.*/)?\d{4}/\d{2}/\d{2}\.txt$")
_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_INLINE_TAG = re.compile(r"(?<![\w#&/\[(])#(?:\[\[(?P<long>[^\]\n]{1,60})\]\]|(?P<short>[\w/\-]+))")
_PERIOD = re.compile(
    r"^#{1,2}[ \t]+(?:\d{4}|January|February|March|April|May|June|July|August|September"
    r"|October|November|December)[ \t]*$"
)
_NOON = 12  # a day without a time: midday, so it stays on its day in nearby time zones


class _Skip(Exception):
    """This file is left out, for the reason given (an omission kind)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def parse_date(value: str) -> datetime:
    """A front-matter date: ISO (with or without time and zone) or a written date."""
    value = value.strip().strip("'\"").strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if len(value) == 10:
            moment = moment.replace(hour=_NOON)
        return as_utc(moment)
    except ValueError:
        pass
    for pattern in _WRITTEN_DATES:
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if "%H" not in pattern and "%I" not in pattern:
            moment = moment.replace(hour=_NOON)
        return as_utc(moment)
    raise ValueError(value)


def inline_tags(body: str) -> tuple[str, ...]:
    """``#tags`` written in the text (Obsidian, Logseq, Bear): not headings, not ``#123``, not
    inside code, and ``#[[two words]]`` whole."""
    if "#" not in body:
        return ()
    prose = _INLINE_CODE.sub(" ", _FENCED_CODE.sub(" ", body))
    found = []
    for match in _INLINE_TAG.finditer(prose):
        tag = (match.group("long") or match.group("short") or "").strip().rstrip("/-")
        if tag and not tag.isdigit():
            found.append(tag)
    return unique(found)


def _date_title(title: str) -> datetime | None:
    """The day a title names when it is nothing but a date (``Sep 14th, 2020``)."""
    if not title or not any(char.isdigit() for char in title):
        return None
    try:
        return parse_date(_ORDINAL.sub("", title))
    except ValueError:
        return None


def _front_matter(
    lines: list[str], path: Path, shown: str
) -> tuple[dict[str, str | list[str]], dict[str, int], int]:
    """(fields, the line of each field, where the body starts)."""
    if not lines or lines[0].strip() != "---":
        return {}, {}, 0
    fields: dict[str, str | list[str]] = {}
    where: dict[str, int] = {}
    last_key: str | None = None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return fields, where, number
        if line.lstrip().startswith("- ") and last_key is not None:
            current = fields.get(last_key)
            items = current if isinstance(current, list) else []
            items.append(line.strip()[2:].strip().strip("'\""))
            fields[last_key] = items
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            if line.strip() and not line.startswith((" ", "\t")):
                raise BadImportFile(
                    path, number, "the front matter line is not “key: value”.", shown=shown
                )
            continue
        last_key = key.strip().lower()
        fields[last_key] = value.strip()
        where[last_key] = number
    raise BadImportFile(
        path, 1, "the front matter starting here is never closed with “---”.", shown=shown
    )


def _tags(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    parts = value if isinstance(value, list) else value.strip().strip("[]").split(",")
    cleaned = (part.strip().strip("'\"").lstrip("#").strip() for part in parts)
    return unique(tag for tag in cleaned if tag and "\n" not in tag)


def _date_from_path(relative: Path) -> datetime | None:
    match = _NAME_DATE.match(relative.stem)
    if match:
        parts = match.groupdict()
        hour, minute = parts["H"], parts["M"]
    else:
        # 2020/09/14.md, as jrnl's folder journals and some daily-note setups keep them.
        tail = relative.parts[-3:]
        folders = [*tail[:-1], relative.stem]
        if len(tail) < 3 or not all(part.isdigit() for part in folders):
            return None
        year, month, day = folders
        if (len(year), len(month), len(day)) != (4, 2, 2):
            return None
        parts = {"y": year, "m": month, "d": day}
        hour = minute = None
    try:
        moment = datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]),
            int(hour) if hour else _NOON, int(minute) if minute else 0,
        )  # fmt: skip
    except ValueError:
        return None
    return as_utc(moment)


def _title_from_name(relative: Path) -> str:
    match = _NAME_DATE.match(relative.stem)
    rest = relative.stem[match.end() :] if match else relative.stem
    if not match and _date_from_path(relative) is not None:
        return ""
    return rest.strip(" -_")


def _read(path: Path, shown: str) -> str:
    # O_NOFOLLOW: a file swapped for a link after the folder was listed is refused.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BadImportFile(path, None, "the file is too large to be a note.", shown=shown)
    if b"\x00" in data[:8192]:
        raise BadImportFile(path, None, "this is a binary file, not text.", shown=shown)
    return decode_text(data, path, shown)


def parse_file(
    path: Path,
    relative: Path,
    options: ImportOptions,
    report: OmissionReport,
    *,
    read_from: Path | None = None,
    jrnl_folder: bool = False,
) -> list[ParsedEntry]:
    """The entries of one file (usually one); raises BadImportFile or _Skip.

    ``jrnl_folder``: the folder is a jrnl folder journal, whose entries live only in
    ``YYYY/MM/DD.txt`` files; jrnl ignores any other text file there, and so do we.
    """
    shown = relative.as_posix()
    text = _read(read_from or path, shown)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if path.suffix.lower() == ".txt" and (jrnl._BRACKETED.match(first) or jrnl._BARE.match(first)):
        if jrnl_folder and not _JRNL_DAY_FILE.match(relative.as_posix()):
            raise _Skip("stray-jrnl")
        return jrnl.parse_lines(text, path, shown, report, time_format=options.jrnl_time_format)
    fields, where, body_start = _front_matter(lines, path, shown)
    body_lines = lines[body_start:]
    first_body_line = body_start + 1
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        first_body_line += 1
    date_key = next((key for key in _DATE_KEYS if fields.get(key)), None)
    raw_date = fields.get(date_key) if date_key else None
    if isinstance(raw_date, str) and _TEMPLATE.search(raw_date) or _TEMPLATE.search(text):
        raise _Skip("templates")
    moment: datetime | None = None
    if isinstance(raw_date, str) and date_key:
        try:
            moment = parse_date(raw_date)
        except ValueError:
            raise BadImportFile(
                path,
                where.get(date_key),
                f"“{date_key}” is not a date (write it like 2024-01-05 or Jan 5, 2024).",
                shown=shown,
            ) from None
    dated_headings = [
        number
        for number, line in enumerate(body_lines)
        if (found := _HEADING_DATE.match(line)) and found.group("time")
    ]
    if len(dated_headings) >= 2:
        return _entries_under_headings(
            body_lines, dated_headings, first_body_line, path, shown, report
        )
    title_field = fields.get("title")
    title = title_field.strip().strip("'\"") if isinstance(title_field, str) else ""
    heading = _HEADING_DATE.match(body_lines[0]) if body_lines else None
    if heading:
        try:
            stamp = f"{heading.group('day')} {heading.group('time') or ''}".strip()
            dated = datetime.fromisoformat(stamp)
        except ValueError:
            raise BadImportFile(
                path, first_body_line, "the date in this heading is not a date.", shown=shown
            ) from None
        body_lines.pop(0)
        if heading.group("time") is None:
            dated = dated.replace(hour=_NOON)
        moment = moment or as_utc(dated)
        title = title or (heading.group("rest") or "").strip()
    elif not title and body_lines and body_lines[0].startswith("# "):
        title = body_lines.pop(0)[2:].strip()
    named_day = _date_title(title)
    if named_day is not None:  # Logseq titles a journal page with its day: "Sep 14th, 2020"
        title = ""
    moment = moment or _date_from_path(relative) or named_day
    if not title:
        title = _title_from_name(relative)
    while body_lines and _EMPTY_BULLET.match(body_lines[-1]):
        body_lines.pop()  # Logseq leaves an empty "-" block at the end of a page
    body = "\n".join(body_lines).strip()
    if not title and not body:
        raise _Skip("empty")
    if moment is None:
        if not options.use_file_times:
            raise _Skip("no-date")
        report.add("file-time", shown)
        uid = stable_uid(None, title, body)
        moment = datetime.fromtimestamp((read_from or path).stat().st_mtime, UTC)
    else:
        uid = stable_uid(moment, title, body)
    entry = Entry.new(
        EntryKind.REFLECTION,
        uid=uid,
        title=title,
        body=body,
        tags=fitting_tags(
            unique(
                [
                    *_tags(fields.get("tags") or fields.get("tag")),
                    *inline_tags(body),
                    *jrnl.tags_in(title, body),
                ]
            ),
            report,
            shown,
        ),
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
    )
    return [checked(entry, path, 1, shown=shown)]


def _entries_under_headings(
    lines: list[str],
    headings: list[int],
    first_line: int,
    path: Path,
    shown: str,
    report: OmissionReport,
) -> list[ParsedEntry]:
    """One file holding many entries, each under a ``### 2020-08-29 11:11 Title`` heading, as
    jrnl's Markdown export writes them (with ``# 2020`` and ``## August`` between)."""
    entries: list[ParsedEntry] = []
    for index, start in enumerate(headings):
        end = headings[index + 1] if index + 1 < len(headings) else len(lines)
        heading = _HEADING_DATE.match(lines[start])
        assert heading is not None
        place = f"{shown}, line {first_line + start}"
        try:
            moment = as_utc(
                datetime.fromisoformat(f"{heading.group('day')} {heading.group('time')}")
            )
        except ValueError:
            raise BadImportFile(
                path, first_line + start, "the date in this heading is not a date.", shown=shown
            ) from None
        body_lines = lines[start + 1 : end]
        while body_lines and (_EMPTY_BULLET.match(body_lines[-1]) or _PERIOD.match(body_lines[-1])):
            body_lines.pop()  # blank lines and the next year's or month's heading
        title, body = (heading.group("rest") or "").strip(), "\n".join(body_lines).strip()
        if not title and not body:
            report.add("empty", place)
            continue
        tags = unique([*jrnl.tags_in(title, body), *inline_tags(body)])
        entry = Entry.new(
            EntryKind.REFLECTION,
            uid=stable_uid(moment, title, body),
            title=title,
            body=body,
            tags=fitting_tags(tags, report, place),
            occurred_at=moment,
            created_at=moment,
            updated_at=moment,
        )
        entries.append(checked(entry, path, first_line + start, shown=shown))
    return entries


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def _candidates(folder: Path, report: OmissionReport) -> list[tuple[Path, Path, Path | None]]:
    """(path, relative path, the real file to read for an inside link) of each note file."""
    root = folder.resolve()
    found: list[tuple[Path, Path, Path | None]] = []
    for directory, subfolders, files in os.walk(folder, followlinks=False):
        here = Path(directory)
        for name in sorted(subfolders):
            link = here / name
            if link.is_symlink() and not _inside(link.resolve(), root):
                report.add("outside-link", link.relative_to(folder).as_posix())
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(folder)
            if name.startswith("."):
                continue
            if path.suffix.lower() not in SUFFIXES:
                if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".css", ".json"):
                    report.add("not-markdown", relative.as_posix())
                continue
            read_from: Path | None = None
            if path.is_symlink():
                target = path.resolve()
                if not _inside(target, root) or not target.is_file():
                    report.add("outside-link", relative.as_posix())
                    continue
                read_from = target
            found.append((path, relative, read_from))
            if len(found) > MAX_ENTRIES:
                raise BadImportFile(folder, None, "the folder holds too many files to import.")
    return sorted(found, key=lambda item: item[1].as_posix())


def parse(folder: Path, options: ImportOptions | None = None) -> ParsedFile:
    options = options or ImportOptions()
    if not folder.is_dir():
        raise BadImportFile(folder, None, "please choose a folder of Markdown files.")
    report = OmissionReport()
    candidates = _candidates(folder, report)
    if not candidates:
        raise BadImportFile(folder, None, "there are no Markdown (.md) files in this folder.")
    entries: list[ParsedEntry] = []
    first_error: BadImportFile | None = None
    jrnl_folder = any(_JRNL_DAY_FILE.match(relative.as_posix()) for _, relative, _ in candidates)
    for path, relative, read_from in candidates:
        try:
            entries.extend(
                parse_file(
                    path, relative, options, report, read_from=read_from, jrnl_folder=jrnl_folder
                )
            )
        except _Skip as skipped:
            report.add(skipped.kind, relative.as_posix())
        except BadImportFile as error:
            first_error = first_error or error
            report.add("unreadable", str(error))
        except OSError as error:
            problem = BadImportFile(
                path, None, f"it can't be read ({error.strerror or 'no access'}).",
                shown=relative.as_posix(),
            )  # fmt: skip
            first_error = first_error or problem
            report.add("unreadable", str(problem))
    if not entries and first_error is not None and not report.count("no-date"):
        raise first_error
    return ParsedFile(entries, omissions=report.items())
