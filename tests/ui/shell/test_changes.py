"""The "journal changed" broadcast, and pages refreshing now or when next shown."""

from __future__ import annotations

from journal_app.ui.shell.changes import Change, ChangeBroadcast, RefreshWhenShown


class CountingPage(RefreshWhenShown):
    shows = Change.ENTRIES | Change.LINKS

    def __init__(self) -> None:
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def test_a_showing_page_refreshes_at_once_a_hidden_one_when_shown() -> None:
    showing, hidden = CountingPage(), CountingPage()
    showing.journal_changed(Change.ENTRIES, showing=True)
    hidden.journal_changed(Change.ENTRIES, showing=False)
    hidden.journal_changed(Change.LINKS, showing=False)
    assert (showing.refreshes, hidden.refreshes) == (1, 0)
    hidden.shown()
    hidden.shown()  # once is enough however many changes came
    assert hidden.refreshes == 1


def test_a_page_ignores_changes_to_what_it_does_not_show() -> None:
    page = CountingPage()
    page.journal_changed(Change.QUESTIONS, showing=True)
    page.shown()
    assert page.refreshes == 0


def test_the_broadcast_names_the_page_that_made_the_change() -> None:
    heard: list[tuple[Change, str | None]] = []
    broadcast = ChangeBroadcast()
    broadcast.subscribe(lambda change, origin: heard.append((change, origin)))
    broadcast.changed(Change.LINKS, origin="journal")
    broadcast.changed(Change.EVERYTHING)
    broadcast.clear()
    broadcast.changed(Change.ENTRIES)
    assert heard == [(Change.LINKS, "journal"), (Change.EVERYTHING, None)]
