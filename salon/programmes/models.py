"""Cohort programmes: a curriculum of modules a cohort moves through, each with items
(pre-work, live sessions, circle meetings, reflections, assignments, goal check-ins), and
each member's progress on them.

Not to be confused with mentoring programmes (salon/mentoring), which pair people: pages
and the API call these "cohort programmes".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.core.safe_urls import SafeURLField


class Programme(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="cohort_programmes"
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("what it is for"), blank=True, max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    cohorts: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "communities.Circle", related_name="cohort_programmes", verbose_name=_("cohorts")
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_programme_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=160)
    purpose = models.TextField(_("purpose"), blank=True, max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    competencies: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "goals.Competency", blank=True, related_name="+", verbose_name=_("competencies")
    )

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="module_position_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_module_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.programme_id]) + f"#module-{self.pk}"


class ItemKind(models.TextChoices):
    PREWORK = "prework", _("Pre-work")
    SESSION = "session", _("Live session")
    MEETING = "meeting", _("Peer-circle meeting")
    REFLECTION = "reflection", _("Reflection question")
    ASSIGNMENT = "assignment", _("Assignment")
    CHECK_IN = "check_in", _("Goal check-in")


class Unlock(models.TextChoices):
    DATE = "date", _("On its opening date")
    PREVIOUS = "previous", _("When the item before it is done")


# Kinds whose "done" carries the member's written answer.
WRITTEN_KINDS = frozenset({ItemKind.REFLECTION, ItemKind.ASSIGNMENT})


class Item(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions or question"), blank=True, max_length=4000)
    resource = models.ForeignKey(
        "resources.Resource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resource"),
    )
    path = models.ForeignKey(
        "resources.LearningPath",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("learning path"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("session"),
    )
    url = SafeURLField(_("link"), blank=True, max_length=500)
    unlock = models.CharField(
        _("opens"), max_length=10, choices=Unlock.choices, default=Unlock.DATE
    )
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # An assignment may ask two cohort members to review each submission.
    peer_review = models.BooleanField(_("peer review by two cohort members"), default=False)

    class Meta:
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="item_position_once"),
        ]
        indexes = [models.Index(fields=["due_on"]), models.Index(fields=["opens_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.module.programme_id]) + f"#item-{self.pk}"

    @property
    def wants_answer(self) -> bool:
        return self.kind in WRITTEN_KINDS


class Progress(models.Model):
    """A member has done an item (with their answer to a reflection or assignment)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_progress"
    )
    answer = models.TextField(blank=True, max_length=8000)
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="item_done_once")]

    def __str__(self) -> str:
        return f"{self.user} did {self.item}"


class PeerReview(models.Model):
    """A cohort member asked to review another's assignment: what works, one suggestion,
    and an optional rating against the module's competency (1 to 5)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="peer_reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews_asked"
    )
    assigned_at = models.DateTimeField()
    due_on = models.DateField(_("due on"))
    works = models.TextField(_("what works"), blank=True, max_length=2000)
    suggestion = models.TextField(_("one suggestion"), blank=True, max_length=2000)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "author", "reviewer"], name="peer_review_once"),
            models.CheckConstraint(
                condition=~models.Q(author=models.F("reviewer")), name="no_reviewing_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="peer_review_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]

    def __str__(self) -> str:
        return f"Review of {self.item_id} by {self.reviewer_id}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:review", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def is_late(self, today: date) -> bool:
        return self.submitted_at is None and self.due_on < today


class ItemState(models.TextChoices):
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    DUE = "due", _("Due")
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Not open yet")


def state_of(*, item: Item, done: bool, previous_done: bool, today: date) -> str:
    """Where one member stands on one item: plain data in, one of ``ItemState`` out."""
    if done:
        return ItemState.DONE
    if item.unlock == Unlock.PREVIOUS and not previous_done:
        return ItemState.LOCKED
    if item.unlock == Unlock.DATE and item.opens_on > today:
        return ItemState.LOCKED
    if item.due_on is not None and item.due_on < today:
        return ItemState.LATE
    if item.due_on is not None and (item.due_on - today).days <= 7:
        return ItemState.DUE
    return ItemState.OPEN
