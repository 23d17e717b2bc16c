"""Reads of hackathons: the community's hackathons, one hackathon with its teams, a judge's
conflicts and assignment, and the ranking with its explanation (a fixed number of
queries however many teams)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, CircleMembership, Membership, Role
from salon.events.models import Event
from salon.events.selectors import visible_events
from salon.innovation import judging
from salon.innovation.models import (
    Hackathon,
    HackathonCriterion,
    Judge,
    Submission,
    Team,
    TeamMember,
    TeamScorecard,
)

# Judges per team in the suggested assignment.
JUDGES_PER_TEAM = 3


def hackathon_list_for(*, user: Any, community: Any) -> QuerySet[Hackathon]:
    events = visible_events(user=user).filter(community=community).values("pk")
    return (
        Hackathon.objects.filter(event__in=events)
        .select_related("event", "challenge")
        .annotate(team_count=Count("teams", distinct=True))
        .order_by("-submit_until", "-pk")
    )


def hackathon_events(*, user: Any, community: Any) -> list[Event]:
    """Hackathon-format events of the community that have no hackathon set up yet."""
    return list(
        visible_events(user=user)
        .filter(community=community, format__slug="hackathon", hackathon__isnull=True)
        .order_by("-starts_at")[:50]
    )


def _members_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "memberships", queryset=TeamMember.objects.select_related("user").order_by("joined_at")
    )


@dataclass
class HackathonPage:
    hackathon: Hackathon
    teams: list[Team]
    my_team: Team | None
    judges: list[Judge]
    criteria: list[HackathonCriterion]
    # For a judge: their conflicts and their suggested teams.
    judge: Judge | None = None
    conflicted: set[int] = field(default_factory=set)
    assigned: list[Team] = field(default_factory=list)
    scored: set[int] = field(default_factory=set)


def hackathon_teams(*, hackathon: Hackathon) -> list[Team]:
    """The teams with their members, idea and submission (two queries)."""
    teams = list(
        Team.objects.filter(hackathon=hackathon)
        .select_related("idea", "captain", "submission")
        .prefetch_related(_members_prefetch())
        .order_by("name", "pk")
    )
    for team in teams:
        team.hackathon = hackathon
        team.member_ids = {m.user_id for m in team.memberships.all()}  # type: ignore[attr-defined]
    return teams


def hackathon_page(*, user: Any, hackathon: Hackathon) -> HackathonPage:
    teams = hackathon_teams(hackathon=hackathon)
    my_team = next((t for t in teams if user.pk in t.member_ids), None)  # type: ignore[attr-defined]
    judges = list(Judge.objects.filter(hackathon=hackathon).select_related("user"))
    judge = next((j for j in judges if j.user_id == user.pk), None)
    hackathon.viewer_judge_id = judge.pk if judge else None  # type: ignore[attr-defined]
    page = HackathonPage(
        hackathon=hackathon,
        teams=teams,
        my_team=my_team,
        judges=judges,
        criteria=list(HackathonCriterion.objects.filter(hackathon=hackathon)),
        judge=judge,
    )
    if judge is not None:
        page.conflicted = conflicted_teams(user=user, hackathon=hackathon, teams=teams)
        plan = assignment(hackathon=hackathon, teams=teams, judges=judges)
        by_id = {t.pk: t for t in teams}
        page.assigned = [by_id[pk] for pk in plan.get(judge.pk, [])]
        page.scored = set(
            TeamScorecard.objects.filter(judge=judge).values_list("team_id", flat=True)
        )
    return page


def conflicted_teams(
    *, user: Any, hackathon: Hackathon, teams: list[Team] | None = None
) -> set[int]:
    """The teams ``user`` may not judge (``judging.conflicts_of``): remembered on the
    hackathon for the rest of the request."""
    cache: dict[int, set[int]] = hackathon.__dict__.setdefault("_conflicts", {})
    if user.pk in cache:
        return cache[user.pk]
    members = _members_by_team(hackathon, teams)
    people = {p for ps in members.values() for p in ps} | {user.pk}
    circles = _circles(people)
    declared = set(
        Judge.conflicts.through.objects.filter(
            judge__hackathon=hackathon, judge__user_id=user.pk
        ).values_list("user_id", flat=True)
    )
    found = judging.conflicts_of(
        judge=user.pk,
        declared=declared,
        judge_circles=circles.get(user.pk, set()),
        members=members,
        circles=circles,
    )
    cache[user.pk] = found
    return found


def _members_by_team(hackathon: Hackathon, teams: list[Team] | None) -> dict[int, set[int]]:
    if teams is not None:
        return {t.pk: set(t.member_ids) for t in teams}  # type: ignore[attr-defined]
    members: dict[int, set[int]] = {}
    for team_id, user_id in TeamMember.objects.filter(hackathon=hackathon).values_list(
        "team_id", "user_id"
    ):
        members.setdefault(team_id, set()).add(user_id)
    return members


def _circles(people: set[int]) -> dict[int, set[int]]:
    circles: dict[int, set[int]] = {}
    for user_id, circle_id in CircleMembership.objects.filter(
        user_id__in=people, circle__archived_at__isnull=True
    ).values_list("user_id", "circle_id"):
        circles.setdefault(user_id, set()).add(circle_id)
    return circles


def assignment(
    *, hackathon: Hackathon, teams: list[Team], judges: list[Judge]
) -> dict[int, list[int]]:
    """Judge id → the submitted teams suggested to them, balanced, conflicts left out."""
    members = _members_by_team(hackathon, teams)
    people = {p for ps in members.values() for p in ps} | {j.user_id for j in judges}
    circles = _circles(people)
    declared: dict[int, set[int]] = {}
    for judge_id, user_id in Judge.conflicts.through.objects.filter(
        judge__hackathon=hackathon
    ).values_list("judge_id", "user_id"):
        declared.setdefault(judge_id, set()).add(user_id)
    conflicts = {
        j.pk: judging.conflicts_of(
            judge=j.user_id,
            declared=declared.get(j.pk, set()),
            judge_circles=circles.get(j.user_id, set()),
            members=members,
            circles=circles,
        )
        for j in judges
    }
    submitted = [t.pk for t in teams if has_submission(t)]
    return judging.assign(
        judges=[j.pk for j in judges],
        teams=submitted,
        conflicts=conflicts,
        per_team=min(JUDGES_PER_TEAM, len(judges)),
    )


def has_submission(team: Team) -> bool:
    try:
        return team.submission is not None
    except Submission.DoesNotExist:
        return False


@dataclass
class Results:
    ranking: judging.Ranking
    teams: dict[int, Team]
    judges: dict[int, Judge]

    @property
    def rows(self) -> list[tuple[judging.Standing, Team, int]]:
        """(standing, team, its place on raw scores)."""
        raw_place = {t: n for n, t in enumerate(self.ranking.raw_order, start=1)}
        return [(s, self.teams[s.team], raw_place[s.team]) for s in self.ranking.standings]

    @property
    def scales(self) -> list[tuple[judging.JudgeScale, Judge]]:
        return [(s, self.judges[s.judge]) for s in self.ranking.judges]


def results_for(*, hackathon: Hackathon) -> Results:
    """Every judge's totals, normalised per judge, and both orders."""
    cards = list(
        TeamScorecard.objects.filter(team__hackathon=hackathon).values_list(
            "judge_id", "team_id", "total"
        )
    )
    teams = {
        t.pk: t
        for t in Team.objects.filter(hackathon=hackathon)
        .select_related("idea__stage", "submission")
        .prefetch_related(_members_prefetch())
    }
    judges = {j.pk: j for j in Judge.objects.filter(hackathon=hackathon).select_related("user")}
    return Results(ranking=judging.rank(cards), teams=teams, judges=judges)


