"""Email delivery: immediate emails in small batches, and the hourly digest job.

Tasks take ids and are idempotent. An immediate email is claimed (``pending`` → ``sent``
by a conditional update) before it is sent and given back if sending fails, so a retried
or duplicated task never sends it twice; a crash between the claim and the send loses
that one email rather than risk sending it twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from salon.communities.roles import remember_memberships
from salon.core.jobs import retrying, scheduled
from salon.notifications import digest, emails, selectors
from salon.notifications.models import EmailStatus, Notification
from salon.notifications.registry import Delivery, find_kind

logger = logging.getLogger(__name__)

DIGEST_BATCH = 100
# Pending emails older than this were never picked up (the queue lost them): send again,
# for two days; after that the member has seen it in the app, or the address is dead.
STUCK_AFTER = timedelta(minutes=15)
GIVE_UP_AFTER = timedelta(days=2)


class EmailsNotSent(Exception):
    """Some emails of a batch could not be handed to the mail server; they are retried."""


@task()
@retrying()
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """Email each of these notifications that is still waiting to be emailed now."""
    waiting = list(
        Notification.objects.filter(pk__in=notification_ids, email_status=EmailStatus.PENDING)
        .select_related("recipient", "actor", "community")
        .prefetch_related("target")
        .order_by("pk")
    )
    if not waiting:
        return 0
    remember_memberships([n.recipient for n in waiting])
    wanted = _current_deliveries(waiting)
    sent, failed = 0, []
    with get_connection() as connection:
        for notification in waiting:
            if not _claim(notification):
                continue  # another worker took it
            kind = find_kind(notification.kind)
            delivery = wanted[notification.pk]
            target = notification.target
            if (
                kind is None
                or target is None
                or not notification.recipient.is_active
                or not kind.may_see(notification.recipient, target)
                or delivery != Delivery.IMMEDIATE
            ):
                # Since it was queued the member changed their mind, or lost sight of it.
                status = EmailStatus.DIGEST if delivery in digest.PERIODS else EmailStatus.NONE
                Notification.objects.filter(pk=notification.pk).update(
                    email_status=status, emailed_at=None
                )
                continue
            try:
                message = emails.notification_message(notification, kind)
                message.connection = connection
                message.send()
            except Exception:
                logger.warning("Email of notification %s failed", notification.pk, exc_info=True)
                Notification.objects.filter(pk=notification.pk).update(
                    email_status=EmailStatus.PENDING, emailed_at=None
                )
                failed.append(notification.pk)
            else:
                sent += 1
    if failed:
        raise EmailsNotSent(f"{len(failed)} of {len(waiting)} emails failed: {failed}")
    return sent


def _claim(notification: Notification) -> bool:
    return (
        Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.SENT, emailed_at=timezone.now()
        )
        == 1
    )


def _current_deliveries(notifications: list[Notification]) -> dict[int, Delivery]:
    """What each recipient wants for each notification's kind, now (two queries a kind)."""
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    result: dict[int, Delivery] = {}
    for key, group in by_kind.items():
        kind = find_kind(key)
        if kind is None:
            result.update(dict.fromkeys((n.pk for n in group), Delivery.OFF))
            continue
        deliveries = selectors.deliveries_for(kind, [n.recipient_id for n in group])
        result.update({n.pk: deliveries[n.recipient_id] for n in group})
    return result


@scheduled("notifications.digests", every=timedelta(hours=1))
@task()
@retrying()
def send_due_digests(*, slot: str) -> int:
    """Hourly: queue the digests of everyone whose morning it is; re-queue stuck emails."""
    now = datetime.fromisoformat(slot)
    queued = 0
    for period, day, user_ids in digest.due(now):
        for start in range(0, len(user_ids), DIGEST_BATCH):
            batch = user_ids[start : start + DIGEST_BATCH]
            send_digests.enqueue(user_ids=batch, period=period, day=day.isoformat())
            queued += len(batch)
    stuck = list(
        Notification.objects.filter(
            email_status=EmailStatus.PENDING,
            created_at__lt=timezone.now() - STUCK_AFTER,
            created_at__gte=timezone.now() - GIVE_UP_AFTER,
        ).values_list("pk", flat=True)[:5000]
    )
    for start in range(0, len(stuck), 50):
        send_notification_emails.enqueue(notification_ids=stuck[start : start + 50])
    return queued


@task()
@retrying()
def send_digests(*, user_ids: list[int], period: str, day: str) -> int:
    """Send these members their digest for their local ``day`` (each at most once)."""
    when = date.fromisoformat(day)
    sent, failed = 0, []
    for user_id in user_ids:
        try:
            sent += digest.send_digest(user_id=user_id, period=period, day=when)
        except Exception:
            logger.warning("The %s digest of user %s failed", period, user_id, exc_info=True)
            failed.append(user_id)
    if failed:
        raise EmailsNotSent(f"{len(failed)} {period} digests failed: {failed}")
    return sent
