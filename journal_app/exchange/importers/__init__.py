"""Import entries from other journals: ours (JSON), jrnl, Day One and a folder of Markdown files.

Qt-free; the UI runs :func:`import_file` on a worker with a progress bar and a Cancel button.

* :func:`preview` reads and checks the whole file first and reports the count and date range;
* :func:`import_file` adds everything in **one transaction** (all or nothing; Cancel undoes it);
* importing the same file twice adds nothing the second time: every entry has a stable uid (ours
  from the export, Day One's uuid, else a hash of date, title and text);
* bad input raises :class:`BadImportFile` naming the file (relative to what was chosen) and the
  line or entry; nothing else escapes :func:`parse`, whatever the file holds;
* what will not come over (photos, stars, location, files without a date, skipped files…) is a
  list of :class:`Omission` (kind, count, message, example places) on the preview and the
  result, so the window can show it before and after; it names places, never entry text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from journal_app.domain.labelled import LabelledEnum
from journal_app.exchange.importers import dayone, jrnl, markdown, ours
from journal_app.exchange.importers.base import (
    BadImportFile,
    ImportCancelled,
    ImportOptions,
    ImportProblem,
    Omission,
    ParsedFile,
    stable_uid,
)
from journal_app.storage import Vault

ProgressCallback = Callable[[int, int], None]  # (done, total)


class CancelFlag(Protocol):
    """Anything with ``is_set()``, e.g. a ``threading.Event`` set by the Cancel button."""

    def is_set(self) -> bool: ...


class ImportFormat(LabelledEnum):
    JSON = "json", "Between Sessions export (.json)"
    JRNL = "jrnl", "jrnl journal file (plain text)"
    JRNL_JSON = "jrnl-json", "jrnl JSON export (.json)"
    DAYONE = "dayone", "Day One export (.zip or .json)"
    MARKDOWN = "markdown", "A folder of Markdown files"


_PARSERS: dict[ImportFormat, Callable[[Path, ImportOptions], ParsedFile]] = {
    ImportFormat.JSON: ours.parse,
    ImportFormat.JRNL: jrnl.parse_text,
    ImportFormat.JRNL_JSON: jrnl.parse_json,
    ImportFormat.DAYONE: dayone.parse,
    ImportFormat.MARKDOWN: markdown.parse,
}


@dataclass(frozen=True)
class ImportPreview:
    count: int  # entries in the file
    first: datetime | None
    last: datetime | None
    already_there: int = 0  # known only when previewed against a vault
    articles: int = 0
    problems: list[str] = field(default_factory=list)  # the omissions as sentences
    omissions: list[Omission] = field(default_factory=list)

    @property
    def new_entries(self) -> int:
        return self.count - self.already_there


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already in the journal (or repeated in the file)
    articles: int
    omissions: list[Omission] = field(default_factory=list)


def parse(
    path: Path | str, fmt: ImportFormat | str, options: ImportOptions | None = None
) -> ParsedFile:
    """Read and check a whole file (or folder) without touching any journal.

    Every failure is a :class:`BadImportFile` naming the file; no other exception, and no
    Python wording, reaches the caller, however malformed the file.
    """
    path = Path(path)
    chosen = ImportFormat(fmt)
    if not path.exists():
        raise BadImportFile(path, None, "the file doesn't exist.")
    try:
        return _PARSERS[chosen](path, options or ImportOptions())
    except ImportProblem:
        raise
    except OSError as error:
        raise BadImportFile(path, None, error.strerror or "the file couldn't be read.") from None
    except RecursionError:
        raise BadImportFile(path, None, "the file is nested too deeply to read.") from None
    except MemoryError:
        raise BadImportFile(path, None, "the file is too large to read.") from None
    except Exception:  # noqa: BLE001 - a parser bug must still not show Python text to people
        raise BadImportFile(
            path, None, f"this file can't be read as {chosen.label.split(' (')[0]}."
        ) from None


def preview(
    path: Path | str,
    fmt: ImportFormat | str,
    vault: Vault | None = None,
    options: ImportOptions | None = None,
) -> ImportPreview:
    """What an import would do: the count and date range, what won't come over, and
    duplicates when given the vault."""
    parsed = parse(path, fmt, options)
    moments = [item.entry.occurred_at for item in parsed.entries]
    already = 0
    if vault is not None:
        already = sum(1 for item in parsed.entries if vault.entries.id_for_uid(item.entry.uid))
    return ImportPreview(
        count=len(parsed.entries),
        first=min(moments) if moments else None,
        last=max(moments) if moments else None,
        already_there=already,
        articles=len(parsed.articles),
        problems=list(parsed.warnings),
        omissions=list(parsed.omissions),
    )


def import_file(
    vault: Vault,
    path: Path | str,
    fmt: ImportFormat | str,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
    parsed: ParsedFile | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Add every entry of the file that is not in the journal yet, in one transaction.

    Raises :class:`BadImportFile` before anything is written if any entry is bad, and
    :class:`ImportCancelled` (with nothing added) if ``cancel`` is set during the import.
    """
    parsed = parsed or parse(path, fmt, options)
    total = len(parsed.entries) + len(parsed.articles)
    added = skipped = 0
    seen: set[str] = set()
    with vault.bulk():
        for done, item in enumerate(parsed.entries, start=1):
            if done % 50 == 0 or done == 1:
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled()
                if progress is not None:
                    progress(done - 1, total)
            uid = item.entry.uid
            if uid in seen or vault.entries.id_for_uid(uid) is not None:
                skipped += 1
                continue
            seen.add(uid)
            vault.entries.add_imported(item.entry)
            added += 1
        known = dict(vault.articles.stored())
        articles = 0
        for slug, document in parsed.articles:
            if known.get(slug) != document:
                vault.articles.save(slug, document)
                articles += 1
        if cancel is not None and cancel.is_set():
            raise ImportCancelled()
    if progress is not None:
        progress(total, total)
    return ImportResult(
        added=added, skipped=skipped, articles=articles, omissions=list(parsed.omissions)
    )


__all__ = [
    "BadImportFile",
    "CancelFlag",
    "ImportCancelled",
    "ImportFormat",
    "ImportOptions",
    "ImportPreview",
    "ImportProblem",
    "ImportResult",
    "Omission",
    "ParsedFile",
    "import_file",
    "parse",
    "preview",
    "stable_uid",
]
