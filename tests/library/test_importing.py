"""Building articles from files the user picks: saved web pages, Markdown and plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app.library import ArticleImportError, ArticleOrigin, render_article_html
from journal_app.library.importing import MAX_IMPORT_BYTES, article_from_file, slugify


def test_saved_web_page_keeps_the_article_and_drops_the_page_around_it(
    fixtures_dir: Path,
) -> None:
    article = article_from_file(fixtures_dir / "saved_blog_post.html")
    meta = article.meta
    assert article.origin is ArticleOrigin.IMPORTED
    assert article.slug == "sitting-with-silence-in-therapy"
    assert meta.title == "Sitting With Silence in Therapy"
    assert meta.author == "Dana Whitfield"
    assert meta.published == "2021-03-09"
    assert (
        meta.source_url == "https://blog.example.org/2021/03/sitting-with-silence-in-therapy.html"
    )
    assert meta.blog == "The Quiet Room"
    assert meta.summary == "Why the pauses in a session can matter as much as the words."

    body = article.body
    assert body.startswith("Many people arrive at their first sessions")
    assert "## What the quiet can hold" in body
    assert "*say so*" in body
    assert "[here is a list of books](https://example.org/further-reading)" in body
    for furniture in (
        "Archive",
        "Newsletter signup",
        "Popular posts",
        "Subscribe to The Quiet Room",
        "Post new comment",
        "Allowed HTML tags",
        "All rights reserved",
        "track(",
        "TRACKING-CODE",
        "dataLayer",
        "images.example.com",
        "This helped me before my session",
    ):
        assert furniture not in body, furniture
    assert not body.startswith("# ")  # the headline is the title, not repeated in the text


def test_saved_web_page_renders_offline(fixtures_dir: Path) -> None:
    page = render_article_html(article_from_file(fixtures_dir / "saved_blog_post.html"))
    assert "<script" not in page
    assert "example.com" not in page  # no trackers, pictures or fonts
    assert "Sitting With Silence in Therapy" in page


def test_markdown_file_with_front_matter_and_a_heading(fixtures_dir: Path) -> None:
    article = article_from_file(fixtures_dir / "notes_on_boundaries.md")
    assert article.title == "Notes on Boundaries"
    assert article.meta.author == "A. Reader"
    assert article.meta.published == "2024-02-17"
    assert article.body.startswith("Boundaries are not walls.")
    assert "## Small steps" in article.body
    page = render_article_html(article)
    assert "<strong>edges</strong>" in page
    assert "<script" not in page and "images.example.com" not in page


def test_markdown_without_a_heading_is_titled_from_its_name(tmp_path: Path) -> None:
    path = tmp_path / "after_session-notes.md"
    path.write_text("Some thoughts I had after the session today, written down.", "utf-8")
    article = article_from_file(path)
    assert article.title == "After session notes"
    assert article.slug == "after-session-notes"


def test_plain_text_is_shown_as_written(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(
        "A letter I won't send\n\n1. I was *angry* <really> & hurt.\n- Still am, a bit.\n",
        encoding="utf-8",
    )
    article = article_from_file(path)
    assert article.title == "A letter I won't send"
    page = render_article_html(article)
    assert "1. I was *angry* &lt;really&gt; &amp; hurt." in page
    assert "- Still am, a bit." in page
    assert "<ol" not in page and "<em>" not in page


def test_windows_text_encoding_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        "Caf\u00e9 thoughts about my therapist\u2019s office and the rain.".encode("cp1252")
    )
    assert "Caf\u00e9" in article_from_file(path).body


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("picture.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("random.txt", bytes(range(1, 32)) * 50, "binary"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n  \n", "empty"),
        ("empty.html", b"<html><head><title>x</title></head><body></body></html>", "no readable"),
        (
            "menu-only.html",
            b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
            "no readable",
        ),
        ("tiny.md", b"# Title\n\nHi.", "no readable"),
        ("report.pdf", b"%PDF-1.7 ...", "can't be added"),
    ],
)
def test_bad_input_gives_a_clear_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleImportError) as caught:
        article_from_file(path)
    message = str(caught.value)
    assert message.startswith(f"Could not add “{name}”: ")
    assert reason in message


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(ArticleImportError, match="larger than 5 MB"):
        article_from_file(path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleImportError, match="not a file"):
        article_from_file(tmp_path / "gone.md")
    with pytest.raises(ArticleImportError, match="not a file"):
        article_from_file(tmp_path)


def test_broken_article_file_reports_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "shared.md"
    path.write_text('+++\ntitle = "x"\nbogus = 1\n+++\nText', encoding="utf-8")
    with pytest.raises(ArticleImportError, match="unknown metadata key"):
        article_from_file(path)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to Cry in Therapy", "how-to-cry-in-therapy"),
        ("Ça va? Thérapie & moi!", "ca-va-therapie-moi"),
        ("😢😢", "article"),
        ("word " * 40, "word-" * 11 + "word"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


_RAW_IMPORT_ERROR = (
    "lxml.html.clean module is now a separate project lxml_html_clean. Install lxml[html_clean]"
)


def test_a_missing_page_reader_is_a_clear_message_not_an_import_error(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # "import trafilatura" fails
    monkeypatch.setitem(sys.modules, "trafilatura.settings", None)
    with pytest.raises(ArticleImportError) as caught:
        article_from_file(fixtures_dir / "saved_blog_post.html")
    message = str(caught.value)
    assert "saved_blog_post.html" in message and "missing from this installation" in message
    assert "ImportError" not in message and "lxml" not in message.split("(")[0]


def test_a_page_reader_failing_to_load_a_part_late_is_the_same_clear_message(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def missing_cleaner(*args: object, **kwargs: object) -> None:
        raise ImportError(_RAW_IMPORT_ERROR)

    monkeypatch.setattr(trafilatura, "extract", missing_cleaner)
    with pytest.raises(ArticleImportError) as caught:
        article_from_file(fixtures_dir / "saved_blog_post.html")
    assert "missing from this installation" in str(caught.value)
    assert _RAW_IMPORT_ERROR not in str(caught.value)


def test_the_html_cleaner_is_a_declared_dependency() -> None:
    """pip before 24 doesn't resolve ``lxml[html_clean]`` behind trafilatura: name it ourselves."""
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    dependencies = tomllib.loads(pyproject.read_text("utf-8"))["project"]["dependencies"]
    assert any(d.replace("-", "_").startswith("lxml_html_clean") for d in dependencies)
    import lxml_html_clean  # noqa: F401 - installed with the app
