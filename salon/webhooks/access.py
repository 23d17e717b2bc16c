"""Doors to a community's webhooks: its directors only; anyone else finds nothing."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from salon.communities.access import access_community
from salon.communities.models import Community
from salon.core.permissions import require
from salon.webhooks.models import Delivery, Endpoint


def access_webhooks(user: Any, slug: str) -> Community:
    community = access_community(user, slug)
    require(user, "webhook.manage", community)
    return community


def access_endpoint(user: Any, slug: str, endpoint_id: int) -> Endpoint:
    community = access_webhooks(user, slug)
    return get_object_or_404(
        Endpoint.objects.select_related("community"), pk=endpoint_id, community=community
    )


def access_delivery(user: Any, slug: str, endpoint_id: int, delivery_id: int) -> Delivery:
    endpoint = access_endpoint(user, slug, endpoint_id)
    return get_object_or_404(
        Delivery.objects.select_related("endpoint__community"), pk=delivery_id, endpoint=endpoint
    )
