"""The network's background work: telling people about messages left unread, and
drawing each community's network map."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.network import notifications as notices


@scheduled("network.unread_messages", every=timedelta(minutes=15))
@task()
@retrying()
def tell_unread_messages(*, slot: str) -> int:
    """Every quarter hour: each conversation quiet for a while with messages someone has
    not read is told to them once, as their email preferences say (now, in a digest, or
    only in the app)."""
    return notices.unread_messages_due(now=timezone.now())


@scheduled("network.maps", every=timedelta(hours=6))
@task()
@retrying()
def draw_network_maps(*, slot: str) -> int:
    """Four times a day: redraw every community's network map from the rollups' ties.
    Returns the communities drawn."""
    from salon.communities.models import Community
    from salon.network.services.maps import network_map_draw

    today = datetime.fromisoformat(slot).date()
    communities = list(Community.objects.order_by("pk"))
    for community in communities:
        network_map_draw(community, today=today)
    return len(communities)
