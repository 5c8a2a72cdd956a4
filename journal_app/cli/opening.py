"""Finding and unlocking the journal a command works on, and reading the dates people type.

``--journal DIR`` names the journal folder, given before or after the command; without it, the
usual journal under the app's data folder (which ``--data-dir`` moves).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from journal_app.cli.console import EXIT_DAMAGED, CliError, Console

if TYPE_CHECKING:
    from journal_app.storage import Vault


def journal_folder(args: argparse.Namespace) -> Path:
    from journal_app import paths

    chosen = getattr(args, "journal", None)
    return Path(chosen).expanduser() if chosen else paths.default_journal_dir()


def existing_journal_folder(args: argparse.Namespace, *, say_how_to_create: bool = False) -> Path:
    """The folder named by ``--journal``, refused (exit code 4) when it holds no journal."""
    from journal_app.storage import Vault

    folder = journal_folder(args)
    if not Vault.exists(folder):
        how = f" Create one with: journal-app init --journal {folder}" if say_how_to_create else ""
        raise CliError(f"There is no journal in {folder}.{how}", EXIT_DAMAGED)
    return folder


def open_vault(args: argparse.Namespace, console: Console) -> Vault:
    """Ask for the passphrase and open the journal named by ``--journal``."""
    from journal_app.storage import READ_ONLY_NOTICE, Vault

    folder = existing_journal_folder(args, say_how_to_create=True)
    passphrase = console.read_secret("Passphrase: ")
    vault = Vault.open(folder, passphrase)
    if vault.ignored_restore_marker is not None:
        print(vault.ignored_restore_marker.notice, file=console.stderr)
    if vault.read_only:
        print(READ_ONLY_NOTICE, file=console.stderr)
    return vault


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date; use the form 2026-01-31."
        ) from None


def start_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def iso_local(moment: datetime) -> str:
    """A moment in local time with its offset, to the second (``2026-03-03T15:00:00+01:00``)."""
    return moment.astimezone().isoformat(timespec="seconds")
