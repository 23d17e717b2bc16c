"""Reads of provisioning, for its pages and its endpoint."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from salon.communities.models import Circle, Community
from salon.scim.models import ScimGroup, ScimToken
from salon.scim.services import hash_token


def scim_token_by_secret(raw: str) -> ScimToken | None:
    """The live token whose secret is ``raw``."""
    if not raw:
        return None
    return ScimToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()


def scim_token_list() -> QuerySet[ScimToken]:
    return ScimToken.objects.select_related("created_by")


def scim_group_list() -> QuerySet[ScimGroup]:
    """The directory's groups with where each leads and how many people it has."""
    return ScimGroup.objects.select_related("community", "circle__community").annotate(
        people=Count("memberships")
    )


def link_choices() -> tuple[QuerySet[Community], QuerySet[Circle]]:
    """Where a group can lead: every community, and every circle still in use."""
    return (
        Community.objects.order_by("name"),
        Circle.objects.filter(archived_at__isnull=True)
        .select_related("community")
        .order_by("community__name", "name"),
    )
