"""The demo's forum threads, planned: who writes what, and when.

The words are in ``data/forums-network.toml``, ``data/forums-lab.toml`` (each community's
categories and scripted threads) and ``data/forums-threads.toml`` (material for the long
threads written from the people in them: introductions, reading list, habits, hackathon
teams). People are picked by what they do and where (``Who``), not by name, so the forums
keep working when ``people.py`` makes up different names. In the text, ``@{key}`` becomes
that person's @handle and ``{key}`` their first name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salon.communities.models import CircleMembership, Community, Membership
from salon.demo.content import dated, load
from salon.discussions import mentions
from salon.discussions.models import TopicKind

COHORT_SLUG = "leadership-cohort"
ALL = 10_000  # "read everything": read marks are capped at the topic's last post


@dataclass(frozen=True)
class Who:
    """A demo person by country and what they do; ``title`` is a word of their title."""

    country: str
    function: str = ""
    title: str = ""
    role: str = ""


@dataclass(frozen=True)
class Forum:
    key: str
    name: str
    description: str
    circle: str = ""  # the circle's slug: the category is in that circle's forum
    chatham_house: bool = False
    member_watches: bool = False  # the demo member watches the whole category


@dataclass(frozen=True)
class Thread:
    forum: str
    title: str
    author: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()
    kind: str = TopicKind.DISCUSSION
    tags: tuple[str, ...] = ()
    opened: float = 30.0  # days ago
    last: float = 24.0  # hours ago, the last reply
    accepted: int | None = None  # the reply the asker accepts (index into replies)
    pinned: bool = False
    member_reads: int = 0  # how far the demo member has read (0: as their posts leave it)
    member_watches: bool = False
    edits: tuple[tuple[int, str], ...] = ()  # (reply index, new text), by its author


@dataclass(frozen=True)
class CommunityForums:
    cast: dict[str, Who]
    forums: list[Forum]
    threads: list[Thread]


def community_forums(name: str, today: date) -> CommunityForums:
    """A community's forum content from ``data/<name>.toml``, its years filled in."""
    data = load(name)

    def text(value: str) -> str:
        return dated(value, today)

    return CommunityForums(
        cast={key: Who(**who) for key, who in data["cast"].items()},
        forums=[
            Forum(**{**f, "name": text(f["name"]), "description": text(f["description"])})
            for f in data["forums"]
        ],
        threads=[
            Thread(
                forum=t["forum"],
                title=text(t["title"]),
                author=t["author"],
                body=text(t["body"]),
                replies=tuple((r["by"], text(r["text"])) for r in t.get("replies", ())),
                kind=t.get("kind", TopicKind.DISCUSSION),
                tags=tuple(t.get("tags", ())),
                opened=float(t["opened_days_ago"]),
                last=float(t["last_reply_hours_ago"]),
                accepted=t.get("accepted"),
                pinned=t.get("pinned", False),
                member_reads=ALL if t.get("member_reads") == "all" else t.get("member_reads", 0),
                member_watches=t.get("member_watches", False),
                edits=tuple((e["reply"], text(e["text"])) for e in t.get("edits", ())),
            )
            for t in data["threads"]
        ],
    )


@dataclass
class Planned:
    """A thread with real people and times, ready to write."""

    forum: str
    title: str
    author: Any
    body: str
    opened: datetime
    replies: list[tuple[Any, str, datetime]]
    kind: str = TopicKind.DISCUSSION
    tags: tuple[str, ...] = ()
    accepted: int | None = None
    pinned: bool = False
    member_reads: int = 0
    member_watches: bool = False
    edits: tuple[tuple[int, str], ...] = ()


@dataclass
class Timeline:
    """When each thing the seed wrote happened, for dating it and its notifications."""

    now: datetime
    post_at: dict[int, datetime] = field(default_factory=dict)
    post_place: dict[int, tuple[int, int]] = field(default_factory=dict)  # (topic, number)
    topic_at: dict[int, datetime] = field(default_factory=dict)
    accepted_at: dict[int, datetime] = field(default_factory=dict)
    # (topic, person) → the post number from which they followed the topic
    following: dict[tuple[int, int], int] = field(default_factory=dict)


