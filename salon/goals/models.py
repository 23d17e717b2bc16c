"""Shared objectives with key results, a competency framework per community, and members'
personal development goals with milestones, check-ins and encouragement (docs/goals.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.goals.progress import key_result_progress

# Key result values: up to 14 digits before the point and 2 after.
MAX_DIGITS, DECIMALS = 16, 2
CONFIDENCE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class Competency(models.Model):
    """One leadership competency of a community's framework. Retired, never deleted, once
    goals use it: the goals keep their link, new goals cannot pick it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="competencies"
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("definition"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="competency_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Behaviour(models.Model):
    """One observable behaviour of a competency: what colleagues would see. Kept (retired)
    when the director removes it, so 360 ratings of it keep their meaning."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="behaviours")
    text = models.CharField(_("behaviour"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["competency", "position"], name="behaviour_by_competency")]

    def __str__(self) -> str:
        return self.text


class ProficiencyLevel(models.Model):
    """What one proficiency level (1 = first, higher = further) looks like for a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("level"), max_length=60)
    description = models.CharField(_("what it looks like"), max_length=300, blank=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "rank"], name="level_rank_once")
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One version of a community's competency framework: every change to its competencies,
    behaviours or levels makes the next one, with a line saying what changed."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="framework_versions"
    )
    number = models.PositiveIntegerField()
    summary = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="framework_version_once")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Objective(models.Model):
    """A shared objective of a community, or of one of its circles, for a period."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="objectives"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("circle"),
    )
    period = models.CharField(_("period"), max_length=60, help_text=_("For example “2026 H1”."))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    title = models.CharField(_("title"), max_length=200)
    why = models.TextField(_("why it matters"), blank=True, max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        indexes = [models.Index(fields=["community", "archived_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="objective_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Archived objectives are listed on the page's archive.
        archive = "?archived=1" if self.archived_at is not None else ""
        page = reverse("goals:objectives", args=[self.community.slug])
        return f"{page}{archive}#objective-{self.pk}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class KeyResultKind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    CURRENCY = "currency", _("Amount of money")
    DONE = "done", _("Done or not done")


class KeyResult(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("key result"), max_length=200)
    kind = models.CharField(
        _("measured as"), max_length=12, choices=KeyResultKind.choices, default=KeyResultKind.NUMBER
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. “members”"))
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("e.g. EUR"))
    baseline = models.DecimalField(
        _("baseline"), default=Decimal(0), max_digits=MAX_DIGITS, decimal_places=DECIMALS
    )
    target = models.DecimalField(_("target"), max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    current = models.DecimalField(
        _("current value"), default=Decimal(0), max_digits=MAX_DIGITS, decimal_places=DECIMALS
    )
    due = models.DateField(_("due"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence (1–10)"), null=True, blank=True, validators=CONFIDENCE_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Raised by every value update and every change of definition: a change names the
    # version it saw, and a conditional UPDATE refuses it if someone else changed the key
    # result in between (docs/goals.md, "Two people").
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="done") | ~Q(target=models.F("baseline")),
                name="key_result_target_differs",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=10),
                name="key_result_confidence_1_10",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> float:
        return key_result_progress(
            kind=self.kind, baseline=self.baseline, target=self.target, current=self.current
        )

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class KeyResultUpdate(models.Model):
    """Every change of a key result's value or confidence: who, when, from what, why."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    old_value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    new_value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["key_result", "at"])]

    def __str__(self) -> str:
        return f"{self.key_result}: {self.old_value} → {self.new_value}"


class KeyResultRevision(models.Model):
    """A change to what a key result measures (its title, kind, baseline, target, unit,
    currency or due date): who, when, and each changed field as ``[before, after]``."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="revisions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.key_result}: {', '.join(sorted(self.changes))} changed"


class GoalVisibility(models.TextChoices):
    ONLY_ME = "only_me", _("Only me")
    MENTOR = "mentor", _("Me and my mentor")
    CIRCLE = "circle", _("My circle")
    COMMUNITY = "community", _("The whole community")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """A member's personal development goal. Who may see it is its ``visibility`` (and the
    accountability partner, always); directors see it only in aggregate unless it is shared
    with them like with anyone else."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="goals"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.RESTRICT, related_name="goals", verbose_name=_("competency")
    )
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
        verbose_name=_("shared objective"),
    )
    title = models.CharField(_("goal"), max_length=200)
    success_looks_like = models.TextField(_("what success looks like"), max_length=2000)
    visibility = models.CharField(
        _("who sees it"),
        max_length=10,
        choices=GoalVisibility.choices,
        default=GoalVisibility.CIRCLE,
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
        verbose_name=_("circle"),
    )
    cadence = models.CharField(
        _("check in"), max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY
    )
    next_check_in_due = models.DateField()
    status = models.CharField(
        max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE, db_index=True
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnered_goals",
        verbose_name=_("accountability partner"),
    )
    # The latest check-in's numbers, kept here so boards and the directors' overview read
    # one row per goal instead of a subquery per goal.
    progress = models.PositiveSmallIntegerField(default=0)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    # The due date the check-in reminder went out for: claimed by a conditional update, so
    # each due date is reminded once.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["status", "next_check_in_due"]),
            models.Index(fields=["circle", "visibility"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility="circle") | Q(circle__isnull=False),
                name="circle_goal_names_its_circle",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_0_100"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == GoalStatus.ACTIVE


class GoalRevision(models.Model):
    """What a goal said before an edit: goals keep their history like posts do."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    success_looks_like = models.TextField(max_length=2000)
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (before {self.edited_at:%Y-%m-%d})"


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("by"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [models.F("due").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title


class CheckIn(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_ins")
    at = models.DateTimeField()
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence (1–10)"), validators=CONFIDENCE_VALIDATORS
    )
    helped = models.TextField(_("what helped"), blank=True, max_length=2000)
    blocked = models.TextField(_("what got in the way"), blank=True, max_length=2000)
    next_step = models.TextField(_("next step"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["goal", "at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="check_in_progress_0_100"),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=10), name="check_in_confidence_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.progress}% on {self.at:%Y-%m-%d}"


class EncouragementKind(models.TextChoices):
    CHEER = "cheer", _("Cheer")
    COMMENT = "comment", _("Comment")
    HELP = "help", _("Offer help")


class Encouragement(models.Model):
    """A cheer, a comment or an offer of help from someone who may see the goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="encouragements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        max_length=10, choices=EncouragementKind.choices, default=EncouragementKind.COMMENT
    )
    body = models.TextField(_("message"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.goal}"
