"""The member's home shows "For you" and their learning paths, read here so the core
dashboard needs no knowledge of the library."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("resources/_home_card.html", takes_context=True)
def library_home_card(context: Any) -> dict[str, Any]:
    from salon.resources.recommendations import recommendations_for
    from salon.resources.selectors import my_paths

    user = context["request"].user
    return {
        "for_you": recommendations_for(user=user, limit=3),
        "paths": [p for p in my_paths(user=user)[:5] if not getattr(p, "i_finished", False)][:3],
        "csrf_token": context.get("csrf_token"),
    }
