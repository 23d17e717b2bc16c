"""Drawing each community's network map (graph.py) from the analytics rollups' daily ties,
in the background: the map page only reads what was drawn."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from django.utils import timezone

from salon.communities.models import Community, Membership, Role
from salon.network import graph
from salon.network.models import NetworkMap

DAYS = 90


def network_map_draw(community: Community, *, today: date | None = None) -> NetworkMap:
    """Draw ``community``'s network over the last ``DAYS`` days: its active members other
    than guests, and the pairs of them who interacted (the rollups' ``DailyTie``)."""
    from salon.analytics.models import DailyTie

    today = today or timezone.now().date()
    region_of = dict(
        Membership.objects.filter(community=community, user__is_active=True)
        .exclude(role=Role.GUEST)
        .values_list("user_id", "user__region")
    )
    pairs = list(
        DailyTie.objects.filter(
            community=community, day__gt=today - timedelta(days=DAYS), day__lte=today
        )
        .values_list("low_id", "high_id")
        .distinct()
        .order_by()
    )
    drawing = graph.draw(region_of, pairs)
    drawn, _ = NetworkMap.objects.update_or_create(
        community=community,
        defaults={
            "drawn_at": timezone.now(),
            "days": DAYS,
            "drawing": dataclasses.asdict(drawing),
            "bridges": [list(b) for b in graph.bridges(region_of, pairs)],
            "inward": graph.inward(region_of, pairs),
        },
    )
    return drawn
