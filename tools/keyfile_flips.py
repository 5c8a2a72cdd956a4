"""Flip single bytes of a journal's ``journal.key`` and count how each flip is reported.

For each of N seeded flips, a fresh journal copy gets one byte of its key file XOR-ed, and we try
(a) unlocking with the right passphrase, (b) unlocking with the right recovery key, (c) the
``check`` health check. Each flip lands in one bucket:

* ``harmless``: both secrets still open the journal and it checks healthy;
* ``named-damage``: at least one secret is refused with a damage message (never "wrong passphrase");
* ``blames-passphrase``: a right secret is refused as if it were wrong;
* ``silent-recovery-break``: the passphrase opens and ``check`` says healthy, but the recovery key
  no longer works;
* ``raw-error``: a right secret gives a raw Python error instead of a sentence;
* ``locked-out``: neither secret opens and nothing names an intact copy.

Run: ``PYTHONPATH=. python tools/keyfile_flips.py [--flips 20] [--seed 12] [--copy-too]``.
``damage-with-copy`` in the per-flip detail means the message pointed to an intact key file.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.errors import DamagedJournal, JournalError, WrongPassphrase
from journal_app.storage.recovery import check_journal_folder

PASSPHRASE = "correct horse battery staple"


def _try(action: object) -> str:
    try:
        action()  # type: ignore[operator]
    except WrongPassphrase:
        return "wrong"
    except DamagedJournal as error:
        return "damage-with-copy" if "copy" in str(error).lower() else "damage"
    except JournalError:
        return "damage"
    except Exception:  # noqa: BLE001 - a raw error is an outcome to count, not a crash here
        return "raw-error"
    return "ok"


def classify(folder: Path, recovery_key: str) -> str:
    by_passphrase = _try(lambda: Vault.open(folder, PASSPHRASE).close())
    by_recovery = _try(lambda: Vault.open_with_recovery_key(folder, recovery_key).close())

    def check() -> None:
        if check_journal_folder(folder, PASSPHRASE):
            raise DamagedJournal("check found problems")

    checked = _try(check)
    results = (by_passphrase, by_recovery)
    if "wrong" in results:
        return "blames-passphrase"
    if "raw-error" in results or checked == "raw-error":
        return "raw-error"
    if results == ("ok", "ok") and checked == "ok":
        return "harmless"
    if by_passphrase == "ok" and by_recovery != "ok" and checked == "ok":
        return "silent-recovery-break"
    if "ok" not in results and "damage-with-copy" not in results:
        return "locked-out"
    return "named-damage"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flips", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--copy-too",
        action="store_true",
        help="flip the same byte of the spare copy (journal.key.copy) too, and keep a backup",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as temporary:
        template = Path(temporary) / "template"
        vault, recovery_key = Vault.create(template, PASSPHRASE, kdf=MINIMUM_KDF)
        if args.copy_too:
            from journal_app.storage.backups import make_backup

            make_backup(vault)
        vault.close()
        size = (template / "journal.key").stat().st_size
        counts: Counter[str] = Counter()
        for number in range(args.flips):
            folder = Path(temporary) / f"flip-{number}"
            shutil.copytree(template, folder)
            offset = rng.randrange(size)
            data = bytearray((folder / "journal.key").read_bytes())
            data[offset] ^= 1 << rng.randrange(8)
            (folder / "journal.key").write_bytes(bytes(data))
            copy = folder / "journal.key.copy"
            if args.copy_too and copy.exists():
                copy.write_bytes(bytes(data))
            outcome = classify(folder, recovery_key)
            counts[outcome] += 1
            print(f"flip {number:2d} at byte {offset:4d}: {outcome}")
        print(dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
