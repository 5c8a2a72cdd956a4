"""The layers below the UI stay free of Qt, so the CLI, exporters and tests run without it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "journal_app"
QT_FREE_LAYERS = ("domain", "storage", "library", "exchange")
REQUIRED_LAYERS = ("domain", "storage")
QT_MODULES = ("PySide6", "shiboken6")


def _is_allowed_qt_user(path: Path) -> bool:
    """The PDF writer of the exporters draws with Qt on purpose (and is imported lazily)."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] == "exchange" and "pdf" in path.name.lower()


def _layer_files(layer: str) -> list[Path]:
    folder = PACKAGE / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, wherever the import statement is (also inside functions)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_required_layers_exist() -> None:
    for layer in REQUIRED_LAYERS:
        assert _layer_files(layer), f"journal_app/{layer} has no Python files"


def test_no_qt_imports_in_the_layers_below_the_ui() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for layer in QT_FREE_LAYERS
        for path in _layer_files(layer)
        if not _is_allowed_qt_user(path)
        for line, module in _imported_modules(path)
        if _top(module) in QT_MODULES
    ]
    assert offenders == []


def test_the_static_check_would_notice_qt(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def later():\n    from PySide6.QtGui import QColor\n"
        "import importlib\nimportlib.import_module('shiboken6')\n"
    )
    assert [_top(module) for _line, module in _imported_modules(sample)] == [
        "importlib",
        "PySide6",
        "shiboken6",
    ]


def test_domain_depends_on_nothing_else_in_the_app() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in _layer_files("domain")
        for line, module in _imported_modules(path)
        if _top(module) == "journal_app" and not module.startswith("journal_app.domain")
    ]
    assert offenders == []


def test_only_storage_talks_to_the_database() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "storage"
        for line, module in _imported_modules(path)
        if _top(module) in ("sqlcipher3", "sqlite3")
    ]
    assert offenders == []


MAX_MODULE_LINES = 500
# The vault's rooms: callers reach them as ``vault.entries`` and so on, and the value types through
# ``journal_app.storage``; which module holds what is the package's own business.
VAULT_INTERNALS = (
    "vault",
    "connection",
    "database",
    "entries",
    "questions",
    "links",
    "tags",
    "drafts",
    "articles",
    "prep",
    "records",
    "rows",
    "search",
    "folder",
    "schema",
    "key_wrapping",
)


def _code_without_docstrings(path: Path) -> str:
    """The module's source with string constants that stand alone (docstrings) removed."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                body[0].value.value = ""
    return ast.unparse(tree)


def test_the_key_is_handed_to_sqlcipher_in_one_module_only() -> None:
    keying = {
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        for code in [_code_without_docstrings(path).casefold()]
        if "pragma key" in code or (" key " in code and "attach database" in code)
    }
    assert keying == {"storage/connection.py"}


def test_every_module_stays_short() -> None:
    long_modules = {
        path.relative_to(REPO_ROOT).as_posix(): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long_modules == {}, f"split by purpose, at most {MAX_MODULE_LINES} lines: {long_modules}"


def test_code_outside_storage_uses_only_its_public_surface() -> None:
    internal = {f"journal_app.storage.{name}" for name in VAULT_INTERNALS}
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "storage"
        for line, module in _imported_modules(path)
        if module in internal or module.rsplit(".", 1)[0] in internal
    ]
    assert offenders == []


def test_lower_layers_never_import_the_ui() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for layer in QT_FREE_LAYERS
        for path in _layer_files(layer)
        for line, module in _imported_modules(path)
        if module.startswith("journal_app.ui")
    ]
    assert offenders == []


_IMPORT_EVERYTHING = textwrap.dedent(
    """
    import importlib, json, sys
    from pathlib import Path

    root = Path(sys.argv[1])
    sys.path.insert(0, str(root))
    layers, required = json.loads(sys.argv[2]), json.loads(sys.argv[3])
    imported, skipped = [], []
    for layer in layers:
        folder = root / "journal_app" / layer
        if not folder.is_dir():
            continue
        names = [f"journal_app.{layer}"]
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(root).with_suffix("")
            if path.stem in ("__init__", "__main__"):
                relative = relative.parent
            if layer == "exchange" and "pdf" in path.name.lower():
                continue
            names.append(".".join(relative.parts))
        for name in dict.fromkeys(names):
            try:
                importlib.import_module(name)
            except Exception as error:
                if layer in required:
                    raise
                skipped.append(f"{name}: {type(error).__name__}: {error}")
            else:
                imported.append(name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"imported": imported, "skipped": skipped, "qt": qt}))
    """
)


def test_importing_the_lower_layers_does_not_load_qt() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _IMPORT_EVERYTHING,
            str(REPO_ROOT),
            json.dumps(QT_FREE_LAYERS),
            json.dumps(REQUIRED_LAYERS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "journal_app.storage.vault" in report["imported"]
    assert "journal_app.domain.entries" in report["imported"]
    # (Modules of library/exchange that fail to import for other reasons are listed in
    # report["skipped"]; a half-written module there is not this test's business.)
    assert report["qt"] == [], f"Qt was loaded by one of: {report['imported']}"
