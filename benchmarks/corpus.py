"""A seeded generator of realistic therapy-journal entries for the benchmarks.

The same seed always gives the same journal, so runs on different machines measure the same
data. Text is assembled from hand-written sentence templates and word lists about the things
people write between sessions (feelings, family, work, the therapist, the body), so full-text
search sees a realistic vocabulary and realistic word frequencies, not lorem ipsum.
"""

from __future__ import annotations

import enum
import json
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from journal_app.domain import (
    ArticleLink,
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
)

# Journals end this morning, so "since the last session" and "the last 30 days" mean what they
# would for a person using the app today.
END = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
BUNDLED_ARTICLE = "how-to-cry-in-therapy"

# fmt: off
FEELINGS = [
    "anxious", "sad", "angry", "numb", "ashamed", "lonely", "relieved", "hopeful", "tired",
    "overwhelmed", "grateful", "restless", "guilty", "calm", "irritable", "tender", "scared",
    "proud", "embarrassed", "hollow", "light", "heavy", "confused", "jealous", "exposed",
]
PEOPLE = [
    "my mother", "my father", "my sister", "my brother", "my partner", "my boss", "a colleague",
    "my best friend", "my therapist", "my grandmother", "my son", "my daughter", "an old friend",
    "the neighbour", "my ex", "my manager", "my flatmate", "my aunt",
]
PLACES = [
    "at work", "on the train", "in the kitchen", "at my parents' house", "in the car",
    "at the supermarket", "in bed", "on a walk", "in the waiting room", "at dinner",
    "in a meeting", "at the park", "on the phone", "at the gym",
]
ACTIVITIES = [
    "went for a long walk", "cooked something simple", "called a friend", "wrote three pages",
    "stayed in bed too long", "cleaned the flat", "skipped lunch", "watched an old film",
    "went to yoga", "sat by the window", "played music loudly", "did the breathing exercise",
    "answered emails until midnight", "took a bath", "went running", "slept badly",
]
BODY = [
    "my chest felt tight", "my throat closed up", "my shoulders were up by my ears",
    "my stomach dropped", "my jaw was clenched", "my hands went cold", "I felt a lump in my throat",
    "my eyes stung", "my breathing went shallow", "my legs felt heavy", "my face went hot",
]
THEMES = [
    "boundaries", "perfectionism", "the inner critic", "attachment", "grief", "people-pleasing",
    "self-compassion", "avoidance", "control", "trust", "abandonment", "rest", "anger",
    "the need to be useful", "shame", "saying no", "intimacy", "being seen", "loss",
]
# fmt: on
THERAPISTS = ["Dr. Amara Okafor", "Jonas", "Ms. Feldman", "Dr. Ruiz", "Hannah"]
# fmt: off
TAGS = [
    "work", "family", "mother", "father", "sleep", "anxiety", "grief", "crying", "boundaries",
    "partner", "friends", "body", "shame", "anger", "progress", "setback", "homework",
    "childhood", "self-compassion", "perfectionism", "loneliness", "health", "money", "holidays",
    "dreams", "medication", "exercise", "tears", "numbness", "hope",
]

