"""Every phrase with a count or a date in it, in one place and ready for translation.

Two rules make that possible. A phrase with a count is one function with a whole sentence for
the singular and one for the plural, chosen by the gettext catalog (so a language with
other plural forms only needs a catalog); nothing is built by adding an "s". A date phrase is a
template with named parts (``"{day} {month} {year}"``), so a translation can reorder them; month
and weekday names are our own English tables, never ``strftime``, whose names follow whatever
locale the process happens to be in (Qt sets one) and would mix languages in one sentence.

Without a catalog installed, gettext returns the English given here.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, timedelta
from functools import cache

TRANSLATION_DOMAIN = "between-sessions"

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SHORT_MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def catalog() -> gettext.NullTranslations:
    """The installed catalog for our domain, looked up once per process.

    ``gettext.dgettext`` searches the disk for a catalog on every call (about 0.2 ms), and a
    list of thousands of rows asks for a phrase per row; :func:`catalog.cache_clear` makes the
    next phrase look again (after the language changes, say).
    """
    return gettext.translation(TRANSLATION_DOMAIN, fallback=True)


def _(message: str) -> str:
    return catalog().gettext(message)


def _count(singular: str, plural: str, count: int, **values: object) -> str:
    """The singular or plural sentence for ``count``, with ``{count}`` and ``values`` filled in."""
    template = catalog().ngettext(singular, plural, count)
    return template.format(count=count, **values)


# --------------------------------------------------------------------------- counts


def entries(count: int, *, grouped: bool = False) -> str:
    """``1 entry``, ``2 entries`` (``12,000 entries`` with ``grouped``)."""
    shown = f"{count:,}" if grouped else str(count)
    return _count("{shown} entry", "{shown} entries", count, shown=shown)


def backups_now_use_the_new_key(count: int) -> str:
    return _count(
        "{count} backup in its backups folder now uses the new key.",
        "{count} backups in its backups folder now use the new key.",
        count,
    )


def old_backups_were_deleted(count: int) -> str:
    return _count("{count} old backup was deleted.", "{count} old backups were deleted.", count)


def pages(count: int) -> str:
    return _count("{count} page", "{count} pages", count)


def articles(count: int) -> str:
    return _count("{count} article", "{count} articles", count)


def bundled_articles(count: int) -> str:
    return _count("{count} bundled article", "{count} bundled articles", count)


def linked_articles(count: int) -> str:
    return _count("{count} linked article", "{count} linked articles", count)


def open_questions(count: int) -> str:
    return _count("{count} open question", "{count} open questions", count)


def blocks(count: int) -> str:
    """Emotional blocks: ``1 block``, ``3 blocks``."""
    return _count("{count} block", "{count} blocks", count)


def check_ins(count: int) -> str:
    return _count("{count} check-in", "{count} check-ins", count)


def thought_records(count: int) -> str:
    return _count("{count} thought record", "{count} thought records", count)


def in_the_last_weeks(count: int) -> str:
    return _count("In the last {count} week", "In the last {count} weeks", count)


def reader_comments(count: int) -> str:
    return _count("{count} reader comment", "{count} reader comments", count)


def comments(count: int) -> str:
    return _count("{count} comment", "{count} comments", count)


def private_entries_left_out(count: int) -> str:
    return _count(
        "{count} private entry was left out", "{count} private entries were left out", count
    )


def private_entries_are_left_out(count: int) -> str:
    return _count(
        "{count} private entry is left out", "{count} private entries are left out", count
    )


def entries_were_copied(count: int) -> str:
    return _count("{count} entry was copied", "{count} entries were copied", count)


def were_already_in_the_journal(count: int) -> str:
    return _count(
        "{count} was already in the journal", "{count} were already in the journal", count
    )


def and_more(count: int) -> str:
    """The tail of a shortened list: ``and 1 more``, ``and 4 more``."""
    return _count("and {count} more", "and {count} more", count)


def show_more(count: int) -> str:
    """The button under a shortened list: ``Show 1 more``, ``Show 20 more``."""
    return _count("Show {count} more", "Show {count} more", count)


def not_shown_yet(count: int) -> str:
    """What that button says to a screen reader: ``1 more is not shown yet``."""
    return _count("{count} more is not shown yet", "{count} more are not shown yet", count)


def linked_from_entries(count: int) -> str:
    return _count("linked from {count} entry", "linked from {count} entries", count)


def these_entries(count: int) -> str:
    """What a confirmation calls the chosen entries: ``this entry``, ``these 3 entries``."""
    return _count("this entry", "these {count} entries", count)


def entries_link_here(count: int) -> str:
    """How many of the person's entries link to an article."""
    return _count("{count} of my entries links here", "{count} of my entries link here", count)


