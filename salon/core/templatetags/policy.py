"""``{% can "community.invite" community as allowed %}``: templates ask the same policy."""

from __future__ import annotations

from typing import Any

from django import template

from salon.core.permissions import can as policy_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, obj: Any = None) -> bool:
    return policy_can(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def membership_in(context: dict[str, Any], community: Any) -> Any:
    """The viewer's membership of ``community`` (or None), for role badges and tabs."""
    from salon.communities.roles import membership_of

    return membership_of(context["request"].user, community)
