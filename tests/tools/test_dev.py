"""``tools/dev.py``: installs only when pyproject.toml changed, and names missing Qt libraries."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

Capture = pytest.CaptureFixture[str]
DEV_PY = Path(__file__).resolve().parents[2] / "tools" / "dev.py"

# ldd of PySide6's libqxcb.so on a minimal Debian 12 machine (shortened).
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007f3292a2e000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f3292960000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f3291d67000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f3291d5f000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f3292a30000)
"""


@pytest.fixture(scope="module")
def dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", DEV_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dev_script"] = module
    spec.loader.exec_module(module)
    return module


def test_ldd_output_gives_each_missing_library_once(dev: ModuleType) -> None:
    assert dev.missing_from_ldd(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert dev.missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


APT = "sudo apt install libxcb-icccm4 libxcb-keysyms1"
DNF = "sudo dnf install xcb-util-wm xcb-util-keysyms"
PACMAN = "sudo pacman -S --needed xcb-util-wm xcb-util-keysyms"


@pytest.mark.parametrize(
    ("os_release", "family", "command"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "debian", APT),
        ("ID=ubuntu\nID_LIKE=debian\n", "debian", APT),
        ("ID=fedora\n", "fedora", DNF),
        ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "fedora", DNF),
        ("ID=arch\n", "arch", PACMAN),
        ("ID=manjaro\nID_LIKE=arch\n", "arch", PACMAN),
    ],
)
def test_one_command_for_the_system(
    dev: ModuleType, os_release: str, family: str, command: str
) -> None:
    assert dev.distro_family(os_release) == family
    missing = dev.missing_from_ldd(LDD_OUTPUT)
    assert dev.install_command(missing, family) == command
    message = dev.missing_libraries_message(missing, family)
    assert command in message and "libxcb-icccm.so.4" in message
    assert message.count("sudo ") == 1


def test_unknown_system_gets_the_three_commands(dev: ModuleType) -> None:
    assert dev.distro_family("ID=gentoo\n") is None
    message = dev.missing_libraries_message(["libxcb-cursor.so.0"], None)
    assert "sudo apt install libxcb-cursor0" in message
    assert "sudo dnf install xcb-util-cursor" in message
    assert "sudo pacman -S --needed xcb-util-cursor" in message


def test_every_xcb_library_qt_links_against_is_known(dev: ModuleType) -> None:
    for soname in ("libxcb-cursor.so.0", "libxcb-image.so.0", "libxcb-render-util.so.0",
                   "libxcb-randr.so.0", "libxkbcommon-x11.so.0", "libX11-xcb.so.1"):  # fmt: skip
        assert all(dev.SYSTEM_PACKAGES[soname])


def test_install_stamp(dev: ModuleType) -> None:
    first = dev.install_fingerprint(b"[project]\nname = 'x'\n")
    changed = dev.install_fingerprint(b"[project]\nname = 'x'\ndependencies = ['y']\n")
    assert dev.needs_install(None, first, ())  # nothing installed yet (a fresh clone)
    stamp = dev.stamp_text(first, ())
    assert not dev.needs_install(stamp, first, ())
    assert dev.needs_install(stamp, changed, ())  # pyproject.toml changed
    assert dev.needs_install(stamp, first, ("test",))  # run installed, test needs more
    with_tests = dev.stamp_text(first, ("test",))
    assert not dev.needs_install(with_tests, first, ())
    assert not dev.needs_install(with_tests, first, ("test",))
    assert dev.needs_install("garbage", first, ())


class _Stop(Exception):
    pass


def _fake_venv(dev: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    root, venv_dir = tmp_path / "clone", tmp_path / "clone" / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    (venv_dir / "bin" / "python").write_text("")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.setattr(dev, "ROOT", root)
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "_venv_python", lambda *_: venv_dir / "bin" / "python")
    commands: list[list[str]] = []
    monkeypatch.setattr(dev, "_run", commands.append)
    return commands


def test_run_installs_once_then_starts_straight_away(
    dev: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    commands = _fake_venv(dev, monkeypatch, tmp_path)
    monkeypatch.setattr(dev, "check_qt_system_libraries", lambda: None)
    started: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:
        started.append(argv)
        raise _Stop

    monkeypatch.setattr(dev.os, "execv", execv)
    with pytest.raises(_Stop):
        dev.main(["run"])
    installs = [c for c in commands if "-e" in c]
    assert len(installs) == 1 and "--quiet" not in installs[0]  # pip's progress is shown
    assert "Starting Between Sessions…" in capsys.readouterr().out
    commands.clear()
    with pytest.raises(_Stop):
        dev.main(["run"])
    assert commands == []  # nothing changed: no pip at all
    assert len(started) == 2 and started[0][-2:] == ["-m", "journal_app"]
    (dev.ROOT / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    with pytest.raises(_Stop):
        dev.main(["run"])
    assert [c for c in commands if "-e" in c]


def test_run_stops_with_the_install_command_when_qt_libraries_are_missing(
    dev: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    _fake_venv(dev, monkeypatch, tmp_path)
    monkeypatch.setattr(dev.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    plugin = tmp_path / "libqxcb.so"
    plugin.write_text("")
    monkeypatch.setattr(dev, "_xcb_plugin", lambda *_: plugin)

    class Finished:
        stdout = LDD_OUTPUT

    monkeypatch.setattr(dev.subprocess, "run", lambda *a, **k: Finished())
    monkeypatch.setattr(dev.os, "execv", lambda *a: pytest.fail("the app must not start"))
    with pytest.raises(SystemExit) as stopped:
        dev.main(["run"])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in err
    assert "sudo " in err


def test_test_command_installs_test_extras_on_a_fresh_clone(
    dev: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _fake_venv(dev, monkeypatch, tmp_path)
    dev.main(["test", "-q"])
    assert any(c[-2:] == ["-e", ".[test]"] for c in commands)
    assert commands[-1][-2:] == ["pytest", "-q"]
