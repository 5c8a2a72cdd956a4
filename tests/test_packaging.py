"""Packaging files: the PyInstaller spec, Linux desktop integration and the icons.

Everything here is Qt-free and quick, except the frozen build itself, which runs only with
``BUILD_FROZEN=1`` (``tools/build_app.py`` is the usual way to build and check it).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = PACKAGING / "icons"
APP_ID = "io.github.betweensessions.BetweenSessions"
# Named after journal_app.APP_ID, which the app passes to QGuiApplication.setDesktopFileName so
# desktops can match its windows to this launcher.
DESKTOP_FILE = PACKAGING / "linux" / "between-sessions.desktop"
METAINFO_FILE = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


# --------------------------------------------------------------------------- build.spec


class _Recorder:
    """Stands in for one of PyInstaller's spec classes and remembers how it was called."""

    def __init__(self, calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]], name: str):
        self._calls = calls
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        self._calls.append((self._name, args, kwargs))
        return types.SimpleNamespace(
            **{"pure": [], "scripts": [], "binaries": [], "datas": [], **kwargs}
        )


def _run_spec(monkeypatch: pytest.MonkeyPatch, *spec_arguments: str) -> dict[str, Any]:
    """Execute build.spec with PyInstaller's spec globals and hook helpers replaced by fakes."""
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    collected: list[tuple[str, str]] = []

    def hook(kind: str) -> Any:
        def collect(package: str, *_args: Any, **_kwargs: Any) -> list[Any]:
            collected.append((kind, package))
            return []

        return collect

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    for kind in ("collect_data_files", "collect_dynamic_libs", "collect_submodules"):
        setattr(hooks, kind, hook(kind))
    hooks.copy_metadata = hook("copy_metadata")  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "argv", ["build.spec", *spec_arguments])
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__name__": "__main__"}
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[name] = _Recorder(calls, name)
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    exec(compile(source, "build.spec", "exec"), namespace)  # noqa: S102 - our own build file
    namespace["_calls"] = calls
    namespace["_collected"] = collected
    return namespace


def _call(spec: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [kwargs for called, _args, kwargs in spec["_calls"] if called == name]
    assert len(matches) == 1, f"{name} called {len(matches)} times"
    return matches[0]


def test_spec_takes_name_and_version_from_pyproject(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _run_spec(monkeypatch)

    assert spec["VERSION"] == PYPROJECT["version"]
    assert spec["DIST_NAME"] == PYPROJECT["name"] == "between-sessions"
    assert spec["EXECUTABLE"] == "journal-app"
    assert _call(spec, "EXE")["name"] == "journal-app"
    assert _call(spec, "COLLECT")["name"] == "journal-app"


def test_spec_bundles_resources_where_the_locator_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _run_spec(monkeypatch)
    datas = _call(spec, "Analysis")["datas"]

    assert (str(ROOT / "resources"), "resources") in datas
    assert (ROOT / "resources" / "articles" / "how-to-cry-in-therapy.md").is_file()


def test_spec_collects_the_native_and_data_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _run_spec(monkeypatch)
    collected = set(spec["_collected"])

    assert ("collect_dynamic_libs", "sqlcipher3") in collected
    assert ("collect_dynamic_libs", "nacl") in collected
    assert ("collect_submodules", "journal_app") in collected
    assert ("collect_data_files", "trafilatura") in collected
    assert "nacl._sodium" in _call(spec, "Analysis")["hiddenimports"]


def test_spec_leaves_out_unused_qt_but_keeps_everything_the_app_imports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = _run_spec(monkeypatch)
    excludes = set(_call(spec, "Analysis")["excludes"])
    imported = {
        match
        for path in (ROOT / "journal_app").rglob("*.py")
        for match in re.findall(r"PySide6\.Qt\w+", path.read_text(encoding="utf-8"))
    }

    assert "PySide6.QtWebEngineCore" in excludes
    assert "PySide6.QtQml" in excludes
    assert imported, "the app imports Qt somewhere"
    assert not imported & excludes, (
        f"build.spec leaves out modules the app uses: {imported & excludes}"
    )


def test_spec_can_build_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _run_spec(monkeypatch, "--onefile")

    assert not [call for call in spec["_calls"] if call[0] == "COLLECT"]
    assert _call(spec, "EXE")["name"] == "journal-app"


def test_frozen_resources_are_found_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_app import paths

    (tmp_path / "resources" / "articles").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.resources_dir() == tmp_path / "resources"


# --------------------------------------------------------------------------- Linux integration


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP_FILE.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_keys_a_launcher_needs() -> None:
    from journal_app import APP_ID as DESKTOP_FILE_NAME

    entry = _desktop_entry()

    assert DESKTOP_FILE.name == f"{DESKTOP_FILE_NAME}.desktop"
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Between Sessions"
    assert entry["Exec"].split()[0] == next(iter(PYPROJECT["scripts"]))
    assert entry["Icon"] == "between-sessions"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["Keywords"].endswith(";")
    standard = {
        "Type", "Version", "Name", "GenericName", "Comment", "Exec", "TryExec", "Icon",
        "Terminal", "Categories", "Keywords", "StartupNotify", "StartupWMClass", "MimeType",
    }  # fmt: skip
    assert set(entry) <= standard, f"unknown keys: {set(entry) - standard}"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_is_well_formed_and_matches_the_app() -> None:
    component = ElementTree.parse(METAINFO_FILE).getroot()

    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.findtext("name") == "Between Sessions"
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("provides/binary") == next(iter(PYPROJECT["scripts"]))
    versions = [release.get("version") for release in component.iter("release")]
    assert PYPROJECT["version"] in versions
    assert component.find("description/p") is not None


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- icons


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_icon_source_is_a_square_svg() -> None:
    svg = ElementTree.parse(ICONS / "between-sessions.svg").getroot()

    assert svg.tag.endswith("svg")
    assert svg.get("viewBox") == "0 0 512 512"


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icons_exist_in_every_size(size: int) -> None:
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "between-sessions.png"

    assert _png_size(path) == (size, size)


def test_windows_and_macos_icons_exist() -> None:
    ico = (ICONS / "between-sessions.ico").read_bytes()
    icns = (ICONS / "between-sessions.icns").read_bytes()

    assert ico[:4] == b"\x00\x00\x01\x00"
    assert struct.unpack("<H", ico[4:6])[0] >= 5  # images in the .ico
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert _png_size(ICONS / "between-sessions.png") == (256, 256)


# --------------------------------------------------------------------------- the frozen build


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("BUILD_FROZEN") != "1", reason="set BUILD_FROZEN=1 to build")
def test_frozen_app_builds_and_passes_its_self_check() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_app.py")],
        capture_output=True,
        text=True,
        timeout=1800,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "\nOK\n" in result.stdout
