"""The bundled articles are found from a checkout, an installed wheel and a frozen build."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from journal_app import paths

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "how-to-cry-in-therapy.md"


def test_checkout_finds_resources_beside_the_package() -> None:
    assert paths.resources_dir() == REPO_ROOT / "resources"
    assert (paths.resources_dir() / "articles" / ARTICLE).is_file()


def test_frozen_build_finds_resources_in_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "articles").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_library_package_does_not_import_qt() -> None:
    code = (
        "import sys, journal_app.library\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


@pytest.mark.slow
def test_wheel_contains_the_articles_and_finds_them_when_installed(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheel_dir, REPO_ROOT],
        check=True,
    )
    (wheel,) = wheel_dir.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert f"journal_app/_resources/articles/{ARTICLE}" in names
    assert not any(name.startswith("resources/") for name in names)

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", target, wheel],
        check=True,
    )
    # A fresh interpreter outside the checkout, so only the installed copy can be imported.
    code = (
        "from journal_app import paths; from journal_app.library import Library\n"
        "library = Library.load()\n"
        "assert not library.problems, library.problems\n"
        "print(paths.resources_dir()); print(len(library))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
    )
    found, count = result.stdout.split()
    assert Path(found) == target / "journal_app" / "_resources"
    assert int(count) >= 1
