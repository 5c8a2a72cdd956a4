"""``journal-app --self-check``: prove this installation works, without touching anyone's journal.

Runs every native part the app depends on, end to end, in a throwaway folder that is always
removed: SQLCipher (a journal is created, written, searched and reopened), libsodium (Argon2id and
the key wrapping), the Markdown/nh3 article renderer on the bundled article, trafilatura on a tiny
saved web page, zxcvbn (through the app's passphrase rule), and the PDF exporter. It is what a
packager runs on a fresh build (``tools/build_app.py`` does) and what support can ask a person to
run.

Prints one line per step and then ``OK``, returning 0; on the first failure it prints one plain
line naming the step and returns 1. Qt is used only for the PDF step, through the exporter's PDF
writer (the one module outside ``ui/`` that imports it).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal_app import APP_NAME, __version__

BUNDLED_ARTICLE = "how-to-cry-in-therapy"
_PASSPHRASE = "self-check: a throwaway passphrase"
_SEARCH_WORD = "lighthouse"
_SAMPLE_PAGE = """<!DOCTYPE html><html><head><title>Sitting with silence</title>
<meta name="author" content="A. Writer"></head><body><nav>Home | About</nav>
<article><h1>Sitting with silence</h1>
<p>Silence in a session can feel enormous. Many people rush to fill it with words, jokes or
apologies, because a pause feels like a test they are failing.</p>
<p>Yet silence is often where the feeling arrives: the tears that were waiting, the sentence that
was too risky to say while everyone was busy talking.</p></article>
<footer>Copyright</footer></body></html>
"""

Say = Callable[[str], Any]


class SelfCheckFailed(Exception):
    """One step of the self-check went wrong; the message says which and why."""


def run_self_check(out: Say = print) -> int:
    """Run every check; returns 0 and prints ``OK`` when all pass, else 1 after one clear line."""
    from journal_app.hardening import protect_process

    protect_process()  # the throwaway journal's key is a secret like any other
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="between-sessions-self-check-"))
    step = "starting"
    try:
        out(f"{APP_NAME} {__version__} self-check")
        for step, check in (
            ("the encrypted journal", _check_journal),
            ("the article library", _check_library),
            ("reading a saved web page", _check_web_page),
            ("the passphrase strength meter", _check_passphrase_meter),
            ("writing a PDF", _check_pdf),
        ):
            detail = check(workdir)
            out(f"  {step}: {detail}")
    except Exception as error:  # noqa: BLE001 - any failure becomes one readable line
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        out(f"Self-check FAILED at {step}: {type(error).__name__}{': ' + reason if reason else ''}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out(f"  all checks passed in {time.perf_counter() - started:.1f} s")
    out("OK")
    return 0


def _check_journal(workdir: Path) -> str:
    from journal_app.domain import Entry, EntryKind, ReflectionDetails
    from journal_app.storage import MINIMUM_KDF, Vault

    folder = workdir / "journal"
    vault, _recovery_key = Vault.create(folder, _PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        cipher = str(vault.pragma("cipher_version") or "")
        if not cipher:
            raise SelfCheckFailed("the database library is not SQLCipher, so nothing is encrypted")
        saved = vault.entries.add(
            Entry.new(
                EntryKind.REFLECTION,
                title="Self-check",
                body=f"A quiet walk to the {_SEARCH_WORD} after the session.",
                details=ReflectionDetails(mood=6),
                tags=("self-check",),
            )
        )
    header = (folder / "journal.db").read_bytes()[:16]
    if header.startswith(b"SQLite format 3"):
        raise SelfCheckFailed("the journal was written unencrypted")
    with Vault.open(folder, _PASSPHRASE) as reopened:
        hits = reopened.search.entries(_SEARCH_WORD)
        if [hit.entry_id for hit in hits] != [saved.id]:
            raise SelfCheckFailed(
                f"searching for “{_SEARCH_WORD}” found {len(hits)} entries, not 1"
            )
        if reopened.entries.get(saved.id or 0).body != saved.body:
            raise SelfCheckFailed("the entry read back differs from the one written")
    return f"created, encrypted (SQLCipher {cipher}), written, reopened and searched"


def _check_library(_workdir: Path) -> str:
    from journal_app import paths
    from journal_app.library import Library, render_article_html

    # Only the bundled articles: the person's own article folder is none of our business here.
    library = Library(paths.resources_dir() / "articles")
    if library.problems:
        raise SelfCheckFailed(str(library.problems[0]))
    article = library.get(BUNDLED_ARTICLE)
    if article is None:
        raise SelfCheckFailed(f"the bundled article “{BUNDLED_ARTICLE}” is missing")
    page = render_article_html(article, "light")
    if article.title not in page or "<p>" not in page:
        raise SelfCheckFailed(f"“{article.title}” did not render as a page")
    from journal_app.domain import wording

    count = wording.bundled_articles(len(library))
    return f"{count}; “{article.title}” rendered ({len(page)} characters)"


def _check_web_page(workdir: Path) -> str:
    from journal_app.library.importing import article_from_file

    page = workdir / "sitting-with-silence.html"
    page.write_text(_SAMPLE_PAGE, encoding="utf-8")
    article = article_from_file(page)
    if "silence" not in article.body.lower():
        raise SelfCheckFailed("the main text of a saved web page was not found")
    return f"main text extracted (“{article.title}”)"


def _check_passphrase_meter(_workdir: Path) -> str:
    from journal_app.domain.passphrase import strength_hint

    score, _hint = strength_hint("correct horse battery staple lighthouse")
    if score < 3:
        raise SelfCheckFailed(f"a strong passphrase was scored {score} out of 4")
    return "working"


def _check_pdf(workdir: Path) -> str:
    """One entry through the app's own PDF exporter (the only Qt the self-check uses)."""
    from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
    from journal_app.exchange.pdf_writer import ensure_gui_application
    from journal_app.storage import Vault

    target = workdir / "self-check.pdf"
    application = ensure_gui_application()  # headless where there is no display
    with Vault.open(workdir / "journal", _PASSPHRASE) as vault:
        entry_ids = [summary.id for summary in vault.entries.summaries(limit=1)]
        options = ExportOptions(
            format=ExportFormat.PDF, scope=ExportScope.selected(entry_ids), include_private=True
        )
        result = export_journal(vault, options, target)
    del application  # kept until the file is written
    data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF"):
        raise SelfCheckFailed("the PDF writer produced no PDF")
    if result.page_count not in (None, 1):
        raise SelfCheckFailed(f"one entry became {result.page_count} pages")
    return f"{len(data) // 1024 or 1} KB PDF written (the journal's PDF exporter, 1 page)"
