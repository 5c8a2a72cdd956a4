"""Where I was in each article, so the reader opens it there again.

Only an article's slug and a fraction of its length are written, to a small private file in the
config folder; never any text, and never the slugs of articles added to the journal (their names
come from their titles, which stay encrypted).
"""

from __future__ import annotations

import json
from pathlib import Path

from journal_app import paths
from journal_app.storage.files import atomic_write_bytes, make_private_dir

POSITIONS_FILE_NAME = "reading-positions.json"


class ReadingPositions:
    """Where I was in each article, as a fraction of its length, keyed by slug.

    Kept in memory; with a ``path`` the positions of bundled and folder articles are also kept in
    a small private file. Only slugs and numbers are written, and never the slugs of articles
    added to the journal (their names come from their titles, which stay encrypted).
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._positions: dict[str, float] = {}
        self._persistable: set[str] = set()
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict):
                for slug, value in data.items():
                    if isinstance(slug, str) and isinstance(value, int | float):
                        self._positions[slug] = min(1.0, max(0.0, float(value)))
                        self._persistable.add(slug)

    @classmethod
    def in_config_folder(cls) -> ReadingPositions:
        return cls(paths.config_dir() / POSITIONS_FILE_NAME)

    def recall(self, slug: str) -> float | None:
        return self._positions.get(slug)

    def remember(self, slug: str, fraction: float, *, persist: bool) -> None:
        self._positions[slug] = min(1.0, max(0.0, fraction))
        if persist:
            self._persistable.add(slug)

    def save(self) -> None:
        if self._path is None:
            return
        data = {slug: round(self._positions[slug], 4) for slug in sorted(self._persistable)}
        try:
            make_private_dir(self._path.parent)
            atomic_write_bytes(self._path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
        except OSError:
            pass  # losing a reading position is not worth bothering anyone about
