"""The safety plan's own PDF (one page, read back with pypdf), and its absence from every
summary for a therapist."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest

from journal_app.domain.safety_plan import Contact, PlanStep, SafetyPlan
from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, PageSize, export_journal
from journal_app.exchange.safety_plan import PlanLayout, plan_html
from journal_app.exchange.safety_plan_pdf import write_plan_pdf
from journal_app.storage import Vault

MARKER = "plan-marker-9052"
A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)
A7_POINTS = (210, 297)


@pytest.fixture(autouse=True)
def _gui(qapp: object) -> object:
    """pytest-qt's QApplication: the PDF writer must not make a bare QGuiApplication first."""
    return qapp


def _plan(lines_per_step: int = 2) -> SafetyPlan:
    plan = SafetyPlan(
        ask_for_help=(Contact("Sam", "+44 7700 900123"),),
        professionals=(
            Contact("My therapist", "020 7946 0000", date(2026, 11, 2)),
            Contact("Night line", "0800 000 000"),
        ),
        reasons_for_living=("My niece",),
        reviewed_on=date(2026, 11, 2),
    )
    for step in PlanStep:
        if not step.has_contacts:
            lines = tuple(f"{MARKER} {step.name.lower()} {n}" for n in range(lines_per_step))
            plan = plan.with_items(step, lines)
    return plan


def _text(path: Path) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(str(path))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\t", " ").split()), reader


def _size(reader: pypdf.PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.parametrize(
    ("paper", "points"), [(PageSize.A4, A4_POINTS), (PageSize.LETTER, LETTER_POINTS)]
)
def test_the_plan_prints_on_one_page_with_every_step_in_order(
    tmp_path: Path, paper: PageSize, points: tuple[int, int]
) -> None:
    target = tmp_path / "plan.pdf"
    pages = write_plan_pdf(_plan(), target, page_size=paper, today=date(2026, 12, 1))
    text, reader = _text(target)
    assert pages == 1 and len(reader.pages) == 1
    assert _size(reader) == points
    positions = [text.find(f"{step.value}. {step.title}") for step in PlanStep]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert f"{MARKER} warning_signs 0" in text
    assert "Sam – +44 7700 900123" in text
    assert "Checked on 2 November 2026." in text
    assert "Not checked yet" in text
    assert "My reasons for living" in text and "My niece" in text
    assert "112 across Europe" in text and "cannot call anyone" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


def test_a_long_plan_shrinks_to_stay_on_one_page(tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    assert write_plan_pdf(_plan(lines_per_step=8), target) == 1
    text, _reader = _text(target)
    assert f"{MARKER} safer_surroundings 7" in text


def test_the_wallet_card_is_a_small_page(tmp_path: Path) -> None:
    target = tmp_path / "wallet.pdf"
    assert write_plan_pdf(_plan(lines_per_step=1), target, layout=PlanLayout.WALLET) == 1
    text, reader = _text(target)
    assert _size(reader) == A7_POINTS
    assert "People I can ask for help" in text


def test_plan_markup_escapes_the_users_words() -> None:
    plan = SafetyPlan(on_my_own=("<b>not bold</b> & more",))
    markup = plan_html(plan, date(2026, 12, 1))
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in markup
    assert markup.count("…") == 5  # empty steps leave a line to write on


@pytest.mark.parametrize("fmt", [ExportFormat.MARKDOWN, ExportFormat.HTML, ExportFormat.JSON])
def test_the_plan_is_never_in_the_summary_for_a_therapist(
    vault: Vault, month: object, out_dir: Path, fmt: ExportFormat
) -> None:
    vault.safety_plan.save(_plan())
    scope = ExportScope.date_range(
        datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    for options in (
        ExportOptions(fmt) if fmt is ExportFormat.JSON else ExportOptions(fmt, scope=scope),
        ExportOptions(fmt, include_private=True)
        if fmt is ExportFormat.JSON
        else ExportOptions(fmt, scope=scope, include_private=True, prep=True),
    ):
        target = out_dir / f"summary{fmt.suffix}"
        export_journal(vault, options, target)
        text = target.read_text(encoding="utf-8")
        assert MARKER not in text
        assert "7700 900123" not in text
