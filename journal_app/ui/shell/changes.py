"""One broadcast for "the journal changed, and what changed".

Whoever changes the journal (the editor saving, Trash, an import, a link) says so once; every
page hears it and decides in one method, ``journal_changed``, whether to read the journal again
now (it is showing) or when it is next shown. This replaces lists of stale pages kept elsewhere.
"""

from __future__ import annotations

import enum
from collections.abc import Callable


class Change(enum.Flag):
    ENTRIES = enum.auto()  # written, edited, deleted, restored or imported
    LINKS = enum.auto()  # an entry linked to or unlinked from an article
    QUESTIONS = enum.auto()  # asked, ticked off or opened again
    EVERYTHING = ENTRIES | LINKS | QUESTIONS


# (what changed, the key of the page that changed it, or None)
Listener = Callable[[Change, str | None], None]


class ChangeBroadcast:
    """Tells every listener about each change, in the order they subscribed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def clear(self) -> None:
        self._listeners.clear()

    def changed(self, change: Change, origin: str | None = None) -> None:
        for listener in list(self._listeners):
            listener(change, origin)


class RefreshWhenShown:
    """Mixed into a page: what the page shows (``shows``) decides whether a change concerns it;
    a change it cares about refreshes it now when it is showing, else when it is next shown
    (the way Anki's screens handle ``op_executed``)."""

    shows: Change = Change.EVERYTHING
    _stale = False

    def refresh(self) -> None:
        raise NotImplementedError

    def journal_changed(self, change: Change, *, showing: bool) -> None:
        if not change & self.shows:
            return
        if showing:
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def shown(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
