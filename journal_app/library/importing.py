"""Turn a file the user picked into an ``Article``: Markdown, plain text or a saved web page.

Nothing here stores anything; ``Library.import_file`` does that once the article is built, so
a file that fails here leaves the journal untouched. Saved web pages go through trafilatura,
which finds the main text and drops navigation, sidebars, comment forms and scripts.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

from journal_app.library.errors import ArticleFormatError, ArticleImportError
from journal_app.library.fileformat import FENCE, parse_article
from journal_app.library.model import PUBLISHED_PATTERN, Article, ArticleMeta, ArticleOrigin

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES
_MIN_WORDS = 5  # fewer than this is a page with nothing to read, not an article

_ATX_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")
_SIMPLE_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_INCOMPLETE_INSTALL = (
    "saved web pages can't be read because part of the app is missing from this installation. "
    "Reinstall Between Sessions (with pip 24 or newer, or: pip install lxml_html_clean)"
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)


def article_from_file(path: Path, taken_slugs: Collection[str] = ()) -> Article:
    """Read ``path`` and build an imported article with a slug not in ``taken_slugs``.

    Raises ``ArticleImportError`` with a reason a person can act on.
    """
    if not path.is_file():
        raise ArticleImportError(path, "it is not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleImportError(
            path,
            "this kind of file can't be added. Choose a Markdown (.md), text (.txt) "
            "or saved web page (.html) file.",
        )
    text = _decode(path, _read_limited(path))
    if suffix in HTML_SUFFIXES:
        article = _from_html(path, text)
    elif suffix in MARKDOWN_SUFFIXES:
        article = _from_markdown(path, text)
    else:
        article = _from_text(path, text)
    if len(re.findall(r"\w+", article.body)) < _MIN_WORDS and not article.comments:
        raise ArticleImportError(path, "there is no readable article text in it")
    slug = unique_slug(slugify(article.slug or article.title), taken_slugs)
    return Article(
        slug=slug,
        meta=article.meta,
        body=article.body,
        comments=article.comments,
        reflection_prompts=article.reflection_prompts,
        origin=ArticleOrigin.IMPORTED,
    )


def slugify(text: str) -> str:
    """A URL- and file-safe name: ``"Sitting With Silence"`` → ``sitting-with-silence``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0] if "-" in slug[:60] else slug[:60]
    return slug.strip("-") or "article"


