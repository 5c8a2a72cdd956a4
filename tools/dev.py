#!/usr/bin/env python3
"""Newcomer entry point: set up a virtualenv and run the app or the whole check.

    python3 tools/dev.py run      # create .venv, install, launch the app
    python3 tools/dev.py test     # create .venv, install with test extras, ruff + mypy + pytest

Only the standard library is used here, because this script runs before anything is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def _venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _ensure_venv(extras: str) -> Path:
    python = _venv_python()
    if not python.exists():
        print(f"Creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Between Sessions and its dependencies…", flush=True)
    _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _run([str(python), "-m", "pip", "install", "--quiet", "-e", f".{extras}"])
    return python


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        sys.exit(2)
    if argv[0] == "run":
        python = _ensure_venv("")
        os.execv(str(python), [str(python), "-m", "journal_app", *argv[1:]])
    python = _ensure_venv("[test]")
    _run([str(python), "-m", "ruff", "check", "."])
    _run([str(python), "-m", "mypy"])
    _run([str(python), "-m", "pytest", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