class Cast:
    """A community's people for the threads, picked by ``Who``, with their @handles."""

    def __init__(
        self,
        community: Community,
        director: Any,
        member: Any,
        now: datetime,
        roles: dict[str, Who],
    ) -> None:
        self.community = community
        self.roles = roles
        memberships = list(
            Membership.objects.filter(community=community).select_related("user").order_by("pk")
        )
        self.joined = {m.user_id: m.joined_at for m in memberships}
        self.users = {m.user_id: m.user for m in memberships}
        self.users[director.pk], self.users[member.pk] = director, member
        self.people = [m for m in memberships if m.user_id not in {director.pk, member.pk}]
        self.handles = mentions.display_handles((m.user_id, m.user.name) for m in memberships)
        self.picked: dict[str, Any] = {"director": director, "member": member}
        # People who joined before the forums' first posts can write anywhere in them.
        self.veteran_before = now - timedelta(days=60)

    def pick(self, key: str, who: Who) -> Any:
        if key in self.picked:
            return self.picked[key]
        taken = {u.pk for u in self.picked.values()}
        # Guests reply but do not start topics: only a part written for a guest gets one.
        taken |= {m.user_id for m in self.people if (m.role == "guest") != (who.role == "guest")}

        def country(m: Membership) -> bool:
            return bool(m.user.country == who.country)

        def function(m: Membership) -> bool:
            return not who.function or m.user.function == who.function

        def title(m: Membership) -> bool:
            return not who.title or who.title in m.user.title

        def role(m: Membership) -> bool:
            return not who.role or m.role == who.role

        # The strictest match first; then drop the title and the function. A part written
        # for an expert or a mentor keeps its role before its country: an accepted answer
        # from "an expert" must come from one.
        orders: list[list[Callable[[Membership], bool]]] = [[country, function, title, role]]
        if who.role:
            orders += [[role, country], [role, function], [role]]
        orders += [[country, function, title], [country, function], [country]]
        free = [m for m in self.people if m.user_id not in taken]
        veterans = [m for m in free if m.joined_at <= self.veteran_before]
        # Someone who had joined before the forums began first: nobody writes in a
        # community before they joined it.
        for pool in (veterans, free):
            for tests in orders:
                found = [m for m in pool if all(test(m) for test in tests)]
                if found:
                    self.picked[key] = self.users[found[0].user_id]
                    return self.picked[key]
        self.picked[key] = self.users[(veterans or free)[0].user_id]
        return self.picked[key]

    def text(self, source: str) -> str:
        """``@{key}`` → the person's @handle, ``{key}`` → their first name."""

        def person(match: re.Match[str]) -> str:
            user = self.person(match.group(2))
            if match.group(1):
                return f"@{self.handles[user.pk]}"
            return str(user.name).split()[0]

        return re.sub(r"(@?)\{(\w+)\}", person, source)

    def joined_before(self, when: datetime) -> list[Membership]:
        """The people (besides the director and the member) who had joined by ``when``."""
        return [m for m in self.people if m.joined_at < when]

    def person(self, key: str) -> Any:
        """The person playing ``key`` (a typo in a key is an error, not a random pick)."""
        if key in self.picked:
            return self.picked[key]
        return self.pick(key, self.roles[key])


def _times(rng: random.Random, opened: datetime, last: datetime, count: int) -> list[datetime]:
    """``count`` reply times after ``opened``, the last at ``last``: most replies come
    early, a few trickle in later."""
    if count == 0:
        return []
    span = max((last - opened).total_seconds(), 60.0 * count)
    points = [*sorted(rng.random() ** 1.5 for _ in range(count - 1)), 1.0]
    times: list[datetime] = []
    for point in points:
        when = opened + timedelta(seconds=span * point)
        if times and when <= times[-1]:
            when = times[-1] + timedelta(minutes=rng.randint(7, 40))
        times.append(when)
    return times


def scripted(thread: Thread, cast: Cast, rng: random.Random, now: datetime) -> Planned:
    opened = now - timedelta(days=thread.opened, minutes=rng.randint(0, 600))
    # Jitter, so that threads last active "a day ago" do not all end at the same minute.
    last = now - timedelta(hours=thread.last + rng.uniform(0, min(thread.last / 4, 5)))
    times = _times(rng, opened + timedelta(minutes=30), max(last, opened), len(thread.replies))
    return Planned(
        forum=thread.forum,
        title=thread.title,
        author=cast.person(thread.author),
        body=cast.text(thread.body),
        opened=opened,
        replies=[
            (cast.person(key), cast.text(body), when)
            for (key, body), when in zip(thread.replies, times, strict=True)
        ],
        kind=thread.kind,
        tags=thread.tags,
        accepted=thread.accepted,
        pinned=thread.pinned,
        member_reads=thread.member_reads,
        member_watches=thread.member_watches,
        edits=tuple((i, cast.text(body)) for i, body in thread.edits),
    )


def _after_joining(
    rng: random.Random, cast: Cast, user: Any, earliest: datetime, latest: datetime
) -> datetime:
    """A time between ``earliest`` and ``latest``, and after ``user`` joined."""
    start = max(earliest, cast.joined[user.pk] + timedelta(hours=rng.randint(4, 60)))
    seconds = max((latest - start).total_seconds(), 0)
    return min(start + timedelta(seconds=seconds * rng.random() ** 2), latest)


def _long(name: str, now: datetime) -> dict[str, Any]:
    """The fixed words of one long thread (title, opening post, the demo member's reply)."""
    words = dict(load("forums-threads")[name])
    for key in ("title", "body", "member_reply"):
        if key in words:
            words[key] = dated(words[key], now.date())
    return words


