"""Reads of the library and of learning paths, already filtered by what the viewer may see
and free of N+1 (the query counts are pinned in tests/test_query_counts.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from salon.communities.models import STEWARD_ROLES, CircleMembership, Role
from salon.communities.roles import membership_of, memberships_of
from salon.communities.selectors import circle_visibility
from salon.resources.models import (
    Comment,
    LearningPath,
    Mark,
    MarkKind,
    PathEnrolment,
    PathStatus,
    PathStep,
    Resource,
    ResourceStatus,
    ResourceVersion,
    StepCompletion,
    Tag,
)

# A member is "stuck" on their next step when it is overdue, or when they have done
# nothing on the path for this long.
STUCK_AFTER = timedelta(days=14)


def _visible_places(user: Any) -> Q:
    """``resource.view`` / ``path.view`` on where things live: the community (outside
    circles) or a circle the user may see. Status is filtered by the callers."""
    return Q(community_id__in=list(memberships_of(user)), circle__isnull=True) | circle_visibility(
        user=user, field="circle"
    )


def visible_resources(*, user: Any) -> QuerySet[Resource]:
    """Published resources the user may see, and their own suggestions."""
    stewards = [cid for cid, m in memberships_of(user).items() if m.role in STEWARD_ROLES]
    return Resource.objects.filter(_visible_places(user)).filter(
        Q(status=ResourceStatus.PUBLISHED)
        | Q(author_id=user.pk)
        | Q(community_id__in=stewards, status=ResourceStatus.SUGGESTED)
    )


@dataclass(frozen=True)
class LibraryFilters:
    kind: str = ""
    competency: int | None = None
    tag: str = ""
    mine: str = ""  # "saved" or "done"


def _with_viewer(qs: QuerySet[Resource], user: Any) -> QuerySet[Resource]:
    mine = Mark.objects.filter(resource=OuterRef("pk"), user_id=user.pk)
    return (
        qs.select_related("current_version__attachment", "circle", "author")
        .prefetch_related("tags", "competencies")
        .annotate(
            useful_count=Count("marks", filter=Q(marks__kind=MarkKind.USEFUL), distinct=True),
            done_count=Count("marks", filter=Q(marks__kind=MarkKind.DONE), distinct=True),
            i_found_useful=Exists(mine.filter(kind=MarkKind.USEFUL)),
            i_saved=Exists(mine.filter(kind=MarkKind.BOOKMARK)),
            i_did=Exists(mine.filter(kind=MarkKind.DONE)),
        )
    )


def library_for(*, user: Any, community: Any, filters: LibraryFilters) -> QuerySet[Resource]:
    qs = visible_resources(user=user).filter(community=community, status=ResourceStatus.PUBLISHED)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.competency:
        qs = qs.filter(competencies__id=filters.competency)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.mine == "saved":
        qs = qs.filter(marks__user_id=user.pk, marks__kind=MarkKind.BOOKMARK)
    elif filters.mine == "done":
        qs = qs.filter(marks__user_id=user.pk, marks__kind=MarkKind.DONE)
    return _with_viewer(qs, user).order_by("-published_on", "-pk")


def library_tags(*, community: Any) -> list[Tag]:
    """Tags used by at least one published resource, most used first."""
    return list(
        Tag.objects.filter(community=community, resources__status=ResourceStatus.PUBLISHED)
        .annotate(n=Count("resources", distinct=True))
        .order_by("-n", "name")[:30]
    )


def suggestions_for(*, user: Any, community: Any) -> QuerySet[Resource]:
    return _with_viewer(
        visible_resources(user=user).filter(community=community, status=ResourceStatus.SUGGESTED),
        user,
    ).order_by("created_at")


def my_suggestions(*, user: Any, community: Any) -> list[Resource]:
    return list(
        Resource.objects.filter(community=community, author_id=user.pk)
        .exclude(status=ResourceStatus.PUBLISHED)
        .order_by("-created_at")[:10]
    )


def resource_with_viewer(*, user: Any, resource: Resource) -> Resource:
    """The resource again, with its counts and the viewer's marks (one query)."""
    return (
        _with_viewer(Resource.objects.filter(pk=resource.pk), user)
        .select_related("community", "event", "path", "curator")
        .get()
    )


