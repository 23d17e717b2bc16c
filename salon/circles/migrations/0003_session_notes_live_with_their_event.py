"""A live session linked to an event keeps its notes in one place, the event's: notes
written for such a session per cohort circle move to the event's notes (their text under
the circle's name, their actions as they are)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from salon.circles.services.notes import join_notes

    notes_model = apps.get_model("circles", "MeetingNotes")
    action_model = apps.get_model("circles", "MeetingAction")
    item_notes = (
        notes_model.objects.filter(item__kind="session", item__event__isnull=False)
        .select_related("circle", "item__event")
        .order_by("item_id", "pk")
    )
    by_item: dict[int, list[Any]] = {}
    for notes in item_notes:
        by_item.setdefault(notes.item_id, []).append(notes)
    for old in by_item.values():
        event = old[0].item.event
        notes, _created = notes_model.objects.get_or_create(
            event=event, defaults={"community_id": event.community_id, "circle_id": event.circle_id}
        )
        notes.text = join_notes(notes, old)
        notes.save()
        action_model.objects.filter(notes__in=[o.pk for o in old]).update(notes=notes)
        notes_model.objects.filter(pk__in=[o.pk for o in old]).delete()


class Migration(migrations.Migration):
    dependencies = [("circles", "0002_meeting_notes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
