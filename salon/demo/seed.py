"""The demo: both case studies, ready to click through (`make demo`)."""

from __future__ import annotations

import random
from datetime import timedelta
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
    Invitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from salon.core.audit import audit
from salon.demo.forum_content import COHORT_SLUG
from salon.demo.people import COUNTRIES, GEN_TITLES, GEN_UNITS, LAB_TITLES, LAB_UNITS, make_people
from salon.demo.seed_discussions import seed_discussions
from salon.demo.seed_events import seed_events
from salon.demo.seed_goals import seed_goals
from salon.demo.seed_mentoring import seed_mentoring
from salon.demo.seed_notifications import seed_notifications

DEMO_PASSWORD = "salon-demo"
DIRECTOR_EMAIL = "director@salon.test"
MEMBER_EMAIL = "member@salon.test"


DEMO_SLUGS = ("global-executive-network", "innovation-lab")


class RealUsersPresent(Exception):
    """The database holds people and no demo: it is not a demo database, so seeding would
    mix demo accounts (with a published password) in with real people."""


class DemoIncomplete(Exception):
    """Part of the demo is there and part is gone (someone deleted a demo community, say):
    the seed will not guess; ``reset_demo`` starts over."""


def demo_is_seeded() -> bool:
    return Community.objects.filter(slug__in=DEMO_SLUGS).count() == len(DEMO_SLUGS)


def _user(password_hash: str, known: dict[str, Language], **fields: Any) -> User | None:
    """A demo person, unless someone made an account with that address in the demo: the
    seed never takes over a real account, it leaves that person out."""
    if User.objects.filter(email__iexact=fields["email"]).exists():
        return None
    langs = fields.pop("languages", ())
    user = User.objects.create(
        password=password_hash, is_demo=True, timezone_confirmed=True, **fields
    )
    user.languages.set([known[c] for c in langs if c in known])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _required(password_hash: str, known: dict[str, Language], **fields: Any) -> User:
    user = _user(password_hash, known, **fields)
    if user is None:  # only a reset can lead here, and it deleted the demo accounts first
        raise DemoIncomplete(fields["email"])
    return user


