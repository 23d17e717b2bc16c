"""Feedback rules of the permission policy (docs/feedback.md, "Who sees what").

Directors and facilitators run 360° cycles and see aggregates over at least five people;
nobody but the person reviewed (and the mentor they shared it with) reads a report, and
nobody at all sees who answered what.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("feedback_cycle.manage")
def can_manage_cycles(user: Any, community: Any) -> bool:
    """Run a 360° cycle: directors and facilitators."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("feedback_cycle.raise_threshold")
def can_raise_threshold(user: Any, community: Any) -> bool:
    """Ask for more answers per group than the default before a group is shown."""
    return _role(user, community.pk) == Role.DIRECTOR


@rule("feedback.take_part")
def can_take_part(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PARTICIPANT_ROLES


def _is_steward(user: Any, community_id: int) -> bool:
    return _role(user, community_id) in STEWARD_ROLES


@rule("feedback.overview")
def can_see_overview(user: Any, community: Any) -> bool:
    """The cohort's aggregates (over five people or more, never one person's report)."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("feedback_cycle.view")
def can_view_cycle(user: Any, cycle: Any) -> bool:
    """Those who run it, the people reviewed and their raters. ``viewer_involved`` comes
    annotated from ``access_cycle`` (a reviewed person or a rater)."""
    if _role(user, cycle.community_id) is None:
        return False
    return _is_steward(user, cycle.community_id) or bool(getattr(cycle, "viewer_involved", False))


@rule("feedback_cycle.close")
def can_close_cycle(user: Any, cycle: Any) -> bool:
    return cycle.is_open and _is_steward(user, cycle.community_id)


@rule("feedback_nomination.edit")
def can_edit_nominations(user: Any, participant: Any) -> bool:
    """The person reviewed chooses their raters, until they send the list for approval or
    the cycle's "raters chosen by" date passes."""
    from salon.feedback.models import NominationStatus

    return (
        participant.person_id == user.pk
        and participant.cycle.is_open
        and not participant.cycle.nominations_closed
        and participant.nominations_status == NominationStatus.DRAFT
        and _role(user, participant.cycle.community_id) is not None
    )


@rule("feedback_nomination.approve")
def can_approve_nominations(user: Any, participant: Any) -> bool:
    """Their manager, or whoever runs the cycle, approves the list. Once the "raters chosen
    by" date has passed, whoever runs the cycle may also approve a list never sent, as it
    stands, so that nobody's review is stuck."""
    from salon.feedback.models import NominationStatus

    if not participant.cycle.is_open:
        return False
    if participant.nominations_status == NominationStatus.DRAFT:
        return (
            participant.cycle.nominations_closed
            and participant.person_id != user.pk
            and _is_steward(user, participant.cycle.community_id)
        )
    if participant.nominations_status != NominationStatus.SUBMITTED:
        return False
    if participant.person_id == user.pk:
        return False
    if _role(user, participant.cycle.community_id) is None:
        return False
    return participant.manager_id == user.pk or _is_steward(user, participant.cycle.community_id)


@rule("feedback_participant.view")
def can_view_participant(user: Any, participant: Any) -> bool:
    """The rater list and its progress (counts only): the person, their manager and
    whoever runs the cycle."""
    if _role(user, participant.cycle.community_id) is None:
        return False
    return (
        participant.person_id == user.pk
        or participant.manager_id == user.pk
        or _is_steward(user, participant.cycle.community_id)
    )


@rule("feedback_response.answer")
def can_answer(user: Any, nomination: Any) -> bool:
    from salon.feedback.models import NominationStatus

    participant = nomination.participant
    return (
        nomination.rater_id == user.pk
        and not nomination.answered
        and participant.cycle.is_open
        and participant.nominations_status == NominationStatus.APPROVED
        and _role(user, participant.cycle.community_id) is not None
    )


@rule("feedback_report.view")
def can_view_report(user: Any, participant: Any) -> bool:
    """The person reviewed, and a mentor they shared it with; nobody else, directors
    included. Readable once the cycle has closed. ``shared_with`` comes from the door."""
    if participant.cycle.is_open:
        return False
    if participant.person_id == user.pk:
        return True
    if _role(user, participant.cycle.community_id) is None:
        return False
    shared = getattr(participant, "shared_with", None)
    if shared is None:
        shared = set(participant.shares.values_list("mentor_id", flat=True))
    return user.pk in shared


@rule("feedback_report.own")
def can_act_on_own_report(user: Any, participant: Any) -> bool:
    """Share it with a mentor, turn a gap into a goal: only the person reviewed."""
    return (
        participant.person_id == user.pk
        and not participant.cycle.is_open
        and _role(user, participant.cycle.community_id) in PARTICIPANT_ROLES
    )
