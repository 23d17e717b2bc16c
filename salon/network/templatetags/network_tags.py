"""``{% network_actions person %}``: on a profile, connect (or the state of a request),
write a message, and introduce them to someone (for those who introduce)."""

from __future__ import annotations

from typing import Any

from django import template

from salon.core.permissions import can
from salon.network import reach, selectors

register = template.Library()


@register.inclusion_tag("network/_profile_actions.html", takes_context=True)
def network_actions(context: template.Context, person: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated or person.pk == user.pk:
        return {"show": False}
    connected = reach.are_connected(user.pk, person.pk)
    return {
        "show": True,
        "person": person,
        "connected": connected,
        "asked": not connected and selectors.pending_request_between(sender=user, recipient=person),
        "their_request": not connected
        and selectors.pending_request_between(sender=person, recipient=user),
        "may_connect": not connected and can(user, "connection.request", person),
        "may_message": can(user, "message.start", person),
        "csrf_token": context.get("csrf_token"),
    }
