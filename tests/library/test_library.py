"""Loading the library from its three sources, and adding and removing articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from library_fakes import MemoryStore

from journal_app import paths
from journal_app.library import (
    ArticleImportError,
    ArticleOrigin,
    Library,
    LibraryError,
    parse_article,
    render_article_html,
    serialize_article,
)

GOOD = '+++\ntitle = "My own article"\n+++\n\nWords of my own about therapy.\n'
BROKEN = '+++\ntitle = "Broken\n+++\n\nNever shown.\n'


def test_load_finds_the_bundled_article() -> None:
    library = Library.load()
    assert library.problems == []
    article = library.get("how-to-cry-in-therapy")
    assert article is not None and article.origin is ArticleOrigin.BUNDLED
    assert "how-to-cry-in-therapy" in library


def test_load_reads_user_files_and_the_journal() -> None:
    user_dir = paths.user_articles_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "mine.md").write_text(GOOD, encoding="utf-8")
    (user_dir / "notes.txt").write_text("not an article file, ignored", encoding="utf-8")
    stored = GOOD.replace("My own article", "Imported one")
    library = Library.load(MemoryStore({"imported-one": stored}))
    assert library.problems == []
    origins = {a.slug: a.origin for a in library.articles()}
    assert origins == {
        "how-to-cry-in-therapy": ArticleOrigin.BUNDLED,
        "mine": ArticleOrigin.USER_FILE,
        "imported-one": ArticleOrigin.IMPORTED,
    }
    assert [a.slug for a in library.articles()][0] == "how-to-cry-in-therapy"


def test_a_malformed_file_is_reported_by_name_and_hides_nothing(
    tmp_path: Path, bundled_dir: Path
) -> None:
    user_dir = tmp_path / "articles"
    user_dir.mkdir()
    (user_dir / "a-broken-one.md").write_text(BROKEN, encoding="utf-8")
    (user_dir / "b-good.md").write_text(GOOD, encoding="utf-8")
    (user_dir / "c-not-utf8.md").write_bytes(b"+++\ntitle = '\xff'\n+++\nx")
    store = MemoryStore({"stored-bad": "no metadata here", "stored-good": GOOD})
    library = Library(bundled_dir, user_dir, store)

    assert sorted(a.slug for a in library.articles()) == [
        "b-good",
        "how-to-cry-in-therapy",
        "stored-good",
    ]
    messages = [str(p) for p in library.problems]
    assert len(messages) == 3
    assert messages[0].startswith(str(user_dir / "a-broken-one.md") + ": ")
    assert "not valid TOML" in messages[0]
    assert str(user_dir / "c-not-utf8.md") in messages[1] and "as text" in messages[1]
    assert "stored-bad" in messages[2] and "metadata block" in messages[2]


def test_duplicate_slugs_keep_the_first_and_report_the_second(
    tmp_path: Path, bundled_dir: Path
) -> None:
    user_dir = tmp_path / "articles"
    shutil.copytree(bundled_dir, user_dir)
    library = Library(bundled_dir, user_dir)
    assert len(library) == 1
    assert _origin(library, "how-to-cry-in-therapy") is ArticleOrigin.BUNDLED
    assert "already uses the name" in str(library.problems[0])


def test_a_stored_document_must_match_its_slug(bundled_dir: Path) -> None:
    document = GOOD.replace("+++\n", '+++\nslug = "other"\n', 1)
    library = Library(bundled_dir, None, MemoryStore({"mine": document}))
    assert library.get("mine") is None and library.get("other") is None
    assert "calls itself" in str(library.problems[0])


def test_missing_bundled_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    library = Library(tmp_path / "nowhere")
    assert library.articles() == []
    assert str(tmp_path / "nowhere") in str(library.problems[0])


def test_import_stores_the_article_in_the_journal_and_shows_it(
    bundled_dir: Path, store: MemoryStore, fixtures_dir: Path
) -> None:
    library = Library(bundled_dir, None, store)
    article = library.import_file(fixtures_dir / "notes_on_boundaries.md")
    assert article.slug == "notes-on-boundaries"
    assert article.origin is ArticleOrigin.IMPORTED
    assert list(store.documents) == ["notes-on-boundaries"]
    assert parse_article(store.documents["notes-on-boundaries"], "mem") == article
    # It behaves like a bundled article: found, searchable, renderable, and reloads the same.
    assert library.get("notes-on-boundaries") == article
    assert library.search("boundaries walls")[0].slug == "notes-on-boundaries"
    assert "<script" not in render_article_html(article)
    reloaded = Library(bundled_dir, None, store)
    assert reloaded.get("notes-on-boundaries") == article


def test_colliding_slugs_get_a_suffix(
    bundled_dir: Path, store: MemoryStore, fixtures_dir: Path, tmp_path: Path
) -> None:
    library = Library(bundled_dir, None, store)
    first = library.import_file(fixtures_dir / "notes_on_boundaries.md")
    second = library.import_file(fixtures_dir / "notes_on_boundaries.md")
    assert (first.slug, second.slug) == ("notes-on-boundaries", "notes-on-boundaries-2")
    copy = tmp_path / "how-to-cry-in-therapy.md"
    copy.write_text((bundled_dir / copy.name).read_text(encoding="utf-8"), encoding="utf-8")
    shared = library.import_file(copy)
    assert shared.slug == "how-to-cry-in-therapy-2"
    assert len(shared.comments) == 18
    assert _origin(library, "how-to-cry-in-therapy") is ArticleOrigin.BUNDLED
    assert sorted(store.documents) == [
        "how-to-cry-in-therapy-2",
        "notes-on-boundaries",
        "notes-on-boundaries-2",
    ]


def test_a_failed_import_stores_nothing(
    bundled_dir: Path, store: MemoryStore, tmp_path: Path
) -> None:
    library = Library(bundled_dir, None, store)
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ArticleImportError):
        library.import_file(empty)
    assert store.documents == {}
    assert len(library) == 1


def test_import_needs_an_open_journal(bundled_dir: Path, fixtures_dir: Path) -> None:
    with pytest.raises(LibraryError, match="Open your journal"):
        Library(bundled_dir).import_file(fixtures_dir / "notes_on_boundaries.md")


def test_remove_deletes_imported_articles_only(
    bundled_dir: Path, store: MemoryStore, fixtures_dir: Path
) -> None:
    library = Library(bundled_dir, None, store)
    article = library.import_file(fixtures_dir / "notes_on_boundaries.md")
    library.remove(article.slug)
    assert store.documents == {}
    assert library.get(article.slug) is None
    assert library.search("boundaries") == []
    with pytest.raises(LibraryError, match="only articles you added"):
        library.remove("how-to-cry-in-therapy")
    with pytest.raises(LibraryError, match="no article"):
        library.remove("never-there")


def test_serialized_documents_are_what_the_vault_receives(
    bundled_dir: Path, store: MemoryStore, fixtures_dir: Path
) -> None:
    library = Library(bundled_dir, None, store)
    article = library.import_file(fixtures_dir / "saved_blog_post.html")
    assert store.documents[article.slug] == serialize_article(article)


def _origin(library: Library, slug: str) -> ArticleOrigin:
    article = library.get(slug)
    assert article is not None, slug
    return article.origin


def test_import_never_overwrites_a_stored_article_that_failed_to_load(
    bundled_dir: Path, fixtures_dir: Path
) -> None:
    store = MemoryStore({"notes-on-boundaries": "damaged document"})
    library = Library(bundled_dir, None, store)
    assert len(library.problems) == 1
    article = library.import_file(fixtures_dir / "notes_on_boundaries.md")
    assert article.slug == "notes-on-boundaries-2"
    assert store.documents["notes-on-boundaries"] == "damaged document"
