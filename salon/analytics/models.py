"""The daily rollups the outcome pages read instead of the other apps' activity tables.

``DailyActivity`` holds, per community, day and person, whether they did anything and the
counts the measures sum; ``DailyTie`` each pair of people who did something together that
day. Both are rebuilt, a range of days at a time, by ``rollups.roll_up`` (idempotent: a day
rolled twice holds the same rows). ``Rollup`` remembers, per community, the last day rolled
up, and ``OutcomeSnapshot`` the dashboard's figures as the last run computed them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from salon.communities.models import Community


class DailyActivity(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Did anything that day (see sources.ACTIVITY_SOURCES); the counts below are by the day
    # the thing happened (a session's places and follow-ups by the day it was held).
    active = models.BooleanField(default=False)
    posts = models.PositiveIntegerField(default=0)
    reads = models.PositiveIntegerField(default=0)
    going = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)  # of the places they said "going" to
    mentee_sessions = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=0)
    paths_completed = models.PositiveIntegerField(default=0)
    useful_marks = models.PositiveIntegerField(default=0)
    applied_answers = models.PositiveIntegerField(default=0)
    applied_yes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "day", "user"], name="one_daily_activity_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.day} {self.user_id}"


class DailyTie(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    interactions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "day", "low", "high"], name="one_daily_tie_per_pair"
            ),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="daily_tie_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.day} {self.low_id}–{self.high_id}"


class Rollup(models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="+")
    # Every day up to this one is rolled up (the last few are rolled again on each run, for
    # what is recorded late).
    through = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.community_id} through {self.through}"


class OutcomeSnapshot(models.Model):
    """The dashboard's figures for one community and period length, as of ``computed_on``."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveIntegerField()
    computed_on = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)
    figures = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "days"], name="one_snapshot_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.days} days on {self.computed_on}"


class Sponsor(models.Model):
    """Someone a director shared the community's outcome dashboard with, read-only: they see
    its aggregate figures (and their CSV and API) and nothing else of the community."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="one_sponsor_share_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} sponsors {self.community_id}"


class MonthlyOutcomes(models.Model):
    """A community's figures for one calendar month, stored once after it ended: what the
    monthly report to its sponsors says (``OutcomeSnapshot.figures``' form)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # its first day
    computed_at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_figures_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m}"


class MonthlyReportSent(models.Model):
    """Who was sent a month's report: a second run of the job sends nobody twice."""

    monthly = models.ForeignKey(MonthlyOutcomes, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["monthly", "user"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.monthly_id} to {self.user_id}"


class ReportSubscription(models.Model):
    """A director who asked for the monthly report too (sponsors get it anyway)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="one_report_subscription_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} reads the report of {self.community_id}"
