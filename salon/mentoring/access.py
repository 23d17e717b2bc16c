"""The doors to programmes and matches (mentorships: ``selectors/mentorships.py``): 404 for
what a user may not see (the same answer as for what does not exist), 403 for what their
role does not allow."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.communities.access import access_community
from salon.core.permissions import can, require
from salon.mentoring.models import Match, Programme


def access_programme(
    user: Any, slug: str, programme_id: int, action: str = "programme.view"
) -> Programme:
    community = access_community(user, slug)
    programme = Programme.objects.filter(community=community, pk=programme_id).first()
    if programme is None or not can(user, "programme.view", programme):
        raise Http404
    programme.community = community
    if action != "programme.view":
        require(user, action, programme)
    return programme


def access_match(user: Any, match_id: int, action: str = "match.view") -> Match:
    match = (
        Match.objects.select_related("programme__community", "run", "mentee", "mentor")
        .filter(pk=match_id)
        .first()
    )
    if match is None or not can(user, "match.view", match):
        raise Http404
    if action != "match.view":
        require(user, action, match)
    return match
