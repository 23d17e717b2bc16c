"""Every write of webhooks: endpoints (made, changed, rotated, switched on and off,
deleted) by a community's directors, and deliveries (queued, tried, retried, redelivered).

An event becomes deliveries in a task (``tasks.fan_out``), one per endpoint whose owner may
see it; each delivery is tried by ``tasks.deliver`` and again after a growing wait; one
that fails every try counts against its endpoint, which is switched off (and its owner
told) after ``DISABLE_AFTER`` such failures in a row.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salon.communities.models import Community
from salon.core.audit import audit
from salon.core.permissions import require
from salon.notifications.emails import language_of
from salon.webhooks import signing, transport
from salon.webhooks.catalogue import KINDS
from salon.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint
from salon.webhooks.selectors import LISTENING

# Seconds before try 2, 3, …: the Standard Webhooks schedule, 7 tries over about a day.
BACKOFF = (5, 300, 1800, 7200, 18000, 36000)
DISABLE_AFTER = 5
ROTATION_GRACE = timedelta(hours=24)


def _forget_listeners() -> None:
    transaction.on_commit(lambda: cache.delete(LISTENING))
    cache.delete(LISTENING)


# Endpoints -------------------------------------------------------------------------------


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = url.strip()
    try:
        transport.check_address(url)
    except transport.Refused as refused:
        raise ValidationError({"url": str(refused)}) from None
    unknown = sorted(set(events) - set(KINDS))
    if unknown or not events:
        raise ValidationError({"events": _("Choose at least one event from the list.")})
    return url, sorted(set(events))


@transaction.atomic
def endpoint_create(
    *, actor: Any, community: Community, url: str, events: list[str], description: str = ""
) -> tuple[Endpoint, str]:
    """The endpoint and its signing secret, shown once."""
    require(actor, "webhook.manage", community)
    url, events = _clean(url, events)
    endpoint = Endpoint.objects.create(
        community=community,
        url=url,
        events=events,
        description=description.strip()[:200],
        secret=signing.new_secret(),
        created_by=actor,
    )
    audit("webhooks.endpoint.created", actor=actor, target=endpoint, url=url, events=events)
    _forget_listeners()
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_update(
    *, actor: Any, endpoint: Endpoint, url: str, events: list[str], description: str
) -> Endpoint:
    require(actor, "webhook.manage", endpoint.community)
    endpoint.url, endpoint.events = _clean(url, events)
    endpoint.description = description.strip()[:200]
    endpoint.save(update_fields=["url", "events", "description"])
    audit("webhooks.endpoint.updated", actor=actor, target=endpoint, url=endpoint.url)
    return endpoint


@transaction.atomic
def endpoint_switch(*, actor: Any, endpoint: Endpoint, on: bool) -> Endpoint:
    require(actor, "webhook.manage", endpoint.community)
    endpoint.is_active = on
    endpoint.disabled_reason = "" if on else _("Switched off by %(name)s") % {"name": actor.name}
    endpoint.failures_in_a_row = 0
    endpoint.save(update_fields=["is_active", "disabled_reason", "failures_in_a_row"])
    audit(
        "webhooks.endpoint.enabled" if on else "webhooks.endpoint.disabled",
        actor=actor,
        target=endpoint,
    )
    _forget_listeners()
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Any, endpoint: Endpoint) -> None:
    require(actor, "webhook.manage", endpoint.community)
    audit("webhooks.endpoint.deleted", actor=actor, target=endpoint, url=endpoint.url)
    endpoint.delete()
    _forget_listeners()


@transaction.atomic
def secret_rotate(*, actor: Any, endpoint: Endpoint) -> str:
    """A new secret, shown once; the old one also signs for ``ROTATION_GRACE``."""
    require(actor, "webhook.manage", endpoint.community)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + ROTATION_GRACE
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    audit("webhooks.secret.rotated", actor=actor, target=endpoint)
    return endpoint.secret


@transaction.atomic
def delivery_redeliver(*, actor: Any, delivery: Delivery) -> Delivery:
    """Send a delivery again, as it was (same id, so the receiver can tell a repeat)."""
    require(actor, "webhook.manage", delivery.endpoint.community)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now()
    )
    audit(
        "webhooks.delivery.redelivered",
        actor=actor,
        target=delivery.endpoint,
        message=delivery.message_id,
    )
    from salon.webhooks.tasks import deliver

    transaction.on_commit(lambda: deliver.enqueue(delivery_id=delivery.pk))
    delivery.refresh_from_db()
    return delivery


# Events and deliveries -------------------------------------------------------------------


def event_publish(
    *, kind: str, community_id: int, object_id: int | None, snapshot: dict[str, Any]
) -> None:
    """Queue the fan-out once the change that made the event is committed."""
    from salon.webhooks.tasks import fan_out

    occurred = timezone.now().isoformat()
    transaction.on_commit(
        lambda: fan_out.enqueue(
            kind=kind,
            community_id=community_id,
            object_id=object_id,
            snapshot=snapshot,
            occurred_at=occurred,
        ),
        robust=True,
    )


@transaction.atomic
def deliveries_create(
    *,
    kind: str,
    community_id: int,
    object_id: int | None,
    snapshot: dict[str, Any],
    occurred_at: str,
) -> list[int]:
    """One delivery per live endpoint of the community that listens for ``kind`` and whose
    owner may see the object; the ids, to send."""
    spec = KINDS[kind]
    obj = None
    if spec.model:
        obj = apps.get_model(spec.model).objects.filter(pk=object_id).first()
        if obj is None:
            return []
    community = Community.objects.get(pk=community_id)
    made = []
    for endpoint in Endpoint.objects.filter(
        community_id=community_id, is_active=True
    ).select_related("created_by"):
        if kind not in endpoint.events:
            continue
        owner = endpoint.created_by
        allowed = owner is not None and spec.may_see(owner, obj if obj is not None else community)
        if not allowed:
            continue
        data = spec.data(obj) if obj is not None else dict(snapshot)
        payload = {"type": kind, "timestamp": occurred_at, "data": data}
        made.append(
            Delivery.objects.create(
                endpoint=endpoint, event_type=kind, payload=payload, next_attempt_at=timezone.now()
            ).pk
        )
    return made


def _live_secrets(endpoint: Endpoint) -> list[str]:
    secrets_ = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and (endpoint.previous_secret_until > timezone.now())
    ):
        secrets_.append(endpoint.previous_secret)
    return secrets_


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """Try a delivery once, if it is due; record the try; plan the next or give up."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
            .first()
        )
        if delivery is None or not delivery.endpoint.is_active:
            return None
        # Claimed: a second worker finds it not due.
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(timezone.now().timestamp())
    outcome = transport.post(
        endpoint.url,
        body,
        signing.headers(_live_secrets(endpoint), delivery.message_id, timestamp, body),
    )
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            status_code=outcome.status_code,
            error=outcome.error[:300],
            duration_ms=outcome.duration_ms,
        )
        delivery.attempts += 1
        delivery.last_status_code = outcome.status_code
        delivery.last_error = outcome.error[:300]
        if outcome.ok:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            Endpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=0)
        elif delivery.attempts <= len(BACKOFF):
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = timezone.now() + timedelta(
                seconds=BACKOFF[delivery.attempts - 1]
            )
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            _count_failure(endpoint)
        delivery.save(
            update_fields=[
                "attempts",
                "status",
                "last_status_code",
                "last_error",
                "delivered_at",
                "next_attempt_at",
            ]
        )
    return delivery


