"""The summary as Markdown and as HTML: one layout for the web page, the PDF and the printout.

``write_markdown`` and ``write_html`` stream to any ``write(str)`` callable, an entry at a time.
The HTML is self-contained: styles are inline in the page and nothing is fetched from anywhere;
entry bodies pass through the library's sanitising Markdown renderer. ``summary_html_parts``
yields the same markup without the page shell for the PDF writer, which styles it with
``QT_STYLESHEET`` (the subset of CSS Qt's rich-text engine understands).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from journal_app import APP_NAME
from journal_app.domain import wording
from journal_app.exchange.catalog import Citation
from journal_app.exchange.document import EntryView, ExportSummary, PrepSummary, QuestionView
from journal_app.exchange.options import CancelFlag
from journal_app.library.render import render_markdown

Write = Callable[[str], object]
EntryProgress = Callable[[int], None]

# Entry bodies sit under the entry's own heading (h3), so their headings start at h4.
_BODY_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


# The block user state that marks a "keep with next" paragraph in the markup for print.
KEEP_WITH_NEXT = 1
# A field this short ("Where  At work") reads better on one line than as label and value.
SHORT_FIELD = 44


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _lines(text: str) -> str:
    """Plain text as HTML with its line breaks kept."""
    return "<br>".join(_esc(line) for line in text.strip().split("\n"))


def body_html(markdown_text: str) -> str:
    rendered = render_markdown(markdown_text)
    return _BODY_HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 3)}", rendered)


def _count_text(summary: ExportSummary) -> str:
    return wording.entries(summary.entry_count)


# --------------------------------------------------------------------------- HTML


def _title_block_html(summary: ExportSummary) -> str:
    subtitle = f'<p class="range">{_esc(summary.subtitle)}</p>\n' if summary.subtitle else ""
    return (
        f'<p class="app">{_esc(APP_NAME)}</p>\n'
        f"<h1>{_esc(summary.heading)}</h1>\n"
        f"{subtitle}"
        f'<p class="prepared">{_count_text(summary)} &middot; prepared on '
        f"{_esc(summary.prepared_on)}</p>\n"
    )


def _prep_html(prep: PrepSummary) -> str:
    parts = ["<h2>Before our session</h2>\n"]
    parts.append("<h4>Questions I would like to ask</h4>\n")
    if prep.open_questions:
        parts.append('<ul class="questions">\n')
        for question in prep.open_questions:
            origin = f", in “{_esc(question.entry_title)}”" if question.entry_title else ""
            parts.append(
                f'<li>{_lines(question.text)} <span class="muted">(noted on '
                f"{_esc(question.asked_on)}{origin})</span></li>\n"
            )
        parts.append("</ul>\n")
    else:
        parts.append('<p class="muted">No open questions.</p>\n')

    parts.append("<h4>Emotional blocks since my last session</h4>\n")
    if prep.blocks:
        parts.append('<ul class="blocks">\n')
        for block in prep.blocks:
            what = f" {_esc(block.blocked)}." if block.blocked else ""
            helped = (
                f'<br><span class="muted">What helped:</span> {_lines(block.what_helped)}'
                if block.what_helped
                else ""
            )
            parts.append(
                f"<li><b>{_esc(block.when)}</b> &middot; {_esc(block.setting)}.{what} "
                f"Feeling {block.feeling_intensity}/10, block {block.block_intensity}/10."
                f"{helped}</li>\n"
            )
        parts.append("</ul>\n")
    else:
        parts.append('<p class="muted">None written down.</p>\n')

    if prep.thought_records:
        parts.append("<h4>Thought records since my last session</h4>\n")
        parts.append('<ul class="thought-records">\n')
        for record in prep.thought_records:
            lines = [f"<b>{_esc(record.when)}</b> &middot; {_esc(record.title)}"]
            for name, text in record.written_parts():
                lines.append(f'<span class="muted">{name}:</span> {_lines(text)}')
            parts.append(f"<li>{'<br>'.join(lines)}</li>\n")
        parts.append("</ul>\n")
    if prep.check_ins:
        parts.append("<h4>Check-ins since my last session</h4>\n")
        parts.append(f"<p>{_esc(prep.check_ins)}</p>\n")

    if prep.last_session_day:
        parts.append(f"<h4>Homework from my session on {_esc(prep.last_session_day)}</h4>\n")
        if prep.homework:
            parts.append(f"<p>{_lines(prep.homework)}</p>\n")
        else:
            parts.append('<p class="muted">No homework was noted.</p>\n')
    return "".join(parts)


def _question_html(question: QuestionView) -> str:
    status = (
        f"talked about on {_esc(question.resolved_on)}" if question.resolved_on else "still open"
    )
    return f'<li>{_lines(question.text)} <span class="muted">({status})</span></li>\n'


def _citation_html(citation: Citation) -> str:
    parts = []
    if citation.quote:
        parts.append(f'<blockquote class="quote"><p>“{_lines(citation.quote)}”</p></blockquote>\n')
    if citation.comment_text:
        who = f" by {_esc(citation.comment_author)}" if citation.comment_author else ""
        parts.append(
            f'<blockquote class="comment"><p><span class="muted">A reader’s comment{who}:'
            f"</span><br>{_lines(citation.comment_text)}</p></blockquote>\n"
        )
    source = ""
    if citation.source_url:
        url = _esc(citation.source_url)
        source = f'<br><span class="url"><a href="{url}">{url}</a></span>'
    parts.append(f'<p class="cite">{_esc(citation.reference())}{source}</p>\n')
    return "".join(parts)


def _keep(for_print: bool) -> str:
    """Attributes marking a paragraph that must share a page with the next one (pdf_writer).

    Qt's rich text turns ``-qt-user-state`` into the block's user state without touching the
    text, so copying from the PDF still gives whole words.
    """
    return f' style="-qt-user-state: {KEEP_WITH_NEXT}"' if for_print else ""


def _meta_line(entry: EntryView) -> str:
    meta = f"{_esc(entry.kind_label)} &middot; {_esc(entry.when)}"
    if entry.tags:
        meta += " &middot; Tags: " + ", ".join(_esc(tag) for tag in entry.tags)
    return meta


def entry_html(entry: EntryView, for_print: bool = False) -> str:
    parts = [
        f'<h3 class="entry">{_esc(entry.title)}</h3>\n'
        f'<p class="when"{_keep(for_print)}>{_meta_line(entry)}</p>\n'
    ]
    for label, value in entry.fields:
        if "\n" not in value and len(label) + len(value) <= SHORT_FIELD:
            parts.append(
                f'<p class="field"><span class="label">{_esc(label)}</span>'
                f"&nbsp;&nbsp;{_esc(value)}</p>\n"
            )
        else:
            parts.append(
                f'<p class="label"{_keep(for_print)}>{_esc(label)}</p>\n'
                f'<p class="field">{_lines(value)}</p>\n'
            )
    if entry.body:
        parts.append(f'<div class="body">\n{body_html(entry.body)}\n</div>\n')
    if entry.questions:
        parts.append(
            f'<p class="label"{_keep(for_print)}>Questions for my therapist</p>\n'
            '<ul class="questions">\n'
        )
        parts.extend(_question_html(question) for question in entry.questions)
        parts.append("</ul>\n")
    if entry.citations:
        parts.append(f'<p class="label"{_keep(for_print)}>Linked articles</p>\n')
        parts.extend(_citation_html(citation) for citation in entry.citations)
    parts.append('<hr class="between">\n')
    return "".join(parts)


def summary_html_parts(
    summary: ExportSummary,
    cancel: CancelFlag | None = None,
    progress: EntryProgress | None = None,
    *,
    for_print: bool = False,
) -> Iterator[str]:
    """The summary's markup (no ``<html>`` shell), a piece at a time.

    ``for_print`` marks the paragraphs that must not end a page, for the PDF writer.
    """
    yield _title_block_html(summary)
    if summary.prep is not None:
        yield _prep_html(summary.prep)
    if summary.entry_count:
        yield "<h2>Entries</h2>\n"
    else:
        yield '<p class="muted">There are no entries to show for this choice.</p>\n'
    for entry in summary.entries(cancel, progress):
        yield entry_html(entry, for_print)


# Calm, print-friendly and readable on a screen; no web fonts, nothing external.
BROWSER_STYLESHEET = """
body { font-family: Charter, "Iowan Old Style", Georgia, "Noto Serif", "DejaVu Serif", serif;
  font-size: 11.5pt; line-height: 1.55; color: #24211d; background: #fdfcf9;
  max-width: 38em; margin: 2.5em auto; padding: 0 1.25em; }
