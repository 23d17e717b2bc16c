"""Hackathons: an event of the hackathon format linked to a challenge, with teams (within a
size range), one submission per team (a pitch, links and files), judges who score a
weighted rubric unless they have a conflict with a team, and results the organiser
publishes, ranked on scores normalised per judge (``calibration.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.core.safe_urls import SafeURLField


class HackathonPhase(models.TextChoices):
    TEAMS = "teams", _("Forming teams")
    BUILD = "build", _("Building and submitting")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results announced")


class Hackathon(models.Model):
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="hackathon")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="hackathons"
    )
    challenge = models.ForeignKey(
        "innovation.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hackathons",
        verbose_name=_("challenge"),
    )
    team_min = models.PositiveSmallIntegerField(_("smallest team"), default=2)
    team_max = models.PositiveSmallIntegerField(_("largest team"), default=5)
    # Teams form until the first date, submissions are open until the second, judges
    # score until the third; results show once the organiser publishes them.
    teams_until = models.DateTimeField(_("teams form until"))
    submit_until = models.DateTimeField(_("submissions until"))
    judge_until = models.DateTimeField(_("judging until"))
    prizes = models.TextField(_("prizes"), blank=True, max_length=4000)
    results_published_at = models.DateTimeField(null=True, blank=True)
    # The deadline the teams were last reminded of (claimed by the reminder job, so each
    # deadline is reminded once, and a moved deadline once more).
    reminded_submit_for = models.DateTimeField(null=True, blank=True, editable=False)
    # Likewise the deadline after which the judges were told their teams.
    judges_told_for = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submit_until", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team_min__gte=1) & Q(team_max__gte=F("team_min")) & Q(team_max__lte=20),
                name="hackathon_team_sizes",
            ),
            models.CheckConstraint(
                condition=Q(submit_until__gte=F("teams_until"))
                & Q(judge_until__gte=F("submit_until")),
                name="hackathon_phases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.event.title if self.event_id else f"Hackathon {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("innovation:hackathon", args=[self.pk])

    @property
    def phase(self) -> str:
        if self.results_published_at is not None:
            return HackathonPhase.RESULTS
        now = timezone.now()
        if now <= self.teams_until:
            return HackathonPhase.TEAMS
        if now <= self.submit_until:
            return HackathonPhase.BUILD
        return HackathonPhase.JUDGING

    @property
    def phase_label(self) -> str:
        return str(HackathonPhase(self.phase).label)

    @property
    def accepts_submissions(self) -> bool:
        return self.results_published_at is None and timezone.now() <= self.submit_until


class Team(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=80)
    # The idea the team forms around (one of the challenge's).
    idea = models.ForeignKey(
        "innovation.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("idea"),
    )
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="hackathon_teams"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["hackathon", "name"], name="team_name_once")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("innovation:hackathon", args=[self.hackathon_id]) + f"#team-{self.pk}"


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    # Copied from the team: one team per person per hackathon, kept by the database.
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"], name="one_team_per_hackathon")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Submission(models.Model):
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="submission")
    pitch = models.TextField(_("pitch"), max_length=10000)
    repository_url = SafeURLField(_("repository"), blank=True, max_length=500)
    demo_url = SafeURLField(_("demo"), blank=True, max_length=500)
    video_url = SafeURLField(_("video"), blank=True, max_length=500)
    files = GenericRelation(
        "core.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.team}'s submission"

    def get_absolute_url(self) -> str:
        return reverse("innovation:submission", args=[self.team_id])

    @property
    def community_id(self) -> int:
        return int(self.team.hackathon.community_id)


class HackathonCriterion(models.Model):
    """One line of the judges' rubric, with its weight."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=80)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["hackathon", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "name"], name="rubric_line_once"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="rubric_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Judge(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judgings"
    )
    # People the judge declared a conflict of interest with (a report, a relative, a
    # business partner): the judge scores no team they are in.
    conflicts: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["hackathon", "user"], name="judge_once")]

    def __str__(self) -> str:
        return f"{self.user} judging {self.hackathon}"


class TeamScorecard(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scorecards")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scorecards")
    comment = models.TextField(_("comment for the team"), blank=True, max_length=4000)
    total = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "judge"], name="one_team_scorecard")]

    def __str__(self) -> str:
        return f"{self.judge} on {self.team}: {self.total:.2f}"


class TeamScore(models.Model):
    scorecard = models.ForeignKey(TeamScorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(HackathonCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_rubric_score"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="rubric_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
