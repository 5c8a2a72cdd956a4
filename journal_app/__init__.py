"""Between Sessions: an encrypted journal and offline article library for people in therapy."""

APP_NAME = "Between Sessions"
APP_ID = "between-sessions"

# Kept equal to ``version`` in pyproject.toml by a test. A constant, not importlib.metadata:
# asking the installed metadata costs every command start tens of milliseconds.
__version__ = "0.1.0"
