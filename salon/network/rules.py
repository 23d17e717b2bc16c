"""Network rules of the permission policy: connections, introductions, conversations and
their reports, and each community's messaging rule.

A conversation is its participants' alone: nobody else (directors and site staff included)
may know it exists. Its moderators see only what a participant reports to them.
"""

from __future__ import annotations

from typing import Any

from salon.accounts.rules import can_view_profile
from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import rule
from salon.network import reach
from salon.network.models import Answer, RequestStatus

INTRODUCER_ROLES = frozenset({*STEWARD_ROLES, Role.MENTOR})


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("connection.request")
def can_request_connection(user: Any, other: Any) -> bool:
    """Anyone who may see a person's profile asks to connect, unless a block stands
    between them (either way)."""
    return (
        other.pk != user.pk
        and other.is_active
        and can_view_profile(user, other)
        and not reach.blocked_between(user.pk, other.pk)
    )


@rule("connection_request.answer")
def can_answer_request(user: Any, request: Any) -> bool:
    return request.recipient_id == user.pk and request.status in (
        RequestStatus.PENDING,
        RequestStatus.IGNORED,
    )


@rule("connection_request.withdraw")
def can_withdraw_request(user: Any, request: Any) -> bool:
    return request.sender_id == user.pk and request.status == RequestStatus.PENDING


@rule("connection.remove")
def can_remove_connection(user: Any, connection: Any) -> bool:
    return user.pk in (connection.user_low_id, connection.user_high_id)


@rule("introduction.create")
def can_introduce(user: Any, community: Any) -> bool:
    """Directors, facilitators and mentors introduce people of their community."""
    return _role(user, community.pk) in INTRODUCER_ROLES


@rule("introduction.view")
def can_view_introduction(user: Any, introduction: Any) -> bool:
    return user.pk in (introduction.first_id, introduction.second_id, introduction.introducer_id)


@rule("introduction.answer")
def can_answer_introduction(user: Any, introduction: Any) -> bool:
    return (
        introduction.answer_of(user.pk) == Answer.WAITING
        and not introduction.is_declined
        and introduction.completed_at is None
    )


@rule("message.start")
def can_start_conversation(user: Any, other: Any) -> bool:
    """The community's rule (members and above by default; guests only with their
    connections), never across a block."""
    return bool(reach.messaging_communities(user, other.pk))


def _participant_ids(conversation: Any) -> set[int]:
    ids = getattr(conversation, "participant_ids", None)
    if ids is None:
        ids = set(conversation.participants.values_list("user_id", flat=True))
        conversation.participant_ids = ids
    return set(ids)


@rule("conversation.view")
def can_view_conversation(user: Any, conversation: Any) -> bool:
    return user.pk in _participant_ids(conversation)


@rule("conversation.post")
def can_post_message(user: Any, conversation: Any) -> bool:
    """Participants write, unless a block stands between them and someone in it."""
    ids = _participant_ids(conversation)
    if user.pk not in ids:
        return False
    return not reach.blocked_among(user.pk, ids - {user.pk})


@rule("conversation.report")
def can_report_conversation(user: Any, conversation: Any) -> bool:
    return can_view_conversation(user, conversation)


@rule("conversation_report.review")
def can_review_reports(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("messaging.manage")
def can_manage_messaging(user: Any, community: Any) -> bool:
    return _role(user, community.pk) == Role.DIRECTOR


@rule("suggestions.view")
def can_view_suggestions(user: Any, obj: None) -> bool:
    return True


@rule("country_note.view")
def can_view_country_notes(user: Any, community: Any) -> bool:
    """Members of a community read what its facilitators wrote about working across it."""
    return _role(user, community.pk) is not None


@rule("country_note.edit")
def can_edit_country_notes(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("coffee_round.start")
def can_start_coffee_round(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("coffee_roulette.view")
def can_view_coffee_roulette(user: Any, community: Any) -> bool:
    """Participants (not guests) take part; stewards also see the rounds' figures."""
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("coffee_pair.answer")
def can_answer_coffee_pair(user: Any, pair: Any) -> bool:
    return user.pk in (pair.first_id, pair.second_id)


@rule("network_map.view")
def can_view_network_map(user: Any, community: Any) -> bool:
    """Directors and facilitators see the community's network map (anonymous dots) and the
    people of their reach who have no tie outside their region yet."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("network_map.view_bridges")
def can_view_bridges(user: Any, community: Any) -> bool:
    """Who bridges the network is named to the community's directors only."""
    return _role(user, community.pk) == Role.DIRECTOR
