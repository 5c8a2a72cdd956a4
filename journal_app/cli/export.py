"""``journal-app export``: a summary for your therapist (PDF, Markdown, HTML) or the whole journal
as JSON, from a terminal.

A thin client of :mod:`journal_app.exchange`. Private entries stay out unless
``--include-private`` is given. Messages name files and counts, never journal text.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from journal_app.cli.console import (
    COMMAND_LINE_IS_VISIBLE,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Console,
)
from journal_app.cli.journal import split_tags
from journal_app.cli.opening import open_vault, parse_day, start_of_local_day
from journal_app.cli.parsers import CommandParsers


def command_export(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import EntryKind, wording
    from journal_app.exchange import (
        ExportError,
        ExportFormat,
        ExportOptions,
        ExportScope,
        LibraryCatalog,
        export_journal,
    )

    fmt = ExportFormat.parse(args.format)
    kinds = [EntryKind.parse(kind) for kind in args.kind]
    since = start_of_local_day(args.since) if args.since else None
    until = start_of_local_day(args.until + timedelta(days=1)) if args.until else None
    if fmt is ExportFormat.JSON and (kinds or args.tag or args.ask or since or until or args.prep):
        raise CliError(
            "JSON is always the complete journal, so --since, --until, --kind, --tag and --prep "
            "don't apply to it. Leave them out, or choose pdf, md or html.",
            EXIT_USAGE,
        )
    page_size = None
    if fmt is ExportFormat.PDF:
        # Fonts and layout need a (headless, if need be) Qt application before any work.
        from journal_app.exchange.pdf_writer import ensure_gui_application, locale_page_size

        ensure_gui_application()
        page_size = locale_page_size()
    target = Path(args.out).expanduser()
    with open_vault(args, console) as vault:
        from journal_app.library import Library

        tags = list(args.tag)
        if args.ask:  # after the passphrase, so tags never have to be on the command line
            tags += split_tags(console.ask("Only entries with these tags (separated by commas): "))
        if kinds or tags:
            scope = ExportScope.filtered(kinds, tags, since, until)
        elif since or until:
            scope = ExportScope.date_range(since, until)
        else:
            scope = ExportScope.since_last_session()
        options = ExportOptions(
            fmt,
            scope=scope,
            include_private=args.include_private,
            prep=args.prep,
            **({"page_size": page_size} if page_size else {}),
        )
        catalog = LibraryCatalog(Library.load(vault))
        try:
            result = export_journal(vault, options, target, catalog=catalog)
        except ExportError as error:
            raise CliError(str(error)) from None
    what = "the complete journal" if fmt is ExportFormat.JSON else "a summary"
    count = wording.entries(result.entry_count)
    pages = f", {wording.pages(result.page_count)}" if result.page_count else ""
    report = [f"Exported {what} ({count}{pages}) to {result.path}."]
    if result.private_left_out:
        report.append(
            f"{wording.private_entries_left_out(result.private_left_out)} "
            "(add --include-private to include them)."
        )
    return say_unencrypted_file_written(console, report)


def say_unencrypted_file_written(console: Console, report: list[str]) -> int:
    """Say what was written outside the journal, then that the file is not encrypted."""
    from journal_app.exchange import NOT_ENCRYPTED_WARNING

    for sentence in report:
        console.say(sentence)
    console.say(NOT_ENCRYPTED_WARNING)
    return EXIT_OK


def add_commands(commands: CommandParsers) -> None:
    export = commands.add(
        "export",
        command_export,
        help="export a summary for your therapist, or the whole journal as JSON",
        description="Write a summary of your entries (pdf, md, html) or the complete journal "
        "(json). Without --since, --until, --kind or --tag the summary starts at your last "
        "session note. The file is not encrypted.",
        epilog=f"Privacy: {COMMAND_LINE_IS_VISIBLE}",
    )
    export.add_argument("--format", required=True, metavar="FORMAT", help="pdf, md, html or json")
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    export.add_argument("--since", type=parse_day, metavar="DATE", help="first day (2026-03-01)")
    export.add_argument("--until", type=parse_day, metavar="DATE", help="last day, inclusive")
    export.add_argument(
        "--kind", action="append", default=[], help="session, block or reflection (repeatable)"
    )
    export.add_argument(
        "--tag",
        action="append",
        default=[],
        help="a tag (repeatable); visible to other users, see Privacy below",
    )
    export.add_argument(
        "--ask",
        action="store_true",
        help="ask for the tags (or read them from the line of standard input after the passphrase)",
    )
    export.add_argument(
        "--include-private",
        action="store_true",
        help="also export entries marked private (they are left out otherwise)",
    )
    export.add_argument(
        "--prep",
        action="store_true",
        help="start with open questions, emotional blocks and homework since the last session",
    )
