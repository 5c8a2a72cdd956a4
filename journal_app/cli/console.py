"""Where a ``journal-app`` command reads and writes, its exit codes, and its one kind of error.

Passphrases are read from the terminal without echo, or from the next line of standard input
when it is not a terminal; never from arguments or the environment. Anything else a person writes
(titles, tags, questions, the text, search words) can be read the same way, so that it never has
to appear on the command line, where every local user can see it with ``ps``.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import TextIO

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_WRONG_PASSPHRASE = 3
EXIT_DAMAGED = 4
EXIT_BUSY = 5
EXIT_INTERRUPTED = 130

COMMAND_LINE_IS_VISIBLE = (
    "Anything given as an argument (a title, tags, questions, the text, search words) can be "
    "seen by other users of this computer while the command runs (for example with ps) and "
    "stays in your shell history. Leave it out to be asked for it, or pass it on standard input."
)


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

    def ask(self, prompt: str) -> str:
        """One line of text: asked for at a terminal (on stderr), else the next line of stdin.

        Returns "" when standard input has ended, so optional answers can simply be skipped.
        """
        if self.stdin_is_terminal():
            self.stderr.write(prompt)
            self.stderr.flush()
        return self.stdin.readline().rstrip("\r\n")

    def ask_lines(self, prompt: str) -> list[str]:
        """Several lines, one per answer, until an empty line (or the end of standard input)."""
        if self.stdin_is_terminal():
            print(prompt, file=self.stderr)
        answers: list[str] = []
        while True:
            line = self.ask("> " if self.stdin_is_terminal() else "")
            if not line.strip():
                return answers
            answers.append(line)

    def read_rest(self, prompt: str) -> str:
        """Everything left on standard input; at a terminal, after saying how to finish."""
        if self.stdin_is_terminal():
            print(prompt, file=self.stderr)
        return self.stdin.read()

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)
