"""Synthetic scale data: one community of thousands of believable executives, built fast.

``make bench`` builds 500 and 5,000 members with it; feature benchmarks and query-count
tests can reuse it (``build_scale_data(500)`` takes about a second). Everything is
bulk-created with one shared password hash, and the people, roles and circles come from
a seeded ``random.Random``, so two builds with the same arguments hold the same data.
Only absolute timestamps follow the clock (``now``); their order does not.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from salon.accounts.models import Language, User
from salon.communities.models import (
    Circle,
    CircleKind,
    CircleMembership,
    Community,
    Membership,
    Role,
    Visibility,
)
from salon.demo.people import (
    BIOS,
    COUNTRIES,
    GEN_TITLES,
    GEN_UNITS,
    INTERESTS,
    LAB_TITLES,
    LAB_UNITS,
)

SCALE_PASSWORD = "salon-scale"
BATCH_SIZE = 500

# (organisation, industry): several employers, so the industry filter has real choices.
ORGANISATIONS: list[tuple[str, str]] = [
    ("Meridian Group", "Industrial conglomerate"),
    ("Northwind Technologies", "Software"),
    ("Halcyon Bank", "Banking"),
    ("Corvus Insurance", "Insurance"),
    ("Alder Pharma", "Pharmaceuticals"),
    ("Brightwater Energy", "Energy"),
    ("Solace Consumer Brands", "Consumer goods"),
    ("Keystone Logistics", "Logistics"),
    ("Lumen Telecom", "Telecommunications"),
    ("Atlas Motors", "Automotive"),
    ("Marlow & Finch", "Professional services"),
    ("Cedar Retail", "Retail"),
]
TITLES = GEN_TITLES + LAB_TITLES
UNITS = GEN_UNITS + LAB_UNITS
# A second language people often add to their country's own.
EXTRA_LANGUAGES = ("en", "fr", "es", "de", "zh", "pt", "ar", "ja")
# Cumulative role odds after the one director: 1% facilitators, 4% mentors, 2% experts,
# 1% guests, the rest members.
ROLE_ODDS: list[tuple[float, Role]] = [
    (0.01, Role.FACILITATOR),
    (0.05, Role.MENTOR),
    (0.07, Role.EXPERT),
    (0.08, Role.GUEST),
]
CHAPTERS = {
    "emea": "EMEA Chapter",
    "americas": "Americas Chapter",
    "apac": "Asia-Pacific Chapter",
    "mea": "Middle East & Africa Chapter",
}


def scale_director_email(slug: str = "scale") -> str:
    """The sign-in of the scale community's director (password ``SCALE_PASSWORD``)."""
    return f"director@{slug}.example"


def _ascii_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part.lower() for part in ascii_name.replace("-", " ").split())


def _role(rng: random.Random) -> Role:
    draw = rng.random()
    for odds, role in ROLE_ODDS:
        if draw < odds:
            return role
    return Role.MEMBER


def _person(
    rng: random.Random, index: int, domain: str, password_hash: str, now: datetime
) -> tuple[User, tuple[str, ...]]:
    country = rng.choice(COUNTRIES)
    first = rng.choice(country.first_names)
    last = rng.choice(country.last_names)
    name = f"{first} {last}"
    title, function = rng.choice(TITLES)
    organisation, industry = rng.choice(ORGANISATIONS)
    unit = rng.choice(UNITS)
    interests = rng.sample(INTERESTS, 3)
    bio = rng.choice(BIOS).format(
        n=rng.choice([40, 120, 300, 900]), c=country.name, f=function, u=unit, i=interests[0]
    )
    languages = country.languages
    if rng.random() < 0.3:
        extra = rng.choice(EXTRA_LANGUAGES)
        if extra not in languages:
            languages = (*languages, extra)
    user = User(
        email=f"{_ascii_slug(name)}.{index}@{domain}",
        name=name,
        password=password_hash,
        title=title,
        organisation=organisation,
        organisation_unit=unit,
        function=function,
        industry=industry,
        region=country.region,
        country=country.name.replace(" (West)", ""),
        timezone=country.timezone,
        timezone_confirmed=True,
        work_start=time(8, rng.choice([0, 30])) if rng.random() < 0.6 else time(9, 0),
        work_end=time(rng.choice([17, 18]), rng.choice([0, 30])),
        bio=bio,
        interests=interests,
        is_demo=True,
        date_joined=now - timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1439)),
    )
    return user, languages


