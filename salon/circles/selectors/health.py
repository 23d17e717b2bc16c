"""Circle health: what a circle's facilitator or lead can act on this week.

Only facts that suggest an action, never a score: who has gone quiet, whose goal has
stalled, whose assignments are late, how sessions and the forum are going. People are
named only to those who look after the circle (``circle.facilitate``: its leads and
facilitators, and the community's directors); another facilitator sees counts. The
check-in rate is a figure about people's goals, so it is withheld below the anonymity
threshold (``core/anonymity.py``).

Every read here is one query whatever the circle's size: the page's query count is flat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from salon.circles.models import Nudge
from salon.communities.models import STEWARD_ROLES, Circle, CircleMembership, Membership
from salon.core import anonymity
from salon.core.permissions import can
from salon.discussions.models import Post, Topic
from salon.events.models import Attendance, Event, EventStatus
from salon.goals.models import CheckIn, Goal, GoalStatus, GoalVisibility
from salon.programmes.models import Item, ItemKind, Progress

QUIET_DAYS = 30
# A goal has stalled when its check-in is this many days overdue.
STALLED_DAYS = 14
# One nudge per person per this many days, from anyone.
NUDGE_REST_DAYS = 7
SESSIONS_SHOWN = 6
SESSIONS_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Session:
    event: Event
    attended: int
    members: int

    @property
    def rate(self) -> int:
        return round(100 * self.attended / self.members) if self.members else 0


@dataclass(frozen=True)
class Person:
    """A named member and why they are on the list; ``nudged_at`` is their last nudge
    within the rest period (then no new one can be sent yet)."""

    user: Any
    nudged_at: datetime | None
    goal: Goal | None = None
    late: int = 0
    days: int = 0

    @property
    def may_nudge(self) -> bool:
        return self.nudged_at is None


@dataclass
class CircleHealth:
    circle: Circle
    named: bool
    members: int
    today: date
    sessions: list[Session] = field(default_factory=list)
    posts: int = 0
    posters: int = 0
    topics: int = 0
    goal_owners: int | None = None
    checked_in: int | None = None
    quiet: list[Person] = field(default_factory=list)
    quiet_count: int = 0
    stalling: list[Person] = field(default_factory=list)
    stalling_count: int = 0
    # Stalled goals the viewer may not see, counted (withheld when fewer than three).
    stalling_unshared: int | None = 0
    late: list[Person] = field(default_factory=list)
    late_count: int = 0
    assignments_due: int = 0

    @property
    def attendance_rate(self) -> int | None:
        seats = sum(s.members for s in self.sessions)
        if not seats:
            return None
        return round(100 * sum(s.attended for s in self.sessions) / seats)

    @property
    def check_in_rate(self) -> int | None:
        if self.goal_owners is None or self.checked_in is None or not self.goal_owners:
            return None
        return round(100 * self.checked_in / self.goal_owners)

    @property
    def has_people_to_see(self) -> bool:
        return bool(self.quiet_count or self.stalling_count or self.late_count)


def _member_ids(circle: Circle) -> Any:
    return CircleMembership.objects.filter(circle=circle, user__is_active=True).values("user_id")


def recently_nudged(*, user_ids: Any, now: datetime | None = None) -> dict[int, datetime]:
    """Each person's latest nudge within the rest period (one query)."""
    since = (now or timezone.now()) - timedelta(days=NUDGE_REST_DAYS)
    rows = (
        Nudge.objects.filter(recipient_id__in=user_ids, sent_at__gt=since)
        .values("recipient_id")
        .annotate(last=Max("sent_at"))
    )
    return {row["recipient_id"]: row["last"] for row in rows}


def _sessions(circle: Circle, members: int, now: datetime) -> list[Session]:
    events = (
        Event.objects.filter(
            circle=circle,
            starts_at__lt=now,
            starts_at__gte=now - timedelta(days=SESSIONS_WINDOW_DAYS),
        )
        .exclude(status=EventStatus.CANCELLED)
        # Hosts and guests from outside the circle attend too; the rate is the circle's.
        .annotate(
            attended=Count(
                "attendance",
                filter=Q(attendance__user__circle_memberships__circle=circle),
                distinct=True,
            )
        )
        .order_by("-starts_at")[:SESSIONS_SHOWN]
    )
    return [Session(event=e, attended=e.attended, members=members) for e in events]


def _forum(circle: Circle, since: datetime) -> dict[str, int]:
    posts = Post.objects.filter(
        topic__circle=circle, created_at__gte=since, deleted_at__isnull=True, hidden_at__isnull=True
    ).aggregate(posts=Count("pk"), posters=Count("author", distinct=True))
    topics = Topic.objects.filter(circle=circle, created_at__gte=since, archived=False).count()
    return {"posts": posts["posts"], "posters": posts["posters"], "topics": topics}


def _check_ins(circle: Circle, since: datetime) -> tuple[int, int]:
    row = Goal.objects.filter(
        community_id=circle.community_id,
        status=GoalStatus.ACTIVE,
        owner_id__in=_member_ids(circle),
    ).aggregate(
        owners=Count("owner", distinct=True),
        recent=Count("owner", distinct=True, filter=Q(last_check_in_at__gte=since)),
    )
    return row["owners"], row["recent"]