def introductions(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    words, material = _long("introductions", now), load("forums-threads")
    opened = now - timedelta(days=58, hours=3)
    latest = now - timedelta(days=4)
    replies = []
    people = cast.joined_before(latest - timedelta(days=3))
    for membership in rng.sample(people, min(56, len(people))):
        user = membership.user
        city = user.timezone.split("/")[-1].replace("_", " ")
        fields = {
            "name": user.name,
            "title": user.title,
            "unit": user.organisation_unit or user.organisation,
            "city": material["city_of_zone"].get(user.timezone, city),
            "wish": material["wishes"].get(
                user.function, "how leaders in other regions make decisions"
            ),
            "interest": (user.interests or ["leadership"])[0],
        }
        body = rng.choice(words["openings"]).format(**fields)
        body += " " + rng.choice(words["middles"]).format(**fields)
        replies.append((user, body, _after_joining(rng, cast, user, opened, latest)))
    member = cast.picked["member"]
    replies.append((member, words["member_reply"], opened + timedelta(days=1, hours=5)))
    replies.sort(key=lambda reply: reply[2])
    return Planned(
        forum="lounge",
        title=words["title"],
        author=cast.picked["director"],
        body=words["body"],
        opened=opened,
        replies=replies,
        tags=("introductions",),
        member_reads=12,
    )


def reading_list(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    words = _long("reading_list", now)
    books = [(b["book"], b["note"]) for b in load("forums-threads")["books"]]
    opened = now - timedelta(days=35, hours=6)
    latest = now - timedelta(hours=28)
    people = cast.joined_before(latest - timedelta(days=3))
    readers = rng.sample(people, min(len(books), len(people)))
    replies = [
        (
            m.user,
            f"{book}. {comment}",
            _after_joining(rng, cast, m.user, opened + timedelta(hours=2), latest),
        )
        for m, (book, comment) in zip(readers, books, strict=False)
    ]
    replies.sort(key=lambda reply: reply[2])
    author = cast.person("olivia")
    return Planned(
        forum="lounge",
        title=words["title"],
        author=author,
        body=words["body"],
        opened=opened,
        replies=[r for r in replies if r[0].pk != author.pk],
        tags=("books",),
    )


def module_habits(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    words = _long("habits", now)
    cohort = set(
        CircleMembership.objects.filter(
            circle__community=cast.community, circle__slug=COHORT_SLUG
        ).values_list("user_id", flat=True)
    )
    member = cast.picked["member"]
    opened = now - timedelta(days=24, hours=2)
    latest = now - timedelta(days=1, hours=6)
    people = [m.user for m in cast.joined_before(latest - timedelta(days=3)) if m.user_id in cohort]
    habits = rng.sample(words["habits"], min(len(words["habits"]), len(people)))
    replies = [
        (user, habit + rng.choice(words["tails"]), _after_joining(rng, cast, user, opened, latest))
        for user, habit in zip(people, habits, strict=False)
    ]
    if member.pk in cohort:
        replies.append((member, words["member_reply"], opened + timedelta(days=2, hours=3)))
    replies.sort(key=lambda reply: reply[2])
    return Planned(
        forum="cohort",
        title=words["title"],
        author=cast.picked["director"],
        body=words["body"],
        opened=opened,
        replies=replies,
        tags=("module-2", "habits"),
        member_reads=ALL,
    )


def hackathon_teams(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    words, material = _long("hackathon_teams", now), load("forums-threads")
    projects = [(p["theme"], p["project"]) for p in material["hackathon_projects"]]
    skills: dict[str, str] = material["skills"]
    opened = now - timedelta(days=10, hours=1)
    latest = now - timedelta(hours=20)
    organiser = cast.person("oliver")
    pool = [m.user for m in cast.joined_before(opened) if m.user_id != organiser.pk]
    rng.shuffle(pool)
    builders, joiners = pool[: len(projects)], pool[len(projects) : len(projects) + 12]
    times = _times(rng, opened + timedelta(hours=1), latest, len(builders) + len(joiners) + 1)
    replies: list[tuple[Any, str]] = []
    for user, (theme, project) in zip(builders, projects, strict=False):
        first, second = rng.sample([s for f, s in skills.items() if f != user.function], 2)
        have = skills.get(user.function, "a customer problem worth solving")
        text = words["builder"].format(
            theme=theme, project=project, have=have, first=first, second=second
        )
        replies.append((user, text))
    for user in joiners:
        builder = rng.choice(builders)
        have = skills.get(user.function, "energy and customer contacts")
        replies.append((user, words["joiner"].format(handle=cast.handles[builder.pk], have=have)))
    replies.insert(len(builders) + 3, (cast.picked["member"], words["member_reply"]))
    return Planned(
        forum="ideas",
        title=words["title"],
        author=organiser,
        body=words["body"],
        opened=opened,
        replies=[(u, body, when) for (u, body), when in zip(replies, times, strict=True)],
        tags=("hackathon", "teams"),
        member_reads=7,
    )
