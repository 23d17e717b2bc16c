"""Expert time: an expert's weekly offer in a community, its slots, and bookings."""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import TIMEZONE_CHOICES
from salon.core.safe_urls import SafeURLField


class SlotLength(models.IntegerChoices):
    FIFTEEN = 15, _("15 minutes")
    THIRTY = 30, _("30 minutes")
    FORTY_FIVE = 45, _("45 minutes")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ExpertTimeRules(models.Model):
    """What a community allows each member: without a row, the defaults below."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="expert_time_rules"
    )
    max_upcoming = models.PositiveSmallIntegerField(
        _("upcoming sessions a member may hold at once"), default=2
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("hours of notice before a session"), default=2
    )

    def __str__(self) -> str:
        return f"Expert time rules of {self.community}"


class OfficeHours(models.Model):
    """One expert's weekly office hours in one community, in the expert's own zone."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="office_hours"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_hours"
    )
    about = models.CharField(_("what you can help with"), max_length=500, blank=True)
    competencies = models.ManyToManyField(
        "goals.Competency", blank=True, related_name="+", verbose_name=_("competencies")
    )
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES)
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a session"), choices=SlotLength.choices, default=SlotLength.THIRTY
    )
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks open for booking"), default=4)
    join_url = SafeURLField(_("video link"), blank=True, max_length=500)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("office hours")
        constraints = [
            models.UniqueConstraint(fields=["community", "expert"], name="one_offer_per_expert")
        ]

    def __str__(self) -> str:
        return f"Office hours of {self.expert} in {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("events:expert_time", args=[self.community.slug])


class Window(models.Model):
    """A weekly stretch of the expert's time: Tuesdays 14:00–16:00 in their zone."""

    office_hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start = models.TimeField(_("from"), default=time(9))
    end = models.TimeField(_("until"), default=time(11))

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="window_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class Slot(models.Model):
    """One bookable session. ``booked`` is claimed by a conditional update, so two people
    clicking at once cannot both have it."""

    office_hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    booked = models.BooleanField(default=False)
    # Withdrawn by the expert (a changed week, a day off): no longer offered.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["office_hours", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["office_hours", "starts_at"], name="one_slot_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC with {self.office_hours.expert_id}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


def _uid() -> str:
    return f"{uuid.uuid4()}@salon"


class Booking(models.Model):
    """A member's session with an expert. Rescheduling moves it to another slot and keeps
    its calendar UID, raising SEQUENCE, so calendar apps update the one entry."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_hour_bookings"
    )
    question = models.TextField(_("your question"), max_length=2000)
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    uid = models.CharField(max_length=80, unique=True, default=_uid)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("how useful was it (1–5)"), null=True, blank=True)
    note = models.TextField(_("what you took away"), blank=True, max_length=4000)
    # The start each reminder was sent for, claimed by a conditional update (as events do).
    reminded_day_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_hour_for = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            # The database's own guard: one live booking per slot, whatever the code does.
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status="booked"),
                name="one_live_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="booking_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} with expert of slot {self.slot_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("events:booking", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status == BookingStatus.BOOKED
