"""``journal-app add --kind thought-record|check-in --details FILE`` and ``list --kind``."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_journal import PW, journal, run_cli  # noqa: F401 - the journal fixture

from journal_app.domain import EntryKind, ThoughtRecordDetails
from journal_app.storage import Vault


def test_add_a_thought_record_and_a_check_in_from_details_files(
    journal: Path,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    record_file = tmp_path / "record.json"
    record_file.write_text(
        json.dumps(
            {
                "situation": "The meeting ran late",
                "moods": [{"name": "anxious", "strength": 70}],
                "automatic_thoughts": ["They think I'm slow"],
                "hot_thought": 0,
                "balanced_thought": "It ran late for everyone",
                "belief": 60,
                "moods_after": [{"name": "anxious", "strength": 40}],
                "thinking_traps": ["mind-reading"],
            }
        ),
        encoding="utf-8",
    )
    added = run_cli(
        "add", "--journal", str(journal), "--kind", "thought-record",
        "--details", str(record_file), "--title", "Meeting", "-",
        stdin=f"{PW}\n\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    check_in_file = tmp_path / "check-in.json"
    check_in_file.write_text(json.dumps({"feelings": ["calm"], "strength": 2}), encoding="utf-8")
    added = run_cli(
        "add", "--journal", str(journal), "--kind", "check-in",
        "--details", str(check_in_file), "-",
        stdin=f"{PW}\n\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr

    listed = run_cli(
        "list", "--journal", str(journal), "--json", "--kind", "thought-record",
        stdin=f"{PW}\n",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert [(row["kind"], row["title"]) for row in json.loads(listed.stdout)] == [
        ("thought-record", "Meeting")
    ]
    with Vault.open(journal, PW) as vault:
        (summary,) = vault.entries.summaries()[1:]
        entry = vault.entries.get(summary.id)
        assert entry.kind is EntryKind.THOUGHT_RECORD
        assert isinstance(entry.details, ThoughtRecordDetails)
        assert entry.details.mood_change_text() == "anxious 70% → 40%"


def test_a_details_file_that_breaks_a_rule_is_refused_and_nothing_is_saved(
    journal: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"belief": 140}), encoding="utf-8")
    result = run_cli(
        "add", "--journal", str(journal), "--kind", "thought-record", "--details", str(bad), "-",
        stdin=f"{PW}\n\n",
    )  # fmt: skip
    assert result.returncode != 0
    assert "0 and 100" in result.stderr
    with Vault.open(journal, PW) as vault:
        assert vault.entries.summaries() == []