p, li, blockquote { unicode-bidi: plaintext; }
h1, h2, h3, h4, .app, .label, .when, .cite, .prepared {
  font-family: "Source Sans 3", "Segoe UI", "Helvetica Neue", "DejaVu Sans", sans-serif; }
.app { color: #7a746a; font-size: 9.5pt; letter-spacing: 0.08em; text-transform: uppercase;
  margin: 0; }
h1 { font-size: 22pt; font-weight: 600; margin: 0.15em 0 0.1em; }
.range { font-size: 13pt; margin: 0; }
.prepared { color: #6b655c; font-size: 9.5pt; margin: 0.3em 0 2em; }
h2 { font-size: 14pt; font-weight: 600; color: #3d5a56; border-bottom: 1px solid #d9d4ca;
  padding-bottom: 0.2em; margin: 2em 0 0.8em; }
h3.entry { font-size: 13pt; font-weight: 600; margin: 1.6em 0 0.1em; line-height: 1.3; }
.when { font-size: 9.5pt; color: #6b655c; margin-bottom: 0.9em; }
h4 { font-size: 11pt; font-weight: 600; margin: 1.2em 0 0.4em; }
h5, h6 { font-size: 11pt; margin: 1em 0 0.3em; }
p { margin: 0 0 0.7em; }
.field { margin-bottom: 0.6em; }
.label { font-size: 9pt; font-weight: 600; color: #3d5a56; letter-spacing: 0.03em; }
p.label { margin: 0 0 0.1em; }
.body { margin-top: 0.9em; }
.muted { color: #6b655c; }
ul { padding-left: 1.3em; margin: 0 0 0.8em; }
li { margin-bottom: 0.35em; }
blockquote { margin: 0.4em 0 0.3em 1em; padding-left: 0.9em; border-left: 2px solid #c9c2b5;
  color: #3a3631; }
blockquote.quote { font-style: italic; }
.cite { font-size: 9.5pt; color: #4e4941; margin: 0.2em 0 0.9em 1em; }
.url { color: #6b655c; word-break: break-all; }
a { color: #1f5fa8; }
hr.between { border: 0; border-top: 1px solid #e4dfd6; margin: 1.8em 0; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 9.5pt; }
@media print { body { background: white; margin: 0; max-width: none; }
  h3.entry, h4 { break-after: avoid; } p, li { orphans: 3; widows: 3; } }
"""

# The same look in the CSS subset QTextDocument supports (no borders on paragraphs, margins
# in pixels, fonts given by the writer as the document's default font).
QT_STYLESHEET = """
p { margin-top: 0px; margin-bottom: 7px; }
p, li { line-height: 135%; }
.app { color: #7a746a; font-size: 8pt; margin-bottom: 2px; }
h1 { font-size: 20pt; font-weight: 600; margin-top: 0px; margin-bottom: 2px; }
.range { font-size: 12.5pt; margin-bottom: 2px; }
.prepared { color: #6b655c; font-size: 9pt; margin-bottom: 20px; }
h2 { font-size: 13.5pt; font-weight: 600; color: #3d5a56; margin-top: 22px; margin-bottom: 8px; }
h3 { font-size: 12.5pt; font-weight: 600; margin-top: 6px; margin-bottom: 1px; }
.when { font-size: 9pt; color: #6b655c; margin-bottom: 10px; }
h4 { font-size: 10.5pt; font-weight: 600; margin-top: 12px; margin-bottom: 4px; }
h5, h6 { font-size: 10.5pt; font-weight: 600; margin-top: 10px; margin-bottom: 3px; }
.field { margin-bottom: 7px; }
.label { font-size: 8.5pt; font-weight: 600; color: #3d5a56; }
p.label { margin-top: 0px; margin-bottom: 1px; }
.muted { color: #6b655c; }
ul { margin-top: 0px; margin-bottom: 8px; }
li { margin-bottom: 3px; }
blockquote { margin-left: 18px; margin-right: 12px; margin-top: 3px; margin-bottom: 2px;
  color: #3a3631; }
blockquote.quote { font-style: italic; }
.cite { font-size: 8.5pt; color: #4e4941; margin-left: 18px; margin-bottom: 9px; }
.url { color: #6b655c; }
a[href] { color: #1f5fa8; text-decoration: none; }
hr { margin-top: 14px; margin-bottom: 14px; background-color: #ddd7cc; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
"""


def write_html(
    summary: ExportSummary,
    write: Write,
    cancel: CancelFlag | None = None,
    progress: EntryProgress | None = None,
) -> None:
    """A complete, self-contained web page."""
    title = summary.heading + (f": {summary.subtitle}" if summary.subtitle else "")
    write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing in this page may load anything, even if someone edits it later.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_esc(title)}</title>\n<style>{BROWSER_STYLESHEET}</style>\n</head>\n<body>\n"
    )
    for part in summary_html_parts(summary, cancel, progress):
        write(part)
    write("</body>\n</html>\n")


# --------------------------------------------------------------------------- Markdown


def _md_lines(text: str, indent: str = "") -> str:
    """Plain text whose line breaks survive Markdown (two spaces before each newline)."""
    return ("  \n" + indent).join(line.rstrip() for line in text.strip().split("\n"))


def demote_markdown_headings(text: str, levels: int = 3) -> str:
    """Push the body's own headings below the entry heading, leaving code blocks alone."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = _MARKDOWN_HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels), line)
        out.append(line)
    return "\n".join(out)


def _prep_markdown(prep: PrepSummary) -> str:
    parts = ["## Before our session\n\n", "#### Questions I would like to ask\n\n"]
    if prep.open_questions:
        for question in prep.open_questions:
            origin = f", in “{question.entry_title}”" if question.entry_title else ""
            text = _md_lines(question.text, "  ")
            parts.append(f"- {text} *(noted on {question.asked_on}{origin})*\n")
        parts.append("\n")
    else:
        parts.append("*No open questions.*\n\n")
    parts.append("#### Emotional blocks since my last session\n\n")
    if prep.blocks:
        for block in prep.blocks:
            what = f" {block.blocked}." if block.blocked else ""
            parts.append(
                f"- **{block.when}** · {block.setting}.{what} "
                f"Feeling {block.feeling_intensity}/10, block {block.block_intensity}/10."
            )
            if block.what_helped:
                parts.append(f"  \n  *What helped:* {_md_lines(block.what_helped, '  ')}")
            parts.append("\n")
        parts.append("\n")
    else:
        parts.append("*None written down.*\n\n")
    if prep.thought_records:
        parts.append("#### Thought records since my last session\n\n")
        for record in prep.thought_records:
            parts.append(f"- **{record.when}** · {record.title}\n")
            for name, text in record.written_parts():
                parts.append(f"  - {name}: {_md_lines(text)}\n")
        parts.append("\n")
    if prep.check_ins:
        parts.append(f"#### Check-ins since my last session\n\n{prep.check_ins}\n\n")

    if prep.last_session_day:
        parts.append(f"#### Homework from my session on {prep.last_session_day}\n\n")
        parts.append(
            f"{_md_lines(prep.homework)}\n\n" if prep.homework else "*No homework was noted.*\n\n"
        )
    return "".join(parts)


def _citation_markdown(citation: Citation) -> str:
    parts = []
    if citation.quote:
        parts.append("> “" + _md_lines(citation.quote, "> ") + "”\n>\n")
    if citation.comment_text:
        who = f" by {citation.comment_author}" if citation.comment_author else ""
        parts.append(f"> *A reader’s comment{who}:*  \n> " + _md_lines(citation.comment_text, "> "))
        parts.append("\n>\n")
    reference = citation.reference()
    if citation.source_url:
        reference += f"  \n> <{citation.source_url}>"
    parts.append(f"> — {reference}\n\n")
    return "".join(parts)


def entry_markdown(entry: EntryView) -> str:
    parts = [f"### {entry.title}\n\n*{entry.kind_label} · {entry.when}*\n\n"]
    for label, value in entry.fields:
        parts.append(f"**{label}:**  \n{_md_lines(value)}\n\n")
    if entry.body:
        parts.append(demote_markdown_headings(entry.body).rstrip() + "\n\n")
    if entry.questions:
        parts.append("**Questions for my therapist:**\n\n")
        for question in entry.questions:
            status = (
                f"talked about on {question.resolved_on}" if question.resolved_on else "still open"
            )
            parts.append(f"- {_md_lines(question.text, '  ')} *({status})*\n")
        parts.append("\n")
    if entry.citations:
        parts.append("**Linked articles:**\n\n")
        parts.extend(_citation_markdown(citation) for citation in entry.citations)
    if entry.tags:
        parts.append(f"*Tags: {', '.join(entry.tags)}*\n\n")
    parts.append("---\n\n")
    return "".join(parts)


def write_markdown(
    summary: ExportSummary,
    write: Write,
    cancel: CancelFlag | None = None,
    progress: EntryProgress | None = None,
) -> None:
    write(f"# {summary.heading}\n\n")
    if summary.subtitle:
        write(f"**{summary.subtitle}**  \n")
    write(f"*{_count_text(summary)} · prepared on {summary.prepared_on} with {APP_NAME}*\n\n")
    if summary.prep is not None:
        write(_prep_markdown(summary.prep))
    if summary.entry_count:
        write("## Entries\n\n")
    else:
        write("*There are no entries to show for this choice.*\n")
    for entry in summary.entries(cancel, progress):
        write(entry_markdown(entry))
