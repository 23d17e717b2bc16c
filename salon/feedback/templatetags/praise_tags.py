"""Praise on pages of other apps: the community home and a person's profile."""

from __future__ import annotations

from typing import Any

from django import template

from salon.feedback import peer_selectors as selectors

register = template.Library()


@register.inclusion_tag("feedback/peer/_praise_card.html", takes_context=True)
def praise_card(context: Any, community: Any) -> dict[str, Any]:
    """The latest praise shown on the community home (two queries; none when the
    community turned it off)."""
    user = context["request"].user
    return {
        "community": community,
        "praise": selectors.praise_for_home(user=user, community=community),
        "title": "home",
    }


@register.inclusion_tag("feedback/peer/_praise_card.html", takes_context=True)
def praise_received(context: Any, person: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"praise": selectors.praise_of(viewer=user, person=person), "title": "profile"}
