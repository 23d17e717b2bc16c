"""The events a community's webhooks can send, what each says, and who may hear it: a
payload is built for an endpoint only when its owner may see the object (the permission
policy answers), so a webhook never tells what its owner could not read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from salon.core.permissions import can


@dataclass(frozen=True)
class Kind:
    label: Any
    model: str  # "app.Model" of the object loaded by id, or "" when the snapshot says it all
    may_see: Callable[[Any, Any], bool]
    data: Callable[[Any], dict[str, Any]]


def _url(obj: Any) -> str:
    return settings.SALON_BASE_URL + obj.get_absolute_url()


def _event(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "timezone": event.timezone,
        "status": event.status,
        "url": _url(event),
    }


def _rsvp(rsvp: Any) -> dict[str, Any]:
    return {
        "event": {"id": rsvp.event_id, "title": rsvp.event.title},
        "member": {"id": rsvp.user_id, "name": rsvp.user.name},
        "status": rsvp.status,
    }


def _topic(topic: Any) -> dict[str, Any]:
    return {"id": topic.pk, "title": topic.title, "url": _url(topic)}


def _post(post: Any) -> dict[str, Any]:
    # No author: words under the Chatham House rule name nobody, and a post's reader
    # learns its author on the page, where the rule is applied.
    return {"id": post.pk, "topic": {"id": post.topic_id, "title": post.topic.title}}


def _idea(move: Any) -> dict[str, Any]:
    return {
        "id": move.idea_id,
        "title": move.idea.title,
        "from_stage": move.from_stage.name if move.from_stage_id else None,
        "to_stage": move.to_stage.name,
        "url": _url(move.idea),
    }


def _goal(goal: Any) -> dict[str, Any]:
    return {"id": goal.pk, "title": goal.title, "url": _url(goal)}


def _members(user: Any, community: Any) -> bool:
    return can(user, "community.view_members", community)


KINDS: dict[str, Kind] = {
    "member.joined": Kind(_("A member joined"), "", _members, dict),
    "member.left": Kind(_("A member left"), "", _members, dict),
    "event.created": Kind(
        _("An event was scheduled"),
        "events.Event",
        lambda u, e: can(u, "event.view", e),
        _event,
    ),
    "event.changed": Kind(
        _("An event changed"), "events.Event", lambda u, e: can(u, "event.view", e), _event
    ),
    "event.cancelled": Kind(
        _("An event was cancelled"), "events.Event", lambda u, e: can(u, "event.view", e), _event
    ),
    "rsvp.changed": Kind(
        _("Someone answered an invitation to an event"),
        "events.Rsvp",
        lambda u, r: can(u, "event.edit", r.event),
        _rsvp,
    ),
    "topic.created": Kind(
        _("A discussion started"),
        "discussions.Topic",
        lambda u, t: can(u, "topic.view", t),
        _topic,
    ),
    "post.created": Kind(
        _("Someone replied in a discussion"),
        "discussions.Post",
        lambda u, p: can(u, "post.view", p),
        _post,
    ),
    "idea.stage_changed": Kind(
        _("An idea moved to another stage"),
        "innovation.StageMove",
        lambda u, m: can(u, "idea.view", m.idea),
        _idea,
    ),
    "goal.achieved": Kind(
        _("A goal was achieved"), "goals.Goal", lambda u, g: can(u, "goal.view", g), _goal
    ),
}


def choices() -> list[tuple[str, Any]]:
    return [(key, kind.label) for key, kind in KINDS.items()]
