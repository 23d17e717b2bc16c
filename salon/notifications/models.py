from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.notifications.registry import Delivery


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("To be emailed now")
    DIGEST = "digest", _("Waiting for a digest")
    SENT = "sent", _("Emailed")
    NONE = "none", _("Not emailed")


class Notification(models.Model):
    """One thing that happened, told to one person. Written in bulk by ``notify()``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The community it happened in: digests group by it, and it is shown by its current name.
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What the kind's sentence needs besides actor and community (e.g. a circle's name).
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Identifies the event: one notification per (recipient, key), so an event told twice
    # (a retried task, a double click) reaches nobody twice.
    key = models.CharField(max_length=200)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email_status="digest"),
                name="notification_digest_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A member's choice for one kind; kinds without a row use the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=80)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} → {self.delivery}"


class EmailSettings(models.Model):
    """Per member: the "no email at all" switch and which digests have gone out.

    ``daily_digest_for`` / ``weekly_digest_for`` hold the local date (the Monday, for the
    weekly one) of the last digest claimed; a digest is claimed by a conditional update of
    these fields, so two workers can never both send it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="email_settings",
    )
    email_off = models.BooleanField(_("no email at all"), default=False)
    daily_digest_for = models.DateField(null=True, blank=True)
    daily_digest_at = models.DateTimeField(null=True, blank=True)
    weekly_digest_for = models.DateField(null=True, blank=True)
    weekly_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email settings")
        verbose_name_plural = _("email settings")

    def __str__(self) -> str:
        return f"Email settings of {self.user_id}"

    def digest_fields(self, period: str) -> tuple[Any, Any]:
        return getattr(self, f"{period}_digest_for"), getattr(self, f"{period}_digest_at")
