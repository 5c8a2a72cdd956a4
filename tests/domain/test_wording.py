"""Every count and date phrase: whole sentences chosen by count, dates from our own names."""

from __future__ import annotations

import ast
import gettext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal_app.domain import wording

PACKAGE = Path(__file__).resolve().parents[2] / "journal_app"


@pytest.mark.parametrize(
    ("phrase", "one", "two"),
    [
        (wording.entries, "1 entry", "2 entries"),
        (wording.pages, "1 page", "2 pages"),
        (wording.articles, "1 article", "2 articles"),
        (wording.bundled_articles, "1 bundled article", "2 bundled articles"),
        (wording.linked_articles, "1 linked article", "2 linked articles"),
        (wording.open_questions, "1 open question", "2 open questions"),
        (wording.blocks, "1 block", "2 blocks"),
        (wording.in_the_last_weeks, "In the last 1 week", "In the last 2 weeks"),
        (wording.reader_comments, "1 reader comment", "2 reader comments"),
        (wording.comments, "1 comment", "2 comments"),
        (
            wording.private_entries_left_out,
            "1 private entry was left out",
            "2 private entries were left out",
        ),
        (
            wording.private_entries_are_left_out,
            "1 private entry is left out",
            "2 private entries are left out",
        ),
        (wording.entries_were_copied, "1 entry was copied", "2 entries were copied"),
        (
            wording.were_already_in_the_journal,
            "1 was already in the journal",
            "2 were already in the journal",
        ),
        (wording.and_more, "and 1 more", "and 2 more"),
        (wording.show_more, "Show 1 more", "Show 2 more"),
        (wording.not_shown_yet, "1 more is not shown yet", "2 more are not shown yet"),
        (wording.linked_from_entries, "linked from 1 entry", "linked from 2 entries"),
        (wording.these_entries, "this entry", "these 2 entries"),
        (wording.entries_link_here, "1 of my entries links here", "2 of my entries link here"),
        (
            wording.entries_link_to_this_article,
            "1 entry links to this article",
            "2 entries link to this article",
        ),
        (
            wording.article_files_unreadable,
            "1 article file could not be read.",
            "2 article files could not be read.",
        ),
    ],
)
def test_count_phrases_have_a_singular_and_a_plural(phrase, one: str, two: str) -> None:
    assert phrase(1) == one
    assert phrase(2) == two
    assert phrase(0) == two.replace("2", "0", 1)


def test_large_counts_can_be_grouped() -> None:
    assert wording.entries(12000) == "12000 entries"
    assert wording.entries(12000, grouped=True) == "12,000 entries"


def test_dates() -> None:
    day = date(2026, 12, 1)
    assert wording.long_date(day) == "1 December 2026"
    assert wording.long_date_with_weekday(day) == "Tuesday 1 December 2026"
    assert wording.day_and_month(day) == "1 December"
    assert wording.short_day_and_month(day) == "1 Dec"
    assert wording.month_and_year(3, 2009) == "March 2009"
    assert [wording.month_name(m) for m in (1, 12)] == ["January", "December"]


def test_local_dates_and_times_follow_local_time() -> None:
    moment = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert wording.local_long_date(moment) == wording.long_date(local.date())
    assert wording.clock_time(moment) == f"{local.hour:02d}:{local.minute:02d}"


def test_date_ranges() -> None:
    assert wording.date_range(date(2026, 3, 3), date(2026, 3, 28)) == "3 – 28 March 2026"
    assert wording.date_range(date(2026, 2, 28), date(2026, 3, 3)) == "28 February – 3 March 2026"
    assert (
        wording.date_range(date(2025, 12, 30), date(2026, 1, 2))
        == "30 December 2025 – 2 January 2026"
    )
    assert wording.date_range(date(2026, 3, 3), date(2026, 3, 3)) == "3 March 2026"
    assert wording.date_range(None, date(2026, 3, 3)) == ""


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2012", "2012"),
        ("2009-03", "March 2009"),
        ("2012-01-05", "5 January 2012"),
        ("2012-13-05", "2012-13-05"),
        ("someday", "someday"),
    ],
)
def test_published_dates(written: str, shown: str) -> None:
    assert wording.published_date(written) == shown


