"""The ``journal-app`` command: launches the desktop app, or scripts the journal from a terminal.

This module builds the parser from the command modules beside it (``journal``, ``backup``,
``export``, ``importing``, ``plan``, ``sessions``, ``launch``) and turns every failure into one
plain sentence on stderr with a fixed exit code, never a traceback and never journal text.
Building the parser imports no storage, exchange, library or Qt code: each command imports what
it needs when it runs.

Every command goes through ``Vault``; nothing here writes SQL.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from journal_app import APP_NAME, __version__
from journal_app.cli import backup, export, importing, journal, plan, sessions
from journal_app.cli.console import (
    EXIT_BUSY,
    EXIT_DAMAGED,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WRONG_PASSPHRASE,
    CliError,
    Console,
)
from journal_app.cli.launch import command_launch
from journal_app.cli.opening import journal_folder, open_vault
from journal_app.cli.parsers import CommandParsers, Handler
from journal_app.hardening import protect_process

__all__ = [
    "EXIT_BUSY",
    "EXIT_DAMAGED",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_WRONG_PASSPHRASE",
    "CliError",
    "Console",
    "build_parser",
    "journal_folder",
    "main",
    "open_vault",
    "run_handler",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _location_options(*, default: object) -> argparse.ArgumentParser:
    """``--journal`` and ``--data-dir``, accepted before and after the command alike.

    The command's copy uses ``SUPPRESS`` as its default so that, when the option was given
    before the command, the command's parser doesn't overwrite it with "not given".
    """
    options = _Parser(add_help=False)
    options.add_argument(
        "--journal",
        metavar="DIR",
        default=default,
        help="the journal folder (default: your usual journal)",
    )
    options.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep all app data, settings and logs under DIR (same as JOURNAL_APP_HOME)",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journal-app",
        description=f"{APP_NAME}: an encrypted journal for the time between therapy sessions. "
        "With no command, opens the desktop app.",
        parents=[_location_options(default=None)],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation works (throwaway journal, search, article, PDF) and exit",
    )
    parser.set_defaults(handler=command_launch)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    command_parsers = CommandParsers(commands, _location_options(default=argparse.SUPPRESS))
    for module in (journal, backup, export, importing, plan, sessions):
        module.add_commands(command_parsers)
    return parser


def _apply_data_dir(args: argparse.Namespace) -> None:
    """``--data-dir`` must take effect before anything asks ``paths`` for a location."""
    from journal_app.paths import HOME_ENV

    if args.data_dir:
        os.environ[HOME_ENV] = str(Path(args.data_dir).expanduser().resolve())


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    # First of all, before any passphrase is read: a core dump would hold the master key.
    protect_process()
    arguments = list(sys.argv[1:] if argv is None else argv)
    console = console or Console(sys.stdin, sys.stdout, sys.stderr)
    args = build_parser().parse_args(arguments)
    _apply_data_dir(args)
    handler: Handler = args.handler
    return run_handler(handler, args, console)


def damaged_journal_refusal(folder: Path) -> str:
    """What a command that would write says when the journal is damaged (exit code 4)."""
    return (
        "Nothing was written to it. To see what is wrong and which backup to restore, run: "
        f"journal-app check --journal {folder}"
    )


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
    except DamagedJournal as error:
        message, code = str(error), EXIT_DAMAGED
        if getattr(args, "writes", False):
            message += " " + damaged_journal_refusal(journal_folder(args))
    except NewerJournal as error:
        message, code = str(error), EXIT_DAMAGED
    except JournalBusy as error:
        message, code = str(error), EXIT_BUSY
    except (JournalError, ValidationError) as error:
        message, code = str(error), EXIT_ERROR
    except ValueError as error:  # bad values typed on the command line (kind names, dates)
        message, code = str(error), EXIT_USAGE
    except KeyboardInterrupt:
        message, code = "Stopped.", EXIT_INTERRUPTED
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
