"""The only doors to cycles, nominations and reports: 404 for what a user may not see (the
same answer as for what does not exist), 403 for what their role does not allow."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from salon.core.permissions import can, require
from salon.feedback.models import Cycle, Nomination, Participant, ReportShare


def access_cycle(user: Any, cycle_id: int, action: str = "feedback_cycle.view") -> Cycle:
    involved = Q(participants__person_id=user.pk) | Q(participants__nominations__rater_id=user.pk)
    cycle = (
        Cycle.objects.select_related("community", "circle")
        .annotate(
            viewer_involved=Exists(Cycle.objects.filter(involved, pk=OuterRef("pk")).values("pk"))
        )
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None or not can(user, "feedback_cycle.view", cycle):
        raise Http404
    if action != "feedback_cycle.view":
        require(user, action, cycle)
    return cycle


def access_participant(
    user: Any, participant_id: int, action: str = "feedback_participant.view"
) -> Participant:
    participant = (
        Participant.objects.select_related("cycle__community", "person", "manager")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not can(user, "feedback_participant.view", participant):
        raise Http404
    if action != "feedback_participant.view":
        require(user, action, participant)
    return participant


def access_report(
    user: Any, participant_id: int, action: str = "feedback_report.view"
) -> Participant:
    participant = (
        Participant.objects.select_related("cycle__community", "person")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None:
        raise Http404
    participant.shared_with = set(  # type: ignore[attr-defined]
        ReportShare.objects.filter(participant=participant).values_list("mentor_id", flat=True)
    )
    if not can(user, "feedback_report.view", participant):
        raise Http404
    if action != "feedback_report.view":
        require(user, action, participant)
    return participant


def access_nomination(user: Any, nomination_id: int) -> Nomination:
    """A rater's own invitation to answer; nobody else's (404)."""
    nomination = (
        Nomination.objects.select_related("participant__cycle__community", "participant__person")
        .filter(pk=nomination_id, rater_id=user.pk)
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


# Feedback between members and growth timelines -------------------------------------------


def access_peer_feedback(user: Any, feedback_id: int, action: str = "") -> Any:
    """Feedback the user gave, received, or was shared as the receiver's mentor; 404 for
    anyone else. ``action`` (answer, share) is then asked with 403."""
    from salon.feedback.models import PeerFeedback

    feedback = (
        PeerFeedback.objects.select_related(
            "community", "giver", "receiver", "competency", "goal", "request"
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None or not can(user, "peer_feedback.view", feedback):
        raise Http404
    if action:
        require(user, action, feedback)
    return feedback


def access_growth(user: Any, owner_id: int) -> Any:
    """A member whose growth timeline the user may read: their own, or one shared with
    them; 404 otherwise."""
    from salon.accounts.models import User

    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None or not can(user, "growth.view", owner):
        raise Http404
    return owner
