"""Mentoring programmes, enrolment, matching runs, proposed matches and the mentoring
relationship itself (docs/mentoring.md).

The life of a pair: a ``MatchRun`` (or, in mentee-choice mode, a mentee's request) proposes
a ``Match``; the director reviews staged matches (pin, forbid, swap, re-run) and publishes
them; both sides accept or decline within the programme's window; when both have accepted
the ``Mentorship`` begins, with its agreement, sessions, action items and check-ins.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.core.actions import ActionItemBase

# The engine's criteria and their default weights (salon.mentoring.engine.records.Weights).
DEFAULT_WEIGHTS = {
    "competencies": 4.0,
    "shared_hours": 1.0,
    "cross_region": 1.0,
    "cross_function": 0.5,
    "goals": 2.0,
    "industry": 0.5,
    "preferences": 1.0,
}


def default_weights() -> dict[str, float]:
    return dict(DEFAULT_WEIGHTS)


def default_mentee_roles() -> list[str]:
    return ["member", "facilitator", "expert", "mentor"]


def default_mentor_roles() -> list[str]:
    return ["member", "mentor", "expert", "facilitator", "director"]


class MatchingMode(models.TextChoices):
    PROGRAMME = "programme", _("The programme team runs an optimal matching")
    MENTEE_CHOICE = "mentee_choice", _("Mentees choose from suggestions; the mentor accepts")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENROLLING = "enrolling", _("Enrolment open")
    MATCHING = "matching", _("Matching")
    ACTIVE = "active", _("Running")
    CLOSED = "closed", _("Closed")


class TargetAttribute(models.TextChoices):
    NONE = "", _("No target")
    CROSS_REGION = "cross_region", _("Pairs across regions")
    CROSS_FUNCTION = "cross_function", _("Pairs across functions")


class Programme(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="mentoring_programmes"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("what it is for"), blank=True, max_length=4000)
    starts_on = models.DateField(_("cycle starts"))
    ends_on = models.DateField(_("cycle ends"))
    enrolment_closes_on = models.DateField(_("enrolment closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    mode = models.CharField(
        _("matching"), max_length=16, choices=MatchingMode.choices, default=MatchingMode.PROGRAMME
    )
    reverse = models.BooleanField(
        _("reverse mentoring"),
        default=False,
        help_text=_("Junior people mentor senior ones on a topic, such as digital or AI."),
    )
    reverse_topic = models.CharField(_("reverse mentoring topic"), max_length=150, blank=True)
    mentee_roles = models.JSONField(_("who may enrol as mentee"), default=default_mentee_roles)
    mentor_roles = models.JSONField(_("who may enrol as mentor"), default=default_mentor_roles)
    default_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    weights = models.JSONField(_("criterion weights"), default=default_weights)
    min_shared_hours = models.DecimalField(
        _("shared working hours a week, at least"), max_digits=4, decimal_places=1, default=2
    )
    allow_repeat_pairs = models.BooleanField(_("allow pairs from earlier cycles"), default=False)
    allow_same_unit = models.BooleanField(_("allow pairs from the same unit"), default=True)
    target_attribute = models.CharField(
        _("programme target"),
        max_length=16,
        choices=TargetAttribute.choices,
        default=TargetAttribute.NONE,
        blank=True,
    )
    target_share = models.PositiveSmallIntegerField(
        _("target share of pairs (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    response_days = models.PositiveSmallIntegerField(
        _("days to accept or decline"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    session_every_days = models.PositiveSmallIntegerField(
        _("a session at least every (days)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(120)],
    )
    suggestions = models.PositiveSmallIntegerField(
        _("suggestions shown to each mentee"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mentoring:programme", args=[self.community.slug, self.pk])

    @property
    def midpoint(self) -> date:
        return self.starts_on + (self.ends_on - self.starts_on) / 2


class Side(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class Preference(models.TextChoices):
    ANY = "", _("No preference")
    SAME = "same", _("The same as mine")
    DIFFERENT = "different", _("Different from mine")


class Enrolment(models.Model):
    """One person on one side of one programme. Time zone, working hours, languages,
    region, unit and reporting line come from the profile when matching runs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_enrolments"
    )
    side = models.CharField(_("I enrol as"), max_length=8, choices=Side.choices)
    competencies = models.ManyToManyField(
        "goals.Competency",
        blank=True,
        related_name="+",
        verbose_name=_("competencies"),
        help_text=_("Mentees: what you want to develop. Mentors: what you can help with."),
    )
    goals = models.ManyToManyField(
        "goals.Goal",
        blank=True,
        related_name="+",
        verbose_name=_("goals"),
        help_text=_("Mentees: the goals you want help with; your mentor will see them."),
    )
    hopes = models.TextField(_("what you hope for"), blank=True, max_length=2000)
    region_preference = models.CharField(
        _("mentor's region"), max_length=10, choices=Preference.choices, blank=True
    )
    language_preference = models.CharField(
        _("mentor's first language"), max_length=10, choices=Preference.choices, blank=True
    )
    industry_preference = models.CharField(
        _("mentor's industry"), max_length=10, choices=Preference.choices, blank=True
    )
    function_preference = models.CharField(
        _("mentor's function"), max_length=10, choices=Preference.choices, blank=True
    )
    avoid = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("people I would rather not be matched with"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees I can take"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
        help_text=_("Leave empty for the programme's default."),
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "side", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_enrolment_per_person")
        ]
        indexes = [models.Index(fields=["programme", "side"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_side_display()}, {self.programme})"

    @property
    def effective_capacity(self) -> int:
        return self.programme.default_capacity if self.capacity is None else self.capacity


class RunStatus(models.TextChoices):
    STAGED = "staged", _("In review")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a later run")


class MatchRun(models.Model):
    """One run of the engine, stored whole: what went in, how it was weighed, what came
    out and why (``diagnostics`` is ``MatchResult.to_dict()['diagnostics']`` plus the
    unmatched mentees and why)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.STAGED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    inputs = models.JSONField(default=dict)  # mentees, mentors, pins, forbidden, earlier
    weights = models.JSONField(default=dict)
    rules = models.JSONField(default=dict)
    target = models.JSONField(null=True, blank=True)
    solver = models.CharField(max_length=120)
    diagnostics = models.JSONField(default=dict)
    unmatched = models.JSONField(default=list)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_run_number")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.programme}"


class MatchStatus(models.TextChoices):
    STAGED = "staged", _("Proposed, in review")
    PUBLISHED = "published", _("Waiting for answers")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Answer(models.TextChoices):
    PENDING = "", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Match(models.Model):
    """A proposed pair: from a run (staged, then published) or from a mentee's request in
    mentee-choice mode (published at once, with the mentee's answer already given)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="matches")
    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, null=True, blank=True, related_name="matches"
    )
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.STAGED
    )
    score = models.FloatField(default=0)
    breakdown = models.JSONField(default=dict)  # criterion -> points
    reasons = models.JSONField(default=list)  # [{criterion, points, detail}], best first
    pinned = models.BooleanField(default=False)
    requested = models.BooleanField(default=False)  # chosen by the mentee
    message = models.TextField(blank=True, max_length=1000)  # the mentee's note to the mentor
    mentee_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    mentor_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name_plural = _("matches")
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} ← {self.mentor} ({self.get_status_display()})"


