"""Rendering articles and journal Markdown to safe, offline HTML."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from journal_app import paths
from journal_app.library import (
    Article,
    ArticleMeta,
    Comment,
    Theme,
    parse_article,
    render_article_html,
    render_markdown,
)
from journal_app.library.render import _render_article_cached, sanitize_html

HOSTILE_MARKDOWN = """
# Title <script>alert(1)</script>

<script src="https://evil.example/x.js"></script>
<style>body { background: url(https://evil.example/bg.png) }</style>
<img src="https://evil.example/pixel.gif" alt="pixel">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
<iframe src="https://evil.example/frame"></iframe>
<link rel="stylesheet" href="https://evil.example/font.css">
<p onclick="steal()" style="background-image: url(https://evil.example/s.png)">Click</p>
<a href="javascript:alert(1)">js link</a>
<a href="https://example.org/page" onmouseover="x()">a real link</a>
<a href="#comment-c01" id="comment-c01">hijack</a>
![remote](https://evil.example/remote.png)
"""


def _bundled() -> Article:
    path = paths.resources_dir() / "articles/how-to-cry-in-therapy.md"
    return parse_article(path.read_text(encoding="utf-8"), path, "how-to-cry-in-therapy")


def _loads_anything_remote(page: str) -> bool:
    """Attributes and CSS that would make a viewer fetch something (links only load on click)."""
    return bool(
        re.search(r"""\b(?:src|srcset|background|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page)
        or re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", page)
        or re.search(r"@import|<link\b|@font-face", page)
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bundled_article_page_is_safe_and_offline(theme: str) -> None:
    page = render_article_html(_bundled(), theme)  # type: ignore[arg-type]
    assert "<script" not in page.lower()
    assert not _loads_anything_remote(page)
    assert "How to Cry in Therapy" in page
    assert "Ryan Howes, Ph.D., is a clinical psychologist" in page


def test_one_anchor_per_comment_for_scrolling_and_linking() -> None:
    article = _bundled()
    page = render_article_html(article)
    for comment in article.comments:
        assert page.count(f'<a name="comment-{comment.id}"></a>') == 1
        assert page.count(f'id="comment-{comment.id}"') == 1
    assert len(re.findall(r'<a name="comment-', page)) == len(article.comments)


def test_replies_are_nested_inside_a_blockquote_after_their_parent() -> None:
    article = _bundled()
    page = render_article_html(article)
    parent = page.index('id="comment-c14"')
    reply = page.index('id="comment-c15"')
    reply_to_reply = page.index('id="comment-c16"')
    assert parent < reply < reply_to_reply
    # The reply-to-a-reply sits two blockquotes deep.
    between = page[parent:reply_to_reply]
    assert between.count("<blockquote") == 2 and "</blockquote>" not in between


def test_comment_text_is_escaped_and_keeps_line_breaks() -> None:
    article = Article(
        slug="t",
        meta=ArticleMeta(title="T"),
        body="Body",
        comments=(Comment(id="c1", body="<b>not bold</b> *not em*\nsecond line\n\nnew para"),),
    )
    page = render_article_html(article)
    assert "&lt;b&gt;not bold&lt;/b&gt; *not em*<br>\nsecond line</p>" in page
    assert "<p>new para</p>" in page


def test_hostile_article_markdown_is_sanitised() -> None:
    article = Article(slug="evil", meta=ArticleMeta(title="Evil"), body=HOSTILE_MARKDOWN)
    page = render_article_html(article, "dark")
    lowered = page.lower()
    for bad in ("<script", "<iframe", "onclick", "onmouseover", "javascript:", "evil.example"):
        assert bad not in lowered
    assert not _loads_anything_remote(page)
    assert '<a href="https://example.org/page" rel="noopener noreferrer">a real link</a>' in page
    assert 'src="data:image/png;base64,' in page
    assert 'id="comment-c01"' not in page  # no hijacking of comment anchors


def test_render_markdown_gives_a_sanitised_fragment() -> None:
    fragment = render_markdown("Dear diary,\nthis is **hard**.\n\n- one\n- two")
    assert fragment.startswith("<p>Dear diary,<br>")
    assert "<strong>hard</strong>" in fragment
    assert "<li>one</li>" in fragment
    assert "<html" not in fragment
    hostile = render_markdown(HOSTILE_MARKDOWN)
    assert "<script" not in hostile and "evil.example" not in hostile
    assert render_markdown("") == ""


def test_sanitiser_keeps_plain_links_and_drops_data_links() -> None:
    cleaned = sanitize_html(
        '<a href="mailto:me@example.org">mail</a><a href="data:text/html,x">d</a>'
        '<a href="relative/page.html">rel</a>'
    )
    assert 'href="mailto:me@example.org"' in cleaned
    assert "data:text" not in cleaned and "relative/page" not in cleaned


def test_themes_change_colours() -> None:
    article = _bundled()
    light = render_article_html(article, "light")
    dark = render_article_html(article, "dark")
    custom = render_article_html(
        article, Theme("#000000", "#ffffff", "#555555", "#0000ee", "#eeeeee", "#cccccc")
    )
    assert light != dark != custom
    assert Theme.named("dark").background in dark
    assert "#0000ee" in custom


@pytest.mark.parametrize("bad", ["red; } body { background: url(https://x)", "#12345", "blue"])
def test_theme_accepts_only_hex_colours(bad: str) -> None:
    with pytest.raises(ValueError, match="must be a colour"):
        Theme(bad, "#ffffff", "#555555", "#0000ee", "#eeeeee", "#cccccc")


def test_unknown_theme_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        render_article_html(_bundled(), "sepia")  # type: ignore[arg-type]


def test_rendering_is_fast() -> None:
    article = _bundled()
    render_markdown("warm up")  # the first call loads Markdown's extensions
    uncached = min(
        _seconds(lambda: _render_article_cached.__wrapped__(article, Theme.named("dark")))
        for _ in range(5)
    )
    render_article_html(article, "light")
    cached = _seconds(lambda: render_article_html(article, "light"))
    assert uncached < 0.020, f"an uncached render took {uncached * 1000:.1f} ms"
    assert cached < 0.002, f"a cached render took {cached * 1000:.1f} ms"


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
