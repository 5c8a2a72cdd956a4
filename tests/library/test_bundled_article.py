"""The bundled "How to Cry in Therapy" article is a faithful copy of the page it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app import paths
from journal_app.library import Article, parse_article

# A copy of the page text the article was made from (/work/shared/seeds/000_44e65e69575d120d.txt).
SEED_FILE = (
    Path(__file__).resolve().parent.parent / "fixtures/library/seed_how_to_cry_in_therapy.txt"
)
SEED = SEED_FILE.read_text(encoding="utf-8")

# Comment headings in page order, exactly as the page shows them; None where it shows none.
HEADINGS = [
    None,
    "Who has a picture of their",
    "Many therapists have websites",
    "My therapist has a facebook",
    "My therapist is feeling like",
    "Such a timely post!",
    "Crying has always been",
    "Stoics tell me I'm weak because I cry and I object",
    "Losing composure",
    "Cardboard Box Therapy",
    "Another tear-inducing video",
    None,
    "Even Manly Tough Guys Should Learn How To Cry",
    "Feeling like i have to perform",
    None,
    "Thanks, Ryan, i actually did",
    "Im one of those people who",
    "I am trying to learn to cry",
]
FURNITURE = [
    "Read More",
    "Read\u00a0More",
    "Post new comment",
    "The content of this field is kept private",
    "Web page addresses and e-mail addresses",
    "Allowed HTML tags",
    "Lines and paragraphs break automatically",
    "[quote] tags",
    "More information about formatting options",
    "Subscribe to In Therapy",
    "Current Issue",
    "Let It Go!",
]


@pytest.fixture(scope="module")
def file_text() -> str:
    return (paths.resources_dir() / "articles/how-to-cry-in-therapy.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(file_text: str) -> Article:
    return parse_article(file_text, "how-to-cry-in-therapy.md", "how-to-cry-in-therapy")


def _by_start(article: Article, start: str) -> str:
    matches = [c.id for c in article.comments if c.body.startswith(start)]
    assert len(matches) == 1, start
    return matches[0]


def test_metadata(article: Article) -> None:
    meta = article.meta
    assert article.slug == "how-to-cry-in-therapy"
    assert meta.title == "How to Cry in Therapy"
    assert meta.blog == "In Therapy"
    assert meta.blog_tagline == "A user's guide to psychotherapy"
    assert meta.author == "Ryan Howes, Ph.D."
    assert meta.author_bio == (
        "Ryan Howes, Ph.D., is a clinical psychologist, writer, musician and professor at "
        "Fuller Graduate School of Psychology in Pasadena, California."
    )
    assert meta.author_bio in SEED
    assert meta.published == "2012-01"
    assert meta.source_url is not None
    assert meta.source_url.endswith("psychologytoday.com/blog/in-therapy/201201/how-cry-in-therapy")
    assert meta.summary and len(meta.summary) < 400
    assert "crying" in meta.tags


def test_article_text_is_the_page_text_without_read_more(article: Article) -> None:
    teaser = SEED.split("\n")[6]
    assert article.body == teaser.removesuffix(" Read\u00a0More")
    assert article.body.startswith("There is group who truly want to cry")  # sic


def test_comment_headings_in_page_order(article: Article) -> None:
    assert [c.heading for c in article.comments] == HEADINGS


def test_comment_ids_are_unique_and_anchor_safe(article: Article) -> None:
    ids = [c.id for c in article.comments]
    assert len(set(ids)) == len(ids) == 18
    assert all(c.anchor == f"comment-{c.id}" for c in article.comments)


def test_replies_point_at_the_right_parents(article: Article) -> None:
    perform = _by_start(article, "i've been in therapy for a few months")
    goal = _by_start(article, "The goal of therapy isn't to please the therapist")
    thanks = _by_start(article, "Thanks, Ryan, i actually did")
    video = _by_start(article, "If you're looking for a quick tear")
    winner = _by_start(article, "We have a winner. Thanks!")
    parents = {c.id: c.parent_id for c in article.comments}
    assert parents[goal] == perform
    assert parents[thanks] == goal
    assert parents[winner] == video
    assert sum(1 for p in parents.values() if p is not None) == 3
    assert [c.id for c in article.replies_to(perform)] == [goal]


def test_comment_bodies_match_the_page_exactly(article: Article) -> None:
    # Rebuild the page's comment area from the article: a heading line and a blank line before
    # each body, or an extra blank line where the page shows no heading.
    rebuilt = "\n\n".join(
        (f"{c.heading}\n\n" if c.heading else "\n") + c.body for c in article.comments
    )
    page_area = SEED.split("Read\u00a0More\n\n", 1)[1].split("\n\nPost new comment", 1)[0]
    assert rebuilt == page_area


def test_multi_paragraph_comments_keep_paragraphs_and_line_breaks(article: Article) -> None:
    thanks = article.comment(_by_start(article, "Thanks, Ryan, i actually did"))
    assert thanks is not None and thanks.body.count("\n\n") == 2
    quiet = article.comment(_by_start(article, "Im one of those people who"))
    assert quiet is not None and quiet.body.count("\n\n") == 2
    assert "when we were maybe 9 or 10.\nI can relate" in quiet.body
    winner = article.comment(_by_start(article, "We have a winner"))
    assert winner is not None and winner.body == "We have a winner. Thanks!\nBuckle up!"


def test_typos_are_kept(article: Article) -> None:
    everything = "\n".join(c.body for c in article.comments)
    for typo in ("thiis isn't working", "my thearpist", "I bougght", "doin gwell", "becuase"):
        assert typo in everything


@pytest.mark.parametrize("furniture", FURNITURE)
def test_page_furniture_is_gone(file_text: str, furniture: str) -> None:
    assert furniture not in file_text


def test_reflection_prompts_are_ours_and_apart_from_the_text(
    article: Article, file_text: str
) -> None:
    assert 3 <= len(article.reflection_prompts) <= 6
    assert all(p.strip() and p not in SEED for p in article.reflection_prompts)
    assert "not by the author" in file_text.split("reflection_prompts")[0]
    assert not any(p in article.body for p in article.reflection_prompts)
