"""Benchmark Between Sessions against its targets, on journals of a real journal's size.

    python -m benchmarks.run --size 50000 [--gui] [--quick] [--json out.json]

Builds (once, cached in ``benchmarks/.cache/``) a realistic journal and one imported from jrnl
with no session notes (see ``corpus.py``), then reports for every measurement its median over
several runs, the spread, the floor (the cheapest reasonable raw-SQLCipher query for the same
answer, see ``baseline.py``) and the ratio to it, its target, and PASS or FAIL. ``--gui`` adds
the window itself (``gui_probe.py``): unlock, page switches, prep after a save, opening an entry
during maintenance, search and scrolling, with the longest pause of the UI thread in each.
``--quick`` is a small run (2,000 entries, few repeats) for the test suite.

Nothing touches the user's own journal: every measurement runs on a copy of a generated journal
in a temporary folder. Exit status: 0 when the run completed (whatever passed), 1 when it broke.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the checkout importable
    sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402

from benchmarks import baseline  # noqa: E402
from benchmarks.corpus import (  # noqa: E402
    END,
    PASSPHRASE,
    CachedJournal,
    Corpus,
    CorpusGenerator,
    cached_journal,
    working_copy,
)
from benchmarks.timing import Result, markdown_table, paired_samples, samples_ms  # noqa: E402
from journal_app import __version__  # noqa: E402
from journal_app.domain import EntryFilter, EntryKind  # noqa: E402
from journal_app.storage import Vault  # noqa: E402

SEARCHES = {
    "search one word": "grief",
    "search phrase": '"my mother"',
    "search prefix (as you type)": "therap",
    "search tag": "tag:family",
}

# The targets: the right-hand column of the performance issue, for a 2-core machine.
LARGE = 200_000  # search may take up to 30 ms from this size on
SEARCH_MS, SEARCH_LARGE_MS = 20.0, 30.0
GET_ENTRY_MS = 2.0
COUNT_MS = 2.0
ALL_TAGS_MS = 10.0
LIST_MS = 5.0
ADD_MS = 10.0
PREP_MS = 100.0
UNLOCK_MS = 1000.0
BACKUP_MS = 5000.0
COLD_START_MS = 1000.0
MEMORY_MIB = 300.0
FILE_MB_PER_ENTRY = 180.0 / 50_000
UI_GAP_MS = 50.0
FIRST_ROWS_MS = 600.0
PAGE_SWITCH_MS = 100.0
OPEN_ENTRY_MS = 50.0
SEARCH_PAUSE_MS = 150.0  # the Search page waits this long after the last key, by design
GUI_SEARCH_MS = SEARCH_PAUSE_MS + 50.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def label(journal: CachedJournal) -> str:
    size = f"{journal.entries // 1000}k" if journal.entries % 1000 == 0 else f"{journal.entries:,}"
    return size if journal.corpus is Corpus.REALISTIC else f"{size} from jrnl"


# --------------------------------------------------------------------------- the vault calls
# Every call into the vault the benchmark times is here, so a change of the vault's API is one
# edit: (name, vault call, floor call).

VaultCall = Callable[[Vault], object]
FloorCall = Callable[[sqlcipher3.Connection], object]


def vault_calls(size: int, entry_ids: list[int]) -> list[tuple[str, VaultCall, FloorCall, float]]:
    window = (END - timedelta(days=365), END - timedelta(days=180))
    blocks = EntryFilter(kinds=frozenset({EntryKind.BLOCK}), since=window[0], until=window[1])
    search_ms = SEARCH_LARGE_MS if size >= LARGE else SEARCH_MS
    ids = iter(entry_ids * 100)
    floor_ids = iter(entry_ids * 100)
    calls: list[tuple[str, VaultCall, FloorCall, float]] = [
        ("list newest 50", lambda v: v.entries.summaries(limit=50), baseline.list_newest, LIST_MS),
        (
            "filter by kind and date (50)",
            lambda v: v.entries.summaries(blocks, limit=50),
            lambda c: baseline.list_filtered(c, EntryKind.BLOCK.value, *window),
            LIST_MS,
        ),
        (
            "open one entry (get_entry)",
            lambda v: v.entries.get(next(ids)),
            lambda c: baseline.get_entry(c, next(floor_ids)),
            GET_ENTRY_MS,
        ),
        ("count entries", lambda v: v.entries.count(), baseline.count_entries, COUNT_MS),
        ("tag list with counts", lambda v: v.tags.in_use(), baseline.all_tags, ALL_TAGS_MS),
    ]
    for name, text in SEARCHES.items():
        calls.append(
            (
                name,
                lambda v, t=text: v.search.entries(t),  # type: ignore[misc]
                lambda c, t=text: baseline.search(c, t),  # type: ignore[misc]
                search_ms,
            )
        )
    return calls


def prep_call(vault: Vault) -> object:
    return vault.prep.gather()


def open_vault(folder: Path) -> Vault:
    return Vault.open(folder, PASSPHRASE)


def add_call(vault: Vault, entry: Any) -> object:
    return vault.entries.add(entry)


def backup_call(vault: Vault, target: Path) -> object:
    return vault.backup_to(target)


def sample_ids(vault: Vault, count: int = 20) -> list[int]:
    """Entry ids spread over the whole journal (old and new), the same on every run."""
    total = vault.entries.count()
    step = max(1, total // count)
    found: list[int] = []
    for offset in range(0, total, step):
        found += [summary.id for summary in vault.entries.summaries(limit=1, offset=offset)]
    random.Random(1).shuffle(found)
    return found[:count]


# --------------------------------------------------------------------------- measurements


def measure_vault(
    folder: Path, journal: CachedJournal, repeat: int, kdf_repeat: int
) -> list[Result]:
    name = label(journal)
    results: list[Result] = []
    key = baseline.master_key(folder, PASSPHRASE)

    log(f"{name}: unlock")
    ours = samples_ms(lambda: open_vault(folder).close(), kdf_repeat, warmup=0)
    floor = samples_ms(lambda: baseline.unlock(folder, PASSPHRASE), kdf_repeat, warmup=0)
    results.append(Result("unlock (Argon2id, default cost)", name, ours, UNLOCK_MS, floor=floor))

    log(f"{name}: first search after unlock")
    search_ms = SEARCH_LARGE_MS if journal.entries >= LARGE else SEARCH_MS
    cold: list[float] = []
    cold_floor: list[float] = []
    for _ in range(kdf_repeat):
        with open_vault(folder) as fresh:
            started = time.perf_counter()
            fresh.search.entries("grief")
            cold.append((time.perf_counter() - started) * 1000)
        connection = baseline.connect(folder, key)
        started = time.perf_counter()
        baseline.search(connection, "grief")
        cold_floor.append((time.perf_counter() - started) * 1000)
        connection.close()
    results.append(Result("first search after unlock", name, cold, search_ms, floor=cold_floor))

    log(f"{name}: everyday calls, vault and floor in turn")
    extra = CorpusGenerator(seed=journal.entries).entries(2 * repeat + 2)
    with open_vault(folder) as vault:
        connection = baseline.connect(folder, key)
        try:
            ids = sample_ids(vault)
            for operation, ours_call, floor_call, target in vault_calls(journal.entries, ids):
                try:
                    ours, floor = paired_samples(
                        lambda c=ours_call: c(vault),  # type: ignore[misc]
                        lambda c=floor_call: c(connection),  # type: ignore[misc]
                        repeat,
                    )
                    results.append(Result(operation, name, ours, target, floor=floor))
                except Exception as error:  # a floor that no longer fits the schema, say
                    results.append(
                        Result(operation, name, [], target, note=f"failed: {error}"[:120])
                    )
            try:
                ours, floor = paired_samples(
                    lambda: add_call(vault, next(extra)),
                    lambda: baseline.add_entry(connection, next(extra)),
                    repeat,
                )
                results.append(Result("add an entry", name, ours, ADD_MS, floor=floor))
            except Exception as error:
                results.append(Result("add an entry", name, [], ADD_MS, note=f"failed: {error}"))
        finally:
            connection.close()
    results += measure_prep(folder, journal, max(1, kdf_repeat))
    return results


def measure_prep(folder: Path, journal: CachedJournal, repeat: int) -> list[Result]:
    name = label(journal)
    log(f"{name}: session prep")
    key = baseline.master_key(folder, PASSPHRASE)
    with open_vault(folder) as vault:
        connection = baseline.connect(folder, key)
        try:
            ours, floor = paired_samples(
                lambda: prep_call(vault), lambda: baseline.session_prep(connection), repeat
            )
        finally:
            connection.close()
    return [Result("session prep (vault.prep.gather)", name, ours, PREP_MS, floor=floor)]


def measure_backup(folder: Path, journal: CachedJournal, repeat: int, workdir: Path) -> Result:
    name = label(journal)
    log(f"{name}: backup")
    samples = []
    with open_vault(folder) as vault:
        for attempt in range(repeat):
            target = workdir / f"backup-{attempt}"
            started = time.perf_counter()
            backup_call(vault, target)
            samples.append((time.perf_counter() - started) * 1000)
            shutil.rmtree(target, ignore_errors=True)
    return Result("back up the journal (backup_to)", name, samples, BACKUP_MS)


def file_size(journal: CachedJournal) -> Result:
    size = sum(path.stat().st_size for path in journal.folder.glob("journal.db*")) / 1e6
    return Result(
        "journal file size",
        label(journal),
        [size],
        FILE_MB_PER_ENTRY * journal.entries,
        unit="MB",
        extra={"build_seconds": journal.build_seconds},
    )


def _probe(arguments: list[str], stdin: str = "", timeout: float = 600) -> str:
    """Run ``python -m ARGUMENTS`` with its own app home; its last line of output."""
    home = Path(tempfile.mkdtemp(prefix="bs-bench-home-"))  # the app's settings go here
    try:
        result = subprocess.run(
            [sys.executable, "-m", *arguments],
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
            timeout=timeout,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"exit status {result.returncode}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def measure_cold_start(folder: Path, journal: CachedJournal, repeat: int) -> Result:
    log("cold start")

    def once(mode: str) -> float:
        started = time.time()
        shown_at = float(_probe(["benchmarks.probes", "cold-start", mode, str(folder)]))
        return (shown_at - started) * 1000

    try:
        once("app")  # warm the OS file cache, like a second launch
        samples = [once("app") for _ in range(repeat)]
        floor = [once("qt") for _ in range(repeat)]
    except (RuntimeError, subprocess.SubprocessError) as error:
        return Result(
            "cold start to unlock screen",
            label(journal),
            [],
            COLD_START_MS,
            note=f"failed: {error}",
        )
    return Result(
        "cold start to unlock screen",
        label(journal),
        samples,
        COLD_START_MS,
        floor=floor,
        extra={"floor": "bare QApplication + QWidget shown"},
    )


def measure_memory(folder: Path, journal: CachedJournal) -> Result:
    log(f"{label(journal)}: peak memory without Qt")
    name = "peak memory: unlock, page through every entry, search (no Qt)"
    try:
        rss, listed = _probe(
            ["benchmarks.probes", "memory", "vault", str(folder)], PASSPHRASE + "\n"
        ).split()
        floor, _ = _probe(
            ["benchmarks.probes", "memory", "raw", str(folder)], PASSPHRASE + "\n"
        ).split()
    except (RuntimeError, subprocess.SubprocessError) as error:
        return Result(name, label(journal), [], MEMORY_MIB, unit="MB", note=f"failed: {error}")
    return Result(
        name,
        label(journal),
        [float(rss)],
        MEMORY_MIB,
        unit="MB",
        floor=[float(floor)],
        extra={"rows_listed": int(listed)},
    )


# --------------------------------------------------------------------------- the window


def gui_target(step: str) -> tuple[float | None, float | None]:
    """(time target, UI-gap target) of a GUI probe step, by what the step is."""
    if step.startswith("unlock"):
        return FIRST_ROWS_MS, UI_GAP_MS
    if step.startswith("open an entry"):
        return OPEN_ENTRY_MS, UI_GAP_MS
    if step.startswith("switch to"):
        return PAGE_SWITCH_MS, UI_GAP_MS
    if step.startswith("search"):
        return GUI_SEARCH_MS, UI_GAP_MS
    return None, UI_GAP_MS  # background work and scrolling: the UI must never stall


def measure_gui(
    journal: CachedJournal,
    runs: int,
    workdir: Path,
    *,
    steps: str,
    scroll: int,
    timeout: float,
) -> list[Result]:
    name = label(journal)
    collected: dict[str, dict[str, list[Any]]] = {}
    memory: list[float] = []
    failures: list[str] = []
    for run in range(runs):
        log(f"{name}: GUI probe, run {run + 1} of {runs}")
        folder = working_copy(journal, workdir)
        out = workdir / "gui.json"
        try:
            _probe(
                [
                    "benchmarks.gui_probe",
                    str(folder),
                    "--out",
                    str(out),
                    "--steps",
                    steps,
                    "--scroll",
                    str(scroll),
                ],
                PASSPHRASE + "\n",
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            # A frozen UI thread cannot end its own steps; what it finished is in the file.
            failures.append(f"stopped after {timeout:.0f} s")
        except (RuntimeError, subprocess.SubprocessError) as error:
            failures.append(str(error))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if not out.exists():
            continue
        document = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
        if document.get("error"):
            failures.append(document["error"])
        memory.append(float(document["peak_rss_mib"]))
        for step, values in document["steps"].items():
            into = collected.setdefault(step, {"samples": [], "gaps": [], "notes": []})
            # Several samples of one step in a run (three entries opened, say) count as their
            # median, so every run weighs the same.
            if values["samples_ms"]:
                into["samples"].append(sorted(values["samples_ms"])[len(values["samples_ms"]) // 2])
                into["gaps"].append(max(values["gaps_ms"]))
            into["notes"] += [note for note in values["notes"] if note not in into["notes"]]
    results = []
    for step, values in collected.items():
        target, gap_target = gui_target(step)
        results.append(
            Result(
                step,
                name,
                values["samples"],
                target,
                gaps=values["gaps"],
                gap_target=gap_target,
                note="; ".join(values["notes"]),
            )
        )
    results.append(
        Result(
            "whole GUI process, peak memory",
            name,
            memory,
            MEMORY_MIB,
            unit="MB",
            note="; ".join(failures)[:200],
        )
    )
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


def compile_the_app() -> None:
    """Compile the app's modules once, as an installed app ships them, so that no child
    process (cold start, the window) pays for compiling them, even where the environment
    sets PYTHONDONTWRITEBYTECODE (which stops writing bytecode, not reading it)."""
    import compileall

    import journal_app

    compileall.compile_dir(Path(journal_app.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=50_000, help="entries in the journals")
    parser.add_argument("--gui", action="store_true", help="also drive the window")
    parser.add_argument("--quick", action="store_true", help="2,000 entries, few repeats")
    parser.add_argument("--repeat", type=int, help="runs per fast call (default 15; quick 5)")
    parser.add_argument("--kdf-repeat", type=int, help="unlocks and prep runs (default 5)")
    parser.add_argument("--gui-runs", type=int, help="GUI probe runs per journal (default 3)")
    parser.add_argument("--no-jrnl", action="store_true", help="skip the jrnl-imported journal")
    parser.add_argument(
        "--gui-timeout", type=float, default=900, help="seconds before a GUI probe is stopped"
    )
    parser.add_argument("--skip-exchange", action="store_true", help="no exports or imports")
    parser.add_argument(
        "--prep-only",
        action="store_true",
        help="only Session prep: the vault call and, with --gui, the prep page on both journals",
    )
    parser.add_argument("--seed", type=int, default=20240907)
    parser.add_argument("--json", type=Path, help="also save the results as JSON here")
    args = parser.parse_args(argv)

    quick = args.quick
    size = 2000 if quick and args.size == 50_000 else args.size
    repeat = args.repeat or (3 if quick else 15)
    kdf_repeat = args.kdf_repeat or (2 if quick else 5)
    gui_runs = args.gui_runs or (1 if quick else 3)
    open_questions = 600 if quick else 6000

    started = time.perf_counter()
    compile_the_app()
    workdir = Path(tempfile.mkdtemp(prefix="bs-bench-"))
    results: list[Result] = []
    try:
        realistic = cached_journal(
            Corpus.REALISTIC, size, seed=args.seed, open_questions=open_questions, log=log
        )
        jrnl = None if args.no_jrnl else cached_journal(Corpus.JRNL, size, seed=args.seed, log=log)
        if args.prep_only:
            results += measure_prep_only(realistic, jrnl, workdir, kdf_repeat, gui_runs, args)
        else:
            results += measure_everything(
                realistic, jrnl, workdir, quick, repeat, kdf_repeat, gui_runs, args
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, started, args, size, quick, repeat, kdf_repeat, gui_runs)
    return 0


def measure_everything(
    realistic: CachedJournal,
    jrnl: CachedJournal | None,
    workdir: Path,
    quick: bool,
    repeat: int,
    kdf_repeat: int,
    gui_runs: int,
    args: argparse.Namespace,
) -> list[Result]:
    """Every row: the file, cold start, vault calls, backup, memory, exchange, the window."""
    scroll = 500 if quick else 5000
    export_count, import_count = (100, 500) if quick else (1000, 10_000)
    results: list[Result] = []
    results.append(file_size(realistic))
    folder = working_copy(realistic, workdir)
    results.append(measure_cold_start(folder, realistic, 1 if quick else 5))
    results += measure_vault(folder, realistic, repeat, kdf_repeat)
    if jrnl is not None:
        jrnl_folder = working_copy(jrnl, workdir)
        results += measure_prep(jrnl_folder, jrnl, 1 if quick else 3)
        shutil.rmtree(jrnl_folder, ignore_errors=True)
    results.append(measure_backup(folder, realistic, 1 if quick else 2, workdir))
    results.append(measure_memory(folder, realistic))
    if not args.skip_exchange:
        from benchmarks import exchange

        log(f"export {export_count} entries, import {import_count}")
        results += exchange.measure_exports(folder, PASSPHRASE, label(realistic), export_count, 1)
        results += exchange.measure_imports(folder, PASSPHRASE, label(realistic), import_count, 1)
    shutil.rmtree(folder, ignore_errors=True)
    if args.gui:
        results += measure_gui(
            realistic, gui_runs, workdir, steps="full", scroll=scroll, timeout=args.gui_timeout
        )
        if jrnl is not None and not quick:
            results += measure_gui(
                jrnl, gui_runs, workdir, steps="prep", scroll=0, timeout=args.gui_timeout
            )
    return results


def measure_prep_only(
    realistic: CachedJournal,
    jrnl: CachedJournal | None,
    workdir: Path,
    kdf_repeat: int,
    gui_runs: int,
    args: argparse.Namespace,
) -> list[Result]:
    """Session prep alone: the vault call and (with ``--gui``) the page, on both journals."""
    results: list[Result] = []
    for journal in (realistic, jrnl):
        if journal is None:
            continue
        folder = working_copy(journal, workdir)
        results += measure_prep(folder, journal, kdf_repeat)
        shutil.rmtree(folder, ignore_errors=True)
    if args.gui:
        for journal in (realistic, jrnl):
            if journal is not None:
                results += measure_gui(
                    journal, gui_runs, workdir, steps="prep", scroll=0, timeout=args.gui_timeout
                )
    return results


def report(
    results: list[Result],
    started: float,
    args: argparse.Namespace,
    size: int,
    quick: bool,
    repeat: int,
    kdf_repeat: int,
    gui_runs: int,
) -> None:
    """Print the table and the verdict count; save the JSON when asked."""
    total = time.perf_counter() - started
    print(markdown_table(results))
    print()
    passed = sum(row.passed for row in results)
    print(
        f"{passed} of {len(results)} rows PASS. Whole run: {total:.0f} s on {os.cpu_count()} cores"
    )
    if args.json:
        document = {
            "machine": machine(),
            "settings": {
                "size": size,
                "quick": quick,
                "gui": args.gui,
                "repeat": repeat,
                "kdf_repeat": kdf_repeat,
                "gui_runs": gui_runs,
                "seed": args.seed,
            },
            "total_seconds": total,
            "results": [row.as_json() for row in results],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        log(f"saved {args.json}")


if __name__ == "__main__":
    raise SystemExit(main())
