"""My safety plan as a printable card: the markup the plan's PDF writer lays out.

Qt-free; ``safety_plan_pdf`` paints it. The plan is exported only on its own, when asked for,
and is never part of the summary for a therapist.
"""

from __future__ import annotations

import enum
import html
from datetime import date

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
    return f"{day.day} {day:%B %Y}"


def plan_html(plan: SafetyPlan, today: date) -> str:
    """The whole plan, steps in order; a step left empty shows a line to write on."""
    parts = [f"<h1>{_esc(PLAN_TITLE)}</h1>"]
    if plan.reviewed_on is not None:
        parts.append(f'<p class="when">Last reviewed on {_esc(_day(plan.reviewed_on))}.</p>')
    for step in PlanStep:
        parts.append(f"<h2>{step.value}. {_esc(step.title)}</h2>")
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
        parts.append(f"<h2>{_esc(REASONS_TITLE)}</h2>")
        parts.append(
            "<ul>" + "".join(f"<li>{_esc(t)}</li>" for t in plan.reasons_for_living) + "</ul>"
        )
    parts.append(f'<p class="guidance">{_esc(EMERGENCY_GUIDANCE)} {_esc(APP_CANNOT_CALL)}</p>')
    return "\n".join(parts)


PLAN_STYLESHEET = """
h1 { font-size: 15pt; margin: 0 0 2pt 0; }
h2 { font-size: 10.5pt; margin: 7pt 0 1pt 0; }
ul { margin: 0 0 0 14pt; }
li { margin: 0; }
p { margin: 0; }
.when { color: #5f5a52; }
.empty { color: #8a8378; }
.guidance { margin-top: 10pt; color: #3d3a35; }
"""
