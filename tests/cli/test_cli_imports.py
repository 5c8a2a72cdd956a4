"""A quick start: building the parser, ``--help`` and ``list`` load only what they use."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import journal_app
from journal_app.cli.importing import IMPORT_FORMATS
from journal_app.storage import MINIMUM_KDF, Vault

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI_PACKAGE = REPO_ROOT / "journal_app" / "cli"
# Heavy parts no command needs until it runs (and most commands never).
NOT_FOR_PARSING = (
    "journal_app.exchange",
    "journal_app.library",
    "journal_app.ui",
    "markdown",
    "nh3",
    "trafilatura",
    "PySide6",
    "shiboken6",
    "importlib.metadata",
)


def _modules_after(code: str, *, home: Path) -> list[str]:
    """The names in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _json, sys as _sys
        _sys.__stdout__.write("\\nMODULES " + _json.dumps(sorted(_sys.modules)) + "\\n")
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        input="pw\n",
        cwd=REPO_ROOT,
        env={**os.environ, "JOURNAL_APP_HOME": str(home)},
        timeout=60,
    )
    assert "MODULES " in completed.stdout, completed.stderr
    listed = completed.stdout.rsplit("MODULES ", 1)[1]
    modules: list[str] = json.loads(listed)
    return modules


def _heavy(modules: list[str], also: tuple[str, ...] = ()) -> list[str]:
    prefixes = NOT_FOR_PARSING + also
    return [m for m in modules if any(m == p or m.startswith(f"{p}.") for p in prefixes)]


def test_building_the_parser_imports_no_heavy_module(tmp_path: Path) -> None:
    modules = _modules_after(
        "from journal_app.cli import build_parser\nbuild_parser()\n", home=tmp_path
    )
    assert "journal_app.cli.journal" in modules  # the check looks at the right process
    assert _heavy(modules, also=("journal_app.storage",)) == []


@pytest.mark.parametrize("command", ["", "add", "export", "import", "backup"])
def test_help_imports_no_heavy_module(tmp_path: Path, command: str) -> None:
    argv = [command, "--help"] if command else ["--help"]
    modules = _modules_after(
        f"""
        from journal_app.cli import main
        try:
            main({argv!r})
        except SystemExit:
            pass
        """,
        home=tmp_path,
    )
    assert _heavy(modules, also=("journal_app.storage",)) == []


def test_listing_entries_imports_only_storage_and_domain(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, "pw", kdf=MINIMUM_KDF)
    vault.close()
    modules = _modules_after(
        f"""
        from journal_app.cli import main
        assert main(["list", "--journal", {str(folder)!r}]) == 0
        """,
        home=tmp_path,
    )
    assert "journal_app.storage.vault" in modules
    assert _heavy(modules) == []


def test_the_version_constant_matches_pyproject() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert journal_app.__version__ == project["project"]["version"]


def test_import_formats_offered_by_the_parser_are_the_importers_formats() -> None:
    from journal_app.exchange.importers import ImportFormat

    assert list(IMPORT_FORMATS) == [fmt.value for fmt in ImportFormat]


def test_the_cli_package_imports_its_modules_by_name_only() -> None:
    """No ``importlib`` strings and no import from the package itself inside its modules."""
    for path in sorted(CLI_PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.startswith("importlib") for name in names), path.name
            if path.name != "__init__.py":
                # Importing the package from one of its modules would be a circle.
                assert "journal_app.cli" not in names, f"{path.name} imports journal_app.cli"