# fmt: on
OPENERS = [
    "Today I felt {feeling} most of the day, and I am not completely sure why.",
    "I woke up {feeling} and it did not really lift until the evening.",
    "Something {person} said {place} keeps going round in my head.",
    "I want to write this down before I talk myself out of it.",
    "It has been a strange week, mostly {feeling} with moments of feeling {feeling2}.",
    "After the session I {activity} and tried to let things settle.",
    "I noticed the old pattern again today, the one about {theme}.",
    "Short entry, I am {feeling} and it is late.",
]
MIDDLES = [
    "When {person} brought up the past, {body} and I went quiet.",
    "I caught myself apologising {place} for something that was not my fault.",
    "Part of me wanted to cry, but the tears just would not come.",
    "I {activity}, which helped a little, though the feeling of being {feeling} stayed.",
    "It reminded me of being a child {place}, waiting for someone to notice.",
    "I keep telling myself I should be over this by now, which is the inner critic talking.",
    "We talked about {theme} again and I could feel myself getting defensive.",
    "I said no to {person} and then spent an hour feeling {feeling} about it.",
    "{body_cap} the moment I saw the message from {person}.",
    "I noticed I was performing being fine, smiling and nodding, while inside I felt {feeling}.",
    "There was a moment {place} when I almost said what I really meant.",
    "I think the {feeling} feeling is covering something older, maybe grief.",
    "My therapist asked what I needed in that moment and I honestly did not know.",
    "I wrote a letter to {person} that I will probably never send.",
    "Later I {activity}, and for a while my mind was quiet.",
    "I notice I go numb when things get close to {theme}.",
    "It felt {feeling} to admit that I wanted {person} to comfort me.",
    "I tried the grounding exercise: five things I can see, four I can hear.",
]
CLOSERS = [
    "I want to bring this to the next session.",
    "Tomorrow I will try to be a bit gentler with myself.",
    "I am not sure what to make of it yet, but writing it down helps.",
    "Maybe this is what progress looks like, slow and untidy.",
    "For now I am going to rest.",
    "I am proud that I noticed it at all.",
]
# fmt: off
TITLES = [
    "A hard conversation with {person}", "Feeling {feeling}", "Notes on {theme}",
    "After the session", "Small win {place}", "Why I could not cry", "Thinking about {theme}",
    "", "", "",
]
# fmt: on
QUESTIONS = [
    "Why do I go numb when {person} raises their voice?",
    "Can we talk about {theme} next time?",
    "Is it normal to feel {feeling} after a session?",
    "How do I stop apologising for everything?",
    "What would it look like to let myself cry in session?",
    "Why does {theme} come up every time I am tired?",
]
# fmt: off
HOMEWORK = [
    "Notice when I say sorry and pause first.", "Write three kind sentences to myself daily.",
    "Try the breathing exercise before difficult calls.", "Say one honest thing to {person}.",
    "Keep a feelings log each evening.", "",
]
# fmt: on


