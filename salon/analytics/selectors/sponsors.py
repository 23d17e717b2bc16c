"""Who a community's outcome figures are shared with, and who gets its monthly report."""

from __future__ import annotations

from typing import Any

from salon.communities.models import Community


def sponsors_of(*, community: Community) -> list[Any]:
    """The people a director shared the community's figures with (for its directors)."""
    from salon.analytics.models import Sponsor

    return list(
        Sponsor.objects.filter(community=community)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def gets_monthly_report(*, community: Community, user: Any) -> bool:
    """Whether this director asked for the monthly report of the community."""
    from salon.analytics.models import ReportSubscription

    return ReportSubscription.objects.filter(community=community, user=user).exists()
