"""Write a seeded, realistic content folder of N posts for the build benchmarks.

The posts follow the site's content contract (docs/writing.md): the folder is the
section, a `Key: value` header, a Markdown body in short plain sentences, links
between posts, hashtag lines and a few photos. `invoke check --content DEST`
finds no error in what it writes, so the strict production build accepts it.
Usage: python benchmarks/corpus.py DEST [N]
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from pelican.settings import read_settings
from photos import textured_photo
from PIL import Image

from charity_site.conventions import derive_conventions

# The site's sections, as the plugin derives them from pelicanconf.py.
SECTIONS = derive_conventions(
    read_settings(str(Path(__file__).resolve().parents[1] / "pelicanconf.py"))
).section_slugs
PHOTO_COUNT = 12  # distinct photos shared by every post that has one
PHOTO_SIZE = (1600, 1200)
PHOTO_QUALITY = 88  # with the texture below: about 300-600 KB each, like a phone's
HERO_SHARE = 0.08  # posts with a hero photo
BODY_IMAGE_SHARE = 0.05  # posts with a photo in the text
AUTHORS_SHARE = 0.20  # posts that name their authors
HASHTAG_SHARE = 0.5  # posts that end with a line of hashtags
WORDS = (600, 1200)  # body length range, in words
FIRST_DAY = datetime(2023, 1, 1)
DAYS = 365 * 3  # dates spread over 2023-2025

# --- the vocabulary -----------------------------------------------------------------
# Everything below is plain, everyday English in short sentences, so every post reads
# well under the site's Flesch-Kincaid limit, and none of it touches a topic that
# needs a content warning (the checks would rightly stop the publish build).

PLACES = (
    "Cambridge",
    "Peterborough",
    "Huntingdon",
    "Ely",
    "St Neots",
    "Wisbech",
    "March",
    "Spalding",
    "Stamford",
    "Bourne",
    "St Ives",
    "Whittlesey",
)
VENUES = (
    "the library",
    "the community centre",
    "the church hall",
    "the sports club",
    "our office",
    "the town hall",
    "the garden centre cafe",
    "the youth club",
)
ACTIVITIES = (
    "walking group",
    "coffee morning",
    "peer support group",
    "craft session",
    "gardening club",
    "Good Mood Cafe",
    "quiz night",
    "singing group",
    "book club",
    "cooking class",
    "art class",
    "football session",
)
PEOPLE = (
    "Amir",
    "Beth",
    "Callum",
    "Dee",
    "Fran",
    "Gus",
    "Hana",
    "Iris",
    "Jon",
    "Kemi",
    "Leo",
    "Mo",
    "Nell",
    "Owen",
    "Pat",
    "Rosa",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
THINGS = (
    "a cup of tea",
    "a short walk",
    "a chat with a friend",
    "a phone call",
    "a kind word",
    "a plan for the week",
    "some fresh air",
    "a good night’s sleep",
    "a warm meal",
    "a quiet hour",
)
AUTHORS = (
    "Priya Sharma",
    "Tom Whitfield",
    "Grace Okafor",
    "Ellie Barnes",
    "Sam Kowalski",
    "Ruth Chen",
    "Marcus Hale",
    "Nadia Rahman",
)
# Hashtag lines can only carry these (a hashtag is one word).
CAMEL_TAGS = (
    "CPSLMind",
    "LivedExperience",
    "CoProduction",
    "GoodMoodCafe",
    "FiveWaysToWellbeing",
    "MentalHealthAwareness",
    "PeerSupport",
    "Volunteering",
    "TimeToTalk",
    "GoodLifeService",
    "MakingSpace",
    "WalkAndTalk",
    "CarersWeek",
    "GetInvolved",
    "OpenDoors",
    "KindnessMatters",
    "WorldMentalHealthDay",
    "SmallSteps",
    "CommunityFirst",
    "YouthVoice",
)
PLAIN_TAGS = (
    "Walking",
    "Sleep",
    "Carers",
    "Young people",
    "Students",
    "Older people",
    "Fundraising",
    "Training",
    "Community",
    "Gardening",
    "Art",
    "Music",
    "Sport",
    "Work",
    "Money worries",
    "Loneliness",
    "Parents",
    "Nature",
    "Research",
    "Schools",
)
SENTENCES = (
    "We met every {day} at the {activity} in {place}.",
    "The room was warm and the kettle was always on.",
    "Nobody had to talk if they did not want to.",
    "{person} made the tea and asked how my week had been.",
    "It took me a few weeks to feel at home.",
    "At first I sat near the door and said very little.",
    "Small steps made a big change over time.",
    "The group is free and open to anyone over 18.",
    "You can come on your own or bring a friend.",
    "We start at ten and finish by twelve.",
    "There is step-free access and a quiet room.",
    "Our volunteers know what it is like to find things hard.",
    "Many people tell us that {thing} helps on a bad day.",
    "{person} said the best part was the laughter.",
    "We walked along the river and stopped for lunch.",
    "The weather was cold, but the talk was warm.",
    "Last year more than {number} people joined in.",
    "We want to hear what works for you, and what does not.",
    "Your ideas shape the things we plan next.",
    "We asked people what they needed, and we listened.",
    "The new group in {place} will meet on {day}s.",
    "Parking is free, and the bus stops outside.",
    "Please tell us if you need help to get there.",
    "It’s fine to leave early or take a break.",
    "I didn’t think I had much to offer — I was wrong.",
    "Some weeks were harder than others, and that was OK.",
    "I learned that it is OK to ask for help.",
    "Now I help to run the group myself.",
    "We share tips on sleep, food and getting outside.",
    "Being in nature helps many of us feel calmer.",
    "A short walk can lift your mood more than you expect.",
    "Talking to someone you trust is a good first step.",
    "We work with local groups across {place} and beyond.",
    "Our team grew by {number} volunteers this year.",
    "Thank you to everyone who gave their time.",
    "Every donation helps us keep our doors open.",
    "We raised enough to run the cafe for another year.",
    "Staff from local firms joined us for a day of painting.",
    "The garden now has raised beds and a bench in the sun.",
    "We grew beans, peas and far too many courgettes.",
    "Children from the school drew pictures for the walls.",
    "The choir sang three songs and then we all joined in.",
    "Music brings people together in a way words cannot.",
    "The book club read a short novel set by the sea.",
    "We cooked a simple soup and ate it together.",
    "Cooking for one can feel like a chore, so we share tips.",
    "The quiz was close, and the prize was a box of biscuits.",
    "Football on {day} nights is about fun, not winning.",
    "Nobody keeps score, and everyone gets a turn.",
    "We keep the groups small so everyone can be heard.",
    "If you feel nervous, you can call us first for a chat.",
    "One of our team can meet you at the door.",
    "You do not need a referral to come along.",
    "Carers are welcome too, and so are friends and family.",
    "We know it can be hard to take the first step.",
    "{person} told us, “I came for the tea and stayed for the people.”",
    "“It felt like a second home,” said {person}.",
    "We will post the dates for {month} on this site.",
    "The plan is simple: meet, talk, and look out for each other.",
    "Some people come every week, and some drop in now and then.",
    "There is no pressure to join in with anything.",
    "We listen more than we talk.",
    "A good routine can make the week feel lighter.",
    "Getting out of the house was the hardest part at first.",
    "We mapped out short routes that take less than an hour.",
    "Each walk ends at a cafe, so there is always a sit-down.",
    "The paths are flat and easy for most people.",
    "Dogs on leads are welcome on our walks.",
    "We finished the day with cake and a round of thanks.",
    "Everyone left with a plant to take home.",
    "Some of us made cards, and some of us just chatted.",
    "You do not need any skill to join the art class.",
    "It is about the making, not the result.",
    "We hope to open two more groups next spring.",
    "The council gave us a grant to help with the rent.",
    "We trained {number} new peer supporters this year.",
    "The course runs for six weeks, one evening a week.",
    "It covers listening, boundaries and looking after yourself.",
    "At the end, you can choose whether to volunteer with us.",
    "We asked local young people what would help them most.",
    "They told us they wanted a place to meet after school.",
    "So we opened a drop-in on {day} afternoons.",
    "Money worries can weigh on anyone.",
    "We can point you to free advice on bills and debt.",
    "Sleep is often the first thing to go when life is busy.",
    "A calm hour before bed can make a real difference.",
    "Try to get up at the same time each day.",
    "We are proud of what this team has done.",
    "None of this would happen without our volunteers.",
    "Thank you for reading, and we hope to see you soon…",
    "The day went well – better than we had hoped.",
    "We counted {number} people through the door by lunch.",
    "Feedback from the day was kind and very useful.",
    "We have changed the start time because you asked us to.",
    "The next step is to find a bigger room in {place}.",
    "Bring a coat, as the hall can get chilly.",
    "Tea, coffee and biscuits are free.",
    "We meet in {venue} in {place}.",
    "{person} has been coming since the group began.",
    "Most weeks we have about {number} people.",
    "It is a mix of ages, and that is part of the fun.",
    "We try to make every new face feel welcome.",
)
EMPHASIS = (
    "*You are not on your own.*",
    "**Everyone is welcome.**",
    "*It’s OK to take your time.*",
    "**The group is free.**",
    "*Small steps still count.*",
    "**You do not need to book.**",
)
HEADINGS = (
    "How it started",
    "What we do",
    "Who can come",
    "What to expect",
    "Getting there",
    "What people say",
    "What we learned",
    "What happens next",
    "How to get involved",
    "A typical morning",
    "Thank you",
    "Our plans for next year",
    "Finding the group",
    "Looking back",
    "Some numbers",
)
LIST_ITEMS = (
    "Tea and a chat.",
    "A short walk after lunch.",
    "A quiet room if you need a break.",
    "Free parking on site.",
    "Step-free access.",
    "A friendly face at the door.",
    "Time to talk, or just to listen.",
    "Tips on sleep and routine.",
    "Help to find other local groups.",
    "A small garden to sit in.",
    "Games, crafts and books.",
    "Lifts from our volunteer drivers.",
    "A list of dates for the year.",
    "Someone to call before your first visit.",
)
STEPS = (
    "Read about the group on this page.",
    "Call or email us if you have any questions.",
    "Come along on the day, at any time.",
    "Tell us at the door if it is your first time.",
    "Stay as long as you like.",
    "Let us know what you thought.",
)
QUOTES = (
    "I came in feeling low and went home with a smile.",
    "It was the first time in months that I felt heard.",
    "I didn’t have to explain myself. People just got it.",
    "It gave my week a shape again.",
    "I made friends I still see every week.",
)
EXTERNAL = (
    ("local walking routes", "https://example.org/walks/{n}"),
    ("the council’s community page", "https://example.org/council/community"),
    ("our partner’s guide", "https://example.org/guides/{n}"),
    ("a simple sleep guide", "https://example.org/sleep"),
    ("free money advice", "https://example.org/advice/money"),
    ("the bus timetable", "https://example.org/buses/{n}"),
)
INTERNAL = (
    "If you would like to know more, read [“{title}”]({link}).",
    "There is more in our post [“{title}”]({link}).",
    "You might also like [{title}]({link}).",
)
SUMMARIES = (
    "{person} tells us how the {activity} in {place} helped them feel less alone.",
    "News from our team in {place}, with dates for the {activity} and ways to help.",
    "A new {activity} starts in {place} on {day}s, free and open to all.",
    "What we learned from a year of running the {activity} in {place}.",
    "Join us for a {activity} in {place}: no need to book, and everyone is welcome.",
    "Our campaign asks people in {place} to make time for {thing}.",
)
TITLES = {
    "stories": (
        "{person}: finding my feet at the {activity}",
        "{person}’s story: one {day} at a time",
        "How the {activity} helped {person} feel at home",
        "{person}: from the back row to the front door",
        "{person} on {thing} and the {activity} in {place}",
        "What the {activity} means to {person}",
    ),
    "campaigns": (
        "Make time for {thing}",
        "Walk and talk in {place}",
        "Small steps, big change: our {month} campaign",
        "Open doors in {place}",
        "Our {month} appeal for the {activity} in {place}",
        "Time to talk in {place} this {month}",
        "Get outside in {place}: {thing} on {day}s",
        "Funding the {activity} in {place}",
    ),
    "news": (
        "A new {activity} in {place}",
        "News from {place}: {month} update",
        "Thank you from our {place} volunteers",
        "The {activity} moves to {venue}",
        "{number} new volunteers join us in {place}",
        "The {activity} in {place} turns {n}",
        "What you told us about the {activity} in {place}",
    ),
    "events": (
        "{activity_title} in {place}",
        "{month} {activity} at {venue_title}",
        "Open day in {place}",
        "Drop-in {activity} on {day}",
        "{activity_title} in {place} every {day}",
        "Meet the team at {venue_title}, {place}",
        "Summer fair in {place}",
    ),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PHOTO_ALTS = (
    "A path through a park with trees on each side in autumn light",
    "Mugs of tea on a wooden table in a bright cafe",
    "People sitting in a circle of chairs in a community hall",
    "Raised garden beds with beans growing up canes",
    "A river bank with a bench and a bike leaning on it",
    "Hands painting a card with bright colours",
    "A notice board covered in leaflets and hand-drawn posters",
    "A group of walkers in coats on a flat country lane",
    "A pot of soup and bowls on a kitchen counter",
    "Rows of books on shelves in a small library",
    "A football pitch at dusk with the lights on",
    "A table set with cake, cups and a teapot",
)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class PostInfo:
    """One generated post, as the benchmarks need to know it."""

    path: Path  # relative to the content folder
    section: str
    slug: str
    title: str
    date: datetime
    summary: str
    tags: tuple[str, ...]  # header tags, then hashtags not already there
    authors: tuple[str, ...]
    image: str | None  # the site path of the hero photo, if any


@dataclass(frozen=True)
class CorpusInfo:
    """What make_corpus wrote."""

    root: Path
    posts: tuple[PostInfo, ...]
    pages: tuple[Path, ...]  # relative to root
    photos: tuple[Path, ...]  # relative to root
    words: int  # body words over all posts

    @property
    def size(self) -> int:
        """How many posts (pages not counted)."""
        return len(self.posts)


class _Writer:
    """Fills the vocabulary's templates from one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str) -> str:
        """The template with every {slot} replaced by a random word."""
        return PLACEHOLDER.sub(lambda match: self._slot(match[1]), template)

    def _slot(self, name: str) -> str:
        choice = self.rng.choice
        slots = {
            "place": lambda: choice(PLACES),
            "venue": lambda: choice(VENUES),
            "venue_title": lambda: choice(VENUES).removeprefix("the ").title(),
            "activity": lambda: choice(ACTIVITIES),
            "activity_title": lambda: choice(ACTIVITIES).capitalize(),
            "person": lambda: choice(PEOPLE),
            "day": lambda: choice(WEEKDAYS),
            "thing": lambda: choice(THINGS),
            "month": lambda: choice(MONTHS),
            "number": lambda: str(self.rng.randrange(6, 120)),
            "n": lambda: str(self.rng.randrange(1, 50)),
        }
        return slots[name]()

    def paragraph(self) -> str:
        """Three to six sentences, sometimes with one stressed line."""
        # Drawn without replacement: no sentence twice in one paragraph.
        sentences = [
            self.fill(template)
            for template in self.rng.sample(SENTENCES, self.rng.randint(3, 6))
        ]
        if self.rng.random() < 0.15:
            sentences.insert(
                self.rng.randrange(len(sentences)), self.rng.choice(EMPHASIS)
            )
        return " ".join(sentences)


