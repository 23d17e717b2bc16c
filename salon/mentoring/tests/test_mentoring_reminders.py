"""The hourly nudges of a mentorship: an overdue session is told to both sides once per
overdue date, and an open check-in once per stage to whoever has not answered. The
fixture's cycle runs from 11 January to 30 June 2027, a session at least every 30 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.test import TestCase

from salon.mentoring.models import MentoringCheckIn, Mentorship, MentorshipStatus
from salon.mentoring.tasks import (
    check_ins_remind_open,
    mentorships_remind_overdue,
    send_mentoring_reminders,
)
from salon.notifications.models import Notification

UTC = ZoneInfo("UTC")


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _overdue(at: datetime) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return mentorships_remind_overdue(now=at)


def _check_ins(at: datetime) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return check_ins_remind_open(now=at)


def test_an_overdue_session_is_told_to_both_sides_once_however_often_the_job_runs(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    # Started before the cycle: the clock runs from the first day, 11 January.
    due = date(2027, 2, 10)

    assert _overdue(_at(due - timedelta(days=1))) == 0
    told = [_overdue(_at(due) + timedelta(hours=h)) for h in range(3)]

    assert told == [2, 0, 0]
    notices = Notification.objects.filter(kind="mentoring.session_overdue")
    assert {n.recipient for n in notices} == {member, mentor}
    assert notices.get(recipient=member).data["other"] == "Mona Mentor"
    mentorship.refresh_from_db()
    assert mentorship.reminded_for == due


def test_a_session_logged_moves_the_next_reminder_to_a_new_date(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    _overdue(_at(date(2027, 2, 10)))
    Mentorship.objects.filter(pk=mentorship.pk).update(last_session_on=date(2027, 2, 12))

    assert _overdue(_at(date(2027, 3, 1))) == 0
    assert _overdue(_at(date(2027, 3, 14))) == 2
    assert Notification.objects.filter(kind="mentoring.session_overdue").count() == 4


def test_ended_mentorships_and_ended_cycles_are_not_reminded(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ENDED_EARLY)

    assert _overdue(_at(date(2027, 3, 1))) == 0
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ACTIVE)
    assert _overdue(_at(date(2027, 8, 1))) == 0
    assert not Notification.objects.exists()


def test_an_open_check_in_is_told_once_to_whoever_has_not_answered(
    member: Any, mentor: Any, programme: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    midpoint = programme.midpoint
    MentoringCheckIn.objects.create(
        mentorship=mentorship, author=mentor, stage="mid", satisfaction=4, progress=4
    )

    assert _check_ins(_at(midpoint - timedelta(days=1))) == 0
    told = [_check_ins(_at(midpoint) + timedelta(hours=h)) for h in range(3)]

    assert told == [1, 0, 0]
    notice = Notification.objects.get(kind="mentoring.check_in_due")
    assert notice.recipient == member
    assert notice.data == {"other": "Mona Mentor", "stage": "mid-cycle"}
    # Two weeks before the end, the end-of-cycle check-in: both are told.
    assert _check_ins(_at(date(2027, 6, 16))) == 2
    assert _check_ins(_at(date(2027, 6, 17))) == 0


def test_the_reminder_job_is_scheduled_hourly() -> None:
    from salon.core import jobs

    job = jobs.JOBS["mentoring.reminders"]
    assert job.every == timedelta(hours=1)
    assert job.task is send_mentoring_reminders
