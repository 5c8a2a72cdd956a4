"""Errors the article library raises, each with a message a person can read."""

from __future__ import annotations

from pathlib import Path


class LibraryError(Exception):
    """Something the user asked of the library could not be done."""


class ArticleFormatError(LibraryError):
    """An article document is malformed.

    ``source`` names where the document came from (a file path, or the journal for imported
    articles) so that a message in the UI tells the user which article is broken.
    """

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class ArticleImportError(LibraryError):
    """A file could not be added to the library; nothing was stored."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Could not add “{self.path.name}”: {reason}")
