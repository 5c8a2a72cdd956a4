"""``journal-app export``: formats, privacy, scopes, and the usual exit codes."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pypdf
import pytest
from exchange_samples import PRIVATE_MARKER, fill_month

from journal_app.cli import EXIT_OK, EXIT_USAGE, EXIT_WRONG_PASSPHRASE, Console, main
from journal_app.storage import MINIMUM_KDF, Vault


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    vault, _ = Vault.create(folder, "pw", kdf=MINIMUM_KDF)
    with vault:
        fill_month(vault)
    return folder


def run(*argv: str, passphrase: str = "pw") -> tuple[int, str, str]:
    console = Console(io.StringIO(passphrase + "\n"), io.StringIO(), io.StringIO())
    code = main(list(argv), console)
    return code, console.stdout.getvalue(), console.stderr.getvalue()  # type: ignore[attr-defined]


def test_markdown_summary_between_dates(journal, tmp_path):
    out = tmp_path / "summary.md"
    code, said, errors = run(
        "export", "--journal", str(journal), "--format", "md", "--out", str(out),
        "--since", "2026-03-01", "--until", "2026-03-31", "--prep",
    )  # fmt: skip
    assert (code, errors) == (EXIT_OK, "")
    assert "Exported a summary (20 entries) to" in said
    assert "1 private entry was left out (add --include-private" in said
    assert "will not be encrypted" in said
    text = out.read_text(encoding="utf-8")
    assert "Before our session" in text and PRIVATE_MARKER not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_default_scope_is_since_the_last_session(journal, tmp_path):
    out = tmp_path / "summary.html"
    code, said, _ = run("export", "--journal", str(journal), "--format", "html", "--out", str(out))
    assert code == EXIT_OK and "(5 entries)" in said
    assert "Since my session on 23 March 2026" in out.read_text(encoding="utf-8")


def test_kind_and_tag_options(journal, tmp_path):
    out = tmp_path / "blocks.md"
    code, said, _ = run(
        "export", "--journal", str(journal), "--format", "markdown", "--out", str(out),
        "--kind", "emotional-block", "--tag", "family",
    )  # fmt: skip
    assert code == EXIT_OK and "(3 entries)" in said


def test_json_needs_include_private_for_private_entries(journal, tmp_path):
    out = tmp_path / "journal.json"
    code, said, _ = run("export", "--journal", str(journal), "--format", "json", "--out", str(out))
    assert code == EXIT_OK and "the complete journal (20 entries)" in said
    assert PRIVATE_MARKER not in out.read_text(encoding="utf-8")
    code, said, _ = run(
        "export", "--journal", str(journal), "--format", "json", "--out", str(out),
        "--include-private",
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == EXIT_OK and len(data["entries"]) == 21 and data["includes_private"]


def test_json_refuses_scope_options(journal, tmp_path):
    code, _, errors = run(
        "export", "--journal", str(journal), "--format", "json", "--out", str(tmp_path / "j.json"),
        "--since", "2026-03-01",
    )  # fmt: skip
    assert code == EXIT_USAGE and "complete journal" in errors
    assert not (tmp_path / "j.json").exists()


def test_pdf_from_the_command_line(journal, tmp_path, qapp):  # noqa: ANN001
    out = tmp_path / "summary.pdf"
    code, said, errors = run(
        "export", "--journal", str(journal), "--format", "pdf", "--out", str(out),
        "--since", "2026-03-01", "--include-private",
    )  # fmt: skip
    assert (code, errors) == (EXIT_OK, "")
    reader = pypdf.PdfReader(str(out))
    assert f"{len(reader.pages)} pages" in said
    text = "".join(page.extract_text() for page in reader.pages)
    assert PRIVATE_MARKER in text.replace("\t", " ")


def test_wrong_passphrase_and_bad_values(journal, tmp_path):
    out = tmp_path / "x.md"
    code, _, errors = run(
        "export", "--journal", str(journal), "--format", "md", "--out", str(out), passphrase="no"
    )
    assert code == EXIT_WRONG_PASSPHRASE and not out.exists()
    code, _, errors = run(
        "export", "--journal", str(journal), "--format", "docx", "--out", str(out)
    )
    assert code == EXIT_USAGE and "Unknown export format" in errors
    code, _, errors = run(
        "export",
        "--journal",
        str(journal),
        "--format",
        "md",
        "--out",
        str(tmp_path / "no" / "x.md"),
    )
    assert code == 1 and "does not exist" in errors
