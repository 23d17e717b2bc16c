"""Everything a busy community has besides its people, for `make bench` (in-process).

``salon.demo.scale.build_scale_data`` makes the people, roles and circles. This adds, on
the same community and written straight into the tables (no services, no notifications,
like bench/forum.py's forum), what every main page reads:

- the forum of bench/forum.py (``ForumBuilder``): at full size 10,000 topics over three
  years and 200,000 posts, one topic of 5,000 posts (100 pages of 50);
- events: a weekly session for a year back and three months ahead, chapter meetings, and
  one large upcoming event with a going RSVP from a fifth of the community, the director's
  among them;
- goals: one in five members has a goal shared with the community, everyone in the first
  cohort (the director joins it) two shared with the cohort, the director five of their
  own, each with check-ins and milestones;
- mentoring: a running programme of 200 pairs, the director mentee in one of them, with
  sessions and action items;
- 400 notifications for the director (30 unread);
- the search index: every registered kind but forum replies (indexing 200,000 replies
  one by one would take most of the run; the search page still finds topics, people,
  circles, events and goals).

``build_world(community, forum=(topics, posts, long_posts))`` returns the URL of every
page the bench measures and a text each must show. The data is seeded: the same every run.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

BATCH = 2_000
SEARCH_WORD = "pricing"  # in topic titles (bench/forum.py SUBJECTS) and member bios


def build_world(community: Any, forum: tuple[int, int, int], *, seed: int = 2026) -> Any:
    """Write the forum, events, goals, mentoring, notifications and search index; return
    the ForumBuilder (its long topic and director) for ``pages``."""
    from django.db import transaction

    from bench.forum import ForumBuilder

    now = timezone.now()
    rng = random.Random(seed)
    with transaction.atomic():
        builder = ForumBuilder(community, now)
        builder.grow(*forum)
        builder.finish()
    with transaction.atomic():
        _events(rng, community, builder.director, now)
        _goals(rng, community, builder.director, now)
        _mentoring(rng, community, builder.director, now)
        _notifications(rng, community, builder, now)
    _index()
    return builder


def _events(rng: random.Random, community: Any, director: Any, now: datetime) -> None:
    from salon.events.models import Event, EventFormat, Mode, Rsvp, RsvpStatus

    formats = list(EventFormat.objects.order_by("pk"))
    people = list(community.memberships.values_list("user_id", flat=True))
    chapters = list(community.circles.filter(kind="chapter").order_by("pk"))
    events: list[Any] = []
    for week in range(-52, 13):
        starts = (now + timedelta(weeks=week)).replace(hour=14, minute=0, second=0, microsecond=0)
        events.append(
            Event(
                community=community,
                title=f"Leadership in practice, week {week + 53}",
                format=formats[week % len(formats)],
                description="A case from a member, then breakout rooms by region.",
                timezone="Europe/London",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=75),
                created_by=director,
            )
        )
        chapter = chapters[week % len(chapters)]
        events.append(
            Event(
                community=community,
                circle=chapter,
                title=f"{chapter.name} check-in",
                format=formats[0],
                timezone="UTC",
                starts_at=starts + timedelta(days=2, hours=2),
                ends_at=starts + timedelta(days=2, hours=3),
                mode=Mode.HYBRID,
                venue="Meridian House, London",
                capacity=40,
                created_by=director,
            )
        )
    big_start = (now + timedelta(days=10)).replace(hour=16, minute=0, second=0, microsecond=0)
    big = Event(
        community=community,
        title="Annual leadership summit: pricing through inflation",
        format=formats[0],
        description="The year's summit.\n\n1. Keynote\n2. Panels by region\n3. What we'll try",
        timezone="Europe/Paris",
        starts_at=big_start,
        ends_at=big_start + timedelta(hours=4),
        mode=Mode.HYBRID,
        venue="Palais des Congrès, Paris",
        created_by=director,
    )
    events.append(big)
    Event.objects.bulk_create(events, batch_size=BATCH)
    rsvps: list[Any] = []
    for event in events:
        if event is big:
            going = [director.pk, *rng.sample(people[1:], len(people) // 5)]
        elif event.starts_at > now - timedelta(weeks=4):
            going = rng.sample(people, min(len(people), 30))
        else:
            continue
        rsvps += [
            Rsvp(
                event=event,
                user_id=user_id,
                status=RsvpStatus.GOING,
                requested_at=now - timedelta(minutes=n),
            )
            for n, user_id in enumerate(dict.fromkeys(going))
        ]
    Rsvp.objects.bulk_create(rsvps, batch_size=BATCH, ignore_conflicts=True)


GOAL_IDEAS = [
    ("Delegate the quarterly review", "My team runs it without me in the room."),
    ("Build a bench of successors", "Two people ready to step into my role."),
    ("Lead the pricing reset", "Margins back to plan with no loss of key accounts."),
    ("Coach, don't fix", "I ask before I answer in every one-to-one."),
    ("Open a second market", "A team and a first customer in the new country."),
    ("Speak less in meetings", "Others make most of the proposals."),
]


def _goals(rng: random.Random, community: Any, director: Any, now: datetime) -> None:
    from salon.communities.models import CircleMembership
    from salon.goals.models import (
        Cadence,
        CheckIn,
        Competency,
        Goal,
        GoalStatus,
        GoalVisibility,
        Milestone,
    )

    competencies = [
        Competency.objects.get_or_create(community=community, name=name)[0]
        for name in (
            "Leading change",
            "Developing others",
            "Strategic thinking",
            "Collaborating across boundaries",
        )
    ]
    cohort = community.circles.get(slug="cohort-1")
    CircleMembership.objects.get_or_create(circle=cohort, user=director)
    people = list(community.memberships.values_list("user_id", flat=True))
    in_cohort = list(cohort.circle_memberships.values_list("user_id", flat=True))
    owners: list[tuple[int, str, Any]] = [(director.pk, GoalVisibility.COMMUNITY, None)] * 5
    owners += [(u, GoalVisibility.CIRCLE, cohort) for u in in_cohort for _ in range(2)]
    owners += [(u, GoalVisibility.COMMUNITY, None) for u in rng.sample(people, len(people) // 5)]
    goals = []
    for n, (owner, visibility, circle) in enumerate(owners):
        title, success = GOAL_IDEAS[n] if n < 5 else rng.choice(GOAL_IDEAS)
        goals.append(
            Goal(
                owner_id=owner,
                community=community,
                competency=rng.choice(competencies),
                title=title,
                success_looks_like=success,
                visibility=visibility,
                circle=circle,
                cadence=Cadence.BIWEEKLY,
                status=GoalStatus.ACTIVE,
                next_check_in_due=(now + timedelta(days=rng.randint(-3, 14))).date(),
                progress=rng.randint(0, 90),
                confidence=rng.randint(4, 9),
                last_check_in_at=now - timedelta(days=rng.randint(1, 14)),
            )
        )
    Goal.objects.bulk_create(goals, batch_size=BATCH)
    check_ins, milestones = [], []
    for goal in goals:
        for k in range(6):
            check_ins.append(
                CheckIn(
                    goal=goal,
                    at=now - timedelta(days=14 * (6 - k)),
                    progress=min(100, 15 * k),
                    confidence=rng.randint(4, 9),
                    helped="A frank conversation with my manager.",
                    next_step="Try it in the next team meeting.",
                )
            )
        for k in range(3):
            due = now + timedelta(weeks=4 * k - 4)
            milestones.append(
                Milestone(
                    goal=goal,
                    title=f"Step {k + 1}",
                    due=due.date(),
                    done_at=due if due < now else None,
                )
            )
    CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)


def _mentoring(rng: random.Random, community: Any, director: Any, now: datetime) -> None:
    from salon.communities.models import Role
    from salon.mentoring.models import (
        ActionItem,
        Answer,
        Match,
        MatchRun,
        MatchStatus,
        MentoringSession,
        Mentorship,
        Programme,
        ProgrammeStatus,
        RunStatus,
    )

    programme = Programme.objects.create(
        community=community,
        name="Cross-regional mentoring",
        description="Every pair spans two regions. Meet at least monthly for six months.",
        starts_on=(now - timedelta(days=60)).date(),
        ends_on=(now + timedelta(days=120)).date(),
        status=ProgrammeStatus.ACTIVE,
        created_by=director,
    )
    run = MatchRun.objects.create(
        programme=programme,
        number=1,
        status=RunStatus.PUBLISHED,
        started_by=director,
        solver="bench",
        published_at=now - timedelta(days=58),
    )
    memberships = community.memberships.exclude(user=director)
    mentors = list(
        memberships.filter(role__in=[Role.MENTOR, Role.EXPERT]).values_list("user_id", flat=True)
    )
    mentees = list(memberships.filter(role=Role.MEMBER).values_list("user_id", flat=True))
    pairs = [(director.pk, mentors[0])]
    count = min(199, len(mentees))
    pairs += [(mentee, rng.choice(mentors)) for mentee in rng.sample(mentees, count)]
    matches = Match.objects.bulk_create(
        [
            Match(
                programme=programme,
                run=run,
                mentee_id=mentee,
                mentor_id=mentor,
                status=MatchStatus.ACCEPTED,
                score=7.5,
                mentee_answer=Answer.ACCEPTED,
                mentor_answer=Answer.ACCEPTED,
                published_at=now - timedelta(days=58),
                decided_at=now - timedelta(days=55),
            )
            for mentee, mentor in pairs
        ],
        batch_size=BATCH,
    )
    started = now - timedelta(days=55)
    mentorships = Mentorship.objects.bulk_create(
        [
            Mentorship(
                programme=programme,
                match=match,
                mentee_id=match.mentee_id,
                mentor_id=match.mentor_id,
                started_at=started,
                agreement_goals="Delegation, and building a bench of successors.",
                agreement_cadence="Every three weeks, 45 minutes",
                agreement_how="Video call",
                agreement_updated_at=started,
                agreement_updated_by_id=match.mentee_id,
                last_session_on=(now - timedelta(days=5)).date(),
            )
            for match in matches
        ],
        batch_size=BATCH,
    )
    sessions = MentoringSession.objects.bulk_create(
        [
            MentoringSession(
                mentorship=mentorship,
                held_on=(started + timedelta(days=7 * k)).date(),
                minutes=60,
                notes="We looked at what got delegated and what came back.",
                logged_by_id=mentorship.mentee_id,
            )
            for mentorship in mentorships
            for k in range(8 if mentorship.mentee_id == director.pk else 2)
        ],
        batch_size=BATCH,
    )
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                mentorship=session.mentorship,
                session=session,
                text="Let the team chair the next review; debrief afterwards",
                owner_id=session.mentorship.mentee_id,
                due_on=(now + timedelta(days=7)).date(),
            )
            for session in sessions
        ],
        batch_size=BATCH,
    )


def _notifications(rng: random.Random, community: Any, builder: Any, now: datetime) -> None:
    from django.contrib.contenttypes.models import ContentType

    from salon.discussions.models import Post
    from salon.discussions.notifications import REPLY
    from salon.notifications.models import Notification

    posts = list(
        Post.objects.filter(number__gt=1)
        .select_related("topic")
        .order_by("-pk")
        .only("pk", "author_id", "topic__title", "topic_id")[:400]
    )
    kind = ContentType.objects.get_for_model(Post)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=builder.director,
                kind=REPLY,
                actor_id=post.author_id,
                community=community,
                target_type=kind,
                target_id=post.pk,
                data={"topic": post.topic.title},
                url=f"/p/{post.pk}/",
                key=f"bench:{post.pk}",
                email_status="skipped",
                created_at=now - timedelta(hours=3 * n),
                read_at=None if n < 30 else now - timedelta(hours=3 * n - 1),
            )
            for n, post in enumerate(posts)
        ],
        batch_size=BATCH,
    )


def _index() -> None:
    """Index every kind the search page finds but forum replies (see the module's note)."""
    from django.db import connection, transaction

    from salon.core import search
    from salon.core.search import schema

    with transaction.atomic():
        schema.install(connection)
    search.reindex([s.kind for s in search.sources() if s.kind != "post"])
    with transaction.atomic():
        schema.rebuild(connection)


def pages(community: Any, builder: Any) -> dict[str, tuple[str, list[str]]]:
    """{name: (URL, texts the page must show)} for every signed-in page the bench serves."""
    from salon.events.models import Event
    from salon.mentoring.models import Mentorship

    slug = community.slug
    members = community.memberships.count()
    long = builder.long_topic
    director = builder.director
    summit = Event.objects.get(community=community, title__startswith="Annual leadership summit")
    space = Mentorship.objects.get(programme__community=community, mentee=director)
    profile = community.memberships.exclude(user=director).order_by("pk").first().user
    return {
        "home": ("/home/", [community.name]),
        "community_home": (f"/c/{slug}/", [f"<strong>{members}</strong>"]),
        "member_directory": (f"/c/{slug}/people/", [f"{members} people"]),
        "forum": (f"/c/{slug}/forum/", ["Page 1 of"]),
        "topic_first": (f"/t/{long.pk}/?page=1", ['id="post-1"']),
        "topic_last": (f"/t/{long.pk}/?page={long.pages}", [f'id="post-{long.post_count}"']),
        "events": ("/events/", ["Annual leadership summit"]),
        "event": (f"/events/{summit.pk}/", ["Annual leadership summit"]),
        "goals": ("/goals/", [GOAL_IDEAS[0][0]]),
        "circle_board": (f"/c/{slug}/circles/cohort-1/goals/", ["Leadership Cohort 1"]),
        "mentoring_space": (f"/mentoring/{space.pk}/", ["Let the team chair"]),
        "search": (f"/search/?q={SEARCH_WORD}", [SEARCH_WORD]),
        "notifications": ("/notifications/", ["replied to"]),
        "settings": ("/settings/", [director.name]),
        "profile": (f"/people/{profile.pk}/", [profile.name]),
        "members_api": (f"/api/v1/communities/{slug}/members", [f'"count": {members}']),
        "topics_api": (f"/api/v1/communities/{slug}/topics", ['"count": ']),
        "outcomes": (f"/c/{slug}/outcomes/", ["The six benefits"]),
    }
