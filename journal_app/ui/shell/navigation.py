"""The pages of the main window and the registry the sidebar is built from.

Each page is created when the journal is unlocked and thrown away when it locks, so nothing a page
showed survives a lock. Pages never reach for each other: moving between them (open this entry,
open that article, write about a passage, export) goes through the :class:`Navigator` callbacks in
the :class:`PageContext`, which the main window's controller fills in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtWidgets import QWidget

from journal_app.library import Library
from journal_app.settings import SettingsStore
from journal_app.storage import Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.work import Runner
from journal_app.ui.shell.actions import ActionRegistry

StatusSink = Callable[[str, Callable[[], None] | None], None]


def _ignore(*_args: object) -> None:
    return None


@dataclass
class Navigator:
    """How a page asks to go somewhere else; the controller supplies the real callbacks."""

    open_entry: Callable[[int], None] = _ignore
    open_article: Callable[[str, str | None, str], None] = _ignore
    write_about: Callable[[str, str | None, str], None] = _ignore
    export: Callable[[], object] = _ignore
    links_changed: Callable[[], None] = _ignore
    journal_changed: Callable[[], None] = _ignore


@dataclass
class PageContext:
    """Everything a page may use. Passed in explicitly; there is no global app object.

    ``library`` is loaded once per unlock and shared by every page; it is dropped on lock.
    """

    vault: Vault
    settings: SettingsStore
    dialogs: Dialogs
    runner: Runner
    actions: ActionRegistry
    status: StatusSink
    autosave_ms: int = 1500
    library: Library | None = None
    navigate: Navigator = field(default_factory=Navigator)

    def require_library(self) -> Library:
        if self.library is None:  # only tests build pages without one
            self.library = Library(None, None, self.vault)
        return self.library


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
    factory: PageFactory


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
        return spec.factory(context)


class JournalPage:
    """Adapts the journal view and controller to the page protocol."""

    def __init__(self, context: PageContext) -> None:
        from journal_app.ui.pages.journal.page import JournalController, JournalView

        self.view = JournalView()
        navigate = context.navigate
        self.controller = JournalController(
            self.view,
            vault=context.vault,
            dialogs=context.dialogs,
            status=context.status,
            runner=context.runner,
            autosave_ms=context.autosave_ms,
            library=context.require_library(),
            on_open_article=navigate.open_article,
            on_links_changed=navigate.links_changed,
            on_changed=navigate.journal_changed,
        )
        self.controller.view.editor.set_body_font_size(context.settings.current.editor_font_size)

    @property
    def widget(self) -> QWidget:
        return self.view

    def flush(self) -> bool:
        return self.controller.flush()

    def refresh(self) -> None:
        self.controller.reload()

    def shutdown(self) -> None:
        self.controller.shutdown()

    def clear(self) -> None:
        self.controller.shutdown()


def library_page(context: PageContext) -> Page:
    from journal_app.ui.pages.library.page import LibraryPage

    page = LibraryPage(context.vault, context.require_library(), context.dialogs, context.runner)
    page.openEntryRequested.connect(context.navigate.open_entry)
    page.writeAboutRequested.connect(context.navigate.write_about)
    return page


def search_page(context: PageContext) -> Page:
    from journal_app.ui.pages.search.page import SearchPage

    page = SearchPage(context.vault, context.require_library(), context.runner)
    page.openEntryRequested.connect(context.navigate.open_entry)
    page.openArticleRequested.connect(context.navigate.open_article)
    return page


def prep_page(context: PageContext) -> Page:
    from journal_app.ui.pages.prep.page import SessionPrepPage

    page = SessionPrepPage(
        context.vault,
        context.require_library(),
        context.runner,
        on_export=context.navigate.export,
    )
    page.openEntryRequested.connect(context.navigate.open_entry)
    page.openArticleRequested.connect(context.navigate.open_article)
    return page


def default_pages() -> PageRegistry:
    registry = PageRegistry()
    registry.register(PageSpec("journal", "Journal", "journal", JournalPage))
    registry.register(PageSpec("prep", "Session prep", "prep", prep_page))
    registry.register(PageSpec("library", "Library", "library", library_page))
    registry.register(PageSpec("search", "Search", "search", search_page))
    return registry