def unique_slug(slug: str, taken: Collection[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… whichever is free."""
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


def _read_limited(path: Path) -> bytes:
    too_big = ArticleImportError(
        path, f"it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, too big to be an article"
    )
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise too_big
        with path.open("rb") as handle:
            # Read at most one byte past the limit, in case the file grew since stat().
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ArticleImportError(path, f"it could not be read ({reason})") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise too_big
    if not data.strip():
        raise ArticleImportError(path, "the file is empty")
    return data


def _decode(path: Path, data: bytes) -> str:
    binary = ArticleImportError(path, "it looks like a binary file, not text or a web page")
    if b"\x00" in data[:8192]:
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Older Windows editors save text as cp1252; such files are still worth reading.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise binary from None
    head = text[:8192]
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > len(head) / 100:
        raise binary
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_markdown(path: Path, text: str) -> Article:
    if text.startswith(FENCE + "\n"):
        # Someone sharing one of our own article files: take it whole, comments and all.
        try:
            return parse_article(text, path, default_slug=slugify(path.stem))
        except ArticleFormatError as error:
            raise ArticleImportError(path, error.reason) from None
    fields: dict[str, str] = {}
    front = _SIMPLE_FRONT_MATTER.match(text)
    if front:
        # Notes apps and static-site generators put "key: value" lines here; read the simple ones.
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                fields[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    title = fields.get("title")
    lines = text.strip("\n").split("\n")
    heading = _ATX_TITLE.match(lines[0]) if lines else None
    if heading and (title is None or heading.group(1).strip() == title):
        title = heading.group(1).strip()
        lines = lines[1:]
    return _article(
        title or _title_from_name(path),
        "\n".join(lines).strip("\n"),
        author=fields.get("author"),
        published=fields.get("date"),
    )


def _from_text(path: Path, text: str) -> Article:
    lines = text.strip("\n").split("\n")
    title = _title_from_name(path)
    # A short first line followed by a blank line reads as a title.
    if len(lines) > 2 and 0 < len(lines[0].strip()) <= 100 and not lines[1].strip():
        title, lines = lines[0].strip(), lines[2:]
    return _article(title, _escape_markdown("\n".join(lines).strip("\n")))


def _from_html(path: Path, page: str) -> Article:
    # Imported here, not at the top: trafilatura (and babel behind it) costs ~100 ms to load,
    # and only this rarely used path needs it. A missing piece of it (older pip leaves out
    # lxml's html_clean extra) is an incomplete install, said so, never a raw ImportError.
    try:
        import trafilatura
        import trafilatura.settings
    except ImportError:
        raise ArticleImportError(path, _INCOMPLETE_INSTALL) from None

    try:
        body = trafilatura.extract(
            page,
            output_format="markdown",
            include_comments=False,
            include_links=True,
            include_images=False,
            include_formatting=True,
            include_tables=True,
        )
        metadata = trafilatura.extract_metadata(page)
    except ImportError:
        raise ArticleImportError(path, _INCOMPLETE_INSTALL) from None
    except Exception as error:  # noqa: BLE001 - trafilatura raises many kinds on broken pages
        raise ArticleImportError(path, f"the page could not be read ({error})") from None
    if not body or not body.strip():
        raise ArticleImportError(path, "there is no readable article text in it")
    if metadata is None:
        metadata = trafilatura.settings.Document()
    title = metadata.title or _title_from_name(path)
    lines = body.strip("\n").split("\n")
    heading = _ATX_TITLE.match(lines[0]) if lines else None
    if heading and heading.group(1).strip().casefold() == title.casefold():
        lines = lines[1:]  # the page's own headline repeats the title we already show
    saved_from = _SAVED_FROM.search(page[:4096])
    source_url = metadata.url or (saved_from.group(1) if saved_from else None)
    tags = tuple(dict.fromkeys([*(metadata.categories or []), *(metadata.tags or [])]))
    return _article(
        title,
        "\n".join(lines).strip("\n"),
        author=metadata.author,
        published=metadata.date,
        blog=metadata.sitename,
        source_url=source_url,
        summary=metadata.description,
        tags=tags[:10],
    )


def _article(
    title: str,
    body: str,
    *,
    author: str | None = None,
    published: str | None = None,
    blog: str | None = None,
    source_url: str | None = None,
    summary: str | None = None,
    tags: tuple[str, ...] = (),
) -> Article:
    def clean(value: str | None) -> str | None:
        value = " ".join(value.split()) if value else None
        return value or None

    date = clean(published)
    meta = ArticleMeta(
        title=clean(title) or "Untitled article",
        blog=clean(blog),
        author=clean(author),
        # Keep only dates we can trust the shape of; a wrong date is worse than none.
        published=date[:10] if date and PUBLISHED_PATTERN.match(date[:10]) else None,
        source_url=clean(source_url) if source_url and source_url.startswith("http") else None,
        summary=clean(summary),
        tags=tuple(t for t in (clean(tag) for tag in tags) if t),
    )
    return Article(slug="", meta=meta, body=body, origin=ArticleOrigin.IMPORTED)


def _title_from_name(path: Path) -> str:
    return " ".join(re.split(r"[_\s-]+", path.stem)).strip().capitalize() or "Untitled article"


def _escape_markdown(text: str) -> str:
    """Plain text shown as written: Markdown punctuation escaped, HTML shown as text."""
    text = html.escape(text, quote=False)
    text = re.sub(r"([\\`*_\[\]{}#|!])", r"\\\1", text)
    # Line starts that Markdown reads as lists or quotes.
    text = re.sub(r"^([ \t]*)([-+])(?=\s)", r"\1\\\2", text, flags=re.MULTILINE)
    return re.sub(r"^([ \t]*\d+)\.(?=\s)", r"\1\\.", text, flags=re.MULTILINE)
