"""The programme as the matching engine's records: who is in the pool, each person's
record, the programme's weights, rules and target, and the engine's reasons as stored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from salon.accounts.models import User
from salon.goals.models import Goal, GoalVisibility
from salon.mentoring.engine import records
from salon.mentoring.models import (
    Enrolment,
    ForbiddenPair,
    Match,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    Programme,
    Side,
)

# Matches that hold a mentee and a mentor's place: waiting for answers, or accepted.
HOLDING = (MatchStatus.PUBLISHED, MatchStatus.ACCEPTED)


@dataclass(frozen=True)
class Cohort:
    """What one run gives the engine, and the people behind the ids."""

    mentees: list[records.Mentee]
    mentors: list[records.Mentor]
    earlier_pairs: list[tuple[int, int]]
    forbidden: list[tuple[int, int]]
    people: dict[int, User]


def _reporting_chains(community_id: int) -> dict[int, frozenset[int]]:
    """Everyone's managers, all the way up, among the community's members (one query)."""
    manager_of = dict(
        User.objects.filter(memberships__community_id=community_id).values_list("pk", "manager_id")
    )
    chains: dict[int, frozenset[int]] = {}
    for person in manager_of:
        seen: list[int] = []
        boss = manager_of.get(person)
        while boss is not None and boss not in seen and boss != person:
            seen.append(boss)
            boss = manager_of.get(boss)
        chains[person] = frozenset(seen)
    return chains


def _enrolments(programme: Programme, side: str) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(programme=programme, side=side, withdrawn_at__isnull=True)
        .select_related("user")
        .prefetch_related("competencies", "goals", "avoid", "user__languages")
        .order_by("pk")
    )


def _person_fields(user: User, chains: dict[int, frozenset[int]]) -> dict[str, Any]:
    languages = [language.code for language in user.languages.all()]
    return {
        "id": user.pk,
        "languages": frozenset(languages),
        "first_language": languages[0] if languages else "",
        "tz": user.timezone or "UTC",
        "work_start": user.work_start,
        "work_end": user.work_end,
        "region": user.region,
        "function": user.function,
        "industry": user.industry.strip().lower(),
        "unit": user.organisation_unit.strip().lower(),
        "managers": chains.get(user.pk, frozenset()),
    }


def taken(programme: Programme) -> tuple[set[int], dict[int, int]]:
    """Mentees already paired (or waiting for answers) and each mentor's places in use."""
    busy_mentees: set[int] = set()
    used: dict[int, int] = {}
    holding = Match.objects.filter(programme=programme, status__in=HOLDING).exclude(
        mentorship__status__in=[MentorshipStatus.ENDED_EARLY, MentorshipStatus.COMPLETED]
    )
    for mentee_id, mentor_id in holding.values_list("mentee_id", "mentor_id"):
        busy_mentees.add(mentee_id)
        used[mentor_id] = used.get(mentor_id, 0) + 1
    active = Mentorship.objects.filter(
        programme=programme, status=MentorshipStatus.ACTIVE, match__isnull=True
    )
    for mentee_id, mentor_id in active.values_list("mentee_id", "mentor_id"):
        busy_mentees.add(mentee_id)
        used[mentor_id] = used.get(mentor_id, 0) + 1
    # A mentee whose mentorship ended is back in the pool only if they asked for another
    # mentor (an early end with a rematch); a completed cycle or a plain early end is done.
    done = Mentorship.objects.filter(programme=programme).exclude(status=MentorshipStatus.ACTIVE)
    done = done.exclude(status=MentorshipStatus.ENDED_EARLY, wants_rematch=True)
    rematch = Mentorship.objects.filter(
        programme=programme, status=MentorshipStatus.ENDED_EARLY, wants_rematch=True
    ).values_list("mentee_id", flat=True)
    busy_mentees.update(set(done.values_list("mentee_id", flat=True)) - set(rematch))
    return busy_mentees, used


