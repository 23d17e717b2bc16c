"""The network for the demo (``data/network.toml``): the Global Executive Network's ties
grown across regions since the cohort and mentoring began; the demo member's connections,
an introduction waiting for their answer, a request to connect, and conversations with
peers in other regions (some still unread)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from salon.communities.models import PARTICIPANT_ROLES, Community, Membership, Role
from salon.core.markdown import render_markdown
from salon.demo.content import load
from salon.network import roulette
from salon.network.models import (
    Answer,
    CoffeePair,
    CoffeeRound,
    Connection,
    ConnectionRequest,
    Conversation,
    CountryNote,
    Introduction,
    Message,
    NetworkSettings,
    Participant,
)
from salon.network.services.roulette import fair_time

WORDS = load("network")
# Messages from others newer than this are left unread for the demo member.
UNREAD_HOURS = 36
# Ties among the other members, and over how many days they grew (more of them lately).
TIES = 48
TIE_DAYS = 330


def _by_region(gen: Community, besides: set[int]) -> dict[str, list[Any]]:
    rows = (
        Membership.objects.filter(
            community=gen, role__in=[Role.MEMBER, Role.MENTOR, Role.EXPERT, Role.FACILITATOR]
        )
        .exclude(user_id__in=besides)
        .select_related("user")
        .order_by("user_id")
    )
    found: dict[str, list[Any]] = {}
    for m in rows:
        found.setdefault(m.user.region, []).append(m.user)
    return found


def _connect(a: Any, b: Any, when: datetime) -> None:
    low, high = sorted((a.pk, b.pk))
    Connection.objects.get_or_create(
        user_low_id=low, user_high_id=high, defaults={"created_at": when}
    )


def _conversation(
    community: Community,
    people: list[Any],
    title: str,
    lines: list[tuple[Any, int, str]],
    member: Any,
) -> Conversation:
    now = timezone.now()
    first_at = now - timedelta(hours=max(h for _a, h, _b in lines) + 1)
    conversation = Conversation.objects.create(
        community=community,
        title=title,
        is_group=len(people) > 2,
        started_by=lines[0][0],
        created_at=first_at,
        last_message_at=first_at,
    )
    made = [
        Message.objects.create(
            conversation=conversation,
            author=author,
            body=body,
            body_html=render_markdown(body),
            created_at=now - timedelta(hours=hours),
        )
        for author, hours, body in lines
    ]
    last = made[-1]
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=last.created_at, last_message_id=last.pk
    )
    fresh = now - timedelta(hours=UNREAD_HOURS)
    for person in people:
        # Read up to the first message still new to them (only the demo member has any).
        up_to = 0
        for m in made:
            if person.pk == member.pk and m.author_id != member.pk and m.created_at >= fresh:
                break
            up_to = m.pk
        Participant.objects.create(
            conversation=conversation,
            user=person,
            joined_at=first_at,
            read_up_to=up_to,
            # The demo's history is not news: nobody is emailed about it.
            emailed_up_to=last.pk,
        )
    return conversation


def seed_network(*, director: Any, member: Any) -> None:
    gen = Community.objects.get(slug="global-executive-network")
    rng = random.Random(17)
    now = timezone.now()
    people = _by_region(gen, besides={director.pk, member.pk})
    introducer = next(
        m.user
        for m in Membership.objects.filter(community=gen, role=Role.FACILITATOR)
        .exclude(user_id__in=[director.pk, member.pk])
        .select_related("user")
        .order_by("user_id")
    )
    taken = {introducer.pk}

    def pick(region: str) -> Any:
        person = next(p for p in people.get(region, []) if p.pk not in taken)
        taken.add(person.pk)
        return person

    others = {"director": director}
    for spec in WORDS["conversations"]:
        if spec["with"] != "director":
            others[spec["with"]] = pick(spec["with"])
    asker = pick(WORDS["pending_request"]["from_region"])
    introduced = pick(WORDS["introduction"]["to_region"])
    groups = [[pick(region) for region in spec["regions"]] for spec in WORDS["groups"]]

    # The demo member's own ties: the director since joining, the others more recently.
    for n, other in enumerate([*others.values(), *(p for g in groups for p in g[:2])]):
        _connect(member, other, now - timedelta(days=100 - 15 * n))
    # The community's ties, most of them across regions, more of them lately.
    everyone = [p for region in people.values() for p in region]
    for _ in range(TIES):
        a = rng.choice(everyone)
        pool = [p for p in everyone if p.region != a.region] if rng.random() < 0.75 else everyone
        b = rng.choice(pool)
        if a.pk != b.pk and member.pk not in (a.pk, b.pk):
            days = int(TIE_DAYS * (1 - rng.random() ** 0.5))
            _connect(a, b, now - timedelta(days=days, hours=rng.randint(0, 20)))

    ConnectionRequest.objects.create(
        sender=asker,
        recipient=member,
        note=WORDS["pending_request"]["note"],
        created_at=now - timedelta(hours=20),
    )
    Introduction.objects.create(
        community=gen,
        introducer=introducer,
        first=member,
        second=introduced,
        note=WORDS["introduction"]["note"],
        second_answer=Answer.ACCEPTED,
        created_at=now - timedelta(hours=26),
    )

    for who, style in WORDS["working_style"].items():
        NetworkSettings.objects.update_or_create(
            user={"member": member, "director": director}[who], defaults=style
        )
    CountryNote.objects.bulk_create(
        CountryNote(
            community=gen,
            country=note["country"],
            body=note["body"],
            updated_by=introducer,
            updated_at=now - timedelta(days=40 + 9 * n),
        )
        for n, note in enumerate(WORDS["country_notes"])
    )

    _coffee_round(gen, director=director, member=member, now=now, rng=rng)

    for spec in WORDS["conversations"]:
        other = others[spec["with"]]
        lines = [
            (member if line["from"] == "member" else other, line["hours_ago"], line["body"])
            for line in spec["messages"]
        ]
        _conversation(gen, [member, other], "", lines, member)
    for spec, group in zip(WORDS["groups"], groups, strict=True):
        lines = [
            (
                member if line["from"] == "member" else group[line["from"]],
                line["hours_ago"],
                line["body"],
            )
            for line in spec["messages"]
        ]
        _conversation(gen, [*group, member], spec["title"], lines, member)


def _coffee_round(gen: Community, *, director: Any, member: Any, now: datetime, rng: Any) -> None:
    """A finished round of coffee roulette: two in three members opted in (the demo member
    among them), paired across regions at fair times three weeks ago; most pairs met."""
    spec = WORDS["coffee_roulette"]
    people = [
        m.user
        for m in Membership.objects.filter(community=gen, role__in=PARTICIPANT_ROLES)
        .exclude(user=director)
        .select_related("user")
        .order_by("user_id")
    ]
    takers = [p for p in people if p.pk == member.pk or rng.random() < spec["opted_in"]]
    NetworkSettings.objects.bulk_create(
        [NetworkSettings(user=p, coffee_roulette=True) for p in takers],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["coffee_roulette"],
    )
    started = now - timedelta(days=spec["started_days_ago"])
    meet_by = (started + timedelta(days=spec["days_to_meet"])).date()
    coffee = CoffeeRound.objects.create(
        community=gen, meet_by=meet_by, created_by=director, created_at=started
    )
    by_id = {p.pk: p for p in takers}
    pairs = roulette.pair([roulette.Person(p.pk, p.region) for p in takers], seed=3)
    CoffeeRound.objects.filter(pk=coffee.pk).update(unpaired=len(takers) - 2 * len(pairs))
    rows = []
    for a, b in pairs:
        met = rng.random() < spec["met_share"]
        rows.append(
            CoffeePair(
                round=coffee,
                first_id=a,
                second_id=b,
                starts_at=fair_time(
                    by_id[a], by_id[b], first=started.date() + timedelta(days=1), last=meet_by
                ),
                first_met=met if rng.random() < 0.9 else None,
                second_met=met if rng.random() < 0.7 else None,
            )
        )
    CoffeePair.objects.bulk_create(rows)
