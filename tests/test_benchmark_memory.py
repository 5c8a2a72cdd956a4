"""The benchmark's memory rows measure the process itself, not the one that started it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_small_child_of_a_large_process_reports_its_own_peak() -> None:
    # ru_maxrss survives fork + exec, so this child would "peak" at its parent's 300 MiB.
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])
    child = subprocess.run(
        [sys.executable, "-c", "from benchmarks.probes import peak_rss_mib; print(peak_rss_mib())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    del ballast
    assert float(child.stdout) < 150
