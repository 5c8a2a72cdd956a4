"""Between Sessions: an encrypted journal and offline article library for people in therapy."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Between Sessions"
APP_ID = "between-sessions"

try:
    __version__ = version("between-sessions")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
