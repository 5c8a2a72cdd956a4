"""The benchmark's quick mode runs end to end and prints a verdict for every row.

No timing is asserted here (numbers belong in ``benchmarks/``); this only keeps the benchmark,
its raw-SQLCipher floors and its GUI probe working while the app changes underneath them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quick_benchmark_prints_a_verdict_and_target_for_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--gui", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        timeout=580,
    )
    assert result.returncode == 0, result.stderr[-2000:]

    table = [line for line in result.stdout.splitlines() if line.startswith("| ")][2:]
    assert len(table) >= 20
    for line in table:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[-1].strip("*") in {"PASS", "FAIL"}, line
        assert cells[-2].startswith(("≤", "UI gap ≤")), line

    rows = json.loads(out.read_text(encoding="utf-8"))["results"]
    by_name = {(row["operation"], row["journal"]): row for row in rows}
    # The floors ran, so every search row has a ratio to its floor.
    for name in ("search one word", "search phrase", "search prefix (as you type)", "search tag"):
        row = by_name[(name, "2k")]
        assert row["median"] is not None and row["floor_median"], row
    # The jrnl-imported journal (no session notes) is measured too.
    assert ("session prep (vault.prep.gather)", "2k from jrnl") in by_name
    # The GUI probe drove the real window through every step.
    gui = {operation for operation, journal in by_name if journal == "2k"}
    for step in (
        "unlock → first rows painted",
        "open an entry during maintenance",
        "switch to Session prep after a save",
        "whole GUI process, peak memory",
    ):
        assert step in gui, sorted(gui)
    assert any(step.startswith("search “grief”") for step in gui)
    assert any(step.startswith("scroll the journal list") for step in gui)
    for row in rows:
        assert row["result"] in {"PASS", "FAIL"}
        if row["operation"] != "whole GUI process, peak memory" and row["journal"] == "2k":
            assert "failed" not in row["note"], row
