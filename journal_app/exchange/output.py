"""Atomic, private output files: the only plaintext the app ever writes, and only on request.

The file is written under a temporary name in the target folder (mode 0600 from the start),
fsynced, then renamed over the target. Cancelling or failing removes the temporary file, so
there is either the finished export or nothing at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from journal_app.exchange.options import ExportError
from journal_app.storage.files import atomic_replace


def check_target(target: Path) -> Path:
    """The absolute target path, or a plain error when it can't be written there."""
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise ExportError(f"{target} is a folder; please choose a file name.")
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    return target


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A private temporary path next to ``target``; renamed onto it if the block succeeds.

    For writers that insist on a file name (``QPdfWriter``).
    """
    with atomic_replace(check_target(target)) as temp_path:
        yield temp_path


@contextlib.contextmanager
def atomic_text_file(target: Path) -> Iterator[IO[str]]:
    """A UTF-8 text file written atomically; streamed, so size doesn't matter."""
    with atomic_path(target) as temp_path:
        with open(temp_path, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
