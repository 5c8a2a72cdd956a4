"""The article file format: read and write one article as a Markdown document.

The same text is used for bundled files in ``resources/articles/*.md``, for files the user puts
in their articles folder, and for imported articles stored in the encrypted journal. A file is:

    +++
    format = 1
    title = "How to Cry in Therapy"
    author = "Ryan Howes, Ph.D."
    ...                                  # TOML metadata, see ``_META_KEYS``
    [app]
    reflection_prompts = ["..."]         # written by us, never by the author
    +++

    The article text, in Markdown.

    <!-- comment {id = "c01", heading = "Who has a picture of their"} -->

    The comment body, plain text exactly as the commenter wrote it.

    <!-- comment {id = "c02", reply_to = "c01"} -->

    A reply.

Each comment starts at a marker line that holds a TOML inline table (``id`` required;
``heading``, ``reply_to`` and ``author`` optional). The marker is an HTML comment so the file
still reads well in any Markdown viewer. Comment bodies are not Markdown: keeping people's
words exactly as written (asterisks and all) matters more than formatting them.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal_app.library.errors import ArticleFormatError
from journal_app.library.model import (
    COMMENT_ID_PATTERN,
    PUBLISHED_PATTERN,
    SLUG_PATTERN,
    Article,
    ArticleMeta,
    Comment,
)

FORMAT_VERSION = 1
FENCE = "+++"
_META_KEYS = (
    "title",
    "blog",
    "blog_tagline",
    "author",
    "author_bio",
    "published",
    "source_url",
    "summary",
)
_TOP_KEYS = {"format", "slug", "tags", "app", *_META_KEYS}
_APP_KEYS = {"reflection_prompts"}
_COMMENT_KEYS = {"id", "heading", "reply_to", "author"}
_MARKER = re.compile(r"^<!-- comment (\{.*\}) -->[ \t]*$", re.MULTILINE)
# A line that starts like a marker but is not a well-formed one is almost certainly a typo,
# so it is reported rather than silently becoming part of a comment.
_MARKER_START = re.compile(r"^<!--\s*comment\b", re.MULTILINE)


def parse_article(text: str, source: str | Path, default_slug: str | None = None) -> Article:
    """Parse one article document.

    ``source`` is only used in error messages. The slug comes from the document's ``slug`` key,
    or ``default_slug`` (a file's name, or the key the journal stored it under).
    Raises ``ArticleFormatError`` saying what is wrong.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front, rest = _split_front_matter(text, source)
    data = _load_toml(
        front,
        source,
        lambda error: f"the metadata block between the {FENCE} lines is not valid TOML ({error})",
    )
    _refuse_unknown_keys(data, _TOP_KEYS, source, "unknown metadata key(s): {keys}")
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ArticleFormatError(source, "'format' must be a whole number")
    if version > FORMAT_VERSION:
        raise ArticleFormatError(
            source,
            f"written in article format {version}; this version of the app reads "
            f"format {FORMAT_VERSION}. Please update the app.",
        )

    slug = data.get("slug", default_slug)
    if slug is None:
        raise ArticleFormatError(source, "the article has no 'slug'")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        raise ArticleFormatError(
            source, f"the slug {slug!r} must be lower-case letters, digits and hyphens"
        )
    meta = _parse_meta(data, source)
    prompts = _parse_prompts(data.get("app", {}), source)

    body, comments = _split_comments(rest, source)
    if not body.strip() and not comments:
        raise ArticleFormatError(source, "the article has no text")
    return Article(slug=slug, meta=meta, body=body, comments=comments, reflection_prompts=prompts)


def serialize_article(article: Article) -> str:
    """Write an article in the file format; ``parse_article`` gives back an equal article."""
    meta = article.meta
    lines = [FENCE, f"format = {FORMAT_VERSION}", f"slug = {_toml_string(article.slug)}"]
    for key in _META_KEYS:
        value = getattr(meta, key)
        if value is not None:
            lines.append(f"{key} = {_toml_string(value)}")
    if meta.tags:
        lines.append(f"tags = [{', '.join(_toml_string(t) for t in meta.tags)}]")
    if article.reflection_prompts:
        lines += ["", "[app]", "# Reflection prompts by Between Sessions, not by the author."]
        lines.append("reflection_prompts = [")
        lines += [f"    {_toml_string(p)}," for p in article.reflection_prompts]
        lines.append("]")
    lines += [FENCE, ""]
    if article.body:
        lines += [_defuse_markers(article.body), ""]
    for comment in article.comments:
        fields = [f"id = {_toml_string(comment.id)}"]
        if comment.heading is not None:
            fields.append(f"heading = {_toml_string(comment.heading)}")
        if comment.parent_id is not None:
            fields.append(f"reply_to = {_toml_string(comment.parent_id)}")
        if comment.author is not None:
            fields.append(f"author = {_toml_string(comment.author)}")
        marker = f"<!-- comment {{{', '.join(fields)}}} -->"
        lines += [marker, "", _defuse_markers(comment.body), ""]
    return "\n".join(lines)


def _split_front_matter(text: str, source: str | Path) -> tuple[str, str]:
    if not text.startswith(FENCE + "\n"):
        raise ArticleFormatError(
            source,
            f"an article file must start with a metadata block between two '{FENCE}' lines "
            "(to add an ordinary Markdown file, use “Add article…” instead)",
        )
    end = text.find(f"\n{FENCE}\n", len(FENCE))
    if end == -1:
        if text.endswith(f"\n{FENCE}"):
            end = len(text) - len(FENCE) - 1
        else:
            raise ArticleFormatError(source, f"the metadata block has no closing '{FENCE}' line")
    return text[len(FENCE) + 1 : end + 1], text[end + len(FENCE) + 2 :]


def _parse_meta(data: dict[str, Any], source: str | Path) -> ArticleMeta:
    values: dict[str, str | None] = {}
    for key in _META_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ArticleFormatError(source, f"'{key}' must be text in quotes")
        values[key] = (value.strip() or None) if isinstance(value, str) else None
    title = values.pop("title")
    if not title:
        raise ArticleFormatError(source, "the article has no 'title'")
    published = values["published"]
    if published is not None and not PUBLISHED_PATTERN.match(published):
        raise ArticleFormatError(
            source, f"'published' is {published!r}; write it as YYYY, YYYY-MM or YYYY-MM-DD"
        )
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise ArticleFormatError(source, "'tags' must be a list of words in quotes")
    return ArticleMeta(title=title, tags=tuple(t.strip() for t in tags), **values)


def _parse_prompts(app: object, source: str | Path) -> tuple[str, ...]:
    if not isinstance(app, dict):
        raise ArticleFormatError(source, "'app' must be a table ([app])")
    _refuse_unknown_keys(app, _APP_KEYS, source, "unknown key(s) in [app]: {keys}")
    prompts = app.get("reflection_prompts", [])
    if not isinstance(prompts, list) or not all(isinstance(p, str) and p.strip() for p in prompts):
        raise ArticleFormatError(source, "'reflection_prompts' must be a list of sentences")
    return tuple(p.strip() for p in prompts)


def _split_comments(rest: str, source: str | Path) -> tuple[str, tuple[Comment, ...]]:
    markers = list(_MARKER.finditer(rest))
    for start in _MARKER_START.finditer(rest):
        if not any(m.start() == start.start() for m in markers):
            line_in_body = rest.count("\n", 0, start.start()) + 1
            raise ArticleFormatError(
                source,
                f"malformed comment marker in the text (line {line_in_body} after the metadata); "
                'expected <!-- comment {id = "..."} -->',
            )
    body = (rest[: markers[0].start()] if markers else rest).strip("\n")
    comments: list[Comment] = []
    seen: set[str] = set()
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(rest)
        comment = _parse_comment(marker.group(1), rest[marker.end() : end].strip("\n"), source)
        if comment.id in seen:
            raise ArticleFormatError(source, f"two comments have the id {comment.id!r}")
        if comment.parent_id is not None and comment.parent_id not in seen:
            raise ArticleFormatError(
                source,
                f"comment {comment.id!r} replies to {comment.parent_id!r}, "
                "which does not come before it",
            )
        seen.add(comment.id)
        comments.append(comment)
    return body, tuple(comments)


def _parse_comment(table_text: str, body: str, source: str | Path) -> Comment:
    fields = _load_toml(
        f"c = {table_text}",
        source,
        lambda error: f"a comment marker is not valid ({error}): {table_text}",
    )["c"]
    _refuse_unknown_keys(fields, _COMMENT_KEYS, source, "unknown comment key(s): {keys}")
    comment_id = fields.get("id")
    if not isinstance(comment_id, str) or not COMMENT_ID_PATTERN.match(comment_id):
        raise ArticleFormatError(
            source, f"a comment needs an 'id' of letters, digits, '-' or '_': {table_text}"
        )
    for key in ("heading", "reply_to", "author"):
        if key in fields and not isinstance(fields[key], str):
            raise ArticleFormatError(source, f"comment {comment_id!r}: '{key}' must be text")
    if not body.strip():
        raise ArticleFormatError(source, f"comment {comment_id!r} is empty")
    return Comment(
        id=comment_id,
        body=body,
        heading=fields.get("heading"),
        parent_id=fields.get("reply_to"),
        author=fields.get("author"),
    )


def _load_toml(
    toml_text: str, source: str | Path, what_is_wrong: Callable[[tomllib.TOMLDecodeError], str]
) -> dict[str, Any]:
    """The parsed TOML, or an ``ArticleFormatError`` saying ``what_is_wrong`` with it."""
    try:
        return tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as error:
        raise ArticleFormatError(source, what_is_wrong(error)) from None


def _refuse_unknown_keys(
    table: dict[str, Any], allowed: set[str], source: str | Path, message: str
) -> None:
    """Refuse keys the format doesn't know; ``message`` has ``{keys}`` where they are named."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ArticleFormatError(source, message.format(keys=", ".join(unknown)))


def _toml_string(value: str) -> str:
    """A TOML basic string. JSON string escapes are valid TOML; TOML also forbids DEL.

    ``>`` is escaped so that a heading can never close the ``<!-- ... -->`` marker early.
    """
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F").replace(">", "\\u003E")


def _defuse_markers(text: str) -> str:
    """Keep imported text from posing as a comment marker.

    One leading space changes nothing in Markdown or in how the text reads, but the line no
    longer matches a marker. Bundled text never needs this.
    """
    return _MARKER_START.sub(lambda m: " " + m.group(0), text)
