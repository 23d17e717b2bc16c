"""The only doors to protected community objects: 404 for what a user may not see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from salon.communities.models import Circle, CircleKind, CircleMembership, Community, Invitation
from salon.core.permissions import can, require


def access_community(user: Any, slug: str, action: str = "community.view") -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None or not can(user, "community.view", community):
        raise Http404
    if action != "community.view":
        require(user, action, community)
    return community


def access_circle(
    user: Any, community: Community, slug: str, action: str = "circle.view"
) -> Circle:
    circle = _with_viewer(Circle.objects.filter(community=community, slug=slug), user).first()
    if circle is None:
        raise Http404
    circle.community = community
    return _checked(user, circle, action)


def access_circle_by_id(user: Any, circle_id: int, action: str = "circle.view") -> Circle:
    """The API's door: circles by id, 404 for one the user may not see."""
    circle = _with_viewer(
        Circle.objects.select_related("community").filter(pk=circle_id), user
    ).first()
    if circle is None:
        raise Http404
    return _checked(user, circle, action)


def access_interest_group(user: Any, circle_id: int, action: str = "circle.view") -> Circle:
    """An interest group by id (the API's door); 404 for any other kind of circle."""
    circle = access_circle_by_id(user, circle_id)
    if circle.kind != CircleKind.INTEREST_GROUP:
        raise Http404
    return _checked(user, circle, action)


def _with_viewer(circles: QuerySet[Circle], user: Any) -> QuerySet[Circle]:
    mine = CircleMembership.objects.filter(circle=OuterRef("pk"), user_id=user.pk)
    return circles.annotate(
        viewer_is_member=Exists(mine), viewer_is_lead=Exists(mine.filter(is_lead=True))
    )


def _checked(user: Any, circle: Circle, action: str) -> Circle:
    if not can(user, "circle.view", circle):
        raise Http404
    if action != "circle.view":
        require(user, action, circle)
    return circle


def access_invitation(token: str) -> Invitation:
    """Invitations are reached by their secret token; an unknown token is a 404."""
    invitation = (
        Invitation.objects.select_related("community", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    return invitation


def access_profile(user: Any, user_id: int) -> Any:
    from salon.accounts.models import User

    other = User.objects.filter(pk=user_id, is_active=True).prefetch_related("languages").first()
    if other is None or not can(user, "profile.view", other):
        raise Http404
    return other
