"""360° feedback cycles (docs/feedback.md).

Who answered what is never stored together: a ``Nomination`` knows the rater and whether
they have answered, a ``Response`` knows the person reviewed and the rater group but not
the rater, carries no timestamp and has a random key, so its order says nothing about who
answered when. What a report shows of the responses is decided in one place,
``salon.core.anonymity``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.core.anonymity import THRESHOLD


class RaterGroup(models.TextChoices):
    SELF = "self", _("Self")
    MANAGER = "manager", _("Manager")
    PEERS = "peers", _("Peers")
    DIRECT_REPORTS = "direct_reports", _("Direct reports")
    MENTOR = "mentor", _("Mentor")
    OTHERS = "others", _("Others")


# How many raters each person reviewed nominates per group, by default: (minimum, maximum).
DEFAULT_GROUP_LIMITS: dict[str, list[int]] = {
    RaterGroup.MANAGER: [0, 1],
    RaterGroup.PEERS: [3, 8],
    RaterGroup.DIRECT_REPORTS: [0, 8],
    RaterGroup.MENTOR: [0, 2],
    RaterGroup.OTHERS: [0, 5],
}


def default_group_limits() -> dict[str, list[int]]:
    return {group: list(limits) for group, limits in DEFAULT_GROUP_LIMITS.items()}


def default_scale() -> list[str]:
    return [
        str(_("Rarely")),
        str(_("Sometimes")),
        str(_("Often")),
        str(_("Usually")),
        str(_("Consistently, and a role model")),
    ]


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Cycle(models.Model):
    """A 360° cycle of a community for a circle (a cohort) or hand-picked members."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="feedback_cycles"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_cycles",
        verbose_name=_("circle or cohort"),
    )
    title = models.CharField(_("title"), max_length=200)
    # One anchored meaning per point, lowest first; "not observed" is always offered too.
    scale = models.JSONField(_("scale"), default=default_scale)
    questions = models.JSONField(_("open questions"), default=list)
    group_limits = models.JSONField(_("raters per group"), default=default_group_limits)
    threshold = models.PositiveSmallIntegerField(
        _("fewest answers shown per group"), default=THRESHOLD
    )
    opens_on = models.DateField(_("opens"))
    nominations_close_on = models.DateField(_("nominations close"))
    closes_on = models.DateField(_("closes"))
    status = models.CharField(
        max_length=10, choices=CycleStatus.choices, default=CycleStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=THRESHOLD), name="feedback_cycle_threshold_at_least_3"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="feedback_cycle_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:cycle", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CycleStatus.OPEN


class RatedItem(models.Model):
    """A competency the cycle rates (later also one of its observable behaviours)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey(
        "goals.Competency", on_delete=models.RESTRICT, related_name="feedback_items"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.competency)


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Being chosen")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


class Participant(models.Model):
    """A person reviewed in a cycle, with their manager and the state of their rater list."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_participations"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_managed",
        verbose_name=_("manager"),
    )
    nominations_status = models.CharField(
        max_length=10, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="feedback_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:report", args=[self.pk])


class Nomination(models.Model):
    """A rater asked for feedback on one participant. Knows whether they answered, never
    what: their draft lives here until they submit, then moves, unnamed, to a Response."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="nominations"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_nominations"
    )
    group = models.CharField(max_length=16, choices=RaterGroup.choices)
    draft = models.JSONField(default=dict, blank=True)
    answered = models.BooleanField(default=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant", "group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "rater"], name="feedback_nomination_once"
            )
        ]
        indexes = [models.Index(fields=["rater", "answered"])]

    def __str__(self) -> str:
        return f"{self.get_group_display()} for {self.participant}"


class Response(models.Model):
    """One rater's submitted answers, without the rater: ``scores`` maps a rated item's id
    to a point of the scale (1..n) or None for "not observed"; ``comments`` answers the
    cycle's open questions in order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(max_length=16, choices=RaterGroup.choices)
    scores = models.JSONField(default=dict)
    comments = models.JSONField(default=list)

    class Meta:
        # By key: random, so the order says nothing about who answered when.
        ordering = ["participant", "id"]

    def __str__(self) -> str:
        return f"An answer about {self.participant}"


class ReportShare(models.Model):
    """The person reviewed shared their report with their mentor."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="shares")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_reports_shared"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "mentor"], name="feedback_report_shared_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} shared with {self.mentor}"


class GapGoal(models.Model):
    """A development goal the person reviewed made from a gap in their report."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="gap_goals")
    competency = models.ForeignKey("goals.Competency", on_delete=models.CASCADE, related_name="+")
    goal = models.OneToOneField("goals.Goal", on_delete=models.CASCADE, related_name="feedback_gap")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "competency"], name="feedback_gap_goal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal} from {self.participant}"
