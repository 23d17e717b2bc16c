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
