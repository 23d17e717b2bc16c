"""What communities put in search, and who may find it (see docs/search.md).

The three audiences are the rules of ``rules.py`` written as SQL filters over the live
memberships: ``community.view``, ``community.view_members`` and ``circle.view``. Other
apps scope their documents with them (a discussion in a circle: audience "circle").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.communities.models import (
    PARTICIPANT_ROLES,
    Circle,
    Community,
    Visibility,
)
from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_visibility
from salon.core import search
from salon.core.models import SearchDocument


def _community_ids(user: Any, roles: frozenset[str] | None = None) -> list[int]:
    return [cid for cid, m in memberships_of(user).items() if roles is None or m.role in roles]


# Audiences -------------------------------------------------------------------------------


def _community_view(user: Any) -> Q:
    # rules.can_view_community: open, or the user has any role in it.
    return Q(community__visibility=Visibility.OPEN) | Q(community_id__in=_community_ids(user))


def _view_members(user: Any) -> Q:
    # rules.can_view_members: a participant role (not guests).
    return Q(community_id__in=_community_ids(user, PARTICIPANT_ROLES))


def _circle_view(user: Any) -> Q:
    return circle_visibility(user=user, field="circle")


def _community_of(document: SearchDocument) -> Community:
    return document.community


def _circle_of(document: SearchDocument) -> Circle:
    circle = document.circle
    assert circle is not None, "a circle-scoped document names its circle"
    return circle


search.register_audience(
    search.Audience("community", "community.view", _community_view, _community_of)
)
search.register_audience(
    search.Audience("members", "community.view_members", _view_members, _community_of)
)
search.register_audience(search.Audience("circle", "circle.view", _circle_view, _circle_of))


# Sources ---------------------------------------------------------------------------------


def community_document(community: Community) -> search.Document:
    return search.Document(
        community_id=community.pk,
        title=community.name,
        body=" · ".join(part for part in (community.tagline, community.purpose) if part),
        url=community.get_absolute_url(),
    )


def circle_document(circle: Circle) -> search.Document | None:
    if circle.is_archived:
        return None  # kept for its history, left out of lists and search alike
    return search.Document(
        community_id=circle.community_id,
        circle_id=circle.pk,
        title=circle.name,
        body=circle.description,
        tags=[str(circle.get_kind_display())],
        url=circle.get_absolute_url(),
    )


search.register(
    search.Source(
        kind="community",
        label=_("Community"),
        model=Community,
        audience="community",
        document=community_document,
    )
)
search.register(
    search.Source(
        kind="circle",
        label=_("Circle"),
        model=Circle,
        audience="circle",
        document=circle_document,
        queryset=lambda: Circle.objects.select_related("community"),
    )
)