@dataclass
class WinnerCandidates:
    stage: Any
    # (standing, team) in ranking order: teams whose idea can still enter "experiment".
    rows: list[tuple[judging.Standing, Team]]
    # Teams whose idea is at "experiment" or beyond already.
    moved: list[Team]


def winner_candidates(*, hackathon: Hackathon) -> WinnerCandidates:
    from salon.innovation.services.hackathons import enters_at_experiment, experiment_stage

    stage = experiment_stage(hackathon.community)
    rows: list[tuple[judging.Standing, Team]] = []
    moved: list[Team] = []
    if hackathon.results_published_at is None or stage is None:
        return WinnerCandidates(stage=stage, rows=rows, moved=moved)
    for standing, team, _raw_place in results_for(hackathon=hackathon).rows:
        if team.idea is None:
            continue
        if enters_at_experiment(team.idea, stage):
            rows.append((standing, team))
        else:
            moved.append(team)
    return WinnerCandidates(stage=stage, rows=rows, moved=moved)


def scorecard_of(*, judge: Judge, team: Team) -> TeamScorecard | None:
    return TeamScorecard.objects.filter(judge=judge, team=team).prefetch_related("scores").first()


def team_of(*, user: Any, hackathon: Hackathon) -> Team | None:
    """The user's team in the hackathon, with its members and hackathon (for the rules)."""
    team = (
        Team.objects.filter(hackathon=hackathon, memberships__user=user)
        .prefetch_related(_members_prefetch())
        .first()
    )
    if team is not None:
        team.hackathon = hackathon
        team.member_ids = {m.user_id for m in team.memberships.all()}  # type: ignore[attr-defined]
    return team