@transaction.atomic
def build_scale_data(
    members: int,
    *,
    slug: str = "scale",
    seed: int = 2026,
    now: datetime | None = None,
) -> Community:
    """Create one private community with ``members`` people in it (its director included).

    Profiles span every region, function and a dozen employers and industries; each person
    speaks their country's languages (some a second one). Roles: one director, then about
    1% facilitators, 4% mentors, 2% experts, 1% guests, the rest members. Circles: a
    chapter per region holding everyone from it, cohorts of 25 (one per 1,000 members),
    peer-learning sets of 6 (one per 250 members), an open working group and a private
    programme board. A few people per employer and region report to a manager.
    """
    if members < 1:
        raise ValueError("A scale community needs at least one member (its director).")
    rng = random.Random(seed)
    now = now or timezone.now()
    domain = f"{slug}.example"
    password_hash = make_password(SCALE_PASSWORD)
    language_ids = dict(Language.objects.values_list("code", "pk"))

    community = Community.objects.create(
        name="Global Leadership Forum",
        slug=slug,
        tagline="Thousands of executives from a dozen companies, learning from each other.",
        purpose=(
            "The Global Leadership Forum brings together senior leaders from every region "
            "and industry.\n\nWe meet in regional chapters, learn in cohorts and peer-learning "
            "sets, and mentor each other across borders."
        ),
        visibility=Visibility.PRIVATE,
    )

    people: list[tuple[User, tuple[str, ...]]] = []
    for index in range(members):
        people.append(_person(rng, index, domain, password_hash, now))
    director, _ = people[0]
    director.email = scale_director_email(slug)
    director.name = "Helena Marsh"
    director.title = "Director, Global Leadership Programmes"
    users = User.objects.bulk_create([u for u, _ in people], batch_size=BATCH_SIZE)

    User.languages.through.objects.bulk_create(
        [
            User.languages.through(user_id=user.pk, language_id=language_ids[code])
            for user, codes in zip(users, (langs for _, langs in people), strict=True)
            for code in codes
            if code in language_ids
        ],
        batch_size=BATCH_SIZE,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users],
        batch_size=BATCH_SIZE,
    )

    # A reporting line: the first person per employer and region manages the next three.
    teams: dict[tuple[str, str], list[User]] = defaultdict(list)
    for user in users[1:]:
        teams[(user.organisation, user.region)].append(user)
    reports: list[User] = []
    for head, *rest in teams.values():
        for report in rest[:3]:
            report.manager = head
            reports.append(report)
    User.objects.bulk_update(reports, ["manager"], batch_size=BATCH_SIZE)

    roles = [Role.DIRECTOR] + [_role(rng) for _ in users[1:]]
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                community=community,
                user=user,
                role=role,
                joined_at=max(
                    user.date_joined,
                    now - timedelta(days=rng.randint(0, 1000), minutes=rng.randint(0, 1439)),
                ),
            )
            for user, role in zip(users, roles, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )

    _build_circles(rng, community, users, memberships, now)
    return community


def _build_circles(
    rng: random.Random,
    community: Community,
    users: list[User],
    memberships: list[Membership],
    now: datetime,
) -> None:
    circles: list[Circle] = []
    rosters: list[list[User]] = []

    def add(users_in: list[User], **fields: Any) -> None:
        circles.append(Circle(community=community, **fields))
        rosters.append(users_in)

    by_region: dict[str, list[User]] = defaultdict(list)
    for user in users:
        by_region[user.region].append(user)
    for region, name in CHAPTERS.items():
        add(
            by_region[region],
            name=name,
            slug=name.lower().replace(" & ", "-").replace(" ", "-").replace("-chapter", ""),
            kind=CircleKind.CHAPTER,
            description=f"Everyone in the forum from {name.removesuffix(' Chapter')}.",
        )
    pool = users[1:] or users
    for number in range(1, max(1, len(users) // 1000) + 1):
        add(
            rng.sample(pool, min(25, len(pool))),
            name=f"Leadership Cohort {number}",
            slug=f"cohort-{number}",
            kind=CircleKind.COHORT,
            description="Six modules and a capstone, taken together.",
        )
    for number in range(1, max(2, len(users) // 250) + 1):
        interest = INTERESTS[(number - 1) % len(INTERESTS)]
        add(
            rng.sample(pool, min(6, len(pool))),
            name=f"Learning set {number}: {interest}",
            slug=f"learning-set-{number}",
            kind=CircleKind.LEARNING_SET,
            description=f"A peer-learning set working on {interest}.",
        )
    add(
        rng.sample(pool, min(40, len(pool))),
        name="Sustainability Working Group",
        slug="sustainability",
        kind=CircleKind.WORKING_GROUP,
        description="Sharing what works in decarbonising operations.",
    )
    stewards = [m.user for m in memberships if m.role in {Role.DIRECTOR, Role.FACILITATOR}]
    add(
        stewards,
        name="Programme Board",
        slug="programme-board",
        kind=CircleKind.WORKING_GROUP,
        description="Directors and facilitators planning the programme.",
        is_private=True,
    )
    Circle.objects.bulk_create(circles, batch_size=BATCH_SIZE)
    CircleMembership.objects.bulk_create(
        [
            CircleMembership(
                circle=circle,
                user=user,
                is_lead=position == 0,
                joined_at=now - timedelta(days=rng.randint(0, 365)),
            )
            for circle, roster in zip(circles, rosters, strict=True)
            for position, user in enumerate(roster)
        ],
        batch_size=BATCH_SIZE,
    )
