from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import TIMEZONE_CHOICES
from salon.core.safe_urls import SafeURLField

# Expert time lives in its own package; its models load with the app's.
from salon.events.office_hours.models import (  # noqa: F401
    Booking,
    BookingStatus,
    ExpertTimeRules,
    OfficeHours,
    Slot,
    Window,
)
from salon.events.recurrence import Recurrence


class EventFormat(models.Model):
    """Webinar, workshop, roundtable…: reference data, so new formats need no code."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY_BY_DATE = "monthly_by_date", _("Every month on the same date")
    MONTHLY_BY_WEEKDAY = "monthly_by_weekday", _("Every month on the same weekday")


def _uid() -> str:
    return f"{uuid.uuid4()}@salon"


class Series(models.Model):
    """A recurring event: the rule is kept in the zone it was planned in (local wall-clock
    time), so a weekly 09:00 London series stays at 09:00 London across DST."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="event_series"
    )
    uid = models.CharField(max_length=80, unique=True, default=_uid)
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES)
    # Wall-clock start of the first occurrence in ``timezone`` (stored without a zone).
    start_date = models.DateField()
    start_time = models.TimeField()
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return f"{self.frequency} from {self.start_date} {self.start_time} {self.timezone}"

    @property
    def recurrence(self) -> Recurrence:
        return Recurrence(
            frequency=self.frequency, interval=self.interval, count=self.count, until=self.until
        )


class Event(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="events"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("circle"),
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    # For an occurrence of a series: the start the rule gave it (its RECURRENCE-ID), which
    # stays the same when this one occurrence is moved.
    original_start = models.DateTimeField(null=True, blank=True)
    is_exception = models.BooleanField(default=False)
    uid = models.CharField(max_length=80, default=_uid)
    title = models.CharField(_("title"), max_length=200)
    format = models.ForeignKey(
        EventFormat, on_delete=models.PROTECT, related_name="+", verbose_name=_("format")
    )
    description = models.TextField(_("agenda"), blank=True, max_length=20000)
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    join_url = SafeURLField(_("video link"), blank=True, max_length=500)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hosted_events", blank=True
    )
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    recording_url = SafeURLField(_("recording"), blank=True, max_length=500)
    materials = models.TextField(_("materials"), blank=True, max_length=5000)
    files = GenericRelation(
        "core.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    check_in_code = models.CharField(max_length=12, default="", blank=True)
    # The start each reminder was sent for: claimed by a conditional update, so it goes out
    # once per start, and a moved event (a new ``starts_at``) is reminded again.
    reminded_day_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_hour_for = models.DateTimeField(null=True, blank=True, editable=False)
    # When the two-week "did you apply it?" follow-up was sent (once per event).
    followed_up_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["community", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="one_occurrence_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.check_in_code:
            self.check_in_code = secrets.token_hex(3).upper()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")
    WAITLISTED = "waitlisted", _("On the waitlist")


class Rsvp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=12, choices=RsvpStatus.choices)
    # When the person asked for a seat: the waitlist is served in this order.
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_rsvp")]
        indexes = [models.Index(fields=["event", "status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.event}: {self.status}"


class Attendance(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_in_at = models.DateTimeField(auto_now_add=True)
    by_host = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_attendance")]

    def __str__(self) -> str:
        return f"{self.user} attended {self.event}"


class CalendarFeed(models.Model):
    """A member's private iCalendar feed: the token in the URL is the only credential."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("events:feed", args=[self.token])


class Applied(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NOT_YET = "not_yet", _("Not yet")


class Feedback(models.Model):
    """A participant's short reflection after a session; hosts see it only in aggregate."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("how useful was it (1–5)"))
    will_apply = models.TextField(_("what will you apply?"), blank=True, max_length=2000)
    # The two-week follow-up: did they apply it? Blank until they answer.
    applied = models.CharField(
        _("did you apply it?"), max_length=10, choices=Applied.choices, blank=True, default=""
    )
    applied_note = models.TextField(_("how it went"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_feedback"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.event}"