def entries_link_to_this_article(count: int) -> str:
    return _count(
        "{count} entry links to this article", "{count} entries link to this article", count
    )


def article_files_unreadable(count: int) -> str:
    return _count(
        "{count} article file could not be read.", "{count} article files could not be read.", count
    )


# --------------------------------------------------------------------------- names


def month_name(month: int) -> str:
    """``1`` → ``January``."""
    return _(MONTH_NAMES[month - 1])


def short_month_name(month: int) -> str:
    return _(SHORT_MONTH_NAMES[month - 1])


def weekday_name(day: date) -> str:
    return _(WEEKDAY_NAMES[day.weekday()])


# --------------------------------------------------------------------------- dates


def long_date(day: date) -> str:
    """``1 December 2026``."""
    return _("{day} {month} {year}").format(day=day.day, month=month_name(day.month), year=day.year)


def long_date_with_weekday(day: date) -> str:
    """``Tuesday 1 December 2026``."""
    return _("{weekday} {day} {month} {year}").format(
        weekday=weekday_name(day), day=day.day, month=month_name(day.month), year=day.year
    )


def day_and_month(day: date) -> str:
    """``1 December``."""
    return _("{day} {month}").format(day=day.day, month=month_name(day.month))


def short_day_and_month(day: date) -> str:
    """``1 Dec``, for chart axes."""
    return _("{day} {month}").format(day=day.day, month=short_month_name(day.month))


def month_and_year(month: int, year: int) -> str:
    """``December 2026``."""
    return _("{month} {year}").format(month=month_name(month), year=year)


def local_long_date(moment: datetime) -> str:
    """``27 November 2026``: the day ``moment`` falls on in local time."""
    return long_date(moment.astimezone().date())


def local_long_date_with_weekday(moment: datetime) -> str:
    return long_date_with_weekday(moment.astimezone().date())


def clock_time(moment: datetime) -> str:
    """``21:05`` in local time."""
    local = moment.astimezone()
    return f"{local.hour:02d}:{local.minute:02d}"


def date_range(first: date | None, last: date | None) -> str:
    """``3 – 28 March 2026``, ``28 February – 3 March 2026``, or one day; "" without both ends."""
    if first is None or last is None:
        return ""
    if first == last:
        return long_date(first)
    if first.year != last.year:
        return _("{first} – {last}").format(first=long_date(first), last=long_date(last))
    if first.month != last.month:
        return _("{first} – {last}").format(first=day_and_month(first), last=long_date(last))
    return _("{first} – {last}").format(first=first.day, last=long_date(last))


def published_date(published: str) -> str:
    """An article's date as written in its file: ``2009`` stays, ``2009-03`` → ``March 2009``,
    ``2009-03-04`` → ``4 March 2009``; anything else is returned as it is."""
    pieces = published.split("-")
    try:
        if len(pieces) == 2:
            return month_and_year(int(pieces[1]), int(pieces[0]))
        if len(pieces) == 3:
            return long_date(date(int(pieces[0]), int(pieces[1]), int(pieces[2])))
    except (ValueError, IndexError):
        pass
    return published


def relative_day(day: date, today: date) -> str:
    """``Today``, ``Yesterday``, ``Tuesday, 3 March``, or with the year when it isn't this one."""
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    if day.year == today.year:
        return _("{weekday}, {day} {month}").format(
            weekday=weekday_name(day), day=day.day, month=month_name(day.month)
        )
    return _("{weekday}, {day} {month} {year}").format(
        weekday=weekday_name(day), day=day.day, month=month_name(day.month), year=day.year
    )


def relative_moment(moment: datetime, now: datetime) -> str:
    """``today at 21:05``, ``yesterday at 08:10`` or ``Tuesday 3 March at 19:40`` (local time)."""
    local, today = moment.astimezone(), now.astimezone().date()
    clock = clock_time(local)
    if local.date() == today:
        return _("today at {time}").format(time=clock)
    if local.date() == today - timedelta(days=1):
        return _("yesterday at {time}").format(time=clock)
    return _("{weekday} {day} {month} at {time}").format(
        weekday=weekday_name(local.date()),
        day=local.day,
        month=month_name(local.month),
        time=clock,
    )


def days_ago(days: int) -> str:
    """``today``, ``yesterday``, ``3 days ago``."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return _count("{count} day ago", "{count} days ago", days)


# --------------------------------------------------------------------------- session prep


def since_your_session(day: date) -> str:
    """``Since your session on 24 November``: the span of session prep."""
    return _("Since your session on {day}").format(day=day_and_month(day))


def last_days_no_session_note(days: int) -> str:
    """``The last 30 days — you haven't written a session note yet``."""
    return _count(
        "The last {count} day — you haven't written a session note yet",
        "The last {count} days — you haven't written a session note yet",
        days,
    )


