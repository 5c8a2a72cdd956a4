"""The installation self-check: passes on a working install, fails in one line, cleans up."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from journal_app import selfcheck

# Every test takes pytest-qt's ``qapp`` so the PDF step finds the shared QApplication.
pytestmark = pytest.mark.usefixtures("qapp")


def _leftover_folders() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("between-sessions-self-check-*")}


def test_self_check_passes_and_says_ok() -> None:
    before = _leftover_folders()
    lines: list[str] = []

    assert selfcheck.run_self_check(out=lines.append) == 0

    assert lines[-1] == "OK"
    assert any("SQLCipher" in line for line in lines)
    assert any("PDF" in line for line in lines)
    assert _leftover_folders() == before


def test_a_failing_step_prints_one_clear_line_and_returns_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_library(_workdir: Path) -> str:
        raise selfcheck.SelfCheckFailed("the bundled article “how-to-cry-in-therapy” is missing")

    monkeypatch.setattr(selfcheck, "_check_library", broken_library)
    before = _leftover_folders()
    lines: list[str] = []

    assert selfcheck.run_self_check(out=lines.append) == 1

    assert "OK" not in lines
    assert lines[-1].startswith("Self-check FAILED at the article library:")
    assert "how-to-cry-in-therapy" in lines[-1]
    assert "\n" not in lines[-1]
    assert _leftover_folders() == before


def test_an_unexpected_error_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def exploding_pdf(_workdir: Path) -> str:
        raise OSError("disk full\nsecond line that must not be shown")

    monkeypatch.setattr(selfcheck, "_check_pdf", exploding_pdf)
    lines: list[str] = []

    assert selfcheck.run_self_check(out=lines.append) == 1

    assert lines[-1] == "Self-check FAILED at writing a PDF: OSError: disk full"


def test_the_throwaway_journal_never_touches_the_real_journal(isolated_home: Path) -> None:
    assert selfcheck.run_self_check(out=lambda _line: None) == 0

    assert not any(isolated_home.rglob("journal.db"))


def test_the_pdf_is_one_page(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    selfcheck._check_journal(tmp_path)

    detail = selfcheck._check_pdf(tmp_path)

    target = tmp_path / "self-check.pdf"
    assert "1 page" in detail
    assert len(pypdf.PdfReader(str(target)).pages) == 1


def test_the_self_check_imports_no_qt_itself() -> None:
    """Qt comes only through the PDF writer, like everywhere outside ui/."""
    import ast

    tree = ast.parse(Path(selfcheck.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name.split(".")[0] in ("PySide6", "shiboken6")]
