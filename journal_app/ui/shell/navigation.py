"""The pages of the main window and the registry the sidebar is built from.

Each page is created when the journal is unlocked and thrown away when it locks, so nothing a page
showed survives a lock. Pages never reach for each other: moving between them (open this entry,
open that article, write about a passage, export) goes through the :class:`Navigator` callbacks in
the :class:`PageContext`, which the main window's controller fills in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtWidgets import QWidget

from journal_app.domain.entries import Entry, EntryKind
from journal_app.library import Library
from journal_app.settings import SettingsStore
from journal_app.storage import Draft, Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.work import Runner
from journal_app.ui.shell.actions import ActionRegistry
from journal_app.ui.shell.changes import Change, RefreshWhenShown

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
    # Empty views built ahead by PageSpec.prepare, by page key; a page takes (pops) its own.
    prepared: dict[str, QWidget] = field(default_factory=dict)

    def require_library(self) -> Library:
        if self.library is None:  # only tests build pages without one
            self.library = Library(None, None, self.vault)
        return self.library


class Page(Protocol):
    """Everything the shell asks of a page; nothing else of a page is reached from outside."""

    @property
    def widget(self) -> QWidget: ...

    def flush(self) -> bool:
        """Save anything pending. Called before locking, switching journal and quitting."""
        ...

    def refresh(self) -> None:
        """Read the journal again and show it."""
        ...

    def journal_changed(self, change: Change, *, showing: bool) -> None:
        """The journal changed: refresh now if ``showing``, or remember to when next shown."""
        ...

    def shown(self) -> None:
        """The page is about to be shown (refresh here if a change came while hidden)."""
        ...

    def focus(self) -> None:
        """Put the keyboard focus where a person starts on this page."""
        ...

    def shutdown(self) -> None:
        """Stop timers and work; the journal is about to lock."""
        ...

    def clear(self) -> None:
        """Forget everything shown (nothing a page showed survives a lock)."""
        ...


PageFactory = Callable[[PageContext], Page]
# Builds a page's empty view ahead of time in small parts: yields None between parts (the event
# loop runs in between) and the finished view last. The view holds nothing from the journal.
PagePreparer = Callable[[], Iterator[QWidget | None]]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    factory: PageFactory
    prepare: PagePreparer | None = None


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


class JournalPage(RefreshWhenShown):
    """Adapts the journal view and controller to the page protocol, and offers what the menu
    commands and other pages ask of the journal (by method, never by reaching inside)."""

    def __init__(self, context: PageContext) -> None:
        from journal_app.ui.pages.journal.page import JournalController, JournalView

        prepared = context.prepared.pop("journal", None)
        self.view = prepared if isinstance(prepared, JournalView) else JournalView()
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

    def focus(self) -> None:
        self.controller.focus_search()

    def new_entry(self, kind: EntryKind) -> None:
        self.controller.new_entry(kind)

    def new_linked_entry(self, entry: Entry, prompts: tuple[str, ...], article_title: str) -> None:
        self.controller.new_linked_entry(entry, prompts, article_title)

    def open_entry(self, entry_id: int) -> None:
        self.controller.open_entry(entry_id)

    def open_draft(self, draft: Draft) -> bool:
        return self.controller.editor.open_draft(draft)

    def delete_selected(self) -> None:
        self.controller.delete_selected()

    def selected_entry_ids(self) -> list[int]:
        return self.controller.selected_entry_ids()

    def set_body_font_size(self, size: int) -> None:
        self.view.editor.set_body_font_size(size)


def prepare_journal_view() -> Iterator[QWidget | None]:
    """The journal page's empty view, built while the key is worked out (see PagePreparer)."""
    import importlib

    # One module per part, deepest first, so no single import holds the window up.
    for module in JOURNAL_PAGE_MODULES:
        importlib.import_module(module)
        yield None
    from journal_app.ui.pages.journal.page import JournalView

    yield from JournalView.built_in_parts()


# What the journal page imports beyond the start screen, deepest first.
JOURNAL_PAGE_MODULES = (
    "journal_app.domain.feelings",
    "journal_app.ui.common.tag_edit",
    "journal_app.ui.common.read_only",
    "journal_app.ui.pages.journal.editor_fields",
    "journal_app.ui.pages.journal.editor_sections_therapy",
    "journal_app.ui.pages.journal.editor_sections",
    "journal_app.ui.pages.journal.editor_view",
    "journal_app.ui.pages.journal.editor_links",
    "journal_app.ui.pages.journal.entry_list_model",
    "journal_app.ui.pages.journal.editor",
    "journal_app.ui.pages.journal.entry_delegate",
    "journal_app.ui.windows.article_picker",
    "journal_app.ui.pages.journal.page",
)


def library_page(context: PageContext) -> Page:
    from journal_app.ui.pages.library.page import LibraryPage
    from journal_app.ui.pages.library.reading_positions import ReadingPositions

    page = LibraryPage(
        context.vault,
        context.require_library(),
        context.dialogs,
        context.runner,
        positions=ReadingPositions.in_config_folder(),  # slugs and fractions only
    )
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
    registry.register(PageSpec("journal", "Journal", "journal", JournalPage, prepare_journal_view))
    registry.register(PageSpec("prep", "Session prep", "prep", prep_page))
    registry.register(PageSpec("library", "Library", "library", library_page))
    registry.register(PageSpec("search", "Search", "search", search_page))
    return registry
