"""The demo's shared objectives: key results and their updates so far, in both communities
(``data/goals.toml``). Objectives run for the current half, quarter or year of the day the
demo is seeded, and their updates are dated inside that period and before that day. Key
results the demo's own data can answer are computed from it (``measure_key_results``, once
mentoring is seeded), so no typed number can contradict the data. Objectives go through
the services (audited, as a director would set them); their past updates are written
directly with their dates.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from salon.communities.models import (
    PARTICIPANT_ROLES,
    STEWARD_ROLES,
    Circle,
    Community,
    Membership,
)
from salon.demo.content import load
from salon.goals.models import (
    GoalStatus,
    KeyResult,
    KeyResultUpdate,
    Objective,
)
from salon.goals.services.objectives import KeyResultPlan, objective_create
from salon.mentoring.models import Mentorship, MentorshipStatus

GOALS = load("goals")
COMMUNITIES = {"global-executive-network": "network", "innovation-lab": "lab"}
Idea = tuple[str, str, list[str]]


@dataclass(frozen=True)
class Period:
    name: str
    starts_on: date
    ends_on: date


def period_of(kind: str, today: date) -> Period:
    """The current half, quarter or year on ``today``, named as a director would."""
    year = today.year
    if kind == "year":
        return Period(str(year), date(year, 1, 1), date(year, 12, 31))
    if kind == "half":
        first = today.month <= 6
        return Period(
            f"{year} H{1 if first else 2}",
            date(year, 1 if first else 7, 1),
            date(year, 6, 30) if first else date(year, 12, 31),
        )
    quarter = (today.month - 1) // 3 + 1
    starts = date(year, 3 * quarter - 2, 1)
    ends = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(f"{year} Q{quarter}", starts, ends - timedelta(days=1))


def update_days(period: Period, today: date, wanted: int) -> list[date]:
    """Up to ``wanted`` weekly update days ending a week before ``today``: never before
    the period starts or after it ends, never today or later (early in a period, fewer)."""
    last = min(today - timedelta(days=7), period.ends_on)
    count = min(wanted, max((last - period.starts_on).days // 7 + 1, 0))
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


def _objectives(community: Community) -> list[dict[str, Any]]:
    objectives: list[dict[str, Any]] = GOALS["objectives"][COMMUNITIES[community.slug]]
    return objectives


def _plan(kr: dict[str, Any]) -> KeyResultPlan:
    return KeyResultPlan(
        kr["name"],
        kr.get("kind", "number"),
        target=kr.get("target"),
        baseline=kr.get("baseline", 0),
        currency=kr.get("currency", ""),
    )


def seed_objectives(
    community: Community, owner: Any, owners: list[Any], rng: random.Random, today: date
) -> list[Objective]:
    created = []
    for n, seed in enumerate(_objectives(community)):
        period = period_of(seed["period"], today)
        circle = (
            Circle.objects.filter(community=community, slug=seed["circle"]).first()
            if seed.get("circle")
            else None
        )
        objective = objective_create(
            actor=owner,
            community=community,
            title=seed["title"],
            why=seed["why"],
            period=period.name,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            circle=circle,
            owner=owners[n % len(owners)],
            key_results=[_plan(kr) for kr in seed["key_results"]],
        )
        created.append(objective)
        for kr, plan in zip(
            objective.key_results.order_by("position"), seed["key_results"], strict=True
        ):
            if "values" in plan:
                days = update_days(period, today, len(plan["values"]))
                _history(kr, plan["values"][: len(days)], days, owners, rng)
    return created


def _history(
    kr: KeyResult, values: Sequence[float], days: list[date], people: list[Any], rng: random.Random
) -> None:
    """Updates on ``days``, from the baseline to the latest value."""
    previous = kr.current
    updates = []
    for day, value in zip(days, values, strict=True):
        new = Decimal(str(value)).quantize(Decimal("0.01"))
        if new == previous:
            continue
        updates.append(
            KeyResultUpdate(
                key_result=kr,
                by=rng.choice(people),
                at=datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), UTC),
                old_value=previous,
                new_value=new,
                confidence=rng.randint(5, 9),
                comment=rng.choice(GOALS["update_comments"]),
            )
        )
        previous = new
    KeyResultUpdate.objects.filter(key_result=kr).delete()
    KeyResultUpdate.objects.bulk_create(updates)
    KeyResult.objects.filter(pk=kr.pk).update(
        current=previous,
        version=1 + len(updates),
        confidence=updates[-1].confidence if updates else None,
    )


def cross_region_pairs(community: Community) -> int:
    """Active mentoring pairs whose mentee and mentor work in different regions."""
    pairs = Mentorship.objects.filter(
        programme__community=community, status=MentorshipStatus.ACTIVE
    ).values_list("mentee__region", "mentor__region")
    return sum(1 for mentee, mentor in pairs if mentee != mentor)


def participants(community: Community) -> Any:
    return Membership.objects.filter(community=community, role__in=PARTICIPANT_ROLES).exclude(
        role__in=STEWARD_ROLES
    )


def members_with_goal(community: Community) -> int:
    """The share of members (in %, rounded) with an active goal in the community."""
    members = participants(community)
    total = members.count()
    with_goal = members.filter(
        user__goals__community=community, user__goals__status=GoalStatus.ACTIVE
    ).distinct()
    return round(100 * with_goal.count() / total) if total else 0


MEASURES = {"cross_region_pairs": cross_region_pairs, "members_with_goal": members_with_goal}


def measure_key_results(*, today: date, seed: int = 2026) -> None:
    """Key results the demo's data answers: their figure is computed from it, reached by
    steady updates over the period so far."""
    rng = random.Random(seed)
    for slug in COMMUNITIES:
        community = Community.objects.get(slug=slug)
        for seed_objective in _objectives(community):
            objective = Objective.objects.get(community=community, title=seed_objective["title"])
            people = [objective.owner]
            period = period_of(seed_objective["period"], today)
            for plan in seed_objective["key_results"]:
                if "measured" not in plan:
                    continue
                kr = objective.key_results.get(title=plan["name"])
                figure = MEASURES[plan["measured"]](community)
                days = update_days(period, today, 4)
                start = float(plan.get("baseline", 0))
                values = [
                    round(start + (figure - start) * (i + 1) / len(days)) for i in range(len(days))
                ]
                _history(kr, values, days, people, rng)
                if not days:  # too early in the period for an update: say where it stands
                    KeyResult.objects.filter(pk=kr.pk).update(current=figure)
