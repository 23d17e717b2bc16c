"""Reads shared by views and the API: filtered by what the user may see, free of N+1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from salon.accounts.models import Language, User
from salon.communities.models import (
    STEWARD_ROLES,
    Circle,
    CircleKind,
    CircleMembership,
    Community,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Visibility,
)
from salon.communities.roles import membership_of, memberships_of


def community_list_for_nav(*, user: Any) -> list[Community]:
    """The navigation's communities come with the memberships the policy already loaded."""
    return sorted((m.community for m in memberships_of(user).values()), key=lambda c: c.name)


def community_list_for_user(*, user: Any) -> QuerySet[Community]:
    """The user's communities and the open ones they could join, with member counts.

    Counts are safe to show: every community in this list is visible to the user.
    """
    mine = list(memberships_of(user))
    return (
        Community.objects.filter(Q(pk__in=mine) | Q(visibility=Visibility.OPEN))
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    region: str = ""
    function: str = ""
    industry: str = ""
    language: str = ""
    role: str = ""
    circle: str = ""


def member_directory(*, community: Community, filters: DirectoryFilters) -> QuerySet[Membership]:
    """Members of a community matching the filters, with what a directory card shows."""
    qs = (
        Membership.objects.filter(community=community, user__is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("user__languages", queryset=Language.objects.order_by("name")))
        .order_by("user__name", "pk")
    )
    if filters.q:
        for word in filters.q.split()[:6]:
            qs = qs.filter(
                Q(user__name__icontains=word)
                | Q(user__title__icontains=word)
                | Q(user__organisation__icontains=word)
                | Q(user__organisation_unit__icontains=word)
                | Q(user__country__icontains=word)
                | Q(user__industry__icontains=word)
            )
    if filters.region:
        qs = qs.filter(user__region=filters.region)
    if filters.function:
        qs = qs.filter(user__function=filters.function)
    if filters.industry:
        qs = qs.filter(user__industry=filters.industry)
    if filters.language:
        qs = qs.filter(
            Exists(
                User.languages.through.objects.filter(
                    user_id=OuterRef("user_id"), language__code=filters.language
                )
            )
        )
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.circle:
        qs = qs.filter(
            Exists(
                CircleMembership.objects.filter(
                    user_id=OuterRef("user_id"),
                    circle__community=community,
                    circle__slug=filters.circle,
                )
            )
        )
    return qs


def directory_industries(*, community: Community) -> list[str]:
    return list(
        User.objects.filter(memberships__community=community)
        .exclude(industry="")
        .values_list("industry", flat=True)
        .distinct()
        .order_by("industry")
    )


def circle_visibility(*, user: Any, field: str = "") -> Q:
    """``circle.view`` as a filter, the one place it is restated in SQL: on circles
    (``field`` empty) or on rows that belong to a circle (``field="circle"``; rows outside
    any circle are left out, add them as the row's own rule says). Stewards see every
    circle of their communities, guests only their own, other participants the open ones
    and their own; nobody outside the community any. Costs no query (memberships are
    remembered per request); test_circle_visibility.py compares it with the policy for
    every persona."""
    prefix = f"{field}__" if field else ""
    community, pk = f"{prefix}community_id__in", f"{field}_id__in" if field else "pk__in"
    roles = {cid: m.role for cid, m in memberships_of(user).items()}
    stewards = [cid for cid, role in roles.items() if role in STEWARD_ROLES]
    guests = [cid for cid, role in roles.items() if role == Role.GUEST]
    others = [cid for cid in roles if cid not in stewards and cid not in guests]
    mine = CircleMembership.objects.filter(user_id=user.pk).values("circle_id")
    return (
        Q(**{community: stewards})
        | Q(**{community: others, f"{prefix}is_private": False})
        | Q(**{community: [*others, *guests], pk: mine})
    )


def circle_list_for_user(*, user: Any, community: Community) -> list[Circle]:
    """Circles the user may see in a community, each with its member count; archived
    circles are left out (``archived_circles`` lists them for the stewards)."""
    membership = membership_of(user, community)
    if membership is None:
        return []
    qs = Circle.objects.filter(community=community, archived_at__isnull=True).annotate(
        member_count=Count("circle_memberships", distinct=True),
        viewer_is_member=Exists(
            CircleMembership.objects.filter(circle=OuterRef("pk"), user_id=user.pk)
        ),
    )
    qs = qs.filter(circle_visibility(user=user))
    circles: list[Circle] = list(qs.order_by("kind", "name"))
    for circle in circles:
        circle.community = community
    return circles


def circle_members(*, circle: Circle) -> QuerySet[CircleMembership]:
    return (
        CircleMembership.objects.filter(circle=circle, user__is_active=True)
        .select_related("user")
        .order_by("-is_lead", "user__name")
    )


def archived_circles(*, community: Community) -> list[Circle]:
    """What the community's stewards may bring back (they see every circle)."""
    circles: list[Circle] = list(
        Circle.objects.filter(community=community, archived_at__isnull=False)
        .annotate(member_count=Count("circle_memberships"))
        .order_by("-archived_at", "name")
    )
    for circle in circles:
        circle.community = community
    return circles


CANDIDATES_SHOWN = 25


def community_people(*, community: Community, user_ids: list[int]) -> list[User]:
    """Those of ``user_ids`` who are members of the community (nobody else is found)."""
    return list(
        User.objects.filter(
            pk__in=user_ids[:1000], memberships__community=community, is_active=True
        ).order_by("name", "pk")
    )


def circle_member_candidates(*, circle: Circle, q: str = "") -> list[Membership]:
    """Members of the circle's community who are not in it yet, matching every word of
    ``q`` in their name, email, title or organisation; the first few by name."""
    qs = (
        Membership.objects.filter(community_id=circle.community_id, user__is_active=True)
        .exclude(
            Exists(CircleMembership.objects.filter(circle=circle, user_id=OuterRef("user_id")))
        )
        .select_related("user")
        .order_by("user__name", "user_id")
    )
    for word in q.split()[:6]:
        qs = qs.filter(
            Q(user__name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(user__title__icontains=word)
            | Q(user__organisation__icontains=word)
        )
    return list(qs[:CANDIDATES_SHOWN])


def community_stats(*, community: Community) -> dict[str, int]:
    """Headline numbers for the community home (shown only to people who may see it)."""
    counts = Membership.objects.filter(community=community).aggregate(
        members=Count("pk"),
        regions=Count("user__region", distinct=True, filter=~Q(user__region="")),
        countries=Count("user__country", distinct=True, filter=~Q(user__country="")),
    )
    return counts


def recent_members(*, community: Community, limit: int = 6) -> list[Membership]:
    return list(
        Membership.objects.filter(community=community, user__is_active=True)
        .select_related("user")
        .order_by("-joined_at", "-pk")[:limit]
    )


def pending_invitations(*, community: Community) -> QuerySet[Invitation]:
    return Invitation.objects.filter(community=community).pending().select_related("invited_by")


def has_pending_join_request(*, user: Any, community: Community) -> bool:
    return JoinRequest.objects.filter(
        community=community, user_id=user.pk, status=JoinRequestStatus.PENDING
    ).exists()


def account_exists_for(*, email: str) -> bool:
    """Whether someone already has an account under this address (an invitation then
    asks them to sign in rather than make one)."""
    return User.objects.filter(email__iexact=email).exists()


def community_open_for_signup(*, slug: str) -> Community | None:
    return Community.objects.filter(slug=slug, self_signup=True).first()


def pending_join_requests(*, community: Community) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        community=community, status=JoinRequestStatus.PENDING
    ).select_related("user")


def interest_group_list_for_user(*, user: Any, community: Community) -> list[Circle]:
    """The community's interest groups the user may see (those waiting for approval only
    for their proposer and the stewards), each with its member count and ``lead_ids``.
    Two queries, however many groups."""
    groups = [
        c
        for c in circle_list_for_user(user=user, community=community)
        if c.kind == CircleKind.INTEREST_GROUP
    ]
    leads: dict[int, list[int]] = {}
    for circle_id, user_id in (
        CircleMembership.objects.filter(circle__in=groups, is_lead=True)
        .order_by("user_id")
        .values_list("circle_id", "user_id")
    ):
        leads.setdefault(circle_id, []).append(user_id)
    for group in groups:
        group.lead_ids = leads.get(group.pk, [])  # type: ignore[attr-defined]
    return groups


def circle_lead_ids(*, circle: Circle) -> list[int]:
    return list(
        circle.circle_memberships.filter(is_lead=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