def slugify(text: str) -> str:
    """A file-name slug: lower-case ASCII words joined by hyphens."""
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_photo(path: Path, seed: int) -> Path:
    """Write a textured 1600x1200 JPEG with phone EXIF, including a GPS position."""
    # Seeded, not secret: the same photos every run so timings compare.
    rng = random.Random(seed)  # noqa: S311
    image = textured_photo(PHOTO_SIZE, rng, shapes=10, texture=(40, 300))

    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"  # Make
    exif[0x0110] = "Model 3"  # Model
    exif[0x0132] = f"2024:0{1 + seed % 9}:1{seed % 10} 10:2{seed % 10}:00"  # DateTime
    gps = exif.get_ifd(0x8825)  # the GPS block the site must strip
    gps[1] = "N"
    gps[2] = (52.0, float(rng.randrange(60)), round(rng.uniform(0, 60), 2))
    gps[3] = "E"
    gps[4] = (0.0, float(rng.randrange(30)), round(rng.uniform(0, 60), 2))
    image.save(path, "JPEG", quality=PHOTO_QUALITY, exif=exif.tobytes())
    return path


def _unique_title(
    writer: _Writer, section: str, date: datetime, taken: set[str]
) -> str:
    """A title whose slug no other post has, in any section."""
    # Unique across sections, not only within one: stock Pelican's default URLs are
    # /{slug}.html, and it stops on two posts with one slug.
    for _ in range(20):
        title = writer.fill(writer.rng.choice(TITLES[section]))
        if slugify(title) not in taken:
            return title
    title = f"{title}, {date:%B %Y}"  # as an editor tells two events apart
    count = 1
    while slugify(title) in taken:
        count += 1
        title = f"{title.rsplit(' (', 1)[0]} ({count})"
    return title


