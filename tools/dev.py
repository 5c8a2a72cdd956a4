#!/usr/bin/env python3
"""Newcomer entry point: set up a virtualenv and run the app or the whole check.

    python3 tools/dev.py run      # create .venv, install, launch the app
    python3 tools/dev.py test     # create .venv, install with test extras, ruff + mypy + pytest

Only the standard library is used here, because this script runs before anything is installed.

Installing is skipped when ``pyproject.toml`` hasn't changed since the last install (a stamp file
in ``.venv`` records what was installed), so a second ``run`` starts at once. Before starting the
app on Linux, the Qt X11 platform plugin is checked with ``ldd``: pip can't install the system
libraries it needs, so the one command that does is printed instead of Qt's own half-answer.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP_NAME = "between-sessions-install.json"

# --------------------------------------------------------------------------- install stamp


def install_fingerprint(pyproject: bytes) -> str:
    """What an install depends on: the exact text of pyproject.toml."""
    return hashlib.sha256(pyproject).hexdigest()


def needs_install(stamp_text: str | None, fingerprint: str, extras: tuple[str, ...]) -> bool:
    """True unless the stamp says this pyproject.toml was installed with at least these extras."""
    if stamp_text is None:
        return True
    try:
        stamp = json.loads(stamp_text)
        installed = stamp["pyproject"]
        installed_extras = set(stamp["extras"])
    except (ValueError, KeyError, TypeError):
        return True
    return installed != fingerprint or not set(extras) <= installed_extras


def stamp_text(fingerprint: str, extras: tuple[str, ...]) -> str:
    return json.dumps({"pyproject": fingerprint, "extras": sorted(set(extras))}) + "\n"


def _venv_python(venv_dir: Path = VENV) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return venv_dir / scripts / ("python.exe" if os.name == "nt" else "python")


def _ensure_venv(extras: tuple[str, ...]) -> Path:
    python = _venv_python()
    fresh = not python.exists()
    if fresh:
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / STAMP_NAME
    fingerprint = install_fingerprint((ROOT / "pyproject.toml").read_bytes())
    previous = stamp.read_text(encoding="utf-8") if stamp.exists() else None
    if not needs_install(previous, fingerprint, extras):
        return python
    if previous is None:
        print(
            "Installing Between Sessions and its dependencies (the first time takes a minute "
            "or two; pip shows its progress below)…",
            flush=True,
        )
    else:
        print("pyproject.toml changed since the last install: updating…", flush=True)
    _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    target = "." + (f"[{','.join(extras)}]" if extras else "")
    _run([str(python), "-m", "pip", "install", "--progress-bar", "on", "-e", target])
    # Written only after a successful install, so a failed or interrupted one is retried.
    stamp.write_text(stamp_text(fingerprint, extras), encoding="utf-8")
    return python


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


# --------------------------------------------------------------------------- Qt system libraries

# soname → package on (Debian/Ubuntu, Fedora, Arch), for what Qt's xcb plugin links against.
SYSTEM_PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}

_DISTRO_COLUMN = {"debian": 0, "fedora": 1, "arch": 2}
_INSTALLERS = {
    "debian": "sudo apt install",
    "fedora": "sudo dnf install",
    "arch": "sudo pacman -S --needed",
}
_DISTRO_NAMES = {"debian": "Debian/Ubuntu", "fedora": "Fedora", "arch": "Arch"}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found\s*$")


def missing_from_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reported as ``not found``, each once, in the order seen."""
    missing: list[str] = []
    for line in output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in missing:
            missing.append(match.group(1))
    return missing


def distro_family(os_release: str) -> str | None:
    """``debian``, ``fedora`` or ``arch`` from the text of /etc/os-release, else None."""
    values: dict[str, str] = {}
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("\"'").lower()
    words = [values.get("ID", ""), *values.get("ID_LIKE", "").split()]
    for word in words:
        if word in ("debian", "ubuntu", "linuxmint", "pop", "raspbian"):
            return "debian"
        if word in ("fedora", "rhel", "centos", "rocky", "almalinux"):
            return "fedora"
        if word in ("arch", "manjaro", "endeavouros"):
            return "arch"
    return None


def install_command(missing: list[str], family: str) -> str:
    """One command that installs the packages holding ``missing`` on that distribution."""
    column = _DISTRO_COLUMN[family]
    packages: list[str] = []
    for soname in missing:
        known = SYSTEM_PACKAGES.get(soname)
        package = known[column] if known else None
        if package and package not in packages:
            packages.append(package)
    return f"{_INSTALLERS[family]} {' '.join(packages)}" if packages else ""


def missing_libraries_message(missing: list[str], family: str | None) -> str:
    """What to tell someone whose system lacks ``missing``: the command for their system."""
    lines = [
        "Between Sessions can't start yet: Qt needs system libraries that pip can't install.",
        f"Missing: {', '.join(missing)}",
        "",
    ]
    families = [family] if family else list(_INSTALLERS)
    commands = [(name, install_command(missing, name)) for name in families]
    commands = [(name, command) for name, command in commands if command]
    if family and commands:
        lines += ["Install them with this command, then run this again:", ""]
        lines.append(f"    {commands[0][1]}")
    elif commands:
        lines.append("Install them with the command for your system, then run this again:")
        lines += [""] + [f"    {command}    # {_DISTRO_NAMES[name]}" for name, command in commands]
    else:
        lines.append("Install the packages that provide them, then run this again.")
    unknown = [soname for soname in missing if soname not in SYSTEM_PACKAGES]
    if unknown and commands:
        lines += ["", f"Also needed, from your system's packages: {', '.join(unknown)}"]
    return "\n".join(lines)


def _xcb_plugin(venv_dir: Path = VENV) -> Path | None:
    pattern = str(venv_dir / "lib" / "python3*" / "site-packages" / "PySide6" / "Qt" / "plugins")
    for plugins in sorted(glob.glob(pattern)):
        plugin = Path(plugins) / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def _wants_xcb(environ: dict[str, str]) -> bool:
    platform = environ.get("QT_QPA_PLATFORM", "")
    return not platform or "xcb" in platform


def check_qt_system_libraries() -> str | None:
    """A message naming what's missing and how to install it, or None when Qt can start."""
    if not sys.platform.startswith("linux") or not _wants_xcb(dict(os.environ)):
        return None
    plugin = _xcb_plugin()
    if plugin is None:
        return None
    try:
        result = subprocess.run(
            ["ldd", str(plugin)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None  # no ldd here: let Qt speak for itself
    missing = missing_from_ldd(result.stdout)
    if not missing:
        return None
    try:
        os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        os_release = ""
    return missing_libraries_message(missing, distro_family(os_release))


# --------------------------------------------------------------------------- commands


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        sys.exit(2)
    if argv[0] == "run":
        python = _ensure_venv(())
        problem = check_qt_system_libraries()
        if problem:
            print(problem, file=sys.stderr)
            sys.exit(1)
        print("Starting Between Sessions…", flush=True)
        os.execv(str(python), [str(python), "-m", "journal_app", *argv[1:]])
    python = _ensure_venv(("test",))
    _run([str(python), "-m", "ruff", "check", "."])
    _run([str(python), "-m", "mypy"])
    _run([str(python), "-m", "pytest", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
