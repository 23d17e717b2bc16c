"""The only doors to network objects: 404 for what a person may not know exists (a
conversation they are not in, a request or introduction not theirs), 403 for what they
know of but may not do."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from salon.accounts.models import User
from salon.communities.access import access_community
from salon.core.permissions import can, require
from salon.network import selectors
from salon.network.models import (
    CoffeePair,
    Connection,
    ConnectionRequest,
    Conversation,
    ConversationReport,
    CountryNote,
    Introduction,
)


def access_conversation(
    user: Any, conversation_id: int, action: str = "conversation.view"
) -> Conversation:
    conversation = (
        Conversation.objects.select_related("community").filter(pk=conversation_id).first()
    )
    if conversation is None:
        raise Http404
    conversation.participant_ids = selectors.participant_ids_of(conversation.pk)  # type: ignore[attr-defined]
    if not can(user, "conversation.view", conversation):
        raise Http404
    if action != "conversation.view":
        require(user, action, conversation)
    return conversation


def access_connection_request(user: Any, request_id: int, action: str) -> ConnectionRequest:
    request = (
        ConnectionRequest.objects.select_related("sender", "recipient")
        .filter(Q(sender_id=user.pk) | Q(recipient_id=user.pk), pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    require(user, action, request)
    return request


def access_introduction(
    user: Any, introduction_id: int, action: str = "introduction.view"
) -> Introduction:
    introduction = (
        Introduction.objects.select_related("introducer", "first", "second", "community")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None or not can(user, "introduction.view", introduction):
        raise Http404
    if action != "introduction.view":
        require(user, action, introduction)
    return introduction


def access_connection(user: Any, other_id: int) -> Connection:
    low, high = sorted((int(user.pk), int(other_id)))
    connection = Connection.objects.filter(user_low_id=low, user_high_id=high).first()
    if connection is None or low == high:
        raise Http404
    require(user, "connection.remove", connection)
    return connection


def access_person(user: Any, person_id: int, action: str) -> User:
    """Someone to connect with or write to: 404 unless the viewer may see their profile or
    may write to them (a guest writes to their connections); then ``action`` is asked."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise Http404
    if not (can(user, "profile.view", person) or can(user, "message.start", person)):
        raise Http404
    require(user, action, person)
    return person


def access_report(user: Any, report_id: int) -> ConversationReport:
    report = (
        ConversationReport.objects.select_related("community", "reporter")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not can(user, "community.view", report.community):
        raise Http404
    require(user, "conversation_report.review", report.community)
    return report


def access_moderated_community(user: Any, slug: str, action: str) -> Any:
    return access_community(user, slug, action)


def access_country_note(user: Any, note_id: int, action: str = "country_note.edit") -> CountryNote:
    """A community's note about a country, for those who may act on it (404 for others
    who may not see the community at all)."""
    note = CountryNote.objects.select_related("community").filter(pk=note_id).first()
    if note is None or not can(user, "community.view", note.community):
        raise Http404
    require(user, action, note.community)
    return note


def access_coffee_pair(user: Any, pair_id: int) -> CoffeePair:
    """A coffee pair, for its two people only (404 for everyone else)."""
    pair = CoffeePair.objects.select_related("round__community").filter(pk=pair_id).first()
    if pair is None or not can(user, "coffee_pair.answer", pair):
        raise Http404
    return pair
