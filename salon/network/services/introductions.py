"""Introductions: double opt-in. Both accept → connected, and a conversation opens with
the introducer's note as its first message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import Membership
from salon.core.audit import audit
from salon.core.permissions import require
from salon.core.ratelimit import consume
from salon.network import notifications as notices
from salon.network import reach
from salon.network.models import Answer, Introduction
from salon.network.services.connections import connect
from salon.network.services.conversations import conversation_open


@transaction.atomic
def introduction_create(
    *, actor: Any, community: Any, first: Any, second: Any, note: str
) -> Introduction:
    require(actor, "introduction.create", community)
    consume("connections", str(actor.pk), settings.SALON_RATE_CONNECTIONS)
    note = note.strip()
    if not note:
        raise ValidationError(_("Say why these two should meet."))
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different people."))
    if actor.pk in (first.pk, second.pk):
        raise ValidationError(_("Introduce two other people; ask to connect yourself."))
    members = set(
        Membership.objects.filter(
            community=community, user_id__in=[first.pk, second.pk], user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if members != {first.pk, second.pk}:
        raise ValidationError(_("Both people must be members of %(c)s.") % {"c": community.name})
    # The same words whether they are connected, already introduced or blocked: a block
    # stays private, even from the introducer.
    refused = _("These two cannot be introduced now: they may already know each other.")
    if reach.are_connected(first.pk, second.pk) or reach.blocked_between(first.pk, second.pk):
        raise ValidationError(refused)
    waiting = (
        Introduction.objects.filter(
            completed_at__isnull=True,
            first_id__in=[first.pk, second.pk],
            second_id__in=[first.pk, second.pk],
        )
        .exclude(first_answer=Answer.DECLINED)
        .exclude(second_answer=Answer.DECLINED)
    )
    if waiting.exists():
        raise ValidationError(refused)
    introduction = Introduction.objects.create(
        community=community, introducer=actor, first=first, second=second, note=note[:2000]
    )
    audit(
        "network.introduction.made",
        actor=actor,
        target=introduction,
        first=first.pk,
        second=second.pk,
    )
    transaction.on_commit(lambda: notices.introduced(introduction_id=introduction.pk), robust=True)
    return introduction


@transaction.atomic
def introduction_answer(*, actor: Any, introduction: Introduction, accept: bool) -> Introduction:
    """One side's answer. The row is locked, so when both accept at the same moment the
    connection and the conversation are made once."""
    require(actor, "introduction.answer", introduction)
    locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
    side = locked.side_of(actor.pk)
    if side is None or getattr(locked, f"{side}_answer") != Answer.WAITING:
        return locked
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    setattr(locked, f"{side}_answer", answer)
    fields = [f"{side}_answer"]
    if locked.is_complete:
        if reach.blocked_between(locked.first_id, locked.second_id):
            raise ValidationError(_("This introduction cannot go ahead."))
        connect(low=locked.first_id, high=locked.second_id, introduction=locked)
        people = [locked.first_id, locked.second_id]
        if locked.introducer_id is not None:
            people.append(locked.introducer_id)
        locked.conversation = conversation_open(
            community=locked.community,
            people=people,
            started_by_id=locked.introducer_id,
            first_message=locked.note,
        )
        locked.completed_at = timezone.now()
        fields += ["conversation", "completed_at"]
    locked.save(update_fields=fields)
    audit(
        "network.introduction.accepted" if accept else "network.introduction.declined",
        actor=actor,
        target=locked,
    )
    if locked.completed_at is not None:
        transaction.on_commit(
            lambda: notices.introduction_completed(introduction_id=locked.pk), robust=True
        )
    return locked
