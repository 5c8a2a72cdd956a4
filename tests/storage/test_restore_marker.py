"""The restore marker is only ever acted on after unlock, when sealed by this journal's key.

``restore-in-progress.json`` lets a restore cut short by a crash be finished on the next open. A
marker someone planted (or one naming paths outside the journal folder, or through a symlink) must
never move a file: with a wrong passphrase every file stays byte-identical, and with the right one
the marker is left alone and reported. A real restore killed with SIGKILL mid-swap still finishes.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal_app.cli import EXIT_WRONG_PASSPHRASE, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault, WrongPassphrase
from journal_app.storage.backups import make_backup
from journal_app.storage.recovery import (
    RESTORE_MARKER_NAME,
    IgnoredRestoreMarker,
    check_journal_folder,
    finish_interrupted_restore,
    write_restore_marker,
)

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``folder``."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _journal(tmp_path: Path, titles: tuple[str, ...] = ("kept",)) -> Path:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        for title in titles:
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=title))
    (folder / "journal.lock").unlink(missing_ok=True)
    return folder


def _plant(folder: Path, tmp_path: Path) -> Path:
    """A marker as the review planted it: the "safety copy" is a folder outside the journal."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    staging = folder / ".restore-staging-planted"
    staging.mkdir()
    (folder / RESTORE_MARKER_NAME).write_text(
        json.dumps({"staging": staging.name, "safety_copy": str(elsewhere)}), encoding="utf-8"
    )
    return elsewhere


def _titles(vault: Vault) -> set[str]:
    return {summary.title for summary in vault.entries.summaries(limit=10_000)}


def test_a_planted_marker_and_a_wrong_passphrase_leave_every_file_byte_identical(
    tmp_path: Path,
) -> None:
    folder = _journal(tmp_path)
    elsewhere = _plant(folder, tmp_path)
    before = snapshot_folder(folder)
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "not the passphrase")
    with pytest.raises(WrongPassphrase):
        check_journal_folder(folder, "not the passphrase")
    out, err = io.StringIO(), io.StringIO()
    code = main(["list", "--journal", str(folder)], Console(io.StringIO("nope nope\n"), out, err))
    assert code == EXIT_WRONG_PASSPHRASE
    assert snapshot_folder(folder) == before
    assert list(elsewhere.iterdir()) == []


def test_a_planted_marker_is_not_acted_on_even_with_the_right_passphrase(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _journal(tmp_path)
    elsewhere = _plant(folder, tmp_path)
    database = (folder / "journal.db").read_bytes()
    with Vault.open(folder, PASSPHRASE) as vault:
        assert _titles(vault) == {"kept"}
        assert vault.ignored_restore_marker is not None
    assert list(elsewhere.iterdir()) == []
    assert (folder / RESTORE_MARKER_NAME).exists()  # left alone for someone to look at
    assert (folder / "journal.db").stat().st_size >= len(database)
    assert "restore" in caplog.text.lower()
    assert check_journal_folder(folder, PASSPHRASE) == []


def test_a_sealed_marker_naming_paths_outside_the_journal_is_refused(tmp_path: Path) -> None:
    from journal_app.storage.recovery import master_key_from

    folder = _journal(tmp_path)
    master_key = master_key_from(folder, PASSPHRASE)
    outside = tmp_path / "outside"
    outside.mkdir()
    staging = folder / ".restore-staging-x"
    staging.mkdir()
    with pytest.raises(ValueError):
        write_restore_marker(folder, staging, outside, master_key)
    # A staging folder that is a symlink to somewhere else is refused too.
    target = tmp_path / "target"
    target.mkdir()
    link = folder / ".restore-staging-link"
    link.symlink_to(target, target_is_directory=True)
    with pytest.raises(ValueError):
        write_restore_marker(folder, link, None, master_key)
    # And a sealed marker whose document was edited afterwards no longer verifies.
    write_restore_marker(folder, staging, None, master_key)
    marker = folder / RESTORE_MARKER_NAME
    document = json.loads(marker.read_text(encoding="utf-8"))
    document["safety_copy"] = "../outside"
    marker.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot_folder(folder)
    assert isinstance(finish_interrupted_restore(folder, master_key), IgnoredRestoreMarker)
    assert snapshot_folder(folder) == before


_RESTORER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import journal_app.storage.recovery as recovery
    from journal_app.storage.restore import restore

    folder, backup, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    real_write, real_replace = recovery.write_restore_marker, os.replace
    renames = []

    def write_then_arm(*args, **kwargs):
        real_write(*args, **kwargs)
        renames.append("marker")

    def replace_or_die(source, target):
        if renames:
            if len(renames) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            renames.append(str(target))
        real_replace(source, target)

    recovery.write_restore_marker = write_then_arm
    import journal_app.storage.restore as restoring
    restoring.write_restore_marker = write_then_arm
    os.replace = replace_or_die
    restore(folder, backup, sys.argv[4])
    print("finished without a kill")
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="needs kill -9")
@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])
def test_a_restore_killed_mid_swap_is_finished_after_unlock(tmp_path: Path, kill_at: int) -> None:
    folder = _journal(tmp_path, ("old",))
    with Vault.open(folder, PASSPHRASE) as vault:
        info = make_backup(vault)
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="newer"))
    child = subprocess.run(
        [sys.executable, "-c", _RESTORER, str(folder), str(info.path), str(kill_at), PASSPHRASE],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert (folder / RESTORE_MARKER_NAME).exists()
    # Before unlock nothing moves: a wrong passphrase leaves the half-swapped folder as it is.
    before = snapshot_folder(folder)
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "not the passphrase")
    assert snapshot_folder(folder) == before
    with Vault.open(folder, PASSPHRASE) as vault:
        assert _titles(vault) == {"old"}
        assert vault.integrity_problems() == []
        assert vault.ignored_restore_marker is None
    assert not (folder / RESTORE_MARKER_NAME).exists()
    assert not [path for path in folder.iterdir() if path.name.startswith(".restore-staging")]
    kept = [path for path in (folder / "backups").iterdir() if path.name.endswith("before-restore")]
    assert len(kept) == 1
    with Vault.open(kept[0], PASSPHRASE) as previous:
        assert _titles(previous) == {"old", "newer"}


def test_an_ignored_marker_is_told_to_the_person_on_the_command_line(tmp_path: Path) -> None:
    folder = _journal(tmp_path)
    elsewhere = _plant(folder, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["list", "--journal", str(folder)], Console(io.StringIO(PASSPHRASE + "\n"), out, err)
    )
    assert code == 0
    assert "didn't come from this journal" in err.getvalue()
    assert "nothing was moved" in err.getvalue()
    assert list(elsewhere.iterdir()) == []
