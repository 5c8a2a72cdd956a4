"""Process hardening for a journal of therapy notes (Qt-free; every entry point calls it first).

* :func:`protect_process` runs first in every entry point (the command line, the desktop app,
  ``--self-check``), before any passphrase or key exists in memory: no core dumps, and a umask of
  077 so every file and folder the process creates is private to the user;
* no core dumps: a crash must not write decrypted entries to disk (``RLIMIT_CORE=0`` and, on
  Linux, ``PR_SET_DUMPABLE=0``, which also keeps other processes of the same user from attaching
  a debugger or reading our memory through ``/proc``);
* a crash hook that logs only the exception *type* and the traceback's file/line/function: no
  exception message (it may quote entry text), no local variables;
* logs under ``paths.log_dir()``, created with mode 0600 in a 0700 folder. Nothing in the app logs
  entry text; ``tests/test_hardening.py`` proves it with a marker at DEBUG level.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when logging is set up: every command starts by protecting itself
    from logging.handlers import RotatingFileHandler

log = logging.getLogger(__name__)

LOG_FILE_NAME = "between-sessions.log"
PR_SET_DUMPABLE = 4
CRASH_MESSAGE = (
    "Something went wrong and Between Sessions has to close. Everything you saved is safe in "
    "your encrypted journal, and a draft of what you were typing is kept. The details that were "
    "logged contain no journal text."
)


def disable_core_dumps() -> bool:
    """Turn off core dumps for this process; True when both measures took effect (Linux)."""
    done = True
    try:
        import resource

        # The soft limit is the one the kernel obeys. The hard limit is left as it was: lowering
        # it is permanent for this process and every child (a test run that calls ``main``
        # in-process would pass it on to every process it starts), and PR_SET_DUMPABLE below
        # is the second lock anyway.
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    except (ImportError, ValueError, OSError):
        done = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                done = False
        except (OSError, AttributeError):
            done = False
    else:
        done = done and sys.platform != "win32"
    return done


def protect_process() -> bool:
    """No core dumps and private new files (umask 077); True when core dumps are fully off.

    Cheap and idempotent: every entry point calls it before it reads a passphrase.
    """
    os.umask(0o077)
    return disable_core_dumps()


def is_dumpable() -> bool | None:
    """Whether the kernel would write a core dump of us (None where it can't be asked)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    PR_GET_DUMPABLE = 3
    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def describe_exception(kind: type[BaseException], traceback_: TracebackType | None) -> str:
    """The exception's type and where it happened: file, line and function only.

    The message (``str(error)``) and local variables are left out on purpose: they may hold what
    someone wrote. Source lines are not included either.
    """
    lines = [f"{kind.__module__}.{kind.__qualname__}"]
    import traceback

    for frame in traceback.extract_tb(traceback_):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


def install_excepthook(show: Callable[[str], None] | None = None) -> None:
    """Log uncaught exceptions without their content and show a calm message.

    ``show`` receives :data:`CRASH_MESSAGE` (the UI passes a function that shows a dialog).
    Also covers uncaught exceptions in threads. KeyboardInterrupt keeps its usual behaviour.
    """
    import threading

    def hook(
        kind: type[BaseException], error: BaseException, traceback_: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback_)
            return
        logging.getLogger("journal_app.crash").error(
            "Unexpected error:\n%s", describe_exception(kind, traceback_)
        )
        if show is not None:
            with contextlib.suppress(Exception):
                show(CRASH_MESSAGE)

    def thread_hook(arguments: threading.ExceptHookArgs) -> None:
        hook(
            arguments.exc_type, arguments.exc_value or arguments.exc_type(), arguments.exc_traceback
        )

    sys.excepthook = hook
    threading.excepthook = thread_hook


def setup_logging(level: int = logging.INFO, folder: Path | None = None) -> Path:
    """Log to a private rotating file in ``paths.log_dir()``; returns the file's path.

    The file is created 0600 before the handler opens it, so no other user can read it, whatever
    the umask. Nothing is logged to stderr except warnings and worse, without content.
    """
    from journal_app import paths

    folder = Path(folder) if folder is not None else paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    log_file = folder / LOG_FILE_NAME
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(log_file, 0o600)
    private_handler = _private_rotating_file_handler()
    handler = private_handler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, private_handler):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    return log_file


@functools.cache
def _private_rotating_file_handler() -> type[RotatingFileHandler]:
    """A rotating file handler whose rotated files are created 0600 too (one class, made once)."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            previous = os.umask(0o077)
            try:
                return super()._open()
            finally:
                os.umask(previous)

    return PrivateRotatingFileHandler


def harden_process(show_crash: Callable[[str], None] | None = None) -> None:
    """Everything above, in the order the app needs at start-up."""
    if not protect_process():
        log.warning("Core dumps could not be fully disabled on this system.")
    install_excepthook(show_crash)