def cohort_of(programme: Programme, *, pool_only: bool = True) -> Cohort:
    """The engine's records for the programme's pool (or for everyone enrolled)."""
    chains = _reporting_chains(programme.community_id)
    busy, used = taken(programme) if pool_only else (set(), {})
    people: dict[int, User] = {}
    mentee_goal_topics: dict[int, frozenset[int]] = {}
    mentees = []
    for enrolment in _enrolments(programme, Side.MENTEE):
        user = enrolment.user
        if user.pk in busy:
            continue
        people[user.pk] = user
        goals = frozenset(g.competency_id for g in enrolment.goals.all() if g.competency_id)
        mentee_goal_topics[user.pk] = goals
        mentees.append(
            records.Mentee(
                **_person_fields(user, chains),
                avoid=frozenset(p.pk for p in enrolment.avoid.all()),
                wants=frozenset(c.pk for c in enrolment.competencies.all()),
                goals=goals,
                region_preference=enrolment.region_preference or None,  # type: ignore[arg-type]
                language_preference=enrolment.language_preference or None,  # type: ignore[arg-type]
                industry_preference=enrolment.industry_preference or None,  # type: ignore[arg-type]
                function_preference=enrolment.function_preference or None,  # type: ignore[arg-type]
            )
        )
    mentor_enrolments = _enrolments(programme, Side.MENTOR)
    # A mentor's "goal topics": the competencies of the goals they have worked on here.
    experience: dict[int, set[int]] = {}
    # Goals kept "only me" are nobody's business, not even as a matching reason.
    for owner_id, competency_id in (
        Goal.objects.filter(
            community_id=programme.community_id,
            owner_id__in=[e.user_id for e in mentor_enrolments],
            competency__isnull=False,
        )
        .exclude(visibility=GoalVisibility.ONLY_ME)
        .values_list("owner_id", "competency_id")
    ):
        experience.setdefault(owner_id, set()).add(competency_id)
    mentors = []
    for enrolment in mentor_enrolments:
        user = enrolment.user
        people[user.pk] = user
        mentors.append(
            records.Mentor(
                **_person_fields(user, chains),
                avoid=frozenset(p.pk for p in enrolment.avoid.all()),
                offers=frozenset(c.pk for c in enrolment.competencies.all()),
                goals=frozenset(experience.get(user.pk, ())),
                capacity=max(enrolment.effective_capacity - used.get(user.pk, 0), 0),
            )
        )
    earlier = list(
        Mentorship.objects.filter(programme__community_id=programme.community_id)
        .exclude(programme=programme, status=MentorshipStatus.ACTIVE)
        .values_list("mentee_id", "mentor_id")
    )
    forbidden = set(
        ForbiddenPair.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")
    )
    # A pair one side declined (or let lapse) is not proposed again in this programme.
    forbidden.update(
        Match.objects.filter(
            programme=programme, status__in=[MatchStatus.DECLINED, MatchStatus.EXPIRED]
        ).values_list("mentee_id", "mentor_id")
    )
    return Cohort(mentees, mentors, earlier, sorted(forbidden), people)


def weights_of(programme: Programme) -> records.Weights:
    known = {f.name for f in dataclasses.fields(records.Weights)}
    return records.Weights(
        **{k: float(v) for k, v in (programme.weights or {}).items() if k in known}
    )


def rules_of(programme: Programme) -> records.Rules:
    return records.Rules(
        min_shared_hours=float(programme.min_shared_hours),
        allow_repeat_pairs=programme.allow_repeat_pairs,
        allow_same_unit=programme.allow_same_unit,
    )


def target_of(programme: Programme) -> records.Target | None:
    if not programme.target_attribute:
        return None
    return records.Target(
        attribute=programme.target_attribute,  # type: ignore[arg-type]
        min_share=programme.target_share / 100,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset | set | tuple | list):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def record_of(person: Any) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in dataclasses.asdict(person).items()}


def reasons_json(pair: records.Pair) -> list[dict[str, Any]]:
    return [
        {"criterion": r.criterion, "points": round(r.points, 4), "detail": _jsonable(r.detail)}
        for r in pair.reasons
    ]
