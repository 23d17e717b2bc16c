"""Retention by month of joining, and the weekly trend of active members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from salon.analytics.facts import WEEK_DAYS, Facts, Period
from salon.analytics.measures.common import (
    Group,
    Units,
    active,
    people_in,
    share,
)
from salon.core import anonymity


@dataclass(frozen=True)
class Cohort:
    label: str
    people: int
    active: list[int | None]  # share active in month 1, 2, 3 after the month of joining


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, n: int) -> date:
    year, month = divmod(day.month - 1 + n, 12)
    return date(day.year + year, month + 1, 1)


def retention(facts: Facts, units: Units, *, cohorts: int = 6, months: int = 3) -> list[Cohort]:
    """The counted members by the month they joined (the last ``cohorts`` months before the
    period's end), and the share of each cohort active in each of the ``months`` months
    after its joining month. A month of fewer than five joiners is merged with the months
    after it (``anonymity.merged_runs``), so every row stands for five people or more and
    no two rows share anyone; the newest months' joiners, if still too few, are not shown."""
    last = month_of(facts.period.end)
    first = add_months(last, -(cohorts - 1))
    by_month: dict[date, list[int]] = {}
    for p in people_in(units, None):
        joined = month_of(facts.people[p].joined)
        if joined >= first:
            by_month.setdefault(joined, []).append(p)
    calendar = [add_months(first, n) for n in range(cohorts)]
    rows: list[Cohort] = []
    # Months merged by the one rule of salon.core.anonymity: whole runs of five or more.
    for run in anonymity.merged_runs([len(by_month.get(m, ())) for m in calendar]):
        pending_months = [calendar[n] for n in run if calendar[n] in by_month]
        pending = [p for m in pending_months for p in by_month[m]]
        label = (
            pending_months[0].strftime("%b %Y")
            if len(pending_months) == 1
            else f"{pending_months[0]:%b}–{pending_months[-1]:%b %Y}"
        )
        shares: list[int | None] = []
        for k in range(1, months + 1):
            # Month k after joining, for the cohort's last joining month.
            start = add_months(pending_months[-1], k)
            if start > facts.period.end:
                shares.append(None)
                continue
            end = min(add_months(start, 1) - timedelta(days=1), facts.period.end)
            shares.append(share(active(facts, pending, Period(start, end)), len(pending)))
        rows.append(Cohort(label, len(pending), shares))
    return rows


def weekly_trend(facts: Facts, units: Units, group: Group) -> list[tuple[date, int | None]]:
    """The share of the group active in each week of the period (weeks end on its last
    day; a first, shorter week is left out)."""
    people = people_in(units, group)
    weeks = []
    end = facts.period.end
    while end - timedelta(days=WEEK_DAYS - 1) >= facts.period.start:
        start = end - timedelta(days=WEEK_DAYS - 1)
        weeks.append((start, share(active(facts, people, Period(start, end)), len(people))))
        end = start - timedelta(days=1)
    return list(reversed(weeks))
