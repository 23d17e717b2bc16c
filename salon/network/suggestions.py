"""People you should meet, for one member: the data ``suggest.rank`` needs, read in a fixed
number of queries whatever the size of their communities, and its answer as people.

Who is never suggested: the member themself, people they are connected with or have a
request waiting with (either way), anyone with a block either way, people who opted out,
and guests. Candidates are the participants of the member's own communities, and only
what the member may already see explains a suggestion: goals shared with the community,
circles, events and threads the member is in too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from salon.accounts.models import Block, Function, Region, User
from salon.communities.models import PARTICIPANT_ROLES, CircleMembership, Membership, Role
from salon.communities.roles import memberships_of
from salon.network import suggest
from salon.network.models import Connection, ConnectionRequest, NetworkSettings, RequestStatus


@dataclass(frozen=True)
class PersonSuggestion:
    person: User
    score: int
    reasons: tuple[str, ...]


def _pairs(rows: Any) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for user_id, label in rows:
        if label:
            found.setdefault(user_id, set()).add(label)
    return found


def suggestions_for(*, user: Any, limit: int = 10) -> list[PersonSuggestion]:
    from salon.discussions.models import Post
    from salon.events.models import Attendance
    from salon.goals.models import Goal

    communities = [cid for cid, m in memberships_of(user).items() if m.is_participant]
    if not communities:
        return []
    roles = dict(
        Membership.objects.filter(
            community_id__in=communities, role__in=list(PARTICIPANT_ROLES), user__is_active=True
        )
        .exclude(user_id=user.pk)
        .values_list("user_id", "role")
    )
    ties = Connection.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk))
    connected = {
        b if a == user.pk else a for a, b in ties.values_list("user_low_id", "user_high_id")
    }
    waiting = ConnectionRequest.objects.filter(
        Q(sender_id=user.pk) | Q(recipient_id=user.pk),
        status__in=[RequestStatus.PENDING, RequestStatus.IGNORED],
    ).values_list("sender_id", "recipient_id")
    blocks = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk)).values_list(
        "blocker_id", "blocked_id"
    )
    excluded = connected | {x for pair in [*waiting, *blocks] for x in pair}
    excluded |= set(
        NetworkSettings.objects.filter(suggestable=False).values_list("user_id", flat=True)
    )
    pool = set(roles) - excluded
    if not pool:
        return []
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=pool).only(
            "pk", "name", "email", "title", "region", "country", "function", "photo"
        )
    }
    goals = _pairs(
        Goal.objects.filter(community_id__in=communities)
        .filter(Q(owner_id=user.pk) | Q(visibility="community"))
        .values_list("owner_id", "competency__name")
    )
    my_circles = CircleMembership.objects.filter(user_id=user.pk).values("circle_id")
    circles = _pairs(
        CircleMembership.objects.filter(circle_id__in=my_circles).values_list(
            "user_id", "circle__name"
        )
    )
    my_events = Attendance.objects.filter(user_id=user.pk).values("event_id")
    events = _pairs(
        Attendance.objects.filter(event_id__in=my_events).values_list("user_id", "event__title")
    )
    my_topics = Post.objects.filter(author_id=user.pk, deleted_at__isnull=True).values("topic_id")
    threads = _pairs(
        Post.objects.filter(topic_id__in=my_topics, deleted_at__isnull=True)
        .values_list("author_id", "topic__title")
        .distinct()
    )
    tied_regions = frozenset(
        User.objects.filter(pk__in=connected).exclude(region="").values_list("region", flat=True)
    )
    counts: dict[int, int] = {}
    for field in ("user_low_id", "user_high_id"):
        for pk, n in (
            Connection.objects.filter(**{f"{field}__in": list(pool)})
            .values_list(field)
            .annotate(n=Count("pk"))
        ):
            counts[pk] = counts.get(pk, 0) + n

    def person(pk: int, u: Any) -> suggest.Person:
        return suggest.Person(
            id=pk,
            region=u.region,
            function=u.function,
            competencies=frozenset(goals.get(pk, ())),
            circles=frozenset(circles.get(pk, ())),
            events=frozenset(events.get(pk, ())),
            threads=frozenset(threads.get(pk, ())),
            is_mentor=roles.get(pk) == Role.MENTOR,
            connections=counts.get(pk, 0),
        )

    ranked = suggest.rank(
        person(user.pk, user),
        (person(pk, u) for pk, u in people.items()),
        tied_regions=tied_regions,
        region_names={str(k): str(v) for k, v in Region.choices},
        function_names={str(k): str(v) for k, v in Function.choices},
        limit=limit,
    )
    return [PersonSuggestion(person=people[s.id], score=s.score, reasons=s.reasons) for s in ranked]
