"""360° feedback cycles (docs/feedback.md).

Who answered what is never stored together: a ``Nomination`` knows the rater and whether
they have answered, a ``Response`` knows the person reviewed and the rater group but not
the rater, carries no timestamp and has a random key, so its order says nothing about who
answered when. What a report shows of the responses is decided in one place,
``salon.core.anonymity``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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

    @property
    def nominations_closed(self) -> bool:
        """Past the "raters chosen by" date: lists are frozen for the people reviewed."""
        return timezone.localdate() > self.nominations_close_on


class RatedItem(models.Model):
    """What raters rate: one observable behaviour of a competency, or a competency whole
    (``behaviour`` empty). A report rolls behaviours up to their competency."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="items")
    competency = models.ForeignKey(
        "goals.Competency", on_delete=models.RESTRICT, related_name="feedback_items"
    )
    behaviour = models.ForeignKey(
        "goals.Behaviour",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="feedback_items",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.behaviour.text if self.behaviour is not None else self.competency.name


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

    def get_nominate_url(self) -> str:
        return reverse("feedback:nominations", args=[self.pk])


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

    def get_absolute_url(self) -> str:
        return reverse("feedback:answer", args=[self.pk])


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


# Feedback on request, feedback given unasked, and praise (docs/feedback.md, "Peer feedback").


class PeerSettings(models.Model):
    """A community's settings for feedback between members; a community without a row uses
    the defaults (``PeerSettings.for_community``)."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="peer_feedback_settings"
    )
    requests_per_week = models.PositiveSmallIntegerField(
        _("requests a person receives per week, at most"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    praise_on_home = models.BooleanField(_("show praise on the community home"), default=True)

    def __str__(self) -> str:
        return f"Peer feedback settings of {self.community}"

    @classmethod
    def for_community(cls, community: Any) -> PeerSettings:
        found = cls.objects.filter(community_id=community.pk).first()
        return found or cls(community_id=community.pk)


class FeedbackRequest(models.Model):
    """A member asks named people for feedback on one situation."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="feedback_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    situation = models.CharField(_("situation"), max_length=500)
    competency = models.ForeignKey(
        "goals.Competency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("competency"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.situation[:60]


class PeerFeedbackState(models.TextChoices):
    ASKED = "asked", _("Asked")
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")


class PeerFeedback(models.Model):
    """Feedback from one person (``giver``) to another (``receiver``) in the
    situation–behaviour–impact form: asked for (``request`` set, ``state`` asked until the
    giver answers) or given unasked. Only the two of them read it, and the receiver's
    mentor when the receiver shares it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="peer_feedback"
    )
    request = models.ForeignKey(
        FeedbackRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="asks"
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_feedback_given"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_feedback_received"
    )
    competency = models.ForeignKey(
        "goals.Competency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("competency"),
    )
    situation = models.CharField(_("situation"), max_length=500)
    behaviour = models.TextField(_("behaviour"), max_length=2000, blank=True)
    impact = models.TextField(_("impact"), max_length=2000, blank=True)
    state = models.CharField(
        max_length=10, choices=PeerFeedbackState.choices, default=PeerFeedbackState.ASKED
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    given_at = models.DateTimeField(null=True, blank=True)
    shared_with_mentor_at = models.DateTimeField(null=True, blank=True)
    goal = models.ForeignKey(
        "goals.Goal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_peer_feedback",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["giver", "state", "created_at"], name="peer_feedback_to_answer"),
            models.Index(fields=["receiver", "state", "given_at"], name="peer_feedback_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")), name="peer_feedback_not_to_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.situation[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:peer_detail", args=[self.pk])


class Praise(models.Model):
    """Public recognition of a member, tied to a competency, in a circle or the community."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="praise"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="praise",
        verbose_name=_("circle"),
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="praise_given"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="praise_received"
    )
    competency = models.ForeignKey(
        "goals.Competency",
        on_delete=models.RESTRICT,
        related_name="praise",
        verbose_name=_("competency"),
    )
    message = models.TextField(_("what they did"), max_length=1000)
    on_home = models.BooleanField(_("show on the community home"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_at"], name="praise_by_community")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")), name="praise_not_to_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"Praise for {self.receiver}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:praise_list", args=[self.community.slug])


class GrowthShare(models.Model):
    """A member lets someone (their mentor, usually) read their growth timeline."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_shared"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_shared_with_me"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "viewer"], name="growth_shared_once"),
            models.CheckConstraint(
                condition=~Q(owner=models.F("viewer")), name="growth_not_shared_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner}'s growth, shared with {self.viewer}"
