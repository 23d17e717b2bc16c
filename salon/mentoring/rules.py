"""Mentoring rules of the permission policy (docs/mentoring.md, "Who sees what").

Programmes are seen by the community's participants once they leave draft; directors and
facilitators run them. A proposed match is seen by the programme team and, once published,
by its two people. A mentorship's shared space belongs to its pair alone: the programme
team sees that it exists, when the pair last met and the check-ins in aggregate, never the
notes.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core.permissions import rule
from salon.mentoring.models import (
    MatchStatus,
    MentorshipStatus,
    ProgrammeStatus,
    Side,
)


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("programme.list")
def can_list_programmes(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("programme.create")
def can_create_programme(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("programme.view")
def can_view_programme(user: Any, programme: Any) -> bool:
    role = _role(user, programme.community_id)
    if role in STEWARD_ROLES:
        return True
    return role in PARTICIPANT_ROLES and programme.status != ProgrammeStatus.DRAFT


@rule("programme.manage")
def can_manage_programme(user: Any, programme: Any) -> bool:
    """Edit the programme, run matching, review, publish: the community's stewards."""
    return _role(user, programme.community_id) in STEWARD_ROLES


def _may_take_side(user: Any, programme: Any, side: str) -> bool:
    role = _role(user, programme.community_id)
    allowed = programme.mentee_roles if side == Side.MENTEE else programme.mentor_roles
    return role is not None and role in PARTICIPANT_ROLES and role in allowed


def enrolment_open(programme: Any) -> bool:
    """Open while the programme is enrolling, up to and including the day it closes."""
    if programme.status != ProgrammeStatus.ENROLLING:
        return False
    closes = programme.enrolment_closes_on
    return closes is None or timezone.localdate() <= closes


@rule("programme.enrol")
def can_enrol(user: Any, programme: Any) -> bool:
    """Enrol, or change one's enrolment, while enrolment is open (on either side one may)."""
    if not enrolment_open(programme):
        return False
    return _may_take_side(user, programme, Side.MENTEE) or _may_take_side(
        user, programme, Side.MENTOR
    )


@rule("programme.enrol_as_mentee")
def can_enrol_as_mentee(user: Any, programme: Any) -> bool:
    return enrolment_open(programme) and _may_take_side(user, programme, Side.MENTEE)


@rule("programme.enrol_as_mentor")
def can_enrol_as_mentor(user: Any, programme: Any) -> bool:
    return enrolment_open(programme) and _may_take_side(user, programme, Side.MENTOR)


@rule("match.view")
def can_view_match(user: Any, match: Any) -> bool:
    """A staged match is the programme team's working material; once published its two
    people see it too."""
    if can_manage_programme(user, match.programme):
        return True
    # Staged, or withdrawn before it was ever published (forbidden, replaced, no longer
    # fitting): the programme team's working material, never shown to the pair.
    if match.status == MatchStatus.STAGED or match.published_at is None:
        return False
    return user.pk in (match.mentee_id, match.mentor_id) and (
        _role(user, match.programme.community_id) is not None
    )


@rule("match.respond")
def can_respond(user: Any, match: Any) -> bool:
    """Accept or decline a published match, each side once."""
    if match.status != MatchStatus.PUBLISHED:
        return False
    if _role(user, match.programme.community_id) is None:
        return False
    if user.pk == match.mentee_id:
        return not match.mentee_answer
    if user.pk == match.mentor_id:
        return not match.mentor_answer
    return False


@rule("mentorship.view")
def can_view_mentorship(user: Any, mentorship: Any) -> bool:
    return user.pk in (mentorship.mentee_id, mentorship.mentor_id) and (
        _role(user, mentorship.programme.community_id) is not None
    )


@rule("mentorship.edit")
def can_edit_mentorship(user: Any, mentorship: Any) -> bool:
    """Write in the shared space (agreement, sessions, action items, check-ins, ending it):
    the pair, while the mentorship is active."""
    return mentorship.status == MentorshipStatus.ACTIVE and can_view_mentorship(user, mentorship)
