"""Asking to connect, answering, withdrawing, and removing a connection."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.core.ratelimit import consume
from salon.network import notifications as notices
from salon.network import reach
from salon.network.models import Connection, ConnectionRequest, Introduction, RequestStatus


def connect(*, low: int, high: int, introduction: Introduction | None = None) -> Connection:
    """The pair's connection, made once whoever races to make it (a unique pair)."""
    low, high = reach.pair(low, high)
    connection = Connection.objects.filter(user_low_id=low, user_high_id=high).first()
    if connection is not None:
        return connection
    try:
        with transaction.atomic():
            return Connection.objects.create(
                user_low_id=low, user_high_id=high, introduction=introduction
            )
    except IntegrityError:
        return Connection.objects.get(user_low_id=low, user_high_id=high)


@transaction.atomic
def connection_request_send(*, actor: Any, other: Any, note: str = "") -> ConnectionRequest:
    """Ask ``other`` to connect. If they already asked ``actor``, this accepts theirs:
    the two are connected at once (the returned request is theirs, accepted)."""
    require(actor, "connection.request", other)
    consume("connections", str(actor.pk), settings.SALON_RATE_CONNECTIONS)
    if reach.are_connected(actor.pk, other.pk):
        raise ValidationError(_("You are already connected."))
    theirs = (
        ConnectionRequest.objects.select_for_update()
        .filter(
            sender=other, recipient=actor, status__in=[RequestStatus.PENDING, RequestStatus.IGNORED]
        )
        .first()
    )
    if theirs is not None:
        return connection_request_answer(actor=actor, request=theirs, accept=True)
    if ConnectionRequest.objects.filter(
        sender=actor, recipient=other, status=RequestStatus.PENDING
    ).exists():
        raise ValidationError(_("You have already asked; they have not answered yet."))
    request = ConnectionRequest.objects.create(
        sender=actor, recipient=other, note=note.strip()[:1000]
    )
    audit("network.connection_request.sent", actor=actor, target=request, recipient=other.pk)
    transaction.on_commit(lambda: notices.connection_requested(request_id=request.pk), robust=True)
    return request


@transaction.atomic
def connection_request_answer(
    *, actor: Any, request: ConnectionRequest, accept: bool
) -> ConnectionRequest:
    """Accept (connected; the sender is told) or ignore (nobody is told; it can still be
    accepted later from the list of ignored requests)."""
    require(actor, "connection_request.answer", request)
    if accept and reach.blocked_between(actor.pk, request.sender_id):
        raise ValidationError(_("You cannot connect with this person."))
    status = RequestStatus.ACCEPTED if accept else RequestStatus.IGNORED
    # Conditional: two clicks (or two devices) answer once.
    changed = ConnectionRequest.objects.filter(
        pk=request.pk, status__in=[RequestStatus.PENDING, RequestStatus.IGNORED]
    ).update(status=status, answered_at=timezone.now())
    request.status = status
    if not changed:
        return request
    if accept:
        connect(low=request.sender_id, high=request.recipient_id)
        audit("network.connection_request.accepted", actor=actor, target=request)
        transaction.on_commit(
            lambda: notices.connection_accepted(request_id=request.pk), robust=True
        )
    else:
        audit("network.connection_request.ignored", actor=actor, target=request)
    return request


@transaction.atomic
def connection_request_withdraw(*, actor: Any, request: ConnectionRequest) -> None:
    require(actor, "connection_request.withdraw", request)
    ConnectionRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, answered_at=timezone.now()
    )
    request.status = RequestStatus.WITHDRAWN
    audit("network.connection_request.withdrawn", actor=actor, target=request)


@transaction.atomic
def connection_remove(*, actor: Any, connection: Connection) -> None:
    """Either side ends it; the other is not told. Their conversations stay."""
    require(actor, "connection.remove", connection)
    other = connection.other(actor.pk)
    connection.delete()
    audit("network.connection.removed", actor=actor, other=other)
