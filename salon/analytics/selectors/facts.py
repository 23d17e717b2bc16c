"""The facts of one community over one period (salon.analytics.facts), gathered in a fixed
number of queries whatever its size: what people did from the daily rollups
(salon.analytics.rollups), and the state of goals, questions, 360° cycles, key results and
ideas from their own tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.analytics import measures
from salon.analytics.facts import (
    Facts,
    GoalFact,
    Interaction,
    KeyResultFact,
    Period,
    Person,
    Question,
    Rating,
    StageFact,
)
from salon.communities.models import Circle, CircleMembership, Community, Membership

PERIODS = {30: _("Last 30 days"), 90: _("Last 90 days"), 365: _("Last 12 months")}
DEFAULT_PERIOD = 90
# The retention table follows cohorts of the last six months, three months each.
RETENTION_MONTHS = 9


def period_ending(days: int, *, today: date | None = None) -> Period:
    end = today or timezone.now().date()
    return Period(end - timedelta(days=days - 1), end)


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _people(community: Community) -> dict[int, Person]:
    circles: dict[int, set[int]] = {}
    for user_id, circle_id in CircleMembership.objects.filter(
        circle__community=community, circle__archived_at__isnull=True
    ).values_list("user_id", "circle_id"):
        circles.setdefault(user_id, set()).add(circle_id)
    return {
        user_id: Person(user_id, region or "", frozenset(circles.get(user_id, ())), joined.date())
        for user_id, region, joined in Membership.objects.filter(
            community=community, user__is_active=True
        )
        .exclude(role="guest")
        .values_list("user_id", "user__region", "joined_at")
    }


def _rolled_up(community: Community, period: Period, since: date, facts: Facts) -> None:
    """What people did, from the daily rollups: the days each was active (from ``since``,
    for retention) and, over the period, the counts the measures sum."""
    from salon.analytics.models import DailyActivity

    rows = DailyActivity.objects.filter(community=community)
    for user_id, day in rows.filter(active=True, day__gte=since, day__lte=period.end).values_list(
        "user_id", "day"
    ):
        facts.active_days.setdefault(user_id, set()).add(day)
    in_period = Q(day__gte=period.start, day__lte=period.end)
    # The follow-up is answered two weeks after the session: counted by when it was held.
    followed_up = Q(
        day__gte=period.start - timedelta(days=14), day__lte=period.end - timedelta(days=14)
    )
    sums = {
        name: Sum(name, filter=in_period)
        for name in (
            "posts",
            "reads",
            "going",
            "attended",
            "mentee_sessions",
            "steps",
            "paths_completed",
            "useful_marks",
        )
    }
    for row in (
        rows.filter(in_period | followed_up)
        .values("user_id")
        .annotate(
            **sums,
            applied_answers=Sum("applied_answers", filter=followed_up),
            applied_yes=Sum("applied_yes", filter=followed_up),
        )
        .order_by()
    ):
        user_id = row["user_id"]
        if row["posts"]:
            facts.posted.add(user_id)
        if row["reads"]:
            facts.read.add(user_id)
        for name, into in (
            ("going", facts.going),
            ("attended", facts.attended_of_going),
            ("mentee_sessions", facts.sessions),
            ("steps", facts.steps),
            ("paths_completed", facts.paths_completed),
            ("useful_marks", facts.useful_marks),
        ):
            if row[name]:
                into[user_id] = row[name]
        if row["applied_answers"]:
            facts.applied[user_id] = (row["applied_answers"], row["applied_yes"] or 0)


def _questions(community: Community, period: Period, facts: Facts) -> None:
    from salon.discussions.models import Post, Topic, TopicKind

    since, until = _at(period.start), _at(period.end + timedelta(days=1))
    questions = Topic.objects.filter(
        community=community,
        kind=TopicKind.QUESTION,
        author__isnull=False,
        created_at__gte=since,
        created_at__lt=until,
    )
    replies: dict[int, list[tuple[int | None, datetime]]] = {}
    for topic_id, author_id, at in (
        Post.objects.filter(topic__in=questions, number__gt=1, deleted_at__isnull=True)
        .order_by("topic_id", "number")
        .values_list("topic_id", "author_id", "created_at")
    ):
        replies.setdefault(topic_id, []).append((author_id, at))
    facts.questions = [
        Question(author_id, created_at, tuple(replies.get(pk, ())))
        for pk, author_id, created_at in questions.values_list("pk", "author_id", "created_at")
    ]


def _day(at: datetime | None) -> date | None:
    return at.astimezone(UTC).date() if at is not None else None


def _goals(community: Community, period: Period, facts: Facts) -> None:
    from salon.goals.models import Goal

    facts.goals = [
        GoalFact(owner, status, created.date(), _day(checked), _day(closed))
        for owner, status, created, checked, closed in Goal.objects.filter(
            community=community, created_at__lt=_at(period.end + timedelta(days=1))
        ).values_list("owner_id", "status", "created_at", "last_check_in_at", "closed_at")
    ]


def _feedback(community: Community, period: Period, facts: Facts) -> None:
    from salon.feedback.models import CycleStatus, Nomination

    nominations = Nomination.objects.filter(participant__cycle__community=community).filter(
        Q(participant__cycle__status=CycleStatus.OPEN)
        | Q(
            participant__cycle__closes_on__gte=period.start,
            participant__cycle__closes_on__lte=period.end,
        )
    )
    facts.raters = {
        rater: (n, answered)
        for rater, n, answered in nominations.values("rater_id")
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .values_list("rater_id", "n", "answered")
    }


def _growth(community: Community, period: Period, facts: Facts) -> None:
    """Each person's change in others' ratings between their last two closed cycles of the
    community (closed by the end of the period), per competency, with its noise band, as
    their 360° report computes it from what it shows (salon.feedback.report)."""
    from salon.feedback import report as engine
    from salon.feedback.models import CycleStatus, Participant, RatedItem, Response
    from salon.goals.models import Competency

    participants = list(
        Participant.objects.filter(
            cycle__community=community,
            cycle__status=CycleStatus.CLOSED,
            cycle__closes_on__lte=period.end,
        )
        .select_related("cycle")
        .order_by("person_id", "-cycle__closes_on", "-pk")
    )
    latest: dict[int, list[Any]] = {}
    for p in participants:
        if len(latest.setdefault(p.person_id, [])) < 2:
            latest[p.person_id].append(p)
    pairs = {person: ps for person, ps in latest.items() if len(ps) == 2}
    chosen = [p for ps in pairs.values() for p in ps]
    cycles = {p.cycle_id: p.cycle for p in chosen}
    items: dict[int, list[Any]] = {}
    for item in RatedItem.objects.filter(cycle_id__in=cycles).order_by("position", "pk"):
        items.setdefault(item.cycle_id, []).append(item)
    rows: dict[int, list[Any]] = {}
    for participant_id, group, scores, comments in Response.objects.filter(
        participant__in=chosen
    ).values_list("participant_id", "group", "scores", "comments"):
        rows.setdefault(participant_id, []).append((group, scores, comments))

    def answers(p: Any) -> engine.Answers:
        cycle = cycles[p.cycle_id]
        return engine.Answers(
            items=[engine.Item(str(i.pk), i.competency_id, "") for i in items.get(cycle.pk, [])],
            points=len(cycle.scale),
            threshold=cycle.threshold,
            ratings=[(g, s) for g, s, _c in rows.get(p.pk, [])],
        )

    for person, (now, before) in pairs.items():
        built = engine.build(answers(now), previous=answers(before))
        for row in built.competencies:
            if row.change is not None and row.band is not None:
                facts.ratings.append(Rating(person, int(str(row.competency)), row.change, row.band))
    facts.competencies = dict(
        Competency.objects.filter(pk__in={r.competency for r in facts.ratings}).values_list(
            "pk", "name"
        )
    )


def _key_results(community: Community, period: Period, facts: Facts) -> None:
    from salon.goals.models import KeyResult
    from salon.goals.progress import key_result_progress

    for kr in KeyResult.objects.filter(
        objective__community=community,
        objective__archived_at__isnull=True,
        objective__starts_on__lte=period.end,
        objective__ends_on__gte=period.start,
    ).select_related("objective"):
        objective = kr.objective
        span = (objective.ends_on - objective.starts_on).days or 1
        gone = min(max((period.end - objective.starts_on).days, 0), span)
        facts.key_results.append(
            KeyResultFact(
                kr.title,
                key_result_progress(
                    kind=kr.kind, baseline=kr.baseline, target=kr.target, current=kr.current
                ),
                gone / span,
            )
        )


def _innovation(community: Community, period: Period, facts: Facts) -> None:
    from salon.innovation.models import Idea, Stage, StageMove

    stages = list(Stage.objects.filter(community=community, is_parked=False).order_by("position"))
    now = dict(
        Idea.objects.filter(community=community)
        .values("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
    moves = StageMove.objects.filter(idea__community=community)
    reached = dict(
        moves.values("to_stage_id")
        .annotate(n=Count("idea_id", distinct=True))
        .values_list("to_stage_id", "n")
    )
    advanced = dict(
        moves.filter(
            from_stage__isnull=False,
            moved_at__gte=_at(period.start),
            moved_at__lt=_at(period.end + timedelta(days=1)),
        )
        .values("to_stage_id")
        .annotate(n=Count("idea_id", distinct=True))
        .values_list("to_stage_id", "n")
    )
    facts.stages = [
        StageFact(s.pk, s.name, reached.get(s.pk, 0), now.get(s.pk, 0), advanced.get(s.pk, 0))
        for s in stages
    ]


def _interactions(community: Community, period: Period, facts: Facts) -> None:
    """The ties of the period and the one before it (for the trend), each interaction once,
    and, for the pairs tied then, the first day they ever were (for new ties)."""
    from salon.analytics.models import DailyTie

    window = period.before().start
    ties = DailyTie.objects.filter(community=community, day__lte=period.end)
    recent = list(
        ties.filter(day__gte=window).values_list("low_id", "high_id", "day", "interactions")
    )
    facts.interactions = [
        Interaction(low, high, day, "") for low, high, day, n in recent for _i in range(n)
    ]
    pairs = {(low, high) for low, high, _d, _n in recent}
    facts.interactions += [
        Interaction(low, high, first, "")
        for low, high, first in ties.filter(day__lt=window)
        .values("low_id", "high_id")
        .annotate(first=Min("day"))
        .values_list("low_id", "high_id", "first")
        .order_by()
        if (low, high) in pairs
    ]


def facts_for(*, community: Community, period: Period) -> Facts:
    """Everything the measures need about ``community`` over ``period``."""
    from salon.accounts.models import Region

    facts = Facts(period=period, people=_people(community))
    since = min(
        measures.add_months(period.end.replace(day=1), -RETENTION_MONTHS),
        period.before().start,
    )
    _rolled_up(community, period, since, facts)
    _questions(community, period, facts)
    _goals(community, period, facts)
    _feedback(community, period, facts)
    _growth(community, period, facts)
    _key_results(community, period, facts)
    _innovation(community, period, facts)
    _interactions(community, period, facts)
    facts.circles = dict(
        Circle.objects.filter(community=community, archived_at__isnull=True).values_list(
            "pk", "name"
        )
    )
    facts.regions = {str(code): str(label) for code, label in Region.choices}
    return facts
