"""``journal-app import``: bring entries in from our JSON export, jrnl, Day One or Markdown files.

A thin client of :mod:`journal_app.exchange.importers`: the file is read and checked completely
before the journal is touched, then everything is added in one transaction. Importing the same
file again adds nothing. Messages name files, lines and counts, never journal text.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from journal_app.cli.console import EXIT_OK, CliError, Console
from journal_app.cli.opening import open_vault
from journal_app.cli.parsers import CommandParsers

# The values of ``exchange.importers.ImportFormat``, written out so that building the parser
# doesn't import every importer (a test keeps the two the same).
IMPORT_FORMATS = ("json", "jrnl", "jrnl-json", "dayone", "markdown")


def command_import(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.exchange.importers import ImportProblem, import_file, parse, preview

    source = Path(args.file).expanduser()
    started = time.perf_counter()
    try:
        parsed = parse(source, args.format)  # before asking for the passphrase: fail early
    except ImportProblem as error:
        raise CliError(str(error)) from None
    with open_vault(args, console) as vault:
        summary = preview(source, args.format, vault) if args.dry_run else None
        if summary is not None:
            first = summary.first.astimezone().date() if summary.first else "-"
            last = summary.last.astimezone().date() if summary.last else "-"
            console.say(
                f"{wording.entries(summary.count)} from {first} to {last}; "
                f"{summary.new_entries} new, "
                f"{summary.already_there} already in the journal. Nothing was changed."
            )
            for problem in summary.problems:
                console.say(f"Note: {problem}")
            return EXIT_OK
        try:
            result = import_file(vault, source, args.format, parsed=parsed)
        except ImportProblem as error:
            raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    console.say(
        f"Imported {wording.entries(result.added)} from {source.name} in {seconds:.1f} s"
        + (f"; {wording.were_already_in_the_journal(result.skipped)}" if result.skipped else "")
        + (f"; {wording.articles(result.articles)}" if result.articles else "")
        + "."
    )
    for warning in parsed.warnings:
        console.say(f"Note: {warning}")
    return EXIT_OK


def add_commands(commands: CommandParsers) -> None:
    command = commands.add(
        "import",
        command_import,
        writes=True,
        help="import entries from another journal or an export",
    )
    command.add_argument(
        "--format",
        required=True,
        choices=IMPORT_FORMATS,
        help="json (our export), jrnl (plain text), jrnl-json, dayone (.zip or .json), "
        "markdown (a folder)",
    )
    command.add_argument("--dry-run", action="store_true", help="only show what would be imported")
    command.add_argument("file", metavar="FILE", help="the file (or folder, for markdown)")
