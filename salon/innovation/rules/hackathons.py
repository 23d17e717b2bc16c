"""Hackathon rules: a hackathon follows its event's community and circle. Participants form
and join teams while teams form; a team's members submit until the deadline; judges score
the teams they have no conflict with; stewards run it and publish the results, which
everyone then sees."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


def is_judge(user: Any, hackathon: Any) -> bool:
    """Known for the viewer from the selectors (``viewer_judge_id``), or read once."""
    known = getattr(hackathon, "viewer_judge_id", False)
    if known is False:
        known = hackathon.judges.filter(user_id=user.pk).values_list("pk", flat=True).first()
        hackathon.viewer_judge_id = known
    return known is not None


def in_team(user: Any, team: Any) -> bool:
    ids = getattr(team, "member_ids", None)
    if ids is None:
        ids = set(team.memberships.values_list("user_id", flat=True))
        team.member_ids = ids
    return user.pk in ids


@rule("hackathon.list")
def can_list_hackathons(user: Any, community: Any) -> bool:
    return _role(user, community.pk) is not None


@rule("hackathon.create")
def can_create_hackathon(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("hackathon.view")
def can_view_hackathon(user: Any, hackathon: Any) -> bool:
    return can(user, "event.view", hackathon.event)


@rule("hackathon.manage")
def can_manage_hackathon(user: Any, hackathon: Any) -> bool:
    return can_view_hackathon(user, hackathon) and (
        _role(user, hackathon.community_id) in STEWARD_ROLES
    )


@rule("hackathon.team.create")
def can_create_team(user: Any, hackathon: Any) -> bool:
    return (
        hackathon.phase == "teams"
        and _role(user, hackathon.community_id) in PARTICIPANT_ROLES
        and can_view_hackathon(user, hackathon)
    )


@rule("hackathon.team.join")
def can_join_team(user: Any, team: Any) -> bool:
    return can_create_team(user, team.hackathon) and not in_team(user, team)


@rule("hackathon.team.invite")
def can_invite_to_team(user: Any, team: Any) -> bool:
    """The captain, while teams form."""
    return (
        team.hackathon.phase == "teams"
        and team.captain_id == user.pk
        and can_view_hackathon(user, team.hackathon)
    )


@rule("hackathon.team.leave")
def can_leave_team(user: Any, team: Any) -> bool:
    return team.hackathon.phase == "teams" and in_team(user, team)


@rule("hackathon.submission.view")
def can_view_submission(user: Any, submission: Any) -> bool:
    return can_view_hackathon(user, submission.team.hackathon)


@rule("hackathon.submission.edit")
def can_edit_submission(user: Any, submission: Any) -> bool:
    """Its team's members, until the deadline (the service says when it passed)."""
    team = submission.team
    return team.hackathon.accepts_submissions and in_team(user, team)


@rule("hackathon.submit")
def can_submit(user: Any, team: Any) -> bool:
    """Open a team's submission page: its members (late work is refused there, with why)."""
    return in_team(user, team) and can_view_hackathon(user, team.hackathon)


@rule("hackathon.conflicts")
def can_declare_conflicts(user: Any, hackathon: Any) -> bool:
    return hackathon.results_published_at is None and is_judge(user, hackathon)


@rule("hackathon.judge")
def can_judge(user: Any, team: Any) -> bool:
    """A judge scores a submitted team they have no conflict with, while judging is open
    (``selectors.hackathons.conflicted_teams`` is the conflict rule)."""
    from salon.innovation.selectors.hackathons import conflicted_teams

    hackathon = team.hackathon
    return (
        hackathon.phase == "judging"
        and is_judge(user, hackathon)
        and team.pk not in conflicted_teams(user=user, hackathon=hackathon)
    )


@rule("hackathon.results")
def can_view_results(user: Any, hackathon: Any) -> bool:
    if not can_view_hackathon(user, hackathon):
        return False
    return hackathon.results_published_at is not None or can_manage_hackathon(user, hackathon)