def _plan(rng: random.Random, writer: _Writer, n: int) -> list[PostInfo]:
    """Titles, file names, dates and header fields of every post, before any body."""
    posts: list[PostInfo] = []
    slugs: set[str] = set()
    minutes: set[int] = set()
    for index in range(n):
        section = SECTIONS[index % len(SECTIONS)]  # spread evenly
        # Unique minutes between 08:00 and 20:00, so the order of posts is fixed.
        while True:
            minute = rng.randrange(DAYS) * 1440 + rng.randrange(8 * 60, 20 * 60)
            if minute not in minutes:
                minutes.add(minute)
                break
        date = FIRST_DAY + timedelta(minutes=minute)
        title = _unique_title(writer, section, date, slugs)
        slug = slugify(title)
        slugs.add(slug)
        tags = rng.sample(CAMEL_TAGS + PLAIN_TAGS, rng.randint(2, 4))
        authors: tuple[str, ...] = ()
        if rng.random() < AUTHORS_SHARE:
            authors = tuple(rng.sample(AUTHORS, rng.choice((1, 1, 1, 2))))
        image = None
        if rng.random() < HERO_SHARE:
            image = f"images/bench/photo-{rng.randrange(PHOTO_COUNT):02d}.jpg"
        posts.append(
            PostInfo(
                path=Path(section, f"{slug}.md"),
                section=section,
                slug=slug,
                title=title,
                date=date,
                summary=writer.fill(rng.choice(SUMMARIES)),
                tags=tuple(tags),
                authors=authors,
                image=image,
            )
        )
    return posts


