from __future__ import annotations

from typing import Any

from django import template

from salon.core.socket_relay import sockets_served
from salon.notifications import demo_mail, realtime, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> dict[str, Any]:
    """The bell's count and accessible name: what the view counted (``unread_count``), or
    counted here; one query when nothing is unread, none when the view folded the plain
    count into its own query (``unread_plain_count``) and it is 0; and whether the page
    may open the live socket (``sockets_served``)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {**realtime.count_message(0), "live": False}
    count = context.get("unread_count")
    if count is None:
        count = selectors.unread_count(user=user, counted=context.get("unread_plain_count"))
    return {
        **realtime.count_message(count),
        "live": sockets_served(context.get("request")),
    }


@register.simple_tag(takes_context=True)
def demo_mail_available(context: template.Context) -> bool:
    return demo_mail.is_available(context.get("user"))
