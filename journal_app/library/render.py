"""Markdown to safe, self-contained HTML for articles and journal entries.

Everything that comes from outside the app (article text, comments, a user's Markdown) passes
through ``nh3`` with a short allow-list: no scripts, no styles, no event handlers, and no
images or fonts loaded from anywhere. Links stay plain ``<a href>`` so the UI can open them in
the system browser when clicked. The page shell and its CSS are ours and kept simple enough
for ``QTextBrowser``'s rich-text engine: tables, blockquotes and margins, no flexbox, and
both ``<a name>`` and ``id`` anchors for every comment.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urlsplit

import markdown
import nh3

from journal_app.domain import wording
from journal_app.library.model import Article, Comment, comment_anchor

ThemeName = Literal["light", "dark"]

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class Theme:
    """Colours for a rendered page, as ``#rrggbb``. The UI builds one from the system palette."""

    text: str
    background: str
    muted: str
    link: str
    comment_background: str
    rule: str

    def __post_init__(self) -> None:
        # The colours go straight into our CSS, so only plain hex values are accepted.
        for name, value in vars(self).items():
            if not _COLOUR.match(value):
                raise ValueError(f"Theme.{name} must be a colour like #1a2b3c, not {value!r}")

    @classmethod
    def named(cls, name: ThemeName) -> Theme:
        if name == "dark":
            return cls("#e6e1d8", "#1e1f22", "#a29d94", "#8ab4f8", "#2a2c30", "#44464b")
        if name == "light":
            return cls("#24211d", "#fdfcf9", "#6b655c", "#1f5fa8", "#f2efe8", "#d9d4ca")
        raise ValueError(f"unknown theme {name!r}; use 'light', 'dark' or a Theme")


# --- sanitising -------------------------------------------------------------------------------

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "title"},
    "a": {"href", "name"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
_LINK_SCHEMES = ("http:", "https:", "mailto:")
# Pictures embedded in the page itself are fine; anything that would be fetched is not.
_INLINE_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)
_IMG_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_RESERVED_ANCHOR = re.compile(r"^comments?(?:-|$)")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        lowered = value.strip().lower()
        return value if lowered.startswith(("#", *_LINK_SCHEMES)) else None
    if attribute == "src":
        return value if _INLINE_IMAGE.match(value.strip()) else None
    if attribute in {"id", "name"} and _RESERVED_ANCHOR.match(value):
        # Article or entry text must not be able to hijack the anchors we give comments.
        return None
    return value


def sanitize_html(fragment: str) -> str:
    """Clean untrusted HTML down to the allow-list; nothing left in it reaches the network."""
    cleaned = nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An image whose source was refused would show as a broken picture; drop it instead.
    return _IMG_WITHOUT_SOURCE.sub("", cleaned)


# --- Markdown ---------------------------------------------------------------------------------

_ARTICLE_EXTENSIONS = ["extra", "sane_lists"]
# Journal entries are written like letters: a single line break should stay a line break.
_ENTRY_EXTENSIONS = ["extra", "sane_lists", "nl2br"]
_converters = threading.local()


def _convert(text: str, extensions: list[str]) -> str:
    # Building a Markdown instance costs more than converting a short text, so each thread
    # keeps one per configuration (instances are not thread-safe).
    key = "|".join(extensions)
    cache: dict[str, markdown.Markdown] = getattr(_converters, "cache", None) or {}
    _converters.cache = cache
    converter = cache.get(key)
    if converter is None:
        converter = cache[key] = markdown.Markdown(extensions=extensions, output_format="html")
    converter.reset()
    return str(converter.convert(text))


def render_markdown(text: str) -> str:
    """Render a user's Markdown (a journal entry body) to a sanitised HTML fragment."""
    return sanitize_html(_convert(text, _ENTRY_EXTENSIONS))


def render_article_body(text: str) -> str:
    """Render an article's Markdown text to a sanitised HTML fragment."""
    return sanitize_html(_convert(text, _ARTICLE_EXTENSIONS))