def last_days_session_before(days: int, session_day: date) -> str:
    """``The last 30 days (your last session was on 3 September)``."""
    return _count(
        "The last {count} day (your last session was on {day})",
        "The last {count} days (your last session was on {day})",
        days,
        day=long_date(session_day),
    )


def more_entries_in_span(count: int) -> str:
    """``and 120 earlier entries in this span``: what a bounded list leaves out."""
    return _count(
        "and {shown} earlier entry in this span",
        "and {shown} earlier entries in this span",
        count,
        shown=f"{count:,}",
    )


# --------------------------------------------------------------------------- import reports


def _things(kind: str, count: int) -> str:
    forms = {
        "photos": ("{shown} photo", "{shown} photos"),
        "audio": ("{shown} audio recording", "{shown} audio recordings"),
        "videos": ("{shown} video", "{shown} videos"),
        "pdfs": ("{shown} PDF attachment", "{shown} PDF attachments"),
    }[kind]
    return _count(forms[0], forms[1], count, shown=f"{count:,}")


def import_omission(kind: str, count: int, entries_affected: int) -> str:
    """What an import leaves out, as one sentence: ``kind`` is the importer's stable key."""
    n = entries_affected
    shown = f"{n:,}"
    in_entries = entries(n, grouped=True)
    if kind in ("photos", "audio", "videos", "pdfs"):
        things = _things(kind, count)
        if kind == "photos":
            return _(
                "{things} in {entries} will not come over: attachments can't be imported "
                "yet. The text around them is imported."
            ).format(things=things, entries=in_entries)
        return _("{things} in {entries} will not come over.").format(
            things=things, entries=in_entries
        )
    sentences: dict[str, tuple[str, str]] = {
        "stars": (
            "{n} starred entry will come over without its star: entries have no star yet.",
            "{n} starred entries will come over without their stars: entries have no star yet.",
        ),
        "location": (
            "The location on {n} entry will not come over.",
            "The location on {n} entries will not come over.",
        ),
        "weather": (
            "The weather on {n} entry will not come over.",
            "The weather on {n} entries will not come over.",
        ),
        "time-zone": (
            "{n} entry keeps its moment but not its own time zone.",
            "{n} entries keep their moment but not their own time zone.",
        ),
        "empty": (
            "{n} entry with no title and no text will be skipped.",
            "{n} entries with no title and no text will be skipped.",
        ),
        "unreadable": (
            "{n} file can't be read and will be skipped.",
            "{n} files can't be read and will be skipped.",
        ),
        "no-date": (
            "{n} file has no date anywhere; it will be skipped unless you choose to date it by "
            "its file time.",
            "{n} files have no date anywhere; they will be skipped unless you choose to date "
            "them by their file time.",
        ),
        "file-time": (
            "{n} file has no date anywhere and is dated by its file time.",
            "{n} files have no date anywhere and are dated by their file time.",
        ),
        "outside-link": (
            "{n} link to a file outside the folder will be skipped.",
            "{n} links to files outside the folder will be skipped.",
        ),
        "templates": (
            "{n} file is a template and will be skipped.",
            "{n} files are templates and will be skipped.",
        ),
        "stray-jrnl": (
            "{n} text file outside jrnl's YYYY/MM/DD.txt layout will be skipped, as jrnl itself "
            "skips it.",
            "{n} text files outside jrnl's YYYY/MM/DD.txt layout will be skipped, as jrnl itself "
            "skips them.",
        ),
        "tags-changed": (
            "Tags on {n} entry were adjusted to fit: commas and line breaks become spaces, a tag "
            "keeps at most 60 characters and an entry at most 50 tags.",
            "Tags on {n} entries were adjusted to fit: commas and line breaks become spaces, a "
            "tag keeps at most 60 characters and an entry at most 50 tags.",
        ),
        "not-markdown": (
            "{n} file in the folder is not Markdown or text and will be skipped.",
            "{n} files in the folder are not Markdown or text and will be skipped.",
        ),
    }
    singular, plural = sentences[kind]
    return _count(singular, plural, n, n=shown)


IMPORT_OMISSION_KINDS = (
    "photos", "audio", "videos", "pdfs", "stars", "location", "weather", "time-zone", "empty",
    "unreadable", "no-date", "file-time", "outside-link", "templates", "stray-jrnl",
    "tags-changed", "not-markdown",
)  # fmt: skip
