"""The ``journal-app`` command: launches the desktop app, or scripts the journal from a terminal.

Every command goes through ``Vault``; nothing here writes SQL. Passphrases are read from the
terminal without echo, or from the first line(s) of standard input when it is not a terminal,
never from arguments or the environment. Errors are one plain sentence on stderr with a fixed exit
code, never a traceback and never journal text.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn, TextIO

from journal_app import APP_NAME, __version__

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_WRONG_PASSPHRASE = 3
EXIT_DAMAGED = 4
EXIT_BUSY = 5


class CliError(Exception):
    """A failure to report as one sentence with a given exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Console:
    """Where a command reads and writes; tests may pass their own streams."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO

    def stdin_is_terminal(self) -> bool:
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def read_secret(self, prompt: str) -> str:
        """A passphrase: typed without echo at a terminal, else the next line of stdin."""
        if self.stdin_is_terminal():
            return getpass.getpass(prompt)
        line = self.stdin.readline()
        if not line:
            raise CliError(f"Expected a passphrase on standard input ({prompt.strip(': ')}).")
        return line.rstrip("\r\n")

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)


# --------------------------------------------------------------------------- opening a journal


def journal_folder(args: argparse.Namespace) -> Path:
    from journal_app import paths

    return Path(args.journal).expanduser() if args.journal else paths.default_journal_dir()


def open_vault(args: argparse.Namespace, console: Console) -> Any:
    """Ask for the passphrase and open the journal named by ``--journal``."""
    from journal_app.storage import Vault

    folder = journal_folder(args)
    if not Vault.exists(folder):
        raise CliError(
            f"There is no journal in {folder}. "
            f"Create one with: journal-app init --journal {folder}",
            EXIT_DAMAGED,
        )
    passphrase = console.read_secret("Passphrase: ")
    return Vault.open(folder, passphrase)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date; use the form 2026-01-31."
        ) from None


def _start_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- commands


def command_init(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage import Vault

    folder = journal_folder(args)
    if Vault.exists(folder):
        raise CliError(f"There is already a journal in {folder}. Nothing was changed.")
    passphrase = console.read_secret("Choose a passphrase: ")
    if console.stdin_is_terminal() and console.read_secret("Type it again: ") != passphrase:
        raise CliError("The two passphrases were different. Nothing was created.")
    if not passphrase:
        raise CliError("The passphrase can't be empty. Nothing was created.")
    vault, recovery_key = Vault.create(folder, passphrase)
    vault.close()
    console.say(f"Created a new encrypted journal in {folder}.")
    console.say()
    console.say("Your recovery key (shown only this once):")
    console.say()
    console.say(f"    {recovery_key}")
    console.say()
    console.say("Write it down or print it and keep it somewhere safe. If you forget your")
    console.say("passphrase, this key is the only way back into your journal:")
    console.say(f"    journal-app passwd --journal {folder} --recovery-key")
    return EXIT_OK


def command_add(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import ArticleLink, Entry, EntryKind, Question

    kind = EntryKind.parse(args.kind)
    with open_vault(args, console) as vault:
        text = console.stdin.read() if args.text == "-" else args.text
        links = tuple(ArticleLink(article_slug=slug) for slug in args.article)
        if links:
            _check_article_slugs(vault, [link.article_slug for link in links])
        occurred_at = _start_of_local_day(args.date) + timedelta(hours=12) if args.date else None
        entry = Entry.new(
            kind,
            title=args.title or "",
            body=text.rstrip("\n"),
            tags=tuple(args.tag),
            private=args.private,
            questions=tuple(Question(text=question) for question in args.question),
            links=links,
            **({"occurred_at": occurred_at} if occurred_at else {}),
        )
        saved = vault.entries.add(entry)
    console.say(f"Saved entry {saved.id}.")
    return EXIT_OK


def _check_article_slugs(vault: Any, slugs: Sequence[str]) -> None:
    from journal_app.library import Library

    library = Library.load(vault)
    known = {article.slug for article in library.articles()}
    for slug in slugs:
        if slug not in known:
            raise CliError(
                f"There's no article called “{slug}”. Known articles: {', '.join(sorted(known))}."
            )


def _summary_json(summary: Any) -> dict[str, Any]:
    return {
        "id": summary.id,
        "kind": summary.kind.value,
        "title": summary.display_title,
        "occurred_at": _iso_utc(summary.occurred_at),
        "tags": list(summary.tags),
        "private": summary.private,
        "snippet": summary.snippet,
        "linked_articles": summary.link_count,
        "open_questions": summary.open_question_count,
    }


def command_list(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import EntryFilter, EntryKind

    entry_filter = EntryFilter(
        kinds=frozenset(EntryKind.parse(kind) for kind in args.kind),
        tags=frozenset(args.tag),
        since=_start_of_local_day(args.since) if args.since else None,
        until=_start_of_local_day(args.until + timedelta(days=1)) if args.until else None,
    )
    with open_vault(args, console) as vault:
        summaries = vault.entries.summaries(entry_filter, limit=args.limit)
    if args.json:
        console.say(json.dumps([_summary_json(s) for s in summaries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summaries:
        console.say("No entries match.")
    for summary in summaries:
        extras = []
        if summary.tags:
            extras.append(" ".join(f"#{tag}" for tag in summary.tags))
        if summary.link_count:
            extras.append(f"{summary.link_count} linked article(s)")
        if summary.open_question_count:
            extras.append(f"{summary.open_question_count} open question(s)")
        if summary.private:
            extras.append("private")
        day = summary.occurred_at.astimezone().date().isoformat()
        line = f"{summary.id:>6}  {day}  {summary.kind.label:<16} {summary.display_title}"
        console.say(line + (f"  ({'; '.join(extras)})" if extras else ""))
    return EXIT_OK


def command_search(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage import split_highlights, strip_highlights

    with open_vault(args, console) as vault:
        hits = vault.search.entries(args.query, limit=args.limit)
    if args.json:
        results = []
        for hit in hits:
            highlights, position = [], 0
            for text, matched in split_highlights(hit.snippet):
                if matched:
                    highlights.append([position, position + len(text)])
                position += len(text)
            results.append(
                {
                    "id": hit.entry_id,
                    "kind": hit.kind.value,
                    "title": hit.display_title,
                    "occurred_at": _iso_utc(hit.occurred_at),
                    "snippet": strip_highlights(hit.snippet),
                    "highlights": highlights,
                }
            )
        console.say(json.dumps(results, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not hits:
        console.say("Nothing found.")
    for hit in hits:
        snippet = "".join(
            f"[{t}]" if matched else t for t, matched in split_highlights(hit.snippet)
        )
        day = hit.occurred_at.astimezone().date().isoformat()
        console.say(f"{hit.entry_id:>6}  {day}  {hit.display_title}")
        console.say(f"        {' '.join(snippet.split())}")
    return EXIT_OK


def command_passwd(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage import Vault

    folder = journal_folder(args)
    if not Vault.exists(folder):
        raise CliError(f"There is no journal in {folder}.", EXIT_DAMAGED)
    if args.recovery_key:
        vault = Vault.open_with_recovery_key(folder, console.read_secret("Recovery key: "))
    else:
        vault = Vault.open(folder, console.read_secret("Current passphrase: "))
    with vault:
        new_passphrase = console.read_secret("New passphrase: ")
        if console.stdin_is_terminal() and console.read_secret("Type it again: ") != new_passphrase:
            raise CliError("The two passphrases were different. Nothing was changed.")
        if not new_passphrase:
            raise CliError("The new passphrase can't be empty. Nothing was changed.")
        vault.change_passphrase(new_passphrase)
    console.say("Your passphrase was changed. Your recovery key still works.")
    return EXIT_OK


def command_launch(args: argparse.Namespace, console: Console) -> int:
    if args.self_check:
        from journal_app.selfcheck import run_self_check

        return int(run_self_check(out=console.say))
    try:
        from journal_app.ui.app import run_app
    except ImportError as error:
        raise CliError(f"The desktop app could not start ({error.name} is missing).") from None
    folder = Path(args.journal).expanduser() if args.journal else None
    return int(run_app(journal_dir=folder))


# --------------------------------------------------------------------------- parser


Handler = Callable[[argparse.Namespace, Console], int]

# Modules that add further sub-commands: each has ``add_commands(subparsers, common)``.
EXTRA_COMMAND_MODULES: tuple[str, ...] = (
    "journal_app.commands.backup",
    "journal_app.commands.export",
    "journal_app.commands.importing",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--journal", metavar="DIR", help="the journal folder (default: your usual journal)"
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all app data, settings and logs under DIR (same as JOURNAL_APP_HOME)",
    )

    parser = _Parser(
        prog="journal-app",
        description=f"{APP_NAME}: an encrypted journal for the time between therapy sessions. "
        "With no command, opens the desktop app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation works (throwaway journal, search, article, PDF) and exit",
    )
    parser.set_defaults(handler=command_launch)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser(
        "init", parents=[common], help="create a new journal and show its recovery key"
    )
    init.set_defaults(handler=command_init)

    add = commands.add_parser("add", parents=[common], help="write a new entry")
    add.add_argument(
        "--kind",
        default="reflection",
        help="reflection (default), session (a session note) or block (an emotional block)",
    )
    add.add_argument("--title", help="a short title")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    add.add_argument(
        "--article", action="append", default=[], metavar="SLUG", help="link to an article"
    )
    add.add_argument(
        "--question",
        action="append",
        default=[],
        metavar="Q",
        help="a question for your therapist (repeat for more)",
    )
    add.add_argument("--private", action="store_true", help="never include in exports")
    add.add_argument("--date", type=_parse_day, help="the day it happened (default: now)")
    add.add_argument("text", metavar="TEXT", help="the entry's text, or - to read standard input")
    add.set_defaults(handler=command_add)

    listing = commands.add_parser("list", parents=[common], help="list entries, newest first")
    listing.add_argument("--since", type=_parse_day, metavar="DATE")
    listing.add_argument("--until", type=_parse_day, metavar="DATE", help="inclusive")
    listing.add_argument("--kind", action="append", default=[])
    listing.add_argument("--tag", action="append", default=[])
    listing.add_argument("--limit", type=int, default=100_000)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=command_list)

    search = commands.add_parser("search", parents=[common], help="search your entries")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(handler=command_search)

    passwd = commands.add_parser("passwd", parents=[common], help="change the passphrase")
    passwd.add_argument(
        "--recovery-key",
        action="store_true",
        help="use the recovery key instead of the current passphrase",
    )
    passwd.set_defaults(handler=command_passwd)

    import importlib

    for module_name in EXTRA_COMMAND_MODULES:
        importlib.import_module(module_name).add_commands(commands, common)
    return parser


def _apply_data_dir(argv: Sequence[str]) -> None:
    """``--data-dir`` must take effect before anything asks ``paths`` for a location."""
    from journal_app.paths import HOME_ENV

    for index, argument in enumerate(argv):
        if argument == "--data-dir" and index + 1 < len(argv):
            os.environ[HOME_ENV] = str(Path(argv[index + 1]).expanduser().resolve())
        elif argument.startswith("--data-dir="):
            os.environ[HOME_ENV] = str(Path(argument.split("=", 1)[1]).expanduser().resolve())


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    console = console or Console(sys.stdin, sys.stdout, sys.stderr)
    _apply_data_dir(arguments)
    args = build_parser().parse_args(arguments)
    handler: Handler = args.handler
    return run_handler(handler, args, console)


def run_handler(handler: Handler, args: argparse.Namespace, console: Console) -> int:
    """Run a command, turning every failure into one sentence and an exit code."""
    from journal_app.domain import ValidationError
    from journal_app.storage import (
        DamagedJournal,
        JournalBusy,
        JournalError,
        NewerJournal,
        WrongPassphrase,
    )

    try:
        return handler(args, console)
    except CliError as error:
        message, code = str(error), error.exit_code
    except WrongPassphrase as error:
        message, code = str(error), EXIT_WRONG_PASSPHRASE
    except (DamagedJournal, NewerJournal) as error:
        message, code = str(error), EXIT_DAMAGED
    except JournalBusy as error:
        message, code = str(error), EXIT_BUSY
    except (JournalError, ValidationError) as error:
        message, code = str(error), EXIT_ERROR
    except ValueError as error:  # bad values typed on the command line (kind names, dates)
        message, code = str(error), EXIT_USAGE
    except KeyboardInterrupt:
        message, code = "Stopped.", 130
    except OSError as error:
        # File-system messages name paths, never journal text.
        message, code = f"{error.strerror or 'A file problem'} ({error.filename})", EXIT_ERROR
    except Exception as error:  # last resort: no traceback, no content
        message = (
            f"Something unexpected went wrong ({type(error).__name__}). "
            "Your journal is still encrypted on disk."
        )
        code = EXIT_ERROR
    print(f"journal-app: {message}", file=console.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
