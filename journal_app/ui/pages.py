"""The pages of the main window and the registry the sidebar is built from.

Each page is created when the journal is unlocked and thrown away when it locks, so nothing a page
showed survives a lock. Part 2 plugs in Session prep, Library and Search by registering factories
in place of the "coming soon" placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from journal_app.settings import SettingsStore
from journal_app.storage import Vault
from journal_app.ui.actions import ActionRegistry
from journal_app.ui.dialogs import DialogService
from journal_app.ui.widgets import label
from journal_app.ui.workers import WorkRunner

StatusSink = Callable[[str, Callable[[], None] | None], None]


@dataclass
class PageContext:
    """Everything a page may use. Passed in explicitly; there is no global app object."""

    vault: Vault
    settings: SettingsStore
    dialogs: DialogService
    runner: WorkRunner
    actions: ActionRegistry
    status: StatusSink
    autosave_ms: int = 1500


class Page(Protocol):
    """What the main window needs from a page."""

    @property
    def widget(self) -> QWidget: ...

    def flush(self) -> bool:
        """Save anything pending. Called before locking, switching journal and quitting."""
        ...

    def shutdown(self) -> None:
        """Clear everything shown; the journal is about to lock."""
        ...


PageFactory = Callable[[PageContext], Page]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    factory: PageFactory | None = None
    coming_soon: str = ""


class ComingSoonPage:
    """A calm placeholder for a page that isn't built yet."""

    def __init__(self, title: str, text: str) -> None:
        self._widget = QWidget()
        self._widget.setObjectName("EditorSurface")
        layout = QVBoxLayout(self._widget)
        layout.addStretch(1)
        heading = label(title, "Subheading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = label(text, "Muted")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        soon = label("Coming soon.", "Hint")
        soon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (heading, body, soon):
            layout.addWidget(widget)
        layout.addStretch(2)

    @property
    def widget(self) -> QWidget:
        return self._widget

    def flush(self) -> bool:
        return True

    def shutdown(self) -> None:
        pass


@dataclass
class PageRegistry:
    specs: list[PageSpec] = field(default_factory=list)

    def register(self, spec: PageSpec) -> None:
        """Add a page, or replace the one with the same key (keeping its place)."""
        for position, existing in enumerate(self.specs):
            if existing.key == spec.key:
                self.specs[position] = spec
                return
        self.specs.append(spec)

    def create(self, spec: PageSpec, context: PageContext) -> Page:
        if spec.factory is None:
            return ComingSoonPage(spec.title, spec.coming_soon)
        return spec.factory(context)


class JournalPage:
    """Adapts the journal view and controller to the page protocol."""

    def __init__(self, context: PageContext) -> None:
        from journal_app.ui.journal_page import JournalController, JournalView

        self.view = JournalView()
        self.controller = JournalController(
            self.view,
            vault=context.vault,
            dialogs=context.dialogs,
            status=context.status,
            runner=context.runner,
            autosave_ms=context.autosave_ms,
        )
        self.controller.view.editor.set_body_font_size(context.settings.current.editor_font_size)

    @property
    def widget(self) -> QWidget:
        return self.view

    def flush(self) -> bool:
        return self.controller.flush()

    def shutdown(self) -> None:
        self.controller.shutdown()


def default_pages() -> PageRegistry:
    registry = PageRegistry()
    registry.register(PageSpec("journal", "Journal", "journal", JournalPage))
    registry.register(
        PageSpec(
            "prep",
            "Session prep",
            "prep",
            coming_soon="Gather your open questions and what happened since your last session.",
        )
    )
    registry.register(
        PageSpec(
            "library",
            "Library",
            "library",
            coming_soon="Read the In Therapy articles, even without an internet connection.",
        )
    )
    registry.register(
        PageSpec(
            "search",
            "Search",
            "search",
            coming_soon="Look through everything you've written and read.",
        )
    )
    return registry
