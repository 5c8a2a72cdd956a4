"""My safety plan as a printable card: the markup the plan's PDF writer lays out.

Qt-free; ``safety_plan_pdf`` paints it. The plan is exported only on its own, when asked for,
and is never part of the summary for a therapist.
"""

from __future__ import annotations

import enum
import html
from datetime import date

from journal_app.domain import wording
from journal_app.domain.safety_plan import (
    APP_CANNOT_CALL,
    EMERGENCY_GUIDANCE,
    REASONS_TITLE,
    PlanStep,
    SafetyPlan,
    checked_wording,
)

PLAN_TITLE = "My safety plan"


class PlanLayout(enum.StrEnum):
    """A one-page card on the chosen paper, or a small card for a wallet (A7, folded once)."""

    PAGE = "page"
    WALLET = "wallet"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _day(day: date) -> str:
    return wording.long_date(day)


def plan_html(plan: SafetyPlan, today: date) -> str:
    """The whole plan, steps in order; a step left empty shows a line to write on."""
    parts = [f'<p class="title">{_esc(PLAN_TITLE)}</p>']
    if plan.reviewed_on is not None:
        parts.append(f'<p class="when">Last reviewed on {_esc(_day(plan.reviewed_on))}.</p>')
    for step in PlanStep:
        parts.append(f'<p class="step">{step.value}. {_esc(step.title)}</p>')
        if step.has_contacts:
            contacts = plan.contacts(step)
            if not contacts:
                parts.append('<p class="empty">…</p>')
                continue
            items = []
            for contact in contacts:
                line = f"<b>{_esc(contact.name)}</b>" if contact.name else ""
                if contact.phone:
                    line += (" – " if line else "") + _esc(contact.phone)
                if step is PlanStep.PROFESSIONALS:
                    line += f' <span class="when">({_esc(checked_wording(contact, today))})</span>'
                items.append(f"<li>{line}</li>")
            parts.append("<ul>" + "".join(items) + "</ul>")
        else:
            lines = plan.items(step)
            if not lines:
                parts.append('<p class="empty">…</p>')
                continue
            parts.append("<ul>" + "".join(f"<li>{_esc(t)}</li>" for t in lines) + "</ul>")
    if plan.reasons_for_living:
        parts.append(f'<p class="step">{_esc(REASONS_TITLE)}</p>')
        parts.append(
            "<ul>" + "".join(f"<li>{_esc(t)}</li>" for t in plan.reasons_for_living) + "</ul>"
        )
    parts.append(f'<p class="guidance">{_esc(EMERGENCY_GUIDANCE)} {_esc(APP_CANNOT_CALL)}</p>')
    return "\n".join(parts)


# Headings are paragraphs with a class: Qt's rich text gives h1/h2 fixed large sizes that a
# style sheet can't shrink, and the card must scale as a whole to fit one page.
PLAN_STYLESHEET = """
p { margin: 0; }
.title { font-size: 16pt; font-weight: 600; margin-bottom: 3pt; }
.step { font-size: 12pt; font-weight: 600; margin-top: 8pt; margin-bottom: 1pt; }
ul { margin: 0; }
li { margin: 0; }
.when { color: #5f5a52; }
.empty { color: #8a8378; }
.guidance { margin-top: 10pt; color: #3d3a35; }
"""
