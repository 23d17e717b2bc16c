from __future__ import annotations

from typing import Any

from django import template
from django.core.handlers.asgi import ASGIRequest

from salon.notifications import demo_mail, realtime, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> dict[str, Any]:
    """The bell's count and accessible name (one query, unless the view already counted),
    and whether the page may open the live socket: only when an ASGI server (which routes
    /ws/) served it, so a WSGI server never leaves the browser a failed connection."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {**realtime.count_message(0), "live": False}
    count = context.get("unread_count")
    if count is None:
        count = selectors.unread_count(user=user)
    return {
        **realtime.count_message(count),
        "live": isinstance(context.get("request"), ASGIRequest),
    }


@register.simple_tag(takes_context=True)
def demo_mail_available(context: template.Context) -> bool:
    return demo_mail.is_available(context.get("user"))
