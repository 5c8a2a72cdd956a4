"""``journal-app plan``: my safety plan as a one-page PDF (or a wallet card), from a terminal.

The plan lives only inside the encrypted journal; this writes it to a file only when asked.
Messages name the file, never what the plan says.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from journal_app.cli.console import Console
from journal_app.cli.export import say_unencrypted_file_written
from journal_app.cli.opening import open_vault
from journal_app.cli.parsers import CommandParsers


def command_plan(args: argparse.Namespace, console: Console) -> int:
    from journal_app.domain import wording
    from journal_app.exchange import PageSize
    from journal_app.exchange.pdf_writer import ensure_gui_application, locale_page_size
    from journal_app.exchange.safety_plan import PlanLayout
    from journal_app.exchange.safety_plan_pdf import write_plan_pdf

    ensure_gui_application()  # fonts need a (headless) Qt application before any work
    page_size = PageSize(args.paper) if args.paper else locale_page_size()
    layout = PlanLayout.WALLET if args.wallet else PlanLayout.PAGE
    target = Path(args.out).expanduser()
    with open_vault(args, console) as vault:
        plan = vault.safety_plan.get()
    pages = write_plan_pdf(plan, target, page_size=page_size, layout=layout)
    size = "wallet card" if args.wallet else page_size.label
    report = [f"Wrote your safety plan ({size}, {wording.pages(pages)}) to {target.absolute()}."]
    if plan.is_empty:
        report.append(
            "Your plan is still empty, so the page has room to write on by hand. "
            "You can fill it in in the app (Help → My safety plan)."
        )
    return say_unencrypted_file_written(console, report)


def add_commands(commands: CommandParsers) -> None:
    plan = commands.add(
        "plan",
        command_plan,
        help="write your safety plan as a one-page PDF",
        description="Write your safety plan (kept inside the encrypted journal) as a PDF: one "
        "page on A4 or Letter, or a small wallet card. The file is not encrypted.",
    )
    plan.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    plan.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: your locale's)"
    )
    plan.add_argument("--wallet", action="store_true", help="a small card (A7) for a wallet")
