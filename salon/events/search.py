"""What events put in search (see docs/search.md): a single event, or a series once (its
first session, whose page describes the series). The "event" audience mirrors
``event.view``: anyone with a role in the community for an event outside circles, the
"circle" audience's rule (``circle.view``) for an event in a circle.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.communities.roles import memberships_of
from salon.core import search
from salon.core.markdown import plain_text
from salon.core.models import SearchDocument
from salon.events.models import Event


def _event_view(user: Any) -> Q:
    return Q(circle__isnull=True, community_id__in=list(memberships_of(user))) | (
        Q(circle__isnull=False) & search.audience("circle").visible(user)
    )


def _event_of(document: SearchDocument) -> Event:
    return Event.objects.select_related("community", "circle").get(pk=document.object_id)


search.register_audience(search.Audience("event", "event.view", _event_view, _event_of))


def event_document(event: Event) -> search.Document | None:
    if event.series_id and (
        Event.objects.filter(series_id=event.series_id, starts_at__lt=event.starts_at).exists()
    ):
        return None  # a series is found once, by its first session
    return search.Document(
        community_id=event.community_id,
        circle_id=event.circle_id,
        title=event.title,
        body=plain_text(event.description),
        tags=[event.format.name] if event.format_id else [],
        url=event.get_absolute_url(),
    )


search.register(
    search.Source(
        kind="event",
        label=_("Event"),
        model=Event,
        audience="event",
        document=event_document,
        queryset=lambda: Event.objects.select_related("format"),
    )
)
