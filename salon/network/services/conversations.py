"""Conversations and their messages: starting one, writing, reading, leaving.

A message is one row; the conversation keeps the newest message's id and time, and each
participant the id they have read up to, so "unread" is a comparison of two integers.
Whoever has the conversation open receives each new message live (``live.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.markdown import render_markdown
from salon.core.permissions import require
from salon.core.ratelimit import consume
from salon.network import live, reach
from salon.network.models import MAX_PARTICIPANTS, Conversation, Message, Participant

MAX_BODY = 10000


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("A message has at most %(n)d characters.") % {"n": MAX_BODY})
    return body


def conversation_open(
    *,
    community: Any,
    people: Sequence[int],
    started_by_id: int | None,
    first_message: str = "",
    title: str = "",
) -> Conversation:
    """The rows of a new conversation (and its first message, if any). Written only by
    ``conversation_start`` and ``introduction_answer``, after their own ``require``."""
    ids = list(dict.fromkeys(people))
    now = timezone.now()
    conversation = Conversation.objects.create(
        community=community,
        title=title[:120],
        is_group=len(ids) > 2,
        started_by_id=started_by_id,
        created_at=now,
        last_message_at=now,
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user_id=uid, joined_at=now) for uid in ids]
    )
    conversation.participant_ids = set(ids)  # type: ignore[attr-defined]
    if first_message:
        _write(conversation=conversation, author_id=started_by_id, body=first_message)
    return conversation


def _write(*, conversation: Conversation, author_id: int | None, body: str) -> Message:
    message = Message.objects.create(
        conversation=conversation,
        author_id=author_id,
        body=body,
        body_html=render_markdown(body),
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=message.created_at, last_message_id=message.pk
    )
    conversation.last_message_at, conversation.last_message_id = message.created_at, message.pk
    if author_id is not None:
        # Writing is reading: the author has seen everything up to their own message.
        Participant.objects.filter(conversation=conversation, user_id=author_id).update(
            read_up_to=message.pk
        )
    live.message_created(message)
    return message


def _direct_between(a: int, b: int) -> Conversation | None:
    """The one conversation of exactly these two people, if they have one."""
    mine = Participant.objects.filter(user_id=a, conversation__is_group=False).values(
        "conversation_id"
    )
    return (
        Conversation.objects.filter(pk__in=mine, is_group=False, participants__user_id=b)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def conversation_start(
    *, actor: Any, others: Sequence[Any], body: str, title: str = ""
) -> Conversation:
    """Write to one person (their existing conversation with ``actor`` goes on) or to a
    group of up to eight. Every person must be reachable under one community's rule."""
    body = _clean(body)
    people = {other.pk: other for other in others if other.pk != actor.pk}
    if not people:
        raise ValidationError(_("Choose who to write to."))
    if len(people) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(
            _("A conversation has at most %(n)d people, you included.") % {"n": MAX_PARTICIPANTS}
        )
    common: set[int] | None = None
    for other in people.values():
        require(actor, "message.start", other)
        allowed = set(reach.messaging_communities(actor, other.pk))
        common = allowed if common is None else common & allowed
    if not common:
        raise PermissionDenied(_("No community of yours lets you write to all of them at once."))
    consume("messages", str(actor.pk), settings.SALON_RATE_MESSAGES)
    if len(people) == 1:
        existing = _direct_between(actor.pk, next(iter(people)))
        if existing is not None:
            _write(conversation=existing, author_id=actor.pk, body=body)
            return existing
    from salon.communities.models import Community

    conversation = conversation_open(
        community=Community.objects.get(pk=min(common)),
        people=[actor.pk, *people],
        started_by_id=actor.pk,
        title=title if len(people) > 1 else "",
    )
    _write(conversation=conversation, author_id=actor.pk, body=body)
    audit(
        "network.conversation.started",
        actor=actor,
        target=conversation,
        people=len(people) + 1,
    )
    return conversation


@transaction.atomic
def message_send(*, actor: Any, conversation: Conversation, body: str) -> Message:
    require(actor, "conversation.post", conversation)
    body = _clean(body)
    consume("messages", str(actor.pk), settings.SALON_RATE_MESSAGES)
    return _write(conversation=conversation, author_id=actor.pk, body=body)


def conversation_mark_read(
    *, actor: Any, conversation: Conversation, up_to: int | None = None
) -> bool:
    """The reader has seen the conversation up to ``up_to`` (default: its newest message).
    Never moves back; True when something changed (the header's count is then pushed)."""
    require(actor, "conversation.view", conversation, hide=True)
    up_to = (
        conversation.last_message_id if up_to is None else min(up_to, conversation.last_message_id)
    )
    changed = Participant.objects.filter(
        conversation=conversation, user_id=actor.pk, read_up_to__lt=up_to
    ).update(read_up_to=up_to)
    if changed:
        transaction.on_commit(lambda: live.push_unread([actor.pk]), robust=True)
    return bool(changed)