def _count_failure(endpoint: Endpoint) -> None:
    endpoint.refresh_from_db()
    endpoint.failures_in_a_row += 1
    fields = ["failures_in_a_row"]
    if endpoint.failures_in_a_row >= DISABLE_AFTER and endpoint.is_active:
        endpoint.is_active = False
        endpoint.disabled_reason = _("Switched off after %(n)d deliveries failed in a row") % {
            "n": endpoint.failures_in_a_row
        }
        fields += ["is_active", "disabled_reason"]
        audit("webhooks.endpoint.disabled", target=endpoint, reason="failures")
        _forget_listeners()
        owner = endpoint.created_by
        if owner is not None and owner.is_active:
            link = settings.SALON_BASE_URL + f"/c/{endpoint.community.slug}/webhooks/{endpoint.pk}/"
            with translation.override(language_of(owner)):
                subject = _("A webhook was switched off")
                message = _(
                    "Salon stopped sending events to %(url)s: its last %(n)d deliveries failed. "
                    "Once it answers again, switch it back on: %(link)s"
                ) % {"url": endpoint.url, "n": endpoint.failures_in_a_row, "link": link}
            transaction.on_commit(
                lambda: send_mail(subject, message, None, [owner.email]),
                robust=True,
            )
    endpoint.save(update_fields=fields)


def deliveries_due(*, now: Any = None) -> list[int]:
    """The deliveries whose next try is due (for the scheduler's sweep)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        ).values_list("pk", flat=True)[:500]
    )
