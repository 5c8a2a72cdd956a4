"""``journal-app`` with no command: the desktop app, or ``--self-check`` of this installation."""

from __future__ import annotations

import argparse
from pathlib import Path

from journal_app.cli.console import CliError, Console


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
