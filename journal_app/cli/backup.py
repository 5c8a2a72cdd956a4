"""``journal-app backup``, ``backups``, ``restore`` and ``check`` for use from a terminal.

Thin clients of :mod:`journal_app.storage.backups` and :mod:`journal_app.storage.recovery`.
Messages name files and counts, never journal text.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from journal_app.cli.console import EXIT_DAMAGED, EXIT_OK, CliError, Console
from journal_app.cli.opening import existing_journal_folder, journal_folder, open_vault
from journal_app.cli.parsers import CommandParsers


def command_backup(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.storage.backups import make_backup

    out = Path(args.out).expanduser() if args.out else None
    with open_vault(args, console) as vault:
        started = time.perf_counter()
        info = make_backup(vault, out)
        seconds = time.perf_counter() - started
    console.say(
        f"Backed up {wording.entries(info.entry_count or 0)} to {info.path} in {seconds:.1f} s "
        "(checked: it opens and every page is intact)."
    )
    console.say("The same passphrase and recovery key open it.")
    return EXIT_OK


def command_backups(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.storage.backups import list_backups
    from journal_app.storage.recovery import master_key_from

    folder = Path(args.folder).expanduser() if args.folder else journal_folder(args)
    backups = list_backups(folder)
    if not backups:
        console.say(f"No backups found in {folder}.")
        return EXIT_OK
    key_source = folder if (folder / "journal.key").exists() else backups[0].path
    master_key = master_key_from(key_source, console.read_secret("Passphrase: "))
    for info in list_backups(folder, master_key=master_key):
        count = "unreadable" if info.entry_count is None else wording.entries(info.entry_count)
        moment = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        console.say(f"{moment}  {count:>14}  {info.description:<36} {info.path}")
    return EXIT_OK


def command_restore(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.storage.restore import restore

    folder = journal_folder(args)
    backup = Path(args.backup).expanduser()
    from journal_app.storage.restore import BackupNeedsItsPassphrase

    passphrase = console.read_secret("Passphrase: ")
    try:
        result = restore(folder, backup, passphrase)
    except BackupNeedsItsPassphrase:
        console.say("This backup was made before the journal was re-keyed.")
        old = console.read_secret("The passphrase the backup had when it was made: ")
        result = restore(folder, backup, passphrase, backup_passphrase=old)
    console.say(f"Restored {wording.entries(result.entry_count)} into {folder}.")
    if result.opens_with_current_secrets:
        console.say("It opens with your current passphrase and recovery key.")
    else:
        console.say(
            "It opens with the passphrase and recovery key the backup had when it was made."
        )
    if result.safety_copy is not None:
        console.say(f"The journal as it was before is kept in {result.safety_copy}.")
    return EXIT_OK


def command_check(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.storage.backups import newest_good_backup
    from journal_app.storage.recovery import check_journal_folder

    folder = existing_journal_folder(args)
    passphrase = console.read_secret("Passphrase: ")
    started = time.perf_counter()
    problems = check_journal_folder(folder, passphrase)
    seconds = time.perf_counter() - started
    if not problems:
        console.say(f"The journal in {folder} is healthy (checked in {seconds:.1f} s).")
        return EXIT_OK
    shown = "; ".join(problems[:3]) + (
        f"; {wording.and_more(len(problems) - 3)}" if len(problems) > 3 else ""
    )
    message = f"The journal in {folder} is damaged ({shown}). It was not changed."
    good = newest_good_backup(folder, passphrase)
    if good is not None:
        day = good.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        message += (
            f" The newest good backup is from {day} ({wording.entries(good.entry_count or 0)});"
            " restore it with:"
            f" journal-app restore --journal {folder} {good.path}"
        )
    else:
        message += " No backup that passes the check was found."
    raise CliError(message, EXIT_DAMAGED)


def command_repair_key(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage.restore import repair_key_file_from_backup

    folder = journal_folder(args)
    backup = Path(args.backup).expanduser() if args.backup else None
    secret = console.read_secret("Passphrase (as it was when that backup was made): ")
    repair = repair_key_file_from_backup(folder, backup, secret)
    console.say(f"Put back the key file from {repair.source.parent}; every entry is kept.")
    if repair.damaged_kept_as is not None:
        console.say(f"The damaged key file is kept as {repair.damaged_kept_as}.")
    return EXIT_OK


def add_commands(commands: CommandParsers) -> None:
    backup = commands.add("backup", command_backup, help="make a verified encrypted backup now")
    backup.add_argument(
        "--out", metavar="DIR", help="where to put it (default: the journal's backups folder)"
    )

    listing = commands.add(
        "backups", command_backups, help="list backups with their dates and entry counts"
    )
    listing.add_argument(
        "folder", nargs="?", metavar="DIR", help="a folder of backups (default: the journal's)"
    )

    restore = commands.add(
        "restore",
        command_restore,
        help="replace the journal with a backup (the current one is kept as a backup)",
    )
    restore.add_argument("backup", metavar="BACKUP", help="the backup's folder")

    commands.add("check", command_check, help="check the journal for damage (changes nothing)")

    repair_key = commands.add(
        "repair-key",
        command_repair_key,
        help="put back a damaged journal.key from a backup (the entries stay as they are)",
    )
    repair_key.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="the backup's folder (default: the newest)"
    )
