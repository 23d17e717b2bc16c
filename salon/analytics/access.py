"""The door to a community's outcome figures: its stewards and its sponsors (who may not
see anything else of the community) get it; a member who may see the community but not
its figures gets 403; anyone else 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from salon.analytics.models import Sponsor
from salon.communities.models import Community
from salon.core.permissions import can


def access_outcomes(user: Any, slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    if can(user, "analytics.view", community):
        return community
    if can(user, "community.view", community):
        raise PermissionDenied
    raise Http404


def access_sponsor(user: Any, sponsor_id: int) -> Sponsor:
    """A sponsor share, for a director of its community to withdraw (a steward who may see
    the community gets 403; anyone else, sponsors included, 404)."""
    sponsor = Sponsor.objects.select_related("community", "user").filter(pk=sponsor_id).first()
    if sponsor is None:
        raise Http404
    if can(user, "analytics.share", sponsor.community):
        return sponsor
    if can(user, "community.view", sponsor.community):
        raise PermissionDenied
    raise Http404
