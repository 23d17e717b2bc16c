"""The demo: both case studies, ready to click through (`make demo`). The communities,
circles and named people are in ``data/communities.toml``; the other people are made up
by ``people.py``; each part of the demo has its own module (events, forums, goals,
objectives, mentoring)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
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
from salon.demo.content import dated, load
from salon.demo.forum_content import COHORT_SLUG
from salon.demo.people import (
    COUNTRIES,
    GEN_TITLES,
    GEN_UNITS,
    LAB_TITLES,
    LAB_UNITS,
    DemoPerson,
    make_people,
)
from salon.demo.seed_activity import backdate_activity
from salon.demo.seed_boards import seed_boards
from salon.demo.seed_circles import seed_circles
from salon.demo.seed_discussions import seed_discussions
from salon.demo.seed_events import seed_events
from salon.demo.seed_feedback import seed_feedback
from salon.demo.seed_goals import seed_goals
from salon.demo.seed_hackathons import seed_hackathons
from salon.demo.seed_innovation import seed_innovation
from salon.demo.seed_mentoring import seed_mentoring
from salon.demo.seed_network import seed_network
from salon.demo.seed_notifications import seed_notifications
from salon.demo.seed_objectives import measure_key_results
from salon.demo.seed_office_hours import seed_office_hours
from salon.demo.seed_peer_feedback import seed_peer_feedback
from salon.demo.seed_programmes import seed_programmes
from salon.demo.seed_resources import seed_resources

DEMO_PASSWORD = "salon-demo"
DIRECTOR_EMAIL = "director@salon.test"
MEMBER_EMAIL = "member@salon.test"


DEMO_SLUGS = ("global-executive-network", "innovation-lab")
WORDS = load("communities")


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
    # Someone whose first language Salon speaks (other than English) reads it in that
    # language, so the demo's mail folder holds German and Japanese emails too.
    first = langs[0] if langs else ""
    fields.setdefault(
        "language", first if first != "en" and first in dict(settings.LANGUAGES) else ""
    )
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


INLINE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def seed_demo(*, among_others: bool = False) -> dict[str, int]:
    """Seed both demo communities, or reuse them if they are there, whatever people did in
    them. Accounts people made in the demo are never changed. ``among_others`` lets
    ``reset_demo`` seed again beside the accounts people made in the previous demo."""
    # The seed's posts tell people through tasks, and the seed then dates and settles those
    # notifications (who has read what): here they run at once instead of in the worker.
    with override_settings(TASKS=INLINE_TASKS):
        result = _seed_demo(among_others=among_others)
    if result["created"]:
        _roll_up_outcomes()
    return result


def _roll_up_outcomes() -> None:
    """What the hourly rollup (and the network maps' job) would do, at once: the outcome
    dashboards and the network maps read their figures, derived from the activity just
    seeded."""
    from salon.analytics.rollups import roll_up_community, snapshots_store
    from salon.network.services.maps import network_map_draw

    for community in Community.objects.filter(slug__in=DEMO_SLUGS):
        roll_up_community(community)
        snapshots_store(community)
        network_map_draw(community)


@transaction.atomic
def _seed_demo(*, among_others: bool) -> dict[str, int]:
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

    def person(**fields: Any) -> User:
        return _required(password_hash, languages, **fields)

    director = person(email=DIRECTOR_EMAIL, **WORDS["director"])
    member = person(email=MEMBER_EMAIL, **WORDS["member"])
    # Nobody's name twice, across both communities and the demo's named people.
    names = {director.name, member.name, WORDS["guest"]["name"], WORDS["invitation"]["name"]}

    # Global Executive Network -------------------------------------------------------
    words = WORDS["network"]
    gen = _community(words)
    gen_people = make_people(
        words["people"],
        seed=7,
        taken=names,
        organisation=words["organisation"],
        industry=words["industry"],
        titles=GEN_TITLES,
        units=GEN_UNITS,
        domain=words["domain"],
    )
    gen_users = _made(gen_people, password_hash, languages)
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
    _members(gen, gen_users, words["roles"], rng, now, oldest=380)
    for chapter in words["chapters"]:
        circle = Circle.objects.create(
            community=gen,
            name=chapter["name"],
            slug=chapter["slug"],
            kind=CircleKind.CHAPTER,
            description=chapter["description"],
        )
        people = [u for u in [director, member, *gen_users] if u.region == chapter["region"]]
        for j, u in enumerate(people):
            CircleMembership.objects.create(circle=circle, user=u, is_lead=j == 0)
    cohort = Circle.objects.create(
        community=gen,
        name=dated(words["cohort"]["name"], today),
        slug=COHORT_SLUG,
        kind=CircleKind.COHORT,
        description=words["cohort"]["description"],
    )
    for u in [member, *rng.sample(gen_users, words["cohort"]["size"])]:
        CircleMembership.objects.get_or_create(circle=cohort, user=u)
    for learning_set in words["learning_sets"]:
        title = learning_set["title"]
        circle = Circle.objects.create(
            community=gen,
            name=f"Learning set: {title}",
            slug=learning_set["slug"],
            kind=CircleKind.LEARNING_SET,
            description=f"A peer-learning set working on “{title}”.",
        )
        for u in rng.sample(gen_users, learning_set["size"]):
            CircleMembership.objects.get_or_create(circle=circle, user=u)
    board = Circle.objects.create(
        community=gen,
        name=words["board"]["name"],
        slug=words["board"]["slug"],
        kind=CircleKind.WORKING_GROUP,
        description=words["board"]["description"],
        is_private=True,
    )
    CircleMembership.objects.create(circle=board, user=director, is_lead=True)

    # Innovation Lab -----------------------------------------------------------------
    words = WORDS["lab"]
    lab = _community(words)
    lab_people = make_people(
        words["people"],
        seed=11,
        taken=names,
        organisation=words["organisation"],
        industry=words["industry"],
        titles=LAB_TITLES,
        units=LAB_UNITS,
        domain=words["domain"],
        countries=[c for c in COUNTRIES if c.name in words["countries"]],
    )
    lab_users = _made(lab_people, password_hash, languages)
    Membership.objects.create(
        community=lab, user=director, role=Role.DIRECTOR, joined_at=now - timedelta(days=300)
    )
    Membership.objects.create(
        community=lab, user=member, role=Role.MEMBER, joined_at=now - timedelta(days=90)
    )
    _members(lab, lab_users, words["roles"], rng, now, oldest=290, newest=3)
    for spec in words["circles"]:
        circle = Circle.objects.create(
            community=lab,
            name=spec["name"],
            slug=spec["slug"],
            kind=spec["kind"],
            description=spec["description"],
            is_private=spec.get("private", False),
        )
        members = rng.sample(lab_users, 5 if circle.is_private else 9)
        if not circle.is_private:
            members.append(member)
        for j, u in enumerate(members):
            CircleMembership.objects.get_or_create(
                circle=circle, user=u, defaults={"is_lead": j == 0}
            )

    # Someone waiting: a pending invitation and a join request for the director to handle.
    invited = WORDS["invitation"]
    Invitation.objects.create(
        community=gen,
        email=invited["email"],
        name=invited["name"],
        role=Role.MEMBER,
        invited_by=director,
        message=dated(invited["message"], today),
    )
    guest = dict(WORDS["guest"])
    asks = guest.pop("join_request")
    outsider = person(**guest)
    lab.visibility = Visibility.OPEN
    lab.save(update_fields=["visibility"])
    JoinRequest.objects.create(community=lab, user=outsider, message=asks)
    lab.visibility = Visibility.PRIVATE
    lab.save(update_fields=["visibility"])
    seed_events(director=director, member=member, rng=rng)
    seed_discussions(director=director, member=member)
    seed_goals(director=director, member=member)
    seed_mentoring(director=director, member=member)
    seed_innovation(director=director, member=member)
    seed_boards(director=director, member=member)
    seed_hackathons(director=director, member=member)
    seed_office_hours(member=member)
    seed_resources(director=director, member=member)
    seed_peer_feedback(member=member)
    seed_feedback(director=director, member=member, rng=rng)
    seed_programmes(director=director, member=member)
    seed_circles(director=director, member=member)
    seed_network(director=director, member=member)
    measure_key_results(today=today)
    backdate_activity()
    seed_notifications(director=director, member=member)
    audit("demo.data.seeded", target=gen, people=User.objects.count())
    return {"created": User.objects.count()}


def _community(words: dict[str, Any]) -> Community:
    return Community.objects.create(
        name=words["name"],
        slug=words["slug"],
        tagline=words["tagline"],
        purpose=words["purpose"],
        visibility=Visibility.PRIVATE,
    )


def _made(people: list[DemoPerson], password_hash: str, known: dict[str, Language]) -> list[User]:
    made = (
        _user(
            password_hash,
            known,
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
        for p in people
    )
    return [u for u in made if u is not None]


def _members(
    community: Community,
    users: list[User],
    roles: dict[str, int],
    rng: random.Random,
    now: Any,
    *,
    oldest: int,
    newest: int = 5,
) -> None:
    """Memberships for the made-up people: the roles in order, then members."""
    order = [role for role, n in roles.items() for _ in range(n)]
    for i, u in enumerate(users):
        Membership.objects.create(
            community=community,
            user=u,
            role=order[i] if i < len(order) else Role.MEMBER,
            joined_at=now - timedelta(days=rng.randint(newest, oldest)),
        )