@transaction.atomic
def seed_demo(*, among_others: bool = False) -> dict[str, int]:
    """Seed both demo communities, or reuse them if they are there, whatever people did in
    them. Accounts people made in the demo are never changed. ``among_others`` lets
    ``reset_demo`` seed again beside the accounts people made in the previous demo."""
    if demo_is_seeded():
        return {"created": 0}
    if (
        User.objects.filter(is_demo=True).exists()
        or Community.objects.filter(slug__in=DEMO_SLUGS).exists()
    ):
        raise DemoIncomplete
    if not among_others and User.objects.exists():
        raise RealUsersPresent
    rng = random.Random(2026)
    password_hash = make_password(DEMO_PASSWORD)
    languages = {lang.code: lang for lang in Language.objects.all()}
    now = timezone.now()
    today = timezone.localdate()

    director = _required(
        password_hash,
        languages,
        email=DIRECTOR_EMAIL,
        name="Helena Marsh",
        title="Director, Global Leadership Programmes",
        organisation="Meridian Group",
        organisation_unit="Leadership Academy",
        function="people",
        industry="Industrial conglomerate",
        region="emea",
        country="United Kingdom",
        timezone="Europe/London",
        languages=("en", "fr"),
        work_start="08:30",
        work_end="17:30",
        bio="I run Meridian's executive programmes. Ask me anything about the network or the lab.",
        interests=["adult learning", "cross-cultural teams", "coaching"],
    )
    member = _required(
        password_hash,
        languages,
        email=MEMBER_EMAIL,
        name="Daniel Okafor",
        title="Regional President, West Africa",
        organisation="Meridian Group",
        organisation_unit="Industrial Solutions",
        function="general",
        industry="Industrial conglomerate",
        region="mea",
        country="Nigeria",
        timezone="Africa/Lagos",
        languages=("en", "yo", "fr"),
        work_start="08:00",
        work_end="17:00",
        bio="Building our West African business; keen to learn how peers scale leadership teams.",
        interests=["scaling teams", "public policy", "negotiation"],
    )

    # Global Executive Network -------------------------------------------------------
    gen = Community.objects.create(
        name="Global Executive Network",
        slug="global-executive-network",
        tagline="Meridian's senior leaders, learning from each other across every region.",
        purpose=(
            "The Global Executive Network brings together Meridian's senior leaders from EMEA, "
            "the Americas, Asia-Pacific and the Middle East & Africa.\n\n"
            "We meet monthly in webinars on leadership, strategy and global trends, work in "
            "regional chapters between sessions, and mentor each other across regions. "
            "Our promise to each other: candour, confidentiality and showing up."
        ),
        visibility=Visibility.PRIVATE,
    )
    gen_people = make_people(
        58,
        seed=7,
        organisation="Meridian Group",
        industry="Industrial conglomerate",
        titles=GEN_TITLES,
        units=GEN_UNITS,
        domain="meridian.example",
    )
    gen_made = [
        _user(
            password_hash,
            languages,
            email=p.email,
            name=p.name,
            title=p.title,
            function=p.function,
            organisation=p.organisation,
            organisation_unit=p.organisation_unit,
            industry=p.industry,
            region=p.region,
            country=p.country,
            timezone=p.timezone,
            languages=p.languages,
            bio=p.bio,
            interests=p.interests,
            work_start=p.work_start,
            work_end=p.work_end,
        )
        for p in gen_people
    ]
    gen_users = [u for u in gen_made if u is not None]
    # A reporting line: each regional president has a few direct reports in the network.
    by_region: dict[str, list[User]] = {}
    for u in gen_users:
        by_region.setdefault(u.region, []).append(u)
    for region_users in by_region.values():
        head, *rest = region_users
        for report in rest[:3]:
            report.manager = head
            report.save(update_fields=["manager"])
    member.manager = by_region["mea"][0]
    member.save(update_fields=["manager"])

    Membership.objects.create(
        community=gen, user=director, role=Role.DIRECTOR, joined_at=now - timedelta(days=400)
    )
    Membership.objects.create(
        community=gen, user=member, role=Role.MEMBER, joined_at=now - timedelta(days=120)
    )
    roles = [Role.FACILITATOR] * 4 + [Role.MENTOR] * 8 + [Role.EXPERT] * 3 + [Role.GUEST] * 2
    for i, u in enumerate(gen_users):
        role = roles[i] if i < len(roles) else Role.MEMBER
        Membership.objects.create(
            community=gen, user=u, role=role, joined_at=now - timedelta(days=rng.randint(5, 380))
        )

    chapters = {
        "emea": ("EMEA Chapter", "Leaders across Europe meeting at a London-friendly hour."),
        "americas": ("Americas Chapter", "From Toronto to Santiago: our chapter for the Americas."),
        "apac": ("Asia-Pacific Chapter", "Tokyo, Singapore, Mumbai, Sydney and Shanghai."),
        "mea": (
            "Middle East & Africa Chapter",
            "Dubai, Riyadh, Lagos, Nairobi, Cairo and Johannesburg.",
        ),
    }
    for region, (name, description) in chapters.items():
        circle = Circle.objects.create(
            community=gen,
            name=name,
            slug=name.lower().replace(" & ", "-").replace(" ", "-").replace("-chapter", ""),
            kind=CircleKind.CHAPTER,
            description=description,
        )
        people = [u for u in [director, member, *gen_users] if u.region == region]
        for j, u in enumerate(people):
            CircleMembership.objects.create(circle=circle, user=u, is_lead=j == 0)
    cohort = Circle.objects.create(
        community=gen,
        name=f"{today.year} Leadership Cohort",
        slug=COHORT_SLUG,
        kind=CircleKind.COHORT,
        description=(
            "This year's cohort of the Global Leadership Programme: six modules, one capstone."
        ),
    )
    for u in [member, *rng.sample(gen_users, 20)]:
        CircleMembership.objects.get_or_create(circle=cohort, user=u)
    for title, size in [("Leading Through Ambiguity", 6), ("Strategy in a Fractured World", 6)]:
        circle = Circle.objects.create(
            community=gen,
            name=f"Learning set: {title}",
            slug=title.lower().replace(" ", "-")[:60],
            kind=CircleKind.LEARNING_SET,
            description=f"A peer-learning set working on “{title}”.",
        )
        for u in rng.sample(gen_users, size):
            CircleMembership.objects.get_or_create(circle=circle, user=u)
    board = Circle.objects.create(
        community=gen,
        name="Programme Board",
        slug="programme-board",
        kind=CircleKind.WORKING_GROUP,
        description="Directors and facilitators planning the programme.",
        is_private=True,
    )
    CircleMembership.objects.create(circle=board, user=director, is_lead=True)

    # Innovation Lab -----------------------------------------------------------------
    lab = Community.objects.create(
        name="Innovation Lab",
        slug="innovation-lab",
        tagline="Executives of Northwind Technologies turning ideas into products, faster.",
        purpose=(
            "The Innovation Lab is where Northwind's executives run brainstorming sessions, "
            "hackathons and ideation workshops, with experts on hand for office hours and "
            "judging.\n\n"
            "Ideas move from spark to market through clear stages. Anyone can propose; "
            "we decide together what to back."
        ),
        visibility=Visibility.PRIVATE,
    )
    lab_countries = [
        c
        for c in COUNTRIES
        if c.name
        in {
            "United States",
            "United States (West)",
            "Canada",
            "United Kingdom",
            "Germany",
            "India",
            "Singapore",
            "Japan",
            "Netherlands",
            "Brazil",
            "Sweden",
        }
    ]
    lab_people = make_people(
        28,
        seed=11,
        organisation="Northwind Technologies",
        industry="Software & cloud",
        titles=LAB_TITLES,
        units=LAB_UNITS,
        domain="northwind.example",
        countries=lab_countries,
    )
    lab_made = [
        _user(
            password_hash,
            languages,
            email=p.email,
            name=p.name,
            title=p.title,
            function=p.function,
            organisation=p.organisation,
            organisation_unit=p.organisation_unit,
            industry=p.industry,
            region=p.region,
            country=p.country,
            timezone=p.timezone,
            languages=p.languages,
            bio=p.bio,
            interests=p.interests,
            work_start=p.work_start,
            work_end=p.work_end,
        )
        for p in lab_people
    ]
    lab_users = [u for u in lab_made if u is not None]
    Membership.objects.create(
        community=lab, user=director, role=Role.DIRECTOR, joined_at=now - timedelta(days=300)
    )
    Membership.objects.create(
        community=lab, user=member, role=Role.MEMBER, joined_at=now - timedelta(days=90)
    )
    lab_roles = [Role.FACILITATOR] * 2 + [Role.EXPERT] * 5 + [Role.MENTOR] * 2
    for i, u in enumerate(lab_users):
        Membership.objects.create(
            community=lab,
            user=u,
            role=lab_roles[i] if i < len(lab_roles) else Role.MEMBER,
            joined_at=now - timedelta(days=rng.randint(3, 290)),
        )
    for name, kind, description in [
        ("AI Products", CircleKind.WORKING_GROUP, "Ideas for AI-native products and features."),
        ("Sustainable Cloud", CircleKind.WORKING_GROUP, "Cutting the carbon cost of our platform."),
        (
            "Future of Work",
            CircleKind.LEARNING_SET,
            "How our customers and teams will work in 2030.",
        ),
        (
            f"Hackathon {today.year} Judges",
            CircleKind.WORKING_GROUP,
            "Experts judging this year's hackathon.",
        ),
    ]:
        circle = Circle.objects.create(
            community=lab,
            name=name,
            slug=name.lower().replace(" ", "-"),
            kind=kind,
            description=description,
            is_private=name.startswith("Hackathon"),
        )
        members = rng.sample(lab_users, 5 if circle.is_private else 9)
        if not circle.is_private:
            members.append(member)
        for j, u in enumerate(members):
            CircleMembership.objects.get_or_create(
                circle=circle, user=u, defaults={"is_lead": j == 0}
            )

    # Someone waiting: a pending invitation and a join request for the director to handle.
    Invitation.objects.create(
        community=gen,
        email="new.leader@meridian.example",
        name="Priya Raman",
        role=Role.MEMBER,
        invited_by=director,
        message=f"We'd love you to join the {today.year} cohort.",
    )
    outsider = _required(
        password_hash,
        languages,
        email="guest@salon.test",
        name="Sam Rivera",
        title="Chief Strategy Officer",
        organisation="Northwind Technologies",
        region="americas",
        country="United States",
        timezone="America/Chicago",
        languages=("en", "es"),
    )
    lab.visibility = Visibility.OPEN
    lab.save(update_fields=["visibility"])
    JoinRequest.objects.create(
        community=lab,
        user=outsider,
        message="I lead corporate strategy and would like to sponsor ideas from the lab.",
    )
    lab.visibility = Visibility.PRIVATE
    lab.save(update_fields=["visibility"])
    seed_events(director=director, member=member, rng=rng)
    seed_discussions(director=director, member=member)
    seed_goals(director=director, member=member)
    seed_mentoring(director=director, member=member)
    seed_notifications(director=director, member=member)
    audit("demo.data.seeded", target=gen, people=User.objects.count())
    return {"created": User.objects.count()}