def criteria_of(*, hackathon: Hackathon) -> list[HackathonCriterion]:
    return list(HackathonCriterion.objects.filter(hackathon=hackathon))


def judge_of(*, user: Any, hackathon: Hackathon) -> Judge | None:
    return Judge.objects.filter(hackathon=hackathon, user=user).first()


def judge_candidates(*, hackathon: Hackathon) -> list[User]:
    """The community's experts (and stewards) who are not judging yet."""
    return list(
        User.objects.filter(
            memberships__community_id=hackathon.community_id,
            memberships__role__in=[Role.EXPERT, Role.DIRECTOR, Role.FACILITATOR],
            is_active=True,
        )
        .exclude(judgings__hackathon=hackathon)
        .order_by("name", "pk")
    )


def people_without_team(*, hackathon: Hackathon) -> list[User]:
    """The community's participants who are in no team of the hackathon yet."""
    return list(
        User.objects.filter(
            pk__in=Membership.objects.filter(
                community_id=hackathon.community_id, role__in=PARTICIPANT_ROLES
            ).values("user_id"),
            is_active=True,
        )
        .exclude(pk__in=TeamMember.objects.filter(hackathon=hackathon).values("user_id"))
        .order_by("name", "pk")[:500]
    )


def community_people(*, hackathon: Hackathon) -> list[User]:
    """Everyone in the community, for a judge to name a conflict with."""
    return list(
        User.objects.filter(
            pk__in=Membership.objects.filter(community_id=hackathon.community_id).values("user_id"),
            is_active=True,
        ).order_by("name", "pk")
    )


def declared_conflicts(*, judge: Judge) -> list[int]:
    return list(judge.conflicts.values_list("pk", flat=True))


def team_ideas(*, hackathon: Hackathon) -> list[Any]:
    """The challenge's ideas a team may form around."""
    from salon.innovation.models import Idea

    if hackathon.challenge_id is None:
        return []
    return list(Idea.objects.filter(challenge_id=hackathon.challenge_id).order_by("title"))


def team_with_members(*, team: Team) -> Team:
    return (
        Team.objects.select_related("idea", "captain", "submission")
        .prefetch_related(_members_prefetch())
        .get(pk=team.pk)
    )
