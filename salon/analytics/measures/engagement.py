"""Engagement: who takes part, the forum, and the programme's parts (sessions, goals,
mentoring, paths, 360° answers)."""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median

from django.utils.translation import gettext_lazy as _

from salon.analytics.facts import RECENT_DAYS, WEEK_DAYS, Facts, GoalFact
from salon.analytics.measures.common import (
    Group,
    Measure,
    Number,
    Units,
    active,
    among,
    people_in,
    share,
    sum_of,
)


def _members(facts: Facts, units: Units, group: Group) -> Number:
    return len(people_in(units, group)) or None


def _weekly(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return active(facts, people, facts.period.last(WEEK_DAYS)) if people else None


def _weekly_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return share(active(facts, people, facts.period.last(WEEK_DAYS)), len(people))


def _monthly(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return active(facts, people, facts.period.last(RECENT_DAYS)) if people else None


def _monthly_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return share(active(facts, people, facts.period.last(RECENT_DAYS)), len(people))


def _posters(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return len(people & facts.posted) if people else None


def _readers(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return len((people & facts.read) - facts.posted) if people else None


def _asked(facts: Facts, units: Units) -> list[tuple[int, float | None]]:
    """Each question asked in the period by a counted person: (asker, hours until the
    first reply by another counted person, or None when unanswered)."""
    asked = []
    for q in facts.questions:
        if q.asker not in units or q.asked_at.date() not in facts.period:
            continue
        answer = next(
            (
                at
                for author, at in q.replies
                if author is not None and author != q.asker and author in units
            ),
            None,
        )
        hours = (answer - q.asked_at).total_seconds() / 3600 if answer is not None else None
        asked.append((q.asker, hours))
    return asked


def _questions_of(facts: Facts, units: Units, group: Group) -> list[float | None] | None:
    asked = _asked(facts, units)
    people = among(units, {asker for asker, _h in asked}, group)
    if not people:
        return None
    return [hours for asker, hours in asked if asker in people]


def _questions(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    return None if hours is None else len(hours)


def _answered_share(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    return None if hours is None else share(sum(1 for h in hours if h is not None), len(hours))


def _hours_to_answer(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    answered = [h for h in hours or () if h is not None]
    return round(median(answered), 1) if answered else None


def _attendance_share(facts: Facts, units: Units, group: Group) -> Number:
    people = among(units, (p for p, n in facts.going.items() if n), group)
    going = sum(facts.going.get(p, 0) for p in people)
    return share(sum(facts.attended_of_going.get(p, 0) for p in people), going)


def open_goals(facts: Facts) -> list[GoalFact]:
    """Goals open at the end of the period: made by then and not closed before it."""
    end = facts.period.end
    return [g for g in facts.goals if g.created <= end and (g.closed is None or g.closed > end)]


def recent(day: date | None, end: date) -> bool:
    return day is not None and end - timedelta(days=RECENT_DAYS - 1) <= day <= end


def _check_in_share(facts: Facts, units: Units, group: Group) -> Number:
    goals = open_goals(facts)
    people = among(units, {g.owner for g in goals}, group)
    mine = [g for g in goals if g.owner in people]
    return share(sum(1 for g in mine if recent(g.last_check_in, facts.period.end)), len(mine))


def _rater_share(facts: Facts, units: Units, group: Group) -> Number:
    people = among(units, (p for p, (invited, _a) in facts.raters.items() if invited), group)
    invited = sum(facts.raters[p][0] for p in people)
    return share(sum(facts.raters[p][1] for p in people), invited)


ACTIVITY: list[Measure] = [
    Measure(
        "members",
        _("Members"),
        _("People who take part in the community (or the group) today: every role but guests."),
        "people",
        _members,
    ),
    Measure(
        "weekly_active",
        _("Active in the last week"),
        _(
            "Members who did anything in the last 7 days of the period: read or wrote in "
            "the forum, answered an invitation, attended a session, checked in on a goal, "
            "met their mentor or mentee, finished a step of a path, marked a resource, gave "
            "feedback or praise, or brought or backed an idea."
        ),
        "people",
        _weekly,
    ),
    Measure(
        "weekly_active_share",
        _("Share active in the last week"),
        _("Members active in the last 7 days of the period, as a share of all members."),
        "percent",
        _weekly_share,
    ),
    Measure(
        "monthly_active",
        _("Active in the last 30 days"),
        _("Members who did anything (as above) in the last 30 days of the period."),
        "people",
        _monthly,
    ),
    Measure(
        "monthly_active_share",
        _("Share active in the last 30 days"),
        _("Members active in the last 30 days of the period, as a share of all members."),
        "percent",
        _monthly_share,
    ),
]

FORUM: list[Measure] = [
    Measure(
        "posters",
        _("Wrote in the forum"),
        _("Members who wrote at least one post or reply in the period."),
        "people",
        _posters,
    ),
    Measure(
        "readers",
        _("Read without writing"),
        _("Members who opened a forum topic in the period but wrote nothing in it."),
        "people",
        _readers,
    ),
    Measure(
        "questions",
        _("Questions asked"),
        _("Forum topics asked as a question in the period."),
        "count",
        _questions,
    ),
    Measure(
        "answered_share",
        _("Questions answered"),
        _("Questions of the period that another member replied to, as a share of them."),
        "percent",
        _answered_share,
    ),
    Measure(
        "hours_to_answer",
        _("Time to the first answer"),
        _("Median hours from a question to the first reply by someone else (answered ones)."),
        "hours",
        _hours_to_answer,
    ),
]

PROGRAMME: list[Measure] = [
    Measure(
        "attendance_share",
        _("Came when they said they would"),
        _(
            "Of the places members said they would take (“going”) at sessions held in the "
            "period, the share at which they were checked in."
        ),
        "percent",
        _attendance_share,
    ),
    Measure(
        "check_in_share",
        _("Goals with a recent check-in"),
        _(
            "Of the personal goals open at the end of the period, the share checked in on "
            "in its last 30 days."
        ),
        "percent",
        _check_in_share,
    ),
    Measure(
        "mentoring_sessions",
        _("Mentoring sessions"),
        _("Mentoring sessions logged as held in the period (each counted once, for its mentee)."),
        "count",
        sum_of("sessions"),
    ),
    Measure(
        "path_steps",
        _("Path steps done"),
        _("Steps of learning paths members marked done in the period."),
        "count",
        sum_of("steps"),
    ),
    Measure(
        "feedback_completion",
        _("360° answers given"),
        _(
            "Of the invitations to rate someone in 360° cycles that closed in the period "
            "(or are open), the share answered."
        ),
        "percent",
        _rater_share,
    ),
]

# Engagement, in three tables: activity, the forum, and the programme's parts.
ENGAGEMENT: dict[str, list[Measure]] = {
    "engagement": ACTIVITY,
    "forum": FORUM,
    "programme": PROGRAMME,
}
