"""The doors of looking after a circle: the circle (by its community's slug and its own,
or by id for the API) with the health permission, and a member of it to nudge."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.accounts.models import User
from salon.communities.access import access_circle, access_circle_by_id, access_community
from salon.communities.models import Circle
from salon.core.permissions import can, require


def access_circle_health(user: Any, slug: str, circle_slug: str, action: str) -> Circle:
    community = access_community(user, slug)
    return access_circle(user, community, circle_slug, action)


def access_circle_health_by_id(user: Any, circle_id: int, action: str) -> Circle:
    return access_circle_by_id(user, circle_id, action)


def access_circle_member(circle: Circle, user_id: int) -> Any:
    """One of the circle's active members (for a nudge); 404 for anyone else."""
    person = User.objects.filter(
        pk=user_id, is_active=True, circle_memberships__circle=circle
    ).first()
    if person is None:
        raise Http404
    return person


def access_event_notes(user: Any, event_id: int, action: str = "meeting_notes.view") -> Any:
    """An event's notes (unsaved until someone writes them)."""
    from salon.circles.models import MeetingNotes
    from salon.events.access import access_event

    event = access_event(user, event_id)
    notes = MeetingNotes.objects.filter(event=event).first() or MeetingNotes(
        community=event.community, circle=event.circle, event=event
    )
    notes.event = event
    return _checked(user, notes, action)


def access_item_notes(
    user: Any, item_id: int, circle_id: int, action: str = "meeting_notes.view"
) -> Any:
    """A programme's peer-circle meeting, as one of its cohort circles held it. A live
    session linked to an event keeps its notes in one place, the event's: those are the
    notes returned (the page sends the reader there)."""
    from salon.circles.models import MeetingNotes
    from salon.programmes.access import access_programme_item

    item = access_programme_item(user, item_id)
    circle = item.module.programme.cohorts.filter(pk=circle_id).first()
    if circle is None or item.kind not in ("meeting", "session"):
        raise Http404
    if item.kind == "session" and item.event_id is not None:
        return access_event_notes(user, item.event_id, action)
    notes = MeetingNotes.objects.filter(item=item, circle=circle).first() or MeetingNotes(
        community=item.module.programme.community, circle=circle, item=item
    )
    notes.item, notes.circle = item, circle
    return _checked(user, notes, action)


def access_meeting_action(user: Any, action_id: int) -> Any:
    from salon.circles.models import MeetingAction

    found = (
        MeetingAction.objects.select_related(
            "notes__event__community",
            "notes__event__circle",
            "notes__circle__community",
            "notes__item__module__programme",
        )
        .filter(pk=action_id)
        .first()
    )
    if found is None or not can(user, "meeting_notes.view", found.notes):
        raise Http404
    return found


def _checked(user: Any, notes: Any, action: str) -> Any:
    if not can(user, "meeting_notes.view", notes):
        raise Http404
    if action != "meeting_notes.view":
        require(user, action, notes)
    return notes


def access_action_owner(user_id: int) -> Any:
    """The person an action is for, once the form has checked they were at the meeting."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise Http404
    return person