def _body(
    rng: random.Random, writer: _Writer, post: PostInfo, others: list[PostInfo]
) -> tuple[str, int]:
    """The Markdown body of one post and its word count."""
    target = rng.randint(*WORDS)
    blocks: list[str] = [writer.paragraph()]
    internal = rng.sample(others, min(len(others), rng.randint(1, 2)))
    external = rng.sample(EXTERNAL, rng.randint(1, 2))
    headings = rng.sample(HEADINGS, len(HEADINGS))
    body_image = rng.random() < BODY_IMAGE_SHARE
    words = len(blocks[0].split())
    while words < target:
        blocks.append(f"## {headings.pop() if headings else 'More news'}")
        for _ in range(rng.randint(1, 3)):
            blocks.append(writer.paragraph())
        extra = rng.random()
        if extra < 0.25:
            items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
            blocks.append("\n".join(f"- {item}" for item in items))
        elif extra < 0.4:
            steps = STEPS[: rng.randint(3, len(STEPS))]
            blocks.append("\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
        elif extra < 0.55:
            blocks.append(f"> {rng.choice(QUOTES)}\n>\n> — {rng.choice(PEOPLE)}")
        if internal and rng.random() < 0.5:
            blocks.append(_internal_link(rng, internal.pop()))
        if external and rng.random() < 0.4:
            label, url = external.pop()
            url = writer.fill(url)
            blocks.append(f"You can also look at [{label}]({url}) for more.")
        if body_image and rng.random() < 0.5:
            number = rng.randrange(PHOTO_COUNT)
            blocks.append(
                f"![{PHOTO_ALTS[number]}]({{static}}/images/bench/"
                f"photo-{number:02d}.jpg)"
            )
            body_image = False
        words = sum(len(block.split()) for block in blocks)
    # Links still unplaced go at the end, so every post links as planned.
    blocks += [_internal_link(rng, other) for other in internal]
    for label, url in external:
        blocks.append(f"See [{label}]({writer.fill(url)}).")
    return "\n\n".join(blocks) + "\n", words


def _internal_link(rng: random.Random, other: PostInfo) -> str:
    """A sentence linking to another post by its source file, as editors link."""
    link = f"{{filename}}/{other.path.as_posix()}"
    return rng.choice(INTERNAL).format(title=other.title, link=link)


def _header(post: PostInfo, rng: random.Random) -> list[str]:
    """The `Key: value` lines of one post."""
    lines = [
        f"Title: {post.title}",
        f"Date: {post.date:%Y-%m-%d %H:%M}",
        f"Summary: {post.summary}",
        f"Tags: {', '.join(post.tags)}",
    ]
    if post.authors:
        lines.append(f"Authors: {', '.join(post.authors)}")
    if post.image:
        number = int(post.image[-6:-4])
        lines.append(f"Image: {{static}}/{post.image}")
        lines.append(f"Image_alt: {PHOTO_ALTS[number]}")
    if post.section == "stories":
        lines.append("Consent: Recorded consent CF-2024-001")
    if post.section == "events":
        start = post.date + timedelta(days=rng.randint(7, 40))
        start = start.replace(hour=rng.choice((10, 13, 18)), minute=rng.choice((0, 30)))
        end = start + timedelta(hours=rng.choice((1, 2, 3)))
        lines.append(f"Event_start: {start:%Y-%m-%d %H:%M}")
        lines.append(f"Event_end: {end:%Y-%m-%d %H:%M}")
        venue = rng.choice(VENUES).capitalize()
        lines.append(f"Location: {venue}, {rng.choice(PLACES)}")
    return lines


PAGES = {
    "about": ("About us", None, "Who we are and the groups we run across the area."),
    "get-help": (
        "Get help now",
        "get-help",
        "If you need to talk to someone today, these free services will listen.",
    ),
    "newsletter": (
        "Newsletter",
        "newsletter",
        "Sign up for our email newsletter with news, stories and dates for events.",
    ),
    "privacy": (
        "Privacy",
        "privacy",
        "What we keep about you, and why, in plain words.",
    ),
}


def _pages(dest: Path, writer: _Writer) -> list[Path]:
    """The four pages the theme expects: About, Get help now, Newsletter, Privacy."""
    written = []
    for slug, (title, template, summary) in PAGES.items():
        lines = [f"Title: {title}", f"Summary: {summary}"]
        if template:
            lines.append(f"Template: {template}")
        body = [writer.paragraph(), "## How to find us", writer.paragraph()]
        path = Path("pages", f"{slug}.md")
        (dest / path).write_text(
            "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


def make_corpus(dest: Path, n: int, seed: int = 1) -> CorpusInfo:
    """Write n posts, the four pages and 12 photos into dest; same seed, same bytes."""
    # Seeded, not secret: the same corpus every run so timings compare.
    rng = random.Random(seed)  # noqa: S311
    writer = _Writer(rng)
    for folder in (*SECTIONS, "pages", "images/bench"):
        (dest / folder).mkdir(parents=True, exist_ok=True)
    photos = [
        make_photo(dest / "images" / "bench" / f"photo-{i:02d}.jpg", seed * 100 + i)
        for i in range(PHOTO_COUNT)
    ]
    planned = _plan(rng, writer, n)
    posts: list[PostInfo] = []
    total_words = 0
    for post in planned:
        others = [other for other in planned if other is not post]
        body, words = _body(rng, writer, post, others)
        total_words += words
        tags = post.tags
        if rng.random() < HASHTAG_SHARE:
            hashtags = rng.sample(CAMEL_TAGS, rng.randint(1, 3))
            body += "\n" + " ".join(f"#{tag}" for tag in hashtags) + "\n"
            # The reader adds hashtags to the tags; equal names in any case are one.
            known = {tag.lower() for tag in tags}
            tags += tuple(tag for tag in hashtags if tag.lower() not in known)
        text = "\n".join(_header(post, rng)) + "\n\n" + body
        (dest / post.path).write_text(text, encoding="utf-8")
        posts.append(replace(post, tags=tags))  # with the hashtags
    pages = _pages(dest, writer)
    return CorpusInfo(
        root=dest,
        posts=tuple(posts),
        pages=tuple(pages),
        photos=tuple(photo.relative_to(dest) for photo in photos),
        words=total_words,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus of N posts into DEST."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, metavar="DEST", help="folder to write")
    parser.add_argument(
        "size", type=int, nargs="?", default=100, metavar="N", help="posts (100)"
    )
    args = parser.parse_args(argv)
    if args.size < 2:
        parser.error("N must be at least 2")
    info = make_corpus(args.dest, args.size)
    print(f"Wrote {info.size} posts ({info.words:,} words) to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
