"""Every write of a meeting's shared notes and action items.

The action items are the shared machinery of ``core.actions`` (as mentoring sessions
use it). In a circle under the Chatham House rule the notes keep no names: nobody is
recorded as their writer, and the audit log says what changed, not who changed it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from salon.circles.models import MeetingAction, MeetingNotes
from salon.circles.selectors.notes import owner_choices, under_chatham_house
from salon.core.actions import ActionPlan, action_change, action_fields
from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.cleaning import clean_text

NOTES_MAX = 20000


def _author(actor: Any, notes: MeetingNotes) -> Any:
    return None if under_chatham_house(notes.circle) else actor


@transaction.atomic
def notes_save(*, actor: Any, notes: MeetingNotes, text: str) -> MeetingNotes:
    require(actor, "meeting_notes.edit", notes)
    notes.text = clean_text(text, label=_("The notes"), max_length=NOTES_MAX, required=False)
    notes.updated_by = _author(actor, notes)
    notes.save()
    audit(
        "circles.notes.updated",
        actor=_author(actor, notes),
        target=notes.circle or notes.event,
        community=notes.community,
        notes=notes.pk,
    )
    return notes


@transaction.atomic
def meeting_action_add(*, actor: Any, notes: MeetingNotes, plan: ActionPlan) -> MeetingAction:
    require(actor, "meeting_notes.edit", notes)
    owners = {pk for pk, _name in owner_choices(notes=notes)}
    refusal = _("An action belongs to someone who was part of the meeting.")
    if notes.pk is None:
        notes.updated_by = _author(actor, notes)
        notes.save()
    action = MeetingAction.objects.create(
        notes=notes, **action_fields(plan, owners=owners, refusal=refusal)
    )
    audit(
        "circles.action.added",
        actor=_author(actor, notes),
        target=notes.circle or notes.event,
        community=notes.community,
        action_item=action.pk,
    )
    return action


@transaction.atomic
def meeting_action_toggle(*, actor: Any, action: MeetingAction) -> MeetingAction:
    require(actor, "meeting_action.toggle", action)
    fields = action_change(action, done=action.done_at is None)
    action.save(update_fields=fields)
    notes = action.notes
    audit(
        "circles.action.updated",
        actor=_author(actor, notes),
        target=notes.circle or notes.event,
        community=notes.community,
        action_item=action.pk,
        fields=fields,
    )
    return action


def join_notes(event_notes: Any, item_notes: list[Any]) -> str:
    """The text of an event's notes with a live session's notes (one per cohort circle)
    added under the circle's name: nothing written is lost when they become one."""
    parts = [event_notes.text] if event_notes.text else []
    for notes in item_notes:
        if notes.text:
            parts.append(f"### {notes.circle.name}\n\n{notes.text}")
    return "\n\n".join(parts)


@transaction.atomic
def session_notes_join_event(*, actor: Any, item: Any) -> MeetingNotes | None:
    """A live session now linked to an event keeps its notes in one place, the event's:
    notes and actions written for it per cohort circle move there."""
    require(actor, "cohort_programme.edit", item.module.programme)
    if item.kind != "session" or item.event_id is None:
        return None
    old = list(MeetingNotes.objects.filter(item=item).select_related("circle").order_by("pk"))
    if not old:
        return None
    event = item.event
    notes, _created = MeetingNotes.objects.get_or_create(
        event=event, defaults={"community": event.community, "circle": event.circle}
    )
    notes.text = join_notes(notes, old)
    notes.save()
    MeetingAction.objects.filter(notes__in=old).update(notes=notes)
    MeetingNotes.objects.filter(pk__in=[o.pk for o in old]).delete()
    audit(
        "circles.notes.moved",
        actor=actor,
        target=event,
        community=notes.community,
        notes=notes.pk,
        item=item.pk,
    )
    return notes
