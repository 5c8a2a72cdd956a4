"""Render the part-2 screens (library, reader, search, session prep, patterns) to PNG files.

    python tools/screenshots_part2.py --out DIR

Builds a demo journal (``kdf=MINIMUM_KDF``) in a temporary folder, with the app's home pointed
there too, plugs the part-2 pages into the real main window, and shoots each screen in the light
and the dark theme. It also shows how the pages are wired (see ``wire_part2``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

SLUG = "how-to-cry-in-therapy"
TITLES = (
    "Swallowed it at the team meeting",
    "Smiled through the phone call",
    "Tight throat at the school gate",
    "Went quiet at Sunday lunch",
    "Nearly cried in the car",
)
PASSAGE = "The emotion is there, the desire is there, but they’re blocked."


def demo_part2_entries(now: datetime) -> list[Any]:
    """Extra entries for part 2: blocks over the last months, and links to the article."""
    import random

    from journal_app.domain.entries import (
        ArticleLink,
        BlockSetting,
        BlockType,
        EmotionalBlockDetails,
        Entry,
        EntryKind,
    )

    rng = random.Random(7)
    entries: list[Any] = []
    for days in range(24, 100, 5):
        if rng.random() < 0.3:
            continue
        entries.append(
            Entry.new(
                EntryKind.BLOCK,
                title=rng.choice(TITLES),
                occurred_at=now - timedelta(days=days, hours=rng.randint(0, 10)),
                details=EmotionalBlockDetails(
                    setting=rng.choice(list(BlockSetting)),
                    blocked=(rng.choice([BlockType.HELD_BACK_TEARS, BlockType.WENT_NUMB]),),
                    feeling_intensity=rng.randint(5, 9),
                    block_intensity=rng.randint(4, 9),
                ),
            )
        )
    entries += [
        Entry.new(
            EntryKind.BLOCK,
            title="Froze when my sister asked about Dad",
            occurred_at=now - timedelta(days=3, hours=2),
            details=EmotionalBlockDetails(
                setting=BlockSetting.WITH_SOMEONE,
                blocked=(BlockType.COULDNT_SAY_IT,),
                feeling_intensity=7,
                block_intensity=8,
            ),
        ),
        Entry.new(
            EntryKind.BLOCK,
            title="Eyes stinging at work",
            occurred_at=now - timedelta(days=2, hours=5),
            details=EmotionalBlockDetails(
                setting=BlockSetting.AT_WORK,
                blocked=(BlockType.HELD_BACK_TEARS,),
                feeling_intensity=6,
                block_intensity=5,
            ),
        ),
        Entry.new(
            EntryKind.REFLECTION,
            title="Blocked, not broken",
            occurred_at=now - timedelta(days=1, hours=3),
            body="Reading this made me feel less strange about it.",
            links=(ArticleLink(SLUG, None, PASSAGE),),
        ),
        Entry.new(
            EntryKind.REFLECTION,
            title="Crying at adverts",
            occurred_at=now - timedelta(hours=20),
            body="Like the person in the comments, I cry at adverts but never in session.",
            links=(ArticleLink(SLUG, "c06", ""),),
        ),
    ]
    return entries


def build_demo_journal(folder: Path, passphrase: str) -> None:
    from screenshots import demo_entries

    from journal_app.domain.entries import Entry
    from journal_app.storage import MINIMUM_KDF, Vault

    vault, _key = Vault.create(folder, passphrase, kdf=MINIMUM_KDF)
    try:
        now = datetime.now(UTC)
        for entry, questions in demo_entries(now):
            assert isinstance(entry, Entry)
            stored = vault.add_entry(entry)
            assert stored.id is not None
            for text in questions:
                vault.add_question(stored.id, text)
        for entry in demo_part2_entries(now):
            vault.add_entry(entry)
    finally:
        vault.close()


def wire_part2(controller: Any, library_holder: dict[str, Any]) -> Any:
    """Register the part-2 pages with the main window's page registry (a sketch for the lead)."""
    from journal_app.library import Library
    from journal_app.ui.library_page import LibraryPage
    from journal_app.ui.pages import PageContext, PageSpec
    from journal_app.ui.prep_page import SessionPrepPage
    from journal_app.ui.search_page import SearchPage

    def library_for(context: PageContext) -> Library:
        library = library_holder.get("library")
        if library is None or library_holder.get("vault") is not context.vault:
            library = Library.load(context.vault)
            library_holder.update(library=library, vault=context.vault)
        return library

    def open_entry(entry_id: int) -> None:
        journal = controller.journal
        if journal is not None:
            controller.show_page("journal")
            journal.controller.open_entry(entry_id)

    def open_article(slug: str, comment_id: str | None, quote: str) -> None:
        page = controller.pages.get("library")
        if isinstance(page, LibraryPage):
            controller.show_page("library")
            page.open_article(slug, comment_id, quote)

    def make_library(context: PageContext) -> LibraryPage:
        page = LibraryPage(context.vault, library_for(context), context.dialogs, context.runner)
        page.openEntryRequested.connect(open_entry)
        return page

    def make_search(context: PageContext) -> SearchPage:
        page = SearchPage(context.vault, library_for(context), context.runner)
        page.openEntryRequested.connect(open_entry)
        page.openArticleRequested.connect(open_article)
        return page

    def make_prep(context: PageContext) -> SessionPrepPage:
        page = SessionPrepPage(context.vault, library_for(context))
        page.openEntryRequested.connect(open_entry)
        page.openArticleRequested.connect(open_article)
        return page

    registry = controller.registry
    registry.register(PageSpec("prep", "Session prep", "prep", make_prep))
    registry.register(PageSpec("library", "Library", "library", make_library))
    registry.register(PageSpec("search", "Search", "search", make_search))
    return registry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bs-screens2-") as temp:
        os.environ["JOURNAL_APP_HOME"] = str(Path(temp) / "home")
        return render_all(out, Path(temp) / "Journal")