def plain_text_paragraphs(text: str) -> str:
    """A comment's plain text as HTML paragraphs, its line breaks kept, nothing interpreted."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip("\n")) if p.strip()]
    return "".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in p.split("\n")) + "</p>\n"
        for p in paragraphs
    )


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset("p div li br tr pre blockquote h1 h2 h3 h4 h5 h6".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def markdown_to_plain_text(text: str) -> str:
    """The readable text of a Markdown document, for search and snippets."""
    collector = _TextCollector()
    collector.feed(render_article_body(text))
    collector.close()
    return re.sub(r"\n\s*\n+", "\n\n", "".join(collector.parts)).strip()


# --- the article page -------------------------------------------------------------------------


def render_article_html(article: Article, theme: Theme | ThemeName = "light") -> str:
    """A complete, offline HTML page for an article and its comments.

    ``theme`` is ``"light"``, ``"dark"`` or a ``Theme`` built from the system palette. Pages are
    cached per article and theme, so showing an article again costs nothing.
    """
    resolved = theme if isinstance(theme, Theme) else Theme.named(theme)
    return _render_article_cached(article, resolved)


@functools.lru_cache(maxsize=32)
def _render_article_cached(article: Article, theme: Theme) -> str:
    meta = article.meta
    esc = html.escape
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        # Belt and braces for the exporters and any real browser: nothing may load.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{esc(meta.title)}</title>\n<style>{_css(theme)}</style></head>\n",
        f'<body bgcolor="{theme.background}" text="{theme.text}" link="{theme.link}">\n',
    ]
    if meta.blog:
        tagline = f" &middot; <i>{esc(meta.blog_tagline)}</i>" if meta.blog_tagline else ""
        parts.append(f'<p class="masthead">{esc(meta.blog)}{tagline}</p>\n')
    parts.append(f"<h1>{esc(meta.title)}</h1>\n")
    byline = [f"by {esc(meta.author)}"] if meta.author else []
    if meta.published:
        byline.append(esc(wording.published_date(meta.published)))
    if byline:
        parts.append(f'<p class="byline">{" &middot; ".join(byline)}</p>\n')
    parts.append(f'<div class="article">\n{render_article_body(article.body)}</div>\n')
    if meta.author_bio:
        parts.append(f'<p class="bio"><i>{esc(meta.author_bio)}</i></p>\n')
    if meta.source_url:
        parts.append(_source_line(meta.source_url))
    if article.comments:
        count = len(article.comments)
        parts.append(
            f'<h2 id="comments"><a name="comments"></a>{esc(wording.comments(count))}</h2>\n'
        )
        for comment in article.replies_to(None):
            parts.append(_comment_thread(article, comment, theme))
    parts.append("</body></html>\n")
    return "".join(parts)


def _comment_thread(article: Article, comment: Comment, theme: Theme) -> str:
    """A comment as a shaded one-cell table, its replies in a blockquote beneath it.

    QTextBrowser draws table backgrounds and indents blockquotes, and so does every browser, so
    the thread reads the same in the app and in an exported page.
    """
    anchor = comment_anchor(comment.id)
    heading = f"<h3>{html.escape(comment.heading)}</h3>\n" if comment.heading else ""
    author = f'<p class="who">{html.escape(comment.author)}</p>\n' if comment.author else ""
    # Inline attributes rather than class rules: QTextBrowser paints a cell's background and a
    # collapsed table border reliably only when they are given on the elements themselves.
    block = (
        f'<a name="{anchor}"></a>\n'
        f'<table class="comment" id="{anchor}" width="100%" border="1" '
        f'cellspacing="0" cellpadding="10" style="border-style: solid; '
        f'border-color: {theme.rule}; border-collapse: collapse; margin-top: 12px;">'
        f'<tr><td bgcolor="{theme.comment_background}">\n'
        f"{heading}{author}{plain_text_paragraphs(comment.body)}</td></tr></table>\n"
    )
    replies = article.replies_to(comment.id)
    if replies:
        inner = "".join(_comment_thread(article, reply, theme) for reply in replies)
        block += (
            '<blockquote class="replies" style="margin-top: 0; margin-bottom: 0; '
            f'margin-left: 28px; margin-right: 0;">\n{inner}</blockquote>\n'
        )
    return block


def _source_line(url: str) -> str:
    parsed = urlsplit(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return ""
    host = parsed.netloc.removeprefix("www.")
    return (
        f'<p class="source">Original page: <a href="{html.escape(url)}">'
        f"{html.escape(host)}</a></p>\n"
    )


def _css(theme: Theme) -> str:
    # Only properties QTextBrowser understands carry the layout; max-width is a bonus for
    # browsers (the app sets its own comfortable measure through the document width).
    return f"""
body {{ font-family: "Charter", "Iowan Old Style", "Georgia", "Noto Serif", "DejaVu Serif",
  serif; font-size: 12pt; line-height: 150%; color: {theme.text};
  background-color: {theme.background}; max-width: 36em; margin: 1.5em auto; padding: 0 1em; }}
a {{ color: {theme.link}; }}
h1 {{ font-size: 20pt; margin-top: 6px; margin-bottom: 4px; }}
h2 {{ font-size: 14pt; margin-top: 28px; margin-bottom: 10px; }}
h3 {{ font-size: 12pt; margin-top: 0; margin-bottom: 6px; }}
p {{ margin-top: 0; margin-bottom: 10px; }}
.masthead, .byline, .source {{ color: {theme.muted}; font-size: 10pt; }}
.bio {{ color: {theme.muted}; margin-top: 16px; }}
td p:last-child {{ margin-bottom: 0; }}
hr {{ color: {theme.rule}; }}
pre, code {{ font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: 10pt; }}
"""
