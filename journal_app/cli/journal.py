"""The journal itself from a terminal: ``init``, ``add``, ``list``, ``search`` and ``passwd``.

Thin clients of :class:`journal_app.storage.Vault`; each command imports only what it needs, when
it runs. Output names ids, dates, counts and files; errors never quote journal text.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from journal_app.cli.console import (
    COMMAND_LINE_IS_VISIBLE,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Console,
)
from journal_app.cli.opening import (
    existing_journal_folder,
    iso_local,
    journal_folder,
    open_vault,
    parse_day,
    start_of_local_day,
)
from journal_app.cli.parsers import CommandParsers

if TYPE_CHECKING:
    from journal_app.domain import EntrySummary
    from journal_app.storage import Vault


def command_init(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage import Vault

    folder = journal_folder(args)
    if Vault.exists(folder):
        raise CliError(f"There is already a journal in {folder}. Nothing was changed.")
    passphrase = _new_passphrase(console, "Choose a passphrase: ", "Nothing was created.")
    vault, recovery_key = Vault.create(folder, passphrase)
    vault.close()
    console.say(f"Created a new encrypted journal in {folder}.")
    console.say()
    console.say("Your recovery key (shown only this once):")
    console.say()
    console.say(f"    {recovery_key}")
    console.say()
    console.say("Write it down or print it and keep it somewhere safe. If you forget your")
    console.say("passphrase, this key is the only way back into your journal:")
    console.say(f"    journal-app passwd --journal {folder} --recovery-key")
    return EXIT_OK


def _new_passphrase(console: Console, prompt: str, unchanged: str) -> str:
    """A new passphrase that follows the one rule (shared with the app), with its strength hint.

    At a terminal it is typed twice and the hint is shown; from standard input, the hint is
    shown only when the passphrase would be easy to guess. ``unchanged`` ends every refusal.
    """
    from journal_app.domain.passphrase import WEAK_SCORE, passphrase_problem, strength_hint

    passphrase = console.read_secret(prompt)
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise CliError(f"{problem} {unchanged}")
    score, hint = strength_hint(passphrase)
    if console.stdin_is_terminal():
        print(hint, file=console.stderr)
        if console.read_secret("Type it again: ") != passphrase:
            raise CliError(f"The two passphrases were different. {unchanged}")
    elif score < WEAK_SCORE:
        print(f"journal-app: note: {hint}", file=console.stderr)
    return passphrase


def command_add(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import ArticleLink, Entry, EntryKind, Question

    kind = EntryKind.parse(args.kind)
    with open_vault(args, console) as vault:
        title, tags, questions, text = _entry_fields(args, console)
        links = tuple(ArticleLink(article_slug=slug) for slug in args.article)
        if links:
            _check_article_slugs(vault, [link.article_slug for link in links])
        occurred_at = start_of_local_day(args.date) + timedelta(hours=12) if args.date else None
        details = {"details": _details_from_file(kind, args.details)} if args.details else {}
        entry = Entry.new(
            kind,
            **details,
            title=title,
            body=text.rstrip("\n"),
            tags=tuple(tags),
            private=args.private,
            questions=tuple(Question(text=question) for question in questions),
            links=links,
            **({"occurred_at": occurred_at} if occurred_at else {}),
        )
        saved = vault.entries.add(entry)
    console.say(f"Saved entry {saved.id}.")
    return EXIT_OK


def _details_from_file(kind: Any, path: str) -> Any:
    """The kind's structured fields from a JSON file (the ``details`` object of the JSON format).

    Read from a file, never from the command line, which other programs on the computer can see.
    """

    from journal_app.domain import details_from_dict, validate_entry
    from journal_app.domain.entries import Entry
    from journal_app.domain.validation import ValidationError

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        details = details_from_dict(kind, data)
        validate_entry(Entry.new(kind, details=details))
    except OSError as error:
        raise CliError(f"Couldn't read the details file {path}: {error.strerror}.") from None
    except ValidationError as error:
        raise CliError(f"The details file {path} breaks a rule: {error.message}") from None
    except (ValueError, TypeError, KeyError):
        raise CliError(
            f"The details file {path} isn't a JSON object of the fields described in "
            "docs/json-format.md."
        ) from None
    return details


def _entry_fields(
    args: argparse.Namespace, console: Console
) -> tuple[str, list[str], list[str], str]:
    """Title, tags, questions and text: from the flags, else asked for (or read from stdin).

    With ``--ask``, or with no TEXT at a terminal, each field not given as a flag is asked for,
    in this order (the same order as lines of standard input): the title, the tags separated by
    commas, the questions one per line up to an empty line; then the text, to the end of input.
    """
    title: str = args.title or ""
    tags: list[str] = list(args.tag)
    questions: list[str] = list(args.question)
    if args.ask or (args.text is None and console.stdin_is_terminal()):
        if args.title is None:
            title = console.ask("Title (optional, Enter to skip): ").strip()
        if not tags:
            tags = split_tags(console.ask("Tags, separated by commas (optional): "))
        if not questions:
            questions = console.ask_lines(
                "Questions for your therapist, one per line (an empty line when done):"
            )
    if args.text is None or args.text == "-":
        text = console.read_rest("Write the entry. When you're done, press Ctrl-D on a new line.")
    else:
        text = args.text
    return title, tags, questions, text


def split_tags(line: str) -> list[str]:
    """``"tears, work"`` → ``["tears", "work"]``; empty pieces are dropped."""
    return [tag.strip() for tag in line.split(",") if tag.strip()]


def _asked_tags(args: argparse.Namespace, console: Console) -> list[str]:
    """The ``--tag`` filters, plus those asked for with ``--ask`` (after the passphrase)."""
    tags: list[str] = list(args.tag)
    if args.ask:
        tags += split_tags(console.ask("Only entries with these tags (separated by commas): "))
    return tags


def _check_article_slugs(vault: Vault, slugs: Sequence[str]) -> None:
    from journal_app.library import Library

    library = Library.load(vault)
    known = {article.slug for article in library.articles()}
    for slug in slugs:
        if slug not in known:
            raise CliError(
                f"There's no article called “{slug}”. Known articles: {', '.join(sorted(known))}."
            )


def _summary_json(summary: EntrySummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "kind": summary.kind.value,
        "title": summary.display_title,
        "occurred_at": iso_local(summary.occurred_at),
        "tags": list(summary.tags),
        "private": summary.private,
        "snippet": summary.snippet,
        "linked_articles": summary.link_count,
        "open_questions": summary.open_question_count,
    }


def command_list(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import EntryFilter, EntryKind, wording

    kinds = frozenset(EntryKind.parse(kind) for kind in args.kind)
    with open_vault(args, console) as vault:
        entry_filter = EntryFilter(
            kinds=kinds,
            tags=frozenset(_asked_tags(args, console)),
            since=start_of_local_day(args.since) if args.since else None,
            until=start_of_local_day(args.until + timedelta(days=1)) if args.until else None,
        )
        if args.on:  # one day's entries: the same as --since DAY --until DAY
            entry_filter = replace(
                entry_filter,
                since=start_of_local_day(args.on),
                until=start_of_local_day(args.on + timedelta(days=1)),
            )
        summaries = vault.entries.summaries(entry_filter, limit=args.limit)
    if args.json:
        console.say(json.dumps([_summary_json(s) for s in summaries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summaries:
        console.say("No entries match.")
    for summary in summaries:
        extras = []
        if summary.tags:
            extras.append(" ".join(f"#{tag}" for tag in summary.tags))
        if summary.link_count:
            extras.append(wording.linked_articles(summary.link_count))
        if summary.open_question_count:
            extras.append(wording.open_questions(summary.open_question_count))
        if summary.private:
            extras.append("private")
        day = summary.occurred_at.astimezone().date().isoformat()
        line = f"{summary.id:>6}  {day}  {summary.kind.label:<16} {summary.display_title}"
        console.say(line + (f"  ({'; '.join(extras)})" if extras else ""))
    return EXIT_OK


def command_search(args: argparse.Namespace, console: Console) -> int:
    from journal_app.storage import split_highlights, strip_highlights

    with open_vault(args, console) as vault:
        query = args.query
        if query is None or args.ask:
            query = console.ask("Search for: ")
        if not query.strip():
            raise CliError("There was nothing to search for.", EXIT_USAGE)
        hits = vault.search.entries(query, limit=args.limit)
    if args.json:
        results = []
        for hit in hits:
            highlights, position = [], 0
            for text, matched in split_highlights(hit.snippet):
                if matched:
                    highlights.append([position, position + len(text)])
                position += len(text)
            results.append(
                {
                    "id": hit.entry_id,
                    "kind": hit.kind.value,
                    "title": hit.display_title,
                    "occurred_at": iso_local(hit.occurred_at),
                    "snippet": strip_highlights(hit.snippet),
                    "highlights": highlights,
                }
            )
        console.say(json.dumps(results, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not hits:
        console.say("Nothing found.")
    for hit in hits:
        snippet = "".join(
            f"[{t}]" if matched else t for t, matched in split_highlights(hit.snippet)
        )
        day = hit.occurred_at.astimezone().date().isoformat()
        console.say(f"{hit.entry_id:>6}  {day}  {hit.display_title}")
        console.say(f"        {' '.join(snippet.split())}")
    return EXIT_OK


def _open_with_current_secret(args: argparse.Namespace, console: Console) -> Vault:
    """For changing the secrets: the current passphrase, or the recovery key with --recovery-key."""
    from journal_app.storage import Vault

    folder = existing_journal_folder(args)
    if args.recovery_key:
        return Vault.open_with_recovery_key(folder, console.read_secret("Recovery key: "))
    return Vault.open(folder, console.read_secret("Current passphrase: "))


def command_passwd(args: argparse.Namespace, console: Console) -> int:
    with _open_with_current_secret(args, console) as vault:
        new_passphrase = _new_passphrase(console, "New passphrase: ", "Nothing was changed.")
        vault.change_passphrase(new_passphrase)
    console.say("Your passphrase was changed. Your recovery key still works.")
    console.say(
        "Old backups and old copies of journal.key still open with the old passphrase; if "
        "someone may know it, run: journal-app rekey"
    )
    return EXIT_OK


def command_rekey(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.storage.rekey import OldBackups

    with _open_with_current_secret(args, console) as vault:
        new_passphrase = _new_passphrase(console, "New passphrase: ", "Nothing was changed.")
        old_backups = OldBackups.DELETE if args.delete_backups else OldBackups.REENCRYPT
        result = vault.rekey(new_passphrase, old_backups=old_backups)
    console.say("Your journal was re-keyed: the old passphrase, the old recovery key and old")
    console.say("copies of journal.key no longer open it.")
    if result.reencrypted:
        console.say(wording.backups_now_use_the_new_key(len(result.reencrypted)))
    if result.deleted:
        console.say(wording.old_backups_were_deleted(len(result.deleted)))
    for name in result.left_as_they_were:
        console.say(f"The backup {name} couldn't be opened with the journal's key; left as it was.")
    console.say("Backups you keep elsewhere still open with the old passphrase: delete them.")
    console.say()
    console.say("Your new recovery key (shown only this once; the old one no longer works):")
    console.say()
    console.say(f"    {result.recovery_key}")
    console.say()
    console.say("Write it down or print it and keep it somewhere safe.")
    return EXIT_OK


# Added to the help of every option that carries something a person wrote.
_VISIBLE = "; visible to other users, see Privacy below"


def add_commands(commands: CommandParsers) -> None:
    """Add ``init``, ``add``, ``list``, ``search`` and ``passwd`` to the sub-command parsers."""
    commands.add("init", command_init, help="create a new journal and show its recovery key")

    add = commands.add(
        "add",
        command_add,
        writes=True,
        help="write a new entry",
        description="Write a new entry. Leave out TEXT at a terminal to be asked for the title, "
        "tags, questions and text; or give --ask to read them from standard input, one per "
        "line after the passphrase: the title, the tags separated by commas, the questions up "
        "to an empty line, then the text to the end.",
        epilog=f"Privacy: {COMMAND_LINE_IS_VISIBLE}",
    )
    add.add_argument(
        "--kind",
        default="reflection",
        help="reflection (default), session (a session note), block (an emotional block), "
        "thought-record or check-in",
    )
    add.add_argument(
        "--details",
        metavar="FILE",
        help="a JSON file with the kind's fields (the entry's 'details' in docs/json-format.md)",
    )
    add.add_argument("--title", help=f"a short title{_VISIBLE}")
    add.add_argument(
        "--tag", action="append", default=[], help=f"a tag (repeat for more){_VISIBLE}"
    )
    add.add_argument(
        "--article", action="append", default=[], metavar="SLUG", help="link to an article"
    )
    add.add_argument(
        "--question",
        action="append",
        default=[],
        metavar="Q",
        help=f"a question for your therapist (repeat for more){_VISIBLE}",
    )
    add.add_argument("--private", action="store_true", help="never include in exports")
    add.add_argument("--date", type=parse_day, help="the day it happened (default: now)")
    add.add_argument(
        "--ask",
        action="store_true",
        help="ask for the title, tags and questions not given as options (or read them from "
        "standard input)",
    )
    add.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        help=f"the entry's text, or - (or nothing) to read standard input{_VISIBLE}",
    )

    listing = commands.add(
        "list",
        command_list,
        help="list entries, newest first",
        epilog=f"Privacy: {COMMAND_LINE_IS_VISIBLE}",
    )
    listing.add_argument("--since", type=parse_day, metavar="DATE")
    listing.add_argument("--until", type=parse_day, metavar="DATE", help="inclusive")
    listing.add_argument("--on", type=parse_day, metavar="DATE", help="only this day's entries")
    listing.add_argument("--kind", action="append", default=[])
    listing.add_argument("--tag", action="append", default=[], help=f"a tag{_VISIBLE}")
    listing.add_argument(
        "--ask", action="store_true", help="ask for the tags to show (or read a line of stdin)"
    )
    listing.add_argument("--limit", type=int, default=100_000)
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    search = commands.add(
        "search",
        command_search,
        help="search your entries",
        description="Search your entries. Leave out QUERY to be asked for it (or to read it "
        "from the line of standard input after the passphrase).",
        epilog=f"Privacy: {COMMAND_LINE_IS_VISIBLE}",
    )
    search.add_argument("query", metavar="QUERY", nargs="?", help=f"what to look for{_VISIBLE}")
    search.add_argument("--ask", action="store_true", help="ask for the query even if one is given")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="machine-readable output")

    passwd = commands.add(
        "passwd",
        command_passwd,
        writes=True,
        help="change the passphrase (old backups keep the old one; see rekey)",
        description="Change the passphrase. This is quick: the journal's key is wrapped again "
        "with the new passphrase, and the recovery key keeps working. It does not lock out "
        "the old passphrase everywhere: old backups and old copies of journal.key still open "
        "with it. If someone may know your passphrase, use journal-app rekey instead.",
    )
    passwd.add_argument(
        "--recovery-key",
        action="store_true",
        help="use the recovery key instead of the current passphrase",
    )

    rekey = commands.add(
        "rekey",
        command_rekey,
        writes=True,
        help="someone may know my passphrase: a new key, passphrase and recovery key",
        description="Re-encrypt the journal with a new key, a new passphrase and a new "
        "recovery key (printed once). The old passphrase, the old recovery key and old copies "
        "of journal.key stop working. Backups in the journal's backups folder are "
        "re-encrypted too (or deleted, with --delete-backups); backups kept elsewhere are not.",
    )
    rekey.add_argument(
        "--recovery-key",
        action="store_true",
        help="use the recovery key instead of the current passphrase",
    )
    rekey.add_argument(
        "--delete-backups",
        action="store_true",
        help="delete the old backups instead of re-encrypting them",
    )
