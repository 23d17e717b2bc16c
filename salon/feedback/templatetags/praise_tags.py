"""Praise on pages of other apps: the community home and a person's profile."""

from __future__ import annotations

from typing import Any

from django import template

from salon.feedback.selectors.peer import praise_for_home, praise_of

register = template.Library()


@register.inclusion_tag("feedback/peer/_praise_card.html", takes_context=True)
def praise_card(context: Any, community: Any) -> dict[str, Any]:
    """The latest praise shown on the community home (two queries; none when the
    community turned it off)."""
    user = context["request"].user
    return {
        "community": community,
        "praise": praise_for_home(user=user, community=community),
        "title": "home",
    }


@register.inclusion_tag("feedback/peer/_praise_card.html", takes_context=True)
def praise_received(context: Any, person: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"praise": praise_of(viewer=user, person=person), "title": "profile"}
