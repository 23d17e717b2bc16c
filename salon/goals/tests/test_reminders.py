"""The hourly nudge for check-ins that are due: once per due date, in the owner's own day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import TestCase

from salon.accounts.models import User
from salon.goals.models import Goal
from salon.goals.tasks import check_ins_remind_due, send_check_in_reminders
from salon.notifications.models import Notification


def _remind(at: datetime) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return check_ins_remind_due(now=at)


def _due(goal: Goal, day: date) -> None:
    Goal.objects.filter(pk=goal.pk).update(next_check_in_due=day)


def test_a_due_check_in_is_reminded_once_however_often_the_job_runs(
    member: Any, make_goal: Any
) -> None:
    goal = make_goal("only_me", title="Listen first")
    _due(goal, date(2026, 3, 10))
    morning = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("UTC"))

    told = [_remind(morning + timedelta(hours=h)) for h in range(4)]

    assert told == [1, 0, 0, 0]
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "goals.check_in_due"
    assert notification.url == goal.get_absolute_url() + "#check-in"
    goal.refresh_from_db()
    assert goal.reminded_for == date(2026, 3, 10)


def test_nothing_is_said_before_the_owners_own_day_begins(member: Any, make_goal: Any) -> None:
    User.objects.filter(pk=member.pk).update(timezone="America/Los_Angeles")
    goal = make_goal("only_me")
    _due(goal, date(2026, 3, 10))
    # 06:00 UTC on the 10th is still the 9th in Los Angeles.
    early = datetime.combine(date(2026, 3, 10), time(6, 0), tzinfo=ZoneInfo("UTC"))

    assert _remind(early) == 0
    assert _remind(early + timedelta(hours=3)) == 1


def test_a_new_due_date_after_a_check_in_is_reminded_again(member: Any, make_goal: Any) -> None:
    goal = make_goal("only_me")
    _due(goal, date(2026, 3, 10))
    _remind(datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("UTC")))
    _due(goal, date(2026, 3, 24))

    assert _remind(datetime(2026, 3, 24, 12, 0, tzinfo=ZoneInfo("UTC"))) == 1
    assert Notification.objects.filter(recipient=member).count() == 2


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_closed_goals_are_not_reminded(member: Any, make_goal: Any, status: str) -> None:
    goal = make_goal("only_me")
    Goal.objects.filter(pk=goal.pk).update(status=status, next_check_in_due=date(2026, 3, 10))

    assert _remind(datetime(2026, 3, 11, 12, 0, tzinfo=ZoneInfo("UTC"))) == 0
    assert not Notification.objects.exists()


def test_the_reminder_job_is_scheduled_hourly() -> None:
    from salon.core import jobs

    job = jobs.JOBS["goals.check_in_reminders"]
    assert job.every == timedelta(hours=1)
    assert job.task is send_check_in_reminders
