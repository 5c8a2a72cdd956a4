"""Render the backup, restore, Trash and damaged-journal dialogs to PNG files.

    python tools/screenshots_safety.py --out DIR

Builds a demo journal (``kdf=MINIMUM_KDF``) with a few backups in a temporary folder, with the
app's home pointed there too, and shoots: backup-done.png, restore-light.png, restore-dark.png,
trash-light.png and damaged-light.png. Work runs on the real thread pool, waited on after each
task, so each shot is settled.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "quiet harbour morning tea"
TITLES = (
    "After Tuesday's session",
    "The argument about the holidays",
    "Something my therapist said about anger",
    "Slept badly, felt raw all day",
    "A small good moment at the park",
    "Questions for next week",
    "Tight throat at the school gate",
)


def build_demo_journal(folder: Path) -> None:
    """Entries over two months, backups on several days, and a few entries in the Trash."""
    from journal_app.domain import Entry, EntryKind
    from journal_app.storage import MINIMUM_KDF, Vault
    from journal_app.storage.backups import REASON_DAILY, make_backup

    now = datetime.now(UTC)
    vault, _key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        kinds = [EntryKind.REFLECTION, EntryKind.SESSION, EntryKind.BLOCK]
        for number in range(34):
            when = now - timedelta(days=60 - number * 1.7)
            vault.entries.add(
                Entry.new(
                    kinds[number % 3],
                    title=TITLES[number % len(TITLES)],
                    body="Some words about the day. " * 20,
                    occurred_at=when,
                )
            )
            if number in (20, 27, 30, 32):
                reason = "manual" if number == 27 else REASON_DAILY
                make_backup(vault, reason=reason, now=now - timedelta(days=(33 - number) * 2))
        make_backup(vault, reason="before-update-2", now=now - timedelta(hours=3))
        for summary in vault.entries.summaries(limit=4):
            vault.entries.delete(summary.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="safety-shots-") as temp:
        os.environ["JOURNAL_APP_HOME"] = str(Path(temp) / "home")
        folder = Path(temp) / "journal"
        build_demo_journal(folder)
        return render_all(out, folder)


def render_all(out: Path, folder: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from screenshots import screenshot_helpers

    from journal_app.exchange.importers import ImportFormat
    from journal_app.storage import Vault
    from journal_app.storage.recovery import check_journal_folder
    from journal_app.ui.common.safety_dialog import SafetyDialog
    from journal_app.ui.common.theme import ThemeManager
    from journal_app.ui.windows.backup_now import BackUpNowDialog
    from journal_app.ui.windows.damaged import DamagedJournalDialog
    from journal_app.ui.windows.import_entries import ImportDialog
    from journal_app.ui.windows.restore import RestoreDialog
    from journal_app.ui.windows.trash import TrashDialog

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    theme = ThemeManager(app)
    dialogs, runner = screenshot_helpers()
    dialogs.confirm = lambda *_args, **_kwargs: True  # the shots show the windows themselves

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(name: str, dialog: SafetyDialog, width: int = 640) -> None:
        dialog.show()
        dialog.resize(width, 10)
        dialog.fit_height()
        settle()
        dialog.grab().save(str(out / name))
        dialog.done(0)
        dialog.deleteLater()
        settle()
        print(out / name)

    theme.apply("light", 13)
    with Vault.open(folder, PASSPHRASE) as vault:
        backup = BackUpNowDialog(None, vault, dialogs, runner)
        backup.back_up.click()
        shoot("backup-done.png", backup)
        shoot("trash-light.png", TrashDialog(None, vault, dialogs, runner), width=760)
        importer = ImportDialog(None, vault, dialogs, runner)
        importer.format.setCurrentIndex(importer.format.findData(ImportFormat.JRNL_JSON))
        importer.use_source(ROOT / "tests" / "fixtures" / "import" / "jrnl.json")
        shoot("import-light.png", importer)

    for choice in ("light", "dark"):
        theme.apply(choice, 13)
        restore = RestoreDialog(None, folder, dialogs, runner)
        restore.secret.field.setText(PASSPHRASE)
        restore.unlock.click()
        restore.list.setFocus()
        shoot(f"restore-{choice}.png", restore, width=680)

    theme.apply("light", 13)
    database = folder / "journal.db"
    with open(database, "r+b") as handle:  # one flipped byte deep inside: a damaged journal
        position = database.stat().st_size * 2 // 3
        handle.seek(position)
        value = handle.read(1)[0]
        handle.seek(position)
        handle.write(bytes([value ^ 0x01]))
    problems = check_journal_folder(folder, PASSPHRASE)
    damaged = DamagedJournalDialog(None, folder, problems, dialogs, runner)
    damaged.secret.field.setText(PASSPHRASE)
    damaged.find_button.click()
    shoot("damaged-light.png", damaged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
