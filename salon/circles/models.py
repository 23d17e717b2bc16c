"""What keeps a circle going between meetings: nudges (a short personal message from a
circle's facilitator or lead to one of its members, kept so nobody is nagged), and the
shared notes and action items of every meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.core.actions import ActionItemBase


class Nudge(models.Model):
    circle = models.ForeignKey(
        "communities.Circle", on_delete=models.CASCADE, related_name="nudges"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges_received"
    )
    message = models.TextField(_("message"), max_length=600)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self) -> str:
        return f"Nudge to {self.recipient_id} in {self.circle_id}"

    def get_absolute_url(self) -> str:
        return self.circle.get_absolute_url()


class MeetingNotes(models.Model):
    """The shared notes of one meeting: an event (a circle's or the community's), or a
    peer-circle meeting of a cohort programme as one cohort circle held it. Its action
    items are ``MeetingAction`` rows (the shared machinery of ``core.actions``, as
    mentoring sessions use)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_notes",
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        "programmes.Item", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("shared notes"), blank=True, max_length=20000)
    # Left empty in a circle under the Chatham House rule: notes without names.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(event__isnull=False),
                name="one_notes_per_event",
            ),
            models.UniqueConstraint(
                fields=["item", "circle"],
                condition=models.Q(item__isnull=False),
                name="one_notes_per_meeting_item_and_circle",
            ),
            models.CheckConstraint(
                condition=models.Q(event__isnull=False, item__isnull=True)
                | models.Q(event__isnull=True, item__isnull=False, circle__isnull=False),
                name="notes_of_an_event_or_a_circle_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"Notes of {self.meeting_title}"

    def get_absolute_url(self) -> str:
        if self.event_id:
            return reverse("circles:event_notes", args=[self.event_id])
        return reverse("circles:item_notes", args=[self.item_id, self.circle_id])

    @property
    def meeting_title(self) -> str:
        meeting = self.event or self.item
        return str(meeting.title) if meeting is not None else ""


class MeetingAction(ActionItemBase):
    notes = models.ForeignKey(MeetingNotes, on_delete=models.CASCADE, related_name="actions")

    class Meta(ActionItemBase.Meta):
        indexes = [models.Index(fields=["owner", "done_at"])]

    def toggle_url(self) -> str:
        return reverse("circles:action_toggle", args=[self.pk])
