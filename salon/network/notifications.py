"""What the network tells people, through ``notify()``: a request to connect and its
acceptance, an introduction and its completion, messages left unread for a while (as the
member's email preferences say: now, in a digest, or not at all), and a conversation
reported to a community's moderators.

Ignoring a request or declining an introduction tells nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

CONNECTION_REQUESTED = "network.connection_requested"
CONNECTION_ACCEPTED = "network.connection_accepted"
INTRODUCED = "network.introduced"
INTRODUCTION_COMPLETED = "network.introduction_completed"
UNREAD_MESSAGES = "network.unread_messages"
CONVERSATION_REPORTED = "network.conversation_reported"
COFFEE_PAIRED = "network.coffee_paired"


def _unread_line(data: Mapping[str, Any]) -> str:
    if data.get("count", 1) == 1:
        return _("%(actor)s wrote to you and the message is still unread.") % data
    return _("%(count)s messages from %(actor)s and others are still unread.") % data


register_kind(
    CONNECTION_REQUESTED,
    label=gettext_lazy("Someone asks to connect with me"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s asks to connect with you.") % data,
    may_see=lambda user, request: request.recipient_id == user.pk,
)
register_kind(
    CONNECTION_ACCEPTED,
    label=gettext_lazy("Someone accepts my request to connect"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s accepted your request: you are connected.") % data,
    may_see=lambda user, request: request.sender_id == user.pk,
)
register_kind(
    INTRODUCED,
    label=gettext_lazy("Someone introduces me to a colleague"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s would like you to meet %(other)s.") % data,
    may_see=lambda user, introduction: can(user, "introduction.view", introduction),
)
register_kind(
    INTRODUCTION_COMPLETED,
    label=gettext_lazy("An introduction I am part of is accepted by both"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(first)s and %(second)s accepted the introduction.") % data,
    may_see=lambda user, introduction: can(user, "introduction.view", introduction),
)
register_kind(
    UNREAD_MESSAGES,
    label=gettext_lazy("A direct message to me stays unread"),
    default=Delivery.IMMEDIATE,
    line=_unread_line,
    may_see=lambda user, conversation: can(user, "conversation.view", conversation),
)
register_kind(
    CONVERSATION_REPORTED,
    label=gettext_lazy("A conversation is reported to the moderators (facilitators)"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s reported a conversation to the moderators.") % data,
    may_see=lambda user, report: can(user, "conversation_report.review", report.community),
)

register_kind(
    COFFEE_PAIRED,
    label=gettext_lazy("Coffee roulette pairs me with someone"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Coffee roulette: you are paired with %(other)s for half an hour.") % data,
    may_see=lambda user, pair: can(user, "coffee_pair.answer", pair),
)


def _name(user: Any) -> str:
    return user.display_name if user is not None else _("Former member")


def connection_requested(*, request_id: int) -> None:
    from salon.network.models import ConnectionRequest

    request = ConnectionRequest.objects.select_related("sender").filter(pk=request_id).first()
    if request is None:
        return
    notify(
        [request.recipient_id],
        CONNECTION_REQUESTED,
        target=request,
        actor=request.sender,
        data={"actor": _name(request.sender)},
        url=reverse("network:mine"),
    )


def connection_accepted(*, request_id: int) -> None:
    from salon.network.models import ConnectionRequest

    request = ConnectionRequest.objects.select_related("recipient").filter(pk=request_id).first()
    if request is None:
        return
    notify(
        [request.sender_id],
        CONNECTION_ACCEPTED,
        target=request,
        actor=request.recipient,
        data={"actor": _name(request.recipient)},
        url=reverse("accounts:profile", args=[request.recipient_id]),
    )


def introduced(*, introduction_id: int) -> None:
    from salon.network.models import Introduction

    introduction = (
        Introduction.objects.select_related("introducer", "first", "second", "community")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        return
    for person, other in (
        (introduction.first, introduction.second),
        (introduction.second, introduction.first),
    ):
        notify(
            [person.pk],
            INTRODUCED,
            target=introduction,
            actor=introduction.introducer,
            community=introduction.community,
            data={"actor": _name(introduction.introducer), "other": _name(other)},
            url=reverse("network:mine"),
        )


def introduction_completed(*, introduction_id: int) -> None:
    from salon.network.models import Introduction

    introduction = (
        Introduction.objects.select_related("first", "second", "community")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        return
    people = [introduction.first_id, introduction.second_id, introduction.introducer_id]
    notify(
        [p for p in people if p is not None],
        INTRODUCTION_COMPLETED,
        target=introduction,
        community=introduction.community,
        data={"first": _name(introduction.first), "second": _name(introduction.second)},
        url=(
            reverse("network:conversation", args=[introduction.conversation_id])
            if introduction.conversation_id
            else reverse("network:mine")
        ),
    )


# Conversations looked at per run of the job, and how far back it looks: a message older
# than that is left to the person's next visit rather than emailed days late.
UNREAD_BATCH = 2000
UNREAD_HORIZON = timedelta(days=3)


def unread_messages_due(*, now: datetime) -> int:
    """Tell each person whose conversation has been quiet for
    ``SALON_UNREAD_MESSAGE_MINUTES`` with messages they have not read (nor been told of).
    Each is told once per newest message (the notification's key), so a retried run tells
    nobody twice. Returns how many were told."""
    from django.db.models import F

    from salon.network.models import Message, Participant

    quiet_since = now - timedelta(minutes=settings.SALON_UNREAD_MESSAGE_MINUTES)
    seats = list(
        Participant.objects.filter(
            read_up_to__lt=F("conversation__last_message_id"),
            emailed_up_to__lt=F("conversation__last_message_id"),
            conversation__last_message_at__lte=quiet_since,
            conversation__last_message_at__gte=now - UNREAD_HORIZON,
            user__is_active=True,
        ).select_related("conversation__community")[:UNREAD_BATCH]
    )
    told = 0
    for seat in seats:
        conversation = seat.conversation
        unread = list(
            Message.objects.filter(
                conversation=conversation,
                pk__gt=max(seat.read_up_to, seat.emailed_up_to),
                pk__lte=conversation.last_message_id,
            )
            .exclude(author_id=seat.user_id)
            .select_related("author")
            .order_by("-id")
        )
        if unread:
            author = unread[0].author
            told += notify(
                [seat.user_id],
                UNREAD_MESSAGES,
                target=conversation,
                actor=author,
                community=conversation.community,
                data={"actor": _name(author), "count": len(unread)},
                key=f"{UNREAD_MESSAGES}:{conversation.pk}:{conversation.last_message_id}",
            )
        Participant.objects.filter(
            pk=seat.pk, emailed_up_to__lt=conversation.last_message_id
        ).update(emailed_up_to=conversation.last_message_id)
    return told


def conversation_reported(*, report_id: int) -> None:
    from salon.communities.models import STEWARD_ROLES, Membership
    from salon.network.models import ConversationReport

    report = (
        ConversationReport.objects.select_related("reporter", "community")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return
    stewards = Membership.objects.filter(
        community=report.community, role__in=list(STEWARD_ROLES)
    ).values_list("user_id", flat=True)
    notify(
        list(stewards),
        CONVERSATION_REPORTED,
        target=report,
        actor=report.reporter,
        community=report.community,
        data={"actor": _name(report.reporter)},
        url=reverse("network:reports", args=[report.community.slug]),
    )


def coffee_paired(*, round_id: int) -> None:
    from salon.network.models import CoffeePair

    pairs = CoffeePair.objects.filter(round_id=round_id).select_related(
        "first", "second", "round__community"
    )
    for pair in pairs:
        community = pair.round.community
        url = reverse("network:coffee", args=[community.slug])
        for me, other in ((pair.first, pair.second), (pair.second, pair.first)):
            notify(
                [me.pk],
                COFFEE_PAIRED,
                target=pair,
                community=community,
                data={"other": _name(other)},
                url=url,
                key=f"{COFFEE_PAIRED}:{pair.pk}:{me.pk}",
            )
