"""Every write of notifications: ``notify()``, reading, preferences and unsubscribing."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from salon.accounts.models import User
from salon.communities.roles import remember_memberships
from salon.core.audit import audit
from salon.notifications import realtime, selectors
from salon.notifications.models import (
    EmailSettings,
    EmailStatus,
    Notification,
    NotificationPreference,
)
from salon.notifications.registry import Delivery, get_kind

# Recipients are handled this many at a time: a few queries per batch, never per person.
RECIPIENT_BATCH = 1000
# What ``may_see`` can read of a recipient without a query (the rules need no more).
RECIPIENT_FIELDS = ("id", "email", "name", "is_active", "is_staff", "is_superuser", "timezone")
# Immediate emails are sent by tasks of this many notifications each.
EMAIL_BATCH = 50

_STATUS_FOR = {
    Delivery.IMMEDIATE: EmailStatus.PENDING,
    Delivery.DAILY: EmailStatus.DIGEST,
    Delivery.WEEKLY: EmailStatus.DIGEST,
    Delivery.OFF: EmailStatus.NONE,
}


def notify(
    recipients: Iterable[Any] | QuerySet[Any],
    kind: str,
    target: models.Model | None = None,
    actor: Any = None,
    *,
    community: Any = None,
    data: Mapping[str, Any] | None = None,
    url: str | None = None,
    key: str | None = None,
) -> int:
    """Tell ``recipients`` (users, user ids or a user queryset) that ``kind`` happened.

    Each recipient the kind's ``may_see`` allows (and who is active, and is not the actor)
    gets one in-app notification, and an email now or in a digest as they chose. ``key``
    names the event (default: the kind and the target), so the same event is never told
    to anyone twice. Emails go out through tasks after commit, and open pages get the new
    unread count. Returns how many recipients may see it. Call it after commit, from the
    service that made the change.
    """
    spec = get_kind(kind)
    if community is None:
        community = _community_of(target)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    if key is None:
        if target is None or target_type is None:
            raise ValueError("notify() needs a key when there is no target.")
        key = f"{kind}:{target_type.pk}:{target.pk}"
    if url is None:
        get_url = getattr(target, "get_absolute_url", None)
        url = get_url() if callable(get_url) else ""
    actor_id = getattr(actor, "pk", None)
    now = timezone.now()
    told = 0
    to_email: list[int] = []
    counts: dict[int, int] = {}
    with transaction.atomic():
        for users in _recipient_batches(recipients, exclude=actor_id):
            remember_memberships(users)
            audience = [user.pk for user in users if spec.may_see(user, target)]
            if not audience:
                continue
            deliveries = selectors.deliveries_for(spec, audience)
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=user_id,
                        kind=kind,
                        actor_id=actor_id,
                        community=community,
                        target_type=target_type,
                        target_id=getattr(target, "pk", None),
                        data=dict(data or {}),
                        url=url,
                        key=key,
                        email_status=_STATUS_FOR[deliveries[user_id]],
                        created_at=now,
                    )
                    for user_id in audience
                ],
                ignore_conflicts=True,  # told before: the unique (recipient, key) keeps one
                batch_size=500,
            )
            to_email += Notification.objects.filter(
                key=key, recipient_id__in=audience, email_status=EmailStatus.PENDING
            ).values_list("pk", flat=True)
            counts.update(selectors.unread_counts(audience))
            told += len(audience)
        transaction.on_commit(functools.partial(_after_notify, to_email, counts))
    return told


def _after_notify(to_email: list[int], counts: dict[int, int]) -> None:
    from salon.notifications.tasks import send_notification_emails

    for start in range(0, len(to_email), EMAIL_BATCH):
        send_notification_emails.enqueue(notification_ids=to_email[start : start + EMAIL_BATCH])
    realtime.push_unread_counts(counts)


def _community_of(target: Any) -> Any:
    if target is None:
        return None
    if target._meta.label_lower == "communities.community":
        return target
    return getattr(target, "community", None)


def _recipient_batches(recipients: Iterable[Any], *, exclude: int | None) -> Iterator[list[User]]:
    if isinstance(recipients, QuerySet) and recipients.model is User:
        ids = list(recipients.values_list("pk", flat=True))
    else:  # users, ids, or another model's user ids (memberships' values_list("user_id"))
        ids = [getattr(r, "pk", r) for r in recipients]
    unique = [i for i in dict.fromkeys(ids) if i is not None and i != exclude]
    for start in range(0, len(unique), RECIPIENT_BATCH):
        chunk = unique[start : start + RECIPIENT_BATCH]
        yield list(
            User.objects.filter(pk__in=chunk, is_active=True).only(*RECIPIENT_FIELDS).order_by("pk")
        )


# Reading ---------------------------------------------------------------------------------


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        changed = Notification.objects.filter(
            pk=notification.pk, recipient_id=user.pk, read_at__isnull=True
        ).update(read_at=now)
        notification.read_at = now
        if changed:
            transaction.on_commit(functools.partial(_push_count_of, user.pk))
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    changed = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        transaction.on_commit(functools.partial(realtime.push_unread_counts, {user.pk: 0}))
    return changed


def _push_count_of(user_id: int) -> None:
    realtime.push_unread_counts(selectors.unread_counts([user_id]))


# Preferences and unsubscribing -----------------------------------------------------------


@transaction.atomic
def preferences_update(*, user: Any, deliveries: Mapping[str, str], email_off: bool) -> list[str]:
    """Save a member's choice per kind and the "no email at all" switch; returns the keys
    of the kinds whose delivery changed."""
    before, was_off = selectors.preferences_for_user(user=user)
    rows = []
    for key, value in deliveries.items():
        kind = get_kind(key)
        if value not in kind.deliveries:
            raise ValueError(f"{key} cannot be delivered {value!r}.")
        rows.append(NotificationPreference(user_id=user.pk, kind=key, delivery=value))
    NotificationPreference.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery", "updated_at"],
    )
    EmailSettings.objects.update_or_create(user_id=user.pk, defaults={"email_off": email_off})
    changed = sorted(key for key, value in deliveries.items() if before.get(key) != value)
    if changed or was_off != email_off:
        audit(
            "notifications.preferences.updated",
            actor=user,
            target=user,
            changed={key: deliveries[key] for key in changed},
            email_off=email_off,
        )
    return changed


@transaction.atomic
def unsubscribe(*, user: Any, kind: str | None) -> None:
    """Stop one kind of email (``kind``) or all email (``None``): what an unsubscribe link
    does, signed in or not."""
    if kind is None:
        EmailSettings.objects.update_or_create(user_id=user.pk, defaults={"email_off": True})
    else:
        get_kind(kind)
        NotificationPreference.objects.update_or_create(
            user_id=user.pk, kind=kind, defaults={"delivery": Delivery.OFF}
        )
    audit(
        "notifications.email.unsubscribed",
        target=user,
        actor_label="unsubscribe link",
        kind=kind or "all",
    )
