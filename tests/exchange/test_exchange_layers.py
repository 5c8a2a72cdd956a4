"""The export engine stays Qt-free; only the PDF writer may use QtGui (never QtWidgets)."""

from __future__ import annotations

import ast
from pathlib import Path

import journal_app.exchange

PACKAGE = Path(journal_app.exchange.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_pdf_writer_uses_qt_and_never_widgets():
    for module in sorted(PACKAGE.glob("*.py")):
        qt = {name for name in _imports(module) if name.startswith("PySide6")}
        if "pdf" in module.name:
            assert qt and not any("QtWidgets" in name for name in qt), module.name
        else:
            assert not qt, module.name
