"""Export and import timings, through ``journal_app.exchange``.

* export the newest entries of the benchmark journal to PDF (target: 1.5 ms per entry);
* import entries from our own JSON export and from a jrnl JSON export, each into a fresh empty
  journal (target: 50,000 entries in 10 s, so 0.2 ms per entry).

These have no raw-SQLCipher floor: their cost is in the exporters and importers themselves.
A part of ``journal_app.exchange`` that is missing gives a failing row saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import jrnl_document
from benchmarks.timing import Result
from journal_app.storage import MINIMUM_KDF, Vault

EXPORT_MS_PER_ENTRY = 1.5
IMPORT_MS_PER_ENTRY = 10_000 / 50_000


def measure_exports(
    folder: Path, passphrase: str, journal: str, count: int, repeat: int
) -> list[Result]:
    name = f"export {count:,} entries to PDF"
    target = EXPORT_MS_PER_ENTRY * count
    try:
        from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
    except ImportError as error:
        return [Result(name, journal, [], target, note=f"skipped: {error}")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the PDF writer needs a Qt GUI app
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-export-"))
    samples: list[float] = []
    extra: dict[str, Any] = {}
    try:
        with Vault.open(folder, passphrase) as vault:
            ids = [summary.id for summary in vault.entries.summaries(limit=count)]
            options = ExportOptions(
                format=ExportFormat.PDF, scope=ExportScope.selected(ids), include_private=True
            )
            out = workdir / "export.pdf"
            for _ in range(repeat):
                out.unlink(missing_ok=True)
                started = time.perf_counter()
                result = export_journal(vault, options, out)
                samples.append((time.perf_counter() - started) * 1000)
                extra = {"entries": result.entry_count, "bytes": out.stat().st_size}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return [Result(name, journal, samples, target, extra=extra)]


def measure_imports(
    folder: Path, passphrase: str, journal: str, count: int, repeat: int
) -> list[Result]:
    """Import ``count`` entries; ``folder`` must hold a journal of at least that many."""
    target = IMPORT_MS_PER_ENTRY * count
    try:
        from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
        from journal_app.exchange.importers import ImportFormat, import_file
    except ImportError as error:
        return [Result(f"import {count:,} entries", journal, [], target, note=f"skipped: {error}")]
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-import-"))
    try:
        ours = workdir / "ours.json"
        with Vault.open(folder, passphrase) as vault:
            ids = [summary.id for summary in vault.entries.summaries(limit=count)]
            export_journal(
                vault,
                ExportOptions(
                    format=ExportFormat.JSON, scope=ExportScope.selected(ids), include_private=True
                ),
                ours,
            )
        jrnl = workdir / "jrnl.json"
        jrnl.write_text(json.dumps(jrnl_document(count, seed=7)), encoding="utf-8")
        for label, path, fmt in (
            ("our JSON", ours, ImportFormat.JSON),
            ("jrnl JSON", jrnl, ImportFormat.JRNL_JSON),
        ):
            samples = []
            added = 0
            for attempt in range(repeat):
                target_dir = workdir / f"target-{fmt.value}-{attempt}"
                vault, _recovery = Vault.create(target_dir, passphrase, kdf=MINIMUM_KDF)
                with vault:
                    started = time.perf_counter()
                    added = import_file(vault, path, fmt).added
                    samples.append((time.perf_counter() - started) * 1000)
                shutil.rmtree(target_dir, ignore_errors=True)
            results.append(
                Result(
                    f"import {count:,} entries ({label})",
                    journal,
                    samples,
                    target,
                    extra={"added": added, "file_bytes": path.stat().st_size},
                )
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results
