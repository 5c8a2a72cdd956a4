"""How a command module adds its commands to the ``journal-app`` parser.

Every command takes ``--journal`` and ``--data-dir`` (the ``common`` parent) and names the
function that runs it; a command that may write says so, so that a damaged journal is refused
with the same sentence everywhere (``run_handler``). ``CommandParsers`` does that once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from journal_app.cli.console import Console

Handler = Callable[[argparse.Namespace, Console], int]


@dataclass(frozen=True)
class CommandParsers:
    """The sub-command parsers a module adds to, with the options every command shares."""

    subparsers: argparse._SubParsersAction[Any]  # of ArgumentParser or a subclass
    common: argparse.ArgumentParser

    def add(
        self, name: str, handler: Handler, *, writes: bool = False, **details: Any
    ) -> argparse.ArgumentParser:
        """A command run by ``handler``; ``details`` are ``add_parser``'s (help, description…)."""
        parser: argparse.ArgumentParser = self.subparsers.add_parser(
            name, parents=[self.common], **details
        )
        parser.set_defaults(handler=handler)
        if writes:
            parser.set_defaults(writes=True)
        return parser

    def group(self, name: str, *, title: str, metavar: str, **details: Any) -> CommandParsers:
        """A command made of actions (``sessions add``, ``sessions list``…); one is required."""
        parser = self.subparsers.add_parser(name, parents=[self.common], **details)
        actions = parser.add_subparsers(title=title, metavar=metavar, required=True)
        return CommandParsers(actions, self.common)