class ForbiddenPair(models.Model):
    """A pair the director ruled out: every later run of the programme leaves it alone."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="forbidden")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"], name="one_forbidden_pair"
            )
        ]

    def __str__(self) -> str:
        return f"Never {self.mentee} with {self.mentor}"


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class Mentorship(models.Model):
    """The relationship and its shared space, from both sides' acceptance to the end."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentorships")
    match = models.OneToOneField(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorship"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    status = models.CharField(
        max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    # The agreement, written together.
    agreement_goals = models.TextField(_("what we will work on"), blank=True, max_length=4000)
    agreement_cadence = models.CharField(_("how often we meet"), max_length=200, blank=True)
    agreement_how = models.CharField(_("how we meet"), max_length=300, blank=True)
    agreement_updated_at = models.DateTimeField(null=True, blank=True)
    agreement_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_goals = models.ManyToManyField(
        "goals.Goal", blank=True, related_name="+", verbose_name=_("goals shared with the mentor")
    )
    started_at = models.DateTimeField()
    last_session_on = models.DateField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("why"), blank=True, max_length=2000)
    wants_rematch = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"],
                condition=Q(status="active"),
                name="one_active_mentorship_per_pair",
            ),
            # A mentee has one mentor at a time in a programme.
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status="active"),
                name="one_active_mentor_per_mentee",
            ),
        ]
        indexes = [
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentorship", args=[self.pk])

    def other(self, user: Any) -> Any:
        return self.mentor if user.pk == self.mentee_id else self.mentee


class MentoringSession(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    notes = models.TextField(_("shared notes"), blank=True, max_length=10000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Session of {self.held_on}"


class PrivateNote(models.Model):
    """A note on a session only its author sees."""

    session = models.ForeignKey(
        MentoringSession, on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private notes"), max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="one_private_note")
        ]

    def __str__(self) -> str:
        return f"Private note on {self.session_id}"


class ActionItem(ActionItemBase):
    """An action from the pair's sessions (the shared fields: ``core.actions``)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="action_items"
    )
    session = models.ForeignKey(
        MentoringSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )

    def toggle_url(self) -> str:
        return reverse("mentoring:action_toggle", args=[self.mentorship_id, self.pk])


class CheckInStage(models.TextChoices):
    MID = "mid", _("Mid-cycle")
    END = "end", _("End of cycle")


class MentoringCheckIn(models.Model):
    """Each side's mid-cycle and end-of-cycle check-in. The other side does not see the
    answers; the programme team sees them in aggregate."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=4, choices=CheckInStage.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("how satisfied are you with the mentoring?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    progress = models.PositiveSmallIntegerField(
        _("how much progress towards the goals?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("anything to add"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author", "stage"], name="one_check_in_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} check-in"
