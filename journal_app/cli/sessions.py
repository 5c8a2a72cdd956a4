"""``journal-app sessions``: my therapy appointments from a terminal (add, list, next, change).

Times are local wall-clock times (``2026-12-10 17:00``). Output names dates, times, ids and the
therapist's name; nothing from the journal's entries.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from journal_app.cli.console import COMMAND_LINE_IS_VISIBLE, EXIT_OK, Console
from journal_app.cli.opening import open_vault, parse_day
from journal_app.cli.parsers import CommandParsers


def _at(text: str) -> datetime:
    from journal_app.domain.appointments import parse_when

    try:
        return parse_when(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def command_add(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain.appointments import Appointment, Recurrence

    recurrence = Recurrence.parse(args.every or "none")
    with open_vault(args, console) as vault:
        saved = vault.appointments.add(
            Appointment(args.at, recurrence, (args.therapist or "").strip())
        )
    console.say(f"Saved appointment {saved.id}: {_describe(saved)}.")
    return EXIT_OK


def _describe(appointment: Any) -> str:
    from journal_app.domain.appointments import Recurrence, Session, session_when

    when = session_when(Session(appointment.starts_at))
    if appointment.recurrence is not Recurrence.NONE:
        when = f"{appointment.recurrence.label.lower()} from {when}"
    if appointment.therapist:
        when += f" with {appointment.therapist}"
    if appointment.cancelled_from is not None:
        when += f" (cancelled from {appointment.cancelled_from.isoformat()})"
    return when


def _session_json(session: Any) -> dict[str, Any]:
    return {
        "appointment": session.appointment_id,
        "at": session.starts_at.isoformat(timespec="minutes"),
        "planned_day": session.planned_day.isoformat() if session.planned_day else None,
        "with": session.therapist,
    }


def command_list(args: argparse.Namespace, console: Console) -> int:
    now = datetime.now()
    with open_vault(args, console) as vault:
        appointments = vault.appointments.all()
        upcoming = vault.appointments.upcoming(now, days=args.days)
    if args.json:
        document = {
            "appointments": [
                {
                    "id": a.id,
                    "starts_at": a.starts_at.isoformat(timespec="minutes"),
                    "every": a.recurrence.value,
                    "with": a.therapist,
                    "skipped": sorted(day.isoformat() for day in a.skipped),
                    "moved": {
                        day.isoformat(): to.isoformat(timespec="minutes")
                        for day, to in sorted(a.moved.items())
                    },
                    "cancelled_from": a.cancelled_from.isoformat() if a.cancelled_from else None,
                }
                for a in appointments
            ],
            "upcoming": [_session_json(s) for s in upcoming],
        }
        console.say(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not appointments:
        console.say(
            'No appointments yet. Add one with: journal-app sessions add --at "2026-12-10 17:00"'
        )
        return EXIT_OK
    for appointment in appointments:
        console.say(f"{appointment.id:>4}  {_describe(appointment)}")
    console.say()
    console.say(
        f"Sessions in the next {args.days} days:"
        if upcoming
        else f"No sessions in the next {args.days} days."
    )
    for session in upcoming:
        console.say(f"      {_when(session)}  (appointment {session.appointment_id})")
    return EXIT_OK


def _when(session: Any) -> str:
    from journal_app.domain.appointments import session_when

    text: str = session_when(session)
    return f"{text} with {session.therapist}" if session.therapist else text


def command_next(args: argparse.Namespace, console: Console) -> int:
    with open_vault(args, console) as vault:
        upcoming = vault.appointments.next()
    if upcoming is None:
        console.say("No next session on the calendar.")
    else:
        console.say(f"Next session: {_when(upcoming)}.")
    return EXIT_OK


def command_skip(args: argparse.Namespace, console: Console) -> int:
    with open_vault(args, console) as vault:
        vault.appointments.skip(args.id, args.on)
    console.say(f"Skipped the session of {args.on.isoformat()} (appointment {args.id}).")
    return EXIT_OK


def command_move(args: argparse.Namespace, console: Console) -> int:
    with open_vault(args, console) as vault:
        vault.appointments.move(args.id, args.planned, args.to)
    console.say(
        f"Moved the session of {args.planned.isoformat()} to "
        f"{args.to.isoformat(sep=' ', timespec='minutes')} (appointment {args.id})."
    )
    return EXIT_OK


def command_cancel(args: argparse.Namespace, console: Console) -> int:
    from_day = args.since or datetime.now().date()
    with open_vault(args, console) as vault:
        vault.appointments.cancel(args.id, from_day)
    console.say(f"Cancelled appointment {args.id} from {from_day.isoformat()} on.")
    return EXIT_OK


def add_commands(commands: CommandParsers) -> None:
    verbs = commands.group(
        "sessions",
        title="what to do",
        metavar="ACTION",
        help="your therapy appointments: add, list, next, skip, move, cancel",
        description="Your therapy appointments, kept inside the encrypted journal.",
    )
    add = verbs.add(
        "add",
        command_add,
        writes=True,
        help="add an appointment (once, or repeating)",
        epilog=f"Privacy: {COMMAND_LINE_IS_VISIBLE}",
    )
    add.add_argument("--at", required=True, type=_at, metavar="WHEN", help='"2026-12-10 17:00"')
    add.add_argument("--every", metavar="REPEAT", help="1w (weekly), 2w or 1m (monthly)")
    add.add_argument("--with", dest="therapist", metavar="NAME", help="the therapist's name")

    listing = verbs.add("list", command_list, help="appointments and coming sessions")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument("--days", type=int, default=60, help="how far ahead (default 60)")

    verbs.add("next", command_next, help="the next session")

    skip = verbs.add("skip", command_skip, writes=True, help="skip one session of an appointment")
    skip.add_argument("id", type=int, help="the appointment (see sessions list)")
    skip.add_argument("--on", required=True, type=parse_day, metavar="DATE", help="its day")

    move = verbs.add("move", command_move, writes=True, help="move one session of an appointment")
    move.add_argument("id", type=int, help="the appointment (see sessions list)")
    move.add_argument(
        "--from",
        dest="planned",
        required=True,
        type=parse_day,
        metavar="DATE",
        help="the day it was planned for",
    )
    move.add_argument("--to", required=True, type=_at, metavar="WHEN", help='"2026-12-11 09:00"')

    cancel = verbs.add("cancel", command_cancel, writes=True, help="stop an appointment")
    cancel.add_argument("id", type=int, help="the appointment (see sessions list)")
    cancel.add_argument("--since", type=parse_day, metavar="DATE", help="from this day (today)")
