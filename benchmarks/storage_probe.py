"""Quick storage numbers on a generated journal: search, tags, lookups, import, file size.

    python benchmarks/storage_probe.py build DIR --entries 50000     # a seeded journal in DIR
    python benchmarks/storage_probe.py measure DIR [--repeat 15] [--json OUT]

``build`` writes the corpus through ``vault.bulk()`` + ``vault.entries.add`` in batches of 1,000
(the import path) and prints how long that took. ``measure`` opens the journal and prints the
median and spread of each call (warm: each is run once before timing), the database size after a
clean close, and how close the search's top results are to ranking every match with bm25.
Numbers only; nothing here asserts a time (targets belong to ``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import CorpusGenerator  # noqa: E402
from journal_app.domain import EntryFilter, EntryKind  # noqa: E402
from journal_app.storage import MINIMUM_KDF, Vault  # noqa: E402
from journal_app.storage.search import parse_query  # noqa: E402

PASSPHRASE = "quiet river lantern morning"
BATCH = 1000
SEED = 20240907
QUERIES = {
    "one word (common)": "grief",
    "one word (rare)": "lighthouse",
    "two words": "mother anxious",
    "phrase": '"my mother"',
    "prefix (as you type)": "therap",
    "short prefix": "an",
    "tag": "tag:family",
}


def build(folder: Path, count: int) -> float:
    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    entries = CorpusGenerator(SEED).entries(count, span_for=count)
    started = time.perf_counter()
    with vault:
        added = 0
        while added < count:
            size = min(BATCH, count - added)
            with vault.bulk():
                for _ in range(size):
                    vault.entries.add(next(entries))
            added += size
    return time.perf_counter() - started


def _timed(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 3),
        "min_ms": round(min(samples), 3),
        "max_ms": round(max(samples), 3),
    }


def _full_ranking(vault: Vault, text: str, limit: int) -> list[int]:
    """Every match ranked by bm25 with the vault's column weights (the reference ordering)."""
    connection = vault._require_open()  # read-only use, for the comparison only
    rows = connection.execute(
        "SELECT rowid FROM entry_search WHERE entry_search MATCH ?"
        " ORDER BY bm25(entry_search, 8, 1, 1, 4, 2) LIMIT ?",
        (parse_query(text).fts, limit),
    ).fetchall()
    return [int(row[0]) for row in rows]


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    started = time.perf_counter()
    vault = Vault.open(folder, PASSPHRASE)
    results["open_s"] = round(time.perf_counter() - started, 3)
    with vault:
        total = vault.entries.count()
        results["entries"] = total
        first = vault.search.entries(QUERIES["one word (common)"])
        results["first_search_ms"] = round((time.perf_counter() - started) * 1000, 1)
        del first
        for name, text in QUERIES.items():

            def run(text: str = text) -> object:
                return vault.search.entries(text)

            timing: dict[str, Any] = dict(_timed(run, repeat))
            hits = [hit.entry_id for hit in vault.search.entries(text)]
            reference = _full_ranking(vault, text, 50)
            timing["results"] = len(hits)
            timing["overlap_top50_with_full_bm25"] = round(
                len(set(hits) & set(reference)) / max(1, len(reference)), 3
            )
            timing["same_top10_as_full_bm25"] = hits[:10] == reference[:10]
            results[f"search {name}"] = timing
        results["tags in use"] = _timed(vault.tags.in_use, repeat)
        ids = [summary.id for summary in vault.entries.summaries(limit=200, offset=total // 2)]
        results["get one entry"] = _timed(lambda: [vault.entries.get(i) for i in ids[:20]], repeat)
        results["get one entry"] = {
            key: round(value / 20, 3) for key, value in results["get one entry"].items()
        }
        results["count entries"] = _timed(vault.entries.count, repeat)
        blocks = EntryFilter(kinds=frozenset({EntryKind.BLOCK}))
        results["count blocks"] = _timed(lambda: vault.entries.count(blocks), repeat)
        results["list newest 50"] = _timed(lambda: vault.entries.summaries(limit=50), repeat)
    results["database_mib"] = round((folder / "journal.db").stat().st_size / 2**20, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("build", "measure"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.action == "build":
        seconds = build(args.folder, args.entries)
        size = (args.folder / "journal.db").stat().st_size / 2**20
        print(f"built {args.entries} entries in {seconds:.1f} s; journal.db {size:.1f} MiB")
        return 0
    results = measure(args.folder, args.repeat)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
