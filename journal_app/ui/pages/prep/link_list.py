"""A section's list of links (entries or articles): the first few, and "Show N more" for the rest.

Since the last session there may be hundreds of reflections or blocks; only ``PAGE_SIZE`` rows are
made at first and each press of "Show N more" adds as many again. A new list of links reuses the
rows already made (their texts are changed where they differ), so a refresh that finds the same
links changes nothing and a save changes a row or two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from journal_app.domain import wording
from journal_app.ui.common.widgets import button, label
from journal_app.ui.pages.prep.sections import PrepLink

# Each row is a few styled widgets (about 1.5 ms each to make and polish), so the first page
# of a section stays small enough not to hold up the UI thread.
PAGE_SIZE = 10


class LinkRow(QWidget):
    """A link-styled button with a quiet note under it; shows one :class:`PrepLink` at a time."""

    def __init__(self, on_open: Callable[[PrepLink], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link: PrepLink | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(0)
        self.button: QPushButton = button("", "", link=True)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hint = label("", "Hint")
        self.hint.setContentsMargins(6, 0, 0, 0)
        self.hint.hide()
        column.addWidget(self.hint)
        self.button.clicked.connect(lambda _checked=False: self._open(on_open))

    def show_link(self, link: PrepLink) -> None:
        if link == self.link:
            return
        self.link = link
        self.button.setText(link.text)
        self.button.setAccessibleName(link.accessible)
        self.button.setAccessibleDescription(link.note)
        self.button.setEnabled(link.opens_something)
        self.hint.setText(link.note)
        self.hint.setVisible(bool(link.note))

    def _open(self, on_open: Callable[[PrepLink], None]) -> None:
        if self.link is not None and self.link.opens_something:
            on_open(self.link)


class LinkList(QWidget):
    """The links of one section; ``empty_text`` when there are none."""

    def __init__(
        self,
        what: str,
        empty_text: str,
        on_open: Callable[[PrepLink], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.what = what  # "reflections", for the button's accessible name
        self.on_open = on_open
        self.links: tuple[PrepLink, ...] = ()
        self.rows: list[LinkRow] = []
        self.shown = PAGE_SIZE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(6)
        layout.addLayout(self._rows_layout)
        self.empty: QLabel = label(empty_text, "Muted")
        self.empty_text = empty_text
        layout.addWidget(self.empty)
        self.more_button = button("", "", link=True)
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_links(self, links: Sequence[PrepLink]) -> None:
        """Show ``links`` (the first ``shown`` of them), reusing the rows already made."""
        links = tuple(links)
        if links == self.links and len(self.rows) == min(len(links), self.shown):
            return
        self.links = links
        self._show_rows()

    def show_more(self) -> None:
        """Reveal up to ``PAGE_SIZE`` more links, keeping the keyboard on the list."""
        if len(self.rows) >= len(self.links):
            return
        first_new = len(self.rows)
        self.shown = len(self.rows) + PAGE_SIZE
        self._show_rows()
        for row in self.rows[first_new:]:
            row.show()  # at once (a layout shows new children later), so focus can move there
        self.rows[first_new].button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Forget every link and drop the rows (the journal is locking)."""
        self.shown = PAGE_SIZE
        self.links = ()
        self._show_rows()
        self.empty.setText("")

    def visible_links(self) -> list[PrepLink]:
        return [row.link for row in self.rows if row.link is not None]

    def _show_rows(self) -> None:
        wanted = min(len(self.links), self.shown)
        while len(self.rows) > wanted:
            row = self.rows.pop()
            self._rows_layout.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        while len(self.rows) < wanted:
            row = LinkRow(self.on_open)
            self.rows.append(row)
            self._rows_layout.addWidget(row)
        for row, link in zip(self.rows, self.links, strict=False):
            row.show_link(link)
        self.empty.setText(self.empty_text)
        self.empty.setVisible(not self.links)
        hidden = len(self.links) - wanted
        if hidden > 0:
            more = min(hidden, PAGE_SIZE)
            self.more_button.setText(wording.show_more(more))
            self.more_button.setAccessibleName(f"{wording.show_more(more)} {self.what}")
            self.more_button.setAccessibleDescription(wording.not_shown_yet(hidden))
        self.more_button.setVisible(hidden > 0)
