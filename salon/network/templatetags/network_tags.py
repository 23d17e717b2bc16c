"""On a profile: ``{% network_actions person %}`` (connect, or the state of a request;
write a message) and ``{% cultural_context person %}`` (working with them across time
zones, working weeks, holidays and customs)."""

from __future__ import annotations

from typing import Any

from django import template

from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.network import reach, selectors
from salon.network.context import person_context

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


@register.inclusion_tag("network/_context.html", takes_context=True)
def cultural_context(context: template.Context, person: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    found = person_context(viewer=user, person=person)
    return {
        "show": True,
        "person": person,
        "c": found,
        "working_notes_html": render_markdown(found.working_notes) if found.working_notes else "",
        "notes": [(note, render_markdown(note.body)) for note in found.notes],
    }
