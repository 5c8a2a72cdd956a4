#!/usr/bin/env python3
"""Build the desktop app with PyInstaller, then prove the build runs.

    .venv/bin/python tools/build_app.py             one-folder build in dist/journal-app/
    .venv/bin/python tools/build_app.py --onefile   one executable, dist/journal-app(.exe)
    .venv/bin/python tools/build_app.py --no-build  only check the existing build

Installs PyInstaller into the running interpreter's environment if it is missing, builds from
``build.spec``, then runs the frozen ``journal-app --version`` and ``journal-app --self-check``
(headless: Qt's offscreen platform, a throwaway data folder) and reports the bundle size and
start-up times. Exits non-zero if the build or either check fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
EXECUTABLE = "journal-app"


@dataclass
class Run:
    returncode: int
    output: str
    seconds: float


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print("PyInstaller is not installed here; installing it…", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller"], check=True)


def build(onefile: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(ROOT / "build.spec"),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
    ]
    if onefile:
        command += ["--", "--onefile"]
    print("Building:", " ".join(command), flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    print(f"Built in {time.perf_counter() - started:.0f} s", flush=True)


def frozen_executable(onefile: bool) -> Path:
    name = EXECUTABLE + (".exe" if os.name == "nt" else "")
    return DIST / name if onefile else DIST / EXECUTABLE / name


def bundle_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    # Symbolic links (Qt's libQt6Core.so.6 -> ...) would count the same bytes twice.
    return sum(
        item.stat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink()
    )


def run(executable: Path, *arguments: str, home: Path) -> Run:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "JOURNAL_APP_HOME": str(home),  # never the builder's own journal or settings
    }
    started = time.perf_counter()
    result = subprocess.run(
        [str(executable), *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    seconds = time.perf_counter() - started
    return Run(result.returncode, (result.stdout + result.stderr).strip(), seconds)


def check(executable: Path, repeat: int) -> bool:
    if not executable.exists():
        print(f"FAILED: {executable} was not built")
        return False
    with tempfile.TemporaryDirectory(prefix="bs-build-check-") as folder:
        home = Path(folder)
        first = run(executable, "--version", home=home)
        print(f"$ {executable.relative_to(ROOT)} --version\n{first.output}")
        if first.returncode != 0 or "Between Sessions" not in first.output:
            print("FAILED: --version did not print the app's name and version")
            return False
        version_times = [run(executable, "--version", home=home).seconds for _ in range(repeat)]
        self_check = run(executable, "--self-check", home=home)
        print(f"$ {executable.relative_to(ROOT)} --self-check\n{self_check.output}")
        passed = self_check.returncode == 0 and self_check.output.splitlines()[-1:] == ["OK"]
        check_times = [self_check.seconds]
        if passed:
            check_times += [
                run(executable, "--self-check", home=home).seconds for _ in range(repeat - 1)
            ]
    bundle = executable if executable.parent == DIST else executable.parent
    size_mib = bundle_size(bundle) / (1024 * 1024)
    print()
    print(f"Bundle: {bundle.relative_to(ROOT)}  {size_mib:.0f} MiB")
    print(
        f"--version: first run {first.seconds * 1000:.0f} ms, "
        f"median of {repeat} {statistics.median(version_times) * 1000:.0f} ms"
    )
    print(f"--self-check: median of {len(check_times)} {statistics.median(check_times):.2f} s")
    if not passed:
        print("FAILED: the self-check did not pass")
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true", help="build one executable")
    parser.add_argument("--no-build", action="store_true", help="check an existing build only")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each check")
    args = parser.parse_args(argv)
    if not args.no_build:
        ensure_pyinstaller()
        try:
            build(args.onefile)
        except subprocess.CalledProcessError as error:
            print(f"FAILED: PyInstaller exited with {error.returncode}")
            return 1
    return 0 if check(frozen_executable(args.onefile), max(1, args.repeat)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
