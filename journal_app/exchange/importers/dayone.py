"""Day One: its JSON export (``Journal.json``), or the export ``.zip`` that contains it.

Each entry has a ``uuid``, a ``creationDate`` (UTC), Markdown ``text`` and ``tags``. The uuid makes
the import idempotent. A leading Markdown heading becomes the title. Photos are not imported.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from journal_app.domain import Entry, EntryKind
from journal_app.exchange.importers.base import BadImportFile, ParsedEntry, ParsedFile, checked

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!?>])")
_PHOTO = re.compile(r"!\[[^\]]*\]\(dayone-moment:/+[^)]*\)\n*")
MAX_JSON_BYTES = 512 * 1024 * 1024


def _load(path: Path) -> tuple[Any, str]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".json")]
            if not names:
                raise BadImportFile(path, None, "the zip holds no Day One .json file.")
            info = archive.getinfo(sorted(names)[0])
            if info.file_size > MAX_JSON_BYTES:
                raise BadImportFile(path, None, "the journal inside the zip is too large.")
            name = f"{path.name}/{info.filename}"
            data = archive.read(info)
    else:
        name, data = path.name, path.read_bytes()
    try:
        return json.loads(data.decode("utf-8-sig")), name
    except json.JSONDecodeError as error:
        raise BadImportFile(name, error.lineno, f"this is not valid JSON ({error.msg}).") from None
    except UnicodeDecodeError:
        raise BadImportFile(name, None, "the file is not UTF-8 text.") from None


def _split(text: str) -> tuple[str, str]:
    text = _PHOTO.sub("", _ESCAPED.sub(r"\1", text)).strip()
    first, _, rest = text.partition("\n")
    if first.startswith("#") and len(first.lstrip("#").strip()) <= 300:
        return first.lstrip("#").strip(), rest.strip()
    return "", text


def parse(path: Path) -> ParsedFile:
    document, name = _load(path)
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise BadImportFile(name, 1, "this is not a Day One export (no “entries” list).")
    entries: list[ParsedEntry] = []
    warnings: list[str] = []
    for number, item in enumerate(document["entries"], start=1):
        try:
            created = datetime.fromisoformat(str(item["creationDate"]).replace("Z", "+00:00"))
            if created.tzinfo is None:
                raise ValueError("creationDate has no time zone")
            modified_text = item.get("modifiedDate")
            modified = (
                datetime.fromisoformat(str(modified_text).replace("Z", "+00:00"))
                if modified_text
                else created
            )
            title, body = _split(str(item.get("text", "")))
            entry = Entry.new(
                EntryKind.REFLECTION,
                uid=f"dayone-{item['uuid']}",
                title=title,
                body=body,
                tags=tuple(str(tag) for tag in item.get("tags") or ()),
                occurred_at=created,
                created_at=created,
                updated_at=modified,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
            raise BadImportFile(name, None, f"entry {number} can't be read ({detail}).") from None
        if item.get("photos"):
            warnings.append(f"Entry {number} has photos; only its text is imported.")
        entries.append(checked(entry, Path(name), None))
    return ParsedFile(entries, warnings=warnings[:20])
