"""Privacy hardening: no core dumps, content-free crash reports, private logs without content."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal_app import hardening

MARKER = "ZEBRA-MARKER-7f3a"


def test_core_dumps_are_disabled_in_the_process() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("checked where fork exists")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            import resource

            ok = hardening.disable_core_dumps()
            limits = resource.getrlimit(resource.RLIMIT_CORE)[0]
            dumpable = hardening.is_dumpable()
            os.write(write_end, f"{ok} {limits} {dumpable}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    result = os.read(read_end, 200).decode()
    os.close(read_end)
    if sys.platform.startswith("linux"):
        assert result == "True 0 False"
    else:
        assert result.split()[1] == "0"


def test_crash_report_has_type_and_places_but_no_message_or_locals() -> None:
    def write_entry(secret_text: str) -> None:
        raise ValueError(f"could not save {secret_text}")

    try:
        write_entry(MARKER)
    except ValueError as error:
        report = hardening.describe_exception(type(error), error.__traceback__)
    assert report.splitlines()[0] == "builtins.ValueError"
    assert "test_hardening.py" in report and "in write_entry" in report
    assert MARKER not in report


def test_excepthook_logs_without_content_and_shows_a_message(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    hardening.install_excepthook(shown.append)
    try:
        raise RuntimeError(f"entry text {MARKER}")
    except RuntimeError as error:
        with caplog.at_level(logging.DEBUG):
            sys.excepthook(type(error), error, error.__traceback__)
    assert shown == [hardening.CRASH_MESSAGE]
    assert "builtins.RuntimeError" in caplog.text
    assert MARKER not in caplog.text

    def worker() -> None:
        raise KeyError(MARKER)

    with caplog.at_level(logging.DEBUG):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert "builtins.KeyError" in caplog.text and MARKER not in caplog.text
    assert len(shown) == 2


def test_log_file_is_private(isolated_home: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        path = hardening.setup_logging(logging.DEBUG)
        logging.getLogger("journal_app.test").info("hello")
        assert path.parent == isolated_home / "logs"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    finally:
        for handler in list(root.handlers):
            if handler not in before[0]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(before[1])


_WORKFLOW = textwrap.dedent(
    f"""
    import io, json, logging, sys
    from pathlib import Path
    from journal_app import hardening
    from journal_app.cli import Console, main
    from journal_app.domain import Entry, EntryKind, Question
    from journal_app.exchange import ExportFormat, ExportOptions, export_journal
    from journal_app.exchange.importers import import_file
    from journal_app.storage import MINIMUM_KDF, Vault
    from journal_app.storage.backups import list_backups, make_backup
    from journal_app.storage.maintenance import after_unlock
    from journal_app.storage.restore import restore

    hardening.setup_logging(logging.DEBUG)
    logging.getLogger().addHandler(logging.StreamHandler(sys.stderr))
    hardening.install_excepthook()
    root = Path(sys.argv[1])
    folder = root / "journal"
    vault, _ = Vault.create(folder, "pw", kdf=MINIMUM_KDF)
    entry = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="{MARKER} title",
        body="{MARKER} body", tags=("{MARKER}",), questions=(Question(text="{MARKER}?"),)))
    vault.entries.update(entry.with_changes(body="{MARKER} edited"))
    vault.search.entries("{MARKER}")
    vault.drafts.save("new:1", {{"body": "{MARKER} draft"}})
    after_unlock(vault)
    make_backup(vault, root / "out")
    export_journal(vault, ExportOptions(format=ExportFormat.JSON, include_private=True),
        root / "export.json")
    vault.close()
    other, _ = Vault.create(root / "other", "pw", kdf=MINIMUM_KDF)
    with other:
        import_file(other, root / "export.json", "json")
    (root / "export.json").unlink()
    restore(folder, list_backups(root / "out")[0].path, "pw")
    console = Console(io.StringIO("pw\\n"), io.StringIO(), sys.stderr)
    main(["check", "--journal", str(folder)], console)
    main(["list", "--journal", str(folder)], Console(io.StringIO("wrong\\n"), io.StringIO(),
        sys.stderr))
    raise RuntimeError("crash with {MARKER}")
    """
)


def test_logs_and_stderr_hold_no_journal_text(tmp_path: Path, isolated_home: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    completed = subprocess.run(
        [sys.executable, "-c", _WORKFLOW, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=repo,
        env={**os.environ, "JOURNAL_APP_HOME": str(isolated_home)},
        timeout=120,
    )
    assert completed.returncode == 1  # the deliberate crash at the end
    log_file = isolated_home / "logs" / hardening.LOG_FILE_NAME
    log_text = log_file.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in log_text  # the crash was logged...
    assert "Backup written and verified" in log_text  # ...and so was ordinary DEBUG/INFO work
    assert MARKER not in log_text  # ...but never any content
    assert MARKER not in completed.stderr
    assert MARKER not in completed.stdout


# A stand-in for standard input: the passphrase, then, when the unlocked command asks for the
# entry's text, a report of the process's protections and a long wait (the test aborts it).
_WAIT_AFTER_UNLOCK = textwrap.dedent(
    """
    import ctypes, os, resource, runpy, sys, time

    class StdinThatWaitsAfterUnlock:
        def __init__(self):
            self.lines = ["pw\\n"]
        def isatty(self):
            return False
        def readline(self):
            return self.lines.pop(0) if self.lines else ""
        def read(self):
            dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
            umask = os.umask(0o077)
            core = resource.getrlimit(resource.RLIMIT_CORE)
            sys.stdout.write(f"UNLOCKED {dumpable} {umask:o} {core[0]}\\n")
            sys.stdout.flush()
            time.sleep(120)
            return ""

    sys.stdin = StdinThatWaitsAfterUnlock()
    sys.argv = ["journal-app", "add", "--journal", sys.argv[1], "-"]
    runpy.run_module("journal_app", run_name="__main__", alter_sys=True)
    """
)


def _allow_core_dumps() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def _cores(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("core"))


def _core_files_land_in_the_working_folder() -> bool:
    try:
        pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    except OSError:
        return False
    return pattern.startswith("core") and "/" not in pattern


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and core files: Linux")
def test_an_unlocked_cli_killed_by_sigabrt_leaves_no_core_file(tmp_path: Path) -> None:
    import signal

    from journal_app.storage import MINIMUM_KDF, Vault

    folder = tmp_path / "journal"
    Vault.create(folder, "pw", kdf=MINIMUM_KDF)[0].close()
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    repo = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(
        [sys.executable, "-c", _WAIT_AFTER_UNLOCK, str(folder)],
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(repo)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_allow_core_dumps,  # ulimit -c unlimited
    )
    try:
        assert child.stdout is not None
        report = child.stdout.readline().split()
        assert report[:1] == ["UNLOCKED"], child.stderr.read() if child.stderr else ""
        dumpable, umask, core_limit = report[1:]
        assert dumpable == "0"  # PR_GET_DUMPABLE
        assert umask == "77"
        assert core_limit == "0"
        child.send_signal(signal.SIGABRT)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGABRT
    assert _cores(workdir) == []
    assert _cores(folder) == []


@pytest.mark.skipif(
    not _core_files_land_in_the_working_folder(), reason="core files are not written to the cwd"
)
def test_the_core_file_check_would_see_a_core_from_an_unprotected_process(tmp_path: Path) -> None:
    """Without the protection, the same abort does leave a core: the test above can fail."""
    import signal

    completed = subprocess.run(
        [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGABRT)"],
        cwd=tmp_path,
        preexec_fn=_allow_core_dumps,
        timeout=60,
    )
    assert completed.returncode == -signal.SIGABRT
    cores = _cores(tmp_path)
    for name in cores:
        (tmp_path / name).unlink()
    assert cores


def test_the_self_check_protects_the_process_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from journal_app import selfcheck

    calls: list[str] = []
    monkeypatch.setattr(hardening, "protect_process", lambda: calls.append("protect") or True)

    def journal_step(_workdir: Path) -> str:
        calls.append("journal")
        raise selfcheck.SelfCheckFailed("stop here")

    monkeypatch.setattr(selfcheck, "_check_journal", journal_step)
    assert selfcheck.run_self_check(out=lambda _line: None) == 1
    assert calls == ["protect", "journal"]


def test_the_desktop_app_protects_the_process_before_anything_else() -> None:
    import ast
    import inspect

    pytest.importorskip("PySide6")
    from journal_app.ui import app

    function = ast.parse(textwrap.dedent(inspect.getsource(app.run_app))).body[0]
    assert isinstance(function, ast.FunctionDef)
    first = function.body[0]
    assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Call)
    assert ast.unparse(first.value.func) == "protect_process"
