"""The doors to programmes, matches, mentorships, their sessions and action items: 404 for
what a user may not see (the same answer as for what does not exist), 403 for what their
role does not allow."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.communities.access import access_community
from salon.core.permissions import can, require
from salon.mentoring.models import (
    ActionItem,
    ForbiddenPair,
    Match,
    MentoringSession,
    Mentorship,
    Programme,
)


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


def access_programme_by_id(
    user: Any, programme_id: int, action: str = "programme.view"
) -> Programme:
    """The API's door, by id alone (the pages use ``access.access_programme``, which
    reads the community from the address): 404 for what the viewer may not see (a
    draft, for participants who are not stewards), then 403 unless ``action`` is
    allowed."""
    programme = Programme.objects.select_related("community").filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    require(user, "programme.view", programme, hide=True)
    if action != "programme.view":
        require(user, action, programme)
    return programme


def access_mentorship(user: Any, mentorship_id: int, action: str = "mentorship.view") -> Mentorship:
    """The mentorship, for its pair; 404 for everyone else (directors included), 403 for
    a write the pair may no longer make (the mentorship has ended)."""
    mentorship = (
        Mentorship.objects.select_related(
            "programme__community", "mentee", "mentor", "agreement_updated_by", "ended_by"
        )
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        raise Http404
    require(user, "mentorship.view", mentorship, hide=True)
    if action != "mentorship.view":
        require(user, action, mentorship)
    return mentorship


def access_session(user: Any, mentorship: Mentorship, session_id: int) -> MentoringSession:
    session = MentoringSession.objects.filter(pk=session_id, mentorship=mentorship).first()
    if session is None:
        raise Http404
    session.mentorship = mentorship
    return session


def access_action_item(user: Any, action_id: int, action: str = "mentorship.edit") -> ActionItem:
    """An action item of one of the viewer's mentorships (404 otherwise)."""
    mentorship_id = (
        ActionItem.objects.filter(pk=action_id).values_list("mentorship_id", flat=True).first()
    )
    if mentorship_id is None:
        raise Http404
    mentorship = access_mentorship(user, mentorship_id, action)
    item = ActionItem.objects.select_related("owner").get(pk=action_id)
    item.mentorship = mentorship
    return item


def access_forbidden_pair(user: Any, forbidden_id: int) -> ForbiddenPair:
    """A "never this pair" of a programme the user manages; 404 for anyone who may not
    see the programme, 403 for those who see it but may not manage it."""
    pair = (
        ForbiddenPair.objects.select_related("programme__community", "mentee")
        .filter(pk=forbidden_id)
        .first()
    )
    if pair is None:
        raise Http404
    require(user, "programme.view", pair.programme, hide=True)
    require(user, "programme.manage", pair.programme)
    return pair
