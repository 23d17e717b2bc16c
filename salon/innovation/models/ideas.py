"""The innovation lab: challenges owned by a community or circle, ideas submitted to them,
votes, and a stage pipeline (configurable per community) that ideas move through, each
move passing a gate and kept in the idea's history.

Brainstorming boards (``boards.py``) and hackathons (``hackathons.py``) point at a
``Challenge``; a board's note or cluster becomes an ``Idea`` in it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    SUBMIT = "submit", _("Submit ideas")
    REFINE = "refine", _("Refine")
    EVALUATE = "evaluate", _("Evaluate")
    DECIDE = "decide", _("Decide")
    CLOSED = "closed", _("Closed")


class Voting(models.TextChoices):
    SUPPORT = "support", _("Simple support: one vote per idea")
    BUDGET = "budget", _("A budget of votes to spread across ideas")


class Decider(models.TextChoices):
    DIRECTOR = "director", _("A director")
    FACILITATOR = "facilitator", _("A facilitator")
    SPONSOR = "sponsor", _("The challenge's sponsor")


class Stage(models.Model):
    """One column of a community's pipeline, with the gate an idea passes to enter it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="idea_stages"
    )
    key = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    # Parked ideas wait outside the flow; they can come back to any stage.
    is_parked = models.BooleanField(default=False)
    # Who may move an idea into this stage (``Decider`` values).
    deciders = models.JSONField(default=list)
    criteria = models.TextField(_("gate criteria"), blank=True, max_length=2000)

    class Meta:
        ordering = ["community", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "key"], name="stage_key_per_community")
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="challenges"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="challenges",
        verbose_name=_("circle"),
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem statement"), max_length=20000)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_challenges",
        verbose_name=_("sponsor"),
    )
    # The timeline: each phase runs until (and including) its date.
    opens_on = models.DateField(_("opens on"))
    submit_until = models.DateField(_("ideas until"))
    refine_until = models.DateField(_("refining until"))
    evaluate_until = models.DateField(_("evaluation until"))
    decide_until = models.DateField(_("decision by"))
    competencies = models.ManyToManyField(
        "goals.Competency", blank=True, related_name="challenges", verbose_name=_("competencies")
    )
    business_areas = models.JSONField(_("business areas"), default=list, blank=True)
    voting = models.CharField(
        _("voting"), max_length=10, choices=Voting.choices, default=Voting.SUPPORT
    )
    vote_budget = models.PositiveSmallIntegerField(_("votes per member"), default=10)
    hide_totals = models.BooleanField(
        _("hide vote totals until voting closes"),
        default=False,
        help_text=_("People vote on the ideas, not on the crowd; totals show once it closes."),
    )
    # The forum category holding each idea's discussion (one topic per idea).
    category = models.OneToOneField(
        "discussions.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["community", "-opens_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(submit_until__gte=models.F("opens_on"))
                & Q(refine_until__gte=models.F("submit_until"))
                & Q(evaluate_until__gte=models.F("refine_until"))
                & Q(decide_until__gte=models.F("evaluate_until")),
                name="challenge_phases_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovation:challenge", args=[self.pk])

    def phase_on(self, day: date) -> str:
        if day < self.opens_on:
            return Phase.UPCOMING
        for phase, until in (
            (Phase.SUBMIT, self.submit_until),
            (Phase.REFINE, self.refine_until),
            (Phase.EVALUATE, self.evaluate_until),
            (Phase.DECIDE, self.decide_until),
        ):
            if day <= until:
                return phase
        return Phase.CLOSED

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def timeline(self) -> list[tuple[str, str, date, bool]]:
        """(phase, label, last day, is current) for the four phases."""
        current = self.phase
        return [
            (p, str(Phase(p).label), until, p == current)
            for p, until in (
                (Phase.SUBMIT, self.submit_until),
                (Phase.REFINE, self.refine_until),
                (Phase.EVALUATE, self.evaluate_until),
                (Phase.DECIDE, self.decide_until),
            )
        ]

    @property
    def is_accepting_ideas(self) -> bool:
        return self.phase == Phase.SUBMIT

    @property
    def is_voting_open(self) -> bool:
        """Members vote while ideas come in and are refined."""
        return self.phase in (Phase.SUBMIT, Phase.REFINE)

    @property
    def totals_shown(self) -> bool:
        return not self.hide_totals or self.phase not in (
            Phase.UPCOMING,
            Phase.SUBMIT,
            Phase.REFINE,
        )

    @property
    def uses_budget(self) -> bool:
        return self.voting == Voting.BUDGET


class Idea(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="ideas")
    # Copied from the challenge, so lists and search filter on the idea's own columns.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="ideas"
    )
    circle = models.ForeignKey(
        "communities.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), max_length=10000)
    proposal = models.TextField(_("what you propose"), max_length=20000)
    impact = models.TextField(_("expected impact"), blank=True, max_length=5000)
    authors: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="IdeaAuthor", related_name="ideas"
    )
    # RESTRICT: a stage with ideas in it is never deleted on its own, but deleting the whole
    # community (the demo's reset) takes its stages and ideas together.
    stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="ideas")
    stage_entered_at = models.DateTimeField(default=timezone.now)
    # Sum of the weights of its votes, changed with F() by every vote.
    vote_total = models.PositiveIntegerField(default=0)
    # The idea's discussion: a topic in the challenge's forum category.
    topic = models.OneToOneField(
        "discussions.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="idea"
    )
    files = GenericRelation(
        "core.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["challenge", "-vote_total"]),
            models.Index(fields=["community", "stage"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovation:idea", args=[self.pk])


class IdeaAuthor(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="authorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_authorships"
    )
    # The one who submitted it; co-authors joined later (instead of a duplicate).
    is_lead = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_lead", "joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="author_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.idea}"


class StageMove(models.Model):
    """One pass through a gate: the idea's history, from which time in stage is read."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.RESTRICT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_as = models.CharField(max_length=12, choices=Decider.choices, blank=True)
    criteria = models.TextField(blank=True, max_length=2000)
    note = models.TextField(_("note"), max_length=4000)
    moved_at = models.DateTimeField(default=timezone.now)
    # Seconds the idea spent in ``from_stage`` before this move.
    seconds_in_stage = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["moved_at", "pk"]
        indexes = [models.Index(fields=["idea", "moved_at"])]

    def __str__(self) -> str:
        return f"{self.idea} → {self.to_stage}"

    @property
    def days_in_stage(self) -> float | None:
        return None if self.seconds_in_stage is None else round(self.seconds_in_stage / 86400, 1)


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_vote_row")]
        indexes = [models.Index(fields=["challenge", "user"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.idea} ×{self.weight}"


class VoteBudget(models.Model):
    """What a member has spent of a challenge's budget: the row that is locked while they
    vote, so concurrent votes queue and the budget is never exceeded."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    spent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_budget_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.spent} on {self.challenge}"


class Criterion(models.Model):
    """One line of a challenge's scorecard, with its weight."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=80)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["challenge", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "name"], name="criterion_once"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Scorecard(models.Model):
    """An expert's scores of one idea: a value per criterion, a comment, and the weighted
    total (kept with the scores, so rankings read one row per expert and idea)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="scorecards")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecards"
    )
    comment = models.TextField(_("comment for the decision meeting"), blank=True, max_length=4000)
    total = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "expert"], name="one_scorecard")]

    def __str__(self) -> str:
        return f"{self.expert} on {self.idea}: {self.total:.2f}"


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_score"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
