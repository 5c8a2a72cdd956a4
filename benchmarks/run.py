"""Benchmark Between Sessions on realistic journals and compare it with bare SQLCipher.

    .venv/bin/python benchmarks/run.py --entries 1000,10000,50000 --json out.json

Builds one journal with a seeded generator (see ``corpus.py``), growing it through each size in
turn, and at each size reports medians for the app's everyday operations next to a baseline:
the same SQL on the same database through raw ``sqlcipher3`` calls (see ``baseline.py``). Prints
a Markdown table; ``--json`` also saves every number with the machine it was measured on.
Nothing touches the user's own journal: everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the checkout importable
    sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402

from benchmarks import baseline  # noqa: E402
from benchmarks.corpus import START, CorpusGenerator, span_days  # noqa: E402
from benchmarks.timing import (  # noqa: E402
    Result,
    markdown_table,
    median_ms,
    median_of,
    paired_medians,
)
from journal_app import __version__  # noqa: E402
from journal_app.domain import Entry, EntryFilter, EntryKind  # noqa: E402
from journal_app.storage import DEFAULT_KDF, Vault  # noqa: E402

PASSPHRASE = "quiet river lantern morning"
SEARCHES = {
    "search one word": "grief",
    "search phrase": '"my mother"',
    "search prefix": "therap",
    "search tag": "tag:family",
}
BATCH = 1000

# Targets from issue 8, for a 2-core machine with 50,000 entries.
SEARCH_TARGET_MS = 30.0
SEARCH_MAX_RATIO = 1.5
# The targets are stated for a 50,000-entry journal; smaller journals are shown for the trend.
TARGET_ENTRIES = 50_000
ADD_TARGET_MS = 10.0
LIST_TARGET_MS = 5.0
COLD_START_TARGET_MS = 1000.0
PEAK_RSS_TARGET_MIB = 300.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- building the journal


def _batch(vault: Vault) -> AbstractContextManager[Any]:
    """One transaction for a batch of inserts (nested ``entries.add`` calls join it)."""
    return vault.bulk()


def grow(vault: Vault, entries: Iterator[Entry], count: int) -> float:
    """Add ``count`` entries in batches; returns the seconds it took."""
    started = time.perf_counter()
    added = 0
    while added < count:
        size = min(BATCH, count - added)
        with _batch(vault):
            for _ in range(size):
                vault.entries.add(next(entries))
        added += size
    return time.perf_counter() - started


# --------------------------------------------------------------------------- measurements


def _probe(arguments: list[str], stdin: str = "") -> str:
    home = Path(tempfile.mkdtemp(prefix="bs-bench-home-"))  # the app's settings go here
    try:
        return _run_probe(arguments, stdin, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run_probe(arguments: list[str], stdin: str, home: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes", *arguments],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            "JOURNAL_APP_HOME": str(home),
        },
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "failed")
    return result.stdout.strip().splitlines()[-1]


def _cold_start_ms(mode: str, folder: Path) -> float:
    started = time.time()
    shown_at = float(_probe(["cold-start", mode, str(folder)]))
    return (shown_at - started) * 1000


def measure_cold_start(folder: Path, repeat: int) -> list[Result]:
    log("cold start")
    note = ""
    try:
        _cold_start_ms("app", folder)  # warm the OS file cache, like a second launch
        samples = [_cold_start_ms("app", folder) for _ in range(repeat)]
    except (RuntimeError, subprocess.SubprocessError) as error:
        note = f"UI not ready ({error}); timed importing journal_app.ui.app"
        try:
            samples = [_cold_start_ms("import", folder) for _ in range(repeat)]
        except (RuntimeError, subprocess.SubprocessError):
            samples = []
            note = "UI not importable; not measured"
    base = [_cold_start_ms("qt", folder) for _ in range(repeat)]
    return [
        Result(
            "cold start to unlock screen",
            None,
            median_of(samples) if samples else None,
            median_of(base),
            target=COLD_START_TARGET_MS,
            note=note,
            extra={"baseline": "bare QApplication + QWidget shown"},
        )
    ]


def record_statements(vault: Vault, call: Callable[[], Any]) -> list[str]:
    """The SQL statements one vault call runs, parameters filled in (SQLite's trace hook)."""
    # private: only watched here, never used to change anything
    connection = vault._require_open()
    seen: list[str] = []
    connection.set_trace_callback(seen.append)
    try:
        call()
    finally:
        connection.set_trace_callback(None)
    return own_statements(seen)


def own_statements(traced: list[str]) -> list[str]:
    """Drop what FTS5 runs on its shadow tables while answering a query.

    SQLite's trace hook reports those too ("-- SELECT sz FROM 'main'.'entry_search_docsize' ..."),
    but they are SQLite's work, not statements the vault issued.
    """
    return [
        statement
        for statement in traced
        if not statement.startswith("--") and "'main'." not in statement
    ]


_LITERAL = re.compile(r"'(?:[^']|'')*'|x'[0-9a-f]*'|\b\d+(?:\.\d+)?\b", re.IGNORECASE)


def statement_shapes(statements: list[str]) -> list[str]:
    """Statements with their literal values blanked, to compare SQL run with different data."""
    return [_LITERAL.sub("?", statement) for statement in statements]


SQL_DRIFT: dict[str, dict[str, list[str]]] = {}


def check_add_sql(vault: Vault, connection: sqlcipher3.Connection, entry: Entry) -> None:
    """Warn when ``baseline.add_entry`` stops issuing the statements ``Vault.entries.add`` does."""
    ours = record_statements(vault, lambda: vault.entries.add(entry))
    theirs: list[str] = []
    connection.set_trace_callback(theirs.append)
    try:
        baseline.add_entry(connection, entry)
    finally:
        connection.set_trace_callback(None)
    if statement_shapes(ours) != statement_shapes(own_statements(theirs)):
        log("WARNING: add: baseline.add_entry differs from Vault.entries.add's SQL; update it")
        SQL_DRIFT["add"] = {"vault": ours, "baseline": theirs}


def measure_size(
    folder: Path, size: int, span_for: int, repeat: int, kdf_repeat: int
) -> list[Result]:
    results: list[Result] = []
    end = START + timedelta(days=span_days(span_for))
    window = (end - timedelta(days=365), end - timedelta(days=180))
    block_filter = EntryFilter(kinds=frozenset({EntryKind.BLOCK}), since=window[0], until=window[1])
    extra_entries = CorpusGenerator(seed=size).entries(2 * repeat + 4, span_for=span_for)
    key = baseline.master_key(folder, PASSPHRASE)

    log(f"{size}: unlock")
    unlock_ms = median_ms(lambda: Vault.open(folder, PASSPHRASE).close(), kdf_repeat, warmup=0)
    unlock_base = median_ms(lambda: baseline.unlock(folder, PASSPHRASE), kdf_repeat, warmup=0)
    results.append(Result("unlock (Argon2id, default KDF)", size, unlock_ms, unlock_base))

    # The read-only baselines replay, on a bare connection, exactly the statements the vault ran.
    reads: dict[str, Callable[[Vault], Any]] = {
        "list": lambda v: v.entries.summaries(limit=50),
        "filter": lambda v: v.entries.summaries(block_filter, limit=50),
    }
    for name, text in SEARCHES.items():
        reads[name] = lambda v, t=text: v.search(t)  # type: ignore[misc]
    statements: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    with Vault.open(folder, PASSPHRASE) as vault:
        for name, read in reads.items():
            statements[name] = record_statements(vault, lambda r=read: r(vault))  # type: ignore[misc]
            rows[name] = len(read(vault))

    first_list: list[float] = []
    first_list_base: list[float] = []
    for _ in range(kdf_repeat):
        with Vault.open(folder, PASSPHRASE) as fresh_vault:
            started = time.perf_counter()
            fresh_vault.entries.summaries(limit=50)
            first_list.append((time.perf_counter() - started) * 1000)
        fresh_connection = baseline.connect(folder, key)
        started = time.perf_counter()
        baseline.replay(fresh_connection, statements["list"])
        first_list_base.append((time.perf_counter() - started) * 1000)
        fresh_connection.close()
    results.append(
        Result(
            "first list screen after unlock",
            size,
            median_of(first_list),
            median_of(first_list_base),
        )
    )

    log(f"{size}: everyday operations, vault and baseline in turn")
    ours: dict[str, float] = {}
    theirs: dict[str, float] = {}
    with Vault.open(folder, PASSPHRASE) as vault:
        connection = baseline.connect(folder, key)
        try:
            check_add_sql(vault, connection, next(extra_entries))
            ours["add"], theirs["add"] = paired_medians(
                lambda: vault.entries.add(next(extra_entries)),
                lambda: baseline.add_entry(connection, next(extra_entries)),
                repeat,
            )
            for name, read in reads.items():
                ours[name], theirs[name] = paired_medians(
                    lambda r=read: r(vault),  # type: ignore[misc]
                    lambda n=name: baseline.replay(connection, statements[n]),  # type: ignore[misc]
                    repeat,
                )
            entry_count = vault.entries.count()
        finally:
            connection.close()

    def target(value: float) -> float | None:
        return value if size >= TARGET_ENTRIES else None

    results.append(
        Result("add/save an entry", size, ours["add"], theirs["add"], target(ADD_TARGET_MS))
    )
    results.append(
        Result("list newest 50", size, ours["list"], theirs["list"], target(LIST_TARGET_MS))
    )
    for name in SEARCHES:
        results.append(
            Result(
                name,
                size,
                ours[name],
                theirs[name],
                target(SEARCH_TARGET_MS),
                target(SEARCH_MAX_RATIO),
                note=f"{rows[name]} hits" if rows[name] < 50 else "",
                extra={"statements": len(statements[name])},
            )
        )
    results.append(Result("filter by kind and date (50)", size, ours["filter"], theirs["filter"]))

    log(f"{size}: peak memory")
    replay_file = folder.parent / "replay.json"
    replay_file.write_text(json.dumps(statements), encoding="utf-8")
    try:
        rss, listed = _probe(["memory", "vault", str(folder)], PASSPHRASE + "\n").split()
        rss_base, _ = _probe(
            ["memory", "raw", str(folder), str(replay_file)], PASSPHRASE + "\n"
        ).split()
        results.append(
            Result(
                "peak RSS, journal open and scrolled",
                size,
                float(rss),
                float(rss_base),
                target(PEAK_RSS_TARGET_MIB),
                unit="MB",
                extra={"rows_listed": int(listed), "entries": entry_count},
            )
        )
    except (RuntimeError, subprocess.SubprocessError) as error:
        results.append(Result("peak RSS", size, None, note=f"probe failed: {error}", unit="MB"))
    finally:
        replay_file.unlink(missing_ok=True)

    return results


# --------------------------------------------------------------------------- export and import


def measure_exchange(folder: Path, size: int, sizes: list[int], heavy_repeat: int) -> list[Result]:
    """Exports at the largest size; imports once, at the first size of 10,000 entries or more."""
    from benchmarks import exchange

    results: list[Result] = []
    if size == sizes[-1]:
        log(f"{size}: export {exchange.EXPORT_COUNT} entries to PDF and Markdown")
        results += exchange.measure_exports(folder, PASSPHRASE, size, heavy_repeat)
    import_size = next((s for s in sizes if s >= exchange.IMPORT_COUNT), sizes[-1])
    if size == import_size:
        log(f"{size}: import our JSON and jrnl JSON")
        results += exchange.measure_imports(folder, PASSPHRASE, heavy_repeat)
    return results


# --------------------------------------------------------------------------- the run


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlcipher3.sqlite_version,
        "app_version": __version__,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # Other work on the machine skews medians; the load average says how busy it was.
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give entry counts like 1000,10000,50000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=parse_sizes, default=[1000, 10000, 50000])
    parser.add_argument("--json", type=Path, help="also save the results as JSON here")
    parser.add_argument("--repeat", type=int, default=15, help="runs per fast operation")
    parser.add_argument("--kdf-repeat", type=int, default=5, help="runs per unlock")
    parser.add_argument("--cold-repeat", type=int, default=5, help="runs of the cold start")
    parser.add_argument(
        "--heavy-repeat", type=int, default=1, help="runs of each export and import"
    )
    parser.add_argument("--skip-exchange", action="store_true", help="no exports or imports")
    parser.add_argument("--seed", type=int, default=20240907)
    parser.add_argument("--keep", type=Path, help="keep the generated journal in this folder")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-"))
    folder = args.keep or workdir / "journal"
    results: list[Result] = []
    generation: dict[int, float] = {}
    try:
        log(f"creating the journal in {folder} (default KDF)")
        vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=DEFAULT_KDF)
        vault.close()
        results.extend(measure_cold_start(folder, args.cold_repeat))
        span_for = args.entries[-1]
        entries = CorpusGenerator(args.seed).entries(span_for, span_for=span_for)
        current = 0
        for size in args.entries:
            log(f"growing the journal to {size} entries")
            with Vault.open(folder, PASSPHRASE) as vault:
                generation[size] = grow(vault, entries, size - current)
            log(f"  took {generation[size]:.1f} s")
            current = size
            results.extend(measure_size(folder, size, span_for, args.repeat, args.kdf_repeat))
            if not args.skip_exchange:
                results.extend(measure_exchange(folder, size, args.entries, args.heavy_repeat))
            # Adds made while measuring are part of the journal now; keep the count honest.
            with Vault.open(folder, PASSPHRASE) as vault:
                current = vault.entries.count()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    total = time.perf_counter() - started
    table = markdown_table(results)
    print(table)
    print()
    for size, seconds in generation.items():
        print(f"Generated up to {size} entries in {seconds:.1f} s")
    print(f"Whole run: {total:.0f} s on {os.cpu_count()} cores")
    if args.json:
        document = {
            "machine": machine(),
            "settings": {
                "entries": args.entries,
                "repeat": args.repeat,
                "kdf_repeat": args.kdf_repeat,
                "heavy_repeat": args.heavy_repeat,
                "seed": args.seed,
            },
            "generation_seconds": generation,
            "total_seconds": total,
            "results": [row.as_json() for row in results],
            "add_sql_drift": SQL_DRIFT,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
