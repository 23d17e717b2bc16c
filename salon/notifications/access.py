"""The only door to a notification: its recipient's, and a 404 for anyone else."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.notifications.models import Notification


def access_notification(user: Any, notification_id: int) -> Notification:
    notification = (
        Notification.objects.select_related("actor", "community")
        .filter(pk=notification_id, recipient_id=user.pk)
        .first()
    )
    if notification is None:
        raise Http404
    return notification