def render_all(out: Path, folder: Path) -> int:
    from PySide6.QtWidgets import QApplication, QWidget
    from screenshots import DEMO_PASSPHRASE, ScriptedDialogs

    from journal_app.settings import SettingsStore
    from journal_app.storage import MINIMUM_KDF
    from journal_app.ui.article_picker import ArticlePickerDialog
    from journal_app.ui.library_page import LibraryPage
    from journal_app.ui.main_window import AppController, MainWindow
    from journal_app.ui.pages import default_pages
    from journal_app.ui.prep_page import SessionPrepPage
    from journal_app.ui.search_page import SearchPage
    from journal_app.ui.theme import ThemeManager
    from journal_app.ui.workers import ImmediateRunner

    build_demo_journal(folder, DEMO_PASSPHRASE)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    theme = ThemeManager(app)
    theme.apply("light", 13)
    window = MainWindow()
    controller = AppController(
        window,
        folder=folder,
        settings=SettingsStore(),
        dialogs=ScriptedDialogs(),  # type: ignore[arg-type]
        runner=ImmediateRunner(),
        kdf=MINIMUM_KDF,
        theme=theme,
        pages=default_pages(),
    )
    holder: dict[str, Any] = {}
    wire_part2(controller, holder)
    controller._build_sidebar()
    window.resize(1280, 800)
    window.show()
    window.unlock.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock.unlock.click()
    written: list[str] = []

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def shoot(name: str, widget: QWidget | None = None) -> None:
        settle()
        (widget or window).grab().save(str(out / name))
        written.append(name)

    def set_theme(choice: str) -> None:
        theme.apply(choice, 13)
        window.action_registry.refresh_icons()
        controller._build_sidebar_icons()
        settle()

    def pages() -> tuple[LibraryPage, SearchPage, SessionPrepPage]:
        library_page = controller.pages["library"]
        search_page = controller.pages["search"]
        prep_page = controller.pages["prep"]
        assert isinstance(library_page, LibraryPage)
        assert isinstance(search_page, SearchPage)
        assert isinstance(prep_page, SessionPrepPage)
        return library_page, search_page, prep_page

    library_page, search_page, prep_page = pages()
    library_page.library.import_file(_demo_article(folder.parent))
    library_page.refresh()

    for choice in ("light", "dark"):
        set_theme(choice)
        controller.show_page("library")
        library_page.show_list()
        shoot(f"library-{choice}.png")

        library_page.open_article(SLUG, "c06")
        shoot(f"reader-{choice}.png")
        library_page.open_article(SLUG, None, PASSAGE)
        shoot(f"reader-passage-{choice}.png")

        controller.show_page("search")
        search_page.focus_search("tears")
        search_page.run_search()
        shoot(f"search-{choice}.png")

        controller.show_page("prep")
        prep_page.refresh()
        prep_page.scroll_area.verticalScrollBar().setValue(0)
        shoot(f"prep-{choice}.png")
        bar = prep_page.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum())
        shoot(f"prep-bottom-{choice}.png")
        shoot(f"patterns-{choice}.png", prep_page.patterns_card)

    set_theme("light")
    picker = ArticlePickerDialog(library_page.library, window)
    picker.show()
    picker.filter.setText("photo")
    shoot("article-picker-light.png", picker)
    picker.close()

    controller.shutdown()
    window.close()
    settle()
    print("\n".join(str(out / name) for name in written))
    return 0


def _demo_article(folder: Path) -> Path:
    """A small article file of the user's own, to show an added article in the library."""
    path = folder / "grounding-notes.md"
    path.write_text(
        "# Five senses grounding\n\n"
        "A handout from my therapist's practice: notice five things you can see, four you can "
        "touch, three you can hear, two you can smell and one you can taste.\n",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    raise SystemExit(main())