def test_relative_days_and_moments() -> None:
    today = date(2026, 3, 5)
    assert wording.relative_day(today, today) == "Today"
    assert wording.relative_day(date(2026, 3, 4), today) == "Yesterday"
    assert wording.relative_day(date(2026, 3, 3), today) == "Tuesday, 3 March"
    assert wording.relative_day(date(2025, 3, 3), today) == "Monday, 3 March 2025"
    now = datetime(2026, 3, 5, 12, 0).astimezone()
    assert wording.relative_moment(now.replace(hour=9, minute=5), now) == "today at 09:05"
    assert wording.relative_moment(now - timedelta(days=1), now) == "yesterday at 12:00"
    assert wording.relative_moment(now - timedelta(days=2), now) == "Tuesday 3 March at 12:00"
    assert [wording.days_ago(n) for n in (0, 1, 5)] == ["today", "yesterday", "5 days ago"]


def test_names_ignore_the_process_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No strftime names: a German locale must not turn "March" into "März" mid-sentence."""
    import locale

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            previous = locale.setlocale(locale.LC_TIME)
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert wording.long_date_with_weekday(date(2026, 3, 3)) == "Tuesday 3 March 2026"
        finally:
            locale.setlocale(locale.LC_TIME, previous)


def test_a_translation_catalog_can_choose_other_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str, int]] = []

    class German(gettext.NullTranslations):
        def ngettext(self, singular: str, plural: str, n: int) -> str:
            calls.append((singular, plural, n))
            return "{shown} Einträge" if n != 1 else "{shown} Eintrag"

    monkeypatch.setattr(wording, "catalog", lambda: German())
    assert wording.entries(1) == "1 Eintrag"
    assert wording.entries(3) == "3 Einträge"
    assert calls[0] == ("{shown} entry", "{shown} entries", 1)


def test_phrases_look_for_the_catalog_once_not_on_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wording.catalog.cache_clear()
    searches: list[str] = []
    real_find = gettext.find

    def counting_find(domain: str, *args: object, **kwargs: object) -> object:
        searches.append(domain)
        return real_find(domain, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gettext, "find", counting_find)
    try:
        for count in range(200):
            wording.entries(count)
    finally:
        wording.catalog.cache_clear()
    assert searches == [wording.TRANSLATION_DOMAIN]


# Layers that take their phrases from wording (ui/ is switched over separately).
WORDING_LAYERS = ("cli", "domain", "exchange", "library", "storage", "ui")


def _string_parts(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


# "(s)" is left in a few places on purpose: article-file format errors meant for whoever writes an
# article file (``library/fileformat.py``, which its tests quote), and log lines (never shown).
PLURAL_SHORTCUTS_ALLOWED = {"library/fileformat.py", "storage/backups.py", "storage/maintenance.py"}


def _modules_that_use_wording() -> list[Path]:
    layers = [path for layer in WORDING_LAYERS for path in (PACKAGE / layer).rglob("*.py")]
    return sorted(PACKAGE.glob("*.py")) + sorted(layers)


def test_no_plural_is_built_by_adding_letters_outside_wording() -> None:
    built = ("'s' if", "'ies' if", "'y' if", "entr{")
    offenders = []
    for path in _modules_that_use_wording():
        name = str(path.relative_to(PACKAGE))
        if path.name == "wording.py":
            continue
        source = path.read_text(encoding="utf-8")
        offenders += [f"{name}: {mark}" for mark in built if mark in source]
        for line, text in _string_parts(path):
            if text in ("January", "%B", "%A", "%b"):
                offenders.append(f"{name}:{line}: month or weekday names")
            if "(s)" in text and name not in PLURAL_SHORTCUTS_ALLOWED:
                offenders.append(f"{name}:{line}: (s)")
    assert offenders == []
