"""A nudge: a short personal message from a circle's facilitator or lead to one of its
members, sent through the notification service and kept so nobody is nagged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
