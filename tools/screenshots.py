"""Render every screen of the desktop app to PNG files, offscreen, in the light and dark theme.

    python tools/screenshots.py --out DIR

The demo journal is created in a temporary folder (``kdf=MINIMUM_KDF``, with the app's home pointed
there too, so no real settings or journals are touched) and deleted afterwards. It goes through
the real main window and controller: first run, unlock, the journal and editor, writing about an
article, the library and reader, search, session prep and patterns, export and preferences. Each
screen is written twice, ``NAME-light.png`` and ``NAME-dark.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEMO_PASSPHRASE = "quiet harbour morning tea"
SLUG = "how-to-cry-in-therapy"
TITLES = (
    "Swallowed it at the team meeting",
    "Smiled through the phone call",
    "Tight throat at the school gate",
    "Went quiet at Sunday lunch",
    "Nearly cried in the car",
)
PASSAGE = "The emotion is there, the desire is there, but they’re blocked."


def demo_entries(now: datetime) -> list[tuple[object, list[str]]]:
    """Warm, realistic entries (entry, questions), newest last."""
    from journal_app.domain.entries import (
        BlockSetting,
        BlockType,
        EmotionalBlockDetails,
        Entry,
        EntryKind,
        ReflectionDetails,
        SessionNoteDetails,
    )

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        local = (now - timedelta(days=days)).astimezone()
        return local.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(UTC)

    items: list[tuple[object, list[str]]] = [
        (
            Entry.new(
                EntryKind.SESSION,
                title="Talking about Dad's illness",
                occurred_at=at(20, 17, 30),
                tags=("dad", "grief"),
                details=SessionNoteDetails(
                    therapist="Maria",
                    talked_about="How it felt to visit Dad in hospital, and how I kept busy "
                    "with logistics so I didn't have to feel anything.",
                    noticed_felt="A tight throat whenever she asked how I was, not how he was.",
                    insights="Being useful is how I stay safe. It worked when I was ten.",
                    homework="Notice when I jump into fixing mode. Just notice, no judging.",
                ),
                body="Maria said it's okay that I don't know yet what I feel. "
                "That was a relief to hear.",
            ),
            ["Why do I go blank when someone is kind to me?"],
        ),
        (
            Entry.new(
                EntryKind.REFLECTION,
                title="Sunday walk",
                occurred_at=at(18, 11, 15),
                tags=("walks",),
                details=ReflectionDetails(mood=6),
                body="Walked along the river. The light on the water made me think of the "
                "summer holidays before everything changed.",
            ),
            [],
        ),
        (
            Entry.new(
                EntryKind.BLOCK,
                title="Laughed it off at dinner",
                occurred_at=at(16, 20, 40),
                tags=("family",),
                details=EmotionalBlockDetails(
                    setting=BlockSetting.WITH_SOMEONE,
                    blocked=(BlockType.LAUGHED_IT_OFF,),
                    feeling_intensity=6,
                    block_intensity=7,
                    what_was_happening="My sister made a joke about how I 'never need anyone'.",
                    what_helped="Writing it down tonight instead of pretending it didn't sting.",
                ),
            ),
            [],
        ),
        (
            Entry.new(
                EntryKind.SESSION,
                title="The good client",
                occurred_at=at(13, 17, 30),
                tags=("therapy", "people-pleasing"),
                details=SessionNoteDetails(
                    therapist="Maria",
                    talked_about="How I prepare for sessions so I'll have something "
                    "'interesting' to say.",
                    noticed_felt="Embarrassed, then oddly lighter once it was said out loud.",
                    insights="I perform even here. Maybe especially here.",
                    homework="Come in once without a plan.",
                ),
            ),
            ["Is it okay to come in without anything to talk about?"],
        ),
        (
            Entry.new(
                EntryKind.REFLECTION,
                title="Small win",
                occurred_at=at(10, 21, 5),
                tags=("self-care",),
                details=ReflectionDetails(mood=7),
                body="Said no to an extra project at work. My heart was racing, but nothing "
                "terrible happened.",
            ),
            [],
        ),
        (
            Entry.new(
                EntryKind.BLOCK,
                title="Went numb on the phone with Mum",
                occurred_at=at(8, 19, 20),
                tags=("mum", "family"),
                details=EmotionalBlockDetails(
                    setting=BlockSetting.ALONE,
                    blocked=(BlockType.WENT_NUMB, BlockType.COULDNT_SAY_IT),
                    feeling_intensity=7,
                    block_intensity=8,
                    what_was_happening="She asked whether I'd visited Dad's grave yet.",
                    what_helped="Lying on the floor with the cat for a while.",
                ),
            ),
            [],
        ),
        (
            Entry.new(
                EntryKind.SESSION,
                title="Anger, finally",
                occurred_at=at(6, 17, 30),
                tags=("dad", "anger"),
                details=SessionNoteDetails(
                    therapist="Maria",
                    talked_about="The year Dad stopped coming to my football matches.",
                    noticed_felt="Heat in my chest. My hands made fists and I didn't notice "
                    "until she pointed it out.",
                    insights="Anger and love can sit in the same room.",
                    homework="Write Dad a letter I will never send.",
                ),
            ),
            ["How do I let myself be angry at someone who's gone?"],
        ),
        (
            Entry.new(
                EntryKind.REFLECTION,
                title="Letter to Dad, first draft",
                occurred_at=at(4, 22, 10),
                tags=("dad", "homework"),
                details=ReflectionDetails(mood=4),
                body="Dear Dad,\n\nI've started this letter four times. ",
            ),
            [],
        ),
        (
            Entry.new(
                EntryKind.BLOCK,
                title="Couldn't cry when talking about Dad",
                occurred_at=at(1, 17, 45),
                tags=("dad", "grief", "in-session"),
                details=EmotionalBlockDetails(
                    setting=BlockSetting.IN_SESSION,
                    blocked=(BlockType.COULDNT_CRY, BlockType.PERFORMING),
                    feeling_intensity=8,
                    block_intensity=9,
                    what_was_happening="Maria asked what I missed most about him. I could feel "
                    "the tears right there, and then it was like a door closed.",
                    what_helped="She didn't push. We sat quietly for a minute and she said the "
                    "door can stay closed for now.",
                ),
                body="I think I was afraid that if I started crying I wouldn't stop.",
            ),
            ["Can we talk about what happens when the door closes?"],
        ),
        (
            Entry.new(
                EntryKind.REFLECTION,
                title="After the session",
                occurred_at=at(0, 9, 30),
                tags=("grief", "morning pages"),
                details=ReflectionDetails(mood=5),
                body="Woke up early and lay there thinking about yesterday.\n\n"
                "It's strange: I **wanted** to cry, and some part of me still wouldn't let "
                "it happen. Maria says that part is trying to protect me. I'd like to get to "
                "know it a little better instead of fighting it.\n\n"
                "Things that felt okay this week:\n\n"
                "- the walk by the river\n- the cat on my lap\n- telling my sister the truth",
            ),
            ["What is the part of me that stops the tears trying to protect?"],
        ),
    ]
    return items


def demo_linked_entries(now: datetime) -> list[Any]:
    """Blocks over the last months, and entries linked to the article."""
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


def screenshot_helpers() -> tuple[Any, Any]:
    """A dialog service that never blocks and a runner that waits for each task (both real)."""
    from PySide6.QtWidgets import QDialog

    from journal_app.ui.common.dialog_service import DialogService
    from journal_app.ui.common.work import Task, ThreadPoolRunner

    class ShotDialogs(DialogService):
        """Closes every modal window at once (screenshots must never block): questions such as
        "bring back unsaved writing?" are answered no, pickers are cancelled."""

        def run(self, dialog: QDialog) -> int:
            return int(QDialog.DialogCode.Rejected)

    class SettledRunner(ThreadPoolRunner):
        """The real thread pool, waited on after every task, so each shot is settled."""

        def start(self, task: Task[Any]) -> None:
            super().start(task)
            self.wait_until_idle()

    return ShotDialogs(), SettledRunner()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--text", type=int, default=13, help="text size in points (9-28)")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bs-screens-") as temp:
        os.environ["JOURNAL_APP_HOME"] = str(Path(temp) / "home")
        status = render_all(out, Path(temp) / "Journal", size=(width, height), text=args.text)
        # The safety dialogs (backup, restore, Trash, import, damaged journal) need a journal
        # of their own, since one of them is deliberately damaged.
        import screenshots_safety

        safety_journal = Path(temp) / "Safety journal"
        screenshots_safety.build_demo_journal(safety_journal)
        return status or screenshots_safety.render_all(out, safety_journal)


def add_demo_content(vault: Any, folder: Path) -> None:
    from journal_app.domain.entries import Entry

    now = datetime.now(UTC)
    for entry, questions in demo_entries(now):
        assert isinstance(entry, Entry)
        stored = vault.entries.add(entry)
        assert stored.id is not None
        for text in questions:
            vault.questions.add(stored.id, text)
    for entry in demo_linked_entries(now):
        vault.entries.add(entry)
    first_question = vault.questions.still_open()[0]
    assert first_question.id is not None
    vault.questions.resolve(first_question.id)


def render_all(
    out: Path, folder: Path, *, size: tuple[int, int] = (1280, 800), text: int = 13
) -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    from journal_app.domain.entries import EntryKind
    from journal_app.settings import SettingsStore
    from journal_app.storage import MINIMUM_KDF
    from journal_app.ui.common import icons
    from journal_app.ui.common.theme import ThemeManager, current_colors
    from journal_app.ui.pages.library.page import LibraryPage
    from journal_app.ui.pages.prep.page import SessionPrepPage
    from journal_app.ui.pages.search.page import SearchPage
    from journal_app.ui.shell.commands import RESTORED_NOTE
    from journal_app.ui.shell.main_window import MainWindow
    from journal_app.ui.shell.session import AppController
    from journal_app.ui.windows.article_picker import ArticlePickerDialog

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    theme = ThemeManager(app)
    theme.apply("light", text)
    window = MainWindow()
    dialogs, runner = screenshot_helpers()
    controller = AppController(
        window,
        folder=folder,
        settings=SettingsStore(),
        dialogs=dialogs,
        runner=runner,
        kdf=MINIMUM_KDF,
        theme=theme,
    )
    window.resize(*size)
    window.show()
    written: list[str] = []

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def refresh_icons() -> None:
        window.action_registry.refresh_icons()
        controller.refresh_sidebar_icons()
        journal = controller.journal
        if journal is not None:
            editor = journal.view.editor
            current = journal.controller.editor.current
            if current is not None:
                kind = current.kind
                editor.kind_icon.setPixmap(
                    icons.pixmap(kind.value, current_colors().kind(kind), 20)
                )
            editor.link_article.setIcon(icons.icon("link"))
            for button, kind in (
                (editor.start_session, EntryKind.SESSION),
                (editor.start_block, EntryKind.BLOCK),
                (editor.start_reflection, EntryKind.REFLECTION),
            ):
                button.setIcon(icons.kind_icon(kind))

    def set_theme(choice: str) -> None:
        theme.apply(choice, text)
        refresh_icons()
        settle()

    def shoot(name: str, widget: Callable[[], QWidget] | QWidget | None = None) -> None:
        """The current screen in both themes (ending in light)."""
        for choice in ("light", "dark"):
            set_theme(choice)
            target = widget() if callable(widget) else widget
            settle()
            (target or window).grab().save(str(out / f"{name}-{choice}.png"))
            written.append(f"{name}-{choice}.png")
        set_theme("light")

    # First run
    shoot("welcome")
    window.first_run.start.click()
    window.first_run.passphrases.first.setText(DEMO_PASSPHRASE)
    window.first_run.passphrases.second.setText(DEMO_PASSPHRASE)
    shoot("passphrase")
    window.first_run.create_button.click()
    shoot("recovery-key")
    recovery_key = controller.first_run.recovery_key
    window.first_run.check_field.setText(recovery_key.replace("-", "")[-5:])
    window.first_run.stored.setChecked(True)
    shoot("recovery-key-confirmed")
    window.first_run.finish.click()
    settle()
    shoot("journal-empty")

    vault = controller.vault
    assert vault is not None
    add_demo_content(vault, folder)

    # Lock and unlock
    controller.lock()
    shoot("unlock")
    window.unlock.passphrase.setText("not my passphrase")
    window.unlock.unlock.click()
    shoot("unlock-error")
    window.unlock.use_recovery.click()
    window.unlock.recovery_key.setText(recovery_key.lower())
    shoot("unlock-recovery")
    window.unlock.back.click()
    controller.unlock.reset()
    controller.show_note(RESTORED_NOTE)
    shoot("unlock-restored")
    window.unlock.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock.unlock.click()
    settle()

    library_page = controller.page("library")
    assert isinstance(library_page, LibraryPage)
    library_page.library.import_file(_demo_article(folder.parent))
    library_page.refresh()

    journal = controller.journal
    assert journal is not None
    journal_controller = journal.controller
    editor_view = journal.view.editor
    model = journal_controller.model

    def open_titled(title: str) -> None:
        for row in range(model.rowCount()):
            if model.summary(row).title == title:
                journal_controller.open_entry(model.summary(row).id)
                editor_view.form_page.verticalScrollBar().setValue(0)
                return
        raise LookupError(title)

    open_titled("After the session")
    shoot("journal")
    editor_view.preview_toggle.click()
    shoot("editor-reflection-preview")
    editor_view.preview_toggle.click()
    open_titled("Anger, finally")
    shoot("editor-session")
    open_titled("Couldn't cry when talking about Dad")
    shoot("editor-block")
    open_titled("Crying at adverts")
    bar = editor_view.form_page.verticalScrollBar()
    editor_view.form_page.ensureWidgetVisible(editor_view.link_article, 0, 200)
    shoot("editor-linked-articles")

    journal_controller.view.kind.setCurrentIndex(2)
    shoot("journal-filtered-blocks")
    journal_controller.view.kind.setCurrentIndex(0)
    journal_controller.view.list.selectAll()
    shoot("journal-selected")
    journal_controller.new_entry(EntryKind.SESSION)
    shoot("editor-new-session")

    # Writing about a comment, from the reader
    controller.show_page("library")
    library_page.show_list()
    shoot("library")
    library_page.open_article(SLUG, "c06")
    shoot("reader")
    library_page.open_article(SLUG, None, PASSAGE)
    shoot("reader-passage")
    library_page.reader.browser.writeAboutCommentClicked.emit("c06")
    bar.setValue(0)
    shoot("write-about")

    search_page = controller.page("search")
    assert isinstance(search_page, SearchPage)
    controller.commands.find()
    search_page.focus_search("tears")
    search_page.run_search()
    shoot("search")

    prep_page = controller.page("prep")
    assert isinstance(prep_page, SessionPrepPage)
    controller.show_page("prep")
    prep_page.refresh()
    prep_page.scroll_area.verticalScrollBar().setValue(0)
    shoot("prep")
    prep_bar = prep_page.scroll_area.verticalScrollBar()
    prep_bar.setValue(prep_bar.maximum())
    shoot("prep-bottom")
    shoot("patterns", prep_page.patterns_card)

    picker = ArticlePickerDialog(library_page.library, window)
    picker.show()
    picker.filter.setText("photo")
    shoot("article-picker", picker)
    picker.close()

    controller.show_page("journal")
    open_titled("After the session")
    journal_controller.view.list.selectAll()
    dialog = controller.commands.export()
    assert dialog is not None
    shoot("export", dialog)
    dialog.reject()

    preferences = controller.commands.show_preferences()
    shoot("preferences", preferences)
    preferences.reject()

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
