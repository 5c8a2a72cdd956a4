"""A realistic month of journal entries for the export tests (and the README screenshot)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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
from journal_app.exchange.catalog import Citation

PRIVATE_MARKER = "PRIVATE-MARKER-7f3a"
ARTICLE = "how-to-cry-in-therapy"


class FakeCatalog:
    """Knows the one bundled article, with one comment."""

    def citation(self, slug: str, comment_id: str | None) -> Citation | None:
        if slug != ARTICLE:
            return None
        return Citation(
            title="How to Cry in Therapy",
            author="Ryan Howes, Ph.D.",
            blog="In Therapy",
            published="January 2012",
            source_url="https://www.psychologytoday.com/blog/in-therapy/201201/how-cry-in-therapy",
            comment_author="Anonymous" if comment_id else None,
            comment_text="Feeling like I have to perform in session." if comment_id else None,
        )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def fill_month(vault: object, start: date = date(2026, 3, 2)) -> dict[str, Entry]:
    """Four weekly sessions with blocks and reflections between them, plus one private entry."""
    add = vault.entries.add  # type: ignore[attr-defined]
    saved: dict[str, Entry] = {}
    sessions = [
        (
            "Talking about my father",
            SessionNoteDetails(
                therapist="Dr. Maria Álvarez",
                talked_about="My father's silence at dinner, and how I learned to keep things "
                "light so nobody got upset.",
                noticed_felt="A lump in my throat when she asked what I needed back then.",
                insights="Keeping it light is something I do to stay safe, not who I am.",
                homework="Notice when I laugh something off this week and write down what was "
                "underneath.",
            ),
        ),
        (
            "The laughing thing",
            SessionNoteDetails(
                therapist="Dr. Maria Álvarez",
                talked_about="The notes I wrote about laughing things off. Three times at work.",
                noticed_felt="Embarrassed at first, then relieved that she didn't rush me.",
                insights="I laugh when I expect to be dismissed.",
                homework="Try saying one true sentence to my sister instead of a joke.",
            ),
        ),
        (
            "Crying, almost",
            SessionNoteDetails(
                therapist="Dr. Maria Álvarez",
                talked_about="Why I can cry at films but not in the room with her.",
                noticed_felt="Tears came close twice. I looked at the plant on the shelf.",
                insights="Being seen crying feels riskier than crying itself.",
                homework="Read “How to Cry in Therapy” and mark the parts that fit.",
            ),
        ),
        (
            "Reading it together",
            SessionNoteDetails(
                therapist="Dr. Maria Álvarez",
                talked_about="The article, and the reader who felt she had to perform tears.",
                noticed_felt="Calmer. Some sadness, not blocked this time.",
                insights="I don't have to prove therapy is working by crying.",
                homework="Write to my younger self — a few lines, no pressure to finish. 🌱",
            ),
        ),
    ]
    for week, (title, details) in enumerate(sessions):
        day = start + timedelta(days=7 * week)
        entry = add(
            Entry.new(
                EntryKind.SESSION,
                title=title,
                body="Short walk afterwards. *Felt lighter* than I expected.\n\n"
                "- wrote this on the bus\n- café au lait, crème brûlée afterwards",
                details=details,
                tags=("session", "family") if week % 2 == 0 else ("session",),
                occurred_at=at(day, 17),
            )
        )
        saved[f"session{week}"] = entry
        block_day = day + timedelta(days=2)
        saved[f"block{week}"] = add(
            Entry.new(
                EntryKind.BLOCK,
                title=["Meeting with my manager", "Phone call with Mum", "At the cinema", ""][week],
                details=EmotionalBlockDetails(
                    setting=[
                        BlockSetting.AT_WORK,
                        BlockSetting.WITH_SOMEONE,
                        BlockSetting.ALONE,
                        BlockSetting.IN_SESSION,
                    ][week],
                    blocked=(BlockType.COULDNT_CRY, BlockType.LAUGHED_IT_OFF)
                    if week % 2 == 0
                    else (BlockType.WENT_NUMB,),
                    feeling_intensity=6 + week % 3,
                    block_intensity=7 - week % 2,
                    what_was_happening="She said the project was “fine, I suppose” and I felt "
                    "my chest go tight.",
                    what_helped="Breathing out slowly. Writing this down on the train home.",
                ),
                tags=("work",) if week == 0 else ("family",),
                occurred_at=at(block_day, 12, 30),
                questions=(Question(text="Why do I go numb when someone is disappointed?"),)
                if week == 1
                else (),
            )
        )
        for extra in range(3):
            reflection_day = day + timedelta(days=3 + extra)
            links = ()
            if week == 2 and extra == 0:
                links = (
                    ArticleLink(
                        article_slug=ARTICLE,
                        quote="The emotion is there, the desire is there, but they’re blocked.",
                    ),
                    ArticleLink(article_slug=ARTICLE, comment_id="c14"),
                )
            saved[f"reflection{week}-{extra}"] = add(
                Entry.new(
                    EntryKind.REFLECTION,
                    title=f"Evening notes {extra + 1}" if extra else "",
                    body=_REFLECTIONS[(week * 3 + extra) % len(_REFLECTIONS)],
                    details=ReflectionDetails(mood=4 + (week + extra) % 5),
                    tags=("reflection",),
                    occurred_at=at(reflection_day, 21, 15),
                    links=links,
                    questions=(
                        Question(text="Is it okay to bring the article to our next session?"),
                    )
                    if week == 2 and extra == 0
                    else (),
                )
            )
    saved["private"] = add(
        Entry.new(
            EntryKind.REFLECTION,
            title=f"Not for sharing {PRIVATE_MARKER}",
            body=f"Something I am not ready to share. {PRIVATE_MARKER}",
            details=ReflectionDetails(mood=3),
            private=True,
            occurred_at=at(start + timedelta(days=22), 22),
            questions=(Question(text=f"Private question {PRIVATE_MARKER}"),),
        )
    )
    return saved


_REFLECTIONS = [
    "Slept badly. Kept replaying the conversation with my sister.\n\n"
    "I noticed I made a joke *exactly* when she asked how I really was.",
    "## A good day\n\nWalked by the river. Didn't check my phone for two hours. "
    "Named three feelings without judging them: tired, hopeful, a bit lonely.",
    "Reading about crying in therapy. One line stayed with me:\n\n"
    "> The emotion is there, the desire is there, but they're blocked.\n\n"
    "That's it. That's me.",
    "Short one today. Ça va. Grateful for the quiet morning — and for tea. ☕\n"
    "A line my grandmother used to say: שלום עליכם (peace be with you).",
    "I wrote a list of what I'd like to say next time:\n\n"
    "1. That the homework felt hard.\n2. That I cried a little at the film.\n"
    "3. That I'm scared of being *too much*.",
]
