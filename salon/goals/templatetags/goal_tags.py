"""``{{ kr|kr_value:amount }}`` and ``{% objectives_card community %}`` (the community
home's card of shared objectives)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from salon.core.permissions import can

register = template.Library()


@register.filter
def kr_value(key_result: Any, value: Decimal) -> str:
    from salon.goals.services.objectives import format_value

    return format_value(key_result, value)


@register.inclusion_tag("goals/_objectives_card.html", takes_context=True)
def objectives_card(context: dict[str, Any], community: Any) -> dict[str, Any]:
    """The community home's "Objectives" card. It costs the home page no query: the
    objectives and their progress load into it with htmx (``goals:objectives_card``), and
    without scripts it still links to the objectives page."""
    return {
        "community": community,
        "shown": can(context["request"].user, "objective.list", community),
    }
