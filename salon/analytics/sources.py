"""Where activity and interactions come from: two small lists, one line per source.

An *activity source* answers "who did something here, on which days": a function
``(community_id, since, until) -> rows of (user id, day)`` as one query. An *interaction
source* answers "which two people did something together, when": a function
``(community_id, since, until) -> iterable of Interaction`` costing a fixed number of
queries. A *count source* answers "how many of one thing each person did each day":
``(community_id, since, until) -> rows of (user id, day, n)``, stored in the
``DailyActivity`` column of its name. When a new app brings another kind of activity or
interaction, it adds its function here and every measure counts it.

Only the daily rollup (``rollups.roll_up``) calls these: the pages read the rollups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from salon.analytics.facts import Interaction

ActivitySource = Callable[[int, datetime, datetime], QuerySet]
InteractionSource = Callable[[int, datetime, datetime], Iterable[Interaction]]
CountSource = Callable[[int, datetime, datetime], Iterable[tuple[int, date, int]]]

# Sessions larger than this are a webinar, not a meeting: attending one together is no tie.
SMALL_SESSION = 12


def _days(qs: QuerySet, user: str, at: str, since: datetime, until: datetime) -> QuerySet:
    return (
        qs.filter(**{f"{at}__gte": since, f"{at}__lt": until})
        .annotate(day=TruncDate(at, tzinfo=UTC))
        .values_list(user, "day")
        .distinct()
        .order_by()
    )


def _forum_posts(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.discussions.models import Post

    qs = Post.objects.filter(topic__community_id=community_id, deleted_at__isnull=True)
    return _days(qs, "author_id", "created_at", since, until)


def _forum_reads(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.discussions.models import TopicRead

    return _days(
        TopicRead.objects.filter(topic__community_id=community_id),
        "user_id",
        "updated_at",
        since,
        until,
    )


def _rsvps(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.events.models import Rsvp

    return _days(
        Rsvp.objects.filter(event__community_id=community_id),
        "user_id",
        "requested_at",
        since,
        until,
    )


def _attendance(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.events.models import Attendance

    return _days(
        Attendance.objects.filter(event__community_id=community_id),
        "user_id",
        "event__starts_at",
        since,
        until,
    )


def _check_ins(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.goals.models import CheckIn

    return _days(
        CheckIn.objects.filter(goal__community_id=community_id),
        "goal__owner_id",
        "at",
        since,
        until,
    )


def _mentoring(role: str) -> ActivitySource:
    def source(community_id: int, since: datetime, until: datetime) -> QuerySet:
        from salon.mentoring.models import MentoringSession

        return (
            MentoringSession.objects.filter(
                mentorship__programme__community_id=community_id,
                held_on__gte=since.date(),
                held_on__lt=until.date(),
            )
            .values_list(f"mentorship__{role}_id", "held_on")
            .distinct()
            .order_by()
        )

    return source


def _steps(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.resources.models import StepCompletion

    return _days(
        StepCompletion.objects.filter(step__path__community_id=community_id),
        "user_id",
        "done_at",
        since,
        until,
    )


def _marks(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.resources.models import Mark

    return _days(
        Mark.objects.filter(resource__community_id=community_id),
        "user_id",
        "created_at",
        since,
        until,
    )


def _peer_feedback(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.feedback.models import PeerFeedback

    return _days(
        PeerFeedback.objects.filter(community_id=community_id, given_at__isnull=False),
        "giver_id",
        "given_at",
        since,
        until,
    )


def _praise(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.feedback.models import Praise

    return _days(
        Praise.objects.filter(community_id=community_id), "giver_id", "created_at", since, until
    )


def _ideas(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.innovation.models import IdeaAuthor

    return _days(
        IdeaAuthor.objects.filter(idea__community_id=community_id),
        "user_id",
        "joined_at",
        since,
        until,
    )


def _votes(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.innovation.models import Vote

    return _days(
        Vote.objects.filter(idea__community_id=community_id), "user_id", "updated_at", since, until
    )


def _messages(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.network.models import Message

    return _days(
        Message.objects.filter(conversation__community_id=community_id),
        "author_id",
        "created_at",
        since,
        until,
    )


ACTIVITY_SOURCES: list[ActivitySource] = [
    _forum_posts,
    _forum_reads,
    _rsvps,
    _attendance,
    _check_ins,
    _mentoring("mentee"),
    _mentoring("mentor"),
    _steps,
    _marks,
    _peer_feedback,
    _praise,
    _ideas,
    _votes,
    _messages,
]


def _day(at: datetime | date) -> date:
    return at.astimezone(UTC).date() if isinstance(at, datetime) else at


def _forum_replies(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """A reply ties its author to the topic's author."""
    from salon.discussions.models import Post

    rows = Post.objects.filter(
        topic__community_id=community_id,
        number__gt=1,
        deleted_at__isnull=True,
        created_at__gte=since,
        created_at__lt=until,
        author__isnull=False,
        topic__author__isnull=False,
    ).values_list("author_id", "topic__author_id", "created_at")
    return [Interaction(a, b, _day(at), "forum") for a, b, at in rows if a != b]


