"""``{% flag_reasons as reasons %}``: the reasons a post can be flagged for, for the flag
form that every post carries (rendered without a form object, so per post it costs
nothing)."""

from __future__ import annotations

from django import template

from salon.discussions.models import FlagReason

register = template.Library()


@register.simple_tag
def flag_reasons() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in FlagReason.choices]
