"""Reads of cohort programmes, already filtered by who may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from salon.communities.models import STEWARD_ROLES, CircleMembership
from salon.communities.roles import membership_of
from salon.programmes.models import Programme


def _in_cohort(user: Any) -> Exists:
    return Exists(
        CircleMembership.objects.filter(
            user_id=user.pk,
            circle__cohort_programmes=OuterRef("pk"),
            circle__archived_at__isnull=True,
        )
    )


def programmes_for(*, user: Any, community: Any) -> QuerySet[Programme]:
    """The community's programmes the user may see: all of them for its directors and
    facilitators, their own cohorts' for everyone else. One query (cohorts prefetched: two)."""
    membership = membership_of(user, community)
    qs = (
        Programme.objects.filter(community=community)
        .annotate(viewer_in_cohort=_in_cohort(user), module_count=Count("modules", distinct=True))
        .prefetch_related("cohorts")
        .order_by("-starts_on", "title")
    )
    if membership is None or membership.role not in STEWARD_ROLES:
        qs = qs.filter(viewer_in_cohort=True)
    return qs


def programmes_of_member(*, user: Any) -> QuerySet[Programme]:
    """Every programme whose cohort the user belongs to, in any community."""
    return Programme.objects.filter(_in_cohort(user)).select_related("community")


def cohort_choices(*, community: Any) -> QuerySet[Any]:
    from salon.communities.models import Circle, CircleKind

    return Circle.objects.filter(
        community=community, kind=CircleKind.COHORT, archived_at__isnull=True
    ).order_by("name")


def cohorts_named(*, community: Any, slugs: list[str]) -> list[Any]:
    """The community's cohort circles by web address (the API names circles by slug)."""
    return list(cohort_choices(community=community).filter(slug__in=slugs))


def competencies_named(*, community: Any, ids: list[int]) -> list[Any]:
    from salon.goals.selectors import competencies_of

    return list(competencies_of(community=community).filter(pk__in=ids))


def linkable(
    *, user: Any, community: Any, resource: int | None, path: int | None, event: int | None
) -> dict[str, Any]:
    """What an item may link to, by id, among what the user may see in the community
    (``None`` for each id that does not name one)."""
    from salon.events.selectors import visible_events
    from salon.resources.selectors import visible_paths, visible_resources

    found: dict[str, Any] = {"resource": None, "path": None, "event": None}
    if resource is not None:
        found["resource"] = (
            visible_resources(user=user).filter(community=community, pk=resource).first()
        )
    if path is not None:
        found["path"] = visible_paths(user=user).filter(community=community, pk=path).first()
    if event is not None:
        found["event"] = visible_events(user=user).filter(community=community, pk=event).first()
    return found


def meeting_circles_for(*, user: Any, programme: Programme) -> list[Any]:
    """The cohort circles whose meeting notes the user reads from the programme's page:
    every cohort for the programme's team, the user's own for everyone else (one query)."""
    cohorts = programme.cohorts.filter(archived_at__isnull=True).order_by("name")
    membership = membership_of(user, programme.community)
    if membership is None or membership.role not in STEWARD_ROLES:
        cohorts = cohorts.filter(circle_memberships__user_id=user.pk)
    return list(cohorts)
