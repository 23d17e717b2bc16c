"""Reads of webhooks, for their pages."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet

from salon.communities.models import Community
from salon.webhooks.models import Attempt, Delivery, Endpoint

LISTENING = "webhooks:listening"


def community_listens(community_id: int) -> bool:
    listening = cache.get(LISTENING)
    if listening is None:
        listening = set(
            Endpoint.objects.filter(is_active=True).values_list("community_id", flat=True)
        )
        cache.set(LISTENING, listening, 300)
    return community_id in listening


def endpoint_list_for_community(*, community: Community) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(community=community).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status="failed"))
    )


def delivery_log(*, endpoint: Endpoint, limit: int = 50) -> list[Delivery]:
    """The latest deliveries with their tries (two queries whatever their number)."""
    tries = Prefetch("tries", queryset=Attempt.objects.order_by("at", "pk"))
    return list(Delivery.objects.filter(endpoint=endpoint).prefetch_related(tries)[:limit])