def _mentoring_pairs(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """A mentorship ties mentee and mentor when it begins and at each session logged."""
    from salon.mentoring.models import MentoringSession, Mentorship

    started = Mentorship.objects.filter(
        programme__community_id=community_id, started_at__gte=since, started_at__lt=until
    ).values_list("mentee_id", "mentor_id", "started_at")
    held = MentoringSession.objects.filter(
        mentorship__programme__community_id=community_id,
        held_on__gte=since.date(),
        held_on__lt=until.date(),
    ).values_list("mentorship__mentee_id", "mentorship__mentor_id", "held_on")
    return [Interaction(a, b, _day(at), "mentoring") for a, b, at in [*started, *held]]


def _co_attendance(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """Everyone at a small session with everyone else there."""
    from salon.events.models import Attendance

    by_event: dict[int, tuple[date, list[int]]] = {}
    for event_id, user_id, starts_at in Attendance.objects.filter(
        event__community_id=community_id, event__starts_at__gte=since, event__starts_at__lt=until
    ).values_list("event_id", "user_id", "event__starts_at"):
        by_event.setdefault(event_id, (_day(starts_at), []))[1].append(user_id)
    result = []
    for day, people in by_event.values():
        if len(people) > SMALL_SESSION:
            continue
        result += [
            Interaction(a, b, day, "session") for i, a in enumerate(people) for b in people[i + 1 :]
        ]
    return result


def _feedback_given(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """Feedback and praise tie the giver to the one who received it."""
    from salon.feedback.models import PeerFeedback, Praise

    given = PeerFeedback.objects.filter(
        community_id=community_id, given_at__isnull=False, given_at__gte=since, given_at__lt=until
    ).values_list("giver_id", "receiver_id", "given_at")
    praised = Praise.objects.filter(
        community_id=community_id, created_at__gte=since, created_at__lt=until
    ).values_list("giver_id", "receiver_id", "created_at")
    return [
        Interaction(a, b, _day(at), "feedback") for a, b, at in [*given, *praised] if at is not None
    ]


def _direct_messages(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """A message ties its author to everyone else in the conversation (two people, or a
    group of up to eight: small enough to be a conversation, not an announcement)."""
    from salon.network.models import Message, Participant

    written = list(
        Message.objects.filter(
            conversation__community_id=community_id,
            created_at__gte=since,
            created_at__lt=until,
            author__isnull=False,
        ).values_list("conversation_id", "author_id", "created_at")
    )
    seats: dict[int, list[int]] = {}
    for conversation_id, user_id in Participant.objects.filter(
        conversation_id__in={c for c, _a, _at in written}
    ).values_list("conversation_id", "user_id"):
        seats.setdefault(conversation_id, []).append(user_id)
    return [
        Interaction(author, other, _day(at), "message")
        for conversation_id, author, at in written
        if len(seats.get(conversation_id, ())) <= SMALL_SESSION
        for other in seats.get(conversation_id, ())
        if other != author
    ]


def _connections(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """Two members who connected (by asking, or through an introduction) are tied on the
    day they did, in every community both belong to."""
    from salon.communities.models import Membership
    from salon.network.models import Connection

    def member(field: str) -> Exists:
        return Exists(Membership.objects.filter(community_id=community_id, user_id=OuterRef(field)))

    rows = (
        Connection.objects.filter(created_at__gte=since, created_at__lt=until)
        .filter(member("user_low_id"), member("user_high_id"))
        .values_list("user_low_id", "user_high_id", "created_at")
    )
    return [Interaction(a, b, _day(at), "connection") for a, b, at in rows]


def _coffee_meetings(community_id: int, since: datetime, until: datetime) -> Iterable[Interaction]:
    """A coffee-roulette pair that met (either of them said so) is tied on the day the
    planner gave them, or, without one, the round's "meet by" day. The answer comes after
    the meeting: the rollup's second look at the last 15 days counts it."""
    from salon.network.models import CoffeePair

    planned = Q(starts_at__gte=since, starts_at__lt=until)
    unplanned = Q(
        starts_at__isnull=True, round__meet_by__gte=since.date(), round__meet_by__lt=until.date()
    )
    rows = (
        CoffeePair.objects.filter(round__community_id=community_id)
        .filter(Q(first_met=True) | Q(second_met=True))
        .filter(planned | unplanned)
        .values_list("first_id", "second_id", "starts_at", "round__meet_by")
    )
    return [
        Interaction(a, b, _day(at) if at is not None else meet_by, "coffee")
        for a, b, at, meet_by in rows
    ]


INTERACTION_SOURCES: list[InteractionSource] = [
    _forum_replies,
    _mentoring_pairs,
    _co_attendance,
    _feedback_given,
    _direct_messages,
    _connections,
    _coffee_meetings,
]


# Counts, per person and day --------------------------------------------------------------


def _counted(qs: QuerySet, user: str, at: str, since: datetime, until: datetime) -> QuerySet:
    return (
        qs.filter(**{f"{at}__gte": since, f"{at}__lt": until})
        .annotate(day=TruncDate(at, tzinfo=UTC))
        .values(user, "day")
        .annotate(n=Count("pk"))
        .values_list(user, "day", "n")
        .order_by()
    )


def _posts(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.discussions.models import Post

    qs = Post.objects.filter(topic__community_id=community_id, deleted_at__isnull=True)
    return _counted(qs, "author_id", "created_at", since, until)


def _reads(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.discussions.models import TopicRead

    qs = TopicRead.objects.filter(topic__community_id=community_id)
    return _counted(qs, "user_id", "updated_at", since, until)


def _going(community_id: int, since: datetime, until: datetime) -> QuerySet:
    """Places taken ("going") at sessions, by the day the session is held."""
    from salon.events.models import Rsvp, RsvpStatus

    qs = Rsvp.objects.filter(event__community_id=community_id, status=RsvpStatus.GOING)
    return _counted(qs, "user_id", "event__starts_at", since, until)


def _attended(community_id: int, since: datetime, until: datetime) -> QuerySet:
    """Of those places, the ones at which the person was checked in."""
    from salon.events.models import Attendance, Rsvp, RsvpStatus

    qs = Rsvp.objects.filter(
        Exists(
            Attendance.objects.filter(event_id=OuterRef("event_id"), user_id=OuterRef("user_id"))
        ),
        event__community_id=community_id,
        status=RsvpStatus.GOING,
    )
    return _counted(qs, "user_id", "event__starts_at", since, until)


def _mentee_sessions(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.mentoring.models import MentoringSession

    return (
        MentoringSession.objects.filter(
            mentorship__programme__community_id=community_id,
            held_on__gte=since.date(),
            held_on__lt=until.date(),
        )
        .values("mentorship__mentee_id", "held_on")
        .annotate(n=Count("pk"))
        .values_list("mentorship__mentee_id", "held_on", "n")
        .order_by()
    )


def _step_counts(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.resources.models import StepCompletion

    qs = StepCompletion.objects.filter(step__path__community_id=community_id)
    return _counted(qs, "user_id", "done_at", since, until)


def _paths_completed(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.resources.models import PathEnrolment

    qs = PathEnrolment.objects.filter(path__community_id=community_id)
    return _counted(qs, "user_id", "completed_at", since, until)


def _useful_marks(community_id: int, since: datetime, until: datetime) -> QuerySet:
    from salon.resources.models import Mark, MarkKind

    qs = Mark.objects.filter(resource__community_id=community_id, kind=MarkKind.USEFUL)
    return _counted(qs, "user_id", "created_at", since, until)


def _applied(yes: bool) -> CountSource:
    """Answers to the follow-up ("did you apply it?"), by the day the session was held."""

    def source(community_id: int, since: datetime, until: datetime) -> QuerySet:
        from salon.events.models import Applied
        from salon.events.models import Feedback as EventFeedback

        qs = EventFeedback.objects.filter(event__community_id=community_id).exclude(applied="")
        if yes:
            qs = qs.filter(applied__in=[Applied.YES, Applied.PARTLY])
        return _counted(qs, "user_id", "event__starts_at", since, until)

    return source


COUNT_SOURCES: dict[str, CountSource] = {
    "posts": _posts,
    "reads": _reads,
    "going": _going,
    "attended": _attended,
    "mentee_sessions": _mentee_sessions,
    "steps": _step_counts,
    "paths_completed": _paths_completed,
    "useful_marks": _useful_marks,
    "applied_answers": _applied(False),
    "applied_yes": _applied(True),
}
