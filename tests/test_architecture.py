"""Guard rails for the shape of the code: which part may import which, where dialogs are shown,
how long a UI module may grow, and no history in names or comments.

These read the source (no imports run), so they are quick and fail with the file and line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "journal_app"
UI = PACKAGE / "ui"
MAX_UI_MODULE_LINES = 500
# Being split into per-kind section classes on another branch; it joins the limit after that.
LONG_MODULES_BEING_SPLIT: set[str] = set()

# Names the UI still imports from inside ``journal_app.storage`` because the storage package
# does not export them yet. When it does, import them from ``journal_app.storage`` and delete
# the entry; the test below fails on an entry nobody uses any more, so this list only shrinks.
STORAGE_NAMES_NOT_YET_EXPORTED = {
    ("journal_app.storage.backups", "BackupFailed"),
    ("journal_app.storage.backups", "BackupInfo"),
    ("journal_app.storage.backups", "RotationPolicy"),
    ("journal_app.storage.backups", "backups_folder"),
    ("journal_app.storage.backups", "list_backups"),
    ("journal_app.storage.backups", "make_backup"),
    ("journal_app.storage.backups", "newest_good_backup"),
    ("journal_app.storage.backups", "verify_backup"),
    ("journal_app.storage.files", "atomic_write_bytes"),
    ("journal_app.storage.files", "make_private_dir"),
    ("journal_app.storage.maintenance", "MaintenanceReport"),
    ("journal_app.storage.maintenance", "TRASH_RETENTION"),
    ("journal_app.storage.maintenance", "after_unlock"),
    ("journal_app.storage.recovery", "master_key_from"),
    ("journal_app.storage.restore", "RestoreResult"),
    ("journal_app.storage.restore", "restore"),
}

# Only the dialog service shows a window of its own.
DIALOG_SERVICE = "journal_app/ui/common/dialog_service.py"
WINDOW_CALLS = re.compile(
    r"\.exec\(\)|\bQMessageBox\b|\bQFileDialog\b|\bQPrintDialog\b|\bQPrintPreviewDialog\b"
    r"|\bQInputDialog\b|\.open\(\)"
)
# The application's own event loop, started once in ``ui/app.py``.
APP_EVENT_LOOP = ("journal_app/ui/app.py", "code = app.exec()")

HISTORY = re.compile(r"\bpart[ _-]?(?:2|two|ii)\b|\bissue[ _-]?#?\d+|\bphase[ _-]?\d+", re.I)


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    module: str
    names: tuple[str, ...]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def imports_of(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(relative(path), node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = (package or module_name(path)).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            names = tuple(alias.name for alias in node.names)
            yield Import(relative(path), node.lineno, module, names)
            for name in names:  # "from journal_app.ui.common import icons" imports a module
                yield Import(relative(path), node.lineno, f"{module}.{name}", ())


def ui_area(module: str) -> str:
    """``shell``, ``common``, ``start``, ``windows``, ``pages.journal``, …; ``""`` for ui itself."""
    parts = module.split(".")[2:]
    if not parts:
        return ""
    if parts[0] == "pages" and len(parts) > 1:
        return f"pages.{parts[1]}"
    return parts[0]


def is_package_module(module: str) -> bool:
    return (ROOT / Path(*module.split("."))).with_suffix(".py").exists() or (
        ROOT / Path(*module.split(".")) / "__init__.py"
    ).exists()


def test_common_imports_no_page_window_shell_or_start_screen() -> None:
    found = [
        f"{item.path}:{item.line} imports {item.module}"
        for path in python_files(UI / "common")
        for item in imports_of(path)
        if item.module.startswith("journal_app.ui.")
        and ui_area(item.module) not in ("common", "")
        and is_package_module(item.module)
    ]
    assert found == []


def test_no_page_imports_another_page() -> None:
    found = []
    for path in python_files(UI / "pages"):
        own = ui_area(module_name(path))
        for item in imports_of(path):
            other = ui_area(item.module)
            if other.startswith("pages.") and other != own and is_package_module(item.module):
                found.append(f"{item.path}:{item.line} ({own}) imports {item.module}")
    assert found == []


def test_ui_reaches_storage_only_through_its_public_names() -> None:
    import journal_app.storage as storage

    public = set(storage.__all__)
    found, used = [], set()
    for path in python_files(UI):
        for item in imports_of(path):
            if item.module == "journal_app.storage":
                found += [
                    f"{item.path}:{item.line} {name} is not public"
                    for name in item.names
                    if name not in public
                ]
            elif item.module.startswith("journal_app.storage.") and item.names:
                for name in item.names:
                    if (item.module, name) in STORAGE_NAMES_NOT_YET_EXPORTED and name not in public:
                        used.add((item.module, name))
                    else:
                        found.append(
                            f"{item.path}:{item.line} imports {name} from {item.module}; "
                            "import it from journal_app.storage"
                        )
    assert found == []
    assert STORAGE_NAMES_NOT_YET_EXPORTED - used == set(), "no longer needed: delete from the list"


def test_only_the_dialog_service_shows_windows() -> None:
    found = []
    for path in python_files(UI):
        name = relative(path)
        if name == DIALOG_SERVICE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if (name, code.strip()) == APP_EVENT_LOOP:
                continue
            if WINDOW_CALLS.search(code) and not code.lstrip().startswith(('"', "'")):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize("path", python_files(UI), ids=relative)
def test_ui_modules_stay_small(path: Path) -> None:
    if relative(path) in LONG_MODULES_BEING_SPLIT:
        pytest.skip("being split into smaller modules")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_UI_MODULE_LINES, f"{relative(path)} has {lines} lines"


def comments_of(path: Path) -> Iterator[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
        elif token.type == tokenize.STRING and token.string.lstrip("rbuRBU").startswith('"""'):
            yield token.start[0], token.string  # docstrings


def test_no_history_in_file_names_or_comments() -> None:
    this_file = Path(__file__).resolve()
    found = []
    for folder in (PACKAGE, ROOT / "tests"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and HISTORY.search(path.name):
                found.append(relative(path))
            if path.suffix != ".py" or path.resolve() == this_file:
                continue
            for number, text in comments_of(path):
                if HISTORY.search(text):
                    found.append(f"{relative(path)}:{number}: {text.strip()[:80]}")
    assert found == []
