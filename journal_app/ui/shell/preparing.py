"""Builds the first page's empty widgets ahead of unlocking, a small part at a time.

Unlocking should only have to fill the journal page, not build it: its widgets (a list, an
editor with a form for every kind of entry) take a few hundred milliseconds to create, which
would freeze the window just as the journal opens. So while the unlock screen waits for a
passphrase, and at once when the key is being worked out on a worker, :class:`PagePreparation`
runs the page's :data:`~journal_app.ui.shell.navigation.PagePreparer` one part per turn of the
event loop (each part a few milliseconds), and keeps the finished view for the page to take.
The view holds nothing from the journal: it is built before the journal is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from journal_app.ui.shell.navigation import PageRegistry

log = logging.getLogger(__name__)

# How long the unlock screen has been showing before the first page is prepared behind it.
PREPARE_AFTER_MS = 800


class PagePreparation(QObject):
    """Prepares the registry's first page; ``prepared`` maps its key to the finished view."""

    def __init__(
        self, parent: QObject, registry: PageRegistry, *, still_wanted: Callable[[], bool]
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        self.prepared: dict[str, QWidget] = {}
        self._still_wanted = still_wanted
        self._parts: tuple[str, Iterator[QWidget | None]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next_part)

    @property
    def running(self) -> bool:
        return self._parts is not None

    def start(self, delay_ms: int = 0) -> None:
        """Begin (or bring forward) preparing; nothing to do when the view is ready."""
        spec = self.registry.specs[0] if self.registry.specs else None
        if spec is None or spec.prepare is None or spec.key in self.prepared:
            return
        if not self._still_wanted():
            return
        if self._parts is None:
            self._parts = (spec.key, spec.prepare())
        if not self._timer.isActive() or self._timer.remainingTime() > delay_ms:
            self._timer.start(delay_ms)

    def _next_part(self) -> None:
        if self._parts is None:
            return
        key, parts = self._parts
        if not self._still_wanted():  # unlocked meanwhile: the page was built the ordinary way
            self._parts = None
            return
        try:
            widget = next(parts)
        except StopIteration:
            self._parts = None
            return
        except Exception:  # noqa: BLE001 - the page is then simply built the ordinary way
            log.exception("The journal page could not be prepared ahead.")
            self._parts = None
            return
        if widget is None:
            self._timer.start(0)
            return
        self._parts = None
        self.prepared[key] = widget
