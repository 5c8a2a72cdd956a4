"""A child process that exports the newest entries of a journal to PDF and reports its cost.

    python benchmarks/export_probe.py JOURNAL_DIR COUNT OUT_DIR   (passphrase on stdin)

Prints one line of JSON: the wall time of the export in milliseconds, the resident set size
just before it, the peak resident set size growth during it (MiB), the page count and the
entries written. A fresh interpreter is used so the peak belongs to this export alone.

Before measuring, a ten-entry export warms Qt up (fonts, the PDF engine), so the growth shown is
what the export of ``COUNT`` entries adds, the number that must stay flat as a journal grows.
Self-contained (only ``journal_app`` is imported), so it can measure another checkout too:
``PYTHONPATH=/other/checkout python benchmarks/export_probe.py ...``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

WARMUP_ENTRIES = 10


def rss_now_mib() -> float:
    """The current resident set size (Linux: from /proc; elsewhere the peak so far)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    return peak_rss_mib()


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder, count, out_dir = Path(argv[0]), int(argv[1]), Path(argv[2])
    passphrase = sys.stdin.readline().rstrip("\n")

    from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
    from journal_app.exchange.pdf_writer import ensure_gui_application
    from journal_app.storage import Vault

    ensure_gui_application()
    with Vault.open(folder, passphrase) as vault:
        ids = [summary.id for summary in vault.entries.summaries(limit=count)]

        def options(chosen: list[int]) -> ExportOptions:
            return ExportOptions(
                format=ExportFormat.PDF, scope=ExportScope.selected(chosen), include_private=True
            )

        export_journal(vault, options(ids[:WARMUP_ENTRIES]), out_dir / "warmup.pdf")
        before = rss_now_mib()
        started = time.perf_counter()
        result = export_journal(vault, options(ids), out_dir / "export.pdf")
        elapsed_ms = (time.perf_counter() - started) * 1000
        peak = peak_rss_mib()
    report = {
        "ms": elapsed_ms,
        "rss_before_mib": before,
        "peak_growth_mib": max(0.0, peak - before),
        "pages": result.page_count,
        "entries": result.entry_count,
        "bytes": (out_dir / "export.pdf").stat().st_size,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
