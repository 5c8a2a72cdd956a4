"""The complete journal as JSON: a documented, versioned format so nobody is ever locked in.

See ``docs/json-format.md``. The file is written as a stream, entry by entry, so a large journal
never has to be held in memory. Entries are written by ``domain.codec.entry_to_dict``, the codec
the importer reads them back with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from journal_app import APP_NAME, __version__
from journal_app.domain import EntryFilter, utc_now
from journal_app.domain.codec import entry_to_dict, format_timestamp, parse_timestamp
from journal_app.exchange.document import LOAD_CHUNK, JournalReader, check_cancel
from journal_app.exchange.options import CancelFlag
from journal_app.storage import ListCursor

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "format_timestamp",
    "parse_timestamp",
    "write_journal_json",
]

FORMAT_NAME = "between-sessions-journal"
FORMAT_VERSION = 1

Write = Callable[[str], object]


def journal_entry_ids(reader: JournalReader, *, include_private: bool) -> tuple[list[int], int]:
    """Every entry not in the Trash, oldest first, and how many private ones are left out."""
    ids: list[int] = []
    left_out = 0
    cursor: ListCursor | None = None
    while True:
        page = reader.entries.summaries(EntryFilter(include_private=True), limit=1000, after=cursor)
        for summary in page:
            if summary.private and not include_private:
                left_out += 1
            else:
                ids.append(summary.id)
        if len(page) < 1000:
            break
        cursor = ListCursor(page[-1].occurred_at, page[-1].id)
    ids.reverse()
    return ids, left_out


def write_journal_json(
    reader: JournalReader,
    write: Write,
    *,
    include_private: bool,
    cancel: CancelFlag | None = None,
    progress: Callable[[int, int], None] | None = None,
    exported_at: datetime | None = None,
) -> tuple[int, int]:
    """Write the whole journal; returns (entries written, private entries left out)."""
    ids, left_out = journal_entry_ids(reader, include_private=include_private)
    articles = reader.articles.stored()
    header = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": format_timestamp(exported_at or utc_now()),
        "app": {"name": APP_NAME, "version": __version__},
        "includes_private": include_private,
        "private_entries_left_out": left_out,
    }
    # The header's keys, then the two arrays written one item at a time.
    head = json.dumps(header, ensure_ascii=False, indent=2)
    write(head[:-2] + ',\n  "entries": [')
    total = len(ids) + len(articles)
    done = 0
    for start in range(0, len(ids), LOAD_CHUNK):
        check_cancel(cancel)
        chunk: Sequence[int] = ids[start : start + LOAD_CHUNK]
        for entry in reader.entries.get_many(chunk):
            check_cancel(cancel)
            write(("\n" if done == 0 else ",\n") + _indented(entry_to_dict(entry)))
            done += 1
        if progress is not None:
            progress(done, total)
    write("\n  ],\n" if ids else "],\n")
    write('  "articles": [')
    for index, (slug, document) in enumerate(articles):
        check_cancel(cancel)
        item = {"slug": slug, "document": document}
        write(("\n" if index == 0 else ",\n") + _indented(item))
        done += 1
        if progress is not None:
            progress(done, total)
    write("\n  ]\n}\n" if articles else "]\n}\n")
    return len(ids), left_out


def _indented(item: dict[str, Any]) -> str:
    text = json.dumps(item, ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.split("\n"))