def _quiet(circle: Circle, since: datetime) -> list[CircleMembership]:
    """Members of the circle since before ``since`` who have done nothing in the
    community since: no post, no session attended, no goal check-in, no programme item.
    The people who look after the circle (its leads, and the community's directors and
    facilitators in it) are not on the list: nobody nudges themselves."""
    user = OuterRef("user_id")
    community = circle.community_id
    return list(
        CircleMembership.objects.filter(
            circle=circle, user__is_active=True, joined_at__lt=since, is_lead=False
        )
        .exclude(
            Exists(
                Membership.objects.filter(
                    user_id=user, community_id=community, role__in=STEWARD_ROLES
                )
            )
        )
        .exclude(
            Exists(
                Post.objects.filter(
                    author_id=user, topic__community_id=community, created_at__gte=since
                )
            )
        )
        .exclude(
            Exists(
                Attendance.objects.filter(
                    user_id=user, event__community_id=community, event__starts_at__gte=since
                )
            )
        )
        .exclude(
            Exists(
                CheckIn.objects.filter(
                    goal__owner_id=user, goal__community_id=community, at__gte=since
                )
            )
        )
        .exclude(
            Exists(
                Progress.objects.filter(
                    user_id=user,
                    item__module__programme__community_id=community,
                    done_at__gte=since,
                )
            )
        )
        .select_related("user")
        .order_by("user__name", "pk")
    )


def _shared_with_circle(goal: Goal, circle: Circle) -> bool:
    """Goals the circle's own people may see anyway (a narrower reading of ``goal.view``,
    checked against the policy in the tests)."""
    if goal.visibility == GoalVisibility.COMMUNITY:
        return True
    return goal.visibility == GoalVisibility.CIRCLE and goal.circle_id == circle.pk


def _stalling(circle: Circle, today: date) -> list[Goal]:
    return list(
        Goal.objects.filter(
            community_id=circle.community_id,
            status=GoalStatus.ACTIVE,
            owner_id__in=_member_ids(circle),
            next_check_in_due__lt=today - timedelta(days=STALLED_DAYS),
        )
        .select_related("owner")
        .order_by("next_check_in_due", "pk")
    )


def _late(circle: Circle, today: date) -> tuple[int, list[CircleMembership]]:
    """Assignments of the circle's programmes past their due date, and each member with
    some not done (``late`` on the row)."""
    due = Item.objects.filter(
        kind=ItemKind.ASSIGNMENT, due_on__lt=today, module__programme__cohorts=circle
    ).values("pk")
    count = due.count()
    if not count:
        return 0, []
    done = (
        Progress.objects.filter(user_id=OuterRef("user_id"), item_id__in=due)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        CircleMembership.objects.filter(circle=circle, user__is_active=True)
        .annotate(done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
        .filter(done__lt=count)
        .select_related("user")
        .order_by("user__name", "pk")
    )
    late: list[CircleMembership] = []
    for row in rows:
        row.late = count - row.done  # type: ignore[attr-defined]
        late.append(row)
    return count, late


def circle_health(*, circle: Circle, viewer: Any, today: date) -> CircleHealth:
    """The circle's health as ``viewer`` may see it (``circle.view_health`` is checked by
    the door; names only with ``circle.facilitate``)."""
    now = timezone.now()
    since = now - timedelta(days=QUIET_DAYS)
    named = can(viewer, "circle.facilitate", circle)
    members = _member_ids(circle).count()
    health = CircleHealth(circle=circle, named=named, members=members, today=today)
    health.sessions = _sessions(circle, members, now)
    forum = _forum(circle, since)
    health.posts, health.posters, health.topics = forum["posts"], forum["posters"], forum["topics"]
    owners, recent = _check_ins(circle, since)
    # A rate over one or two people's goals would tell on them.
    if anonymity.enough(owners):
        health.goal_owners, health.checked_in = owners, recent
    else:
        health.goal_owners = anonymity.shown_count(owners)
        health.checked_in = None

    quiet = _quiet(circle, since)
    goals = _stalling(circle, today)
    health.assignments_due, late = _late(circle, today)
    health.quiet_count = len(quiet)
    health.stalling_count = len(goals)
    health.late_count = len(late)
    if not named:
        health.stalling_unshared = None
        return health

    nudged = recently_nudged(user_ids=_member_ids(circle), now=now)
    health.quiet = [Person(user=row.user, nudged_at=nudged.get(row.user_id)) for row in quiet]
    shared = [goal for goal in goals if _shared_with_circle(goal, circle)]
    health.stalling = [
        Person(
            user=goal.owner,
            nudged_at=nudged.get(goal.owner_id),
            goal=goal,
            days=(today - goal.next_check_in_due).days,
        )
        for goal in shared
    ]
    health.stalling_unshared = anonymity.shown_count(len(goals) - len(shared))
    health.late = [
        Person(user=row.user, nudged_at=nudged.get(row.user_id), late=row.late)  # type: ignore[attr-defined]
        for row in late
    ]
    return health