class CorpusGenerator:
    """Deterministic, plausible journal entries: ``CorpusGenerator(seed).entries(n)``."""

    def __init__(self, seed: int = 20240907, *, open_questions: int | None = None) -> None:
        self._random = random.Random(seed)
        # How many unresolved questions a whole journal should hold (None: about 40 % of all
        # questions stay open, 6,000 in a 50,000-entry journal). ``entries`` turns it into the
        # share of questions left open.
        self._open_questions = open_questions
        self._open_share = 0.4

    # ----------------------------------------------------------------- text

    def _fill(self, template: str) -> str:
        pick = self._random.choice
        body = pick(BODY)
        return template.format(
            feeling=pick(FEELINGS),
            feeling2=pick(FEELINGS),
            person=pick(PEOPLE),
            place=pick(PLACES),
            activity=pick(ACTIVITIES),
            theme=pick(THEMES),
            body=body,
            body_cap=body[0].upper() + body[1:],
        )

    def prose(self, minimum_words: int = 80, maximum_words: int = 400) -> str:
        """Paragraphs of first-person journal prose, between the given word counts."""
        target = self._random.randint(minimum_words, maximum_words)
        sentences = [self._fill(self._random.choice(OPENERS))]
        words = len(sentences[0].split())
        while words < target:
            sentence = self._fill(self._random.choice(MIDDLES))
            sentences.append(sentence)
            words += len(sentence.split())
        sentences.append(self._random.choice(CLOSERS))
        paragraphs: list[str] = []
        while sentences:
            size = self._random.randint(2, 5)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return "\n\n".join(paragraphs)

    def short(self, templates: list[str]) -> str:
        return self._fill(self._random.choice(templates))

    # ----------------------------------------------------------------- entries

    def entry(self, occurred_at: datetime) -> Entry:
        roll = self._random.random()
        kind = (
            EntryKind.SESSION
            if roll < 0.25
            else EntryKind.BLOCK
            if roll < 0.5
            else EntryKind.REFLECTION
        )
        details: SessionNoteDetails | EmotionalBlockDetails | ReflectionDetails
        if kind is EntryKind.SESSION:
            details = SessionNoteDetails(
                therapist=self._random.choice(THERAPISTS),
                talked_about=self.short(MIDDLES),
                noticed_felt=self.short(MIDDLES),
                insights=self.short(MIDDLES) if self._random.random() < 0.6 else "",
                homework=self.short(HOMEWORK),
            )
            body = self.prose(80, 250)
        elif kind is EntryKind.BLOCK:
            blocked = tuple(
                self._random.sample(
                    [b for b in BlockType if b is not BlockType.OTHER], self._random.randint(1, 2)
                )
            )
            details = EmotionalBlockDetails(
                setting=self._random.choice(list(BlockSetting)),
                blocked=blocked,
                feeling_intensity=self._random.randint(2, 10),
                block_intensity=self._random.randint(1, 10),
                what_was_happening=self.short(MIDDLES),
                what_helped=self.short(MIDDLES),
            )
            body = self.prose(80, 200)
        else:
            mood = self._random.randint(1, 9) if self._random.random() < 0.8 else None
            details = ReflectionDetails(mood=mood)
            body = self.prose(80, 400)
        tags = tuple(self._random.sample(TAGS, self._random.choice((0, 1, 1, 2, 2, 3, 4))))
        questions: tuple[Question, ...] = ()
        if self._random.random() < 0.2:
            questions = tuple(
                Question(
                    text=self.short(QUESTIONS),
                    created_at=occurred_at,
                    resolved_on=None
                    if self._random.random() < self._open_share
                    else (occurred_at + timedelta(days=7)).date(),
                )
                for _ in range(self._random.randint(1, 2))
            )
        links: tuple[ArticleLink, ...] = ()
        if self._random.random() < 0.1:
            links = (
                ArticleLink(
                    article_slug=BUNDLED_ARTICLE,
                    comment_id="c01" if self._random.random() < 0.3 else None,
                    quote="The emotion is there, the desire is there, but they’re blocked.",
                    created_at=occurred_at,
                ),
            )
        return Entry.new(
            kind,
            uid=uuid.UUID(int=self._random.getrandbits(128)).hex,
            title=self.short(TITLES),
            body=body,
            details=details,
            tags=tags,
            private=self._random.random() < 0.05,
            occurred_at=occurred_at,
            created_at=occurred_at,
            updated_at=occurred_at,
            questions=questions,
            links=links,
        )

    def entries(self, count: int, *, span_for: int | None = None) -> Iterator[Entry]:
        """``count`` entries at random moments over the years a journal of ``span_for`` covers.

        Growing a journal in steps (1,000, then 9,000 more, ...) with the same ``span_for`` keeps
        every step spread over the same years, as a long-kept journal would be.
        """
        span_seconds = span_days(span_for or count) * 86_400
        if self._open_questions is not None:
            # One entry in five has 1 or 2 questions: 0.3 questions per entry on average.
            self._open_share = min(1.0, self._open_questions / max(1.0, 0.3 * (span_for or count)))
        for _ in range(count):
            yield self.entry(END - timedelta(seconds=self._random.randrange(span_seconds)))


