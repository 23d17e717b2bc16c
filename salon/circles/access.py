"""The doors of looking after a circle: the circle (by its community's slug and its own,
or by id for the API) with the health permission, and a member of it to nudge."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.accounts.models import User
from salon.communities.access import access_circle, access_circle_by_id, access_community
from salon.communities.models import Circle


def access_circle_health(user: Any, slug: str, circle_slug: str, action: str) -> Circle:
    community = access_community(user, slug)
    return access_circle(user, community, circle_slug, action)


def access_circle_health_by_id(user: Any, circle_id: int, action: str) -> Circle:
    return access_circle_by_id(user, circle_id, action)


def access_circle_member(circle: Circle, user_id: int) -> Any:
    """One of the circle's active members (for a nudge); 404 for anyone else."""
    person = User.objects.filter(
        pk=user_id, is_active=True, circle_memberships__circle=circle
    ).first()
    if person is None:
        raise Http404
    return person