def versions_of(*, resource: Resource) -> list[ResourceVersion]:
    return list(resource.versions.select_related("attachment", "uploaded_by"))


def version_of(*, resource: Resource, number: int) -> ResourceVersion | None:
    return resource.versions.filter(number=number).select_related("attachment").first()


def comments_on(*, resource: Resource) -> list[Comment]:
    return list(resource.comments.select_related("author"))


def usage_of(*, resource: Resource) -> dict[str, int]:
    """What the curator sees: views, completions and "useful"."""
    counts = resource.marks.aggregate(
        useful=Count("pk", filter=Q(kind=MarkKind.USEFUL)),
        done=Count("pk", filter=Q(kind=MarkKind.DONE)),
        saved=Count("pk", filter=Q(kind=MarkKind.BOOKMARK)),
    )
    return {"views": resource.view_count, **counts}


# Learning paths ----------------------------------------------------------------------------


def visible_paths(*, user: Any) -> QuerySet[LearningPath]:
    stewards = [cid for cid, m in memberships_of(user).items() if m.role in STEWARD_ROLES]
    return LearningPath.objects.filter(_visible_places(user)).filter(
        Q(status=PathStatus.PUBLISHED) | Q(community_id__in=stewards)
    )


def _count(qs: QuerySet[Any]) -> Coalesce:
    """How many rows ``qs`` has, as a scalar subquery: counted apart from the outer query,
    so its other joins (enrolments, cohorts) cannot multiply it."""
    counted = (
        qs.order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _path_counts(qs: QuerySet[LearningPath], user: Any) -> QuerySet[LearningPath]:
    mine = StepCompletion.objects.filter(step__path=OuterRef("pk"), user_id=user.pk)
    enrolled = PathEnrolment.objects.filter(path=OuterRef("pk"), user_id=user.pk)
    return (
        qs.select_related("circle", "community")
        .annotate(
            step_count=_count(PathStep.objects.filter(path=OuterRef("pk"))),
            my_done=_count(mine),
            i_follow=Exists(enrolled),
            i_finished=Exists(enrolled.filter(completed_at__isnull=False)),
            i_started=Exists(mine),
        )
        .order_by("title", "pk")
    )


def paths_for(*, user: Any, community: Any) -> QuerySet[LearningPath]:
    return _path_counts(visible_paths(user=user).filter(community=community), user)


def my_paths(*, user: Any) -> QuerySet[LearningPath]:
    """Paths the user follows, and the published paths of their cohorts."""
    cohorts = CircleMembership.objects.filter(user_id=user.pk).values("circle_id")
    return _path_counts(
        visible_paths(user=user)
        .filter(
            Q(enrolments__user_id=user.pk) | Q(circle_id__in=cohorts, status=PathStatus.PUBLISHED)
        )
        .distinct(),
        user,
    )


@dataclass
class StepView:
    step: PathStep
    done: StepCompletion | None
    overdue: bool


def steps_for(*, user: Any, path: LearningPath) -> list[StepView]:
    """The path's steps in order, each with the viewer's completion (two queries)."""
    steps = list(path.steps.select_related("resource", "event"))
    done = {
        c.step_id: c
        for c in StepCompletion.objects.filter(step__path=path, user_id=user.pk).select_related(
            "goal"
        )
    }
    today = timezone.localdate()
    return [
        StepView(s, done.get(s.pk), s.due_on is not None and s.due_on < today and s.pk not in done)
        for s in steps
    ]


def enrolment_of(*, user: Any, path: LearningPath) -> PathEnrolment | None:
    return PathEnrolment.objects.filter(path=path, user_id=user.pk).first()


@dataclass
class StepProgress:
    step: PathStep
    done: int = 0
    current: int = 0  # members for whom this is the next step
    stuck: list[Any] = field(default_factory=list)


@dataclass
class PathProgress:
    participants: int
    finished: int
    steps: list[StepProgress]


def path_participants(*, path: LearningPath) -> QuerySet[Any]:
    """Who is on the path: the cohort (the circle's participants) and whoever follows it."""
    from salon.accounts.models import User

    on_it = Q(path_enrolments__path=path)
    if path.circle_id is not None:
        on_it |= Q(
            circle_memberships__circle_id=path.circle_id,
            memberships__community_id=path.community_id,
            memberships__role__in=[Role.MEMBER, Role.MENTOR, Role.EXPERT, Role.GUEST],
        )
    return User.objects.filter(on_it, is_active=True).distinct().order_by("name", "pk")


def path_progress(*, path: LearningPath, now: datetime | None = None) -> PathProgress:
    """The facilitator's view, in four queries whatever the numbers: per step how many did
    it, how many are on it now, and who is stuck there (overdue, or idle for two weeks)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    steps = list(path.steps.all())
    people = list(path_participants(path=path).only("pk", "name", "email"))
    done_by: dict[int, set[int]] = {}
    last_done: dict[int, datetime] = {}
    for user_id, step_id, done_at in StepCompletion.objects.filter(step__path=path).values_list(
        "user_id", "step_id", "done_at"
    ):
        done_by.setdefault(user_id, set()).add(step_id)
        last_done[user_id] = max(done_at, last_done.get(user_id, done_at))
    started = dict(PathEnrolment.objects.filter(path=path).values_list("user_id", "started_at"))
    rows = [StepProgress(step) for step in steps]
    finished = 0
    for person in people:
        mine = done_by.get(person.pk, set())
        for row in rows:
            if row.step.pk in mine:
                row.done += 1
        upcoming = next((row for row in rows if row.step.pk not in mine), None)
        if upcoming is None:
            finished += 1 if steps else 0
            continue
        upcoming.current += 1
        since = last_done.get(person.pk) or started.get(person.pk) or path.updated_at
        overdue = upcoming.step.due_on is not None and upcoming.step.due_on < today
        if overdue or now - since > STUCK_AFTER:
            upcoming.stuck.append(person)
    return PathProgress(participants=len(people), finished=finished, steps=rows)


def reflections_on(*, path: LearningPath, user: Any) -> list[StepCompletion]:
    """Reflections on a path that ``user`` may read: their own, or every one when they are a
    steward of the community (the mentor's view goes through ``reflection.view``)."""
    qs = StepCompletion.objects.filter(step__path=path).exclude(reflection="")
    membership = membership_of(user, path.community_id)
    if membership is None or membership.role not in STEWARD_ROLES:
        qs = qs.filter(user_id=user.pk)
    return list(qs.select_related("user", "step").order_by("step__position", "done_at"))


def paths_completed(*, user_ids: list[int] | None = None, community: Any = None) -> QuerySet[Any]:
    """Finished paths, for the growth timeline and the outcome measures: rows of user,
    path and ``completed_at``."""
    qs = PathEnrolment.objects.filter(completed_at__isnull=False).select_related("path")
    if user_ids is not None:
        qs = qs.filter(user_id__in=user_ids)
    if community is not None:
        qs = qs.filter(path__community=community)
    return qs.order_by("-completed_at")


def step_choices(*, user: Any, community: Any) -> dict[str, Any]:
    """What a facilitator can put in a step: the community's published resources and its
    upcoming and recent events they can see."""
    from salon.events.selectors import visible_events

    return {
        "resources": visible_resources(user=user)
        .filter(community=community, status=ResourceStatus.PUBLISHED)
        .only("pk", "title")
        .order_by("title")[:500],
        "events": visible_events(user=user)
        .filter(community=community, starts_at__gte=timezone.now() - timedelta(days=90))
        .only("pk", "title", "starts_at")
        .order_by("starts_at")[:200],
    }


def own_goal(*, user: Any, goal_id: int) -> Any:
    """One of the user's own goals (for a "set a goal" step), or None."""
    from salon.goals.models import Goal

    return Goal.objects.filter(pk=goal_id, owner_id=user.pk).first()
