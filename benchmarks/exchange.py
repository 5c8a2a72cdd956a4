"""Export and import timings, through ``journal_app.exchange``.

* export the newest 1,000 entries of the benchmark journal to PDF and to Markdown;
* import 10,000 entries, from our own JSON export and from a jrnl JSON export, each into a fresh
  empty journal (importing into the benchmark journal would only find duplicates).

These have no raw-SQLCipher baseline: their cost is in the exporters and importers themselves.
A part of ``journal_app.exchange`` that is missing gives a row saying so instead of failing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import CorpusGenerator
from benchmarks.timing import Result, median_of
from journal_app.storage import MINIMUM_KDF, Vault

EXPORT_COUNT = 1000
IMPORT_COUNT = 10_000


def measure_exports(folder: Path, passphrase: str, size: int, repeat: int) -> list[Result]:
    try:
        from journal_app.exchange import (
            ExportFormat,
            ExportOptions,
            ExportScope,
            export_journal,
        )
    except ImportError as error:
        return [Result("export 1,000 entries", size, None, note=f"skipped: {error}")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the PDF writer needs a Qt GUI app
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-export-"))
    try:
        with Vault.open(folder, passphrase) as vault:
            ids = [summary.id for summary in vault.entries.summaries(limit=EXPORT_COUNT)]
            for label, fmt in (("PDF", ExportFormat.PDF), ("Markdown", ExportFormat.MARKDOWN)):
                options = ExportOptions(
                    format=fmt, scope=ExportScope.selected(ids), include_private=True
                )
                target = workdir / f"export{fmt.suffix}"
                samples = []
                extra: dict[str, Any] = {}
                for _ in range(repeat):
                    target.unlink(missing_ok=True)
                    started = time.perf_counter()
                    result = export_journal(vault, options, target)
                    samples.append((time.perf_counter() - started) * 1000)
                    extra = {
                        "entries": result.entry_count,
                        "bytes": target.stat().st_size,
                        "pages": getattr(result, "page_count", None),
                    }
                results.append(
                    Result(
                        f"export {len(ids):,} entries to {label}",
                        size,
                        median_of(samples),
                        extra=extra,
                    )
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def _jrnl_document(count: int, seed: int) -> dict[str, Any]:
    """A jrnl JSON export (``jrnl --export json``) of ``count`` generated entries."""
    entries: list[dict[str, Any]] = []
    for entry in CorpusGenerator(seed).entries(count):
        local = entry.occurred_at.astimezone()
        entries.append(
            {
                "date": f"{local:%Y-%m-%d}",
                "time": f"{local:%H:%M}",
                "title": entry.title or entry.body.split(".")[0] + ".",
                "body": entry.body,
                "tags": [f"@{tag}" for tag in entry.tags],
                "starred": False,
            }
        )
    tags: dict[str, int] = {}
    for item in entries:
        for tag in item["tags"]:
            tags[tag] = tags.get(tag, 0) + 1
    return {"tags": tags, "entries": entries}


def measure_imports(folder: Path, passphrase: str, repeat: int) -> list[Result]:
    """Import 10,000 entries; ``folder`` must hold a journal of at least that many."""
    try:
        from journal_app.exchange import ExportFormat, ExportOptions, export_journal
        from journal_app.exchange.importers import ImportFormat, import_file
    except ImportError as error:
        return [Result("import 10,000 entries", IMPORT_COUNT, None, note=f"skipped: {error}")]
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-import-"))
    try:
        ours = workdir / "ours.json"
        with Vault.open(folder, passphrase) as vault:
            exported = export_journal(
                vault, ExportOptions(format=ExportFormat.JSON, include_private=True), ours
            )
        jrnl = workdir / "jrnl.json"
        jrnl.write_text(json.dumps(_jrnl_document(IMPORT_COUNT, seed=7)), encoding="utf-8")
        for label, path, fmt, count in (
            ("our JSON", ours, ImportFormat.JSON, exported.entry_count),
            ("jrnl JSON", jrnl, ImportFormat.JRNL_JSON, IMPORT_COUNT),
        ):
            samples = []
            added = 0
            for attempt in range(repeat):
                target = workdir / f"target-{fmt.value}-{attempt}"
                vault, _recovery = Vault.create(target, passphrase, kdf=MINIMUM_KDF)
                with vault:
                    started = time.perf_counter()
                    added = import_file(vault, path, fmt).added
                    samples.append((time.perf_counter() - started) * 1000)
                shutil.rmtree(target, ignore_errors=True)
            results.append(
                Result(
                    f"import {count:,} entries ({label})",
                    count,
                    median_of(samples),
                    extra={"added": added, "file_bytes": path.stat().st_size},
                )
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results
