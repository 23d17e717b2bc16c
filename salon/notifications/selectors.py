"""Reads shared by the pages, the API, the bell and the email tasks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, F, Func, IntegerField, QuerySet, Subquery
from django.utils.translation import gettext as _

from salon.notifications.models import EmailSettings, Notification, NotificationPreference
from salon.notifications.registry import Delivery, Kind, all_kinds, find_kind


def notification_list_for_user(*, user: Any) -> QuerySet[Notification]:
    """A member's notifications, newest first, with what their sentences need."""
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor", "community")
        .order_by("-created_at", "-id")
    )


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def unread_count_subquery(*, user: Any) -> Subquery:
    """The bell's count as a scalar subquery, for a page to fold into a query it runs
    anyway (then it passes ``unread_count`` to its template and the bell asks nothing)."""
    return Subquery(
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def unread_counts(user_ids: Sequence[int]) -> dict[int, int]:
    """Unread counts of many members in one query (members with none get 0)."""
    counts = dict.fromkeys(user_ids, 0)
    rows = (
        Notification.objects.filter(recipient_id__in=list(user_ids), read_at__isnull=True)
        .values_list("recipient_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


def describe(notification: Notification) -> str:
    """The notification's sentence in the active language.

    The actor and the community are named as they are now (an erased account reads
    "Former member"), so both should be loaded with ``select_related``.
    """
    kind = find_kind(notification.kind)
    if kind is None:
        return _("Something happened that Salon can no longer describe.")
    actor, community = notification.actor, notification.community
    context = {
        **notification.data,
        "actor": actor.display_name if actor is not None else _("Someone"),
        "community": community.name if community is not None else "",
    }
    return kind.render(context)


def with_text(notifications: Iterable[Notification]) -> list[Notification]:
    """Attach ``text`` (the sentence) to each notification, for templates and the API."""
    items = list(notifications)
    for item in items:
        item.text = describe(item)  # type: ignore[attr-defined]
    return items


def deliveries_for(kind: Kind, user_ids: Sequence[int]) -> dict[int, Delivery]:
    """How each member wants this kind by email: two queries, however many members."""
    ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind.key).values_list(
            "user_id", "delivery"
        )
    )
    off = set(
        EmailSettings.objects.filter(user_id__in=ids, email_off=True).values_list(
            "user_id", flat=True
        )
    )
    result: dict[int, Delivery] = {}
    for user_id in ids:
        if user_id in off:
            result[user_id] = Delivery.OFF
            continue
        value = chosen.get(user_id)
        result[user_id] = Delivery(value) if value in kind.deliveries else kind.default
    return result


def preferences_for_user(*, user: Any) -> tuple[dict[str, Delivery], bool]:
    """Each registered kind's delivery for this member, and whether all email is off."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    deliveries = {}
    for kind in all_kinds():
        value = chosen.get(kind.key)
        deliveries[kind.key] = Delivery(value) if value in kind.deliveries else kind.default
    email_off = EmailSettings.objects.filter(user_id=user.pk, email_off=True).exists()
    return deliveries, email_off