def span_days(total: int) -> int:
    """How many days a journal of ``total`` entries covers: 1 to 10 years."""
    return min(3650, max(365, total // 5))


def journal_start(total: int) -> datetime:
    return END - timedelta(days=span_days(total))


# --------------------------------------------------------------------------- cached journals

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
PASSPHRASE = "quiet river lantern morning"
# Bump when the generator changes what it writes, so old cached journals are rebuilt.
GENERATOR_VERSION = 2
BATCH = 2000


class Corpus(enum.StrEnum):
    """The journals the benchmark runs on.

    * ``REALISTIC``: session notes, emotional blocks and reflections mixed as people write them,
      with thousands of open questions (6,000 unless asked otherwise);
    * ``JRNL``: the same prose imported from a jrnl JSON export: every entry a reflection,
      no session notes at all, no questions. "Since the last session" is the whole journal.
    """

    REALISTIC = "realistic"
    JRNL = "jrnl"


@dataclass(frozen=True)
class CachedJournal:
    folder: Path
    corpus: Corpus
    entries: int
    build_seconds: float
    open_questions: int


def _cache_key(corpus: Corpus, size: int, seed: int, open_questions: int) -> str:
    from journal_app.storage.schema import LATEST_VERSION

    # The week is part of the key: journals end "this morning", and a journal a month old would
    # make "the last 30 days" empty.
    year, week, _day = END.isocalendar()
    return (
        f"{corpus.value}-{size}-q{open_questions}-s{seed}-g{GENERATOR_VERSION}"
        f"-schema{LATEST_VERSION}-{year}w{week:02d}"
    )


def cached_journal(
    corpus: Corpus,
    size: int,
    *,
    seed: int = 20240907,
    open_questions: int = 6000,
    log: Callable[[str], None] = lambda _message: None,
) -> CachedJournal:
    """A generated journal in ``benchmarks/.cache/``, built on first use, never modified after.

    Callers that write (or merely open: opening checkpoints the WAL) work on a copy
    (``working_copy``), so every run starts from the same bytes. The journal uses the app's
    default key derivation, so unlocking it costs what it costs a real person.
    """
    if corpus is Corpus.JRNL:
        open_questions = 0  # jrnl has no questions for a therapist
    key = _cache_key(corpus, size, seed, open_questions)
    home = CACHE_DIR / key
    meta_path = home / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return CachedJournal(
            home / "journal", corpus, size, float(meta["build_seconds"]), meta["open_questions"]
        )
    for stale in CACHE_DIR.glob(f"{corpus.value}-{size}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # an older week or generator
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, mode=0o700)
    log(f"building the {corpus.value} journal of {size:,} entries (cached in {home})")
    started = time.perf_counter()
    folder = home / "journal"
    if corpus is Corpus.REALISTIC:
        _build_realistic(folder, size, seed, open_questions)
    else:
        _build_from_jrnl(folder, size, seed, home)
    seconds = time.perf_counter() - started
    open_count = _open_question_count(folder)
    log(f"  built in {seconds:.1f} s")
    meta = {"build_seconds": seconds, "entries": size, "open_questions": open_count}
    meta_path.write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return CachedJournal(folder, corpus, size, seconds, open_count)


def working_copy(journal: CachedJournal, parent: Path) -> Path:
    """A private copy of a cached journal folder to open, measure and write to."""
    target = Path(tempfile.mkdtemp(prefix="journal-", dir=parent))
    shutil.rmtree(target)
    shutil.copytree(journal.folder, target)
    return target


def _build_realistic(folder: Path, size: int, seed: int, open_questions: int) -> None:
    from journal_app.storage import DEFAULT_KDF, Vault

    entries = CorpusGenerator(seed, open_questions=open_questions).entries(size)
    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=DEFAULT_KDF)
    with vault:
        added = 0
        while added < size:
            count = min(BATCH, size - added)
            # The import path: one transaction per batch, entries stored as generated.
            with vault.bulk():
                for _ in range(count):
                    vault.entries.add_imported(next(entries))
            added += count


def jrnl_document(count: int, seed: int) -> dict[str, Any]:
    """A jrnl JSON export (``jrnl --export json``) of ``count`` generated entries."""
    items: list[dict[str, Any]] = []
    for entry in CorpusGenerator(seed).entries(count):
        local = entry.occurred_at.astimezone()
        items.append(
            {
                "date": f"{local:%Y-%m-%d}",
                "time": f"{local:%H:%M}",
                "title": entry.title or entry.body.split(".")[0] + ".",
                "body": entry.body,
                "tags": [f"@{tag}" for tag in entry.tags],
                "starred": False,
            }
        )
    tags: dict[str, int] = {}
    for item in items:
        for tag in item["tags"]:
            tags[tag] = tags.get(tag, 0) + 1
    return {"tags": tags, "entries": items}


def _build_from_jrnl(folder: Path, size: int, seed: int, scratch: Path) -> None:
    from journal_app.exchange.importers import ImportFormat, import_file
    from journal_app.storage import DEFAULT_KDF, Vault

    source = scratch / "jrnl.json"
    source.write_text(json.dumps(jrnl_document(size, seed)), encoding="utf-8")
    try:
        vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=DEFAULT_KDF)
        with vault:
            import_file(vault, source, ImportFormat.JRNL_JSON)
    finally:
        source.unlink(missing_ok=True)  # generated prose, but still: nothing in the clear stays


def _open_question_count(folder: Path) -> int:
    from journal_app.storage import Vault

    with Vault.open(folder, PASSPHRASE) as vault:
        return len(vault.questions.still_open())
