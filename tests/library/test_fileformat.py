"""Reading and writing the article file format, and clear errors for malformed files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal_app.library import (
    Article,
    ArticleFormatError,
    ArticleMeta,
    Comment,
    parse_article,
    serialize_article,
)

MINIMAL = '+++\ntitle = "A title"\n+++\n\nSome text.\n'


def _article(**changes: object) -> Article:
    base = {
        "slug": "an-article",
        "meta": ArticleMeta(title="An article", author="Someone", published="2020-02", tags=("a",)),
        "body": "Text with *emphasis*.\n\nAnd a second paragraph.",
        "comments": (
            Comment(id="c1", body="First!", heading="A heading"),
            Comment(id="c2", body="A reply\nwith a line break.", parent_id="c1", author="Ann"),
        ),
        "reflection_prompts": ("What do you notice?",),
    }
    base.update(changes)
    return Article(**base)  # type: ignore[arg-type]


def test_minimal_file_takes_its_slug_from_the_caller() -> None:
    article = parse_article(MINIMAL, "x.md", default_slug="x")
    assert article.slug == "x"
    assert article.title == "A title"
    assert article.body == "Some text."
    assert article.comments == ()


def test_round_trip() -> None:
    article = _article()
    assert parse_article(serialize_article(article), "mem") == article


def test_windows_line_endings_and_bom_are_accepted() -> None:
    text = "\ufeff" + serialize_article(_article()).replace("\n", "\r\n")
    assert parse_article(text, "mem") == _article()


_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)
_body = (
    st.lists(_line, min_size=1, max_size=5)
    .map("\n".join)
    .filter(lambda s: s.strip() and s == s.strip("\n"))
)


@given(title=_line.filter(lambda s: s.strip() == s and s), heading=_line, body=_body)
def test_round_trip_keeps_any_text(title: str, heading: str, body: str) -> None:
    article = _article(
        meta=ArticleMeta(title=title, summary=heading.strip() or None),
        comments=(Comment(id="c1", body=body, heading=heading),),
    )
    parsed = parse_article(serialize_article(article), "mem")
    if "<!--" in body:  # a body line posing as a comment marker is defused with one space
        assert parsed.comments[0].body.replace(" <!--", "<!--") == body.replace(" <!--", "<!--")
    else:
        assert parsed == article


def test_text_that_looks_like_a_marker_cannot_create_a_comment() -> None:
    sneaky = 'Before\n<!-- comment {id = "evil"} -->\nAfter'
    article = _article(body=sneaky, comments=())
    parsed = parse_article(serialize_article(article), "mem")
    assert parsed.comments == ()
    assert "evil" in parsed.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just some Markdown\n", "must start with a metadata block"),
        ('+++\ntitle = "T"\n\nText', "no closing '+++'"),
        ('+++\ntitle = "T\n+++\nText', "not valid TOML"),
        ("+++\nauthor = 'A'\n+++\nText", "no 'title'"),
        ("+++\ntitle = 'T'\ntitel = 'typo'\n+++\nText", "unknown metadata key(s): titel"),
        ("+++\ntitle = 'T'\npublished = 'Jan 2012'\n+++\nText", "YYYY-MM"),
        ("+++\ntitle = 'T'\nformat = 99\n+++\nText", "format 99"),
        ("+++\ntitle = 'T'\nslug = 'Not A Slug'\n+++\nText", "lower-case letters"),
        ("+++\ntitle = 'T'\ntags = 'one'\n+++\nText", "'tags' must be a list"),
        ("+++\ntitle = 'T'\n+++\n\n", "no text"),
        ("+++\ntitle = 'T'\n+++\nText\n<!-- comment id=c1 -->\nHi", "malformed comment marker"),
        ("+++\ntitle = 'T'\n+++\nText\n<!-- comment {heading = 'H'} -->\nHi", "needs an 'id'"),
        ("+++\ntitle = 'T'\n+++\nText\n<!-- comment {id = 'c1'} -->\n\n", "is empty"),
        (
            "+++\ntitle = 'T'\n+++\nText\n<!-- comment {id = 'c1'} -->\nA\n"
            "<!-- comment {id = 'c1'} -->\nB",
            "two comments have the id 'c1'",
        ),
        (
            "+++\ntitle = 'T'\n+++\nText\n<!-- comment {id = 'c1', reply_to = 'c9'} -->\nA",
            "replies to 'c9'",
        ),
        ("+++\ntitle = 'T'\n[app]\nprompts = []\n+++\nText", "unknown key(s) in [app]"),
    ],
)
def test_malformed_documents_say_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(ArticleFormatError) as caught:
        parse_article(text, "/somewhere/broken.md", default_slug="broken")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("/somewhere/broken.md: ")
    assert caught.value.source == "/somewhere/broken.md"
