from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.events.models import Event


def access_event(user: Any, event_id: int, action: str = "event.view") -> Event:
    event = (
        Event.objects.select_related("community", "circle__community", "format", "series")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not can(user, "event.view", event):
        raise Http404
    if action != "event.view":
        require(user, action, event)
    return event
