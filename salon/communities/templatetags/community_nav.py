"""``{% community_nav community tab as nav %}``: the community's sections the viewer sees,
by group (``salon/communities/sections.py``)."""

from __future__ import annotations

from typing import Any

from django import template

from salon.communities.sections import Nav
from salon.communities.sections import community_nav as sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def community_nav(context: dict[str, Any], community: Any, tab: str = "") -> Nav:
    return sections_for(context["request"].user, community, tab)
